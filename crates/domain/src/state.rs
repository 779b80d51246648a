//! The task state machine: who may do what, in which status.
//!
//! ```text
//! New --Assign--> Assigned --Accept--> Accepted --Start--> InProgress --Complete--> Done
//! New --Claim--> Accepted
//! Assigned | Accepted | InProgress --HandBack--> New
//! New | Assigned | Accepted | InProgress --Reassign--> Assigned
//! any open status --Cancel--> Cancelled
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::handoff::{change_holder, MAX_HANDOFFS};
use crate::ids::{StaffId, TaskId};
use crate::kind::{
    AmbulanceArrival, Childcare, Escort, MobilityAid, RelativeMeeting, Routing, TaskDetails, TaskKind, Taxi,
    WrittenRequest,
};
use crate::priority::Priority;
use crate::rating::Rating;
use crate::role::{Permission, Role};
use crate::step::{Step, StepName};
use crate::task::{NewTask, Task, TaskStatus};
use crate::time::Timestamp;
use crate::validation::{at_most, plain, ValidationError, MAX_LONG_TEXT_CHARS};

/// Who performs an action.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// The staff member.
    pub staff: StaffId,
    /// Their role.
    pub role: Role,
}

/// Something a staff member does to a task, tagged by `"action"` on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "snake_case", from = "ActionWire")]
pub enum Action {
    /// Give a new task to someone.
    Assign {
        /// The new assignee.
        to: StaffId,
    },
    /// Take a new task oneself; it becomes accepted at once.
    Claim,
    /// Accept a task assigned to oneself.
    Accept,
    /// Start working on an accepted task.
    Start,
    /// Return one's task to the pool.
    HandBack {
        /// Why, for the audit trail.
        reason: Option<String>,
    },
    /// Finish a task in progress.
    Complete {
        /// The visitor's rating, if given.
        rating: Option<Rating>,
    },
    /// Cancel an open task.
    Cancel {
        /// Why; must not be blank.
        reason: String,
    },
    /// Move an open task to someone else.
    Reassign {
        /// The new assignee.
        to: StaffId,
        /// Why; required for a supervisor to go over the hand-off limit.
        reason: Option<String>,
    },
    /// Record a step of the kind's own work (see [`Step`]).
    Step {
        /// The step.
        step: Step,
    },
}

/// What an [`Action`] is read from: the same shape, with the data-less actions as empty struct variants, because
/// serde lets a unit variant of an internally tagged enum ignore unknown fields, and a field this version does not
/// know must be refused, not dropped.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
enum ActionWire {
    Assign { to: StaffId },
    Claim {},
    Accept {},
    Start {},
    HandBack { reason: Option<String> },
    Complete { rating: Option<Rating> },
    Cancel { reason: String },
    Reassign { to: StaffId, reason: Option<String> },
    Step { step: Step },
}

impl From<ActionWire> for Action {
    fn from(wire: ActionWire) -> Self {
        match wire {
            ActionWire::Assign { to } => Action::Assign { to },
            ActionWire::Claim {} => Action::Claim,
            ActionWire::Accept {} => Action::Accept,
            ActionWire::Start {} => Action::Start,
            ActionWire::HandBack { reason } => Action::HandBack { reason },
            ActionWire::Complete { rating } => Action::Complete { rating },
            ActionWire::Cancel { reason } => Action::Cancel { reason },
            ActionWire::Reassign { to, reason } => Action::Reassign { to, reason },
            ActionWire::Step { step } => Action::Step { step },
        }
    }
}

/// The name of an [`Action`], without its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionName {
    /// [`Action::Assign`].
    Assign,
    /// [`Action::Claim`].
    Claim,
    /// [`Action::Accept`].
    Accept,
    /// [`Action::Start`].
    Start,
    /// [`Action::HandBack`].
    HandBack,
    /// [`Action::Complete`].
    Complete,
    /// [`Action::Cancel`].
    Cancel,
    /// [`Action::Reassign`].
    Reassign,
    /// [`Action::Step`].
    Step,
}

impl ActionName {
    /// Every action name.
    pub const ALL: [ActionName; 9] = [
        ActionName::Assign,
        ActionName::Claim,
        ActionName::Accept,
        ActionName::Start,
        ActionName::HandBack,
        ActionName::Complete,
        ActionName::Cancel,
        ActionName::Reassign,
        ActionName::Step,
    ];

    /// The wire name, e.g. `"hand_back"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ActionName::Assign => "assign",
            ActionName::Claim => "claim",
            ActionName::Accept => "accept",
            ActionName::Start => "start",
            ActionName::HandBack => "hand_back",
            ActionName::Complete => "complete",
            ActionName::Cancel => "cancel",
            ActionName::Reassign => "reassign",
            ActionName::Step => "step",
        }
    }
}

/// The English verb, e.g. "hand back".
impl fmt::Display for ActionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ActionName::HandBack => "hand back",
            ActionName::Step => "record a step of",
            other => other.as_str(),
        })
    }
}

impl Action {
    /// The action's name.
    #[must_use]
    pub const fn name(&self) -> ActionName {
        match self {
            Action::Assign { .. } => ActionName::Assign,
            Action::Claim => ActionName::Claim,
            Action::Accept => ActionName::Accept,
            Action::Start => ActionName::Start,
            Action::HandBack { .. } => ActionName::HandBack,
            Action::Complete { .. } => ActionName::Complete,
            Action::Cancel { .. } => ActionName::Cancel,
            Action::Reassign { .. } => ActionName::Reassign,
            Action::Step { .. } => ActionName::Step,
        }
    }
}

