//! A visitor's satisfaction rating of one service.

use serde::{Deserialize, Serialize};

use crate::validation::{at_most, in_range, ValidationError, MAX_LONG_TEXT_CHARS};

/// Lowest score.
pub const MIN_SCORE: u8 = 1;
/// Highest score.
pub const MAX_SCORE: u8 = 5;

/// A 1–5 satisfaction score with an optional comment. Always valid:
/// construction and deserialization both go through [`Rating::new`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(try_from = "RawRating")]
pub struct Rating {
    score: u8,
    comment: Option<String>,
}

/// Unchecked wire form of a rating.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawRating {
    score: u8,
    #[serde(default)]
    comment: Option<String>,
}

impl TryFrom<RawRating> for Rating {
    type Error = ValidationError;

    fn try_from(raw: RawRating) -> Result<Self, ValidationError> {
        Rating::new(raw.score, raw.comment)
    }
}

impl Rating {
    /// Checks a rating: score 1–5, comment at most 500 characters. The comment is
    /// trimmed, and a blank comment becomes `None`.
    ///
    /// # Errors
    /// `OutOfRange` for the score, `TooLong` for the comment.
    pub fn new(score: u8, comment: Option<String>) -> Result<Rating, ValidationError> {
        in_range("score", i64::from(score), i64::from(MIN_SCORE), i64::from(MAX_SCORE))?;
        let comment = match comment {
            Some(text) if !text.trim().is_empty() => {
                let text = text.trim();
                at_most("comment", text, MAX_LONG_TEXT_CHARS)?;
                Some(text.to_owned())
            }
            _ => None,
        };
        Ok(Rating { score, comment })
    }

    /// The score, 1–5.
    #[must_use]
    pub const fn score(&self) -> u8 {
        self.score
    }

    /// The comment, if any.
    #[must_use]
    pub fn comment(&self) -> Option<&str> {
        self.comment.as_deref()
    }

    /// The score alone: the comment is the visitor's own words, left out where they may not go.
    #[must_use]
    pub fn without_comment(&self) -> Rating {
        Rating { score: self.score, comment: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_one_to_five() {
        for s in 1..=5 {
            assert_eq!(Rating::new(s, None).unwrap().score(), s);
        }
    }

    #[test]
    fn rejects_zero_and_six() {
        for s in [0, 6, 255] {
            assert_eq!(
                Rating::new(s, None),
                Err(ValidationError::OutOfRange { field: "score".into(), min: 1, max: 5, value: i64::from(s) })
            );
        }
        assert_eq!(Rating::new(0, None).unwrap_err().to_string(), "score must be between 1 and 5 (got 0)");
    }

    #[test]
    fn blank_comment_becomes_none_and_text_is_trimmed() {
        assert_eq!(Rating::new(4, Some("   ".into())).unwrap().comment(), None);
        assert_eq!(Rating::new(4, Some(String::new())).unwrap().comment(), None);
        assert_eq!(Rating::new(5, Some("  Thank you!  ".into())).unwrap().comment(), Some("Thank you!"));
    }

    #[test]
    fn comment_limit_is_500_characters() {
        assert!(Rating::new(3, Some("ы".repeat(500))).is_ok());
        assert_eq!(
            Rating::new(3, Some("ы".repeat(501))),
            Err(ValidationError::TooLong { field: "comment".into(), max: 500, len: 501 })
        );
    }

    #[test]
    fn round_trips_through_json() {
        let r = Rating::new(5, Some("Very kind".into())).unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"{"score":5,"comment":"Very kind"}"#);
        assert_eq!(serde_json::from_str::<Rating>(&json).unwrap(), r);
        assert_eq!(serde_json::from_str::<Rating>(r#"{"score":2}"#).unwrap(), Rating::new(2, None).unwrap());
    }

    #[test]
    fn invalid_rating_fails_to_deserialize() {
        let err = serde_json::from_str::<Rating>(r#"{"score":0,"comment":null}"#).unwrap_err();
        assert!(err.to_string().contains("score must be between 1 and 5"), "{err}");
        assert!(serde_json::from_str::<Rating>(r#"{"score":6}"#).is_err());
        let long = format!(r#"{{"score":3,"comment":"{}"}}"#, "x".repeat(501));
        assert!(serde_json::from_str::<Rating>(&long).is_err());
    }

    #[test]
    fn blank_comment_deserializes_to_none() {
        let r: Rating = serde_json::from_str(r#"{"score":4,"comment":"  "}"#).unwrap();
        assert_eq!(r.comment(), None);
    }
}
