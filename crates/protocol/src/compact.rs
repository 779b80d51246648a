//! Smaller decoders, for the UI's wasm, of the internally tagged wire enums: the refusals that carry a domain refusal
//! ([`Problem`], [`Rejection`]; see `floordesk_domain::compact`, which reads the refusals themselves), and those that
//! carry a task ([`Outcome`], [`LiveMessage`]: serde's derive reads everything inside them a second time, from a
//! buffer, so every wire type of a task was there twice). Without the `openapi` feature they are read through one
//! flat object each and converted here: the JSON is the same, a missing field or an unknown name is refused as the
//! derive refuses it, and a field of another variant is ignored (the derive would refuse it; the server never sends
//! one).

use floordesk_domain::compact::{missing, FlatRefusal};
use floordesk_domain::{StaffId, Task, Timestamp};
use serde::Deserialize;

use crate::{LiveMessage, Outcome, Problem, Rejection};

/// Every field a [`Problem`] may carry, beside its kind.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlatProblem {
    kind: String,
    error: Option<FlatRefusal>,
}

impl TryFrom<FlatProblem> for Problem {
    type Error = String;

    fn try_from(f: FlatProblem) -> Result<Self, String> {
        let unit = |problem: Problem| match f.error {
            Some(_) => Err(format!("unknown field `error` in `{}`", f.kind)),
            None => Ok(problem),
        };
        match f.kind.as_str() {
            "field" => Ok(Problem::Field { error: missing(f.error, "error")?.try_into()? }),
            "refused" => Ok(Problem::Refused { error: missing(f.error, "error")?.try_into()? }),
            "colleague_elsewhere" => unit(Problem::ColleagueElsewhere),
            "task_not_here" => unit(Problem::TaskNotHere),
            "id_taken" => unit(Problem::IdTaken),
            "purposes" => unit(Problem::Purposes),
            "site_name" => unit(Problem::SiteName),
            "time_zone" => unit(Problem::TimeZone),
            "opening_hours" => unit(Problem::OpeningHours),
            "retention_days" => unit(Problem::RetentionDays),
            "code_digits" => unit(Problem::CodeDigits),
            "site_kind" => unit(Problem::SiteKind),
            "zone" => unit(Problem::Zone),
            "staff_file" => unit(Problem::StaffFile),
            "not_yours" => unit(Problem::NotYours),
            "case_open" => unit(Problem::CaseOpen),
            "case_closed" => unit(Problem::CaseClosed),
            other => Err(format!("unknown variant `{other}`")),
        }
    }
}

/// Every field a [`Rejection`] may carry, beside its code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlatRejection {
    code: String,
    holder: Option<StaffId>,
    holder_name: Option<String>,
    since: Option<Timestamp>,
    error: Option<FlatRefusal>,
    device_time: Option<Timestamp>,
    server_time: Option<Timestamp>,
}

impl TryFrom<FlatRejection> for Rejection {
    type Error = String;

    fn try_from(f: FlatRejection) -> Result<Self, String> {
        use Rejection as R;
        Ok(match f.code.as_str() {
            "already_taken" => R::AlreadyTaken {
                holder: missing(f.holder, "holder")?,
                holder_name: missing(f.holder_name, "holder_name")?,
                since: f.since,
            },
            "transition" => R::Transition { error: missing(f.error, "error")?.try_into()? },
            "invalid" => R::Invalid { error: missing(f.error, "error")?.try_into()? },
            "not_allowed_to_create" => R::NotAllowedToCreate,
            "unknown_task" => R::UnknownTask,
            "unknown_staff" => R::UnknownStaff,
            "task_exists" => R::TaskExists,
            "other_site" => R::OtherSite,
            "malformed" => R::Malformed,
            "device_clock" => R::DeviceClock {
                device_time: missing(f.device_time, "device_time")?,
                server_time: missing(f.server_time, "server_time")?,
            },
            other => return Err(format!("unknown variant `{other}`")),
        })
    }
}

