//! What the events layer asks of the basemap: the countries to highlight
//! and the places to label.

use std::borrow::Cow;

use serde::Deserialize;

use super::PlaceLabel;
use crate::layers::{Geometry, LayerSet};

/// The two properties read, borrowed from the stored JSON (every other
/// property is skipped without being built: this runs after every write).
#[derive(Deserialize)]
struct Mark<'a> {
    #[serde(borrow)]
    country: Option<Cow<'a, str>>,
    #[serde(borrow)]
    place: Option<Cow<'a, str>>,
}

/// The ISO codes of the countries of the events (sorted, once each) and
/// the event places to label (by name, once each), from the `events` layer
/// of `layers`.
pub fn event_marks(layers: &LayerSet) -> (Vec<String>, Vec<PlaceLabel>) {
    let mut countries = Vec::new();
    let mut places = Vec::new();
    if let Some(events) = layers.get("events") {
        for (i, feature) in events.features().iter().enumerate() {
            let Ok(mark) = serde_json::from_str::<Mark>(events.properties_json(i)) else {
                continue;
            };
            if let Some(cc) = mark.country {
                countries.push(cc.into_owned());
            }
            let point = match &feature.geometry {
                Geometry::Point([lon, lat]) => Some((*lon, *lat)),
                _ => None,
            };
            if let (Some(name), Some((lon, lat))) = (mark.place, point) {
                places.push(PlaceLabel {
                    name: name.to_string(),
                    lon,
                    lat,
                });
            }
        }
    }
    countries.sort();
    countries.dedup();
    places.sort_by(|a, b| a.name.cmp(&b.name));
    places.dedup_by(|a, b| a.name == b.name);
    (countries, places)
}
