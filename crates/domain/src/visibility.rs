//! Who receives which changes of a site's task feed.
//!
//! Coordinators and supervisors follow the whole site. An administrator follows their own zone (so a pool task that
//! someone else takes leaves their pool), every task they hold wherever it is, and the change that takes a task
//! away from them — so a reassignment reaches both the person who lost the task and the one who got it.

use crate::{Permission, Role, StaffId, Task, ZoneId};

/// The part of a site's change feed one person receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedScope {
    /// Every change of the site.
    Site,
    /// The changes of one zone (if the person covers one) and of the tasks the person holds or held just before.
    Person { staff: StaffId, zone: Option<ZoneId> },
}

impl FeedScope {
    /// The scope of a person with `role` covering `zone`.
    #[must_use]
    pub fn of(staff: &StaffId, role: Role, zone: Option<&ZoneId>) -> Self {
        if role.can(Permission::ViewSiteTasks) {
            FeedScope::Site
        } else {
            FeedScope::Person { staff: staff.clone(), zone: zone.cloned() }
        }
    }

    /// Whether a change that left a task in `zone`, held by `assignee`, after being held by `previous_assignee`,
    /// reaches this person.
    #[must_use]
    pub fn sees(&self, zone: &ZoneId, assignee: Option<&StaffId>, previous_assignee: Option<&StaffId>) -> bool {
        match self {
            FeedScope::Site => true,
            FeedScope::Person { staff, zone: mine } => {
                mine.as_ref() == Some(zone) || assignee == Some(staff) || previous_assignee == Some(staff)
            }
        }
    }

    /// Whether a device of this person keeps `task` after a change it received: a task that left the scope (taken
    /// from them outside their zone) is dropped, since its later changes will not reach them.
    #[must_use]
    pub fn keeps(&self, task: &Task) -> bool {
        self.sees(&task.zone, task.assignee.as_ref(), None)
    }
}

/// Whether a task someone else holds, or nobody holds, is in this person's pool (what they may take or oversee):
/// every task of the site for those who oversee it, the unassigned tasks of their own zone for an administrator.
#[must_use]
pub fn in_pool(role: Role, zone: Option<&ZoneId>, task: &Task) -> bool {
    role.can(Permission::ViewSiteTasks)
        || (role.can(Permission::ViewZonePool) && task.assignee.is_none() && Some(&task.zone) == zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(id: &str) -> StaffId {
        StaffId::new(id).unwrap()
    }

    fn zone(id: &str) -> ZoneId {
        ZoneId::new(id).unwrap()
    }

    #[test]
    fn coordinators_and_supervisors_follow_the_whole_site() {
        for role in [Role::Coordinator, Role::Supervisor] {
            let scope = FeedScope::of(&staff("s"), role, None);
            assert_eq!(scope, FeedScope::Site);
            assert!(scope.sees(&zone("anywhere"), None, None));
        }
    }

    #[test]
    fn an_administrator_follows_the_zone_what_they_hold_and_what_was_taken_from_them() {
        let anna = staff("anna");
        let scope = FeedScope::of(&anna, Role::Administrator, Some(&zone("hall")));
        assert!(scope.sees(&zone("hall"), None, None), "the zone's pool");
        assert!(scope.sees(&zone("hall"), Some(&staff("igor")), None), "a zone task someone else took");
        assert!(scope.sees(&zone("floor-3"), Some(&anna), None), "a task of hers elsewhere");
        assert!(scope.sees(&zone("floor-3"), Some(&staff("igor")), Some(&anna)), "a task reassigned away from her");
        assert!(!scope.sees(&zone("floor-3"), Some(&staff("igor")), None), "another zone's task");
        assert!(!scope.sees(&zone("floor-3"), None, Some(&staff("igor"))), "another zone's hand-back");
    }

    #[test]
    fn the_pool_is_the_site_for_overseers_and_the_free_zone_tasks_for_an_administrator() {
        use crate::{NewTask, Priority, Routing, SiteId, Task, TaskDetails, TaskId, Timestamp};
        let free = Task::new(NewTask {
            id: TaskId::new("t").unwrap(),
            site: SiteId::new("s").unwrap(),
            zone: zone("hall"),
            case_id: None,
            priority: Priority::Normal,
            details: TaskDetails::Routing(Routing { purpose: "x".into(), destination: None }),
            created_by: staff("anna"),
            met_at: Timestamp(0),
            created_at: Timestamp(0),
        })
        .unwrap();
        let mut held = free.clone();
        held.assignee = Some(staff("igor"));
        assert!(in_pool(Role::Administrator, Some(&zone("hall")), &free));
        assert!(!in_pool(Role::Administrator, Some(&zone("hall")), &held), "someone else's task is not in the pool");
        assert!(!in_pool(Role::Administrator, Some(&zone("floor-3")), &free), "another zone's");
        assert!(!in_pool(Role::Administrator, None, &free));
        for role in [Role::Coordinator, Role::Supervisor] {
            assert!(in_pool(role, None, &free) && in_pool(role, None, &held));
        }
    }

    #[test]
    fn an_administrator_without_a_zone_follows_only_their_own_tasks() {
        let anna = staff("anna");
        let scope = FeedScope::of(&anna, Role::Administrator, None);
        assert!(!scope.sees(&zone("hall"), None, None));
        assert!(scope.sees(&zone("hall"), Some(&anna), None));
    }
}
