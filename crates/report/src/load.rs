//! What a year's report reads from the store: the records of the year, bounded in SQL by
//! the dates they carry, and only those organisations, people, series and calls they name, so
//! the work grows with the year told and not with the years kept.
//!
//! The date bounds are what the store's columns can decide (a project running into the year,
//! an action dated in it); the composer applies the report's exact rules to what they bring.

use std::collections::{BTreeSet, HashMap, HashSet};

use urbis_domain::advocacy::{AdvocacyAction, Cooperation, Outreach};
use urbis_domain::events::{Event, Series};
use urbis_domain::knowledge::Collection;
use urbis_domain::network::{
    Appointment, Forum, Membership, Organisation, Person, Topic, TopicPlan,
};
use urbis_domain::portal::FundingCall;
use urbis_domain::projects::{FundingApplication, Project};
use urbis_domain::report::ReportText;
use urbis_domain::{Access, Id, Kind, Record};
use urbis_store::{ListQuery, Store, Stored, Value};

use crate::compose::{Options, counted_level};
use crate::error::Result;

/// Records the audience may read, and those it may only count.
pub(crate) struct Loaded<R> {
    pub(crate) shown: Vec<R>,
    pub(crate) counted: Vec<R>,
}

/// Every record the report of one year draws on.
pub(crate) struct Records {
    pub(crate) forum: Forum,
    pub(crate) umbrella: Option<Forum>,
    pub(crate) siblings: Vec<Forum>,
    /// The organisations the year's records name, by id.
    pub(crate) organisations: HashMap<Id, Organisation>,
    /// Those of them that are the umbrella itself.
    pub(crate) umbrella_orgs: HashSet<Id>,
    /// The people the year's records name, by id.
    pub(crate) people: HashMap<Id, Person>,
    pub(crate) topics: HashMap<Id, Topic>,
    pub(crate) plans: Vec<TopicPlan>,
    /// The series the year's events belong to, by id.
    pub(crate) series: HashMap<Id, Series>,
    pub(crate) events: Loaded<Event>,
    pub(crate) next_events: Loaded<Event>,
    pub(crate) projects: Loaded<Project>,
    pub(crate) applications: Loaded<FundingApplication>,
    /// The calls the year's applications answer, by id.
    pub(crate) calls: HashMap<Id, FundingCall>,
    pub(crate) collections: Loaded<Collection>,
    pub(crate) advocacy: Loaded<AdvocacyAction>,
    pub(crate) cooperations: Loaded<Cooperation>,
    pub(crate) outreach: Loaded<Outreach>,
    pub(crate) appointments: Loaded<Appointment>,
    pub(crate) memberships: Loaded<Membership>,
    pub(crate) texts: Vec<ReportText>,
}

