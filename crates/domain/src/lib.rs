//! The domain of urbis: the records a network of cities keeps, their validation and their
//! rules. No I/O lives here; every other layer depends on this crate, never the reverse.

pub mod access;
pub mod accounts;
pub mod advocacy;
pub mod audit;
pub mod dataset;
pub mod date;
pub mod events;
pub mod html;
pub mod id;
pub mod knowledge;
pub mod limits;
pub mod network;
#[cfg(feature = "openapi")]
mod openapi;
pub mod parts;
pub mod policy;
pub mod portal;
pub mod projects;
pub mod record;
pub mod report;
pub mod sharing;
pub mod text;
pub mod throttle;
pub mod validation;
pub mod vocabulary;
pub mod written;

pub use access::Access;
pub use dataset::{Dataset, ForumData, ListVisitor};
pub use date::PartialDate;
pub use id::Id;
pub use policy::{Audience, SearchScope, Viewer};
pub use record::{Kind, Record};
pub use sharing::Shared;
pub use text::{Lang, Text};
pub use validation::{Problem, Problems};
pub use vocabulary::{UnknownName, Vocabulary};
