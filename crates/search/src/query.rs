//! Searching: the viewer's access filter inside the query, so results, counts, facets and
//! snippets only ever see what the viewer may read.

use std::collections::BTreeMap;

use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur, Query,
    TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{DocAddress, Score, Searcher, TantivyDocument, Term};
use urbis_domain::{Id, Kind, Lang, PartialDate, SearchScope, Viewer};

use crate::conjunction::Conjunction;
use crate::error::{Result, SearchError};
use crate::index::Search;
use crate::schema::Slot;
use crate::tally::{Counted, Tally};
use crate::visible::Visible;

/// The longest search text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Results per page.
pub const PAGE_SIZE: usize = 20;
/// The last page that can be asked for (deeper pages cost memory and nobody reads them).
pub const MAX_PAGE: u64 = 500;
/// The length of a snippet, in characters.
const SNIPPET_CHARS: usize = 180;
/// A chosen facet held by fewer than one record in this many narrows the search by its own
/// posting list; a more common one is checked per candidate.
const RARE_FACET: u64 = 8;
/// The same for ranking: pruning with a facet checked per candidate costs less than scoring
/// every match of a facet's posting list, unless the facet is much rarer.
const RARE_FACET_RANKING: u64 = 64;
/// Words of a plain search text that are also matched with typos against names.
const MAX_FUZZY_WORDS: usize = 4;
/// Words of a plain search text that are looked up term by term (see `plain_query`); more
/// go through the query parser.
const MAX_PLAIN_WORDS: usize = 8;

/// What a person searches for.
#[derive(Debug, Clone)]
pub struct Request {
    /// The search text (query syntax allowed; errors in it never fail the search).
    pub text: String,
    /// Only this kind of record.
    pub kind: Option<Kind>,
    /// Only records with this topic.
    pub topic: Option<Id>,
    /// Only records of this year.
    pub year: Option<i16>,
    /// The page, from 1.
    pub page: u64,
    /// The reader's language: titles and snippets in it where the record has it.
    pub lang: Lang,
}

impl Request {
    /// A search for `text` in `lang`: first page, no filters.
    pub fn new(text: impl Into<String>, lang: Lang) -> Self {
        Self {
            text: text.into(),
            kind: None,
            topic: None,
            year: None,
            page: 1,
            lang,
        }
    }

    /// True when there is nothing to search for: no text and no filter.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.kind.is_none()
            && self.topic.is_none()
            && self.year.is_none()
    }

    /// Refuses a search text longer than [`MAX_QUERY_CHARS`].
    pub fn check(&self) -> Result<()> {
        let length = self.text.chars().count();
        if length > MAX_QUERY_CHARS {
            return Err(SearchError::QueryTooLong {
                length,
                max: MAX_QUERY_CHARS,
            });
        }
        if self.page == 0 || self.page > MAX_PAGE {
            return Err(SearchError::Page {
                page: self.page.to_string(),
                max: MAX_PAGE,
            });
        }
        Ok(())
    }
}

/// Reads a page number as people and links write it: 1 to [`MAX_PAGE`].
pub fn parse_page(text: &str) -> Result<u64> {
    match text.trim().parse::<u64>() {
        Ok(page) if (1..=MAX_PAGE).contains(&page) => Ok(page),
        _ => Err(SearchError::Page {
            page: text.chars().take(20).collect(),
            max: MAX_PAGE,
        }),
    }
}

/// One record found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Its kind.
    pub kind: Kind,
    /// Its id.
    pub id: Id,
    /// Its title in the reader's language (or another).
    pub title: String,
    /// A piece of its text with the words found marked: HTML, escaped except `<mark>`.
    pub snippet: String,
    /// Its date.
    pub date: Option<PartialDate>,
    /// What a link needs beyond the id (a topic's slug, an entry's collection).
    pub parent: Option<String>,
}

/// How many records found fall into each kind, topic and year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    /// Per kind, most first.
    pub kinds: Vec<(Kind, u64)>,
    /// Per topic id, most first.
    pub topics: Vec<(Id, u64)>,
    /// Per year, newest first.
    pub years: Vec<(i16, u64)>,
}

/// The answer to a search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    /// How many records were found in all (rounded when `estimated`).
    pub total: usize,
    /// True when so many were found that `total` and the facet counts are estimates from a
    /// sample (searching stays fast however common the words are).
    pub estimated: bool,
    /// This page of them, best first.
    pub hits: Vec<Hit>,
    /// The counts per kind, topic and year of all records found.
    pub facets: Facets,
    /// The number of pages (at most [`MAX_PAGE`]).
    pub pages: u64,
}

impl Search {
    /// Searches the records of `forum` that `viewer` may read: the access filter is part of
    /// the query, so nothing else is ever counted, faceted or quoted.
    pub fn search(&self, viewer: &Viewer, forum: &Id, request: &Request) -> Result<Results> {
        let own = SearchScope {
            forum: forum.clone(),
            shared: None,
            level: viewer.reads(forum),
        };
        self.search_in(std::slice::from_ref(&own), request)
    }

