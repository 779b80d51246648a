//! Identifiers: short ASCII strings, checked on construction and on deserialization.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest identifier accepted, in characters.
pub const MAX_ID_LEN: usize = 64;

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
pub enum IdError {
    /// The identifier is empty.
    #[error("an identifier must not be empty")]
    Empty,
    /// The identifier is longer than [`MAX_ID_LEN`].
    #[error("an identifier must be at most 64 characters long (this one has {len})")]
    TooLong {
        /// Length of the rejected identifier, in characters.
        len: usize,
    },
    /// The identifier contains a character outside `A-Z a-z 0-9 - _`.
    #[error("an identifier may contain only Latin letters, digits, '-' and '_' (found {found:?})")]
    InvalidChar {
        /// The first offending character.
        found: char,
    },
}

/// Checks the identifier rule (1 to [`MAX_ID_LEN`] of `A-Z a-z 0-9 - _`) for an id that has no type of its own (an
/// op's, a device's).
///
/// # Errors
/// The rule the value breaks.
pub fn check_id(value: &str) -> Result<(), IdError> {
    if value.is_empty() {
        return Err(IdError::Empty);
    }
    let len = value.chars().count();
    if len > MAX_ID_LEN {
        return Err(IdError::TooLong { len });
    }
    match value.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        Some(found) => Err(IdError::InvalidChar { found }),
        None => Ok(()),
    }
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Serialized as a plain string; deserialization applies the same checks as `new`.
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
        #[cfg_attr(
            feature = "openapi",
            schemars(extend("pattern" = "^[A-Za-z0-9_-]{1,64}$", "minLength" = 1, "maxLength" = 64))
        )]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Checks and wraps an identifier: non-empty, at most 64 characters,
            /// ASCII letters, digits, `-` and `_` only.
            ///
            /// # Errors
            /// [`IdError`] naming the first rule broken.
            pub fn new(value: impl Into<String>) -> Result<Self, IdError> {
                let value = value.into();
                check_id(&value)?;
                Ok(Self(value))
            }

            /// The identifier as a string slice.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;

            fn try_from(value: String) -> Result<Self, IdError> {
                Self::new(value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
    };
}

string_id!(
    /// A staff member (floor administrator, coordinator or supervisor).
    StaffId
);
string_id!(
    /// A site: a hospital or polyclinic building.
    SiteId
);
string_id!(
    /// A zone of a site (a floor, a hall, the emergency department).
    ZoneId
);
string_id!(
    /// A task.
    TaskId
);
string_id!(
    /// A visitor case grouping one visitor's tasks.
    CaseId
);
string_id!(
    /// A good story posted by a member of staff.
    StoryId
);
string_id!(
    /// An answer template of the knowledge base.
    TemplateId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ascii_letters_digits_dash_underscore() {
        let id = StaffId::new("adm-07_B").unwrap();
        assert_eq!(id.as_str(), "adm-07_B");
        assert_eq!(id.to_string(), "adm-07_B");
        assert!(TaskId::new("a".repeat(64)).is_ok());
    }

    #[test]
    fn rejects_empty_long_and_foreign_characters() {
        assert_eq!(SiteId::new(""), Err(IdError::Empty));
        assert_eq!(ZoneId::new("a".repeat(65)), Err(IdError::TooLong { len: 65 }));
        assert_eq!(CaseId::new("case 1"), Err(IdError::InvalidChar { found: ' ' }));
        assert_eq!(CaseId::new("дело-1"), Err(IdError::InvalidChar { found: 'д' }));
    }

    #[test]
    fn error_messages_are_readable() {
        assert_eq!(IdError::Empty.to_string(), "an identifier must not be empty");
        assert_eq!(
            IdError::TooLong { len: 70 }.to_string(),
            "an identifier must be at most 64 characters long (this one has 70)"
        );
        assert_eq!(
            IdError::InvalidChar { found: '/' }.to_string(),
            "an identifier may contain only Latin letters, digits, '-' and '_' (found '/')"
        );
    }

    #[test]
    fn serde_is_a_plain_string_and_validates() {
        let id = TaskId::new("t-1").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"t-1\"");
        assert_eq!(serde_json::from_str::<TaskId>("\"t-1\"").unwrap(), id);
        assert!(serde_json::from_str::<TaskId>("\"\"").is_err());
        assert!(serde_json::from_str::<TaskId>("\"a/b\"").is_err());
    }

    #[test]
    fn ids_order_by_their_text() {
        let mut ids = [StaffId::new("b").unwrap(), StaffId::new("a").unwrap()];
        ids.sort();
        assert_eq!(ids[0].as_str(), "a");
    }
}
