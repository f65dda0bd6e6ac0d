//! Word pairs: every two neighbouring words of a text as one token, analysed like the text
//! (stems, folded accents). A search for a two-word phrase then reads one short posting list
//! instead of checking the positions of two very common words in every record having both.

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

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

/// The pairs of one text.
pub(crate) struct PairStream {
    pairs: std::vec::IntoIter<Token>,
    current: Token,
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairStream {
        PairStream {
            pairs: pairs(&mut self.inner, text).into_iter(),
            current: Token::default(),
        }
    }
}

/// The pairs of neighbouring tokens of `text` (a removed word breaks a pair).
pub(crate) fn pairs(analyser: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyser.token_stream(text);
    let mut pairs = Vec::new();
    let mut previous: Option<Token> = None;
    while stream.advance() {
        let token = stream.token();
        if let Some(first) = &previous
            && token.position == first.position + 1
        {
            pairs.push(Token {
                offset_from: first.offset_from,
                offset_to: token.offset_to,
                position: first.position,
                text: format!("{} {}", first.text, token.text),
                position_length: 1,
            });
        }
        previous = Some(token.clone());
    }
    pairs
}

impl TokenStream for PairStream {
    fn advance(&mut self) -> bool {
        match self.pairs.next() {
            Some(pair) => {
                self.current = pair;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}
