//! Proactive service: the rules a site runs over its floor, their settings, and what a rule leaves on a task (an
//! [`Alert`]: a reminder to its holder, an escalation to the supervisors, a breach recorded, a suggested person).
//!
//! The rules themselves — which fire now — are [`crate::tick`]; who may be given work is [`crate::dispatch`].

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::dispatch::ZoneDispatch;
use crate::ids::{StaffId, ZoneId};
use crate::site::SiteKind;
use crate::task::Task;
use crate::time::Timestamp;

/// The staff id rules act as: in the audit log, as the creator of the tasks they make, and as who gave a task
/// dispatched automatically. No person has it (see [`StaffId::is_reserved`]).
pub const RULES_STAFF: &str = "rules";

impl StaffId {
    /// Whether the id is kept for the system ([`RULES_STAFF`]): no person may have it.
    #[must_use]
    pub fn is_reserved(&self) -> bool {
        self.as_str() == RULES_STAFF
    }
}

/// A rule a site runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// An ambulance crew due within N minutes that nobody is to meet: the arrival (which is the meeting of the
    /// crew) becomes an emergency and is given to a free person of its zone, else the supervisors are told.
    CrewDue,
    /// An escort in a wheelchair or on a stretcher: its holder is told to bring the aid to the pickup point first.
    AidFirst,
    /// An in-person task not started M minutes after the visitor was met: its holder is reminded.
    StartReminder,
    /// An in-person task not started M minutes after the visitor was met: the supervisors are told; when its start
    /// deadline breaks, at once.
    StartEscalation,
    /// A task nobody has taken K minutes after it was recorded: offered to a person of its zone (suggested to the
    /// supervisors), else the supervisors are told.
    Unassigned,
    /// Childcare N minutes before its agreed longest stay: its holder and the parent's escort are reminded; past
    /// it, the supervisors are told.
    ChildcareEnding,
    /// A written request not acknowledged N minutes after it was received: the supervisors are told; at 24 hours a
    /// breach is recorded.
    WrittenAck,
    /// A rating of 1 or 2: a follow-up task for the supervisors ("talk to the visitor"), in the same visitor case.
    LowRating,
    /// A visitor case with open tasks in several zones: one person is named its owner ("one window").
    CaseOwner,
    /// Not a rule of its own: a zone's dispatch (suggest or give at once, see [`crate::dispatch`]).
    Dispatch,
}

impl RuleKind {
    /// The rules a site tunes, in the order they are listed.
    pub const TUNABLE: [RuleKind; 9] = [
        RuleKind::CrewDue,
        RuleKind::AidFirst,
        RuleKind::StartReminder,
        RuleKind::StartEscalation,
        RuleKind::Unassigned,
        RuleKind::ChildcareEnding,
        RuleKind::WrittenAck,
        RuleKind::LowRating,
        RuleKind::CaseOwner,
    ];

    /// The wire name, e.g. `"crew_due"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            RuleKind::CrewDue => "crew_due",
            RuleKind::AidFirst => "aid_first",
            RuleKind::StartReminder => "start_reminder",
            RuleKind::StartEscalation => "start_escalation",
            RuleKind::Unassigned => "unassigned",
            RuleKind::ChildcareEnding => "childcare_ending",
            RuleKind::WrittenAck => "written_ack",
            RuleKind::LowRating => "low_rating",
            RuleKind::CaseOwner => "case_owner",
            RuleKind::Dispatch => "dispatch",
        }
    }

    /// The range its threshold in minutes may take, and its usual value; `None` for a rule without one.
    #[must_use]
    pub const fn threshold(self) -> Option<(u32, u32, u32)> {
        match self {
            RuleKind::CrewDue => Some((1, 120, 15)),
            RuleKind::StartReminder => Some((1, 14, 7)),
            RuleKind::StartEscalation => Some((1, 14, 11)),
            RuleKind::Unassigned => Some((1, 60, 3)),
            RuleKind::ChildcareEnding => Some((1, 60, 15)),
            // A written request's acknowledgement is due at 24 hours.
            RuleKind::WrittenAck => Some((60, 1439, 1200)),
            RuleKind::AidFirst | RuleKind::LowRating | RuleKind::CaseOwner | RuleKind::Dispatch => None,
        }
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a site runs one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RuleSetting {
    /// The rule.
    pub rule: RuleKind,
    /// Whether it runs.
    pub on: bool,
    /// Its threshold in minutes, for a rule that has one ([`RuleKind::threshold`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// Whether it runs around the clock, or only while the site is open.
    pub always: bool,
}

/// A site's rules and its zones' dispatch, as its supervisors tune them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SiteRules {
    /// Every tunable rule once, in [`RuleKind::TUNABLE`] order.
    pub rules: Vec<RuleSetting>,
    /// Each zone's dispatch; a zone not listed keeps [`ZoneDispatch::usual`].
    #[serde(default)]
    pub zones: BTreeMap<ZoneId, ZoneDispatch>,
}

