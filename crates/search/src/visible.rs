//! The access filter as part of the query: a wrapper that lets through only the documents the
//! viewer's search scopes allow (a forum's own records up to the level the viewer reads there,
//! what other forums share into it, and for an umbrella's office its forums'). It checks two fast fields per candidate
//! instead of intersecting with posting lists that hold most of the index, and it keeps the
//! inner query's top-k pruning (block-max WAND), so counts, facets, results and snippets all
//! see only what the viewer may read, at the cost of the user's words alone.

use tantivy::columnar::Column;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::Facet;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};
use urbis_domain::{Access, SearchScope, Shared};

use crate::schema::FACETS;

/// The fast field of the forum id.
pub(crate) const FORUM: &str = "forum";
/// The fast field of the access level as a number ([`rank`]).
pub(crate) const LEVEL: &str = "level";
/// The fast field of the sharing choice as a number ([`sharing`]).
pub(crate) const SHARED: &str = "shared";

/// The number a sharing choice is kept as.
pub(crate) fn sharing(shared: Shared) -> u64 {
    match shared {
        Shared::Forum => 0,
        Shared::Umbrella => 1,
        Shared::AllForums => 2,
    }
}

/// One scope as the filter checks it: the forum, the highest level, and the sharing choices
/// let through (a bit per [`sharing`] number).
#[derive(Debug, Clone)]
struct Rule {
    forum: String,
    reads: u64,
    shared: u64,
}

impl Rule {
    fn of(scope: &SearchScope) -> Self {
        Self {
            forum: scope.forum.as_str().to_owned(),
            reads: rank(scope.level),
            shared: scope.shared.map_or(u64::MAX, |choices| {
                choices.iter().fold(0, |bits, s| bits | 1 << sharing(*s))
            }),
        }
    }
}

/// The number an access level is kept as: higher is more restricted.
pub(crate) fn rank(access: Access) -> u64 {
    match access {
        Access::Public => 0,
        Access::Members => 1,
        Access::Staff => 2,
    }
}

/// `inner`, restricted to the records one of the scopes allows (and, when asked, carrying each
/// of `facets`: a kind, topic or year chosen).
#[derive(Debug)]
pub(crate) struct Visible {
    inner: Box<dyn Query>,
    rules: Vec<Rule>,
    facets: Vec<Facet>,
}

impl Clone for Visible {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.box_clone(),
            rules: self.rules.clone(),
            facets: self.facets.clone(),
        }
    }
}

impl Visible {
    pub(crate) fn new(inner: Box<dyn Query>, scopes: &[SearchScope], facets: Vec<Facet>) -> Self {
        Self {
            inner,
            rules: scopes.iter().map(Rule::of).collect(),
            facets,
        }
    }
}

impl Query for Visible {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(VisibleWeight {
            inner: self.inner.weight(scoring)?,
            rules: self.rules.clone(),
            facets: self.facets.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct VisibleWeight {
    inner: Box<dyn Weight>,
    rules: Vec<Rule>,
    facets: Vec<Facet>,
}

/// A scope in one segment: the forum's ordinal there, the highest level, the sharing bits.
struct SegmentRule {
    forum: u64,
    reads: u64,
    shared: u64,
}

/// The check of one segment: the scopes with a forum in it, and the columns.
struct Check {
    rules: Vec<SegmentRule>,
    forums: Column<u64>,
    levels: Column<u64>,
    shared: Column<u64>,
    /// The ordinals of the facets asked for, in this segment's facet column.
    wanted: Vec<u64>,
    facets: Option<Column<u64>>,
}

impl Check {
    #[inline]
    fn passes(&self, doc: DocId) -> bool {
        let (Some(forum), Some(level)) = (self.forums.first(doc), self.levels.first(doc)) else {
            return false;
        };
        let shared = self.shared.first(doc).unwrap_or(0);
        self.rules.iter().any(|rule| {
            rule.forum == forum && level <= rule.reads && rule.shared & (1 << shared) != 0
        }) && self.facets.as_ref().is_none_or(|facets| {
            self.wanted
                .iter()
                .all(|wanted| facets.values_for_doc(doc).any(|ord| ord == *wanted))
        })
    }
}

impl VisibleWeight {
    /// `None` when nothing of the scopes' forums is in this segment.
    fn check(&self, reader: &SegmentReader) -> tantivy::Result<Option<Check>> {
        let Some(forums) = reader.fast_fields().str(FORUM)? else {
            return Ok(None);
        };
        let mut rules = Vec::with_capacity(self.rules.len());
        for rule in &self.rules {
            if let Some(forum) = forums.dictionary().term_ord(rule.forum.as_bytes())? {
                rules.push(SegmentRule {
                    forum,
                    reads: rule.reads,
                    shared: rule.shared,
                });
            }
        }
        if rules.is_empty() {
            return Ok(None);
        }
        let mut wanted = Vec::with_capacity(self.facets.len());
        let mut facets = None;
        if !self.facets.is_empty() {
            let Some(column) = reader.fast_fields().str(FACETS)? else {
                return Ok(None);
            };
            for facet in &self.facets {
                match column
                    .dictionary()
                    .term_ord(facet.encoded_str().as_bytes())?
                {
                    Some(ord) => wanted.push(ord),
                    // No record of this segment has it.
                    None => return Ok(None),
                }
            }
            facets = Some(column.ords().clone());
        }
        Ok(Some(Check {
            rules,
            forums: forums.ords().clone(),
            levels: reader.fast_fields().u64(LEVEL)?,
            shared: reader.fast_fields().u64(SHARED)?,
            wanted,
            facets,
        }))
    }
}

impl Weight for VisibleWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let Some(check) = self.check(reader)? else {
            return Ok(Box::new(EmptyScorer));
        };
        let inner = self.inner.scorer(reader, boost)?;
        let mut scorer = VisibleScorer { inner, check };
        scorer.settle();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        match self.check(reader)? {
            Some(check) if check.passes(doc) => self.inner.explain(reader, doc),
            _ => Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} is not visible"
            ))),
        }
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let Some(check) = self.check(reader)? else {
            return Ok(());
        };
        // The inner query prunes with the threshold of the documents let through; a document
        // filtered out leaves it as it was.
        let mut current = threshold;
        self.inner
            .for_each_pruning(threshold, reader, &mut |doc, score| {
                if check.passes(doc) {
                    current = callback(doc, score);
                }
                current
            })
    }
}

struct VisibleScorer {
    inner: Box<dyn Scorer>,
    check: Check,
}

impl VisibleScorer {
    /// Moves on from the inner scorer's document to the first one that passes.
    fn settle(&mut self) -> DocId {
        let mut doc = self.inner.doc();
        while doc != TERMINATED && !self.check.passes(doc) {
            doc = self.inner.advance();
        }
        doc
    }
}

impl DocSet for VisibleScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance();
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.inner.doc() < target {
            self.inner.seek(target);
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for VisibleScorer {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}
