//! The steps of each kind's own work, recorded on the card between taking a task and closing it: the patient is
//! ready, the crew was met, the taxi arrived, the child was handed back, the sender was told…
//!
//! The domain decides which steps a kind has, which one it needs next ([`Task::next_steps`]), what a step changes
//! ([`Task::record`], reached through [`crate::Action::Step`]), and which step must be recorded before the task may
//! be completed ([`Task::missing_step`]). What the steps record lives in the kind's details where the kind already
//! had a field for it (`patient_ready`, `arrived_at`, the taxi's `order`, childcare's `end`/`handed_back_to`, the
//! written request's `acknowledged_at`, routing's `destination`), and in [`Progress`] otherwise.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::StaffId;
use crate::kind::{TaskDetails, TaskKind, TaxiOrder, MAX_REFERENCE_CHARS};
use crate::rules::{AlertStage, RuleKind};
use crate::task::Task;
use crate::time::Timestamp;
use crate::validation::{optional, required, ValidationError, MAX_LABEL_CHARS, MAX_LONG_TEXT_CHARS, MAX_TEXT_CHARS};

/// How the sender of a written request was told it is being handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AckChannel {
    /// By phone.
    Phone,
    /// By e-mail.
    Email,
    /// In person.
    InPerson,
    /// By letter.
    Letter,
}

impl AckChannel {
    /// Every channel, in the order a card offers them.
    pub const ALL: [AckChannel; 4] = [AckChannel::Phone, AckChannel::Email, AckChannel::InPerson, AckChannel::Letter];
}

/// What came of helping a visitor at the booking kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum KioskOutcome {
    /// An appointment was booked.
    Booked,
    /// An appointment was moved.
    Rescheduled,
    /// An appointment was cancelled.
    Cancelled,
    /// What the visitor wanted cannot be done at the kiosk.
    NotPossible,
}

impl KioskOutcome {
    /// Every outcome, in the order a card offers them.
    pub const ALL: [KioskOutcome; 4] =
        [KioskOutcome::Booked, KioskOutcome::Rescheduled, KioskOutcome::Cancelled, KioskOutcome::NotPossible];
}

/// Who a child handed back to the parent was handed to, as recorded (a fixed word, shown in the reader's language).
pub const TO_PARENT: &str = "parent";

/// The reasons a card offers for cancelling a task; anything else is typed as free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CancelReason {
    /// The visitor left before being served.
    VisitorLeft,
    /// The same request was recorded twice.
    Duplicate,
    /// The visitor no longer needs it.
    NoLongerNeeded,
}

impl CancelReason {
    /// Every listed reason, in the order a card offers them.
    pub const ALL: [CancelReason; 3] =
        [CancelReason::VisitorLeft, CancelReason::Duplicate, CancelReason::NoLongerNeeded];

    /// The code recorded as the cancellation's reason (and read back by [`CancelReason::from_code`]).
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            CancelReason::VisitorLeft => "visitor_left",
            CancelReason::Duplicate => "duplicate",
            CancelReason::NoLongerNeeded => "no_longer_needed",
        }
    }

    /// The listed reason a recorded reason is, if it is one.
    #[must_use]
    pub fn from_code(reason: &str) -> Option<CancelReason> {
        CancelReason::ALL.into_iter().find(|r| r.code() == reason)
    }
}

/// What a kind's steps recorded that its details have no field for. Empty for a task no step touched (and then
/// left out of its JSON).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Progress {
    /// Escort: why the person is not ready to go (cleared when they are).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_ready_reason: Option<String>,
    /// Escort: when the wheelchair or stretcher was brought to the pickup point (the aid-first rule's step).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aid_at_pickup: Option<Timestamp>,
    /// Ambulance: who met the crew.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crew_met_by: Option<StaffId>,
    /// Ambulance: when the patient was handed over (stops the handover clock).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handed_over_at: Option<Timestamp>,
    /// ED registration: when the patient was registered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_at: Option<Timestamp>,
    /// ED registration: the registration number, if one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_number: Option<String>,
    /// Relatives' meeting: when the relative was told the slot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative_informed_at: Option<Timestamp>,
    /// Taxi: the provider's order reference, if one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taxi_reference: Option<String>,
    /// Written request: how the sender was told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledged_how: Option<AckChannel>,
    /// Kiosk help: what came of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kiosk_outcome: Option<KioskOutcome>,
    /// Non-standard problem: how it was solved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome_note: Option<String>,
}

impl Progress {
    /// Whether no step recorded anything here.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Progress::default()
    }
}

