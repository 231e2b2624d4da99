//! What the store keeps per document: the text (its headers included), where
//! it came from, its content hash, and its extraction.

use sha2::{Digest, Sha256};

use crate::documents::Document;
use crate::ingest::{EXTRACTOR_VERSION, Extraction, Extractor};

/// Where a document came from (kept so the watched folder can tell its own
/// documents from those posted over HTTP).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The corpus compiled into the binary.
    Builtin,
    /// `POST`/`PUT /documents`.
    Api,
    /// `mapwire ingest DIR --store`: the file it was read from.
    Ingest(String),
    /// `mapwire serve --watch DIR`: the file it was read from.
    Watch(String),
}

impl Origin {
    /// The text stored in the `origin` column.
    pub fn to_text(&self) -> String {
        match self {
            Origin::Builtin => "builtin".into(),
            Origin::Api => "api".into(),
            Origin::Ingest(path) => format!("ingest:{path}"),
            Origin::Watch(path) => format!("watch:{path}"),
        }
    }

    pub fn parse(text: &str) -> Origin {
        match text.split_once(':') {
            Some(("ingest", path)) => Origin::Ingest(path.into()),
            Some(("watch", path)) => Origin::Watch(path.into()),
            _ if text == "builtin" => Origin::Builtin,
            _ => Origin::Api,
        }
    }
}

/// A document and everything extracted from it.
#[derive(Debug, Clone)]
pub struct DocumentRecord {
    /// The store's order of documents (layers list features in it); set by
    /// the store, 0 before the record is written.
    pub seq: i64,
    pub document: Document,
    /// `sha256:` and the hex SHA-256 of the text.
    pub content_hash: String,
    pub origin: Origin,
    /// RFC 3339, UTC: when the document was first stored, and last changed.
    pub added: String,
    pub updated: String,
    pub extractor_version: String,
    pub extraction: Extraction,
}

impl DocumentRecord {
    /// Runs `extractor` over `document` and wraps the result, stamped now.
    pub fn extract(document: Document, origin: Origin, extractor: &Extractor) -> DocumentRecord {
        let extraction = extractor.extract(&document);
        DocumentRecord::new(document, origin, extraction)
    }

    /// A record of an extraction made elsewhere, stamped now.
    pub fn new(document: Document, origin: Origin, extraction: Extraction) -> DocumentRecord {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        DocumentRecord {
            seq: 0,
            content_hash: content_hash(&document.text),
            origin,
            added: now.clone(),
            updated: now,
            extractor_version: EXTRACTOR_VERSION.to_string(),
            document,
            extraction,
        }
    }
}

/// Id, content hash, origin and extractor version of a stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    pub id: String,
    pub content_hash: String,
    pub origin: Origin,
    pub extractor_version: String,
}

/// `sha256:` followed by the hex SHA-256 of `text`.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Longest document id accepted.
pub const MAX_ID_CHARS: usize = 200;

/// Why `id` cannot name a document, or `None` when it can. Ids end up in
/// URLs, file names and log lines, so path separators, `..`, control
/// characters (NUL among them) and surrounding spaces are refused.
pub fn valid_id(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("an id cannot be empty".into());
    }
    if id.chars().count() > MAX_ID_CHARS {
        return Some(format!("an id has at most {MAX_ID_CHARS} characters"));
    }
    if id.contains(['/', '\\']) {
        return Some("an id cannot contain '/' or '\\'".into());
    }
    if id.contains("..") {
        return Some("an id cannot contain '..'".into());
    }
    if id.chars().any(char::is_control) {
        return Some("an id cannot contain control characters (NUL among them)".into());
    }
    if id.trim() != id {
        return Some("an id cannot start or end with white space".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_could_escape_a_path_are_refused() {
        for bad in ["", "a/b", "..", "a..b", "x\0y", " a", "a\\b", "a\nb"] {
            assert!(valid_id(bad).is_some(), "{bad:?}");
        }
        for good in ["000_3d61876050031327", "Havana port call", "café.2024"] {
            assert_eq!(valid_id(good), None, "{good:?}");
        }
        assert!(valid_id(&"x".repeat(MAX_ID_CHARS + 1)).is_some());
    }

    #[test]
    fn hashes_are_sha256_of_the_text() {
        assert_eq!(
            content_hash("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn origins_round_trip() {
        for o in [
            Origin::Builtin,
            Origin::Api,
            Origin::Ingest("/a/b.txt".into()),
            Origin::Watch("/w/c: d.txt".into()),
        ] {
            assert_eq!(Origin::parse(&o.to_text()), o);
        }
    }
}
