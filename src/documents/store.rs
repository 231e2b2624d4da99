//! The documents a server shows, each with its geoparsed mentions, computed
//! once at start-up so a document page costs no geoparsing.

use std::collections::HashMap;

use super::Document;
use crate::geoparse::{Geoparser, Mention};

/// A document and the places it names.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub document: Document,
    /// Offsets in characters of the whole file, in text order.
    pub mentions: Vec<Mention>,
}

/// Documents by id, in the order given.
#[derive(Debug, Default)]
pub struct DocumentStore {
    docs: Vec<StoredDocument>,
    index: HashMap<String, usize>,
}

impl DocumentStore {
    /// Geoparses each document with `geoparser`. A later document with the
    /// id of an earlier one is dropped (ids are file stems, so this only
    /// happens with a hand-built list).
    pub fn build(documents: Vec<Document>, geoparser: &Geoparser) -> DocumentStore {
        let mut store = DocumentStore::default();
        for document in documents {
            if store.index.contains_key(&document.id) {
                continue;
            }
            let mentions = geoparser.parse_document(&document);
            store.index.insert(document.id.clone(), store.docs.len());
            store.docs.push(StoredDocument { document, mentions });
        }
        store
    }

    /// The built-in corpus with the built-in geoparser.
    pub fn builtin() -> DocumentStore {
        DocumentStore::build(super::builtin(), &Geoparser::builtin())
    }

    pub fn get(&self, id: &str) -> Option<&StoredDocument> {
        self.index.get(id).map(|&i| &self.docs[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &StoredDocument> {
        self.docs.iter()
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_documents_have_mentions_inside_their_text() {
        let store = DocumentStore::builtin();
        assert_eq!(store.len(), 5);
        for d in store.iter() {
            assert!(!d.mentions.is_empty(), "{}", d.document.id);
            let chars: Vec<char> = d.document.text.chars().collect();
            for m in &d.mentions {
                let surface: String = chars[m.start..m.end].iter().collect();
                assert_eq!(surface, m.text);
            }
        }
        assert!(store.get("nope").is_none());
    }
}
