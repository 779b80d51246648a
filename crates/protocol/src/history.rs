//! Accountability on the wire: what each op did and why ([`OpKind`], kept with the op in the audit log), a task's
//! history ([`TaskHistory`]) and the filters of the site's audit log ([`AuditQuery`]).

use floordesk_domain::{Action, ActionName, Role, RuleKind, StaffId, TaskId, TaskStatus, Timestamp};
use serde::{Deserialize, Serialize};

use crate::{Cursor, OpChange};

/// What an op did, as the audit log and a task's history name it: an action of the state machine, a task made, its
/// details changed, a meeting confirmed, or a rule's doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OpKind {
    Create,
    Assign,
    Claim,
    Accept,
    Start,
    HandBack,
    Complete,
    Cancel,
    Reassign,
    Step,
    Details,
    ConfirmMeeting,
    /// Done by one of the site's rules (which one: [`HistoryEntry::rule`]).
    Rule,
}

impl OpKind {
    /// Every kind, in the order a filter lists them.
    pub const ALL: [OpKind; 13] = [
        OpKind::Create,
        OpKind::Assign,
        OpKind::Claim,
        OpKind::Accept,
        OpKind::Start,
        OpKind::HandBack,
        OpKind::Complete,
        OpKind::Cancel,
        OpKind::Reassign,
        OpKind::Step,
        OpKind::Details,
        OpKind::ConfirmMeeting,
        OpKind::Rule,
    ];

    /// The wire name, e.g. `"hand_back"` (also the stored one).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            OpKind::Create => "create",
            OpKind::Assign => "assign",
            OpKind::Claim => "claim",
            OpKind::Accept => "accept",
            OpKind::Start => "start",
            OpKind::HandBack => "hand_back",
            OpKind::Complete => "complete",
            OpKind::Cancel => "cancel",
            OpKind::Reassign => "reassign",
            OpKind::Step => "step",
            OpKind::Details => "details",
            OpKind::ConfirmMeeting => "confirm_meeting",
            OpKind::Rule => "rule",
        }
    }

    /// The kind of a wire name.
    #[must_use]
    pub fn parse(name: &str) -> Option<OpKind> {
        OpKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl From<ActionName> for OpKind {
    fn from(name: ActionName) -> Self {
        match name {
            ActionName::Assign => OpKind::Assign,
            ActionName::Claim => OpKind::Claim,
            ActionName::Accept => OpKind::Accept,
            ActionName::Start => OpKind::Start,
            ActionName::HandBack => OpKind::HandBack,
            ActionName::Complete => OpKind::Complete,
            ActionName::Cancel => OpKind::Cancel,
            ActionName::Reassign => OpKind::Reassign,
            ActionName::Step => OpKind::Step,
        }
    }
}

impl OpChange {
    /// What this op does.
    #[must_use]
    pub fn kind(&self) -> OpKind {
        match self {
            OpChange::Create { .. } => OpKind::Create,
            OpChange::Act { action, .. } => action.name().into(),
            OpChange::Details { .. } => OpKind::Details,
            OpChange::ConfirmMeeting { .. } => OpKind::ConfirmMeeting,
        }
    }

    /// The reason the person gave (handing back, cancelling, reassigning — also past the hand-off limit), trimmed;
    /// none when blank.
    #[must_use]
    pub fn note(&self) -> Option<&str> {
        let OpChange::Act { action, .. } = self else { return None };
        let reason = match action {
            Action::HandBack { reason } | Action::Reassign { reason, .. } => reason.as_deref(),
            Action::Cancel { reason } => Some(reason.as_str()),
            _ => None,
        };
        reason.map(str::trim).filter(|r| !r.is_empty())
    }
}

/// `GET` query of [`crate::paths::AUDIT`]: a page of the site's audit log after a cursor, narrowed by any of person,
/// task, kind of action and period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Continue after this entry id (0: from the start).
    #[serde(default)]
    pub after: u64,
    /// Page size, 1 to MAX_PULL_LIMIT (the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Only the ops of this person (`rules`: what the site's rules did).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<StaffId>,
    /// Only the ops on this task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<TaskId>,
    /// Only this kind of action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<OpKind>,
    /// Only what reached the server at or after this moment (milliseconds since 1970, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Timestamp>,
    /// Only what reached the server before this moment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Timestamp>,
}

impl AuditQuery {
    /// The page this query asks for.
    #[must_use]
    pub fn cursor(&self) -> Cursor {
        Cursor { after: self.after, limit: self.limit }
    }
}

/// One accepted change of a task: who did what, when, on which device, from which state to which, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// When it reached the server.
    pub at: Timestamp,
    /// When the person acted, by their device's clock.
    pub device_time: Timestamp,
    pub actor: StaffId,
    /// The actor's name (none for the site's rules, or a person no longer on the staff list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_name: Option<String>,
    /// The actor's role then.
    pub role: Role,
    pub device: String,
    /// What was done (none: recorded before the log named it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<OpKind>,
    /// The rule that did it, for [`OpKind::Rule`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleKind>,
    /// The task's state before (none: it was made by this).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<TaskStatus>,
    /// The task's state after.
    pub to: TaskStatus,
    /// Who held it after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<StaffId>,
    /// Their name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_name: Option<String>,
    /// The reason the person gave (handing back, cancelling, reassigning), erased with the task's personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A task's history, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskHistory {
    pub task: TaskId,
    pub entries: Vec<HistoryEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_read_back_by_its_wire_name() {
        for kind in OpKind::ALL {
            assert_eq!(OpKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(OpKind::parse("nothing"), None);
    }

    #[test]
    fn an_ops_reason_is_what_the_person_typed_and_blank_is_none() {
        let task = TaskId::new("t-1").unwrap();
        let act = |action| OpChange::Act { task: task.clone(), action };
        let to = StaffId::new("anna").unwrap();
        assert_eq!(
            act(Action::Reassign { to: to.clone(), reason: Some(" сменилась смена ".into()) }).note(),
            Some("сменилась смена")
        );
        assert_eq!(act(Action::HandBack { reason: Some("  ".into()) }).note(), None);
        assert_eq!(act(Action::Cancel { reason: "ушёл".into() }).note(), Some("ушёл"));
        assert_eq!(act(Action::Assign { to }).note(), None);
        assert_eq!(act(Action::Cancel { reason: "ушёл".into() }).kind(), OpKind::Cancel);
    }
}
