//! The stored formats, pinned: the domain's serde form is the wire, the server's and the device's storage format
//! (tasks, actions and ops are kept as JSON in both databases and in every outbox), so a renamed field or variant
//! must fail here before it strands data written by an older build.
//!
//! Each value is compared with its fixture in `tests/golden/` both ways: what it serialises to, and what the
//! fixture reads back as. A deliberate change of format is a migration plus new fixtures, written with
//! `FLOORDESK_BLESS=1 cargo test -p floordesk-protocol --test golden` and reviewed in the diff.

use std::path::PathBuf;

use floordesk_domain::{
    AckChannel, Action, Alert, AlertStage, AmbulanceArrival, AmbulanceTransport, ArrivalMode, Audience, CaseId,
    Childcare, EdRegistration, Escort, KioskHelp, KioskOutcome, Minutes, MobilityAid, NewTask, NonStandard, Priority,
    Progress, Rating, RelativeMeeting, Routing, RuleKind, SiteId, StaffId, Step, Task, TaskDetails, TaskId, Taxi,
    TaxiOrder, Timestamp, WrittenRequest, ZoneId,
};
use floordesk_protocol::{NewTaskRequest, Op, OpChange};
use serde::de::DeserializeOwned;
use serde::Serialize;

const T0: Timestamp = Timestamp(1_764_486_000_000);

fn at(minutes: i64) -> Timestamp {
    T0.plus_minutes(minutes)
}

/// Compares `value` with `tests/golden/{name}.json` both ways (or writes the fixture with `FLOORDESK_BLESS=1`).
fn pinned<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(name: &str, value: &T) {
    // Relative to the package, where cargo runs its tests: the fixtures of the clone under test, whichever clone built
    // the binary (clones sharing a target directory reuse each other's builds).
    let path = PathBuf::from("tests/golden").join(format!("{name}.json"));
    let written = serde_json::to_value(value).unwrap();
    if std::env::var_os("FLOORDESK_BLESS").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(&written).unwrap() + "\n").unwrap();
        return;
    }
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("no fixture {} ({e}); write it with FLOORDESK_BLESS=1", path.display()));
    let fixture: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(written, fixture, "{name}: the serialised form changed (a stored or sent value would not read back)");
    let read: T = serde_json::from_value(fixture).unwrap_or_else(|e| panic!("{name}: the fixture does not read: {e}"));
    assert_eq!(&read, value, "{name}: the fixture reads back as something else");
}

/// One task of every kind, at an interesting step.
fn every_kind() -> Vec<(&'static str, TaskDetails)> {
    vec![
        (
            "escort",
            TaskDetails::Escort(Escort {
                visitor: "Талон Б-042".into(),
                from: "Вход".into(),
                to: "Кабинет 214".into(),
                aid: MobilityAid::Wheelchair,
                patient_ready: true,
            }),
        ),
        (
            "ambulance_arrival",
            TaskDetails::AmbulanceArrival(AmbulanceArrival {
                crew_number: "Бригада 17".into(),
                eta: at(10),
                transport: AmbulanceTransport::Stretcher,
                destination: "Бокс 2".into(),
                arrived_at: Some(at(12)),
            }),
        ),
        (
            "ed_registration",
            TaskDetails::EdRegistration(EdRegistration {
                visitor: "П. И.".into(),
                arrived_by: ArrivalMode::Ambulance,
                crew_number: Some("Бригада 17".into()),
            }),
        ),
        (
            "relative_meeting",
            TaskDetails::RelativeMeeting(RelativeMeeting {
                relative: "Сын пациента".into(),
                contact: "+7 900 000-00-00".into(),
                department: "Терапия".into(),
                doctor: "Лечащий врач".into(),
                requested_slot: at(60),
                confirmed_slot: Some(at(75)),
            }),
        ),
        (
            "taxi",
            TaskDetails::Taxi(Taxi {
                visitor: "К. А.".into(),
                pickup: "Главный вход".into(),
                destination: "Домой".into(),
                at: at(30),
                phone: "+7 900 000-00-01".into(),
                order: TaxiOrder::Ordered,
            }),
        ),
        (
            "childcare",
            TaskDetails::Childcare(Childcare {
                child_first_name: "Маша".into(),
                child_age: 5,
                parent_location: "Кабинет 305".into(),
                start: at(0),
                end: Some(at(40)),
                max_duration: Minutes(60),
                handed_back_to: Some("мама".into()),
            }),
        ),
        (
            "routing",
            TaskDetails::Routing(Routing {
                purpose: "Справка в бассейн".into(),
                destination: Some("Кабинет 101".into()),
            }),
        ),
        (
            "kiosk_help",
            TaskDetails::KioskHelp(KioskHelp {
                visitor: "Е. В.".into(), service: "Запись к окулисту".into()
            }),
        ),
        (
            "written_request",
            TaskDetails::WrittenRequest(WrittenRequest {
                reference: "ОБР-2026-118".into(),
                channel: "email".into(),
                summary: "Просит перенести приём".into(),
                acknowledged_at: Some(at(90)),
            }),
        ),
        (
            "non_standard",
            TaskDetails::NonStandard(NonStandard {
                description: "Потерял номерок гардероба".into()
            }),
        ),
    ]
}

