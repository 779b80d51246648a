//! Sites' clocks and calendars, with `chrono`: a site's time zone (an IANA name; Russia spans eleven), its days
//! ("today", "yesterday", the hours of the indicators are the site's, whoever reads them and from wherever), its
//! opening hours per weekday and its holidays, and counting in working days.
//!
//! Time is still passed in: nothing here reads a clock.

use std::str::FromStr;

use crate::site::SiteKind;
use crate::time::{Timestamp, MILLIS_PER_MINUTE};
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The time zone of a site unless it says otherwise.
pub const DEFAULT_TIME_ZONE: &str = "Europe/Moscow";

impl Timestamp {
    /// This moment on a wall clock `offset_minutes` east of UTC.
    #[must_use]
    pub fn wall_clock(self, offset_minutes: i32) -> Option<NaiveDateTime> {
        let shifted = self.0.checked_add(i64::from(offset_minutes) * MILLIS_PER_MINUTE)?;
        Some(DateTime::from_timestamp_millis(shifted)?.naive_utc())
    }

    /// The moment a wall clock `offset_minutes` east of UTC shows `at`.
    #[must_use]
    pub fn from_wall_clock(at: NaiveDateTime, offset_minutes: i32) -> Timestamp {
        Timestamp(at.and_utc().timestamp_millis() - i64::from(offset_minutes) * MILLIS_PER_MINUTE)
    }
}

/// A time zone name that is not in the IANA database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a time zone: give an IANA name such as Europe/Moscow or Asia/Vladivostok.")]
pub struct UnknownTimeZone(pub String);

/// A site's clock: its time zone, and the days and hours on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SiteClock {
    zone: Tz,
}

/// Moscow's clock ([`DEFAULT_TIME_ZONE`]): a site's unless it says otherwise.
impl Default for SiteClock {
    fn default() -> Self {
        SiteClock { zone: chrono_tz::Europe::Moscow }
    }
}

impl SiteClock {
    /// The clock of the zone named `name` (IANA, e.g. "Europe/Moscow").
    ///
    /// # Errors
    /// The name is not a known zone.
    pub fn new(name: &str) -> Result<SiteClock, UnknownTimeZone> {
        Tz::from_str(name).map(|zone| SiteClock { zone }).map_err(|_| UnknownTimeZone(name.to_owned()))
    }

    /// Minutes the site's clock is ahead of UTC at `at` (Moscow: 180).
    #[must_use]
    pub fn offset_minutes(&self, at: Timestamp) -> i32 {
        DateTime::from_timestamp_millis(at.0)
            .map_or(0, |utc| self.zone.offset_from_utc_datetime(&utc.naive_utc()).fix().local_minus_utc() / 60)
    }

    /// The site's date at `at`.
    #[must_use]
    pub fn date_of(&self, at: Timestamp) -> NaiveDate {
        at.wall_clock(self.offset_minutes(at)).map_or(NaiveDate::MIN, |t| t.date())
    }

    /// When the site's day `date` begins.
    #[must_use]
    pub fn midnight(&self, date: NaiveDate) -> Timestamp {
        let local = date.and_time(NaiveTime::MIN);
        // A day whose midnight a clock change skips begins at its first existing moment: the first whole minute
        // the clock shows after the gap (gaps are at most a few hours).
        let start = (0..=24 * 60)
            .find_map(|m| self.zone.from_local_datetime(&(local + chrono::Duration::minutes(m))).earliest())
            .map(|t| t.timestamp_millis());
        Timestamp(start.unwrap_or_else(|| local.and_utc().timestamp_millis()))
    }

    /// The site's days from `from` to `to` (exclusive) counted from the day of `now` (0 today, −1 yesterday), as
    /// `[start, end)`: yesterday is `days(now, -1, 0)`, the last seven days with today `days(now, -6, 1)`.
    #[must_use]
    pub fn days(&self, now: Timestamp, from: i32, to: i32) -> (Timestamp, Timestamp) {
        let today = self.date_of(now);
        let day = |n: i32| {
            let moved = if n >= 0 {
                today.checked_add_days(Days::new(u64::from(n.unsigned_abs())))
            } else {
                today.checked_sub_days(Days::new(u64::from(n.unsigned_abs())))
            };
            self.midnight(moved.unwrap_or(today))
        };
        (day(from), day(to))
    }
}

