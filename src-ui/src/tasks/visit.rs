//! A visitor's whole visit ("one window"), as the server keeps it: every task of it in the order the visitor was met
//! for them (across zones for its owner and supervisors), the overall wait, and — once every task is done or
//! cancelled — its close with one rating of the whole situation. Opened from a card, and offered by itself when the
//! person closes a task of a visit that has others (asked again whenever the person's tasks change, so that a
//! close the server hears later shows).

use floordesk_domain::{CaseId, Rating, WorkingDays};
use floordesk_protocol::{ApiError, CaseView, CloseCaseRequest, TaskView, ZoneInfo};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Backend};
use crate::dom::focus_first;
use crate::format::site_time;
use crate::i18n::{self, t, tr, Lang, Msg, UiLang};
use crate::notice::{ErrorLine, Failure, Loading};
use crate::tasks::rating::Faces;

/// The visit shown, what the server said of it, the face chosen for it and the last refusal: a visit opened starts
/// afresh, so nothing of another one (a late answer, a face) is taken for it.
#[derive(Debug, Clone, Copy)]
pub struct VisitDraft {
    case: RwSignal<Option<CaseId>>,
    visit: RwSignal<Option<Result<CaseView, ApiError>>>,
    score: RwSignal<Option<u8>>,
    failure: RwSignal<Option<ApiError>>,
    /// The visits opened here, this sign-in.
    known: RwSignal<Vec<CaseId>>,
}

impl VisitDraft {
    pub fn new() -> Self {
        Self {
            case: RwSignal::new(None),
            visit: RwSignal::new(None),
            score: RwSignal::new(None),
            failure: RwSignal::new(None),
            known: RwSignal::new(Vec::new()),
        }
    }

    /// Shows the visit `case` (none: hides it).
    pub fn open(self, case: Option<CaseId>) {
        if let Some(case) = case.as_ref().filter(|c| !self.known(c)) {
            self.known.update(|k| k.push(case.clone()));
        }
        self.visit.set(None);
        self.score.set(None);
        self.failure.set(None);
        self.case.set(case);
    }

    /// Offers the visit `case` once an action on one of its tasks is taken (in a browser, answered by the server; in
    /// the app, committed on the device), asked for again. The visit shown already stays as it is meanwhile, with the
    /// face chosen on it: a face tapped while the action was on its way is not taken back.
    pub fn offer(self, case: CaseId) {
        // Read after the action was taken, when the screen may have closed meanwhile.
        if self.case.try_with_untracked(|shown| shown.as_ref() == Some(&case)) == Some(true) {
            self.failure.set(None);
            self.case.set(Some(case));
        } else {
            self.open(Some(case));
        }
    }

    /// What the server said of `case`, if it is still the one shown and the screen is still there. A close is never
    /// undone: an answer from before it, come late, is not shown over it.
    fn answered(self, case: &CaseId, answer: Result<CaseView, ApiError>) {
        if self.case.try_get_untracked().flatten().as_ref() != Some(case) {
            return;
        }
        let closed = |a: &Result<CaseView, ApiError>| a.as_ref().is_ok_and(|v| v.closed_at.is_some());
        if !closed(&answer) && self.visit.with_untracked(|v| v.as_ref().is_some_and(closed)) {
            return;
        }
        self.visit.set(Some(answer));
    }

    /// Whether the visit `case` was opened here before (so it has several tasks): closing another task of it
    /// offers it again.
    pub fn known(self, case: &CaseId) -> bool {
        // Read after an answer came, when the screen may have closed meanwhile.
        self.known.try_with_untracked(|k| k.contains(case)).unwrap_or(true)
    }
}

