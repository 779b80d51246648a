//! Service-standard indicators (order 586) over closed tasks: how long visitors waited, how many were started
//! within their deadline, hand-offs, and ratings — overall, by kind and by hour of the day. Also the list of
//! closed tasks that broke the standard, for the morning meeting. Pure: the tasks and the clock offset come in.

use serde::{Deserialize, Serialize};

use crate::deadline::{start_anchor, started_within_deadline, wait_minutes, DeadlineTable};
use crate::handoff::MAX_HANDOFFS;
use std::collections::BTreeMap;

use crate::ids::{StaffId, TaskId, ZoneId};
use crate::kind::{TaskDetails, TaskKind};
use crate::rules::{AlertStage, Audience};
use crate::task::{Task, TaskStatus};
use crate::time::{Timestamp, MILLIS_PER_MINUTE};

/// In-person wait the standard allows, in minutes.
pub const WAIT_STANDARD_MINUTES: u32 = 15;
/// A rating at or below this is a problem to talk about.
pub const LOW_RATING: u8 = 2;

/// Indicators of one group of closed tasks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct KpiCell {
    /// Closed tasks (done or cancelled).
    pub tasks: u32,
    /// Of them, done.
    pub done: u32,
    /// Median wait in minutes (from meeting the visitor, or an ambulance's arrival, to the start).
    pub wait_p50: Option<u32>,
    /// 90th percentile of the wait, in minutes.
    pub wait_p90: Option<u32>,
    /// Tasks with a start deadline whose start was decided (see [`started_within_deadline`]).
    pub start_judged: u32,
    /// Of them, started in time.
    pub started_in_time: u32,
    /// Tasks with a completion deadline whose finish was decided (see [`DeadlineTable::completion`]): an
    /// ambulance's handover, a child handed back, a written request resolved, an escort done…
    #[serde(default, skip_serializing_if = "is_zero")]
    pub finish_judged: u32,
    /// Of them, finished in time.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub finished_in_time: u32,
    /// Hand-offs, summed.
    pub handoffs: u32,
    /// Tasks handed off more than the standard allows.
    pub over_handoff_limit: u32,
    /// Count of done tasks rated 1, 2, 3, 4, 5.
    pub ratings: [u32; 5],
}

/// Left out of the JSON while nothing was judged, as new fields are.
fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl KpiCell {
    /// Done tasks with a rating.
    #[must_use]
    pub fn rated(&self) -> u32 {
        self.ratings.iter().sum()
    }

    /// Mean rating in tenths (43 = 4.3), rounded half up, if any rating was given. Whole numbers keep float
    /// formatting out of the UI's wasm.
    #[must_use]
    pub fn mean_rating_tenths(&self) -> Option<u32> {
        let rated = self.rated();
        let sum: u32 = self.ratings.iter().zip(1..).map(|(n, score)| n * score).sum();
        (rated > 0).then(|| (sum * 20 + rated) / (rated * 2))
    }
}

/// The indicators of one kind of task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct KindKpi {
    pub kind: TaskKind,
    pub kpi: KpiCell,
}

/// The indicators of the tasks whose visitor was met in one hour of the local day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HourKpi {
    /// 0–23, local time.
    pub hour: u8,
    pub kpi: KpiCell,
}

/// How a closed task broke the standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(tag = "what", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(not(feature = "openapi"), serde(try_from = "crate::compact::FlatProblemKind"))]
pub enum ProblemKind {
    /// Started after its start deadline (or closed unstarted after it).
    LateStart {
        /// Minutes the visitor waited.
        waited: u32,
    },
    /// Handed off more than [`MAX_HANDOFFS`] times.
    TooManyHandoffs {
        /// Hand-offs.
        handoffs: u32,
    },
    /// Finished after its completion deadline (a handover past 15 minutes, a child kept past the agreed stay, a
    /// written request resolved late, an escort over the hour…), or closed unfinished after it.
    LateFinish {
        /// Minutes it took.
        took: u32,
    },
    /// Rated [`LOW_RATING`] or lower.
    LowRating {
        /// The score.
        score: u8,
    },
}

