//! The live hub: one broadcast channel per site, so a change wakes only the devices of its own site, and one channel
//! of ended sessions. Each store owns one and feeds it (in-process for SQLite, from NOTIFY for PostgreSQL).

use std::sync::Arc;

use floordesk_domain::{SiteId, StaffId, Task, ZoneId};

/// How many announced changes a slow live subscriber may fall behind before it is told to resync.
pub const LIVE_BUFFER: usize = 4096;

/// The live channels, one per site, so a change wakes only the devices of its own site; and one channel of ended
/// sessions, so a live channel closes the moment its sign-in ends.
#[derive(Debug)]
pub struct LiveHub {
    sites: std::sync::Mutex<std::collections::HashMap<SiteId, tokio::sync::broadcast::Sender<LiveEvent>>>,
    ended: tokio::sync::broadcast::Sender<Arc<[String]>>,
}

impl Default for LiveHub {
    fn default() -> Self {
        Self { sites: std::sync::Mutex::default(), ended: tokio::sync::broadcast::channel(LIVE_BUFFER).0 }
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

/// What a site's live channel carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    Change(LiveChange),
    /// Announcements may have been lost (the database connection dropped): every device should pull.
    Resync,
    /// Who is on the floor changed.
    Floor,
}

impl LiveHub {
    fn sites(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<SiteId, tokio::sync::broadcast::Sender<LiveEvent>>> {
        self.sites.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn sender(&self, site: &SiteId) -> tokio::sync::broadcast::Sender<LiveEvent> {
        self.sites().entry(site.clone()).or_insert_with(|| tokio::sync::broadcast::channel(LIVE_BUFFER).0).clone()
    }

    /// Every event of `site` from now on.
    pub fn subscribe(&self, site: &SiteId) -> tokio::sync::broadcast::Receiver<LiveEvent> {
        self.sender(site).subscribe()
    }

    /// Announces a change to its site's subscribers (none listening is fine: devices catch up by pulling).
    pub fn publish(&self, change: LiveChange) {
        let _ = self.sender(&change.site).send(LiveEvent::Change(change));
    }

    /// Delivers what a store announced.
    pub fn deliver(&self, notice: Notice) {
        match notice {
            Notice::Change(change) => self.publish(change),
            Notice::SessionsEnded { token_hashes } => self.end_sessions(token_hashes),
            Notice::Floor { site } => {
                let _ = self.sender(&site).send(LiveEvent::Floor);
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
    pub fn subscribe_ended(&self) -> tokio::sync::broadcast::Receiver<Arc<[String]>> {
        self.ended.subscribe()
    }

    /// Tells every subscriber of every site to pull.
    pub fn resync_all(&self) {
        for sender in self.sites().values() {
            let _ = sender.send(LiveEvent::Resync);
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
