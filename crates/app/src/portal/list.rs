//! The information portal: publications (newest first), funding calls (latest deadline
//! first) and the events shown on the portal (latest first), the forum's own and those shared
//! into it; a few of each on the overview, one kind a page at a time.

use std::collections::HashMap;

use urbis_domain::events::Event;
use urbis_domain::network::Organisation;
use urbis_domain::portal::{FundingCall, Publication};
use urbis_domain::{Id, Viewer};
use urbis_store::{ListQuery, Value};

use crate::paging::{Page, PageRequest};
use crate::visible;
use crate::{App, AppError};

/// How many items of each kind the overview shows.
pub const OVERVIEW_ITEMS: u32 = 10;

/// Which part of the portal a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// A few of each kind.
    Overview,
    /// One page of publications.
    Publications(PageRequest),
    /// One page of funding calls.
    FundingCalls(PageRequest),
    /// One page of portal events.
    Events(PageRequest),
}

/// The records of a portal page; the kinds the section does not show are empty.
#[derive(Debug, Clone)]
pub struct Portal {
    /// Publications.
    pub publications: Page<Publication>,
    /// Funding calls.
    pub calls: Page<FundingCall>,
    /// Events shown on the portal.
    pub events: Page<Event>,
    /// The calls' funders the viewer may see, by id.
    pub organisations: HashMap<Id, Organisation>,
    /// The short names of other forums that share listed items, by forum id.
    pub owners: HashMap<Id, String>,
}

/// Reads `section` of the portal of `forum` for the viewer.
pub async fn list(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    section: Section,
) -> Result<Portal, AppError> {
    let query = |column: &'static str| {
        ListQuery::new(forum, viewer.reads(forum))
            .with_shared()
            .order_by(column, true)
    };
    let overview = PageRequest::new(1, OVERVIEW_ITEMS);
    let (publications, calls, events) = match section {
        Section::Overview => (Some(overview), Some(overview), Some(overview)),
        Section::Publications(page) => (Some(page), None, None),
        Section::FundingCalls(page) => (None, Some(page), None),
        Section::Events(page) => (None, None, Some(page)),
    };
    let publications: Page<Publication> = match publications {
        Some(page) => crate::paging::read(app, &query("published"), page).await?,
        None => Page::empty(),
    };
    let calls: Page<FundingCall> = match calls {
        Some(page) => crate::paging::read(app, &query("next_deadline"), page).await?,
        None => Page::empty(),
    };
    let events: Page<Event> = match events {
        Some(page) => {
            let portal = query("start_date").filter("portal", Value::flag(true));
            crate::paging::read(app, &portal, page).await?
        }
        None => Page::empty(),
    };
    let funders: Vec<Id> = calls.rows.iter().filter_map(|c| c.funder.clone()).collect();
    let organisations = visible::by_id::<Organisation>(app, viewer, forum, &funders).await?;
    let owning = (publications.rows.iter().map(|p| &p.forum))
        .chain(calls.rows.iter().map(|c| &c.forum))
        .chain(events.rows.iter().map(|e| &e.forum));
    let owners = visible::owners(app, forum, owning).await?;
    Ok(Portal {
        publications,
        calls,
        events,
        organisations,
        owners,
    })
}