/// Why rule settings were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "code", rename_all = "snake_case", deny_unknown_fields)]
pub enum RulesError {
    /// A rule is missing, listed twice, or is not tunable.
    #[error("every rule must be listed once: {rule} is missing, repeated or not a rule")]
    Listing {
        /// The rule.
        rule: RuleKind,
    },
    /// A threshold outside its range, or one given to a rule without one, or missing.
    #[error("the threshold of {rule} must be {min} to {max} minutes")]
    Threshold {
        /// The rule.
        rule: RuleKind,
        /// The least allowed.
        min: u32,
        /// The most allowed.
        max: u32,
    },
    /// The reminder must come before the supervisors are told.
    #[error("the reminder must come before the supervisors are told")]
    ReminderAfterEscalation,
    /// A zone's reserve is out of range.
    #[error("a zone keeps 0 to 20 people or 0 to 100 % of its people in reserve")]
    Reserve,
}

impl SiteRules {
    /// The rules a site of `kind` starts with: all on; an emergency centre runs them around the clock, a polyclinic
    /// while it is open.
    #[must_use]
    pub fn usual(kind: SiteKind) -> SiteRules {
        let always = kind == SiteKind::EmergencyCentre;
        let rules = RuleKind::TUNABLE
            .into_iter()
            .map(|rule| RuleSetting {
                rule,
                // A polyclinic receives no ambulance crews.
                on: !(rule == RuleKind::CrewDue && kind != SiteKind::EmergencyCentre),
                minutes: rule.threshold().map(|(_, _, usual)| usual),
                always,
            })
            .collect();
        SiteRules { rules, zones: BTreeMap::new() }
    }

    /// Refuses settings a supervisor may not keep: every rule once, thresholds in range, the reminder before the
    /// escalation, reserves in range.
    ///
    /// # Errors
    /// What is wrong, first found first.
    pub fn check(&self) -> Result<(), RulesError> {
        for rule in RuleKind::TUNABLE {
            if self.rules.iter().filter(|s| s.rule == rule).count() != 1 {
                return Err(RulesError::Listing { rule });
            }
        }
        if let Some(s) = self.rules.iter().find(|s| !RuleKind::TUNABLE.contains(&s.rule)) {
            return Err(RulesError::Listing { rule: s.rule });
        }
        for s in &self.rules {
            match (s.rule.threshold(), s.minutes) {
                (None, None) => {}
                (Some((min, max, _)), Some(m)) if (min..=max).contains(&m) => {}
                (range, _) => {
                    let (min, max, _) = range.unwrap_or((0, 0, 0));
                    return Err(RulesError::Threshold { rule: s.rule, min, max });
                }
            }
        }
        if self.minutes(RuleKind::StartReminder) >= self.minutes(RuleKind::StartEscalation)
            && self.get(RuleKind::StartReminder).on
            && self.get(RuleKind::StartEscalation).on
        {
            return Err(RulesError::ReminderAfterEscalation);
        }
        if self.zones.values().any(|z| z.reserve_people > 20 || z.reserve_percent > 100) {
            return Err(RulesError::Reserve);
        }
        Ok(())
    }

    /// How the site runs `rule` (off when it is not listed).
    #[must_use]
    pub fn get(&self, rule: RuleKind) -> RuleSetting {
        self.rules.iter().find(|s| s.rule == rule).copied().unwrap_or(RuleSetting {
            rule,
            on: false,
            minutes: None,
            always: false,
        })
    }

    /// The threshold of `rule` in minutes (its usual one when none is set).
    #[must_use]
    pub fn minutes(&self, rule: RuleKind) -> i64 {
        i64::from(self.get(rule).minutes.or(rule.threshold().map(|(_, _, usual)| usual)).unwrap_or(0))
    }

    /// Whether `rule` runs now: on, and the site open or the rule around the clock.
    #[must_use]
    pub fn runs(&self, rule: RuleKind, open: bool) -> bool {
        let s = self.get(rule);
        s.on && (open || s.always)
    }

    /// The dispatch of `zone`.
    #[must_use]
    pub fn zone(&self, zone: &ZoneId) -> ZoneDispatch {
        self.zones.get(zone).copied().unwrap_or_else(ZoneDispatch::usual)
    }
}

