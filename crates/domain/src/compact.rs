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

use crate::kind::{
    AmbulanceArrival, AmbulanceTransport, ArrivalMode, Childcare, EdRegistration, Escort, KioskHelp, MobilityAid,
    NonStandard, RelativeMeeting, Routing, TaskDetails, Taxi, TaxiOrder, WrittenRequest,
};
use crate::{
    ActionName, Minutes, ProblemKind, Role, StaffId, StepName, TaskKind, TaskStatus, Timestamp, TransitionError,
    ValidationError,
};

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

/// Every field of every kind's details, beside the kind: [`TaskDetails`] read through one flat object (serde's
/// derive of the internally tagged enum buffered each task's details and kept one decoder per kind: ~30 KB of the
/// wasm). A field two kinds name alike is read once (`destination` is required of an ambulance and a taxi, optional
/// for routing; `crew_number` required of an ambulance, optional for a registration).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlatDetails {
    kind: String,
    visitor: Option<String>,
    from: Option<String>,
    to: Option<String>,
    aid: Option<MobilityAid>,
    patient_ready: Option<bool>,
    crew_number: Option<String>,
    eta: Option<Timestamp>,
    transport: Option<AmbulanceTransport>,
    destination: Option<String>,
    arrived_at: Option<Timestamp>,
    arrived_by: Option<ArrivalMode>,
    relative: Option<String>,
    contact: Option<String>,
    department: Option<String>,
    doctor: Option<String>,
    requested_slot: Option<Timestamp>,
    confirmed_slot: Option<Timestamp>,
    pickup: Option<String>,
    at: Option<Timestamp>,
    phone: Option<String>,
    order: Option<TaxiOrder>,
    child_first_name: Option<String>,
    child_age: Option<u8>,
    parent_location: Option<String>,
    start: Option<Timestamp>,
    end: Option<Timestamp>,
    max_duration: Option<Minutes>,
    handed_back_to: Option<String>,
    purpose: Option<String>,
    service: Option<String>,
    reference: Option<String>,
    channel: Option<String>,
    summary: Option<String>,
    acknowledged_at: Option<Timestamp>,
    description: Option<String>,
}

impl TryFrom<FlatDetails> for TaskDetails {
    type Error = String;

    fn try_from(f: FlatDetails) -> Result<Self, String> {
        Ok(match f.kind.as_str() {
            "escort" => TaskDetails::Escort(Escort {
                visitor: missing(f.visitor, "visitor")?,
                from: missing(f.from, "from")?,
                to: missing(f.to, "to")?,
                aid: missing(f.aid, "aid")?,
                patient_ready: missing(f.patient_ready, "patient_ready")?,
            }),
            "ambulance_arrival" => TaskDetails::AmbulanceArrival(AmbulanceArrival {
                crew_number: missing(f.crew_number, "crew_number")?,
                eta: missing(f.eta, "eta")?,
                transport: missing(f.transport, "transport")?,
                destination: missing(f.destination, "destination")?,
                arrived_at: f.arrived_at,
            }),
            "ed_registration" => TaskDetails::EdRegistration(EdRegistration {
                visitor: missing(f.visitor, "visitor")?,
                arrived_by: missing(f.arrived_by, "arrived_by")?,
                crew_number: f.crew_number,
            }),
            "relative_meeting" => TaskDetails::RelativeMeeting(RelativeMeeting {
                relative: missing(f.relative, "relative")?,
                contact: missing(f.contact, "contact")?,
                department: missing(f.department, "department")?,
                doctor: missing(f.doctor, "doctor")?,
                requested_slot: missing(f.requested_slot, "requested_slot")?,
                confirmed_slot: f.confirmed_slot,
            }),
            "taxi" => TaskDetails::Taxi(Taxi {
                visitor: missing(f.visitor, "visitor")?,
                pickup: missing(f.pickup, "pickup")?,
                destination: missing(f.destination, "destination")?,
                at: missing(f.at, "at")?,
                phone: missing(f.phone, "phone")?,
                order: missing(f.order, "order")?,
            }),
            "childcare" => TaskDetails::Childcare(Childcare {
                child_first_name: missing(f.child_first_name, "child_first_name")?,
                child_age: missing(f.child_age, "child_age")?,
                parent_location: missing(f.parent_location, "parent_location")?,
                start: missing(f.start, "start")?,
                end: f.end,
                max_duration: missing(f.max_duration, "max_duration")?,
                handed_back_to: f.handed_back_to,
            }),
            "routing" => {
                TaskDetails::Routing(Routing { purpose: missing(f.purpose, "purpose")?, destination: f.destination })
            }
            "kiosk_help" => TaskDetails::KioskHelp(KioskHelp {
                visitor: missing(f.visitor, "visitor")?,
                service: missing(f.service, "service")?,
            }),
            "written_request" => TaskDetails::WrittenRequest(WrittenRequest {
                reference: missing(f.reference, "reference")?,
                channel: missing(f.channel, "channel")?,
                summary: missing(f.summary, "summary")?,
                acknowledged_at: f.acknowledged_at,
            }),
            "non_standard" => {
                TaskDetails::NonStandard(NonStandard { description: missing(f.description, "description")? })
            }
            other => return Err(format!("unknown variant `{other}`")),
        })
    }
}

