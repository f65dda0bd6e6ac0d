//! Builds the crate again whenever anything under `locales/` changes: the Fluent files are
//! compiled into it, and a file added to a language folder would otherwise go unnoticed.

fn main() {
    println!("cargo::rerun-if-changed=locales");
}
