//! The order of a person's task list, made whole ([`TaskList::arrange`], on the server and in the app) or kept by one
//! task at a time ([`TaskList::place`], in a screen that is told each change as it happens): both put every task
//! where the other would.

use std::cmp::Ordering;

use floordesk_domain::DeadlineTable;

use crate::{StaffProfile, TaskList, TaskView};

/// Most urgent first by `deadlines`; tasks as urgent as each other by their id, so that the order does not depend on
/// the order the tasks came in.
fn order(deadlines: &DeadlineTable, a: &TaskView, b: &TaskView) -> Ordering {
    (deadlines.urgency(&a.task), &a.task.id).cmp(&(deadlines.urgency(&b.task), &b.task.id))
}

impl TaskList {
    /// The list `me` sees of `tasks`: the open ones they hold, and the open ones of their pool
    /// ([`floordesk_domain::in_pool`]), each most urgent first by `deadlines`. The server makes it from its copy and the
    /// app from the device's, so both show the same list in the same order.
    #[must_use]
    pub fn arrange(
        me: &StaffProfile,
        tasks: impl IntoIterator<Item = TaskView>,
        deadlines: DeadlineTable,
        server_time: floordesk_domain::Timestamp,
    ) -> TaskList {
        let (mut mine, mut pool) = (Vec::new(), Vec::new());
        for view in tasks.into_iter().filter(|v| v.task.status.is_open()) {
            match side(me, &view) {
                Some(Side::Mine) => mine.push(view),
                Some(Side::Pool) => pool.push(view),
                None => {}
            }
        }
        mine.sort_by(|a, b| order(&deadlines, a, b));
        pool.sort_by(|a, b| order(&deadlines, a, b));
        TaskList { server_time, deadlines, mine, pool }
    }

    /// Every task of the list, the person's own first.
    pub fn views(&self) -> impl Iterator<Item = &TaskView> {
        self.mine.iter().chain(&self.pool)
    }

    /// Takes in the latest view of one task, as a change announced it or an action on this device foresees it, and
    /// leaves the list as [`TaskList::arrange`] would make it with that view: the task's older view goes, and the new
    /// one comes in where it belongs unless it is closed or no longer `me`'s to see. A view the server gave replaces
    /// a foreseen one (`pending`: only a guess) whatever their versions — which also puts back the view from before
    /// an action that could not be sent; otherwise the held view stays unless the incoming one is newer (a larger
    /// version): a change's late announcement, or a guess, never undoes what the server said. Returns whether the
    /// list changed.
    pub fn place(&mut self, me: &StaffProfile, view: TaskView) -> bool {
        let id = &view.task.id;
        let held = self.views().find(|v| v.task.id == *id);
        if held.is_some_and(|h| {
            (view.pending || !h.pending) && (h.task.version, !h.pending) >= (view.task.version, !view.pending)
        }) {
            return false;
        }
        let had = held.is_some();
        self.mine.retain(|v| v.task.id != *id);
        self.pool.retain(|v| v.task.id != *id);
        let list = match side(me, &view).filter(|_| view.task.status.is_open()) {
            Some(Side::Mine) => &mut self.mine,
            Some(Side::Pool) => &mut self.pool,
            None => return had,
        };
        let at = list.partition_point(|v| order(&self.deadlines, v, &view) == Ordering::Less);
        list.insert(at, view);
        true
    }
}

/// The two parts of a person's list.
enum Side {
    Mine,
    Pool,
}