/// One step of a kind's work, tagged by `"step"` on the wire (inside [`crate::Action::Step`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "step", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// Escort: the person is ready to go.
    PatientReady {},
    /// Escort: the person is not ready after all.
    PatientNotReady {
        /// Why (e.g. "still at the X-ray"); must not be blank.
        reason: String,
    },
    /// Escort: the wheelchair or stretcher is at the pickup point (offered once the aid-first rule asked for it).
    AidAtPickup {},
    /// Ambulance: the crew has arrived and was met (starts the handover clock).
    CrewMet {},
    /// Ambulance: the patient was handed over to the department (stops the handover clock).
    HandedOver {},
    /// Ambulance: the crew goes to another bay or department.
    Reroute {
        /// The new bay or department.
        destination: String,
    },
    /// ED registration: the patient is registered.
    Registered {
        /// The registration number, if there is one to note.
        number: Option<String>,
    },
    /// Relatives' meeting: the relative was told the slot.
    RelativeInformed {},
    /// Taxi: the car was ordered.
    TaxiOrdered {
        /// The provider's order reference, if there is one.
        reference: Option<String>,
    },
    /// Taxi: the car is waiting at the pickup point.
    CarArrived {},
    /// Taxi: the visitor has left in it.
    Departed {},
    /// Taxi: the order was cancelled.
    TaxiCancelled {},
    /// Childcare: the child was handed back (now).
    HandedBack {
        /// To whom: a name, or "parent".
        to: String,
    },
    /// Written request: the sender was told the request is being handled.
    Acknowledged {
        /// How.
        how: AckChannel,
    },
    /// Routing: where the visitor was sent (set or changed).
    Destination {
        /// The place.
        to: String,
    },
    /// Kiosk help: what came of it.
    KioskOutcome {
        /// The outcome.
        outcome: KioskOutcome,
    },
    /// Non-standard problem: how it was solved.
    Outcome {
        /// A short note, at most 500 characters.
        note: String,
    },
}

/// The name of a [`Step`], without its data: what a card's button and a refusal name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepName {
    /// [`Step::PatientReady`].
    PatientReady,
    /// [`Step::PatientNotReady`].
    PatientNotReady,
    /// [`Step::AidAtPickup`].
    AidAtPickup,
    /// [`Step::CrewMet`].
    CrewMet,
    /// [`Step::HandedOver`].
    HandedOver,
    /// [`Step::Reroute`].
    Reroute,
    /// [`Step::Registered`].
    Registered,
    /// [`Step::RelativeInformed`].
    RelativeInformed,
    /// [`Step::TaxiOrdered`].
    TaxiOrdered,
    /// [`Step::CarArrived`].
    CarArrived,
    /// [`Step::Departed`].
    Departed,
    /// [`Step::TaxiCancelled`].
    TaxiCancelled,
    /// [`Step::HandedBack`].
    HandedBack,
    /// [`Step::Acknowledged`].
    Acknowledged,
    /// [`Step::Destination`].
    Destination,
    /// [`Step::KioskOutcome`].
    KioskOutcome,
    /// [`Step::Outcome`].
    Outcome,
}

/// What a step asks the person for besides the tap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepInput {
    /// Nothing: one tap.
    None,
    /// A short text; `required` or optional.
    Text {
        /// Whether it may be left empty.
        required: bool,
    },
    /// One of the [`AckChannel`]s.
    AckChannel,
    /// One of the [`KioskOutcome`]s.
    KioskOutcome,
}

