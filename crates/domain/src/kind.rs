//! Kinds of tasks and the details each kind carries.
//!
//! Visitors, patients and relatives are identified only by a short label
//! (initials or a ticket number, at most [`MAX_LABEL_CHARS`] characters).
//! There is deliberately no field for a diagnosis.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::time::{Minutes, Timestamp};
use crate::validation::{
    in_range, optional, phone, required, ValidationError, MAX_LABEL_CHARS, MAX_LONG_TEXT_CHARS, MAX_TEXT_CHARS,
};

/// Longest reference or crew number, in characters.
pub const MAX_REFERENCE_CHARS: usize = 64;
/// Longest childcare session that may be agreed, in minutes.
pub const MAX_CHILDCARE_MINUTES: u32 = 240;

/// What a task is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// Accompany a visitor or patient from one place to another.
    Escort,
    /// Meet an ambulance crew and hand the patient over.
    AmbulanceArrival,
    /// Register a patient in the emergency department.
    EdRegistration,
    /// Arrange a meeting of a relative with the attending doctor.
    RelativeMeeting,
    /// Order a taxi for a visitor.
    Taxi,
    /// Look after a visitor's child for a while.
    Childcare,
    /// Show a visitor the way.
    Routing,
    /// Help a visitor with a self-service kiosk.
    KioskHelp,
    /// Handle a written request (letter, e-mail, portal).
    WrittenRequest,
    /// Any other problem.
    NonStandard,
}

impl TaskKind {
    /// Every kind.
    pub const ALL: [TaskKind; 10] = [
        TaskKind::Escort,
        TaskKind::AmbulanceArrival,
        TaskKind::EdRegistration,
        TaskKind::RelativeMeeting,
        TaskKind::Taxi,
        TaskKind::Childcare,
        TaskKind::Routing,
        TaskKind::KioskHelp,
        TaskKind::WrittenRequest,
        TaskKind::NonStandard,
    ];

    /// Whether the visitor is physically waiting (all kinds but written requests).
    #[must_use]
    pub const fn is_in_person(self) -> bool {
        !matches!(self, TaskKind::WrittenRequest)
    }

    /// The wire name, e.g. `"ed_registration"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            TaskKind::Escort => "escort",
            TaskKind::AmbulanceArrival => "ambulance_arrival",
            TaskKind::EdRegistration => "ed_registration",
            TaskKind::RelativeMeeting => "relative_meeting",
            TaskKind::Taxi => "taxi",
            TaskKind::Childcare => "childcare",
            TaskKind::Routing => "routing",
            TaskKind::KioskHelp => "kiosk_help",
            TaskKind::WrittenRequest => "written_request",
            TaskKind::NonStandard => "non_standard",
        }
    }
}

/// English name for sentences, e.g. "ED registration".
impl fmt::Display for TaskKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TaskKind::Escort => "escort",
            TaskKind::AmbulanceArrival => "ambulance arrival",
            TaskKind::EdRegistration => "ED registration",
            TaskKind::RelativeMeeting => "relative meeting",
            TaskKind::Taxi => "taxi",
            TaskKind::Childcare => "childcare",
            TaskKind::Routing => "routing",
            TaskKind::KioskHelp => "kiosk help",
            TaskKind::WrittenRequest => "written request",
            TaskKind::NonStandard => "non-standard problem",
        })
    }
}

/// How an escorted person moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MobilityAid {
    /// On foot.
    Walking,
    /// In a wheelchair.
    Wheelchair,
    /// On a stretcher.
    Stretcher,
}

/// How an ambulance patient is brought in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AmbulanceTransport {
    /// The patient walks.
    Walking,
    /// The patient is carried on a stretcher.
    Stretcher,
}

/// How a patient came to the emergency department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ArrivalMode {
    /// By themselves.
    OnFoot,
    /// Brought by an ambulance crew.
    Ambulance,
}

/// Where a taxi order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaxiOrder {
    /// Not yet ordered.
    NotOrdered,
    /// Ordered, car on its way.
    Ordered,
    /// The car is waiting at the pickup point.
    Arrived,
    /// The visitor has left.
    Departed,
    /// The order was cancelled.
    Cancelled,
}

/// Accompany someone from one place to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Escort {
    /// Initials or ticket number.
    pub visitor: String,
    /// Starting point.
    pub from: String,
    /// Destination.
    pub to: String,
    /// How the person moves.
    pub aid: MobilityAid,
    /// Whether the person is ready to go; the escort cannot start before.
    pub patient_ready: bool,
}

