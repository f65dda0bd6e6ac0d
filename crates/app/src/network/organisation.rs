//! What the page of a member organisation shows: its membership, the projects it takes part
//! in, the events it hosts, co-organises or speaks at (itself or through its people) and its
//! topics. Only the records that name the organisation or its people are read, found through
//! the store's references, however large the network.

use std::collections::HashMap;

use urbis_domain::events::Event;
use urbis_domain::network::{Membership, MembershipStatus, Organisation, Person, Topic};
use urbis_domain::projects::Project;
use urbis_domain::{Id, Kind, Viewer};
use urbis_store::{ListQuery, Value};

use crate::visible;
use crate::{App, AppError};

/// How many people, projects and events of one organisation the page reads at most (each).
pub const ITEMS: i64 = 200;

/// The records of an organisation's page.
#[derive(Debug, Clone)]
pub struct OrganisationView {
    /// The organisation.
    pub organisation: Organisation,
    /// Its active membership, if it is a member.
    pub membership: Option<Membership>,
    /// The projects that name it.
    pub projects: Vec<Project>,
    /// The events that name it or one of its people.
    pub events: Vec<Event>,
    /// Its people, by id.
    pub people: HashMap<Id, Person>,
    /// Its topics, by id.
    pub topics: HashMap<Id, Topic>,
}

/// Reads the organisation `id` (as written in the address) the viewer may see on `forum`'s
/// site, with what its page shows; not found for an unknown or hidden one.
pub async fn show(
    app: &App,
    viewer: &Viewer,
    forum: &Id,
    id: &str,
) -> Result<OrganisationView, AppError> {
    let organisation: Organisation = visible::one(app, viewer, forum, id).await?;
    let store = app.store();
    let own = std::slice::from_ref(&organisation.id);
    let membership: Option<Membership> = store
        .list::<Membership>(
            &ListQuery::new(forum, viewer.reads(forum))
                .filter("organisation_id", Value::id(&organisation.id))
                .filter("status", Value::name(&MembershipStatus::Active))
                .page(1, 0),
        )
        .await?
        .pop();
    let people_ids = store.referrers_of_kind(own, Kind::Person, ITEMS).await?;
    let people: HashMap<Id, Person> = visible::by_id::<Person>(app, viewer, forum, &people_ids)
        .await?
        .into_iter()
        .filter(|(_, p)| p.organisation.as_ref() == Some(&organisation.id))
        .collect();
    let project_ids = store.referrers_of_kind(own, Kind::Project, ITEMS).await?;
    let projects = visible::many::<Project>(app, viewer, forum, &project_ids).await?;
    let mut named: Vec<Id> = people.keys().cloned().collect();
    named.push(organisation.id.clone());
    let event_ids = store.referrers_of_kind(&named, Kind::Event, ITEMS).await?;
    let events = visible::many::<Event>(app, viewer, forum, &event_ids).await?;
    let topics = visible::by_id::<Topic>(app, viewer, forum, &organisation.topics).await?;
    Ok(OrganisationView {
        organisation,
        membership,
        projects,
        events,
        people,
        topics,
    })
}
