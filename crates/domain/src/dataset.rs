//! The interchange document: a whole installation's forums as versioned JSON, and the checks an
//! import runs over it before anything is written.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::advocacy::{AdvocacyAction, Cooperation, Outreach};
use crate::audit::AuditEntry;
use crate::events::{Event, Registration, Series};
use crate::id::Id;
use crate::knowledge::{Collection, Entry};
use crate::network::{Appointment, Forum, Membership, Organisation, Person, Topic, TopicPlan};
use crate::portal::{FundingCall, Publication};
use crate::projects::{FundingApplication, Project};
use crate::record::{Kind, Record};
use crate::report::ReportText;
use crate::validation::{Problems, quoted};

/// The `format` field of every urbis export.
pub const FORMAT: &str = "urbis";
/// The version of the export format this build writes and reads.
pub const VERSION: u32 = 1;

/// Calls `$m! { Type field, … }` with every record type below the forum, in the order they are
/// written (referenced kinds first), so that each layer can generate per-kind code from one list.
#[macro_export]
macro_rules! for_each_record_type {
    ($m:ident) => {
        $m! {
            Topic topics,
            TopicPlan topic_plans,
            Organisation organisations,
            Membership memberships,
            Person people,
            Appointment appointments,
            FundingCall funding_calls,
            Project projects,
            FundingApplication funding_applications,
            Series series,
            Event events,
            Registration registrations,
            Collection collections,
            Entry entries,
            Publication publications,
            AdvocacyAction advocacy_actions,
            Cooperation cooperations,
            Outreach outreach,
            ReportText report_texts,
        }
    };
}

/// A whole export: every forum of an installation with all its records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// Always `urbis`.
    pub format: String,
    /// The format version.
    pub version: u32,
    /// The forums, an umbrella before the forums that belong to it.
    #[serde(default)]
    pub forums: Vec<ForumData>,
}

/// Applies `f` to each list of records of a forum, generically over the record type.
pub trait ListVisitor {
    /// Visits one list.
    fn visit<R: Record>(&mut self, list: &mut Vec<R>);
}

macro_rules! forum_data {
    ($($ty:ident $field:ident,)*) => {
        /// One forum and every record that belongs to it.
        #[skip_serializing_none]
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ForumData {
            /// The forum itself; only fragments of demo data leave it out.
            pub forum: Option<Forum>,
            $(
                #[doc = concat!("The forum's ", stringify!($field), ".")]
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                pub $field: Vec<$ty>,
            )*
            /// The forum's audit log, oldest first.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub audit: Vec<AuditEntry>,
        }

        impl ForumData {
            /// Visits every list of records, in writing order.
            pub fn visit_lists(&mut self, visitor: &mut impl ListVisitor) {
                $( visitor.visit(&mut self.$field); )*
            }

            /// Appends the records of a fragment (demo data kept in several files).
            pub fn merge(&mut self, other: ForumData) {
                $( self.$field.extend(other.$field); )*
                self.audit.extend(other.audit);
            }
        }
    };
}
for_each_record_type!(forum_data);

