//! Copies of funding calls and publications.

use urbis_domain::portal::{Deadline, FundingCall, Publication, PublicationKind};
use urbis_domain::{Lang, Text};

use super::words::{ascii_slug, capital};
use super::{DAY_SPAN, Generator, Pool, day, month, words};

impl Generator {
    /// Varies a funding call: title, summary, opening day and ascending deadlines.
    pub(super) fn funding_call(&mut self, r: &mut FundingCall) {
        let theme = self.theme();
        r.title = Text::new(Lang::De, format!("Förderaufruf: {}", capital(theme.0))).with(
            Lang::En,
            format!("Call for proposals: {}", capital(theme.1)),
        );
        r.summary = Some(self.description(theme));
        let opens = self.below(DAY_SPAN - 400);
        r.opens = Some(day(opens));
        let mut next = opens;
        for deadline in &mut r.deadlines {
            next += self.between(20, 120);
            *deadline = Deadline {
                date: day(next),
                label: deadline.label.clone(),
            };
        }
        (r.created, r.updated) = self.stamps(opens + 1);
        r.example = true;
    }

    /// Varies a publication: kind, title, authors, date, address, sometimes a project.
    pub(super) fn publication(&mut self, r: &mut Publication, pool: &Pool) {
        let theme = self.theme();
        let (document_de, document_en) = *self.pick(words::DOCUMENTS);
        r.kind = *self.pick(&[
            PublicationKind::Study,
            PublicationKind::Guide,
            PublicationKind::Report,
            PublicationKind::Article,
            PublicationKind::News,
        ]);
        r.title = Text::new(Lang::De, format!("{document_de}: {}", capital(theme.0)))
            .with(Lang::En, format!("{document_en}: {}", capital(theme.1)));
        r.summary = Some(self.description(theme));
        let authors = self.between(1, 3);
        r.authors = (0..authors)
            .map(|_| {
                let (given, family) = self.name();
                format!("{given} {family}")
            })
            .collect();
        let published = self.day();
        r.published = Some(month(published));
        r.url = Some(format!(
            "https://www.{}.example/publikationen/{}",
            ascii_slug(self.city()),
            ascii_slug(theme.1)
        ));
        if self.chance(30) {
            r.project = self.pick_id(&pool.projects);
        }
        (r.created, r.updated) = self.stamps(published + 1);
        r.example = true;
    }
}
