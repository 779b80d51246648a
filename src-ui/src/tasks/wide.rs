//! The supervisor's wide floor, site administration's «Этаж» tab (the desk's bundle, not the handheld's): the open
//! tasks stand in columns — by state or by zone, as the supervisor chooses — filtered by zone, kind, priority, person
//! and "needs attention". The view is kept in the page's address
//! (`/admin/?floor&by=zone&zone=…&kind=…&priority=…&person=…&attention=1`), so a bookmark opens it again. A
//! zone's column names the people on shift there: a card dropped on one of them is given to them, from any column.
//! The arrow keys move between the cards of a column (up, down) and between columns (left, right).

use floordesk_domain::{
    Action, Actor, DeadlineTable, Priority, SiteKind, StaffId, Task, TaskId, TaskKind, TaskStatus, Timestamp, ZoneId,
    MAX_HANDOFFS,
};
use floordesk_protocol::{FloorNow, TaskView, ZoneInfo};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::floor::{drop_on, loads};
use crate::i18n::{self, t, tr, Lang, Msg, UiLang};
use crate::tasks::cards::TaskCards;

/// How the columns are cut.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Columns {
    /// New, assigned, accepted, in progress.
    #[default]
    State,
    /// One column per zone.
    Zone,
}

/// Whose tasks the view keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// Those nobody holds.
    Nobody,
    /// One person's.
    Staff(StaffId),
}

/// What the wide floor shows, as kept in the page's address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WideView {
    pub by: Columns,
    pub zone: Option<ZoneId>,
    pub kind: Option<TaskKind>,
    pub priority: Option<Priority>,
    pub person: Option<Holder>,
    /// Only the tasks that need the supervisor's attention.
    pub attention: bool,
}

/// The open states, in the order of the work: the state columns.
const STATES: [TaskStatus; 4] = [TaskStatus::New, TaskStatus::Assigned, TaskStatus::Accepted, TaskStatus::InProgress];

impl WideView {
    /// The view an address's query (`by=zone&kind=escort`, with or without its `?`) asks for; what it does not
    /// understand is left out.
    pub fn from_query(query: &str) -> WideView {
        let mut view = WideView::default();
        for (name, value) in query.trim_start_matches('?').split('&').filter_map(|pair| pair.split_once('=')) {
            match name {
                "by" => view.by = if value == "zone" { Columns::Zone } else { Columns::State },
                "zone" => view.zone = ZoneId::new(value).ok(),
                "kind" => view.kind = TaskKind::ALL.into_iter().find(|k| k.as_str() == value),
                "priority" => view.priority = Priority::ALL.into_iter().find(|p| p.as_str() == value),
                "person" if value == "none" => view.person = Some(Holder::Nobody),
                "person" => view.person = StaffId::new(value).ok().map(Holder::Staff),
                "attention" => view.attention = value == "1",
                _ => {}
            }
        }
        view
    }

    /// The query that asks for this view (empty for the plain one). Ids need no escaping: they are Latin letters,
    /// digits, `-` and `_`.
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        if self.by == Columns::Zone {
            parts.push("by=zone".to_owned());
        }
        if let Some(zone) = &self.zone {
            parts.push(format!("zone={zone}"));
        }
        if let Some(kind) = self.kind {
            parts.push(format!("kind={}", kind.as_str()));
        }
        if let Some(priority) = self.priority {
            parts.push(format!("priority={}", priority.as_str()));
        }
        match &self.person {
            Some(Holder::Nobody) => parts.push("person=none".to_owned()),
            Some(Holder::Staff(staff)) => parts.push(format!("person={staff}")),
            None => {}
        }
        if self.attention {
            parts.push("attention=1".to_owned());
        }
        parts.join("&")
    }

    /// Whether any filter narrows the view.
    pub fn narrowed(&self) -> bool {
        WideView { by: self.by, ..WideView::default() } != *self
    }

    /// Whether the view keeps this task (open ones only).
    pub fn keeps(&self, task: &Task, table: &DeadlineTable, now: Timestamp) -> bool {
        task.status.is_open()
            && self.zone.as_ref().is_none_or(|z| *z == task.zone)
            && self.kind.is_none_or(|k| k == task.kind())
            && self.priority.is_none_or(|p| p == task.priority)
            && match &self.person {
                None => true,
                Some(Holder::Nobody) => task.assignee.is_none(),
                Some(Holder::Staff(staff)) => task.assignee.as_ref() == Some(staff),
            }
            && (!self.attention || needs_attention(task, table, now))
    }
}

