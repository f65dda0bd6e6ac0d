//! Pages of the members-only information collections.

pub mod collections;