/// Why an import document could not even be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not JSON at all.
    #[error("line {line}, column {column}: not valid JSON: {message}")]
    Syntax {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
        /// What the parser says.
        message: String,
    },
    /// JSON, but not an urbis export.
    #[error("not an urbis export: {0}")]
    NotAnExport(String),
    /// An export of a version this build does not read.
    #[error("export version {found} is not supported (this urbis reads version {VERSION})")]
    Version {
        /// The version in the file.
        found: u64,
    },
    /// A field has the wrong shape or value.
    #[error("{path}: {message}")]
    Field {
        /// The JSON path (`forums[0].events[3].start`).
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl Dataset {
    /// An empty document of the current version.
    pub fn new() -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            forums: Vec::new(),
        }
    }

    /// Reads a document, saying where the first thing is wrong.
    pub fn from_json(text: &str) -> Result<Self, ReadError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ReadError::Syntax {
                line: e.line(),
                column: e.column(),
                message: strip_position(&e.to_string()),
            })?;
        let Some(object) = value.as_object() else {
            return Err(ReadError::NotAnExport(
                "the document is not a JSON object".into(),
            ));
        };
        match object.get("format") {
            Some(serde_json::Value::String(f)) if f == FORMAT => {}
            Some(other) => {
                return Err(ReadError::NotAnExport(format!(
                    "`format` is {other}, expected \"{FORMAT}\""
                )));
            }
            None => return Err(ReadError::NotAnExport("it has no `format` field".into())),
        }
        match object.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(VERSION) => {}
            Some(found) => return Err(ReadError::Version { found }),
            None => {
                return Err(ReadError::NotAnExport(
                    "it has no numeric `version` field".into(),
                ));
            }
        }
        serde_path_to_error::deserialize(value).map_err(|e| ReadError::Field {
            path: e.path().to_string(),
            message: strip_position(&e.inner().to_string()),
        })
    }

    /// Writes the document as pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Makes the document ready to store: gives every key a UUID, ties every record to its
    /// forum, checks every record and every reference. Returns the references that point
    /// outside the document (the store must hold them), or every problem found.
    pub fn prepare(&mut self) -> Result<Vec<ExternalRef>, Problems> {
        let mut problems = Problems::new();
        let mut index = IdIndex::default();
        for (f, data) in self.forums.iter_mut().enumerate() {
            match &mut data.forum {
                Some(forum) => index.add(
                    &format!("forums[{f}].forum"),
                    Kind::Forum,
                    &mut forum.id,
                    &mut problems,
                ),
                None => problems.push(
                    format!("forums[{f}].forum"),
                    "every forum section needs its `forum`",
                ),
            }
            data.visit_lists(&mut Indexer {
                prefix: format!("forums[{f}]"),
                index: &mut index,
                problems: &mut problems,
            });
        }
        if !problems.is_empty() {
            // References cannot be resolved while ids clash; report the clashes alone.
            return Err(problems);
        }
        let mut external = Vec::new();
        for (f, data) in self.forums.iter_mut().enumerate() {
            let forum_id = data
                .forum
                .as_ref()
                .map(|forum| forum.id.clone())
                .unwrap_or_default();
            let has_umbrella = data.forum.as_ref().is_some_and(|f| f.umbrella.is_some());
            if let Some(forum) = &mut data.forum {
                check_record(
                    &format!("forums[{f}].forum"),
                    forum,
                    &index,
                    &mut external,
                    &mut problems,
                );
            }
            data.visit_lists(&mut Checker {
                prefix: format!("forums[{f}]"),
                forum: forum_id,
                has_umbrella,
                index: &index,
                external: &mut external,
                problems: &mut problems,
            });
        }
        check_unique(self, &mut problems);
        check_audit(self, &mut problems);
        problems.into_result().map(|()| external)
    }

    /// Puts forums in writing order: an umbrella before the forums that name it.
    pub fn sort_forums(&mut self) {
        let mut ordered: Vec<ForumData> = Vec::with_capacity(self.forums.len());
        let mut rest = std::mem::take(&mut self.forums);
        while !rest.is_empty() {
            let ready = |d: &ForumData| {
                d.forum
                    .as_ref()
                    .and_then(|f| f.umbrella.as_ref())
                    .is_none_or(|u| !rest_has(&rest, u) || ordered_has(&ordered, u))
            };
            let (now, later): (Vec<_>, Vec<_>) = rest.clone().into_iter().partition(ready);
            if now.is_empty() {
                ordered.extend(later);
                break;
            }
            ordered.extend(now);
            rest = later;
        }
        self.forums = ordered;
    }
}

fn rest_has(list: &[ForumData], id: &Id) -> bool {
    list.iter()
        .any(|d| d.forum.as_ref().is_some_and(|f| &f.id == id))
}

fn ordered_has(list: &[ForumData], id: &Id) -> bool {
    rest_has(list, id)
}

impl Default for Dataset {
    fn default() -> Self {
        Self::new()
    }
}

/// A serde error message without serde_json's "at line 1 column 7", which means nothing to the
/// person who wrote the field.
pub fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// A reference from a record in the document to a record that must already be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalRef {
    /// Where the reference is (`forums[0].events[2].host`).
    pub path: String,
    /// The kind it must point to.
    pub kind: Kind,
    /// The id.
    pub id: Id,
}

#[derive(Default)]
struct IdIndex {
    /// Every id in the document (after keys were replaced): its kind and where it is.
    ids: HashMap<Id, (Kind, String)>,
    /// Keys given in the document and the UUID each becomes.
    keys: HashMap<Id, Id>,
}

impl IdIndex {
    fn add(&mut self, path: &str, kind: Kind, id: &mut Id, problems: &mut Problems) {
        if id.is_key() {
            if self.keys.contains_key(id) {
                problems.push(
                    format!("{path}.id"),
                    format!("the key `{id}` is used twice"),
                );
                return;
            }
            let uuid = Id::new();
            self.keys.insert(id.clone(), uuid.clone());
            *id = uuid;
        } else if !id.is_uuid() {
            problems.push(format!("{path}.id"), "must be a UUID or a key");
            return;
        }
        if let Some((_, first)) = self.ids.get(id) {
            problems.push(
                format!("{path}.id"),
                format!("the id `{id}` is used by {first} too"),
            );
            return;
        }
        self.ids.insert(id.clone(), (kind, path.to_owned()));
    }
}

struct Indexer<'a> {
    prefix: String,
    index: &'a mut IdIndex,
    problems: &'a mut Problems,
}

impl ListVisitor for Indexer<'_> {
    fn visit<R: Record>(&mut self, list: &mut Vec<R>) {
        for (i, record) in list.iter_mut().enumerate() {
            let path = format!("{}.{}[{i}]", self.prefix, R::KIND.plural());
            self.index
                .add(&path, R::KIND, record.id_mut(), self.problems);
        }
    }
}

