//! Pages of the network: its members.

pub mod members;
