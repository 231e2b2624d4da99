//! The OpenAPI 3.0 description served at `/api`, built from the real
//! parameters, limits and collections of this server.

use serde_json::{Value, json};

use super::AppState;
use crate::layers::Layer;

/// The OpenAPI document for the server at `base`.
pub fn document(base: &str, state: &AppState) -> Value {
    let mut paths = serde_json::Map::new();
    let meta =
        |summary: &str, id: &str, params: Value, media: &str| operation(summary, id, params, media);
    paths.insert(
        "/".into(),
        meta(
            "Landing page",
            "getLandingPage",
            json!([p("f")]),
            "application/json",
        ),
    );
    paths.insert(
        "/conformance".into(),
        meta(
            "Conformance classes",
            "getConformance",
            json!([p("f")]),
            "application/json",
        ),
    );
    paths.insert(
        "/api".into(),
        meta(
            "This API definition",
            "getApi",
            json!([p("f")]),
            "application/vnd.oai.openapi+json;version=3.0",
        ),
    );
    paths.insert(
        "/collections".into(),
        meta(
            "Feature collections",
            "getCollections",
            json!([p("f")]),
            "application/json",
        ),
    );
    paths.insert(
        "/collections/{collectionId}".into(),
        meta(
            "One feature collection",
            "describeCollection",
            json!([p("collectionId"), p("f")]),
            "application/json",
        ),
    );
    paths.insert(
        "/collections/{collectionId}/queryables".into(),
        meta(
            "Queryable properties (JSON Schema)",
            "getQueryables",
            json!([p("collectionId"), p("f")]),
            "application/schema+json",
        ),
    );
    paths.insert(
        "/collections/{collectionId}/items".into(),
        meta(
            "Features of a collection",
            "getFeatures",
            items_params(None),
            "application/geo+json",
        ),
    );
    for layer in state.layers.iter() {
        let op = operation(
            &format!("Features of {}", layer.title),
            &format!("getFeatures_{}", layer.id),
            items_params(Some(layer)),
            "application/geo+json",
        );
        paths.insert(format!("/collections/{}/items", layer.id), op);
    }
    paths.insert(
        "/collections/{collectionId}/items/{featureId}".into(),
        meta(
            "One feature",
            "getFeature",
            json!([p("collectionId"), p("featureId"), p("f")]),
            "application/geo+json",
        ),
    );
    paths.insert(
        "/collections/{collectionId}/nearest".into(),
        meta(
            "The k features nearest to a point (R-tree search, ranked by great-circle distance; each feature carries distance_m)",
            "getNearest",
            json!([p("collectionId"), p("lon"), p("lat"), p("k"), p("f")]),
            "application/geo+json",
        ),
    );
    paths.insert(
        "/layers/{collectionId}.geojson".into(),
        meta(
            "The whole collection as one GeoJSON file",
            "downloadLayer",
            json!([p("collectionId")]),
            "application/geo+json",
        ),
    );
    tile_paths(&mut paths);
    super::openapi_write::paths(&mut paths, state.writes.max_body);
    paths.insert(
        "/health".into(),
        meta("Liveness", "getHealth", json!([]), "application/json"),
    );
    paths.insert(
        "/metrics".into(),
        meta("Prometheus metrics", "getMetrics", json!([]), "text/plain"),
    );
    let mut components = components(state);
    super::openapi_write::components(&mut components);
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": state.config.title,
            "version": env!("CARGO_PKG_VERSION"),
            "description": "OGC API – Features (Part 1: core, geojson, html, oas30) over mapwire's layers.",
            "license": { "name": "MIT OR Apache-2.0" },
        },
        "servers": [{ "url": base }],
        "paths": paths,
        "components": components,
    })
}

/// The vector tile endpoints (XYZ, TileJSON, OGC API – Tiles).
fn tile_paths(paths: &mut serde_json::Map<String, Value>) {
    let tile = |summary: &str, id: &str, params: Value| {
        let mut op = operation(summary, id, params, "application/vnd.mapbox-vector-tile");
        op["get"]["responses"]["204"] = json!({ "description": "No feature in this tile" });
        op
    };
    let json_op =
        |summary: &str, id: &str, params: Value| operation(summary, id, params, "application/json");
    let path_param = |name: &str, description: &str| json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": "string" } });
    let cluster = query(
        "cluster",
        "Cluster points below the detail zoom: each kept point moves to the mean of its cell and carries point_count.",
        json!({ "type": "boolean", "default": false }),
    );
    let layers = path_param(
        "layers",
        "A layer id, or up to 16 ids separated by commas (one MVT layer each).",
    );
    let xyz = [
        path_param("z", "Zoom 0..24"),
        path_param("x", "Column"),
        path_param("y", "Row, with the extension .mvt"),
    ];
    paths.insert(
        "/tiles".into(),
        json_op("Vector tile sets", "getTileSets", json!([])),
    );
    paths.insert(
        "/tiles/{layers}.json".into(),
        json_op(
            "TileJSON 3.0.0 of a layer or a composite",
            "getTileJson",
            json!([layers.clone(), cluster.clone()]),
        ),
    );
    paths.insert(
        "/tiles/{layers}/{z}/{x}/{y}.mvt".into(),
        tile(
            "A Mapbox Vector Tile (gzip when accepted)",
            "getTile",
            json!([layers, xyz[0], xyz[1], xyz[2], cluster.clone()]),
        ),
    );
    paths.insert(
        "/collections/{collectionId}/tiles".into(),
        json_op(
            "Vector tilesets of a collection",
            "getCollectionTilesets",
            json!([p("collectionId")]),
        ),
    );
    let tms = path_param("tileMatrixSetId", "Only WebMercatorQuad");
    paths.insert(
        "/collections/{collectionId}/tiles/{tileMatrixSetId}".into(),
        json_op(
            "Tileset metadata",
            "getCollectionTileset",
            json!([p("collectionId"), tms.clone()]),
        ),
    );
    paths.insert(
        "/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}"
            .into(),
        tile(
            "A vector tile of a collection",
            "getCollectionTile",
            json!([
                p("collectionId"),
                tms.clone(),
                path_param("tileMatrix", "Zoom 0..24"),
                path_param("tileRow", "Row (y)"),
                path_param("tileCol", "Column (x)"),
                cluster,
            ]),
        ),
    );
    let style = query(
        "style",
        "Basemap style: light (default) or dark.",
        json!({ "type": "string", "enum": ["light", "dark"] }),
    );
    paths.insert(
        "/tiles/basemap.json".into(),
        json_op(
            "TileJSON 3.0.0 of the raster basemap",
            "getBasemapTileJson",
            json!([style.clone()]),
        ),
    );
    paths.insert(
        "/tiles/basemap/{z}/{x}/{y}.png".into(),
        operation(
            "A raster basemap tile, 256 px (or 512 px with y written as {y}@2x)",
            "getBasemapTile",
            json!([
                path_param("z", "Zoom 0..14"),
                path_param("x", "Column"),
                path_param("y", "Row, with .png or @2x.png"),
                style
            ]),
            "image/png",
        ),
    );
    paths.insert(
        "/tileMatrixSets".into(),
        json_op("Tile matrix sets", "getTileMatrixSetsList", json!([])),
    );
    paths.insert(
        "/tileMatrixSets/{tileMatrixSetId}".into(),
        json_op(
            "A tile matrix set definition",
            "getTileMatrixSet",
            json!([tms]),
        ),
    );
}

