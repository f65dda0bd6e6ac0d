//! The open information portal: publications, funding calls and portal events.

pub mod list;