/// A closed task that broke the standard. Carries no visitor data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Problem {
    pub task: TaskId,
    pub kind: TaskKind,
    pub zone: ZoneId,
    pub closed_at: Timestamp,
    pub problem: ProblemKind,
    /// What the standard allowed: minutes for a late start or finish, hand-offs for too many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<u32>,
    /// Who held the task when it closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_by: Option<StaffId>,
}

/// The indicators of the tasks of one zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ZoneKpi {
    pub zone: ZoneId,
    pub kpi: KpiCell,
}

/// The indicators of the tasks one person held when they closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonKpi {
    pub staff: StaffId,
    pub kpi: KpiCell,
}

/// The indicators of the tasks closed in `[from, to)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct KpiReport {
    pub from: Timestamp,
    pub to: Timestamp,
    /// Offset of the local clock from UTC used for the hours, in minutes (Moscow: 180).
    pub utc_offset_minutes: i32,
    /// All kinds together; the wait figures cover in-person kinds only (a written request's clock is 24 hours).
    pub overall: KpiCell,
    /// Every kind that had a closed task, in [`TaskKind::ALL`] order.
    pub by_kind: Vec<KindKpi>,
    /// Every hour that had a closed task, in order.
    pub by_hour: Vec<HourKpi>,
    /// Every zone that had a closed task, by id; left out of the JSON while empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_zone: Vec<ZoneKpi>,
    /// Every person who held a closed task when it closed, by id; left out of the JSON while empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_person: Vec<PersonKpi>,
    /// Tasks that broke the standard, oldest first.
    pub problems: Vec<Problem>,
    /// Visitors helped with routing (one-tap contacts among them), by purpose, most first; left out of the JSON
    /// while empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_purpose: Vec<PurposeKpi>,
    /// Proactive service: the whole site first, then each zone (see [`KpiReport::with_rules`]); left out of the
    /// JSON while empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RulesKpi>,
}

/// What the rules did in a period, for the site or one zone.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RulesKpi {
    /// The zone; none for the whole site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<ZoneId>,
    /// Tasks closed in the period.
    pub tasks: u32,
    /// Of them made by a rule.
    pub made_by_rules: u32,
    /// Of them kept by whom a rule (dispatch) gave them to.
    pub given_by_rules: u32,
    /// Escalations to the supervisors (told, or a breach recorded) on them.
    pub escalations: u32,
    /// Of those, how many a person acted on.
    pub acted_on: u32,
    /// Median minutes from an escalation to the next action on its task.
    pub to_action_p50: Option<u32>,
    /// Minutes sampled with somebody on shift in the zone, and of them those with the reserve free.
    pub reserve_samples: u32,
    /// See `reserve_samples`.
    pub reserve_kept: u32,
    /// Minutes people were on shift in the period (the site's: everyone's, a zone's: those who worked in it).
    pub staffed_minutes: u32,
}

/// How many visitors were helped with one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PurposeKpi {
    /// The purpose, as recorded.
    pub purpose: String,
    /// Routing tasks of that purpose done in the period.
    pub helped: u32,
}

