//! The FloorDesk central server.
//!
//! [`http::app`] builds the router over any [`Store`]; [`Server`] binds it to a socket over the store its database
//! URL names (SQLite, embedded, or PostgreSQL). The binary in `main.rs` only reads [`Config`] and runs a [`Server`]
//! until Ctrl-C or SIGTERM.

pub mod admin;
pub mod auth;
pub mod backup;
pub mod config;
pub mod demo;
pub mod error;
pub mod http;
pub mod metrics;
pub mod openapi;
pub mod retention;
pub mod rules;
pub mod server;
pub mod state;
pub mod store;
pub mod tls;

pub use crate::config::{Config, TlsFiles};
pub use crate::server::{ServeError, Server};
pub use crate::state::{now, AppState};
pub use crate::store::{PgStore, SqliteStore, Store, StoreError};
