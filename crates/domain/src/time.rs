//! Points in time and durations. The domain never reads a clock: every
//! moment is passed in by the caller.

use serde::{Deserialize, Serialize};

/// Milliseconds in one minute.
pub const MILLIS_PER_MINUTE: i64 = 60_000;

/// A moment in time: milliseconds since the Unix epoch, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// This moment shifted by `m` minutes (negative moves back); saturates at the ends.
    #[must_use]
    pub const fn plus_minutes(self, m: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(m.saturating_mul(MILLIS_PER_MINUTE)))
    }

    /// Whole minutes elapsed since `earlier`, rounded down (towards minus infinity).
    #[must_use]
    pub const fn minutes_since(self, earlier: Timestamp) -> i64 {
        self.millis_since(earlier).div_euclid(MILLIS_PER_MINUTE)
    }

    /// Milliseconds elapsed since `earlier` (negative if `earlier` is later); saturates.
    #[must_use]
    pub const fn millis_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

/// A duration in whole minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Minutes(pub u32);

impl Minutes {
    /// The duration in milliseconds.
    #[must_use]
    pub const fn as_millis(self) -> i64 {
        self.0 as i64 * MILLIS_PER_MINUTE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_minutes_moves_by_sixty_thousand_ms_per_minute() {
        assert_eq!(Timestamp(1_000).plus_minutes(2), Timestamp(121_000));
        assert_eq!(Timestamp(1_000).plus_minutes(-1), Timestamp(-59_000));
        assert_eq!(Timestamp(i64::MAX).plus_minutes(1), Timestamp(i64::MAX));
    }

    #[test]
    fn minutes_since_rounds_down() {
        let t0 = Timestamp(0);
        assert_eq!(Timestamp(59_999).minutes_since(t0), 0);
        assert_eq!(Timestamp(60_000).minutes_since(t0), 1);
        assert_eq!(Timestamp(119_999).minutes_since(t0), 1);
        assert_eq!(Timestamp(-1).minutes_since(t0), -1);
    }

    #[test]
    fn millis_since_is_a_signed_difference() {
        assert_eq!(Timestamp(500).millis_since(Timestamp(200)), 300);
        assert_eq!(Timestamp(200).millis_since(Timestamp(500)), -300);
    }

    #[test]
    fn minutes_as_millis() {
        assert_eq!(Minutes(15).as_millis(), 900_000);
        assert_eq!(Minutes(u32::MAX).as_millis(), i64::from(u32::MAX) * 60_000);
    }

    #[test]
    fn serializes_as_plain_numbers() {
        assert_eq!(serde_json::to_string(&Timestamp(42)).unwrap(), "42");
        assert_eq!(serde_json::to_string(&Minutes(15)).unwrap(), "15");
        assert_eq!(serde_json::from_str::<Timestamp>("-7").unwrap(), Timestamp(-7));
    }
}
