//! The members-only information collections: boards of entries on one theme.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::access::Access;
use crate::date::PartialDate;
use crate::id::Id;
use crate::parts::{require, validate_slug};
use crate::record::{Kind, Record, RefVisitor, now, record_identity, refs};
use crate::text::Text;
use crate::validation::{Problems, quoted};
use crate::vocabulary::vocabulary;

/// A part of a collection's board.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The key entries use to name the section; unique in the collection.
    pub key: String,
    /// Title.
    pub title: Text,
}

/// An information collection (formerly a padlet): members-only by default.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Collection {
    /// Stable id.
    #[serde(default = "Id::new")]
    pub id: Id,
    /// The forum the record belongs to.
    #[serde(skip)]
    pub forum: Id,
    /// Who may see it (members, by default).
    #[serde(default = "Access::members")]
    pub access: Access,
    /// When it was created.
    #[serde(default = "now")]
    pub created: Timestamp,
    /// When it was last changed.
    #[serde(default = "now")]
    pub updated: Timestamp,
    /// Address of the collection; unique in a forum.
    pub slug: String,
    /// Title.
    pub title: Text,
    /// What the collection gathers (Markdown).
    pub description: Option<Text>,
    /// The sections of the board, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// The year the collection was started, when known.
    pub started: Option<PartialDate>,
    /// No longer added to; kept for reading.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
    /// Topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Id>,
}

impl Record for Collection {
    const KIND: Kind = Kind::Collection;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        validate_slug("slug", &self.slug, problems);
        require("title", &self.title, problems);
        for (i, section) in self.sections.iter().enumerate() {
            validate_slug(&format!("sections[{i}].key"), &section.key, problems);
            require(&format!("sections[{i}].title"), &section.title, problems);
            if self.sections[..i].iter().any(|s| s.key == section.key) {
                problems.push(
                    format!("sections[{i}].key"),
                    format!("`{}` is used by another section", quoted(&section.key)),
                );
            }
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        refs::list(visit, "topics", Kind::Topic, &mut self.topics);
    }
}

vocabulary! {
    /// What an entry holds.
    #[derive(Hash)]
    pub enum EntryKind {
        /// A link to a web page.
        Link = "link",
        /// An uploaded file.
        File = "file",
        /// A note written in Markdown.
        Note = "note",
        /// A reference to another urbis record.
        Reference = "reference",
    }
}

/// A stored file, as the files layer keeps it.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StoredFile {
    /// The file name shown and offered for download.
    pub name: String,
    /// Media type, checked against the content on upload.
    pub media_type: String,
    /// Size in bytes.
    pub size: u64,
    /// Where the files layer keeps the content.
    pub key: String,
}

/// A reference from an entry to another record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordRef {
    /// The kind of record.
    pub kind: Kind,
    /// Its id.
    pub id: Id,
}

/// An entry on a collection's board.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Stable id.
    #[serde(default = "Id::new")]
    pub id: Id,
    /// The forum the record belongs to.
    #[serde(skip)]
    pub forum: Id,
    /// Who may see it (members, by default).
    #[serde(default = "Access::members")]
    pub access: Access,
    /// When it was created.
    #[serde(default = "now")]
    pub created: Timestamp,
    /// When it was last changed.
    #[serde(default = "now")]
    pub updated: Timestamp,
    /// The collection.
    pub collection: Id,
    /// The section key, when the board has sections.
    pub section: Option<String>,
    /// What the entry holds.
    pub kind: EntryKind,
    /// Title.
    pub title: Text,
    /// Description, or the note itself (Markdown).
    pub body: Option<Text>,
    /// The address, for a link.
    pub url: Option<String>,
    /// The file, for a file entry.
    pub file: Option<StoredFile>,
    /// The record, for a reference.
    pub reference: Option<RecordRef>,
    /// Who added it.
    pub author: Option<Id>,
    /// The organisation it comes from.
    pub organisation: Option<Id>,
    /// The date of the linked material (a study's publication month).
    pub date: Option<PartialDate>,
    /// Shown first by the curators.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pinned: bool,
    /// Hidden from the board, kept for the record.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
    /// Topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Id>,
    /// True for entries the demo data set adds as examples beyond its source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
}

impl Record for Entry {
    const KIND: Kind = Kind::Entry;
    record_identity!();

    fn rules(&self, problems: &mut Problems) {
        require("title", &self.title, problems);
        problems.url("url", self.url.as_deref());
        let needs = |problems: &mut Problems, field: &str, present: bool| {
            if !present {
                problems.push(
                    field,
                    format!("a {} entry needs `{field}`", self.kind.as_str()),
                );
            }
        };
        match self.kind {
            EntryKind::Link => needs(problems, "url", self.url.is_some()),
            EntryKind::File => needs(problems, "file", self.file.is_some()),
            EntryKind::Note => needs(problems, "body", self.body.is_some()),
            EntryKind::Reference => needs(problems, "reference", self.reference.is_some()),
        }
        if let Some(file) = &self.file {
            problems.require_text("file.name", &file.name);
            problems.require_text("file.key", &file.key);
        }
    }

    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>) {
        visit("collection", Kind::Collection, &mut self.collection);
        if let Some(reference) = &mut self.reference {
            visit("reference.id", reference.kind, &mut reference.id);
        }
        refs::opt(visit, "author", Kind::Person, &mut self.author);
        refs::opt(
            visit,
            "organisation",
            Kind::Organisation,
            &mut self.organisation,
        );
        refs::list(visit, "topics", Kind::Topic, &mut self.topics);
    }
}
