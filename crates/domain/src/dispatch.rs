//! Dispatch: who of the people on shift a task of a zone goes to, keeping a reserve free for urgent work.
//!
//! A zone's mode says what the system does with a new task: leave it in the pool (people take it themselves),
//! suggest a person to the supervisors (one tap gives it), or give it at once. An emergency is given at once in
//! every mode to the least loaded person on shift who holds fewer than [`MAX_LOAD`] tasks (somebody free first). A
//! normal task never takes one of the last free people the zone keeps in reserve: it waits for somebody to finish,
//! or for a person to take it themselves.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ids::{StaffId, ZoneId};
use crate::presence::Presence;
use crate::priority::Priority;
use crate::task::Task;

/// Open tasks a person may hold and still be given an urgent one.
pub const MAX_LOAD: usize = 2;

/// What the system does with a zone's new tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DispatchMode {
    /// People take tasks themselves.
    Pool,
    /// A person is suggested to the supervisors; one tap gives the task.
    Suggest,
    /// The task is given at once.
    Auto,
}

/// A zone's dispatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ZoneDispatch {
    /// The mode.
    pub mode: DispatchMode,
    /// People kept free for urgent work, 0 to 20...
    pub reserve_people: u32,
    /// ...or this share of the zone's people on shift, 0 to 100 %, whichever is more.
    pub reserve_percent: u32,
}

impl ZoneDispatch {
    /// What a zone starts with: suggestions, one person in reserve.
    #[must_use]
    pub const fn usual() -> ZoneDispatch {
        ZoneDispatch { mode: DispatchMode::Suggest, reserve_people: 1, reserve_percent: 0 }
    }

    /// How many of `present` people of the zone stay free for urgent work.
    #[must_use]
    pub fn reserve(&self, present: usize) -> usize {
        let share = (present * self.reserve_percent as usize).div_ceil(100);
        (self.reserve_people as usize).max(share)
    }
}

/// The people on shift and what they hold: what dispatch chooses from.
#[derive(Debug, Clone, Default)]
pub struct Staffing<'a> {
    people: Vec<&'a Presence>,
    load: BTreeMap<&'a StaffId, usize>,
}

/// Dispatch's answer for one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Give it to this person.
    Give(StaffId),
    /// Somebody is on shift, but nobody may take it now (the reserve, or everybody busy): it waits.
    Wait,
    /// Nobody of its zone is on shift to take work.
    Nobody,
}

