//! Who is on the floor: a person starts a shift in a zone, may take a break (with a planned return) or be with a
//! visitor, and ends the shift; a supervisor may end a shift somebody forgot. Only people on shift are offered work.

use serde::{Deserialize, Serialize};

use crate::ids::{StaffId, ZoneId};
use crate::role::Role;
use crate::time::Timestamp;

/// The longest break, in minutes.
pub const MAX_BREAK_MINUTES: u32 = 120;

/// What a person on shift is doing (a plain name on the wire: the UI's wasm reads it cheaply).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    /// On the floor, ready for work.
    Working,
    /// On a break (until [`Presence::back_at`]).
    Break,
    /// With a visitor: present, not to be given new work.
    WithVisitor,
}

/// A person on shift now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Presence {
    /// Who.
    pub staff: StaffId,
    /// Their role.
    pub role: Role,
    /// The zone they work in this shift (none: the whole site).
    pub zone: Option<ZoneId>,
    /// What they are doing.
    pub activity: Activity,
    /// On a break: the planned return.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_at: Option<Timestamp>,
    /// Since when they do it.
    pub since: Timestamp,
    /// When the shift started.
    pub shift_started: Timestamp,
}

impl Presence {
    /// Whether they may be given new work: working, an administrator or a coordinator (supervisors oversee).
    #[must_use]
    pub fn takes_work(&self) -> bool {
        self.activity == Activity::Working && matches!(self.role, Role::Administrator | Role::Coordinator)
    }

    /// Whether they work in `zone` (a person of the whole site works in every zone).
    #[must_use]
    pub fn covers(&self, zone: &ZoneId) -> bool {
        self.zone.as_ref().is_none_or(|z| z == zone)
    }
}

/// A change of one's presence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "change", rename_all = "snake_case", deny_unknown_fields)]
pub enum PresenceChange {
    /// Start the shift (or move to another zone).
    Start {
        /// The zone (none: one's own zone).
        zone: Option<ZoneId>,
    },
    /// Back to work from a break or a visitor.
    Working {},
    /// A break of so many minutes.
    Break {
        /// 1 to [`MAX_BREAK_MINUTES`].
        minutes: u32,
    },
    /// With a visitor.
    WithVisitor {},
    /// End the shift.
    End {},
}

/// Why a presence change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PresenceError {
    /// Not on shift: start one first.
    #[error("start a shift first")]
    NotOnShift,
    /// A break of no length or too long.
    #[error("a break lasts 1 to {MAX_BREAK_MINUTES} minutes")]
    BreakLength,
}

impl PresenceChange {
    /// What `staff` (of `role`, usually in `own_zone`) is doing after this change at `at`, given what they did
    /// (`now`); `None` when the shift ends.
    ///
    /// # Errors
    /// A change that needs a shift without one, or a break too long.
    pub fn apply(
        &self,
        now: Option<&Presence>,
        staff: &StaffId,
        role: Role,
        own_zone: Option<&ZoneId>,
        at: Timestamp,
    ) -> Result<Option<Presence>, PresenceError> {
        let (activity, back_at) = match self {
            PresenceChange::Start { zone } => {
                let zone = zone.clone().or_else(|| own_zone.cloned());
                let shift_started = now.map_or(at, |p| p.shift_started);
                return Ok(Some(Presence {
                    staff: staff.clone(),
                    role,
                    zone,
                    activity: Activity::Working,
                    back_at: None,
                    since: at,
                    shift_started,
                }));
            }
            PresenceChange::End {} => return Ok(None),
            PresenceChange::Working {} => (Activity::Working, None),
            PresenceChange::WithVisitor {} => (Activity::WithVisitor, None),
            PresenceChange::Break { minutes } => {
                if !(1..=MAX_BREAK_MINUTES).contains(minutes) {
                    return Err(PresenceError::BreakLength);
                }
                (Activity::Break, Some(at.plus_minutes(i64::from(*minutes))))
            }
        };
        let now = now.ok_or(PresenceError::NotOnShift)?;
        Ok(Some(Presence { activity, back_at, since: at, role, ..now.clone() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shift_starts_breaks_and_ends() {
        let anna = StaffId::new("anna").unwrap();
        let zone = ZoneId::new("hall").unwrap();
        let on = PresenceChange::Start { zone: None }
            .apply(None, &anna, Role::Administrator, Some(&zone), Timestamp(0))
            .unwrap()
            .unwrap();
        assert_eq!(on.zone, Some(zone.clone()));
        assert!(on.takes_work());
        let pause = PresenceChange::Break { minutes: 15 }
            .apply(Some(&on), &anna, Role::Administrator, None, Timestamp(60_000))
            .unwrap()
            .unwrap();
        assert_eq!((pause.activity, pause.back_at), (Activity::Break, Some(Timestamp(16 * 60_000))));
        assert!(!pause.takes_work());
        assert_eq!(pause.shift_started, Timestamp(0));
        assert_eq!(
            PresenceChange::Break { minutes: 500 }.apply(Some(&on), &anna, Role::Administrator, None, Timestamp(0)),
            Err(PresenceError::BreakLength)
        );
        assert_eq!(
            PresenceChange::WithVisitor {}.apply(None, &anna, Role::Administrator, None, Timestamp(0)),
            Err(PresenceError::NotOnShift)
        );
        assert_eq!(PresenceChange::End {}.apply(Some(&on), &anna, Role::Administrator, None, Timestamp(0)), Ok(None));
        let supervisor = Presence { role: Role::Supervisor, ..on };
        assert!(!supervisor.takes_work(), "supervisors oversee; they are not dispatched to");
    }
}
