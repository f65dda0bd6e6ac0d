//! Counting what a search finds, in bounded time: up to [`EXACT`] matches are counted one by
//! one (total and facets exact); beyond that, equal windows spread over the whole index are
//! sampled and the total and facet counts are estimated from them, so a search for a word in
//! every second record costs as much as one for a word in a thousand.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Weight;
use tantivy::schema::Facet;
use tantivy::{DocAddress, DocId, DocSet, Score, SegmentOrdinal, SegmentReader, TERMINATED};

/// Matches per segment counted exactly before counting turns to estimating.
pub(crate) const EXACT: usize = 2_000;
/// Windows sampled when estimating.
const WINDOWS: u32 = 32;
/// Matches read per window when estimating.
const PER_WINDOW: usize = 64;

/// What counting found: the total and the facets, exact or estimated.
#[derive(Debug, Default)]
pub(crate) struct Counted {
    /// Matches (estimated when `estimated`).
    pub(crate) total: f64,
    /// Matches per facet (`/kind/event` …), estimated like the total.
    pub(crate) facets: HashMap<Facet, f64>,
    /// True when the figures are estimates.
    pub(crate) estimated: bool,
    /// Every match with its score when counted exactly (then no second pass ranks them).
    pub(crate) scored: Vec<(Score, DocAddress)>,
}

impl Counted {
    fn add(&mut self, other: Counted) {
        self.total += other.total;
        self.estimated |= other.estimated;
        self.scored.extend(other.scored);
        for (facet, n) in other.facets {
            *self.facets.entry(facet).or_default() += n;
        }
    }
}

/// The collector: counts matches and their facets (from the facet field's fast column).
pub(crate) struct Tally {
    pub(crate) facet_field: &'static str,
}

/// Never used: [`Tally`] reads each segment itself.
pub(crate) struct Unused;

impl SegmentCollector for Unused {
    type Fruit = Counted;
    fn collect(&mut self, _doc: DocId, _score: Score) {}
    fn harvest(self) -> Counted {
        Counted::default()
    }
}

impl Collector for Tally {
    type Fruit = Counted;
    type Child = Unused;

    fn for_segment(&self, _: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<Unused> {
        Ok(Unused)
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Counted>) -> tantivy::Result<Counted> {
        let mut all = Counted::default();
        for fruit in fruits {
            all.add(fruit);
        }
        Ok(all)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Counted> {
        let facets = reader.facet_reader(self.facet_field)?;
        let alive = |doc: DocId| !reader.is_deleted(doc);
        let mut ords: HashMap<u64, f64> = HashMap::new();
        let mut scored: Vec<(Score, DocAddress)> = Vec::new();
        // First the matches from the start, with their scores: most searches end here, exactly.
        let mut scorer = weight.scorer(reader, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED && scored.len() < EXACT {
            if alive(doc) {
                scored.push((scorer.score(), DocAddress::new(segment, doc)));
            }
            doc = scorer.advance();
        }
        let mut total = 0.0;
        let estimated = doc != TERMINATED;
        if !estimated {
            total = scored.len() as f64;
            for (_, address) in &scored {
                for ord in facets.facet_ords(address.doc_id) {
                    *ords.entry(ord).or_default() += 1.0;
                }
            }
        } else {
            scored = Vec::new();
            let mut seen: Vec<DocId> = Vec::with_capacity(PER_WINDOW);
            // Too many to count: sample windows over the whole segment, each scaled up by the
            // share of its width that its sample covers.
            let max = reader.max_doc();
            let mut scorer = weight.scorer(reader, 1.0)?;
            for window in 0..WINDOWS {
                let start = u32::try_from(u64::from(max) * u64::from(window) / u64::from(WINDOWS))
                    .unwrap_or(max);
                let end =
                    u32::try_from(u64::from(max) * u64::from(window + 1) / u64::from(WINDOWS))
                        .unwrap_or(max);
                if end <= start {
                    continue;
                }
                let mut doc = if scorer.doc() >= start {
                    scorer.doc()
                } else {
                    scorer.seek(start)
                };
                seen.clear();
                while doc < end && seen.len() < PER_WINDOW {
                    if alive(doc) {
                        seen.push(doc);
                    }
                    doc = scorer.advance();
                }
                // The sample covers start..=last read; the window's rest is estimated alike.
                let covered = if doc >= end || seen.len() < PER_WINDOW {
                    end - start
                } else {
                    doc - start
                };
                let scale = f64::from(end - start) / f64::from(covered.max(1));
                total += seen.len() as f64 * scale;
                for doc in &seen {
                    for ord in facets.facet_ords(*doc) {
                        *ords.entry(ord).or_default() += scale;
                    }
                }
            }
            // At least what was counted exactly.
            total = total.max(EXACT as f64 + 1.0);
        }
        let mut counted = Counted {
            total,
            facets: HashMap::with_capacity(ords.len()),
            estimated,
            scored,
        };
        for (ord, n) in ords {
            let mut facet = Facet::root();
            facets.facet_from_ord(ord, &mut facet)?;
            counted.facets.insert(facet, n);
        }
        Ok(counted)
    }
}
