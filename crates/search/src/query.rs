//! Searching: the viewer's access filter inside the query, so results, counts, facets and
//! snippets only ever see what the viewer may read.

use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};
use urbis_domain::{Id, Kind, Lang, PartialDate, SearchScope, Viewer};

use crate::error::{Result, SearchError};
use crate::index::Search;
use crate::schema::Slot;

/// The longest search text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Results per page.
pub const PAGE_SIZE: usize = 20;
/// The last page that can be asked for (deeper pages cost memory and nobody reads them).
pub const MAX_PAGE: u64 = 500;
/// The length of a snippet, in characters.
const SNIPPET_CHARS: usize = 180;
/// Words of a plain search text that are also matched with typos against names.
const MAX_FUZZY_WORDS: usize = 4;

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
    /// How many records were found in all.
    pub total: usize,
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
        let mut user = self.user_query(&request.text);
        let (mut top, mut total, mut counts) =
            self.run(&searcher, &*user, scopes, request, offset)?;
        if total == 0
            && let Some(typos) = self.typo_query(&request.text)
        {
            user = typos;
            (top, total, counts) = self.run(&searcher, &*user, scopes, request, offset)?;
        }
        let snippets = Snippets::new(&searcher, user.as_ref(), self, request.lang)?;
        let mut hits = Vec::with_capacity(top.len());
        for (_, address) in top {
            hits.push(self.hit(&searcher, address, &snippets, request.lang)?);
        }
        let pages = u64::try_from(total.div_ceil(PAGE_SIZE))
            .unwrap_or(MAX_PAGE)
            .min(MAX_PAGE);
        Ok(Results {
            total,
            hits,
            facets: facet_counts(&counts),
            pages,
        })
    }

    /// Runs the user's query inside the filters: forum, access levels, kind, topic, year.
    #[allow(clippy::type_complexity)]
    fn run(
        &self,
        searcher: &Searcher,
        user: &dyn Query,
        scopes: &[SearchScope],
        request: &Request,
        offset: usize,
    ) -> Result<(
        Vec<(tantivy::Score, DocAddress)>,
        usize,
        tantivy::collector::FacetCounts,
    )> {
        let f = &self.inner().fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, user.box_clone())];
        let filter = |term: Term| -> Box<dyn Query> {
            Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                0.0,
            ))
        };
        let any_of = |terms: Vec<Term>| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                terms
                    .into_iter()
                    .map(|t| (Occur::Should, filter(t)))
                    .collect(),
            ))
        };
        let parts: Vec<(Occur, Box<dyn Query>)> = scopes
            .iter()
            .map(|scope| {
                let mut part: Vec<(Occur, Box<dyn Query>)> = vec![(
                    Occur::Must,
                    filter(Term::from_field_text(f.forum, scope.forum.as_str())),
                )];
                let levels = scope.level.visible_levels().iter();
                part.push((
                    Occur::Must,
                    any_of(
                        levels
                            .map(|level| Term::from_field_text(f.access, level.as_str()))
                            .collect(),
                    ),
                ));
                if let Some(shared) = scope.shared {
                    part.push((
                        Occur::Must,
                        any_of(
                            shared
                                .iter()
                                .map(|s| Term::from_field_text(f.shared, s.as_str()))
                                .collect(),
                        ),
                    ));
                }
                (
                    Occur::Should,
                    Box::new(BooleanQuery::new(part)) as Box<dyn Query>,
                )
            })
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(parts))));
        if let Some(kind) = request.kind {
            clauses.push((
                Occur::Must,
                filter(Term::from_facet(
                    f.facets,
                    &Facet::from_path(["kind", kind.name()]),
                )),
            ));
        }
        if let Some(topic) = &request.topic {
            clauses.push((
                Occur::Must,
                filter(Term::from_facet(
                    f.facets,
                    &Facet::from_path(["topic", topic.as_str()]),
                )),
            ));
        }
        if let Some(year) = request.year {
            clauses.push((
                Occur::Must,
                filter(Term::from_facet(
                    f.facets,
                    &Facet::from_path(["year", &year.to_string()]),
                )),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let mut facets = FacetCollector::for_field("facets");
        facets.add_facet("/kind");
        facets.add_facet("/topic");
        facets.add_facet("/year");
        let top = TopDocs::with_limit(PAGE_SIZE)
            .and_offset(offset)
            .order_by_score();
        Ok(searcher.search(&query, &(top, Count, facets))?)
    }

    /// The search text as a query, parsed leniently (a syntax error never fails).
    fn user_query(&self, text: &str) -> Box<dyn Query> {
        let text = text.trim();
        if text.is_empty() {
            return Box::new(AllQuery);
        }
        self.inner().parser.parse_query_lenient(text).0
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
    fn new(searcher: &Searcher, query: &dyn Query, search: &Search, lang: Lang) -> Result<Self> {
        let f = &search.inner().fields;
        let order = slots_for(lang);
        let mut generators = Vec::new();
        for field in order
            .iter()
            .map(|s| f.body(*s))
            .chain(order.iter().map(|s| f.title(*s)))
        {
            let mut generator = SnippetGenerator::create(searcher, query, field)?;
            generator.set_max_num_chars(SNIPPET_CHARS);
            generators.push((field, generator));
        }
        Ok(Self {
            generators,
            bodies: order.iter().map(|s| f.body(*s)).collect(),
        })
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

fn facet_counts(counts: &tantivy::collector::FacetCounts) -> Facets {
    let last = |facet: &Facet| {
        facet
            .to_path()
            .last()
            .map(|s| (*s).to_owned())
            .unwrap_or_default()
    };
    let mut kinds: Vec<(Kind, u64)> = counts
        .get("/kind")
        .filter_map(|(facet, n)| Kind::parse(&last(facet)).map(|k| (k, n)))
        .collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut topics: Vec<(Id, u64)> = counts
        .get("/topic")
        .map(|(facet, n)| (Id::from_text(last(facet)), n))
        .collect();
    topics.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.as_str().cmp(b.0.as_str())));
    let mut years: Vec<(i16, u64)> = counts
        .get("/year")
        .filter_map(|(facet, n)| last(facet).parse().ok().map(|y| (y, n)))
        .collect();
    years.sort_by_key(|y| std::cmp::Reverse(y.0));
    Facets {
        kinds,
        topics,
        years,
    }
}
