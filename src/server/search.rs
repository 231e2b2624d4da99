//! `/search?q=`: place search over the gazetteer, for the map's search box.

use axum::response::Response;
use serde_json::json;

use super::http::json_response;
use super::{AppError, Ctx, media};
use crate::gazetteer::Gazetteer;

/// Most results returned: a search box shows a short list.
const MAX_RESULTS: usize = 10;
/// Longest query accepted (in characters): no place name is longer.
const MAX_QUERY: usize = 200;

pub async fn search(ctx: Ctx) -> Result<Response, AppError> {
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
            json!({
                "name": p.name,
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
