//! One run of a site's rules over its floor at a moment: what fires now ([`tick`]), and what a firing does to its
//! task ([`Task::apply_firing`]).
//!
//! A firing has a key that names its trigger (the rule, the stage, the task, for dispatch the task's version): the
//! server applies it as an op with that id, so a firing is applied once however often it is decided — after a
//! restart, by a second server instance, or on a clock that went back. A firing also changes nothing on a task that
//! has it already (an alert of that rule and stage, a holder, an owner), so a tick run again on the same floor
//! fires nothing new.

use std::collections::{BTreeMap, BTreeSet};

use crate::deadline::{ClockFrom, DeadlineTable, WRITTEN_ACK_MINUTES};
use crate::dispatch::{Choice, DispatchMode, Staffing};
use crate::ids::{CaseId, StaffId, TaskId, ZoneId};
use crate::kind::{MobilityAid, NonStandard, TaskDetails};
use crate::kpi::LOW_RATING;
use crate::presence::Presence;
use crate::priority::Priority;
use crate::rules::{Alert, AlertStage, Audience, RuleKind, SiteRules, RULES_STAFF};
use crate::task::{NewTask, Task, TaskStatus};
use crate::time::Timestamp;

/// A site's floor at a moment, as the rules read it.
#[derive(Debug, Clone, Copy)]
pub struct Floor<'a> {
    /// Now, on the server's clock.
    pub now: Timestamp,
    /// Whether the site is open now (its calendar): closed, only the rules marked around the clock run.
    pub open: bool,
    /// The site's rules and dispatch.
    pub rules: &'a SiteRules,
    /// The site's deadline table.
    pub deadlines: &'a DeadlineTable,
    /// Who is on shift.
    pub people: &'a [Presence],
    /// The site's open tasks.
    pub tasks: &'a [Task],
    /// Tasks closed lately (rated ones get their follow-up).
    pub closed: &'a [Task],
}

/// What a firing does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Leave an alert on the task.
    Alert(Alert),
    /// Give the (unassigned) task to a person; `emergency` raises it to an emergency first.
    Give {
        /// The rule that gives it.
        rule: RuleKind,
        /// The person.
        to: StaffId,
        /// Raise it to an emergency.
        emergency: bool,
    },
    /// Make a task (made by the rule, see [`Task::made_by`]).
    Create(Box<Task>),
    /// Name the visitor case's owner on the task.
    Owner(StaffId),
}

impl Effect {
    /// The rule behind it.
    #[must_use]
    pub fn rule(&self) -> RuleKind {
        match self {
            Effect::Alert(alert) => alert.rule,
            Effect::Give { rule, .. } => *rule,
            // A made task names its rule; the low-rating follow-up is the only one made.
            Effect::Create(task) => task.made_by.unwrap_or(RuleKind::LowRating),
            Effect::Owner(_) => RuleKind::CaseOwner,
        }
    }
}

/// One rule firing on one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Firing {
    /// Names the trigger: an op id (at most 64 characters of the id alphabet).
    pub key: String,
    /// The task it changes (or makes).
    pub task: TaskId,
    /// What it does.
    pub effect: Effect,
}

/// The staff id rules act as.
///
/// # Panics
/// Never: [`RULES_STAFF`] is a valid id.
#[must_use]
pub fn rules_staff() -> StaffId {
    StaffId::new(RULES_STAFF).expect("a valid id")
}