fn task(details: TaskDetails) -> Task {
    Task::new(NewTask {
        id: TaskId::new("t-golden-1").unwrap(),
        site: SiteId::new("poly-12").unwrap(),
        zone: ZoneId::new("poly-12-entrance").unwrap(),
        case_id: Some(CaseId::new("c-golden-1").unwrap()),
        priority: Priority::Urgent,
        details,
        created_by: StaffId::new("anna").unwrap(),
        met_at: T0,
        created_at: at(1),
    })
    .unwrap()
}

#[test]
fn a_task_of_every_kind_keeps_its_stored_form() {
    for (name, details) in every_kind() {
        pinned(&format!("details-{name}"), &details);
    }
    // A whole task as the stores keep it, late in its life: held, handed off, started, done and rated.
    let mut done = task(every_kind().swap_remove(0).1);
    done.status = floordesk_domain::TaskStatus::Done;
    done.assignee = Some(StaffId::new("igor").unwrap());
    done.last_holder = Some(StaffId::new("anna").unwrap());
    done.handoffs = 1;
    done.accepted_at = Some(at(2));
    done.started_at = Some(at(4));
    done.closed_at = Some(at(20));
    done.rating = Some(Rating::new(5, Some("Спасибо".into())).unwrap());
    done.version = 6;
    pinned("task-done", &done);
    let mut cancelled = task(TaskDetails::NonStandard(NonStandard { description: "Ушёл".into() }));
    cancelled.status = floordesk_domain::TaskStatus::Cancelled;
    cancelled.cancel_reason = Some("Посетитель ушёл".into());
    cancelled.closed_at = Some(at(9));
    cancelled.version = 2;
    pinned("task-cancelled", &cancelled);
    // What the kinds' steps record beyond the details, as the stores keep it.
    let mut stepped =
        task(TaskDetails::NonStandard(NonStandard { description: "Потерял пропуск".into() }));
    stepped.progress = Progress {
        not_ready_reason: Some("На рентгене".into()),
        aid_at_pickup: Some(at(1)),
        crew_met_by: Some(StaffId::new("igor").unwrap()),
        handed_over_at: Some(at(12)),
        registered_at: Some(at(3)),
        registration_number: Some("2026-15".into()),
        relative_informed_at: Some(at(5)),
        taxi_reference: Some("A-77".into()),
        acknowledged_how: Some(AckChannel::InPerson),
        kiosk_outcome: Some(KioskOutcome::NotPossible),
        outcome_note: Some("Выдан временный".into()),
    };
    pinned("task-progress", &stepped);
    // What rules leave on a task: made by one, given by dispatch, the case's owner, a reminder acted on and an
    // escalation still open.
    let mut ruled = task(TaskDetails::NonStandard(NonStandard {
        description: "Поговорить с посетителем".into()
    }));
    ruled.made_by = Some(RuleKind::LowRating);
    ruled.follows = Some(TaskId::new("t-rated").unwrap());
    ruled.given_by = Some(RuleKind::Dispatch);
    ruled.case_owner = Some(StaffId::new("anna").unwrap());
    ruled.alerts = vec![
        Alert {
            rule: RuleKind::StartReminder,
            stage: AlertStage::Remind,
            to: Audience::Holder,
            at: at(7),
            staff: Some(StaffId::new("igor").unwrap()),
            handled_at: Some(at(8)),
        },
        Alert {
            rule: RuleKind::StartEscalation,
            stage: AlertStage::Breach,
            to: Audience::Supervisors,
            at: at(15),
            staff: None,
            handled_at: None,
        },
    ];
    pinned("task-rules", &ruled);
}

