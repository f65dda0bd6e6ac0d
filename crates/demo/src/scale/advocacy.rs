//! Copies of advocacy actions, cooperations and outreach.

use urbis_domain::advocacy::{AdvocacyAction, Cooperation, Outreach};
use urbis_domain::parts::Contributor;
use urbis_domain::{Lang, PartialDate, Text};

use super::{DAY_SPAN, Generator, day_date, month};

impl Generator {
    /// Varies an advocacy action: title, summary, date, authors named by name.
    pub(super) fn advocacy(&mut self, r: &mut AdvocacyAction) {
        let theme = self.theme();
        r.title = Text::new(Lang::De, format!("Stellungnahme zu {}", theme.0))
            .with(Lang::En, format!("Statement on {}", theme.1));
        r.summary = Some(self.description(theme));
        let date = self.day();
        r.date = Some(month(date));
        for author in &mut r.authors {
            if author.person.is_none() {
                let (given, family) = self.name();
                *author = Contributor {
                    person: None,
                    name: Some(format!("{given} {family}")),
                    function: author.function.clone(),
                    organisation: author.organisation.clone(),
                };
            }
        }
        (r.created, r.updated) = self.stamps(date + 1);
    }

    /// Varies a cooperation: title, description, the years it runs.
    pub(super) fn cooperation(&mut self, r: &mut Cooperation) {
        let theme = self.theme();
        r.title = Text::new(Lang::De, format!("Kooperation zu {}", theme.0))
            .with(Lang::En, format!("Cooperation on {}", theme.1));
        r.description = Some(self.description(theme));
        let since = self.below(DAY_SPAN - 400);
        r.since = Some(PartialDate::year(day_date(since).year()));
        r.until = r
            .until
            .map(|_| PartialDate::year(day_date(since + self.between(365, 1500)).year()));
        (r.created, r.updated) = self.stamps(since + 1);
    }

    /// Varies an outreach contact: a talk in a city on a theme.
    pub(super) fn outreach(&mut self, r: &mut Outreach) {
        let theme = self.theme();
        let city = self.city();
        r.title = Text::new(Lang::De, format!("Vortrag zu {} in {city}", theme.0))
            .with(Lang::En, format!("Talk on {} in {city}", theme.1));
        r.description = Some(self.description(theme));
        let date = self.day();
        r.date = Some(month(date));
        (r.created, r.updated) = self.stamps(date + 1);
    }
}
