//! Cross-component tests, one binary. The end-to-end tests need what `cargo xtask test` provides (the built UI,
//! the app binary, tauri-driver, Chromium, a display), so they are ignored by a plain `cargo test` and run by
//! `cargo xtask test` with `--include-ignored`; with a piece missing they fail and name it.

mod e2e {
    pub mod accountability;
    pub mod admin;
    pub mod browser;
    pub mod desk;
    pub mod indicators;
    pub mod morning;
    pub mod rules;
    pub mod support;
    pub mod tauri_window;
    pub mod walk;
    pub mod wide_floor;
}
