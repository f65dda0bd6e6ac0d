//! Copies of projects and funding applications.

use urbis_domain::projects::{ApplicationStatus, FundingApplication, Project, ProjectStatus};
use urbis_domain::{Lang, Text};

use super::words::{ascii_slug, capital};
use super::{DAY_SPAN, Generator, TODAY, month, words};

impl Generator {
    /// Varies a project: an acronym unique per copy and index, title, running time, status.
    pub(super) fn project(&mut self, r: &mut Project, copy: u32, index: usize) {
        let word = *self.pick(words::ACRONYMS);
        r.acronym = format!("{word}-{}", u64::from(copy) * 100 + index as u64);
        let theme = self.theme();
        let city = self.city();
        r.title = Text::new(
            Lang::De,
            format!("{}: ein Modellprojekt in {city}", capital(theme.0)),
        )
        .with(
            Lang::En,
            format!("{}: a model project in {city}", capital(theme.1)),
        );
        r.description = Some(self.description(theme));
        let start = self.below(DAY_SPAN - 200);
        let end = start + self.between(365, 4 * 365);
        r.start = Some(month(start));
        r.end = Some(month(end));
        r.status = if start > TODAY {
            ProjectStatus::Planned
        } else if end < TODAY {
            ProjectStatus::Completed
        } else {
            ProjectStatus::Running
        };
        r.website = Some(format!("https://{}.example", ascii_slug(&r.acronym)));
        (r.created, r.updated) = self.stamps(start + 1);
    }

    /// Varies a funding application: acronym, title, submitted and decided months.
    pub(super) fn application(&mut self, r: &mut FundingApplication, copy: u32, index: usize) {
        let word = *self.pick(words::ACRONYMS);
        r.acronym = format!("{word}-A{}", u64::from(copy) * 100 + index as u64);
        let theme = self.theme();
        r.title = Text::new(Lang::De, format!("Antrag: {}", capital(theme.0)))
            .with(Lang::En, format!("Application: {}", capital(theme.1)));
        r.description = Some(self.description(theme));
        // A decision comes within months, not years: an application still waiting was
        // submitted (or started) in the last months before the day the data describes.
        let waiting = matches!(
            r.status,
            ApplicationStatus::InPreparation | ApplicationStatus::Submitted
        );
        let submitted = if waiting {
            TODAY - self.between(30, 300)
        } else {
            self.below(DAY_SPAN - 400)
        };
        r.submitted = r.submitted.map(|_| month(submitted));
        r.decided = match (r.status, r.submitted) {
            (ApplicationStatus::Approved | ApplicationStatus::Rejected, Some(_)) => {
                Some(month(submitted + self.between(60, 300)))
            }
            _ => None,
        };
        (r.created, r.updated) = self.stamps(submitted + 1);
    }
}
