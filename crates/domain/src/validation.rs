//! Field validation shared by task details, ratings and visitor cases.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest visitor label (initials or a ticket number), in characters.
pub const MAX_LABEL_CHARS: usize = 32;
/// Longest short text field (places, names of services, departments), in characters.
pub const MAX_TEXT_CHARS: usize = 120;
/// Longest free-text field (summaries, descriptions, comments, reasons), in characters.
pub const MAX_LONG_TEXT_CHARS: usize = 500;

/// A field that failed validation. `field` names the field as it appears in the data.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(not(feature = "openapi"), serde(try_from = "crate::compact::FlatRefusal"))]
pub enum ValidationError {
    /// A required text is empty or only whitespace.
    #[error("{field} must not be empty")]
    Empty {
        /// The field.
        field: Cow<'static, str>,
    },
    /// A text is longer than allowed.
    #[error("{field} must be at most {max} characters (got {len})")]
    TooLong {
        /// The field.
        field: Cow<'static, str>,
        /// Maximum number of characters.
        max: usize,
        /// Actual number of characters.
        len: usize,
    },
    /// A phone number is malformed.
    #[error("{field} must be 10–15 digits, optionally starting with +")]
    InvalidPhone {
        /// The field.
        field: Cow<'static, str>,
    },
    /// A number is outside its range.
    #[error("{field} must be between {min} and {max} (got {value})")]
    OutOfRange {
        /// The field.
        field: Cow<'static, str>,
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
        /// The rejected value.
        value: i64,
    },
    /// An end moment lies before its start moment.
    #[error("{field} must not be earlier than {start}")]
    EndsBeforeStart {
        /// The end field.
        field: Cow<'static, str>,
        /// The start field.
        start: Cow<'static, str>,
    },
    /// A text holds a control character (NUL, escape, …; line breaks and tabs are text).
    #[error("{field} must not contain control characters")]
    ControlCharacters {
        /// The field.
        field: Cow<'static, str>,
    },
    /// A field is set although it does not apply.
    #[error("{field} is only allowed when {condition}")]
    OnlyWhen {
        /// The field.
        field: Cow<'static, str>,
        /// When the field applies.
        condition: Cow<'static, str>,
    },
}

/// Checks a required text: not blank, at most `max` characters.
pub(crate) fn required(field: &'static str, value: &str, max: usize) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(ValidationError::Empty { field: Cow::Borrowed(field) });
    }
    plain(field, value)?;
    at_most(field, value, max)
}

/// Checks that a text holds no control characters (see [`has_control`]): what a person types now, not what storage
/// gives back.
pub(crate) fn plain(field: &'static str, value: &str) -> Result<(), ValidationError> {
    if has_control(value) {
        return Err(ValidationError::ControlCharacters { field: Cow::Borrowed(field) });
    }
    Ok(())
}

/// Checks an optional text: when present, as [`required`].
pub(crate) fn optional(field: &'static str, value: Option<&str>, max: usize) -> Result<(), ValidationError> {
    value.map_or(Ok(()), |v| required(field, v, max))
}

/// Checks that a text has at most `max` characters. (Only the length: it also checks what is read back from storage —
/// a rating's comment — which must keep reading as it was written.)
pub(crate) fn at_most(field: &'static str, value: &str, max: usize) -> Result<(), ValidationError> {
    let len = value.chars().count();
    if len > max {
        return Err(ValidationError::TooLong { field: Cow::Borrowed(field), max, len });
    }
    Ok(())
}

/// Whether a text holds a control character other than a line break or a tab: what no field of a person's text
/// carries, and what breaks a log line or a database's text type (PostgreSQL refuses NUL).
#[must_use]
pub fn has_control(value: &str) -> bool {
    value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// Checks a phone number: an optional leading `+`, then 10–15 digits; spaces,
/// dashes and parentheses between digits are tolerated.
pub(crate) fn phone(field: &'static str, value: &str) -> Result<(), ValidationError> {
    let invalid = || ValidationError::InvalidPhone { field: Cow::Borrowed(field) };
    let trimmed = value.trim();
    let rest = trimmed.strip_prefix('+').unwrap_or(trimmed);
    let mut digits = 0usize;
    for c in rest.chars() {
        match c {
            '0'..='9' => digits += 1,
            ' ' | '-' | '(' | ')' => {}
            _ => return Err(invalid()),
        }
    }
    if (10..=15).contains(&digits) {
        Ok(())
    } else {
        Err(invalid())
    }
}

/// Checks that `value` lies in `min..=max`.
pub(crate) fn in_range(field: &'static str, value: i64, min: i64, max: i64) -> Result<(), ValidationError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ValidationError::OutOfRange { field: Cow::Borrowed(field), min, max, value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_rejects_blank_and_long() {
        assert!(required("to", "Room 5", 120).is_ok());
        assert_eq!(required("to", "  ", 120), Err(ValidationError::Empty { field: "to".into() }));
        assert_eq!(
            required("visitor", &"Ж".repeat(33), 32),
            Err(ValidationError::TooLong { field: "visitor".into(), max: 32, len: 33 })
        );
        assert!(required("visitor", &"Ж".repeat(32), 32).is_ok());
    }

    #[test]
    fn optional_checks_only_present_values() {
        assert!(optional("destination", None, 120).is_ok());
        assert!(optional("destination", Some(""), 120).is_err());
    }

    #[test]
    fn phone_accepts_common_forms() {
        assert!(phone("phone", "+79161234567").is_ok());
        assert!(phone("phone", "8 (916) 123-45-67").is_ok());
        assert!(phone("phone", "1234567890").is_ok());
        assert!(phone("phone", "+123456789012345").is_ok());
    }

    #[test]
    fn phone_rejects_wrong_lengths_and_letters() {
        for bad in ["", "+", "123456789", "+1234567890123456", "8916abc4567", "++79161234567", "7916+1234567"] {
            assert_eq!(phone("phone", bad), Err(ValidationError::InvalidPhone { field: "phone".into() }), "{bad:?}");
        }
    }

    #[test]
    fn messages_read_as_sentences() {
        assert_eq!(
            ValidationError::InvalidPhone { field: "phone".into() }.to_string(),
            "phone must be 10–15 digits, optionally starting with +"
        );
        assert_eq!(
            ValidationError::TooLong { field: "summary".into(), max: 500, len: 501 }.to_string(),
            "summary must be at most 500 characters (got 501)"
        );
        assert_eq!(
            ValidationError::OutOfRange { field: "child_age".into(), min: 0, max: 17, value: 18 }.to_string(),
            "child_age must be between 0 and 17 (got 18)"
        );
        assert_eq!(
            ValidationError::EndsBeforeStart { field: "end".into(), start: "start".into() }.to_string(),
            "end must not be earlier than start"
        );
        assert_eq!(ValidationError::Empty { field: "reason".into() }.to_string(), "reason must not be empty");
        assert_eq!(
            ValidationError::OnlyWhen {
                field: "crew_number".into(),
                condition: "the patient arrived by ambulance".into()
            }
            .to_string(),
            "crew_number is only allowed when the patient arrived by ambulance"
        );
    }

    #[test]
    fn round_trips_through_json() {
        let e = ValidationError::TooLong { field: "comment".into(), max: 500, len: 600 };
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "too_long");
        assert_eq!(json["field"], "comment");
        assert_eq!(serde_json::from_value::<ValidationError>(json).unwrap(), e);
    }
}
