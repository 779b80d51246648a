//! A deterministic simulation of proactive service: seeded shifts of a polyclinic and of an emergency centre, with
//! scripted arrivals, people who start shifts and take breaks, devices whose actions arrive late (offline), a
//! supervisor who overrides, and two server instances that tick the same floor — one of them on a stale copy, now
//! and then on a clock a little behind.
//!
//! Checked at every step: every rule fires exactly once per trigger (at most one alert of a rule and stage per task,
//! one follow-up per low rating, and every due breach recorded); no task is given to a person not on shift; a normal
//! task never takes the zone's reserve; an emergency never waits while somebody free is on shift in its zone; a
//! supervisor's assignment is never undone by a rule.

use std::collections::{BTreeMap, BTreeSet};

use floordesk_domain::{
    tick, Action, Activity, Actor, AlertStage, AmbulanceArrival, AmbulanceTransport, DeadlineTable, DispatchMode,
    Effect, Escort, Firing, Floor, MobilityAid, NewTask, Presence, Priority, Rating, Role, Routing, RuleKind, SiteId,
    SiteKind, SiteRules, StaffId, Staffing, Step, Task, TaskDetails, TaskId, TaskStatus, Timestamp, WrittenRequest,
    ZoneDispatch, ZoneId,
};

/// A small seeded generator (xorshift), so a run is the same every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const START: Timestamp = Timestamp(1_796_000_000_000);

/// The central store as the server keeps it: tasks at versions, and the op ids (firing keys) applied.
#[derive(Default)]
struct Store {
    tasks: BTreeMap<TaskId, Task>,
    applied: BTreeSet<String>,
    /// Who a supervisor gave each task to, last.
    overrides: BTreeMap<TaskId, StaffId>,
    /// Every op that gave a task, by task and version.
    gives: BTreeMap<(TaskId, u64), usize>,
}

impl Store {
    fn open(&self) -> Vec<Task> {
        self.tasks.values().filter(|t| t.status.is_open()).cloned().collect()
    }

    fn closed(&self) -> Vec<Task> {
        self.tasks.values().filter(|t| t.status.is_terminal()).cloned().collect()
    }

    /// Applies a firing as the server does: once per key (recorded with what it changed); against the task as it is
    /// now.
    fn apply(&mut self, firing: &Firing, now: Timestamp) {
        if self.applied.contains(&firing.key) {
            return;
        }
        match (&firing.effect, self.tasks.get(&firing.task)) {
            (Effect::Create(made), None) => {
                self.tasks.insert(made.id.clone(), (**made).clone());
            }
            (effect, Some(task)) => {
                let Some(next) = task.apply_firing(effect, now) else { return };
                if let Effect::Give { .. } = effect {
                    *self.gives.entry((task.id.clone(), task.version)).or_default() += 1;
                }
                self.tasks.insert(next.id.clone(), next);
            }
            (_, None) => return,
        }
        self.applied.insert(firing.key.clone());
    }

    /// A person's action as the server decides it: against the task as it is now.
    fn act(&mut self, actor: &Actor, id: &TaskId, action: &Action, at: Timestamp) -> bool {
        let Some(task) = self.tasks.get(id) else { return false };
        match task.apply(actor, action, at) {
            Ok(next) => {
                if actor.role == Role::Supervisor {
                    if let Action::Assign { to } | Action::Reassign { to, .. } = action {
                        self.overrides.insert(id.clone(), to.clone());
                    }
                } else if matches!(action, Action::HandBack { .. }) {
                    self.overrides.remove(id);
                }
                self.tasks.insert(id.clone(), next);
                true
            }
            Err(_) => false,
        }
    }
}

struct Site {
    kind: SiteKind,
    id: SiteId,
    zones: Vec<ZoneId>,
    rules: SiteRules,
    people: Vec<Presence>,
    supervisor: Actor,
}

