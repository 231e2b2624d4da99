//! The OpenAPI 3.0 description served at `/api`, built from the real
//! parameters, limits and collections of this server. Schemathesis checks
//! it against the server (tests/clients.rs): every path, parameter, status
//! and response body the server produces is described here.

use serde_json::{Map, Value, json};

use super::AppState;
use super::openapi_schemas::components;
use crate::layers::Layer;

/// Media types of the responses.
pub(super) const JSON: &str = "application/json";
const GEOJSON: &str = "application/geo+json";
const SCHEMA: &str = "application/schema+json";
const OPENAPI: &str = "application/vnd.oai.openapi+json;version=3.0";

/// One GET operation.
pub(super) struct Op<'a> {
    pub summary: &'a str,
    pub id: &'a str,
    pub params: Vec<Value>,
    /// (media type, schema name in components) of the 200 response.
    pub ok: Vec<(&'a str, &'a str)>,
    /// Extra statuses besides 200, 400, 404 and 503 (e.g. "204", "413").
    pub extra: &'a [&'a str],
}

impl Op<'_> {
    pub fn build(self) -> Value {
        let mut content = Map::new();
        for (media, schema) in &self.ok {
            content.insert(
                (*media).to_string(),
                json!({ "schema": { "$ref": format!("#/components/schemas/{schema}") } }),
            );
        }
        let mut responses = json!({
            "200": { "description": "Success", "content": content },
            "400": { "$ref": "#/components/responses/Error" },
            "404": { "$ref": "#/components/responses/Error" },
            "503": { "$ref": "#/components/responses/Error" },
        });
        for status in self.extra {
            responses[*status] = match *status {
                "204" => json!({ "description": "No feature in this tile" }),
                _ => json!({ "$ref": "#/components/responses/Error" }),
            };
        }
        json!({ "get": {
            "summary": self.summary,
            "operationId": self.id,
            "parameters": self.params,
            "responses": responses,
        }})
    }
}

/// A JSON (or GeoJSON) document that also comes as an HTML page with `f=html`.
fn with_html<'a>(media: &'a str, schema: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![(media, schema), ("text/html", "Html")]
}

/// The OpenAPI document for the server at `base`.
pub fn document(base: &str, state: &AppState) -> Value {
    let mut paths = Map::new();
    let mut add = |path: &str, op: Op| {
        paths.insert(path.to_string(), op.build());
    };
    add(
        "/",
        Op {
            summary: "Landing page (the map page for a browser that names no format)",
            id: "getLandingPage",
            params: vec![p("f")],
            ok: with_html(JSON, "LandingPage"),
            extra: &[],
        },
    );
    add(
        "/conformance",
        Op {
            summary: "Conformance classes",
            id: "getConformance",
            params: vec![p("f")],
            ok: with_html(JSON, "Conformance"),
            extra: &[],
        },
    );
    add(
        "/api",
        Op {
            summary: "This API definition",
            id: "getApi",
            params: vec![p("f")],
            ok: with_html(OPENAPI, "Object"),
            extra: &[],
        },
    );
    feature_paths(&mut add, state);
    super::openapi_tiles::tile_paths(&mut add);
    page_paths(&mut add);
    add(
        "/health",
        Op {
            summary: "Liveness",
            id: "getHealth",
            params: vec![],
            ok: vec![(JSON, "Health")],
            extra: &[],
        },
    );
    add(
        "/metrics",
        Op {
            summary: "Prometheus metrics",
            id: "getMetrics",
            params: vec![],
            ok: vec![("text/plain", "Text")],
            extra: &[],
        },
    );
    super::openapi_write::paths(&mut paths, state.writes.max_body);
    let mut components = components(state);
    super::openapi_write::components(&mut components);
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": state.config.title,
            "version": env!("CARGO_PKG_VERSION"),
            "description": "OGC API – Features (Part 1: core, geojson, html, oas30) and OGC API – Tiles over mapwire's layers, with TileJSON, PNG basemap tiles, the documents and the map page.",
            "license": { "name": "MIT OR Apache-2.0" },
        },
        "servers": [{ "url": base }],
        "paths": paths,
        "components": components,
    })
}

