//! FloorDesk's UI, Leptos client-side rendered, as two bundles over one library: the floor app ([`app::App`], the
//! `floordesk-ui` binary: the Tauri window and the browser on the floor) and site administration
//! ([`admin::AdminApp`], the `floordesk-admin` binary: a browser on a desk, at `/admin/`). What a bundle does not
//! reach is not linked into it: the floor app stays within its size budget whatever administration needs.

pub mod admin;
mod api;
pub mod app;
mod create;
mod dom;
mod floor;
mod format;
mod i18n;
mod knowledge;
mod kpi;
mod morning;
mod notice;
mod purposes;
mod setup;
mod signin;
mod stories;
mod tabs;
mod tasks;
mod topbar;
