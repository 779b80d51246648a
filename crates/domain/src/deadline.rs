//! Service-standard deadlines: how soon a task must be started and finished.
//!
//! A task is *started* when its visitor stops waiting: [`Task::started_at`], or
//! for written requests the first of acknowledgement, acceptance and start
//! (see [`Task::service_started_at`]).
//!
//! Deadlines are measured from an anchor:
//! - ambulance arrivals: the actual arrival (`arrived_at`); no deadline before it;
//! - childcare completion: the child's `start` plus the task's own `max_duration`;
//! - everything else: `met_at`, the moment the visitor was met (or the written
//!   request received).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::WorkingDays;
use crate::kind::{TaskDetails, TaskKind};
use crate::priority::Priority;
use crate::task::{Task, TaskStatus};
use crate::time::{Minutes, Timestamp, MILLIS_PER_MINUTE};

/// Start windows for in-person tasks, by priority: the standard's 15 minutes for
/// normal tasks, 5 for urgent ones, and 2 for emergencies (immediate, but with a
/// moment to reach the visitor).
pub const IN_PERSON_START_MINUTES: [(Priority, u32); 3] =
    [(Priority::Emergency, 2), (Priority::Urgent, 5), (Priority::Normal, 15)];
/// Written requests must be acknowledged within 24 hours.
pub const WRITTEN_ACK_MINUTES: u32 = 24 * 60;
/// Written requests must be resolved within 10 of the site's working days (the day received does not count).
pub const WRITTEN_RESOLVE_WORKING_DAYS: u32 = 10;
/// An ambulance patient must be handed over within 15 minutes of arrival.
pub const AMBULANCE_HANDOVER_MINUTES: u32 = 15;
/// The crew must be met within 5 minutes of arrival (2 for emergencies).
pub const AMBULANCE_MEET_MINUTES: u32 = 5;
/// Remaining time below which a running deadline is always "approaching".
pub const APPROACHING_MS: i64 = 5 * MILLIS_PER_MINUTE;

/// How long a task may take, counted from its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeadlineRule {
    /// The task must be started within this time.
    pub start_within: Option<Minutes>,
    /// The task must be done within this time.
    pub complete_within: Option<Minutes>,
    /// The task must be done by the end of this many of the site's working days after the day of its anchor
    /// (instead of `complete_within`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complete_within_working_days: Option<u32>,
}

/// Moments by which a task must be started and completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Due {
    /// Start deadline.
    pub start_by: Option<Timestamp>,
    /// Completion deadline.
    pub complete_by: Option<Timestamp>,
}

/// Where a task stands against its deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "state", rename_all = "snake_case", deny_unknown_fields)]
pub enum DeadlineStatus {
    /// No deadline applies (yet).
    NoDeadline,
    /// Plenty of time left.
    OnTrack {
        /// Milliseconds until the deadline.
        remaining_ms: i64,
    },
    /// In the last third of the window, or less than 5 minutes left.
    Approaching {
        /// Milliseconds until the deadline.
        remaining_ms: i64,
    },
    /// The deadline has passed and the clock is still running.
    Breached {
        /// Milliseconds since the deadline.
        overdue_ms: i64,
    },
    /// The clock stopped in time.
    Met,
    /// The clock stopped late.
    Missed,
    /// A booked task whose slot is a minute or more ahead: its clock has not started.
    Upcoming {
        /// Until the slot.
        starts_in_ms: i64,
    },
}

/// Where a kind's clock runs from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClockFrom {
    /// When the visitor was met, or the written request received (a planned task: its slot).
    Met,
    /// The booked slot: a meeting's slot, a taxi's pickup time.
    Slot,
    /// The crew's actual arrival.
    CrewArrival,
}

impl ClockFrom {
    /// The clock of `kind`.
    #[must_use]
    pub const fn of(kind: TaskKind) -> ClockFrom {
        match kind {
            TaskKind::RelativeMeeting | TaskKind::Taxi => ClockFrom::Slot,
            TaskKind::AmbulanceArrival => ClockFrom::CrewArrival,
            _ => ClockFrom::Met,
        }
    }
}