fn site(kind: SiteKind, rng: &mut Rng) -> Site {
    let zones: Vec<ZoneId> = ["hall", "floor-2"].iter().map(|z| ZoneId::new(*z).unwrap()).collect();
    let mut rules = SiteRules::usual(kind);
    for (n, zone) in zones.iter().enumerate() {
        let mode = [DispatchMode::Auto, DispatchMode::Suggest, DispatchMode::Pool][(rng.below(3) as usize + n) % 3];
        rules.zones.insert(zone.clone(), ZoneDispatch { mode, reserve_people: 1, reserve_percent: 20 });
    }
    let people = (0..8)
        .map(|i| Presence {
            staff: StaffId::new(format!("p{i}")).unwrap(),
            role: if kind == SiteKind::EmergencyCentre && i % 4 == 0 { Role::Coordinator } else { Role::Administrator },
            zone: Some(zones[i % zones.len()].clone()),
            activity: Activity::Working,
            back_at: None,
            since: START,
            shift_started: START,
        })
        .collect();
    Site {
        kind,
        id: SiteId::new("s").unwrap(),
        zones,
        rules,
        people,
        supervisor: Actor { staff: StaffId::new("boss").unwrap(), role: Role::Supervisor },
    }
}

fn arrival(site: &Site, rng: &mut Rng, n: usize, now: Timestamp) -> Task {
    let zone = site.zones[rng.below(site.zones.len() as u64) as usize].clone();
    let case_id = rng.chance(30).then(|| floordesk_domain::CaseId::new(format!("c{}", n / 2)).unwrap());
    let (details, priority) = match rng.below(10) {
        0 | 1 if site.kind == SiteKind::EmergencyCentre => (
            TaskDetails::AmbulanceArrival(AmbulanceArrival {
                crew_number: format!("{n}"),
                eta: now.plus_minutes(5 + rng.below(30) as i64),
                transport: AmbulanceTransport::Stretcher,
                destination: "Bay 1".into(),
                arrived_at: None,
            }),
            Priority::Urgent,
        ),
        2 => (
            TaskDetails::WrittenRequest(WrittenRequest {
                reference: format!("R-{n}"),
                channel: "portal".into(),
                summary: "A question".into(),
                acknowledged_at: None,
            }),
            Priority::Normal,
        ),
        3 | 4 => (
            TaskDetails::Escort(Escort {
                visitor: "А.Б.".into(),
                from: "Entrance".into(),
                to: "Room 204".into(),
                aid: [MobilityAid::Walking, MobilityAid::Wheelchair, MobilityAid::Stretcher][rng.below(3) as usize],
                patient_ready: true,
            }),
            if rng.chance(10) { Priority::Emergency } else { Priority::Normal },
        ),
        _ => (
            TaskDetails::Routing(Routing { purpose: "X-ray".into(), destination: None }),
            if rng.chance(8) { Priority::Emergency } else { Priority::Normal },
        ),
    };
    Task::new(NewTask {
        id: TaskId::new(format!("t{n}")).unwrap(),
        site: site.id.clone(),
        zone,
        case_id,
        priority,
        details,
        created_by: StaffId::new("p1").unwrap(),
        met_at: now,
        created_at: now,
    })
    .unwrap()
}

/// What a person does next with a task they hold, if anything.
fn next_action(task: &Task, rng: &mut Rng) -> Option<Action> {
    match task.status {
        TaskStatus::Assigned => Some(if rng.chance(8) { Action::HandBack { reason: None } } else { Action::Accept }),
        TaskStatus::Accepted => Some(match &task.details {
            TaskDetails::AmbulanceArrival(a) if a.arrived_at.is_none() => Action::Step { step: Step::CrewMet {} },
            _ => Action::Start,
        }),
        TaskStatus::InProgress => Some(match &task.details {
            TaskDetails::WrittenRequest(w) if w.acknowledged_at.is_none() => {
                Action::Step { step: Step::Acknowledged { how: floordesk_domain::AckChannel::Phone } }
            }
            TaskDetails::AmbulanceArrival(_) if task.progress.handed_over_at.is_none() => {
                Action::Step { step: Step::HandedOver {} }
            }
            _ => Action::Complete { rating: Some(Rating::new(1 + rng.below(5) as u8, None).unwrap()) },
        }),
        _ => None,
    }
}

