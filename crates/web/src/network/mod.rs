//! Pages of the network: its members, an organisation's page, and about the forum.

pub mod about;
pub mod members;
pub mod organisation;
pub mod profile;