/// Every field an [`Outcome`] may carry, beside its name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlatOutcome {
    outcome: String,
    seq: Option<u64>,
    task: Option<Box<Task>>,
    planned: Option<Box<Task>>,
    reason: Option<Rejection>,
    message: Option<String>,
}

impl TryFrom<FlatOutcome> for Outcome {
    type Error = String;

    fn try_from(f: FlatOutcome) -> Result<Self, String> {
        match f.outcome.as_str() {
            "accepted" if f.reason.is_none() && f.message.is_none() => Ok(Outcome::Accepted {
                seq: missing(f.seq, "seq")?,
                task: missing(f.task, "task")?,
                planned: f.planned,
            }),
            "rejected" if f.seq.is_none() && f.task.is_none() && f.planned.is_none() => {
                Ok(Outcome::Rejected { reason: missing(f.reason, "reason")?, message: missing(f.message, "message")? })
            }
            "accepted" | "rejected" => Err(format!("a field of another outcome in `{}`", f.outcome)),
            other => Err(format!("unknown variant `{other}`")),
        }
    }
}

/// Every field a [`LiveMessage`] may carry, beside its type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlatLiveMessage {
    #[serde(rename = "type")]
    kind: String,
    seq: Option<u64>,
    task: Option<Box<Task>>,
    message: Option<String>,
}

impl TryFrom<FlatLiveMessage> for LiveMessage {
    type Error = String;

