//! The site's audit log for its supervisors: every op on a task, applied or refused — who, when, what, on which
//! task, from which state to which, the reason given, the device — narrowed by person, task, kind of action and
//! period (the browser's days), a page at a time. A task's id narrows the log to that task.

use floordesk_domain::{StaffId, TaskId, Timestamp, RULES_STAFF};
use floordesk_protocol::admin::StaffMember;
use floordesk_protocol::{api, ApiError, AuditEntry, AuditQuery, OpKind, SiteQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::text::{t, tr, Msg};
use super::Refusal;
use crate::api::HttpApi;
use crate::format::{client_now, local_date};
use crate::i18n::{self, Lang, UiLang};
use crate::notice::Loading;

/// How many entries a page shows.
const PAGE: u32 = 100;

/// The filters as typed: a person's id (or `rules`), a task's id, a kind's wire name, two dates "2026-11-30".
#[derive(Debug, Clone, Copy)]
struct Filters {
    staff: RwSignal<String>,
    task: RwSignal<String>,
    action: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
}

/// The browser's midnight starting a date "2026-11-30" (none: not a date).
fn day_start(date: &str) -> Option<Timestamp> {
    let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&format!("{date}T00:00:00"))).get_time();
    (!ms.is_nan()).then_some(Timestamp(ms as i64))
}

/// Today's date on the browser's clock, "2026-11-30".
fn today() -> String {
    let now = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(client_now().0 as f64));
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

impl Filters {
    /// The query of these filters, from entry `after` (the period's end day included); none when the task typed is
    /// not a task's id (rather than the whole log, as if it were narrowed).
    fn query(self, after: u64) -> Option<AuditQuery> {
        let text = |s: RwSignal<String>| Some(s.get_untracked().trim().to_owned()).filter(|s| !s.is_empty());
        let task = match text(self.task) {
            Some(typed) => Some(TaskId::new(typed).ok()?),
            None => None,
        };
        Some(AuditQuery {
            after,
            limit: Some(PAGE),
            staff: text(self.staff).and_then(|s| StaffId::new(s).ok()),
            task,
            action: text(self.action).and_then(|s| OpKind::parse(&s)),
            from: text(self.from).and_then(|d| day_start(&d)),
            to: text(self.to).and_then(|d| day_start(&d)).map(|t| t.plus_minutes(24 * 60)),
        })
    }
}

