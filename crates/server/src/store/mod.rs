//! The store the server is generic over, and the records it keeps.
//!
//! Handlers only ever see this trait; each database is one implementation of it.

pub mod admin;
mod admin_sql;
pub mod floor;
mod floor_sql;
mod group;
mod group_sql;
mod hub;
pub mod postgres;
mod rows;
mod sql;
pub mod sqlite;
mod statements;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;

use floordesk_domain::{
    CaseId, FeedScope, OpeningHours, Rating, Role, RuleKind, SiteId, StaffId, StoryId, Task, TaskId, TemplateId,
    Timestamp,
};
use floordesk_protocol::{
    AuditEntry, Change, DeviceInfo, MorningNotesDraft, OpKind, OpResult, SiteInfo, StaffProfile, Story, Template,
};

pub use admin::{member_json, AdminRecord, AdminWrite, Administration, StoredSettings, Taken};
pub use floor::{FloorStore, ReserveSamples, ShiftRecord};
pub use hub::{LiveChange, LiveFeed, LiveFrame, LiveHub, Notice, LIVE_BUFFER};
pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// A sign-in attempt as counted before its code is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginAttempt {
    /// The attempt's number in a row: compare its code.
    Counted(u32),
    /// Sign-in is paused until then: do not compare.
    Paused(Timestamp),
}

/// A member of staff as the server keeps them: the profile plus the salted hash of the personal code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRecord {
    pub profile: StaffProfile,
    pub code_salt: String,
    pub code_hash: String,
    /// The code in plain text, kept only for demo accounts.
    pub demo_code: Option<String>,
    /// May sign in; a deactivated person's history stays.
    pub active: bool,
}

/// What sign-in attempts are counted under: a person from a source, or a source over everyone (`staff: None`).
/// A source is an enrolled device that proved itself (`device:ID`), or the address a request came from
/// (`addr:IP`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptKey<'a> {
    pub staff: Option<&'a StaffId>,
    pub source: &'a str,
}

/// How attempts under one key are limited: at most `limit` counted in a row within `window_minutes`, then a pause
/// of `pause_minutes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptLimit {
    pub limit: u32,
    pub window_minutes: i64,
    pub pause_minutes: i64,
}

/// A sign-in session, found by the hash of its bearer token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub staff: StaffId,
    pub expires_at: Timestamp,
    pub revoked: bool,
    /// The enrolled device it was opened on (none for a browser).
    pub device: Option<String>,
}

/// An enrolled device as the server keeps it: what supervisors see plus the hash of its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRecord {
    pub info: DeviceInfo,
    pub key_hash: String,
}

/// A good story as the store keeps it: who posted it where, when, and what it says (names and likes are read with
/// it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRecord {
    pub id: StoryId,
    pub site: SiteId,
    pub author: StaffId,
    /// Trimmed, 1 to [`floordesk_protocol::MAX_STORY_CHARS`] characters.
    pub text: String,
    pub about: Option<StaffId>,
    pub task: Option<TaskId>,
    pub posted_at: Timestamp,
}

impl StoryRecord {
    /// Whether `other` posts the same story (a resend): everything but the moment it reached the server.
    pub fn same_story(&self, other: &StoryRecord) -> bool {
        (&self.id, &self.site, &self.author, &self.text, &self.about, &self.task)
            == (&other.id, &other.site, &other.author, &other.text, &other.about, &other.task)
    }
}

/// Everything a fresh store is seeded with, written in one transaction.
#[derive(Debug, Clone, Default)]
pub struct Seed {
    pub sites: Vec<SiteInfo>,
    /// The sites that keep their own opening hours (the others keep their kind's usual ones).
    pub opening_hours: BTreeMap<SiteId, OpeningHours>,
    pub staff: Vec<StaffRecord>,
    pub tasks: Vec<Task>,
    pub stories: Vec<StoryRecord>,
    /// Who liked which story.
    pub likes: Vec<(StoryId, StaffId)>,
    /// Answer templates, each with its site.
    pub templates: Vec<(SiteId, Template)>,
}

/// Who sent an op, from where, about what: what the store records with its result and in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpRecord {
    pub op_id: String,
    pub device: String,
    pub actor: StaffId,
    pub role: Role,
    pub site: SiteId,
    pub task: TaskId,
    pub device_time: Timestamp,
    pub server_time: Timestamp,
    /// What it does.
    pub kind: OpKind,
    /// The rule that does it, for an op of the site's rules.
    pub rule: Option<RuleKind>,
    /// The reason the person gave (kept with an accepted op only).
    pub note: Option<String>,
}

