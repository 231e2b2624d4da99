//! The TileJSON an archive carries: the server's own TileJSON for the same
//! layers (names, descriptions, `vector_layers` with their fields), minus
//! what only a server has (tile URLs), with the export's zooms and box.

use serde_json::{Value, json};

use super::enumerate::Range;
use super::{ArchiveMeta, TileFormat};
use crate::basemap::Basemap;
use crate::tiles::grid::MAX_LAT;
use crate::tiles::{TileSource, meta};

/// Keys of the server's TileJSON that point at the server.
const SERVER_ONLY: [&str; 5] = [
    "tiles",
    "mapwire:cluster",
    "mapwire:maxServedZoom",
    "styles",
    "retina",
];

/// The box the archive covers: the data's bounds within the export's box.
fn clip_bounds(data: [f64; 4], range: &Range) -> [f64; 4] {
    let world = [-180.0, -MAX_LAT, 180.0, MAX_LAT];
    let b = range.bbox.unwrap_or(world);
    let out = [
        data[0].max(b[0]).max(world[0]),
        data[1].max(b[1]).max(world[1]),
        data[2].min(b[2]).min(world[2]),
        data[3].min(b[3]).min(world[3]),
    ];
    // Data wholly outside the box: the box is all there is to say.
    if out[0] < out[2] && out[1] < out[3] {
        out
    } else {
        [
            b[0].max(world[0]),
            b[1].max(world[1]),
            b[2].min(world[2]),
            b[3].min(world[3]),
        ]
    }
}

fn bounds_of(v: &Value) -> Option<[f64; 4]> {
    let a = v.as_array()?;
    let f = |i: usize| a.get(i).and_then(Value::as_f64);
    Some([f(0)?, f(1)?, f(2)?, f(3)?])
}

/// Sets zooms, bounds and centre, and drops the server-only keys.
fn finish(mut doc: Value, format: TileFormat, range: &Range) -> ArchiveMeta {
    let data = bounds_of(&doc["bounds"]).unwrap_or([-180.0, -MAX_LAT, 180.0, MAX_LAT]);
    let bounds = clip_bounds(data, range);
    let zoom = doc["center"][2]
        .as_f64()
        .unwrap_or(0.0)
        .clamp(f64::from(range.minzoom), f64::from(range.maxzoom));
    let center = [
        (bounds[0] + bounds[2]) / 2.0,
        (bounds[1] + bounds[3]) / 2.0,
        zoom,
    ];
    if let Some(map) = doc.as_object_mut() {
        for key in SERVER_ONLY {
            map.remove(key);
        }
        map.insert("minzoom".into(), json!(range.minzoom));
        map.insert("maxzoom".into(), json!(range.maxzoom));
        map.insert("bounds".into(), json!(bounds));
        map.insert("center".into(), json!(center));
        map.insert(
            "generator".into(),
            json!(format!("mapwire {}", env!("CARGO_PKG_VERSION"))),
        );
        if let Some(layers) = map.get_mut("vector_layers").and_then(Value::as_array_mut) {
            for layer in layers {
                layer["minzoom"] = json!(range.minzoom);
                layer["maxzoom"] = json!(range.maxzoom);
            }
        }
    }
    ArchiveMeta {
        format,
        minzoom: range.minzoom,
        maxzoom: range.maxzoom,
        bounds,
        center,
        tilejson: doc,
    }
}

/// Metadata of a vector archive of `sources` (a composite when several).
pub fn vector(sources: &[std::sync::Arc<TileSource>], cluster: bool, range: &Range) -> ArchiveMeta {
    let refs: Vec<&TileSource> = sources.iter().map(|s| s.as_ref()).collect();
    let name: Vec<&str> = sources.iter().map(|s| s.id()).collect();
    let mut doc = meta::tilejson("", &name.join(","), &refs, cluster);
    doc["mapwire:layers"] = json!(name);
    finish(doc, TileFormat::Mvt, range)
}

/// Metadata of a basemap archive in `style` at `scale`.
pub fn raster(basemap: &Basemap, style: &str, scale: u32, range: &Range) -> ArchiveMeta {
    let mut doc = basemap.tilejson("");
    doc["name"] = json!(format!("mapwire basemap ({style})"));
    doc["tileSize"] = json!(256 * scale);
    doc["mapwire:style"] = json!(style);
    finish(doc, TileFormat::Png, range)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn bounds_are_cut_to_the_box() {
        let range = Range::new(0, 6, Some([-90.0, 0.0, -60.0, 30.0]), 24).unwrap();
        // Data from Moscow to Managua.
        let data = [-86.3, 12.1, 37.6, 55.8];
        assert_eq!(clip_bounds(data, &range), [-86.3, 12.1, -60.0, 30.0]);
        let away = [100.0, 10.0, 120.0, 20.0];
        assert_eq!(clip_bounds(away, &range), [-90.0, 0.0, -60.0, 30.0]);
        let world = Range::new(0, 6, None, 24).unwrap();
        assert_eq!(
            clip_bounds([-180.0, -90.0, 180.0, 90.0], &world)[3],
            MAX_LAT
        );
    }

    #[test]
    fn raster_metadata_has_no_server_urls() {
        let basemap = Basemap::new().unwrap();
        let range = Range::new(0, 3, None, 14).unwrap();
        let m = raster(&basemap, "dark", 2, &range);
        assert_eq!(m.format, TileFormat::Png);
        assert!(m.tilejson.get("tiles").is_none());
        assert!(m.tilejson.get("retina").is_none());
        assert_eq!(m.tilejson["tileSize"], 512);
        assert_eq!(m.tilejson["maxzoom"], 3);
        assert!(
            m.tilejson["attribution"]
                .as_str()
                .unwrap()
                .contains("Natural Earth")
        );
    }
}
