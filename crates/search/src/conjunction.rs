//! Several words that must all be found, one of them (or more) in several language slots
//! ("Studie" is `studi` in German texts and in English ones, where "study" stems alike): an
//! intersection of unions, which tantivy scores in full. This query ranks it as a union of
//! intersections (one term per word in each), each pruned by block-max WAND: a record is taken
//! in the first intersection it is in, scored with every term it holds, and the highest score
//! the later terms could add is held in reserve while pruning. The top results are the same,
//! for far less work. Counting and everything else use the plain intersection of unions.

use tantivy::query::{
    Bm25Weight, BooleanQuery, EnableScoring, Explanation, Occur, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, SegmentReader, Term};

/// Words, each one or more terms (at most one per slot), all of which must be found.
#[derive(Debug, Clone)]
pub(crate) struct Conjunction {
    /// Per word its terms, the most frequent first.
    words: Vec<Vec<Term>>,
}

fn term_query(term: &Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs))
}

impl Conjunction {
    /// `words`: per word its terms, the most frequent first (none empty).
    pub(crate) fn new(words: Vec<Vec<Term>>) -> Self {
        Self { words }
    }

    /// The same query as tantivy knows it: every word a must, its terms a union.
    pub(crate) fn plain(&self) -> BooleanQuery {
        BooleanQuery::new(
            self.words
                .iter()
                .map(|terms| {
                    let word: Box<dyn Query> = match terms.as_slice() {
                        [term] => term_query(term),
                        _ => Box::new(BooleanQuery::new(
                            terms
                                .iter()
                                .map(|t| (Occur::Should, term_query(t)))
                                .collect(),
                        )),
                    };
                    (Occur::Must, word)
                })
                .collect(),
        )
    }
}

/// Combinations of one term per word beyond which the plain intersection of unions is used.
const MAX_COMBINATIONS: usize = 16;

impl Query for Conjunction {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let full = self.plain().weight(scoring)?;
        let combinations: usize = self.words.iter().map(Vec::len).product();
        if combinations > MAX_COMBINATIONS {
            return Ok(full);
        }
        let mut terms = Vec::with_capacity(self.words.len());
        for word in &self.words {
            let mut weights = Vec::with_capacity(word.len());
            for term in word {
                let most = match scoring {
                    EnableScoring::Enabled {
                        statistics_provider,
                        ..
                    } => Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(term))?
                        .max_score(),
                    EnableScoring::Disabled { .. } => 1.0,
                };
                weights.push((term_query(term).weight(scoring)?, most));
            }
            terms.push(weights);
        }
        // Every combination of one term per word, the most frequent terms first.
        let mut combos = Vec::with_capacity(combinations);
        let mut picks = vec![0; self.words.len()];
        loop {
            let weight = BooleanQuery::new(
                picks
                    .iter()
                    .zip(&self.words)
                    .map(|(pick, word)| (Occur::Must, term_query(&word[*pick])))
                    .collect(),
            )
            .weight(scoring)?;
            // A record found here and by a later term of some word is scored in this pass
            // with that term too: keep its highest score in reserve while pruning.
            let reserve = picks
                .iter()
                .zip(&terms)
                .flat_map(|(pick, word)| word.iter().skip(pick + 1).map(|(_, most)| *most))
                .sum();
            combos.push(Combo {
                weight,
                picks: picks.clone(),
                reserve,
            });
            // The next combination, the last word's terms turning fastest.
            let mut word = picks.len();
            loop {
                if word == 0 {
                    return Ok(Box::new(ConjunctionWeight {
                        full,
                        combos,
                        terms: terms
                            .into_iter()
                            .map(|word| word.into_iter().map(|(w, _)| w).collect())
                            .collect(),
                    }));
                }
                word -= 1;
                picks[word] += 1;
                if picks[word] < self.words[word].len() {
                    break;
                }
                picks[word] = 0;
            }
        }
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in self.words.iter().flatten() {
            visitor(term, false);
        }
    }
}

