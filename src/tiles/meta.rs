//! Tile metadata documents: TileJSON 3.0.0, the catalog, and OGC API –
//! Tiles tilesets and the WebMercatorQuad tile matrix set. Every URL is
//! built from the `base` the server hands in (from the request's Host).

use serde_json::{Value, json};

use super::grid::{HALF_WORLD_M, MAX_LAT, MAX_ZOOM};
use super::render::{CELL, DETAIL_ZOOM};
use super::source::TileSource;
use crate::layers::FieldType;

pub const MVT: &str = "application/vnd.mapbox-vector-tile";
pub const TMS_URI: &str = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
pub const EPSG3857: &str = "http://www.opengis.net/def/crs/EPSG/0/3857";
const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

/// How points are thinned, as told in TileJSON and tileset metadata.
pub fn thinning_rule(category: Option<&str>) -> String {
    let per = match category {
        Some(c) => format!(
            " and value of {c:?} (the layer's category property), so every {c} present in a tile's \
             area is in the tile"
        ),
        None => String::new(),
    };
    let cluster_of = match category {
        Some(c) => format!("cell with the same {c}"),
        None => "cell".to_string(),
    };
    format!(
        "Below zoom {DETAIL_ZOOM} a tile keeps at most one point per {CELL}x{CELL} cell of its 4096-unit grid{per} \
         (the first in layer order); from zoom {DETAIL_ZOOM} on every point is kept. With ?cluster=true \
         the kept point moves to the mean position of the points of its {cluster_of} and carries point_count, \
         their number (1 for a lone point)."
    )
}

/// The bounds of the sources together, clamped to Web Mercator.
pub(crate) fn bounds(sources: &[&TileSource]) -> [f64; 4] {
    let mut b: Option<[f64; 4]> = None;
    for e in sources.iter().filter_map(|s| s.layer.extent()) {
        let acc = b.get_or_insert(e);
        *acc = [
            acc[0].min(e[0]),
            acc[1].min(e[1]),
            acc[2].max(e[2]),
            acc[3].max(e[3]),
        ];
    }
    let b = b.unwrap_or([-180.0, -MAX_LAT, 180.0, MAX_LAT]);
    [b[0], b[1].max(-MAX_LAT), b[2], b[3].min(MAX_LAT)]
}

/// The centre of the bounds and a whole zoom at which they fill a screen of
/// a few tiles (TileJSON 3.0.0 wants an integer zoom).
pub(crate) fn center(b: [f64; 4]) -> ([f64; 2], u8) {
    let span = (b[2] - b[0]).max(b[3] - b[1]).max(1e-6);
    let zoom = (360.0 / span)
        .log2()
        .floor()
        .clamp(0.0, f64::from(DETAIL_ZOOM)) as u8;
    ([(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0], zoom)
}

/// The MVT type of a property: lists, objects and properties of mixed
/// types travel in tiles as JSON text.
pub(crate) fn field_type(kind: FieldType) -> &'static str {
    match kind {
        FieldType::Number | FieldType::Integer => "Number",
        FieldType::Boolean => "Boolean",
        FieldType::String | FieldType::Array | FieldType::Object | FieldType::Mixed => "String",
    }
}

/// The fields of a source's MVT features: every property, the `id` when
/// ids are strings, and `point_count` in cluster mode.
pub(crate) fn tile_fields(source: &TileSource, cluster: bool) -> serde_json::Map<String, Value> {
    let mut fields = serde_json::Map::new();
    for f in source.layer.fields() {
        fields.insert(f.name.clone(), json!(field_type(f.kind)));
    }
    let string_ids =
        (0..source.layer.len().min(100)).any(|i| source.layer.id_json(i).starts_with('"'));
    if string_ids && !fields.contains_key("id") {
        fields.insert("id".into(), json!("String"));
    }
    if cluster {
        fields.insert("point_count".into(), json!("Number"));
    }
    fields
}

/// The `vector_layers` entry of one source.
fn vector_layer(source: &TileSource, cluster: bool) -> Value {
    let fields = tile_fields(source, cluster);
    json!({
        "id": source.id(),
        "description": source.layer.description,
        "minzoom": 0,
        "maxzoom": DETAIL_ZOOM,
        "fields": fields,
    })
}

