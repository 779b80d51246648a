//! The supervisor's indicators of the service standard as SVG charts (yesterday's morning-meeting pack, in
//! `morning.rs`, shows the same figures).

use floordesk_domain::{KpiCell, KpiReport, WAIT_STANDARD_MINUTES};
use floordesk_protocol::{ApiError, KpiQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Backend};
use crate::format::percent;
use crate::i18n::{self, t, tr, Msg, UiLang};
use crate::notice::{ErrorLine, Loading};

/// A span of days to report on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Span {
    Today,
    Yesterday,
    Week,
    /// The site's days from the first to the second (exclusive), counted from its today.
    Days(i32, i32),
}

impl Span {
    /// The site's days, by the site's clock: the server knows its time zone, whatever this device's clock says.
    pub(crate) fn query(self) -> KpiQuery {
        match self {
            Span::Today => KpiQuery::days(0, 1),
            Span::Yesterday => KpiQuery::days(-1, 0),
            Span::Week => KpiQuery::days(-6, 1),
            Span::Days(from, to) => KpiQuery::days(from, to),
        }
    }

    fn label(self) -> Msg {
        match self {
            Span::Today => Msg::Today,
            Span::Yesterday => Msg::Yesterday,
            // Not a chip: the dates chosen say the period.
            Span::Week | Span::Days(..) => Msg::SevenDays,
        }
    }

    /// The days from `first` to `last` (dates as a date picker writes them, both included) on the site's clock,
    /// `offset` minutes from UTC now.
    fn between(first: &str, last: &str, offset: i32) -> Option<Span> {
        let today = crate::format::client_now().wall_clock(offset)?.date();
        let day = |d: &str| floordesk_domain::parse_date(d).map(|d| i32::try_from((d - today).num_days()).ok());
        let (a, b) = (day(first)??, day(last)??);
        // Dates typed the wrong way round mean the same period.
        Some(Span::Days(a.min(b), a.max(b) + 1))
    }
}

/// The headline figures of a cell, each with its standard.
#[component]
pub(crate) fn Tiles(cell: KpiCell) -> impl IntoView {
    let lang = UiLang::expect();
    let dash = || "—".to_owned();
    let minutes = |m: Option<u32>| m.map_or_else(dash, |m| m.to_string());
    let late = |m: Option<u32>| m.is_some_and(|m| m > WAIT_STANDARD_MINUTES);
    let in_time = percent(cell.started_in_time, cell.start_judged);
    let finished = percent(cell.finished_in_time, cell.finish_judged);
    let rated = percent(cell.rated(), cell.done);
    let mean = cell.mean_rating_tenths();
    let tiles = [
        ("wait-p50", Msg::WaitP50, minutes(cell.wait_p50), late(cell.wait_p50), Msg::StandardWait),
        ("wait-p90", Msg::WaitP90, minutes(cell.wait_p90), late(cell.wait_p90), Msg::StandardWait),
        (
            "in-time",
            Msg::StartedInTime,
            in_time.map_or_else(dash, |p| format!("{p}%")),
            in_time.is_some_and(|p| p < 100),
            Msg::StandardInTime,
        ),
        (
            "finished",
            Msg::FinishedInTime,
            finished.map_or_else(dash, |p| format!("{p}%")),
            finished.is_some_and(|p| p < 100),
            Msg::StandardInTime,
        ),
        (
            "handoffs",
            Msg::OverHandoffsIndicator,
            cell.over_handoff_limit.to_string(),
            cell.over_handoff_limit > 0,
            Msg::StandardHandoffs,
        ),
        // The mean in tenths, written with the reader's decimal sign when shown.
        ("rating", Msg::MeanRating, String::new(), false, Msg::OutOfFive),
        (
            "rated",
            Msg::RatedShare,
            rated.map_or_else(dash, |p| format!("{p}%")),
            rated.is_some_and(|p| p < 100),
            Msg::StandardRated,
        ),
    ];
    view! {
        <div class="tiles">
            {tiles
                .into_iter()
                .map(|(id, label, value, bad, standard)| {
                    view! {
                        <div class=if bad { "tile bad" } else { "tile" } id=format!("tile-{id}")>
                            <span class="tile-value">
                                {move || {
                                    if id == "rating" {
                                        mean.map_or_else(dash, |n| i18n::tenths(lang.get(), n))
                                    } else {
                                        value.clone()
                                    }
                                }}
                            </span>
                            <span class="tile-label">{move || t(lang.get(), label)}</span>
                            <span class="hint">{move || t(lang.get(), standard)}</span>
                        </div>
                    }
                })
                .collect_view()} <div class="tile">
                <span class="tile-value">{cell.tasks}</span>
                <span class="tile-label">{tr(Msg::ClosedTasks)}</span>
            </div>
        </div>
    }
}

