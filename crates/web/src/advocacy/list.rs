//! The advocacy page: `/advocacy?year=2022`.

use crate::site::Site;
use std::collections::BTreeSet;

use askama::Template;
use axum::extract::RawQuery;
use axum::response::Response;
use urbis_app::advocacy::Advocacy;
use urbis_domain::advocacy::{
    AdvocacyAction, AdvocacyKind, Cooperation, CooperationKind, Outreach, OutreachKind,
};
use urbis_domain::{Id, PartialDate};

use crate::error::WebError;
use crate::format::{self, Shown};
use crate::home::{Link, Params, bad_request, organisation_link};
use crate::i18n::Tr;
use crate::pages::{Frame, render};
use crate::visitor::Visitor;

/// The years the page accepts in `?year=`.
const YEARS: std::ops::RangeInclusive<i16> = 1900..=2200;

/// One advocacy action as the page shows it.
pub struct ActionRow {
    /// Its title.
    pub title: Shown,
    /// What sort of action, as a label.
    pub kind: String,
    /// Who it was addressed to.
    pub recipient: Option<Link>,
    /// When, printed.
    pub date: String,
    /// The organisations of its authors.
    pub authors: Vec<Link>,
    /// The organisations that co-signed it.
    pub co_signers: Vec<Link>,
    /// What it says.
    pub summary: Shown,
    /// What came of it.
    pub outcome: Shown,
}

/// One presentation or exchange as the page shows it.
pub struct OutreachRow {
    /// Its title.
    pub title: Shown,
    /// What sort of outreach, as a label.
    pub kind: String,
    /// When, printed.
    pub date: String,
    /// The institutions and cities met.
    pub counterparts: Vec<Link>,
}

/// The actions and outreach of one year (or of no known year).
pub struct Year {
    /// The year as a heading.
    pub heading: String,
    /// Its advocacy actions.
    pub actions: Vec<ActionRow>,
    /// Its presentations and exchanges.
    pub outreach: Vec<OutreachRow>,
}

/// One lasting tie as the page shows it.
pub struct CooperationRow {
    /// Its title.
    pub title: Shown,
    /// The partner and further partners.
    pub partners: Vec<Link>,
    /// Since and until when, printed.
    pub period: String,
    /// What it is about.
    pub description: Shown,
    /// Its website.
    pub website: Option<String>,
}

/// The ties of one kind.
pub struct CooperationGroup {
    /// The kind, as a heading.
    pub heading: String,
    /// Its ties.
    pub cooperations: Vec<CooperationRow>,
}

/// The advocacy page.
#[derive(Template)]
#[template(path = "advocacy/list.html")]
pub struct AdvocacyPage {
    frame: Frame,
    year: Option<i16>,
    years: Vec<Year>,
    groups: Vec<CooperationGroup>,
}