/// TileJSON 3.0.0 for a (possibly composite) tile set named `name`.
pub fn tilejson(base: &str, name: &str, sources: &[&TileSource], cluster: bool) -> Value {
    let b = bounds(sources);
    let query = if cluster { "?cluster=true" } else { "" };
    let title: Vec<&str> = sources.iter().map(|s| s.layer.title.as_str()).collect();
    let (c, z) = center(b);
    let points: serde_json::Map<String, Value> = sources
        .iter()
        .map(|s| {
            (
                s.id().to_string(),
                json!(thinning_rule(s.layer.category.as_deref())),
            )
        })
        .collect();
    json!({
        "tilejson": "3.0.0",
        "name": title.join(", "),
        "description": sources.iter().map(|s| s.layer.description.as_str()).collect::<Vec<_>>().join(" / "),
        "version": "1.0.0",
        "scheme": "xyz",
        "tiles": [format!("{base}/tiles/{name}/{{z}}/{{x}}/{{y}}.mvt{query}")],
        "minzoom": 0,
        "maxzoom": DETAIL_ZOOM,
        "bounds": b,
        "center": [c[0], c[1], z],
        "vector_layers": sources.iter().map(|s| vector_layer(s, cluster)).collect::<Vec<_>>(),
        "mapwire:points": points,
        "mapwire:cluster": format!("{base}/tiles/{name}.json?cluster=true"),
        "mapwire:maxServedZoom": MAX_ZOOM,
    })
}

/// The `/tiles` catalog.
pub fn catalog(base: &str, sources: &[std::sync::Arc<TileSource>]) -> Value {
    let sets: Vec<Value> = sources
        .iter()
        .map(|s| {
            json!({
                "id": s.id(),
                "title": s.layer.title,
                "tilejson": format!("{base}/tiles/{}.json", s.id()),
                "tiles": [format!("{base}/tiles/{}/{{z}}/{{x}}/{{y}}.mvt", s.id())],
                "ogcTilesets": format!("{base}/collections/{}/tiles", s.id()),
            })
        })
        .collect();
    json!({
        "tilesets": sets,
        "composite": format!("{base}/tiles/{{layer}},{{layer}}/{{z}}/{{x}}/{{y}}.mvt (at most {} layers)", super::MAX_COMPOSITE),
        "links": [
            { "href": format!("{base}/tiles"), "rel": "self", "type": "application/json", "title": "Tile sets" },
            { "href": format!("{base}/tileMatrixSets"), "rel": "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes", "type": "application/json", "title": "Tile matrix sets" },
        ],
    })
}

fn tms_link(base: &str) -> Value {
    json!({
        "href": format!("{base}/tileMatrixSets/WebMercatorQuad"),
        "rel": "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme",
        "type": "application/json",
        "title": "WebMercatorQuad",
    })
}

/// `/collections/{id}/tiles`: the tilesets of one collection.
pub fn tilesets(base: &str, source: &TileSource) -> Value {
    let path = format!("{base}/collections/{}/tiles", source.id());
    json!({
        "links": [{ "href": path, "rel": "self", "type": "application/json", "title": "Tilesets" }],
        "tilesets": [{
            "title": format!("{} (WebMercatorQuad)", source.layer.title),
            "dataType": "vector",
            "crs": EPSG3857,
            "tileMatrixSetURI": TMS_URI,
            "links": [
                { "href": format!("{path}/WebMercatorQuad"), "rel": "self", "type": "application/json", "title": "Tileset" },
                tms_link(base),
            ],
        }],
    })
}

