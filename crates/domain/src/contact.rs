//! One-tap contacts: most of an entrance administrator's contacts are a question answered in half a minute (where
//! is the room, how to book, where to get a certificate). Each is recorded in one tap as a routing task of a common
//! purpose, created and closed at once, so that the indicators count every visitor helped, by purpose and hour.

use crate::ids::{CaseId, SiteId, StaffId, TaskId, ZoneId};
use crate::kind::{Routing, TaskDetails};
use crate::priority::Priority;
use crate::rating::Rating;
use crate::site::SiteKind;
use crate::state::Action;
use crate::task::{NewTask, Task};
use crate::time::Timestamp;
use crate::validation::ValidationError;

/// The most purposes a site offers for one-tap contacts.
pub const MAX_PURPOSES: usize = 12;
/// The longest purpose, in characters.
pub const MAX_PURPOSE_CHARS: usize = 60;

/// A site's own list of purposes, checked and trimmed: 1 to [`MAX_PURPOSES`] of them, each 1 to
/// [`MAX_PURPOSE_CHARS`] characters of text (no control characters), all different.
///
/// # Errors
/// What is wrong, naming the field `items`.
pub fn checked_purposes(items: &[String]) -> Result<Vec<String>, ValidationError> {
    use std::borrow::Cow;
    let field = || Cow::Borrowed("items");
    if items.is_empty() {
        return Err(ValidationError::Empty { field: field() });
    }
    if items.len() > MAX_PURPOSES {
        return Err(ValidationError::TooLong { field: field(), max: MAX_PURPOSES, len: items.len() });
    }
    let mut checked: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let item = item.trim();
        crate::validation::required("items", item, MAX_PURPOSE_CHARS)?;
        if item.chars().any(char::is_control) || checked.iter().any(|c| c == item) {
            return Err(ValidationError::OnlyWhen {
                field: field(),
                condition: Cow::Borrowed("each purpose is plain text and different from the others"),
            });
        }
        checked.push(item.to_owned());
    }
    Ok(checked)
}

/// The common purposes of a visit a kind of site offers for one-tap contacts, most frequent first.
#[must_use]
pub const fn common_purposes(site: SiteKind) -> &'static [&'static str] {
    match site {
        SiteKind::Polyclinic => &[
            "Где кабинет",
            "Запись к врачу",
            "Помощь у инфомата",
            "Справка",
            "Анализы и результаты",
            "Полис и документы",
        ],
        SiteKind::EmergencyCentre => {
            &["Куда пройти", "Где ждать", "Сведения о поступившем", "Передать вещи", "Выписка и документы"]
        }
        SiteKind::Office => &[],
    }
}

/// A contact recorded in one tap: the new routing task (the visitor met at `at`), and the actions that close it at
/// once — claim, start, complete (with the visitor's rating, when they gave one) — by the one who helped. The server
/// receives them as ordinary ops, each audited.
///
/// # Errors
/// A purpose that is blank or too long.
pub fn quick_contact(
    id: TaskId,
    (site, zone): (SiteId, ZoneId),
    case_id: Option<CaseId>,
    purpose: &str,
    (by, rating): (StaffId, Option<Rating>),
    at: Timestamp,
) -> Result<(Task, [Action; 3]), ValidationError> {
    let task = Task::new(NewTask {
        id,
        site,
        zone,
        case_id,
        priority: Priority::Normal,
        details: TaskDetails::Routing(Routing { purpose: purpose.trim().to_owned(), destination: None }),
        created_by: by,
        met_at: at,
        created_at: at,
    })?;
    Ok((task, [Action::Claim, Action::Start, Action::Complete { rating }]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::role::Role;
    use crate::state::Actor;
    use crate::task::TaskStatus;

    #[test]
    fn a_contact_is_created_and_closed_at_once_by_whoever_helped() {
        let anna = Actor { staff: StaffId::new("anna").unwrap(), role: Role::Administrator };
        let at = Timestamp(1_796_016_600_000);
        let place = (SiteId::new("poly-12").unwrap(), ZoneId::new("poly-12-entrance").unwrap());
        let purpose = common_purposes(SiteKind::Polyclinic)[0];
        let by = (anna.staff.clone(), None);
        let (task, actions) =
            quick_contact(TaskId::new("t-c1").unwrap(), place.clone(), None, purpose, by, at).unwrap();
        let closed = actions.iter().try_fold(task, |t, a| t.apply(&anna, a, at)).unwrap();
        assert_eq!((closed.status, closed.closed_at, closed.met_at), (TaskStatus::Done, Some(at), at));
        assert_eq!(closed.rating, None, "a contact the visitor did not rate");
        // A visitor who rated the help: the rating closes the contact with it.
        let rated = (anna.staff.clone(), Some(Rating::new(5, None).unwrap()));
        let (task, actions) =
            quick_contact(TaskId::new("t-c3").unwrap(), place.clone(), None, purpose, rated, at).unwrap();
        let closed = actions.iter().try_fold(task, |t, a| t.apply(&anna, a, at)).unwrap();
        assert_eq!(closed.rating.map(|r| r.score()), Some(5));
        assert!(matches!(&closed.details, TaskDetails::Routing(r) if r.purpose == "Где кабинет"));
        assert!(quick_contact(TaskId::new("t-c2").unwrap(), place, None, "  ", (anna.staff, None), at).is_err());
        for site in [SiteKind::Polyclinic, SiteKind::EmergencyCentre] {
            assert!((4..=8).contains(&common_purposes(site).len()));
            let usual: Vec<String> = common_purposes(site).iter().map(|p| (*p).to_owned()).collect();
            assert_eq!(checked_purposes(&usual), Ok(usual.clone()), "the usual ones pass their own check");
        }
        assert_eq!(checked_purposes(&[" Справка ".into()]), Ok(vec!["Справка".to_owned()]));
        for bad in [vec![], vec!["".into()], vec!["x".repeat(61)], vec!["a".into(), "a".into()], vec!["a\nb".into()]] {
            assert!(checked_purposes(&bad).is_err(), "{bad:?}");
        }
        assert!(checked_purposes(
            &vec!["x".to_owned(); 13].iter().enumerate().map(|(i, _)| i.to_string()).collect::<Vec<_>>()
        )
        .is_err());
    }
}
