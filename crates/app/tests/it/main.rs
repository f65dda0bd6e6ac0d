//! The use cases' integration tests on real stores, one module per area, in one test binary
//! (each test binary links the whole tree; one links much faster than many). `common` holds
//! the fixtures several areas share.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions may panic

mod accounts;
mod common;
mod event_texts;
mod privacy;
mod projects;
mod records;
mod registrations;
mod reminders;
