//! The use cases of urbis between the web and command line on top and the store below:
//! accounts, sessions and the second factor; the access checks around them.

pub mod accounts;
mod error;
pub 
pub use error::AppError;
