//! Sentence splitting with character offsets into the file.
//!
//! News text scraped from the web mixes headings, captions, bullet lines and
//! prose, so every non-empty line is a paragraph and sentences never cross a
//! line break. Inside a line a sentence ends at `.`, `!` or `?` (plus any
//! closing quotes, brackets or citation marks such as `[2]`) followed by
//! space and something that can start a sentence — unless the period ends an
//! abbreviation (`U.S.`, `Gen.`, `Sept.`) or an initial.

/// One sentence of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Character offsets in the file, end exclusive.
    pub start: usize,
    pub end: usize,
    /// Byte offsets in the file, end exclusive.
    pub byte_start: usize,
    pub byte_end: usize,
    /// Index of the paragraph (line) within the body.
    pub paragraph: usize,
    /// Byte range of the whole line the sentence is on.
    pub line_start: usize,
    pub line_end: usize,
}

impl Sentence {
    pub fn text<'a>(&self, file: &'a str) -> &'a str {
        &file[self.byte_start..self.byte_end]
    }
}

/// Lower-case words that a period does not end (without their final dot).
const ABBREVIATIONS: &[&str] = &[
    "u.s", "u.k", "u.n", "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "adm",
    "capt", "maj", "sgt", "cpl", "gov", "sen", "rep", "prof", "jr", "sr", "inc", "ltd", "corp",
    "co", "no", "nos", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "mt", "ft", "approx", "dept", "est", "fig", "vol", "pres", "rev", "hon", "cmdr",
    "brig", "a.m", "p.m",
];

/// Splits the body of a file into sentences. `body_byte`/`body_char` are
/// where the body starts in `file`.
pub fn split(file: &str, body_byte: usize, body_char: usize) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut byte = body_byte;
    let mut chr = body_char;
    let mut paragraph = 0;
    for line in file[body_byte..].split_inclusive('\n') {
        let before = out.len();
        split_line(line, byte, chr, paragraph, &mut out);
        let line_end = byte + line.trim_end_matches(['\n', '\r']).len();
        for s in &mut out[before..] {
            s.line_start = byte;
            s.line_end = line_end;
        }
        if out.len() > before {
            paragraph += 1;
        }
        byte += line.len();
        chr += line.chars().count();
    }
    out
}

/// Like [`split`], with every sentence longer than `max_chars` characters
/// cut at spaces into pieces of at most that length, so the work per
/// sentence stays bounded on text without punctuation.
pub fn split_bounded(
    file: &str,
    body_byte: usize,
    body_char: usize,
    max_chars: usize,
) -> Vec<Sentence> {
    let mut out = Vec::new();
    for s in split(file, body_byte, body_char) {
        if s.end - s.start <= max_chars {
            out.push(s);
            continue;
        }
        let text = &file[s.byte_start..s.byte_end];
        let mut piece_byte = 0;
        let mut piece_char = 0;
        let mut last_space: Option<(usize, usize)> = None;
        for (chars, (b, c)) in text.char_indices().enumerate() {
            if chars - piece_char >= max_chars {
                // Cut at the last space, or here when there is none.
                let (cut_b, cut_c) = last_space
                    .filter(|&(lb, _)| lb > piece_byte)
                    .unwrap_or((b, chars));
                out.push(Sentence {
                    start: s.start + piece_char,
                    end: s.start + cut_c,
                    byte_start: s.byte_start + piece_byte,
                    byte_end: s.byte_start + cut_b,
                    ..s.clone()
                });
                piece_byte = cut_b;
                piece_char = cut_c;
                last_space = None;
            }
            if c == ' ' {
                last_space = Some((b, chars));
            }
        }
        if piece_byte < text.len() {
            out.push(Sentence {
                start: s.start + piece_char,
                end: s.end,
                byte_start: s.byte_start + piece_byte,
                byte_end: s.byte_end,
                ..s.clone()
            });
        }
    }
    out
}

