//! Documents: plain UTF-8 news text with optional `Key: value` headers.
//!
//! A document may start with header lines (`Title:`, `Published: YYYY-MM-DD`,
//! `Source:`, `URL:`) ended by a blank line. Without headers the first line is
//! the title and the document has no date. Offsets reported anywhere in
//! mapwire count Unicode characters from the start of the *file*, so a reader
//! can check every mention against the file as it is on disk.

pub mod store;
pub mod submit;

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

pub use store::{DocumentEvent, DocumentStore, StoredDocument};

/// Errors while reading a document from disk.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { path: String, offset: usize },
    #[error("{path}: looks binary (NUL byte at offset {offset})")]
    Binary { path: String, offset: usize },
}

/// A problem with a document that does not stop it from being used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

/// One parsed news document.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Stable id: the file stem, e.g. `000_3d61876050031327`.
    pub id: String,
    pub title: String,
    pub published: Option<NaiveDate>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// The whole file text (headers included).
    pub text: String,
    /// Byte offset in `text` where the body starts.
    pub body_byte: usize,
    /// Character offset in `text` where the body starts.
    pub body_char: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

const KNOWN_HEADERS: [&str; 4] = ["title", "published", "source", "url"];

impl Document {
    /// Parses document text. Never fails: header problems become warnings.
    pub fn parse(id: impl Into<String>, text: impl Into<String>) -> Document {
        let text = text.into();
        let mut doc = Document {
            id: id.into(),
            title: String::new(),
            published: None,
            source: None,
            url: None,
            body_byte: 0,
            body_char: 0,
            warnings: Vec::new(),
            text: String::new(),
        };
        let headers = header_block(&text);
        if let Some((lines, body_byte)) = headers {
            for (number, line) in lines {
                doc.apply_header(number, line);
            }
            doc.body_byte = body_byte;
            doc.body_char = text[..body_byte].chars().count();
        }
        if doc.title.is_empty() {
            doc.title = first_line(&text[doc.body_byte..]).to_string();
        }
        doc.text = text;
        doc
    }

    /// Reads and parses a file, refusing binary and non-UTF-8 content.
    pub fn read(path: &Path) -> Result<Document, DocumentError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| DocumentError::Io {
            path: shown.clone(),
            source,
        })?;
        let text = decode_text(&bytes).map_err(|e| e.at(&shown))?;
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| shown.clone());
        Ok(Document::parse(id, text))
    }

    /// The article text after the headers.
    pub fn body(&self) -> &str {
        &self.text[self.body_byte..]
    }

    fn apply_header(&mut self, number: usize, line: &str) {
        let Some((key, value)) = line.split_once(':') else {
            return;
        };
        let value = value.trim().to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => self.title = value,
            "source" => self.source = Some(value),
            "url" => self.url = Some(value),
            "published" => match NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
                Ok(date) => self.published = Some(date),
                Err(_) => self.warnings.push(Warning {
                    line: number,
                    message: format!("Published: {value:?} is not a YYYY-MM-DD date; ignored"),
                }),
            },
            _ => {}
        }
    }
}

/// Content problems found before a path is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    NotUtf8(usize),
    Binary(usize),
}

impl TextProblem {
    pub fn at(self, path: &str) -> DocumentError {
        let path = path.to_string();
        match self {
            TextProblem::NotUtf8(offset) => DocumentError::NotUtf8 { path, offset },
            TextProblem::Binary(offset) => DocumentError::Binary { path, offset },
        }
    }
}

