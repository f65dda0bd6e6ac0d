//! The web layer's integration tests, one module per area, in one test binary (each test
//! binary links the whole tree; one links much faster than many). `common` is the real site
//! they all start; `webdriver` drives the browser tests' Chromium. `tests/query_count.rs` is a
//! binary of its own: it counts every SQL statement of the process.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers outside #[test] functions may panic

mod access;
mod admin;
mod advocacy;
mod api;
mod api_contract;
mod applications;
mod assets;
mod backoffice;
mod browser;
mod calendar;
mod collections;
mod common;
mod errors;
mod event_desk;
mod files;
mod fuzz_import_sheet;
mod fuzz_markdown;
mod fuzz_query;
mod guest_registration;
mod mail_flows;
mod observability;
mod page_cache;
mod portal;
mod proxy;
mod public_site;
mod registration;
mod report_editor;
mod search;
mod security;
mod sharing;
mod webdriver;