/// Why a change to a task was refused. `Display` is an English sentence for
/// floor staff; the UI translates by variant (`"code"` on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(not(feature = "openapi"), serde(try_from = "crate::compact::FlatRefusal"))]
pub enum TransitionError {
    /// The actor's role lacks the permission the action needs.
    #[error("{} is not allowed to {action} this task.", .role.with_article())]
    NotAllowed {
        /// The actor's role.
        role: Role,
        /// The refused action.
        action: ActionName,
    },
    /// Only the person responsible for the task may do this.
    #[error("Only the staff member responsible for this task can do that.")]
    NotYourTask,
    /// Someone else already holds the task.
    #[error("This task has already been taken by {holder}.")]
    AlreadyTaken {
        /// Who holds it.
        holder: StaffId,
    },
    /// An escort cannot start before the patient is ready.
    #[error("The patient is not ready yet: mark them as ready before starting the escort.")]
    PatientNotReady,
    /// The task is done or cancelled.
    #[error("This task is already {status} and can no longer be changed.")]
    Closed {
        /// Its final status.
        status: TaskStatus,
    },
    /// The action does not apply in the task's status.
    #[error("You cannot {action} this task while it is {from}.")]
    IllegalTransition {
        /// The task's status.
        from: TaskStatus,
        /// The refused action.
        action: ActionName,
    },
    /// The request already changed hands as often as the standard allows.
    #[error(
        "This request has already changed hands {handoffs} times (the limit is {max}); only a supervisor can reassign it again, giving a reason.",
        max = MAX_HANDOFFS
    )]
    HandoffLimit {
        /// The task's hand-off counter.
        handoffs: u32,
    },
    /// The action needs a reason and none was given.
    #[error("Please give a reason to {action} this task.")]
    ReasonRequired {
        /// The refused action.
        action: ActionName,
    },
    /// Reassigning to the person who already holds the task.
    #[error("{staff} is already responsible for this task.")]
    SameAssignee {
        /// The current assignee.
        staff: StaffId,
    },
    /// New details are of another kind than the task.
    #[error("These details belong to another kind of task ({found}); this task is: {expected}.")]
    KindMismatch {
        /// The task's kind.
        expected: TaskKind,
        /// The kind of the rejected details.
        found: TaskKind,
    },
    /// Only those who arrange relatives' meetings may confirm one.
    #[error("{} cannot confirm relatives' meetings.", .role.with_article())]
    NotMeetingOrganiser {
        /// The actor's role.
        role: Role,
    },
    /// The meeting has its slot confirmed already (and its escort planned): its slot no longer moves.
    #[error("This meeting is confirmed already.")]
    MeetingConfirmed,
    /// The task's kind has no such step.
    #[error("A {kind} has no step \"{step}\".")]
    StepNotForKind {
        /// The refused step.
        step: StepName,
        /// The task's kind.
        kind: TaskKind,
    },
    /// The kind has the step, but the work is not at it (e.g. a taxi that arrived before it was ordered).
    #[error("\"{step}\" does not apply at this point of the task.")]
    StepNotNow {
        /// The refused step.
        step: StepName,
    },
    /// The task cannot be completed before this step is recorded.
    #[error("Record \"{step}\" before completing this task.")]
    StepMissing {
        /// The missing step.
        step: StepName,
    },
    /// A task planned by another cannot have the same id.
    #[error("The planned task needs an id of its own.")]
    SameTask,
    /// The action is dated before a moment the task already has (started before the visitor was met, closed
    /// before it was started): a device clock that is off.
    #[error("This is dated before the task's earlier moment; check the date and time on the device.")]
    OutOfOrder {
        /// When the action says it happened.
        at: Timestamp,
        /// The earliest moment it may have happened.
        earliest: Timestamp,
    },
    /// Some input is invalid.
    #[error("{error}")]
    Invalid {
        /// What is wrong.
        error: ValidationError,
    },
}

impl From<ValidationError> for TransitionError {
    fn from(error: ValidationError) -> Self {
        TransitionError::Invalid { error }
    }
}

/// How far two devices' clocks may differ, in minutes: an action dated up to this much before its task's earlier
/// moment is taken at that moment; further back it is refused as out of order.
pub const CLOCK_TOLERANCE_MINUTES: i64 = 5;

/// Refuses unless the actor's role holds `permission`.
fn require_permission(actor: &Actor, action: ActionName, permission: Permission) -> Result<(), TransitionError> {
    if actor.role.can(permission) {
        Ok(())
    } else {
        Err(TransitionError::NotAllowed { role: actor.role, action })
    }
}

/// A reason counts only if it is not blank.
fn has_reason(reason: Option<&str>) -> bool {
    reason.is_some_and(|r| !r.trim().is_empty())
}

/// Checks the length of an optional free-text reason.
fn check_reason(reason: Option<&str>) -> Result<(), ValidationError> {
    reason.map_or(Ok(()), |r| plain("reason", r).and_then(|()| at_most("reason", r.trim(), MAX_LONG_TEXT_CHARS)))
}

/// What giving a task to someone takes, decided once for every screen (a drop on the floor, the menu) and client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Giving {
    /// This action gives it: an assignment of a free task, otherwise a reassignment (with the reason, if any).
    Ready(Action),
    /// A reason is needed first: the change would go over the hand-off limit (also for a task handed back to the
    /// pool after its hand-offs), which only a supervisor may do, and only with a reason.
    NeedsReason,
    /// Nothing to do: the task is closed, or already theirs.
    Nothing,
}

impl Task {
    /// How to give this task to `to`, with `reason` if one was given (blank counts as none). The permission to
    /// assign or reassign is still checked by [`Task::apply`].
    #[must_use]
    pub fn give(&self, to: &StaffId, reason: Option<String>) -> Giving {
        if !self.status.is_open() || self.assignee.as_ref() == Some(to) {
            return Giving::Nothing;
        }
        let reason = reason.filter(|r| !r.trim().is_empty());
        let over = change_holder(self.assignee.as_ref(), self.last_holder.as_ref(), self.handoffs, to).exceeds_limit();
        match (over, reason) {
            (true, None) => Giving::NeedsReason,
            (true, reason) => Giving::Ready(Action::Reassign { to: to.clone(), reason }),
            (false, reason) if self.assignee.is_some() => Giving::Ready(Action::Reassign { to: to.clone(), reason }),
            (false, _) => Giving::Ready(Action::Assign { to: to.clone() }),
        }
    }
}

impl Task {
    /// Whether this task is the escort of `meeting`: its relative to its department, in the same visitor case (or
    /// neither in one). One planned already (say by an older app, which planned escorts with a task of its own)
    /// means that confirming the meeting plans no second one.
    #[must_use]
    pub fn is_escort_of(&self, meeting: &Task) -> bool {
        match (&self.details, &meeting.details) {
            (TaskDetails::Escort(e), TaskDetails::RelativeMeeting(m)) => {
                e.visitor == m.relative && e.to == m.department && self.case_id == meeting.case_id
            }
            _ => false,
        }
    }