/// An expected ambulance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AmbulanceArrival {
    /// Crew (brigade) number.
    pub crew_number: String,
    /// Expected arrival.
    pub eta: Timestamp,
    /// How the patient is brought in.
    pub transport: AmbulanceTransport,
    /// Bay or department receiving the patient.
    pub destination: String,
    /// Actual arrival; starts the handover clock.
    pub arrived_at: Option<Timestamp>,
}

/// Registration in the emergency department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EdRegistration {
    /// Initials or ticket number.
    pub visitor: String,
    /// How the patient came.
    pub arrived_by: ArrivalMode,
    /// Ambulance crew number, only for ambulance arrivals.
    pub crew_number: Option<String>,
}

/// A relative's meeting with the attending doctor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RelativeMeeting {
    /// Initials of the relative.
    pub relative: String,
    /// The relative's phone number.
    pub contact: String,
    /// Department of the patient.
    pub department: String,
    /// Attending doctor.
    pub doctor: String,
    /// Slot the relative asked for.
    pub requested_slot: Timestamp,
    /// Slot confirmed by the department.
    pub confirmed_slot: Option<Timestamp>,
}

/// A taxi for a visitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Taxi {
    /// Initials or ticket number.
    pub visitor: String,
    /// Pickup point.
    pub pickup: String,
    /// Where the visitor goes.
    pub destination: String,
    /// Wanted pickup time.
    pub at: Timestamp,
    /// Phone number for the driver.
    pub phone: String,
    /// Order state.
    pub order: TaxiOrder,
}

/// Looking after a visitor's child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Childcare {
    /// The child's first name only.
    pub child_first_name: String,
    /// Age in years, 0–17.
    pub child_age: u8,
    /// Where the parent is (department, room).
    pub parent_location: String,
    /// When the child was taken in.
    pub start: Timestamp,
    /// When the child was handed back.
    pub end: Option<Timestamp>,
    /// Agreed longest stay, 1–240 minutes; overrunning it is a deadline breach.
    pub max_duration: Minutes,
    /// Initials of whoever took the child back.
    pub handed_back_to: Option<String>,
}

/// Showing a visitor the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Routing {
    /// What the visitor came for.
    pub purpose: String,
    /// Where they were sent, once known.
    pub destination: Option<String>,
}

/// Help at a self-service kiosk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct KioskHelp {
    /// Initials or ticket number.
    pub visitor: String,
    /// The service the visitor wants.
    pub service: String,
}

/// A written request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WrittenRequest {
    /// Registration number of the request.
    pub reference: String,
    /// How it came in (letter, e-mail, portal).
    pub channel: String,
    /// Short summary, at most 500 characters.
    pub summary: String,
    /// When the sender was told the request is being handled.
    pub acknowledged_at: Option<Timestamp>,
}

/// Any other problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NonStandard {
    /// What is going on, at most 500 characters.
    pub description: String,
}

/// The kind-specific part of a task, tagged by `"kind"` on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(not(feature = "openapi"), serde(try_from = "crate::compact::FlatDetails"))]
pub enum TaskDetails {
    /// See [`Escort`].
    Escort(Escort),
    /// See [`AmbulanceArrival`].
    AmbulanceArrival(AmbulanceArrival),
    /// See [`EdRegistration`].
    EdRegistration(EdRegistration),
    /// See [`RelativeMeeting`].
    RelativeMeeting(RelativeMeeting),
    /// See [`Taxi`].
    Taxi(Taxi),
    /// See [`Childcare`].
    Childcare(Childcare),
    /// See [`Routing`].
    Routing(Routing),
    /// See [`KioskHelp`].
    KioskHelp(KioskHelp),
    /// See [`WrittenRequest`].
    WrittenRequest(WrittenRequest),
    /// See [`NonStandard`].
    NonStandard(NonStandard),
}

impl TaskDetails {
    /// How the task names its visitor (initials or ticket; a relative's initials), if it does.
    #[must_use]
    pub fn visitor_label(&self) -> Option<&str> {
        match self {
            TaskDetails::Escort(Escort { visitor, .. })
            | TaskDetails::EdRegistration(EdRegistration { visitor, .. })
            | TaskDetails::Taxi(Taxi { visitor, .. })
            | TaskDetails::KioskHelp(KioskHelp { visitor, .. })
            | TaskDetails::RelativeMeeting(RelativeMeeting { relative: visitor, .. }) => Some(visitor.as_str()),
            _ => None,
        }
        .filter(|v| !v.is_empty())
    }