/// The site's audit log, filtered and paged.
#[component]
pub fn AuditScreen(api: HttpApi) -> impl IntoView {
    let lang = UiLang::expect();
    let filters = Filters {
        staff: RwSignal::new(String::new()),
        task: RwSignal::new(String::new()),
        action: RwSignal::new(String::new()),
        from: RwSignal::new(today()),
        to: RwSignal::new(today()),
    };
    let entries = RwSignal::new(None::<Vec<AuditEntry>>);
    let next = RwSignal::new(None::<u64>);
    let failure = RwSignal::new(None::<ApiError>);
    let people = RwSignal::new(Vec::<StaffMember>::new());
    {
        let api = api.clone();
        spawn_local(async move {
            if let Ok(list) = api.signed::<api::GetStaff>(None, &SiteQuery::default(), &()).await {
                people.set(list.staff);
            }
        });
    }
    // The filters' generation: an answer to earlier filters is dropped; one page at a time is asked.
    let asked = StoredValue::new(0u32);
    let busy = RwSignal::new(false);
    let bad_task = RwSignal::new(false);
    // Reads a page: the first of the filters (`more` false) or the next one, added below.
    let load = {
        let api = api.clone();
        move |more: bool| {
            let api = api.clone();
            let after = if more { next.get_untracked().unwrap_or(0) } else { 0 };
            let Some(query) = filters.query(after) else {
                bad_task.set(true);
                return;
            };
            bad_task.set(false);
            if !more {
                asked.update_value(|n| *n += 1);
                entries.set(None);
                next.set(None);
            }
            let mine = asked.get_value();
            busy.set(true);
            spawn_local(async move {
                let answer = api.signed::<api::GetAudit>(None, &query, &()).await;
                if asked.try_get_value() != Some(mine) {
                    return;
                }
                busy.set(false);
                match answer {
                    Ok(page) => {
                        failure.set(None);
                        next.set(page.more.then_some(page.next_after));
                        entries.update(|list| list.get_or_insert_with(Vec::new).extend(page.entries));
                    }
                    Err(e) => {
                        failure.set(Some(e));
                        entries.update(|list| {
                            list.get_or_insert_with(Vec::new);
                        });
                    }
                }
            });
        }
    };
    load(false);
    let show = load.clone();
    let more = load.clone();
    // A task's id in a line shows that task's whole story: every op on it, by anyone, whenever.
    let narrow_to = move |task: TaskId| {
        filters.task.set(task.to_string());
        filters.staff.set(String::new());
        filters.action.set(String::new());
        filters.from.set(String::new());
        filters.to.set(String::new());
        load(false);
    };
    let field = move |id: &'static str, label: Msg, value: RwSignal<String>, kind: &'static str| {
        view! {
            <label>
                {tr(label)}
                <input
                    id=id
                    type=kind
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </label>
        }
    };
    view! {
        <section class="admin-screen" id="audit">
            <h2>{tr(Msg::AuditTitle)}</h2>
            <form
                class="admin-form audit-filters"
                on:submit=move |ev| {
                    ev.prevent_default();
                    show(false);
                }
            >
                <label>
                    {tr(Msg::AuditPerson)}
                    <select
                        id="audit-staff"
                        prop:value=move || filters.staff.get()
                        on:change=move |ev| filters.staff.set(event_target_value(&ev))
                    >
                        <option value="">{tr(Msg::AuditEveryone)}</option>
                        <option value=RULES_STAFF>{tr(Msg::AuditRules)}</option>
                        {move || {
                            people
                                .get()
                                .into_iter()
                                .map(|p| {
                                    view! { <option value=p.profile.id.to_string()>{p.profile.display_name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                {field("audit-task", Msg::AuditTask, filters.task, "text")}
                <label>
                    {tr(Msg::AuditAction)}
                    <select
                        id="audit-action"
                        prop:value=move || filters.action.get()
                        on:change=move |ev| filters.action.set(event_target_value(&ev))
                    >
                        <option value="">{tr(Msg::AuditEveryAction)}</option>
                        {OpKind::ALL
                            .into_iter()
                            .map(|k| {
                                view! {
                                    <option value=k.as_str()>{move || i18n::t(lang.get(), i18n::op_kind(k))}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                {field("audit-from", Msg::AuditFrom, filters.from, "date")}
                {field("audit-to", Msg::AuditTo, filters.to, "date")}
                <button id="audit-show" class="primary" type="submit">
                    {tr(Msg::AuditShow)}
                </button>
            </form>
            <Refusal failure=failure />
            {move || {
                bad_task
                    .get()
                    .then(|| {
                        view! {
                            <p class="error" id="audit-bad-task">
                                {tr(Msg::AuditBadTask)}
                            </p>
                        }
                    })
            }}
            {move || match entries.get() {
                None => view! { <Loading /> }.into_any(),
                Some(list) if list.is_empty() => {
                    view! {
                        <p class="empty" id="audit-none">
                            {tr(Msg::AuditNone)}
                        </p>
                    }
                        .into_any()
                }
                Some(list) => {
                    view! {
                        <table class="audit">
                            <thead>
                                <tr>
                                    <th>{tr(Msg::When)}</th>
                                    <th>{tr(Msg::Who)}</th>
                                    <th>{tr(Msg::What)}</th>
                                    <th>{tr(Msg::AuditTask)}</th>
                                    <th>{tr(Msg::AuditState)}</th>
                                    <th>{tr(Msg::AuditReason)}</th>
                                    <th>{tr(Msg::AuditDevice)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|e| {
                                        let task = e.task.clone();
                                        let narrow = narrow_to.clone();
                                        let l = lang.get_untracked();
                                        let shown = e.clone();
                                        view! {
                                            <tr
                                                class=if e.accepted { "audit-entry" } else { "audit-entry refused" }
                                                data-op=e.op.clone()
                                                data-action=e.action.map(OpKind::as_str)
                                            >
                                                <td>{local_date(l, e.server_time, true)}</td>
                                                <td>{who(l, &e)}</td>
                                                <td>{what(l, &e)}</td>
                                                <td>
                                                    <button
                                                        class="link audit-task"
                                                        type="button"
                                                        on:click=move |_| narrow(task.clone())
                                                    >
                                                        {e.task.to_string()}
                                                    </button>
                                                </td>
                                                <td>{move || people.with(|p| states(l, &shown, p))}</td>
                                                <td class="note">{reason(l, &e)}</td>
                                                <td>{e.device.clone()}</td>
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
            {move || {
                let more = more.clone();
                next.get()
                    .map(|_| {
                        view! {
                            <button
                                id="audit-more"
                                class="secondary"
                                disabled=move || busy.get()
                                on:click=move |_| more(true)
                            >
                                {tr(Msg::AuditMore)}
                            </button>
                        }
                    })
            }}
        </section>
    }
}

/// Who acted: a person by name (and id), or the site's rules.
fn who(lang: Lang, e: &AuditEntry) -> String {
    if e.actor.as_str() == RULES_STAFF {
        return t(lang, Msg::AuditRules).to_owned();
    }
    match &e.actor_name {
        Some(name) => format!("{name} ({}, {})", e.actor, i18n::role(lang, e.role)),
        None => e.actor.to_string(),
    }
}

/// What was done; a refused op says it was refused and why.
fn what(lang: Lang, e: &AuditEntry) -> String {
    let did = e.action.map_or("—", |k| i18n::t(lang, i18n::op_kind(k)));
    match (&e.reason, e.accepted) {
        (_, true) => did.to_owned(),
        (Some(reason), false) => {
            format!("{did} — {}: {}", t(lang, Msg::AuditRefused), i18n::rejection(lang, reason, ""))
        }
        (None, false) => format!("{did} — {}", t(lang, Msg::AuditRefused)),
    }
}

/// From which state to which, and to whom it went (by name, among `people`).
fn states(lang: Lang, e: &AuditEntry, people: &[StaffMember]) -> String {
    let before = e.before.as_ref().map(|t| i18n::status(lang, t.status));
    let after = e.after.as_ref().map(|t| i18n::status(lang, t.status));
    let to = e
        .after
        .as_ref()
        .and_then(|t| t.assignee.as_ref())
        .filter(|a| e.before.as_ref().and_then(|t| t.assignee.as_ref()) != Some(*a));
    let moved = match (before, after) {
        (Some(b), Some(a)) if b != a => format!("{b} → {a}"),
        (_, Some(a)) => a.to_owned(),
        (Some(b), None) => b.to_owned(),
        (None, None) => String::new(),
    };
    let named = |id: &StaffId| {
        people.iter().find(|p| &p.profile.id == id).map_or_else(|| id.to_string(), |p| p.profile.display_name.clone())
    };
    match to.map(named) {
        Some(to) => format!("{moved} (→ {to})"),
        None => moved,
    }
}

/// The reason the person gave, in the reader's words where it is a listed one.
fn reason(lang: Lang, e: &AuditEntry) -> String {
    e.note.clone().map(|n| i18n::reason(lang, e.action, n)).unwrap_or_default()
}