/// A deadline and the length of the window that leads to it.
#[derive(Clone, Copy)]
struct Window {
    deadline: Timestamp,
    length_ms: i64,
}

impl Window {
    fn after(anchor: Timestamp, within: Minutes) -> Window {
        Window { deadline: anchor.plus_minutes(i64::from(within.0)), length_ms: within.as_millis() }
    }

    fn after_working_days(anchor: Timestamp, days: u32, calendar: &WorkingDays) -> Window {
        let deadline = calendar.after(anchor, days);
        Window { deadline, length_ms: deadline.millis_since(anchor) }
    }

    /// Live status of a running clock at `now`.
    fn live(self, now: Timestamp) -> DeadlineStatus {
        let remaining_ms = self.deadline.millis_since(now);
        if remaining_ms < 0 {
            DeadlineStatus::Breached { overdue_ms: now.millis_since(self.deadline) }
        } else if remaining_ms < APPROACHING_MS || remaining_ms.saturating_mul(3) <= self.length_ms {
            DeadlineStatus::Approaching { remaining_ms }
        } else {
            DeadlineStatus::OnTrack { remaining_ms }
        }
    }
}

/// Deadline rules for every kind and priority (missing entries mean "no deadline"), and the working days of the
/// site they are counted on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DeadlineTable {
    rules: BTreeMap<TaskKind, BTreeMap<Priority, DeadlineRule>>,
    /// The site's clock and working days; Moscow's clock, Monday to Friday, when not given.
    #[serde(default)]
    calendar: WorkingDays,
}

impl DeadlineTable {
    /// The service standard:
    ///
    /// | kind | start within | complete within |
    /// |---|---|---|
    /// | in-person kinds | 2 / 5 / 15 min (emergency / urgent / normal) from `met_at` | see below |
    /// | escort | | 60 min |
    /// | ED registration, routing, kiosk help | | 30 min |
    /// | relative meeting, taxi, non-standard | | none (scheduled or open-ended) |
    /// | childcare | | the task's own `max_duration` from `start` |
    /// | ambulance arrival | 2 / 5 / 5 min from `arrived_at` | 15 min from `arrived_at` (handover) |
    /// | written request | 24 h (acknowledgement) | the end of the 10th working day after the day received |
    #[must_use]
    pub fn standard() -> DeadlineTable {
        let mut table = DeadlineTable::default();
        for kind in TaskKind::ALL {
            for (priority, start) in IN_PERSON_START_MINUTES {
                let rule = match kind {
                    TaskKind::WrittenRequest => DeadlineRule {
                        start_within: Some(Minutes(WRITTEN_ACK_MINUTES)),
                        complete_within: None,
                        complete_within_working_days: Some(WRITTEN_RESOLVE_WORKING_DAYS),
                    },
                    TaskKind::AmbulanceArrival => DeadlineRule {
                        start_within: Some(Minutes(start.min(AMBULANCE_MEET_MINUTES))),
                        complete_within: Some(Minutes(AMBULANCE_HANDOVER_MINUTES)),
                        complete_within_working_days: None,
                    },
                    _ => DeadlineRule {
                        start_within: Some(Minutes(start)),
                        complete_within: match kind {
                            TaskKind::Escort => Some(Minutes(60)),
                            TaskKind::EdRegistration | TaskKind::Routing | TaskKind::KioskHelp => Some(Minutes(30)),
                            _ => None,
                        },
                        complete_within_working_days: None,
                    },
                };
                table.set(kind, priority, rule);
            }
        }
        table
    }

    /// This table counted on a site's working days.
    #[must_use]
    pub fn on(self, calendar: WorkingDays) -> DeadlineTable {
        DeadlineTable { calendar, ..self }
    }

    /// The site's clock and working days the table counts on.
    #[must_use]
    pub fn calendar(&self) -> &WorkingDays {
        &self.calendar
    }

    /// Sets the rule for one kind and priority.
    pub fn set(&mut self, kind: TaskKind, priority: Priority, rule: DeadlineRule) {
        self.rules.entry(kind).or_default().insert(priority, rule);
    }

