//! The task list as the screen holds it: fetched through the API; kept one task at a time as the announcements
//! bring each change with its task (a browser's live channel one task at a time; in the app, the shell's event with
//! the tasks whose view on the device changed), and as this screen foresees its own actions (shown pending at once,
//! put back if they cannot be sent). Fetched again whole when an announcement carries no task (in a browser a
//! resync, a channel just opened; in the app a view built again, a task that left it, a catch-up, a new deadline
//! table, an event channel just opened), after an action was refused or could not be sent, after the screen's other
//! sendings (a new task, a shift…), for a holder no one on the screen names, and on a slow fallback timer — one
//! fetch at a time, the asks that come meanwhile making one more. Who is on the floor is asked again when it is
//! announced and with every fetch. And the clock's tick, which moves the cards' clocks on. The feed owns its one
//! announcement channel and its timers, and ends them with the screen: nothing it started outlives it.

use std::rc::Rc;
use std::time::Duration;

use floordesk_domain::{Action, Actor, TaskId};
use floordesk_protocol::{ApiError, DeviceState, FloorNow, StaffProfile, TaskList, TaskView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;

use super::clocks::Clocks;
use crate::api::{Api, Backend, Heard, Listening};
use crate::format::client_now;
use crate::i18n::UiLang;

/// Where the task list stands, apart from its content.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Loading,
    Failed(ApiError),
    Ready,
}

/// The screen's copy of the task list and of the device's state, and the way to fetch them again.
#[derive(Clone)]
pub struct Feed {
    list: RwSignal<Option<Result<TaskList, ApiError>>>,
    /// Online or not, what waits to be sent, the refused actions.
    pub device: RwSignal<Option<DeviceState>>,
    /// Who is on shift (the last answer; none while the server could not be asked).
    pub floor: RwSignal<Option<FloorNow>>,
    /// Server time minus client time at the last fetch, so clocks follow the server even on a skewed device.
    skew: RwSignal<i64>,
    /// The client's clock, ticking every second.
    now: RwSignal<floordesk_domain::Timestamp>,
    /// The cards' clocks, moved on by the same tick.
    pub clocks: Clocks,
    /// Whose list it is (which tasks are theirs, which are in their pool).
    me: StaffProfile,
    /// The site's people, to name a task's new holder.
    people: RwSignal<Vec<StaffProfile>>,
    /// The fetches of the whole list.
    fetching: StoredValue<Fetching>,
    /// The asks for the device's state.
    checks: StoredValue<Asks>,
    /// The asks for who is on the floor.
    floor_asks: StoredValue<Asks>,
    api: Backend,
}

/// The fetches of the whole list: one at a time.
#[derive(Default)]
struct Fetching {
    /// While a fetch is under way: whether another was asked for meanwhile.
    asked: Option<bool>,
    /// While its answer is awaited: the views taken in meanwhile, to take in again over it (it may be older).
    late: Option<Vec<TaskView>>,
}

/// Asks of one kind that may be under way together: the last one made, and the newest one whose answer was taken.
#[derive(Default)]
struct Asks {
    made: u64,
    taken: u64,
}

impl Asks {
    /// A new ask; its number.
    fn ask(&mut self) -> u64 {
        self.made += 1;
        self.made
    }

    /// Whether the answer to ask `n` is to be taken: no newer one was taken before it.
    fn answered(&mut self, n: u64) -> bool {
        let newest = n > self.taken;
        if newest {
            self.taken = n;
        }
        newest
    }
}

/// How often the clocks on the screen move.
const TICK: Duration = Duration::from_secs(1);

