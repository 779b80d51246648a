//! Staff roles and what each may do. The tables here are shared by the
//! server (enforcement) and the UI (what to show).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::SiteId;
use crate::kind::TaskKind;
use crate::site::SiteKind;

/// A staff member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Floor administrator ("Мой администратор"): meets and helps visitors in a zone.
    Administrator,
    /// Emergency-department coordinator: ambulances, registration, relatives.
    Coordinator,
    /// Supervisor of a site: may do everything there.
    Supervisor,
    /// An administrator of the city's programme: sets up sites and their supervisors. Belongs to the programme's
    /// office ([`SiteKind::Office`]), where no floor work exists.
    CityAdmin,
}

/// A single capability checked by the server and mirrored by the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// See tasks assigned to oneself.
    ViewOwnTasks,
    /// See the unassigned tasks of one's zone.
    ViewZonePool,
    /// See every task of the site.
    ViewSiteTasks,
    /// Take an unassigned task.
    ClaimTask,
    /// Create tasks (which kinds: [`Role::may_create`]).
    CreateTask,
    /// Give an unassigned task to someone.
    AssignTask,
    /// Move a held task to someone else.
    ReassignTask,
    /// Cancel any task (creators may always cancel their own).
    CancelTask,
    /// Return one's own task to the pool.
    HandBackTask,
    /// Read the audit trail.
    ViewAudit,
    /// See the service-standard indicators.
    ViewKpi,
    /// Run the morning meeting.
    RunMorningMeeting,
    /// Post a "good story" about a colleague.
    PostGoodStory,
    /// Edit the knowledge base.
    ManageKnowledgeBase,
    /// Maintain the ambulance arrival board.
    ManageAmbulanceBoard,
    /// Schedule meetings of relatives with doctors.
    ManageRelativeMeetings,
    /// Enrol the site's handhelds and withdraw them.
    ManageDevices,
    /// Look after the site's staff: add, change, deactivate, issue codes, lift a sign-in pause, import.
    ManageStaff,
    /// Tune the site's rules and zones' dispatch, and end a shift somebody forgot.
    ManageFloor,
    /// Set up sites: create them, set their hours, time zone and settings (city administrators).
    ManageSites,
}

impl Permission {
    /// Every permission.
    pub const ALL: [Permission; 20] = [
        Permission::ViewOwnTasks,
        Permission::ViewZonePool,
        Permission::ViewSiteTasks,
        Permission::ClaimTask,
        Permission::CreateTask,
        Permission::AssignTask,
        Permission::ReassignTask,
        Permission::CancelTask,
        Permission::HandBackTask,
        Permission::ViewAudit,
        Permission::ViewKpi,
        Permission::RunMorningMeeting,
        Permission::PostGoodStory,
        Permission::ManageKnowledgeBase,
        Permission::ManageAmbulanceBoard,
        Permission::ManageRelativeMeetings,
        Permission::ManageDevices,
        Permission::ManageStaff,
        Permission::ManageFloor,
        Permission::ManageSites,
    ];

    /// The wire name, e.g. `"view_own_tasks"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Permission::ViewOwnTasks => "view_own_tasks",
            Permission::ViewZonePool => "view_zone_pool",
            Permission::ViewSiteTasks => "view_site_tasks",
            Permission::ClaimTask => "claim_task",
            Permission::CreateTask => "create_task",
            Permission::AssignTask => "assign_task",
            Permission::ReassignTask => "reassign_task",
            Permission::CancelTask => "cancel_task",
            Permission::HandBackTask => "hand_back_task",
            Permission::ViewAudit => "view_audit",
            Permission::ViewKpi => "view_kpi",
            Permission::RunMorningMeeting => "run_morning_meeting",
            Permission::PostGoodStory => "post_good_story",
            Permission::ManageKnowledgeBase => "manage_knowledge_base",
            Permission::ManageAmbulanceBoard => "manage_ambulance_board",
            Permission::ManageRelativeMeetings => "manage_relative_meetings",
            Permission::ManageDevices => "manage_devices",
            Permission::ManageStaff => "manage_staff",
            Permission::ManageFloor => "manage_floor",
            Permission::ManageSites => "manage_sites",
        }
    }
}

const ADMINISTRATOR_PERMISSIONS: &[Permission] = &[
    Permission::ViewOwnTasks,
    Permission::ViewZonePool,
    Permission::ClaimTask,
    Permission::CreateTask,
    Permission::HandBackTask,
    Permission::PostGoodStory,
];

