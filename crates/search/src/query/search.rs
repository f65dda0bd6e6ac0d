//! A search run: the text inside the viewer's filters, counted, ranked, paged, with hits,
//! snippets and facets.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};
use urbis_domain::{Id, Kind, Lang, PartialDate, SearchScope, Viewer};

use crate::error::Result;
use crate::index::Search;
use crate::tally::{Counted, Tally};
use crate::visible::Visible;

use super::snippets::{Snippets, slots_for};
use super::{Facets, Hit, MAX_PAGE, PAGE_SIZE, Request, Results};

/// A chosen facet held by fewer than one record in this many narrows the search by its own
/// posting list; a more common one is checked per candidate.
const RARE_FACET: u64 = 8;
/// The same for ranking: pruning with a facet checked per candidate costs less than scoring
/// every match of a facet's posting list, unless the facet is much rarer.
const RARE_FACET_RANKING: u64 = 64;

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
        let mut counted = Self::count(&searcher, &*query)?;
        // What the snippets mark: the words as parsed (a phrase word by word).
        let mut user = None;
        if counted.total == 0.0
            && let Some(typos) = self.typo_query(&request.text)
        {
            let query = self.scoped(&searcher, typos.box_clone(), scopes, request, RARE_FACET);
            counted = Self::count(&searcher, &*query)?;
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
    fn count(searcher: &Searcher, query: &dyn Query) -> Result<Counted> {
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
