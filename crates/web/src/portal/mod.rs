//! The open information portal: the list, publication and funding call pages, deadline
//! reminders and the RSS/Atom feeds.

pub mod feeds;
pub mod list;
pub mod reminders;
pub mod show;
