//! JSON Schemas of a collection's features: each property's schema, and
//! the schema of one whole GeoJSON feature that `describedby` links to.

use serde_json::{Map, Value, json};

use super::{Ctx, Link, media};
use crate::layers::{FieldType, Layer};

/// The JSON Schema of every property of a layer's features. A property is
/// `date` or `date-time` only when every value is one: an event's `date`
/// keeps its precision (`2018`, `2018-12`, `2018-12-10`) and stays a plain
/// string, so clients that type fields from a schema never make it a Date.
pub fn property_schemas(layer: &Layer) -> Map<String, Value> {
    let mut properties = Map::new();
    for f in layer.fields() {
        let mut schema = match f.kind {
            FieldType::String => json!({ "type": "string" }),
            FieldType::Number => json!({ "type": "number" }),
            FieldType::Integer => json!({ "type": "integer" }),
            FieldType::Boolean => json!({ "type": "boolean" }),
            FieldType::Array => json!({ "type": "array" }),
            FieldType::Object => json!({ "type": "object" }),
            FieldType::Mixed => json!({ "description": "values of more than one type" }),
        };
        schema["title"] = json!(f.name);
        if let Some(format) = f.format {
            schema["format"] = json!(format);
        }
        if let Some(items) = f.items {
            schema["items"] = json!({ "type": items });
        }
        properties.insert(f.name.clone(), schema);
    }
    properties
}

/// The JSON Schema of one GeoJSON feature of a layer: the properties sit
/// under `properties`, where GDAL's OGC API – Features driver looks for
/// them to type its fields (it builds an example feature from the schema).
pub fn feature_schema_doc(ctx: &Ctx, layer: &Layer) -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": ctx.url(&format!("/collections/{}/schema/feature", layer.id)),
        "title": format!("A feature of {}", layer.title),
        "description": format!("One GeoJSON feature of {} (a property is null where a feature has no value).", layer.title),
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": { "type": "string", "enum": ["Feature"] },
            "id": { "type": ["string", "integer"] },
            "geometry": { "type": ["object", "null"], "description": "A GeoJSON geometry (CRS84)." },
            "properties": { "type": "object", "properties": property_schemas(layer) },
        },
    })
}

/// The `describedby` links of a collection, to its feature schema. RFC 8288
/// compares relation types without regard to case, but GDAL's OGC API –
/// Features driver (3.6 at least) looks for the exact text `describedBy`,
/// so the link is given in both spellings.
pub fn describedby_links(ctx: &Ctx, collection_path: &str) -> Vec<Link> {
    let href = ctx.url(&format!("{collection_path}/schema/feature"));
    ["describedby", "describedBy"]
        .into_iter()
        .map(|rel| {
            Link::new(
                href.clone(),
                rel,
                media::SCHEMA,
                "The schema of one feature (JSON Schema of the GeoJSON)",
            )
        })
        .collect()
}
