//! Lookup keys for names: the same folding as `key()` in
//! `scripts/build_gazetteer.py`, so text and gazetteer meet in one form.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// Folds a name to its lookup key: diacritics removed, lower case, curly
/// apostrophes and dashes made ASCII, runs of white space made one space.
///
/// ```
/// use mapwire::gazetteer::normalize::key;
/// assert_eq!(key("Bogotá"), "bogota");
/// assert_eq!(key("Russia’s"), "russia's");
/// assert_eq!(key("  La   Habana "), "la habana");
/// ```
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    if name.is_ascii() {
        for word in name.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        }
        return out;
    }
    let mut space = false;
    for c in name.chars().flat_map(fold_char).nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Letters that Unicode does not decompose but English text spells plainly.
fn fold_char(c: char) -> FoldIter {
    let s: &'static str = match c {
        'ß' => "ss",
        'ø' | 'Ø' => "o",
        'đ' | 'Đ' | 'ð' => "d",
        'ł' | 'Ł' => "l",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ı' => "i",
        'þ' => "th",
        '’' | '‘' | '`' | 'ʻ' | 'ʼ' => "'",
        '–' | '—' | '‐' | '‑' => "-",
        // Transliterations of Arabic ʿayn and hamza: "ʿAfrīn" is "Afrin".
        'ʿ' | 'ʾ' => "",
        _ => return FoldIter::One(Some(c)),
    };
    FoldIter::Str(s.chars())
}

enum FoldIter {
    One(Option<char>),
    Str(std::str::Chars<'static>),
}

impl Iterator for FoldIter {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        match self {
            FoldIter::One(c) => c.take(),
            FoldIter::Str(s) => s.next(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn folds_like_the_data_script() {
        assert_eq!(key("Nicolás Maduro"), "nicolas maduro");
        assert_eq!(key("Gdańsk"), "gdansk");
        assert_eq!(key("Łódź"), "lodz");
        assert_eq!(key("Straße"), "strasse");
        assert_eq!(key("Russia–Venezuela"), "russia-venezuela");
        assert_eq!(key("U.S."), "u.s.");
        assert_eq!(key("ʿAfrīn"), "afrin");
    }
}
