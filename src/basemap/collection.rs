//! The Natural Earth countries as a GeoJSON FeatureCollection (properties
//! `name`, `iso_a2`, `iso_a3`), for the server's `countries` collection.

use std::str::FromStr;

use geojson::FeatureCollection;

use super::data::{Resolution, gunzip};
use super::error::BasemapError;

/// The 1:50m countries (light enough to serve whole).
pub fn countries_collection() -> FeatureCollection {
    countries_collection_at(Resolution::Medium).unwrap_or_else(|e| {
        tracing::error!("embedded countries data is unreadable: {e}");
        FeatureCollection {
            bbox: None,
            features: Vec::new(),
            foreign_members: None,
        }
    })
}

/// The countries at one resolution, decoded from the embedded data.
pub fn countries_collection_at(resolution: Resolution) -> Result<FeatureCollection, BasemapError> {
    let (file, gz, _) = resolution.files();
    let text = gunzip(file, gz)?;
    FeatureCollection::from_str(&text).map_err(|e| BasemapError::Data {
        file,
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_have_names_and_codes() {
        let fc = countries_collection();
        assert!(fc.features.len() > 200);
        let cuba = fc
            .features
            .iter()
            .find(|f| f.property("iso_a2").and_then(|v| v.as_str()) == Some("CU"))
            .expect("Cuba");
        assert_eq!(
            cuba.property("iso_a3").and_then(|v| v.as_str()),
            Some("CUB")
        );
        assert_eq!(cuba.property("name").and_then(|v| v.as_str()), Some("Cuba"));
        assert!(cuba.geometry.is_some());
    }
}
