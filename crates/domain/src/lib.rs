//! FloorDesk domain model: tasks of hospital floor administrators, ED
//! coordinators and supervisors, their state machine, hand-off counting,
//! service-standard deadlines and visitor cases.
//!
//! The crate is pure: no IO, no clock, no randomness. Every moment is passed in
//! as a [`Timestamp`]. Visitors are identified only by short labels (initials or
//! a ticket number), never by medical data.

pub mod calendar;
pub mod case;
pub mod compact;
pub mod contact;
pub mod deadline;
pub mod dispatch;
pub mod handoff;
pub mod ids;
pub mod kind;
pub mod kpi;
pub mod presence;
pub mod priority;
pub mod rating;
pub mod retention;
pub mod role;
pub mod rules;
pub mod site;
pub mod staff_import;
pub mod state;
pub mod step;
pub mod task;
pub mod tick;
pub mod time;
pub mod validation;
pub mod visibility;

pub use calendar::{
    parse_date, BadHours, ClockShift, DayHours, OpeningHours, SiteCalendar, SiteClock, UnknownTimeZone, WorkingDays,
    DEFAULT_TIME_ZONE, MAX_DAYS_OFF, RUSSIAN_HOLIDAYS,
};
pub use case::{overall_wait_minutes, visit_order, visitor_of, CaseError, VisitorCase};
pub use contact::{checked_purposes, common_purposes, quick_contact, MAX_PURPOSES, MAX_PURPOSE_CHARS};
pub use deadline::{
    started_within_deadline, wait_minutes, ClockFrom, Completion, DeadlineRule, DeadlineStatus, DeadlineTable, Due,
    AMBULANCE_HANDOVER_MINUTES, AMBULANCE_MEET_MINUTES, APPROACHING_MS, IN_PERSON_START_MINUTES, WRITTEN_ACK_MINUTES,
    WRITTEN_RESOLVE_WORKING_DAYS,
};
pub use dispatch::{Choice, DispatchMode, Staffing, ZoneDispatch, MAX_LOAD};
pub use handoff::{change_holder, HolderChange, MAX_HANDOFFS};
pub use ids::{check_id, CaseId, IdError, SiteId, StaffId, StoryId, TaskId, TemplateId, ZoneId, MAX_ID_LEN};
pub use kind::{
    AmbulanceArrival, AmbulanceTransport, ArrivalMode, Childcare, EdRegistration, Escort, KioskHelp, MobilityAid,
    NonStandard, RelativeMeeting, Routing, TaskDetails, TaskKind, Taxi, TaxiOrder, WrittenRequest,
    MAX_CHILDCARE_MINUTES, MAX_REFERENCE_CHARS,
};
pub use kpi::{
    HourKpi, KindKpi, KpiCell, KpiReport, PersonKpi, Problem, ProblemKind, PurposeKpi, RulesKpi, ZoneKpi, LOW_RATING,
    WAIT_STANDARD_MINUTES,
};
pub use presence::{Activity, Presence, PresenceChange, PresenceError, MAX_BREAK_MINUTES};
pub use priority::Priority;
pub use rating::{Rating, MAX_SCORE, MIN_SCORE};
pub use retention::{DEFAULT_RETENTION_DAYS, ERASED, MAX_RETENTION_DAYS};
pub use role::{Permission, Role};
pub use rules::{Alert, AlertStage, Audience, RuleKind, RuleSetting, RulesError, SiteRules, RULES_STAFF};
pub use site::SiteKind;
pub use staff_import::{
    plan_import, role_of_position, FileError, ImportInto, ImportLine, LineError, LineOutcome, Person, MAX_IMPORT_BYTES,
    MAX_IMPORT_LINES,
};
pub use state::{Action, ActionName, Actor, Giving, TransitionError, CLOCK_TOLERANCE_MINUTES};
pub use step::{AckChannel, CancelReason, KioskOutcome, Progress, Step, StepInput, StepName, TO_PARENT};
pub use task::{NewTask, Task, TaskStatus};
pub use tick::{made_task_id, rules_staff, tick, Effect, Firing, Floor};
pub use time::{Minutes, Timestamp, MILLIS_PER_MINUTE};
pub use validation::{has_control, ValidationError, MAX_LABEL_CHARS, MAX_LONG_TEXT_CHARS, MAX_TEXT_CHARS};
pub use visibility::{in_pool, FeedScope};
