//! The OpenAPI description of the documents, the write routes, the
//! bearer-token security scheme and the `/updates` event stream.

use serde_json::{Map, Value, json};

/// Adds `/documents`, `/documents/{documentId}` and `/updates` to `paths`.
pub fn paths(paths: &mut Map<String, Value>, max_body: usize) {
    let error = json!({ "$ref": "#/components/responses/Error" });
    let id = json!({
        "name": "documentId", "in": "path", "required": true,
        "description": "A document id: no '/', '\\\\', '..', control characters or surrounding spaces.",
        "schema": { "type": "string", "maxLength": 200 },
    });
    let body = json!({
        "required": true,
        "description": format!(
            "The document, at most {max_body} bytes: its file text (optional Title:, \
             Published: YYYY-MM-DD, Source: and URL: header lines, a blank line, the body) as \
             text/plain, or JSON."
        ),
        "content": {
            "text/plain": { "schema": { "type": "string", "pattern": "\\S" } },
            "application/json": { "schema": { "$ref": "#/components/schemas/DocumentInput" } },
        },
    });
    let written = |description: &str| {
        json!({
            "description": description,
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Written" } } },
        })
    };
    let write_errors = |mut responses: Map<String, Value>| {
        for code in ["400", "401", "403", "413", "415", "503"] {
            responses.insert(code.into(), error.clone());
        }
        Value::Object(responses)
    };
    let security = json!([{ "bearerToken": [] }]);
    let mut created = Map::new();
    created.insert(
        "201".into(),
        written("Stored; its events are already served"),
    );
    created.insert(
        "200".into(),
        written("The same text is already stored: that document"),
    );
    operation(
        paths,
        "/documents",
        "post",
        json!({
            "summary": "Add a document: it is geoparsed, its events extracted, stored, and served at once",
            "operationId": "addDocument",
            "security": security,
            "requestBody": body,
            "responses": write_errors(created),
        }),
    );
    let mut replaced = Map::new();
    replaced.insert("200".into(), written("Replaced (or unchanged)"));
    replaced.insert("404".into(), error.clone());
    let mut deleted = Map::new();
    deleted.insert(
        "200".into(),
        json!({ "description": "Removed with everything extracted from it" }),
    );
    deleted.insert("404".into(), error.clone());
    operation(
        paths,
        "/documents/{documentId}",
        "put",
        json!({
            "summary": "Replace a document",
            "operationId": "replaceDocument",
            "security": security,
            "parameters": [id],
            "requestBody": body,
            "responses": write_errors(replaced),
        }),
    );
    operation(
        paths,
        "/documents/{documentId}",
        "delete",
        json!({
            "summary": "Remove a document and its mentions, events and flows",
            "operationId": "deleteDocument",
            "security": security,
            "parameters": [id],
            "responses": write_errors(deleted),
        }),
    );
    paths.insert(
        "/updates".into(),
        json!({
            "get": {
                "summary": "Server-Sent Events: `hello` with the current revision, then an `update` {revision, documents, layers, reload} after every change, or `reload` when events were missed",
                "operationId": "getUpdates",
                "responses": { "200": { "description": "An endless event stream", "content": { "text/event-stream": {} } } },
            },
        }),
    );
}

/// Adds `method` to the path item at `path` (made when missing).
fn operation(paths: &mut Map<String, Value>, path: &str, method: &str, op: Value) {
    let item = paths.entry(path).or_insert_with(|| json!({}));
    item[method] = op;
}

/// The security scheme and the schemas of the write routes.
pub fn components(components: &mut Value) {
    components["securitySchemes"] = json!({
        "bearerToken": {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from the server's --token-file or MAPWIRE_TOKEN, in the Authorization header (never in the URL).",
        },
    });
    components["schemas"]["DocumentInput"] = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["text"],
        "properties": {
            "title": { "type": "string", "pattern": "^[^\\r\\n]*$" },
            "published": { "type": "string", "format": "date" },
            "source": { "type": "string", "pattern": "^[^\\r\\n]*$" },
            "url": { "type": "string", "pattern": "^[^\\r\\n]*$" },
            "text": { "type": "string", "minLength": 1, "pattern": "\\S" },
        },
    });
    components["schemas"]["Written"] = json!({
        "type": "object",
        "required": ["id", "href", "mentions", "events"],
        "properties": {
            "id": { "type": "string" },
            "href": { "type": "string", "format": "uri" },
            "title": { "type": "string" },
            "published": { "type": "string", "format": "date", "nullable": true },
            "content_hash": { "type": "string" },
            "status": { "type": "string" },
            "mentions": { "type": "array", "items": { "type": "object" } },
            "events": { "type": "array", "items": { "type": "object", "description": "A GeoJSON Feature of the events layer" } },
        },
    });
}
