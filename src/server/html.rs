//! Small HTML pages that link through the API (the `html` conformance class).
//! Every value from data is escaped; pages use relative links so they work
//! behind any host name.

use std::fmt::Write;

use serde_json::Value;

use super::Link;
use super::features::Page;
use crate::layers::{Geometry, Layer, LayerSet};

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out
}

/// Appends one character, escaped for HTML content and attribute values.
pub fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    }
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t}</title><link rel=\"icon\" href=\"/web/favicon.svg\" type=\"image/svg+xml\">\
         <link rel=\"stylesheet\" href=\"/web/api.css\"></head><body class=\"api-page\">\n\
         <nav><a href=\"/\">Map</a><a href=\"/?f=html\">Home</a><a href=\"/collections?f=html\">Collections</a>\
         <a href=\"/conformance?f=html\">Conformance</a><a href=\"/api?f=html\">API</a></nav>\n\
         <h1>{t}</h1>\n{body}\n</body></html>\n",
        t = escape(title)
    )
}

fn link_list(links: &[Link]) -> String {
    let mut out = String::from("<ul>");
    for l in links {
        let _ = write!(
            out,
            "<li><a href=\"{}\">{}</a> <small>({}, {})</small></li>",
            escape(&relative(&l.href)),
            escape(&l.title),
            escape(&l.rel),
            escape(&l.media)
        );
    }
    out.push_str("</ul>");
    out
}

/// Strips scheme and host so the page links stay on whatever host served it.
fn relative(href: &str) -> String {
    match href
        .strip_prefix("http://")
        .or_else(|| href.strip_prefix("https://"))
    {
        Some(rest) => rest
            .find('/')
            .map_or("/".to_string(), |i| rest[i..].to_string()),
        None => href.to_string(),
    }
}

fn links_of(doc: &Value) -> Vec<Link> {
    serde_json::from_value(doc["links"].clone()).unwrap_or_default()
}

fn text<'a>(doc: &'a Value, key: &str) -> &'a str {
    doc[key].as_str().unwrap_or("")
}

pub fn landing(doc: &Value, layers: &LayerSet) -> String {
    let mut body = format!("<p>{}</p>", escape(text(doc, "description")));
    body.push_str(&link_list(&links_of(doc)));
    body.push_str("<h2>Collections</h2><ul>");
    for l in layers.iter() {
        let _ = write!(
            body,
            "<li><a href=\"/collections/{id}?f=html\">{}</a> ({} features)</li>",
            escape(&l.title),
            l.len(),
            id = escape(&l.id)
        );
    }
    body.push_str("</ul>");
    page(text(doc, "title"), &body)
}

pub fn conformance(classes: &[&str]) -> String {
    let items: String = classes
        .iter()
        .map(|c| format!("<li><code>{}</code></li>", escape(c)))
        .collect();
    page("Conformance", &format!("<ul>{items}</ul>"))
}

pub fn api(doc: &Value) -> String {
    let mut body = format!(
        "<p>{}</p><p><a href=\"/api?f=json\">OpenAPI 3.0 document (JSON)</a></p>",
        escape(doc["info"]["description"].as_str().unwrap_or(""))
    );
    body.push_str("<table><tr><th>Path</th><th>Summary</th><th>Parameters</th></tr>");
    let params = &doc["components"]["parameters"];
    for (path, op) in doc["paths"].as_object().into_iter().flatten() {
        let op = &op["get"];
        let names: Vec<String> = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(
                |p| match p["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
                    Some(name) => params[name]["name"].as_str().unwrap_or(name).to_string(),
                    None => p["name"].as_str().unwrap_or("").to_string(),
                },
            )
            .collect();
        let _ = write!(
            body,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            escape(path),
            escape(op["summary"].as_str().unwrap_or("")),
            escape(&names.join(", "))
        );
    }
    body.push_str("</table>");
    page("API", &body)
}

pub fn collections(doc: &Value) -> String {
    let mut body =
        String::from("<table><tr><th>Collection</th><th>Description</th><th>Items</th></tr>");
    for c in doc["collections"].as_array().into_iter().flatten() {
        let id = escape(text(c, "id"));
        let _ = write!(
            body,
            "<tr><td><a href=\"/collections/{id}?f=html\">{}</a></td><td>{}</td><td><a href=\"/collections/{id}/items?f=html\">browse</a> · <a href=\"/layers/{id}.geojson\">download</a></td></tr>",
            escape(text(c, "title")),
            escape(text(c, "description"))
        );
    }
    body.push_str("</table>");
    page("Collections", &body)
}

