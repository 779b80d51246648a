//! The supervisor's live floor: everyone on shift with their zone, whether they work, are on a break or with a
//! visitor, their load and their breaches; a task card dropped on a person gives the task to them, and a shift
//! somebody forgot can be ended.

use floordesk_domain::{
    Activity as Presence_, DeadlineTable, Presence, StaffId, Task, TaskId, TaskStatus, Timestamp, WorkingDays,
};
use floordesk_protocol::{FloorNow, OnShift, StaffProfile, TaskView, ZoneInfo};
use leptos::prelude::*;

use crate::i18n::{self, t, tr, Lang, Msg, UiLang};

/// The data type a dragged task card carries: its id.
pub const DRAG_TYPE: &str = "text/plain";

/// What one person is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// Holds nothing.
    Free,
    /// Holds tasks, none started.
    Assigned,
    /// Works on a task.
    Working,
}

impl Activity {
    /// Its style class.
    const fn class(self) -> &'static str {
        match self {
            Activity::Free => "free",
            Activity::Assigned => "assigned",
            Activity::Working => "working",
        }
    }
}

/// What a person on the floor is doing, in words.
fn activity_word(lang: Lang, a: Activity) -> &'static str {
    t(
        lang,
        match a {
            Activity::Free => Msg::ActivityFree,
            Activity::Assigned => Msg::ActivityAssigned,
            Activity::Working => Msg::ActivityWorking,
        },
    )
}

/// One person's line on the floor: someone on shift.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    pub on: OnShift,
    pub open: usize,
    pub activity: Activity,
    pub breaches: usize,
}

/// The load of everyone on shift from the open tasks: people with breaches first, then the most loaded, then by name.
pub fn loads(people: &[OnShift], tasks: &[TaskView], table: &DeadlineTable, now: Timestamp) -> Vec<Load> {
    let mut loads: Vec<Load> = people
        .iter()
        .map(|on| {
            let held: Vec<&Task> = tasks
                .iter()
                .map(|v| &v.task)
                .filter(|t| t.status.is_open() && t.assignee.as_ref() == Some(&on.presence.staff))
                .collect();
            let activity = if held.iter().any(|t| t.status == TaskStatus::InProgress) {
                Activity::Working
            } else if held.is_empty() {
                Activity::Free
            } else {
                Activity::Assigned
            };
            let breaches = held.iter().filter(|t| table.breached(t, now)).count();
            Load { on: on.clone(), open: held.len(), activity, breaches }
        })
        .collect();
    loads.sort_by(|a, b| b.breaches.cmp(&a.breaches).then(b.open.cmp(&a.open)).then(a.on.name.cmp(&b.on.name)));
    loads
}

/// Where a person on shift is, in words: working, on a break until (or past it), with a visitor.
fn presence_words(lang: Lang, p: &Presence, now: Timestamp, site: &WorkingDays) -> String {
    match p.activity {
        Presence_::Working => t(lang, Msg::ShiftOn).to_owned(),
        Presence_::Break => match p.back_at {
            Some(back) if back >= now => i18n::on_break_until(lang, crate::format::site_time(back, site)),
            _ => t(lang, Msg::BreakOverdue).to_owned(),
        },
        Presence_::WithVisitor => t(lang, Msg::WithVisitor).to_owned(),
    }
}

/// The people on shift by zone, in the site's order of zones, then those of the whole site (no zone of their own).
pub fn by_zone(lines: Vec<Load>, zones: &[ZoneInfo]) -> Vec<(Option<ZoneInfo>, Vec<Load>)> {
    let mut groups: Vec<(Option<ZoneInfo>, Vec<Load>)> = zones.iter().map(|z| (Some(z.clone()), Vec::new())).collect();
    groups.push((None, Vec::new()));
    for line in lines {
        let at = groups
            .iter()
            .position(|(z, _)| z.as_ref().map(|z| &z.id) == line.on.presence.zone.as_ref())
            .unwrap_or(groups.len() - 1);
        groups[at].1.push(line);
    }
    groups.retain(|(_, people)| !people.is_empty());
    groups
}

