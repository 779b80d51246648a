//! The store the server is generic over, and the records it keeps.
//!
//! Handlers only ever see this trait; each database is one implementation of it.

use std::future::Future;

use floordesk_domain::{SiteId, StaffId, Task, Timestamp};
use floordesk_protocol::{SiteInfo, StaffProfile};

/// A member of staff as the server keeps them: the profile plus the salted hash of the personal code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRecord {
    pub profile: StaffProfile,
    pub code_salt: String,
    pub code_hash: String,
    /// The code in plain text, kept only for demo accounts.
    pub demo_code: Option<String>,
    /// Sign-in is refused until this moment after too many wrong codes.
    pub locked_until: Option<Timestamp>,
}

/// A sign-in session, found by the hash of its bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub staff: StaffId,
    pub expires_at: Timestamp,
    pub revoked: bool,
}

/// Everything a fresh store is seeded with, written in one transaction.
#[derive(Debug, Clone, Default)]
pub struct Seed {
    pub sites: Vec<SiteInfo>,
    pub staff: Vec<StaffRecord>,
    pub tasks: Vec<Task>,
}

/// Why the store could not answer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A stored task could not be read back.
    #[error("stored task {id} is unreadable: {source}")]
    Corrupt { id: String, source: serde_json::Error },
    /// A task could not be turned into its stored form.
    #[error("task {id} cannot be stored: {source}")]
    Encode { id: String, source: serde_json::Error },
}

/// Everything the server keeps. Every method is one transaction: it is durable when the future resolves `Ok`.
pub trait Store: Send + Sync + 'static {
    /// True when no site has been created yet (a fresh database).
    fn is_empty(&self) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Writes sites, staff and tasks into an empty store, all or nothing.
    fn seed(&self, seed: &Seed) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// All sites with their zones, by id.
    fn sites(&self) -> impl Future<Output = Result<Vec<SiteInfo>, StoreError>> + Send;
    /// All staff, by site then name.
    fn staff(&self) -> impl Future<Output = Result<Vec<StaffRecord>, StoreError>> + Send;
    /// One member of staff.
    fn staff_by_id(&self, id: &StaffId) -> impl Future<Output = Result<Option<StaffRecord>, StoreError>> + Send;
    /// Counts a wrong code for `staff`; once `limit` are counted in a row, refuses sign-in until `lock_until`.
    /// Returns the count so far.
    fn record_failed_login(
        &self,
        staff: &StaffId,
        limit: u32,
        lock_until: Timestamp,
    ) -> impl Future<Output = Result<u32, StoreError>> + Send;
    /// Clears the wrong-code count after a good sign-in.
    fn clear_failed_logins(&self, staff: &StaffId) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Records a new session under the hash of its token.
    fn create_session(
        &self,
        token_hash: &str,
        staff: &StaffId,
        created_at: Timestamp,
        expires_at: Timestamp,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The session with this token hash, if any.
    fn session(&self, token_hash: &str) -> impl Future<Output = Result<Option<SessionRecord>, StoreError>> + Send;
    /// Revokes a session; true when there was one to revoke.
    fn revoke_session(&self, token_hash: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// The open (not done, not cancelled) tasks of a site.
    fn open_tasks(&self, site: &SiteId) -> impl Future<Output = Result<Vec<Task>, StoreError>> + Send;
}