/// When a site is open on one weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DayHours {
    /// Opens, on the site's clock ("08:00").
    #[serde(with = "wire::time")]
    #[cfg_attr(feature = "openapi", schemars(with = "String"))]
    pub opens: NaiveTime,
    /// Closes, on the same day and after it opens ("20:00").
    #[serde(with = "wire::time")]
    #[cfg_attr(feature = "openapi", schemars(with = "String"))]
    pub closes: NaiveTime,
}

/// The most extra days off a site keeps.
pub const MAX_DAYS_OFF: usize = 366;

/// When a site is open, as the site keeps it: hours per weekday, whether it closes on public holidays, and its
/// further days off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OpeningHours {
    /// Monday to Sunday; null: closed that weekday.
    #[serde(with = "wire::week")]
    #[cfg_attr(feature = "openapi", schemars(with = "[Option<DayHours>; 7]"))]
    pub weekly: [Option<DayHours>; 7],
    /// Closed on the public holidays of the Russian Federation ([`RUSSIAN_HOLIDAYS`]) every year.
    #[serde(default)]
    pub public_holidays: bool,
    /// Further days off whatever the weekday (days off moved by decree, a sanitary day), at most [`MAX_DAYS_OFF`]:
    /// "2026-12-31".
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "wire::dates")]
    #[cfg_attr(feature = "openapi", schemars(with = "Vec<String>"))]
    pub days_off: Vec<NaiveDate>,
}

/// Opening hours a site cannot keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadHours {
    /// A day closes before it opens.
    #[error("A day's hours must close after they open.")]
    ClosesBeforeOpening,
    /// More than [`MAX_DAYS_OFF`] days off.
    #[error("At most 366 further days off.")]
    TooManyDaysOff,
    /// Not open on any weekday.
    #[error("A site must be open on at least one weekday.")]
    NeverOpen,
}

/// The fixed public holidays of the Russian Federation (Labour Code, art. 112): month, day.
pub const RUSSIAN_HOLIDAYS: [(u32, u32); 14] =
    [(1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8), (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)];

/// A time of day, for the presets.
const fn hm(hour: u32, minute: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(hour, minute, 0) {
        Some(t) => t,
        None => NaiveTime::MIN,
    }
}

impl OpeningHours {
    /// The usual hours of a kind of site: a polyclinic open 08:00–20:00 on weekdays and 09:00–15:00 on Saturdays,
    /// closed on Sundays and public holidays; an emergency centre never closes; the programme's office keeps
    /// office hours.
    #[must_use]
    pub fn usual(kind: SiteKind) -> OpeningHours {
        let open = |opens, closes| Some(DayHours { opens, closes });
        match kind {
            SiteKind::EmergencyCentre => {
                OpeningHours { weekly: [open(NaiveTime::MIN, hm(23, 59)); 7], public_holidays: false, days_off: vec![] }
            }
            SiteKind::Office => {
                let weekday = open(hm(9, 0), hm(18, 0));
                OpeningHours {
                    weekly: [weekday, weekday, weekday, weekday, weekday, None, None],
                    public_holidays: true,
                    days_off: vec![],
                }
            }
            SiteKind::Polyclinic => {
                let weekday = open(hm(8, 0), hm(20, 0));
                let saturday = open(hm(9, 0), hm(15, 0));
                OpeningHours {
                    weekly: [weekday, weekday, weekday, weekday, weekday, saturday, None],
                    public_holidays: true,
                    days_off: vec![],
                }
            }
        }
    }

    /// Whether a site can keep these hours.
    ///
    /// # Errors
    /// A day closes before it opens, or there are too many days off.
    pub fn check(&self) -> Result<(), BadHours> {
        if self.weekly.iter().flatten().any(|d| d.closes <= d.opens) {
            return Err(BadHours::ClosesBeforeOpening);
        }
        if self.weekly.iter().all(Option::is_none) {
            return Err(BadHours::NeverOpen);
        }
        if self.days_off.len() > MAX_DAYS_OFF {
            return Err(BadHours::TooManyDaysOff);
        }
        Ok(())
    }

