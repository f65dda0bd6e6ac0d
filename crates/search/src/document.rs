//! What the index keeps of a record: one [`Doc`] per record a viewer may find.

use urbis_domain::advocacy::AdvocacyAction;
use urbis_domain::events::{Event, Series};
use urbis_domain::knowledge::{Collection, Entry};
use urbis_domain::network::{Organisation, Topic};
use urbis_domain::portal::{FundingCall, Publication};
use urbis_domain::projects::Project;
use urbis_domain::{Access, Id, Kind, PartialDate, Record, Shared, Text};

/// The kinds of record the search finds. People stay out: the public member list names
/// organisations, and a person's data is theirs (DESIGN: search covers events, entries,
/// publications, funding calls, projects, organisations and topic pages).
pub const SEARCHED: &[Kind] = &[
    Kind::Event,
    Kind::Series,
    Kind::Collection,
    Kind::Entry,
    Kind::Publication,
    Kind::FundingCall,
    Kind::Project,
    Kind::Organisation,
    Kind::Topic,
    Kind::AdvocacyAction,
];

/// One record as the index sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The kind of record.
    pub kind: Kind,
    /// Its id.
    pub id: Id,
    /// Its forum.
    pub forum: Id,
    /// Who may find it (for an entry: the stricter of the entry and its collection).
    pub access: Access,
    /// Where it is shown beyond its forum.
    pub shared: Shared,
    /// Its topics.
    pub topics: Vec<Id>,
    /// The year it belongs to (an event's start, a publication's year …).
    pub date: Option<PartialDate>,
    /// The title in its languages.
    pub title: Text,
    /// The texts in their languages (description, summary …).
    pub texts: Vec<Text>,
    /// Texts without a language (a file's text, a venue, a programme): indexed in the
    /// language of the title.
    pub plain: Vec<String>,
    /// Names and short titles for typo-tolerant matching (an organisation's name, an acronym).
    pub names: Vec<String>,
    /// What a link to the record needs beyond its id (a topic's slug, an entry's collection).
    pub parent: Option<String>,
}

impl Doc {
    fn of<R: Record>(record: &R, title: &Text) -> Self {
        Doc {
            kind: R::KIND,
            id: record.id().clone(),
            forum: record.forum().clone(),
            access: record.access(),
            shared: record.shared(),
            topics: Vec::new(),
            date: None,
            title: title.clone(),
            texts: Vec::new(),
            plain: Vec::new(),
            names: Vec::new(),
            parent: None,
        }
    }

    fn texts<'a>(mut self, texts: impl IntoIterator<Item = &'a Option<Text>>) -> Self {
        self.texts.extend(texts.into_iter().flatten().cloned());
        self
    }

    fn plain<'a>(mut self, plain: impl IntoIterator<Item = &'a Option<String>>) -> Self {
        self.plain.extend(plain.into_iter().flatten().cloned());
        self
    }

    fn title_as_name(mut self) -> Self {
        self.names
            .extend(self.title.iter().map(|(_, text)| text.to_owned()));
        self
    }
}

/// An event: title, description, audience, venue and city.
pub fn event(event: &Event) -> Doc {
    let mut doc = Doc::of(event, &event.title)
        .texts([&event.description, &event.audience])
        .plain([&event.venue, &event.city])
        .title_as_name();
    doc.topics.clone_from(&event.topics);
    doc.date = Some(event.start);
    doc
}

/// A series of events.
pub fn series(series: &Series) -> Doc {
    let mut doc = Doc::of(series, &series.title)
        .texts([&series.description])
        .title_as_name();
    doc.topics.clone_from(&series.topics);
    doc
}

/// An information collection.
pub fn collection(collection: &Collection) -> Doc {
    let mut doc = Doc::of(collection, &collection.title)
        .texts([&collection.description])
        .title_as_name();
    doc.topics.clone_from(&collection.topics);
    doc.date = collection.started;
    doc.parent = Some(collection.slug.clone());
    doc
}

/// An entry of a collection, found only by those who may read both; `file_text` is the text
/// of its uploaded file, when there is one.
pub fn entry(entry: &Entry, collection_access: Access, file_text: Option<String>) -> Doc {
    let mut doc = Doc::of(entry, &entry.title)
        .texts([&entry.body])
        .plain([&entry.url, &file_text])
        .title_as_name();
    if let Some(file) = &entry.file {
        doc.plain.push(file.name.clone());
    }
    doc.access = doc.access.max(collection_access);
    doc.topics.clone_from(&entry.topics);
    doc.date = entry.date.or_else(|| {
        // The year of creation, from the timestamp's text form (`2024-05-…`).
        let text = entry.created.to_string();
        text.get(..4)
            .and_then(|y| y.parse().ok())
            .map(PartialDate::year)
    });
    doc.parent = Some(entry.collection.as_str().to_owned());
    doc
}

/// A publication of the portal.
pub fn publication(publication: &Publication) -> Doc {
    let mut doc = Doc::of(publication, &publication.title)
        .texts([&publication.summary])
        .plain([&publication.publisher])
        .title_as_name();
    doc.plain.extend(publication.authors.iter().cloned());
    doc.topics.clone_from(&publication.topics);
    doc.date = publication.published;
    doc
}

/// A funding call of the portal; its date is its first deadline.
pub fn funding_call(call: &FundingCall) -> Doc {
    let mut doc = Doc::of(call, &call.title)
        .texts([&call.summary, &call.eligibility])
        .plain([&call.programme])
        .title_as_name();
    if let Some(programme) = &call.programme {
        doc.names.push(programme.clone());
    }
    doc.topics.clone_from(&call.topics);
    doc.date = call.deadlines.first().map(|d| d.date).or(call.opens);
    doc
}

/// A project: acronym, title, description, programme.
pub fn project(project: &Project) -> Doc {
    let mut doc = Doc::of(project, &project.title)
        .texts([&project.description, &project.network_role])
        .plain([&project.programme])
        .title_as_name();
    doc.names.push(project.acronym.clone());
    doc.plain.push(project.acronym.clone());
    doc.topics.clone_from(&project.topics);
    doc.date = project.start;
    doc
}

/// An organisation: name, short name, city.
pub fn organisation(organisation: &Organisation) -> Doc {
    let mut doc = Doc::of(organisation, &organisation.name)
        .texts([&organisation.description])
        .plain([&organisation.short_name, &organisation.city])
        .title_as_name();
    if let Some(short) = &organisation.short_name {
        doc.names.push(short.clone());
    }
    if let Some(city) = &organisation.city {
        doc.names.push(city.clone());
    }
    doc.topics.clone_from(&organisation.topics);
    doc
}

/// A topic page.
pub fn topic(topic: &Topic) -> Doc {
    let mut doc = Doc::of(topic, &topic.name)
        .texts([&topic.description])
        .title_as_name();
    doc.topics.push(topic.id.clone());
    doc.parent = Some(topic.slug.clone());
    doc
}

/// An advocacy action: submission, position paper, letter, hearing.
pub fn advocacy_action(action: &AdvocacyAction) -> Doc {
    let mut doc = Doc::of(action, &action.title)
        .texts([&action.summary, &action.outcome])
        .title_as_name();
    doc.topics.clone_from(&action.topics);
    doc.date = action.date;
    doc
}
