//! The public pages of projects: the list and the project page; and the project row every list
//! of projects shows.

pub mod board;
pub mod list;
pub mod show;

use urbis_domain::projects::Project;

use crate::format::{self, Shown};
use crate::i18n::Tr;

/// One project as lists show it.
pub struct ProjectRow {
    /// The project page.
    pub href: String,
    /// The acronym.
    pub acronym: String,
    /// The title.
    pub title: Shown,
    /// Its period, printed.
    pub period: String,
    /// Its status, as a label.
    pub status: String,
    /// A role (the forum's, or an organisation's), when the list shows one.
    pub role: Shown,
}

impl ProjectRow {
    /// The row of one project for a reader of `t`'s language.
    pub fn new(t: &Tr, project: &Project) -> Self {
        let period = match (&project.start, &project.end) {
            (Some(start), end) => format::range(t.lang, start, end.as_ref()),
            (None, Some(end)) => format!("{} {}", t.get("until"), format::date(t.lang, end)),
            (None, None) => String::new(),
        };
        Self {
            href: format!("/projects/{}", project.id),
            acronym: project.acronym.clone(),
            title: Shown::new(t, &project.title),
            period,
            status: format::label(t, "project-status", &project.status),
            role: Shown::default(),
        }
    }
}

/// Sorts projects by acronym, case-insensitively.
pub fn sort(projects: &mut [&Project]) {
    projects.sort_by_cached_key(|p| p.acronym.to_lowercase());
}
