//! The documents a server shows, each with its geoparsed mentions, computed
//! once at start-up so a document page costs no geoparsing.

use std::collections::HashMap;
use std::sync::Arc;

use super::Document;
use crate::geoparse::{Geoparser, Mention};

/// A document and the places it names.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub document: Document,
    /// Offsets in characters of the whole file, in text order.
    pub mentions: Vec<Mention>,
    /// The events found in it, by sentence (see [`DocumentStore::attach_events`]).
    pub events: Vec<DocumentEvent>,
}

/// An event as its document's page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentEvent {
    /// The feature id in the `events` layer.
    pub id: String,
    pub summary: String,
    /// Character offset of the event's sentence in the file.
    pub sentence_start: usize,
}

impl DocumentEvent {
    /// The event of feature `id` of an events layer, with the id of its
    /// document: from the `document`, `offsets` and `summary` properties.
    pub fn from_properties(
        id: String,
        props: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<(String, DocumentEvent)> {
        let document = props.get("document")?.as_str()?.to_string();
        let start = props.get("offsets")?.get(0)?.as_u64()?;
        let summary = props
            .get("summary")
            .and_then(|s| s.as_str())
            .unwrap_or("Event")
            .to_string();
        let event = DocumentEvent {
            id,
            summary,
            sentence_start: usize::try_from(start).ok()?,
        };
        Some((document, event))
    }
}

/// Documents by id, in the order given. Each is shared, so a server that
/// changes one document builds a new store without copying the others.
#[derive(Debug, Default, Clone)]
pub struct DocumentStore {
    docs: Vec<Arc<StoredDocument>>,
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
            store.docs.push(Arc::new(StoredDocument {
                document,
                mentions,
                events: Vec::new(),
            }));
        }
        store
    }

    /// A store of documents already geoparsed, with their events filed
    /// (later duplicates of an id are dropped).
    pub fn from_shared(docs: impl IntoIterator<Item = Arc<StoredDocument>>) -> DocumentStore {
        let mut store = DocumentStore::default();
        for d in docs {
            if store.index.contains_key(&d.document.id) {
                continue;
            }
            store.index.insert(d.document.id.clone(), store.docs.len());
            store.docs.push(d);
        }
        store
    }

    /// Files each (document id, event) under its document, in sentence
    /// order; events of unknown documents are ignored.
    pub fn attach_events(&mut self, events: impl IntoIterator<Item = (String, DocumentEvent)>) {
        for (id, event) in events {
            if let Some(&i) = self.index.get(&id) {
                Arc::make_mut(&mut self.docs[i]).events.push(event);
            }
        }
        for d in &mut self.docs {
            if !d.events.is_sorted_by_key(|e| e.sentence_start) {
                Arc::make_mut(d).events.sort_by_key(|e| e.sentence_start);
            }
        }
    }

    /// The built-in corpus with the built-in geoparser.
    pub fn builtin() -> DocumentStore {
        DocumentStore::build(super::builtin(), &Geoparser::builtin())
    }

    pub fn get(&self, id: &str) -> Option<&StoredDocument> {
        self.index.get(id).map(|&i| self.docs[i].as_ref())
    }

    pub fn iter(&self) -> impl Iterator<Item = &StoredDocument> {
        self.docs.iter().map(|d| d.as_ref())
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

    #[test]
    fn events_are_filed_under_their_documents_in_text_order() {
        let docs = vec![
            Document::parse("a", "Title: A\n\nRussia sent ships to Cuba."),
            Document::parse("b", "Title: B\n\nNothing."),
        ];
        let mut store = DocumentStore::build(docs, &Geoparser::builtin());
        let event = |id: &str, start| DocumentEvent {
            id: id.into(),
            summary: format!("event {id}"),
            sentence_start: start,
        };
        store.attach_events([
            ("a".to_string(), event("2", 30)),
            ("a".to_string(), event("1", 10)),
            ("zzz".to_string(), event("3", 0)),
        ]);
        let ids: Vec<&str> = store
            .get("a")
            .unwrap()
            .events
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(ids, ["1", "2"]);
        assert!(store.get("b").unwrap().events.is_empty());
    }
}
