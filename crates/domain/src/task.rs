//! The task: one piece of work for one visitor.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::{CaseId, SiteId, StaffId, TaskId, ZoneId};
use crate::kind::{TaskDetails, TaskKind};
use crate::priority::Priority;
use crate::rating::Rating;
use crate::rules::{Alert, RuleKind};
use crate::step::Progress;
use crate::time::Timestamp;
use crate::validation::ValidationError;

/// Where a task stands. Order of the lifecycle: new → assigned → accepted →
/// in progress → done, or cancelled from any open status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// Waiting in the pool, nobody responsible.
    New,
    /// Given to someone who has not yet accepted it.
    Assigned,
    /// Accepted by its assignee.
    Accepted,
    /// Being worked on.
    InProgress,
    /// Finished.
    Done,
    /// Cancelled.
    Cancelled,
}

impl TaskStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [TaskStatus; 6] = [
        TaskStatus::New,
        TaskStatus::Assigned,
        TaskStatus::Accepted,
        TaskStatus::InProgress,
        TaskStatus::Done,
        TaskStatus::Cancelled,
    ];

    /// Done or cancelled: nothing can happen to the task any more.
    #[must_use]
    pub const fn is_terminal(self) -> bool {
        matches!(self, TaskStatus::Done | TaskStatus::Cancelled)
    }

    /// Not terminal.
    #[must_use]
    pub const fn is_open(self) -> bool {
        !self.is_terminal()
    }

    /// The wire name, e.g. `"in_progress"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            TaskStatus::New => "new",
            TaskStatus::Assigned => "assigned",
            TaskStatus::Accepted => "accepted",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Done => "done",
            TaskStatus::Cancelled => "cancelled",
        }
    }
}

/// English words for sentences, e.g. "in progress".
impl fmt::Display for TaskStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TaskStatus::InProgress => "in progress",
            other => other.as_str(),
        })
    }
}

/// Everything needed to create a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NewTask {
    /// Identifier chosen by the creator (client-generated ids allow offline creation).
    pub id: TaskId,
    /// Site.
    pub site: SiteId,
    /// Zone whose pool the task goes to.
    pub zone: ZoneId,
    /// Visitor case the task belongs to, if any.
    pub case_id: Option<CaseId>,
    /// Priority.
    pub priority: Priority,
    /// Kind-specific details.
    pub details: TaskDetails,
    /// Who creates the task.
    pub created_by: StaffId,
    /// When the visitor was met (device time); for written requests, when received.
    pub met_at: Timestamp,
    /// When the task was recorded.
    pub created_at: Timestamp,
}

/// A task and its whole state. Change it only through [`Task::apply`] and
/// [`Task::update_details`], which keep the invariants and bump `version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Identifier.
    pub id: TaskId,
    /// Site.
    pub site: SiteId,
    /// Zone.
    pub zone: ZoneId,
    /// Visitor case, if any.
    pub case_id: Option<CaseId>,
    /// Priority.
    pub priority: Priority,
    /// Kind-specific details.
    pub details: TaskDetails,
    /// Status.
    pub status: TaskStatus,
    /// Who is responsible now.
    pub assignee: Option<StaffId>,
    /// The previous responsible person: while the task is held, whoever held it
    /// before the current assignee; while it is back in the pool, whoever held it last.
    pub last_holder: Option<StaffId>,
    /// How many times the responsible person changed after the first one.
    pub handoffs: u32,
    /// Who created the task.
    pub created_by: StaffId,
    /// Start of the wait clock: when the visitor was met (device time); for
    /// written requests, when the request was received.
    pub met_at: Timestamp,
    /// When the task was recorded.
    pub created_at: Timestamp,
    /// First acceptance (by claim or accept).
    pub accepted_at: Option<Timestamp>,
    /// First start of work.
    pub started_at: Option<Timestamp>,
    /// When the task was done or cancelled.
    pub closed_at: Option<Timestamp>,
    /// The visitor's rating, given on completion.
    pub rating: Option<Rating>,
    /// Why the task was cancelled.
    pub cancel_reason: Option<String>,
    /// What the kind's steps recorded beyond its details (left out of the JSON while empty).
    #[serde(default, skip_serializing_if = "Progress::is_empty")]
    pub progress: Progress,
    /// The rule that made the task, if a rule did (left out of the JSON otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made_by: Option<RuleKind>,
    /// The task it follows up (a low rating's), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<TaskId>,
    /// The rule that gave the task to its holder, while they hold it from that rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_by: Option<RuleKind>,
    /// Who owns the visitor's case ("one window"), once a rule named them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_owner: Option<StaffId>,
    /// What rules left on the task: reminders, escalations, breaches, suggestions (left out while none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<Alert>,
    /// Incremented by every change; used for optimistic concurrency.
    pub version: u64,
}