impl Feed {
    /// Starts the feed for the current screen: the first fetch, the clock's tick, the fallback timer and the
    /// announcement channel, all ended when the screen is.
    pub fn start(api: &Backend, me: StaffProfile, people: RwSignal<Vec<StaffProfile>>) -> Self {
        let feed = Feed {
            list: RwSignal::new(None),
            device: RwSignal::new(None),
            floor: RwSignal::new(None),
            skew: RwSignal::new(0),
            now: RwSignal::new(client_now()),
            clocks: Clocks::new(),
            me,
            people,
            fetching: StoredValue::new(Fetching::default()),
            checks: StoredValue::new(Asks::default()),
            floor_asks: StoredValue::new(Asks::default()),
            api: api.clone(),
        };
        feed.refresh();
        let (now, server_now, list, clocks, lang) =
            (feed.now, feed.server_now(), feed.list, feed.clocks, UiLang::expect());
        let tick = move || {
            now.set(client_now());
            list.with_untracked(|l| {
                if let Some(Ok(l)) = l {
                    clocks.tick(lang.get_untracked(), &l.deadlines, server_now.get_untracked());
                }
            });
        };
        if let Ok(handle) = set_interval_with_handle(tick, TICK) {
            on_cleanup(move || handle.clear());
        }
        {
            let feed = feed.clone();
            if let Ok(handle) = set_interval_with_handle(move || feed.refresh(), api.fallback_every()) {
                on_cleanup(move || handle.clear());
            }
        }
        let changed = {
            let feed = feed.clone();
            Rc::new(move |heard: Heard| match heard {
                Heard::Tasks(views) => {
                    for view in views {
                        feed.take(view);
                    }
                    // Online or not, what waits, a refusal: the device's state moves with its view.
                    let feed = feed.clone();
                    spawn_local(async move { feed.check().await });
                }
                Heard::Floor => {
                    let feed = feed.clone();
                    spawn_local(async move { feed.ask_floor().await });
                }
                Heard::Everything => feed.refresh(),
            })
        };
        // One channel per screen, closed with it (a closed channel calls nothing any more).
        let listening: SendWrapper<Listening> = SendWrapper::new(api.listen(changed));
        on_cleanup(move || listening.take().stop());
        feed
    }

    /// Fetches the list and the device's state again; keeps the last good list when the fetch fails (the badge says
    /// why). Asked while a fetch is under way, it fetches once more after it. An answer that comes after the screen
    /// has gone is dropped.
    pub fn refresh(&self) {
        let first = self.fetching.try_update_value(|f| f.asked.replace(true).is_none());
        if first == Some(true) {
            let feed = self.clone();
            spawn_local(async move {
                while feed.fetching.try_update_value(|f| f.asked.replace(false)) == Some(Some(true)) {
                    feed.fetch().await;
                }
                feed.fetching.update_value(|f| f.asked = None);
            });
        }
    }

    async fn fetch(&self) {
        let Feed { list, skew, api, fetching, me, .. } = self;
        fetching.update_value(|f| f.late = Some(Vec::new()));
        let answer = api.tasks().await;
        let Some(Some(late)) = fetching.try_update_value(|f| f.late.take()) else { return };
        let Some(had_list) = list.try_with_untracked(Option::is_some) else { return };
        match answer {
            Ok(mut l) => {
                skew.set(l.server_time.0 - client_now().0);
                for view in late {
                    l.place(me, view);
                }
                list.set(Some(Ok(l)));
            }
            Err(e) if !had_list => list.set(Some(Err(e))),
            Err(_) => {}
        }
        self.check().await;
        // Asked with every refresh too: a refresh may stand for an announcement of the floor missed.
        self.ask_floor().await;
    }

    /// Asks who is on shift again (the announcements say when it changed); redraws only when that did. Several asks
    /// may be under way: an answer older than one taken in already is dropped.
    async fn ask_floor(&self) {
        let floor = self.floor;
        let Some(asked) = self.floor_asks.try_update_value(Asks::ask) else { return };
        let Ok(now) = self.api.presence().await else { return };
        if self.floor_asks.try_update_value(|a| a.answered(asked)) != Some(true) {
            return;
        }
        if floor.try_with_untracked(|f| f.as_ref().map(|f| &f.people) != Some(&now.people)) == Some(true) {
            floor.set(Some(now));
        }
    }

    /// Asks for the device's state again (online, waiting, refused); a refusal not seen before fetches the list
    /// again, to undo what this screen foresaw.
    pub async fn check(&self) {
        // Asked after every change announced, so several may be under way: an answer older than one taken in
        // already is dropped (the device's state must not go back, to a pending count since sent).
        let Some(asked) = self.checks.try_update_value(Asks::ask) else { return };
        let Ok(state) = self.api.device_state().await else { return };
        if self.checks.try_update_value(|c| c.answered(asked)) != Some(true) {
            return;
        }
        // The first state asked for has nothing new: the list was fetched with it.
        let known = |d: &Option<DeviceState>| {
            d.as_ref().is_none_or(|d| state.rejections.iter().all(|r| d.rejections.iter().any(|s| s.op == r.op)))
        };
        if self.device.try_with_untracked(known) == Some(false) {
            self.refresh();
        }
        // Asked after every change announced: the badge is redrawn only when there is something new on it.
        if self.device.try_with_untracked(|d| d.as_ref() != Some(&state)) == Some(true) {
            self.device.try_set(Some(state));
        }
    }