impl KpiReport {
    /// Adds what the rules did: over `tasks` (as given to [`KpiReport::compute`]), each zone's reserve samples
    /// (minutes sampled, minutes kept) and the minutes people were on shift (by the zone they worked in; none for
    /// the whole site), for the site and for each zone that had any of them.
    #[must_use]
    pub fn with_rules(
        mut self,
        tasks: &[Task],
        reserve: &BTreeMap<ZoneId, (u32, u32)>,
        staffed: &BTreeMap<Option<ZoneId>, u32>,
    ) -> Self {
        let mut zones: BTreeMap<Option<ZoneId>, (RulesKpi, Vec<u32>)> = BTreeMap::new();
        zones.insert(None, (RulesKpi::default(), Vec::new()));
        for task in tasks.iter().filter(|t| t.closed_at.is_some_and(|c| c >= self.from && c < self.to)) {
            for key in [None, Some(task.zone.clone())] {
                let (kpi, waits) = zones.entry(key).or_default();
                kpi.tasks += 1;
                kpi.made_by_rules += u32::from(task.made_by.is_some());
                kpi.given_by_rules += u32::from(task.given_by.is_some());
                let escalations = task
                    .alerts
                    .iter()
                    .filter(|a| matches!(a.stage, AlertStage::Escalate | AlertStage::Breach))
                    .filter(|a| a.to == Audience::Supervisors);
                for alert in escalations {
                    kpi.escalations += 1;
                    if let Some(at) = alert.handled_at {
                        kpi.acted_on += 1;
                        waits.push(u32::try_from(at.minutes_since(alert.at).max(0)).unwrap_or(u32::MAX));
                    }
                }
            }
        }
        for (zone, (taken, kept)) in reserve {
            for key in [None, Some(zone.clone())] {
                let (kpi, _) = zones.entry(key).or_default();
                kpi.reserve_samples += taken;
                kpi.reserve_kept += kept;
            }
        }
        for (zone, minutes) in staffed {
            let keys = if zone.is_some() { vec![None, zone.clone()] } else { vec![None] };
            for key in keys {
                zones.entry(key).or_default().0.staffed_minutes += minutes;
            }
        }
        self.rules = zones
            .into_iter()
            .map(|(zone, (kpi, mut waits))| {
                waits.sort_unstable();
                RulesKpi { zone, to_action_p50: percentile(&waits, 50), ..kpi }
            })
            .collect();
        self
    }
}

/// Accumulates one cell; the waits are kept until the percentiles are taken.
#[derive(Default)]
struct Acc {
    cell: KpiCell,
    waits: Vec<u32>,
}

impl Acc {
    fn add(&mut self, table: &DeadlineTable, task: &Task, wait: Option<u32>) {
        let c = &mut self.cell;
        c.tasks += 1;
        if task.status == TaskStatus::Done {
            c.done += 1;
        }
        if let Some(in_time) = started_within_deadline(table, task) {
            c.start_judged += 1;
            c.started_in_time += u32::from(in_time);
        }
        if let Some(finish) = table.completion(task) {
            c.finish_judged += 1;
            c.finished_in_time += u32::from(finish.in_time);
        }
        c.handoffs += task.handoffs;
        c.over_handoff_limit += u32::from(task.handoffs > MAX_HANDOFFS);
        if let Some(r) = &task.rating {
            c.ratings[usize::from(r.score() - 1)] += 1;
        }
        self.waits.extend(wait);
    }

    fn finish(mut self) -> KpiCell {
        self.waits.sort_unstable();
        self.cell.wait_p50 = percentile(&self.waits, 50);
        self.cell.wait_p90 = percentile(&self.waits, 90);
        self.cell
    }
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[u32], p: usize) -> Option<u32> {
    let n = sorted.len();
    (n > 0).then(|| sorted[(p * n).div_ceil(100).clamp(1, n) - 1])
}

/// Local hour (0–23) of a moment.
fn local_hour(at: Timestamp, utc_offset_minutes: i32) -> u8 {
    let local = at.plus_minutes(i64::from(utc_offset_minutes));
    let hour = local.0.div_euclid(60 * MILLIS_PER_MINUTE).rem_euclid(24);
    u8::try_from(hour).unwrap_or_default()
}

