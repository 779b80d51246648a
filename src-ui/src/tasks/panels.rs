//! Which card has which panel open — a rating, a step's words, a hand-off, its history — told to each card on its
//! own. Every card following the drafts' signals made each opening and closing wake all of them, and each re-subscribe
//! to a signal of thousands of followers: quadratic in the cards (0.1 s for a tap at 5,000). Here a card follows only
//! its own signal, and opening or closing a panel sets the signals of the card it leaves and the card it opens on.

use floordesk_domain::TaskId;
use leptos::prelude::*;

/// A kind of panel: its bit in a card's signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Rating = 1,
    Step = 2,
    Reassign = 4,
    History = 8,
}

/// The panels open on the screen's cards.
#[derive(Debug, Clone, Copy)]
pub struct Panels {
    /// The task each kind is open on, by the position of its bit.
    open: StoredValue<[Option<TaskId>; 4]>,
    /// The cards on the screen: their task and the bits of the panels open on them.
    cards: StoredValue<Vec<(TaskId, RwSignal<u8>)>>,
}

impl Panels {
    /// None open, no cards yet.
    pub fn new() -> Self {
        Panels { open: StoredValue::new(Default::default()), cards: StoredValue::new(Vec::new()) }
    }

    /// Opens `panel` on the card of `task`, or closes it (none); the card it was open on closes it.
    pub fn set(self, panel: Panel, task: Option<TaskId>) {
        let bit = panel as u8;
        let slot = bit.trailing_zeros() as usize;
        let Some(was) = self.open.try_update_value(|open| std::mem::replace(&mut open[slot], task.clone())) else {
            return;
        };
        if was == task {
            return;
        }
        // A set only marks what follows the signal for redrawing (effects run later), so the list is not asked for
        // again while it is being gone through. Cards that have gone leave here, all at once (one removal per card as
        // it went was quadratic when a screen of thousands closed).
        self.cards.update_value(|cards| {
            cards.retain(|(_, open)| !open.is_disposed());
            for (id, open) in cards {
                if was.as_ref() == Some(id) {
                    open.update(|bits| *bits &= !bit);
                }
                if task.as_ref() == Some(id) {
                    open.update(|bits| *bits |= bit);
                }
            }
        });
    }

    /// The panels open on the card of `task`, as bits of [`Panel`], until the card goes (made where the card is: its
    /// signal goes with it).
    pub fn card(self, task: &TaskId) -> RwSignal<u8> {
        let bits = self.open.with_value(|open| {
            open.iter().enumerate().filter(|(_, t)| t.as_ref() == Some(task)).fold(0, |bits, (i, _)| bits | 1 << i)
        });
        let here = RwSignal::new(bits);
        self.cards.update_value(|cards| {
            // Gone cards also leave now and then as cards come (each change of a task makes its card again): never
            // more of them wait than there are cards.
            if cards.len().is_power_of_two() {
                cards.retain(|(_, open)| !open.is_disposed());
            }
            cards.push((task.clone(), here));
        });
        here
    }
}
