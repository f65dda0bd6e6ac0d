//! Snippets: the best piece of a record's text with the words found marked, in the reader's
//! language order.

use std::collections::BTreeMap;

use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::snippet::{Snippet, SnippetGenerator, collapse_overlapped_ranges};
use tantivy::{Score, Searcher, TantivyDocument};
use urbis_domain::Lang;
use urbis_domain::html::escape;

use crate::index::Search;
use crate::schema::Slot;

/// The length of a snippet, in characters.
const SNIPPET_CHARS: usize = 180;

/// The language slots in the order a reader of `lang` wants them.
pub(super) fn slots_for(lang: Lang) -> [Slot; 3] {
    match Slot::of(lang) {
        Slot::En => [Slot::En, Slot::De, Slot::Other],
        Slot::Other => [Slot::Other, Slot::De, Slot::En],
        Slot::De => [Slot::De, Slot::En, Slot::Other],
    }
}

/// Snippet generators for the texts, then the titles, in the reader's language order.
pub(super) struct Snippets {
    generators: Vec<(tantivy::schema::Field, SnippetGenerator)>,
    bodies: Vec<tantivy::schema::Field>,
}

impl Snippets {
    /// The generators mark the query's words of each slot (searched in `words_<slot>`) in the
    /// stored title and texts of that slot, rarer words first.
    pub(super) fn new(searcher: &Searcher, query: &dyn Query, search: &Search, lang: Lang) -> Self {
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
    pub(super) fn of(&self, doc: &TantivyDocument, _search: &Search) -> String {
        for (_, generator) in &self.generators {
            let snippet: Snippet = generator.snippet_from_doc(doc);
            if !snippet.is_empty() {
                return marked_html(&snippet);
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

/// The snippet as HTML, the words found in `<mark>`, escaped by the one HTML escaper (not
/// tantivy's own `to_html`).
fn marked_html(snippet: &Snippet) -> String {
    let text = snippet.fragment();
    let mut html = String::with_capacity(text.len() + 32);
    let mut from = 0;
    for range in collapse_overlapped_ranges(snippet.highlighted()) {
        let (Some(before), Some(word)) = (text.get(from..range.start), text.get(range.clone()))
        else {
            continue;
        };
        html.push_str(&escape(before));
        html.push_str("<mark>");
        html.push_str(&escape(word));
        html.push_str("</mark>");
        from = range.end;
    }
    html.push_str(&escape(text.get(from..).unwrap_or_default()));
    html
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use tantivy::schema::Field;
    use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer};

    use super::*;

    /// The marked snippet escapes with the one escaper, like every other HTML writer (the
    /// web's `every_html_writer_escapes_with_the_template_engines_escaper`).
    #[test]
    fn snippets_escape_with_the_one_escaper() {
        const RAW: &str = "Plan <B> & \"C\" 'd'";
        let terms = BTreeMap::from([("intern".to_owned(), 1.0)]);
        let analyser = TextAnalyzer::from(SimpleTokenizer::default());
        let generator = SnippetGenerator::new(terms, analyser, Field::from_field_id(0), 180);
        let snippet = generator.snippet(&format!("{RAW} intern"));
        assert_eq!(
            marked_html(&snippet),
            format!("{} <mark>intern</mark>", escape(RAW))
        );
        assert_eq!(
            escape(RAW),
            "Plan &#60;B&#62; &#38; &#34;C&#34; &#39;d&#39;"
        );
    }
}
