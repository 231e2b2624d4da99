//! Splits text into word tokens with character offsets and the facts the
//! recogniser needs: capitalisation, what separates a token from the one
//! before, and whether it starts a sentence.

use std::borrow::Cow;

use crate::gazetteer::normalize::key;

/// How a token is capitalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// "Caracas", "McAllen"
    Title,
    /// "CARACAS", "US"
    Upper,
    /// "port", "de"
    Lower,
    /// Digits and other symbols first: "2018", "24"
    Other,
}

/// What stands between a token and the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sep {
    /// One or more spaces within a line: the tokens may form one name.
    Space,
    /// A hyphen with no space: "Gilgit-Baltistan", "Russian-owned".
    Hyphen,
    /// Anything else: punctuation, a line break, a dash between spaces.
    Break,
}

#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub text: &'a str,
    /// Byte offsets in the text, end exclusive.
    pub byte_start: usize,
    pub byte_end: usize,
    /// Lookup key (folded, lower case); borrowed when the word already is.
    pub key: Cow<'a, str>,
    /// Character offsets in the text, end exclusive.
    pub start: usize,
    pub end: usize,
    pub case: Case,
    pub sep: Sep,
    /// The separator text is exactly ", " (for "X, Y" context).
    pub comma_before: bool,
    /// The first mark of the separator, if any ("(" in "BOSTON (Reuters)").
    pub mark_before: Option<char>,
    pub sentence_start: bool,
    /// "Russia's": the `'s` is not part of the token.
    pub possessive: bool,
    /// "Mo.", "Calif.": an abbreviation of a state or province.
    pub division_abbreviation: bool,
}

impl Token<'_> {
    pub fn is_capitalised(&self) -> bool {
        matches!(self.case, Case::Title | Case::Upper)
    }
}

/// Abbreviations whose final period belongs to the word (and so does not end
/// a sentence): titles, months, street words.
const ABBREVIATIONS: [&str; 33] = [
    "St", "Ft", "Mt", "Pt", "Ste", "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Lt", "Sgt", "Gov",
    "Sen", "Rep", "Capt", "Adm", "Prof", "Jr", "Sr", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov",
    "Dec", "Rev", "Ave", "Blvd", "Rd", "Co",
];

/// AP-style abbreviations of U.S. states and Canadian provinces
/// ("Springfield, Mo."): the period is part of the name, and the word after
/// one may still start a sentence.
const DIVISION_ABBREVIATIONS: [&str; 44] = [
    "Ala", "Ariz", "Ark", "Calif", "Cal", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan",
    "Kans", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nebr", "Nev",
    "Okla", "Ore", "Oreg", "Pa", "Penn", "Tenn", "Tex", "Vt", "Va", "Wash", "Wis", "Wisc", "Wyo",
    "Alta", "Sask", "Nfld", "Ont", "Que",
];

/// Tokenises `text`. Offsets count Unicode characters.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    tokenize_from(text, 0)
}

/// Tokenises `text`, whose first character is character `base` of a longer
/// text: offsets are reported in the longer text's characters.
pub fn tokenize_from(text: &str, base: usize) -> Vec<Token<'_>> {
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 6);
    let mut chars = CharCursor::new(text);
    chars.index = base;
    // Byte offset where the gap before the next token starts.
    let mut gap_start = 0;
    while let Some((start, byte_start, c)) = chars.peek() {
        if !c.is_alphanumeric() {
            chars.advance();
            continue;
        }
        chars.advance();
        loop {
            match chars.peek() {
                Some((_, _, c)) if c.is_alphanumeric() => chars.advance(),
                Some((_, _, c))
                    if joins_word(c) && chars.peek2().is_some_and(|n| n.is_alphanumeric()) =>
                {
                    chars.advance();
                    chars.advance();
                }
                _ => break,
            }
        }
        // "U.S." and "St." keep their final period.
        let body = &text[byte_start..chars.byte()];
        let division = DIVISION_ABBREVIATIONS.contains(&body);
        if chars.peek().is_some_and(|p| p.2 == '.')
            && (body.contains('.')
                || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(body))
                || division)
        {
            chars.advance();
        }
        let mut word = &text[byte_start..chars.byte()];
        let mut char_end = chars.index();
        let mut possessive = false;
        for suffix in ["'s", "’s", "'S", "’S"] {
            if let Some(stem) = word.strip_suffix(suffix) {
                word = stem;
                char_end -= 2;
                possessive = true;
                break;
            }
        }
        let gap = &text[gap_start..byte_start];
        tokens.push(Token {
            byte_start,
            byte_end: byte_start + word.len(),
            key: lookup_key(word),
            text: word,
            start,
            end: char_end,
            case: case_of(word),
            sep: sep_of(gap, tokens.is_empty()),
            comma_before: gap.trim_end_matches(' ') == "," && gap.starts_with(','),
            mark_before: gap
                .trim_start()
                .chars()
                .next()
                .filter(|c| !c.is_whitespace()),
            sentence_start: starts_sentence(gap, tokens.is_empty())
                || tokens
                    .last()
                    .is_some_and(|t| t.text.ends_with('.') && t.division_abbreviation),
            possessive,
            division_abbreviation: division,
        });
        gap_start = chars.byte();
    }
    tokens
}

