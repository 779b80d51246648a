//! The server's integration tests, one test binary (as `tests/` is, and ripgrep's): the real server on
//! 127.0.0.1:0 over each store, driven by the real client; the store conformance suite on SQLite and PostgreSQL;
//! seeded simulations of whole shifts. Tests that need PostgreSQL are `#[ignore]`d outside `cargo xtask test`,
//! which starts a throwaway cluster.

#[macro_use]
mod common;
#[macro_use]
mod conformance;

mod accountability;
mod admin;
mod api;
mod cases;
mod faults;
mod floor;
mod morning;
mod rules;
mod simulation;
mod store_postgres;
mod store_sqlite;
mod sync;
