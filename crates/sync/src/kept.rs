//! The active person's view kept in memory: the server's copies and the outbox as the store holds them, and what
//! the screens show (the copies with the outbox replayed, in the order shown). Built once from the store, then
//! changed per op: a local action, an answer to a push, a pulled change each redo only the tasks they touch, so a
//! supervisor's device following thousands of tasks does not rebuild the whole view on every read.
//!
//! Invariant: after every change, `shown` equals what [`Kept::new`] builds from the same copies and outbox. It holds
//! only while the engine that keeps it is the one writer of the store (one app per device store). And what
//! [`Kept::news`] tells, taken in over the `shown` last told, gives `shown` now.

use std::collections::{BTreeSet, HashMap};

use floordesk_domain::{Actor, FeedScope, Task, TaskId, ZoneId};
use floordesk_protocol::{Change, Op, OpChange, OpResult, Outcome, StaffProfile};

use crate::engine::LocalTask;

/// What the engine keeps in memory of one person's tasks.
#[derive(Debug)]
pub struct Kept {
    person: StaffProfile,
    /// The site's names of its zones (where a planned escort starts), from the directory kept on the device.
    zones: HashMap<ZoneId, String>,
    /// The server's copies, as the store keeps them.
    base: HashMap<TaskId, Task>,
    /// The ops the server has not answered, in the order they were made.
    outbox: Vec<Op>,
    /// What the screens show, in the order they show it.
    shown: Vec<LocalTask>,
    /// The tasks redone since [`Kept::news`] last told; `None` once one of them left `shown`, or too many changed.
    news: Option<BTreeSet<TaskId>>,
}

impl Kept {
    /// The view of `person` from their copies and outbox.
    pub fn new(person: StaffProfile, zones: HashMap<ZoneId, String>, copies: Vec<Task>, outbox: Vec<Op>) -> Self {
        let base: HashMap<TaskId, Task> = copies.into_iter().map(|t| (t.id.clone(), t)).collect();
        let mut kept = Kept { person, zones, base, outbox, shown: Vec::new(), news: Some(BTreeSet::new()) };
        let mut shown: Vec<LocalTask> =
            kept.base.values().map(|task| LocalTask { task: task.clone(), pending: false }).collect();
        kept.replay(&mut shown, |_| true);
        shown.sort_by(|a, b| order(a).cmp(&order(b)));
        kept.shown = shown;
        kept
    }

    /// Whose view this is.
    pub fn person(&self) -> &StaffProfile {
        &self.person
    }

    /// What the screens show, in order.
    pub fn shown(&self) -> &[LocalTask] {
        &self.shown
    }

    /// The tasks whose view changed since the last call, as shown now and in order; `None` when a task left the
    /// view or more than [`NEWS`] changed (the screens then read it whole).
    pub fn news(&mut self) -> Option<Vec<LocalTask>> {
        let ids = self.news.replace(BTreeSet::new())?;
        let mut at: Vec<usize> = self.positions(&ids);
        at.sort_unstable();
        Some(at.into_iter().map(|at| self.shown[at].clone()).collect())
    }

    /// A task as the screens show it.
    pub fn find(&self, task: &TaskId) -> Option<&Task> {
        self.position(task).map(|at| &self.shown[at].task)
    }

    /// Where a task is in `shown`: looked up in the order by its copy's place (a task is shown where its copy
    /// would be unless an op of the outbox changed its priority), else looked for among all.
    fn position(&self, task: &TaskId) -> Option<usize> {
        if let Some(copy) = self.base.get(task) {
            let place = (copy.priority, copy.met_at, &copy.id);
            if let Ok(at) = self.shown.binary_search_by(|t| order(t).cmp(&place)) {
                return Some(at);
            }
        }
        self.shown.iter().position(|t| t.task.id == *task)
    }

    /// Where `tasks` are in `shown`, in no particular order: one by one when they are few, else in one pass.
    fn positions(&self, tasks: &BTreeSet<TaskId>) -> Vec<usize> {
        if tasks.len() <= FEW {
            tasks.iter().filter_map(|id| self.position(id)).collect()
        } else {
            self.shown.iter().enumerate().filter(|(_, t)| tasks.contains(&t.task.id)).map(|(at, _)| at).collect()
        }
    }

