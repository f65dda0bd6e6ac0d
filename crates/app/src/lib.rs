//! The use cases of urbis between the web and command line on top and the store below:
//! accounts, sessions and the second factor, privacy; the texts people read.

pub mod accounts;
pub mod advocacy;
pub mod audit;
pub mod byte_lru;
mod door;
mod error;
pub mod events;
pub mod forums;
pub mod home;
pub mod i18n;
mod kept;
pub mod knowledge;
pub mod network;
pub mod notices;
pub mod one_at_a_time;
pub mod paging;
pub mod portal;
pub mod privacy;
pub mod projects;
pub mod records;
pub mod report;
pub mod search;
pub mod topics;
pub mod visible;

pub use door::{App, Readiness};
pub use error::AppError;
pub use urbis_store::OutboxFigures;