/// Which entries of a site's audit log to read: any of these narrow it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub staff: Option<StaffId>,
    pub task: Option<TaskId>,
    pub action: Option<OpKind>,
    /// Reached the server at or after.
    pub from: Option<Timestamp>,
    /// Reached the server before.
    pub to: Option<Timestamp>,
    /// Only accepted ops (a task's history).
    pub accepted_only: bool,
}

/// How a visitor's case was closed, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseClosed {
    /// When (server time).
    pub at: Timestamp,
    /// By whom.
    pub by: StaffId,
    /// The visitor's one rating of the whole situation, when they gave one.
    pub rating: Option<Rating>,
}

/// How an attempt to commit an accepted op ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Commit {
    /// Written, with this server sequence number.
    Applied { seq: u64 },
    /// The task changed since it was read (or, for a create, exists): read it again and decide again.
    VersionConflict,
    /// This op id was recorded already (a concurrent resend): its first result.
    Duplicate(Box<OpResult>),
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
    /// A stored value could not be read back.
    #[error("stored value {id} is unreadable: {source}")]
    Corrupt { id: String, source: serde_json::Error },
    /// A value could not be turned into its stored form.
    #[error("value {id} cannot be stored: {source}")]
    Encode { id: String, source: serde_json::Error },
    /// The database file could not be created or its mode set.
    #[error("database file: {0}")]
    File(std::io::Error),
    /// The committer that writes ops stopped (the server is shutting down, or a group's write panicked).
    #[error("the op committer stopped")]
    Stopped,
    /// The group this op was written with failed as a whole (the database could not be reached).
    #[error("the group of ops failed: {0}")]
    Group(String),
}

impl StoreError {
    /// Whether one statement of one op failed (the database refused it, or a value would not encode or decode),
    /// rather than the database itself (unreachable, closed, timed out).
    pub(crate) fn is_of_one_op(&self) -> bool {
        matches!(
            self,
            StoreError::Database(sqlx::Error::Database(_)) | StoreError::Corrupt { .. } | StoreError::Encode { .. }
        )
    }
}

