//! The `components` of the OpenAPI document: shared parameters, the error
//! response, and a schema for every response body the server sends.

use serde_json::{Value, json};

use super::AppState;
use super::openapi::query;

pub(super) fn components(state: &AppState) -> Value {
    json!({
        "parameters": parameters(state),
        "responses": {
            "Error": {
                "description": "Bad request, not found, too large, or too slow",
                "content": {
                    "application/json": { "schema": { "$ref": "#/components/schemas/Error" } },
                    "text/html": { "schema": { "$ref": "#/components/schemas/Html" } },
                },
            },
        },
        "schemas": schemas(),
    })
}

fn parameters(state: &AppState) -> Value {
    let ids: Vec<&str> = state.layers.iter().map(|l| l.id.as_str()).collect();
    json!({
        "f": query("f", "Response format (otherwise the Accept header decides).",
            json!({ "type": "string", "enum": ["json", "geojson", "html"] })),
        "fJson": query("f", "Response format: JSON only.", json!({ "type": "string", "enum": ["json"] })),
        "fTile": query("f", "Accepted for uniformity; the format is fixed by the path.",
            json!({ "type": "string", "enum": ["json", "mvt"] })),
        "collectionId": { "name": "collectionId", "in": "path", "required": true, "schema": { "type": "string", "enum": ids } },
        "featureId": { "name": "featureId", "in": "path", "required": true, "schema": { "type": "string" } },
        "bbox": {
            "name": "bbox", "in": "query", "required": false, "style": "form", "explode": false,
            "description": "minLon,minLat,maxLon,maxLat in CRS84 (6 numbers with heights also accepted). minLon > maxLon crosses the antimeridian; minLat > maxLat is refused.",
            // OpenAPI 3.0 cannot say "4 or 6", nor a range per axis, nor that
            // minLat <= maxLat: the description does.
            "schema": { "type": "array", "minItems": 4, "maxItems": 6,
                        "items": { "type": "number", "minimum": -180, "maximum": 180 } },
        },
        "limit": query("limit",
            &format!("Features per page; larger values are clamped to {}.", state.config.max_limit),
            json!({ "type": "integer", "minimum": 1, "default": state.config.default_limit })),
        "offset": query("offset", "Features to skip (paging; prefer the next/prev links).",
            json!({ "type": "integer", "minimum": 0, "default": 0 })),
        "datetime": query("datetime",
            "An RFC 3339 date-time or date, or an interval a/b where either end may be '..' or empty (open), or an ISO 8601 duration (2010-03-16/P2D, PT36H/2010-03-18). Matched against the features' start/end properties; features without them never match.",
            json!({ "type": "string", "format": "date-time" })),
        "lon": { "name": "lon", "in": "query", "required": true, "schema": { "type": "number", "minimum": -180, "maximum": 180 } },
        "lat": { "name": "lat", "in": "query", "required": true, "schema": { "type": "number", "minimum": -90, "maximum": 90 } },
        "k": query("k", &format!("Number of features (clamped to {}).", state.config.max_nearest),
            json!({ "type": "integer", "minimum": 1, "default": 10 })),
    })
}