fn split_line(line: &str, byte0: usize, char0: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let n = chars.len();
    let mut seg_start = 0;
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            // Absorb repeated marks, closing quotes and brackets, citations.
            loop {
                match chars.get(j).map(|&(_, c)| c) {
                    Some('.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')' | '»') => j += 1,
                    Some('[') => {
                        let close = (j + 1..n.min(j + 8)).find(|&k| chars[k].1 == ']');
                        match close {
                            Some(k) => j = k + 1,
                            None => break,
                        }
                    }
                    _ => break,
                }
            }
            let at_end = chars[j..].iter().all(|&(_, c)| c.is_whitespace());
            let spaced = chars.get(j).is_some_and(|&(_, c)| c.is_whitespace());
            let next = chars[j..]
                .iter()
                .map(|&(_, c)| c)
                .find(|c| !c.is_whitespace());
            let starts_sentence = next.is_some_and(|c| {
                c.is_uppercase()
                    || c.is_ascii_digit()
                    || matches!(c, '"' | '“' | '\'' | '‘' | '(' | '•')
            });
            if at_end || (spaced && starts_sentence && !(c == '.' && is_abbreviation(&chars, i))) {
                push(line, &chars, seg_start, j, byte0, char0, paragraph, out);
                seg_start = j;
                i = j;
                continue;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push(line, &chars, seg_start, n, byte0, char0, paragraph, out);
}

/// True when the period at `i` ends an abbreviation or an initial.
fn is_abbreviation(chars: &[(usize, char)], i: usize) -> bool {
    let mut k = i;
    while k > 0 && (chars[k - 1].1.is_alphabetic() || chars[k - 1].1 == '.') {
        k -= 1;
    }
    // Only a whole word is an abbreviation: "MI-26T." ends a sentence.
    if k > 0 && (chars[k - 1].1.is_alphanumeric() || matches!(chars[k - 1].1, '-' | '‑')) {
        return false;
    }
    let word: String = chars[k..i].iter().map(|&(_, c)| c).collect();
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true;
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

#[allow(clippy::too_many_arguments)]
fn push(
    line: &str,
    chars: &[(usize, char)],
    from: usize,
    to: usize,
    byte0: usize,
    char0: usize,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let mut a = from;
    let mut b = to;
    while a < b && chars[a].1.is_whitespace() {
        a += 1;
    }
    while b > a && chars[b - 1].1.is_whitespace() {
        b -= 1;
    }
    if a == b {
        return;
    }
    let byte_of = |k: usize| chars.get(k).map_or(line.len(), |&(x, _)| x);
    out.push(Sentence {
        start: char0 + a,
        end: char0 + b,
        byte_start: byte0 + byte_of(a),
        byte_end: byte0 + byte_of(b),
        paragraph,
        line_start: byte0,
        line_end: byte0 + line.len(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        split(s, 0, 0)
            .iter()
            .map(|x| x.text(s).to_string())
            .collect()
    }

    #[test]
    fn abbreviations_decimals_and_initials_do_not_split() {
        assert_eq!(
            texts("Gen. Ivanov met U.S. envoys. A $1.6 billion deal was signed by J. Smith. Done."),
            [
                "Gen. Ivanov met U.S. envoys.",
                "A $1.6 billion deal was signed by J. Smith.",
                "Done."
            ]
        );
    }

    #[test]
    fn quotes_citations_and_headings() {
        let s = "Heading without stop\nHe said “it works.” Then left.[2] In 2009 more came.\n";
        assert_eq!(
            texts(s),
            [
                "Heading without stop",
                "He said “it works.”",
                "Then left.[2]",
                "In 2009 more came."
            ]
        );
        let sentences = split(s, 0, 0);
        assert_eq!(sentences[0].paragraph, 0);
        assert_eq!(sentences[3].paragraph, 1);
    }

    #[test]
    fn offsets_are_characters_in_the_file() {
        let file = "Title: é\n\nÉté. Là.";
        let s = split(file, 11, 10);
        let chars: Vec<char> = file.chars().collect();
        let second: String = chars[s[1].start..s[1].end].iter().collect();
        assert_eq!(second, "Là.");
    }

    #[test]
    fn lowercase_after_period_does_not_split() {
        assert_eq!(
            texts("It rose 3 p.c. in value. Next."),
            ["It rose 3 p.c. in value.", "Next."]
        );
    }
}
