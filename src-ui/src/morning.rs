//! Yesterday's morning-meeting pack for the supervisor: results, problems, the breaches open now, the good stories
//! to recognise; printable.

use floordesk_domain::{KpiReport, ProblemKind, Timestamp};
use floordesk_protocol::{ApiError, Story, TaskView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Backend};
use crate::i18n::{self, t, tr, Lang, Msg, UiLang};
use crate::kpi::{Names, Span, Tiles};
use crate::notice::{ErrorLine, Loading};

/// Yesterday's morning-meeting pack: results, problems, the breaches open now, the good stories to recognise.
/// Printable: the print style drops everything but the pack. At the desk (site administration) `notes` adds what
/// the supervisor keeps with the pack — given when the pack's day began and the site's offset from UTC; only that
/// bundle links it.
#[component]
pub fn MorningPack(#[prop(optional)] notes: Option<fn(Timestamp, i32) -> AnyView>) -> impl IntoView {
    let lang = UiLang::expect();
    let api = expect_context::<Backend>();
    let report = RwSignal::new(None::<Result<KpiReport, ApiError>>);
    let stories = RwSignal::new(Vec::<Story>::new());
    let open = RwSignal::new(None::<(Vec<TaskView>, floordesk_domain::DeadlineTable, Timestamp)>);
    let names = Names::load(&api);
    spawn_local(async move {
        // Yesterday is the site's, by its clock: the report says when it began and ended.
        let answer = api.kpi(Span::Yesterday.query()).await;
        let period = answer.as_ref().ok().map(|r| (r.from, r.to));
        report.set(Some(answer));
        if let Some((from, to)) = period {
            if let Ok(list) = api.stories(Some(from)).await {
                stories.set(list.stories.into_iter().filter(|s| s.posted_at >= from && s.posted_at < to).collect());
            }
        }
        if let Ok(l) = api.tasks().await {
            let tasks = l.mine.into_iter().chain(l.pool).collect();
            open.set(Some((tasks, l.deadlines, l.server_time)));
        }
    });
    let zone_name = move |id: &floordesk_domain::ZoneId| names.zone(id.as_str());
    let person_name = move |id: &floordesk_domain::StaffId| names.person(id.as_str());
    let print = |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section id="morning" class="pack" aria-labelledby="morning-title">
            <h1 id="morning-title">
                {move || {
                    let day = report
                        .with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map(|r| (r.from, r.utc_offset_minutes)))
                        .map(|(from, offset)| crate::format::site_date(lang.get(), from, offset))
                        .unwrap_or_default();
                    format!("{} — {day}", t(lang.get(), Msg::MorningMeeting))
                }}
            </h1>
            <button id="print" class="secondary no-print" on:click=print>
                {tr(Msg::Print)}
            </button>
            <h2>{tr(Msg::Results)}</h2>
            {move || match report.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorLine error=e /> }.into_any(),
                Some(Ok(r)) => {
                    let problems = r.problems.clone();
                    view! {
                        <Tiles cell=r.overall.clone() />
                        <h2>{tr(Msg::Problems)}</h2>
                        {if problems.is_empty() {
                            view! { <p class="empty">{tr(Msg::NoProblems)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="problems" id="problems">
                                    {problems
                                        .into_iter()
                                        .map(|p| {
                                            let zone = p.zone.clone();
                                            let held = p.held_by.clone();
                                            view! {
                                                <li data-task-id=p.task.to_string()>
                                                    <strong>{move || i18n::kind(lang.get(), p.kind)}</strong>
                                                    {move || format!(" · {} · ", zone_name(&zone))}
                                                    {move || problem(lang.get(), &p.problem, p.standard)}
                                                    {move || {
                                                        held.as_ref()
                                                            .map(|h| {
                                                                format!(
                                                                    " · {}: {}",
                                                                    t(lang.get(), Msg::Holder),
                                                                    person_name(h),
                                                                )
                                                            })
                                                    }}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                    }
                        .into_any()
                }
            }}
            <h2>{tr(Msg::OpenBreaches)}</h2>
            {move || {
                open.get()
                    .map(|(tasks, table, now)| {
                        let breached: Vec<TaskView> = tasks
                            .into_iter()
                            .filter(|v| table.breached(&v.task, now))
                            .collect();
                        if breached.is_empty() {
                            return view! { <p class="empty">{tr(Msg::NoBreaches)}</p> }.into_any();
                        }
                        view! {
                            <ul class="problems" id="open-breaches">
                                {breached
                                    .into_iter()
                                    .map(|v| {
                                        let kind = v.task.kind();
                                        let zone = v.task.zone.clone();
                                        let holder = v.assignee_name.clone();
                                        view! {
                                            <li data-task-id=v.task.id.to_string()>
                                                <strong>{move || i18n::kind(lang.get(), kind)}</strong>
                                                {move || format!(" · {}", zone_name(&zone))}
                                                {move || {
                                                    format!(
                                                        " · {}",
                                                        holder
                                                            .clone()
                                                            .unwrap_or_else(|| t(lang.get(), Msg::Nobody).to_owned()),
                                                    )
                                                }}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    })
            }}
            <h2>{tr(Msg::ToRecognise)}</h2>
            {move || {
                let list = stories.get();
                if list.is_empty() {
                    return view! { <p class="empty">{tr(Msg::NoStories)}</p> }.into_any();
                }
                view! {
                    <ul class="recognise" id="recognise">
                        {list
                            .into_iter()
                            .map(|s| {
                                let who = s.about_name.clone().unwrap_or_else(|| s.author_name.clone());
                                view! {
                                    <li data-story-id=s.id.to_string()>
                                        <strong>{who}</strong>
                                        {format!(" — {}", s.text)}
                                        <span class="hint">
                                            {move || format!(" ({}: {})", t(lang.get(), Msg::PostedBy), s.author_name)}
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            {move || {
                let day = report
                    .with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map(|r| (r.from, r.utc_offset_minutes)));
                notes.zip(day).map(|(notes, (from, offset))| notes(from, offset))
            }}
        </section>
    }
}

/// A problem of a closed task in plain words, against its standard where it has one: «ждали 9 мин при норме 5 мин».
fn problem(lang: Lang, p: &ProblemKind, standard: Option<u32>) -> String {
    let minutes = |m: u32| i18n::duration(lang, u64::from(m));
    match (p, standard) {
        (ProblemKind::LateStart { waited }, Some(allowed)) => {
            i18n::late_start_of(lang, minutes(*waited), minutes(allowed))
        }
        (ProblemKind::LateFinish { took }, Some(allowed)) => i18n::late_finish(lang, minutes(*took), minutes(allowed)),
        (ProblemKind::LateFinish { took }, None) => i18n::late_finish(lang, minutes(*took), "—"),
        (ProblemKind::LateStart { waited }, None) => i18n::late_start(lang, u64::from(*waited)),
        (ProblemKind::TooManyHandoffs { handoffs }, _) => {
            i18n::over_handoffs(lang, *handoffs, floordesk_domain::MAX_HANDOFFS)
        }
        (ProblemKind::LowRating { score }, _) => i18n::low_rating(lang, *score),
    }
}
