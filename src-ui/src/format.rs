//! How the screens write times, clocks and tasks: wall-clock times and dates, a task's clock in words, its summary
//! line, and the CSS classes of its priority and hand-off counter.

use floordesk_domain::{
    AmbulanceTransport, CancelReason, DeadlineStatus, DeadlineTable, MobilityAid, Priority, Task, TaskDetails,
    TaxiOrder, Timestamp, WorkingDays, MAX_HANDOFFS, TO_PARENT,
};

use crate::i18n::{self, t, Lang, Msg};

/// A moment on the site's wall clock, "10:42", whatever this device's clock says.
pub fn site_time(at: Timestamp, site: &WorkingDays) -> String {
    use chrono::Timelike;
    at.wall_clock(site.offset_at(at)).map_or_else(String::new, |t| format!("{:02}:{:02}", t.hour(), t.minute()))
}

/// A moment's date (and time of day, with `time`) in the language's local form.
pub fn local_date(lang: Lang, at: Timestamp, time: bool) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.0 as f64));
    let locale = if lang == Lang::Ru { "ru-RU" } else { "en-GB" };
    let text = if time {
        date.to_locale_string(locale, &wasm_bindgen::JsValue::UNDEFINED)
    } else {
        date.to_locale_date_string(locale, &wasm_bindgen::JsValue::UNDEFINED)
    };
    String::from(text)
}

/// The site's date of a moment, `offset_minutes` being the site's clock then (as a report gives it): «29.11.2026»,
/// "29/11/2026" — the site's day whatever this device's clock says.
pub fn site_date(lang: Lang, at: Timestamp, offset_minutes: i32) -> String {
    use chrono::Datelike;
    let Some(day) = at.wall_clock(offset_minutes) else { return String::new() };
    let sign = if lang == Lang::Ru { '.' } else { '/' };
    format!("{:02}{sign}{:02}{sign}{}", day.day(), day.month(), day.year())
}

/// A share as a whole percent, rounded half up. (Whole numbers only: float formatting would cost the wasm ~20 KB.)
pub fn percent(part: u32, whole: u32) -> Option<u32> {
    (whole > 0).then(|| (part * 200 + whole) / (whole * 2))
}

/// The browser's clock, as a domain timestamp (the UI is an edge: it may read the clock).
pub fn client_now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

/// The CSS class of a hand-off counter: marked once it reaches the limit.
pub fn handoffs_class(handoffs: u32) -> &'static str {
    if handoffs >= MAX_HANDOFFS {
        "handoffs at-limit"
    } else {
        "handoffs"
    }
}

/// The CSS class of a priority.
pub fn priority_class(p: Priority) -> &'static str {
    match p {
        Priority::Emergency => "emergency",
        Priority::Urgent => "urgent",
        Priority::Normal => "normal",
    }
}

/// The CSS class and the words of a task's clock: the ambulance's ETA before it arrives, a booked task's slot
/// before it comes, otherwise the deadline; and until when they stay so. The words count whole minutes, so they
/// change only when the minutes do (looked at again a minute from now at the latest): running out, past, the last
/// five minutes and the last third of a standard window at that moment; the last third of a window whose length is
/// not a multiple of three minutes, within a minute of it.
pub fn clock(lang: Lang, table: &DeadlineTable, task: &Task, now: Timestamp) -> (&'static str, String, Timestamp) {
    let span = |ms: i64| i18n::duration(lang, u64::try_from(ms.max(0) / 60_000).unwrap_or(0));
    // Counting down, a window's last third may begin as the count reaches a whole minute, and the minutes change a
    // millisecond later; counting up, the minutes change at a whole minute.
    let down = |ms: i64| match ms.rem_euclid(60_000) {
        0 => 1,
        to_whole => to_whole,
    };
    let up = |ms: i64| 60_000 - ms.rem_euclid(60_000);
    let (class, words, next) = 'clock: {
        if let TaskDetails::AmbulanceArrival(a) = &task.details {
            if a.arrived_at.is_none() {
                let to_eta = a.eta.millis_since(now);
                break 'clock if to_eta >= 0 {
                    ("eta", format!("{} {}", t(lang, Msg::ArrivesIn), span(to_eta)), down(to_eta))
                } else {
                    ("approaching", format!("{} {}", t(lang, Msg::LateBy), span(-to_eta)), up(-to_eta))
                };
            }
        }
        let label = match &task.details {
            // After arrival the clock that matters is the crew's 15-minute handover.
            TaskDetails::AmbulanceArrival(_) if task.started_at.is_some() => t(lang, Msg::Handover),
            _ => t(lang, if task.service_started_at().is_none() { Msg::Start } else { Msg::Complete }),
        };
        match table.status(task, now) {
            DeadlineStatus::OnTrack { remaining_ms } => {
                ("on_track", format!("{label}: {}", i18n::time_left(lang, span(remaining_ms))), down(remaining_ms))
            }
            DeadlineStatus::Approaching { remaining_ms } => {
                ("approaching", format!("{label}: {}", i18n::time_left(lang, span(remaining_ms))), down(remaining_ms))
            }
            DeadlineStatus::Breached { overdue_ms } => {
                ("breached", format!("{label}: {} {}", t(lang, Msg::OverdueBy), span(overdue_ms)), up(overdue_ms))
            }
            DeadlineStatus::Upcoming { starts_in_ms } => {
                ("upcoming", i18n::upcoming_in(lang, span(starts_in_ms)), down(starts_in_ms))
            }
            DeadlineStatus::NoDeadline | DeadlineStatus::Met | DeadlineStatus::Missed => {
                ("none", t(lang, Msg::NoDeadline).to_owned(), 60_000)
            }
        }
    };
    (class, words, Timestamp(now.0 + next.min(60_000)))
}

