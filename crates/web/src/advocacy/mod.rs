//! The public page of how the network speaks for its members: advocacy actions, cooperations
//! and outreach.

pub mod list;