/// A `$ref` to a shared parameter.
fn p(name: &str) -> Value {
    json!({ "$ref": format!("#/components/parameters/{name}") })
}

fn operation(summary: &str, id: &str, parameters: Value, media: &str) -> Value {
    json!({
        "get": {
            "summary": summary,
            "operationId": id,
            "parameters": parameters,
            "responses": {
                "200": { "description": "Success", "content": { media: {}, "text/html": {} } },
                "400": { "$ref": "#/components/responses/Error" },
                "404": { "$ref": "#/components/responses/Error" },
            },
        }
    })
}

/// The items parameters; for one layer, its queryables as equality filters.
fn items_params(layer: Option<&Layer>) -> Value {
    let mut params = vec![];
    if layer.is_none() {
        params.push(p("collectionId"));
    }
    params.extend(["bbox", "limit", "offset", "datetime", "sortby", "f"].map(p));
    for q in layer.map(|l| l.queryables()).unwrap_or_default() {
        let mut schema = json!({ "type": q.kind.as_str() });
        if let Some(format) = q.format {
            schema["format"] = json!(format);
        }
        params.push(json!({
            "name": q.name, "in": "query", "required": false, "style": "form", "explode": false,
            "description": format!("Only features whose property {:?} equals this value.", q.name),
            "schema": schema,
        }));
    }
    Value::Array(params)
}

fn components(state: &AppState) -> Value {
    let ids: Vec<&str> = state.layers.iter().map(|l| l.id.as_str()).collect();
    let max = state.config.max_limit;
    json!({
        "parameters": {
            "f": query("f", "Response format (otherwise the Accept header decides).", json!({ "type": "string", "enum": ["json", "html"] })),
            "collectionId": { "name": "collectionId", "in": "path", "required": true, "schema": { "type": "string", "enum": ids } },
            "featureId": { "name": "featureId", "in": "path", "required": true, "schema": { "type": "string" } },
            "bbox": {
                "name": "bbox", "in": "query", "required": false, "style": "form", "explode": false,
                "description": "minLon,minLat,maxLon,maxLat in CRS84 (6 numbers with heights also accepted). minLon > maxLon crosses the antimeridian.",
                "schema": { "type": "array", "minItems": 4, "maxItems": 6, "items": { "type": "number" } },
            },
            "limit": query("limit", &format!("Features per page; larger values are clamped to {max}."),
                json!({ "type": "integer", "minimum": 1, "maximum": max, "default": state.config.default_limit })),
            "offset": query("offset", "Features to skip (paging; prefer the next/prev links).", json!({ "type": "integer", "minimum": 0, "default": 0 })),
            "datetime": query("datetime",
                "RFC 3339 instant or date, or interval a/b with '..' or empty for an open end. Matched against the features' start/end properties; features without them never match.",
                json!({ "type": "string" })),
            "sortby": query("sortby", "Comma-separated queryable properties, each with an optional +/- prefix (descending with -).", json!({ "type": "string" })),
            "lon": { "name": "lon", "in": "query", "required": true, "schema": { "type": "number", "minimum": -180, "maximum": 180 } },
            "lat": { "name": "lat", "in": "query", "required": true, "schema": { "type": "number", "minimum": -90, "maximum": 90 } },
            "k": query("k", &format!("Number of features (clamped to {}).", state.config.max_nearest),
                json!({ "type": "integer", "minimum": 1, "maximum": state.config.max_nearest, "default": 10 })),
        },
        "responses": {
            "Error": {
                "description": "Bad request or not found",
                "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } },
            },
        },
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["code", "description"],
                "properties": { "code": { "type": "string" }, "description": { "type": "string" } },
            },
        },
    })
}

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "style": "form", "explode": false, "description": description, "schema": schema })
}
