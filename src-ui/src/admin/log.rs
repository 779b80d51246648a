//! The log of what administrators and supervisors changed: who, when, what, and before → after (never a code).

use floordesk_protocol::admin::AdminLogEntry;
use floordesk_protocol::{api, ApiError, Cursor};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::text::{t, tr, Msg};
use super::Refusal;
use crate::api::HttpApi;
use crate::format::local_date;
use crate::i18n::{Lang, UiLang};
use crate::notice::Loading;

/// How many entries a page of the log shows, newest first.
const PAGE: u32 = 200;

/// The latest changes of the caller's site (every site's, for a city administrator).
#[component]
pub fn LogScreen(api: HttpApi) -> impl IntoView {
    let lang = UiLang::expect();
    let entries = RwSignal::new(None::<Vec<AdminLogEntry>>);
    let failure = RwSignal::new(None::<ApiError>);
    spawn_local(async move {
        // The log is read oldest first: the pages up to the end, the newest kept.
        let mut after = 0;
        let mut all = Vec::new();
        loop {
            match api.signed::<api::GetAdminLog>(None, &Cursor { after, limit: Some(PAGE) }, &()).await {
                Ok(page) => {
                    let Some(last) = page.entries.last().map(|e| e.id) else { break };
                    let full = page.entries.len() == PAGE as usize;
                    all.extend(page.entries);
                    after = last;
                    if !full {
                        break;
                    }
                }
                Err(e) => {
                    failure.set(Some(e));
                    break;
                }
            }
        }
        all.reverse();
        all.truncate(PAGE as usize);
        entries.set(Some(all));
    });
    view! {
        <section class="admin-screen" id="log">
            <h2>{tr(Msg::LogTitle)}</h2>
            <Refusal failure=failure />
            {move || match entries.get() {
                None => view! { <Loading /> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="empty">{tr(Msg::NoLog)}</p> }.into_any(),
                Some(list) => {
                    view! {
                        <table class="log">
                            <thead>
                                <tr>
                                    <th>{tr(Msg::When)}</th>
                                    <th>{tr(Msg::Who)}</th>
                                    <th>{tr(Msg::What)}</th>
                                    <th>{tr(Msg::Target)}</th>
                                    <th>{tr(Msg::Details)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|e| {
                                        let (code, data, at) = (e.action.clone(), e.action.clone(), e.at);
                                        let (actor, site, target) = (
                                            e.actor.to_string(),
                                            e.site.to_string(),
                                            e.target.clone(),
                                        );
                                        view! {
                                            <tr data-action=data>
                                                <td>{move || local_date(lang.get(), at, true)}</td>
                                                <td>{actor}</td>
                                                <td>{move || action(lang.get(), &code)}</td>
                                                <td>{site} " / " {target}</td>
                                                <td class="change">{move || change(lang.get(), &e)}</td>
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

/// What was done, in words (the code itself for an action this page does not know yet).
fn action(lang: Lang, code: &str) -> String {
    let msg = match code {
        "city_admin_created" => Msg::ActionCityAdminCreated,
        "site_created" => Msg::ActionSiteCreated,
        "site_changed" => Msg::ActionSiteChanged,
        "zone_written" => Msg::ActionZoneWritten,
        "staff_added" => Msg::ActionStaffAdded,
        "staff_changed" => Msg::ActionStaffChanged,
        "code_issued" => Msg::ActionCodeIssued,
        "pause_lifted" => Msg::ActionPauseLifted,
        "device_pause_lifted" => Msg::ActionDevicePauseLifted,
        "staff_imported" => Msg::ActionStaffImported,
        "device_enrolled" => Msg::ActionDeviceEnrolled,
        "device_withdrawn" => Msg::ActionDeviceWithdrawn,
        "rules_tuned" => Msg::ActionRulesTuned,
        other => return other.to_owned(),
    };
    t(lang, msg).to_owned()
}

/// Before and after, as the reader's words: "Было: ФИО: …; Стало: …" (the fields a person would look for).
fn change(lang: Lang, entry: &AdminLogEntry) -> String {
    let mut parts = Vec::new();
    for (label, side) in [(Msg::Was, &entry.before), (Msg::Now, &entry.after)] {
        if let Some(value) = side {
            let mut fields = Vec::new();
            described_fields(lang, value, &mut fields);
            if !fields.is_empty() {
                parts.push(format!("{}: {}", t(lang, label), fields.join("; ")));
            }
        }
    }
    parts.join(" → ")
}

/// The fields of a logged thing a reader cares about, at any depth, each as "label: value".
fn described_fields(lang: Lang, value: &serde_json::Value, out: &mut Vec<String>) {
    let Some(object) = value.as_object() else { return };
    for (key, value) in object {
        if value.is_object() {
            described_fields(lang, value, out);
            continue;
        }
        let label = match key.as_str() {
            "name" => Msg::SiteName,
            "display_name" => Msg::FullName,
            "role" => Msg::Role,
            "zone" => Msg::Zone,
            "active" => Msg::State,
            "floor" => Msg::Floor,
            "kind" => Msg::SiteKind,
            "time_zone" => Msg::TimeZone,
            "retention_days" => Msg::RetentionDays,
            "code_digits" => Msg::CodeDigits,
            _ => continue,
        };
        let shown = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::Bool(b) => t(lang, if *b { Msg::Active } else { Msg::Inactive }).to_owned(),
            serde_json::Value::String(s) if key == "role" => role_named(lang, s),
            serde_json::Value::String(s) if key == "kind" => {
                t(lang, if s == "emergency_centre" { Msg::KindEmergency } else { Msg::KindPolyclinic }).to_owned()
            }
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let field = format!("{}: {shown}", t(lang, label));
        // A site's name is in both its description and its settings.
        if !out.contains(&field) {
            out.push(field);
        }
    }
}

/// A role's name from its wire name.
fn role_named(lang: Lang, wire: &str) -> String {
    use floordesk_domain::Role;
    [Role::Administrator, Role::Coordinator, Role::Supervisor, Role::CityAdmin]
        .into_iter()
        .find(|r| r.as_str() == wire)
        .map_or_else(|| wire.to_owned(), |r| crate::i18n::role(lang, r).to_owned())
}