/// Whether a task needs the supervisor: the rules escalated it, it is past its standard, or it has used its hand-offs.
pub fn needs_attention(task: &Task, table: &DeadlineTable, now: Timestamp) -> bool {
    task.attention().is_some() || table.breached(task, now) || task.handoffs >= MAX_HANDOFFS
}

/// One column: what it is (a state or a zone, as its key), its heading and its tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub key: String,
    pub heading: Heading,
    pub tasks: Vec<TaskView>,
}

/// A column's heading.
#[derive(Debug, Clone, PartialEq)]
pub enum Heading {
    State(TaskStatus),
    Zone(String),
}

/// The columns of a view: every open state, or every zone of the site (only the chosen one when a zone is chosen,
/// and a zone the list names but the site's directory does not yet); in each, the tasks the view keeps, the most
/// urgent first, then the longest waiting.
pub fn columns(
    view: &WideView,
    tasks: &[TaskView],
    zones: &[ZoneInfo],
    table: &DeadlineTable,
    now: Timestamp,
) -> Vec<Column> {
    let mut kept: Vec<&TaskView> = tasks.iter().filter(|v| view.keeps(&v.task, table, now)).collect();
    kept.sort_by(|a, b| {
        (a.task.priority, a.task.met_at, &a.task.id).cmp(&(b.task.priority, b.task.met_at, &b.task.id))
    });
    let column = |key: String, heading: Heading, keep: &dyn Fn(&Task) -> bool| Column {
        key,
        heading,
        tasks: kept.iter().filter(|v| keep(&v.task)).map(|v| (*v).clone()).collect(),
    };
    match view.by {
        Columns::State => STATES
            .into_iter()
            .map(|state| column(state.as_str().to_owned(), Heading::State(state), &|t| t.status == state))
            .collect(),
        Columns::Zone => {
            let mut named: Vec<(ZoneId, String)> = zones.iter().map(|z| (z.id.clone(), z.name.clone())).collect();
            for v in &kept {
                if !named.iter().any(|(id, _)| *id == v.task.zone) {
                    named.push((v.task.zone.clone(), v.task.zone.to_string()));
                }
            }
            named
                .into_iter()
                .filter(|(id, _)| view.zone.as_ref().is_none_or(|z| z == id))
                .map(|(id, name)| column(id.to_string(), Heading::Zone(name), &|t| t.zone == id))
                .collect()
        }
    }
}

/// The page's query now (empty outside a browser).
fn address_query() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The first word of the address's query while the floor is shown in site administration (`/admin/?floor&by=zone`),
/// so a bookmark opens it.
pub const IN_ADDRESS: &str = "floor";

