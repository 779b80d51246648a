//! Smaller decoders of the refusal enums for the UI's wasm. serde's derive of an internally tagged enum
//! (`{"code": "…", …fields}`) buffers the object and builds one visitor per variant: for [`TransitionError`] and
//! [`ValidationError`] (nested in it) that was 69 KB of the wasm before compression. Without the `openapi` feature
//! (which only the server turns on, for the schemas of its document) they are read through one flat object —
//! every field of every variant, optional — and converted here, refusing a missing field, an unknown code or a field
//! of the other enum as the derive would (a field of another variant of the same enum is ignored, where the derive
//! would refuse it: the server never sends one). The JSON is the same either way; the tests below read every
//! variant through these. (`floordesk_protocol` does the same for the refusals that carry these.)

use std::borrow::Cow;

use serde::Deserialize;

use crate::{ActionName, Role, StaffId, StepName, TaskKind, TaskStatus, Timestamp, TransitionError, ValidationError};

/// Every field a [`TransitionError`] or a [`ValidationError`] may carry, beside its code (the two share no field
/// name but `code`, so one flat form reads both, and the refusals that hold either).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlatRefusal {
    code: String,
    // A transition error's.
    role: Option<Role>,
    action: Option<ActionName>,
    holder: Option<StaffId>,
    status: Option<TaskStatus>,
    from: Option<TaskStatus>,
    handoffs: Option<u32>,
    staff: Option<StaffId>,
    expected: Option<TaskKind>,
    found: Option<TaskKind>,
    step: Option<StepName>,
    kind: Option<TaskKind>,
    at: Option<Timestamp>,
    earliest: Option<Timestamp>,
    error: Option<ValidationError>,
    // A validation error's.
    field: Option<String>,
    max: Option<i64>,
    len: Option<usize>,
    min: Option<i64>,
    value: Option<i64>,
    start: Option<String>,
    condition: Option<String>,
}

/// A field the code needs was missing.
pub fn missing<T>(field: Option<T>, name: &'static str) -> Result<T, String> {
    field.ok_or_else(|| format!("missing field `{name}`"))
}

impl FlatRefusal {
    /// Whether any of a validation error's fields is present (refused in a transition error, as the derive would).
    fn has_validation_fields(&self) -> bool {
        self.field.is_some()
            || self.max.is_some()
            || self.len.is_some()
            || self.min.is_some()
            || self.value.is_some()
            || self.start.is_some()
            || self.condition.is_some()
    }

    /// Whether any of a transition error's fields is present (refused in a validation error).
    fn has_transition_fields(&self) -> bool {
        self.role.is_some()
            || self.action.is_some()
            || self.holder.is_some()
            || self.status.is_some()
            || self.from.is_some()
            || self.handoffs.is_some()
            || self.staff.is_some()
            || self.expected.is_some()
            || self.found.is_some()
            || self.step.is_some()
            || self.kind.is_some()
            || self.at.is_some()
            || self.earliest.is_some()
            || self.error.is_some()
    }
}

impl TryFrom<FlatRefusal> for TransitionError {
    type Error = String;

    fn try_from(f: FlatRefusal) -> Result<Self, String> {
        use TransitionError as E;
        if f.has_validation_fields() {
            return Err("unknown field in a transition error".to_owned());
        }
        Ok(match f.code.as_str() {
            "not_allowed" => E::NotAllowed { role: missing(f.role, "role")?, action: missing(f.action, "action")? },
            "not_your_task" => E::NotYourTask,
            "already_taken" => E::AlreadyTaken { holder: missing(f.holder, "holder")? },
            "patient_not_ready" => E::PatientNotReady,
            "closed" => E::Closed { status: missing(f.status, "status")? },
            "illegal_transition" => {
                E::IllegalTransition { from: missing(f.from, "from")?, action: missing(f.action, "action")? }
            }
            "handoff_limit" => E::HandoffLimit { handoffs: missing(f.handoffs, "handoffs")? },
            "reason_required" => E::ReasonRequired { action: missing(f.action, "action")? },
            "same_assignee" => E::SameAssignee { staff: missing(f.staff, "staff")? },
            "kind_mismatch" => {
                E::KindMismatch { expected: missing(f.expected, "expected")?, found: missing(f.found, "found")? }
            }
            "not_meeting_organiser" => E::NotMeetingOrganiser { role: missing(f.role, "role")? },
            "meeting_confirmed" => E::MeetingConfirmed,
            "step_not_for_kind" => E::StepNotForKind { step: missing(f.step, "step")?, kind: missing(f.kind, "kind")? },
            "step_not_now" => E::StepNotNow { step: missing(f.step, "step")? },
            "step_missing" => E::StepMissing { step: missing(f.step, "step")? },
            "same_task" => E::SameTask,
            "out_of_order" => E::OutOfOrder { at: missing(f.at, "at")?, earliest: missing(f.earliest, "earliest")? },
            "invalid" => E::Invalid { error: missing(f.error, "error")? },
            other => return Err(format!("unknown variant `{other}`")),
        })
    }
}

impl TryFrom<FlatRefusal> for ValidationError {
    type Error = String;

