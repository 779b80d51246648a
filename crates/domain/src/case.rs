//! Visitor cases ("one window"): all tasks for one visitor handled together,
//! and the case closed only when every one of them is finished.

use std::borrow::Borrow;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::ids::{CaseId, SiteId, TaskId};
use crate::task::Task;
use crate::time::Timestamp;
use crate::validation::{required, ValidationError, MAX_LABEL_CHARS};

/// Why a visitor case refused a change.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
pub enum CaseError {
    /// The case is already closed.
    #[error("This visitor case is already closed.")]
    Closed,
    /// The task belongs to another site.
    #[error("Task {task} belongs to another site than this visitor case.")]
    SiteMismatch {
        /// The task.
        task: TaskId,
    },
    /// The task does not name this case as its case.
    #[error("Task {task} is not part of this visitor case.")]
    WrongCase {
        /// The task.
        task: TaskId,
    },
    /// Some tasks of the case are still open.
    #[error("This visitor case still has open tasks: {}.", join(.open))]
    OpenTasks {
        /// The open tasks.
        open: Vec<TaskId>,
    },
    /// A task of the case was not supplied.
    #[error("Task {task} of this visitor case was not found.")]
    MissingTask {
        /// The missing task.
        task: TaskId,
    },
}

fn join(ids: &[TaskId]) -> String {
    ids.iter().map(TaskId::as_str).collect::<Vec<_>>().join(", ")
}

/// One visitor's situation: the tasks created for them, handled as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VisitorCase {
    /// Identifier.
    pub id: CaseId,
    /// Site.
    pub site: SiteId,
    /// Initials or ticket number, at most 32 characters.
    pub visitor: String,
    /// When the case was opened.
    pub opened_at: Timestamp,
    /// The case's tasks, in the order they were added.
    pub task_ids: Vec<TaskId>,
    /// When the case was closed.
    pub closed_at: Option<Timestamp>,
}

impl VisitorCase {
    /// Opens an empty case.
    ///
    /// # Errors
    /// When the visitor label is blank or longer than 32 characters.
    pub fn open(
        id: CaseId,
        site: SiteId,
        visitor: impl Into<String>,
        opened_at: Timestamp,
    ) -> Result<VisitorCase, ValidationError> {
        let visitor = visitor.into();
        required("visitor", &visitor, MAX_LABEL_CHARS)?;
        Ok(VisitorCase { id, site, visitor, opened_at, task_ids: Vec::new(), closed_at: None })
    }

    /// Adds a task (created with `case_id` set to this case, on the same site).
    /// Adding a task twice is harmless.
    ///
    /// # Errors
    /// `Closed`, `WrongCase` or `SiteMismatch`.
    pub fn add_task(&mut self, task: &Task) -> Result<(), CaseError> {
        if self.closed_at.is_some() {
            return Err(CaseError::Closed);
        }
        if task.case_id.as_ref() != Some(&self.id) {
            return Err(CaseError::WrongCase { task: task.id.clone() });
        }
        if task.site != self.site {
            return Err(CaseError::SiteMismatch { task: task.id.clone() });
        }
        if !self.task_ids.contains(&task.id) {
            self.task_ids.push(task.id.clone());
        }
        Ok(())
    }

    /// Whether every task of the case is done or cancelled. `tasks` may contain
    /// other tasks too; a case task missing from it counts as unresolved.
    #[must_use]
    pub fn is_resolved(&self, tasks: &[Task]) -> bool {
        self.check_resolved(tasks).is_ok()
    }

    /// Closes the case at `at`.
    ///
    /// # Errors
    /// `Closed` if already closed, `OpenTasks` while any of its tasks is open,
    /// `MissingTask` if one of its tasks is not in `tasks`.
    pub fn close(&mut self, at: Timestamp, tasks: &[Task]) -> Result<(), CaseError> {
        if self.closed_at.is_some() {
            return Err(CaseError::Closed);
        }
        self.check_resolved(tasks)?;
        self.closed_at = Some(at);
        Ok(())
    }

    fn check_resolved(&self, tasks: &[Task]) -> Result<(), CaseError> {
        let mut open = Vec::new();
        for id in &self.task_ids {
            match tasks.iter().find(|t| &t.id == id) {
                None => return Err(CaseError::MissingTask { task: id.clone() }),
                Some(t) if t.status.is_open() => open.push(id.clone()),
                Some(_) => {}
            }
        }
        if open.is_empty() {
            Ok(())
        } else {
            Err(CaseError::OpenTasks { open })
        }
    }
}

