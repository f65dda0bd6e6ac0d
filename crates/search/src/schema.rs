//! The fields of the index and the analysers of its texts.

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TokenizerManager,
};
use urbis_domain::Lang;

/// German text: lower case, German stems ("Veranstaltungen" → "veranstalt").
pub const GERMAN: &str = "urbis_de";
/// English text: lower case, English stems ("exchanges" → "exchang").
pub const ENGLISH: &str = "urbis_en";
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

    fn index(self) -> usize {
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
    /// The forum id.
    pub forum: Field,
    /// The access level (`public`, `members`, `staff`).
    pub access: Field,
    /// Where the record is shared beyond its forum (`forum`, `umbrella`, `all_forums`).
    pub shared: Field,
    /// Facets: `/kind/<kind>`, `/topic/<id>`, `/year/<year>`.
    pub facets: Field,
    /// Titles per language slot.
    pub title: [Field; 3],
    /// Texts per language slot.
    pub body: [Field; 3],
    /// Names and short titles, for typo-tolerant matching.
    pub names: Field,
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

    /// The text field of a language slot.
    pub fn body(&self, slot: Slot) -> Field {
        self.body[slot.index()]
    }
}

fn text(tokenizer: &str, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options.set_stored()
    } else {
        options
    }
}

/// The schema and its fields.
pub fn build() -> (Schema, Fields) {
    let mut schema = Schema::builder();
    let analysers = [GERMAN, ENGLISH, PLAIN];
    let fields = Fields {
        id: schema.add_text_field("id", STRING | STORED),
        kind: schema.add_text_field("kind", STRING | STORED),
        forum: schema.add_text_field("forum", STRING),
        access: schema.add_text_field("access", STRING),
        shared: schema.add_text_field("shared", STRING),
        facets: schema.add_facet_field("facets", FacetOptions::default()),
        title: [0, 1, 2].map(|i| {
            schema.add_text_field(
                &format!("title_{}", ["de", "en", "other"][i]),
                text(analysers[i], true),
            )
        }),
        body: [0, 1, 2].map(|i| {
            schema.add_text_field(
                &format!("body_{}", ["de", "en", "other"][i]),
                text(analysers[i], true),
            )
        }),
        names: schema.add_text_field("names", text(PLAIN, false)),
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
}
