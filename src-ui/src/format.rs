//! How the screens write times, clocks and tasks: wall-clock times and dates, a task's clock in words, its summary
//! line, and the CSS classes of its priority and hand-off counter.

use floordesk_domain::{DeadlineStatus, DeadlineTable, Priority, Task, TaskDetails, Timestamp, MAX_HANDOFFS};

use crate::i18n::{self, t, Lang, Msg};

/// A moment as the device's local wall-clock time, "10:42".
pub fn clock_time(at: Timestamp) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.0 as f64));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
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

/// The CSS class and the words of a task's clock: the ambulance's ETA before it arrives, otherwise the deadline.
pub fn clock(lang: Lang, table: &DeadlineTable, task: &Task, now: Timestamp) -> (&'static str, String) {
    let minutes = |ms: i64| u64::try_from(ms.max(0) / 60_000).unwrap_or(0);
    if let TaskDetails::AmbulanceArrival(a) = &task.details {
        if a.arrived_at.is_none() {
            let to_eta = a.eta.millis_since(now);
            return if to_eta >= 0 {
                ("eta", format!("{} {}", t(lang, Msg::ArrivesIn), i18n::in_minutes(lang, minutes(to_eta))))
            } else {
                ("approaching", format!("{} {}", t(lang, Msg::LateBy), i18n::in_minutes(lang, minutes(-to_eta))))
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
            ("on_track", format!("{label}: {}", i18n::minutes_left(lang, minutes(remaining_ms))))
        }
        DeadlineStatus::Approaching { remaining_ms } => {
            ("approaching", format!("{label}: {}", i18n::minutes_left(lang, minutes(remaining_ms))))
        }
        DeadlineStatus::Breached { overdue_ms } => (
            "breached",
            format!("{label}: {} {}", t(lang, Msg::OverdueBy), i18n::in_minutes(lang, minutes(overdue_ms))),
        ),
        DeadlineStatus::NoDeadline | DeadlineStatus::Met | DeadlineStatus::Missed => {
            ("none", t(lang, Msg::NoDeadline).to_owned())
        }
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