/// Checks that bytes are text: UTF-8 (a BOM is dropped) without NUL bytes.
pub fn decode_text(bytes: &[u8]) -> Result<String, TextProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(offset) = memchr_nul(bytes) {
        return Err(TextProblem::Binary(offset));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(TextProblem::NotUtf8(e.valid_up_to())),
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// Finds the header block: consecutive `Key: value` lines with a known key,
/// starting at the first line and ended by a blank line. Returns the numbered
/// lines and the byte offset where the body starts.
fn header_block(text: &str) -> Option<(Vec<(usize, &str)>, usize)> {
    let mut lines = Vec::new();
    let mut pos = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            return (!lines.is_empty()).then_some((lines, pos + raw.len()));
        }
        let key = line
            .split_once(':')
            .map(|(k, _)| k.trim().to_ascii_lowercase());
        if !key.is_some_and(|k| KNOWN_HEADERS.contains(&k.as_str())) {
            return None;
        }
        lines.push((index + 1, line));
        pos += raw.len();
    }
    // Headers only, no body.
    (!lines.is_empty()).then_some((lines, pos))
}

/// A title made from a first line is at most this many characters: a
/// document that is one long line must not copy itself into every event.
const MAX_TITLE_CHARS: usize = 300;

fn first_line(text: &str) -> &str {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    match line.char_indices().nth(MAX_TITLE_CHARS) {
        // Cut at the last space before the limit when there is one.
        Some((cut, _)) => {
            let head = &line[..cut];
            head.rfind(' ').map_or(head, |sp| head[..sp].trim_end())
        }
        None => line,
    }
}

/// Lists the documents (`*.txt`) of a directory in name order.
pub fn list_dir(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt") && p.is_file())
        .collect();
    paths.sort();
    Ok(paths)
}

/// The default corpus, compiled into the binary.
pub fn builtin() -> Vec<Document> {
    BUILTIN
        .iter()
        .map(|(name, text)| Document::parse(name.trim_end_matches(".txt"), *text))
        .collect()
}

include!(concat!(env!("OUT_DIR"), "/builtin_documents.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_parsed_and_body_offset_counts_characters() {
        let doc = Document::parse("d", "Title: Café\nPublished: 2015-02-14\n\nBody é text");
        assert_eq!(doc.title, "Café");
        assert_eq!(doc.published, NaiveDate::from_ymd_opt(2015, 2, 14));
        assert_eq!(doc.body(), "Body é text");
        assert_eq!(
            doc.body_char,
            "Title: Café\nPublished: 2015-02-14\n\n".chars().count()
        );
    }

    #[test]
    fn without_headers_the_first_line_is_the_title() {
        let doc = Document::parse("d", "Russia sends ships\n\nMore text.");
        assert_eq!(doc.title, "Russia sends ships");
        assert_eq!(doc.published, None);
        assert_eq!(doc.body_byte, 0);
    }

    #[test]
    fn a_malformed_date_is_a_warning_not_an_error() {
        let doc = Document::parse("d", "Title: T\nPublished: 14/02/2015\n\nBody");
        assert_eq!(doc.published, None);
        assert_eq!(doc.warnings.len(), 1);
        assert!(doc.warnings[0].message.contains("14/02/2015"));
        assert_eq!(doc.body(), "Body");
    }

    #[test]
    fn a_colon_in_the_first_sentence_is_not_a_header() {
        let doc = Document::parse("d", "Russia: Cooperation with Venezuela\nText");
        assert_eq!(doc.body_byte, 0);
        assert_eq!(doc.title, "Russia: Cooperation with Venezuela");
    }

    #[test]
    fn binary_and_invalid_utf8_are_refused() {
        assert_eq!(decode_text(b"ab\0c"), Err(TextProblem::Binary(2)));
        assert_eq!(decode_text(b"ab\xffc"), Err(TextProblem::NotUtf8(2)));
        assert_eq!(decode_text(b"\xEF\xBB\xBFok").as_deref(), Ok("ok"));
    }

    #[test]
    fn the_builtin_corpus_has_dated_documents() {
        let docs = builtin();
        assert_eq!(docs.len(), 5);
        assert!(
            docs.iter()
                .all(|d| d.published.is_some() && !d.title.is_empty())
        );
    }
}
