//! The use cases of urbis between the web and command line on top and the store below:
//! accounts, sessions and the second factor, privacy; the texts people read.

pub mod accounts;
mod door;
mod error;
pub mod events;
pub mod forums;
pub mod i18n;
pub mod knowledge;
pub mod paging;
pub mod portal;
pub mod privacy;
pub mod projects;
pub mod records;

pub use door::App;
pub use error::AppError;
