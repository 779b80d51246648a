//! The live hub: for each site, the live channels open on it and what each may see ([`FeedScope`]), so a change is
//! serialised once and handed only to the channels whose scope sees it (a change of one zone wakes that zone's
//! devices and the site's overseers, not the whole site); and one channel of ended sessions. Each store owns one and
//! feeds it (in-process for SQLite, from NOTIFY for PostgreSQL).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use floordesk_domain::{FeedScope, SiteId, StaffId, Task, ZoneId};
use floordesk_protocol::LiveMessage;
use tokio::sync::{broadcast, mpsc};

/// How many messages may wait for one slow live channel before it is told to resync instead.
pub const LIVE_BUFFER: usize = 256;

/// How many batches of ended sessions may wait for a slow live channel before it checks its own sign-in.
const ENDED_BUFFER: usize = 1024;

/// The live channels, by site, each with what it may see; and one channel of ended sessions, so a live channel
/// closes the moment its sign-in ends.
#[derive(Debug)]
pub struct LiveHub {
    sites: Mutex<HashMap<SiteId, Vec<Listener>>>,
    ended: broadcast::Sender<Arc<[String]>>,
}

impl Default for LiveHub {
    fn default() -> Self {
        Self { sites: Mutex::default(), ended: broadcast::channel(ENDED_BUFFER).0 }
    }
}

/// What one store tells every server instance that shares it (in-process for SQLite, NOTIFY for PostgreSQL).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "notice", rename_all = "snake_case")]
pub enum Notice {
    /// A committed change.
    Change(LiveChange),
    /// These sessions (by token hash) were revoked.
    SessionsEnded { token_hashes: Vec<String> },
    /// Who is on the floor of this site changed.
    Floor { site: SiteId },
}

/// What a live channel is handed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveFrame {
    /// A [`LiveMessage`] as JSON text, serialised once for every channel it goes to.
    Message(Bytes),
    /// Announcements may have been lost (the database connection dropped, or this channel fell behind): the device
    /// should pull.
    Resync,
}

/// One open live channel as the hub sees it.
#[derive(Debug)]
struct Listener {
    scope: FeedScope,
    frames: mpsc::Sender<LiveFrame>,
    lagged: Arc<AtomicBool>,
}

impl Listener {
    /// Hands `frame` over without waiting; a channel that is full is marked to resync. False when it is closed.
    fn hand(&self, frame: &LiveFrame) -> bool {
        match self.frames.try_send(frame.clone()) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Full(_)) => {
                self.lagged.store(true, Ordering::Relaxed);
                true
            }
            Err(mpsc::error::TrySendError::Closed(_)) => false,
        }
    }
}

/// A live channel's end of the hub: the frames its scope sees, in order.
#[derive(Debug)]
pub struct LiveFeed {
    frames: mpsc::Receiver<LiveFrame>,
    lagged: Arc<AtomicBool>,
}

impl LiveFeed {
    /// The next frame; [`LiveFrame::Resync`] instead when frames were dropped because this channel fell behind.
    /// `None` once the hub is gone.
    pub async fn recv(&mut self) -> Option<LiveFrame> {
        let frame = self.frames.recv().await?;
        Some(if self.lagged.swap(false, Ordering::Relaxed) { LiveFrame::Resync } else { frame })
    }
}

/// `message` as JSON text.
fn frame(message: &LiveMessage) -> Option<LiveFrame> {
    match serde_json::to_vec(message) {
        Ok(json) => Some(LiveFrame::Message(json.into())),
        Err(e) => {
            tracing::error!(error = %e, "a live message cannot be written");
            None
        }
    }
}

impl LiveHub {
    fn sites(&self) -> MutexGuard<'_, HashMap<SiteId, Vec<Listener>>> {
        self.sites.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every frame of `site` that `scope` sees, from now on.
    pub fn subscribe(&self, site: &SiteId, scope: FeedScope) -> LiveFeed {
        let (frames, receiver) = mpsc::channel(LIVE_BUFFER);
        let lagged = Arc::new(AtomicBool::new(false));
        let mut sites = self.sites();
        let listeners = sites.entry(site.clone()).or_default();
        // Channels that ended since the site last heard anything go now.
        listeners.retain(|l| !l.frames.is_closed());
        listeners.push(Listener { scope, frames, lagged: Arc::clone(&lagged) });
        LiveFeed { frames: receiver, lagged }
    }

