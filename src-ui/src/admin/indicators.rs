//! A city administrator's indicators: every site side by side — the same figures each site's supervisor reads,
//! over each site's own days — for yesterday, the last seven days or the last thirty.

use floordesk_domain::{KpiCell, SiteKind};
use floordesk_protocol::admin::{SiteKpi, SiteKpiList};
use floordesk_protocol::{api, ApiError, KpiQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::text::{t, tr, Msg};
use super::Refusal;
use crate::api::HttpApi;
use crate::i18n::{self, Lang, UiLang};
use crate::notice::Loading;

/// The periods offered: the site's days from, to (exclusive), counted from its today.
const PERIODS: [(Msg, i32, i32); 3] = [(Msg::Yesterday, -1, 0), (Msg::SevenDays, -6, 1), (Msg::ThirtyDays, -29, 1)];

/// A share in whole percent, or a dash.
fn share(part: u32, whole: u32) -> String {
    crate::format::percent(part, whole).map_or_else(|| "—".to_owned(), |p| format!("{p}%"))
}

/// The cells of a site's row, after its name and kind.
fn cells(lang: Lang, c: &KpiCell, breaches: u32) -> [String; 8] {
    let minutes = |m: Option<u32>| m.map_or_else(|| "—".to_owned(), |m| m.to_string());
    [
        c.tasks.to_string(),
        minutes(c.wait_p50),
        minutes(c.wait_p90),
        share(c.started_in_time, c.start_judged),
        share(c.finished_in_time, c.finish_judged),
        c.over_handoff_limit.to_string(),
        c.mean_rating_tenths().map_or_else(|| "—".to_owned(), |n| i18n::tenths(lang, n)),
        breaches.to_string(),
    ]
}

/// Every site's indicators side by side.
#[component]
pub fn IndicatorsScreen(api: HttpApi) -> impl IntoView {
    let lang = UiLang::expect();
    let period = RwSignal::new(0usize);
    let sites = RwSignal::new(None::<Vec<SiteKpi>>);
    let failure = RwSignal::new(None::<ApiError>);
    let export = {
        let api = api.clone();
        move |_| {
            let (_, from, to) = PERIODS[period.get_untracked()];
            let query = KpiQuery { lang: Some(lang.get_untracked().code().to_owned()), ..KpiQuery::days(from, to) };
            let api = api.clone();
            spawn_local(async move {
                match api.signed::<api::GetSitesKpiCsv>(None, &query, &()).await {
                    Ok(csv) => {
                        failure.set(None);
                        crate::dom::download("floordesk-sites-kpi.csv", "text/csv;charset=utf-8", &csv);
                    }
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    Effect::new(move || {
        let chosen = period.get();
        let (_, from, to) = PERIODS[chosen];
        let api = api.clone();
        sites.set(None);
        spawn_local(async move {
            let answer = api.signed::<api::GetSitesKpi>(None, &KpiQuery::days(from, to), &()).await;
            // A slow answer for an earlier choice does not overwrite the one for the current.
            if period.try_get_untracked() != Some(chosen) {
                return;
            }
            match answer {
                Ok(SiteKpiList { sites: list }) => sites.set(Some(list)),
                Err(e) => {
                    failure.set(Some(e));
                    sites.set(Some(Vec::new()));
                }
            }
        });
    });
    let headings = [
        Msg::KpiClosed,
        Msg::KpiWaitP50,
        Msg::KpiWaitP90,
        Msg::KpiStartedInTime,
        Msg::KpiFinishedInTime,
        Msg::KpiOverHandoffs,
        Msg::KpiMeanRating,
        Msg::KpiBreaches,
    ];
    view! {
        <section class="admin-screen" id="city-kpi">
            <h2>{tr(Msg::CityKpiTitle)}</h2>
            <div class="spans" role="group" aria-label=tr(Msg::KpiPeriod)>
                {PERIODS
                    .into_iter()
                    .enumerate()
                    .map(|(i, (label, _, _))| {
                        view! {
                            <button
                                class="chip"
                                aria-pressed=move || (period.get() == i).to_string()
                                on:click=move |_| period.set(i)
                            >
                                {tr(label)}
                            </button>
                        }
                    })
                    .collect_view()}
                <button id="city-kpi-csv" class="chip" on:click=export>
                    {tr(Msg::ExportCsv)}
                </button>
            </div>
            <Refusal failure=failure />
            {move || match sites.get() {
                None => view! { <Loading /> }.into_any(),
                Some(list) => {
                    let l = lang.get();
                    view! {
                        <table class="city-kpi">
                            <thead>
                                <tr>
                                    <th>{t(l, Msg::SiteName)}</th>
                                    <th>{t(l, Msg::SiteKind)}</th>
                                    {headings.map(|h| view! { <th>{t(l, h)}</th> })}
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|s| {
                                        let kind = if s.kind == SiteKind::EmergencyCentre {
                                            Msg::KindEmergency
                                        } else {
                                            Msg::KindPolyclinic
                                        };
                                        // «№ 12» stays on one line.
                                        view! {
                                            <tr data-site-id=s.site.to_string()>
                                                <th scope="row">{s.name.replace("№ ", "№\u{a0}")}</th>
                                                <td>{t(l, kind)}</td>
                                                {cells(l, &s.overall, s.breaches).map(|c| view! { <td>{c}</td> })}
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
