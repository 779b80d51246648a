//! Reading rows back, the same for both databases: [`Columns`] is the little a decoder needs of a row (text and
//! 64-bit integers, the only column types of both schemas), implemented for SQLite's and PostgreSQL's rows, so every
//! decoder is a plain function that rustfmt and editors work on, outside the macro of `sql.rs`.

use floordesk_domain::{Role, SiteId, StaffId, StoryId, Task, TaskId, TemplateId, Timestamp, ZoneId};
use floordesk_protocol::{AuditEntry, Change, DeviceInfo, SiteInfo, SiteKind, StaffProfile, Story, Template, ZoneInfo};

use super::{SessionRecord, StaffRecord, StoreError, StoryRecord};

/// The columns of a row, by name.
pub(crate) trait Columns {
    fn text(&self, column: &str) -> Result<String, sqlx::Error>;
    fn text_opt(&self, column: &str) -> Result<Option<String>, sqlx::Error>;
    fn int(&self, column: &str) -> Result<i64, sqlx::Error>;
    fn int_opt(&self, column: &str) -> Result<Option<i64>, sqlx::Error>;
}

macro_rules! columns_of {
    ($row:ty) => {
        impl Columns for $row {
            fn text(&self, column: &str) -> Result<String, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
            fn text_opt(&self, column: &str) -> Result<Option<String>, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
            fn int(&self, column: &str) -> Result<i64, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
            fn int_opt(&self, column: &str) -> Result<Option<i64>, sqlx::Error> {
                sqlx::Row::try_get(self, column)
            }
        }
    };
}

columns_of!(sqlx::sqlite::SqliteRow);
columns_of!(sqlx::postgres::PgRow);

/// Reads a snake_case serde enum back from its stored text.
pub(crate) fn enum_from_text<T: serde::de::DeserializeOwned>(text: String) -> Result<T, sqlx::Error> {
    serde_json::from_value(serde_json::Value::String(text)).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// A value as the JSON text it is stored as.
pub(crate) fn encode_json<T: serde::Serialize>(value: &T, id: &str) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|source| StoreError::Encode { id: id.to_owned(), source })
}

/// A value back from its stored JSON text.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(text: String, id: &str) -> Result<T, StoreError> {
    serde_json::from_str(&text).map_err(|source| StoreError::Corrupt { id: id.to_owned(), source })
}