    /// The hours of `date`; `None` on a day the site is closed.
    #[must_use]
    pub fn on(&self, date: NaiveDate) -> Option<DayHours> {
        let holiday = self.public_holidays && RUSSIAN_HOLIDAYS.contains(&(date.month(), date.day()));
        if holiday || self.days_off.contains(&date) {
            return None;
        }
        self.weekly[date.weekday().num_days_from_monday() as usize]
    }
}

/// A site's calendar: its clock and its opening hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteCalendar {
    /// The site's clock.
    pub clock: SiteClock,
    /// When it is open.
    pub hours: OpeningHours,
}

impl SiteCalendar {
    /// Whether the site is open at `at`.
    #[must_use]
    pub fn is_open(&self, at: Timestamp) -> bool {
        let Some(local) = at.wall_clock(self.clock.offset_minutes(at)) else { return false };
        self.hours.on(local.date()).is_some_and(|d| d.opens <= local.time() && local.time() < d.closes)
    }

    /// The site's year at `at`: the one [`SiteCalendar::working_days`] centres on.
    #[must_use]
    pub fn year_of(&self, at: Timestamp) -> i32 {
        self.clock.date_of(at).year()
    }

    /// The calendar's working days from the year before `now` to the year after, flattened for a deadline table:
    /// the clock as its offset from UTC and the moments it changes, the weekdays it works and every day off of those
    /// years (other years know only the weekdays).
    #[must_use]
    pub fn working_days(&self, now: Timestamp) -> WorkingDays {
        let year = self.year_of(now);
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year - 1, 1, 1),
            NaiveDate::from_ymd_opt(year + 1, 12, 31).and_then(|d| d.succ_opt()),
        ) else {
            return WorkingDays::default();
        };
        let weekly = self.hours.weekly.map(|d| d.is_some());
        let days_off = first
            .iter_days()
            .take_while(|d| *d < last)
            .filter(|d| weekly[d.weekday().num_days_from_monday() as usize] && self.hours.on(*d).is_none())
            .collect();
        // The offset at each UTC midnight of the years; where it changed since the day before, the millisecond it
        // did (the first moment of the new offset).
        let (start, end) = (Timestamp::from_wall_clock(first.into(), 0), Timestamp::from_wall_clock(last.into(), 0));
        let offset_minutes = self.clock.offset_minutes(start);
        let mut shifts = Vec::new();
        let (mut before, mut offset) = (start, offset_minutes);
        while before < end {
            let next = before.plus_minutes(24 * 60);
            let then = self.clock.offset_minutes(next);
            if then != offset {
                let (mut lo, mut hi) = (before, next);
                while hi.millis_since(lo) > 1 {
                    let mid = Timestamp(lo.0 + (hi.0 - lo.0) / 2);
                    if self.clock.offset_minutes(mid) == offset {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                shifts.push(ClockShift { at: hi, offset_minutes: then });
                offset = then;
            }
            before = next;
        }
        WorkingDays { offset_minutes, shifts, weekly, days_off }
    }
}

/// A moment a site's clock changes its offset from UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClockShift {
    /// From this moment on...
    pub at: Timestamp,
    /// ...the clock is this many minutes ahead of UTC.
    pub offset_minutes: i32,
}

/// A site's working days as a device needs them, without a time-zone database: its offset from UTC (and when that
/// changes), the weekdays it works and its days off. Terms counted in working days, such as a written request's
/// resolution, are counted on it. By default: Moscow's clock, Monday to Friday, no days off.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WorkingDays {
    /// Minutes the site's clock is ahead of UTC before its first shift (Moscow: 180).
    pub offset_minutes: i32,
    /// When the offset changes, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shifts: Vec<ClockShift>,
    /// Whether the site works each weekday, Monday first: "1111100" works Monday to Friday.
    #[serde(with = "wire::workdays")]
    #[cfg_attr(feature = "openapi", schemars(with = "String"))]
    pub weekly: [bool; 7],
    /// Days it does not work though their weekday is a working one, in order ("2026-11-04").
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "wire::dates")]
    #[cfg_attr(feature = "openapi", schemars(with = "Vec<String>"))]
    pub days_off: Vec<NaiveDate>,
}

