//! A visitor's whole visit ("one window"), as the server keeps it: every task of it in the order the visitor was met
//! for them (across zones for its owner and supervisors), the overall wait, and — once every task is done or
//! cancelled — its close with one rating of the whole situation. Opened from a card, and offered by itself when the
//! person closes a task of a visit that has others.

use floordesk_domain::{CaseId, Rating, TaskId, WorkingDays};
use floordesk_protocol::{ApiError, CaseView, CloseCaseRequest, TaskView, ZoneInfo};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Backend};
use crate::dom::focus_first;
use crate::format::site_time;
use crate::i18n::{self, t, tr, Lang, Msg, UiLang};
use crate::notice::{ErrorLine, Loading};
use crate::tasks::cards::SiteZones;
use crate::tasks::case::VisibleTasks;
use crate::tasks::rating::Faces;

/// The visit shown, and the one waited for after the person closed a task of it (until the server has the close).
#[derive(Debug, Clone, Copy)]
pub struct VisitDraft {
    shown: RwSignal<Option<CaseId>>,
    after: RwSignal<Option<(CaseId, TaskId)>>,
}

impl VisitDraft {
    pub fn new() -> Self {
        Self { shown: RwSignal::new(None), after: RwSignal::new(None) }
    }

    /// Shows the visit `case`.
    pub fn open(self, case: CaseId) {
        self.shown.set(Some(case));
    }

    /// After `task` of the visit `case` was done or cancelled: the visit is shown once the server has that, if it has
    /// other tasks and is not closed yet.
    pub fn after_closing(self, case: CaseId, task: TaskId) {
        self.after.set(Some((case, task)));
    }
}

/// The visit shown, above the person's lists; asked again whenever their tasks change.
#[component]
pub fn VisitPanel(site_days: Signal<WorkingDays>) -> impl IntoView {
    let lang = UiLang::expect();
    let api = expect_context::<Backend>();
    let draft = expect_context::<VisitDraft>();
    let visible = expect_context::<VisibleTasks>().0;
    let visit = RwSignal::new(None::<Result<CaseView, ApiError>>);
    let score = RwSignal::new(None::<u8>);
    let failure = RwSignal::new(None::<ApiError>);
    let zones = expect_context::<SiteZones>().0;
    {
        let api = api.clone();
        Effect::new(move |_| {
            visible.track();
            let (shown, after) = (draft.shown.get(), draft.after.get());
            let Some(case) = shown.clone().or_else(|| after.as_ref().map(|(c, _)| c.clone())) else { return };
            let api = api.clone();
            spawn_local(async move {
                let answer = api.case(case.clone()).await;
                if let Some((_, task)) = after.filter(|(c, _)| *c == case) {
                    let heard = |v: &CaseView| v.tasks.iter().any(|t| t.task.id == task && !t.task.status.is_open());
                    match &answer {
                        // The server has not heard of the close yet: asked again at the next change.
                        Ok(v) if !heard(v) => return,
                        Ok(v) => {
                            draft.after.set(None);
                            let others = v.tasks.len() + v.hidden as usize > 1;
                            if others && v.closed_at.is_none() {
                                draft.shown.set(Some(case));
                            }
                        }
                        Err(_) => draft.after.set(None),
                    }
                }
                if draft.shown.get_untracked().is_some() {
                    let _ = visit.try_set(Some(answer));
                }
            });
        });
    }
    let hide = move || {
        draft.shown.set(None);
        visit.set(None);
        score.set(None);
        failure.set(None);
    };
    let close = move |case: CaseId| {
        let api = api.clone();
        let rating = score.get_untracked().and_then(|s| Rating::new(s, None).ok());
        spawn_local(async move {
            match api.close_case(case, CloseCaseRequest { rating }).await {
                Ok(v) => {
                    failure.set(None);
                    visit.set(Some(Ok(v)));
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    move || {
        draft.shown.get()?;
        // Opened, the panel takes the focus (and the eye: it is scrolled to).
        focus_first("#visit-hide");
        let close = close.clone();
        let body = move || match visit.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorLine error=e /> }.into_any(),
            Some(Ok(v)) => {
                let (lang, days) = (lang.get(), site_days.get_untracked());
                let lines =
                    zones.with_untracked(|z| v.tasks.iter().map(|t| task_line(lang, t, z, &days)).collect_view());
                view! {
                    {visit_words(lang, &v, &days)}
                    {lines}
                    {closing(lang, &v, &days, score, close.clone())}
                }
                .into_any()
            }
        };
        Some(view! {
            <section id="visit" class="visit" aria-labelledby="visit-title">
                <h2 id="visit-title">
                    {move || match visit.get() {
                        Some(Ok(CaseView { visitor: Some(who), .. })) => i18n::visit_title_of(lang.get(), &who),
                        _ => t(lang.get(), Msg::VisitTitle).to_owned(),
                    }}
                </h2>
                {body}
                {move || failure.get().map(|e| view! { <ErrorLine error=e /> })}
                <button class="secondary" id="visit-hide" on:click=move |_| hide()>
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
    if let Some(at) = v.closed_at {
        let who = v.closed_by_name.clone().unwrap_or_default();
        let rated = match &v.rating {
            Some(r) => i18n::visit_rated(lang, u64::from(r.score())),
            None => t(lang, Msg::VisitUnrated).to_owned(),
        };
        return view! { <p class="visit-closed">{i18n::visit_closed(lang, site_time(at, days), &who)} " · " {rated}</p> }
            .into_any();
    }
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
    let why = if v.resolved { Msg::VisitNotMine } else { Msg::VisitStillOpen };
    view! { <p class="visit-why">{t(lang, why)}</p> }.into_any()
}
