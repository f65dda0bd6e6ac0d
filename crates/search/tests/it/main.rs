//! The search's integration tests, one module per area, in one test binary (each test binary
//! links the whole tree; one links much faster than many).

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions may panic

mod damaged;
mod estimate;
mod layout;
mod search;
mod words;