    /// The rule for one kind and priority (no deadlines if none is set).
    #[must_use]
    pub fn rule(&self, kind: TaskKind, priority: Priority) -> DeadlineRule {
        self.rules.get(&kind).and_then(|by_priority| by_priority.get(&priority)).copied().unwrap_or_default()
    }

    /// The task's start and completion deadlines.
    #[must_use]
    pub fn due(&self, task: &Task) -> Due {
        let (start, complete) = self.windows(task);
        Due { start_by: start.map(|w| w.deadline), complete_by: complete.map(|w| w.deadline) }
    }

    /// The order the floor works in: most urgent first — priority, then the earliest deadline (start, or else
    /// completion), then the longest wait. Sort by this key.
    #[must_use]
    pub fn urgency(&self, task: &Task) -> (Priority, i64, i64) {
        let due = self.due(task);
        let deadline = due.start_by.or(due.complete_by).map_or(i64::MAX, |t| t.0);
        (task.priority, deadline, task.met_at.0)
    }

    /// Where the task stands at `now`.
    ///
    /// Open tasks: before the start, the start deadline is watched (or the
    /// completion deadline if there is no start deadline); after the start, the
    /// completion deadline, or, without one, the verdict on the start. Closed
    /// tasks get a verdict from the moments the clocks stopped: a done task is
    /// `Met` only if it started and finished in time; a cancelled task is judged
    /// on its start only (the clock stopped at cancellation if it never started).
    #[must_use]
    pub fn status(&self, task: &Task, now: Timestamp) -> DeadlineStatus {
        let (start, complete) = self.windows(task);
        let started = task.service_started_at();
        let finished = finished_at(task);
        if task.status.is_terminal() || finished.is_some() {
            let closed = task.closed_at.or(finished).unwrap_or(now);
            let start_ok = start.map(|w| started.unwrap_or(closed) <= w.deadline);
            let complete_ok = finished.and_then(|at| complete.map(|w| at <= w.deadline));
            return match (start_ok, complete_ok) {
                (None, None) => DeadlineStatus::NoDeadline,
                (s, c) if s.unwrap_or(true) && c.unwrap_or(true) => DeadlineStatus::Met,
                _ => DeadlineStatus::Missed,
            };
        }
        // A booked slot (or a planned task's time) a minute or more ahead: not yet due. Never a crew's arrival,
        // and never a moment a device's clock put a little ahead of this one.
        let booked = ClockFrom::of(task.kind()) != ClockFrom::CrewArrival;
        if let Some(slot) =
            start_anchor(task).filter(|slot| booked && started.is_none() && slot.millis_since(now) >= MILLIS_PER_MINUTE)
        {
            return DeadlineStatus::Upcoming { starts_in_ms: slot.millis_since(now) };
        }
        match (started, start, complete) {
            (None, Some(w), _) | (None, None, Some(w)) | (Some(_), _, Some(w)) => w.live(now),
            (Some(at), Some(w), None) if at <= w.deadline => DeadlineStatus::Met,
            (Some(_), Some(_), None) => DeadlineStatus::Missed,
            (_, None, None) => DeadlineStatus::NoDeadline,
        }
    }

    /// Whether the task's clock has run out at `now` (an open task past its deadline): what turns a card red and
    /// counts as a breach on the floor and in the morning pack.
    #[must_use]
    pub fn breached(&self, task: &Task, now: Timestamp) -> bool {
        matches!(self.status(task, now), DeadlineStatus::Breached { .. })
    }

    fn windows(&self, task: &Task) -> (Option<Window>, Option<Window>) {
        let rule = self.rule(task.kind(), task.priority);
        let Some(anchor) = start_anchor(task) else {
            return (None, None);
        };
        let start = rule.start_within.map(|m| Window::after(anchor, m));
        let complete = match &task.details {
            TaskDetails::Childcare(c) => Some(Window::after(c.start, c.max_duration)),
            _ => match (rule.complete_within_working_days, rule.complete_within) {
                (Some(days), _) => Some(Window::after_working_days(anchor, days, &self.calendar)),
                (None, within) => within.map(|m| Window::after(anchor, m)),
            },
        };
        (start, complete)
    }
}