impl KpiReport {
    /// Computes the report over the tasks closed in `[from, to)`; other tasks in `tasks` are ignored.
    #[must_use]
    pub fn compute(
        table: &DeadlineTable,
        tasks: &[Task],
        from: Timestamp,
        to: Timestamp,
        utc_offset_minutes: i32,
    ) -> KpiReport {
        let mut overall = Acc::default();
        let mut by_kind: Vec<(TaskKind, Acc)> = TaskKind::ALL.iter().map(|k| (*k, Acc::default())).collect();
        let mut by_hour: Vec<Acc> = (0..24).map(|_| Acc::default()).collect();
        let mut by_zone: BTreeMap<ZoneId, Acc> = BTreeMap::new();
        let mut by_person: BTreeMap<StaffId, Acc> = BTreeMap::new();
        let mut closed: Vec<&Task> =
            tasks.iter().filter(|t| t.closed_at.is_some_and(|c| c >= from && c < to)).collect();
        closed.sort_by_key(|t| (t.closed_at, t.id.clone()));
        let mut problems = Vec::new();
        let mut purposes: BTreeMap<&str, u32> = BTreeMap::new();
        for task in closed {
            if let (TaskDetails::Routing(r), TaskStatus::Done) = (&task.details, task.status) {
                *purposes.entry(r.purpose.as_str()).or_default() += 1;
            }
            let closed_at = task.closed_at.unwrap_or(to);
            // Nobody waited for an ambulance that never arrived: no wait, rather than a wait of 0.
            let wait = start_anchor(task).map(|_| u32::try_from(wait_minutes(task, closed_at)).unwrap_or(u32::MAX));
            let in_person = wait.filter(|_| task.kind().is_in_person());
            overall.add(table, task, in_person);
            if let Some((_, acc)) = by_kind.iter_mut().find(|(k, _)| *k == task.kind()) {
                acc.add(table, task, wait);
            }
            by_hour[usize::from(local_hour(task.met_at, utc_offset_minutes))].add(table, task, in_person);
            by_zone.entry(task.zone.clone()).or_default().add(table, task, in_person);
            if let Some(holder) = &task.assignee {
                by_person.entry(holder.clone()).or_default().add(table, task, in_person);
            }
            let mut found = Vec::new();
            if started_within_deadline(table, task) == Some(false) {
                found.push((ProblemKind::LateStart { waited: wait.unwrap_or_default() }, table.start_minutes(task)));
            }
            if let Some(finish) = table.completion(task).filter(|f| !f.in_time) {
                found.push((ProblemKind::LateFinish { took: finish.took_minutes }, Some(finish.allowed_minutes)));
            }
            if task.handoffs > MAX_HANDOFFS {
                found.push((ProblemKind::TooManyHandoffs { handoffs: task.handoffs }, Some(MAX_HANDOFFS)));
            }
            if let Some(r) = task.rating.as_ref().filter(|r| r.score() <= LOW_RATING) {
                found.push((ProblemKind::LowRating { score: r.score() }, None));
            }
            problems.extend(found.into_iter().map(|(problem, standard)| Problem {
                task: task.id.clone(),
                kind: task.kind(),
                zone: task.zone.clone(),
                closed_at,
                problem,
                standard,
                held_by: task.assignee.clone(),
            }));
        }
        KpiReport {
            from,
            to,
            utc_offset_minutes,
            overall: overall.finish(),
            by_kind: by_kind
                .into_iter()
                .filter(|(_, acc)| acc.cell.tasks > 0)
                .map(|(kind, acc)| KindKpi { kind, kpi: acc.finish() })
                .collect(),
            by_hour: by_hour
                .into_iter()
                .zip(0u8..)
                .filter(|(acc, _)| acc.cell.tasks > 0)
                .map(|(acc, hour)| HourKpi { hour, kpi: acc.finish() })
                .collect(),
            by_zone: by_zone.into_iter().map(|(zone, acc)| ZoneKpi { zone, kpi: acc.finish() }).collect(),
            by_person: by_person.into_iter().map(|(staff, acc)| PersonKpi { staff, kpi: acc.finish() }).collect(),
            problems,
            by_purpose: {
                let mut by: Vec<PurposeKpi> =
                    purposes.into_iter().map(|(p, helped)| PurposeKpi { purpose: p.to_owned(), helped }).collect();
                by.sort_by(|a, b| b.helped.cmp(&a.helped).then_with(|| a.purpose.cmp(&b.purpose)));
                by
            },
            rules: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{SiteId, StaffId};
    use crate::kind::{AmbulanceArrival, AmbulanceTransport, NonStandard, TaskDetails, WrittenRequest};
    use crate::priority::Priority;
    use crate::rating::Rating;
    use crate::role::Role;
    use crate::state::{Action, Actor};
    use crate::step::{AckChannel, Step};
    use crate::task::NewTask;

    /// 2026-11-24 06:00 UTC = 09:00 in Moscow.
    const T0: Timestamp = Timestamp(1_795_500_000_000 - 1_795_500_000_000 % 86_400_000 + 6 * 3_600_000);

    fn admin(id: &str) -> Actor {
        Actor { staff: StaffId::new(id).unwrap(), role: Role::Administrator }
    }

    fn supervisor() -> Actor {
        Actor { staff: StaffId::new("sup").unwrap(), role: Role::Supervisor }
    }

    fn new(id: &str, details: TaskDetails, met: i64) -> Task {
        Task::new(NewTask {
            id: TaskId::new(id).unwrap(),
            site: SiteId::new("s").unwrap(),
            zone: ZoneId::new("z").unwrap(),
            case_id: None,
            priority: Priority::Normal,
            details,
            created_by: StaffId::new("a").unwrap(),
            met_at: T0.plus_minutes(met),
            created_at: T0.plus_minutes(met),
        })
        .unwrap()
    }

    fn other(id: &str, met: i64) -> Task {
        new(id, TaskDetails::NonStandard(NonStandard { description: "x".into() }), met)
    }

    /// Met at `met`, started after `wait` minutes, done a minute later, rated `score`.
    fn served(id: &str, met: i64, wait: i64, score: Option<u8>) -> Task {
        let a = admin("a");
        let t = other(id, met);
        let t = t.apply(&a, &Action::Claim, T0.plus_minutes(met)).unwrap();
        let t = t.apply(&a, &Action::Start, T0.plus_minutes(met + wait)).unwrap();
        let rating = score.map(|s| Rating::new(s, None).unwrap());
        t.apply(&a, &Action::Complete { rating }, T0.plus_minutes(met + wait + 1)).unwrap()
    }

    fn report(tasks: &[Task]) -> KpiReport {
        KpiReport::compute(&DeadlineTable::standard(), tasks, T0, T0.plus_minutes(24 * 60), 180)
    }

    #[test]
    fn what_the_rules_did_is_counted_for_the_site_and_per_zone() {
        use crate::rules::{Alert, RuleKind};
        let mut made = served("made", 0, 3, Some(5));
        made.made_by = Some(RuleKind::LowRating);
        made.given_by = Some(RuleKind::Dispatch);
        let escalation = |at: i64, handled: Option<i64>| Alert {
            rule: RuleKind::StartEscalation,
            stage: AlertStage::Escalate,
            to: Audience::Supervisors,
            at: T0.plus_minutes(at),
            staff: None,
            handled_at: handled.map(|m| T0.plus_minutes(m)),
        };
        let mut late = served("late", 10, 14, None);
        late.zone = ZoneId::new("y").unwrap();
        late.alerts = vec![escalation(21, Some(24)), escalation(22, None)];
        let tasks = [made, late];
        let reserve = [(ZoneId::new("z").unwrap(), (60, 45))].into_iter().collect();
        let staffed = [(Some(ZoneId::new("y").unwrap()), 120), (None, 30)].into_iter().collect();
        let rules = report(&tasks).with_rules(&tasks, &reserve, &staffed).rules;
        let by = |zone: Option<&str>| rules.iter().find(|r| r.zone.as_ref().map(ZoneId::as_str) == zone).unwrap();
        let site = by(None);
        assert_eq!((site.tasks, site.made_by_rules, site.given_by_rules), (2, 1, 1));
        assert_eq!((site.escalations, site.acted_on, site.to_action_p50), (2, 1, Some(3)));
        assert_eq!((site.reserve_samples, site.reserve_kept, site.staffed_minutes), (60, 45, 150));
        assert_eq!((by(Some("y")).escalations, by(Some("y")).staffed_minutes, by(Some("y")).tasks), (2, 120, 1));
        assert_eq!((by(Some("z")).reserve_kept, by(Some("z")).made_by_rules), (45, 1));
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[7], 90), Some(7));
        let ten: Vec<u32> = (1..=10).collect();
        assert_eq!(percentile(&ten, 50), Some(5));
        assert_eq!(percentile(&ten, 90), Some(9));
        assert_eq!(percentile(&[1, 2, 3], 50), Some(2));
    }