impl StepName {
    /// The wire name, e.g. `"crew_met"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            StepName::PatientReady => "patient_ready",
            StepName::PatientNotReady => "patient_not_ready",
            StepName::AidAtPickup => "aid_at_pickup",
            StepName::CrewMet => "crew_met",
            StepName::HandedOver => "handed_over",
            StepName::Reroute => "reroute",
            StepName::Registered => "registered",
            StepName::RelativeInformed => "relative_informed",
            StepName::TaxiOrdered => "taxi_ordered",
            StepName::CarArrived => "car_arrived",
            StepName::Departed => "departed",
            StepName::TaxiCancelled => "taxi_cancelled",
            StepName::HandedBack => "handed_back",
            StepName::Acknowledged => "acknowledged",
            StepName::Destination => "destination",
            StepName::KioskOutcome => "kiosk_outcome",
            StepName::Outcome => "outcome",
        }
    }

    /// Whether the step turns the work aside rather than moving it on (not ready after all, the order cancelled,
    /// another bay): never offered as the next step.
    #[must_use]
    pub const fn is_setback(self) -> bool {
        matches!(self, StepName::PatientNotReady | StepName::TaxiCancelled | StepName::Reroute)
    }

    /// The kind that has this step.
    #[must_use]
    pub const fn kind(self) -> TaskKind {
        match self {
            StepName::PatientReady | StepName::PatientNotReady | StepName::AidAtPickup => TaskKind::Escort,
            StepName::CrewMet | StepName::HandedOver | StepName::Reroute => TaskKind::AmbulanceArrival,
            StepName::Registered => TaskKind::EdRegistration,
            StepName::RelativeInformed => TaskKind::RelativeMeeting,
            StepName::TaxiOrdered | StepName::CarArrived | StepName::Departed | StepName::TaxiCancelled => {
                TaskKind::Taxi
            }
            StepName::HandedBack => TaskKind::Childcare,
            StepName::Acknowledged => TaskKind::WrittenRequest,
            StepName::Destination => TaskKind::Routing,
            StepName::KioskOutcome => TaskKind::KioskHelp,
            StepName::Outcome => TaskKind::NonStandard,
        }
    }

    /// What the step asks for besides the tap.
    #[must_use]
    pub const fn input(self) -> StepInput {
        match self {
            StepName::PatientNotReady
            | StepName::Reroute
            | StepName::HandedBack
            | StepName::Destination
            | StepName::Outcome => StepInput::Text { required: true },
            StepName::Registered | StepName::TaxiOrdered => StepInput::Text { required: false },
            StepName::Acknowledged => StepInput::AckChannel,
            StepName::KioskOutcome => StepInput::KioskOutcome,
            _ => StepInput::None,
        }
    }

    /// The step with the person's input: `text` for a text step (blank is none), `choice` for a choice by its
    /// index in the list [`StepName::input`] names. `None` when a required input is missing.
    #[must_use]
    pub fn with_input(self, text: &str, choice: Option<usize>) -> Option<Step> {
        let text = text.trim();
        let given = (!text.is_empty()).then(|| text.to_owned());
        let needed = || given.clone();
        Some(match self {
            StepName::PatientReady => Step::PatientReady {},
            StepName::PatientNotReady => Step::PatientNotReady { reason: needed()? },
            StepName::AidAtPickup => Step::AidAtPickup {},
            StepName::CrewMet => Step::CrewMet {},
            StepName::HandedOver => Step::HandedOver {},
            StepName::Reroute => Step::Reroute { destination: needed()? },
            StepName::Registered => Step::Registered { number: given },
            StepName::RelativeInformed => Step::RelativeInformed {},
            StepName::TaxiOrdered => Step::TaxiOrdered { reference: given },
            StepName::CarArrived => Step::CarArrived {},
            StepName::Departed => Step::Departed {},
            StepName::TaxiCancelled => Step::TaxiCancelled {},
            StepName::HandedBack => Step::HandedBack { to: needed()? },
            StepName::Acknowledged => Step::Acknowledged { how: *AckChannel::ALL.get(choice?)? },
            StepName::Destination => Step::Destination { to: needed()? },
            StepName::KioskOutcome => Step::KioskOutcome { outcome: *KioskOutcome::ALL.get(choice?)? },
            StepName::Outcome => Step::Outcome { note: needed()? },
        })
    }
}

/// The English words, e.g. "crew met".
impl fmt::Display for StepName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str().replace('_', " "))
    }
}

impl Step {
    /// The step's name.
    #[must_use]
    pub const fn name(&self) -> StepName {
        match self {
            Step::PatientReady {} => StepName::PatientReady,
            Step::PatientNotReady { .. } => StepName::PatientNotReady,
            Step::AidAtPickup {} => StepName::AidAtPickup,
            Step::CrewMet {} => StepName::CrewMet,
            Step::HandedOver {} => StepName::HandedOver,
            Step::Reroute { .. } => StepName::Reroute,
            Step::Registered { .. } => StepName::Registered,
            Step::RelativeInformed {} => StepName::RelativeInformed,
            Step::TaxiOrdered { .. } => StepName::TaxiOrdered,
            Step::CarArrived {} => StepName::CarArrived,
            Step::Departed {} => StepName::Departed,
            Step::TaxiCancelled {} => StepName::TaxiCancelled,
            Step::HandedBack { .. } => StepName::HandedBack,
            Step::Acknowledged { .. } => StepName::Acknowledged,
            Step::Destination { .. } => StepName::Destination,
            Step::KioskOutcome { .. } => StepName::KioskOutcome,
            Step::Outcome { .. } => StepName::Outcome,
        }
    }

    /// Checks the step's own input.
    ///
    /// # Errors
    /// The first problem found, naming its field.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self {
            Step::PatientNotReady { reason } => required("reason", reason, MAX_TEXT_CHARS),
            Step::Reroute { destination } => required("destination", destination, MAX_TEXT_CHARS),
            Step::Registered { number } => optional("number", number.as_deref(), MAX_REFERENCE_CHARS),
            Step::TaxiOrdered { reference } => optional("reference", reference.as_deref(), MAX_REFERENCE_CHARS),
            Step::HandedBack { to } => required("to", to, MAX_LABEL_CHARS),
            Step::Destination { to } => required("to", to, MAX_TEXT_CHARS),
            Step::Outcome { note } => required("note", note, MAX_LONG_TEXT_CHARS),
            _ => Ok(()),
        }
    }
}