    /// Takes in the latest view of one task (an announced change, or an action foreseen), naming its holder from
    /// the list, the site's people or the person themselves; a holder none of them names fetches the list again.
    fn take(&self, mut view: TaskView) {
        let Feed { list, me, people, fetching, .. } = self;
        if let Some(holder) = view.task.assignee.clone().filter(|_| view.assignee_name.is_none()) {
            view.assignee_name = list
                .with_untracked(|l| {
                    let l = l.as_ref()?.as_ref().ok()?;
                    l.views().find_map(|v| {
                        (v.task.assignee.as_ref() == Some(&holder)).then(|| v.assignee_name.clone()).flatten()
                    })
                })
                .or_else(|| {
                    people.with_untracked(|p| p.iter().find(|p| p.id == holder).map(|p| p.display_name.clone()))
                })
                .or_else(|| (holder == me.id).then(|| me.display_name.clone()));
            if view.assignee_name.is_none() {
                self.refresh();
            }
        }
        fetching.update_value(|f| {
            if let Some(late) = &mut f.late {
                late.push(view.clone());
            }
        });
        list.maybe_update(|l| match l {
            Some(Ok(l)) => l.place(me, view),
            _ => false,
        });
    }

    /// Shows at once what `action` by `actor` will make of `task`, marked pending until the server's word comes (a
    /// refusal fetches the list again); the view it replaced, to put back if the action cannot be sent.
    pub fn foresee(&self, task: &TaskId, action: &Action, actor: &Actor) -> Option<TaskView> {
        let before = self.list.with_untracked(|l| {
            let l = l.as_ref()?.as_ref().ok()?;
            l.views().find(|v| v.task.id == *task).cloned()
        })?;
        let task = before.task.apply(actor, action, client_now()).ok()?;
        self.take(TaskView { task, assignee_name: None, pending: true });
        Some(before)
    }

    /// Puts back the view an action that could not be sent had replaced (unless the server's word on the task came
    /// meanwhile: the view held then is newer).
    pub fn put_back(&self, before: Option<TaskView>) {
        if let Some(before) = before {
            self.take(before);
        }
    }

    /// The server's time now, as far as this device can tell, ticking.
    pub fn server_now(&self) -> Signal<floordesk_domain::Timestamp> {
        let (now, skew) = (self.now, self.skew);
        Signal::derive(move || floordesk_domain::Timestamp(now.get().0 + skew.get()))
    }

    /// Where the list stands; changes only when that does.
    pub fn loaded(&self) -> Memo<Loaded> {
        let list = self.list;
        Memo::new(move |_| match list.get() {
            None => Loaded::Loading,
            Some(Err(e)) => Loaded::Failed(e),
            Some(Ok(_)) => Loaded::Ready,
        })
    }

    /// One part of the task list as the screen shows it, changing only when that part does (an empty one until the
    /// list has come): an unchanged refresh (whose server time always differs) redraws nothing, so a half-typed
    /// note or an open menu keeps its focus.
    pub fn shown<T: Clone + Default + PartialEq + Send + Sync + 'static>(&self, pick: fn(&TaskList) -> T) -> Memo<T> {
        let list = self.list;
        Memo::new(move |_| list.with(|l| l.as_ref().and_then(|r| r.as_ref().ok()).map(pick).unwrap_or_default()))
    }
}

/// Orders a list of tasks by `by`: the floor app's boards order theirs through this one call, so the sorting code is
/// in the wasm once (a closure of its own for each would make a copy each).
pub fn order(views: &mut [TaskView], by: fn(&TaskView, &TaskView) -> std::cmp::Ordering) {
    views.sort_by(by);
}

/// Every task of the list, mine first.
pub fn everything(list: &TaskList) -> Vec<TaskView> {
    list.views().cloned().collect()
}