/// The visit shown, above the person's lists; asked again whenever their tasks change.
#[component]
pub fn VisitPanel(site_days: Signal<WorkingDays>) -> impl IntoView {
    let lang = UiLang::expect();
    let api = expect_context::<Backend>();
    let shared = expect_context::<crate::tasks::Shared>();
    let (draft, visible, zones) = (shared.visits, shared.visible.0, shared.zones.0);
    let VisitDraft { visit, score, failure, .. } = draft;
    {
        let api = api.clone();
        Effect::new(move |_| {
            visible.track();
            let Some(case) = draft.case.get() else { return };
            let api = api.clone();
            spawn_local(async move {
                let answer = api.case(case.clone()).await;
                draft.answered(&case, answer);
            });
        });
    }
    let close = move |case: CaseId| {
        let api = api.clone();
        let rating = score.get_untracked().and_then(|s| Rating::new(s, None).ok());
        spawn_local(async move {
            match api.close_case(case.clone(), CloseCaseRequest { rating }).await {
                Ok(v) => draft.answered(&case, Ok(v)),
                Err(e) => {
                    let _ = failure.try_set(Some(e));
                }
            }
        });
    };
    move || {
        draft.case.get()?;
        // Opened, the panel takes the focus, and the eye: opened from a card far down the list, it is scrolled to
        // from its top.
        focus_first("#visit");
        let close = close.clone();
        let body = move || {
            visit.with(|answer| match answer {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorLine error=e.clone() /> }.into_any(),
                Some(Ok(v)) => {
                    let (lang, days) = (lang.get(), site_days.get_untracked());
                    let title = v
                        .visitor
                        .as_deref()
                        .map_or_else(|| t(lang, Msg::VisitTitle).to_owned(), |who| i18n::visit_title_of(lang, who));
                    let lines =
                        zones.with_untracked(|z| v.tasks.iter().map(|t| task_line(lang, t, z, &days)).collect_view());
                    view! {
                        <h2>{title}</h2>
                        {visit_words(lang, v, &days)}
                        {lines}
                        {closing(lang, v, &days, score, close.clone())}
                    }
                    .into_any()
                }
            })
        };
        Some(view! {
            <section id="visit" class="visit" tabindex="-1" aria-label=tr(Msg::VisitTitle)>
                {body}
                <Failure failure=failure />
                <button class="secondary" id="visit-hide" on:click=move |_| draft.open(None)>
                    {tr(Msg::Close)}
                </button>
            </section>
        })
    }
}

/// «Ждал(а) всего 8 мин · с 10:42», who owns the visit, how many of its tasks the reader does not see.
fn visit_words(lang: Lang, v: &CaseView, days: &WorkingDays) -> impl IntoView {
    let waited = i18n::duration(lang, u64::try_from(v.waited_minutes).unwrap_or(0));
    let mut words = vec![i18n::visit_waited(lang, &waited, site_time(v.opened_at, days))];
    words.extend(v.owner_name.as_deref().map(|name| i18n::visit_owner(lang, name)));
    words.extend((v.hidden > 0).then(|| i18n::visit_hidden(lang, u64::from(v.hidden))));
    words.into_iter().map(|w| view! { <p class="visit-about">{w}</p> }).collect_view()
}

/// One task of the visit: «10:42 · Такси — Отменена · Игорь Петров», its zone under it.
fn task_line(lang: Lang, view: &TaskView, zones: &[ZoneInfo], days: &WorkingDays) -> impl IntoView {
    let task = &view.task;
    let who = view.assignee_name.as_deref().unwrap_or_else(|| t(lang, Msg::Nobody));
    let words = format!(
        "{} · {} — {} · {who}",
        site_time(task.met_at, days),
        i18n::kind(lang, task.kind()),
        i18n::status(lang, task.status)
    );
    let zone = zones.iter().find(|z| z.id == task.zone).map_or_else(|| task.zone.to_string(), |z| z.name.clone());
    view! {
        <p class="visit-task" data-case-task=task.id.to_string() data-status=task.status.as_str()>
            {words}
            <span class="zone">{zone}</span>
        </p>
    }
}

/// How the visit stands to be closed: closed (when, by whom, its rating), closable (a rating and the button), or why
/// not yet.
fn closing(
    lang: Lang,
    v: &CaseView,
    days: &WorkingDays,
    score: RwSignal<Option<u8>>,
    close: impl Fn(CaseId) + Clone + 'static,
) -> AnyView {
    if v.may_close {
        let case = v.id.clone();
        return view! {
            <p class="visit-rate">{t(lang, Msg::VisitRate)}</p>
            <div class="faces">
                <Faces score=score />
            </div>
            <button id="visit-close" class="primary" on:click=move |_| close(case.clone())>
                {t(lang, Msg::VisitClose)}
            </button>
        }
        .into_any();
    }
    let (class, words) = match v.closed_at {
        Some(at) => {
            let rated = match &v.rating {
                Some(r) => i18n::score(lang, u64::from(r.score())),
                None => t(lang, Msg::NotRated).to_owned(),
            };
            let who = v.closed_by_name.as_deref().or(v.closed_by.as_ref().map(|s| s.as_str())).unwrap_or("—");
            ("visit-closed", format!("{} · {rated}", i18n::visit_closed(lang, site_time(at, days), who)))
        }
        None if v.resolved => ("visit-why", t(lang, Msg::VisitNotMine).to_owned()),
        None => ("visit-why", t(lang, Msg::VisitStillOpen).to_owned()),
    };
    view! { <p class=class>{words}</p> }.into_any()
}