/// Everything the server keeps. Every method is one transaction: it is durable when the future resolves `Ok`.
pub trait Store: Administration + FloorStore + Send + Sync + 'static {
    /// True when no site has been created yet (a fresh database).
    fn is_empty(&self) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Writes sites, staff, tasks (each task also as a change, so a device pulling from 0 gets it), stories, likes
    /// and templates into an empty store, all or nothing.
    fn seed(&self, seed: &Seed) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// All sites with their zones, by id.
    fn sites(&self) -> impl Future<Output = Result<Vec<SiteInfo>, StoreError>> + Send;
    /// The opening hours of the sites that keep their own.
    fn opening_hours(&self) -> impl Future<Output = Result<BTreeMap<SiteId, OpeningHours>, StoreError>> + Send;
    /// All staff, by site then name.
    fn staff(&self) -> impl Future<Output = Result<Vec<StaffRecord>, StoreError>> + Send;
    /// One member of staff.
    fn staff_by_id(&self, id: &StaffId) -> impl Future<Output = Result<Option<StaffRecord>, StoreError>> + Send;
    /// Counts a sign-in attempt under `key` at `now` before its code is compared, atomically: attempts that arrive
    /// together are counted one after another. An attempt past the limit pauses the key; while a pause runs nothing
    /// is counted; when it has ended, or the count is older than the window, the count starts again.
    fn begin_attempt(
        &self,
        key: AttemptKey<'_>,
        now: Timestamp,
        limit: AttemptLimit,
    ) -> impl Future<Output = Result<LoginAttempt, StoreError>> + Send;
    /// Pauses `key` until `until` (the last attempt allowed failed), unless a right code has cleared its count below
    /// `limit` meanwhile.
    fn pause_attempts(
        &self,
        key: AttemptKey<'_>,
        until: Timestamp,
        limit: u32,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// After a right code: forgets the person's count from the source, and takes the attempt back from the source's
    /// count over everyone (unless that is paused).
    fn right_code(&self, key: AttemptKey<'_>) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Each site's retention period: days its closed tasks keep their personal data.
    fn retention_days(&self) -> impl Future<Output = Result<BTreeMap<SiteId, u32>, StoreError>> + Send;
    /// Up to `limit` tasks of `site` closed at or before `cutoff` whose personal data is still there, oldest first.
    fn due_for_erasure(
        &self,
        site: &SiteId,
        cutoff: Timestamp,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<Task>, StoreError>> + Send;
    /// Erases the personal data of `task` ([`Task::without_personal_data`]) from every copy kept of it, in one
    /// transaction: the task, its changes, its audit rows, its ops' answers. `false`: it was erased already.
    fn erase_personal_data(
        &self,
        task: &TaskId,
        now: Timestamp,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Records how far device `id`'s clock was behind the server's (negative: ahead) when it pushed at `at`.
    fn note_device_clock(
        &self,
        id: &str,
        behind_ms: i64,
        at: Timestamp,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Stores `staff`'s personal code anew, as `hash` with `salt`.
    fn set_code(&self, staff: &StaffId, salt: &str, hash: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Ends every pause and count of `staff` (a supervisor's unlock); whether a pause was running at `now`.
    fn unlock(&self, staff: &StaffId, now: Timestamp) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Records a new session under the hash of its token, bound to the enrolled device it was opened on, if any.
    fn create_session(
        &self,
        token_hash: &str,
        staff: &StaffId,
        device: Option<&str>,
        created_at: Timestamp,
        expires_at: Timestamp,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The session with this token hash, if any.
    fn session(&self, token_hash: &str) -> impl Future<Output = Result<Option<SessionRecord>, StoreError>> + Send;
    /// The session with this token hash and the person it signs in, read together (every request asks).
    fn signed_in(
        &self,
        token_hash: &str,
    ) -> impl Future<Output = Result<Option<(SessionRecord, StaffRecord)>, StoreError>> + Send;
    /// Keeps a live ticket (by its hash) for the session `token_hash` until `expires_at`, and forgets the tickets that
    /// ran out by `now`.
    fn issue_ticket(
        &self,
        ticket_hash: &str,
        token_hash: &str,
        expires_at: Timestamp,
        now: Timestamp,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Uses a live ticket up (once, atomically): the token hash of its session, if it is still good at `now`.
    fn redeem_ticket(
        &self,
        ticket_hash: &str,
        now: Timestamp,
    ) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;
    /// Revokes a session and announces it to the live channels; true when there was one to revoke.
    fn revoke_session(&self, token_hash: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// One device, withdrawn or not.
    fn device(&self, id: &str) -> impl Future<Output = Result<Option<DeviceRecord>, StoreError>> + Send;
    /// The devices of a site, newest first.
    fn devices(&self, site: &SiteId) -> impl Future<Output = Result<Vec<DeviceInfo>, StoreError>> + Send;
    /// The open (not done, not cancelled) tasks of a site.
    fn open_tasks(&self, site: &SiteId) -> impl Future<Output = Result<Vec<Task>, StoreError>> + Send;
    /// The tasks of a site closed (done or cancelled) in `[from, to)`, by when they closed.
    fn closed_tasks(
        &self,
        site: &SiteId,
        from: Timestamp,
        to: Timestamp,
    ) -> impl Future<Output = Result<Vec<Task>, StoreError>> + Send;
    /// One task, open or closed.
    fn task(&self, id: &TaskId) -> impl Future<Output = Result<Option<Task>, StoreError>> + Send;
    /// The recorded result of `actor`'s op, if this op id was seen from them before.
    fn op_result(
        &self,
        actor: &StaffId,
        op_id: &str,
    ) -> impl Future<Output = Result<Option<OpResult>, StoreError>> + Send;
    /// The recorded result of `actor`'s op and the task it is about, each if there is one, read together (the
    /// first read of every op a device sends).
    fn op_and_task(
        &self,
        actor: &StaffId,
        op_id: &str,
        task: &TaskId,
    ) -> impl Future<Output = Result<(Option<OpResult>, Option<Task>), StoreError>> + Send;
    /// All or nothing, with the ops that arrive together (one transaction and one flush per group, each op whole
    /// on its own): records the op, writes `after` only if the task is still at `expected_version` (absent for a
    /// create), appends it to the change feed, stores the result and an audit entry with `before` and `after`; and
    /// creates `planned` (a task the op makes alongside: a confirmed meeting's escort) with its own change and audit
    /// entry, or nothing at all if that id is taken. First writer wins: a concurrent writer gets
    /// [`Commit::VersionConflict`]. Durable when it resolves.
    fn commit_op(
        &self,
        op: &OpRecord,
        expected_version: Option<u64>,
        before: Option<&Task>,
        after: &Task,
        planned: Option<&Task>,
    ) -> impl Future<Output = Result<Commit, StoreError>> + Send;
    /// Records a rejected op with its result and an audit entry (grouped like [`Store::commit_op`]); returns the
    /// op's stored result (the first one, if the op id was recorded already).
    fn reject_op(
        &self,
        op: &OpRecord,
        before: Option<&Task>,
        result: &OpResult,
    ) -> impl Future<Output = Result<OpResult, StoreError>> + Send;
    /// Changes of a site within `scope` after `after`, in server order, at most `limit`.
    fn changes(
        &self,
        site: &SiteId,
        scope: &FeedScope,
        after: u64,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<Change>, StoreError>> + Send;
    /// Every change of `site` that `scope` sees (and every floor notice of the site), committed from now on by any
    /// server instance that shares this store, serialised once for all the channels it goes to.
    fn subscribe(&self, site: &SiteId, scope: FeedScope) -> LiveFeed;
    /// Every batch of sessions (by token hash) revoked from now on, through any instance that shares this store.
    fn subscribe_ended(&self) -> tokio::sync::broadcast::Receiver<Arc<[String]>>;
    /// Audit entries of a site after entry `after` that `filter` lets through, oldest first, at most `limit`.
    fn audit(
        &self,
        site: &SiteId,
        filter: &AuditFilter,
        after: u64,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<AuditEntry>, StoreError>> + Send;
    /// Posts a good story once: a resend of the same story (same id and content) gets the story as it stands; an id
    /// taken by a different story gets `None`. The answer is as its author reads it.
    fn post_story(&self, story: &StoryRecord) -> impl Future<Output = Result<Option<Story>, StoreError>> + Send;
    /// The stories of a site posted at or after `since`, newest first, at most `limit`, with their likes and whether
    /// `reader` liked each.
    fn stories(
        &self,
        site: &SiteId,
        reader: &StaffId,
        since: Option<Timestamp>,
        limit: u32,
    ) -> impl Future<Output = Result<Vec<Story>, StoreError>> + Send;
    /// Records (`liked`) or takes back `staff`'s like of a story of `site`, idempotently; the story as `staff` now
    /// reads it, or `None` when the site has no such story.
    fn like_story(
        &self,
        site: &SiteId,
        story: &StoryId,
        staff: &StaffId,
        liked: bool,
    ) -> impl Future<Output = Result<Option<Story>, StoreError>> + Send;
    /// The answer templates of a site, by title.
    fn templates(&self, site: &SiteId) -> impl Future<Output = Result<Vec<Template>, StoreError>> + Send;
    /// Writes a template of `site` (new, or replacing the one with its id); false when the id is another site's.
    fn put_template(&self, site: &SiteId, template: &Template)
        -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Removes a template of `site`; false when the site has no such template.
    fn delete_template(&self, site: &SiteId, id: &TemplateId) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// The site's own common purposes of a visit, if it has any.
    fn purposes(&self, site: &SiteId) -> impl Future<Output = Result<Option<Vec<String>>, StoreError>> + Send;
    /// Replaces the site's common purposes (checked already).
    fn put_purposes(&self, site: &SiteId, items: &[String]) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// The notes kept with the morning meeting's pack of the site's `day`, with who wrote them last and when.
    fn morning_notes(
        &self,
        site: &SiteId,
        day: &str,
    ) -> impl Future<Output = Result<Option<(MorningNotesDraft, StaffId, Timestamp)>, StoreError>> + Send;
    /// Every task of the site's visitor case `case` (by id).
    fn case_tasks(&self, site: &SiteId, case: &CaseId) -> impl Future<Output = Result<Vec<Task>, StoreError>> + Send;
    /// How the site's visitor case `case` was closed, once it was.
    fn case_closure(
        &self,
        site: &SiteId,
        case: &CaseId,
    ) -> impl Future<Output = Result<Option<CaseClosed>, StoreError>> + Send;
    /// Keeps the close of the site's visitor case `case`, if none of its tasks is open and it was not closed already
    /// (checked in the same statement); `false` (and nothing changed) otherwise.
    fn close_case(
        &self,
        site: &SiteId,
        case: &CaseId,
        closed: &CaseClosed,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Replaces the notes kept with the pack of the site's `day` (checked already).
    fn put_morning_notes(
        &self,
        site: &SiteId,
        day: &str,
        notes: &MorningNotesDraft,
        by: &StaffId,
        at: Timestamp,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}