    /// Searches what `scopes` allow (from `Viewer::search_scopes`: a forum's own records,
    /// those shared into it, and for an umbrella's office its forums'): the filter is part of
    /// the query, so nothing else is ever counted, faceted or quoted.
    pub fn search_in(&self, scopes: &[SearchScope], request: &Request) -> Result<Results> {
        request.check()?;
        if request.is_empty() {
            return Ok(Results::default());
        }
        let inner = self.inner();
        let searcher = inner.reader.searcher();
        let offset =
            usize::try_from(request.page.saturating_sub(1)).unwrap_or(usize::MAX) * PAGE_SIZE;
        // Exact words (stemmed) first; only when they find nothing, names with typos: a typo
        // search over a large dictionary costs more than most searches.
        let mut ranked = self.fast_query(&searcher, &request.text);
        let query = self.scoped(&searcher, ranked.box_clone(), scopes, request, RARE_FACET);
        let mut counted = self.count(&searcher, &*query)?;
        // What the snippets mark: the words as parsed (a phrase word by word).
        let mut user = None;
        if counted.total == 0.0
            && let Some(typos) = self.typo_query(&request.text)
        {
            let query = self.scoped(&searcher, typos.box_clone(), scopes, request, RARE_FACET);
            counted = self.count(&searcher, &*query)?;
            ranked = typos.box_clone();
            user = Some(typos);
        }
        let user = user.unwrap_or_else(|| self.user_query(&request.text));
        let top = if !counted.estimated {
            // Every match was scored while counting: rank them here.
            let mut all = std::mem::take(&mut counted.scored);
            all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            all.into_iter().skip(offset).take(PAGE_SIZE).collect()
        } else {
            let top = TopDocs::with_limit(PAGE_SIZE)
                .and_offset(offset)
                .order_by_score();
            // Ranking keeps its pruning with a year or kind checked per candidate; only a
            // much rarer facet is walked as a posting list.
            let query = self.scoped(&searcher, ranked, scopes, request, RARE_FACET_RANKING);
            searcher.search(&*query, &top)?
        };
        let snippets = Snippets::new(&searcher, user.as_ref(), self, request.lang);
        let mut hits = Vec::with_capacity(top.len());
        for (_, address) in top {
            hits.push(self.hit(&searcher, address, &snippets, request.lang)?);
        }
        let total = if counted.estimated {
            round(counted.total)
        } else {
            counted.total as usize
        };
        let pages = u64::try_from(total.div_ceil(PAGE_SIZE))
            .unwrap_or(MAX_PAGE)
            .min(MAX_PAGE);
        Ok(Results {
            total,
            estimated: counted.estimated,
            hits,
            facets: facet_counts(&counted),
            pages,
        })
    }

    /// Counts what a query finds: exactly up to a bound, estimated beyond it.
    fn count(&self, searcher: &Searcher, query: &dyn Query) -> Result<Counted> {
        Ok(searcher.search(
            query,
            &Tally {
                facet_field: crate::schema::FACETS,
            },
        )?)
    }

    /// The user's query inside the filters: forum, access levels, kind, topic, year, all
    /// checked per candidate (see [`Visible`]) so the ranking keeps its pruning, except a
    /// chosen facet held by fewer than one record in `rare`.
    fn scoped(
        &self,
        searcher: &Searcher,
        user: Box<dyn Query>,
        scopes: &[SearchScope],
        request: &Request,
        rare: u64,
    ) -> Box<dyn Query> {
        let f = &self.inner().fields;
        let mut chosen: Vec<Facet> = Vec::new();
        if let Some(kind) = request.kind {
            chosen.push(Facet::from_path(["kind", kind.name()]));
        }
        if let Some(topic) = &request.topic {
            chosen.push(Facet::from_path(["topic", topic.as_str()]));
        }
        if let Some(year) = request.year {
            chosen.push(Facet::from_path(["year", &year.to_string()]));
        }
        // A facet most records have is checked per candidate (the ranking keeps its
        // pruning); a rare one is a posting list the search walks instead of the words'.
        let all = searcher.num_docs();
        let (rare, common): (Vec<Facet>, Vec<Facet>) = chosen.into_iter().partition(|facet| {
            searcher
                .doc_freq(&Term::from_facet(f.facets, facet))
                .is_ok_and(|n| n.saturating_mul(rare) < all)
        });
        let visible: Box<dyn Query> = Box::new(Visible::new(user, scopes, common));
        if rare.is_empty() {
            return visible;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, visible)];
        for facet in rare {
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_facet(f.facets, &facet),
                        IndexRecordOption::Basic,
                    )),
                    0.0,
                )),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// The search text as a query, parsed leniently (a syntax error never fails).
    fn user_query(&self, text: &str) -> Box<dyn Query> {
        let text = text.trim();
        if text.is_empty() {
            return Box::new(AllQuery);
        }
        self.inner().parser.parse_query_lenient(text).0
    }

    /// The search text as the query that finds the same records fastest: a phrase of two
    /// words as one word pair (see [`crate::pairs`]), a few plain words as their terms (see
    /// [`Search::plain_query`]), anything else as parsed.
    fn fast_query(&self, searcher: &Searcher, text: &str) -> Box<dyn Query> {
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
    fn typo_query(&self, text: &str) -> Option<Box<dyn Query>> {
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

    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        snippets: &Snippets,
        lang: Lang,
    ) -> Result<Hit> {
        let f = &self.inner().fields;
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let kind = text(f.kind)
            .and_then(|k| Kind::parse(&k))
            .unwrap_or(Kind::Entry);
        let order = slots_for(lang);
        let title = order
            .iter()
            .find_map(|slot| text(f.title(*slot)))
            .unwrap_or_default();
        Ok(Hit {
            kind,
            id: Id::from_text(text(f.id).unwrap_or_default()),
            title,
            snippet: snippets.of(&doc, self),
            date: text(f.date).and_then(|d| PartialDate::parse(&d).ok()),
            parent: text(f.parent),
        })
    }
}