/// Lists the advocacy actions and outreach the visitor may see by year (newest first) and the
/// forum's cooperations by kind; `?year=` keeps one year (and the ties of that year), 400 for
/// anything that is not a year.
pub async fn list(
    state: Site,
    visitor: Visitor,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let t = visitor.t();
    let params = Params::parse(raw.as_deref());
    let year: Option<i16> = match params.get("year") {
        None => None,
        Some(text) => match text.parse::<i16>() {
            Ok(year) if YEARS.contains(&year) => Some(year),
            _ => return Ok(bad_request()),
        },
    };
    let Advocacy {
        actions,
        outreach,
        cooperations,
        organisations,
    } = urbis_app::advocacy::list(&state.app, &visitor.viewer, &state.forum, year).await?;
    let links = |ids: &mut dyn Iterator<Item = &Id>| -> Vec<Link> {
        let mut seen = BTreeSet::new();
        ids.filter(|id| seen.insert((*id).clone()))
            .filter_map(|id| organisation_link(&t, Some(id), &organisations))
            .collect()
    };

    let known: BTreeSet<Option<i16>> = actions
        .iter()
        .map(|a| year_of(a.date.as_ref()))
        .chain(outreach.iter().map(|o| year_of(o.date.as_ref())))
        .collect();
    // Newest first; actions of no known year last.
    let mut order: Vec<Option<i16>> = known
        .iter()
        .rev()
        .copied()
        .filter(Option::is_some)
        .collect();
    if known.contains(&None) {
        order.push(None);
    }
    let years = order
        .into_iter()
        .map(|y| {
            let mut of_year: Vec<&AdvocacyAction> = actions
                .iter()
                .filter(|a| year_of(a.date.as_ref()) == y)
                .collect();
            of_year.sort_by_key(|a| {
                (
                    AdvocacyKind::ALL.iter().position(|k| *k == a.kind),
                    a.title.localize(t.lang).text.to_lowercase(),
                )
            });
            let mut met: Vec<&Outreach> = outreach
                .iter()
                .filter(|o| year_of(o.date.as_ref()) == y)
                .collect();
            met.sort_by_key(|o| {
                (
                    OutreachKind::ALL.iter().position(|k| *k == o.kind),
                    o.title.localize(t.lang).text.to_lowercase(),
                )
            });
            Year {
                heading: y.map_or_else(|| t.get("advocacy-undated"), |y| y.to_string()),
                actions: of_year
                    .into_iter()
                    .map(|a| ActionRow {
                        title: Shown::new(&t, &a.title),
                        kind: format::label(&t, "advocacy-kind", &a.kind),
                        recipient: organisation_link(&t, a.recipient.as_ref(), &organisations),
                        date: printed(&t, a.date.as_ref()),
                        authors: links(
                            &mut a.authors.iter().filter_map(|c| c.organisation.as_ref()),
                        ),
                        co_signers: links(&mut a.co_signers.iter()),
                        summary: Shown::opt_block(&t, a.summary.as_ref()),
                        outcome: Shown::opt(&t, a.outcome.as_ref()),
                    })
                    .collect(),
                outreach: met
                    .into_iter()
                    .map(|o| OutreachRow {
                        title: Shown::new(&t, &o.title),
                        kind: format::label(&t, "advocacy-outreach", &o.kind),
                        date: printed(&t, o.date.as_ref()),
                        counterparts: links(&mut o.counterparts.iter()),
                    })
                    .collect(),
            }
        })
        .collect();

    let groups = CooperationKind::ALL
        .iter()
        .filter_map(|kind| {
            let mut of_kind: Vec<&Cooperation> =
                cooperations.iter().filter(|c| c.kind == *kind).collect();
            if of_kind.is_empty() {
                return None;
            }
            // The newest ties first.
            of_kind.sort_by_key(|c| std::cmp::Reverse(year_of(c.since.as_ref())));
            Some(CooperationGroup {
                heading: format::label(&t, "advocacy-cooperation", kind),
                cooperations: of_kind
                    .into_iter()
                    .map(|c| CooperationRow {
                        title: Shown::new(&t, &c.title),
                        partners: links(&mut std::iter::once(&c.partner).chain(c.with.iter())),
                        period: period(&t, c.since.as_ref(), c.until.as_ref()),
                        description: Shown::opt_block(&t, c.description.as_ref()),
                        website: c.website.clone(),
                    })
                    .collect(),
            })
        })
        .collect();

    Ok(render(&AdvocacyPage {
        frame: visitor.frame(),
        year,
        years,
        groups,
    }))
}

/// The year of a date, when there is one.
fn year_of(date: Option<&PartialDate>) -> Option<i16> {
    date.map(PartialDate::year_number)
}

/// A date as printed, or nothing.
fn printed(t: &Tr, date: Option<&PartialDate>) -> String {
    date.map(|d| format::date(t.lang, d)).unwrap_or_default()
}

/// Since and until when a tie lasts, as printed.
fn period(t: &Tr, since: Option<&PartialDate>, until: Option<&PartialDate>) -> String {
    match (since, until) {
        (Some(since), None) => format!("{} {}", t.get("since"), format::date(t.lang, since)),
        (Some(since), Some(until)) => format::range(t.lang, since, Some(until)),
        (None, Some(until)) => format!("{} {}", t.get("until"), format::date(t.lang, until)),
        (None, None) => String::new(),
    }
}