/// `/collections/{id}/tiles/WebMercatorQuad`: tileset metadata.
pub fn tileset(base: &str, source: &TileSource) -> Value {
    let path = format!("{base}/collections/{}/tiles/WebMercatorQuad", source.id());
    let b = bounds(&[source]);
    let (c, z) = center(b);
    let rule = thinning_rule(source.layer.category.as_deref());
    let dimension = if source.kinds.polygons {
        2
    } else if source.kinds.lines {
        1
    } else {
        0
    };
    let mut properties = serde_json::Map::new();
    for (name, kind) in tile_fields(source, false) {
        let kind = kind.as_str().unwrap_or("String").to_ascii_lowercase();
        properties.insert(name, json!({ "type": kind }));
    }
    json!({
        "title": source.layer.title,
        "description": format!("{} {rule}", source.layer.description),
        "dataType": "vector",
        "crs": EPSG3857,
        "tileMatrixSetURI": TMS_URI,
        "minTileMatrix": "0",
        "maxTileMatrix": MAX_ZOOM.to_string(),
        "boundingBox": { "lowerLeft": [b[0], b[1]], "upperRight": [b[2], b[3]], "crs": CRS84 },
        "centerPoint": { "coordinates": c, "tileMatrix": z.to_string(), "crs": CRS84 },
        "layers": [{
            "id": source.id(),
            "title": source.layer.title,
            "dataType": "vector",
            "geometryDimension": dimension,
            "minTileMatrix": "0",
            "maxTileMatrix": MAX_ZOOM.to_string(),
            "propertiesSchema": { "type": "object", "properties": properties },
        }],
        "links": [
            { "href": path, "rel": "self", "type": "application/json", "title": "This tileset" },
            tms_link(base),
            {
                "href": format!("{path}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"),
                "rel": "item", "type": MVT, "templated": true, "title": "Tiles (Mapbox Vector Tile)",
            },
            {
                "href": format!("{base}/tiles/{}.json", source.id()),
                "rel": "describedby", "type": "application/json", "title": "TileJSON",
            },
        ],
    })
}

/// `/tileMatrixSets`.
pub fn tile_matrix_sets(base: &str) -> Value {
    json!({
        "tileMatrixSets": [{
            "id": "WebMercatorQuad",
            "title": "Google Maps Compatible for the World",
            "uri": TMS_URI,
            "links": [{ "href": format!("{base}/tileMatrixSets/WebMercatorQuad"), "rel": "self", "type": "application/json", "title": "WebMercatorQuad" }],
        }],
        "links": [{ "href": format!("{base}/tileMatrixSets"), "rel": "self", "type": "application/json", "title": "Tile matrix sets" }],
    })
}

/// `/tileMatrixSets/WebMercatorQuad`: OGC 2D Tile Matrix Set 2.0 (JSON),
/// with the members of the 1.0 encoding alongside (`type`, `identifier`,
/// `supportedCRS`, the corners and `tileMatrix`): GDAL 3.6's OGC API
/// driver reads only those, and newer readers take the 2.0 members.
pub fn web_mercator_quad() -> Value {
    let matrices: Vec<(u8, u64, f64)> = (0..=MAX_ZOOM)
        .map(|z| {
            let n = 1u64 << z;
            (z, n, 2.0 * HALF_WORLD_M / 256.0 / n as f64)
        })
        .collect();
    let v2: Vec<Value> = matrices
        .iter()
        .map(|&(z, n, cell)| {
            json!({
                "id": z.to_string(),
                "scaleDenominator": cell / 0.00028,
                "cellSize": cell,
                "cornerOfOrigin": "topLeft",
                "pointOfOrigin": [-HALF_WORLD_M, HALF_WORLD_M],
                "tileWidth": 256,
                "tileHeight": 256,
                "matrixWidth": n,
                "matrixHeight": n,
            })
        })
        .collect();
    let v1: Vec<Value> = matrices
        .iter()
        .map(|&(z, n, cell)| {
            json!({
                "type": "TileMatrixType",
                "identifier": z.to_string(),
                "scaleDenominator": cell / 0.00028,
                "topLeftCorner": [-HALF_WORLD_M, HALF_WORLD_M],
                "tileWidth": 256,
                "tileHeight": 256,
                "matrixWidth": n,
                "matrixHeight": n,
            })
        })
        .collect();
    json!({
        "id": "WebMercatorQuad",
        "title": "Google Maps Compatible for the World",
        "uri": TMS_URI,
        "crs": EPSG3857,
        "orderedAxes": ["X", "Y"],
        "wellKnownScaleSet": "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
        "boundingBox": {
            "lowerLeft": [-HALF_WORLD_M, -HALF_WORLD_M],
            "upperRight": [HALF_WORLD_M, HALF_WORLD_M],
            "lowerCorner": [-HALF_WORLD_M, -HALF_WORLD_M],
            "upperCorner": [HALF_WORLD_M, HALF_WORLD_M],
            "crs": EPSG3857,
        },
        "tileMatrices": v2,
        "type": "TileMatrixSetType",
        "identifier": "WebMercatorQuad",
        "supportedCRS": EPSG3857,
        "tileMatrix": v1,
    })
}
