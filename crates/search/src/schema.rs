//! The fields of the index and the analysers of its texts.

use tantivy::schema::{
    FAST, FacetOptions, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TokenizerManager,
};
use urbis_domain::Lang;

use crate::pairs::PairTokenizer;

/// German text: lower case, German stems ("Veranstaltungen" → "veranstalt").
pub const GERMAN: &str = "urbis_de";
/// English text: lower case, English stems ("exchanges" → "exchang").
pub const ENGLISH: &str = "urbis_en";
/// The word-pair analysers of the three slots.
pub const PAIRS: [&str; 3] = ["urbis_pairs_de", "urbis_pairs_en", "urbis_pairs_plain"];
/// The facet field (`/kind/…`, `/topic/…`, `/year/…`).
pub const FACETS: &str = "facets";
/// Text in other languages, and names: lower case, accents folded, no stems.
pub const PLAIN: &str = "urbis_plain";

/// The languages with their own fields: German, English, and all others together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// German.
    De,
    /// English.
    En,
    /// Any other language.
    Other,
}

impl Slot {
    /// The three slots, German first.
    pub const ALL: [Slot; 3] = [Slot::De, Slot::En, Slot::Other];

    /// The slot a language's text goes into.
    pub fn of(lang: Lang) -> Self {
        match lang {
            Lang::De => Slot::De,
            Lang::En => Slot::En,
            _ => Slot::Other,
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// The fields of the index.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The record id (one document per record).
    pub id: Field,
    /// The record kind (`event`, `entry` …).
    pub kind: Field,
    /// The forum id (also a fast field: the access filter reads it per candidate).
    pub forum: Field,
    /// The access level (`public`, `members`, `staff`).
    pub access: Field,
    /// The access level as a number, a fast field for the access filter.
    pub level: Field,
    /// Where the record is shared beyond its forum, as a number (a fast field for the filter).
    pub shared: Field,
    /// Facets: `/kind/<kind>`, `/topic/<id>`, `/year/<year>`.
    pub facets: Field,
    /// Titles per language slot, stored for results and snippets (searched in `words`).
    pub title: [Field; 3],
    /// Texts per language slot, stored for snippets (searched in `words`).
    pub body: [Field; 3],
    /// What a search looks in, per language slot: the title (three times, so that a word of
    /// the title counts more) and the texts, in one field so that a word is one posting list
    /// per slot and several words are an intersection the ranking can prune.
    pub words: [Field; 3],
    /// Names and short titles, for typo-tolerant matching.
    pub names: Field,
    /// Neighbouring word pairs of titles, texts (and names, in the last slot) per language
    /// slot, for fast two-word phrases.
    pub pairs: [Field; 3],
    /// The date shown with a result.
    pub date: Field,
    /// What a link to the record needs beyond its id (a topic's slug …).
    pub parent: Field,
}

impl Fields {
    /// The title field of a language slot.
    pub fn title(&self, slot: Slot) -> Field {
        self.title[slot.index()]
    }

    /// The word-pair field of a language slot.
    pub fn pairs(&self, slot: Slot) -> Field {
        self.pairs[slot.index()]
    }

    /// The text field of a language slot.
    pub fn body(&self, slot: Slot) -> Field {
        self.body[slot.index()]
    }

    /// The searched words of a language slot.
    pub fn words(&self, slot: Slot) -> Field {
        self.words[slot.index()]
    }
}

/// An indexed text (with positions, for phrases), not stored.
fn text(tokenizer: &str) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    TextOptions::default().set_indexing_options(indexing)
}

/// The slot names in field names.
const SLOT_NAMES: [&str; 3] = ["de", "en", "other"];

/// The schema and its fields.
pub fn build() -> (Schema, Fields) {
    let mut schema = Schema::builder();
    let analysers = [GERMAN, ENGLISH, PLAIN];
    let fields = Fields {
        id: schema.add_text_field("id", STRING | STORED),
        kind: schema.add_text_field("kind", STRING | STORED),
        forum: schema.add_text_field(crate::visible::FORUM, STRING | FAST),
        access: schema.add_text_field("access", STRING),
        level: schema.add_u64_field(crate::visible::LEVEL, FAST),
        shared: schema.add_u64_field(crate::visible::SHARED, FAST),
        facets: schema.add_facet_field(FACETS, FacetOptions::default()),
        title: SLOT_NAMES.map(|slot| schema.add_text_field(&format!("title_{slot}"), STORED)),
        body: SLOT_NAMES.map(|slot| schema.add_text_field(&format!("body_{slot}"), STORED)),
        words: [0, 1, 2].map(|i| {
            schema.add_text_field(&format!("words_{}", SLOT_NAMES[i]), text(analysers[i]))
        }),
        names: schema.add_text_field("names", text(PLAIN)),
        pairs: [0, 1, 2].map(|i| {
            schema.add_text_field(
                &format!("pairs_{}", SLOT_NAMES[i]),
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(PAIRS[i])
                        .set_index_option(IndexRecordOption::WithFreqs),
                ),
            )
        }),
        date: schema.add_text_field("date", STORED),
        parent: schema.add_text_field("parent", STORED),
    };
    (schema.build(), fields)
}

fn analyser(stem: Option<Language>) -> TextAnalyzer {
    let base = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser);
    match stem {
        // Stems first (the stemmers know umlauts), then accents folded so "Pravention"
        // finds "Prävention".
        Some(language) => base
            .filter(Stemmer::new(language))
            .filter(AsciiFoldingFilter)
            .build(),
        None => base.filter(AsciiFoldingFilter).build(),
    }
}

/// Registers the analysers the schema names.
pub fn register(tokenizers: &TokenizerManager) {
    tokenizers.register(GERMAN, analyser(Some(Language::German)));
    tokenizers.register(ENGLISH, analyser(Some(Language::English)));
    tokenizers.register(PLAIN, analyser(None));
    for (slot, name) in Slot::ALL.into_iter().zip(PAIRS) {
        tokenizers.register(
            name,
            TextAnalyzer::builder(PairTokenizer::new(slot_analyser(slot))).build(),
        );
    }
}

/// The analyser of a language slot's texts.
pub(crate) fn slot_analyser(slot: Slot) -> TextAnalyzer {
    match slot {
        Slot::De => analyser(Some(Language::German)),
        Slot::En => analyser(Some(Language::English)),
        Slot::Other => analyser(None),
    }
}
