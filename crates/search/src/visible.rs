//! The access filter as part of the query: a wrapper that lets through only the documents of
//! one forum up to the access level the viewer reads. It checks two fast fields per candidate
//! instead of intersecting with posting lists that hold most of the index, and it keeps the
//! inner query's top-k pruning (block-max WAND), so counts, facets, results and snippets all
//! see only what the viewer may read, at the cost of the user's words alone.

use tantivy::columnar::Column;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::Facet;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};
use urbis_domain::{Access, Id};

use crate::schema::FACETS;

/// The fast field of the forum id.
pub(crate) const FORUM: &str = "forum";
/// The fast field of the access level as a number ([`rank`]).
pub(crate) const LEVEL: &str = "level";

/// The number an access level is kept as: higher is more restricted.
pub(crate) fn rank(access: Access) -> u64 {
    match access {
        Access::Public => 0,
        Access::Members => 1,
        Access::Staff => 2,
    }
}

/// `inner`, restricted to the records of `forum` with an access level up to `reads` (and,
/// when asked, carrying each of `facets`: a kind, topic or year chosen).
#[derive(Debug)]
pub(crate) struct Visible {
    inner: Box<dyn Query>,
    forum: Id,
    reads: u64,
    facets: Vec<Facet>,
}

impl Clone for Visible {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.box_clone(),
            forum: self.forum.clone(),
            reads: self.reads,
            facets: self.facets.clone(),
        }
    }
}

impl Visible {
    pub(crate) fn new(
        inner: Box<dyn Query>,
        forum: &Id,
        reads: Access,
        facets: Vec<Facet>,
    ) -> Self {
        Self {
            inner,
            forum: forum.clone(),
            reads: rank(reads),
            facets,
        }
    }
}

impl Query for Visible {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(VisibleWeight {
            inner: self.inner.weight(scoring)?,
            forum: self.forum.as_str().to_owned(),
            reads: self.reads,
            facets: self.facets.clone(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct VisibleWeight {
    inner: Box<dyn Weight>,
    forum: String,
    reads: u64,
    facets: Vec<Facet>,
}

/// The check of one segment: the forum's ordinal in it and the two columns.
struct Check {
    forum: u64,
    forums: Column<u64>,
    levels: Column<u64>,
    reads: u64,
    /// The ordinals of the facets asked for, in this segment's facet column.
    wanted: Vec<u64>,
    facets: Option<Column<u64>>,
}

impl Check {
    #[inline]
    fn passes(&self, doc: DocId) -> bool {
        self.forums.first(doc) == Some(self.forum)
            && self
                .levels
                .first(doc)
                .is_some_and(|level| level <= self.reads)
            && self.facets.as_ref().is_none_or(|facets| {
                self.wanted
                    .iter()
                    .all(|wanted| facets.values_for_doc(doc).any(|ord| ord == *wanted))
            })
    }
}

impl VisibleWeight {
    /// `None` when nothing of the forum is in this segment.
    fn check(&self, reader: &SegmentReader) -> tantivy::Result<Option<Check>> {
        let Some(forums) = reader.fast_fields().str(FORUM)? else {
            return Ok(None);
        };
        let Some(forum) = forums.dictionary().term_ord(self.forum.as_bytes())? else {
            return Ok(None);
        };
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
            forum,
            forums: forums.ords().clone(),
            levels: reader.fast_fields().u64(LEVEL)?,
            reads: self.reads,
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