pub fn collection(doc: &Value) -> String {
    let mut body = format!("<p>{}</p>", escape(text(doc, "description")));
    if let Some(b) = doc["extent"]["spatial"]["bbox"][0].as_array() {
        let nums: Vec<String> = b.iter().map(|v| v.to_string()).collect();
        let _ = write!(
            body,
            "<p>Extent (lon/lat): {}</p>",
            escape(&nums.join(", "))
        );
    }
    if let Some(t) = doc["extent"]["temporal"]["interval"][0].as_array() {
        let ends: Vec<&str> = t.iter().map(|v| v.as_str().unwrap_or("..")).collect();
        let _ = write!(body, "<p>Time: {}</p>", escape(&ends.join(" – ")));
    }
    body.push_str(&link_list(&links_of(doc)));
    page(text(doc, "title"), &body)
}

fn geometry_text(g: &Geometry) -> String {
    match g {
        Geometry::Null => "none".into(),
        Geometry::Point([x, y]) => format!("Point {x}, {y}"),
        Geometry::Other(g) => geojson::GeometryValue::from(g.as_ref())
            .type_name()
            .to_string(),
    }
}

pub fn items(p: &Page) -> String {
    let layer = p.layer;
    let mut keys: Vec<String> = Vec::new();
    let rows: Vec<(usize, serde_json::Map<String, Value>)> = p
        .indices
        .iter()
        .map(|&i| (i, layer.properties(i)))
        .collect();
    for (_, props) in &rows {
        keys.extend(
            props
                .keys()
                .filter(|k| !keys.contains(k))
                .cloned()
                .collect::<Vec<_>>(),
        );
    }
    // The offset is the client's number: any usize, so no plain `+`.
    let mut body = if p.indices.is_empty() {
        format!(
            "<p>No features on this page: the offset {} is past the {} matched.</p>",
            p.offset, p.matched
        )
    } else {
        format!(
            "<p>Features {}–{} of {} matched.</p>",
            p.offset.saturating_add(1),
            p.offset.saturating_add(p.indices.len()),
            p.matched
        )
    };
    body.push_str("<table><tr><th>id</th><th>geometry</th>");
    for k in &keys {
        let _ = write!(body, "<th>{}</th>", escape(k));
    }
    body.push_str("</tr>");
    for (i, props) in &rows {
        body.push_str(&item_row(layer, *i, props, &keys));
    }
    body.push_str("</table>");
    body.push_str(&link_list(&p.links));
    page(&format!("{} – features", layer.title), &body)
}

fn item_row(
    layer: &Layer,
    i: usize,
    props: &serde_json::Map<String, Value>,
    keys: &[String],
) -> String {
    let fid = layer.id_text(i);
    let mut row = format!(
        "<tr><td><a href=\"/collections/{}/items/{}?f=html\">{}</a></td><td>{}</td>",
        escape(&layer.id),
        escape(&super::query::encode(&fid)),
        escape(&fid),
        escape(&geometry_text(&layer.features()[i].geometry))
    );
    for k in keys {
        let _ = write!(row, "<td>{}</td>", escape(&value_text(props.get(k))));
    }
    row.push_str("</tr>");
    row
}

fn value_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

pub fn feature(layer: &Layer, i: usize, links: &[Link]) -> String {
    let mut body = format!(
        "<p>Geometry: {}</p><table>",
        escape(&geometry_text(&layer.features()[i].geometry))
    );
    for (k, v) in layer.properties(i) {
        let _ = write!(
            body,
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(&k),
            escape(&value_text(Some(&v)))
        );
    }
    body.push_str("</table>");
    body.push_str(&link_list(links));
    page(&format!("{} – {}", layer.title, layer.id_text(i)), &body)
}

/// A JSON document shown as a page (queryables, nearest results).
pub fn json_page(title: &str, doc: &Value) -> String {
    let pretty = serde_json::to_string_pretty(doc).unwrap_or_default();
    page(title, &format!("<pre>{}</pre>", escape(&pretty)))
}