#[test]
fn every_action_keeps_its_stored_form() {
    let igor = StaffId::new("igor").unwrap();
    let actions = [
        ("assign", Action::Assign { to: igor.clone() }),
        ("claim", Action::Claim),
        ("accept", Action::Accept),
        ("start", Action::Start),
        ("hand_back", Action::HandBack { reason: Some("Смена закончилась".into()) }),
        ("complete", Action::Complete { rating: Some(Rating::new(4, None).unwrap()) }),
        ("complete_unrated", Action::Complete { rating: None }),
        ("cancel", Action::Cancel { reason: "Дубликат".into() }),
        ("reassign", Action::Reassign { to: igor, reason: Some("Третья передача: заболела".into()) }),
    ];
    let steps = [
        Step::PatientReady {},
        Step::PatientNotReady { reason: "На рентгене".into() },
        Step::AidAtPickup {},
        Step::CrewMet {},
        Step::HandedOver {},
        Step::Reroute { destination: "Бокс 3".into() },
        Step::Registered { number: Some("2026-15".into()) },
        Step::RelativeInformed {},
        Step::TaxiOrdered { reference: None },
        Step::CarArrived {},
        Step::Departed {},
        Step::TaxiCancelled {},
        Step::HandedBack { to: "мама".into() },
        Step::Acknowledged { how: AckChannel::Phone },
        Step::Destination { to: "Каб. 101".into() },
        Step::KioskOutcome { outcome: KioskOutcome::Booked },
        Step::Outcome { note: "Выдан временный пропуск".into() },
    ];
    for step in steps {
        pinned(&format!("action-step-{}", step.name().as_str()), &Action::Step { step });
    }
    for (name, action) in actions {
        pinned(&format!("action-{name}"), &action);
    }
}

#[test]
fn every_op_keeps_its_stored_form() {
    let id = TaskId::new("t-golden-1").unwrap();
    let (_, details) = every_kind().swap_remove(4);
    let ops = [
        (
            "create",
            OpChange::Create {
                task: NewTaskRequest {
                    id: id.clone(),
                    zone: ZoneId::new("poly-12-entrance").unwrap(),
                    case_id: Some(CaseId::new("c-golden-1").unwrap()),
                    priority: Priority::Normal,
                    details: details.clone(),
                    met_at: T0,
                },
            },
        ),
        ("act", OpChange::Act { task: id.clone(), action: Action::Claim }),
        ("details", OpChange::Details { task: id.clone(), details }),
        ("confirm_meeting", OpChange::ConfirmMeeting { task: id, escort: TaskId::new("t-golden-1-escort").unwrap() }),
    ];
    for (name, change) in ops {
        pinned(
            &format!("op-{name}"),
            &Op { id: format!("op-golden-{name}"), device_time: at(3), base_version: 2, change },
        );
    }
}

/// The morning notes are kept as their wire form in the store (`morning_notes.body`): a change of the form would
/// leave the rows already kept unreadable.
#[test]
fn the_morning_notes_keep_their_stored_form() {
    let notes = floordesk_protocol::MorningNotesDraft {
        goals: vec!["Встречать каждого у входа".into(), "Ждать не дольше 10 минут".into()],
        thanks: vec![floordesk_protocol::Thanks {
            staff: StaffId::new("anna").unwrap(),
            for_what: "за помощь с коляской".into(),
        }],
    };
    pinned("morning-notes", &notes);
}

/// A visitor's case as the server sends it and a close as a client sends it: an app already out on the floor reads
/// the one and writes the other, so a change of either form would break it.
#[test]
fn a_visitor_case_and_its_close_keep_their_wire_form() {
    let kiosk =
        task(TaskDetails::KioskHelp(KioskHelp { visitor: "Талон А-200".into(), service: "Запись".into() }));
    let case = floordesk_protocol::CaseView {
        id: CaseId::new("c-golden-1").unwrap(),
        visitor: Some("Талон А-200".into()),
        owner: Some(StaffId::new("igor").unwrap()),
        owner_name: Some("Игорь Петров".into()),
        opened_at: at(0),
        tasks: vec![floordesk_protocol::TaskView {
            task: kiosk, assignee_name: Some("Анна".into()), pending: false
        }],
        hidden: 1,
        waited_minutes: 12,
        resolved: true,
        may_close: false,
        closed_at: Some(at(30)),
        closed_by: Some(StaffId::new("maria").unwrap()),
        closed_by_name: Some("Мария Иванова".into()),
        rating: Some(Rating::new(5, Some("Всё за один визит".into())).unwrap()),
    };
    pinned("case-view", &case);
    let close = floordesk_protocol::CloseCaseRequest { rating: Some(Rating::new(4, None).unwrap()) };
    pinned("case-close", &close);
}