/// How a task's completion clock ended: in time or not, how long it took and how long the standard allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completion {
    pub in_time: bool,
    /// Whole minutes from the clock's start (the visitor met, the crew's arrival, the child taken in) to the finish.
    pub took_minutes: u32,
    /// Whole minutes the standard allowed (a written request's working days as the minutes they came to).
    pub allowed_minutes: u32,
}

impl DeadlineTable {
    /// For KPIs: how the task's completion clock ended — an ambulance patient handed over within 15 minutes of the
    /// crew's arrival, a child handed back within the agreed stay, a written request resolved within its working
    /// days, an escort done within the hour. `None` without a completion deadline, while it still runs, or for a task
    /// cancelled unfinished (judged on its start only, as [`DeadlineTable::status`] does).
    #[must_use]
    pub fn completion(&self, task: &Task) -> Option<Completion> {
        let (_, window) = self.windows(task);
        let window = window?;
        let end = finished_at(task)?;
        let in_time = end <= window.deadline;
        let start = Timestamp(window.deadline.0 - window.length_ms);
        let minutes = |ms: i64| u32::try_from(ms.max(0) / MILLIS_PER_MINUTE).unwrap_or(u32::MAX);
        Some(Completion {
            in_time,
            took_minutes: minutes(end.millis_since(start)),
            allowed_minutes: minutes(window.length_ms),
        })
    }

    /// Whole minutes the task's start clock allows (none without a start deadline).
    #[must_use]
    pub fn start_minutes(&self, task: &Task) -> Option<u32> {
        self.rule(task.kind(), task.priority).start_within.map(|m| m.0)
    }
}

/// When the task's completion clock stopped: an ambulance patient handed over (which stops the handover clock), a
/// child handed back, or otherwise closed as done.
fn finished_at(task: &Task) -> Option<Timestamp> {
    match (&task.details, task.status) {
        (TaskDetails::AmbulanceArrival(_), _) if task.progress.handed_over_at.is_some() => task.progress.handed_over_at,
        (TaskDetails::Childcare(c), _) if c.end.is_some() => c.end,
        (_, TaskStatus::Done) => task.closed_at,
        _ => None,
    }
}

/// When the visitor's wait began: `arrived_at` for ambulances (none before
/// arrival), `met_at` otherwise.
pub(crate) fn start_anchor(task: &Task) -> Option<Timestamp> {
    match (ClockFrom::of(task.kind()), &task.details) {
        (ClockFrom::CrewArrival, TaskDetails::AmbulanceArrival(a)) => a.arrived_at,
        (ClockFrom::Slot, TaskDetails::RelativeMeeting(m)) => Some(m.confirmed_slot.unwrap_or(m.requested_slot)),
        (ClockFrom::Slot, TaskDetails::Taxi(t)) => Some(t.at),
        _ => Some(task.met_at),
    }
}

/// Whole minutes the visitor waited: from `met_at` (ambulances: arrival) until the
/// task started, or until it closed without starting, or until `now`. Never negative.
#[must_use]
pub fn wait_minutes(task: &Task, now: Timestamp) -> i64 {
    let Some(from) = start_anchor(task) else {
        return 0;
    };
    let until = task.service_started_at().or(task.closed_at).unwrap_or(now);
    until.minutes_since(from).max(0)
}