    #[test]
    fn waits_deadlines_and_ratings_add_up() {
        let tasks: Vec<Task> =
            (0..10).map(|i| served(&format!("t{i}"), i, i * 2, Some(u8::try_from(i % 5 + 1).unwrap()))).collect();
        let r = report(&tasks);
        assert_eq!(r.overall.tasks, 10);
        assert_eq!(r.overall.done, 10);
        // Waits 0, 2, …, 18 minutes.
        assert_eq!(r.overall.wait_p50, Some(8));
        assert_eq!(r.overall.wait_p90, Some(16));
        // The normal in-person start deadline is 15 minutes: waits of 16 and 18 broke it.
        assert_eq!((r.overall.start_judged, r.overall.started_in_time), (10, 8));
        assert_eq!(r.overall.ratings, [2, 2, 2, 2, 2]);
        assert_eq!(r.overall.mean_rating_tenths(), Some(30));
        assert_eq!(r.by_kind.len(), 1);
        assert_eq!(r.by_kind[0].kind, TaskKind::NonStandard);
        assert_eq!(r.by_kind[0].kpi, r.overall);
        // Met between 09:00 and 09:09 Moscow time.
        assert_eq!(r.by_hour.iter().map(|h| h.hour).collect::<Vec<_>>(), vec![9]);
        let late: Vec<_> = r.problems.iter().filter(|p| matches!(p.problem, ProblemKind::LateStart { .. })).collect();
        assert_eq!(late.len(), 2);
        assert_eq!(late[0].problem, ProblemKind::LateStart { waited: 16 });
        let low = r.problems.iter().filter(|p| matches!(p.problem, ProblemKind::LowRating { .. })).count();
        assert_eq!(low, 4, "scores 1 and 2, twice each");
    }