/// What a person's line does with a task card dropped on it: gives the task to them.
pub fn drop_on(staff: StaffId, dropped: Callback<(TaskId, StaffId)>) -> impl Fn(web_sys::DragEvent) + Clone {
    move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        let task = ev.data_transfer().and_then(|d| d.get_data(DRAG_TYPE).ok());
        if let Some(task) = task.and_then(|t| TaskId::new(t).ok()) {
            dropped.run((task, staff.clone()));
        }
    }
}

/// The floor board: who is on shift, with their load and what they do — on a wide screen under their zones.
/// `dropped` gets the task and the person a card was dropped on; `end_shift` ends the shift of somebody who forgot to.
#[component]
pub fn FloorBoard(
    people: Vec<StaffProfile>,
    floor: Option<FloorNow>,
    zones: Vec<ZoneInfo>,
    tasks: Vec<TaskView>,
    deadlines: DeadlineTable,
    now: Signal<Timestamp>,
    dropped: Callback<(TaskId, StaffId)>,
    end_shift: Callback<StaffId>,
    /// People under their zones' names (the wide floor).
    #[prop(optional)]
    grouped: bool,
) -> impl IntoView {
    let lang = UiLang::expect();
    let unassigned = tasks.iter().filter(|v| v.task.assignee.is_none() && v.task.status.is_open()).count();
    let table = deadlines.clone();
    let all = tasks.clone();
    let overdue = Memo::new(move |_| all.iter().filter(|v| table.breached(&v.task, now.get())).count());
    let on_shift = floor.map(|f| f.people).unwrap_or_default();
    let off = people.iter().filter(|p| !on_shift.iter().any(|o| o.presence.staff == p.id)).count();
    let site = deadlines.calendar().clone();
    let lines = Memo::new(move |_| loads(&on_shift, &tasks, &deadlines, now.get()));
    let zone_name = {
        let zones = zones.clone();
        move |id: Option<&floordesk_domain::ZoneId>| {
            id.and_then(|id| zones.iter().find(|z| &z.id == id)).map(|z| z.name.clone())
        }
    };
    let person = move |line: Load| {
        let id = line.on.presence.staff.clone();
        let ending = id.clone();
        let (activity, open, breaches) = (line.activity, line.open, line.breaches);
        // Under its zone's name a line need not say the zone again.
        let zone = zone_name(line.on.presence.zone.as_ref()).filter(|_| !grouped);
        let class = if breaches > 0 { "person breach" } else { "person" };
        let (presence, site) = (line.on.presence.clone(), site.clone());
        let role = line.on.presence.role;
        view! {
            <li
                class=class
                data-staff-id=id.to_string()
                on:dragover=|ev: web_sys::DragEvent| ev.prevent_default()
                on:drop=drop_on(id.clone(), dropped)
            >
                <span class="name">{line.on.name.clone()}</span>
                <span class="hint">
                    {move || i18n::role(lang.get(), role)} {zone.clone().map(|z| format!(" · {z}"))}
                </span>
                <span class="presence">{move || presence_words(lang.get(), &presence, now.get(), &site)}</span>
                <span class=move || {
                    format!("activity {}", activity.class())
                }>{move || activity_word(lang.get(), activity)}</span>
                <span class="load">{move || i18n::load(lang.get(), open as u64)}</span>
                {(breaches > 0)
                    .then(|| {
                        view! { <span class="breaches">{move || i18n::breaches(lang.get(), breaches as u64)}</span> }
                    })}
                <button
                    class="secondary end-shift"
                    data-action="end-shift"
                    on:click=move |_| end_shift.run(ending.clone())
                >
                    {tr(Msg::EndTheirShift)}
                </button>
            </li>
        }
    };
    view! {
        <section
            id="floor"
            class=if grouped { "board floor grouped" } else { "board floor" }
            aria-labelledby="floor-title"
        >
            <h2 id="floor-title">{tr(Msg::OnShift)}</h2>
            <p class="hint" id="floor-summary">
                {move || i18n::floor_summary(lang.get(), unassigned, overdue.get())}
                " "
                {move || i18n::off_shift(lang.get(), off)}
            </p>
            <p class="hint drag-hint">{tr(Msg::DragHint)}</p>
            {move || lines.with(Vec::is_empty).then(|| view! { <p class="hint">{tr(Msg::NobodyOnShift)}</p> })}
            {move || {
                if grouped {
                    by_zone(lines.get(), &zones)
                        .into_iter()
                        .map(|(zone, people)| {
                            let key = zone.as_ref().map(|z| z.id.to_string()).unwrap_or_default();
                            let title = zone.map(|z| z.name);
                            view! {
                                <div class="zone-group" data-zone-id=key>
                                    <h3>
                                        {move || {
                                            title.clone().unwrap_or_else(|| t(lang.get(), Msg::WholeSite).to_owned())
                                        }}
                                    </h3>
                                    <ul class="people">{people.into_iter().map(person.clone()).collect_view()}</ul>
                                </div>
                            }
                        })
                        .collect_view()
                        .into_any()
                } else {
                    view! { <ul class="people">{lines.get().into_iter().map(person.clone()).collect_view()}</ul> }
                        .into_any()
                }
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use floordesk_domain::{Action, Actor, NewTask, NonStandard, Priority, Role, SiteId, TaskDetails, ZoneId};

    fn person(id: &str, name: &str) -> OnShift {
        OnShift {
            name: name.into(),
            presence: Presence {
                staff: StaffId::new(id).unwrap(),
                role: Role::Administrator,
                zone: None,
                activity: Presence_::Working,
                back_at: None,
                since: Timestamp(0),
                shift_started: Timestamp(0),
            },
            load: 0,
        }
    }

    fn task(id: &str, met: i64) -> Task {
        Task::new(NewTask {
            id: TaskId::new(id).unwrap(),
            site: SiteId::new("s").unwrap(),
            zone: ZoneId::new("z").unwrap(),
            case_id: None,
            priority: Priority::Normal,
            details: TaskDetails::NonStandard(NonStandard { description: "x".into() }),
            created_by: StaffId::new("a").unwrap(),
            met_at: Timestamp(met),
            created_at: Timestamp(met),
        })
        .unwrap()
    }

    fn view(task: Task) -> TaskView {
        TaskView { task, assignee_name: None, pending: false }
    }

    #[test]
    fn loads_count_holds_activity_and_breaches_and_put_breaches_first() {
        let sup = Actor { staff: StaffId::new("sup").unwrap(), role: Role::Supervisor };
        let give =
            |t: Task, to: &str| t.apply(&sup, &Action::Assign { to: StaffId::new(to).unwrap() }, Timestamp(0)).unwrap();
        let anna = give(task("t1", 0), "anna");
        let boris = give(task("t2", 20 * 60_000), "boris");
        let boris_two = give(task("t3", 20 * 60_000), "boris");
        let people = [person("anna", "Анна"), person("boris", "Борис"), person("vera", "Вера")];
        let tasks = [view(anna), view(boris), view(boris_two)];
        // At 16 minutes Anna's task (met at 0) has run past its 15-minute start; Boris's have not.
        let lines = loads(&people, &tasks, &DeadlineTable::standard(), Timestamp(16 * 60_000));
        let summary: Vec<_> =
            lines.iter().map(|l| (l.on.presence.staff.as_str(), l.open, l.activity, l.breaches)).collect();
        assert_eq!(
            summary,
            vec![
                ("anna", 1, Activity::Assigned, 1),
                ("boris", 2, Activity::Assigned, 0),
                ("vera", 0, Activity::Free, 0)
            ]
        );
    }
}