    fn try_from(f: FlatLiveMessage) -> Result<Self, String> {
        let only = |ok: bool, message: LiveMessage| {
            if ok {
                Ok(message)
            } else {
                Err(format!("a field of another message in `{}`", f.kind))
            }
        };
        match f.kind.as_str() {
            "change" => only(f.message.is_none(), LiveMessage::Change { seq: missing(f.seq, "seq")?, task: f.task }),
            "resync" => only(f.seq.is_none() && f.task.is_none() && f.message.is_none(), LiveMessage::Resync),
            "floor" => only(f.seq.is_none() && f.task.is_none() && f.message.is_none(), LiveMessage::Floor),
            "session_ended" => {
                let message = missing(f.message, "message")?;
                only(f.seq.is_none() && f.task.is_none(), LiveMessage::SessionEnded { message })
            }
            other => Err(format!("unknown variant `{other}`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use floordesk_domain::{StepName, TaskKind, TransitionError, ValidationError};

    use super::*;

    fn through_flat<F, T>(value: &T) -> T
    where
        F: for<'de> Deserialize<'de>,
        T: serde::Serialize + TryFrom<F, Error = String>,
    {
        let json = serde_json::to_string(value).unwrap();
        T::try_from(serde_json::from_str::<F>(&json).unwrap()).unwrap()
    }

    #[test]
    fn every_outcome_and_live_message_reads_back_through_the_flat_form() {
        let task: Task = serde_json::from_str(TASK).unwrap();
        let outcomes = [
            Outcome::Accepted { seq: 7, task: Box::new(task.clone()), planned: None },
            Outcome::Accepted { seq: 8, task: Box::new(task.clone()), planned: Some(Box::new(task.clone())) },
            Outcome::Rejected { reason: Rejection::UnknownTask, message: "No such task.".into() },
        ];
        for outcome in &outcomes {
            assert_eq!(&through_flat::<FlatOutcome, _>(outcome), outcome);
        }
        let messages = [
            LiveMessage::Change { seq: 3, task: Some(Box::new(task)) },
            LiveMessage::Change { seq: 4, task: None },
            LiveMessage::Resync,
            LiveMessage::SessionEnded { message: "Signed out.".into() },
            LiveMessage::Floor,
        ];
        for message in &messages {
            assert_eq!(&through_flat::<FlatLiveMessage, _>(message), message);
            match message {
                LiveMessage::Change { .. }
                | LiveMessage::Resync
                | LiveMessage::SessionEnded { .. }
                | LiveMessage::Floor => {}
            }
        }
        let read = |json: &str| {
            serde_json::from_str::<FlatOutcome>(json).map_err(|e| e.to_string()).and_then(Outcome::try_from)
        };
        assert!(read(r#"{"outcome":"rejected","reason":{"code":"malformed"},"message":"x","seq":1}"#).is_err());
        assert!(read(r#"{"outcome":"accepted","seq":1}"#).unwrap_err().contains("task"));
    }

    /// A task as the server sends it (the golden tests keep its stored form).
    const TASK: &str = include_str!("../tests/golden/task-progress.json");

    /// Does not build when a variant is added: add it to the conversions above and to the lists in the test.
    fn listed(p: &Problem, r: &Rejection) {
        use Problem as P;
        use Rejection as R;
        match p {
            P::Field { .. }
            | P::ColleagueElsewhere
            | P::TaskNotHere
            | P::IdTaken
            | P::Purposes
            | P::Refused { .. }
            | P::SiteName
            | P::TimeZone
            | P::OpeningHours
            | P::RetentionDays
            | P::CodeDigits
            | P::SiteKind
            | P::Zone
            | P::StaffFile
            | P::NotYours
            | P::CaseOpen
            | P::CaseClosed => {}
        }
        match r {
            R::AlreadyTaken { .. }
            | R::Transition { .. }
            | R::Invalid { .. }
            | R::NotAllowedToCreate
            | R::UnknownTask
            | R::UnknownStaff
            | R::TaskExists
            | R::OtherSite
            | R::Malformed
            | R::DeviceClock { .. } => {}
        }
    }

    #[test]
    fn every_problem_and_rejection_reads_back_through_the_flat_form() {
        let invalid = ValidationError::Empty { field: "name".into() };
        let refused = TransitionError::StepNotForKind { step: StepName::TaxiOrdered, kind: TaskKind::Escort };
        let problems = [
            Problem::Field { error: invalid.clone() },
            Problem::ColleagueElsewhere,
            Problem::TaskNotHere,
            Problem::IdTaken,
            Problem::Purposes,
            Problem::Refused { error: refused.clone() },
            Problem::SiteName,
            Problem::TimeZone,
            Problem::OpeningHours,
            Problem::RetentionDays,
            Problem::CodeDigits,
            Problem::SiteKind,
            Problem::Zone,
            Problem::StaffFile,
            Problem::NotYours,
            Problem::CaseOpen,
            Problem::CaseClosed,
        ];
        let holder = StaffId::new("igor").unwrap();
        let rejections = [
            Rejection::AlreadyTaken {
                holder: holder.clone(), holder_name: "Игорь".into(), since: Some(Timestamp(5))
            },
            Rejection::AlreadyTaken { holder, holder_name: "Игорь".into(), since: None },
            Rejection::Transition { error: refused },
            Rejection::Invalid { error: invalid },
            Rejection::NotAllowedToCreate,
            Rejection::UnknownTask,
            Rejection::UnknownStaff,
            Rejection::TaskExists,
            Rejection::OtherSite,
            Rejection::Malformed,
            Rejection::DeviceClock { device_time: Timestamp(1), server_time: Timestamp(2) },
        ];
        for problem in &problems {
            assert_eq!(&through_flat::<FlatProblem, _>(problem), problem);
            listed(problem, &rejections[0]);
        }
        for rejection in &rejections {
            assert_eq!(&through_flat::<FlatRejection, _>(rejection), rejection);
        }
        assert_eq!((problems.len(), rejections.len()), (17, 11), "one of each variant, as `listed` names them");
    }

    #[test]
    fn the_flat_form_refuses_a_missing_field_an_unknown_code_and_a_misplaced_error() {
        let problem = |json: &str| {
            serde_json::from_str::<FlatProblem>(json).map_err(|e| e.to_string()).and_then(Problem::try_from)
        };
        assert!(problem(r#"{"kind":"zone","error":{"code":"same_task"}}"#).is_err());
        assert!(problem(r#"{"kind":"field"}"#).unwrap_err().contains("error"));
        assert!(problem(r#"{"kind":"field","error":{"code":"same_task"}}"#).is_err(), "a transition error's code");
        assert!(problem(r#"{"kind":"nothing"}"#).is_err());
    }
}