/// A bar chart in SVG: one bar per label, an optional dashed standard line, the values written on the bars.
/// Values are whole numbers in `1/scale` units (scale 10: tenths); `bad` marks a bar red. Assistive technology
/// reads the title, and the table beside the charts.
#[component]
fn Bars(
    id: &'static str,
    title: String,
    bars: Vec<(String, u32, bool)>,
    max: u32,
    line: Option<u32>,
    unit: &'static str,
    #[prop(optional)] tenth: bool,
) -> impl IntoView {
    let lang = UiLang::expect().get_untracked();
    const W: u32 = 320;
    const H: u32 = 200;
    const PAD: u32 = 20;
    let n = u32::try_from(bars.len()).unwrap_or(1).max(1);
    let slot = (W - PAD) / n;
    let max = max.max(1);
    let y = move |v: u32| H - PAD - v.min(max) * (H - 2 * PAD) / max;
    view! {
        <figure class="chart" id=id>
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=title>
                <line x1=PAD y1=H - PAD x2=W y2=H - PAD class="axis" />
                {bars
                    .iter()
                    .zip(0u32..)
                    .map(|((label, value, bad), i)| {
                        let x = PAD + i * slot + slot * 15 / 100;
                        let top = y(*value);
                        let mid = x + slot * 35 / 100;
                        let shown = if tenth { i18n::tenths(lang, *value) } else { value.to_string() };
                        view! {
                            <g class=if *bad { "bar bad" } else { "bar" }>
                                <rect x=x y=top width=slot * 70 / 100 height=H - PAD - top />
                                <text x=mid y=top.saturating_sub(4) text-anchor="middle" class="value">
                                    {format!("{shown}{unit}")}
                                </text>
                                <text x=mid y=H - 6 text-anchor="middle" class="label">
                                    {label.clone()}
                                </text>
                            </g>
                        }
                    })
                    .collect_view()}
                {line.map(|v| view! { <line x1=PAD y1=y(v) x2=W y2=y(v) class="standard" /> })}
            </svg>
        </figure>
    }
}

/// The site's zones and its people by id (two lists: a zone and a person may share an id), to name a report's rows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Names(RwSignal<[Vec<(String, String)>; 2]>);

impl Names {
    /// The names of the site's directory, once it has come (ids until then).
    pub(crate) fn load(api: &Backend) -> Names {
        let names = Names(RwSignal::new([Vec::new(), Vec::new()]));
        let api = api.clone();
        spawn_local(async move {
            if let Ok(d) = api.directory().await {
                let zones = d.sites.into_iter().flat_map(|s| s.zones).map(|z| (z.id.to_string(), z.name));
                let people = d.staff.into_iter().map(|e| (e.staff.id.to_string(), e.staff.display_name));
                names.0.set([zones.collect(), people.collect()]);
            }
        });
        names
    }

    fn named(self, list: usize, id: &str) -> String {
        self.0.with(|n| n[list].iter().find(|(i, _)| i == id).map_or_else(|| id.to_owned(), |(_, name)| name.clone()))
    }

    pub(crate) fn zone(self, id: &str) -> String {
        self.named(0, id)
    }

    pub(crate) fn person(self, id: &str) -> String {
        self.named(1, id)
    }
}