/// What the kind's work has come to, for the card's second line: how the person moves, the taxi's order, who met
/// the crew, who took the child back, how the sender was told, why the task was cancelled… Empty when there is
/// nothing to say.
pub fn progress(lang: Lang, task: &Task, met_by: Option<&str>, site: &WorkingDays) -> String {
    let p = &task.progress;
    let mut parts: Vec<String> = Vec::new();
    let mut say = |msg: Msg| parts.push(t(lang, msg).to_owned());
    match &task.details {
        TaskDetails::Escort(e) => say(match e.aid {
            MobilityAid::Walking => Msg::AidWalking,
            MobilityAid::Wheelchair => Msg::AidWheelchair,
            MobilityAid::Stretcher => Msg::AidStretcher,
        }),
        TaskDetails::AmbulanceArrival(a) => say(match a.transport {
            AmbulanceTransport::Walking => Msg::TransportWalking,
            AmbulanceTransport::Stretcher => Msg::TransportStretcher,
        }),
        TaskDetails::Taxi(x) => say(match x.order {
            TaxiOrder::NotOrdered => Msg::TaxiNotOrdered,
            TaxiOrder::Ordered => Msg::TaxiOrdered,
            TaxiOrder::Arrived => Msg::TaxiArrived,
            TaxiOrder::Departed => Msg::TaxiDeparted,
            TaxiOrder::Cancelled => Msg::TaxiCancelled,
        }),
        TaskDetails::RelativeMeeting(_) if p.relative_informed_at.is_some() => say(Msg::RelativeInformed),
        _ => {}
    }
    parts.extend(p.not_ready_reason.as_deref().map(|r| i18n::not_ready_because(lang, r)));
    if p.crew_met_by.is_some() {
        parts.push(i18n::met_by(lang, met_by.unwrap_or("—")));
    }
    if p.registered_at.is_some() {
        parts.push(i18n::registered_as(lang, p.registration_number.as_deref().unwrap_or("")).trim_end().to_owned());
    }
    parts.extend(p.taxi_reference.clone());
    match &task.details {
        TaskDetails::Childcare(c) => {
            if let (Some(who), Some(end)) = (&c.handed_back_to, c.end) {
                parts.push(if who == TO_PARENT {
                    i18n::handed_back_to_parent(lang, site_time(end, site))
                } else {
                    i18n::handed_back_to(lang, who, site_time(end, site))
                });
            }
        }
        TaskDetails::Routing(r) => parts.extend(r.destination.as_deref().map(|d| i18n::sent_to(lang, d))),
        _ => {}
    }
    parts.extend(p.acknowledged_how.map(|how| i18n::told_how(lang, lower_first(t(lang, i18n::ack_channel(how))))));
    parts.extend(p.kiosk_outcome.map(|o| i18n::outcome_is(lang, lower_first(t(lang, i18n::kiosk_outcome(o))))));
    parts.extend(p.outcome_note.as_deref().map(|n| i18n::outcome_is(lang, n)));
    if let Some(reason) = &task.cancel_reason {
        let reason = CancelReason::from_code(reason).map_or(reason.as_str(), |r| t(lang, i18n::cancel_reason(r)));
        parts.push(i18n::cancelled_because(lang, reason));
    }
    parts.join(" · ")
}

/// A button's words inside a sentence: «По телефону» → «по телефону».
fn lower_first(words: &str) -> String {
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| std::iter::once(lower(first)).chain(chars).collect())
}