/// Puts the view in the page's address without a new history entry (so a bookmark or a reload keeps it); `None`
/// takes the floor out of it (its tab was left).
pub(crate) fn keep_in_address(view: Option<&WideView>) {
    let Some(window) = web_sys::window() else { return };
    let path = window.location().pathname().unwrap_or_default();
    let url = match view.map(WideView::query) {
        None => path,
        Some(query) if query.is_empty() => format!("{path}?{IN_ADDRESS}"),
        Some(query) => format!("{path}?{IN_ADDRESS}&{query}"),
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Moves the focus from the card `ev` came from: up and down within its column, left and right to the card at the
/// same place (or the last) of the neighbouring column that has cards. Keys pressed inside a card's own controls
/// are theirs.
fn arrow(ev: &web_sys::KeyboardEvent) {
    if ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.shift_key() {
        return;
    }
    let Some(card) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    if !card.matches("li.task").unwrap_or(false) {
        return;
    }
    let Some(column) = card.closest(".column").ok().flatten() else { return };
    let cards = |column: &web_sys::Element| -> Vec<web_sys::HtmlElement> {
        let Ok(list) = column.query_selector_all("li.task") else { return Vec::new() };
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect()
    };
    let here = cards(&column);
    let Some(at) = here.iter().position(|c| c.is_same_node(Some(&card))) else { return };
    let next = match ev.key().as_str() {
        "ArrowDown" => here.get(at + 1).cloned(),
        "ArrowUp" => at.checked_sub(1).and_then(|i| here.get(i)).cloned(),
        key @ ("ArrowLeft" | "ArrowRight") => {
            let mut beside = Some(column);
            loop {
                beside = beside.and_then(|c| {
                    if key == "ArrowLeft" {
                        c.previous_element_sibling()
                    } else {
                        c.next_element_sibling()
                    }
                });
                let Some(other) = &beside else { break None };
                let there = cards(other);
                if let Some(last) = there.len().checked_sub(1) {
                    break there.get(at.min(last)).cloned();
                }
            }
        }
        _ => return,
    };
    if let Some(next) = next {
        ev.prevent_default();
        let _ = next.focus();
    }
}

/// Gives the focus back to the card of `task` when a redraw took it away (it fell to the page's body).
fn refocus(task: Option<String>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let lost = document.active_element().is_none_or(|e| e.tag_name() == "BODY");
    let card = task
        .filter(|_| lost)
        .and_then(|id| document.query_selector(&format!("#wide li.task[data-task-id=\"{id}\"]")).ok().flatten());
    if let Some(card) = card.and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = card.focus();
    }
}

/// A column's heading in words.
fn heading(lang: Lang, heading: &Heading) -> String {
    match heading {
        Heading::State(state) => t(
            lang,
            match state {
                TaskStatus::New => Msg::ColumnNew,
                TaskStatus::Assigned => Msg::ColumnAssigned,
                TaskStatus::Accepted => Msg::ColumnAccepted,
                _ => Msg::ColumnInProgress,
            },
        )
        .to_owned(),
        Heading::Zone(name) => name.clone(),
    }
}

/// What the task screen gives the columns.
pub struct Parts {
    pub tasks: Memo<Vec<TaskView>>,
    pub deadlines: Memo<DeadlineTable>,
    pub now: Signal<Timestamp>,
    pub floor: RwSignal<Option<FloorNow>>,
    pub site_kind: RwSignal<Option<SiteKind>>,
    pub actor: Actor,
    pub act: Callback<(TaskId, Action)>,
    pub dropped: Callback<(TaskId, StaffId)>,
}

/// The task screen's columns (see [`crate::tasks::TasksScreen`]).
pub fn columns_view(parts: Parts) -> AnyView {
    let Parts { tasks, deadlines, now, floor, site_kind, actor, act, dropped } = parts;
    view! {
        <WideFloor
            tasks=tasks
            deadlines=deadlines
            now=now
            floor=floor
            site_kind=site_kind
            actor=actor
            act=act
            dropped=dropped
        />
    }
    .into_any()
}

/// People on shift a task card can be dropped on, each with their load (red when they hold a breach).
#[component]
fn Takers(
    #[prop(into)] people: Signal<Vec<crate::floor::Load>>,
    dropped: Callback<(TaskId, StaffId)>,
) -> impl IntoView {
    let lang = UiLang::expect();
    move || {
        let list = people.get();
        (!list.is_empty()).then(|| {
            view! {
                <ul class="takers">
                    {list
                        .into_iter()
                        .map(|line| {
                            let id = line.on.presence.staff.clone();
                            let open = line.open as u64;
                            let class = if line.breaches > 0 { "taker breach" } else { "taker" };
                            view! {
                                <li
                                    class=class
                                    data-staff-id=id.to_string()
                                    on:dragover=|ev: web_sys::DragEvent| ev.prevent_default()
                                    on:drop=drop_on(id.clone(), dropped)
                                >
                                    <span class="name">{line.on.name.clone()}</span>
                                    <span class="load">{move || i18n::load(lang.get(), open)}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
    }
}

/// The wide floor's filters, the count of what they keep, and the columns.
#[component]
pub fn WideFloor(
    tasks: Memo<Vec<TaskView>>,
    deadlines: Memo<DeadlineTable>,
    now: Signal<Timestamp>,
    floor: RwSignal<Option<FloorNow>>,
    site_kind: RwSignal<Option<SiteKind>>,
    actor: Actor,
    act: Callback<(TaskId, Action)>,
    dropped: Callback<(TaskId, StaffId)>,
) -> impl IntoView {
    let lang = UiLang::expect();
    let zones = expect_context::<crate::tasks::Shared>().zones.0;
    let people = expect_context::<crate::tasks::Shared>().people.0;
    let view = RwSignal::new(WideView::from_query(&address_query()));
    Effect::new(move |_| view.with(|v| keep_in_address(Some(v))));
    on_cleanup(|| keep_in_address(None));
    // A bookmarked zone, person or kind this site does not have (any more) would narrow the view unseen, its list
    // showing «Все»: left out once the site's lists have come.
    Effect::new(move |_| {
        let (zones, people, site) = (zones.get(), people.get(), site_kind.get());
        let (unknown_zone, unknown_person, unknown_kind) = view.with(|v| {
            (
                v.zone.as_ref().is_some_and(|z| !zones.is_empty() && !zones.iter().any(|i| &i.id == z)),
                matches!(&v.person, Some(Holder::Staff(s)) if !people.is_empty() && !people.iter().any(|p| &p.id == s)),
                v.kind.is_some_and(|k| site.is_some_and(|s| !s.has(k))),
            )
        });
        if unknown_zone || unknown_person || unknown_kind {
            view.update(|v| {
                if unknown_zone {
                    v.zone = None;
                }
                if unknown_person {
                    v.person = None;
                }
                if unknown_kind {
                    v.kind = None;
                }
            });
        }
    });
    // The clock moves the columns only through "needs stepping in" (a task passing its standard), and the people's
    // breaches by the minute: a tick of the second redraws nothing.
    let minute = Memo::new(move |_| now.get().0 / 60_000);
    let cols = Memo::new(move |_| {
        view.with(|v| {
            let at = if v.attention { Timestamp(minute.get() * 60_000) } else { now.get_untracked() };
            deadlines.with(|d| tasks.with(|all| zones.with(|z| columns(v, all, z, d, at))))
        })
    });
    let open = Memo::new(move |_| tasks.with(|all| all.iter().filter(|v| v.task.status.is_open()).count()));
    let shown = Memo::new(move |_| cols.with(|c| c.iter().map(|c| c.tasks.len()).sum::<usize>()));
    // The card that had the focus keeps it when it is drawn anew (the work on it moved on, or a refresh changed it).
    let focused = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        cols.track();
        request_animation_frame(move || refocus(focused.get_value()));
    });
    // Who is on shift and takes work, with their load: the people a card can be dropped on (a zone's column names
    // those who work there).
    let takers = Memo::new(move |_| {
        let on_shift: Vec<_> = floor.with(|f| {
            f.as_ref()
                .map(|f| f.people.iter().filter(|p| p.presence.takes_work()).cloned().collect())
                .unwrap_or_default()
        });
        let at = Timestamp(minute.get() * 60_000);
        deadlines.with(|d| tasks.with(|all| loads(&on_shift, all, d, at)))
    });
    let by_zone = Memo::new(move |_| view.with(|v| v.by == Columns::Zone));
    let set = move |change: fn(&mut WideView, &str), value: String| view.update(|v| change(v, &value));
    let choice = move |id: &'static str,
                       label: Msg,
                       options: Signal<Vec<(String, String)>>,
                       current: Signal<String>,
                       change: fn(&mut WideView, &str)| {
        view! {
            <label>
                {tr(label)} <select id=id prop:value=current on:change=move |ev| set(change, event_target_value(&ev))>
                    <option value="">{tr(Msg::FilterAny)}</option>
                    {move || {
                        let chosen = current.get();
                        options
                            .get()
                            .into_iter()
                            .map(|(value, words)| {
                                let selected = value == chosen;
                                view! {
                                    <option value=value selected=selected>
                                        {words}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
        }
    };
    let zone_options = Signal::derive(move || zones.get().into_iter().map(|z| (z.id.to_string(), z.name)).collect());
    let kind_options = Signal::derive(move || {
        let lang = lang.get();
        let site = site_kind.get();
        TaskKind::ALL
            .into_iter()
            .filter(|k| site.is_none_or(|s| s.has(*k)))
            .map(|k| (k.as_str().to_owned(), i18n::kind(lang, k).to_owned()))
            .collect()
    });
    let priority_options = Signal::derive(move || {
        let lang = lang.get();
        Priority::ALL.into_iter().map(|p| (p.as_str().to_owned(), i18n::priority(lang, p).to_owned())).collect()
    });
    let person_options = Signal::derive(move || {
        let mut list: Vec<(String, String)> =
            people.get().into_iter().map(|p| (p.id.to_string(), p.display_name)).collect();
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list.insert(0, ("none".to_owned(), t(lang.get(), Msg::FilterNobody).to_owned()));
        list
    });
    let pick = |part: fn(&WideView) -> String| Signal::derive(move || view.with(part));
    let by_button = move |by: Columns, label: Msg| {
        view! {
            <button
                class="chip"
                data-columns=if by == Columns::Zone { "zone" } else { "state" }
                aria-pressed=move || (view.with(|v| v.by) == by).to_string()
                on:click=move |_| view.update(|v| v.by = by)
            >
                {tr(label)}
            </button>
        }
    };
    view! {
        <section id="wide" class="wide-floor" aria-labelledby="wide-title">
            <h2 id="wide-title">{move || i18n::wide_shown(lang.get(), shown.get(), open.get())}</h2>
            <div class="wide-filters no-print">
                <div class="spans" role="group" aria-label=tr(Msg::WideColumns)>
                    {by_button(Columns::State, Msg::WideByState)}
                    {by_button(Columns::Zone, Msg::WideByZone)}
                </div>
                {choice(
                    "filter-zone",
                    Msg::FilterZone,
                    zone_options,
                    pick(|v| v.zone.as_ref().map(ToString::to_string).unwrap_or_default()),
                    |v, s| v.zone = ZoneId::new(s).ok(),
                )}
                {choice(
                    "filter-kind",
                    Msg::FilterKind,
                    kind_options,
                    pick(|v| v.kind.map(|k| k.as_str().to_owned()).unwrap_or_default()),
                    |v, s| v.kind = TaskKind::ALL.into_iter().find(|k| k.as_str() == s),
                )}
                {choice(
                    "filter-priority",
                    Msg::FilterPriority,
                    priority_options,
                    pick(|v| v.priority.map(|p| p.as_str().to_owned()).unwrap_or_default()),
                    |v, s| v.priority = Priority::ALL.into_iter().find(|p| p.as_str() == s),
                )}
                {choice(
                    "filter-person",
                    Msg::FilterPerson,
                    person_options,
                    pick(|v| match &v.person {
                        Some(Holder::Nobody) => "none".to_owned(),
                        Some(Holder::Staff(s)) => s.to_string(),
                        None => String::new(),
                    }),
                    |v, s| v.person = WideView::from_query(&format!("person={s}")).person,
                )}
                <label class="check">
                    <input
                        type="checkbox"
                        id="filter-attention"
                        prop:checked=move || view.with(|v| v.attention)
                        on:change=move |ev| view.update(|v| v.attention = event_target_checked(&ev))
                    />
                    {tr(Msg::FilterAttention)}
                </label>
                {move || {
                    view.with(WideView::narrowed)
                        .then(|| {
                            view! {
                                <button
                                    id="filter-reset"
                                    class="secondary"
                                    on:click=move |_| {
                                        view.update(|v| {
                                            *v = WideView {
                                                by: v.by,
                                                ..WideView::default()
                                            };
                                        })
                                    }
                                >
                                    {tr(Msg::FilterReset)}
                                </button>
                            }
                        })
                }}
            </div>
            <p class="hint wide-keys">{tr(Msg::WideKeys)}</p>
            {move || {
                (!by_zone.get())
                    .then(|| {
                        view! {
                            <div class="takers-bar">
                                <Takers people=takers dropped=dropped />
                            </div>
                        }
                    })
            }}
            <div
                class=move || if by_zone.get() { "columns by-zone" } else { "columns" }
                on:keydown=move |ev| arrow(&ev)
                on:focusin=move |ev: web_sys::FocusEvent| {
                    let card = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
                    if let Some(card) = card.filter(|c| c.matches("li.task").unwrap_or(false)) {
                        focused.set_value(card.get_attribute("data-task-id"));
                    }
                }
            >
                <For
                    each=move || cols.with(|c| c.iter().map(|c| c.key.clone()).collect::<Vec<_>>())
                    key=Clone::clone
                    children=move |key| {
                        let column = {
                            let key = key.clone();
                            Memo::new(move |_| cols.with(|c| c.iter().find(|c| c.key == key).cloned()))
                        };
                        let column_tasks = Signal::derive(move || {
                            column.with(|c| c.as_ref().map(|c| c.tasks.clone()).unwrap_or_default())
                        });
                        let zone = ZoneId::new(key.clone()).ok();
                        let here = Memo::new(move |_| {
                            let zone = zone.as_ref().filter(|_| by_zone.get());
                            takers
                                .with(|all| {
                                    all.iter()
                                        .filter(|l| zone.is_some_and(|z| l.on.presence.covers(z)))
                                        .cloned()
                                        .collect()
                                })
                        });
                        // Whoever works in the zone, the whole site's people too.
                        view! {
                            <section class="column" data-column=key.clone()>
                                <div class="column-head">
                                    <h3>
                                        {move || {
                                            column
                                                .with(|c| {
                                                    c.as_ref()
                                                        .map(|c| {
                                                            format!(
                                                                "{} ({})",
                                                                heading(lang.get(), &c.heading),
                                                                c.tasks.len(),
                                                            )
                                                        })
                                                })
                                        }}
                                    </h3>
                                    <Takers people=here dropped=dropped />
                                </div>
                                <TaskCards
                                    tasks=column_tasks
                                    deadlines=deadlines.into()
                                    now=now
                                    actor=actor.clone()
                                    act=act
                                    focusable=true
                                />
                            </section>
                        }
                    }
                />
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use floordesk_domain::{NewTask, NonStandard, SiteId, TaskDetails};

    fn task(id: &str, zone: &str, priority: Priority, met: i64) -> TaskView {
        let task = Task::new(NewTask {
            id: TaskId::new(id).unwrap(),
            site: SiteId::new("s").unwrap(),
            zone: ZoneId::new(zone).unwrap(),
            case_id: None,
            priority,
            details: TaskDetails::NonStandard(NonStandard { description: "x".into() }),
            created_by: StaffId::new("a").unwrap(),
            met_at: Timestamp(met),
            created_at: Timestamp(met),
        })
        .unwrap();
        TaskView { task, assignee_name: None, pending: false }
    }

    fn zone(id: &str, name: &str) -> ZoneInfo {
        ZoneInfo { id: ZoneId::new(id).unwrap(), name: name.into(), floor: 1 }
    }

    #[test]
    fn a_view_goes_to_the_address_and_back_and_what_the_address_garbles_is_left_out() {
        let view = WideView {
            by: Columns::Zone,
            zone: Some(ZoneId::new("poly-12-f2").unwrap()),
            kind: Some(TaskKind::Escort),
            priority: Some(Priority::Urgent),
            person: Some(Holder::Staff(StaffId::new("olga").unwrap())),
            attention: true,
        };
        let query = view.query();
        assert_eq!(query, "by=zone&zone=poly-12-f2&kind=escort&priority=urgent&person=olga&attention=1");
        assert_eq!(WideView::from_query(&format!("?{query}")), view);
        assert_eq!(WideView::from_query("person=none").person, Some(Holder::Nobody));
        assert_eq!(WideView::default().query(), "");
        assert!(!WideView { by: Columns::Zone, ..WideView::default() }.narrowed());
        let garbled = WideView::from_query("?by=sideways&zone=%D0%B0&kind=magic&priority=&person=a b&attention=yes&x");
        assert_eq!(garbled, WideView::default());
    }

    #[test]
    fn columns_by_state_and_by_zone_keep_only_what_the_filters_keep_the_most_urgent_first() {
        let sup = Actor { staff: StaffId::new("sup").unwrap(), role: floordesk_domain::Role::Supervisor };
        let olga = StaffId::new("olga").unwrap();
        let mut held = task("t-held", "f2", Priority::Normal, 0);
        held.task = held.task.apply(&sup, &Action::Assign { to: olga.clone() }, Timestamp(0)).unwrap();
        let tasks = [
            task("t-late", "f2", Priority::Normal, 0),
            task("t-urgent", "f3", Priority::Urgent, 15 * 60_000),
            held,
            task("t-lost", "f9", Priority::Normal, 0),
        ];
        let zones = [zone("f2", "2 этаж"), zone("f3", "3 этаж")];
        let table = DeadlineTable::standard();
        let now = Timestamp(16 * 60_000);
        let ids = |c: &Column| c.tasks.iter().map(|v| v.task.id.to_string()).collect::<Vec<_>>();
        let by_state = columns(&WideView::default(), &tasks, &zones, &table, now);
        assert_eq!(
            by_state.iter().map(|c| c.key.as_str()).collect::<Vec<_>>(),
            ["new", "assigned", "accepted", "in_progress"]
        );
        assert_eq!(ids(&by_state[0]), ["t-urgent", "t-late", "t-lost"]);
        assert_eq!(ids(&by_state[1]), ["t-held"]);
        let by_zone = columns(&WideView { by: Columns::Zone, ..WideView::default() }, &tasks, &zones, &table, now);
        let named: Vec<_> = by_zone.iter().map(|c| (c.key.as_str(), c.heading.clone(), ids(c).len())).collect();
        assert_eq!(
            named,
            [
                ("f2", Heading::Zone("2 этаж".into()), 2),
                ("f3", Heading::Zone("3 этаж".into()), 1),
                // A zone the directory does not know (yet) still shows its tasks.
                ("f9", Heading::Zone("f9".into()), 1),
            ]
        );
        // At 16 minutes the tasks met at 0 are past their 15-minute start; the urgent one met a minute ago is not.
        let late = WideView { attention: true, ..WideView::default() };
        let kept: Vec<_> = columns(&late, &tasks, &zones, &table, now).iter().flat_map(ids).collect();
        assert_eq!(kept, ["t-late", "t-lost", "t-held"]);
        let olgas = WideView { person: Some(Holder::Staff(olga)), zone: Some(ZoneId::new("f2").unwrap()), ..late };
        let kept: Vec<_> = columns(&olgas, &tasks, &zones, &table, now).iter().flat_map(ids).collect();
        assert_eq!(kept, ["t-held"]);
        let nobodys_urgent =
            WideView { person: Some(Holder::Nobody), priority: Some(Priority::Urgent), ..WideView::default() };
        let kept: Vec<_> = columns(&nobodys_urgent, &tasks, &zones, &table, now).iter().flat_map(ids).collect();
        assert_eq!(kept, ["t-urgent"]);
        let one_zone = WideView { by: Columns::Zone, zone: Some(ZoneId::new("f3").unwrap()), ..WideView::default() };
        assert_eq!(columns(&one_zone, &tasks, &zones, &table, now).len(), 1);
    }
}
