//! Tokens with character offsets into the file.
//!
//! Every later stage (dates, assets, triggers) works on tokens rather than on
//! raw text so that offsets stay exact and matching stays cheap.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Starts with a letter: words, designations (`Su-30MK2`), `mid-November`.
    Word,
    /// Starts with a digit: `2018`, `100,000`, `1.6`, `3rd`.
    Number,
    /// The possessive `'s` / `’s`, kept apart so `Russia's` still names Russia.
    Possessive,
    /// Any other single non-space character.
    Punct,
}

/// One token of a sentence.
#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub text: &'a str,
    pub lower: String,
    /// Character offsets in the file, end exclusive.
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
}

impl Token<'_> {
    /// True for a word whose first character is upper case.
    pub fn is_capitalized(&self) -> bool {
        self.kind == TokKind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn is_punct(&self, p: &str) -> bool {
        self.kind == TokKind::Punct && self.text == p
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

/// True for characters that open or close a direct quotation.
pub fn is_quote_char(c: char) -> bool {
    is_quote(c)
}

/// Splits `text` (a slice of the file starting at character `char_start`)
/// into tokens.
pub fn tokenize(text: &str, char_start: usize) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let kind;
        if c.is_alphabetic() || c.is_ascii_digit() {
            kind = if c.is_alphabetic() {
                TokKind::Word
            } else {
                TokKind::Number
            };
            i += 1;
            while i < chars.len() {
                let c = chars[i].1;
                let next = chars.get(i + 1).map(|&(_, n)| n);
                if c.is_alphanumeric() {
                    i += 1;
                } else if matches!(c, '-' | '‑') && next.is_some_and(char::is_alphanumeric) {
                    // Hyphens join designations (Tu-160) and compounds (mid-November).
                    i += 1;
                } else if matches!(c, ',' | '.')
                    && kind == TokKind::Number
                    && next.is_some_and(|n| n.is_ascii_digit())
                {
                    // 100,000 and 1.6 are one number.
                    i += 1;
                } else if c == '.'
                    && kind == TokKind::Word
                    && next.is_some_and(char::is_alphabetic)
                    && i >= 1
                    && (i - start == 1 || chars[i - 2].1 == '.')
                {
                    // Initialisms such as U.S or e.g: single letters between dots.
                    i += 1;
                } else {
                    break;
                }
            }
        } else if matches!(c, '\'' | '’')
            && chars.get(i + 1).is_some_and(|&(_, n)| n == 's' || n == 'S')
            && !chars.get(i + 2).is_some_and(|&(_, n)| n.is_alphanumeric())
            && i > 0
            && chars[i - 1].1.is_alphanumeric()
        {
            kind = TokKind::Possessive;
            i += 2;
        } else {
            kind = TokKind::Punct;
            i += 1;
        }
        let piece = &text[byte_at(start)..byte_at(i)];
        tokens.push(Token {
            text: piece,
            lower: piece.to_lowercase(),
            start: char_start + start,
            end: char_start + i,
            kind,
        });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s, 0).iter().map(|t| t.text.to_string()).collect()
    }

    #[test]
    fn designations_and_compounds_stay_whole() {
        assert_eq!(
            texts("two Tu-160 and MI-17B-5, mid-November"),
            ["two", "Tu-160", "and", "MI-17B-5", ",", "mid-November"]
        );
    }

    #[test]
    fn possessives_numbers_and_initialisms() {
        assert_eq!(
            texts("Russia’s 100,000 U.S. $1.6"),
            ["Russia", "’s", "100,000", "U.S", ".", "$", "1.6"]
        );
    }

    #[test]
    fn offsets_count_characters() {
        let toks = tokenize("é Cuba", 10);
        assert_eq!((toks[1].start, toks[1].end), (12, 16));
    }
}
