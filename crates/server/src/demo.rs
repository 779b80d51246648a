//! Demo data: one polyclinic and one flagship emergency centre, ten staff across the three roles, and a morning's
//! worth of tasks of every kind, placed relative to the moment the server was seeded.

use floordesk_domain::{
    Action, Actor, AmbulanceArrival, AmbulanceTransport, ArrivalMode, CaseId, Childcare, EdRegistration, Escort,
    KioskHelp, Minutes, MobilityAid, NewTask, NonStandard, Priority, RelativeMeeting, Role, Routing, SiteId, StaffId,
    Task, TaskDetails, TaskId, Taxi, TaxiOrder, Timestamp, WrittenRequest, ZoneId,
};
use floordesk_protocol::{SiteInfo, SiteKind, StaffProfile, ZoneInfo};

use crate::auth;
use crate::store::{Seed, StaffRecord, Store, StoreError};

fn site_id(s: &str) -> SiteId {
    SiteId::new(s).expect("demo ids are valid")
}
fn zone_id(s: &str) -> ZoneId {
    ZoneId::new(s).expect("demo ids are valid")
}
fn staff_id(s: &str) -> StaffId {
    StaffId::new(s).expect("demo ids are valid")
}

/// The demo sites.
pub fn sites() -> Vec<SiteInfo> {
    let zone = |id: &str, name: &str, floor| ZoneInfo { id: zone_id(id), name: name.into(), floor };
    vec![
        SiteInfo {
            id: site_id("poly-12"),
            name: "Городская поликлиника № 12".into(),
            kind: SiteKind::Polyclinic,
            zones: vec![
                zone("poly-12-entrance", "Вход и инфоматы", 1),
                zone("poly-12-f2", "2 этаж: терапия", 2),
                zone("poly-12-f3", "3 этаж: специалисты", 3),
            ],
        },
        SiteInfo {
            id: site_id("ed-1"),
            name: "Приёмное отделение ГКБ № 1".into(),
            kind: SiteKind::EmergencyCentre,
            zones: vec![
                zone("ed-1-bay", "Пандус СМП", 0),
                zone("ed-1-hall", "Зал ожидания", 1),
                zone("ed-1-lobby", "Вестибюль", 1),
            ],
        },
    ]
}

/// A demo account.
#[derive(Debug, Clone, Copy)]
pub struct DemoStaff {
    pub id: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub site: &'static str,
    /// The zone an administrator covers.
    pub zone: Option<&'static str>,
    /// The personal code, shown on the sign-in screen in demo mode.
    pub code: &'static str,
}

const fn demo(
    id: &'static str,
    name: &'static str,
    role: Role,
    site: &'static str,
    zone: Option<&'static str>,
    code: &'static str,
) -> DemoStaff {
    DemoStaff { id, name, role, site, zone, code }
}

/// The demo staff with their personal codes.
pub const STAFF: [DemoStaff; 10] = [
    demo("anna", "Анна Смирнова", Role::Administrator, "poly-12", Some("poly-12-entrance"), "1111"),
    demo("igor", "Игорь Петров", Role::Administrator, "poly-12", Some("poly-12-f2"), "2222"),
    demo("olga", "Ольга Кузнецова", Role::Administrator, "poly-12", Some("poly-12-f3"), "3333"),
    demo("maria", "Мария Иванова", Role::Supervisor, "poly-12", None, "4444"),
    demo("dmitry", "Дмитрий Соколов", Role::Administrator, "ed-1", Some("ed-1-lobby"), "5555"),
    demo("elena", "Елена Попова", Role::Administrator, "ed-1", Some("ed-1-hall"), "6666"),
    demo("alexey", "Алексей Новиков", Role::Administrator, "ed-1", Some("ed-1-bay"), "7777"),
    demo("sergey", "Сергей Лебедев", Role::Coordinator, "ed-1", None, "8888"),
    demo("natalia", "Наталья Козлова", Role::Coordinator, "ed-1", None, "9999"),
    demo("tatiana", "Татьяна Морозова", Role::Supervisor, "ed-1", None, "0000"),
];

/// The demo staff as the store keeps them, with fresh salts.
pub fn staff_records() -> Vec<StaffRecord> {
    STAFF
        .iter()
        .map(|s| {
            let salt = auth::random_hex(16);
            StaffRecord {
                profile: StaffProfile {
                    id: staff_id(s.id),
                    display_name: s.name.into(),
                    role: s.role,
                    site: site_id(s.site),
                    zone: s.zone.map(zone_id),
                },
                code_hash: auth::hash_code(&salt, s.code),
                code_salt: salt,
                demo_code: Some(s.code.into()),
                locked_until: None,
            }
        })
        .collect()
}

