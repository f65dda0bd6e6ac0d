//! What every record has in common: its kind, identity, forum, access level and timestamps.

use std::fmt;

use jiff::Timestamp;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::access::Access;
use crate::id::Id;
use crate::validation::Problems;
use crate::vocabulary::vocabulary;

macro_rules! kinds {
    ($($variant:ident => $name:literal, $plural:literal;)*) => {
        vocabulary! {
            /// Every kind of record urbis keeps.
            #[derive(PartialOrd, Ord, Hash)]
            pub enum Kind {
                $(
                    #[doc = concat!("A ", $name, " record.")]
                    $variant = $name,
                )*
            }
        }

        impl Kind {
            /// The singular name (`event`), as in files and URLs: [`Kind::as_str`].
            pub fn name(self) -> &'static str {
                self.as_str()
            }

            /// The plural name (`events`): the list in an export and the table in the store.
            pub fn plural(self) -> &'static str {
                match self { $(Kind::$variant => $plural),* }
            }
        }
    };
}

kinds! {
    Forum => "forum", "forums";
    Topic => "topic", "topics";
    TopicPlan => "topic_plan", "topic_plans";
    Organisation => "organisation", "organisations";
    Membership => "membership", "memberships";
    Person => "person", "people";
    Appointment => "appointment", "appointments";
    FundingCall => "funding_call", "funding_calls";
    Project => "project", "projects";
    FundingApplication => "funding_application", "funding_applications";
    Series => "series", "series";
    Event => "event", "events";
    Registration => "registration", "registrations";
    Collection => "collection", "collections";
    Entry => "entry", "entries";
    Publication => "publication", "publications";
    AdvocacyAction => "advocacy_action", "advocacy_actions";
    Cooperation => "cooperation", "cooperations";
    Outreach => "outreach", "outreach";
    ReportText => "report_text", "report_texts";
}

/// A reference from one record to another, as found by [`Record::visit_refs`].
pub type RefVisitor<'a> = dyn FnMut(&str, Kind, &mut Id) + 'a;

/// The behaviour every record type shares, so that storage, import and export treat all of
/// them alike.
pub trait Record:
    Serialize + DeserializeOwned + Clone + fmt::Debug + Send + Sync + 'static
{
    /// The kind of record.
    const KIND: Kind;

    /// The stable id.
    fn id(&self) -> &Id;
    /// Sets the id (an import replaces keys with UUIDs).
    fn id_mut(&mut self) -> &mut Id;
    /// The forum (tenant) the record belongs to; a forum is its own.
    fn forum(&self) -> &Id;
    /// Sets the forum (taken from the enclosing forum of an import file).
    fn set_forum(&mut self, forum: Id);
    /// Who may see the record.
    fn access(&self) -> Access;
    /// When the record was created.
    fn created(&self) -> Timestamp;
    /// When the record was last changed.
    fn updated(&self) -> Timestamp;
    /// Marks the record as changed now.
    fn touch(&mut self);

    /// Where the record is shown beyond its own forum; most kinds are never shared.
    fn shared(&self) -> crate::sharing::Shared {
        crate::sharing::Shared::Forum
    }

    /// Checks the record's own rules (required fields, dates in order, addresses that are
    /// addresses), adding every problem found. Lengths are not checked here: [`Record::validate`]
    /// checks them for every kind alike.
    fn rules(&self, problems: &mut Problems);

    /// Checks the whole record, adding every problem found: its own [`Record::rules`], then the
    /// length of every text and list (`crate::limits`), so that no kind, and no field added
    /// later, goes without limits. Kinds implement `rules`, not this.
    fn validate(&self, problems: &mut Problems) {
        self.rules(problems);
        crate::limits::check(Self::KIND.name(), self, problems);
    }

    /// Calls `visit` with every reference to another record: the field, the kind it must
    /// point to, and the id (mutable, so an import can resolve keys).
    fn visit_refs(&mut self, visit: &mut RefVisitor<'_>);

    /// Every problem of the record, or nothing.
    fn check(&self) -> Result<(), Problems> {
        let mut problems = Problems::new();
        self.validate(&mut problems);
        problems.into_result()
    }

    /// The references of the record as (field, kind, id), for read-only use.
    fn references(&self) -> Vec<(String, Kind, Id)> {
        let mut copy = self.clone();
        let mut refs = Vec::new();
        copy.visit_refs(&mut |field, kind, id| refs.push((field.to_owned(), kind, id.clone())));
        refs
    }
}

/// The current time at the precision urbis stores (microseconds), so a round trip through any
/// store gives the same text.
pub fn now() -> Timestamp {
    let now = Timestamp::now();
    Timestamp::from_microsecond(now.as_microsecond()).unwrap_or(now)
}

/// Implements the identity and timestamp parts of [`Record`] for a struct with the fields
/// `id`, `forum`, `access`, `created` and `updated`.
macro_rules! record_identity {
    () => {
        fn id(&self) -> &$crate::Id {
            &self.id
        }
        fn id_mut(&mut self) -> &mut $crate::Id {
            &mut self.id
        }
        fn forum(&self) -> &$crate::Id {
            &self.forum
        }
        fn set_forum(&mut self, forum: $crate::Id) {
            self.forum = forum;
        }
        fn access(&self) -> $crate::Access {
            self.access
        }
        fn created(&self) -> jiff::Timestamp {
            self.created
        }
        fn updated(&self) -> jiff::Timestamp {
            self.updated
        }
        fn touch(&mut self) {
            self.updated = $crate::record::now();
        }
    };
}
pub(crate) use record_identity;

/// Helpers for [`Record::visit_refs`] implementations.
pub mod refs {
    use super::{Kind, RefVisitor};
    use crate::id::Id;

    /// Visits an optional reference.
    pub fn opt(visit: &mut RefVisitor<'_>, field: &str, kind: Kind, id: &mut Option<Id>) {
        if let Some(id) = id {
            visit(field, kind, id);
        }
    }

    /// Visits every reference of a list, naming each by its index.
    pub fn list(visit: &mut RefVisitor<'_>, field: &str, kind: Kind, ids: &mut [Id]) {
        for (i, id) in ids.iter_mut().enumerate() {
            visit(&format!("{field}[{i}]"), kind, id);
        }
    }
}
