//! Topic pages: each topic bundles its events, projects, publications, funding calls and the
//! collection entries the visitor may see.

pub mod show;
