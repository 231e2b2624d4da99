//! The documents a server holds in memory and the three layers made from
//! them. A write replaces one document's rows; the layers are then rebuilt
//! from rows kept ready (JSON text and geometry, no re-extraction), and the
//! geometries that changed are returned so tile caches can keep the rest.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use geojson::Feature;

use crate::documents::{DocumentEvent, DocumentStore, StoredDocument};
use crate::ingest::geometry::position;
use crate::ingest::layers::place_properties;
use crate::layers::{Geometry, Layer, LayerBuilder, from_geojson};
use crate::store::DocumentRecord;

/// A feature ready to go into a layer.
#[derive(Debug, Clone)]
struct Row {
    id_json: String,
    geometry: Geometry,
    properties_json: String,
}

impl Row {
    fn from_feature(f: &Feature) -> Option<Row> {
        let id_json = serde_json::to_string(f.id.as_ref()?).ok()?;
        let geometry = match &f.geometry {
            None => Geometry::Null,
            Some(g) => from_geojson(g.clone()).ok()?,
        };
        let properties_json = serde_json::to_string(f.properties.as_ref()?).ok()?;
        Some(Row {
            id_json,
            geometry,
            properties_json,
        })
    }
}

/// One document, as the layers and the document pages use it.
#[derive(Debug)]
struct Entry {
    stored: Arc<StoredDocument>,
    events: Vec<Row>,
    claims: Vec<Row>,
    flows: Vec<Row>,
}

/// A place and who names it.
#[derive(Debug, Clone)]
struct Place {
    name: String,
    kind: String,
    country: String,
    lon: f64,
    lat: f64,
    mentions: usize,
    /// Document id → its mentions of the place.
    documents: BTreeMap<String, usize>,
}

/// Which layers a change touched, and the old and new geometries of what
/// changed in each.
#[derive(Debug, Default)]
pub struct Dirty {
    pub events: Option<Vec<geo::Geometry<f64>>>,
    pub claims: Option<Vec<geo::Geometry<f64>>>,
    pub flows: Option<Vec<geo::Geometry<f64>>>,
    pub places: Option<Vec<geo::Geometry<f64>>>,
}

/// Every document held, in store order, and the places they name.
#[derive(Debug, Default)]
pub struct Corpus {
    docs: BTreeMap<i64, Entry>,
    by_id: HashMap<String, i64>,
    places: BTreeMap<String, Place>,
}