    /// Confirms a relatives' meeting at the slot asked for, and plans the escort that brings the relative from
    /// `pickup` (where the meeting was arranged: its zone's name, site data, never a UI word) to the department at
    /// that time, as task `escort` of the same visitor case, its clock running from the slot. One decision for both
    /// (the server commits them together): the meeting after, and the escort to create.
    ///
    /// # Errors
    /// Not a meeting, confirmed already, closed, a role that does not arrange meetings, or an escort that does not
    /// validate.
    pub fn confirm_meeting(
        &self,
        actor: &Actor,
        escort: TaskId,
        pickup: String,
        at: Timestamp,
    ) -> Result<(Task, Task), TransitionError> {
        if self.status.is_terminal() {
            return Err(TransitionError::Closed { status: self.status });
        }
        let TaskDetails::RelativeMeeting(meeting) = &self.details else {
            return Err(TransitionError::KindMismatch { expected: self.kind(), found: TaskKind::RelativeMeeting });
        };
        if !actor.role.can(Permission::ManageRelativeMeetings) || !actor.role.creates(TaskKind::Escort) {
            return Err(TransitionError::NotMeetingOrganiser { role: actor.role });
        }
        if meeting.confirmed_slot.is_some() {
            return Err(TransitionError::MeetingConfirmed);
        }
        if escort == self.id {
            return Err(TransitionError::SameTask);
        }
        let slot = meeting.requested_slot;
        let planned = Task::new(NewTask {
            id: escort,
            site: self.site.clone(),
            zone: self.zone.clone(),
            case_id: self.case_id.clone(),
            priority: Priority::Normal,
            details: TaskDetails::Escort(Escort {
                visitor: meeting.relative.clone(),
                from: pickup,
                to: meeting.department.clone(),
                aid: MobilityAid::Walking,
                patient_ready: false,
            }),
            created_by: actor.staff.clone(),
            met_at: slot,
            created_at: at,
        })?;
        let mut confirmed = self.clone();
        confirmed.details =
            TaskDetails::RelativeMeeting(RelativeMeeting { confirmed_slot: Some(slot), ..meeting.clone() });
        confirmed.version = self.version.saturating_add(1);
        Ok((confirmed, planned))
    }
}

impl Task {
    /// Applies `action` by `actor` at time `at`. Returns the changed task with
    /// `version + 1`, or why the action is refused; `self` is never modified.
    ///
    /// # Errors
    /// A [`TransitionError`] saying why the action is refused.
    pub fn apply(&self, actor: &Actor, action: &Action, at: Timestamp) -> Result<Task, TransitionError> {
        if self.status.is_terminal() {
            return Err(TransitionError::Closed { status: self.status });
        }
        // Times in order within the task: nothing is started or closed before the visitor was met (a task planned
        // ahead may start early: the visitor came before their time), and nothing is closed before it started. Two
        // devices' clocks may differ by up to CLOCK_TOLERANCE_MINUTES: within it the action is dated at the
        // earlier moment; beyond it, it is refused (a clock that is off).
        let met = (self.met_at <= self.created_at).then_some(self.met_at);
        let earliest = match action {
            Action::Start => met,
            Action::Complete { .. } | Action::Cancel { .. } => self.started_at.or(met),
            _ => None,
        };
        let at = match earliest {
            Some(earliest) if at < earliest.plus_minutes(-CLOCK_TOLERANCE_MINUTES) => {
                return Err(TransitionError::OutOfOrder { at, earliest });
            }
            Some(earliest) => at.max(earliest),
            None => at,
        };
        let name = action.name();
        let mut next = self.clone();
        match action {
            // Given meanwhile but not yet accepted (by a rule's dispatch, or another supervisor): a supervisor's
            // assignment still wins, as a reassignment (a hand-off like any other).
            Action::Assign { to }
                if self.status == TaskStatus::Assigned && actor.role.can(Permission::ReassignTask) =>
            {
                if self.assignee.as_ref() == Some(to) {
                    return Err(TransitionError::SameAssignee { staff: to.clone() });
                }
                // Over a rule's assignment a supervisor's choice wins even past the hand-off limit.
                next.hand_to(to, actor.role == Role::Supervisor && self.given_by.is_some())?;
            }
            Action::Assign { to } => {
                require_permission(actor, name, Permission::AssignTask)?;
                self.require_status(name, &[TaskStatus::New])?;
                next.hand_to(to, false)?;
                next.status = TaskStatus::Assigned;
            }
            Action::Claim => {
                require_permission(actor, name, Permission::ClaimTask)?;
                if let Some(holder) = self.assignee.as_ref().filter(|h| **h != actor.staff) {
                    return Err(TransitionError::AlreadyTaken { holder: holder.clone() });
                }
                self.require_status(name, &[TaskStatus::New])?;
                next.hand_to(&actor.staff, false)?;
                next.status = TaskStatus::Accepted;
                next.accepted_at.get_or_insert(at);
            }
            Action::Accept => {
                self.require_status(name, &[TaskStatus::Assigned])?;
                self.require_assignee(actor)?;
                next.status = TaskStatus::Accepted;
                next.accepted_at.get_or_insert(at);
            }
            Action::Start => {
                self.require_status(name, &[TaskStatus::Accepted])?;
                self.require_assignee(actor)?;
                if let TaskDetails::Escort(escort) = &self.details {
                    if !escort.patient_ready {
                        return Err(TransitionError::PatientNotReady);
                    }
                }
                next.status = TaskStatus::InProgress;
                next.started_at.get_or_insert(at);
            }
            Action::HandBack { reason } => {
                require_permission(actor, name, Permission::HandBackTask)?;
                self.require_status(name, &[TaskStatus::Assigned, TaskStatus::Accepted, TaskStatus::InProgress])?;
                self.require_assignee(actor)?;
                check_reason(reason.as_deref())?;
                next.last_holder = next.assignee.take();
                next.status = TaskStatus::New;
            }
            Action::Complete { rating } => {
                self.require_status(name, &[TaskStatus::InProgress])?;
                if actor.role != Role::Supervisor {
                    self.require_assignee(actor)?;
                }
                if let Some(step) = self.missing_step() {
                    return Err(TransitionError::StepMissing { step });
                }
                plain("comment", rating.as_ref().and_then(Rating::comment).unwrap_or_default())?;
                next.status = TaskStatus::Done;
                next.closed_at = Some(at);
                next.rating.clone_from(rating);
            }
            Action::Cancel { reason } => {
                let involved = self.created_by == actor.staff || self.assignee.as_ref() == Some(&actor.staff);
                if !(actor.role.can(Permission::CancelTask) || involved) {
                    return Err(TransitionError::NotAllowed { role: actor.role, action: name });
                }
                if !has_reason(Some(reason)) {
                    return Err(TransitionError::ReasonRequired { action: name });
                }
                check_reason(Some(reason))?;
                next.status = TaskStatus::Cancelled;
                next.closed_at = Some(at);
                next.cancel_reason = Some(reason.trim().to_owned());
            }
            Action::Reassign { to, reason } => {
                if !(actor.role.can(Permission::ReassignTask) || actor.role.can(Permission::AssignTask)) {
                    return Err(TransitionError::NotAllowed { role: actor.role, action: name });
                }
                if self.assignee.as_ref() == Some(to) {
                    return Err(TransitionError::SameAssignee { staff: to.clone() });
                }
                check_reason(reason.as_deref())?;
                let may_exceed = actor.role == Role::Supervisor && has_reason(reason.as_deref());
                next.hand_to(to, may_exceed)?;
                next.status = TaskStatus::Assigned;
            }
            Action::Step { step } => {
                if step.name().kind() != self.kind() {
                    return Err(TransitionError::StepNotForKind { step: step.name(), kind: self.kind() });
                }
                self.require_entitled(actor)?;
                step.validate()?;
                if !next.record(step, &actor.staff, at) {
                    return Err(TransitionError::StepNotNow { step: step.name() });
                }
            }
        }
        if actor.staff.as_str() != crate::rules::RULES_STAFF {
            next.settle_alerts(at);
            if next.assignee != self.assignee {
                next.given_by = None;
            }
        }
        next.version = self.version.saturating_add(1);
        Ok(next)
    }