impl Task {
    /// The steps this task's kind offers now, the one its work needs next first. Empty for a closed task.
    #[must_use]
    pub fn next_steps(&self) -> Vec<StepName> {
        if self.status.is_terminal() {
            return Vec::new();
        }
        let p = &self.progress;
        match &self.details {
            TaskDetails::Escort(e) if self.started_at.is_none() => {
                // The aid-first rule asked for the wheelchair or stretcher at the pickup point: that comes first.
                let aid = (p.aid_at_pickup.is_none() && self.has_alert(RuleKind::AidFirst, AlertStage::Remind))
                    .then_some(StepName::AidAtPickup);
                let rest = if e.patient_ready {
                    vec![StepName::PatientNotReady]
                } else {
                    vec![StepName::PatientReady, StepName::PatientNotReady]
                };
                aid.into_iter().chain(rest).collect()
            }
            TaskDetails::AmbulanceArrival(a) if p.handed_over_at.is_none() => {
                if a.arrived_at.is_none() {
                    vec![StepName::CrewMet, StepName::Reroute]
                } else {
                    vec![StepName::HandedOver, StepName::Reroute]
                }
            }
            TaskDetails::EdRegistration(_) if p.registered_at.is_none() => vec![StepName::Registered],
            TaskDetails::RelativeMeeting(_) if p.relative_informed_at.is_none() => vec![StepName::RelativeInformed],
            TaskDetails::Taxi(t) => match t.order {
                TaxiOrder::NotOrdered | TaxiOrder::Cancelled => vec![StepName::TaxiOrdered],
                TaxiOrder::Ordered => vec![StepName::CarArrived, StepName::TaxiCancelled],
                TaxiOrder::Arrived => vec![StepName::Departed, StepName::TaxiCancelled],
                TaxiOrder::Departed => Vec::new(),
            },
            TaskDetails::Childcare(c) if c.handed_back_to.is_none() => vec![StepName::HandedBack],
            TaskDetails::WrittenRequest(w) if w.acknowledged_at.is_none() => vec![StepName::Acknowledged],
            TaskDetails::Routing(_) => vec![StepName::Destination],
            TaskDetails::KioskHelp(_) if p.kiosk_outcome.is_none() => vec![StepName::KioskOutcome],
            TaskDetails::NonStandard(_) if p.outcome_note.is_none() => vec![StepName::Outcome],
            _ => Vec::new(),
        }
    }

    /// The step the kind needs recorded before the task may be completed, if one is still missing: the hand-over of
    /// an ambulance patient, the departure (or cancelled order) of a taxi, the hand-back of a child, the
    /// acknowledgement of a written request.
    #[must_use]
    pub fn missing_step(&self) -> Option<StepName> {
        match &self.details {
            TaskDetails::AmbulanceArrival(_) if self.progress.handed_over_at.is_none() => Some(StepName::HandedOver),
            TaskDetails::Taxi(t) if !matches!(t.order, TaxiOrder::Departed | TaxiOrder::Cancelled) => {
                Some(match t.order {
                    TaxiOrder::Ordered => StepName::CarArrived,
                    TaxiOrder::Arrived => StepName::Departed,
                    _ => StepName::TaxiOrdered,
                })
            }
            TaskDetails::Childcare(c) if c.handed_back_to.is_none() => Some(StepName::HandedBack),
            TaskDetails::WrittenRequest(w) if w.acknowledged_at.is_none() => Some(StepName::Acknowledged),
            _ => None,
        }
    }

