//! Counting hand-offs: how often one request changed hands between staff.
//! The service standard allows at most [`MAX_HANDOFFS`].

use serde::{Deserialize, Serialize};

use crate::ids::StaffId;

/// Most hand-offs the standard allows for one request.
pub const MAX_HANDOFFS: u32 = 2;

/// Result of making someone responsible for a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HolderChange {
    /// The hand-off counter after the change.
    pub handoffs: u32,
    /// The task's `last_holder` after the change.
    pub last_holder: Option<StaffId>,
    /// Whether this change counted as a hand-off.
    pub counted: bool,
}

impl HolderChange {
    /// Whether this change is a hand-off that takes the counter over [`MAX_HANDOFFS`].
    #[must_use]
    pub const fn exceeds_limit(&self) -> bool {
        self.counted && self.handoffs > MAX_HANDOFFS
    }
}

/// Computes the counter and previous holder when `next` becomes responsible.
///
/// `assignee` and `last_holder` are the task's current values. The most recent
/// holder is the assignee, or, for a task back in the pool, `last_holder`.
/// The first holder ever is not a hand-off, nor is the same person taking the
/// task again; any other change counts one.
#[must_use]
pub fn change_holder(
    assignee: Option<&StaffId>,
    last_holder: Option<&StaffId>,
    handoffs: u32,
    next: &StaffId,
) -> HolderChange {
    match assignee.or(last_holder) {
        Some(previous) if previous != next => {
            HolderChange { handoffs: handoffs.saturating_add(1), last_holder: Some(previous.clone()), counted: true }
        }
        _ => HolderChange { handoffs, last_holder: last_holder.cloned(), counted: false },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> StaffId {
        StaffId::new(s).unwrap()
    }

    #[test]
    fn first_holder_is_not_a_handoff() {
        let c = change_holder(None, None, 0, &id("a"));
        assert_eq!(c, HolderChange { handoffs: 0, last_holder: None, counted: false });
    }

    #[test]
    fn same_person_reclaiming_is_not_a_handoff() {
        let a = id("a");
        let c = change_holder(None, Some(&a), 0, &a);
        assert_eq!(c, HolderChange { handoffs: 0, last_holder: Some(a), counted: false });
    }

    #[test]
    fn another_person_after_hand_back_is_a_handoff() {
        let (a, b) = (id("a"), id("b"));
        let c = change_holder(None, Some(&a), 0, &b);
        assert_eq!(c, HolderChange { handoffs: 1, last_holder: Some(a), counted: true });
    }

    #[test]
    fn direct_reassignment_is_a_handoff_and_remembers_previous() {
        let (a, b, c) = (id("a"), id("b"), id("c"));
        let change = change_holder(Some(&b), Some(&a), 1, &c);
        assert_eq!(change.handoffs, 2);
        assert_eq!(change.last_holder, Some(b));
        assert!(!change.exceeds_limit());
        let over = change_holder(Some(&c), None, 2, &a);
        assert!(over.exceeds_limit());
        // Past the limit (a supervisor override), the same person taking it again is fine.
        let again = change_holder(None, Some(&a), 3, &a);
        assert!(!again.exceeds_limit());
    }
}