/// For KPIs: whether the task started within its start deadline. `None` when it has
/// no start deadline, or when it is still open and unstarted (undecided), or when it
/// was closed unstarted before the deadline passed (nobody was kept waiting).
#[must_use]
pub fn started_within_deadline(table: &DeadlineTable, task: &Task) -> Option<bool> {
    let start_by = table.due(task).start_by?;
    match (task.service_started_at(), task.closed_at) {
        (Some(started), _) => Some(started <= start_by),
        (None, Some(closed)) if closed > start_by => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{SiteId, StaffId, TaskId, ZoneId};
    use crate::kind::{AmbulanceArrival, AmbulanceTransport, Childcare, NonStandard, WrittenRequest};
    use crate::role::Role;
    use crate::state::{Action, Actor};
    use crate::task::NewTask;

    const T0: Timestamp = Timestamp(1_700_000_000_000);
    const MIN: i64 = MILLIS_PER_MINUTE;

    fn at(min: i64) -> Timestamp {
        T0.plus_minutes(min)
    }

    fn task(details: TaskDetails, priority: Priority) -> Task {
        Task::new(NewTask {
            id: TaskId::new("t").unwrap(),
            site: SiteId::new("s").unwrap(),
            zone: ZoneId::new("z").unwrap(),
            case_id: None,
            priority,
            details,
            created_by: StaffId::new("c").unwrap(),
            met_at: T0,
            created_at: T0,
        })
        .unwrap()
    }

    fn non_standard(priority: Priority) -> Task {
        task(TaskDetails::NonStandard(NonStandard { description: "Help".into() }), priority)
    }

    fn boss() -> Actor {
        Actor { staff: StaffId::new("boss").unwrap(), role: Role::Supervisor }
    }

    fn started(t: &Task, min: i64) -> Task {
        let a = boss();
        t.apply(&a, &Action::Claim, at(min)).unwrap().apply(&a, &Action::Start, at(min)).unwrap()
    }

    fn ambulance(arrived: Option<i64>) -> Task {
        task(
            TaskDetails::AmbulanceArrival(AmbulanceArrival {
                crew_number: "412".into(),
                eta: at(10),
                transport: AmbulanceTransport::Stretcher,
                destination: "Bay 1".into(),
                arrived_at: arrived.map(at),
            }),
            Priority::Urgent,
        )
    }

    fn written(ack: Option<i64>) -> Task {
        task(
            TaskDetails::WrittenRequest(WrittenRequest {
                reference: "R-1".into(),
                channel: "letter".into(),
                summary: "Complaint about queue".into(),
                acknowledged_at: ack.map(at),
            }),
            Priority::Normal,
        )
    }

    #[test]
    fn standard_start_windows_by_priority() {
        let table = DeadlineTable::standard();
        for (priority, minutes) in [(Priority::Emergency, 2), (Priority::Urgent, 5), (Priority::Normal, 15)] {
            for kind in TaskKind::ALL.into_iter().filter(|k| k.is_in_person() && *k != TaskKind::AmbulanceArrival) {
                assert_eq!(table.rule(kind, priority).start_within, Some(Minutes(minutes)), "{kind:?}");
            }
        }
        let w = table.rule(TaskKind::WrittenRequest, Priority::Normal);
        assert_eq!(w.start_within, Some(Minutes(1440)));
        assert_eq!((w.complete_within, w.complete_within_working_days), (None, Some(10)));
        let a = table.rule(TaskKind::AmbulanceArrival, Priority::Normal);
        let handover = DeadlineRule {
            start_within: Some(Minutes(5)),
            complete_within: Some(Minutes(15)),
            complete_within_working_days: None,
        };
        assert_eq!(a, handover);
        assert_eq!(table.rule(TaskKind::Escort, Priority::Normal).complete_within, Some(Minutes(60)));
        assert_eq!(table.rule(TaskKind::Taxi, Priority::Normal).complete_within, None);
    }

    #[test]
    fn empty_table_has_no_deadlines() {
        let t = non_standard(Priority::Normal);
        assert_eq!(DeadlineTable::default().due(&t), Due::default());
        assert_eq!(DeadlineTable::default().status(&t, at(100)), DeadlineStatus::NoDeadline);
    }

    #[test]
    fn normal_task_due_15_minutes_after_meeting() {
        let t = non_standard(Priority::Normal);
        let due = DeadlineTable::standard().due(&t);
        assert_eq!(due, Due { start_by: Some(at(15)), complete_by: None });
    }

    #[test]
    fn live_status_moves_from_on_track_to_breached() {
        let table = DeadlineTable::standard();
        let t = non_standard(Priority::Normal);
        assert_eq!(table.status(&t, at(0)), DeadlineStatus::OnTrack { remaining_ms: 15 * MIN });
        assert_eq!(table.status(&t, at(9)), DeadlineStatus::OnTrack { remaining_ms: 6 * MIN });
        // Last third of a 15-minute window starts at 5 minutes left.
        assert_eq!(table.status(&t, at(10)), DeadlineStatus::Approaching { remaining_ms: 5 * MIN });
        assert_eq!(table.status(&t, at(15)), DeadlineStatus::Approaching { remaining_ms: 0 });
        assert_eq!(table.status(&t, Timestamp(at(15).0 + 1)), DeadlineStatus::Breached { overdue_ms: 1 });
    }

    #[test]
    fn last_third_of_a_long_window_is_approaching() {
        let t = written(None);
        let table = DeadlineTable::standard();
        assert!(matches!(table.status(&t, at(900)), DeadlineStatus::OnTrack { .. }));
        assert!(matches!(table.status(&t, at(961)), DeadlineStatus::Approaching { .. }));
    }

    #[test]
    fn emergencies_are_approaching_at_once() {
        let t = non_standard(Priority::Emergency);
        assert_eq!(DeadlineTable::standard().status(&t, at(0)), DeadlineStatus::Approaching { remaining_ms: 2 * MIN });
    }

    #[test]
    fn started_task_without_completion_deadline_gets_a_verdict() {
        let table = DeadlineTable::standard();
        let on_time = started(&non_standard(Priority::Normal), 14);
        assert_eq!(table.status(&on_time, at(100)), DeadlineStatus::Met);
        let late = started(&non_standard(Priority::Normal), 16);
        assert_eq!(table.status(&late, at(100)), DeadlineStatus::Missed);
    }

    #[test]
    fn closed_tasks_are_judged_when_clock_stopped() {
        let table = DeadlineTable::standard();
        let a = boss();
        let t = started(&non_standard(Priority::Normal), 3);
        let done = t.apply(&a, &Action::Complete { rating: None }, at(400)).unwrap();
        assert_eq!(table.status(&done, at(10_000)), DeadlineStatus::Met);

        let early_cancel =
            non_standard(Priority::Normal).apply(&a, &Action::Cancel { reason: "left".into() }, at(5)).unwrap();
        assert_eq!(table.status(&early_cancel, at(100)), DeadlineStatus::Met);
        assert_eq!(started_within_deadline(&table, &early_cancel), None);

        let late_cancel =
            non_standard(Priority::Normal).apply(&a, &Action::Cancel { reason: "left".into() }, at(30)).unwrap();
        assert_eq!(table.status(&late_cancel, at(100)), DeadlineStatus::Missed);
        assert_eq!(started_within_deadline(&table, &late_cancel), Some(false));
        assert_eq!(wait_minutes(&late_cancel, at(100)), 30);
    }

    #[test]
    fn ambulance_clock_starts_on_arrival() {
        let table = DeadlineTable::standard();
        let waiting = ambulance(None);
        assert_eq!(table.due(&waiting), Due::default());
        assert_eq!(table.status(&waiting, at(500)), DeadlineStatus::NoDeadline);
        assert_eq!(wait_minutes(&waiting, at(500)), 0);

        let arrived = ambulance(Some(20));
        assert_eq!(table.due(&arrived), Due { start_by: Some(at(25)), complete_by: Some(at(35)) });
        let handing_over = started(&arrived, 22);
        assert_eq!(table.status(&handing_over, at(36)), DeadlineStatus::Breached { overdue_ms: MIN });
        assert_eq!(wait_minutes(&handing_over, at(36)), 2);
    }

    #[test]
    fn childcare_must_end_within_its_own_duration() {
        let table = DeadlineTable::standard();
        let t = task(
            TaskDetails::Childcare(Childcare {
                child_first_name: "Петя".into(),
                child_age: 4,
                parent_location: "Room 3".into(),
                start: at(2),
                end: None,
                max_duration: Minutes(45),
                handed_back_to: None,
            }),
            Priority::Normal,
        );
        assert_eq!(table.due(&t), Due { start_by: Some(at(15)), complete_by: Some(at(47)) });
        let t = started(&t, 2);
        assert_eq!(table.status(&t, at(48)), DeadlineStatus::Breached { overdue_ms: MIN });
        assert!(matches!(table.status(&t, at(10)), DeadlineStatus::OnTrack { .. }));
    }

    #[test]
    fn written_request_counts_acknowledgement_as_start() {
        let table = DeadlineTable::standard();
        let t = written(Some(600));
        assert_eq!(started_within_deadline(&table, &t), Some(true));
        assert_eq!(wait_minutes(&t, at(5_000)), 600);
        assert!(matches!(table.status(&t, at(700)), DeadlineStatus::OnTrack { .. }));
        let late = written(Some(1_441));
        assert_eq!(started_within_deadline(&table, &late), Some(false));
        assert_eq!(started_within_deadline(&table, &written(None)), None);
    }

    #[test]
    fn wait_minutes_runs_until_start() {
        let t = non_standard(Priority::Normal);
        assert_eq!(wait_minutes(&t, at(7)), 7);
        assert_eq!(wait_minutes(&t, T0.plus_minutes(-3)), 0);
        let s = started(&t, 12);
        assert_eq!(wait_minutes(&s, at(90)), 12);
        assert_eq!(started_within_deadline(&DeadlineTable::standard(), &s), Some(true));
    }

    #[test]
    fn table_round_trips_through_json() {
        let table = DeadlineTable::standard();
        let json = serde_json::to_value(&table).unwrap();
        assert_eq!(json["rules"]["escort"]["normal"]["start_within"], 15);
        assert_eq!(json["rules"]["taxi"]["urgent"]["complete_within"], serde_json::Value::Null);
        assert_eq!(json["rules"]["written_request"]["normal"]["complete_within_working_days"], 10);
        assert_eq!(json["calendar"]["offset_minutes"], 180);
        let back: DeadlineTable = serde_json::from_value(json).unwrap();
        assert_eq!(back, table);
    }

    #[test]
    fn a_written_request_is_resolved_within_the_sites_working_days() {
        // T0 is Wednesday 15 November 2023, 01:13 in Moscow. Ten working days Monday to Friday: Wednesday the 29th.
        let t = written(Some(600));
        let table = DeadlineTable::standard();
        let due = table.due(&t).complete_by.unwrap();
        let date = |d| chrono::NaiveDate::from_ymd_opt(2023, 11, d).unwrap().and_time(chrono::NaiveTime::MIN);
        assert_eq!(due.wall_clock(180), Some(date(30)), "by the end of the 29th");
        // A site that works Saturdays too and is closed on the 20th, on Vladivostok's clock (10 hours ahead).
        let site = WorkingDays {
            offset_minutes: 600,
            weekly: [true, true, true, true, true, true, false],
            days_off: vec![chrono::NaiveDate::from_ymd_opt(2023, 11, 20).unwrap()],
            ..WorkingDays::default()
        };
        let table = table.on(site);
        assert_eq!(table.calendar().offset_minutes, 600);
        // 08:13 on the 15th there: the 16th, 17th, 18th, 21st … 25th, 27th and 28th are the ten days.
        assert_eq!(table.due(&t).complete_by.unwrap().wall_clock(600), Some(date(29)));
        // Resolved on the 28th in Vladivostok: in time; on the 29th: late.
        let done = |min| {
            let a = boss();
            t.apply(&a, &Action::Claim, at(700))
                .unwrap()
                .apply(&a, &Action::Start, at(700))
                .unwrap()
                .apply(&a, &Action::Complete { rating: None }, at(min))
                .unwrap()
        };
        let in_time = Timestamp::from_wall_clock(date(28), 600).minutes_since(T0);
        assert_eq!(table.status(&done(in_time), at(in_time)), DeadlineStatus::Met);
        let late = in_time + 24 * 60 + 1;
        assert_eq!(table.status(&done(late), at(late)), DeadlineStatus::Missed);
    }

    #[test]
    fn status_serializes_with_state_tag() {
        assert_eq!(
            serde_json::to_value(DeadlineStatus::Breached { overdue_ms: 60_000 }).unwrap(),
            serde_json::json!({"state": "breached", "overdue_ms": 60_000})
        );
        assert_eq!(
            serde_json::to_value(DeadlineStatus::NoDeadline).unwrap(),
            serde_json::json!({"state": "no_deadline"})
        );
    }
}