    /// The server's copy of a task.
    pub fn copy(&self, task: &TaskId) -> Option<&Task> {
        self.base.get(task)
    }

    /// An op committed to the outbox.
    pub fn committed(&mut self, op: Op) {
        let touched = touched_by(&op);
        self.outbox.push(op);
        self.redo(touched);
    }

    /// The server's answers to a push, taken in by the store: each answered op leaves the outbox, each accepted
    /// task is kept as the store keeps it.
    pub fn answered(&mut self, scope: &FeedScope, results: &[OpResult]) {
        let mut touched = BTreeSet::new();
        for result in results {
            if let Some(at) = self.outbox.iter().position(|op| op.id == result.op) {
                touched.extend(touched_by(&self.outbox.remove(at)));
            }
            if let Outcome::Accepted { task, planned, .. } = &result.outcome {
                for task in std::iter::once(task).chain(planned) {
                    touched.insert(task.id.clone());
                    self.keep(scope, task);
                }
            }
        }
        self.redo(touched);
    }

    /// A page of the change feed, taken in by the store.
    pub fn pulled(&mut self, scope: &FeedScope, changes: &[Change]) {
        let mut touched = BTreeSet::new();
        for change in changes {
            touched.insert(change.task.id.clone());
            self.keep(scope, &change.task);
        }
        self.redo(touched);
    }

    /// The store's rule for a task the server sent (`local::keep`): kept when in scope and newer than the copy,
    /// dropped when it left the scope.
    fn keep(&mut self, scope: &FeedScope, task: &Task) {
        if scope.keeps(task) {
            if self.base.get(&task.id).is_none_or(|copy| copy.version < task.version) {
                self.base.insert(task.id.clone(), task.clone());
            }
        } else if self.base.get(&task.id).is_some_and(|copy| copy.version <= task.version) {
            self.base.remove(&task.id);
        }
    }

    /// Shows `touched` tasks again from their copies and the outbox. A meeting's confirmation ties the meeting and
    /// its escort together, so both are redone with either.
    fn redo(&mut self, mut touched: BTreeSet<TaskId>) {
        loop {
            let before = touched.len();
            for op in &self.outbox {
                let ids = touched_by(op);
                if ids.iter().any(|id| touched.contains(id)) {
                    touched.extend(ids);
                }
            }
            if touched.len() == before {
                break;
            }
        }
        let mut was_at = self.positions(&touched);
        was_at.sort_unstable();
        let was_shown: Vec<TaskId> = was_at.iter().map(|&at| self.shown[at].task.id.clone()).collect();
        let mut redone: Vec<LocalTask> = touched
            .iter()
            .filter_map(|id| self.base.get(id))
            .map(|task| LocalTask { task: task.clone(), pending: false })
            .collect();
        self.replay(&mut redone, |op| touched_by(op).iter().any(|id| touched.contains(id)));
        self.tell(&was_shown, &redone);
        // A task redone in the same place of the order (most are: an op seldom changes a priority) takes its old
        // place; the others leave, and are put in again where they go. Ten thousand tasks are not moved twice. (A
        // page of many all leave and go in again sorted, below: no search of each in the others.)
        let mut gone = Vec::with_capacity(was_at.len());
        let few = redone.len() <= FEW;
        for at in was_at {
            let same_place = few.then(|| redone.iter().position(|t| order(t) == order(&self.shown[at]))).flatten();
            match same_place {
                Some(n) => self.shown[at] = redone.swap_remove(n),
                None => gone.push(at),
            }
        }
        if !gone.is_empty() {
            let mut gone = gone.into_iter().peekable();
            let mut at = 0;
            self.shown.retain(|_| {
                let stays = gone.next_if_eq(&at).is_none();
                at += 1;
                stays
            });
        }
        if redone.len() > FEW {
            // A page of many changes: put them in at once and sort (each insertion moves everything after it).
            self.shown.extend(redone);
            self.shown.sort_by(|a, b| order(a).cmp(&order(b)));
        } else {
            for task in redone {
                let at = self.shown.binary_search_by(|t| order(t).cmp(&order(&task))).unwrap_or_else(|at| at);
                self.shown.insert(at, task);
            }
        }
    }

