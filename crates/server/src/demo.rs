//! Demo data: one polyclinic and one flagship emergency centre, ten staff across the three roles, a morning's worth
//! of tasks of every kind, yesterday's closed tasks (for the indicators and the morning meeting), good stories and
//! the answer templates of each site — all placed relative to the moment the server was seeded.

use floordesk_domain::{
    AckChannel, Action, Actor, AmbulanceArrival, AmbulanceTransport, ArrivalMode, CaseId, Childcare, EdRegistration,
    Escort, KioskHelp, Minutes, MobilityAid, NewTask, NonStandard, OpeningHours, Priority, Rating, RelativeMeeting,
    Role, Routing, SiteId, StaffId, Step, StoryId, Task, TaskDetails, TaskId, Taxi, TaxiOrder, TemplateId, Timestamp,
    WrittenRequest, ZoneId,
};
use floordesk_protocol::{SiteInfo, SiteKind, StaffProfile, Template, ZoneInfo};

use crate::auth;
use crate::store::{Seed, StaffRecord, Store, StoreError, StoryRecord};

fn site_id(s: &str) -> SiteId {
    SiteId::new(s).expect("demo ids are valid")
}
fn zone_id(s: &str) -> ZoneId {
    ZoneId::new(s).expect("demo ids are valid")
}
fn staff_id(s: &str) -> StaffId {
    StaffId::new(s).expect("demo ids are valid")
}

/// The demo sites that keep their own opening hours: the polyclinic, open as a Moscow city polyclinic is —
/// 08:00–20:00 on weekdays and 09:00–15:00 at weekends, closed on public holidays.
pub fn opening_hours() -> std::collections::BTreeMap<SiteId, OpeningHours> {
    let mut hours = OpeningHours::usual(SiteKind::Polyclinic);
    hours.weekly[6] = hours.weekly[5];
    [(site_id("poly-12"), hours)].into()
}

