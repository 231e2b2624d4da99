//! `/documents` and `/documents/{id}`: the articles the layers come from,
//! with every place the geoparser found highlighted and linked to the map.

use std::fmt::Write;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::json;

use super::collections::path_param;
use super::html::{escape, push_escaped};
use super::http::json_response;
use super::query::encode;
use super::web::page;
use super::{AppError, AppState, Ctx, Format, media};
use crate::documents::{DocumentEvent, StoredDocument};
use crate::events::sentences;
use crate::geoparse::Mention;
use crate::layers::Layer;

/// (document id, event) for each feature of an events layer that names its
/// document and sentence (the `document` and `offsets` properties).
pub fn document_events(layer: &Layer) -> Vec<(String, DocumentEvent)> {
    (0..layer.len())
        .filter_map(|i| DocumentEvent::from_properties(layer.id_text(i), &layer.properties(i)))
        .collect()
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let format = ctx.format_only()?;
    Ok(match format {
        Format::Json => {
            let docs: Vec<_> = state
                .documents
                .iter()
                .map(|d| {
                    json!({
                        "id": d.document.id,
                        "title": d.document.title,
                        "published": d.document.published,
                        "mentions": d.mentions.len(),
                        "href": ctx.url(&format!("/documents/{}", encode(&d.document.id))),
                    })
                })
                .collect();
            json_response(&json!({ "documents": docs }), media::JSON)
        }
        Format::Html => page(StatusCode::OK, "Documents", &list_html(&state)),
    })
}

pub async fn show(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let id = path_param(id)?;
    let format = ctx.format_only()?;
    let found = state.documents.get(&id);
    Ok(match (format, found) {
        (Format::Json, Some(d)) => json_response(
            &json!({
                "id": d.document.id,
                "title": d.document.title,
                "published": d.document.published,
                "text": d.document.text,
                "mentions": d.mentions,
            }),
            media::JSON,
        ),
        (Format::Json, None) => return Err(AppError::NoDocument(id)),
        (Format::Html, Some(d)) => page(StatusCode::OK, &d.document.title, &document_html(d)),
        (Format::Html, None) => missing(&id),
    })
}

