//! The site's rules and its zones' dispatch, tuned by its supervisors: each rule on or off, its threshold in minutes,
//! whether it runs around the clock; each zone's mode (pool, suggest, automatic) and the reserve it keeps free for
//! urgent work. Checked here by the domain (in the reader's words) and again by the server.

use floordesk_domain::{DispatchMode, RuleKind, RulesError, SiteRules, ZoneDispatch, ZoneId};
use floordesk_protocol::{api, ApiError, ZoneInfo};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::text::{t, tr, Msg};
use super::{zones_of, Refusal};
use crate::api::HttpApi;
use crate::i18n::UiLang;

/// A rule's description.
fn described(rule: RuleKind) -> Msg {
    match rule {
        RuleKind::CrewDue => Msg::RuleCrewDue,
        RuleKind::AidFirst => Msg::RuleAidFirst,
        RuleKind::StartReminder => Msg::RuleStartReminder,
        RuleKind::StartEscalation => Msg::RuleStartEscalation,
        RuleKind::Unassigned => Msg::RuleUnassigned,
        RuleKind::ChildcareEnding => Msg::RuleChildcareEnding,
        RuleKind::WrittenAck => Msg::RuleWrittenAck,
        RuleKind::LowRating => Msg::RuleLowRating,
        RuleKind::CaseOwner | RuleKind::Dispatch => Msg::RuleCaseOwner,
    }
}

/// Why settings cannot be kept, in the reader's words.
fn refused(error: &RulesError) -> Msg {
    match error {
        RulesError::ReminderAfterEscalation => Msg::RulesBadOrder,
        RulesError::Reserve => Msg::RulesBadReserve,
        RulesError::Listing { .. } | RulesError::Threshold { .. } => Msg::RulesBadThreshold,
    }
}

