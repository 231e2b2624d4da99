//! Metadata endpoints: landing page, conformance, API, collections, queryables.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{Value, json};

use super::http::{html_response, json_response};
use super::query::CRS84;
use super::{AppError, AppState, Ctx, Format, Link, html, media, openapi, schemas};
use crate::layers::Layer;

/// The conformance classes implemented (OGC API – Features – Part 1, OGC
/// API – Tiles – Part 1 for vector tiles, OGC Two Dimensional Tile Matrix Set).
pub const CONFORMANCE: [&str; 11] = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
    "http://www.opengis.net/spec/tms/2.0/conf/tilematrixset",
    "http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset",
];

/// `self` and `alternate` links of a resource at `path` (a path without a
/// query string), for the format being served.
pub fn self_links(
    ctx: &Ctx,
    path: &str,
    format: Format,
    json_media: &str,
    title: &str,
) -> Vec<Link> {
    let json = Link::new(
        ctx.url(&format!("{path}?f=json")),
        "self",
        json_media,
        title,
    );
    let html = Link::new(
        ctx.url(&format!("{path}?f=html")),
        "alternate",
        media::HTML,
        &format!("{title} (HTML)"),
    );
    match format {
        Format::Json => vec![json, html],
        Format::Html => vec![
            Link {
                rel: "self".into(),
                ..html
            },
            Link {
                rel: "alternate".into(),
                ..json
            },
        ],
    }
}

/// Unwraps a path parameter, turning axum's plain-text rejection into JSON.
pub fn path_param<T>(p: Result<Path<T>, PathRejection>) -> Result<T, AppError> {
    p.map(|Path(v)| v)
        .map_err(|e| AppError::BadPath(e.body_text()))
}

pub async fn landing(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let format = ctx.format_only()?;
    let mut links = self_links(&ctx, "/", format, media::JSON, "This document");
    links.extend([
        Link::new(
            ctx.url("/api"),
            "service-desc",
            media::OPENAPI,
            "The API definition (OpenAPI 3.0)",
        ),
        Link::new(
            ctx.url("/api?f=html"),
            "service-doc",
            media::HTML,
            "The API documentation",
        ),
        Link::new(
            ctx.url("/conformance"),
            "conformance",
            media::JSON,
            "Conformance classes implemented",
        ),
        Link::new(
            ctx.url("/collections"),
            "data",
            media::JSON,
            "The feature collections",
        ),
        Link::new(
            ctx.url("/tileMatrixSets"),
            "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes",
            media::JSON,
            "Tile matrix sets (WebMercatorQuad)",
        ),
        Link::new(
            ctx.url("/tiles"),
            "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector",
            media::JSON,
            "Vector tile sets (TileJSON)",
        ),
    ]);
    let doc = json!({
        "title": state.config.title,
        "description": "Map layers from news reporting, served as OGC API – Features and GeoJSON.",
        "links": links,
    });
    Ok(match format {
        Format::Json => json_response(&doc, media::JSON),
        Format::Html => html_response(html::landing(&doc, &state.layers)),
    })
}

pub async fn conformance(ctx: Ctx) -> Result<Response, AppError> {
    let format = ctx.format_only()?;
    let doc = json!({ "conformsTo": CONFORMANCE });
    Ok(match format {
        Format::Json => json_response(&doc, media::JSON),
        Format::Html => html_response(html::conformance(&CONFORMANCE)),
    })
}

pub async fn api(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let format = ctx.format_only()?;
    let doc = openapi::document(&ctx.base, &state);
    Ok(match format {
        Format::Json => json_response(&doc, media::OPENAPI),
        Format::Html => html_response(html::api(&doc)),
    })
}

pub async fn collections(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let format = ctx.format_only()?;
    let docs: Vec<Value> = state
        .layers
        .iter()
        .map(|l| collection_doc(&ctx, l))
        .collect();
    let doc = json!({
        "links": self_links(&ctx, "/collections", format, media::JSON, "The feature collections"),
        "collections": docs,
    });
    Ok(match format {
        Format::Json => json_response(&doc, media::JSON),
        Format::Html => html_response(html::collections(&doc)),
    })
}

pub async fn collection(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let layer = state.layer(&path_param(id)?)?.clone();
    let format = ctx.format_only()?;
    let mut doc = collection_doc(&ctx, &layer);
    doc["links"] = json!(collection_links(&ctx, &layer, Some(format)));
    Ok(match format {
        Format::Json => json_response(&doc, media::JSON),
        Format::Html => html_response(html::collection(&doc)),
    })
}