    #[test]
    fn mean_rating_rounds_half_up_in_tenths() {
        let cell = |ratings| KpiCell { ratings, ..KpiCell::default() };
        assert_eq!(cell([0, 0, 0, 2, 1]).mean_rating_tenths(), Some(43), "13/3 = 4.33");
        assert_eq!(cell([0, 0, 0, 1, 1]).mean_rating_tenths(), Some(45));
        assert_eq!(cell([1, 0, 0, 0, 2]).mean_rating_tenths(), Some(37), "11/3 = 3.67");
    }

    #[test]
    fn only_tasks_closed_in_the_window_count() {
        let inside = served("in", 0, 1, None);
        let before = served("before", -120, 1, None);
        let open = other("open", 0);
        let r = report(&[inside, before, open]);
        assert_eq!(r.overall.tasks, 1);
        assert_eq!(r.overall.ratings, [0; 5]);
        assert_eq!(r.overall.mean_rating_tenths(), None);
    }

    #[test]
    fn handoffs_over_the_limit_are_problems() {
        let sup = supervisor();
        let mut t = other("h", 0);
        for (i, to) in ["a", "b", "c", "d"].into_iter().enumerate() {
            let at = T0.plus_minutes(i64::try_from(i).unwrap());
            let action = if i == 0 {
                Action::Assign { to: StaffId::new(to).unwrap() }
            } else {
                Action::Reassign { to: StaffId::new(to).unwrap(), reason: Some("busy".into()) }
            };
            t = t.apply(&sup, &action, at).unwrap();
        }
        let t = t.apply(&sup, &Action::Cancel { reason: "left".into() }, T0.plus_minutes(5)).unwrap();
        assert_eq!(t.handoffs, 3);
        let r = report(&[t]);
        assert_eq!((r.overall.handoffs, r.overall.over_handoff_limit), (3, 1));
        assert_eq!(r.overall.done, 0);
        assert!(r.problems.iter().any(|p| p.problem == ProblemKind::TooManyHandoffs { handoffs: 3 }));
    }

