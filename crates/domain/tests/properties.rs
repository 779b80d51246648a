//! Property tests of the task state machine, hand-off counting and deadlines.

use floordesk_domain::{
    Action, Actor, AmbulanceArrival, AmbulanceTransport, ArrivalMode, Childcare, DeadlineRule, DeadlineStatus,
    DeadlineTable, EdRegistration, Escort, KioskHelp, Minutes, MobilityAid, NewTask, NonStandard, OpeningHours,
    Priority, Rating, RelativeMeeting, Role, Routing, SiteCalendar, SiteClock, SiteId, SiteKind, StaffId, StepName,
    Task, TaskDetails, TaskId, TaskKind, TaskStatus, Taxi, TaxiOrder, Timestamp, TransitionError, WorkingDays,
    WrittenRequest, ZoneId, MAX_HANDOFFS,
};
use proptest::prelude::*;

const STAFF: usize = 4;

fn staff(i: usize) -> StaffId {
    StaffId::new(format!("s{i}")).unwrap()
}

fn role() -> impl Strategy<Value = Role> {
    prop::sample::select(Role::ALL.to_vec())
}

fn priority() -> impl Strategy<Value = Priority> {
    prop::sample::select(Priority::ALL.to_vec())
}

fn label() -> impl Strategy<Value = String> {
    "[A-Z]{1,3}-?[0-9]{0,3}"
}

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 ]{0,30}[a-z]"
}

fn phone() -> impl Strategy<Value = String> {
    "\\+7[0-9]{10}"
}

fn time() -> impl Strategy<Value = Timestamp> {
    (1_600_000_000_000i64..1_900_000_000_000).prop_map(Timestamp)
}

fn opt_time() -> impl Strategy<Value = Option<Timestamp>> {
    prop::option::of(time())
}

/// Valid details of every kind.
fn details() -> impl Strategy<Value = TaskDetails> {
    prop_oneof![
        (label(), text(), text(), any::<bool>(), 0..3usize).prop_map(|(visitor, from, to, ready, aid)| {
            TaskDetails::Escort(Escort {
                visitor,
                from,
                to,
                aid: [MobilityAid::Walking, MobilityAid::Wheelchair, MobilityAid::Stretcher][aid],
                patient_ready: ready,
            })
        }),
        (label(), time(), any::<bool>(), text(), opt_time()).prop_map(
            |(crew_number, eta, stretcher, destination, arrived_at)| {
                TaskDetails::AmbulanceArrival(AmbulanceArrival {
                    crew_number,
                    eta,
                    transport: if stretcher { AmbulanceTransport::Stretcher } else { AmbulanceTransport::Walking },
                    destination,
                    arrived_at,
                })
            }
        ),
        (label(), prop::option::of(label())).prop_map(|(visitor, crew_number)| {
            TaskDetails::EdRegistration(EdRegistration {
                visitor,
                arrived_by: if crew_number.is_some() { ArrivalMode::Ambulance } else { ArrivalMode::OnFoot },
                crew_number,
            })
        }),
        (label(), phone(), text(), text(), time(), opt_time()).prop_map(
            |(relative, contact, department, doctor, requested_slot, confirmed_slot)| {
                TaskDetails::RelativeMeeting(RelativeMeeting {
                    relative,
                    contact,
                    department,
                    doctor,
                    requested_slot,
                    confirmed_slot,
                })
            }
        ),
        (label(), text(), text(), time(), phone()).prop_map(|(visitor, pickup, destination, at, phone)| {
            TaskDetails::Taxi(Taxi { visitor, pickup, destination, at, phone, order: TaxiOrder::Ordered })
        }),
        ("[A-Z][a-z]{1,8}", 0u8..=17, text(), time(), 1u32..=240).prop_map(
            |(child_first_name, child_age, parent_location, start, max)| {
                TaskDetails::Childcare(Childcare {
                    child_first_name,
                    child_age,
                    parent_location,
                    start,
                    end: None,
                    max_duration: Minutes(max),
                    handed_back_to: None,
                })
            }
        ),
        (text(), prop::option::of(text()))
            .prop_map(|(purpose, destination)| TaskDetails::Routing(Routing { purpose, destination })),
        (label(), text()).prop_map(|(visitor, service)| TaskDetails::KioskHelp(KioskHelp { visitor, service })),
        (label(), text(), text(), opt_time()).prop_map(|(reference, channel, summary, acknowledged_at)| {
            TaskDetails::WrittenRequest(WrittenRequest { reference, channel, summary, acknowledged_at })
        }),
        text().prop_map(|description| TaskDetails::NonStandard(NonStandard { description })),
    ]
}

