//! The task list as the screen holds it: fetched through the API, fetched again the moment a change is announced
//! (the live channel in a browser, the shell's event in the app) and, as a fallback only, on a slow timer; and the
//! clock's tick, which moves the cards' clocks on. The feed owns its one announcement channel and its timers, and
//! ends them with the screen: nothing it started outlives it.

use std::rc::Rc;
use std::time::Duration;

use floordesk_protocol::{ApiError, DeviceState, FloorNow, TaskList, TaskView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;

use super::clocks::Clocks;
use crate::api::{Api, Backend, Listening};
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
    api: Backend,
}

/// How often the clocks on the screen move.
const TICK: Duration = Duration::from_secs(1);

impl Feed {
    /// Starts the feed for the current screen: the first fetch, the clock's tick, the fallback timer and the
    /// announcement channel, all ended when the screen is.
    pub fn start(api: &Backend) -> Self {
        let feed = Feed {
            list: RwSignal::new(None),
            device: RwSignal::new(None),
            floor: RwSignal::new(None),
            skew: RwSignal::new(0),
            now: RwSignal::new(client_now()),
            clocks: Clocks::new(),
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
            Rc::new(move || feed.refresh())
        };
        // One channel per screen, closed with it (a closed channel calls nothing any more).
        let listening: SendWrapper<Listening> = SendWrapper::new(api.listen(changed));
        on_cleanup(move || listening.take().stop());
        feed
    }

    /// Fetches the list and the device's state again; keeps the last good list when the fetch fails (the badge says
    /// why). An answer that comes after the screen has gone is dropped.
    pub fn refresh(&self) {
        let Feed { list, device, floor, skew, api, .. } = self.clone();
        spawn_local(async move {
            let answer = api.tasks().await;
            let Some(had_list) = list.try_with_untracked(Option::is_some) else { return };
            if let Ok(l) = &answer {
                skew.set(l.server_time.0 - client_now().0);
            }
            if answer.is_ok() || !had_list {
                list.set(Some(answer));
            }
            if let Ok(state) = api.device_state().await {
                device.set(Some(state));
            }
            // Who is on shift changes with the floor: asked with every refresh (the live channel announces it).
            if let Ok(now) = api.presence().await {
                if floor.try_with_untracked(|f| f.as_ref().map(|f| &f.people) != Some(&now.people)) == Some(true) {
                    floor.set(Some(now));
                }
            }
        });
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

/// Every task of the list, mine first.
pub fn everything(list: &TaskList) -> Vec<TaskView> {
    list.mine.iter().chain(&list.pool).cloned().collect()
}