/// The fields of a [`ProblemKind`], beside what it is (`what`): read flat, as the refusals are.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlatProblemKind {
    what: String,
    waited: Option<u32>,
    took: Option<u32>,
    handoffs: Option<u32>,
    score: Option<u8>,
}

impl TryFrom<FlatProblemKind> for ProblemKind {
    type Error = String;

    fn try_from(f: FlatProblemKind) -> Result<Self, String> {
        Ok(match f.what.as_str() {
            "late_start" => ProblemKind::LateStart { waited: missing(f.waited, "waited")? },
            "late_finish" => ProblemKind::LateFinish { took: missing(f.took, "took")? },
            "too_many_handoffs" => ProblemKind::TooManyHandoffs { handoffs: missing(f.handoffs, "handoffs")? },
            "low_rating" => ProblemKind::LowRating { score: missing(f.score, "score")? },
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
    fn the_details_of_every_kind_read_back_through_the_flat_form() {
        let at = Timestamp(1_790_000_000_000);
        let all = [
            TaskDetails::Escort(Escort {
                visitor: "Б-042".into(),
                from: "Вход".into(),
                to: "214".into(),
                aid: MobilityAid::Wheelchair,
                patient_ready: true,
            }),
            TaskDetails::AmbulanceArrival(AmbulanceArrival {
                crew_number: "0412".into(),
                eta: at,
                transport: AmbulanceTransport::Stretcher,
                destination: "Бокс 2".into(),
                arrived_at: Some(at),
            }),
            TaskDetails::EdRegistration(EdRegistration {
                visitor: "П.С.".into(),
                arrived_by: ArrivalMode::Ambulance,
                crew_number: Some("0412".into()),
            }),
            TaskDetails::RelativeMeeting(RelativeMeeting {
                relative: "И.К.".into(),
                contact: "+79990000000".into(),
                department: "Кардиология".into(),
                doctor: "Петров".into(),
                requested_slot: at,
                confirmed_slot: None,
            }),
            TaskDetails::Taxi(Taxi {
                visitor: "А.Б.".into(),
                pickup: "Вход".into(),
                destination: "Дом".into(),
                at,
                phone: "+79990000000".into(),
                order: TaxiOrder::Ordered,
            }),
            TaskDetails::Childcare(Childcare {
                child_first_name: "Миша".into(),
                child_age: 5,
                parent_location: "208".into(),
                start: at,
                end: None,
                max_duration: Minutes(30),
                handed_back_to: Some("мама".into()),
            }),
            TaskDetails::Routing(Routing { purpose: "Рентген".into(), destination: None }),
            TaskDetails::Routing(Routing { purpose: "Рентген".into(), destination: Some("101".into()) }),
            TaskDetails::KioskHelp(KioskHelp { visitor: "А.Б.".into(), service: "Запись".into() }),
            TaskDetails::WrittenRequest(WrittenRequest {
                reference: "R-1".into(),
                channel: "portal".into(),
                summary: "Парковка".into(),
                acknowledged_at: Some(at),
            }),
            TaskDetails::NonStandard(NonStandard { description: "Потерял пропуск".into() }),
        ];
        for details in &all {
            assert_eq!(&through_flat::<FlatDetails, _>(details), details);
        }
        let read = |json: &str| {
            serde_json::from_str::<FlatDetails>(json).map_err(|e| e.to_string()).and_then(TaskDetails::try_from)
        };
        assert!(read(r#"{"kind":"teleport","purpose":"x"}"#).unwrap_err().contains("unknown variant"));
        assert!(read(r#"{"kind":"taxi","visitor":"x"}"#).unwrap_err().contains("missing field `pickup`"));
        assert!(read(r#"{"kind":"routing","purpose":"x","wish":"y"}"#).unwrap_err().contains("unknown field"));
    }

    #[test]
    fn every_problem_reads_back_through_the_flat_form() {
        for problem in [
            ProblemKind::LateStart { waited: 19 },
            ProblemKind::LateFinish { took: 22 },
            ProblemKind::TooManyHandoffs { handoffs: 3 },
            ProblemKind::LowRating { score: 1 },
        ] {
            assert_eq!(through_flat::<FlatProblemKind, _>(&problem), problem);
        }
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
