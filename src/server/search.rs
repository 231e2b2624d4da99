//! `/search?q=`: place search over the gazetteer, for the map's search box.
//! Each place found says how often the served documents name it and which
//! ones (from the live `places` layer, so a document just added counts).

use axum::extract::State;
use axum::response::Response;
use serde_json::json;

use super::http::json_response;
use super::{AppError, AppState, Ctx, media};
use crate::gazetteer::Gazetteer;

/// Most document ids listed per place.
const MAX_DOCUMENTS: usize = 20;

/// Most results returned: a search box shows a short list.
const MAX_RESULTS: usize = 10;
/// Longest query accepted (in characters): no place name is longer.
const MAX_QUERY: usize = 200;

pub async fn search(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let mut q = None;
    for (name, value) in &ctx.params.0 {
        match name.as_str() {
            "q" => q = Some(value.as_str()),
            // JSON is the only format; `f=json` is accepted for uniformity.
            "f" if value == "json" => {}
            "f" => return Err(AppError::invalid("f", "only json is served here")),
            _ => return Err(AppError::UnknownParameter(name.clone())),
        }
    }
    let q = q.ok_or_else(|| AppError::MissingParameter("q".into()))?;
    if q.is_empty() {
        return Err(AppError::invalid("q", "type a place name to search for"));
    }
    // Spaces alone are a search that finds nothing, not a malformed one.
    let q = q.trim();
    if q.chars().count() > MAX_QUERY {
        return Err(AppError::invalid(
            "q",
            format!("at most {MAX_QUERY} characters"),
        ));
    }
    let results: Vec<_> = Gazetteer::builtin()
        .search(q, MAX_RESULTS)
        .into_iter()
        .map(|p| {
            let named = state.layers.get("places").and_then(|layer| {
                let props = layer.properties(layer.find(&p.id)?);
                Some((
                    props.get("mentions")?.as_u64()?,
                    props.get("documents")?.clone(),
                ))
            });
            let (mentions, documents) = match named {
                Some((n, serde_json::Value::Array(ids))) => {
                    (n, ids.into_iter().take(MAX_DOCUMENTS).collect::<Vec<_>>())
                }
                _ => (0, Vec::new()),
            };
            json!({
                "name": p.name,
                "mentions": mentions,
                "documents": documents,
                "kind": p.kind.as_str(),
                "country": p.country,
                "admin1": p.admin1,
                "lat": p.lat,
                "lon": p.lon,
                "id": p.id,
            })
        })
        .collect();
    Ok(json_response(
        &json!({ "query": q, "results": results }),
        media::JSON,
    ))
}