impl<'a> Staffing<'a> {
    /// The people on shift, and the open tasks (each held task counts on its holder).
    #[must_use]
    pub fn new(people: &'a [Presence], open: impl IntoIterator<Item = &'a Task>) -> Staffing<'a> {
        let mut load: BTreeMap<&StaffId, usize> = people.iter().map(|p| (&p.staff, 0)).collect();
        for task in open {
            if let Some(n) = task.assignee.as_ref().and_then(|a| load.get_mut(a)) {
                *n += 1;
            }
        }
        Staffing { people: people.iter().collect(), load }
    }

    /// Counts a task just given to `staff` on them (within one tick).
    pub(crate) fn gave(&mut self, staff: &StaffId) {
        if let Some(n) = self.load.get_mut(staff) {
            *n += 1;
        }
    }

    /// Open tasks `staff` holds.
    #[must_use]
    pub fn load(&self, staff: &StaffId) -> usize {
        self.load.get(staff).copied().unwrap_or(0)
    }

    /// Whether `staff` is on shift and may be given work.
    #[must_use]
    pub fn takes_work(&self, staff: &StaffId) -> bool {
        self.people.iter().any(|p| p.staff == *staff && p.takes_work())
    }

    /// The people of `zone` who take work, and how many of them are free (hold nothing).
    #[must_use]
    pub fn of_zone(&self, zone: &ZoneId) -> (Vec<&'a Presence>, usize) {
        let takers: Vec<&Presence> = self.people.iter().copied().filter(|p| p.takes_work() && p.covers(zone)).collect();
        let free = takers.iter().filter(|p| self.load(&p.staff) == 0).count();
        (takers, free)
    }

    /// Whether `zone` keeps its reserve now: at least as many free as it keeps.
    #[must_use]
    pub fn reserve_kept(&self, zone: &ZoneId, dispatch: &ZoneDispatch) -> bool {
        let (takers, free) = self.of_zone(zone);
        free >= dispatch.reserve(takers.len())
    }

    /// Who `task` goes to: among the people of its zone who take work (never whoever just handed it back), the
    /// least loaded, then the one working longest since their last change of activity. An emergency or urgent task may take anyone free (the reserve is
    /// for it), else someone holding fewer than [`MAX_LOAD`]; a normal task only someone free beyond the reserve.
    #[must_use]
    pub fn choose(&self, task: &Task, dispatch: &ZoneDispatch) -> Choice {
        let (takers, free) = self.of_zone(&task.zone);
        let mut candidates: Vec<&Presence> =
            takers.iter().copied().filter(|p| task.last_holder.as_ref() != Some(&p.staff)).collect();
        if candidates.is_empty() {
            return Choice::Nobody;
        }
        candidates.sort_by_key(|p| (self.load(&p.staff), p.since, &p.staff));
        let best = candidates[0];
        let load = self.load(&best.staff);
        let give = match task.priority {
            Priority::Emergency | Priority::Urgent => load < MAX_LOAD,
            Priority::Normal => load == 0 && free > dispatch.reserve(takers.len()),
        };
        if give {
            Choice::Give(best.staff.clone())
        } else {
            Choice::Wait
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presence::Activity;
    use crate::role::Role;
    use crate::time::Timestamp;

    fn person(id: &str, since: i64) -> Presence {
        Presence {
            staff: StaffId::new(id).unwrap(),
            role: Role::Administrator,
            zone: Some(ZoneId::new("hall").unwrap()),
            activity: Activity::Working,
            back_at: None,
            since: Timestamp(since),
            shift_started: Timestamp(0),
        }
    }

    fn task(priority: Priority, assignee: Option<&str>) -> Task {
        let mut t = crate::tick::tests::task_in("hall", priority);
        t.assignee = assignee.map(|a| StaffId::new(a).unwrap());
        t
    }

    #[test]
    fn a_normal_task_keeps_the_reserve_and_an_urgent_one_takes_it() {
        let people = [person("anna", 5), person("igor", 1)];
        let zone = ZoneDispatch { mode: DispatchMode::Auto, reserve_people: 1, reserve_percent: 0 };
        let none: [Task; 0] = [];
        let both_free = Staffing::new(&people, &none);
        // Two free, one kept: the one free longest gets it.
        assert_eq!(both_free.choose(&task(Priority::Normal, None), &zone), Choice::Give(StaffId::new("igor").unwrap()));
        let held = [task(Priority::Normal, Some("igor"))];
        let one_free = Staffing::new(&people, &held);
        assert_eq!(one_free.choose(&task(Priority::Normal, None), &zone), Choice::Wait);
        assert_eq!(
            one_free.choose(&task(Priority::Emergency, None), &zone),
            Choice::Give(StaffId::new("anna").unwrap())
        );
        assert!(one_free.reserve_kept(&ZoneId::new("hall").unwrap(), &zone));
        let away = [Presence { activity: Activity::Break, back_at: Some(Timestamp(9)), ..person("anna", 0) }];
        assert_eq!(Staffing::new(&away, &none).choose(&task(Priority::Emergency, None), &zone), Choice::Nobody);
    }

    #[test]
    fn a_share_of_people_in_reserve_rounds_up() {
        let zone = ZoneDispatch { mode: DispatchMode::Auto, reserve_people: 1, reserve_percent: 25 };
        assert_eq!(zone.reserve(0), 1);
        assert_eq!(zone.reserve(4), 1);
        assert_eq!(zone.reserve(5), 2);
    }
}