    /// Notes the tasks redone for [`Kept::news`]: one of `was_shown` missing from `redone` left the view.
    fn tell(&mut self, was_shown: &[TaskId], redone: &[LocalTask]) {
        let Some(news) = &mut self.news else { return };
        news.extend(redone.iter().map(|t| t.task.id.clone()));
        if news.len() > NEWS || was_shown.iter().any(|id| redone.iter().all(|t| t.task.id != *id)) {
            self.news = None;
        }
    }

    /// The site's name for a zone, from the directory kept on the device (its id when it is not known).
    pub fn zone_name(&self, zone: &ZoneId) -> String {
        self.zones.get(zone).cloned().unwrap_or_else(|| zone.to_string())
    }

    /// Whether the zones' names this view was built with are still those of `directory` (a planned escort starts
    /// where its meeting was arranged, by name).
    pub fn names_zones_as(&self, directory: &floordesk_protocol::Directory) -> bool {
        zones_of(directory, &self.person) == self.zones
    }

    /// Replays the outbox's ops that `which` picks on `tasks`, in order: what the person did here and the server has
    /// not answered yet, decided by the domain as the server will decide it.
    fn replay(&self, tasks: &mut Vec<LocalTask>, which: impl Fn(&Op) -> bool) {
        let me = &self.person;
        let actor = Actor { staff: me.id.clone(), role: me.role };
        for op in self.outbox.iter().filter(|op| which(op)) {
            match &op.change {
                OpChange::Create { task } => {
                    if let Ok(created) = Task::new(task.to_new_task(&me.site, &me.id, op.device_time)) {
                        tasks.retain(|t| t.task.id != created.id);
                        tasks.push(LocalTask { task: created, pending: true });
                    }
                }
                OpChange::Act { task, action } => {
                    if let Some(local) = tasks.iter_mut().find(|t| t.task.id == *task) {
                        if let Ok(after) = local.task.apply(&actor, action, op.device_time) {
                            *local = LocalTask { task: after, pending: true };
                        }
                    }
                }
                OpChange::Details { task, details } => {
                    if let Some(local) = tasks.iter_mut().find(|t| t.task.id == *task) {
                        if let Ok(after) = local.task.update_details(&actor, details.clone()) {
                            *local = LocalTask { task: after, pending: true };
                        }
                    }
                }
                OpChange::ConfirmMeeting { task, escort } => {
                    let Some(at) = tasks.iter().position(|t| t.task.id == *task) else { continue };
                    let pickup = self.zone_name(&tasks[at].task.zone);
                    if let Ok((after, planned)) =
                        tasks[at].task.confirm_meeting(&actor, escort.clone(), pickup, op.device_time)
                    {
                        tasks[at] = LocalTask { task: after, pending: true };
                        // A task the device has under that id (an escort planned before) stays as it is.
                        if tasks.iter().all(|t| t.task.id != planned.id) {
                            tasks.push(LocalTask { task: planned, pending: true });
                        }
                    }
                }
            }
        }
    }
}

/// Up to how many redone tasks go in one by one, in order; more are put in at once and sorted.
const FEW: usize = 16;

/// Up to how many changed tasks [`Kept::news`] tells one by one; past that the screens read the view whole (a
/// catch-up's pages).
pub const NEWS: usize = 64;

/// The names of the zones of `person`'s site in `directory`.
pub fn zones_of(directory: &floordesk_protocol::Directory, person: &StaffProfile) -> HashMap<ZoneId, String> {
    directory
        .sites
        .iter()
        .filter(|site| site.id == person.site)
        .flat_map(|site| &site.zones)
        .map(|z| (z.id.clone(), z.name.clone()))
        .collect()
}

/// The order the screens show tasks in: priority, then who was met first.
fn order(t: &LocalTask) -> (floordesk_domain::Priority, floordesk_domain::Timestamp, &TaskId) {
    (t.task.priority, t.task.met_at, &t.task.id)
}

/// The tasks an op changes: its task, and a meeting's planned escort.
fn touched_by(op: &Op) -> BTreeSet<TaskId> {
    let mut ids = BTreeSet::from([op.change.task().clone()]);
    if let OpChange::ConfirmMeeting { escort, .. } = &op.change {
        ids.insert(escort.clone());
    }
    ids
}

#[cfg(test)]
mod tests {
    use floordesk_domain::{
        Action, NewTask, Priority, RelativeMeeting, Role, Routing, SiteId, StaffId, TaskDetails, Timestamp,
    };
    use floordesk_protocol::{NewTaskRequest, Rejection};