/// Waits by hour, started-in-time by kind, ratings 1–5 and hand-offs by kind, from one report; then its tables.
#[component]
fn Charts(report: KpiReport, names: Names) -> impl IntoView {
    let lang = UiLang::expect();
    let standard = WAIT_STANDARD_MINUTES;
    move || {
        let lang = lang.get();
        let hours: Vec<(String, u32, bool)> = report
            .by_hour
            .iter()
            .filter_map(|h| h.kpi.wait_p90.map(|w| (format!("{:02}", h.hour), w, w > standard)))
            .collect();
        let hour_max = hours.iter().map(|b| b.1).fold(standard * 3 / 2, u32::max);
        let kinds: Vec<(String, u32, bool)> = report
            .by_kind
            .iter()
            .filter_map(|k| {
                percent(k.kpi.started_in_time, k.kpi.start_judged)
                    .map(|p| (i18n::kind_short(lang, k.kind).to_owned(), p, p < 100))
            })
            .collect();
        let ratings: Vec<(String, u32, bool)> =
            (1u8..=5).map(|s| (s.to_string(), report.overall.ratings[usize::from(s - 1)], s <= 2)).collect();
        let rating_max = ratings.iter().map(|b| b.1).fold(1, u32::max);
        // Hand-offs per task in tenths, against the limit.
        let handoffs: Vec<(String, u32, bool)> = report
            .by_kind
            .iter()
            .map(|k| {
                let mean = (k.kpi.handoffs * 20 + k.kpi.tasks) / (k.kpi.tasks.max(1) * 2);
                (i18n::kind_short(lang, k.kind).to_owned(), mean, k.kpi.over_handoff_limit > 0)
            })
            .collect();
        view! {
            <div class="charts">
                <Bars
                    id="chart-wait"
                    title=t(lang, Msg::ChartWaitByHour).to_owned()
                    bars=hours
                    max=hour_max
                    line=Some(standard)
                    unit=""
                />
                <Bars
                    id="chart-in-time"
                    title=t(lang, Msg::ChartInTimeByKind).to_owned()
                    bars=kinds
                    max=100
                    line=Some(100)
                    unit="%"
                />
                <Bars
                    id="chart-ratings"
                    title=t(lang, Msg::ChartRatings).to_owned()
                    bars=ratings
                    max=rating_max
                    line=None
                    unit=""
                />
                <Bars
                    id="chart-handoffs"
                    title=t(lang, Msg::ChartHandoffsByKind).to_owned()
                    bars=handoffs
                    max=30
                    line=Some(floordesk_domain::MAX_HANDOFFS * 10)
                    unit=""
                    tenth=true
                />
            </div>
            <KpiTable
                id="kpi-by-kind"
                caption=t(lang, Msg::ByKind)
                first=t(lang, Msg::Kind)
                rows=report
                    .by_kind
                    .iter()
                    .map(|k| (k.kind.as_str().to_owned(), i18n::kind(lang, k.kind).to_owned(), k.kpi.clone()))
                    .collect()
            />
            <KpiTable
                id="kpi-by-zone"
                caption=t(lang, Msg::ByZone)
                first=t(lang, Msg::Zone)
                rows=report
                    .by_zone
                    .iter()
                    .map(|z| (z.zone.to_string(), names.zone(z.zone.as_str()), z.kpi.clone()))
                    .collect()
            />
            <KpiTable
                id="kpi-by-person"
                caption=t(lang, Msg::ByPerson)
                first=t(lang, Msg::Person)
                rows=report
                    .by_person
                    .iter()
                    .map(|p| (p.staff.to_string(), names.person(p.staff.as_str()), p.kpi.clone()))
                    .collect()
            />
            <KpiTable
                id="kpi-by-hour"
                caption=t(lang, Msg::ByHour)
                first=t(lang, Msg::Hour)
                rows=report
                    .by_hour
                    .iter()
                    .map(|h| (h.hour.to_string(), format!("{:02}:00", h.hour), h.kpi.clone()))
                    .collect()
            />
            {(!report.by_purpose.is_empty())
                .then(|| {
                    view! {
                        <table class="kpi-table" id="kpi-by-purpose">
                            <caption>{t(lang, Msg::HelpedByPurpose)}</caption>
                            <tbody>
                                {report
                                    .by_purpose
                                    .iter()
                                    .map(|p| {
                                        view! {
                                            <tr>
                                                <th scope="row">{p.purpose.clone()}</th>
                                                <td>{p.helped}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                })}
            <RulesTable report=report.clone() names=names />
        }
    }
}

/// What the rules did, for the site and per zone: tasks made and given by rules, escalations a day and the time to
/// act on one, the reserve kept and the hours on shift.
#[component]
fn RulesTable(report: KpiReport, names: Names) -> impl IntoView {
    let lang = UiLang::expect().get_untracked();
    let days = u32::try_from(report.to.millis_since(report.from).div_euclid(86_400_000).max(1)).unwrap_or(1);
    let dash = || "—".to_owned();
    let share = move |part: u32, whole: u32| percent(part, whole).map_or_else(dash, |p| format!("{p}%"));
    (!report.rules.is_empty()).then(|| {
        view! {
            <table class="kpi-table" id="kpi-rules">
                <caption>{t(lang, Msg::RulesKpi)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(lang, Msg::RulesKpiZone)}</th>
                        <th scope="col">{t(lang, Msg::RulesMade)}</th>
                        <th scope="col">{t(lang, Msg::RulesGiven)}</th>
                        <th scope="col">{t(lang, Msg::RulesEscalations)}</th>
                        <th scope="col">{t(lang, Msg::RulesToAction)}</th>
                        <th scope="col">{t(lang, Msg::RulesReserve)}</th>
                        <th scope="col">{t(lang, Msg::RulesStaffed)}</th>
                    </tr>
                </thead>
                <tbody>
                    {report
                        .rules
                        .into_iter()
                        .map(|r| {
                            let zone = r.zone.clone();
                            let name = move || match &zone {
                                None => t(lang, Msg::WholeSite).to_owned(),
                                Some(id) => names.zone(id.as_str()),
                            };
                            view! {
                                <tr data-key=r.zone.as_ref().map_or_else(String::new, ToString::to_string)>
                                    <th scope="row">{name}</th>
                                    <td>{share(r.made_by_rules, r.tasks)}</td>
                                    <td>{share(r.given_by_rules, r.tasks)}</td>
                                    <td>{i18n::tenths(lang, (r.escalations * 10 + days / 2) / days)}</td>
                                    <td>{r.to_action_p50.map_or_else(dash, |m| i18n::duration(lang, u64::from(m)))}</td>
                                    <td>{share(r.reserve_kept, r.reserve_samples)}</td>
                                    <td>{i18n::duration(lang, u64::from(r.staffed_minutes))}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    })
}

/// Every indicator of each group (a kind, an hour) in a table: the charts' numbers for assistive technology, and
/// the ones the charts leave out (median wait, ratings by hour). `rows`: (key, label, indicators).
#[component]
fn KpiTable(
    id: &'static str,
    caption: &'static str,
    first: &'static str,
    rows: Vec<(String, String, KpiCell)>,
) -> impl IntoView {
    let lang = UiLang::expect().get_untracked();
    let dash = || "—".to_owned();
    view! {
        <table class="kpi-table" id=id>
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{first}</th>
                    <th scope="col">{t(lang, Msg::ClosedTasks)}</th>
                    <th scope="col">{t(lang, Msg::WaitP50)}</th>
                    <th scope="col">{t(lang, Msg::WaitP90)}</th>
                    <th scope="col">{t(lang, Msg::StartedInTime)}</th>
                    <th scope="col">{t(lang, Msg::FinishedInTime)}</th>
                    <th scope="col">{t(lang, Msg::OverHandoffsIndicator)}</th>
                    <th scope="col">{t(lang, Msg::MeanRating)}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|(key, label, c)| {
                        view! {
                            <tr data-key=key>
                                <th scope="row">{label}</th>
                                <td>{c.tasks}</td>
                                <td>{c.wait_p50.map_or_else(dash, |w| w.to_string())}</td>
                                <td>{c.wait_p90.map_or_else(dash, |w| w.to_string())}</td>
                                <td>
                                    {percent(c.started_in_time, c.start_judged).map_or_else(dash, |p| format!("{p}%"))}
                                </td>
                                <td>
                                    {percent(c.finished_in_time, c.finish_judged)
                                        .map_or_else(dash, |p| format!("{p}%"))}
                                </td>
                                <td>{c.over_handoff_limit}</td>
                                <td>{c.mean_rating_tenths().map_or_else(dash, |n| i18n::tenths(lang, n))}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The export of the report being shown, as a CSV file a spreadsheet opens (in the browser, which saves it).
#[component]
fn Export(api: crate::api::HttpApi, span: RwSignal<Span>, lang: UiLang) -> impl IntoView {
    let failure = RwSignal::new(None::<ApiError>);
    let export = move |_| {
        let api = api.clone();
        let query = KpiQuery { lang: Some(lang.get_untracked().code().to_owned()), ..span.get_untracked().query() };
        spawn_local(async move {
            match api.signed::<floordesk_protocol::api::GetKpiCsv>(None, &query, &()).await {
                Ok(csv) => {
                    failure.set(None);
                    crate::dom::download("floordesk-kpi.csv", "text/csv;charset=utf-8", &csv);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <button id="kpi-csv" class="chip" on:click=export>
            {tr(Msg::ExportCsv)}
        </button>
        {move || failure.get().map(|e| view! { <ErrorLine error=e /> })}
    }
}

/// Fetches a report for a span into `report`, unless the span chosen has changed meanwhile (`chosen`): a slow
/// answer for an earlier choice must not overwrite the one for the current.
fn fetch(
    api: &Backend,
    span: Span,
    chosen: impl Fn() -> Span + 'static,
    report: RwSignal<Option<Result<KpiReport, ApiError>>>,
) {
    let api = api.clone();
    spawn_local(async move {
        let answer = api.kpi(span.query()).await;
        if chosen() == span {
            report.set(Some(answer));
        }
    });
}

/// The KPI screen: a span to choose, the headline tiles, the charts and the table by kind.
#[component]
pub fn KpiScreen() -> impl IntoView {
    let lang = UiLang::expect();
    let api = expect_context::<Backend>();
    // Yesterday first: a whole day to compare; today is one tap away.
    let span = RwSignal::new(Span::Yesterday);
    let report = RwSignal::new(None::<Result<KpiReport, ApiError>>);
    let names = Names::load(&api);
    // The period typed: two dates on the site's clock (its offset as the last report gave it).
    let (first, last) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let offset =
        move || report.with(|r| r.as_ref().and_then(|r| r.as_ref().ok()).map_or(180, |r| r.utc_offset_minutes));
    let date = move |id: &'static str, label: Msg, value: RwSignal<String>| {
        view! {
            <label>
                {tr(label)}
                <input
                    id=id
                    type="date"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </label>
        }
    };
    Effect::new({
        let api = api.clone();
        move || fetch(&api, span.get(), move || span.get_untracked(), report)
    });
    view! {
        <section id="kpi" aria-labelledby="kpi-title">
            <h1 id="kpi-title">{tr(Msg::Indicators)}</h1>
            <div class="spans" role="group" aria-label=tr(Msg::Period)>
                {[Span::Yesterday, Span::Today, Span::Week]
                    .into_iter()
                    .map(|s| {
                        view! {
                            <button
                                class="chip"
                                aria-pressed=move || (span.get() == s).to_string()
                                on:click=move |_| span.set(s)
                            >
                                {move || t(lang.get(), s.label())}
                            </button>
                        }
                    })
                    .collect_view()}
                {date("kpi-from", Msg::From, first)}
                {date("kpi-to", Msg::To, last)}
                <button
                    id="kpi-show"
                    class="chip"
                    aria-pressed=move || matches!(span.get(), Span::Days(..)).to_string()
                    on:click=move |_| {
                        if let Some(s) = Span::between(&first.get_untracked(), &last.get_untracked(), offset()) {
                            span.set(s);
                        }
                    }
                >
                    {tr(Msg::Show)}
                </button>
                {
                    let api = api.clone();
                    move || match &api {
                        Backend::Http(http) => {
                            let http = http.clone();
                            Some(view! { <Export api=http span=span lang=lang /> })
                        }
                        Backend::Tauri(_) => None,
                    }
                }
            </div>
            {move || match report.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorLine error=e /> }.into_any(),
                Some(Ok(r)) if r.overall.tasks == 0 => {
                    view! { <p class="empty">{t(lang.get(), Msg::NothingClosed)}</p> }.into_any()
                }
                Some(Ok(r)) => {
                    view! {
                        <Tiles cell=r.overall.clone() />
                        <Charts report=r names=names />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