    /// Replaces the kind-specific details as the visitor's request describes them (say, a corrected room or phone
    /// number). What the kind's steps record stays as the steps left it (see [`crate::step`]). Allowed for the
    /// assignee, the creator and roles that may assign tasks; the kind cannot change. Returns the changed task with
    /// `version + 1`.
    ///
    /// # Errors
    /// `Closed`, `KindMismatch`, `NotYourTask`, or `Invalid` for bad details.
    pub fn update_details(&self, actor: &Actor, details: TaskDetails) -> Result<Task, TransitionError> {
        if self.status.is_terminal() {
            return Err(TransitionError::Closed { status: self.status });
        }
        if details.kind() != self.kind() {
            return Err(TransitionError::KindMismatch { expected: self.kind(), found: details.kind() });
        }
        self.require_entitled(actor)?;
        details.validate()?;
        // A meeting is confirmed only by `confirm_meeting`, which plans its escort at the slot: a detail change
        // keeps the confirmation as it is, and a confirmed meeting keeps its slot (a stale "move the slot" from a
        // device that had not heard of the confirmation yet is applied without moving it: the person's other
        // edits are kept).
        let details = match (&self.details, details) {
            (TaskDetails::RelativeMeeting(now), TaskDetails::RelativeMeeting(next)) => {
                let requested_slot =
                    if now.confirmed_slot.is_some() { now.requested_slot } else { next.requested_slot };
                TaskDetails::RelativeMeeting(RelativeMeeting {
                    requested_slot,
                    confirmed_slot: now.confirmed_slot,
                    ..next
                })
            }
            // What the kind's steps record stays as the steps left it: a detail change neither readies a patient,
            // acknowledges a written request, nor moves a taxi order, a crew's arrival or bay, a visitor's
            // destination or a child's hand-back.
            (TaskDetails::Escort(now), TaskDetails::Escort(next)) => {
                TaskDetails::Escort(Escort { patient_ready: now.patient_ready, ..next })
            }
            (TaskDetails::Routing(now), TaskDetails::Routing(next)) => {
                TaskDetails::Routing(Routing { destination: now.destination.clone(), ..next })
            }
            (TaskDetails::WrittenRequest(now), TaskDetails::WrittenRequest(next)) => {
                TaskDetails::WrittenRequest(WrittenRequest { acknowledged_at: now.acknowledged_at, ..next })
            }
            (TaskDetails::Taxi(now), TaskDetails::Taxi(next)) => TaskDetails::Taxi(Taxi { order: now.order, ..next }),
            (TaskDetails::AmbulanceArrival(now), TaskDetails::AmbulanceArrival(next)) => {
                TaskDetails::AmbulanceArrival(AmbulanceArrival {
                    arrived_at: now.arrived_at,
                    destination: now.destination.clone(),
                    ..next
                })
            }
            (TaskDetails::Childcare(now), TaskDetails::Childcare(next)) => {
                TaskDetails::Childcare(Childcare { end: now.end, handed_back_to: now.handed_back_to.clone(), ..next })
            }
            (_, details) => details,
        };
        let mut next = self.clone();
        next.details = details;
        next.version = self.version.saturating_add(1);
        Ok(next)
    }

    fn require_status(&self, action: ActionName, allowed: &[TaskStatus]) -> Result<(), TransitionError> {
        if allowed.contains(&self.status) {
            Ok(())
        } else {
            Err(TransitionError::IllegalTransition { from: self.status, action })
        }
    }

    /// Changing what a task says (its details, its steps) is for its holder, its creator, and whoever gives out
    /// work (coordinators, supervisors).
    fn require_entitled(&self, actor: &Actor) -> Result<(), TransitionError> {
        let entitled = self.assignee.as_ref() == Some(&actor.staff)
            || self.created_by == actor.staff
            || actor.role.can(Permission::AssignTask);
        if entitled {
            Ok(())
        } else {
            Err(TransitionError::NotYourTask)
        }
    }

    fn require_assignee(&self, actor: &Actor) -> Result<(), TransitionError> {
        if self.assignee.as_ref() == Some(&actor.staff) {
            Ok(())
        } else {
            Err(TransitionError::NotYourTask)
        }
    }