/// A letter of the Latin or Cyrillic alphabet in lower case, anything else as it is: the UI's texts and searches
/// are Russian and English, and Unicode's whole case tables would weigh ~10 KB on the download.
pub fn lower(c: char) -> char {
    match c {
        'A'..='Z' | 'А'..='Я' => char::from_u32(c as u32 + 32).unwrap_or(c),
        'Ѐ'..='Џ' => char::from_u32(c as u32 + 80).unwrap_or(c),
        _ => c,
    }
}

/// One line that says what the task is about: a rule's follow-up by what it is for, any other by its kind's own
/// fields.
pub fn task_summary(lang: Lang, task: &Task) -> String {
    match task.made_by {
        Some(floordesk_domain::RuleKind::LowRating) => t(lang, Msg::FollowUpLowRating).to_owned(),
        _ => summary(lang, &task.details),
    }
}

/// One line that says what the task is about, from its kind's own fields.
pub fn summary(lang: Lang, details: &TaskDetails) -> String {
    match details {
        TaskDetails::Escort(e) => format!("{}: {} → {}", e.visitor, e.from, e.to),
        TaskDetails::AmbulanceArrival(a) => format!("{} → {}", a.crew_number, a.destination),
        TaskDetails::EdRegistration(r) => r.visitor.clone(),
        TaskDetails::RelativeMeeting(m) => format!("{} — {}, {}", m.relative, m.doctor, m.department),
        TaskDetails::Taxi(x) => format!("{}: {} → {}", x.visitor, x.pickup, x.destination),
        TaskDetails::Childcare(c) => {
            format!("{}, {} — {}", c.child_first_name, i18n::years(lang, u64::from(c.child_age)), c.parent_location)
        }
        TaskDetails::Routing(r) => r.purpose.clone(),
        TaskDetails::KioskHelp(k) => format!("{}: {}", k.visitor, k.service),
        TaskDetails::WrittenRequest(w) => format!("{}: {}", w.reference, w.summary),
        TaskDetails::NonStandard(n) => n.description.clone(),
    }
}

#[cfg(test)]
mod tests {
    use floordesk_domain::{
        Action, Actor, AmbulanceArrival, AmbulanceTransport, NewTask, Priority, Role, Routing, SiteId, StaffId, TaskId,
        ZoneId,
    };

    use super::*;

    fn task(details: TaskDetails) -> Task {
        Task::new(NewTask {
            id: TaskId::new("t-1").unwrap(),
            site: SiteId::new("s").unwrap(),
            zone: ZoneId::new("z").unwrap(),
            case_id: None,
            priority: Priority::Normal,
            details,
            created_by: StaffId::new("maria").unwrap(),
            met_at: Timestamp(0),
            created_at: Timestamp(0),
        })
        .unwrap()
    }

    /// Walks a clock second by second over `minutes`: its words and class hold until the moment it names and change
    /// there (unless only the minute's cap came), so a card worked out again only then shows what a card worked out
    /// every second would.
    fn holds_until_it_says(task: &Task, minutes: i64) -> usize {
        let table = DeadlineTable::standard();
        let mut changes = 0;
        let (mut class, mut words, mut until) = clock(Lang::Ru, &table, task, Timestamp(0));
        for second in 1..=minutes * 60 {
            let now = Timestamp(second * 1_000);
            let (c, w, u) = clock(Lang::Ru, &table, task, now);
            if now < until {
                assert_eq!((c, &w), (class, &words), "changed at {second} s, before {until:?}");
            } else {
                changes += usize::from((c, &w) != (class, &words));
                (class, words, until) = (c, w, u);
            }
            assert!(until.0 > now.0 && until.0 <= now.0 + 60_000, "{until:?} at {second} s");
        }
        changes
    }

    #[test]
    fn a_clock_says_until_when_its_words_hold() {
        let waiting = task(TaskDetails::Routing(Routing { purpose: "Справка".into(), destination: None }));
        // Counting down to the start, then overdue: a change a minute.
        assert!(holds_until_it_says(&waiting, 40) >= 39);
        let actor = Actor { staff: StaffId::new("igor").unwrap(), role: Role::Administrator };
        let started = waiting.apply(&actor, &Action::Claim, Timestamp(0)).unwrap();
        let started = started.apply(&actor, &Action::Start, Timestamp(0)).unwrap();
        assert!(holds_until_it_says(&started, 40) >= 39);
        let crew = task(TaskDetails::AmbulanceArrival(AmbulanceArrival {
            crew_number: "12".into(),
            eta: Timestamp(10 * 60_000 + 500),
            transport: AmbulanceTransport::Stretcher,
            destination: "Бокс 1".into(),
            arrived_at: None,
        }));
        assert!(holds_until_it_says(&crew, 20) >= 19, "arriving in, then late by");
    }
}