/// One term per word: an intersection tantivy prunes.
struct Combo {
    weight: Box<dyn Weight>,
    /// Per word, the index of its term.
    picks: Vec<usize>,
    /// What the other terms of the words can add at most, to a record found here.
    reserve: Score,
}

struct ConjunctionWeight {
    /// The intersection of unions (counting, explaining).
    full: Box<dyn Weight>,
    /// Every combination of one term per word, in order.
    combos: Vec<Combo>,
    /// Per word, each term alone.
    terms: Vec<Vec<Box<dyn Weight>>>,
}

/// Moves a scorer to `doc` (or past it) and says whether `doc` holds its term.
fn at(scorer: &mut dyn Scorer, doc: DocId) -> bool {
    if scorer.doc() < doc {
        scorer.seek(doc);
    }
    scorer.doc() == doc
}

impl Weight for ConjunctionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.full.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.full.explain(reader, doc)
    }

    /// Each combination in turn, pruned: a record is taken in the first combination it holds
    /// (it holds no earlier term of any word) and scored with every term it holds.
    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let mut current = threshold;
        for combo in &self.combos {
            let mut scorers = self
                .terms
                .iter()
                .map(|word| {
                    word.iter()
                        .map(|w| w.scorer(reader, 1.0))
                        .collect::<tantivy::Result<Vec<_>>>()
                })
                .collect::<tantivy::Result<Vec<_>>>()?;
            let reserve = combo.reserve;
            combo
                .weight
                .for_each_pruning(current - reserve, reader, &mut |doc, score| {
                    let mut full = score;
                    for (pick, word) in combo.picks.iter().zip(&mut scorers) {
                        for (index, scorer) in word.iter_mut().enumerate() {
                            if index == *pick || !at(scorer.as_mut(), doc) {
                                continue;
                            }
                            if index < *pick {
                                // Taken by an earlier combination.
                                return current - reserve;
                            }
                            full += scorer.score();
                        }
                    }
                    if full > current {
                        current = callback(doc, full);
                    }
                    current - reserve
                })?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{Index, TantivyDocument};

    use super::*;

    /// The two passes rank exactly as scoring every record of the intersection of unions.
    #[test]
    fn ranks_as_the_full_intersection_of_unions() {
        let mut schema = Schema::builder();
        let de = schema.add_text_field("de", TEXT);
        let en = schema.add_text_field("en", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 20_000_000).unwrap();
        // Skewed words, so that posting lists span many blocks with different maxima.
        let vocabulary = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((seed >> 33) % n as u64) as usize
        };
        for _ in 0..30_000 {
            let mut doc = TantivyDocument::default();
            for field in [de, en] {
                if next(3) == 0 {
                    continue;
                }
                let words: Vec<&str> = (0..1 + next(12))
                    .map(|_| vocabulary[next(vocabulary.len()).min(next(vocabulary.len()))])
                    .collect();
                doc.add_text(field, words.join(" "));
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = |field, text: &str| Term::from_field_text(field, text);
        let cases = [
            vec![vec![term(de, "a"), term(en, "a")], vec![term(de, "b")]],
            vec![
                vec![term(de, "a"), term(en, "h")],
                vec![term(en, "c"), term(de, "g")],
            ],
            vec![
                vec![term(de, "b"), term(en, "b")],
                vec![term(en, "a")],
                vec![term(de, "d"), term(en, "e")],
            ],
            vec![
                vec![term(de, "h"), term(en, "h")],
                vec![term(de, "a"), term(en, "a")],
            ],
        ];
        for words in cases {
            let query = Conjunction::new(words);
            for (limit, offset) in [(10, 0), (20, 40), (100, 0)] {
                let top = TopDocs::with_limit(limit)
                    .and_offset(offset)
                    .order_by_score();
                let fast = searcher.search(&query, &top).unwrap();
                let full = searcher.search(&query.plain(), &top).unwrap();
                assert_eq!(fast.len(), full.len());
                for (f, p) in fast.iter().zip(&full) {
                    assert!((f.0 - p.0).abs() < 1e-4, "{fast:?}\n{full:?}");
                }
            }
        }
    }
}