impl Corpus {
    pub fn from_records(records: Vec<DocumentRecord>) -> Corpus {
        let mut corpus = Corpus::default();
        for r in records {
            corpus.insert(r, &mut Dirty::default());
        }
        corpus
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Applies new versions of documents (`Some`) and removals (`None`).
    pub fn apply(&mut self, changes: Vec<(String, Option<DocumentRecord>)>) -> Dirty {
        let mut dirty = Dirty::default();
        for (id, record) in changes {
            self.remove(&id, &mut dirty);
            if let Some(r) = record {
                self.insert(r, &mut dirty);
            }
        }
        dirty
    }

    fn remove(&mut self, id: &str, dirty: &mut Dirty) {
        let Some(seq) = self.by_id.remove(id) else {
            return;
        };
        let Some(entry) = self.docs.remove(&seq) else {
            return;
        };
        note(&mut dirty.events, &entry.events);
        note(&mut dirty.claims, &entry.claims);
        note(&mut dirty.flows, &entry.flows);
        for m in &entry.stored.mentions {
            let Some(place) = self.places.get_mut(&m.gazetteer_id) else {
                continue;
            };
            mark_place(&mut dirty.places, place);
            place.mentions = place.mentions.saturating_sub(1);
            if let Some(n) = place.documents.get_mut(id) {
                *n -= 1;
                if *n == 0 {
                    place.documents.remove(id);
                }
            }
            if place.mentions == 0 {
                self.places.remove(&m.gazetteer_id);
            }
        }
    }

    fn insert(&mut self, r: DocumentRecord, dirty: &mut Dirty) {
        let id = r.document.id.clone();
        let rows = |features: &[Feature]| -> Vec<Row> {
            features.iter().filter_map(Row::from_feature).collect()
        };
        let events = rows(&r.extraction.events);
        let claims = rows(&r.extraction.claims);
        let flows = rows(&r.extraction.flows);
        note(&mut dirty.events, &events);
        note(&mut dirty.claims, &claims);
        note(&mut dirty.flows, &flows);
        let mut listed: Vec<DocumentEvent> = r
            .extraction
            .events
            .iter()
            .filter_map(|f| {
                let fid = match f.id.as_ref()? {
                    geojson::feature::Id::String(s) => s.clone(),
                    geojson::feature::Id::Number(n) => n.to_string(),
                };
                DocumentEvent::from_properties(fid, f.properties.as_ref()?).map(|(_, e)| e)
            })
            .collect();
        listed.sort_by_key(|e| e.sentence_start);
        for m in &r.extraction.mentions {
            let place = self
                .places
                .entry(m.gazetteer_id.clone())
                .or_insert_with(|| Place {
                    name: m.name.clone(),
                    kind: m.kind.clone(),
                    country: m.country.clone(),
                    lon: m.lon,
                    lat: m.lat,
                    mentions: 0,
                    documents: BTreeMap::new(),
                });
            place.mentions += 1;
            *place.documents.entry(id.clone()).or_insert(0) += 1;
            mark_place(&mut dirty.places, place);
        }
        let stored = Arc::new(StoredDocument {
            document: r.document,
            mentions: r.extraction.mentions,
            events: listed,
        });
        // A replaced document keeps its place in the order.
        self.by_id.insert(id, r.seq);
        self.docs.insert(
            r.seq,
            Entry {
                stored,
                events,
                claims,
                flows,
            },
        );
    }

    /// The events layer.
    pub fn events_layer(&self, title: &str, description: &str) -> Layer {
        build(
            "events",
            title,
            description,
            self.docs.values().flat_map(|e| &e.events),
        )
    }

    /// The claims layer: events reported as planned, denied or alleged.
    pub fn claims_layer(&self, title: &str, description: &str) -> Layer {
        build(
            "claims",
            title,
            description,
            self.docs.values().flat_map(|e| &e.claims),
        )
    }

    /// The flows layer.
    pub fn flows_layer(&self, title: &str, description: &str) -> Layer {
        build(
            "flows",
            title,
            description,
            self.docs.values().flat_map(|e| &e.flows),
        )
    }

    /// The places layer: one feature per gazetteer place, in id order.
    pub fn places_layer(&self, title: &str, description: &str) -> Layer {
        let rows: Vec<Row> = self
            .places
            .iter()
            .filter_map(|(gid, p)| {
                let documents = p.documents.keys().cloned().collect();
                let props = place_properties(&p.name, &p.kind, &p.country, p.mentions, documents);
                Some(Row {
                    id_json: serde_json::to_string(gid).ok()?,
                    geometry: Geometry::Point(position(p.lon, p.lat)),
                    properties_json: serde_json::to_string(&props).ok()?,
                })
            })
            .collect();
        build("places", title, description, rows.iter())
    }

    /// The documents with their mentions and events.
    pub fn documents(&self) -> DocumentStore {
        DocumentStore::from_shared(self.docs.values().map(|e| e.stored.clone()))
    }

    /// Ids of every document held.
    pub fn ids(&self) -> BTreeSet<String> {
        self.by_id.keys().cloned().collect()
    }
}

fn build<'a>(
    id: &str,
    title: &str,
    description: &str,
    rows: impl Iterator<Item = &'a Row>,
) -> Layer {
    let mut builder = LayerBuilder::new(id, title, description);
    // `date` carries its precision (`2018`, `2018-12`, `2018-12-10`): text
    // to every client, even while every event so far has a whole day.
    builder.set_text(&["date"]);
    // A feature URL names one feature: a second row with an id already
    // used (a hash collision between documents) is left out and logged.
    let mut seen = std::collections::HashSet::new();
    for row in rows {
        if !seen.insert(row.id_json.as_str()) {
            tracing::warn!(
                layer = id,
                "feature {} left out: its id is taken",
                row.id_json
            );
            continue;
        }
        if let Err(e) = builder.push_raw(
            Some(&row.id_json),
            row.geometry.clone(),
            Some(&row.properties_json),
        ) {
            // Rows come from the extractor or the store, both checked: a
            // bad one is logged and left out rather than failing the layer.
            tracing::warn!(layer = id, "feature {} left out: {e}", row.id_json);
        }
    }
    builder.finish().unwrap_or_else(|dup| {
        tracing::error!(layer = id, "not rebuilt: feature id {:?} twice", dup.id);
        LayerBuilder::new(id, title, description)
            .finish()
            .unwrap_or_else(|_| unreachable_empty())
    })
}

/// An empty layer cannot hold two features with one id.
fn unreachable_empty() -> Layer {
    unreachable!("an empty layer has no duplicate id")
}

/// Adds the geometries of `rows` to a layer's dirty list (creating it:
/// the layer changed even when the geometries are null).
fn note(list: &mut Option<Vec<geo::Geometry<f64>>>, rows: &[Row]) {
    if rows.is_empty() {
        return;
    }
    let list = list.get_or_insert_with(Vec::new);
    for row in rows {
        match &row.geometry {
            Geometry::Null => {}
            Geometry::Point([x, y]) => list.push(geo::Geometry::Point(geo::Point::new(*x, *y))),
            Geometry::Other(g) => list.push((**g).clone()),
        }
    }
}

fn mark_place(list: &mut Option<Vec<geo::Geometry<f64>>>, place: &Place) {
    let [x, y] = position(place.lon, place.lat);
    list.get_or_insert_with(Vec::new)
        .push(geo::Geometry::Point(geo::Point::new(x, y)));
}
