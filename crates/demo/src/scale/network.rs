//! Copies of organisations, memberships and people.

use urbis_domain::network::{Membership, MembershipStatus, Organisation, OrganisationKind, Person};
use urbis_domain::{Lang, Text};

use super::words::ascii_slug;
use super::{DAY_SPAN, Generator, month, words};

impl Generator {
    /// Varies an organisation: a name fitting its kind, city, website, description.
    pub(super) fn organisation(&mut self, r: &mut Organisation) {
        let city = self.city();
        let (state_de, state_en) = *self.pick(words::STATES);
        let (de, en) = match r.kind {
            OrganisationKind::City => (format!("Stadt {city}"), format!("City of {city}")),
            OrganisationKind::Region => {
                (format!("Landkreis {city}"), format!("District of {city}"))
            }
            OrganisationKind::StateBody => (
                format!("Landespräventionsrat {state_de}"),
                format!("Crime Prevention Council of {state_en}"),
            ),
            OrganisationKind::Ministry => (
                format!("Ministerium des Innern {state_de}"),
                format!("Ministry of the Interior of {state_en}"),
            ),
            OrganisationKind::Police => (
                format!("Polizeipräsidium {city}"),
                format!("Police Headquarters {city}"),
            ),
            OrganisationKind::Association => (
                format!("Präventionsverein {city} e. V."),
                format!("Prevention Association {city}"),
            ),
            OrganisationKind::ResearchInstitute => (
                format!("Institut für Sicherheitsforschung {city}"),
                format!("Institute for Security Research {city}"),
            ),
            OrganisationKind::University => (
                format!("Hochschule {city}"),
                format!("University of Applied Sciences {city}"),
            ),
            OrganisationKind::Foundation => (
                format!("Stiftung Sichere Stadt {city}"),
                format!("Safe City Foundation {city}"),
            ),
            OrganisationKind::Funder => (
                format!("Förderwerk {state_de}"),
                format!("Funding Agency of {state_en}"),
            ),
            OrganisationKind::Network => (
                format!("Netzwerk Prävention {state_de}"),
                format!("Prevention Network {state_en}"),
            ),
            OrganisationKind::Company => (
                format!("Stadtberatung {city} GmbH"),
                format!("Stadtberatung {city} GmbH"),
            ),
            OrganisationKind::Other => (
                format!("Bündnis Sicherheit {city}"),
                format!("Safety Alliance {city}"),
            ),
        };
        r.name = Text::new(Lang::De, de).with(Lang::En, en);
        if r.country == "DE" {
            r.city = Some(city.to_owned());
        }
        r.short_name = None;
        r.website = Some(format!("https://www.{}.example", ascii_slug(city)));
        let theme = self.theme();
        r.description = Some(self.description(theme));
        (r.created, r.updated) = self.stamps(DAY_SPAN);
        r.example = true;
    }

    /// Varies a membership: since, and until for ended ones.
    pub(super) fn membership(&mut self, r: &mut Membership) {
        let since = self.below(DAY_SPAN - 400);
        r.since = Some(month(since));
        r.until = (r.status == MembershipStatus::Ended)
            .then(|| month(since + self.between(60, DAY_SPAN - since - 1)));
        if r.status == MembershipStatus::Ended && r.until.is_none() {
            r.status = MembershipStatus::Active;
        }
        (r.created, r.updated) = self.stamps(since + 1);
    }

    /// Varies a person: name, function, an email unique per copy and index, phone.
    pub(super) fn person(&mut self, r: &mut Person, copy: u32, index: usize) {
        let (given, family) = self.name();
        r.given_name = given.to_owned();
        r.family_name = family.to_owned();
        r.title = self.chance(15).then(|| "Dr.".to_owned());
        let (de, en) = *self.pick(words::FUNCTIONS);
        r.function = Some(Text::new(Lang::De, de).with(Lang::En, en));
        let domain = ascii_slug(self.city());
        r.email = Some(format!(
            "{}.{}.{copy}-{index}@{domain}.example",
            ascii_slug(given),
            ascii_slug(family)
        ));
        r.phone = Some(format!(
            "+49 {} {}",
            self.between(200, 999),
            self.between(100_000, 9_999_999)
        ));
        (r.created, r.updated) = self.stamps(DAY_SPAN);
        r.example = true;
    }
}