fn schemas() -> Value {
    let link = json!({
        "type": "object", "required": ["href", "rel"],
        "properties": { "href": { "type": "string" }, "rel": { "type": "string" },
                        "type": { "type": "string" }, "title": { "type": "string" } },
    });
    let links = json!({ "type": "array", "items": { "$ref": "#/components/schemas/Link" } });
    json!({
        "Error": {
            "type": "object", "required": ["code", "description"],
            "properties": { "code": { "type": "string" }, "description": { "type": "string" } },
        },
        "Link": link,
        "Html": { "type": "string", "description": "An HTML page" },
        "Text": { "type": "string" },
        "Binary": { "type": "string", "format": "binary" },
        "Object": { "type": "object" },
        "LandingPage": {
            "type": "object", "required": ["links"],
            "properties": { "title": { "type": "string" }, "description": { "type": "string" }, "links": links },
        },
        "Conformance": {
            "type": "object", "required": ["conformsTo"],
            "properties": { "conformsTo": { "type": "array", "items": { "type": "string" } } },
        },
        "Collection": {
            "type": "object", "required": ["id", "links"],
            "properties": {
                "id": { "type": "string" }, "title": { "type": "string" }, "description": { "type": "string" },
                "itemType": { "type": "string" }, "crs": { "type": "array", "items": { "type": "string" } },
                "extent": { "type": "object" }, "links": links,
            },
        },
        "Collections": {
            "type": "object", "required": ["links", "collections"],
            "properties": { "links": links,
                "collections": { "type": "array", "items": { "$ref": "#/components/schemas/Collection" } } },
        },
        "JsonSchema": {
            "type": "object", "required": ["type", "properties"],
            "properties": { "type": { "type": "string" }, "properties": { "type": "object" } },
        },
        "Geometry": {
            "type": "object", "nullable": true, "required": ["type"],
            "properties": { "type": { "type": "string", "enum": [
                "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"] } },
        },
        "Feature": {
            "type": "object", "required": ["type", "geometry", "properties"],
            "properties": {
                "type": { "type": "string", "enum": ["Feature"] },
                "id": { "oneOf": [{ "type": "string" }, { "type": "number" }] },
                "geometry": { "$ref": "#/components/schemas/Geometry" },
                "properties": { "type": "object", "nullable": true },
                "links": links,
                "distance_m": { "type": "number", "minimum": 0 },
            },
        },
        "FeatureCollection": {
            "type": "object", "required": ["type", "features"],
            "properties": {
                "type": { "type": "string", "enum": ["FeatureCollection"] },
                "features": { "type": "array", "items": { "$ref": "#/components/schemas/Feature" } },
                "numberMatched": { "type": "integer", "minimum": 0 },
                "numberReturned": { "type": "integer", "minimum": 0 },
                "timeStamp": { "type": "string", "format": "date-time" },
                "links": links,
            },
        },
        "TileJson": {
            "type": "object", "required": ["tilejson", "tiles"],
            "properties": {
                "tilejson": { "type": "string", "enum": ["3.0.0"] },
                "tiles": { "type": "array", "minItems": 1, "items": { "type": "string" } },
                "minzoom": { "type": "integer" }, "maxzoom": { "type": "integer" },
                "bounds": { "type": "array", "minItems": 4, "maxItems": 4, "items": { "type": "number" } },
                "center": { "type": "array", "minItems": 3, "maxItems": 3, "items": { "type": "number" } },
                "vector_layers": { "type": "array", "items": {
                    "type": "object", "required": ["id", "fields"],
                    "properties": { "id": { "type": "string" }, "fields": { "type": "object",
                        "additionalProperties": { "type": "string" } } } } },
            },
        },
        "Health": {
            "type": "object", "required": ["status"],
            "properties": { "status": { "type": "string" }, "collections": { "type": "integer" } },
        },
        "Documents": {
            "type": "object", "required": ["documents"],
            "properties": { "documents": { "type": "array", "items": {
                "type": "object", "required": ["id", "href"],
                "properties": { "id": { "type": "string" }, "href": { "type": "string" },
                                "title": { "type": "string", "nullable": true }, "published": { "type": "string", "nullable": true },
                                "mentions": { "type": "integer" } } } } },
        },
        "Document": {
            "type": "object", "required": ["id", "text", "mentions"],
            "properties": { "id": { "type": "string" }, "text": { "type": "string" },
                            "mentions": { "type": "array", "items": { "type": "object" } } },
        },
        "SearchResults": {
            "type": "object", "required": ["query", "results"],
            "properties": { "query": { "type": "string" }, "results": { "type": "array", "items": {
                "type": "object", "required": ["name", "lat", "lon"],
                "properties": { "name": { "type": "string" }, "lat": { "type": "number" }, "lon": { "type": "number" },
                                "kind": { "type": "string" }, "id": { "type": "string" } } } } },
        },
    })
}
