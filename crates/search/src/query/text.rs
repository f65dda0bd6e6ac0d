//! The search text as a query: parsed leniently, a two-word phrase as its word pair, a few
//! plain words term by term, names matched with typos.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use crate::conjunction::Conjunction;
use crate::index::Search;
use crate::schema::Slot;

/// Words of a plain search text that are also matched with typos against names.
const MAX_FUZZY_WORDS: usize = 4;
/// Words of a plain search text that are looked up term by term (see `plain_query`); more
/// go through the query parser.
const MAX_PLAIN_WORDS: usize = 8;

impl Search {
    /// The search text as a query, parsed leniently (a syntax error never fails).
    pub(super) fn user_query(&self, text: &str) -> Box<dyn Query> {
        let text = text.trim();
        if text.is_empty() {
            return Box::new(AllQuery);
        }
        self.inner().parser.parse_query_lenient(text).0
    }

    /// The search text as the query that finds the same records fastest: a phrase of two
    /// words as one word pair (see [`crate::pairs`]), a few plain words as their terms (see
    /// [`Search::plain_query`]), anything else as parsed.
    pub(super) fn fast_query(&self, searcher: &Searcher, text: &str) -> Box<dyn Query> {
        let text = text.trim();
        self.phrase_pair(text)
            .or_else(|| self.plain_query(searcher, text))
            .unwrap_or_else(|| self.user_query(text))
    }

    /// A few plain words (no query syntax) as the query the parser would make, built from
    /// only the terms the index holds: each word is its term in every language slot where that
    /// term occurs, every word must be found. A word found in one slot only is a bare term, so
    /// that two such words are an intersection of two posting lists, which the ranking prunes
    /// (block-max WAND) instead of scoring every record holding both words. `None` for text
    /// with query syntax.
    fn plain_query(&self, searcher: &Searcher, text: &str) -> Option<Box<dyn Query>> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let plain = !words.is_empty()
            && words.len() <= MAX_PLAIN_WORDS
            && words.iter().all(|w| {
                w.chars().all(char::is_alphanumeric) && !matches!(*w, "AND" | "OR" | "NOT")
            });
        if !plain {
            return None;
        }
        let f = &self.inner().fields;
        let mut analysers = Slot::ALL.map(crate::schema::slot_analyser);
        let mut clauses: Vec<Vec<Term>> = Vec::with_capacity(words.len());
        for word in words {
            let mut terms: Vec<(u64, Term)> = Vec::with_capacity(Slot::ALL.len());
            let mut analysed = false;
            for (slot, analyser) in Slot::ALL.into_iter().zip(&mut analysers) {
                let mut stream = analyser.token_stream(word);
                let mut tokens = 0;
                while stream.advance() {
                    tokens += 1;
                    let term = Term::from_field_text(f.words(slot), &stream.token().text);
                    match searcher.doc_freq(&term) {
                        Ok(found) if found > 0 => terms.push((found, term)),
                        _ => {}
                    }
                }
                if tokens > 1 {
                    // Not one word after all: as the parser reads it.
                    return None;
                }
                analysed |= tokens == 1;
            }
            if !analysed {
                // Nothing of it is indexed (too long a word): left out, as the parser does.
                continue;
            }
            if terms.is_empty() {
                // A word found nowhere: all words must be found, so nothing is.
                return Some(Box::new(EmptyQuery));
            }
            // The most frequent first (what `Conjunction` prunes with).
            terms.sort_by_key(|t| std::cmp::Reverse(t.0));
            let terms: Vec<Term> = terms.into_iter().map(|(_, term)| term).collect();
            if !clauses.contains(&terms) {
                clauses.push(terms);
            }
        }
        if clauses.len() > 1 && clauses.iter().any(|terms| terms.len() > 1) {
            // An intersection of unions: see `Conjunction`.
            return Some(Box::new(Conjunction::new(clauses)));
        }
        let mut words: Vec<Box<dyn Query>> = clauses
            .into_iter()
            .map(|mut terms| match terms.len() {
                1 => term_query(terms.remove(0)),
                _ => Box::new(BooleanQuery::new(
                    terms
                        .into_iter()
                        .map(|term| (Occur::Should, term_query(term)))
                        .collect(),
                )) as Box<dyn Query>,
            })
            .collect();
        Some(match words.len() {
            0 => Box::new(EmptyQuery),
            1 => words.remove(0),
            _ => Box::new(BooleanQuery::new(
                words.into_iter().map(|word| (Occur::Must, word)).collect(),
            )),
        })
    }

    /// `"first second"` (the whole text one quoted phrase of two words) as its word pair in
    /// each language slot: the same records as the phrase, from one short posting list each.
    fn phrase_pair(&self, text: &str) -> Option<Box<dyn Query>> {
        let phrase = text.strip_prefix('"')?.strip_suffix('"')?;
        if phrase.contains(['"', '\\']) {
            return None;
        }
        let f = &self.inner().fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(Slot::ALL.len());
        for slot in Slot::ALL {
            let mut analyser = crate::schema::slot_analyser(slot);
            let words = {
                let mut stream = analyser.token_stream(phrase);
                let mut words = 0;
                while stream.advance() {
                    words += 1;
                }
                words
            };
            let pairs = crate::pairs::pairs(&mut analyser, phrase);
            let [pair] = pairs.as_slice() else {
                return None;
            };
            if words != 2 {
                return None;
            }
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.pairs(slot), &pair.text),
                    IndexRecordOption::WithFreqs,
                )),
            ));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// For a few plain words: the words as parsed, or each matched with typos against names.
    pub(super) fn typo_query(&self, text: &str) -> Option<Box<dyn Query>> {
        let text = text.trim();
        let inner = self.inner();
        let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        let plain = !words.is_empty()
            && words.len() <= MAX_FUZZY_WORDS
            && words.iter().all(|w| w.chars().all(char::is_alphanumeric));
        if !plain {
            return None;
        }
        let parsed = self.user_query(text);
        let fuzzy: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|word| {
                let term = Term::from_field_text(inner.fields.names, &fold(word));
                let length = word.chars().count();
                let query: Box<dyn Query> = match length {
                    0..=3 => Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                    4..=7 => Box::new(FuzzyTermQuery::new(term, 1, true)),
                    _ => Box::new(FuzzyTermQuery::new(term, 2, true)),
                };
                (Occur::Must, query)
            })
            .collect();
        let fuzzy = BoostQuery::new(Box::new(BooleanQuery::new(fuzzy)), 0.5);
        Some(Box::new(BooleanQuery::new(vec![
            (Occur::Should, parsed),
            (Occur::Should, Box::new(fuzzy)),
        ])))
    }
}

/// One term, scored by how often it occurs (no positions needed).
fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

/// A word as the names field keeps it: lower case, accents folded.
fn fold(word: &str) -> String {
    let mut analyser =
        tantivy::tokenizer::TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
            .filter(tantivy::tokenizer::LowerCaser)
            .filter(tantivy::tokenizer::AsciiFoldingFilter)
            .build();
    let mut stream = analyser.token_stream(word);
    let mut folded = String::new();
    while stream.advance() {
        folded.push_str(&stream.token().text);
    }
    folded
}