/// Everything at their own site; sites themselves are the city administrators'.
const SUPERVISOR_PERMISSIONS: [Permission; 19] = {
    let mut all = [Permission::ViewOwnTasks; 19];
    let mut i = 0;
    while i < 19 {
        all[i] = Permission::ALL[i];
        i += 1;
    }
    all
};

const CITY_ADMIN_PERMISSIONS: &[Permission] = &[Permission::ManageStaff, Permission::ManageSites];

const COORDINATOR_PERMISSIONS: &[Permission] = &[
    Permission::ViewOwnTasks,
    Permission::ViewSiteTasks,
    Permission::ClaimTask,
    Permission::CreateTask,
    Permission::AssignTask,
    Permission::HandBackTask,
    Permission::PostGoodStory,
    Permission::ManageAmbulanceBoard,
    Permission::ManageRelativeMeetings,
];

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Administrator, Role::Coordinator, Role::Supervisor, Role::CityAdmin];

    /// The permissions this role holds.
    #[must_use]
    pub const fn permissions(self) -> &'static [Permission] {
        match self {
            Role::Administrator => ADMINISTRATOR_PERMISSIONS,
            Role::Coordinator => COORDINATOR_PERMISSIONS,
            Role::Supervisor => &SUPERVISOR_PERMISSIONS,
            Role::CityAdmin => CITY_ADMIN_PERMISSIONS,
        }
    }

    /// Whether this role holds `permission`.
    #[must_use]
    pub fn can(self, permission: Permission) -> bool {
        self.permissions().contains(&permission)
    }

    /// Whether this role creates tasks of `kind` where such work exists (see [`Role::may_create`]). Administrators
    /// and supervisors create every kind: in an emergency centre registering patients and meeting ambulance crews
    /// are the administrators' own duties. Coordinators create the emergency department's intake (ambulance
    /// arrivals, registrations, relatives' meetings) plus escorts, routing and non-standard problems.
    #[must_use]
    pub fn creates(self, kind: TaskKind) -> bool {
        if !self.can(Permission::CreateTask) {
            return false;
        }
        match self {
            Role::Administrator | Role::Supervisor => true,
            Role::CityAdmin => false,
            Role::Coordinator => matches!(
                kind,
                TaskKind::AmbulanceArrival
                    | TaskKind::EdRegistration
                    | TaskKind::RelativeMeeting
                    | TaskKind::Escort
                    | TaskKind::Routing
                    | TaskKind::NonStandard
            ),
        }
    }

    /// Whether this role may create tasks of `kind` at a site of kind `site`: the work exists there (a
    /// property of the site, [`SiteKind::has`]) and the role creates it ([`Role::creates`]).
    #[must_use]
    pub fn may_create(self, kind: TaskKind, site: SiteKind) -> bool {
        site.has(kind) && self.creates(kind)
    }

    /// The wire name (`"administrator"`, `"coordinator"`, `"supervisor"`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Coordinator => "coordinator",
            Role::Supervisor => "supervisor",
            Role::CityAdmin => "city_admin",
        }
    }

    /// The role with its indefinite article, capitalised, for sentences
    /// ("An administrator", "A coordinator").
    #[must_use]
    pub const fn with_article(self) -> &'static str {
        match self {
            Role::Administrator => "An administrator",
            Role::Coordinator => "A coordinator",
            Role::Supervisor => "A supervisor",
            Role::CityAdmin => "A city administrator",
        }
    }

    /// Whether someone of this role at `own_site` may add, change, deactivate or issue a code to a person of
    /// `role` at `site`: a supervisor, the administrators and coordinators of their own site; a city administrator,
    /// anyone at any site but another city administrator (those are made from the server's command line).
    #[must_use]
    pub fn manages(self, own_site: &SiteId, role: Role, site: &SiteId) -> bool {
        match self {
            Role::CityAdmin => role != Role::CityAdmin,
            Role::Supervisor => own_site == site && matches!(role, Role::Administrator | Role::Coordinator),
            Role::Administrator | Role::Coordinator => false,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission as P;

    #[test]
    fn supervisor_holds_every_permission_but_setting_up_sites() {
        for p in Permission::ALL {
            assert_eq!(Role::Supervisor.can(p), p != P::ManageSites, "{p:?}");
        }
    }

    #[test]
    fn a_city_administrator_sets_up_sites_and_their_people_and_does_no_floor_work() {
        for p in Permission::ALL {
            assert_eq!(Role::CityAdmin.can(p), matches!(p, P::ManageSites | P::ManageStaff), "{p:?}");
        }
        let (poly, ed) = (SiteId::new("poly-12").unwrap(), SiteId::new("ed-1").unwrap());
        let city = SiteId::new("city").unwrap();
        assert!(Role::CityAdmin.manages(&city, Role::Supervisor, &poly));
        assert!(!Role::CityAdmin.manages(&city, Role::CityAdmin, &city), "made from the command line only");
        assert!(Role::Supervisor.manages(&poly, Role::Administrator, &poly));
        assert!(!Role::Supervisor.manages(&poly, Role::Administrator, &ed), "another site's");
        assert!(!Role::Supervisor.manages(&poly, Role::Supervisor, &poly));
        assert!(!Role::Administrator.manages(&poly, Role::Administrator, &poly));
        assert!(TaskKind::ALL.into_iter().all(|k| !SiteKind::Office.has(k)));
    }

    #[test]
    fn coordinator_table() {
        let expected = [
            P::ViewOwnTasks,
            P::ViewSiteTasks,
            P::ClaimTask,
            P::CreateTask,
            P::AssignTask,
            P::HandBackTask,
            P::PostGoodStory,
            P::ManageAmbulanceBoard,
            P::ManageRelativeMeetings,
        ];
        for p in Permission::ALL {
            assert_eq!(Role::Coordinator.can(p), expected.contains(&p), "{p:?}");
        }
    }

    #[test]
    fn administrator_table() {
        let expected =
            [P::ViewOwnTasks, P::ViewZonePool, P::ClaimTask, P::CreateTask, P::HandBackTask, P::PostGoodStory];
        for p in Permission::ALL {
            assert_eq!(Role::Administrator.can(p), expected.contains(&p), "{p:?}");
        }
    }

    #[test]
    fn only_supervisors_reassign_cancel_see_kpi_and_enrol_devices() {
        for p in [P::ReassignTask, P::CancelTask, P::ViewKpi, P::ViewAudit, P::ManageDevices] {
            let holders: Vec<Role> = Role::ALL.into_iter().filter(|r| r.can(p)).collect();
            assert_eq!(holders, vec![Role::Supervisor], "{p:?}");
        }
    }

    #[test]
    fn permission_lists_have_no_duplicates() {
        for role in Role::ALL {
            let perms = role.permissions();
            for (i, p) in perms.iter().enumerate() {
                assert!(!perms[i + 1..].contains(p), "{role:?} lists {p:?} twice");
            }
        }
    }

    #[test]
    fn administrators_create_what_their_site_has_in_an_emergency_centre_its_intake_too() {
        for kind in TaskKind::ALL {
            let ed_intake = matches!(kind, TaskKind::AmbulanceArrival | TaskKind::EdRegistration);
            assert_eq!(Role::Administrator.may_create(kind, SiteKind::Polyclinic), !ed_intake, "{kind:?}");
            assert!(Role::Administrator.may_create(kind, SiteKind::EmergencyCentre), "{kind:?}");
        }
    }

    #[test]
    fn coordinators_create_ed_work_escort_routing_non_standard() {
        let expected = [
            TaskKind::AmbulanceArrival,
            TaskKind::EdRegistration,
            TaskKind::RelativeMeeting,
            TaskKind::Escort,
            TaskKind::Routing,
            TaskKind::NonStandard,
        ];
        for kind in TaskKind::ALL {
            assert_eq!(
                Role::Coordinator.may_create(kind, SiteKind::EmergencyCentre),
                expected.contains(&kind),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn supervisors_create_everything_their_site_has() {
        assert!(TaskKind::ALL.into_iter().all(|k| Role::Supervisor.may_create(k, SiteKind::EmergencyCentre)));
        assert!(!Role::Supervisor.may_create(TaskKind::AmbulanceArrival, SiteKind::Polyclinic), "no ambulances there");
    }

    #[test]
    fn wire_names_match_serde() {
        for r in Role::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
        for p in Permission::ALL {
            assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
            assert_eq!(serde_json::from_value::<Permission>(p.as_str().into()).unwrap(), p);
        }
        assert_eq!(Role::Administrator.with_article(), "An administrator");
    }

    #[test]
    fn permission_all_is_complete_and_distinct() {
        let mut names: Vec<&str> = Permission::ALL.iter().map(|p| p.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Permission::ALL.len());
    }
}
