//! Retention: what of a closed task identifies a visitor, a relative or a child, and is erased once the site's
//! retention period has passed since the task closed. What the indicators read stays: kinds, times, statuses,
//! hand-offs, scores, purposes, places and departments.

use crate::step::{CancelReason, TO_PARENT};
use crate::{Rating, Task, TaskDetails};

/// What an erased text reads.
pub const ERASED: &str = "—";

/// Days a closed task keeps its personal data when the site has not set its own period.
pub const DEFAULT_RETENTION_DAYS: u32 = 30;

/// The longest retention period a site may set, in days.
pub const MAX_RETENTION_DAYS: u32 = 366;

impl Task {
    /// The task without what identifies a person outside the staff: visitors' initials or tickets, relatives and
    /// their phones, children's names, passengers' phones, free-text descriptions, comments and reasons (a
    /// cancellation's listed reason stays, as its code). Taking it again changes nothing.
    #[must_use]
    pub fn without_personal_data(&self) -> Task {
        let mut task = self.clone();
        let erase = |text: &mut String| {
            if !text.is_empty() {
                *text = ERASED.to_owned();
            }
        };
        match &mut task.details {
            TaskDetails::Escort(e) => erase(&mut e.visitor),
            TaskDetails::EdRegistration(r) => erase(&mut r.visitor),
            TaskDetails::KioskHelp(k) => erase(&mut k.visitor),
            TaskDetails::RelativeMeeting(m) => {
                erase(&mut m.relative);
                erase(&mut m.contact);
            }
            TaskDetails::Taxi(t) => {
                erase(&mut t.visitor);
                erase(&mut t.phone);
            }
            TaskDetails::Childcare(c) => {
                erase(&mut c.child_first_name);
                if let Some(to) = c.handed_back_to.as_mut().filter(|to| *to != TO_PARENT) {
                    erase(to);
                }
            }
            TaskDetails::WrittenRequest(w) => {
                erase(&mut w.reference);
                erase(&mut w.summary);
            }
            TaskDetails::NonStandard(n) => erase(&mut n.description),
            TaskDetails::AmbulanceArrival(_) | TaskDetails::Routing(_) => {}
        }
        task.case_id = None;
        if let Some(reason) = task.cancel_reason.as_mut().filter(|r| CancelReason::from_code(r).is_none()) {
            erase(reason);
        }
        task.rating = task.rating.as_ref().map(Rating::without_comment);
        for note in [
            &mut task.progress.not_ready_reason,
            &mut task.progress.registration_number,
            &mut task.progress.outcome_note,
        ] {
            if let Some(text) = note.as_mut() {
                erase(text);
            }
        }
        task
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Childcare, NewTask, Priority, Routing, SiteId, StaffId, TaskId, Taxi, TaxiOrder, Timestamp, ZoneId};

    fn closed(details: TaskDetails, closed_at: Timestamp) -> Task {
        let mut task = Task::new(NewTask {
            id: TaskId::new("t-1").unwrap(),
            site: SiteId::new("poly-12").unwrap(),
            zone: ZoneId::new("poly-12-entrance").unwrap(),
            case_id: Some(crate::CaseId::new("case-7").unwrap()),
            priority: Priority::Normal,
            details,
            created_by: StaffId::new("anna").unwrap(),
            met_at: Timestamp(0),
            created_at: Timestamp(0),
        })
        .unwrap();
        task.closed_at = Some(closed_at);
        task.rating = Some(Rating::new(5, Some("Спасибо Анне, мама Иванова".into())).unwrap());
        task
    }

    #[test]
    fn a_closed_taxi_and_childcare_lose_names_and_phones_and_keep_what_is_counted() {
        let day = 24 * 60 * 60 * 1000;
        let taxi = closed(
            TaskDetails::Taxi(Taxi {
                visitor: "Иванова М.".into(),
                pickup: "Вход".into(),
                destination: "Дом".into(),
                at: Timestamp(0),
                phone: "+7 900 000-00-00".into(),
                order: TaxiOrder::NotOrdered,
            }),
            Timestamp(day),
        );
        let erased = taxi.without_personal_data();
        let TaskDetails::Taxi(t) = &erased.details else { panic!() };
        assert_eq!((t.visitor.as_str(), t.phone.as_str()), (ERASED, ERASED));
        assert_eq!((t.pickup.as_str(), t.destination.as_str()), ("Вход", "Дом"), "places stay");
        assert_eq!(erased.case_id, None);
        assert_eq!(erased.rating.as_ref().map(Rating::score), Some(5), "the score is counted");
        assert_eq!(erased.rating.as_ref().and_then(Rating::comment), None);
        assert_eq!((erased.closed_at, erased.status, erased.version), (taxi.closed_at, taxi.status, taxi.version));
        assert_eq!(erased.without_personal_data(), erased, "erasing again changes nothing");
        let mut child = closed(
            TaskDetails::Childcare(Childcare {
                child_first_name: "Миша".into(),
                child_age: 5,
                parent_location: "Кабинет 301".into(),
                start: Timestamp(0),
                end: Some(Timestamp(20 * 60 * 1000)),
                max_duration: crate::Minutes(30),
                handed_back_to: Some(TO_PARENT.into()),
            }),
            Timestamp(day),
        );
        child.cancel_reason = Some(CancelReason::VisitorLeft.code().into());
        let erased = child.without_personal_data();
        let TaskDetails::Childcare(c) = &erased.details else { panic!() };
        assert_eq!((c.child_first_name.as_str(), c.handed_back_to.as_deref()), (ERASED, Some(TO_PARENT)));
        assert_eq!(erased.cancel_reason.as_deref(), Some("visitor_left"), "a listed reason is a code, not words");
        let routing =
            closed(TaskDetails::Routing(Routing { purpose: "Справка".into(), destination: None }), Timestamp(day));
        let TaskDetails::Routing(r) = routing.without_personal_data().details else { panic!() };
        assert_eq!(r.purpose, "Справка", "purposes are counted by the indicators");
    }
}
