//! The supervisor's live floor: every administrator and coordinator of the site with their load, what they are
//! doing and their breaches; a task card dropped on a person gives the task to them.

use floordesk_domain::{DeadlineTable, StaffId, Task, TaskId, TaskStatus, Timestamp};
use floordesk_protocol::{StaffProfile, TaskView, ZoneInfo};
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

/// One person's line on the floor.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    pub person: StaffProfile,
    pub open: usize,
    pub activity: Activity,
    pub breaches: usize,
}

/// Every person's load from the open tasks: people with breaches first, then the most loaded, then by name.
pub fn loads(people: &[StaffProfile], tasks: &[TaskView], table: &DeadlineTable, now: Timestamp) -> Vec<Load> {
    let mut loads: Vec<Load> = people
        .iter()
        .map(|person| {
            let held: Vec<&Task> = tasks
                .iter()
                .map(|v| &v.task)
                .filter(|t| t.status.is_open() && t.assignee.as_ref() == Some(&person.id))
                .collect();
            let activity = if held.iter().any(|t| t.status == TaskStatus::InProgress) {
                Activity::Working
            } else if held.is_empty() {
                Activity::Free
            } else {
                Activity::Assigned
            };
            let breaches = held.iter().filter(|t| table.breached(t, now)).count();
            Load { person: person.clone(), open: held.len(), activity, breaches }
        })
        .collect();
    loads.sort_by(|a, b| {
        b.breaches.cmp(&a.breaches).then(b.open.cmp(&a.open)).then(a.person.display_name.cmp(&b.person.display_name))
    });
    loads
}

/// The floor board. `dropped` gets the task and the person a card was dropped on.
#[component]
pub fn FloorBoard(
    people: Vec<StaffProfile>,
    zones: Vec<ZoneInfo>,
    tasks: Vec<TaskView>,
    deadlines: DeadlineTable,
    now: Signal<Timestamp>,
    dropped: Callback<(TaskId, StaffId)>,
) -> impl IntoView {
    let lang = UiLang::expect();
    let unassigned = tasks.iter().filter(|v| v.task.assignee.is_none() && v.task.status.is_open()).count();
    let table = deadlines.clone();
    let all = tasks.clone();
    let overdue = Memo::new(move |_| all.iter().filter(|v| table.breached(&v.task, now.get())).count());
    let lines = Memo::new(move |_| loads(&people, &tasks, &deadlines, now.get()));
    let zone_name = move |id: Option<&floordesk_domain::ZoneId>| {
        id.and_then(|id| zones.iter().find(|z| &z.id == id)).map(|z| z.name.clone())
    };
    view! {
        <section id="floor" class="board floor" aria-labelledby="floor-title">
            <h2 id="floor-title">{tr(Msg::OnShift)}</h2>
            <p class="hint" id="floor-summary">
                {move || i18n::floor_summary(lang.get(), unassigned, overdue.get())}
            </p>
            <p class="hint drag-hint">{tr(Msg::DragHint)}</p>
            <ul class="people">
                {move || {
                    lines
                        .get()
                        .into_iter()
                        .map(|line| {
                            let id = line.person.id.clone();
                            let (activity, open, breaches) = (line.activity, line.open, line.breaches);
                            let zone = zone_name(line.person.zone.as_ref());
                            let class = if breaches > 0 { "person breach" } else { "person" };
                            view! {
                                <li
                                    class=class
                                    data-staff-id=id.to_string()
                                    on:dragover=|ev: web_sys::DragEvent| ev.prevent_default()
                                    on:drop=move |ev: web_sys::DragEvent| {
                                        ev.prevent_default();
                                        let task = ev.data_transfer().and_then(|d| d.get_data(DRAG_TYPE).ok());
                                        if let Some(task) = task.and_then(|t| TaskId::new(t).ok()) {
                                            dropped.run((task, id.clone()));
                                        }
                                    }
                                >
                                    <span class="name">{line.person.display_name.clone()}</span>
                                    <span class="hint">
                                        {move || i18n::role(lang.get(), line.person.role)}
                                        {zone.clone().map(|z| format!(" · {z}"))}
                                    </span>
                                    <span class=move || {
                                        format!("activity {}", activity.class())
                                    }>{move || activity_word(lang.get(), activity)}</span>
                                    <span class="load">{move || i18n::load(lang.get(), open as u64)}</span>
                                    {(breaches > 0)
                                        .then(|| {
                                            view! {
                                                <span class="breaches">
                                                    {move || i18n::breaches(lang.get(), breaches as u64)}
                                                </span>
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use floordesk_domain::{Action, Actor, NewTask, NonStandard, Priority, Role, SiteId, TaskDetails, ZoneId};

    fn person(id: &str, name: &str) -> StaffProfile {
        StaffProfile {
            id: StaffId::new(id).unwrap(),
            display_name: name.into(),
            role: Role::Administrator,
            site: SiteId::new("s").unwrap(),
            zone: None,
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
        let summary: Vec<_> = lines.iter().map(|l| (l.person.id.as_str(), l.open, l.activity, l.breaches)).collect();
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