/// Reads what the report of `forum` for the year and audience of `options` tells.
pub(crate) async fn records(store: &Store, forum: &Forum, options: &Options) -> Result<Records> {
    let reader = Reader {
        store,
        forum: &forum.id,
        audience: options.audience,
    };
    let year = options.year;
    // Dates are stored as written (`2022`, `2022-05`, `2022-05-04`): text order is date order,
    // so everything of the year lies at or after "2022" and before "2023".
    let from = || Value::text(year.to_string());
    let to = || Value::text((year + 1).to_string());
    let mut events = reader
        .load(|q| q.filter("start_year", Value::int(year)))
        .await?;
    let mut next_events = reader
        .load(|q| q.filter("start_year", Value::int(year + 1)))
        .await?;
    // Running in the year: begun by its end, not ended before it.
    let mut projects = reader
        .load(|q| {
            q.below_or_unset("start_date", to())
                .at_least_or_unset("end_date", from())
        })
        .await?;
    let mut applications = reader.load(|q| q).await?;
    let mut collections = reader.load(|q| q).await?;
    let dated_in_year = |column: &'static str| {
        move |q: ListQuery| {
            q.at_least_or_unset(column, from())
                .below_or_unset(column, to())
        }
    };
    let mut advocacy = reader.load(dated_in_year("action_date")).await?;
    let mut outreach = reader.load(dated_in_year("outreach_date")).await?;
    let mut cooperations = reader.load(|q| q.below_or_unset("since", to())).await?;
    let mut appointments = reader.load(|q| q).await?;
    let mut memberships = reader.load(|q| q).await?;

    let mut named = Named::default();
    named.visit(&mut events);
    named.visit(&mut next_events);
    named.visit(&mut projects);
    named.visit(&mut applications);
    named.visit(&mut collections);
    named.visit(&mut advocacy);
    named.visit(&mut outreach);
    named.visit(&mut cooperations);
    named.visit(&mut appointments);
    named.visit(&mut memberships);
    let mut people: Vec<Person> = reader.named(&named, Kind::Person).await?;
    for person in &mut people {
        person.visit_refs(&mut |_, kind, id| named.add(kind, id));
    }
    let organisations: HashMap<Id, Organisation> = by_id(
        reader
            .named::<Organisation>(&named, Kind::Organisation)
            .await?,
    );
    let series = by_id(reader.named::<Series>(&named, Kind::Series).await?);
    let calls = by_id(
        reader
            .named::<FundingCall>(&named, Kind::FundingCall)
            .await?,
    );

    let forums = store.forums().await?;
    let audience = options.audience;
    let umbrella = forum
        .umbrella
        .as_ref()
        .and_then(|u| forums.iter().find(|f| &f.id == u))
        .filter(|u| u.access <= audience)
        .cloned();
    let siblings = match &forum.umbrella {
        Some(u) => forums
            .iter()
            .filter(|f| f.umbrella.as_ref() == Some(u) && f.access <= audience)
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    // The umbrella is told apart only where a record names it (a host, a partner), so the
    // organisations named are the ones to look among.
    let umbrella_orgs = match &umbrella {
        Some(u) => organisations
            .values()
            .filter(|o| {
                o.short_name
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case(&u.short_name))
            })
            .map(|o| o.id.clone())
            .collect(),
        None => HashSet::new(),
    };
    let every = || ListQuery::new(&forum.id, audience);
    let topics = by_id(store.list::<Topic>(&every()).await?);
    let plans = store.list::<TopicPlan>(&every()).await?;
    let texts = store
        .list::<ReportText>(
            &every()
                .filter("year", Value::int(year))
                .order_by("section", false)
                .order_by("placement", false)
                .order_by("position", false),
        )
        .await?;
    Ok(Records {
        forum: forum.clone(),
        umbrella,
        siblings,
        organisations,
        umbrella_orgs,
        people: by_id(people),
        topics,
        plans,
        series,
        events,
        next_events,
        projects,
        applications,
        calls,
        collections,
        advocacy,
        cooperations,
        outreach,
        appointments,
        memberships,
        texts,
    })
}

/// Reads one forum's records at one audience.
struct Reader<'a> {
    store: &'a Store,
    forum: &'a Id,
    audience: Access,
}

impl Reader<'_> {
    /// The records of `R` that `bounds` selects: those the audience reads, and those one
    /// level above it that it may only count (none for a staff edition).
    async fn load<R: Stored>(&self, bounds: impl Fn(ListQuery) -> ListQuery) -> Result<Loaded<R>> {
        let shown = self
            .store
            .list(&bounds(ListQuery::new(self.forum, self.audience)))
            .await?;
        let counted_level = counted_level(self.audience);
        let counted = if counted_level > self.audience {
            let query = ListQuery::new(self.forum, counted_level)
                .filter("access", Value::text(counted_level.as_str()));
            self.store.list(&bounds(query)).await?
        } else {
            Vec::new()
        };
        Ok(Loaded { shown, counted })
    }

    /// The records of `R` (of kind `kind`) that the loaded records name and the audience
    /// reads, a few hundred ids a query.
    async fn named<R: Stored>(&self, named: &Named, kind: Kind) -> Result<Vec<R>> {
        let ids: Vec<Value> = named
            .ids
            .get(&kind)
            .into_iter()
            .flatten()
            .map(Value::id)
            .collect();
        let mut records = Vec::new();
        for chunk in ids.chunks(500) {
            let query = ListQuery::new(self.forum, self.audience).filter_any("id", chunk.to_vec());
            records.extend(self.store.list::<R>(&query).await?);
        }
        Ok(records)
    }
}

/// The ids the loaded records name, by the kind they point to.
#[derive(Default)]
struct Named {
    ids: HashMap<Kind, BTreeSet<Id>>,
}

impl Named {
    fn add(&mut self, kind: Kind, id: &Id) {
        self.ids.entry(kind).or_default().insert(id.clone());
    }

    /// Adds what the shown and the counted records of one kind name.
    fn visit<R: Record>(&mut self, loaded: &mut Loaded<R>) {
        for record in loaded.shown.iter_mut().chain(loaded.counted.iter_mut()) {
            record.visit_refs(&mut |_, kind, id| self.add(kind, id));
        }
    }
}

fn by_id<R: Record>(records: Vec<R>) -> HashMap<Id, R> {
    records.into_iter().map(|r| (r.id().clone(), r)).collect()
}
