//! The store's integration tests, one module per area, in one test binary (each test binary
//! links the whole store; one links much faster than many). `common` holds the test databases
//! and fixtures.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions may panic

mod batch;
mod changes;
mod common;
mod forum_move;
mod fuzz_import;
mod knowledge;
mod outbox;
mod query_plans;
mod sharing;
mod storage;
mod upgrade;