fn task() -> impl Strategy<Value = Task> {
    (details(), priority(), time(), 0..=STAFF).prop_map(|(details, priority, met_at, creator)| {
        Task::new(NewTask {
            id: TaskId::new("t1").unwrap(),
            site: SiteId::new("site").unwrap(),
            zone: ZoneId::new("zone").unwrap(),
            case_id: None,
            priority,
            details,
            // Index STAFF is someone outside the four actors.
            created_by: staff(creator),
            met_at,
            created_at: met_at,
        })
        .expect("generated details are valid")
    })
}

fn reason() -> impl Strategy<Value = Option<String>> {
    prop_oneof![Just(None), Just(Some("  ".to_owned())), Just(Some("shift change".to_owned()))]
}

/// A step: who acts, what they do (or `None`: a detail edit that tries to mark the patient ready, which only the
/// step may), and how many minutes pass first.
fn step() -> impl Strategy<Value = (usize, Option<Action>, i64)> {
    let to = (0..STAFF).prop_map(staff);
    let action = prop_oneof![
        2 => to.clone().prop_map(|to| Some(Action::Assign { to })),
        4 => Just(Some(Action::Claim)),
        3 => Just(Some(Action::Accept)),
        3 => Just(Some(Action::Start)),
        3 => reason().prop_map(|reason| Some(Action::HandBack { reason })),
        1 => prop::option::of(1u8..=5).prop_map(|s| Some(Action::Complete {
            rating: s.map(|s| Rating::new(s, None).unwrap())
        })),
        1 => prop_oneof![Just(String::new()), Just("duplicate".to_owned())]
            .prop_map(|reason| Some(Action::Cancel { reason })),
        4 => (to, reason()).prop_map(|(to, reason)| Some(Action::Reassign { to, reason })),
        1 => Just(None),
        4 => (0..STEP_NAMES.len(), prop_oneof![Just(""), Just("Мама")], 0usize..4)
            .prop_map(|(i, text, choice)| STEP_NAMES[i].with_input(text, Some(choice)).map(|step| Action::Step { step })),
    ];
    (0..STAFF, action, 0i64..10)
}

/// Every step, of every kind (most of them not the generated task's).
const STEP_NAMES: [StepName; 17] = [
    StepName::PatientReady,
    StepName::PatientNotReady,
    StepName::AidAtPickup,
    StepName::CrewMet,
    StepName::HandedOver,
    StepName::Reroute,
    StepName::Registered,
    StepName::RelativeInformed,
    StepName::TaxiOrdered,
    StepName::CarArrived,
    StepName::Departed,
    StepName::TaxiCancelled,
    StepName::HandedBack,
    StepName::Acknowledged,
    StepName::Destination,
    StepName::KioskOutcome,
    StepName::Outcome,
];

fn is_legal_edge(from: TaskStatus, action: &Action, to: TaskStatus) -> bool {
    use TaskStatus as S;
    match action {
        // A supervisor's assignment of a task given meanwhile, not yet accepted, still wins (a reassignment).
        Action::Assign { .. } => matches!(from, S::New | S::Assigned) && to == S::Assigned,
        Action::Claim => from == S::New && to == S::Accepted,
        Action::Accept => from == S::Assigned && to == S::Accepted,
        Action::Start => from == S::Accepted && to == S::InProgress,
        Action::HandBack { .. } => matches!(from, S::Assigned | S::Accepted | S::InProgress) && to == S::New,
        Action::Complete { .. } => from == S::InProgress && to == S::Done,
        Action::Cancel { .. } => from.is_open() && to == S::Cancelled,
        Action::Reassign { .. } => from.is_open() && to == S::Assigned,
        Action::Step { .. } => from.is_open() && to == from,
    }
}

