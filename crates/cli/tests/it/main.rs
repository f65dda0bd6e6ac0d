//! The `urbis` command's integration tests, one module per area, in one test binary (each test
//! binary links the whole tree; one links much faster than many). `common` starts a real
//! `urbis serve` and holds the fixtures.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions may panic

mod backup;
mod cli;
mod cluster;
mod common;
mod containers;
mod durability;
mod health;
mod languages;
mod operations;
mod privacy;
mod shutdown;
mod upgrade;
