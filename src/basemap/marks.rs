//! What the events layer asks of the basemap: the countries to highlight
//! and the places to label.

use super::PlaceLabel;
use crate::layers::{Geometry, LayerSet};

/// The ISO codes of the countries of the events (sorted, once each) and
/// the event places to label (by name, once each), from the `events` layer
/// of `layers`.
pub fn event_marks(layers: &LayerSet) -> (Vec<String>, Vec<PlaceLabel>) {
    let mut countries = Vec::new();
    let mut places = Vec::new();
    if let Some(events) = layers.get("events") {
        for (i, feature) in events.features().iter().enumerate() {
            let props = events.properties(i);
            if let Some(cc) = props.get("country").and_then(|v| v.as_str()) {
                countries.push(cc.to_string());
            }
            let point = match &feature.geometry {
                Geometry::Point([lon, lat]) => Some((*lon, *lat)),
                _ => None,
            };
            if let (Some(name), Some((lon, lat))) =
                (props.get("place").and_then(|v| v.as_str()), point)
            {
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
