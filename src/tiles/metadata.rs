//! `metadata.json` of a tileset, as tippecanoe writes it next to a
//! `z/x/y.pbf` directory: what GDAL's MVT driver reads to open a tileset
//! from a URL (`MVT:http://host/tiles/events`), with its layers, fields and
//! geometry types.

use serde_json::{Value, json};

use super::meta::{center, tile_fields};
use super::render::DETAIL_ZOOM;
use super::source::TileSource;

/// The document for the tileset of `sources` (one MVT layer each).
pub fn metadata_json(name: &str, sources: &[&TileSource]) -> Value {
    let b = super::meta::bounds(sources);
    let (c, z) = center(b);
    let vector_layers: Vec<Value> = sources
        .iter()
        .map(|s| {
            json!({
                "id": s.id(),
                "description": s.layer.description,
                "minzoom": 0,
                "maxzoom": DETAIL_ZOOM,
                "fields": tile_fields(s, false),
            })
        })
        .collect();
    let layers: Vec<Value> = sources
        .iter()
        .map(|s| {
            let fields = tile_fields(s, false);
            json!({
                "layer": s.id(),
                "count": s.layer.len(),
                "geometry": geometry_name(s),
                "attributeCount": fields.len(),
                "attributes": fields.iter().map(|(k, t)| json!({
                    "attribute": k,
                    "type": t.as_str().unwrap_or("String").to_ascii_lowercase(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    // tippecanoe keeps the layer list as JSON text inside the document.
    let inner = json!({
        "vector_layers": vector_layers,
        "tilestats": { "layerCount": layers.len(), "layers": layers },
    });
    let title: Vec<&str> = sources.iter().map(|s| s.layer.title.as_str()).collect();
    json!({
        "name": name,
        "description": title.join(", "),
        "version": "2",
        "type": "overlay",
        "format": "pbf",
        "minzoom": "0",
        "maxzoom": DETAIL_ZOOM.to_string(),
        "bounds": format!("{},{},{},{}", b[0], b[1], b[2], b[3]),
        "center": format!("{},{},{z}", c[0], c[1]),
        "json": inner.to_string(),
    })
}

/// The tilestats geometry of a layer: GDAL makes it the layer's type.
fn geometry_name(source: &TileSource) -> &'static str {
    let k = source.kinds;
    match (k.points, k.lines, k.polygons) {
        (true, false, false) => "Point",
        (false, true, false) => "LineString",
        (false, false, true) => "Polygon",
        _ => "Unknown",
    }
}