    #[test]
    fn written_requests_stay_out_of_the_in_person_wait_and_hours_wrap() {
        let a = admin("a");
        let letter = new(
            "w",
            TaskDetails::WrittenRequest(WrittenRequest {
                reference: "№1".into(),
                channel: "email".into(),
                summary: "x".into(),
                acknowledged_at: None,
            }),
            -8 * 60,
        );
        let letter = letter.apply(&a, &Action::Claim, T0).unwrap();
        let told = Action::Step { step: Step::Acknowledged { how: AckChannel::Email } };
        let letter = letter.apply(&a, &told, T0).unwrap();
        let letter = letter.apply(&a, &Action::Start, T0.plus_minutes(1)).unwrap();
        let letter = letter.apply(&a, &Action::Complete { rating: None }, T0.plus_minutes(2)).unwrap();
        let r = report(&[letter, served("p", 0, 3, Some(5))]);
        assert_eq!(r.overall.wait_p90, Some(3));
        let written = r.by_kind.iter().find(|k| k.kind == TaskKind::WrittenRequest).unwrap();
        assert_eq!(written.kpi.wait_p50, Some(8 * 60), "the sender was told when it was taken");
        assert_eq!((written.kpi.finish_judged, written.kpi.finished_in_time), (1, 1), "resolved within its term");
        // Met at 22:00 UTC = 01:00 Moscow.
        assert_eq!(r.by_hour.iter().map(|h| h.hour).collect::<Vec<_>>(), vec![1, 9]);
        assert_eq!(local_hour(Timestamp(0), -60), 23);
    }

    #[test]
    fn an_ambulance_that_never_arrived_has_no_wait() {
        let crew = new(
            "amb",
            TaskDetails::AmbulanceArrival(AmbulanceArrival {
                crew_number: "СМП 12".into(),
                eta: T0.plus_minutes(10),
                transport: AmbulanceTransport::Stretcher,
                destination: "Приёмное".into(),
                arrived_at: None,
            }),
            0,
        );
        let cancelled = crew
            .apply(&supervisor(), &Action::Cancel { reason: "другая больница".into() }, T0.plus_minutes(30))
            .unwrap();
        let r = report(&[cancelled, served("p", 0, 6, None)]);
        assert_eq!(r.overall.tasks, 2);
        assert_eq!((r.overall.wait_p50, r.overall.wait_p90), (Some(6), Some(6)), "only the visitor who waited counts");
        let crews = r.by_kind.iter().find(|k| k.kind == TaskKind::AmbulanceArrival).unwrap();
        assert_eq!((crews.kpi.tasks, crews.kpi.wait_p50), (1, None));
    }

    /// Closed done at `done` minutes, held by `holder` in `zone`.
    fn closed(mut task: Task, zone: &str, holder: &str, done: i64) -> Task {
        task.zone = ZoneId::new(zone).unwrap();
        task.assignee = Some(StaffId::new(holder).unwrap());
        task.status = TaskStatus::Done;
        task.closed_at = Some(T0.plus_minutes(done));
        task
    }

    /// A crew that arrived at T0 and whose patient was handed over `after` minutes later.
    fn crew(id: &str, after: i64) -> Task {
        let mut t = new(
            id,
            TaskDetails::AmbulanceArrival(AmbulanceArrival {
                crew_number: "СМП 7".into(),
                eta: T0,
                transport: AmbulanceTransport::Walking,
                destination: "Приёмное".into(),
                arrived_at: Some(T0),
            }),
            0,
        );
        t.progress.handed_over_at = Some(T0.plus_minutes(after));
        t
    }