/// Reads an id back from its stored text.
pub(crate) fn id<T>(
    text: String,
    make: impl FnOnce(String) -> Result<T, floordesk_domain::IdError>,
) -> Result<T, sqlx::Error> {
    make(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// An optional id back from its stored text.
fn id_opt<T>(
    text: Option<String>,
    make: impl FnOnce(String) -> Result<T, floordesk_domain::IdError>,
) -> Result<Option<T>, sqlx::Error> {
    text.map(|t| id(t, make)).transpose()
}

/// A count or sequence number back from its stored 64-bit integer.
fn unsigned(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

pub(crate) fn device(row: &impl Columns) -> Result<DeviceInfo, sqlx::Error> {
    Ok(DeviceInfo {
        id: row.text("id")?,
        site: id(row.text("site")?, SiteId::new)?,
        name: row.text("name")?,
        enrolled_by: id(row.text("enrolled_by")?, StaffId::new)?,
        enrolled_at: Timestamp(row.int("enrolled_at")?),
        revoked_at: row.int_opt("revoked_at")?.map(Timestamp),
        clock_behind_ms: row.int_opt("clock_behind_ms")?,
        seen_at: row.int_opt("seen_at")?.map(Timestamp),
    })
}

pub(crate) fn staff(row: &impl Columns) -> Result<StaffRecord, sqlx::Error> {
    Ok(StaffRecord {
        profile: StaffProfile {
            id: id(row.text("id")?, StaffId::new)?,
            display_name: row.text("display_name")?,
            role: enum_from_text::<Role>(row.text("role")?)?,
            site: id(row.text("site")?, SiteId::new)?,
            zone: id_opt(row.text_opt("zone")?, ZoneId::new)?,
        },
        code_salt: row.text("code_salt")?,
        code_hash: row.text("code_hash")?,
        demo_code: row.text_opt("demo_code")?,
        active: row.int("active")? != 0,
    })
}

pub(crate) fn admin_log_entry(row: &impl Columns) -> Result<floordesk_protocol::admin::AdminLogEntry, StoreError> {
    let id_text = row.int("id")?.to_string();
    let json = |column: &str| -> Result<Option<serde_json::Value>, StoreError> {
        row.text_opt(column)?.map(|text| decode_json(text, &id_text)).transpose()
    };
    Ok(floordesk_protocol::admin::AdminLogEntry {
        id: unsigned(row.int("id")?),
        at: Timestamp(row.int("at")?),
        actor: id(row.text("actor")?, StaffId::new)?,
        site: id(row.text("site")?, SiteId::new)?,
        action: row.text("action")?,
        target: row.text("target")?,
        before: json("before")?,
        after: json("after")?,
    })
}

pub(crate) fn session(row: &impl Columns) -> Result<SessionRecord, sqlx::Error> {
    Ok(SessionRecord {
        staff: id(row.text("staff")?, StaffId::new)?,
        expires_at: Timestamp(row.int("expires_at")?),
        revoked: row.int("revoked")? != 0,
        device: row.text_opt("device")?,
    })
}

/// A site without its zones (see [`zone`]).
pub(crate) fn site(row: &impl Columns) -> Result<SiteInfo, sqlx::Error> {
    Ok(SiteInfo {
        id: id(row.text("id")?, SiteId::new)?,
        name: row.text("name")?,
        kind: enum_from_text::<SiteKind>(row.text("kind")?)?,
        time_zone: row.text("time_zone")?,
        zones: Vec::new(),
    })
}

/// A zone and the site it belongs to.
pub(crate) fn zone(row: &impl Columns) -> Result<(SiteId, ZoneInfo), sqlx::Error> {
    let zone = ZoneInfo {
        id: id(row.text("id")?, ZoneId::new)?,
        name: row.text("name")?,
        floor: i32::try_from(row.int("floor")?).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
    };
    Ok((id(row.text("site")?, SiteId::new)?, zone))
}

/// A task from a row with its `id` and `body`.
pub(crate) fn task(row: &impl Columns) -> Result<Task, StoreError> {
    decode_json(row.text("body")?, &row.text("id")?)
}

pub(crate) fn change(row: &impl Columns) -> Result<Change, StoreError> {
    Ok(Change { seq: unsigned(row.int("seq")?), task: decode_json(row.text("body")?, &row.text("task_id")?)? })
}

pub(crate) fn audit_entry(row: &impl Columns) -> Result<AuditEntry, StoreError> {
    let op = row.text("op_id")?;
    Ok(AuditEntry {
        id: unsigned(row.int("id")?),
        task: id(row.text("task_id")?, TaskId::new)?,
        actor: id(row.text("actor")?, StaffId::new)?,
        actor_name: row.text_opt("actor_name")?,
        role: enum_from_text::<Role>(row.text("role")?)?,
        action: row.text_opt("action")?.map(enum_from_text).transpose()?,
        rule: row.text_opt("rule")?.map(enum_from_text).transpose()?,
        note: row.text_opt("note")?,
        device: row.text("device")?,
        server_time: Timestamp(row.int("server_time")?),
        device_time: Timestamp(row.int("device_time")?),
        accepted: row.int("accepted")? != 0,
        before: row.text_opt("before")?.map(|b| decode_json(b, &op)).transpose()?,
        after: row.text_opt("after")?.map(|a| decode_json(a, &op)).transpose()?,
        reason: row.text_opt("reason")?.map(|r| decode_json(r, &op)).transpose()?,
        op,
    })
}

/// A story as a reader sees it (the query of `statements::stories`).
pub(crate) fn story(row: &impl Columns) -> Result<Story, sqlx::Error> {
    Ok(Story {
        id: id(row.text("id")?, StoryId::new)?,
        author: id(row.text("author")?, StaffId::new)?,
        author_name: row.text("author_name")?,
        text: row.text("text")?,
        about: id_opt(row.text_opt("about")?, StaffId::new)?,
        about_name: row.text_opt("about_name")?,
        task: id_opt(row.text_opt("task_id")?, TaskId::new)?,
        posted_at: Timestamp(row.int("posted_at")?),
        likes: u32::try_from(row.int("likes")?).unwrap_or(u32::MAX),
        liked: row.int("liked")? > 0,
    })
}

/// A story as it was posted, to compare with a resend.
pub(crate) fn story_record(row: &impl Columns, story: &StoryId) -> Result<StoryRecord, sqlx::Error> {
    Ok(StoryRecord {
        id: story.clone(),
        site: id(row.text("site")?, SiteId::new)?,
        author: id(row.text("author")?, StaffId::new)?,
        text: row.text("text")?,
        about: id_opt(row.text_opt("about")?, StaffId::new)?,
        task: id_opt(row.text_opt("task_id")?, TaskId::new)?,
        posted_at: Timestamp(row.int("posted_at")?),
    })
}

pub(crate) fn template(row: &impl Columns) -> Result<Template, sqlx::Error> {
    Ok(Template {
        id: id(row.text("id")?, TemplateId::new)?,
        title: row.text("title")?,
        body: row.text("body")?,
        updated_at: Timestamp(row.int("updated_at")?),
        updated_by: id(row.text("updated_by")?, StaffId::new)?,
    })
}
