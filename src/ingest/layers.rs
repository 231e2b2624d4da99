//! Building the three GeoJSON layers from mentions and events.

use std::collections::BTreeMap;

use geojson::{Feature, FeatureCollection, Geometry, JsonObject, JsonValue, feature::Id};

use super::geometry::{self, position};
use crate::events::{Event, fnv1a};
use crate::geoparse::Mention;

/// A resolved origin for flows.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub name: String,
    pub lon: f64,
    pub lat: f64,
}

#[derive(Debug, Default)]
struct PlaceAgg {
    name: String,
    kind: String,
    country: String,
    lon: f64,
    lat: f64,
    mentions: usize,
    documents: Vec<String>,
}

/// Accumulates places over documents.
#[derive(Debug, Default)]
pub struct PlacesBuilder {
    by_id: BTreeMap<String, PlaceAgg>,
}

impl PlacesBuilder {
    pub fn add(&mut self, document: &str, mentions: &[Mention]) {
        for m in mentions {
            let agg = self
                .by_id
                .entry(m.gazetteer_id.clone())
                .or_insert_with(|| PlaceAgg {
                    name: m.name.clone(),
                    kind: m.kind.clone(),
                    country: m.country.clone(),
                    lon: m.lon,
                    lat: m.lat,
                    ..PlaceAgg::default()
                });
            agg.mentions += 1;
            if agg.documents.last().is_none_or(|d| d != document)
                && !agg.documents.iter().any(|d| d == document)
            {
                agg.documents.push(document.to_string());
            }
        }
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    pub fn build(self) -> FeatureCollection {
        let features = self.by_id.into_iter().map(|(id, p)| {
            let props = place_properties(&p.name, &p.kind, &p.country, p.mentions, p.documents);
            place_feature(id, p.lon, p.lat, props)
        });
        super::collection(features.collect())
    }
}

/// The properties of a place in the `places` layer; `kind` is the kind of
/// its first mention, `documents` the ids of the documents naming it.
pub fn place_properties(
    name: &str,
    kind: &str,
    country: &str,
    mentions: usize,
    mut documents: Vec<String>,
) -> JsonObject {
    let mut props = JsonObject::new();
    props.insert("name".into(), name.into());
    // A demonym ("Cuban") resolves to its country: the place is a country.
    let kind = if kind == "demonym" { "country" } else { kind };
    props.insert("kind".into(), kind.into());
    props.insert("country".into(), country.into());
    props.insert("mentions".into(), mentions.into());
    documents.sort();
    props.insert("documents".into(), documents.into());
    props
}

/// A place as a Point feature with its gazetteer id.
pub fn place_feature(id: String, lon: f64, lat: f64, properties: JsonObject) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(Geometry::new_point(position(lon, lat))),
        id: Some(Id::String(id)),
        properties: Some(properties),
        foreign_members: None,
    }
}

fn event_properties(e: &Event) -> JsonObject {
    match serde_json::to_value(e) {
        Ok(JsonValue::Object(map)) => map,
        // Event is a plain struct of strings and numbers: serialising cannot fail.
        _ => JsonObject::new(),
    }
}

/// One Point feature per event.
pub fn event_feature(e: &Event) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(Geometry::new_point(position(e.lon, e.lat))),
        id: Some(Id::String(e.id.clone())),
        properties: Some(event_properties(e)),
        foreign_members: None,
    }
}

/// A flow from `origin` to the event's place, or none when both are the same
/// point.
pub fn flow_feature(e: &Event, origin: &Origin) -> Option<Feature> {
    let far_enough = (origin.lon - e.lon).abs() > 1e-3 || (origin.lat - e.lat).abs() > 1e-3;
    if !far_enough {
        return None;
    }
    let parts = geometry::great_circle((origin.lon, origin.lat), (e.lon, e.lat));
    let geometry = match parts.len() {
        0 => return None,
        1 => Geometry::new_line_string(parts.into_iter().flatten()),
        _ => Geometry::new_multi_line_string(parts),
    };
    let mut props = event_properties(e);
    props.insert("event_id".into(), e.id.clone().into());
    props.insert("origin_name".into(), origin.name.clone().into());
    props.insert(
        "origin_coordinates".into(),
        vec![geometry::round6(origin.lon), geometry::round6(origin.lat)].into(),
    );
    let id = fnv1a(&[e.id.as_bytes(), b"flow"]);
    Some(Feature {
        bbox: None,
        geometry: Some(geometry),
        id: Some(Id::String(format!("{id:016x}"))),
        properties: Some(props),
        foreign_members: None,
    })
}
