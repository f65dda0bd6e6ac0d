//! Pages of the members-only information collections.

pub mod board;
pub mod collections;
pub mod download;
pub mod entries;