impl Default for WorkingDays {
    fn default() -> Self {
        WorkingDays {
            offset_minutes: 180,
            shifts: Vec::new(),
            weekly: [true, true, true, true, true, false, false],
            days_off: Vec::new(),
        }
    }
}

impl WorkingDays {
    /// Minutes the site's clock is ahead of UTC at `at`.
    #[must_use]
    pub fn offset_at(&self, at: Timestamp) -> i32 {
        self.shifts.iter().take_while(|s| s.at <= at).last().map_or(self.offset_minutes, |s| s.offset_minutes)
    }

    /// The site's date at `at`.
    #[must_use]
    pub fn date_of(&self, at: Timestamp) -> NaiveDate {
        at.wall_clock(self.offset_at(at)).map_or(NaiveDate::MIN, |t| t.date())
    }

    /// The first moment the site's clock shows `local`; a time a clock change skips is taken as the moment the
    /// clock resumes (as [`SiteClock::midnight`] does).
    #[must_use]
    pub fn moment(&self, local: NaiveDateTime) -> Timestamp {
        let utc = Timestamp::from_wall_clock(local, 0);
        // Offsets run from UTC−12 to UTC+14: the shifts that may be in force at `local` are within a day of it.
        let day = 26 * 60;
        let near: Vec<&ClockShift> = self.shifts.iter().filter(|s| s.at.minutes_since(utc).abs() <= day).collect();
        let offsets =
            std::iter::once(self.offset_at(utc.plus_minutes(-day))).chain(near.iter().map(|s| s.offset_minutes));
        let candidates: Vec<(i32, Timestamp)> = offsets.map(|o| (o, Timestamp::from_wall_clock(local, o))).collect();
        if let Some(first) = candidates.iter().filter(|(o, t)| self.offset_at(*t) == *o).map(|(_, t)| *t).min() {
            return first;
        }
        // In a gap: the shift that jumped over it lies between the moments the offsets on either side give.
        let (earliest, latest) = candidates
            .iter()
            .fold((Timestamp(i64::MAX), Timestamp(i64::MIN)), |(lo, hi), (_, t)| (lo.min(*t), hi.max(*t)));
        near.iter().map(|s| s.at).find(|at| earliest < *at && *at <= latest).unwrap_or(utc)
    }

    /// When the site's day `date` begins: its first moment (a midnight a clock change skips: when the clock resumes).
    #[must_use]
    pub fn midnight(&self, date: NaiveDate) -> Timestamp {
        self.moment(date.and_time(NaiveTime::MIN))
    }

    /// Whether the site works on `date`.
    #[must_use]
    pub fn works_on(&self, date: NaiveDate) -> bool {
        self.weekly[date.weekday().num_days_from_monday() as usize] && self.days_off.binary_search(&date).is_err()
    }

    /// The end of the `days`-th working day after the one `at` falls on (that day itself does not count): a term
    /// counted in working days, such as a written request's resolution. A site that never works: ten years on.
    #[must_use]
    pub fn after(&self, at: Timestamp, days: u32) -> Timestamp {
        let mut date = self.date_of(at);
        let mut left = days;
        for _ in 0..3660 {
            if left == 0 {
                break;
            }
            date = date.succ_opt().unwrap_or(date);
            if self.works_on(date) {
                left -= 1;
            }
        }
        self.midnight(date.succ_opt().unwrap_or(date))
    }
}

/// A date as people write it, "2026-11-04" (a date picker's value), read without chrono's general parser.
#[must_use]
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    wire::parse_date(text)
}

