//! FloorDesk's device side of sync, apart from any UI glue so that tests and benchmarks drive it directly.
//!
//! [`LocalStore`] is the device's SQLite file (sessions, the tasks each person may see, the outbox, rejections);
//! [`Engine`] commits every action there first, then pushes, pulls and listens. The Tauri shell is a thin layer
//! over an [`Engine`].

pub mod engine;
mod kept;
pub mod local;

pub use engine::{backoff, notices, Engine, LocalTask, LocalView, Notice};
pub use floordesk_client::checked_server_url;
pub use local::{LocalError, LocalStore, Person, StoreKey};
