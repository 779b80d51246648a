//! The clocks of the cards, kept by the feed's ticker. A card's clock is worked out again only once its words may
//! change (`format::clock` says until when), and the ticker looks at every clock once a second. A card does not
//! follow the ticking time itself: each follower of one signal re-subscribes whenever it re-runs, which with a
//! site's thousands of cards made every second's tick quadratic (5,000 open tasks kept a supervisor's page 100 %
//! busy).

use floordesk_domain::{DeadlineTable, Task, Timestamp};
use leptos::prelude::*;

use crate::format::clock;
use crate::i18n::Lang;

/// A clock's CSS class and words.
pub type Shown = (&'static str, String);

struct Entry {
    task: Task,
    lang: Lang,
    until: Timestamp,
    shown: RwSignal<Shown>,
}

/// The clocks of the cards on the screen.
#[derive(Debug, Clone, Copy)]
pub struct Clocks {
    entries: StoredValue<Vec<Entry>>,
}

impl Clocks {
    /// No clocks yet.
    pub fn new() -> Self {
        Clocks { entries: StoredValue::new(Vec::new()) }
    }

    /// Works out again, at `now`, the clocks whose words may have changed (or whose language did).
    pub fn tick(self, lang: Lang, table: &DeadlineTable, now: Timestamp) {
        // A set only marks what shows the clock for redrawing (effects run later, on their own), so the list is
        // never asked for again while it is being gone through.
        self.entries.update_value(|entries| {
            // The clocks of cards that have gone leave here, all at once (one removal per card as it went was
            // quadratic when a screen of thousands closed).
            entries.retain(|e| !e.shown.is_disposed());
            // Also a clock whose moment is more than a minute ahead: the time went back (the server's clock was set).
            for e in entries.iter_mut().filter(|e| e.lang != lang || now >= e.until || e.until.0 - now.0 > 60_000) {
                let (class, words, until) = clock(lang, table, &e.task, now);
                (e.lang, e.until) = (lang, until);
                e.shown.set((class, words));
            }
        });
    }

    /// The clock of `task` as a card shows it, kept until the card goes (its signal goes with the card).
    pub fn of(self, task: Task, table: &DeadlineTable, lang: Lang, now: Timestamp) -> RwSignal<Shown> {
        let (class, words, until) = clock(lang, table, &task, now);
        let shown = RwSignal::new((class, words));
        self.entries.update_value(|entries| entries.push(Entry { task, lang, until, shown }));
        shown
    }
}