/// Puts one visitor's tasks in the order they were met: by `met_at`, then when recorded, then by id.
pub fn visit_order<T: Borrow<Task>>(tasks: &mut [T]) {
    tasks.sort_by(|a, b| {
        let (a, b) = (a.borrow(), b.borrow());
        (a.met_at, a.created_at, &a.id).cmp(&(b.met_at, b.created_at, &b.id))
    });
}

/// How one visitor's tasks (in visit order) name them: as the first that names them (initials or ticket; a
/// relative's initials), if one does — a way shown or a child looked after does not.
pub fn visitor_of<'a>(tasks: impl IntoIterator<Item = &'a Task>) -> Option<&'a str> {
    tasks.into_iter().find_map(|t| t.details.visitor_label())
}

/// Whole minutes one visitor spent waiting in all, by `now`: the union of their in-person tasks' waits (each from
/// when it was met — an ambulance's arrival — until its service began, it closed unstarted, or `now`), so that
/// waiting for two things at once counts once. Written requests are not waited for in person.
#[must_use]
pub fn overall_wait_minutes<'a>(tasks: impl IntoIterator<Item = &'a Task>, now: Timestamp) -> i64 {
    let mut spans: Vec<(Timestamp, Timestamp)> = tasks
        .into_iter()
        .filter(|t| t.kind().is_in_person())
        .filter_map(|t| {
            let from = crate::deadline::start_anchor(t)?;
            let until = t.service_started_at().or(t.closed_at).unwrap_or(now);
            (until > from).then_some((from, until))
        })
        .collect();
    spans.sort();
    let mut total = 0_i64;
    let mut current: Option<(Timestamp, Timestamp)> = None;
    for (from, until) in spans {
        current = match current {
            Some((start, end)) if from <= end => Some((start, end.max(until))),
            Some((start, end)) => {
                total = total.saturating_add(end.millis_since(start));
                Some((from, until))
            }
            None => Some((from, until)),
        };
    }
    if let Some((start, end)) = current {
        total = total.saturating_add(end.millis_since(start));
    }
    total.div_euclid(60_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{StaffId, ZoneId};
    use crate::kind::{NonStandard, TaskDetails};
    use crate::priority::Priority;
    use crate::role::Role;
    use crate::state::{Action, Actor};
    use crate::task::NewTask;

    fn case() -> VisitorCase {
        VisitorCase::open(CaseId::new("c1").unwrap(), SiteId::new("s1").unwrap(), "А.Б.", Timestamp(0)).unwrap()
    }

    fn task(id: &str, case: Option<&str>, site: &str) -> Task {
        Task::new(NewTask {
            id: TaskId::new(id).unwrap(),
            site: SiteId::new(site).unwrap(),
            zone: ZoneId::new("z").unwrap(),
            case_id: case.map(|c| CaseId::new(c).unwrap()),
            priority: Priority::Normal,
            details: TaskDetails::NonStandard(NonStandard { description: "x".into() }),
            created_by: StaffId::new("a").unwrap(),
            met_at: Timestamp(0),
            created_at: Timestamp(0),
        })
        .unwrap()
    }

    fn cancel(t: &Task) -> Task {
        let a = Actor { staff: StaffId::new("a").unwrap(), role: Role::Administrator };
        t.apply(&a, &Action::Cancel { reason: "done elsewhere".into() }, Timestamp(1)).unwrap()
    }

    #[test]
    fn open_validates_visitor_label() {
        let long =
            VisitorCase::open(CaseId::new("c").unwrap(), SiteId::new("s").unwrap(), "x".repeat(33), Timestamp(0));
        assert!(matches!(long, Err(ValidationError::TooLong { .. })));
        let blank = VisitorCase::open(CaseId::new("c").unwrap(), SiteId::new("s").unwrap(), "", Timestamp(0));
        assert!(matches!(blank, Err(ValidationError::Empty { .. })));
    }

    #[test]
    fn add_task_checks_case_and_site_and_ignores_duplicates() {
        let mut c = case();
        let t1 = task("t1", Some("c1"), "s1");
        c.add_task(&t1).unwrap();
        c.add_task(&t1).unwrap();
        assert_eq!(c.task_ids, vec![t1.id.clone()]);
        assert_eq!(c.add_task(&task("t2", None, "s1")), Err(CaseError::WrongCase { task: TaskId::new("t2").unwrap() }));
        assert_eq!(
            c.add_task(&task("t3", Some("c1"), "s2")),
            Err(CaseError::SiteMismatch { task: TaskId::new("t3").unwrap() })
        );
    }

    #[test]
    fn close_waits_for_every_task() {
        let mut c = case();
        let t1 = task("t1", Some("c1"), "s1");
        let t2 = task("t2", Some("c1"), "s1");
        c.add_task(&t1).unwrap();
        c.add_task(&t2).unwrap();
        let tasks = vec![cancel(&t1), t2.clone()];
        assert!(!c.is_resolved(&tasks));
        let err = c.close(Timestamp(5), &tasks).unwrap_err();
        assert_eq!(err, CaseError::OpenTasks { open: vec![t2.id.clone()] });
        assert_eq!(err.to_string(), "This visitor case still has open tasks: t2.");
        assert_eq!(c.closed_at, None);

        assert_eq!(c.close(Timestamp(5), &[cancel(&t2)]), Err(CaseError::MissingTask { task: t1.id.clone() }));

        let tasks = vec![cancel(&t1), cancel(&t2)];
        assert!(c.is_resolved(&tasks));
        c.close(Timestamp(6), &tasks).unwrap();
        assert_eq!(c.closed_at, Some(Timestamp(6)));
        assert_eq!(c.close(Timestamp(7), &tasks), Err(CaseError::Closed));
        assert_eq!(c.add_task(&task("t4", Some("c1"), "s1")), Err(CaseError::Closed));
    }

    #[test]
    fn a_visit_is_ordered_by_meeting_and_named_by_the_first_task_that_names_the_visitor() {
        let mut way = task("t-way", Some("c1"), "s1");
        way.details =
            TaskDetails::Routing(crate::kind::Routing { purpose: "Справка".into(), destination: None });
        way.met_at = Timestamp(10);
        let mut kiosk = task("t-kiosk", Some("c1"), "s1");
        kiosk.details =
            TaskDetails::KioskHelp(crate::kind::KioskHelp { visitor: "Т-042".into(), service: "Запись".into() });
        kiosk.met_at = Timestamp(20);
        let mut tasks = vec![kiosk.clone(), way.clone()];
        visit_order(&mut tasks);
        assert_eq!(tasks, [way.clone(), kiosk]);
        assert_eq!(visitor_of(&tasks), Some("Т-042"));
        assert_eq!(visitor_of([&way]), None);
    }

    #[test]
    fn overall_wait_counts_waiting_for_two_things_at_once_once() {
        const MIN: i64 = 60_000;
        let at = |m: i64| Timestamp(m * MIN);
        // Met at 0, served from 10; met at 5 for another thing, served from 12; met again at 30, still waiting at 34.
        let mut a = task("a", Some("c1"), "s1");
        a.started_at = Some(at(10));
        let mut b = task("b", Some("c1"), "s1");
        b.met_at = at(5);
        b.started_at = Some(at(12));
        let mut c = task("c", Some("c1"), "s1");
        c.met_at = at(30);
        assert_eq!(overall_wait_minutes([&a, &b, &c], at(34)), 12 + 4);
        // A task closed without starting stops its wait when it closed; a written request is not waited for.
        let mut d = task("d", Some("c1"), "s1");
        d.met_at = at(40);
        d.closed_at = Some(at(43));
        let mut letter = task("e", Some("c1"), "s1");
        letter.details = TaskDetails::WrittenRequest(crate::kind::WrittenRequest {
            reference: "1".into(),
            channel: "post".into(),
            summary: "x".into(),
            acknowledged_at: None,
        });
        assert_eq!(overall_wait_minutes([&d, &letter], at(100)), 3);
        assert_eq!(overall_wait_minutes([], at(100)), 0);
    }

    #[test]
    fn empty_case_is_resolved() {
        let mut c = case();
        assert!(c.is_resolved(&[]));
        assert!(c.close(Timestamp(1), &[]).is_ok());
    }

    #[test]
    fn case_and_errors_round_trip() {
        let mut c = case();
        c.add_task(&task("t1", Some("c1"), "s1")).unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<VisitorCase>(&json).unwrap(), c);
        let e = CaseError::OpenTasks { open: vec![TaskId::new("t1").unwrap()] };
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "open_tasks");
        assert_eq!(serde_json::from_value::<CaseError>(json).unwrap(), e);
    }
}