    #[test]
    fn completion_clocks_are_judged_per_zone_and_person_with_their_standard_and_holder() {
        // A scripted shift: one handover in 22 minutes (standard 15), one in 10, a child kept 75 minutes of an
        // agreed 60, and a visitor with a non-standard problem (no completion clock).
        let late_crew = closed(crew("amb-late", 22), "ed", "anna", 25);
        let crew_in_time = closed(crew("amb-ok", 10), "ed", "boris", 12);
        let mut child = new(
            "child",
            TaskDetails::Childcare(crate::kind::Childcare {
                child_first_name: "Маша".into(),
                child_age: 5,
                parent_location: "214".into(),
                start: T0,
                end: Some(T0.plus_minutes(75)),
                max_duration: crate::time::Minutes(60),
                handed_back_to: Some("мама".into()),
            }),
            0,
        );
        child.started_at = Some(T0);
        let child = closed(child, "kids", "boris", 75);
        let visitor = served("p", 0, 3, Some(5));
        let r = report(&[late_crew, crew_in_time, child, visitor]);
        assert_eq!((r.overall.finish_judged, r.overall.finished_in_time), (3, 1), "{:?}", r.overall);
        let crews = r.by_kind.iter().find(|k| k.kind == TaskKind::AmbulanceArrival).unwrap();
        assert_eq!((crews.kpi.finish_judged, crews.kpi.finished_in_time), (2, 1));
        let zones: Vec<_> = r
            .by_zone
            .iter()
            .map(|z| (z.zone.as_str(), z.kpi.tasks, z.kpi.finish_judged, z.kpi.finished_in_time))
            .collect();
        assert_eq!(zones, [("ed", 2, 2, 1), ("kids", 1, 1, 0), ("z", 1, 0, 0)]);
        let people: Vec<_> = r
            .by_person
            .iter()
            .map(|p| (p.staff.as_str(), p.kpi.tasks, p.kpi.finish_judged, p.kpi.finished_in_time))
            .collect();
        assert_eq!(people, [("a", 1, 0, 0), ("anna", 1, 1, 0), ("boris", 2, 2, 1)]);
        let late: Vec<_> = r
            .problems
            .iter()
            .filter(|p| matches!(p.problem, ProblemKind::LateFinish { .. }))
            .map(|p| (p.task.as_str(), p.problem.clone(), p.standard, p.held_by.as_ref().map(StaffId::as_str)))
            .collect();
        assert_eq!(
            late,
            [
                ("amb-late", ProblemKind::LateFinish { took: 22 }, Some(15), Some("anna")),
                ("child", ProblemKind::LateFinish { took: 75 }, Some(60), Some("boris")),
            ]
        );
        // A late start says what the start clock allowed (a normal in-person task: 15 minutes).
        let r = report(&[served("slow", 0, 19, None)]);
        assert_eq!(
            (r.problems[0].problem.clone(), r.problems[0].standard),
            (ProblemKind::LateStart { waited: 19 }, Some(15))
        );
    }

    #[test]
    fn visitors_helped_are_counted_by_purpose() {
        let a = admin("a");
        let contact = |id: &str, purpose: &str| {
            let (t, actions) = crate::contact::quick_contact(
                TaskId::new(id).unwrap(),
                (SiteId::new("s").unwrap(), ZoneId::new("z").unwrap()),
                None,
                purpose,
                (a.staff.clone(), None),
                T0,
            )
            .unwrap();
            actions.iter().try_fold(t, |t, x| t.apply(&a, x, T0)).unwrap()
        };
        let r = report(&[contact("c1", "Справка"), contact("c2", "Где кабинет"), contact("c3", "Где кабинет")]);
        let by: Vec<_> = r.by_purpose.iter().map(|p| (p.purpose.as_str(), p.helped)).collect();
        assert_eq!(by, [("Где кабинет", 2), ("Справка", 1)]);
        assert_eq!((r.overall.done, r.by_hour.len()), (3, 1), "each a visitor helped, in its hour");
        let empty = serde_json::to_value(report(&[])).unwrap();
        assert!(empty.get("by_purpose").is_none(), "left out while empty");
    }

    #[test]
    fn report_round_trips() {
        let r = report(&[served("t", 0, 20, Some(1))]);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<KpiReport>(&json).unwrap(), r);
    }
}
