//! At done the visitor rates the service: five large faces, an optional note, or "not rated".

use floordesk_domain::{Action, Rating, TaskId};
use leptos::prelude::*;

use crate::dom::focus_first;
use crate::i18n::{self, tr, Msg, UiLang};
use crate::tasks::panels::{Panel, Panels};

/// The rating being given, kept by the screen so the list's refresh does not close it or lose a typed note.
#[derive(Debug, Clone, Copy)]
pub struct RatingDraft {
    /// Which card it is open on.
    panels: Panels,
    score: RwSignal<Option<u8>>,
    note: RwSignal<String>,
}

impl RatingDraft {
    pub fn new(panels: Panels) -> Self {
        Self { panels, score: RwSignal::new(None), note: RwSignal::new(String::new()) }
    }

    pub fn open(self, task: TaskId) {
        self.close();
        self.panels.set(Panel::Rating, Some(task));
    }

    pub fn close(self) {
        self.panels.set(Panel::Rating, None);
        self.score.set(None);
        self.note.set(String::new());
    }
}

/// The five faces, worst to best; a tap chooses one, a second tap on it takes the choice back.
#[component]
pub fn Faces(score: RwSignal<Option<u8>>) -> impl IntoView {
    let lang = UiLang::expect();
    (1u8..=5)
        .map(|n| {
            view! {
                <button
                    class="face"
                    data-score=n
                    aria-pressed=move || (score.get() == Some(n)).to_string()
                    aria-label=move || i18n::score(lang.get(), n)
                    on:click=move |_| score.update(|s| *s = if *s == Some(n) { None } else { Some(n) })
                >
                    {face(n)}
                </button>
            }
        })
        .collect_view()
}

/// A face for score `n` (1–5) as SVG, from a frown to a broad smile, red to green: no emoji font needed.
fn face(n: u8) -> impl IntoView {
    const COLOURS: [&str; 5] = ["#c0262d", "#d9661f", "#b8a000", "#5e9e2f", "#1f7a3a"];
    let i = usize::from(n.clamp(1, 5) - 1);
    // The mouth's middle point moves from above its corners (a frown) to below them (a smile).
    let curve = [22, 25, 28, 31, 35][i];
    let mouth = format!("M12 28 Q20 {curve} 28 28");
    view! {
        <svg viewBox="0 0 40 40" width="40" height="40" aria-hidden="true">
            <circle cx="20" cy="20" r="18" fill=COLOURS[i] />
            <circle cx="14" cy="16" r="2.5" fill="#fff" />
            <circle cx="26" cy="16" r="2.5" fill="#fff" />
            <path d=mouth stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round" />
        </svg>
    }
}

/// At done: the visitor taps one of five large faces, may add a note, and the task is completed with the rating
/// (or without one, when the visitor would not rate).
#[component]
pub fn RatingPanel(task: TaskId, act: Callback<(TaskId, Action)>) -> impl IntoView {
    let draft = expect_context::<crate::tasks::Shared>().rating;
    let (score, note) = (draft.score, draft.note);
    let finish = {
        let task = task.clone();
        move |rated: bool| {
            let rating = if rated {
                score.get_untracked().and_then(|s| {
                    let note = note.get_untracked();
                    Rating::new(s, (!note.trim().is_empty()).then_some(note)).ok()
                })
            } else {
                None
            };
            draft.close();
            act.run((task.clone(), Action::Complete { rating }));
        }
    };
    let save = finish.clone();
    // Opened, the panel takes the focus: the keyboard and a screen reader land on the first face.
    focus_first(".rating .face");
    view! {
        <div class="rating" role="group" aria-label=tr(Msg::RateTheService)>
            <p class="rating-title">{tr(Msg::RateTheService)}</p>
            <div class="faces">
                <Faces score=score />
            </div>
            <label class="note">
                {tr(Msg::RatingNote)}
                <textarea
                    id="rating-note"
                    maxlength="500"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))
                ></textarea>
            </label>
            <div class="actions">
                <button
                    id="rating-save"
                    class="primary"
                    disabled=move || score.get().is_none()
                    on:click=move |_| save(true)
                >
                    {tr(Msg::Done)}
                </button>
                <button id="rating-skip" class="secondary" on:click=move |_| finish(false)>
                    {tr(Msg::NotRated)}
                </button>
            </div>
        </div>
    }
}