    /// The moments these details hold, by field name: when a taxi is booked, a meeting's slots, a crew's expected
    /// and actual arrival, a child's care, a written request's acknowledgement.
    #[must_use]
    pub fn times(&self) -> Vec<(&'static str, Timestamp)> {
        let mut times = Vec::new();
        let mut add = |field, at: Option<Timestamp>| times.extend(at.map(|at| (field, at)));
        match self {
            TaskDetails::AmbulanceArrival(a) => {
                add("eta", Some(a.eta));
                add("arrived_at", a.arrived_at);
            }
            TaskDetails::RelativeMeeting(m) => {
                add("requested_slot", Some(m.requested_slot));
                add("confirmed_slot", m.confirmed_slot);
            }
            TaskDetails::Taxi(t) => add("at", Some(t.at)),
            TaskDetails::Childcare(c) => {
                add("start", Some(c.start));
                add("end", c.end);
            }
            TaskDetails::WrittenRequest(w) => add("acknowledged_at", w.acknowledged_at),
            TaskDetails::Escort(_)
            | TaskDetails::EdRegistration(_)
            | TaskDetails::Routing(_)
            | TaskDetails::KioskHelp(_)
            | TaskDetails::NonStandard(_) => {}
        }
        times
    }

    /// Checks that every moment in the details lies within `[earliest, latest]` (a device cannot book a taxi in the
    /// year 9999 or record a crew in the year 1).
    ///
    /// # Errors
    /// `OutOfRange` naming the first field outside, in milliseconds since the epoch.
    pub fn check_times(&self, earliest: Timestamp, latest: Timestamp) -> Result<(), ValidationError> {
        match self.times().into_iter().find(|(_, at)| *at < earliest || *at > latest) {
            Some((field, at)) => {
                Err(ValidationError::OutOfRange { field: field.into(), min: earliest.0, max: latest.0, value: at.0 })
            }
            None => Ok(()),
        }
    }

    /// The kind these details belong to.
    #[must_use]
    pub const fn kind(&self) -> TaskKind {
        match self {
            TaskDetails::Escort(_) => TaskKind::Escort,
            TaskDetails::AmbulanceArrival(_) => TaskKind::AmbulanceArrival,
            TaskDetails::EdRegistration(_) => TaskKind::EdRegistration,
            TaskDetails::RelativeMeeting(_) => TaskKind::RelativeMeeting,
            TaskDetails::Taxi(_) => TaskKind::Taxi,
            TaskDetails::Childcare(_) => TaskKind::Childcare,
            TaskDetails::Routing(_) => TaskKind::Routing,
            TaskDetails::KioskHelp(_) => TaskKind::KioskHelp,
            TaskDetails::WrittenRequest(_) => TaskKind::WrittenRequest,
            TaskDetails::NonStandard(_) => TaskKind::NonStandard,
        }
    }