/// Most words are plain lower-case ASCII already: no allocation for them.
fn lookup_key(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.')
    {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(key(word))
    }
}

/// Walks a text keeping both the character and the byte offset, with two
/// characters of look-ahead, without collecting the text into a vector.
struct CharCursor<'a> {
    text: &'a str,
    byte: usize,
    index: usize,
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> Self {
        CharCursor {
            text,
            byte: 0,
            index: 0,
        }
    }

    /// (character offset, byte offset, character) of the next character.
    fn peek(&self) -> Option<(usize, usize, char)> {
        self.text[self.byte..]
            .chars()
            .next()
            .map(|c| (self.index, self.byte, c))
    }

    /// The character after the next one.
    fn peek2(&self) -> Option<char> {
        let mut it = self.text[self.byte..].chars();
        it.next();
        it.next()
    }

    fn advance(&mut self) {
        if let Some(c) = self.text[self.byte..].chars().next() {
            self.byte += c.len_utf8();
            self.index += 1;
        }
    }

    fn byte(&self) -> usize {
        self.byte
    }

    fn index(&self) -> usize {
        self.index
    }
}

/// Characters that join two word pieces into one token: "U.S", "O'Hare",
/// "T&T". Hyphens do not: "Gilgit-Baltistan" is two tokens joined by
/// [`Sep::Hyphen`], so "Russian-owned" still yields "Russian".
fn joins_word(c: char) -> bool {
    matches!(c, '.' | '\'' | '’' | '&')
}

fn case_of(word: &str) -> Case {
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = word.chars().next() else {
        return Case::Other;
    };
    if !first.is_alphabetic() {
        return Case::Other;
    }
    if first.is_lowercase() {
        return Case::Lower;
    }
    let upper = letters.all(|c| !c.is_lowercase());
    if upper && word.chars().filter(|c| c.is_alphabetic()).count() > 1 {
        Case::Upper
    } else {
        Case::Title
    }
}

fn sep_of(gap: &str, first: bool) -> Sep {
    if first {
        return Sep::Break;
    }
    if gap == "-" {
        return Sep::Hyphen;
    }
    if !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}') {
        return Sep::Space;
    }
    Sep::Break
}

fn starts_sentence(gap: &str, first: bool) -> bool {
    if first || gap.contains('\n') {
        return true;
    }
    let closing = gap.trim_start_matches([' ', '"', '”', '’', '\'', ')', ']']);
    if closing.starts_with(['.', '!', '?']) {
        return true;
    }
    // "U.S. officials": the period belongs to the abbreviation token, so
    // the gap holds no period and the capital does not start a sentence.
    gap.trim().starts_with([':', '•', '|']) || gap.trim().ends_with(['“', '"'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).iter().map(|t| t.text.to_string()).collect()
    }

    #[test]
    fn abbreviations_keep_their_periods() {
        assert_eq!(
            texts("the U.S. and St. Louis."),
            ["the", "U.S.", "and", "St.", "Louis"]
        );
    }

    #[test]
    fn possessives_are_cut_off() {
        let t = tokenize("Russia's navy and Venezuela’s army");
        assert_eq!(t[0].text, "Russia");
        assert!(t[0].possessive);
        assert_eq!((t[0].start, t[0].end), (0, 6));
        assert_eq!(t[3].text, "Venezuela");
    }

    #[test]
    fn hyphens_and_dashes_separate() {
        let t = tokenize("Russia–Venezuela Gilgit-Baltistan");
        assert_eq!(t.len(), 4);
        assert_eq!(t[1].sep, Sep::Break);
        assert_eq!(t[3].sep, Sep::Hyphen);
    }

    #[test]
    fn offsets_count_characters() {
        let t = tokenize("Bogotá – Caracas");
        assert_eq!((t[0].start, t[0].end), (0, 6));
        assert_eq!((t[1].start, t[1].end), (9, 16));
        assert_eq!(t[0].key, "bogota");
    }

    #[test]
    fn sentences_and_case() {
        let t = tokenize("He left. CARACAS, Sept 11 - Troops");
        assert!(t[0].sentence_start);
        assert!(!t[1].sentence_start);
        assert!(t[2].sentence_start);
        assert_eq!(t[2].case, Case::Upper);
        assert!(t[3].comma_before);
    }
}
