//! Accounts: passwords, sessions, single-use links, the second factor and login throttling.

pub mod api_tokens;
pub mod login;
pub mod mails;
pub mod passwords;
pub mod second_factor;
pub mod secrets;
pub(crate) mod session_cache;
pub mod users;