    fn try_from(f: FlatRefusal) -> Result<Self, String> {
        use ValidationError as E;
        if f.has_transition_fields() {
            return Err("unknown field in a validation error".to_owned());
        }
        let field = Cow::Owned(missing(f.field, "field")?);
        Ok(match f.code.as_str() {
            "empty" => E::Empty { field },
            "too_long" => {
                let max = usize::try_from(missing(f.max, "max")?).map_err(|e| e.to_string())?;
                E::TooLong { field, max, len: missing(f.len, "len")? }
            }
            "invalid_phone" => E::InvalidPhone { field },
            "out_of_range" => E::OutOfRange {
                field,
                min: missing(f.min, "min")?,
                max: missing(f.max, "max")?,
                value: missing(f.value, "value")?,
            },
            "ends_before_start" => E::EndsBeforeStart { field, start: Cow::Owned(missing(f.start, "start")?) },
            "control_characters" => E::ControlCharacters { field },
            "only_when" => E::OnlyWhen { field, condition: Cow::Owned(missing(f.condition, "condition")?) },
            other => return Err(format!("unknown variant `{other}`")),
        })
    }
}

#[cfg(test)]
mod tests {
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
    fn every_refusal_reads_back_through_the_flat_form() {
        let staff = StaffId::new("anna").unwrap();
        let invalid = ValidationError::OutOfRange { field: "score".into(), min: 1, max: 5, value: 9 };
        let all = [
            TransitionError::NotAllowed { role: Role::Administrator, action: ActionName::Reassign },
            TransitionError::NotYourTask,
            TransitionError::AlreadyTaken { holder: staff.clone() },
            TransitionError::PatientNotReady,
            TransitionError::Closed { status: TaskStatus::Done },
            TransitionError::IllegalTransition { from: TaskStatus::New, action: ActionName::Complete },
            TransitionError::HandoffLimit { handoffs: 2 },
            TransitionError::ReasonRequired { action: ActionName::Cancel },
            TransitionError::SameAssignee { staff },
            TransitionError::KindMismatch { expected: TaskKind::Escort, found: TaskKind::Taxi },
            TransitionError::NotMeetingOrganiser { role: Role::Administrator },
            TransitionError::MeetingConfirmed,
            TransitionError::StepNotForKind { step: StepName::TaxiOrdered, kind: TaskKind::Escort },
            TransitionError::StepNotNow { step: StepName::CarArrived },
            TransitionError::StepMissing { step: StepName::HandedBack },
            TransitionError::SameTask,
            TransitionError::OutOfOrder { at: Timestamp(1), earliest: Timestamp(2) },
            TransitionError::Invalid { error: invalid },
        ];
        for error in &all {
            assert_eq!(&through_flat::<FlatRefusal, _>(error), error);
        }
        let validation = [
            ValidationError::Empty { field: "name".into() },
            ValidationError::TooLong { field: "name".into(), max: 80, len: 81 },
            ValidationError::InvalidPhone { field: "phone".into() },
            ValidationError::OutOfRange { field: "floor".into(), min: -5, max: 100, value: 101 },
            ValidationError::EndsBeforeStart { field: "to".into(), start: "from".into() },
            ValidationError::ControlCharacters { field: "note".into() },
            ValidationError::OnlyWhen { field: "reason".into(), condition: "not ready".into() },
        ];
        for error in &validation {
            assert_eq!(&through_flat::<FlatRefusal, _>(error), error);
            listed(&all[0], error);
        }
        assert_eq!((all.len(), validation.len()), (18, 7), "one of each variant, as `listed` names them");
    }

    /// Does not build when a variant is added: add it to the conversion above and to the list in the test.
    fn listed(e: &TransitionError, v: &ValidationError) {
        use TransitionError as T;
        use ValidationError as V;
        match e {
            T::NotAllowed { .. }
            | T::NotYourTask
            | T::AlreadyTaken { .. }
            | T::PatientNotReady
            | T::Closed { .. }
            | T::IllegalTransition { .. }
            | T::HandoffLimit { .. }
            | T::ReasonRequired { .. }
            | T::SameAssignee { .. }
            | T::KindMismatch { .. }
            | T::NotMeetingOrganiser { .. }
            | T::MeetingConfirmed
            | T::StepNotForKind { .. }
            | T::StepNotNow { .. }
            | T::StepMissing { .. }
            | T::SameTask
            | T::OutOfOrder { .. }
            | T::Invalid { .. } => {}
        }
        match v {
            V::Empty { .. }
            | V::TooLong { .. }
            | V::InvalidPhone { .. }
            | V::OutOfRange { .. }
            | V::EndsBeforeStart { .. }
            | V::ControlCharacters { .. }
            | V::OnlyWhen { .. } => {}
        }
    }

    #[test]
    fn the_flat_form_refuses_a_missing_field_an_unknown_code_and_an_unknown_field() {
        let read = |json: &str| {
            serde_json::from_str::<FlatRefusal>(json).map_err(|e| e.to_string()).and_then(TransitionError::try_from)
        };
        assert!(read(r#"{"code":"closed"}"#).unwrap_err().contains("status"));
        assert!(read(r#"{"code":"no_such"}"#).unwrap_err().contains("unknown variant"));
        assert!(read(r#"{"code":"same_task","extra":1}"#).is_err());
        assert!(read(r#"{"code":"same_task","field":"x"}"#).is_err(), "a validation error's field");
    }
}
