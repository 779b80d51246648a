//! Task priority.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How urgent a task is. Ordered most urgent first: sorting ascending puts
/// `Emergency` before `Urgent` before `Normal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Life or safety at stake; handled at once.
    Emergency,
    /// Must be handled within minutes.
    Urgent,
    /// The ordinary service standard applies.
    Normal,
}

impl Priority {
    /// Every priority, most urgent first.
    pub const ALL: [Priority; 3] = [Priority::Emergency, Priority::Urgent, Priority::Normal];

    /// The wire name (`"emergency"`, `"urgent"`, `"normal"`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Priority::Emergency => "emergency",
            Priority::Urgent => "urgent",
            Priority::Normal => "normal",
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emergency_sorts_first() {
        let mut v = [Priority::Normal, Priority::Emergency, Priority::Urgent];
        v.sort();
        assert_eq!(v, Priority::ALL);
        assert!(Priority::Emergency < Priority::Normal);
    }

    #[test]
    fn wire_names_match_serde() {
        for p in Priority::ALL {
            assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
            assert_eq!(p.to_string(), p.as_str());
        }
    }
}
