//! A visitor's case ("one window") on the wire: every task of it in the order the visitor was met for it, the
//! overall wait, and its close with one rating of the whole situation ([`CaseView`], [`CloseCaseRequest`]).

use floordesk_domain::{CaseId, Rating, StaffId, Timestamp};
use serde::{Deserialize, Serialize};

use crate::TaskView;

/// One visitor's case as its owner or a supervisor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseView {
    pub id: CaseId,
    /// How its tasks name the visitor (initials or ticket), when one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor: Option<String>,
    /// Who owns the case ("one window"), once a rule named them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<StaffId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
    /// When the visitor was first met.
    pub opened_at: Timestamp,
    /// Every task of the case the reader may see, in the order the visitor was met for them, each with its holder's
    /// (or last holder's) name.
    pub tasks: Vec<TaskView>,
    /// How many of its tasks are in zones the reader does not oversee (none for its owner and supervisors).
    pub hidden: u32,
    /// Whole minutes the visitor waited in all, by the server's clock (waiting for two things at once counts
    /// once; written requests are not waited for in person).
    pub waited_minutes: i64,
    /// Every task of it is done or cancelled.
    pub resolved: bool,
    /// The reader may close it now: it is resolved and not closed, and the reader is its owner, a supervisor, or
    /// sees every task of it.
    pub may_close: bool,
    /// When it was closed (server time), once it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Timestamp>,
    /// Who closed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by: Option<StaffId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by_name: Option<String>,
    /// The visitor's one rating of the whole situation, when they agreed to give one at its close.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
}

/// Closes a resolved case, with the visitor's one rating of the whole situation if they agree to give one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CloseCaseRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
}