fn check_after_tick(site: &Site, store: &Store, now: Timestamp) {
    let open = store.open();
    let staffing = Staffing::new(&site.people, &open);
    for task in &open {
        // No alert twice.
        let mut seen = BTreeSet::new();
        for a in &task.alerts {
            assert!(seen.insert((a.rule, a.stage)), "{} has {:?}/{:?} twice", task.id, a.rule, a.stage);
        }
        // Every due breach of an unstarted in-person task is recorded.
        let table = DeadlineTable::standard();
        if let (Some(start_by), None, true) = (table.due(task).start_by, task.started_at, task.kind().is_in_person()) {
            if now > start_by && matches!(task.details, TaskDetails::Routing(_) | TaskDetails::Escort(_)) {
                assert!(
                    task.has_alert(RuleKind::StartEscalation, AlertStage::Breach),
                    "{} breached unrecorded",
                    task.id
                );
            }
        }
        // An emergency never waits while someone free is on shift in its zone (whom the rules may give it to).
        if task.priority == Priority::Emergency && task.status == TaskStatus::New {
            let (takers, _) = staffing.of_zone(&task.zone);
            let free: Vec<_> = takers
                .iter()
                .filter(|p| staffing.load(&p.staff) == 0 && task.last_holder.as_ref() != Some(&p.staff))
                // Past the hand-off limit only a supervisor gives it (the rules tell them instead).
                .filter(|p| matches!(task.give(&p.staff, None), floordesk_domain::Giving::Ready(Action::Assign { .. })))
                .collect();
            assert!(free.is_empty(), "emergency {} waits while {:?} is free", task.id, free[0].staff);
        }
        // A supervisor's assignment stays, unless its holder handed it back or passed it on.
        if let Some(to) = store.overrides.get(&task.id) {
            assert_eq!(task.assignee.as_ref(), Some(to), "{}: the supervisor's choice was undone", task.id);
        }
    }
    // One follow-up per low rating.
    for task in store.tasks.values().filter(|t| t.rating.as_ref().is_some_and(|r| r.score() <= 2)) {
        let follow_ups = store.tasks.values().filter(|t| t.follows.as_ref() == Some(&task.id)).count();
        assert!(follow_ups <= 1, "{} followed up {follow_ups} times", task.id);
    }
    assert!(store.gives.values().all(|n| *n == 1), "a task was given twice at one version");
}