    /// Records `step` on this task (already checked to be open, of the step's kind, and the actor entitled), at
    /// `at`; false, changing nothing, when the work is not at that step.
    #[must_use]
    pub(crate) fn record(&mut self, step: &Step, actor: &StaffId, at: Timestamp) -> bool {
        if !self.next_steps().contains(&step.name()) {
            return false;
        }
        let p = &mut self.progress;
        match (&mut self.details, step) {
            (TaskDetails::Escort(e), Step::PatientReady {}) => {
                e.patient_ready = true;
                p.not_ready_reason = None;
            }
            (TaskDetails::Escort(_), Step::AidAtPickup {}) => p.aid_at_pickup = Some(at),
            (TaskDetails::Escort(e), Step::PatientNotReady { reason }) => {
                e.patient_ready = false;
                p.not_ready_reason = Some(reason.trim().to_owned());
            }
            (TaskDetails::AmbulanceArrival(a), Step::CrewMet {}) => {
                a.arrived_at = Some(at);
                p.crew_met_by = Some(actor.clone());
            }
            // Never before the crew arrived, whatever a device's clock says.
            (TaskDetails::AmbulanceArrival(a), Step::HandedOver {}) => {
                p.handed_over_at = Some(a.arrived_at.map_or(at, |arrived| at.max(arrived)));
            }
            (TaskDetails::AmbulanceArrival(a), Step::Reroute { destination }) => {
                destination.trim().clone_into(&mut a.destination);
            }
            (TaskDetails::EdRegistration(_), Step::Registered { number }) => {
                p.registered_at = Some(at);
                p.registration_number = number.as_deref().map(str::trim).map(str::to_owned);
            }
            (TaskDetails::RelativeMeeting(_), Step::RelativeInformed {}) => p.relative_informed_at = Some(at),
            (TaskDetails::Taxi(t), Step::TaxiOrdered { reference }) => {
                t.order = TaxiOrder::Ordered;
                p.taxi_reference = reference.as_deref().map(str::trim).map(str::to_owned);
            }
            (TaskDetails::Taxi(t), Step::CarArrived {}) => t.order = TaxiOrder::Arrived,
            (TaskDetails::Taxi(t), Step::Departed {}) => t.order = TaxiOrder::Departed,
            (TaskDetails::Taxi(t), Step::TaxiCancelled {}) => t.order = TaxiOrder::Cancelled,
            (TaskDetails::Childcare(c), Step::HandedBack { to }) => {
                c.end = Some(at.max(c.start));
                c.handed_back_to = Some(to.trim().to_owned());
            }
            (TaskDetails::WrittenRequest(w), Step::Acknowledged { how }) => {
                w.acknowledged_at = Some(at);
                p.acknowledged_how = Some(*how);
            }
            (TaskDetails::Routing(r), Step::Destination { to }) => r.destination = Some(to.trim().to_owned()),
            (TaskDetails::KioskHelp(_), Step::KioskOutcome { outcome }) => p.kiosk_outcome = Some(*outcome),
            (TaskDetails::NonStandard(_), Step::Outcome { note }) => p.outcome_note = Some(note.trim().to_owned()),
            // Unreachable: the next steps are all of the task's kind.
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadline::{DeadlineStatus, DeadlineTable};
    use crate::ids::{SiteId, TaskId, ZoneId};
    use crate::kind::{
        AmbulanceArrival, AmbulanceTransport, ArrivalMode, Childcare, EdRegistration, Escort, KioskHelp, MobilityAid,
        NonStandard, RelativeMeeting, Routing, Taxi, WrittenRequest,
    };
    use crate::priority::Priority;
    use crate::role::Role;
    use crate::state::{Action, Actor, TransitionError};
    use crate::task::{NewTask, TaskStatus};
    use crate::time::Minutes;

    const T0: Timestamp = Timestamp(1_795_500_000_000);

    fn at(min: i64) -> Timestamp {
        T0.plus_minutes(min)
    }

    fn who(id: &str, role: Role) -> Actor {
        Actor { staff: StaffId::new(id).unwrap(), role }
    }

    fn admin() -> Actor {
        who("anna", Role::Administrator)
    }

    fn task(details: TaskDetails) -> Task {
        Task::new(NewTask {
            id: TaskId::new("t").unwrap(),
            site: SiteId::new("s").unwrap(),
            zone: ZoneId::new("z").unwrap(),
            case_id: None,
            priority: Priority::Normal,
            details,
            created_by: admin().staff,
            met_at: T0,
            created_at: T0,
        })
        .unwrap()
    }

    fn step(t: &Task, step: Step, min: i64) -> Result<Task, TransitionError> {
        t.apply(&admin(), &Action::Step { step }, at(min))
    }

    /// Claims the task as anna and starts it (after `before`, the steps the start needs).
    fn taken(t: &Task, before: &[Step]) -> Task {
        let mut t = t.apply(&admin(), &Action::Claim, at(1)).unwrap();
        for s in before {
            t = step(&t, s.clone(), 1).unwrap();
        }
        t.apply(&admin(), &Action::Start, at(2)).unwrap()
    }

    fn complete(t: &Task, min: i64) -> Result<Task, TransitionError> {
        t.apply(&admin(), &Action::Complete { rating: None }, at(min))
    }

    #[test]
    fn an_escort_waits_for_the_patient_then_goes() {
        let escort = task(TaskDetails::Escort(Escort {
            visitor: "Б-042".into(),
            from: "Холл".into(),
            to: "Рентген".into(),
            aid: MobilityAid::Wheelchair,
            patient_ready: false,
        }));
        assert_eq!(escort.next_steps(), [StepName::PatientReady, StepName::PatientNotReady]);
        let claimed = escort.apply(&admin(), &Action::Claim, at(1)).unwrap();
        assert_eq!(claimed.apply(&admin(), &Action::Start, at(1)), Err(TransitionError::PatientNotReady));
        let waiting = step(&claimed, Step::PatientNotReady { reason: " на рентгене ".into() }, 2).unwrap();
        assert_eq!(waiting.progress.not_ready_reason.as_deref(), Some("на рентгене"));
        assert!(matches!(
            step(&claimed, Step::PatientNotReady { reason: "  ".into() }, 2),
            Err(TransitionError::Invalid { .. })
        ));
        let ready = step(&waiting, Step::PatientReady {}, 3).unwrap();
        assert!(matches!(&ready.details, TaskDetails::Escort(e) if e.patient_ready));
        assert_eq!(
            (ready.progress.not_ready_reason.as_ref(), ready.next_steps()),
            (None, vec![StepName::PatientNotReady])
        );
        let going = ready.apply(&admin(), &Action::Start, at(4)).unwrap();
        assert!(going.next_steps().is_empty(), "once under way the steps are over");
        assert_eq!(complete(&going, 9).unwrap().status, TaskStatus::Done);
        // Someone with nothing to do with the task records nothing; another kind's step is refused as such.
        let stranger = who("boris", Role::Administrator);
        let ready_step = Action::Step { step: Step::PatientReady {} };
        assert_eq!(claimed.apply(&stranger, &ready_step, at(2)), Err(TransitionError::NotYourTask));
        assert_eq!(
            step(&claimed, Step::CrewMet {}, 2),
            Err(TransitionError::StepNotForKind { step: StepName::CrewMet, kind: TaskKind::Escort })
        );
    }

    #[test]
    fn an_ambulance_is_met_rerouted_and_handed_over_on_its_own_clock() {
        let crew = task(TaskDetails::AmbulanceArrival(AmbulanceArrival {
            crew_number: "СМП 12".into(),
            eta: at(10),
            transport: AmbulanceTransport::Stretcher,
            destination: "Бокс 1".into(),
            arrived_at: None,
        }));
        let table = DeadlineTable::standard();
        assert_eq!(crew.next_steps(), [StepName::CrewMet, StepName::Reroute]);
        assert_eq!(
            step(&crew, Step::HandedOver {}, 1),
            Err(TransitionError::StepNotNow { step: StepName::HandedOver })
        );
        let crew = step(&crew, Step::Reroute { destination: "Бокс 3".into() }, 1).unwrap();
        assert!(matches!(&crew.details, TaskDetails::AmbulanceArrival(a) if a.destination == "Бокс 3"));
        let met = taken(&crew, &[Step::CrewMet {}]);
        // Met by a device whose clock runs a little ahead: the handover clock runs, it is not "upcoming".
        let ahead = step(&crew, Step::CrewMet {}, 5).unwrap();
        assert!(matches!(table.status(&ahead, Timestamp(at(5).0 - 2_000)), DeadlineStatus::OnTrack { .. }));
        assert!(matches!(&met.details, TaskDetails::AmbulanceArrival(a) if a.arrived_at == Some(at(1))));
        assert_eq!(met.progress.crew_met_by, Some(admin().staff));
        assert_eq!(complete(&met, 5), Err(TransitionError::StepMissing { step: StepName::HandedOver }));
        let handed = step(&met, Step::HandedOver {}, 9).unwrap();
        let skewed = step(&met, Step::HandedOver {}, -30).unwrap();
        assert_eq!(skewed.progress.handed_over_at, Some(at(1)), "never before the crew arrived");
        assert_eq!(table.status(&handed, at(60)), DeadlineStatus::Met, "the hand-over stops the clock");
        assert_eq!(complete(&handed, 60).unwrap().status, TaskStatus::Done);
    }

    #[test]
    fn a_taxi_is_ordered_arrives_and_leaves_and_its_clock_runs_from_the_pickup() {
        let taxi = task(TaskDetails::Taxi(Taxi {
            visitor: "И.П.".into(),
            pickup: "Вход".into(),
            destination: "Дом".into(),
            at: at(60),
            phone: "+7 900 000-00-00".into(),
            order: TaxiOrder::NotOrdered,
        }));
        let table = DeadlineTable::standard();
        assert_eq!(table.status(&taxi, at(30)), DeadlineStatus::Upcoming { starts_in_ms: 30 * 60_000 });
        assert!(!table.breached(&taxi, at(59)), "booked for later is not late");
        assert!(matches!(table.status(&taxi, Timestamp(at(60).0 - 30_000)), DeadlineStatus::OnTrack { .. }), "due");
        assert!(table.breached(&taxi, at(76)));
        assert_eq!(
            step(&taxi, Step::CarArrived {}, 1),
            Err(TransitionError::StepNotNow { step: StepName::CarArrived })
        );
        let ordered = step(&taxi, Step::TaxiOrdered { reference: Some("A-77".into()) }, 1).unwrap();
        assert_eq!(ordered.progress.taxi_reference.as_deref(), Some("A-77"));
        assert_eq!(ordered.next_steps(), [StepName::CarArrived, StepName::TaxiCancelled]);
        let taken = taken(&ordered, &[]);
        assert_eq!(complete(&taken, 3), Err(TransitionError::StepMissing { step: StepName::CarArrived }));
        let arrived = step(&taken, Step::CarArrived {}, 58).unwrap();
        assert_eq!(complete(&arrived, 3), Err(TransitionError::StepMissing { step: StepName::Departed }));
        let gone = step(&arrived, Step::Departed {}, 61).unwrap();
        assert!(matches!(&gone.details, TaskDetails::Taxi(t) if t.order == TaxiOrder::Departed));
        assert_eq!(complete(&gone, 61).unwrap().status, TaskStatus::Done);
        let mut late = taken.clone();
        if let TaskDetails::Taxi(x) = &mut late.details {
            x.order = TaxiOrder::NotOrdered;
        }
        assert_eq!(complete(&late, 3), Err(TransitionError::StepMissing { step: StepName::TaxiOrdered }));
        // A cancelled order may be placed again.
        let cancelled = step(&ordered, Step::TaxiCancelled {}, 2).unwrap();
        assert_eq!(cancelled.next_steps(), [StepName::TaxiOrdered]);
    }

    #[test]
    fn a_child_is_handed_back_before_the_task_is_done() {
        let care = task(TaskDetails::Childcare(Childcare {
            child_first_name: "Маша".into(),
            child_age: 5,
            parent_location: "Каб. 214".into(),
            start: T0,
            end: None,
            max_duration: Minutes(60),
            handed_back_to: None,
        }));
        let care = taken(&care, &[]);
        assert_eq!(complete(&care, 30), Err(TransitionError::StepMissing { step: StepName::HandedBack }));
        let back = step(&care, Step::HandedBack { to: "мама".into() }, 40).unwrap();
        assert!(matches!(&back.details, TaskDetails::Childcare(c)
            if c.end == Some(at(40)) && c.handed_back_to.as_deref() == Some("мама")));
        assert_eq!(
            step(&back, Step::HandedBack { to: "папа".into() }, 41),
            Err(TransitionError::StepNotNow { step: StepName::HandedBack })
        );
        // Handed back within the agreed hour: the clock has stopped, however late the task is closed.
        let table = DeadlineTable::standard();
        assert!(matches!(table.status(&care, at(90)), DeadlineStatus::Breached { .. }), "kept past the hour");
        assert_eq!(table.status(&back, at(90)), DeadlineStatus::Met);
        assert_eq!(complete(&back, 41).unwrap().status, TaskStatus::Done);
    }

    #[test]
    fn a_planned_escort_is_upcoming_until_a_minute_before_its_time() {
        let mut planned = task(TaskDetails::Escort(Escort {
            visitor: "Б-7".into(),
            from: "Вход".into(),
            to: "Рентген".into(),
            aid: MobilityAid::Walking,
            patient_ready: true,
        }));
        planned.met_at = at(30);
        let table = DeadlineTable::standard();
        assert_eq!(table.status(&planned, at(0)), DeadlineStatus::Upcoming { starts_in_ms: 30 * 60_000 });
        assert!(matches!(table.status(&planned, at(29)), DeadlineStatus::Upcoming { .. }), "a minute ahead");
        assert!(matches!(table.status(&planned, Timestamp(at(30).0 - 59_000)), DeadlineStatus::OnTrack { .. }));
        assert!(table.breached(&planned, at(46)), "15 minutes after its time");
    }

    #[test]
    fn a_written_request_is_acknowledged_as_its_own_step() {
        let letter = task(TaskDetails::WrittenRequest(WrittenRequest {
            reference: "№ 15".into(),
            channel: "e-mail".into(),
            summary: "Вопрос о записи".into(),
            acknowledged_at: None,
        }));
        let table = DeadlineTable::standard();
        let taken = taken(&letter, &[]);
        assert_eq!(taken.service_started_at(), None, "taking it tells the sender nothing");
        assert_eq!(complete(&taken, 5), Err(TransitionError::StepMissing { step: StepName::Acknowledged }));
        let told = step(&taken, Step::Acknowledged { how: AckChannel::Phone }, 90).unwrap();
        assert_eq!(
            (told.service_started_at(), told.progress.acknowledged_how),
            (Some(at(90)), Some(AckChannel::Phone))
        );
        assert!(!table.breached(&told, at(25 * 60)));
        // A detail edit does not acknowledge (nor un-acknowledge).
        let TaskDetails::WrittenRequest(w) = &letter.details else { unreachable!() };
        let sneaky = TaskDetails::WrittenRequest(WrittenRequest { acknowledged_at: Some(at(1)), ..w.clone() });
        assert_eq!(letter.update_details(&admin(), sneaky).unwrap().service_started_at(), None);
        assert_eq!(complete(&told, 95).unwrap().status, TaskStatus::Done);
    }

    #[test]
    fn the_other_kinds_record_their_outcome() {
        let reg = task(TaskDetails::EdRegistration(EdRegistration {
            visitor: "К.Л.".into(),
            arrived_by: ArrivalMode::OnFoot,
            crew_number: None,
        }));
        let reg = step(&reg, Step::Registered { number: Some("2026-15".into()) }, 3).unwrap();
        assert_eq!(
            (reg.progress.registered_at, reg.progress.registration_number.as_deref()),
            (Some(at(3)), Some("2026-15"))
        );
        assert!(reg.next_steps().is_empty());

        let meeting = task(TaskDetails::RelativeMeeting(RelativeMeeting {
            relative: "Сын".into(),
            contact: "+7 900 000-00-00".into(),
            department: "Терапия".into(),
            doctor: "Врач".into(),
            requested_slot: at(60),
            confirmed_slot: None,
        }));
        let table = DeadlineTable::standard();
        assert!(matches!(table.status(&meeting, at(10)), DeadlineStatus::Upcoming { .. }), "not late an hour ahead");
        let informed = step(&meeting, Step::RelativeInformed {}, 5).unwrap();
        assert_eq!(informed.progress.relative_informed_at, Some(at(5)));

        let routing = task(TaskDetails::Routing(Routing { purpose: "Справка".into(), destination: None }));
        let routing = step(&routing, Step::Destination { to: "Каб. 101".into() }, 1).unwrap();
        let routing = step(&routing, Step::Destination { to: "Каб. 102".into() }, 2).unwrap();
        assert!(matches!(&routing.details, TaskDetails::Routing(r) if r.destination.as_deref() == Some("Каб. 102")));

        let kiosk =
            task(TaskDetails::KioskHelp(KioskHelp { visitor: "А.Б.".into(), service: "Запись".into() }));
        let kiosk = step(&kiosk, Step::KioskOutcome { outcome: KioskOutcome::Rescheduled }, 1).unwrap();
        assert_eq!(kiosk.progress.kiosk_outcome, Some(KioskOutcome::Rescheduled));

        let other = task(TaskDetails::NonStandard(NonStandard { description: "Потерял пропуск".into() }));
        let other = step(&other, Step::Outcome { note: "Выдан временный".into() }, 1).unwrap();
        assert_eq!(other.progress.outcome_note.as_deref(), Some("Выдан временный"));
        assert!(other.next_steps().is_empty());
    }

    #[test]
    fn the_holder_may_cancel_with_a_listed_reason() {
        let mut t = task(TaskDetails::NonStandard(NonStandard { description: "x".into() }));
        t.created_by = StaffId::new("creator").unwrap();
        let held = t.apply(&admin(), &Action::Claim, at(1)).unwrap();
        let reason = CancelReason::VisitorLeft.code().to_owned();
        let cancelled = held.apply(&admin(), &Action::Cancel { reason: reason.clone() }, at(2)).unwrap();
        assert_eq!(cancelled.status, TaskStatus::Cancelled);
        assert_eq!(
            cancelled.cancel_reason.as_deref().and_then(CancelReason::from_code),
            Some(CancelReason::VisitorLeft)
        );
        assert_eq!(CancelReason::from_code("ушёл"), None);
        let stranger = who("boris", Role::Administrator);
        assert!(matches!(
            held.apply(&stranger, &Action::Cancel { reason }, at(2)),
            Err(TransitionError::NotAllowed { .. })
        ));
    }

    #[test]
    fn a_step_built_from_input_needs_what_it_asks_for() {
        assert_eq!(StepName::HandedBack.with_input("  ", None), None);
        assert_eq!(StepName::HandedBack.with_input(" мама ", None), Some(Step::HandedBack { to: "мама".into() }));
        assert_eq!(StepName::TaxiOrdered.with_input("", None), Some(Step::TaxiOrdered { reference: None }));
        assert_eq!(
            StepName::Acknowledged.with_input("", Some(2)),
            Some(Step::Acknowledged { how: AckChannel::InPerson })
        );
        assert_eq!(StepName::KioskOutcome.with_input("", Some(9)), None);
        for name in [StepName::CrewMet, StepName::Outcome, StepName::Acknowledged] {
            let json = serde_json::to_value(name.with_input("x", Some(0)).unwrap()).unwrap();
            assert_eq!(json["step"], name.as_str());
        }
        let wire = r#"{"action":"step","step":{"step":"crew_met","extra":1}}"#;
        assert!(serde_json::from_str::<Action>(wire).is_err(), "unknown fields are refused");
    }
}