/// How far a rule has gone with a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlertStage {
    /// The holder is reminded (or told what to do first).
    Remind,
    /// A person is suggested to the supervisors: one tap gives the task.
    Suggest,
    /// The supervisors are told.
    Escalate,
    /// The standard broke: recorded, and the supervisors are told.
    Breach,
}

impl AlertStage {
    /// The wire name, e.g. `"remind"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            AlertStage::Remind => "remind",
            AlertStage::Suggest => "suggest",
            AlertStage::Escalate => "escalate",
            AlertStage::Breach => "breach",
        }
    }
}

/// Who an alert is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Whoever holds the task.
    Holder,
    /// The site's supervisors and coordinators.
    Supervisors,
}

/// What a rule left on a task: once per rule and stage, never removed; handled by the next thing a person does to
/// the task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Alert {
    /// The rule.
    pub rule: RuleKind,
    /// How far it went.
    pub stage: AlertStage,
    /// Who it is for.
    pub to: Audience,
    /// When it fired (the server's clock).
    pub at: Timestamp,
    /// The person reminded, or suggested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<StaffId>,
    /// When a person next acted on the task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handled_at: Option<Timestamp>,
}

impl Alert {
    /// Whether it still waits for someone to act.
    #[must_use]
    pub const fn is_open(&self) -> bool {
        self.handled_at.is_none()
    }
}

impl Task {
    /// Whether a rule went this far with the task already.
    #[must_use]
    pub fn has_alert(&self, rule: RuleKind, stage: AlertStage) -> bool {
        self.alerts.iter().any(|a| a.rule == rule && a.stage == stage)
    }

    /// What asks the supervisors' attention now: the oldest alert for them that nobody acted on, on an open task.
    #[must_use]
    pub fn attention(&self) -> Option<&Alert> {
        if self.status.is_terminal() {
            return None;
        }
        self.alerts.iter().filter(|a| a.to == Audience::Supervisors && a.is_open()).min_by_key(|a| a.at)
    }

    /// What reminds its holder now: the newest reminder for them that nobody acted on, on an open task.
    #[must_use]
    pub fn reminder(&self) -> Option<&Alert> {
        if self.status.is_terminal() {
            return None;
        }
        self.alerts.iter().filter(|a| a.to == Audience::Holder && a.is_open()).max_by_key(|a| a.at)
    }

    /// Marks every open alert handled at `at`: a person acted on the task.
    pub(crate) fn settle_alerts(&mut self, at: Timestamp) {
        for alert in self.alerts.iter_mut().filter(|a| a.is_open()) {
            alert.handled_at = Some(at.max(alert.at));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_rules_are_valid_and_listed_once() {
        for kind in [SiteKind::Polyclinic, SiteKind::EmergencyCentre, SiteKind::Office] {
            let rules = SiteRules::usual(kind);
            rules.check().unwrap();
            assert_eq!(rules.rules.len(), RuleKind::TUNABLE.len());
        }
        assert!(SiteRules::usual(SiteKind::EmergencyCentre).get(RuleKind::CrewDue).always);
        assert!(!SiteRules::usual(SiteKind::Polyclinic).get(RuleKind::CrewDue).on);
    }

    #[test]
    fn an_alert_stage_is_named_as_on_the_wire() {
        for stage in [AlertStage::Remind, AlertStage::Suggest, AlertStage::Escalate, AlertStage::Breach] {
            assert_eq!(serde_json::to_value(stage).unwrap(), stage.as_str());
        }
    }

    #[test]
    fn bad_settings_are_refused() {
        let mut rules = SiteRules::usual(SiteKind::Polyclinic);
        rules.rules[2].minutes = Some(0);
        assert_eq!(rules.check(), Err(RulesError::Threshold { rule: RuleKind::StartReminder, min: 1, max: 14 }));
        let mut rules = SiteRules::usual(SiteKind::Polyclinic);
        rules.rules.pop();
        assert_eq!(rules.check(), Err(RulesError::Listing { rule: RuleKind::CaseOwner }));
        let mut rules = SiteRules::usual(SiteKind::Polyclinic);
        rules.rules[2].minutes = Some(12);
        assert_eq!(rules.check(), Err(RulesError::ReminderAfterEscalation));
        let mut rules = SiteRules::usual(SiteKind::Polyclinic);
        rules.rules[1].minutes = Some(5);
        assert_eq!(rules.check(), Err(RulesError::Threshold { rule: RuleKind::AidFirst, min: 0, max: 0 }));
    }
}