/// The feature endpoints (OGC API – Features and the downloads).
fn feature_paths(add: &mut impl FnMut(&str, Op), state: &AppState) {
    add(
        "/collections",
        Op {
            summary: "Feature collections",
            id: "getCollections",
            params: vec![p("f")],
            ok: with_html(JSON, "Collections"),
            extra: &[],
        },
    );
    add(
        "/collections/{collectionId}",
        Op {
            summary: "One feature collection",
            id: "describeCollection",
            params: vec![p("collectionId"), p("f")],
            ok: with_html(JSON, "Collection"),
            extra: &[],
        },
    );
    add(
        "/collections/{collectionId}/queryables",
        Op {
            summary: "Queryable properties (JSON Schema)",
            id: "getQueryables",
            params: vec![p("collectionId"), p("f")],
            ok: with_html(SCHEMA, "JsonSchema"),
            extra: &[],
        },
    );
    add(
        "/collections/{collectionId}/schema",
        Op {
            summary: "The schema of the features' properties (JSON Schema, every property with its type)",
            id: "getSchema",
            params: vec![p("collectionId"), p("f")],
            ok: with_html(SCHEMA, "JsonSchema"),
            extra: &[],
        },
    );
    add(
        "/collections/{collectionId}/schema/feature",
        Op {
            summary: "The schema of one feature of the collection (JSON Schema of the GeoJSON feature)",
            id: "getFeatureSchema",
            params: vec![p("collectionId"), p("f")],
            ok: with_html(SCHEMA, "JsonSchema"),
            extra: &[],
        },
    );
    add(
        "/collections/{collectionId}/items",
        Op {
            summary: "Features of a collection",
            id: "getFeatures",
            params: items_params(None),
            ok: with_html(GEOJSON, "FeatureCollection"),
            extra: &["413"],
        },
    );
    for layer in state.layers.iter() {
        let summary = format!("Features of {}", layer.title);
        let id = format!("getFeatures_{}", layer.id);
        add(
            &format!("/collections/{}/items", layer.id),
            Op {
                summary: &summary,
                id: &id,
                params: items_params(Some(layer)),
                ok: with_html(GEOJSON, "FeatureCollection"),
                extra: &["413"],
            },
        );
    }
    add(
        "/collections/{collectionId}/items/{featureId}",
        Op {
            summary: "One feature",
            id: "getFeature",
            params: vec![p("collectionId"), p("featureId"), p("f")],
            ok: with_html(GEOJSON, "Feature"),
            extra: &["413"],
        },
    );
    add(
        "/collections/{collectionId}/nearest",
        Op {
            summary: "The k features nearest to a point (R-tree search, ranked by great-circle distance; each feature carries distance_m)",
            id: "getNearest",
            params: vec![p("collectionId"), p("lon"), p("lat"), p("k"), p("f")],
            ok: with_html(GEOJSON, "FeatureCollection"),
            extra: &["413"],
        },
    );
    add(
        "/layers/{collectionId}.geojson",
        Op {
            summary: "The whole collection as one GeoJSON file (streamed, with its length)",
            id: "downloadLayer",
            params: vec![p("collectionId")],
            ok: vec![(GEOJSON, "FeatureCollection")],
            extra: &[],
        },
    );
}

/// The map page, its files and the documents behind the events.
fn page_paths(add: &mut impl FnMut(&str, Op)) {
    add(
        "/documents",
        Op {
            summary: "The documents the built-in layers come from",
            id: "getDocuments",
            params: vec![p("f")],
            ok: with_html(JSON, "Documents"),
            extra: &[],
        },
    );
    add(
        "/documents/{documentId}",
        Op {
            summary: "One document: its text and the places it names (HTML: the mentions highlighted)",
            id: "getDocument",
            params: vec![
                path("documentId", "A document id", json!({ "type": "string" })),
                p("f"),
            ],
            ok: with_html(JSON, "Document"),
            extra: &[],
        },
    );
    add(
        "/search",
        Op {
            summary: "Place search in the gazetteer (prefix, best known first, at most 10)",
            id: "searchPlaces",
            params: vec![
                json!({ "name": "q", "in": "query", "required": true, "description": "A place name or its start",
                    "schema": { "type": "string", "minLength": 1, "maxLength": 200 } }),
                query(
                    "f",
                    "Only json",
                    json!({ "type": "string", "enum": ["json"] }),
                ),
            ],
            ok: vec![(JSON, "SearchResults")],
            extra: &[],
        },
    );
    add(
        "/web/{path}",
        Op {
            summary: "A file of the map page (scripts, styles, vendored libraries)",
            id: "getWebFile",
            params: vec![path(
                "path",
                "The file's path under web/",
                json!({ "type": "string" }),
            )],
            ok: vec![
                ("text/javascript", "Text"),
                ("text/css", "Text"),
                ("image/svg+xml", "Text"),
            ],
            extra: &[],
        },
    );
    add(
        "/favicon.ico",
        Op {
            summary: "The icon (SVG)",
            id: "getFavicon",
            params: vec![],
            ok: vec![("image/svg+xml", "Text")],
            extra: &[],
        },
    );
}

/// A `$ref` to a shared parameter.
pub(super) fn p(name: &str) -> Value {
    json!({ "$ref": format!("#/components/parameters/{name}") })
}

pub(super) fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "style": "form", "explode": false, "description": description, "schema": schema })
}

pub(super) fn path(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "path", "required": true, "description": description, "schema": schema })
}

/// `text` as a regular expression that matches it literally.
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_alphanumeric() && c != '_' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The items parameters; for one layer, its queryables as equality filters.
fn items_params(layer: Option<&Layer>) -> Vec<Value> {
    let mut params = vec![];
    if layer.is_none() {
        params.push(p("collectionId"));
    }
    params.extend(["bbox", "limit", "offset", "datetime", "f"].map(p));
    // Which names sortby takes depends on the collection: only the paths of
    // one collection list them.
    if let Some(layer) = layer.filter(|l| !l.queryables().is_empty()) {
        let names: Vec<String> = layer
            .queryables()
            .iter()
            .map(|q| regex_escape(&q.name))
            .collect();
        let one = format!("[+-]?({})", names.join("|"));
        params.push(query(
            "sortby",
            "Comma-separated queryable properties, each with an optional + or - (descending) before it.",
            json!({ "type": "string", "pattern": format!("^{one}(,{one})*$") }),
        ));
    }
    for q in layer.map(|l| l.queryables()).unwrap_or_default() {
        let mut schema = json!({ "type": q.kind.as_str() });
        if let Some(format) = q.format {
            schema["format"] = json!(format);
        }
        params.push(query(
            &q.name,
            &format!(
                "Only features whose property {:?} equals this value.",
                q.name
            ),
            schema,
        ));
    }
    params
}
