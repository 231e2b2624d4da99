//! Documents sent over HTTP, checked strictly: a file on disk gets the
//! benefit of the doubt (a bad header is a warning), but a client sending a
//! document can be told exactly which line or field is wrong.
//!
//! Two forms: the text of a document file (optional `Title:`,
//! `Published:`, `Source:`, `URL:` header lines, a blank line, the body),
//! or JSON `{title, published, source, url, text}` which is turned into the
//! same text, so offsets mean the same in both.

use chrono::NaiveDate;
use serde::Deserialize;

use super::{Document, TextProblem, decode_text};

/// Why a submitted document is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmitError {
    #[error("the document is empty")]
    Empty,
    #[error("the document is not UTF-8 text (invalid byte at offset {0})")]
    NotUtf8(usize),
    #[error("the document looks binary (NUL byte at offset {0})")]
    Binary(usize),
    #[error("line {line}: {reason}")]
    Header { line: usize, reason: String },
    #[error("{0}")]
    Json(String),
}

impl From<TextProblem> for SubmitError {
    fn from(p: TextProblem) -> Self {
        match p {
            TextProblem::NotUtf8(at) => SubmitError::NotUtf8(at),
            TextProblem::Binary(at) => SubmitError::Binary(at),
        }
    }
}

const HEADERS: [&str; 4] = ["Title", "Published", "Source", "URL"];

/// Checks a document file's text and parses it with `id`.
pub fn from_text(id: &str, bytes: &[u8]) -> Result<Document, SubmitError> {
    let text = decode_text(bytes)?;
    if text.trim().is_empty() {
        return Err(SubmitError::Empty);
    }
    check_headers(&text)?;
    Ok(Document::parse(id, text))
}

/// The JSON form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonDocument {
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub text: String,
}

/// Checks a JSON document and turns it into a document with `id`.
pub fn from_json(id: &str, bytes: &[u8]) -> Result<Document, SubmitError> {
    let text = decode_text(bytes)?;
    if text.trim().is_empty() {
        return Err(SubmitError::Empty);
    }
    let de = &mut serde_json::Deserializer::from_str(&text);
    let doc: JsonDocument = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        SubmitError::Json(if path == "." {
            inner.to_string()
        } else {
            format!("{path}: {inner}")
        })
    })?;
    if doc.text.trim().is_empty() {
        return Err(SubmitError::Json("text: the document text is empty".into()));
    }
    // A `\u0000` escape decodes to the NUL byte a text body may not hold
    // either: it is binary, not news, and PostgreSQL refuses it in text.
    for (name, value) in [
        ("title", doc.title.as_deref()),
        ("published", doc.published.as_deref()),
        ("source", doc.source.as_deref()),
        ("url", doc.url.as_deref()),
        ("text", Some(doc.text.as_str())),
    ] {
        if let Some(at) = value.and_then(|v| v.find('\0')) {
            return Err(SubmitError::Json(format!(
                "{name}: a NUL character (\\u0000) at offset {at}: documents are text"
            )));
        }
    }
    let mut head = String::new();
    for (name, value) in [
        ("Title", &doc.title),
        ("Published", &doc.published),
        ("Source", &doc.source),
        ("URL", &doc.url),
    ] {
        let Some(value) = value else { continue };
        if value.contains(['\n', '\r']) {
            return Err(SubmitError::Json(format!(
                "{}: one line only",
                name.to_ascii_lowercase()
            )));
        }
        if name == "Published" && NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").is_err() {
            return Err(SubmitError::Json(format!(
                "published: {value:?} is not a YYYY-MM-DD date"
            )));
        }
        if !value.trim().is_empty() {
            head.push_str(&format!("{name}: {}\n", value.trim()));
        }
    }
    let text = if head.is_empty() {
        doc.text
    } else {
        format!("{head}\n{}", doc.text)
    };
    check_headers(&text).map_err(|e| SubmitError::Json(format!("text: {e}")))?;
    Ok(Document::parse(id, text))
}