    use super::*;

    fn sergey() -> StaffProfile {
        StaffProfile {
            id: StaffId::new("sergey").unwrap(),
            display_name: "Сергей Лебедев".into(),
            role: Role::Coordinator,
            site: SiteId::new("ed-1").unwrap(),
            zone: None,
        }
    }

    fn id(id: &str) -> TaskId {
        TaskId::new(id).unwrap()
    }

    fn task(name: &str, priority: Priority, met: i64, details: TaskDetails) -> Task {
        Task::new(NewTask {
            id: id(name),
            site: SiteId::new("ed-1").unwrap(),
            zone: ZoneId::new("ed-1-lobby").unwrap(),
            case_id: None,
            priority,
            details,
            created_by: StaffId::new("natalia").unwrap(),
            met_at: Timestamp(met),
            created_at: Timestamp(met),
        })
        .unwrap()
    }

    fn routing() -> TaskDetails {
        TaskDetails::Routing(Routing { purpose: "Справка".into(), destination: None })
    }

    fn op(n: u32, change: OpChange) -> Op {
        Op { id: format!("op-{n}"), device_time: Timestamp(1_000 + i64::from(n)), base_version: 1, change }
    }

    /// The view built afresh from what `kept` holds now.
    fn fresh(kept: &Kept) -> Vec<LocalTask> {
        let copies = kept.base.values().cloned().collect();
        Kept::new(kept.person.clone(), kept.zones.clone(), copies, kept.outbox.clone()).shown
    }

    /// Takes the window's copy forward by what `kept` tells (each task told replaces its old view; `None`: the view
    /// read whole), checks that it is then what `kept` shows, and answers the tasks told.
    fn told(kept: &mut Kept, window: &mut Vec<LocalTask>) -> Option<Vec<String>> {
        let news = kept.news();
        match &news {
            Some(views) => {
                for view in views {
                    window.retain(|t| t.task.id != view.task.id);
                    window.push(view.clone());
                }
                window.sort_by(|a, b| order(a).cmp(&order(b)));
            }
            None => *window = kept.shown().to_vec(),
        }
        assert_eq!(window.as_slice(), kept.shown(), "what was told, taken in, is what is shown");
        news.map(|views| views.iter().map(|t| t.task.id.to_string()).collect())
    }

    fn shown(kept: &Kept) -> Vec<(&str, bool)> {
        kept.shown().iter().map(|t| (t.task.id.as_str(), t.pending)).collect()
    }