#[component]
pub fn RulesScreen(api: HttpApi) -> impl IntoView {
    let lang = UiLang::expect();
    let rules = RwSignal::new(None::<SiteRules>);
    let zones = RwSignal::new(Vec::<ZoneInfo>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let problem = RwSignal::new(None::<Msg>);
    let saved = RwSignal::new(false);
    let loaded = Memo::new(move |_| rules.with(Option::is_some));
    {
        let api = api.clone();
        spawn_local(async move {
            match api.signed::<api::GetRules>(None, &(), &()).await {
                Ok(found) => rules.set(Some(found)),
                Err(e) => failure.set(Some(e)),
            }
            if let Ok(found) = zones_of(&api, None).await {
                zones.set(found);
            }
        });
    }
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(draft) = rules.get_untracked() else { return };
        saved.set(false);
        if let Err(e) = draft.check() {
            problem.set(Some(refused(&e)));
            return;
        }
        problem.set(None);
        let api = api.clone();
        spawn_local(async move {
            match api.signed::<api::PutRules>(None, &(), &draft).await {
                Ok(kept) => {
                    failure.set(None);
                    rules.set(Some(kept));
                    saved.set(true);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    // Changes one rule of the draft.
    let edit = move |rule: RuleKind, change: Box<dyn Fn(&mut floordesk_domain::RuleSetting)>| {
        saved.set(false);
        rules.update(|r| {
            if let Some(s) = r.as_mut().and_then(|r| r.rules.iter_mut().find(|s| s.rule == rule)) {
                change(s);
            }
        });
    };
    // Changes one zone's dispatch in the draft.
    let edit_zone = move |zone: ZoneId, change: Box<dyn Fn(&mut ZoneDispatch)>| {
        saved.set(false);
        rules.update(|r| {
            if let Some(r) = r.as_mut() {
                change(r.zones.entry(zone).or_insert_with(ZoneDispatch::usual));
            }
        });
    };
    view! {
        <section class="admin-screen" id="rules">
            <h2>{tr(Msg::RulesTitle)}</h2>
            <p class="hint">{tr(Msg::RulesHint)}</p>
            <Refusal failure=failure />
            {move || {
                problem
                    .get()
                    .map(|m| {
                        view! {
                            <p class="error" role="alert">
                                {move || t(lang.get(), m)}
                            </p>
                        }
                    })
            }}
            <form class="admin-form" id="rules-form" on:submit=save>
                <table class="rules">
                    <thead>
                        <tr>
                            <th>{tr(Msg::RuleOn)}</th>
                            <th></th>
                            <th>{tr(Msg::RuleMinutes)}</th>
                            <th>{tr(Msg::RuleAlways)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            loaded.get();
                            rules
                                .with_untracked(|r| r.as_ref().map(|r| r.rules.clone()))
                                .unwrap_or_default()
                                .into_iter()
                                .map(|s| {
                                    let rule = s.rule;
                                    let range = rule.threshold();
                                    // Drawn once the rules have come, not on every edit (a field being typed in keeps its focus).
                                    view! {
                                        <tr data-rule=rule.as_str()>
                                            <td>
                                                <input
                                                    type="checkbox"
                                                    class="rule-on"
                                                    aria-label=tr(Msg::RuleOn)
                                                    prop:checked=s.on
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        edit(rule, Box::new(move |s| s.on = on));
                                                    }
                                                />
                                            </td>
                                            <td>{tr(described(rule))}</td>
                                            <td>
                                                {range
                                                    .map(|(min, max, _)| {
                                                        let unit = if rule == RuleKind::WrittenAck { 60 } else { 1 };
                                                        let label = if unit == 60 {
                                                            Msg::RuleHours
                                                        } else {
                                                            Msg::RuleMinutes
                                                        };
                                                        // A written request's term is a day: its threshold is set in hours.
                                                        view! {
                                                            <input
                                                                type="number"
                                                                class="rule-minutes"
                                                                aria-label=tr(label)
                                                                min=min.div_ceil(unit)
                                                                max=max / unit
                                                                required
                                                                prop:value=(s.minutes.unwrap_or(min) / unit).to_string()
                                                                on:input=move |ev| {
                                                                    if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                                                                        let m = n.saturating_mul(unit);
                                                                        edit(rule, Box::new(move |s| s.minutes = Some(m)));
                                                                    }
                                                                }
                                                            />
                                                            {(unit == 60)
                                                                .then(|| {
                                                                    view! {
                                                                        " "
                                                                        {tr(Msg::RuleHoursUnit)}
                                                                    }
                                                                })}
                                                        }
                                                    })}
                                            </td>
                                            <td>
                                                <input
                                                    type="checkbox"
                                                    class="rule-always"
                                                    aria-label=tr(Msg::RuleAlways)
                                                    prop:checked=s.always
                                                    on:change=move |ev| {
                                                        let always = event_target_checked(&ev);
                                                        edit(rule, Box::new(move |s| s.always = always));
                                                    }
                                                />
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
                <h3>{tr(Msg::DispatchTitle)}</h3>
                <table class="dispatch">
                    <thead>
                        <tr>
                            <th></th>
                            <th>{tr(Msg::DispatchMode)}</th>
                            <th>{tr(Msg::ReservePeople)}</th>
                            <th>{tr(Msg::ReservePercent)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            zones
                                .get()
                                .into_iter()
                                .map(|z| {
                                    loaded.get();
                                    let now = rules
                                        .with_untracked(|r| r.as_ref().map(|r| r.zone(&z.id)))
                                        .unwrap_or_else(ZoneDispatch::usual);
                                    let (a, b, c) = (z.id.clone(), z.id.clone(), z.id.clone());
                                    view! {
                                        <tr data-zone-id=z.id.to_string()>
                                            <td>{z.name.clone()}</td>
                                            <td>
                                                <select
                                                    class="zone-mode"
                                                    aria-label=tr(Msg::DispatchMode)
                                                    on:change=move |ev| {
                                                        let mode = match event_target_value(&ev).as_str() {
                                                            "auto" => DispatchMode::Auto,
                                                            "pool" => DispatchMode::Pool,
                                                            _ => DispatchMode::Suggest,
                                                        };
                                                        edit_zone(a.clone(), Box::new(move |d| d.mode = mode));
                                                    }
                                                >
                                                    {[
                                                        (DispatchMode::Pool, "pool", Msg::ModePool),
                                                        (DispatchMode::Suggest, "suggest", Msg::ModeSuggest),
                                                        (DispatchMode::Auto, "auto", Msg::ModeAuto),
                                                    ]
                                                        .into_iter()
                                                        .map(|(mode, value, label)| {
                                                            view! {
                                                                <option value=value selected=now.mode == mode>
                                                                    {tr(label)}
                                                                </option>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </select>
                                            </td>
                                            <td>
                                                <input
                                                    type="number"
                                                    class="reserve-people"
                                                    aria-label=tr(Msg::ReservePeople)
                                                    min=0
                                                    max=20
                                                    required
                                                    prop:value=now.reserve_people.to_string()
                                                    on:input=move |ev| {
                                                        if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                                                            edit_zone(
                                                                b.clone(),
                                                                Box::new(move |d| d.reserve_people = n),
                                                            );
                                                        }
                                                    }
                                                />
                                            </td>
                                            <td>
                                                <input
                                                    type="number"
                                                    class="reserve-percent"
                                                    aria-label=tr(Msg::ReservePercent)
                                                    min=0
                                                    max=100
                                                    required
                                                    prop:value=now.reserve_percent.to_string()
                                                    on:input=move |ev| {
                                                        if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                                                            edit_zone(
                                                                c.clone(),
                                                                Box::new(move |d| d.reserve_percent = n),
                                                            );
                                                        }
                                                    }
                                                />
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
                <button type="submit" class="primary" id="save-rules">
                    {tr(Msg::Save)}
                </button>
                {move || {
                    saved
                        .get()
                        .then(|| {
                            view! {
                                <p class="hint" id="rules-saved">
                                    {tr(Msg::RulesSaved)}
                                </p>
                            }
                        })
                }}
            </form>
        </section>
    }
}