/// Dates and times of day as people write them ("2026-11-04", "08:00"), read without chrono's general parser (which
/// would weigh on the UI's download).
mod wire {
    use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    /// "2026-11-04" → the date.
    pub fn parse_date(text: &str) -> Option<NaiveDate> {
        let mut parts = text.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        (digits(y, 4) && digits(m, 2) && digits(d, 2))
            .then(|| NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
            .flatten()
    }

    pub mod dates {
        use super::*;

        pub fn serialize<S: Serializer>(dates: &[NaiveDate], s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(dates.iter().map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())))
        }

        /// Dates in order, once each (a calendar looks them up by binary search); others are refused.
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
            let dates = Vec::<String>::deserialize(d)?
                .iter()
                .map(|t| {
                    parse_date(t).ok_or_else(|| D::Error::custom(format!("\"{t}\" is not a date: write 2026-12-31.")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            if dates.windows(2).any(|w| w[0] >= w[1]) {
                return Err(D::Error::custom("give the days in order, each once"));
            }
            Ok(dates)
        }
    }

    /// Seven days, Monday first, read as a list (one reader for any length, not one unrolled for seven).
    pub mod week {
        use super::*;
        use serde::Serialize;

        pub fn serialize<T: Serialize, S: Serializer>(days: &[T; 7], s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(days)
        }

        pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<[T; 7], D::Error> {
            Vec::<T>::deserialize(d)?.try_into().map_err(|_| D::Error::custom("give seven days, Monday first"))
        }
    }

    /// The weekdays a site works, Monday first, as "1111100".
    pub mod workdays {
        use super::*;

        pub fn serialize<S: Serializer>(days: &[bool; 7], s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(&days.iter().map(|&w| if w { '1' } else { '0' }).collect::<String>())
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[bool; 7], D::Error> {
            let text = String::deserialize(d)?;
            let days: Option<Vec<bool>> = text
                .chars()
                .map(|c| match c {
                    '1' => Some(true),
                    '0' => Some(false),
                    _ => None,
                })
                .collect();
            days.and_then(|d| <[bool; 7]>::try_from(d).ok()).ok_or_else(|| {
                D::Error::custom(format!("\"{text}\" is not a week: write 1111100 for Monday to Friday."))
            })
        }
    }

    pub mod time {
        use super::*;

        pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(&format_args!("{:02}:{:02}", t.hour(), t.minute()))
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
            let text = String::deserialize(d)?;
            let parsed = text.split_once(':').and_then(|(h, m)| {
                let two = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
                (two(h) && two(m)).then(|| NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)).flatten()
            });
            parsed.ok_or_else(|| D::Error::custom(format!("\"{text}\" is not a time of day: write 08:00.")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-30 05:30 UTC: 08:30 in Moscow, 15:30 in Vladivostok.
    const NOW: Timestamp = Timestamp(1_796_016_600_000);

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_sites_day_is_its_own_wherever_it_is_read() {
        let moscow = SiteClock::new("Europe/Moscow").unwrap();
        let vladivostok = SiteClock::new("Asia/Vladivostok").unwrap();
        assert_eq!((moscow.offset_minutes(NOW), vladivostok.offset_minutes(NOW)), (180, 600));
        assert_eq!(moscow.date_of(NOW), date(2026, 11, 30));
        // Yesterday in Moscow: 29 November from 00:00 to 24:00 Moscow time, i.e. 21:00 UTC to 21:00 UTC.
        let (from, to) = moscow.days(NOW, -1, 0);
        assert_eq!(from.wall_clock(180).unwrap(), date(2026, 11, 29).and_time(NaiveTime::MIN));
        assert_eq!(to.millis_since(from), 24 * 60 * MILLIS_PER_MINUTE);
        assert_eq!(from.wall_clock(0).unwrap().time(), hm(21, 0));
        // The week with today: seven days.
        let (from, to) = vladivostok.days(NOW, -6, 1);
        assert_eq!(to.millis_since(from), 7 * 24 * 60 * MILLIS_PER_MINUTE);
        assert!(SiteClock::new("Europe/Nowhere").is_err());
        assert_eq!(SiteClock::default(), moscow, "the default is DEFAULT_TIME_ZONE's");
        assert!(SiteClock::new("Europe/Moscow").unwrap().midnight(date(2026, 1, 1)) < NOW);
    }

    #[test]
    fn a_day_whose_midnight_a_clock_change_skips_begins_when_the_clock_resumes() {
        // Chile moves its clocks from 00:00 to 01:00 on the first Sunday of September: 6 September 2026.
        let santiago = SiteClock::new("America/Santiago").unwrap();
        let start = santiago.midnight(date(2026, 9, 6));
        assert_eq!(start.wall_clock(0).unwrap(), date(2026, 9, 6).and_hms_opt(4, 0, 0).unwrap(), "01:00 at UTC−3");
        assert_eq!(santiago.midnight(date(2026, 9, 5)).wall_clock(0).unwrap().time(), hm(4, 0), "00:00 at UTC−4");
    }

    #[test]
    fn wall_clock_times_round_trip() {
        let at = date(2026, 11, 30).and_hms_opt(10, 30, 0).unwrap();
        let moment = Timestamp::from_wall_clock(at, 180);
        assert_eq!(moment.wall_clock(180), Some(at));
        assert_eq!(moment.wall_clock(600).unwrap().time(), hm(17, 30));
    }

    #[test]
    fn a_polyclinic_works_weekdays_and_saturday_mornings_but_not_on_holidays() {
        let poly = SiteCalendar { clock: SiteClock::default(), hours: OpeningHours::usual(SiteKind::Polyclinic) };
        let days = poly.working_days(NOW);
        assert!(days.works_on(date(2026, 11, 30)), "a Monday");
        assert!(!days.works_on(date(2026, 11, 29)), "a Sunday");
        assert!(!days.works_on(date(2026, 11, 4)) && !days.works_on(date(2027, 1, 4)), "Unity Day, New Year");
        assert!(days.works_on(date(2028, 1, 4)), "years outside the range know only the weekdays");
        assert!(poly.is_open(NOW), "08:30 on a Monday");
        assert!(!poly.is_open(Timestamp(NOW.0 - 60 * MILLIS_PER_MINUTE)), "07:30");
        assert!(!poly.is_open(Timestamp::from_wall_clock(date(2026, 11, 4).and_hms_opt(12, 0, 0).unwrap(), 180)));
        // Ten working days from Friday 30 October 2026: Saturdays count, Sundays and 4 November do not.
        let friday = Timestamp::from_wall_clock(date(2026, 10, 30).and_hms_opt(12, 0, 0).unwrap(), 180);
        assert_eq!(days.after(friday, 10).wall_clock(180).unwrap(), date(2026, 11, 13).and_time(NaiveTime::MIN));
        assert_eq!(days.after(friday, 0).wall_clock(180).unwrap(), date(2026, 10, 31).and_time(NaiveTime::MIN));
        let ed = SiteCalendar { clock: SiteClock::default(), hours: OpeningHours::usual(SiteKind::EmergencyCentre) };
        assert!(ed.working_days(NOW).works_on(date(2026, 1, 1)) && ed.is_open(NOW));
        // A site that never works gives up after ten years instead of looping.
        let never = WorkingDays { weekly: [false; 7], ..WorkingDays::default() };
        assert!(never.after(friday, 1).millis_since(friday) > 3600 * 24 * 60 * MILLIS_PER_MINUTE);
    }

    #[test]
    fn working_days_keep_the_sites_own_clock_and_days_off() {
        let mut hours = OpeningHours::usual(SiteKind::Polyclinic);
        hours.days_off.push(date(2026, 12, 31));
        let komi = SiteCalendar { clock: SiteClock::new("Europe/Moscow").unwrap(), hours };
        let days = komi.working_days(NOW);
        assert_eq!((days.offset_minutes, days.shifts.len()), (180, 0), "Russia keeps one offset all year");
        assert!(!days.works_on(date(2026, 12, 31)));
        // Vladivostok's day begins at 14:00 UTC the day before.
        let far = SiteCalendar { clock: SiteClock::new("Asia/Vladivostok").unwrap(), hours: komi.hours.clone() };
        let far_days = far.working_days(NOW);
        assert_eq!(far_days.date_of(NOW), date(2026, 11, 30));
        assert_eq!(
            far_days.midnight(date(2026, 11, 30)).wall_clock(0).unwrap(),
            date(2026, 11, 29).and_hms_opt(14, 0, 0).unwrap()
        );
        // Chile changes its clock twice a year, at the minute the zone database says.
        let santiago = SiteCalendar { clock: SiteClock::new("America/Santiago").unwrap(), hours: komi.hours };
        let shifts = santiago.working_days(NOW).shifts;
        assert_eq!(shifts.len(), 6, "two a year, three years: {shifts:?}");
        for s in &shifts {
            let before = santiago.clock.offset_minutes(Timestamp(s.at.0 - 1));
            assert_ne!(before, s.offset_minutes, "the shift is the first millisecond of the new offset");
            assert_eq!(santiago.clock.offset_minutes(s.at), s.offset_minutes);
        }
        let json = serde_json::to_value(&days).unwrap();
        assert_eq!(
            (&json["offset_minutes"], &json["weekly"]),
            (&serde_json::json!(180), &serde_json::json!("1111110"))
        );
        for bad in ["111110", "11111100", "1111100x", "111110x"] {
            let mut wrong = json.clone();
            wrong["weekly"] = bad.into();
            assert!(serde_json::from_value::<WorkingDays>(wrong).is_err(), "{bad}");
        }
        assert_eq!(json["days_off"][0], "2025-01-01");
        assert_eq!(serde_json::from_value::<WorkingDays>(json).unwrap(), days);
    }

    #[test]
    fn hours_are_written_as_people_write_them() {
        let mut hours = OpeningHours::usual(SiteKind::Polyclinic);
        hours.days_off.push(date(2026, 12, 31));
        let json = serde_json::to_value(&hours).unwrap();
        assert_eq!(json["weekly"][0], serde_json::json!({"opens": "08:00", "closes": "20:00"}));
        assert_eq!(json["weekly"][6], serde_json::Value::Null);
        assert_eq!(json["days_off"], serde_json::json!(["2026-12-31"]));
        assert_eq!(serde_json::from_value::<OpeningHours>(json).unwrap(), hours);
        for days in [serde_json::json!(["2026-12-31", "2026-01-07"]), serde_json::json!(["2026-01-07", "2026-01-07"])] {
            let unordered = serde_json::json!({"weekly": [null, null, null, null, null, null, null], "days_off": days});
            assert!(serde_json::from_value::<OpeningHours>(unordered).is_err(), "in order, once each: {days}");
        }
        let six = serde_json::json!({"weekly": [null, null, null, null, null, null]});
        assert!(serde_json::from_value::<OpeningHours>(six).is_err(), "a week has seven days");
        for bad in [r#"{"opens":"8:00","closes":"20:00"}"#, r#"{"opens":"24:00","closes":"20:00"}"#] {
            assert!(serde_json::from_str::<DayHours>(bad).is_err(), "{bad}");
        }
        for bad in ["2026-13-01", "2026-1-01", "26-01-01", "2026-02-30", "2026-01-01x"] {
            let json = format!(r#"{{"weekly":[null,null,null,null,null,null,null],"days_off":["{bad}"]}}"#);
            assert!(serde_json::from_str::<OpeningHours>(&json).is_err(), "{bad}");
        }
    }

    #[test]
    fn hours_a_site_cannot_keep_are_refused() {
        let mut hours = OpeningHours::usual(SiteKind::Polyclinic);
        assert_eq!(hours.check(), Ok(()));
        hours.weekly[0] = Some(DayHours { opens: hm(20, 0), closes: hm(8, 0) });
        assert_eq!(hours.check(), Err(BadHours::ClosesBeforeOpening));
        hours.weekly[0] = None;
        hours.days_off = vec![date(2026, 1, 9); MAX_DAYS_OFF + 1];
        assert_eq!(hours.check(), Err(BadHours::TooManyDaysOff));
        let never = OpeningHours { weekly: [None; 7], public_holidays: false, days_off: vec![] };
        assert_eq!(never.check(), Err(BadHours::NeverOpen));
    }
}