    /// Checks every field.
    ///
    /// # Errors
    /// The first problem found, naming its field.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self {
            TaskDetails::Escort(d) => {
                required("visitor", &d.visitor, MAX_LABEL_CHARS)?;
                required("from", &d.from, MAX_TEXT_CHARS)?;
                required("to", &d.to, MAX_TEXT_CHARS)
            }
            TaskDetails::AmbulanceArrival(d) => {
                required("crew_number", &d.crew_number, MAX_REFERENCE_CHARS)?;
                required("destination", &d.destination, MAX_TEXT_CHARS)
            }
            TaskDetails::EdRegistration(d) => {
                required("visitor", &d.visitor, MAX_LABEL_CHARS)?;
                optional("crew_number", d.crew_number.as_deref(), MAX_REFERENCE_CHARS)?;
                if d.crew_number.is_some() && d.arrived_by != ArrivalMode::Ambulance {
                    return Err(ValidationError::OnlyWhen {
                        field: Cow::Borrowed("crew_number"),
                        condition: Cow::Borrowed("the patient arrived by ambulance"),
                    });
                }
                Ok(())
            }
            TaskDetails::RelativeMeeting(d) => {
                required("relative", &d.relative, MAX_LABEL_CHARS)?;
                phone("contact", &d.contact)?;
                required("department", &d.department, MAX_TEXT_CHARS)?;
                required("doctor", &d.doctor, MAX_TEXT_CHARS)
            }
            TaskDetails::Taxi(d) => {
                required("visitor", &d.visitor, MAX_LABEL_CHARS)?;
                required("pickup", &d.pickup, MAX_TEXT_CHARS)?;
                required("destination", &d.destination, MAX_TEXT_CHARS)?;
                phone("phone", &d.phone)
            }
            TaskDetails::Childcare(d) => {
                required("child_first_name", &d.child_first_name, MAX_LABEL_CHARS)?;
                in_range("child_age", i64::from(d.child_age), 0, 17)?;
                required("parent_location", &d.parent_location, MAX_TEXT_CHARS)?;
                in_range("max_duration", i64::from(d.max_duration.0), 1, i64::from(MAX_CHILDCARE_MINUTES))?;
                if d.end.is_some_and(|end| end < d.start) {
                    return Err(ValidationError::EndsBeforeStart {
                        field: Cow::Borrowed("end"),
                        start: Cow::Borrowed("start"),
                    });
                }
                optional("handed_back_to", d.handed_back_to.as_deref(), MAX_LABEL_CHARS)?;
                if d.handed_back_to.is_some() && d.end.is_none() {
                    return Err(ValidationError::OnlyWhen {
                        field: Cow::Borrowed("handed_back_to"),
                        condition: Cow::Borrowed("end is set"),
                    });
                }
                Ok(())
            }
            TaskDetails::Routing(d) => {
                required("purpose", &d.purpose, MAX_TEXT_CHARS)?;
                optional("destination", d.destination.as_deref(), MAX_TEXT_CHARS)
            }
            TaskDetails::KioskHelp(d) => {
                required("visitor", &d.visitor, MAX_LABEL_CHARS)?;
                required("service", &d.service, MAX_TEXT_CHARS)
            }
            TaskDetails::WrittenRequest(d) => {
                required("reference", &d.reference, MAX_REFERENCE_CHARS)?;
                required("channel", &d.channel, MAX_TEXT_CHARS)?;
                required("summary", &d.summary, MAX_LONG_TEXT_CHARS)
            }
            TaskDetails::NonStandard(d) => required("description", &d.description, MAX_LONG_TEXT_CHARS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escort() -> Escort {
        Escort {
            visitor: "И.П.".into(),
            from: "Entrance hall".into(),
            to: "X-ray, room 112".into(),
            aid: MobilityAid::Wheelchair,
            patient_ready: false,
        }
    }

    fn ambulance() -> AmbulanceArrival {
        AmbulanceArrival {
            crew_number: "412".into(),
            eta: Timestamp(1_000),
            transport: AmbulanceTransport::Stretcher,
            destination: "Bay 2".into(),
            arrived_at: None,
        }
    }

    fn ed() -> EdRegistration {
        EdRegistration { visitor: "A-017".into(), arrived_by: ArrivalMode::Ambulance, crew_number: Some("412".into()) }
    }

    fn relative() -> RelativeMeeting {
        RelativeMeeting {
            relative: "С.К.".into(),
            contact: "+7 916 123-45-67".into(),
            department: "Cardiology".into(),
            doctor: "Dr. Orlova".into(),
            requested_slot: Timestamp(5_000),
            confirmed_slot: None,
        }
    }

    fn taxi() -> Taxi {
        Taxi {
            visitor: "Б.Н.".into(),
            pickup: "Main entrance".into(),
            destination: "Metro Sokol".into(),
            at: Timestamp(9_000),
            phone: "89161234567".into(),
            order: TaxiOrder::NotOrdered,
        }
    }

    fn childcare() -> Childcare {
        Childcare {
            child_first_name: "Маша".into(),
            child_age: 6,
            parent_location: "Ultrasound, room 204".into(),
            start: Timestamp(0),
            end: None,
            max_duration: Minutes(60),
            handed_back_to: None,
        }
    }

    fn routing() -> Routing {
        Routing { purpose: "Blood test".into(), destination: None }
    }

    fn kiosk() -> KioskHelp {
        KioskHelp { visitor: "Т-042".into(), service: "Appointment booking".into() }
    }

    fn written() -> WrittenRequest {
        WrittenRequest {
            reference: "WR-2024-0117".into(),
            channel: "e-mail".into(),
            summary: "Asks for a copy of the visit schedule".into(),
            acknowledged_at: None,
        }
    }

    fn non_standard() -> NonStandard {
        NonStandard { description: "Visitor lost a bag in the hall".into() }
    }

    fn all_valid() -> Vec<TaskDetails> {
        vec![
            TaskDetails::Escort(escort()),
            TaskDetails::AmbulanceArrival(ambulance()),
            TaskDetails::EdRegistration(ed()),
            TaskDetails::RelativeMeeting(relative()),
            TaskDetails::Taxi(taxi()),
            TaskDetails::Childcare(childcare()),
            TaskDetails::Routing(routing()),
            TaskDetails::KioskHelp(kiosk()),
            TaskDetails::WrittenRequest(written()),
            TaskDetails::NonStandard(non_standard()),
        ]
    }

    fn empty(field: &'static str) -> Result<(), ValidationError> {
        Err(ValidationError::Empty { field: field.into() })
    }

    fn too_long(field: &'static str, max: usize, len: usize) -> Result<(), ValidationError> {
        Err(ValidationError::TooLong { field: field.into(), max, len })
    }

    #[test]
    fn every_kind_has_valid_sample_and_matching_kind() {
        let samples = all_valid();
        let kinds: Vec<TaskKind> = samples.iter().map(TaskDetails::kind).collect();
        assert_eq!(kinds, TaskKind::ALL.to_vec());
        for d in samples {
            assert_eq!(d.validate(), Ok(()), "{d:?}");
        }
    }

    #[test]
    fn only_written_requests_are_not_in_person() {
        for k in TaskKind::ALL {
            assert_eq!(k.is_in_person(), k != TaskKind::WrittenRequest, "{k:?}");
        }
    }

    #[test]
    fn escort_rejects_long_visitor_label_and_blank_destination() {
        let mut d = escort();
        d.visitor = "x".repeat(33);
        assert_eq!(TaskDetails::Escort(d).validate(), too_long("visitor", 32, 33));
        let mut d = escort();
        d.to = " ".into();
        assert_eq!(TaskDetails::Escort(d).validate(), empty("to"));
        let mut d = escort();
        d.from = "x".repeat(121);
        assert_eq!(TaskDetails::Escort(d).validate(), too_long("from", 120, 121));
    }

    #[test]
    fn ambulance_rejects_blank_crew_and_destination() {
        let mut d = ambulance();
        d.crew_number = String::new();
        assert_eq!(TaskDetails::AmbulanceArrival(d).validate(), empty("crew_number"));
        let mut d = ambulance();
        d.destination = "\t".into();
        assert_eq!(TaskDetails::AmbulanceArrival(d).validate(), empty("destination"));
    }

    #[test]
    fn ed_registration_crew_number_only_for_ambulance() {
        let mut d = ed();
        d.arrived_by = ArrivalMode::OnFoot;
        assert_eq!(
            TaskDetails::EdRegistration(d.clone()).validate(),
            Err(ValidationError::OnlyWhen {
                field: "crew_number".into(),
                condition: "the patient arrived by ambulance".into()
            })
        );
        d.crew_number = None;
        assert_eq!(TaskDetails::EdRegistration(d).validate(), Ok(()));
        let mut d = ed();
        d.crew_number = Some(String::new());
        assert_eq!(TaskDetails::EdRegistration(d).validate(), empty("crew_number"));
        let mut d = ed();
        d.visitor = String::new();
        assert_eq!(TaskDetails::EdRegistration(d).validate(), empty("visitor"));
    }

    #[test]
    fn relative_meeting_rejects_bad_phone() {
        let mut d = relative();
        d.contact = "12345".into();
        assert_eq!(
            TaskDetails::RelativeMeeting(d).validate(),
            Err(ValidationError::InvalidPhone { field: "contact".into() })
        );
        let mut d = relative();
        d.doctor = String::new();
        assert_eq!(TaskDetails::RelativeMeeting(d).validate(), empty("doctor"));
    }

    #[test]
    fn taxi_rejects_bad_phone_and_blank_pickup() {
        let mut d = taxi();
        d.phone = "call me".into();
        let err = TaskDetails::Taxi(d).validate().unwrap_err();
        assert_eq!(err.to_string(), "phone must be 10–15 digits, optionally starting with +");
        let mut d = taxi();
        d.pickup = String::new();
        assert_eq!(TaskDetails::Taxi(d).validate(), empty("pickup"));
    }

    #[test]
    fn childcare_bounds() {
        let mut d = childcare();
        d.child_age = 18;
        assert_eq!(
            TaskDetails::Childcare(d).validate(),
            Err(ValidationError::OutOfRange { field: "child_age".into(), min: 0, max: 17, value: 18 })
        );
        let mut d = childcare();
        d.child_age = 0;
        assert_eq!(TaskDetails::Childcare(d).validate(), Ok(()));

        for (minutes, ok) in [(0, false), (1, true), (240, true), (241, false)] {
            let mut d = childcare();
            d.max_duration = Minutes(minutes);
            assert_eq!(TaskDetails::Childcare(d).validate().is_ok(), ok, "{minutes}");
        }
    }

    #[test]
    fn childcare_end_must_not_precede_start_but_may_overrun() {
        let mut d = childcare();
        d.start = Timestamp(10_000);
        d.end = Some(Timestamp(9_999));
        assert_eq!(
            TaskDetails::Childcare(d.clone()).validate(),
            Err(ValidationError::EndsBeforeStart { field: "end".into(), start: "start".into() })
        );
        d.end = Some(Timestamp(10_000).plus_minutes(500));
        d.handed_back_to = Some("мама".into());
        assert_eq!(TaskDetails::Childcare(d).validate(), Ok(()));
    }

    #[test]
    fn childcare_handed_back_needs_an_end() {
        let mut d = childcare();
        d.handed_back_to = Some("мама".into());
        assert!(matches!(TaskDetails::Childcare(d).validate(), Err(ValidationError::OnlyWhen { .. })));
    }

    #[test]
    fn routing_rejects_blank_purpose_and_blank_destination() {
        let mut d = routing();
        d.purpose = String::new();
        assert_eq!(TaskDetails::Routing(d).validate(), empty("purpose"));
        let mut d = routing();
        d.destination = Some("  ".into());
        assert_eq!(TaskDetails::Routing(d).validate(), empty("destination"));
        let mut d = routing();
        d.destination = Some("Lab, 2nd floor".into());
        assert_eq!(TaskDetails::Routing(d).validate(), Ok(()));
    }

    #[test]
    fn kiosk_help_rejects_blank_service() {
        let mut d = kiosk();
        d.service = String::new();
        assert_eq!(TaskDetails::KioskHelp(d).validate(), empty("service"));
    }

    #[test]
    fn written_request_summary_limit() {
        let mut d = written();
        d.summary = "я".repeat(500);
        assert_eq!(TaskDetails::WrittenRequest(d.clone()).validate(), Ok(()));
        d.summary.push('я');
        assert_eq!(TaskDetails::WrittenRequest(d).validate(), too_long("summary", 500, 501));
        let mut d = written();
        d.reference = String::new();
        assert_eq!(TaskDetails::WrittenRequest(d).validate(), empty("reference"));
    }

    #[test]
    fn non_standard_description_limit() {
        let mut d = non_standard();
        d.description = "x".repeat(501);
        assert_eq!(TaskDetails::NonStandard(d).validate(), too_long("description", 500, 501));
        let mut d = non_standard();
        d.description = String::new();
        assert_eq!(TaskDetails::NonStandard(d).validate(), empty("description"));
    }

    #[test]
    fn details_are_tagged_by_kind() {
        let json = serde_json::to_value(TaskDetails::Escort(escort())).unwrap();
        assert_eq!(json["kind"], "escort");
        assert_eq!(json["aid"], "wheelchair");
        assert_eq!(json["patient_ready"], false);
        let json = serde_json::to_value(TaskDetails::Taxi(taxi())).unwrap();
        assert_eq!(json["order"], "not_ordered");
    }

    #[test]
    fn details_round_trip() {
        for d in all_valid() {
            let json = serde_json::to_string(&d).unwrap();
            let back: TaskDetails = serde_json::from_str(&json).unwrap();
            assert_eq!(back, d);
            assert_eq!(serde_json::to_value(&d).unwrap()["kind"], d.kind().as_str());
        }
    }

    #[test]
    fn unknown_kind_fails_to_deserialize() {
        assert!(serde_json::from_str::<TaskDetails>(r#"{"kind":"diagnosis","text":"x"}"#).is_err());
    }

    #[test]
    fn an_unknown_field_is_refused_not_dropped() {
        // A field this version does not know (a diagnosis, say) must not pass silently: it would be lost.
        for d in all_valid() {
            let mut json = serde_json::to_value(&d).unwrap();
            json["diagnosis"] = "x".into();
            let err = serde_json::from_value::<TaskDetails>(json).unwrap_err().to_string();
            assert!(err.contains("unknown field `diagnosis`"), "{}: {err}", d.kind().as_str());
        }
    }

    #[test]
    fn kind_names() {
        for k in TaskKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        assert_eq!(TaskKind::EdRegistration.to_string(), "ED registration");
        assert_eq!(TaskKind::NonStandard.to_string(), "non-standard problem");
    }
}