/// A short stable digest of `text` (64-bit FNV-1a), for ids made from other ids.
fn digest(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// The key of a firing: the rule, what it does, and the trigger (digested: a task id may be 64 characters itself).
fn key(rule: RuleKind, what: &str, trigger: &str) -> String {
    format!("rule-{}-{what}-{}", rule.as_str(), digest(trigger))
}

/// The id of the task `rule` makes for `source`: the same every time, so making it twice is refused as a
/// duplicate id.
#[must_use]
pub fn made_task_id(rule: RuleKind, source: &TaskId) -> TaskId {
    TaskId::new(format!("r-{}-{}", rule.as_str(), digest(source.as_str()))).expect("a valid id")
}

/// What fires on `floor` now, in the order to apply it: emergencies first, then by wait.
#[must_use]
pub fn tick(floor: &Floor<'_>) -> Vec<Firing> {
    let mut run = Run {
        floor,
        staffing: Staffing::new(floor.people, floor.tasks),
        firings: Vec::new(),
        touched: BTreeSet::new(),
    };
    let mut order: Vec<&Task> = floor.tasks.iter().filter(|t| t.status.is_open()).collect();
    order.sort_by_key(|t| (t.priority, t.met_at, &t.id));
    for task in &order {
        run.crew_due(task);
        run.dispatch(task);
        run.aid_first(task);
        run.start(task);
        run.unassigned(task);
        run.childcare(task);
        run.written(task);
    }
    run.case_owners(&order);
    for task in floor.closed {
        run.low_rating(task);
    }
    run.firings
}

struct Run<'a, 'f> {
    floor: &'f Floor<'a>,
    staffing: Staffing<'a>,
    firings: Vec<Firing>,
    /// The tasks something fired on in this tick.
    touched: BTreeSet<TaskId>,
}

impl Run<'_, '_> {
    fn runs(&self, rule: RuleKind) -> bool {
        self.floor.rules.runs(rule, self.floor.open)
    }

    fn minutes(&self, rule: RuleKind) -> i64 {
        self.floor.rules.minutes(rule)
    }

    fn alert(&mut self, task: &Task, rule: RuleKind, stage: AlertStage, to: Audience, staff: Option<StaffId>) {
        if task.has_alert(rule, stage) {
            return;
        }
        self.touched.insert(task.id.clone());
        self.firings.push(Firing {
            key: key(rule, stage.as_str(), task.id.as_str()),
            task: task.id.clone(),
            effect: Effect::Alert(Alert { rule, stage, to, at: self.floor.now, staff, handled_at: None }),
        });
    }

    fn give(&mut self, task: &Task, rule: RuleKind, to: StaffId, emergency: bool) {
        // Past the hand-off limit only a supervisor may give it, with a reason: they are told instead.
        if !matches!(task.give(&to, None), crate::Giving::Ready(crate::Action::Assign { .. })) {
            self.alert(task, rule, AlertStage::Escalate, Audience::Supervisors, Some(to));
            return;
        }
        self.staffing.gave(&to);
        self.touched.insert(task.id.clone());
        self.firings.push(Firing {
            // A task handed back and given again is a new trigger: its version says which time.
            key: key(rule, "give", &format!("{}@{}", task.id, task.version)),
            task: task.id.clone(),
            effect: Effect::Give { rule, to, emergency },
        });
    }

    /// Waiting in the pool for anybody: not a rule's follow-up, which is the supervisors' own.
    fn unheld(task: &Task) -> bool {
        task.status == TaskStatus::New && task.assignee.is_none() && task.made_by.is_none()
    }

    /// A crew due soon that nobody meets: the arrival becomes an emergency for a free person, else the supervisors
    /// are told.
    fn crew_due(&mut self, task: &Task) {
        let TaskDetails::AmbulanceArrival(a) = &task.details else { return };
        if !self.runs(RuleKind::CrewDue) || !Self::unheld(task) || a.arrived_at.is_some() {
            return;
        }
        if a.eta.minutes_since(self.floor.now) > self.minutes(RuleKind::CrewDue) {
            return;
        }
        let urgent = Task { priority: Priority::Emergency, ..task.clone() };
        match self.staffing.choose(&urgent, &self.floor.rules.zone(&task.zone)) {
            Choice::Give(to) => self.give(task, RuleKind::CrewDue, to, task.priority != Priority::Emergency),
            Choice::Wait | Choice::Nobody => {
                self.alert(task, RuleKind::CrewDue, AlertStage::Escalate, Audience::Supervisors, None);
            }
        }
    }

    /// A zone's dispatch: an emergency is given to somebody free in every mode; otherwise the zone's mode says.
    fn dispatch(&mut self, task: &Task) {
        if !Self::unheld(task) || self.touched.contains(&task.id) {
            return;
        }
        let zone = self.floor.rules.zone(&task.zone);
        let Choice::Give(to) = self.staffing.choose(task, &zone) else { return };
        match zone.mode {
            _ if task.priority == Priority::Emergency => self.give(task, RuleKind::Dispatch, to, false),
            DispatchMode::Auto => self.give(task, RuleKind::Dispatch, to, false),
            DispatchMode::Suggest => {
                self.alert(task, RuleKind::Dispatch, AlertStage::Suggest, Audience::Supervisors, Some(to));
            }
            DispatchMode::Pool => {}
        }
    }

    /// An escort in a wheelchair or on a stretcher: the aid to the pickup point first.
    fn aid_first(&mut self, task: &Task) {
        let TaskDetails::Escort(e) = &task.details else { return };
        if !self.runs(RuleKind::AidFirst)
            || task.started_at.is_some()
            || e.aid == MobilityAid::Walking
            || task.progress.aid_at_pickup.is_some()
        {
            return;
        }
        if let Some(holder) = task.assignee.clone() {
            self.alert(task, RuleKind::AidFirst, AlertStage::Remind, Audience::Holder, Some(holder));
        }
    }

    /// An in-person task not started: the holder reminded, then the supervisors told; a breach at once.
    fn start(&mut self, task: &Task) {
        let kind = task.kind();
        if !kind.is_in_person() || ClockFrom::of(kind) != ClockFrom::Met || task.started_at.is_some() {
            return;
        }
        let Some(start_by) = self.floor.deadlines.due(task).start_by else { return };
        let now = self.floor.now;
        let waited = now.minutes_since(task.met_at);
        if self.runs(RuleKind::StartEscalation) && now > start_by {
            self.alert(task, RuleKind::StartEscalation, AlertStage::Breach, Audience::Supervisors, None);
        } else if self.runs(RuleKind::StartEscalation) && waited >= self.minutes(RuleKind::StartEscalation) {
            self.alert(task, RuleKind::StartEscalation, AlertStage::Escalate, Audience::Supervisors, None);
        }
        if let Some(holder) = task.assignee.clone() {
            if self.runs(RuleKind::StartReminder) && waited >= self.minutes(RuleKind::StartReminder) {
                self.alert(task, RuleKind::StartReminder, AlertStage::Remind, Audience::Holder, Some(holder));
            }
        }
    }

    /// A task nobody took: offered (a person suggested to the supervisors), else the supervisors are told.
    fn unassigned(&mut self, task: &Task) {
        if !self.runs(RuleKind::Unassigned) || !Self::unheld(task) || self.touched.contains(&task.id) {
            return;
        }
        if self.floor.now.minutes_since(task.created_at) < self.minutes(RuleKind::Unassigned) {
            return;
        }
        let suggested = task.has_alert(RuleKind::Dispatch, AlertStage::Suggest);
        match self.staffing.choose(task, &self.floor.rules.zone(&task.zone)) {
            Choice::Give(to) if !suggested && !task.has_alert(RuleKind::Unassigned, AlertStage::Suggest) => {
                self.alert(task, RuleKind::Unassigned, AlertStage::Suggest, Audience::Supervisors, Some(to));
            }
            Choice::Give(_) if !suggested => {}
            _ => self.alert(task, RuleKind::Unassigned, AlertStage::Escalate, Audience::Supervisors, None),
        }
    }

    /// Childcare near its longest stay: its holder and the parent's escort reminded; past it, the supervisors told.
    fn childcare(&mut self, task: &Task) {
        let TaskDetails::Childcare(c) = &task.details else { return };
        if !self.runs(RuleKind::ChildcareEnding) || c.end.is_some() {
            return;
        }
        let ends = c.start.plus_minutes(i64::from(c.max_duration.0));
        let now = self.floor.now;
        if now > ends {
            self.alert(task, RuleKind::ChildcareEnding, AlertStage::Escalate, Audience::Supervisors, None);
        }
        if ends.minutes_since(now) >= self.minutes(RuleKind::ChildcareEnding) {
            return;
        }
        if let Some(holder) = task.assignee.clone() {
            self.alert(task, RuleKind::ChildcareEnding, AlertStage::Remind, Audience::Holder, Some(holder));
        }
        let escorts: Vec<&Task> = self
            .floor
            .tasks
            .iter()
            .filter(|t| t.case_id.is_some() && t.case_id == task.case_id && matches!(t.details, TaskDetails::Escort(_)))
            .filter(|t| t.status.is_open())
            .collect();
        for escort in escorts {
            if let Some(holder) = escort.assignee.clone() {
                self.alert(escort, RuleKind::ChildcareEnding, AlertStage::Remind, Audience::Holder, Some(holder));
            }
        }
    }

    /// A written request not acknowledged: the supervisors told, then a breach recorded at 24 hours.
    fn written(&mut self, task: &Task) {
        let TaskDetails::WrittenRequest(w) = &task.details else { return };
        if !self.runs(RuleKind::WrittenAck) || w.acknowledged_at.is_some() {
            return;
        }
        let waited = self.floor.now.minutes_since(task.met_at);
        if waited >= i64::from(WRITTEN_ACK_MINUTES) {
            self.alert(task, RuleKind::WrittenAck, AlertStage::Breach, Audience::Supervisors, None);
        } else if waited >= self.minutes(RuleKind::WrittenAck) {
            self.alert(task, RuleKind::WrittenAck, AlertStage::Escalate, Audience::Supervisors, None);
        }
    }

    /// A low rating: a follow-up for the supervisors, in the same visitor case and zone.
    fn low_rating(&mut self, task: &Task) {
        let Some(rating) = task.rating.as_ref().filter(|r| r.score() <= LOW_RATING) else { return };
        if !self.runs(RuleKind::LowRating) || task.status != TaskStatus::Done || task.made_by.is_some() {
            return;
        }
        let id = made_task_id(RuleKind::LowRating, &task.id);
        if self.floor.tasks.iter().chain(self.floor.closed).any(|t| t.id == id) {
            return;
        }
        let made = Task::new(NewTask {
            id: id.clone(),
            site: task.site.clone(),
            zone: task.zone.clone(),
            case_id: task.case_id.clone(),
            priority: Priority::Urgent,
            details: TaskDetails::NonStandard(NonStandard {
                description: format!("Talk to the visitor: {} rated {}/5.", task.kind(), rating.score()),
            }),
            created_by: rules_staff(),
            met_at: self.floor.now,
            created_at: self.floor.now,
        });
        if let Ok(mut made) = made {
            made.made_by = Some(RuleKind::LowRating);
            made.follows = Some(task.id.clone());
            // The supervisors' to do: on their attention list, never dispatched to an administrator.
            made.alerts.push(Alert {
                rule: RuleKind::LowRating,
                stage: AlertStage::Escalate,
                to: Audience::Supervisors,
                at: self.floor.now,
                staff: None,
                handled_at: None,
            });
            self.firings.push(Firing {
                key: key(RuleKind::LowRating, "make", task.id.as_str()),
                task: id,
                effect: Effect::Create(Box::new(made)),
            });
        }
    }

    /// A visitor case open in several zones: its first holder named the owner on each of its open tasks.
    fn case_owners(&mut self, order: &[&Task]) {
        if !self.runs(RuleKind::CaseOwner) {
            return;
        }
        let mut cases: BTreeMap<&CaseId, Vec<&Task>> = BTreeMap::new();
        for task in order {
            if let Some(case) = &task.case_id {
                cases.entry(case).or_default().push(task);
            }
        }
        for tasks in cases.values() {
            let zones: BTreeSet<&ZoneId> = tasks.iter().map(|t| &t.zone).collect();
            if tasks.len() < 2 || zones.len() < 2 {
                continue;
            }
            // Whoever already owns a task of it, else whoever took one of its tasks first.
            let owner = tasks.iter().find_map(|t| t.case_owner.clone()).or_else(|| {
                tasks
                    .iter()
                    .filter(|t| t.assignee.is_some())
                    .min_by_key(|t| (t.accepted_at.unwrap_or(Timestamp(i64::MAX)), t.created_at))
                    .and_then(|t| t.assignee.clone())
            });
            let Some(owner) = owner else { continue };
            for task in tasks.iter().filter(|t| t.case_owner.is_none()) {
                self.firings.push(Firing {
                    key: key(RuleKind::CaseOwner, "own", task.id.as_str()),
                    task: task.id.clone(),
                    effect: Effect::Owner(owner.clone()),
                });
            }
        }
    }
}

impl Task {
    /// The task after `effect` at `at` (version + 1), or `None` when it no longer applies: the alert is there
    /// already, the task was taken or closed meanwhile, it has an owner. Never undoes what a person did.
    #[must_use]
    pub fn apply_firing(&self, effect: &Effect, at: Timestamp) -> Option<Task> {
        let mut next = self.clone();
        match effect {
            Effect::Create(_) => return None,
            _ if self.status.is_terminal() => return None,
            Effect::Alert(alert) => {
                if self.has_alert(alert.rule, alert.stage) {
                    return None;
                }
                next.alerts.push(alert.clone());
            }
            Effect::Give { rule, to, emergency } => {
                if self.status != TaskStatus::New || self.assignee.is_some() {
                    return None;
                }
                let actor = crate::Actor { staff: rules_staff(), role: crate::Role::Supervisor };
                next = self.apply(&actor, &crate::Action::Assign { to: to.clone() }, at).ok()?;
                next.version = self.version;
                if *emergency {
                    next.priority = Priority::Emergency;
                }
                next.given_by = Some(*rule);
            }
            Effect::Owner(owner) => {
                if self.case_owner.is_some() {
                    return None;
                }
                next.case_owner = Some(owner.clone());
            }
        }
        next.version = self.version.saturating_add(1);
        Some(next)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ids::SiteId;
    use crate::kind::Routing;
    use crate::presence::Activity;
    use crate::role::Role;
    use crate::site::SiteKind;

    pub(crate) fn task_in(zone: &str, priority: Priority) -> Task {
        Task::new(NewTask {
            id: TaskId::new(format!("t-{zone}-{priority}")).unwrap(),
            site: SiteId::new("s").unwrap(),
            zone: ZoneId::new(zone).unwrap(),
            case_id: None,
            priority,
            details: TaskDetails::Routing(Routing { purpose: "Рентген".into(), destination: None }),
            created_by: StaffId::new("olga").unwrap(),
            met_at: Timestamp(0),
            created_at: Timestamp(0),
        })
        .unwrap()
    }

    fn on_shift(id: &str) -> Presence {
        Presence {
            staff: StaffId::new(id).unwrap(),
            role: Role::Administrator,
            zone: Some(ZoneId::new("hall").unwrap()),
            activity: Activity::Working,
            back_at: None,
            since: Timestamp(0),
            shift_started: Timestamp(0),
        }
    }

    /// Applies firings as the server does: each to the task as it is now.
    pub(crate) fn apply_all(tasks: &mut Vec<Task>, firings: &[Firing], now: Timestamp) -> usize {
        let mut applied = 0;
        for f in firings {
            match (&f.effect, tasks.iter().position(|t| t.id == f.task)) {
                (Effect::Create(made), None) => tasks.push((**made).clone()),
                (effect, Some(i)) => match tasks[i].apply_firing(effect, now) {
                    Some(next) => tasks[i] = next,
                    None => continue,
                },
                (_, None) => continue,
            }
            applied += 1;
        }
        applied
    }

    #[test]
    fn a_wheelchair_escort_asks_for_the_aid_at_the_pickup_first() {
        use crate::kind::Escort;
        use crate::step::{Step, StepName};
        let rules = SiteRules::usual(SiteKind::Polyclinic);
        let deadlines = DeadlineTable::standard();
        let mut escort = task_in("hall", Priority::Normal);
        escort.details = TaskDetails::Escort(Escort {
            visitor: "Б-042".into(),
            from: "Вход".into(),
            to: "214".into(),
            aid: MobilityAid::Wheelchair,
            patient_ready: false,
        });
        let anna = crate::Actor { staff: StaffId::new("anna").unwrap(), role: Role::Administrator };
        let mut tasks = vec![escort.apply(&anna, &crate::Action::Claim, Timestamp(0)).unwrap()];
        let now = Timestamp(60_000);
        let fire = |tasks: &[Task]| {
            tick(&Floor { now, open: true, rules: &rules, deadlines: &deadlines, people: &[], tasks, closed: &[] })
        };
        let firings = fire(&tasks);
        apply_all(&mut tasks, &firings, now);
        assert_eq!(tasks[0].reminder().map(|a| a.rule), Some(RuleKind::AidFirst));
        assert_eq!(tasks[0].next_steps()[0], StepName::AidAtPickup, "the aid comes first");
        let step = crate::Action::Step { step: Step::AidAtPickup {} };
        tasks[0] = tasks[0].apply(&anna, &step, now).unwrap();
        assert_eq!(tasks[0].progress.aid_at_pickup, Some(now));
        assert!(!tasks[0].next_steps().contains(&StepName::AidAtPickup));
        assert!(fire(&tasks).iter().all(|f| !matches!(&f.effect, Effect::Alert(a) if a.rule == RuleKind::AidFirst)));
    }

    #[test]
    fn a_tick_run_again_on_its_own_result_fires_nothing() {
        let mut rules = SiteRules::usual(SiteKind::Polyclinic);
        rules.zones.insert(
            ZoneId::new("hall").unwrap(),
            crate::dispatch::ZoneDispatch { mode: DispatchMode::Auto, reserve_people: 0, reserve_percent: 0 },
        );
        let deadlines = DeadlineTable::standard();
        let people = [on_shift("anna")];
        let mut tasks = vec![task_in("hall", Priority::Normal)];
        let now = Timestamp(9 * 60_000);
        let fire = |tasks: &[Task]| {
            tick(&Floor { now, open: true, rules: &rules, deadlines: &deadlines, people: &people, tasks, closed: &[] })
        };
        let firings = fire(&tasks);
        assert!(matches!(&firings[0].effect, Effect::Give { to, .. } if to.as_str() == "anna"), "{firings:?}");
        assert_eq!(apply_all(&mut tasks, &firings, now), firings.len());
        // Given, and 9 minutes after the visitor was met: the reminder fires now, once.
        let second = fire(&tasks);
        assert!(second.iter().all(|f| matches!(f.effect, Effect::Alert(_))), "{second:?}");
        assert_eq!(apply_all(&mut tasks, &second, now), second.len());
        assert!(fire(&tasks).is_empty());
        assert_eq!(apply_all(&mut tasks, &firings, now), 0, "a firing applied again changes nothing");
    }
}