/// The demo sites.
pub fn sites() -> Vec<SiteInfo> {
    let zone = |id: &str, name: &str, floor| ZoneInfo { id: zone_id(id), name: name.into(), floor };
    vec![
        SiteInfo {
            id: site_id("poly-12"),
            name: "Городская поликлиника № 12".into(),
            kind: SiteKind::Polyclinic,
            time_zone: floordesk_domain::DEFAULT_TIME_ZONE.into(),
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
            time_zone: floordesk_domain::DEFAULT_TIME_ZONE.into(),
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
pub fn staff_records(key: &auth::CodeKey) -> Vec<StaffRecord> {
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
                code_hash: key.hash(&salt, s.code),
                code_salt: salt,
                demo_code: Some(s.code.into()),
                active: true,
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
    /// Steps of the kind's work already recorded, by whoever holds or created the task.
    steps: Vec<Step>,
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
            steps: Vec::new(),
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
            steps: Vec::new(),
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
            steps: Vec::new(),
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
            steps: Vec::new(),
        },
        DemoTask {
            id: "t-poly-taxi-1",
            site: "poly-12",
            zone: "poly-12-f2",
            creator: ("igor", admin),
            priority: Priority::Urgent,
            met_minutes_ago: 7,
            details: TaskDetails::Taxi(Taxi {
                visitor: "Н. П. С.".into(),
                pickup: "Главный вход".into(),
                destination: "Домой, район Марьино".into(),
                // The car was to come eight minutes ago: the visitor is waiting, the task overdue.
                at: at(-8),
                phone: "+79161234567".into(),
                order: TaxiOrder::Ordered,
            }),
            holder: Some(Holder::AssignedBy(("maria", sup), "igor")),
            case: Some("c-poly-1"),
            steps: Vec::new(),
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
            steps: Vec::new(),
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
            steps: Vec::new(),
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
            steps: vec![Step::PatientNotReady { reason: "Сдаёт кровь, кабинет 301".into() }],
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
            steps: Vec::new(),
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
            steps: Vec::new(),
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
            steps: Vec::new(),
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
            steps: Vec::new(),
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
            steps: Vec::new(),
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
            steps: Vec::new(),
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
            steps: Vec::new(),
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
            steps: Vec::new(),
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
            steps: Vec::new(),
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
            let creator = seed.creator;
            let held = match seed.holder {
                None => task,
                Some(Holder::Claimed(id, role)) => step(task, (id, role), Action::Claim),
                Some(Holder::AssignedBy(by, to)) => step(task, by, Action::Assign { to: staff_id(to) }),
                Some(Holder::Started(id, role)) => {
                    let claimed = step(task, (id, role), Action::Claim);
                    step(claimed, (id, role), Action::Start)
                }
            };
            seed.steps.into_iter().fold(held, |task, s| step(task, creator, Action::Step { step: s }))
        })
        .collect()
}

/// Minutes Moscow's clock is ahead of UTC: the demo sites' local time.
pub const MOSCOW_UTC_OFFSET_MINUTES: i32 = 180;

/// Yesterday in Moscow, as `[from, to)`, seen from `now`.
pub fn yesterday(now: Timestamp) -> (Timestamp, Timestamp) {
    const DAY: i64 = 24 * 60 * 60_000;
    let offset = i64::from(MOSCOW_UTC_OFFSET_MINUTES) * 60_000;
    let today = Timestamp((now.0 + offset).div_euclid(DAY) * DAY - offset);
    (Timestamp(today.0 - DAY), today)
}

/// One step of a closed demo task: who did what, minutes after the visitor was met.
type Done = ((&'static str, Role), Action, i64);

/// One of yesterday's closed tasks: where, what, when the visitor was met (minutes after 08:00 Moscow time) and
/// every step it went through.
struct ClosedDemo {
    id: &'static str,
    site: &'static str,
    zone: &'static str,
    creator: (&'static str, Role),
    priority: Priority,
    met_after_eight: i64,
    details: TaskDetails,
    steps: Vec<Done>,
}

/// Claimed at once, started after `wait` minutes, done `took` minutes later with the visitor's score.
fn served(who: (&'static str, Role), wait: i64, took: i64, score: Option<u8>) -> Vec<Done> {
    let rating = score.map(|s| Rating::new(s, None).expect("demo scores are 1–5"));
    vec![(who, Action::Claim, 0), (who, Action::Start, wait), (who, Action::Complete { rating }, wait + took)]
}

fn escort(visitor: &str, from: &str, to: &str, aid: MobilityAid) -> TaskDetails {
    TaskDetails::Escort(Escort { visitor: visitor.into(), from: from.into(), to: to.into(), aid, patient_ready: true })
}

fn kiosk(visitor: &str, service: &str) -> TaskDetails {
    TaskDetails::KioskHelp(KioskHelp { visitor: visitor.into(), service: service.into() })
}

fn routing(purpose: &str, destination: &str) -> TaskDetails {
    TaskDetails::Routing(Routing { purpose: purpose.into(), destination: Some(destination.into()) })
}

fn closed_demo_tasks(eight: Timestamp) -> Vec<ClosedDemo> {
    let admin = Role::Administrator;
    let sup = Role::Supervisor;
    let coord = Role::Coordinator;
    let (anna, igor, olga, maria) = (("anna", admin), ("igor", admin), ("olga", admin), ("maria", sup));
    let (dmitry, elena, natalia) = (("dmitry", admin), ("elena", admin), ("natalia", coord));
    let normal = Priority::Normal;
    vec![
        // --- Polyclinic ---
        ClosedDemo {
            id: "t-poly-y-escort-1",
            site: "poly-12",
            zone: "poly-12-entrance",
            creator: anna,
            priority: normal,
            met_after_eight: 10,
            details: escort("А. Н. В.", "Вход", "Кабинет 118, хирург", MobilityAid::Wheelchair),
            steps: served(anna, 4, 12, Some(5)),
        },
        ClosedDemo {
            id: "t-poly-y-kiosk-1",
            site: "poly-12",
            zone: "poly-12-entrance",
            creator: anna,
            priority: normal,
            met_after_eight: 35,
            details: kiosk("Талон А-021", "Запись к терапевту через ЕМИАС"),
            steps: served(anna, 2, 6, Some(5)),
        },
        ClosedDemo {
            id: "t-poly-y-kiosk-2",
            site: "poly-12",
            zone: "poly-12-entrance",
            creator: anna,
            priority: normal,
            met_after_eight: 70,
            details: kiosk("Талон А-064", "Справка 086/у для колледжа"),
            steps: served(anna, 21, 8, Some(2)),
        },
        ClosedDemo {
            id: "t-poly-y-routing-1",
            site: "poly-12",
            zone: "poly-12-f2",
            creator: igor,
            priority: normal,
            met_after_eight: 95,
            details: routing("Где сдать кровь", "Процедурный кабинет 204"),
            steps: served(igor, 3, 4, Some(4)),
        },
        ClosedDemo {
            id: "t-poly-y-escort-2",
            site: "poly-12",
            zone: "poly-12-f2",
            creator: igor,
            priority: Priority::Urgent,
            met_after_eight: 130,
            details: escort("Талон Б-115", "2 этаж, холл", "Рентген, кабинет 105", MobilityAid::Walking),
            steps: served(igor, 9, 15, Some(3)),
        },
        ClosedDemo {
            id: "t-poly-y-taxi-1",
            site: "poly-12",
            zone: "poly-12-f2",
            creator: igor,
            priority: normal,
            met_after_eight: 190,
            details: TaskDetails::Taxi(Taxi {
                visitor: "Е. С. М.".into(),
                pickup: "Главный вход".into(),
                destination: "Домой, Братеево".into(),
                at: eight.plus_minutes(215),
                phone: "+79165550102".into(),
                order: TaxiOrder::Departed,
            }),
            steps: served(igor, 5, 20, Some(5)),
        },
        ClosedDemo {
            id: "t-poly-y-escort-3",
            site: "poly-12",
            zone: "poly-12-entrance",
            creator: anna,
            priority: normal,
            met_after_eight: 240,
            details: escort("Р. Т. Г.", "Вход", "Кабинет 312, невролог", MobilityAid::Walking),
            // Changed hands three times: the third only by the supervisor, with a reason.
            steps: vec![
                (anna, Action::Claim, 1),
                (anna, Action::HandBack { reason: Some("Вызвали к инфомату".into()) }, 3),
                (igor, Action::Claim, 4),
                (
                    igor,
                    Action::HandBack {
                        reason: Some("Срочное сопровождение на 2 этаже".into())
                    },
                    6,
                ),
                (olga, Action::Claim, 7),
                (maria, Action::Reassign { to: staff_id("anna"), reason: Some("Ольга на обеде".into()) }, 9),
                (anna, Action::Accept, 10),
                (anna, Action::Start, 11),
                (anna, Action::Complete { rating: Some(Rating::new(3, None).expect("valid")) }, 30),
            ],
        },
        ClosedDemo {
            id: "t-poly-y-routing-2",
            site: "poly-12",
            zone: "poly-12-f3",
            creator: olga,
            priority: normal,
            met_after_eight: 300,
            details: routing("Где получить результаты анализов", "Окно выдачи, 1 этаж"),
            steps: vec![(maria, Action::Cancel { reason: "Посетитель ушёл, не дождавшись".into() }, 25)],
        },
        ClosedDemo {
            id: "t-poly-y-written-1",
            site: "poly-12",
            zone: "poly-12-f3",
            creator: maria,
            priority: normal,
            met_after_eight: 20,
            details: TaskDetails::WrittenRequest(WrittenRequest {
                reference: "ОБР-2026-0398".into(),
                channel: "Книга отзывов".into(),
                summary: "Благодарность администратору 3 этажа".into(),
                acknowledged_at: None,
            }),
            // The sender was told by letter within the hour; the answer took the day.
            steps: vec![
                (olga, Action::Claim, 0),
                (olga, Action::Step { step: Step::Acknowledged { how: AckChannel::Letter } }, 45),
                (olga, Action::Start, 45),
                (olga, Action::Complete { rating: None }, 345),
            ],
        },
        ClosedDemo {
            id: "t-poly-y-escort-4",
            site: "poly-12",
            zone: "poly-12-f3",
            creator: olga,
            priority: normal,
            met_after_eight: 420,
            details: escort("Талон Б-233", "3 этаж, холл", "Кабинет 301, офтальмолог", MobilityAid::Walking),
            steps: served(olga, 7, 10, Some(4)),
        },
        // --- Emergency centre ---
        ClosedDemo {
            id: "t-ed-y-registration-1",
            site: "ed-1",
            zone: "ed-1-hall",
            creator: natalia,
            priority: normal,
            met_after_eight: 15,
            details: TaskDetails::EdRegistration(EdRegistration {
                visitor: "Талон П-003".into(),
                arrived_by: ArrivalMode::OnFoot,
                crew_number: None,
            }),
            steps: served(elena, 6, 12, Some(5)),
        },
        ClosedDemo {
            id: "t-ed-y-registration-2",
            site: "ed-1",
            zone: "ed-1-hall",
            creator: natalia,
            priority: Priority::Urgent,
            met_after_eight: 140,
            details: TaskDetails::EdRegistration(EdRegistration {
                visitor: "К. О. П.".into(),
                arrived_by: ArrivalMode::Ambulance,
                crew_number: Some("Бригада 233".into()),
            }),
            steps: served(elena, 11, 14, Some(1)),
        },
        ClosedDemo {
            id: "t-ed-y-escort-1",
            site: "ed-1",
            zone: "ed-1-lobby",
            creator: dmitry,
            priority: normal,
            met_after_eight: 200,
            details: escort("С. В. А.", "Вестибюль", "КТ, кабинет 12", MobilityAid::Wheelchair),
            steps: served(dmitry, 8, 18, Some(5)),
        },
        ClosedDemo {
            id: "t-ed-y-taxi-1",
            site: "ed-1",
            zone: "ed-1-lobby",
            creator: dmitry,
            priority: normal,
            met_after_eight: 480,
            details: TaskDetails::Taxi(Taxi {
                visitor: "М. И. Ж.".into(),
                pickup: "Выход из приёмного".into(),
                destination: "Домой, Люблино".into(),
                at: eight.plus_minutes(500),
                phone: "+79267770033".into(),
                order: TaxiOrder::Departed,
            }),
            steps: served(dmitry, 17, 12, Some(4)),
        },
    ]
}

/// Yesterday's closed tasks as they stand at `now`, each driven through the real state machine.
pub fn closed_tasks(now: Timestamp) -> Vec<Task> {
    let eight = yesterday(now).0.plus_minutes(8 * 60);
    closed_demo_tasks(eight)
        .into_iter()
        .map(|seed| {
            let met_at = eight.plus_minutes(seed.met_after_eight);
            let task = Task::new(NewTask {
                id: TaskId::new(seed.id).expect("demo ids are valid"),
                site: site_id(seed.site),
                zone: zone_id(seed.zone),
                case_id: None,
                priority: seed.priority,
                details: seed.details,
                created_by: staff_id(seed.creator.0),
                met_at,
                created_at: met_at,
            })
            .expect("demo tasks are valid");
            seed.steps.into_iter().fold(task, |task, ((id, role), action, minute)| {
                let actor = Actor { staff: staff_id(id), role };
                task.apply(&actor, &action, met_at.plus_minutes(minute)).expect("demo transitions are legal")
            })
        })
        .collect()
}

/// The demo's good stories, posted since yesterday evening.
pub fn stories(now: Timestamp) -> Vec<StoryRecord> {
    // The polyclinic's stories were posted yesterday (for this morning's meeting, whatever the hour now), the
    // emergency centre's an hour and a half ago.
    let (yesterday, _) = yesterday(now);
    let story =
        |id: &str, site: &str, author: &str, text: &str, about: Option<&str>, task: Option<&str>, at| StoryRecord {
            id: StoryId::new(id).expect("demo ids are valid"),
            site: site_id(site),
            author: staff_id(author),
            text: text.into(),
            about: about.map(staff_id),
            task: task.map(|t| TaskId::new(t).expect("demo ids are valid")),
            posted_at: at,
        };
    vec![
        story(
            "s-poly-1",
            "poly-12",
            "maria",
            "Анна сама довезла пожилого пациента на коляске до хирурга и дождалась, пока его примут, — он благодарил всю смену. Спасибо!",
            Some("anna"),
            Some("t-poly-y-escort-1"),
            yesterday.plus_minutes(16 * 60 + 15),
        ),
        story(
            "s-poly-2",
            "poly-12",
            "olga",
            "Игорь помог посетительнице записаться через инфомат, вызвал ей такси и проводил до машины. Всё за один визит.",
            Some("igor"),
            Some("t-poly-y-taxi-1"),
            yesterday.plus_minutes(18 * 60 + 40),
        ),
        story(
            "s-ed-1",
            "ed-1",
            "sergey",
            "Елена спокойно объяснила родственникам, где ждать врача, и принесла им воды, пока шла операция.",
            Some("elena"),
            None,
            now.plus_minutes(-90),
        ),
    ]
}

/// Who liked which demo story.
pub fn likes() -> Vec<(StoryId, StaffId)> {
    vec![(StoryId::new("s-poly-1").expect("demo ids are valid"), staff_id("igor"))]
}

/// The demo answer templates: typical visitor questions and the answers to give, by site. No diagnoses.
pub fn templates(now: Timestamp) -> Vec<(SiteId, Template)> {
    let template = |site: &str, id: &str, by: &str, title: &str, body: &str| {
        (
            site_id(site),
            Template {
                id: TemplateId::new(id).expect("demo ids are valid"),
                title: title.into(),
                body: body.into(),
                updated_at: now.plus_minutes(-3 * 24 * 60),
                updated_by: staff_id(by),
            },
        )
    };
    let poly = |id, title, body| template("poly-12", id, "maria", title, body);
    let ed = |id, title, body| template("ed-1", id, "tatiana", title, body);
    vec![
        poly(
            "tpl-poly-certificate",
            "Где получить справку?",
            "Справки (для бассейна, в школу или детский сад, 086/у) выдаёт ваш участковый врач. Запишитесь к нему на инфомате или в ЕМИАС; готовую справку заверяют печатью в регистратуре, 1 этаж, окно 3.",
        ),
        poly(
            "tpl-poly-kiosk",
            "Как записаться к врачу на инфомате?",
            "Приложите полис ОМС к сканеру инфомата или введите его номер, выберите «Запись к врачу», специалиста, дату и время. Талон распечатается. Так же можно записаться на mos.ru, в приложении ЕМИАС или по телефону 122.",
        ),
        poly(
            "tpl-poly-xray",
            "Где рентген-кабинет?",
            "Рентген — 1 этаж, кабинет 105: от входа налево по коридору до конца. Возьмите направление врача и полис ОМС. Если трудно идти, администратор проводит вас.",
        ),
        poly(
            "tpl-poly-documents",
            "Какие документы взять с собой?",
            "Паспорт, полис ОМС и СНИЛС. Для ребёнка — свидетельство о рождении или паспорт, его полис ОМС и паспорт сопровождающего взрослого. Если есть направление или прежние заключения — возьмите и их.",
        ),
        poly(
            "tpl-poly-results",
            "Где забрать результаты анализов?",
            "Результаты приходят в электронную медицинскую карту на mos.ru и в приложение ЕМИАС, обычно через 1–3 дня. Распечатку можно получить в окне выдачи на 1 этаже с паспортом.",
        ),
        poly(
            "tpl-poly-taxi",
            "Можно ли вызвать такси?",
            "Да, администратор поможет вызвать такси и проводит до машины. Скажите, куда ехать и к какому времени; ожидать машину удобно в холле у главного входа.",
        ),
        poly(
            "tpl-poly-parking",
            "Где припарковаться?",
            "Городская платная парковка — вдоль улицы у главного входа. Для людей с инвалидностью есть бесплатные места у входа с пандусом (нужно разрешение в реестре). Во двор поликлиники въезд только для санитарного транспорта.",
        ),
        poly(
            "tpl-poly-lost",
            "Я что-то потерял(а) в поликлинике",
            "Найденные вещи хранятся у администратора на стойке у входа неделю, затем передаются в отдел хозяйственного обеспечения. Опишите вещь и где её оставили — мы проверим и позвоним вам.",
        ),
        ed(
            "tpl-ed-relatives",
            "Как родственникам поговорить с врачом?",
            "Лечащий врач беседует с родственниками в часы, которые назовёт администратор (обычно с 14:00 до 15:00). Администратор запишет время, встретит вас в вестибюле и проводит. По телефону сведения о состоянии не сообщаются.",
        ),
        ed(
            "tpl-ed-documents",
            "Какие документы нужны в приёмном отделении?",
            "Паспорт, полис ОМС и СНИЛС, если есть — направление и выписки. Если документов с собой нет, помощь всё равно окажут: родственники могут привезти их позже на стойку администратора.",
        ),
        ed(
            "tpl-ed-things",
            "Как передать вещи пациенту?",
            "Передачи принимают в справочном окне вестибюля с 10:00 до 19:00. Подпишите пакет: фамилия, имя пациента и отделение. Скоропортящиеся продукты не принимаются.",
        ),
        ed(
            "tpl-ed-lost",
            "Где найти потерянные вещи?",
            "Вещи, найденные в приёмном отделении, хранятся у администратора вестибюля. Вещи пациента, госпитализированного по скорой, описаны и переданы на хранение в отделение — спросите у администратора, он уточнит.",
        ),
    ]
}

/// The whole demo as of `now`, with fresh salts.
pub fn seed(now: Timestamp, key: &auth::CodeKey) -> Seed {
    let mut tasks = tasks(now);
    tasks.extend(closed_tasks(now));
    Seed {
        sites: sites(),
        opening_hours: opening_hours(),
        staff: staff_records(key),
        tasks,
        stories: stories(now),
        likes: likes(),
        templates: templates(now),
    }
}

/// A handheld enrolled in the demo, one per site: its enrolment line is printed when the demo server starts, for
/// the app's first-run screen (the keys are public, like the demo's codes: a demo server is no place for real data).
#[derive(Debug, Clone, Copy)]
pub struct DemoDevice {
    pub id: &'static str,
    pub site: &'static str,
    pub name: &'static str,
    pub enrolled_by: &'static str,
    pub key: &'static str,
}

/// The demo's handhelds.
pub const DEVICES: [DemoDevice; 2] = [
    DemoDevice {
        id: "dev-demo-poly-12",
        site: "poly-12",
        name: "Демо: вход, стойка",
        enrolled_by: "maria",
        key: "de0de0de0de0de0de0de0de0de0de0de0de0de0de0de0de0de0de0de0de0de0d",
    },
    DemoDevice {
        id: "dev-demo-ed-1",
        site: "ed-1",
        name: "Демо: приёмное, пост",
        enrolled_by: "tatiana",
        key: "ed0ed0ed0ed0ed0ed0ed0ed0ed0ed0ed0ed0ed0ed0ed0ed0ed0ed0ed0ed0ed0e",
    },
];

impl DemoDevice {
    /// What the app's first-run screen takes for this device, on a server at `server`.
    pub fn enrolment(&self, server: &str) -> floordesk_protocol::Enrolment {
        floordesk_protocol::Enrolment {
            server: server.to_owned(),
            device: floordesk_protocol::DeviceCredential { id: self.id.to_owned(), key: self.key.to_owned() },
        }
    }
}

/// Seeds the demo into an empty store (in one transaction), then enrols its handhelds; does nothing when the store
/// already has data. Returns whether it seeded.
pub async fn seed_if_empty<S: Store>(store: &S, key: &auth::CodeKey, now: Timestamp) -> Result<bool, StoreError> {
    if !store.is_empty().await? {
        return Ok(false);
    }
    store.seed(&seed(now, key)).await?;
    for device in DEVICES {
        let info = floordesk_protocol::DeviceInfo {
            id: device.id.to_owned(),
            site: site_id(device.site),
            name: device.name.to_owned(),
            enrolled_by: StaffId::new(device.enrolled_by).expect("a demo id"),
            enrolled_at: now,
            revoked_at: None,
            clock_behind_ms: None,
            seen_at: None,
        };
        let record = crate::store::DeviceRecord { info, key_hash: auth::hash_token(device.key) };
        if let Err(taken) = store.administer(&[crate::store::AdminWrite::Device(record)], &[]).await? {
            let why = format!("the demo's handheld {} is in the store already", taken.0);
            return Err(StoreError::Database(sqlx::Error::Protocol(why)));
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use floordesk_domain::{ProblemKind, TaskKind, TaskStatus};

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
    fn demo_staff_cover_the_three_floor_roles_and_sit_in_their_site_zones() {
        let sites = sites();
        // City administrators are made on the command line (`floordesk-server admin create`), not by the demo.
        for role in [Role::Administrator, Role::Coordinator, Role::Supervisor] {
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

    #[test]
    fn yesterday_is_the_moscow_day_before_today() {
        // 2026-11-25 10:53 UTC is 13:53 in Moscow: yesterday is 24 November, 00:00–24:00 Moscow time.
        let now = Timestamp(1_795_604_000_000);
        let (from, to) = yesterday(now);
        assert_eq!(to.0 - from.0, 24 * 60 * 60_000);
        assert_eq!((from.0 + 3 * 60 * 60_000) % (24 * 60 * 60_000), 0, "starts at Moscow midnight");
        assert!(to <= now && now.0 - to.0 < 24 * 60 * 60_000);
        // Just after Moscow midnight (21:00 UTC), yesterday is the day that just ended.
        let (_, to) = yesterday(Timestamp(to.0 + 24 * 60 * 60_000 + 60_000));
        assert_eq!(to.0, yesterday(now).1 .0 + 24 * 60 * 60_000);
    }

    #[test]
    fn yesterdays_closed_tasks_give_the_indicators_something_to_show() {
        let now = Timestamp(1_795_604_000_000);
        let (from, to) = yesterday(now);
        let closed = closed_tasks(now);
        assert!(closed.iter().all(|t| t.closed_at.is_some_and(|c| c >= from && c < to)), "all closed yesterday");
        let table = floordesk_domain::DeadlineTable::standard();
        for site in sites() {
            let of_site: Vec<Task> = closed.iter().filter(|t| t.site == site.id).cloned().collect();
            let report = floordesk_domain::KpiReport::compute(&table, &of_site, from, to, MOSCOW_UTC_OFFSET_MINUTES);
            assert!(report.overall.tasks >= 4, "{}: {:?}", site.id, report.overall);
            assert!(report.overall.rated() >= 3);
            assert!(report.overall.wait_p50.is_some() && report.overall.started_in_time > 0);
            assert!(report.problems.iter().any(|p| matches!(p.problem, ProblemKind::LateStart { .. })));
            assert!(report.problems.iter().any(|p| matches!(p.problem, ProblemKind::LowRating { .. })));
        }
        let handed = closed.iter().find(|t| t.id.as_str() == "t-poly-y-escort-3").expect("seeded");
        assert_eq!((handed.handoffs, handed.status), (3, TaskStatus::Done));
        let cancelled = closed.iter().find(|t| t.id.as_str() == "t-poly-y-routing-2").expect("seeded");
        assert_eq!(cancelled.status, TaskStatus::Cancelled);
    }

    #[test]
    fn stories_and_templates_belong_to_their_site() {
        let now = Timestamp(1_795_604_000_000);
        let seed = seed(now, &auth::CodeKey::random());
        let site_of = |id: &StaffId| STAFF.iter().find(|s| s.id == id.as_str()).expect("demo staff").site;
        for story in &seed.stories {
            assert_eq!(site_of(&story.author), story.site.as_str());
            assert!(story.about.as_ref().is_none_or(|a| site_of(a) == story.site.as_str()));
            let task = story.task.as_ref().map(|t| seed.tasks.iter().find(|s| s.id == *t).expect("a demo task"));
            assert!(task.is_none_or(|t| t.site == story.site));
            assert!(story.text.chars().count() <= floordesk_protocol::MAX_STORY_CHARS && story.posted_at < now);
        }
        for (site, template) in &seed.templates {
            assert_eq!(site_of(&template.updated_by), site.as_str());
            assert!(template.title.chars().count() <= floordesk_protocol::MAX_TEMPLATE_TITLE_CHARS);
            assert!(template.body.chars().count() <= floordesk_protocol::MAX_TEMPLATE_BODY_CHARS);
        }
        assert!(seed.templates.iter().filter(|(s, _)| s.as_str() == "poly-12").count() >= 8);
    }
}
