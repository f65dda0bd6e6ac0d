//! The network as its pages show it: the forum and its board and office, the member list and
//! each member organisation's page.

pub mod about;
pub mod members;
pub mod organisation;