    /// Makes `to` responsible, counting the hand-off; refuses to go over the
    /// limit unless `may_exceed`.
    fn hand_to(&mut self, to: &StaffId, may_exceed: bool) -> Result<(), TransitionError> {
        let change = change_holder(self.assignee.as_ref(), self.last_holder.as_ref(), self.handoffs, to);
        if change.exceeds_limit() && !may_exceed {
            return Err(TransitionError::HandoffLimit { handoffs: self.handoffs });
        }
        self.handoffs = change.handoffs;
        self.last_holder = change.last_holder;
        self.assignee = Some(to.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn actions_and_tasks_refuse_unknown_fields() {
        for json in [
            r#"{"action":"claim","force":true}"#,
            r#"{"action":"reassign","to":"igor","reason":null,"urgent":true}"#,
            r#"{"action":"complete","rating":{"score":5,"comment":null,"stars":5}}"#,
        ] {
            let err = serde_json::from_str::<Action>(json).unwrap_err().to_string();
            assert!(err.contains("unknown field"), "{json}: {err}");
        }
        assert!(serde_json::from_str::<Action>(r#"{"action":"reassign","to":"igor","reason":null}"#).is_ok());
    }

    use super::*;
    use crate::ids::{SiteId, TaskId, ZoneId};
    use crate::kind::{Escort, MobilityAid, NonStandard};
    use crate::priority::Priority;
    use crate::task::NewTask;

    const T0: Timestamp = Timestamp(1_700_000_000_000);

    fn staff(s: &str) -> StaffId {
        StaffId::new(s).unwrap()
    }

    fn actor(s: &str, role: Role) -> Actor {
        Actor { staff: staff(s), role }
    }

    fn admin(s: &str) -> Actor {
        actor(s, Role::Administrator)
    }

    fn coord(s: &str) -> Actor {
        actor(s, Role::Coordinator)
    }

    fn sup(s: &str) -> Actor {
        actor(s, Role::Supervisor)
    }

    fn task_with(details: TaskDetails) -> Task {
        Task::new(NewTask {
            id: TaskId::new("t1").unwrap(),
            site: SiteId::new("s1").unwrap(),
            zone: ZoneId::new("z1").unwrap(),
            case_id: None,
            priority: Priority::Normal,
            details,
            created_by: staff("creator"),
            met_at: T0,
            created_at: T0,
        })
        .unwrap()
    }

    fn task() -> Task {
        task_with(TaskDetails::NonStandard(NonStandard { description: "Visitor needs help with forms".into() }))
    }

    #[test]
    fn giving_assigns_a_free_task_reassigns_a_held_one_and_asks_for_a_reason_past_the_limit() {
        let (anna, boris) = (staff("anna"), staff("boris"));
        let free = task();
        assert_eq!(free.give(&anna, None), Giving::Ready(Action::Assign { to: anna.clone() }));
        let mut held = free.apply(&sup("sup"), &Action::Assign { to: boris.clone() }, T0).unwrap();
        assert_eq!(held.give(&anna, None), Giving::Ready(Action::Reassign { to: anna.clone(), reason: None }));
        assert_eq!(held.give(&boris, None), Giving::Nothing, "already theirs");
        held.handoffs = MAX_HANDOFFS;
        assert_eq!(held.give(&anna, None), Giving::NeedsReason, "past the limit a reason is needed");
        assert_eq!(held.give(&anna, Some("  ".into())), Giving::NeedsReason, "a blank reason is none");
        assert_eq!(
            held.give(&anna, Some("ill".into())),
            Giving::Ready(Action::Reassign { to: anna.clone(), reason: Some("ill".into()) })
        );
        // Handed back to the pool after two hand-offs: giving it to someone new is a third, so a reason is needed,
        // and only a reassignment carries one; its last holder may take it back without one.
        let back = held.apply(&admin("boris"), &Action::HandBack { reason: None }, T0).unwrap();
        assert_eq!((back.assignee.as_ref(), back.handoffs), (None, MAX_HANDOFFS));
        assert_eq!(back.give(&anna, None), Giving::NeedsReason);
        assert_eq!(
            back.give(&anna, Some("ill".into())),
            Giving::Ready(Action::Reassign { to: anna.clone(), reason: Some("ill".into()) })
        );
        assert_eq!(back.give(&boris, None), Giving::Ready(Action::Assign { to: boris.clone() }));
        let done = held.apply(&admin("boris"), &Action::Accept, T0).unwrap();
        let done = done.apply(&admin("boris"), &Action::Start, T0).unwrap();
        let done = done.apply(&admin("boris"), &Action::Complete { rating: None }, T0).unwrap();
        assert_eq!(done.give(&anna, Some("x".into())), Giving::Nothing, "closed");
    }

    #[test]
    fn confirming_a_meeting_fixes_its_slot_and_plans_the_escort_from_the_slot() {
        let slot = T0.plus_minutes(60);
        let meeting = task_with(TaskDetails::RelativeMeeting(RelativeMeeting {
            relative: "Сын пациента".into(),
            contact: "+7 900 000-00-00".into(),
            department: "Терапия".into(),
            doctor: "Лечащий врач".into(),
            requested_slot: slot,
            confirmed_slot: None,
        }));
        let escort_id = TaskId::new("t1-escort").unwrap();
        let (confirmed, escort) =
            meeting.confirm_meeting(&coord("c1"), escort_id.clone(), "Вестибюль".into(), T0.plus_minutes(5)).unwrap();
        assert!(matches!(&confirmed.details, TaskDetails::RelativeMeeting(m) if m.confirmed_slot == Some(slot)));
        assert_eq!(confirmed.version, meeting.version + 1);
        assert_eq!(
            (escort.id.clone(), escort.met_at, escort.zone.clone()),
            (escort_id.clone(), slot, meeting.zone.clone())
        );
        assert_eq!(escort.created_at, T0.plus_minutes(5));
        assert!(escort.is_escort_of(&meeting) && !task().is_escort_of(&meeting) && !meeting.is_escort_of(&escort));
        assert!(matches!(&escort.details, TaskDetails::Escort(e)
            if e.visitor == "Сын пациента" && e.from == "Вестибюль" && e.to == "Терапия"));
        // Once only; only by those who arrange meetings; only a meeting.
        assert_eq!(
            confirmed.confirm_meeting(&coord("c1"), escort_id.clone(), "Вестибюль".into(), T0),
            Err(TransitionError::MeetingConfirmed)
        );
        assert_eq!(
            meeting.confirm_meeting(&admin("a1"), escort_id.clone(), "Вестибюль".into(), T0),
            Err(TransitionError::NotMeetingOrganiser { role: Role::Administrator })
        );
        assert!(matches!(
            task().confirm_meeting(&coord("c1"), escort_id.clone(), "Вестибюль".into(), T0),
            Err(TransitionError::KindMismatch { .. })
        ));
        assert!(matches!(
            meeting.confirm_meeting(&coord("c1"), escort_id, String::new(), T0),
            Err(TransitionError::Invalid { .. })
        ));
        assert_eq!(
            meeting.confirm_meeting(&coord("c1"), meeting.id.clone(), "Вестибюль".into(), T0),
            Err(TransitionError::SameTask)
        );
        // A detail change neither confirms nor unconfirms; a confirmed slot no longer moves.
        let TaskDetails::RelativeMeeting(asked) = &meeting.details else { unreachable!() };
        let sneaky = TaskDetails::RelativeMeeting(RelativeMeeting { confirmed_slot: Some(slot), ..asked.clone() });
        let changed = meeting.update_details(&coord("c1"), sneaky).unwrap();
        assert!(matches!(&changed.details, TaskDetails::RelativeMeeting(m) if m.confirmed_slot.is_none()));
        let TaskDetails::RelativeMeeting(fixed) = &confirmed.details else { unreachable!() };
        let stale = TaskDetails::RelativeMeeting(RelativeMeeting { confirmed_slot: None, ..fixed.clone() });
        let kept = confirmed.update_details(&coord("c1"), stale).unwrap();
        assert!(matches!(&kept.details, TaskDetails::RelativeMeeting(m) if m.confirmed_slot == Some(slot)));
        let moved =
            TaskDetails::RelativeMeeting(RelativeMeeting { requested_slot: slot.plus_minutes(15), ..fixed.clone() });
        let kept = confirmed.update_details(&coord("c1"), moved).unwrap();
        assert!(matches!(&kept.details, TaskDetails::RelativeMeeting(m) if m.requested_slot == slot));
    }

    fn escort(ready: bool) -> Task {
        task_with(TaskDetails::Escort(Escort {
            visitor: "И.П.".into(),
            from: "Hall".into(),
            to: "X-ray".into(),
            aid: MobilityAid::Walking,
            patient_ready: ready,
        }))
    }

    fn at(min: i64) -> Timestamp {
        T0.plus_minutes(min)
    }

    fn claim(t: &Task, a: &Actor, min: i64) -> Task {
        t.apply(a, &Action::Claim, at(min)).unwrap()
    }

    fn hand_back(t: &Task, a: &Actor) -> Task {
        t.apply(a, &Action::HandBack { reason: None }, at(1)).unwrap()
    }

    #[test]
    fn happy_path_assign_accept_start_complete() {
        let c = coord("c1");
        let a = admin("a1");
        let t = task();
        let t = t.apply(&c, &Action::Assign { to: a.staff.clone() }, at(1)).unwrap();
        assert_eq!((t.status, t.version), (TaskStatus::Assigned, 1));
        assert_eq!(t.assignee, Some(a.staff.clone()));
        assert_eq!(t.accepted_at, None);
        let t = t.apply(&a, &Action::Accept, at(2)).unwrap();
        assert_eq!((t.status, t.accepted_at), (TaskStatus::Accepted, Some(at(2))));
        let t = t.apply(&a, &Action::Start, at(3)).unwrap();
        assert_eq!((t.status, t.started_at), (TaskStatus::InProgress, Some(at(3))));
        let rating = Rating::new(5, None).unwrap();
        let t = t.apply(&a, &Action::Complete { rating: Some(rating.clone()) }, at(9)).unwrap();
        assert_eq!(t.status, TaskStatus::Done);
        assert_eq!(t.closed_at, Some(at(9)));
        assert_eq!(t.rating, Some(rating));
        assert_eq!(t.version, 4);
        assert_eq!(t.handoffs, 0);
    }

    #[test]
    fn times_run_in_order_within_a_task() {
        let a = admin("a1");
        // Met at T0: not started before it, not closed before it started (beyond the clocks' tolerance).
        let taken = claim(&task(), &a, -10);
        let early = taken.apply(&a, &Action::Start, at(-6));
        assert_eq!(early, Err(TransitionError::OutOfOrder { at: at(-6), earliest: T0 }));
        let started = taken.apply(&a, &Action::Start, at(10)).unwrap();
        let closed = started.apply(&a, &Action::Complete { rating: None }, at(4));
        assert_eq!(closed, Err(TransitionError::OutOfOrder { at: at(4), earliest: at(10) }));
        assert!(started.apply(&a, &Action::Complete { rating: None }, at(10)).is_ok(), "the same moment is in order");
        assert!(matches!(
            taken.apply(&a, &Action::Cancel { reason: "duplicate".into() }, at(-6)),
            Err(TransitionError::OutOfOrder { .. })
        ));
        // What a person types now holds no control characters: a reason, a rating's comment.
        let beep = Rating::new(5, Some("спасибо\u{7}".into())).unwrap();
        assert!(matches!(
            started.apply(&a, &Action::Complete { rating: Some(beep) }, at(10)),
            Err(TransitionError::Invalid { error: ValidationError::ControlCharacters { .. } })
        ));
        assert!(taken.apply(&a, &Action::Cancel { reason: "ушёл\u{0}".into() }, at(1)).is_err());
        // Within the tolerance, another device's clock a little behind: taken at the earlier moment.
        let behind = taken.apply(&a, &Action::Start, at(-4)).unwrap();
        assert_eq!(behind.started_at, Some(T0));
        let done = started.apply(&a, &Action::Complete { rating: None }, at(7)).unwrap();
        assert_eq!(done.closed_at, Some(at(10)));
        // A task planned ahead (met later than it was made) may start early: the visitor came before their time.
        let mut planned = task();
        planned.met_at = at(30);
        let planned = claim(&planned, &a, 1);
        assert!(planned.apply(&a, &Action::Start, at(20)).is_ok());
    }

    #[test]
    fn claim_accepts_at_once() {
        let a = admin("a1");
        let t = claim(&task(), &a, 4);
        assert_eq!(t.status, TaskStatus::Accepted);
        assert_eq!(t.assignee, Some(a.staff));
        assert_eq!(t.accepted_at, Some(at(4)));
        assert_eq!(t.handoffs, 0);
    }

    #[test]
    fn claiming_a_held_task_is_already_taken() {
        let t = claim(&task(), &admin("a1"), 0);
        assert_eq!(
            t.apply(&admin("a2"), &Action::Claim, at(1)),
            Err(TransitionError::AlreadyTaken { holder: staff("a1") })
        );
        assert_eq!(
            t.apply(&admin("a1"), &Action::Claim, at(1)),
            Err(TransitionError::IllegalTransition { from: TaskStatus::Accepted, action: ActionName::Claim })
        );
    }

    #[test]
    fn administrators_cannot_assign_or_reassign() {
        let a = admin("a1");
        assert_eq!(
            task().apply(&a, &Action::Assign { to: staff("a2") }, at(0)),
            Err(TransitionError::NotAllowed { role: Role::Administrator, action: ActionName::Assign })
        );
        assert_eq!(
            task().apply(&a, &Action::Reassign { to: staff("a2"), reason: None }, at(0)),
            Err(TransitionError::NotAllowed { role: Role::Administrator, action: ActionName::Reassign })
        );
    }

    #[test]
    fn only_assignee_accepts_and_starts() {
        let t = task().apply(&coord("c"), &Action::Assign { to: staff("a1") }, at(0)).unwrap();
        assert_eq!(t.apply(&admin("a2"), &Action::Accept, at(1)), Err(TransitionError::NotYourTask));
        assert_eq!(t.apply(&sup("s"), &Action::Accept, at(1)), Err(TransitionError::NotYourTask));
        let t = t.apply(&admin("a1"), &Action::Accept, at(1)).unwrap();
        assert_eq!(t.apply(&admin("a2"), &Action::Start, at(1)), Err(TransitionError::NotYourTask));
    }

    #[test]
    fn supervisor_may_complete_someone_elses_task() {
        let a = admin("a1");
        let t = claim(&task(), &a, 0).apply(&a, &Action::Start, at(1)).unwrap();
        assert_eq!(t.apply(&admin("a2"), &Action::Complete { rating: None }, at(2)), Err(TransitionError::NotYourTask));
        assert_eq!(t.apply(&coord("c"), &Action::Complete { rating: None }, at(2)), Err(TransitionError::NotYourTask));
        let done = t.apply(&sup("s"), &Action::Complete { rating: None }, at(2)).unwrap();
        assert_eq!(done.status, TaskStatus::Done);
    }

    #[test]
    fn status_only_moves_forward() {
        let a = admin("a1");
        let t = claim(&task(), &a, 0);
        assert_eq!(
            t.apply(&a, &Action::Accept, at(1)),
            Err(TransitionError::IllegalTransition { from: TaskStatus::Accepted, action: ActionName::Accept })
        );
        assert_eq!(
            t.apply(&a, &Action::Complete { rating: None }, at(1)),
            Err(TransitionError::IllegalTransition { from: TaskStatus::Accepted, action: ActionName::Complete })
        );
        let t = t.apply(&a, &Action::Start, at(1)).unwrap();
        assert_eq!(
            t.apply(&a, &Action::Start, at(2)),
            Err(TransitionError::IllegalTransition { from: TaskStatus::InProgress, action: ActionName::Start })
        );
        assert_eq!(
            task().apply(&a, &Action::HandBack { reason: None }, at(0)),
            Err(TransitionError::IllegalTransition { from: TaskStatus::New, action: ActionName::HandBack })
        );
    }

    #[test]
    fn escort_needs_a_ready_patient() {
        let a = admin("a1");
        let t = claim(&escort(false), &a, 0);
        assert_eq!(t.apply(&a, &Action::Start, at(1)), Err(TransitionError::PatientNotReady));
        // A detail edit does not ready the patient; the step does.
        let mut details = t.details.clone();
        if let TaskDetails::Escort(e) = &mut details {
            e.patient_ready = true;
        }
        let edited = t.update_details(&a, details).unwrap();
        assert_eq!(edited.apply(&a, &Action::Start, at(2)), Err(TransitionError::PatientNotReady));
        let t = edited.apply(&a, &Action::Step { step: Step::PatientReady {} }, at(2)).unwrap();
        assert_eq!(t.version, 3);
        assert_eq!(t.apply(&a, &Action::Start, at(2)).unwrap().status, TaskStatus::InProgress);
        assert!(claim(&escort(true), &a, 0).apply(&a, &Action::Start, at(1)).is_ok());
    }

    #[test]
    fn hand_back_returns_to_pool_and_remembers_holder() {
        let a = admin("a1");
        let t = claim(&task(), &a, 0).apply(&a, &Action::Start, at(1)).unwrap();
        assert_eq!(t.apply(&admin("a2"), &Action::HandBack { reason: None }, at(2)), Err(TransitionError::NotYourTask));
        let t = hand_back(&t, &a);
        assert_eq!(t.status, TaskStatus::New);
        assert_eq!(t.assignee, None);
        assert_eq!(t.last_holder, Some(a.staff.clone()));
        // First-time timestamps survive a hand back and are not overwritten.
        let t = claim(&t, &a, 7).apply(&a, &Action::Start, at(8)).unwrap();
        assert_eq!(t.accepted_at, Some(at(0)));
        assert_eq!(t.started_at, Some(at(1)));
        assert_eq!(t.handoffs, 0);
    }

    #[test]
    fn hand_back_then_claim_by_another_counts() {
        let (a, b) = (admin("a1"), admin("a2"));
        let t = hand_back(&claim(&task(), &a, 0), &a);
        let t = claim(&t, &b, 1);
        assert_eq!(t.handoffs, 1);
        assert_eq!(t.last_holder, Some(a.staff));
        assert_eq!(t.assignee, Some(b.staff));
    }

    #[test]
    fn third_handoff_is_refused_except_for_supervisor_with_reason() {
        let (a, b, c, d) = (admin("a"), admin("b"), admin("c"), admin("d"));
        let mut t = claim(&task(), &a, 0);
        for next in [&b, &c] {
            let holder = t.assignee.clone().unwrap();
            let holder = Actor { staff: holder, role: Role::Administrator };
            t = claim(&hand_back(&t, &holder), next, 1);
        }
        assert_eq!(t.handoffs, 2);
        let pooled = hand_back(&t, &c);
        assert_eq!(pooled.apply(&d, &Action::Claim, at(3)), Err(TransitionError::HandoffLimit { handoffs: 2 }));
        // The last holder can still take it back: not a new hand-off.
        assert!(pooled.apply(&c, &Action::Claim, at(3)).is_ok());
        assert_eq!(
            t.apply(&coord("k"), &Action::Reassign { to: d.staff.clone(), reason: Some("shift ends".into()) }, at(3)),
            Err(TransitionError::HandoffLimit { handoffs: 2 })
        );
        assert_eq!(
            t.apply(&sup("s"), &Action::Reassign { to: d.staff.clone(), reason: Some("  ".into()) }, at(3)),
            Err(TransitionError::HandoffLimit { handoffs: 2 })
        );
        let t = t
            .apply(&sup("s"), &Action::Reassign { to: d.staff.clone(), reason: Some("shift ends".into()) }, at(3))
            .unwrap();
        assert_eq!(t.handoffs, 3);
        assert_eq!(t.status, TaskStatus::Assigned);
        assert_eq!(t.last_holder, Some(c.staff));
        assert_eq!(t.assignee, Some(d.staff));
    }

    #[test]
    fn reassign_moves_held_task_and_counts() {
        let a = admin("a1");
        let t = claim(&task(), &a, 0).apply(&a, &Action::Start, at(1)).unwrap();
        let t = t.apply(&coord("c"), &Action::Reassign { to: staff("a2"), reason: None }, at(2)).unwrap();
        assert_eq!(t.status, TaskStatus::Assigned);
        assert_eq!(t.handoffs, 1);
        assert_eq!(t.last_holder, Some(a.staff));
        assert_eq!(
            t.apply(&coord("c"), &Action::Reassign { to: staff("a2"), reason: None }, at(3)),
            Err(TransitionError::SameAssignee { staff: staff("a2") })
        );
        // Reassigning a fresh task is its first holder: no hand-off.
        let fresh = task().apply(&sup("s"), &Action::Reassign { to: staff("a3"), reason: None }, at(0)).unwrap();
        assert_eq!((fresh.status, fresh.handoffs), (TaskStatus::Assigned, 0));
    }

    #[test]
    fn cancel_needs_permission_or_authorship_and_a_reason() {
        let t = task();
        assert_eq!(
            t.apply(&admin("a1"), &Action::Cancel { reason: "dup".into() }, at(0)),
            Err(TransitionError::NotAllowed { role: Role::Administrator, action: ActionName::Cancel })
        );
        assert_eq!(
            t.apply(&admin("creator"), &Action::Cancel { reason: " ".into() }, at(0)),
            Err(TransitionError::ReasonRequired { action: ActionName::Cancel })
        );
        let c = t.apply(&admin("creator"), &Action::Cancel { reason: " visitor left ".into() }, at(5)).unwrap();
        assert_eq!(c.status, TaskStatus::Cancelled);
        assert_eq!(c.cancel_reason.as_deref(), Some("visitor left"));
        assert_eq!(c.closed_at, Some(at(5)));
        let long = "x".repeat(501);
        assert!(matches!(
            t.apply(&sup("s"), &Action::Cancel { reason: long }, at(0)),
            Err(TransitionError::Invalid { error: ValidationError::TooLong { .. } })
        ));
    }

    #[test]
    fn terminal_tasks_refuse_everything() {
        let s = sup("s");
        let done = claim(&task(), &s, 0)
            .apply(&s, &Action::Start, at(1))
            .unwrap()
            .apply(&s, &Action::Complete { rating: None }, at(2))
            .unwrap();
        let cancelled = task().apply(&s, &Action::Cancel { reason: "dup".into() }, at(0)).unwrap();
        let actions = [
            Action::Assign { to: staff("x") },
            Action::Claim,
            Action::Accept,
            Action::Start,
            Action::HandBack { reason: None },
            Action::Complete { rating: None },
            Action::Cancel { reason: "r".into() },
            Action::Reassign { to: staff("x"), reason: Some("r".into()) },
        ];
        for t in [&done, &cancelled] {
            for action in &actions {
                assert_eq!(t.apply(&s, action, at(3)), Err(TransitionError::Closed { status: t.status }));
            }
            assert_eq!(t.update_details(&s, t.details.clone()), Err(TransitionError::Closed { status: t.status }));
        }
    }

    #[test]
    fn update_details_checks_kind_entitlement_and_validity() {
        let a = admin("a1");
        let t = claim(&task(), &a, 0);
        assert_eq!(
            t.update_details(&a, escort(true).details),
            Err(TransitionError::KindMismatch { expected: TaskKind::NonStandard, found: TaskKind::Escort })
        );
        let details = TaskDetails::NonStandard(NonStandard { description: "Updated".into() });
        assert_eq!(t.update_details(&admin("a2"), details.clone()), Err(TransitionError::NotYourTask));
        assert!(t.update_details(&coord("c"), details.clone()).is_ok());
        assert!(t.update_details(&admin("creator"), details).is_ok());
        assert_eq!(
            t.update_details(&a, TaskDetails::NonStandard(NonStandard { description: String::new() })),
            Err(TransitionError::Invalid { error: ValidationError::Empty { field: "description".into() } })
        );
    }

    #[test]
    fn error_messages_read_as_sentences() {
        let cases = [
            (
                TransitionError::NotAllowed { role: Role::Administrator, action: ActionName::Reassign },
                "An administrator is not allowed to reassign this task.",
            ),
            (
                TransitionError::NotAllowed { role: Role::Coordinator, action: ActionName::Cancel },
                "A coordinator is not allowed to cancel this task.",
            ),
            (TransitionError::NotYourTask, "Only the staff member responsible for this task can do that."),
            (
                TransitionError::AlreadyTaken { holder: staff("adm-3") },
                "This task has already been taken by adm-3.",
            ),
            (
                TransitionError::PatientNotReady,
                "The patient is not ready yet: mark them as ready before starting the escort.",
            ),
            (
                TransitionError::Closed { status: TaskStatus::Done },
                "This task is already done and can no longer be changed.",
            ),
            (
                TransitionError::IllegalTransition { from: TaskStatus::InProgress, action: ActionName::HandBack },
                "You cannot hand back this task while it is in progress.",
            ),
            (
                TransitionError::HandoffLimit { handoffs: 2 },
                "This request has already changed hands 2 times (the limit is 2); only a supervisor can reassign it again, giving a reason.",
            ),
            (TransitionError::ReasonRequired { action: ActionName::Cancel }, "Please give a reason to cancel this task."),
            (TransitionError::SameAssignee { staff: staff("a1") }, "a1 is already responsible for this task."),
            (
                TransitionError::KindMismatch { expected: TaskKind::Taxi, found: TaskKind::Escort },
                "These details belong to another kind of task (escort); this task is: taxi.",
            ),
            (
                TransitionError::Invalid { error: ValidationError::Empty { field: "reason".into() } },
                "reason must not be empty",
            ),
        ];
        for (err, text) in cases {
            assert_eq!(err.to_string(), text);
        }
    }

    #[test]
    fn errors_travel_over_the_wire() {
        let errors = [
            TransitionError::NotAllowed { role: Role::Coordinator, action: ActionName::Cancel },
            TransitionError::NotYourTask,
            TransitionError::AlreadyTaken { holder: staff("a1") },
            TransitionError::Closed { status: TaskStatus::Cancelled },
            TransitionError::IllegalTransition { from: TaskStatus::New, action: ActionName::Start },
            TransitionError::HandoffLimit { handoffs: 2 },
            TransitionError::Invalid { error: ValidationError::Empty { field: "reason".into() } },
        ];
        for e in errors {
            let json = serde_json::to_value(&e).unwrap();
            assert!(json["code"].is_string(), "{json}");
            assert_eq!(serde_json::from_value::<TransitionError>(json).unwrap(), e);
        }
        let json = serde_json::to_value(TransitionError::IllegalTransition {
            from: TaskStatus::InProgress,
            action: ActionName::HandBack,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "illegal_transition", "from": "in_progress", "action": "hand_back"})
        );
        assert_eq!(
            serde_json::to_value(TransitionError::NotYourTask).unwrap(),
            serde_json::json!({"code": "not_your_task"})
        );
    }

    #[test]
    fn actions_travel_over_the_wire() {
        let actions = [
            Action::Assign { to: staff("a1") },
            Action::Claim,
            Action::HandBack { reason: Some("lunch".into()) },
            Action::Complete { rating: Some(Rating::new(4, None).unwrap()) },
            Action::Reassign { to: staff("a2"), reason: None },
        ];
        for a in actions {
            let json = serde_json::to_value(&a).unwrap();
            assert_eq!(json["action"], a.name().as_str());
            assert_eq!(serde_json::from_value::<Action>(json).unwrap(), a);
        }
        let bad = serde_json::json!({"action": "complete", "rating": {"score": 0}});
        assert!(serde_json::from_value::<Action>(bad).is_err());
        assert_eq!(ActionName::HandBack.to_string(), "hand back");
        for n in ActionName::ALL {
            assert_eq!(serde_json::to_value(n).unwrap(), n.as_str());
        }
    }
}