impl Task {
    /// Creates a task in status `New` at version 0, after validating its details.
    ///
    /// # Errors
    /// The details' [`ValidationError`].
    pub fn new(new: NewTask) -> Result<Task, ValidationError> {
        new.details.validate()?;
        Ok(Task {
            id: new.id,
            site: new.site,
            zone: new.zone,
            case_id: new.case_id,
            priority: new.priority,
            details: new.details,
            status: TaskStatus::New,
            assignee: None,
            last_holder: None,
            handoffs: 0,
            created_by: new.created_by,
            met_at: new.met_at,
            created_at: new.created_at,
            accepted_at: None,
            started_at: None,
            closed_at: None,
            rating: None,
            cancel_reason: None,
            progress: Progress::default(),
            made_by: None,
            follows: None,
            given_by: None,
            case_owner: None,
            alerts: Vec::new(),
            version: 0,
        })
    }

    /// The kind of the task.
    #[must_use]
    pub const fn kind(&self) -> TaskKind {
        self.details.kind()
    }

    /// When the visitor stopped waiting: `started_at`; for written requests the acknowledgement (the sender was
    /// told), not whoever took it.
    #[must_use]
    pub fn service_started_at(&self) -> Option<Timestamp> {
        match &self.details {
            TaskDetails::WrittenRequest(w) => w.acknowledged_at,
            _ => self.started_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kind::{NonStandard, WrittenRequest};

    fn new_task(details: TaskDetails) -> NewTask {
        NewTask {
            id: TaskId::new("t1").unwrap(),
            site: SiteId::new("s1").unwrap(),
            zone: ZoneId::new("z1").unwrap(),
            case_id: None,
            priority: Priority::Normal,
            details,
            created_by: StaffId::new("a1").unwrap(),
            met_at: Timestamp(1_000),
            created_at: Timestamp(2_000),
        }
    }

    #[test]
    fn new_task_starts_fresh() {
        let t =
            Task::new(new_task(TaskDetails::NonStandard(NonStandard { description: "Lost umbrella".into() }))).unwrap();
        assert_eq!(t.status, TaskStatus::New);
        assert_eq!(t.version, 0);
        assert_eq!(t.handoffs, 0);
        assert_eq!(t.assignee, None);
        assert_eq!(t.kind(), TaskKind::NonStandard);
        assert_eq!(t.met_at, Timestamp(1_000));
    }

    #[test]
    fn new_task_validates_details() {
        let err = Task::new(new_task(TaskDetails::NonStandard(NonStandard { description: " ".into() }))).unwrap_err();
        assert_eq!(err.to_string(), "description must not be empty");
    }

    #[test]
    fn status_classes() {
        let terminal: Vec<_> = TaskStatus::ALL.into_iter().filter(|s| s.is_terminal()).collect();
        assert_eq!(terminal, vec![TaskStatus::Done, TaskStatus::Cancelled]);
        assert!(TaskStatus::ALL.into_iter().all(|s| s.is_open() != s.is_terminal()));
        assert_eq!(TaskStatus::InProgress.to_string(), "in progress");
        for s in TaskStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }

    #[test]
    fn written_request_service_starts_at_first_acknowledgement() {
        let mut t = Task::new(new_task(TaskDetails::WrittenRequest(WrittenRequest {
            reference: "R-1".into(),
            channel: "portal".into(),
            summary: "Question about parking".into(),
            acknowledged_at: Some(Timestamp(9_000)),
        })))
        .unwrap();
        assert_eq!(t.service_started_at(), Some(Timestamp(9_000)));
        t.accepted_at = Some(Timestamp(5_000));
        assert_eq!(t.service_started_at(), Some(Timestamp(9_000)), "taking it tells the sender nothing");
    }

    #[test]
    fn task_round_trips_through_json() {
        let mut t = Task::new(new_task(TaskDetails::NonStandard(NonStandard {
            description: "Wheelchair needed at gate 2".into(),
        })))
        .unwrap();
        t.rating = Some(Rating::new(5, Some("Thanks".into())).unwrap());
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["status"], "new");
        assert_eq!(json["priority"], "normal");
        assert_eq!(json["details"]["kind"], "non_standard");
        assert_eq!(json["met_at"], 1_000);
        let back: Task = serde_json::from_value(json).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn task_with_invalid_rating_fails_to_deserialize() {
        let t = Task::new(new_task(TaskDetails::NonStandard(NonStandard { description: "x".into() }))).unwrap();
        let mut json = serde_json::to_value(&t).unwrap();
        json["rating"] = serde_json::json!({ "score": 9 });
        assert!(serde_json::from_value::<Task>(json).is_err());
    }
}
