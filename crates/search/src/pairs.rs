//! Word pairs: every two neighbouring words of a text as one token, analysed like the text
//! (stems, folded accents). A search for a two-word phrase then reads one short posting list
//! instead of checking the positions of two very common words in every record having both.

use tantivy::tokenizer::{BoxTokenStream, TextAnalyzer, Token, TokenStream, Tokenizer};

/// Splits a text with `inner` and yields each pair of neighbouring tokens as "first second".
#[derive(Clone)]
pub(crate) struct PairTokenizer {
    inner: TextAnalyzer,
}

impl PairTokenizer {
    pub(crate) fn new(inner: TextAnalyzer) -> Self {
        Self { inner }
    }
}

/// The pairs of one text, made as the words come (one reused buffer, no list).
pub(crate) struct PairStream<'a> {
    words: BoxTokenStream<'a>,
    previous: String,
    previous_position: Option<usize>,
    previous_from: usize,
    current: Token,
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairStream<'a> {
        PairStream {
            words: self.inner.token_stream(text),
            previous: String::new(),
            previous_position: None,
            previous_from: 0,
            current: Token::default(),
        }
    }
}

/// The pairs of neighbouring tokens of `text` (a removed word breaks a pair).
pub(crate) fn pairs(analyser: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = PairTokenizer::new(analyser.clone());
    let mut stream = stream.token_stream(text);
    let mut pairs = Vec::new();
    while stream.advance() {
        pairs.push(stream.token().clone());
    }
    pairs
}

impl TokenStream for PairStream<'_> {
    fn advance(&mut self) -> bool {
        while self.words.advance() {
            let word = self.words.token();
            let follows = self.previous_position == Some(word.position.wrapping_sub(1));
            if follows {
                self.current.text.clear();
                self.current.text.push_str(&self.previous);
                self.current.text.push(' ');
                self.current.text.push_str(&word.text);
                self.current.position = word.position - 1;
                self.current.offset_from = self.previous_from;
                self.current.offset_to = word.offset_to;
                self.current.position_length = 1;
            }
            self.previous.clear();
            self.previous.push_str(&word.text);
            self.previous_position = Some(word.position);
            self.previous_from = word.offset_from;
            if follows {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}
