//! Texts people read, in German, English and French: the interface and the mails (Fluent files
//! under `crates/i18n/locales/`, compiled into the binary). The catalogue lives in `urbis-i18n`,
//! below the report crate, which writes its words from it too; this module keeps the paths
//! `urbis_app::i18n::Tr` and `crate::i18n::Tr` the app and the web use.

pub use urbis_i18n::*;