    #[test]
    fn every_change_redoes_only_what_it_touches_and_ends_where_a_fresh_build_would() {
        let me = sergey();
        let actor = Actor { staff: me.id.clone(), role: me.role };
        let scope = FeedScope::of(&me.id, me.role, None);
        let meeting = task(
            "t-meet",
            Priority::Normal,
            30,
            TaskDetails::RelativeMeeting(RelativeMeeting {
                relative: "Дочь, Е. А.".into(),
                contact: "+79037654321".into(),
                department: "Кардиология".into(),
                doctor: "Дежурный кардиолог".into(),
                requested_slot: Timestamp(3_600_000),
                confirmed_slot: None,
            }),
        );
        let (a, b) = (task("t-a", Priority::Normal, 10, routing()), task("t-b", Priority::Urgent, 20, routing()));
        let zones = HashMap::from([(ZoneId::new("ed-1-lobby").unwrap(), "Вестибюль".to_owned())]);
        let mut kept = Kept::new(me.clone(), zones, vec![a.clone(), b.clone(), meeting.clone()], Vec::new());
        assert_eq!(shown(&kept), [("t-b", false), ("t-a", false), ("t-meet", false)], "urgent first, then by meeting");
        let mut window = kept.shown().to_vec();
        assert_eq!(told(&mut kept, &mut window), Some(Vec::new()), "nothing changed since it was built");

        // Local actions: a claim, a new task, a meeting confirmed with its escort.
        let claim = op(1, OpChange::Act { task: id("t-a"), action: Action::Claim });
        kept.committed(claim.clone());
        let new = NewTaskRequest {
            id: id("t-new"),
            zone: ZoneId::new("ed-1-lobby").unwrap(),
            case_id: None,
            priority: Priority::Urgent,
            details: routing(),
            met_at: Timestamp(5),
        };
        kept.committed(op(2, OpChange::Create { task: new }));
        kept.committed(op(3, OpChange::ConfirmMeeting { task: id("t-meet"), escort: id("t-esc") }));
        assert_eq!(kept.shown(), fresh(&kept));
        assert_eq!(
            shown(&kept),
            [("t-new", true), ("t-b", false), ("t-a", true), ("t-meet", true), ("t-esc", true)],
            "{:?}",
            kept.shown()
        );
        let escort = kept.find(&id("t-esc")).unwrap();
        assert!(escort.is_escort_of(kept.find(&id("t-meet")).unwrap()));
        assert_eq!(told(&mut kept, &mut window).unwrap(), ["t-new", "t-a", "t-meet", "t-esc"], "in the order shown");
        assert_eq!(told(&mut kept, &mut window), Some(Vec::new()), "told once");

        // The server answers: the claim accepted (its copy kept), the new task refused (gone from the view), the
        // meeting not answered yet.
        let claimed = a.apply(&actor, &Action::Claim, Timestamp(1_001)).unwrap();
        kept.answered(
            &scope,
            &[
                OpResult {
                    op: "op-1".into(),
                    outcome: Outcome::Accepted { seq: 7, task: Box::new(claimed.clone()), planned: None },
                },
                OpResult {
                    op: "op-2".into(),
                    outcome: Outcome::Rejected { reason: Rejection::NotAllowedToCreate, message: "not allowed".into() },
                },
            ],
        );
        assert_eq!(kept.shown(), fresh(&kept));
        assert_eq!(kept.copy(&id("t-a")), Some(&claimed));
        assert_eq!(shown(&kept), [("t-b", false), ("t-a", false), ("t-meet", true), ("t-esc", true)]);
        assert_eq!(told(&mut kept, &mut window), None, "the refused new task left the view: read it whole");

        // Pulled: an older copy is not taken over a newer one; the meeting changed elsewhere (the pending
        // confirmation is replayed on the new copy); a task given away leaves an administrator's scope.
        kept.pulled(&scope, &[Change { seq: 8, task: a.clone() }]);
        assert_eq!(kept.copy(&id("t-a")), Some(&claimed), "an older copy");
        let mut moved = meeting.clone();
        moved.version += 1;
        moved.priority = Priority::Urgent;
        kept.pulled(&scope, &[Change { seq: 9, task: moved.clone() }]);
        assert_eq!(kept.shown(), fresh(&kept));
        assert_eq!(shown(&kept), [("t-b", false), ("t-meet", true), ("t-a", false), ("t-esc", true)]);
        assert_eq!(told(&mut kept, &mut window).unwrap(), ["t-meet", "t-a", "t-esc"], "the older copy redid t-a");
        let mut given =
            b.apply(&actor, &Action::Assign { to: StaffId::new("dmitry").unwrap() }, Timestamp(2_000)).unwrap();
        given.version += 1;
        // As an administrator of another zone would keep it.
        let hall = ZoneId::new("ed-1-hall").unwrap();
        let elena = FeedScope::of(&StaffId::new("elena").unwrap(), Role::Administrator, Some(&hall));
        kept.pulled(&elena, &[Change { seq: 10, task: given }]);
        assert_eq!(kept.copy(&id("t-b")), None, "out of scope");
        assert_eq!(kept.shown(), fresh(&kept));
        assert_eq!(shown(&kept), [("t-meet", true), ("t-a", false), ("t-esc", true)]);
        assert_eq!(told(&mut kept, &mut window), None, "t-b left the view");

        // A page of many changes (a reconnect) goes in at once, sorted as a build would.
        let page: Vec<Change> = (0..80u32)
            .map(|n| Change {
                seq: 20 + u64::from(n),
                task: task(&format!("t-p{n:02}"), Priority::Normal, 80 - i64::from(n), routing()),
            })
            .collect();
        kept.pulled(&scope, &page[..8]);
        assert_eq!(told(&mut kept, &mut window).map(|ids| ids.len()), Some(8), "a few changes, one by one");
        kept.pulled(&scope, &page);
        assert_eq!(kept.shown(), fresh(&kept));
        assert_eq!(kept.shown().len(), 83);
        assert!(told(&mut kept, &mut window).is_none(), "more than {NEWS} changes: read it whole");
    }
}