fn non_blank(reason: Option<&String>) -> bool {
    reason.is_some_and(|r| !r.trim().is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn state_machine_invariants(
        roles in prop::array::uniform4(role()),
        start in task(),
        steps in prop::collection::vec(step(), 0..48),
    ) {
        let actors: Vec<Actor> = (0..STAFF).map(|i| Actor { staff: staff(i), role: roles[i] }).collect();
        let mut task = start;
        let mut now = task.met_at;
        // Independent trace of responsible people: a new entry whenever the
        // holder differs from the most recent one.
        let mut holders: Vec<StaffId> = Vec::new();
        let mut override_used = false;

        for (who, action, minutes) in steps {
            now = now.plus_minutes(minutes);
            let actor = &actors[who];
            let before = task.clone();

            let Some(action) = action else {
                let mut details = task.details.clone();
                if let TaskDetails::Escort(e) = &mut details {
                    e.patient_ready = true;
                }
                match task.update_details(actor, details) {
                    Ok(next) => {
                        prop_assert!(before.status.is_open());
                        prop_assert_eq!(next.version, before.version + 1);
                        prop_assert_eq!(next.status, before.status);
                        prop_assert_eq!(&next.assignee, &before.assignee);
                        let ready = |t: &Task| matches!(&t.details, TaskDetails::Escort(e) if e.patient_ready);
                        prop_assert_eq!(ready(&next), ready(&before), "a detail edit readied the patient");
                        task = next;
                    }
                    Err(e) => {
                        if before.status.is_terminal() {
                            prop_assert_eq!(e, TransitionError::Closed { status: before.status });
                        }
                    }
                }
                continue;
            };

            let result = task.apply(actor, &action, now);
            // `apply` takes `&self`: the original is untouched either way.
            prop_assert_eq!(&task, &before);

            match result {
                Ok(next) => {
                    // (a) nothing leaves a terminal status.
                    prop_assert!(before.status.is_open(), "{:?} accepted on {:?}", action, before.status);
                    prop_assert!(is_legal_edge(before.status, &action, next.status),
                        "{:?} --{:?}--> {:?}", before.status, action, next.status);
                    // (b) exactly one version per accepted action.
                    prop_assert_eq!(next.version, before.version + 1);
                    // (d) claims only succeed on unheld tasks.
                    if matches!(action, Action::Claim) {
                        prop_assert_eq!(&before.assignee, &None);
                        prop_assert_eq!(&next.assignee, &Some(actor.staff.clone()));
                    }
                    // A step is one the kind offered, and changes nobody's hold; nothing is done with a step missing.
                    if let Action::Step { step } = &action {
                        prop_assert!(before.next_steps().contains(&step.name()), "{:?} not offered", step);
                        prop_assert_eq!(&next.assignee, &before.assignee);
                    }
                    if next.status == TaskStatus::Done {
                        prop_assert_eq!(next.missing_step(), None);
                    }
                    // First-time stamps never move.
                    if before.accepted_at.is_some() {
                        prop_assert_eq!(next.accepted_at, before.accepted_at);
                    }
                    if before.started_at.is_some() {
                        prop_assert_eq!(next.started_at, before.started_at);
                    }
                    // (c) hand-offs: equal to holder changes after the first...
                    if let Some(holder) = &next.assignee {
                        if holders.last() != Some(holder) {
                            holders.push(holder.clone());
                        }
                    }
                    let expected = u32::try_from(holders.len().saturating_sub(1)).unwrap();
                    prop_assert_eq!(next.handoffs, expected);
                    // ...and over the limit only through a supervisor's reasoned reassignment.
                    if next.handoffs > MAX_HANDOFFS && next.handoffs > before.handoffs {
                        let reasoned = matches!(&action, Action::Reassign { reason, .. } if non_blank(reason.as_ref()));
                        prop_assert!(actor.role == Role::Supervisor && reasoned,
                            "{:?} by {:?} pushed hand-offs to {}", action, actor.role, next.handoffs);
                        override_used = true;
                    }
                    prop_assert!(next.handoffs <= MAX_HANDOFFS || override_used);
                    task = next;
                }
                Err(err) => {
                    if before.status.is_terminal() {
                        prop_assert_eq!(err, TransitionError::Closed { status: before.status });
                    } else if let Action::Step { step } = &action {
                        // A step the kind does not offer now is refused as such, never half-recorded.
                        if step.name().kind() != before.kind() {
                            prop_assert_eq!(err, TransitionError::StepNotForKind { step: step.name(), kind: before.kind() });
                        } else if !before.next_steps().contains(&step.name()) {
                            let expected = matches!(err, TransitionError::StepNotNow { .. } | TransitionError::NotYourTask);
                            prop_assert!(expected, "{:?}", err);
                        }
                    } else if matches!(action, Action::Claim) && actor.role.can(floordesk_domain::Permission::ClaimTask) {
                        // (d) claiming someone else's task is always "already taken" (for a role that claims).
                        if let Some(holder) = before.assignee.as_ref().filter(|h| **h != actor.staff) {
                            prop_assert_eq!(err, TransitionError::AlreadyTaken { holder: holder.clone() });
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn deadlines_follow_the_rule(
        start in task(),
        within in 0u32..3_000,
        extra in 0u32..3_000,
        complete_within in prop::option::of(0u32..30_000),
        progress in 0u8..3,
        offset in -5_000i64..5_000, // seconds around the start deadline
    ) {
        let kind = start.kind();
        let rule = DeadlineRule {
            start_within: Some(Minutes(within)),
            complete_within: complete_within.map(Minutes),
            complete_within_working_days: None,
        };
        let mut table = DeadlineTable::default();
        table.set(kind, start.priority, rule);
        let mut longer = table.clone();
        longer.set(kind, start.priority, DeadlineRule { start_within: Some(Minutes(within + extra)), ..rule });

        // Bring the task to new (0), accepted (1) or in progress (2).
        let boss = Actor { staff: staff(0), role: Role::Supervisor };
        let mut task = start;
        let mut moment = task.met_at;
        for action in [Action::Claim, Action::Start].iter().take(usize::from(progress)) {
            moment = moment.plus_minutes(7);
            if let Ok(next) = task.apply(&boss, action, moment) {
                task = next;
            }
        }

        let anchor = match &task.details {
            TaskDetails::AmbulanceArrival(a) => a.arrived_at,
            TaskDetails::RelativeMeeting(m) => Some(m.confirmed_slot.unwrap_or(m.requested_slot)),
            TaskDetails::Taxi(t) => Some(t.at),
            _ => Some(task.met_at),
        };
        let due = table.due(&task);
        prop_assert_eq!(due.start_by, anchor.map(|a| a.plus_minutes(i64::from(within))));
        let expected_complete = match &task.details {
            TaskDetails::Childcare(c) => Some(c.start.plus_minutes(i64::from(c.max_duration.0))),
            _ => anchor.and_then(|a| complete_within.map(|m| a.plus_minutes(i64::from(m)))),
        };
        prop_assert_eq!(due.complete_by, expected_complete);

        // Monotone in the rule.
        let longer_due = longer.due(&task);
        prop_assert_eq!(longer_due.start_by.is_some(), due.start_by.is_some());
        if let (Some(a), Some(b)) = (due.start_by, longer_due.start_by) {
            prop_assert!(b >= a);
            prop_assert_eq!(b.millis_since(a), i64::from(extra) * 60_000);
        }

        // Breached iff past the start deadline while not started.
        if let Some(start_by) = due.start_by {
            let now = Timestamp(start_by.0 + offset * 1_000);
            let status = table.status(&task, now);
            if task.service_started_at().is_none() {
                prop_assert_eq!(matches!(status, DeadlineStatus::Breached { .. }), now > start_by,
                    "{:?} at {:?}, due {:?}", status, now, start_by);
                if let DeadlineStatus::Breached { overdue_ms } = status {
                    prop_assert_eq!(overdue_ms, now.millis_since(start_by));
                }
                // The boundary itself: due at start_by, breached one millisecond later.
                let at_deadline = table.status(&task, start_by);
                prop_assert!(!matches!(at_deadline, DeadlineStatus::Breached { .. }), "{:?}", at_deadline);
                let just_after = table.status(&task, Timestamp(start_by.0 + 1));
                prop_assert_eq!(just_after, DeadlineStatus::Breached { overdue_ms: 1 });
            }
        } else {
            prop_assert_eq!(kind, TaskKind::AmbulanceArrival);
        }
    }

    #[test]
    fn standard_table_uses_met_at_for_in_person_kinds(start in task(), minutes in 0i64..60) {
        let table = DeadlineTable::standard();
        let rule = table.rule(start.kind(), start.priority);
        let due = table.due(&start);
        let from_met = !matches!(start.kind(), TaskKind::AmbulanceArrival | TaskKind::RelativeMeeting | TaskKind::Taxi);
        if start.kind().is_in_person() && from_met {
            let within = i64::from(rule.start_within.expect("in-person kinds have a start window").0);
            prop_assert_eq!(due.start_by, Some(start.met_at.plus_minutes(within)));
            prop_assert!(within <= 15);
            let now = start.met_at.plus_minutes(minutes);
            let breached = matches!(table.status(&start, now), DeadlineStatus::Breached { .. });
            prop_assert_eq!(breached, minutes > within);
        }
    }
}

proptest! {
    /// A term of `n` working days ends at a midnight of the site's clock, with exactly `n` of the site's working
    /// days after the day it began and before its end, the last of them being the day the term ends.
    #[test]
    fn a_term_in_working_days_ends_at_the_sites_midnight_after_that_many_working_days(
        at in 1_600_000_000_000i64..2_000_000_000_000,
        days in 0u32..40,
        offset_minutes in -12 * 60..14 * 60i32,
        weekly in prop::array::uniform7(any::<bool>()).prop_filter("works some day", |w| w.contains(&true)),
        days_off in prop::collection::btree_set(0u64..2000, 0..30),
    ) {
        let first = chrono::NaiveDate::from_ymd_opt(2020, 9, 1).unwrap();
        let days_off = days_off.into_iter().filter_map(|d| first.checked_add_days(chrono::Days::new(d))).collect();
        let calendar = WorkingDays { offset_minutes, shifts: vec![], weekly, days_off };
        let start = Timestamp(at);
        let end = calendar.after(start, days);
        prop_assert!(end > start);
        let last = calendar.date_of(Timestamp(end.0 - 1));
        prop_assert_eq!(calendar.midnight(last.succ_opt().unwrap()), end);
        let began = calendar.date_of(start);
        let counted = began.iter_days().skip(1).take_while(|d| *d <= last).filter(|d| calendar.works_on(*d)).count();
        prop_assert_eq!(counted, days as usize);
        prop_assert!(days == 0 || calendar.works_on(last));
    }
}

proptest! {
    /// The flattened calendar a device reads tells the same offsets, dates and midnights as the site's clock with its
    /// time-zone database, in zones that change their clocks too (Chile's midnight changes, half an hour at Lord
    /// Howe, Nepal's quarter hour), over the three years it covers.
    #[test]
    fn working_days_keep_the_time_zone_databases_clock(
        zone in prop::sample::select(vec![
            "Europe/Moscow", "Asia/Vladivostok", "America/Santiago", "Europe/Berlin", "America/New_York",
            "Australia/Lord_Howe", "Asia/Kathmandu",
        ]),
        minutes in 0i64..3 * 365 * 24 * 60,
    ) {
        // 2026-11-30 05:30 UTC; the calendar covers 2025 to 2027.
        let now = Timestamp(1_796_016_600_000);
        let clock = SiteClock::new(zone).unwrap();
        let days = SiteCalendar { clock, hours: OpeningHours::usual(SiteKind::EmergencyCentre) }.working_days(now);
        let at = Timestamp::from_wall_clock(chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap().into(), 0)
            .plus_minutes(minutes);
        prop_assert_eq!(days.offset_at(at), clock.offset_minutes(at));
        let date = clock.date_of(at);
        prop_assert_eq!(days.date_of(at), date);
        prop_assert_eq!(days.midnight(date), clock.midnight(date), "{} {}", zone, date);
        prop_assert_eq!(days.date_of(days.midnight(date)), date);
    }
}