/// One demo task: who created it, where, how urgent, when the visitor was met, what, and who holds it.
struct DemoTask {
    id: &'static str,
    site: &'static str,
    zone: &'static str,
    creator: (&'static str, Role),
    priority: Priority,
    met_minutes_ago: i64,
    details: TaskDetails,
    holder: Option<Holder>,
    case: Option<&'static str>,
}

/// How a seeded task came to its holder.
enum Holder {
    /// Took it from the pool themselves and accepted it.
    Claimed(&'static str, Role),
    /// A coordinator or supervisor assigned it; not yet accepted.
    AssignedBy((&'static str, Role), &'static str),
    /// Claimed and already under way.
    Started(&'static str, Role),
}

fn demo_tasks(now: Timestamp) -> Vec<DemoTask> {
    let at = |minutes: i64| now.plus_minutes(minutes);
    let admin = Role::Administrator;
    let coord = Role::Coordinator;
    let sup = Role::Supervisor;
    vec![
        // --- Polyclinic ---
        DemoTask {
            id: "t-poly-escort-1",
            site: "poly-12",
            zone: "poly-12-entrance",
            creator: ("anna", admin),
            priority: Priority::Normal,
            met_minutes_ago: 6,
            details: TaskDetails::Escort(Escort {
                visitor: "Т. В. К.".into(),
                from: "Вход, инфомат 2".into(),
                to: "Кабинет 214, терапевт".into(),
                aid: MobilityAid::Wheelchair,
                patient_ready: true,
            }),
            holder: Some(Holder::Claimed("anna", admin)),
            case: Some("c-poly-1"),
        },
        DemoTask {
            id: "t-poly-kiosk-1",
            site: "poly-12",
            zone: "poly-12-entrance",
            creator: ("anna", admin),
            priority: Priority::Normal,
            met_minutes_ago: 3,
            details: TaskDetails::KioskHelp(KioskHelp {
                visitor: "Талон А-117".into(),
                service: "Запись к окулисту".into(),
            }),
            holder: Some(Holder::Started("anna", admin)),
            case: None,
        },
        DemoTask {
            id: "t-poly-routing-1",
            site: "poly-12",
            zone: "poly-12-entrance",
            creator: ("maria", sup),
            priority: Priority::Normal,
            met_minutes_ago: 2,
            details: TaskDetails::Routing(Routing {
                purpose: "Справка для бассейна".into(), destination: None
            }),
            holder: None,
            case: None,
        },
        DemoTask {
            id: "t-poly-child-1",
            site: "poly-12",
            zone: "poly-12-f2",
            creator: ("igor", admin),
            priority: Priority::Normal,
            met_minutes_ago: 12,
            details: TaskDetails::Childcare(Childcare {
                child_first_name: "Миша".into(),
                child_age: 5,
                parent_location: "Кабинет 208, УЗИ".into(),
                start: at(-10),
                end: None,
                max_duration: Minutes(40),
                handed_back_to: None,
            }),
            holder: Some(Holder::Started("igor", admin)),
            case: Some("c-poly-2"),
        },
        DemoTask {
            id: "t-poly-taxi-1",
            site: "poly-12",
            zone: "poly-12-f2",
            creator: ("igor", admin),
            priority: Priority::Urgent,
            met_minutes_ago: 4,
            details: TaskDetails::Taxi(Taxi {
                visitor: "Н. П. С.".into(),
                pickup: "Главный вход".into(),
                destination: "Домой, район Марьино".into(),
                at: at(20),
                phone: "+79161234567".into(),
                order: TaxiOrder::Ordered,
            }),
            holder: Some(Holder::AssignedBy(("maria", sup), "igor")),
            case: Some("c-poly-1"),
        },
        DemoTask {
            id: "t-poly-written-1",
            site: "poly-12",
            zone: "poly-12-f3",
            creator: ("maria", sup),
            priority: Priority::Normal,
            met_minutes_ago: 180,
            details: TaskDetails::WrittenRequest(WrittenRequest {
                reference: "ОБР-2026-0412".into(),
                channel: "Портал mos.ru".into(),
                summary: "Просьба перенести приём к кардиологу на утро".into(),
                acknowledged_at: None,
            }),
            holder: Some(Holder::Claimed("olga", admin)),
            case: None,
        },
        DemoTask {
            id: "t-poly-nonstd-1",
            site: "poly-12",
            zone: "poly-12-f3",
            creator: ("olga", admin),
            priority: Priority::Urgent,
            met_minutes_ago: 9,
            details: TaskDetails::NonStandard(NonStandard {
                description: "Посетитель потерял карту москвича у кабинета 305".into(),
            }),
            holder: None,
            case: None,
        },
        DemoTask {
            id: "t-poly-escort-2",
            site: "poly-12",
            zone: "poly-12-f3",
            creator: ("olga", admin),
            priority: Priority::Normal,
            met_minutes_ago: 1,
            details: TaskDetails::Escort(Escort {
                visitor: "Талон Б-042".into(),
                from: "3 этаж, холл".into(),
                to: "Кабинет 312, невролог".into(),
                aid: MobilityAid::Walking,
                patient_ready: false,
            }),
            holder: None,
            case: None,
        },
        // --- Emergency centre ---
        DemoTask {
            id: "t-ed-ambulance-1",
            site: "ed-1",
            zone: "ed-1-bay",
            creator: ("sergey", coord),
            priority: Priority::Emergency,
            met_minutes_ago: 0,
            details: TaskDetails::AmbulanceArrival(AmbulanceArrival {
                crew_number: "Бригада 412".into(),
                eta: at(7),
                transport: AmbulanceTransport::Stretcher,
                destination: "Шоковый зал".into(),
                arrived_at: None,
            }),
            holder: Some(Holder::AssignedBy(("sergey", coord), "alexey")),
            case: None,
        },
        DemoTask {
            id: "t-ed-ambulance-2",
            site: "ed-1",
            zone: "ed-1-bay",
            creator: ("sergey", coord),
            priority: Priority::Urgent,
            met_minutes_ago: 5,
            details: TaskDetails::AmbulanceArrival(AmbulanceArrival {
                crew_number: "Бригада 187".into(),
                eta: at(-6),
                transport: AmbulanceTransport::Walking,
                destination: "Смотровая 3".into(),
                arrived_at: Some(at(-5)),
            }),
            holder: Some(Holder::Started("alexey", admin)),
            case: Some("c-ed-1"),
        },
        DemoTask {
            id: "t-ed-registration-1",
            site: "ed-1",
            zone: "ed-1-hall",
            creator: ("natalia", coord),
            priority: Priority::Urgent,
            met_minutes_ago: 4,
            details: TaskDetails::EdRegistration(EdRegistration {
                visitor: "П. А. Д.".into(),
                arrived_by: ArrivalMode::Ambulance,
                crew_number: Some("Бригада 187".into()),
            }),
            holder: Some(Holder::Claimed("elena", admin)),
            case: Some("c-ed-1"),
        },
        DemoTask {
            id: "t-ed-registration-2",
            site: "ed-1",
            zone: "ed-1-hall",
            creator: ("natalia", coord),
            priority: Priority::Normal,
            met_minutes_ago: 11,
            details: TaskDetails::EdRegistration(EdRegistration {
                visitor: "Талон П-009".into(),
                arrived_by: ArrivalMode::OnFoot,
                crew_number: None,
            }),
            holder: None,
            case: None,
        },
        DemoTask {
            id: "t-ed-meeting-1",
            site: "ed-1",
            zone: "ed-1-lobby",
            creator: ("natalia", coord),
            priority: Priority::Normal,
            met_minutes_ago: 25,
            details: TaskDetails::RelativeMeeting(RelativeMeeting {
                relative: "Дочь, Е. А.".into(),
                contact: "+79037654321".into(),
                department: "Кардиология".into(),
                doctor: "Дежурный кардиолог".into(),
                requested_slot: at(60),
                confirmed_slot: None,
            }),
            holder: Some(Holder::AssignedBy(("natalia", coord), "dmitry")),
            case: None,
        },
        DemoTask {
            id: "t-ed-escort-1",
            site: "ed-1",
            zone: "ed-1-lobby",
            creator: ("dmitry", admin),
            priority: Priority::Urgent,
            met_minutes_ago: 3,
            details: TaskDetails::Escort(Escort {
                visitor: "Л. М. Р.".into(),
                from: "Вестибюль".into(),
                to: "Рентген, кабинет 105".into(),
                aid: MobilityAid::Stretcher,
                patient_ready: true,
            }),
            holder: Some(Holder::Claimed("dmitry", admin)),
            case: Some("c-ed-1"),
        },
        DemoTask {
            id: "t-ed-routing-1",
            site: "ed-1",
            zone: "ed-1-lobby",
            creator: ("tatiana", sup),
            priority: Priority::Normal,
            met_minutes_ago: 1,
            details: TaskDetails::Routing(Routing {
                purpose: "Передать вещи пациенту".into(),
                destination: Some("Справочное окно".into()),
            }),
            holder: None,
            case: None,
        },
        DemoTask {
            id: "t-ed-taxi-1",
            site: "ed-1",
            zone: "ed-1-lobby",
            creator: ("dmitry", admin),
            priority: Priority::Normal,
            met_minutes_ago: 8,
            details: TaskDetails::Taxi(Taxi {
                visitor: "Г. И. В.".into(),
                pickup: "Выход из приёмного".into(),
                destination: "Ж/д вокзал".into(),
                at: at(15),
                phone: "+79260001122".into(),
                order: TaxiOrder::NotOrdered,
            }),
            holder: None,
            case: None,
        },
        DemoTask {
            id: "t-ed-nonstd-1",
            site: "ed-1",
            zone: "ed-1-hall",
            creator: ("elena", admin),
            priority: Priority::Normal,
            met_minutes_ago: 14,
            details: TaskDetails::NonStandard(NonStandard {
                description: "Родственник просит зарядку для телефона пациента".into(),
            }),
            holder: Some(Holder::Claimed("elena", admin)),
            case: None,
        },
    ]
}

/// Builds the demo tasks as they stand at `now`, each driven through the real state machine.
pub fn tasks(now: Timestamp) -> Vec<Task> {
    demo_tasks(now)
        .into_iter()
        .map(|seed| {
            let met_at = now.plus_minutes(-seed.met_minutes_ago);
            let task = Task::new(NewTask {
                id: TaskId::new(seed.id).expect("demo ids are valid"),
                site: site_id(seed.site),
                zone: zone_id(seed.zone),
                case_id: seed.case.map(|c| CaseId::new(c).expect("demo ids are valid")),
                priority: seed.priority,
                details: seed.details,
                created_by: staff_id(seed.creator.0),
                met_at,
                created_at: met_at,
            })
            .expect("demo tasks are valid");
            let actor = |(id, role): (&str, Role)| Actor { staff: staff_id(id), role };
            let step =
                |task: Task, who, action| task.apply(&actor(who), &action, met_at).expect("demo transitions are legal");
            match seed.holder {
                None => task,
                Some(Holder::Claimed(id, role)) => step(task, (id, role), Action::Claim),
                Some(Holder::AssignedBy(by, to)) => step(task, by, Action::Assign { to: staff_id(to) }),
                Some(Holder::Started(id, role)) => {
                    let claimed = step(task, (id, role), Action::Claim);
                    step(claimed, (id, role), Action::Start)
                }
            }
        })
        .collect()
}

/// Seeds the demo into an empty store, in one transaction; does nothing when the store already has data.
/// Returns whether it seeded.
pub async fn seed_if_empty<S: Store>(store: &S, now: Timestamp) -> Result<bool, StoreError> {
    if !store.is_empty().await? {
        return Ok(false);
    }
    store.seed(&Seed { sites: sites(), staff: staff_records(), tasks: tasks(now) }).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use floordesk_domain::{TaskKind, TaskStatus};

    #[test]
    fn demo_covers_every_task_kind_and_both_sites() {
        let tasks = tasks(Timestamp(1_790_000_000_000));
        for kind in TaskKind::ALL {
            assert!(tasks.iter().any(|t| t.details.kind() == kind), "no demo task of kind {kind:?}");
        }
        for site in sites() {
            assert!(tasks.iter().any(|t| t.site == site.id), "no demo task at {}", site.id);
        }
    }

    #[test]
    fn demo_staff_cover_the_three_roles_and_sit_in_their_site_zones() {
        let sites = sites();
        for role in Role::ALL {
            assert!(STAFF.iter().any(|s| s.role == role), "no demo staff with role {role:?}");
        }
        for staff in STAFF {
            let site = sites.iter().find(|s| s.id.as_str() == staff.site).expect("staff site exists");
            match staff.zone {
                Some(z) => assert!(
                    site.zones.iter().any(|sz| sz.id.as_str() == z),
                    "{}: zone {z} not in {}",
                    staff.id,
                    site.id
                ),
                None => assert_ne!(staff.role, Role::Administrator, "{}: administrators cover a zone", staff.id),
            }
        }
    }

    #[test]
    fn demo_holders_work_at_the_task_site_and_states_match_the_seed() {
        let tasks = tasks(Timestamp(1_790_000_000_000));
        for task in &tasks {
            if let Some(holder) = &task.assignee {
                let staff = STAFF.iter().find(|s| s.id == holder.as_str()).expect("holder exists");
                assert_eq!(staff.site, task.site.as_str(), "{} held by {holder} of another site", task.id);
            }
        }
        let status = |id: &str| tasks.iter().find(|t| t.id.as_str() == id).expect("seeded").status;
        assert_eq!(status("t-poly-routing-1"), TaskStatus::New);
        assert_eq!(status("t-poly-escort-1"), TaskStatus::Accepted);
        assert_eq!(status("t-poly-taxi-1"), TaskStatus::Assigned);
        assert_eq!(status("t-poly-kiosk-1"), TaskStatus::InProgress);
    }
}
