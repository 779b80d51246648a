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

/// When a site is open on one weekday: from, to (on the same day).
pub type Hours = Option<(NaiveTime, NaiveTime)>;

/// A site's calendar: its clock, its opening hours per weekday (Monday first) and its holidays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteCalendar {
    /// The site's clock.
    pub clock: SiteClock,
    /// Opening hours, Monday to Sunday; `None`: closed that weekday.
    pub weekly: [Hours; 7],
    /// Days the site is closed whatever the weekday (public holidays).
    pub holidays: Vec<NaiveDate>,
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

impl SiteCalendar {
    /// The usual calendar of a kind of site on `clock`: a polyclinic open 08:00–20:00 on weekdays and 09:00–15:00
    /// on Saturdays, closed on Sundays and public holidays of `years`; an emergency centre never closes.
    #[must_use]
    pub fn usual(kind: SiteKind, clock: SiteClock, years: std::ops::RangeInclusive<i32>) -> SiteCalendar {
        match kind {
            SiteKind::EmergencyCentre => {
                let always = Some((NaiveTime::MIN, hm(23, 59)));
                SiteCalendar { clock, weekly: [always; 7], holidays: Vec::new() }
            }
            SiteKind::Polyclinic => {
                let weekday = Some((hm(8, 0), hm(20, 0)));
                let saturday = Some((hm(9, 0), hm(15, 0)));
                let holidays = years
                    .flat_map(|y| RUSSIAN_HOLIDAYS.iter().filter_map(move |&(m, d)| NaiveDate::from_ymd_opt(y, m, d)))
                    .collect();
                SiteCalendar { clock, weekly: [weekday, weekday, weekday, weekday, weekday, saturday, None], holidays }
            }
        }
    }

    /// The opening hours of `date`; `None` on a day the site is closed.
    #[must_use]
    pub fn hours_on(&self, date: NaiveDate) -> Hours {
        if self.holidays.contains(&date) {
            return None;
        }
        self.weekly[date.weekday().num_days_from_monday() as usize]
    }

    /// Whether `date` is a working day of the site.
    #[must_use]
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.hours_on(date).is_some()
    }

    /// Whether the site is open at `at`.
    #[must_use]
    pub fn is_open(&self, at: Timestamp) -> bool {
        let Some(local) = at.wall_clock(self.clock.offset_minutes(at)) else { return false };
        self.hours_on(local.date()).is_some_and(|(open, close)| open <= local.time() && local.time() < close)
    }

    /// The end of the `days`-th working day after the one `at` falls on (the day itself does not count): a term
    /// counted in working days, such as a written request's resolution. Gives up after ten years of closed days.
    #[must_use]
    pub fn after_working_days(&self, at: Timestamp, days: u32) -> Timestamp {
        let mut date = self.clock.date_of(at);
        let mut left = days;
        for _ in 0..3660 {
            if left == 0 {
                break;
            }
            date = date.succ_opt().unwrap_or(date);
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        self.clock.midnight(date.succ_opt().unwrap_or(date))
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
        let clock = SiteClock::new(DEFAULT_TIME_ZONE).unwrap();
        let poly = SiteCalendar::usual(SiteKind::Polyclinic, clock, 2026..=2027);
        assert!(poly.is_working_day(date(2026, 11, 30)), "a Monday");
        assert!(!poly.is_working_day(date(2026, 11, 29)), "a Sunday");
        assert!(!poly.is_working_day(date(2026, 11, 4)), "Unity Day, a Wednesday");
        assert!(poly.is_open(NOW), "08:30 on a Monday");
        assert!(!poly.is_open(Timestamp(NOW.0 - 60 * MILLIS_PER_MINUTE)), "07:30");
        // Ten working days from Friday 30 October 2026: Saturdays count, Sundays and 4 November do not.
        let friday = Timestamp::from_wall_clock(date(2026, 10, 30).and_hms_opt(12, 0, 0).unwrap(), 180);
        let due = poly.after_working_days(friday, 10);
        assert_eq!(due.wall_clock(180).unwrap(), date(2026, 11, 13).and_time(NaiveTime::MIN));
        let ed = SiteCalendar::usual(SiteKind::EmergencyCentre, clock, 2026..=2026);
        assert!(ed.is_working_day(date(2026, 1, 1)) && ed.is_open(NOW));
    }
}