fn simulate(kind: SiteKind, seed: u64) {
    let mut rng = Rng(seed);
    let mut site = site(kind, &mut rng);
    let deadlines = DeadlineTable::standard();
    let mut store = Store::default();
    // Actions of people whose devices are offline: sent some minutes later, dated when they were done.
    let mut outbox: Vec<(Timestamp, Actor, TaskId, Action, Timestamp)> = Vec::new();
    let mut stale: Vec<Task> = Vec::new();
    let mut arrivals = 0;
    for minute in 0..240 {
        let now = START.plus_minutes(minute);
        // Arrivals.
        for _ in 0..rng.below(3) {
            let task = arrival(&site, &mut rng, arrivals, now);
            arrivals += 1;
            store.tasks.insert(task.id.clone(), task);
        }
        // People come and go: a break, back to work, with a visitor.
        for p in &mut site.people {
            let change = rng.below(100);
            let (activity, back_at) = match (p.activity, change) {
                (Activity::Working, 0..=2) => (Activity::Break, Some(now.plus_minutes(15))),
                (Activity::Working, 3..=5) => (Activity::WithVisitor, None),
                (Activity::Break, _) if p.back_at.is_some_and(|back| now >= back) => (Activity::Working, None),
                (Activity::WithVisitor, 0..=20) => (Activity::Working, None),
                (a, _) => (a, p.back_at),
            };
            (p.activity, p.back_at) = (activity, back_at);
        }
        // People act on what they hold; some devices are offline and send later.
        let held: Vec<Task> = store.open().into_iter().filter(|t| t.assignee.is_some() && rng.chance(30)).collect();
        for task in held {
            let holder = task.assignee.clone().unwrap();
            let role = site.people.iter().find(|p| p.staff == holder).map_or(Role::Administrator, |p| p.role);
            let actor = Actor { staff: holder, role };
            if let Some(action) = next_action(&task, &mut rng) {
                if rng.chance(20) {
                    outbox.push((now.plus_minutes(1 + rng.below(10) as i64), actor, task.id.clone(), action, now));
                } else {
                    store.act(&actor, &task.id, &action, now);
                }
            }
        }
        let (due, later): (Vec<_>, Vec<_>) = outbox.drain(..).partition(|(send, ..)| *send <= now);
        outbox = later;
        for (_, actor, id, action, at) in due {
            store.act(&actor, &id, &action, at);
        }
        // Now and then the supervisor gives a waiting task to someone on shift.
        if rng.chance(15) {
            let waiting: Vec<Task> = store.open().into_iter().filter(|t| t.assignee.is_none()).collect();
            if let Some(task) = waiting.first() {
                let to = site.people[rng.below(site.people.len() as u64) as usize].staff.clone();
                if store.act(&site.supervisor.clone(), &task.id, &Action::Assign { to }, now) {
                    // ...and that holds against a rule that decided on the older copy (instance B below).
                }
            }
        }
        // Instance A ticks on the store as it is; instance B on the copy it read a minute ago, sometimes with a
        // clock two minutes behind.
        let open = store.open();
        let closed = store.closed();
        let floor = Floor {
            now,
            open: true,
            rules: &site.rules,
            deadlines: &deadlines,
            people: &site.people,
            tasks: &open,
            closed: &closed,
        };
        let a = tick(&floor);
        let b_now = if rng.chance(30) { now.plus_minutes(-2) } else { now };
        let b = tick(&Floor { now: b_now, tasks: &stale, ..floor });
        for firing in &a {
            if let Effect::Give { to, emergency: _, rule: _ } = &firing.effect {
                let person = site.people.iter().find(|p| p.staff == *to).expect("given to a person on shift");
                assert!(person.takes_work(), "given to {} who is not working", to);
                let task = &store.tasks[&firing.task];
                if task.priority == Priority::Normal {
                    let zone = site.rules.zone(&task.zone);
                    let staffing = Staffing::new(&site.people, &open);
                    let (takers, free) = staffing.of_zone(&task.zone);
                    assert!(free > zone.reserve(takers.len()), "a normal task took the reserve of {}", task.zone);
                }
            }
        }
        for firing in a.iter().chain(&b) {
            store.apply(firing, now);
        }
        let read = open.clone();
        check_after_tick(&site, &store, now);
        // A tick on the result decides nothing new of what it applied.
        let (open_now, closed_now) = (store.open(), store.closed());
        let again = tick(&Floor { tasks: &open_now, closed: &closed_now, ..floor });
        for firing in &again {
            assert!(!store.applied.contains(&firing.key), "{} fired twice", firing.key);
        }
        stale = read;
    }
    // The shift did real work: rules made tasks, gave tasks and told supervisors.
    let alerts = store.tasks.values().flat_map(|t| &t.alerts).count();
    assert!(alerts > 20, "{kind:?}: only {alerts} alerts");
    assert!(store.gives.len() > 5, "{kind:?}: only {} tasks given", store.gives.len());
    assert!(store.tasks.values().any(|t| t.made_by == Some(RuleKind::LowRating)), "no follow-up of a low rating");
}

#[test]
fn a_polyclinic_shift() {
    for seed in [1, 7, 42, 1_000_003] {
        simulate(SiteKind::Polyclinic, seed);
    }
}

#[test]
fn an_emergency_centre_shift() {
    for seed in [3, 11, 99, 65_537] {
        simulate(SiteKind::EmergencyCentre, seed);
    }
}