/// The 404 page a browser gets: says what is missing and where to go.
fn missing(id: &str) -> Response {
    let body = format!(
        "<div class=\"notice error\" role=\"alert\"><h1>No such document</h1>\
         <p>There is no document <code>{}</code>. It may have been removed, or the link \
         was cut short.</p><p><a href=\"/documents\">See all documents</a> or \
         <a href=\"/\">go back to the map</a>.</p></div>",
        escape(id)
    );
    let mut response = page(StatusCode::NOT_FOUND, "No such document", &body);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn list_html(state: &AppState) -> String {
    let mut out = String::from("<h1>Documents</h1>");
    if state.documents.is_empty() {
        out.push_str("<p class=\"notice\">This server has no documents loaded.</p>");
        return out;
    }
    out.push_str("<ul class=\"doc-list\">");
    for d in state.documents.iter() {
        let _ = write!(
            out,
            "<li><a href=\"/documents/{}\">{}</a> <span class=\"meta\">{} · {} place mentions</span></li>",
            escape(&encode(&d.document.id)),
            escape(&d.document.title),
            d.document
                .published
                .map_or("undated".to_string(), |p| p.to_string()),
            d.mentions.len()
        );
    }
    out.push_str("</ul>");
    out
}

fn document_html(d: &StoredDocument) -> String {
    let doc = &d.document;
    let mut out = format!(
        "<article class=\"document\"><h1>{}</h1>",
        escape(&doc.title)
    );
    let mut meta = vec![
        doc.published
            .map_or("Undated".to_string(), |p| format!("Published {p}")),
    ];
    if let Some(source) = &doc.source {
        meta.push(format!("Source: {}", escape(source)));
    }
    meta.push(format!("{} place mentions", d.mentions.len()));
    meta.push(format!(
        "<a href=\"/documents/{}?f=json\">JSON</a>",
        escape(&encode(&doc.id))
    ));
    let _ = write!(
        out,
        "<p class=\"meta\">{}</p><p class=\"hint\">Highlighted names are the places mapwire \
         found, each a link to its place on the map: <span class=\"mention kind-city\">cities and \
         ports</span>, <span class=\"mention kind-country\">countries and nationalities</span>, \
         <span class=\"mention kind-region\">regions, seas and continents</span>.</p>",
        meta.join(" · ")
    );
    out.push_str(&events_html(d));
    out.push_str(&body_html(d));
    out.push_str("</article>");
    out
}

/// The events found in the document: each links to its sentence below and
/// to its marker on the map.
fn events_html(d: &StoredDocument) -> String {
    if d.events.is_empty() {
        return "<p class=\"hint\">mapwire found no events in this document.</p>".into();
    }
    let mut out = String::from(
        "<section class=\"doc-events\" aria-labelledby=\"events-title\">\
         <h2 id=\"events-title\">Events found here</h2><ul>",
    );
    for e in &d.events {
        let _ = write!(
            out,
            "<li><a href=\"#s{}\">{}</a> · <a href=\"/#event={}\">on the map</a></li>",
            e.sentence_start,
            escape(&e.summary),
            escape(&encode(&e.id))
        );
    }
    out.push_str("</ul></section>");
    out
}

/// The body as paragraphs (one per line), each sentence a `span` with the id
/// `s{start}` (so a popup can link to the sentence an event came from), each
/// mention a link to its place on the map.
fn body_html(d: &StoredDocument) -> String {
    let doc = &d.document;
    let sentences = sentences::split(&doc.text, doc.body_byte, doc.body_char);
    let mut sentences = sentences.iter().peekable();
    let mut mentions = d.mentions.iter().peekable();
    let mut out = String::new();
    let mut paragraph = String::new();
    let mut open_sentence: Option<usize> = None;
    let mut open_mention: Option<usize> = None;
    let mut last_mention_end = 0;
    for (c, ch) in doc.text[doc.body_byte..].chars().enumerate() {
        let c = c + doc.body_char;
        // Close before opening: a span ends where the next may start.
        if open_mention == Some(c) {
            paragraph.push_str("</a>");
            open_mention = None;
        }
        if open_sentence == Some(c) {
            close_mention(&mut paragraph, &mut open_mention);
            paragraph.push_str("</span>");
            open_sentence = None;
        }
        if ch == '\n' {
            close_mention(&mut paragraph, &mut open_mention);
            if open_sentence.take().is_some() {
                paragraph.push_str("</span>");
            }
            flush(&mut out, &mut paragraph);
            continue;
        }
        while sentences.next_if(|s| s.start < c).is_some() {}
        if let Some(s) = sentences.next_if(|s| s.start == c) {
            let class = if d.events.iter().any(|e| e.sentence_start == s.start) {
                "sentence has-event"
            } else {
                "sentence"
            };
            let _ = write!(paragraph, "<span class=\"{class}\" id=\"s{}\">", s.start);
            open_sentence = Some(s.end);
        }
        while mentions.next_if(|m| m.start < c).is_some() {}
        if let Some(m) = mentions.next_if(|m| m.start == c) {
            // Overlapping mentions would nest badly; the first one wins.
            if m.start >= last_mention_end && open_mention.is_none() {
                paragraph.push_str(&mention_link(m));
                let end = open_sentence.map_or(m.end, |e| m.end.min(e));
                open_mention = Some(end);
                last_mention_end = m.end;
            }
        }
        push_escaped(&mut paragraph, ch);
    }
    close_mention(&mut paragraph, &mut open_mention);
    if open_sentence.is_some() {
        paragraph.push_str("</span>");
    }
    flush(&mut out, &mut paragraph);
    out
}

fn close_mention(paragraph: &mut String, open: &mut Option<usize>) {
    if open.take().is_some() {
        paragraph.push_str("</a>");
    }
}

fn flush(out: &mut String, paragraph: &mut String) {
    if !paragraph.trim().is_empty() {
        let _ = writeln!(out, "<p>{paragraph}</p>");
    }
    paragraph.clear();
}

/// A link to the map centred on the mention's place, at a zoom that fits its
/// kind, with the place marked (see `web/app.js`, `parseHash`).
fn mention_link(m: &Mention) -> String {
    let zoom = match m.kind.as_str() {
        "continent" => 3,
        "sea" | "demonym" => 4,
        "country" => 5,
        "region" => 6,
        "city" => 9,
        _ => 11,
    };
    let href = format!(
        "/#map={zoom}/{:.4}/{:.4}&mark={}",
        m.lat,
        m.lon,
        encode(&m.name)
    );
    let country = if m.country.is_empty() {
        String::new()
    } else {
        format!(", {}", m.country)
    };
    format!(
        "<a class=\"mention kind-{}\" href=\"{}\" data-lat=\"{}\" data-lon=\"{}\" \
         title=\"{} ({}{})\">",
        escape(&m.kind),
        escape(&href),
        m.lat,
        m.lon,
        escape(&m.name),
        escape(&m.kind),
        escape(&country)
    )
}