/// A header block starts with a known `Key: value` line and runs to the
/// first blank line; in it every line must be a known header, once, and
/// `Published` a date. A document whose first line is not a known header
/// has no headers (its first line is its title).
fn check_headers(text: &str) -> Result<(), SubmitError> {
    let mut seen: Vec<&str> = Vec::new();
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let number = i + 1;
        if line.trim().is_empty() {
            return Ok(());
        }
        let known = line.split_once(':').and_then(|(key, value)| {
            let key = key.trim();
            HEADERS
                .iter()
                .find(|h| h.eq_ignore_ascii_case(key))
                .map(|h| (*h, value.trim()))
        });
        let Some((key, value)) = known else {
            if i == 0 {
                return Ok(());
            }
            return Err(SubmitError::Header {
                line: number,
                reason: format!(
                    "{:?} is not a header line ({}); end the headers with a blank line",
                    line.chars().take(60).collect::<String>(),
                    HEADERS.join(", ")
                ),
            });
        };
        if seen.contains(&key) {
            return Err(SubmitError::Header {
                line: number,
                reason: format!("{key}: is given twice"),
            });
        }
        seen.push(key);
        if key == "Published" && NaiveDate::parse_from_str(value, "%Y-%m-%d").is_err() {
            return Err(SubmitError::Header {
                line: number,
                reason: format!("Published: {value:?} is not a YYYY-MM-DD date"),
            });
        }
    }
    // Headers and no body.
    if seen.is_empty() {
        Ok(())
    } else {
        Err(SubmitError::Header {
            line: text.lines().count(),
            reason: "the headers are not followed by a blank line and the text".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_with_headers_is_parsed() {
        let d = from_text(
            "x",
            b"Title: Ships in Havana\nPublished: 2024-06-12\n\nRussian warships arrived.",
        )
        .unwrap();
        assert_eq!(d.title, "Ships in Havana");
        assert_eq!(
            d.published.map(|p| p.to_string()).as_deref(),
            Some("2024-06-12")
        );
        // A first line that merely has a colon is the title, not a header.
        let d = from_text("x", b"Russia: cooperation with Venezuela\n\nText.").unwrap();
        assert_eq!(d.title, "Russia: cooperation with Venezuela");
    }

    #[test]
    fn bad_headers_name_their_line() {
        let cases: [(&[u8], &str); 4] = [
            (b"Title: A\nPublished: 12/06/2024\n\nBody", "line 2"),
            (b"Title: A\nRussian ships arrived.\n\nBody", "line 2"),
            (b"Title: A\nTitle: B\n\nBody", "line 2"),
            (b"Title: A\nSource: TASS", "blank line"),
        ];
        for (text, expected) in cases {
            let err = from_text("x", text).unwrap_err().to_string();
            assert!(err.contains(expected), "{err}");
        }
    }

    #[test]
    fn empty_binary_and_non_utf8_bodies_are_refused() {
        assert_eq!(from_text("x", b"  \n ").unwrap_err(), SubmitError::Empty);
        assert_eq!(from_text("x", b"ab\0").unwrap_err(), SubmitError::Binary(2));
        assert_eq!(
            from_text("x", b"caf\xe9").unwrap_err(),
            SubmitError::NotUtf8(3)
        );
    }

    #[test]
    fn json_documents_become_document_text() {
        let d = from_json(
            "x",
            br#"{"title":"Ships","published":"2024-06-12","text":"Russian warships arrived in Havana."}"#,
        )
        .unwrap();
        assert_eq!(
            d.text,
            "Title: Ships\nPublished: 2024-06-12\n\nRussian warships arrived in Havana."
        );
        let unknown = from_json("x", br#"{"text":"a","author":"me"}"#).unwrap_err();
        assert!(unknown.to_string().contains("author"), "{unknown}");
        let wrong = from_json("x", br#"{"text":5}"#).unwrap_err();
        assert!(wrong.to_string().contains("text"), "{wrong}");
        let date = from_json("x", br#"{"text":"a","published":"yesterday"}"#).unwrap_err();
        assert!(date.to_string().contains("published"), "{date}");
        assert!(from_json("x", br#"{"title":"a"}"#).is_err());
    }

    #[test]
    fn json_escapes_of_nul_are_refused_like_nul_bytes() {
        for (body, field) in [
            (&br#"{"text":"Ships in Havana \u0000 today"}"#[..], "text"),
            (br#"{"title":"A\u0000B","text":"Ships in Havana"}"#, "title"),
            (
                br#"{"source":"x\u0000","text":"Ships in Havana"}"#,
                "source",
            ),
            (br#"{"url":"http://x/\u0000","text":"Ships"}"#, "url"),
        ] {
            let err = from_json("x", body).unwrap_err().to_string();
            assert!(err.starts_with(field) && err.contains("NUL"), "{err}");
        }
    }
}