/// The description of one collection (as in `/collections` and
/// `/collections/{id}`).
pub fn collection_doc(ctx: &Ctx, layer: &Layer) -> Value {
    let mut extent = serde_json::Map::new();
    if let Some(b) = layer.extent() {
        extent.insert("spatial".into(), json!({ "bbox": [b], "crs": CRS84 }));
    }
    if let Some(t) = layer.temporal_extent() {
        extent.insert(
            "temporal".into(),
            json!({ "interval": [t.to_rfc3339()], "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian" }),
        );
    }
    json!({
        "id": layer.id,
        "title": layer.title,
        "description": layer.description,
        "itemType": "feature",
        "crs": [CRS84],
        "extent": extent,
        "links": collection_links(ctx, layer, None),
    })
}

fn collection_links(ctx: &Ctx, layer: &Layer, format: Option<Format>) -> Vec<Link> {
    let path = format!("/collections/{}", layer.id);
    let mut links = match format {
        Some(f) => self_links(ctx, &path, f, media::JSON, &layer.title),
        None => vec![Link::new(ctx.url(&path), "self", media::JSON, &layer.title)],
    };
    links.extend([
        Link::new(
            ctx.url(&format!("{path}/items")),
            "items",
            media::GEOJSON,
            "The features (GeoJSON)",
        ),
        Link::new(
            ctx.url(&format!("{path}/items?f=html")),
            "items",
            media::HTML,
            "The features (HTML)",
        ),
        Link::new(
            ctx.url(&format!("{path}/queryables")),
            "http://www.opengis.net/def/rel/ogc/1.0/queryables",
            media::SCHEMA,
            "Queryable properties",
        ),
        Link::new(
            ctx.url(&format!("/layers/{}.geojson", layer.id)),
            "enclosure",
            media::GEOJSON,
            "The whole layer",
        ),
        Link::new(
            ctx.url(&format!("{path}/tiles")),
            "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector",
            media::JSON,
            "Vector tilesets (OGC API – Tiles)",
        ),
        Link::new(
            ctx.url(&format!("{path}/schema")),
            "http://www.opengis.net/def/rel/ogc/1.0/schema",
            media::SCHEMA,
            "The schema of the features' properties (JSON Schema)",
        ),
        Link::new(
            ctx.url(&format!("/tiles/{}.json", layer.id)),
            "related",
            media::JSON,
            "Vector tiles (TileJSON)",
        ),
    ]);
    links.extend(schemas::describedby_links(ctx, &path));
    links
}

/// `/collections/{id}/schema`: the JSON Schema of a feature's properties
/// (OGC API – Features – Part 5 style), with every property's type.
pub async fn schema(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    schema_page(&state, id, &ctx, "Schema", schema_doc)
}

/// A JSON Schema document about one layer, as JSON or as a page.
fn schema_page(
    state: &AppState,
    id: Result<Path<String>, PathRejection>,
    ctx: &Ctx,
    what: &str,
    build: fn(&Ctx, &Layer) -> Value,
) -> Result<Response, AppError> {
    let layer = state.layer(&path_param(id)?)?.clone();
    let format = ctx.format_only()?;
    let doc = build(ctx, &layer);
    Ok(match format {
        Format::Json => json_response(&doc, media::SCHEMA),
        Format::Html => html_response(html::json_page(&format!("{what} of {}", layer.title), &doc)),
    })
}

fn schema_doc(ctx: &Ctx, layer: &Layer) -> Value {
    let mut properties = schemas::property_schemas(layer);
    properties.insert(
        "geometry".into(),
        json!({ "x-ogc-role": "primary-geometry", "format": "geometry-any" }),
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": ctx.url(&format!("/collections/{}/schema", layer.id)),
        "type": "object",
        "title": layer.title,
        "description": format!("The properties of the features of {} (null where a feature has no value).", layer.title),
        "properties": properties,
    })
}

/// `/collections/{id}/schema/feature`: the JSON Schema of one GeoJSON
/// feature of the collection.
pub async fn feature_schema(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    schema_page(
        &state,
        id,
        &ctx,
        "Feature schema",
        schemas::feature_schema_doc,
    )
}

pub async fn queryables(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    schema_page(&state, id, &ctx, "Queryables", queryables_doc)
}

/// The queryables of a layer as a JSON Schema.
fn queryables_doc(ctx: &Ctx, layer: &Layer) -> Value {
    let mut properties = serde_json::Map::new();
    for q in layer.queryables() {
        let mut schema = json!({ "title": q.name, "type": q.kind.as_str() });
        if let Some(format) = q.format {
            schema["format"] = json!(format);
        }
        properties.insert(q.name.clone(), schema);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": ctx.url(&format!("/collections/{}/queryables", layer.id)),
        "type": "object",
        "title": layer.title,
        "properties": properties,
    })
}