/// One term, scored by how often it occurs (no positions needed).
fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

/// The language slots in the order a reader of `lang` wants them.
fn slots_for(lang: Lang) -> [Slot; 3] {
    match Slot::of(lang) {
        Slot::En => [Slot::En, Slot::De, Slot::Other],
        Slot::Other => [Slot::Other, Slot::De, Slot::En],
        Slot::De => [Slot::De, Slot::En, Slot::Other],
    }
}

/// Snippet generators for the texts, then the titles, in the reader's language order.
struct Snippets {
    generators: Vec<(tantivy::schema::Field, SnippetGenerator)>,
    bodies: Vec<tantivy::schema::Field>,
}

impl Snippets {
    /// The generators mark the query's words of each slot (searched in `words_<slot>`) in the
    /// stored title and texts of that slot, rarer words first.
    fn new(searcher: &Searcher, query: &dyn Query, search: &Search, lang: Lang) -> Self {
        let f = &search.inner().fields;
        let order = slots_for(lang);
        let mut marked: [BTreeMap<String, Score>; 3] = Default::default();
        query.query_terms(&mut |term, _| {
            let Some(at) = Slot::ALL.iter().position(|s| f.words(*s) == term.field()) else {
                return;
            };
            let value = term.value();
            let Some(text) = value.as_str() else {
                return;
            };
            if marked[at].contains_key(text) {
                return;
            }
            let found = searcher.doc_freq(term).unwrap_or(0);
            if found > 0 {
                marked[at].insert(text.to_owned(), 1.0 / (1.0 + found as Score));
            }
        });
        let mut generators = Vec::new();
        for (slot, field) in order
            .iter()
            .map(|s| (*s, f.body(*s)))
            .chain(order.iter().map(|s| (*s, f.title(*s))))
        {
            let terms = &marked[slot.index()];
            if !terms.is_empty() {
                let analyser = crate::schema::slot_analyser(slot);
                let generator =
                    SnippetGenerator::new(terms.clone(), analyser, field, SNIPPET_CHARS);
                generators.push((field, generator));
            }
        }
        Self {
            generators,
            bodies: order.iter().map(|s| f.body(*s)).collect(),
        }
    }

    /// The best marked piece of text, or the start of the text when no word is marked.
    fn of(&self, doc: &TantivyDocument, _search: &Search) -> String {
        for (_, generator) in &self.generators {
            let mut snippet: Snippet = generator.snippet_from_doc(doc);
            if !snippet.is_empty() {
                snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
                return snippet.to_html();
            }
        }
        self.bodies
            .iter()
            .find_map(|field| {
                doc.get_first(*field)
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
            })
            .map(|text| escape(&shorten(&text, SNIPPET_CHARS)))
            .unwrap_or_default()
    }
}

fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{} …", text[..at].trim_end()),
        None => text.to_owned(),
    }
}

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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

fn facet_counts(counted: &Counted) -> Facets {
    let mut facets = Facets::default();
    for (facet, n) in &counted.facets {
        let path = facet.to_path();
        let (Some(group), Some(value)) = (path.first(), path.get(1)) else {
            continue;
        };
        let n = if counted.estimated {
            round(*n) as u64
        } else {
            *n as u64
        };
        if n == 0 {
            continue;
        }
        match *group {
            "kind" => {
                if let Some(kind) = Kind::parse(value) {
                    facets.kinds.push((kind, n));
                }
            }
            "topic" => facets.topics.push((Id::from_text(*value), n)),
            "year" => {
                if let Ok(year) = value.parse() {
                    facets.years.push((year, n));
                }
            }
            _ => {}
        }
    }
    facets
        .kinds
        .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    facets
        .topics
        .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.as_str().cmp(b.0.as_str())));
    facets.years.sort_by_key(|y| std::cmp::Reverse(y.0));
    facets
}

/// An estimate as people read it: two significant digits (14,873.2 → 15,000).
fn round(n: f64) -> usize {
    if n < 1.0 {
        return 0;
    }
    let magnitude = 10f64.powi((n.log10().floor() as i32 - 1).max(0));
    ((n / magnitude).round() * magnitude) as usize
}