struct Checker<'a> {
    prefix: String,
    forum: Id,
    /// Whether the forum belongs to an umbrella (may share with it).
    has_umbrella: bool,
    index: &'a IdIndex,
    external: &'a mut Vec<ExternalRef>,
    problems: &'a mut Problems,
}

impl ListVisitor for Checker<'_> {
    fn visit<R: Record>(&mut self, list: &mut Vec<R>) {
        for (i, record) in list.iter_mut().enumerate() {
            record.set_forum(self.forum.clone());
            let path = format!("{}.{}[{i}]", self.prefix, R::KIND.plural());
            check_record(&path, record, self.index, self.external, self.problems);
            if record.shared() == crate::Shared::Umbrella && !self.has_umbrella {
                self.problems
                    .push(format!("{path}.shared"), crate::sharing::NO_UMBRELLA);
            }
        }
    }
}

fn check_record<R: Record>(
    path: &str,
    record: &mut R,
    index: &IdIndex,
    external: &mut Vec<ExternalRef>,
    problems: &mut Problems,
) {
    let mut own = Problems::new();
    record.validate(&mut own);
    problems.extend_at(path, own);
    record.visit_refs(&mut |field, kind, id| {
        let at = format!("{path}.{field}");
        if id.is_key() {
            match index.keys.get(id) {
                Some(uuid) => *id = uuid.clone(),
                None => {
                    problems.push(
                        at,
                        format!(
                            "no record in this file has the key `{}`",
                            quoted(id.as_str())
                        ),
                    );
                    return;
                }
            }
        } else if !id.is_uuid() {
            problems.push(at, "must be a UUID or a key");
            return;
        }
        match index.ids.get(id) {
            Some((found, _)) if *found != kind => problems.push(
                at,
                format!(
                    "`{}` is {}, but {} is needed here",
                    quoted(id.as_str()),
                    a(*found),
                    a(kind)
                ),
            ),
            Some(_) => {}
            None => external.push(ExternalRef {
                path: at,
                kind,
                id: id.clone(),
            }),
        }
    });
}

/// Audit entries come from an export: their ids and the ids they name are UUIDs, once each.
fn check_audit(dataset: &Dataset, problems: &mut Problems) {
    let mut seen = std::collections::HashSet::new();
    for (f, data) in dataset.forums.iter().enumerate() {
        for (i, entry) in data.audit.iter().enumerate() {
            let path = format!("forums[{f}].audit[{i}]");
            if !entry.id.is_uuid() {
                problems.push(format!("{path}.id"), "must be a UUID");
            } else if !seen.insert(entry.id.clone()) {
                problems.push(
                    format!("{path}.id"),
                    format!("the id `{}` is used twice", entry.id),
                );
            }
            if !entry.record.is_uuid() {
                problems.push(format!("{path}.record"), "must be a UUID");
            }
            if entry.actor.as_ref().is_some_and(|a| !a.is_uuid()) {
                problems.push(format!("{path}.actor"), "must be a UUID");
            }
        }
    }
}

/// The kind's name with its indefinite article ("an event").
fn a(kind: Kind) -> String {
    let article = if kind.name().starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {}", kind.name().replace('_', " "))
}

/// Values that must be unique within a forum (or an installation, for forum short names).
fn check_unique(dataset: &Dataset, problems: &mut Problems) {
    let mut short_names: BTreeMap<String, String> = BTreeMap::new();
    for (f, data) in dataset.forums.iter().enumerate() {
        if let Some(forum) = &data.forum {
            let path = format!("forums[{f}].forum.short_name");
            if let Some(first) = short_names.insert(forum.short_name.to_lowercase(), path.clone()) {
                problems.push(
                    path,
                    format!(
                        "`{}` is the short name of {first} too",
                        quoted(&forum.short_name)
                    ),
                );
            }
        }
        let p = format!("forums[{f}]");
        unique(
            problems,
            &p,
            "topics",
            "slug",
            data.topics.iter().map(|t| t.slug.clone()),
        );
        unique(
            problems,
            &p,
            "collections",
            "slug",
            data.collections.iter().map(|c| c.slug.clone()),
        );
        unique(
            problems,
            &p,
            "projects",
            "acronym",
            data.projects.iter().map(|x| x.acronym.to_lowercase()),
        );
        unique(
            problems,
            &p,
            "funding_applications",
            "acronym",
            data.funding_applications
                .iter()
                .map(|x| x.acronym.to_lowercase()),
        );
        unique(
            problems,
            &p,
            "topic_plans",
            "year",
            data.topic_plans.iter().map(|x| x.year.to_string()),
        );
    }
}

fn unique(
    problems: &mut Problems,
    prefix: &str,
    list: &str,
    field: &str,
    values: impl Iterator<Item = String>,
) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, value) in values.enumerate() {
        if let Some(first) = seen.insert(value.clone(), i) {
            seen.insert(value.clone(), first);
            problems.push(
                format!("{prefix}.{list}[{i}].{field}"),
                format!(
                    "`{}` is already used by {prefix}.{list}[{first}]",
                    quoted(&value)
                ),
            );
        }
    }
}
