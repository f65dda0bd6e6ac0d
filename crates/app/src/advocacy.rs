//! What the advocacy page shows: the advocacy actions and outreach the viewer may see (of one
//! year, or the latest), the cooperations (of one year, or all current and past), and the
//! organisations they name. Each list is bounded and narrowed to the year in the query.

use std::collections::HashMap;

use urbis_domain::advocacy::{AdvocacyAction, Cooperation, Outreach};
use urbis_domain::network::Organisation;
use urbis_domain::{Id, PartialDate, Viewer};
use urbis_store::{ListQuery, Value};

use crate::visible;
use crate::{App, AppError};

/// How many actions, outreach and cooperations the page reads at most (each): the latest.
pub const ITEMS: i64 = 300;

/// The records of the advocacy page.
#[derive(Debug, Clone)]
pub struct Advocacy {
    /// Advocacy actions, latest first.
    pub actions: Vec<AdvocacyAction>,
    /// Presentations and exchanges, latest first.
    pub outreach: Vec<Outreach>,
    /// Lasting ties (running in `year`, when one is given).
    pub cooperations: Vec<Cooperation>,
    /// The organisations they name, by id.
    pub organisations: HashMap<Id, Organisation>,
}

/// Reads the advocacy page of `forum` for the viewer, of one `year` or the latest records.
pub async fn list(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    year: Option<i16>,
) -> Result<Advocacy, AppError> {
    let store = app.store();
    let query = |column: &'static str| {
        let query = ListQuery::new(forum, viewer.reads(forum))
            .order_by(column, true)
            .page(ITEMS, 0);
        match year {
            Some(year) => query
                .at_least(column, Value::text(format!("{year:04}")))
                .below(column, Value::text(format!("{:04}", year + 1))),
            None => query,
        }
    };
    let actions: Vec<AdvocacyAction> = store.list(&query("action_date")).await?;
    let outreach: Vec<Outreach> = store.list(&query("outreach_date")).await?;
    // Ties are few and their years are often unknown (a tie without `since` runs in every
    // year up to its end): the latest are read and the year is judged here.
    let ties = ListQuery::new(forum, viewer.reads(forum))
        .order_by("since", true)
        .page(ITEMS, 0);
    let mut cooperations: Vec<Cooperation> = store.list(&ties).await?;
    if let Some(year) = year {
        let year_of = |date: Option<&PartialDate>| date.map(PartialDate::year_number);
        cooperations.retain(|c| {
            year_of(c.since.as_ref()).is_none_or(|since| since <= year)
                && year_of(c.until.as_ref()).is_none_or(|until| until >= year)
        });
    }
    let mut ids: Vec<Id> = Vec::new();
    for a in &actions {
        ids.extend(a.recipient.iter().cloned());
        ids.extend(a.co_signers.iter().cloned());
        ids.extend(a.authors.iter().filter_map(|c| c.organisation.clone()));
    }
    for o in &outreach {
        ids.extend(o.counterparts.iter().cloned());
    }
    for c in &cooperations {
        ids.push(c.partner.clone());
        ids.extend(c.with.iter().cloned());
    }
    let organisations = visible::by_id::<Organisation>(app, viewer, forum, &ids).await?;
    Ok(Advocacy {
        actions,
        outreach,
        cooperations,
        organisations,
    })
}