/// Where `me` sees `view` (an open task): among their own, in their pool, or nowhere.
fn side(me: &StaffProfile, view: &TaskView) -> Option<Side> {
    if view.task.assignee.as_ref() == Some(&me.id) {
        Some(Side::Mine)
    } else if floordesk_domain::in_pool(me.role, me.zone.as_ref(), &view.task) {
        Some(Side::Pool)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use floordesk_domain::{
        NewTask, NonStandard, Priority, Role, SiteId, StaffId, Task, TaskDetails, TaskId, TaskStatus, Timestamp, ZoneId,
    };

    use super::*;

    fn staff(id: &str) -> StaffId {
        StaffId::new(id).unwrap()
    }

    fn zone(id: &str) -> ZoneId {
        ZoneId::new(id).unwrap()
    }

    fn person(role: Role, zone: Option<&str>) -> StaffProfile {
        StaffProfile {
            id: staff("me"),
            display_name: "Me".into(),
            role,
            site: SiteId::new("s").unwrap(),
            zone: zone.map(self::zone),
        }
    }

    fn task(n: u64) -> TaskView {
        let task = Task::new(NewTask {
            id: TaskId::new(format!("t-{n}")).unwrap(),
            site: SiteId::new("s").unwrap(),
            zone: zone(if n.is_multiple_of(2) { "z1" } else { "z2" }),
            case_id: None,
            priority: if n.is_multiple_of(3) { Priority::Urgent } else { Priority::Normal },
            details: TaskDetails::NonStandard(NonStandard { description: "x".into() }),
            created_by: staff("a"),
            // Several tasks met at the same moment: as urgent as each other, ordered by their id.
            met_at: Timestamp(i64::try_from(n % 4).unwrap() * 60_000),
            created_at: Timestamp(0),
        })
        .unwrap();
        TaskView { task, assignee_name: None, pending: false }
    }

    /// A change to a view: taken by someone (me, another, nobody), moved to another zone, made urgent, closed.
    fn changed(view: &TaskView, roll: u64) -> TaskView {
        let mut next = view.clone();
        let t = &mut next.task;
        t.version += 1;
        match roll % 6 {
            0 => (t.assignee, t.status) = (Some(staff("me")), TaskStatus::Accepted),
            1 => (t.assignee, t.status) = (Some(staff("other")), TaskStatus::InProgress),
            2 => (t.assignee, t.status) = (None, TaskStatus::New),
            3 => t.zone = zone(if t.zone == zone("z1") { "z2" } else { "z1" }),
            4 => t.priority = Priority::Urgent,
            _ => t.status = if roll % 12 == 5 { TaskStatus::Done } else { TaskStatus::Cancelled },
        }
        next
    }

    /// The same pseudo-random rolls on every run.
    fn rolls() -> impl Iterator<Item = u64> {
        std::iter::successors(Some(7_u64), |x| Some(x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1)))
            .map(|x| x >> 33)
    }

    #[test]
    fn a_list_kept_one_change_at_a_time_is_the_list_made_whole_from_the_latest_views() {
        for me in [person(Role::Supervisor, None), person(Role::Administrator, Some("z1"))] {
            let mut latest: Vec<TaskView> = (0..40).map(task).collect();
            let table = DeadlineTable::standard;
            let mut kept = TaskList::arrange(&me, latest.clone(), table(), Timestamp(0));
            let mut rolls = rolls();
            for _ in 0..400 {
                let (which, roll) = (rolls.next().unwrap(), rolls.next().unwrap());
                let n = usize::try_from(which % 48).unwrap();
                // Now and then a task that was not there yet (created elsewhere).
                let next = if n >= latest.len() { task(latest.len() as u64) } else { changed(&latest[n], roll) };
                if n >= latest.len() {
                    latest.push(next.clone());
                } else {
                    latest[n] = next.clone();
                }
                kept.place(&me, next);
                assert_eq!(kept, TaskList::arrange(&me, latest.clone(), table(), Timestamp(0)), "{me:?}");
            }
            assert!(!kept.pool.is_empty() || !kept.mine.is_empty());
        }
    }

    #[test]
    fn a_late_announcement_or_a_guess_does_not_undo_what_the_server_said() {
        let me = person(Role::Supervisor, None);
        let first = task(1);
        let mut list = TaskList::arrange(&me, [first.clone()], DeadlineTable::standard(), Timestamp(0));
        let taken = changed(&first, 0);
        // An action foreseen on this device shows at once, marked pending; one that could not be sent puts back the
        // view from before it, and it is foreseen again.
        let guess = TaskView { pending: true, ..taken.clone() };
        assert!(list.place(&me, guess.clone()));
        assert_eq!(list.mine, std::slice::from_ref(&guess));
        assert!(list.place(&me, first.clone()));
        assert_eq!(list.pool, std::slice::from_ref(&first));
        assert!(list.mine.is_empty());
        assert!(list.place(&me, guess.clone()));
        // The server's word on the same version replaces the guess; a guess never replaces it back.
        assert!(list.place(&me, taken.clone()));
        assert!(!list.place(&me, guess));
        assert_eq!(list.mine, std::slice::from_ref(&taken));
        // The announcement of an older change comes late: nothing moves.
        assert!(!list.place(&me, first.clone()));
        assert!(!list.place(&me, taken.clone()), "the same view again changes nothing");
        let renamed = TaskView { assignee_name: Some("Me".into()), ..taken.clone() };
        assert!(!list.place(&me, renamed), "nor does another view of the same version (the held one stays)");
        assert_eq!(list.mine, std::slice::from_ref(&taken));
        // A closed task leaves the list; one that was never there and is closed changes nothing.
        let done = changed(&taken, 5);
        assert!(list.place(&me, done.clone()));
        assert!(list.mine.is_empty() && list.pool.is_empty());
        assert!(!list.place(&me, changed(&task(2), 5)));
    }
}