    /// Hands `frame` to the listeners of `site` that `sees` picks, dropping the closed ones.
    fn hand(&self, site: &SiteId, frame: &LiveFrame, sees: impl Fn(&FeedScope) -> bool) {
        if let Some(listeners) = self.sites().get_mut(site) {
            listeners.retain(|l| !sees(&l.scope) || l.hand(frame));
        }
    }

    /// Announces a change to the listeners of its site that see it (none listening is fine: devices catch up by
    /// pulling).
    pub fn publish(&self, change: LiveChange) {
        let LiveChange { site, seq, zone, assignee, previous_assignee, task } = change;
        let Some(frame) = frame(&LiveMessage::Change { seq, task }) else { return };
        self.hand(&site, &frame, |scope| scope.sees(&zone, assignee.as_ref(), previous_assignee.as_ref()));
    }

    /// Delivers what a store announced.
    pub fn deliver(&self, notice: Notice) {
        match notice {
            Notice::Change(change) => self.publish(change),
            Notice::SessionsEnded { token_hashes } => self.end_sessions(token_hashes),
            Notice::Floor { site } => {
                if let Some(frame) = frame(&LiveMessage::Floor) {
                    self.hand(&site, &frame, |_| true);
                }
            }
        }
    }

    /// Tells live channels that these sessions (by token hash) ended; none listening is fine.
    pub fn end_sessions(&self, token_hashes: Vec<String>) {
        if !token_hashes.is_empty() {
            let _ = self.ended.send(token_hashes.into());
        }
    }

    /// Every batch of ended sessions from now on.
    pub fn subscribe_ended(&self) -> broadcast::Receiver<Arc<[String]>> {
        self.ended.subscribe()
    }

    /// Tells every listener of every site to pull.
    pub fn resync_all(&self) {
        for listeners in self.sites().values_mut() {
            listeners.retain(|l| l.hand(&LiveFrame::Resync));
        }
    }
}

/// A change as the live channel announces it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LiveChange {
    pub site: SiteId,
    pub seq: u64,
    /// Where the task is and who holds it after the change, and who held it before: who may hear of it.
    pub zone: ZoneId,
    pub assignee: Option<StaffId>,
    pub previous_assignee: Option<StaffId>,
    /// The task after the change, when small enough to carry.
    pub task: Option<Box<Task>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id<T>(make: fn(String) -> Result<T, floordesk_domain::IdError>, text: &str) -> T {
        make(text.to_owned()).unwrap()
    }

    fn change(zone: &str, assignee: Option<&str>) -> LiveChange {
        LiveChange {
            site: id(SiteId::new, "s"),
            seq: 7,
            zone: id(ZoneId::new, zone),
            assignee: assignee.map(|a| id(StaffId::new, a)),
            previous_assignee: None,
            task: None,
        }
    }

    fn person(staff: &str, zone: &str) -> FeedScope {
        FeedScope::Person { staff: id(StaffId::new, staff), zone: Some(id(ZoneId::new, zone)) }
    }

    #[tokio::test]
    async fn a_change_reaches_only_the_channels_whose_scope_sees_it() {
        let hub = LiveHub::default();
        let site = id(SiteId::new, "s");
        let mut overseer = hub.subscribe(&site, FeedScope::Site);
        let mut first_floor = hub.subscribe(&site, person("anna", "f1"));
        let mut second_floor = hub.subscribe(&site, person("igor", "f2"));
        hub.publish(change("f1", None));
        hub.publish(change("f1", Some("igor")));
        let expected = LiveFrame::Message(br#"{"type":"change","seq":7,"task":null}"#.as_slice().into());
        for _ in 0..2 {
            assert_eq!(overseer.recv().await, Some(expected.clone()));
            assert_eq!(first_floor.recv().await, Some(expected.clone()));
        }
        assert_eq!(second_floor.recv().await, Some(expected), "igor hears of the task he now holds");
        assert!(second_floor.frames.try_recv().is_err(), "and not of the other floor's pool");
    }

    #[tokio::test]
    async fn a_channel_that_falls_behind_is_told_to_resync_and_a_closed_one_is_dropped() {
        let hub = LiveHub::default();
        let site = id(SiteId::new, "s");
        let mut slow = hub.subscribe(&site, FeedScope::Site);
        drop(hub.subscribe(&site, FeedScope::Site));
        for _ in 0..=LIVE_BUFFER {
            hub.publish(change("f1", None));
        }
        assert_eq!(hub.sites().get(&site).map(Vec::len), Some(1), "the closed channel is gone");
        assert_eq!(slow.recv().await, Some(LiveFrame::Resync));
        assert!(matches!(slow.recv().await, Some(LiveFrame::Message(_))), "what was queued still follows");
    }
}
