//! The write API: `POST /documents`, `PUT /documents/{id}`,
//! `DELETE /documents/{id}`. Each needs a bearer token; each is answered
//! after the store has committed it and the served layers include it, so a
//! client that reads right after its `201` sees its document.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::json;

use super::auth::Tokens;
use super::collections::path_param;
use super::http::json_response;
use super::query::encode;
use super::{AppError, AppState, host_base, media};
use crate::documents::Document;
use crate::documents::submit::{self, SubmitError};
use crate::live::Live;
use crate::store::{DocumentRecord, Origin, WriteOp, Written, valid_id};

/// Default largest document accepted.
pub const DEFAULT_MAX_BODY: usize = 10 * 1024 * 1024;
/// How long a write waits for the layers to include it before answering
/// anyway (it is committed either way).
const VISIBLE_WITHIN: Duration = Duration::from_secs(10);

/// Who may write, and how much.
#[derive(Debug, Clone)]
pub struct WriteSettings {
    pub tokens: Tokens,
    /// Largest request body, bytes.
    pub max_body: usize,
}

impl Default for WriteSettings {
    fn default() -> Self {
        WriteSettings {
            tokens: Tokens::default(),
            max_body: DEFAULT_MAX_BODY,
        }
    }
}

/// A checked write request: who sent it and the document it carries.
struct Submitted {
    token: String,
    live: Arc<Live>,
    base: String,
}

/// Checks the token, the query and that there is a store to write to.
fn admit(state: &AppState, req: &Request) -> Result<Submitted, AppError> {
    let token = state
        .writes
        .tokens
        .check(req.headers(), req.uri().query())?;
    if let Some(q) = req.uri().query().filter(|q| !q.is_empty()) {
        let name = q.split(['=', '&']).next().unwrap_or("");
        return Err(AppError::UnknownParameter(name.chars().take(60).collect()));
    }
    let live = state
        .live
        .clone()
        .filter(|l| l.store().is_some())
        .ok_or_else(|| {
            AppError::Forbidden(
                "this server has no store to write to (it was started with --no-builtin and \
                 without --store): start it with --store FILE"
                    .into(),
            )
        })?;
    let base = match &state.config.base_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => host_base(req.headers()),
    };
    Ok(Submitted { token, live, base })
}

/// Reads the body (at most the limit) and parses the document by its
/// content type.
async fn document(state: &AppState, req: Request, id: &str) -> Result<Document, AppError> {
    let kind = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_else(|| "text/plain".into());
    let limit = state.writes.max_body;
    let bytes = axum::body::to_bytes(req.into_body(), limit)
        .await
        .map_err(|_| {
            AppError::PayloadTooLarge(format!(
                "the document is larger than this server's limit of {limit} bytes"
            ))
        })?;
    let parsed = match kind.as_str() {
        "text/plain" => submit::from_text(id, &bytes),
        "application/json" => submit::from_json(id, &bytes),
        other => {
            return Err(AppError::UnsupportedMediaType(format!(
                "content type {:?} is not accepted: send text/plain (a document file) or \
                 application/json ({{title, published, source, url, text}})",
                other.chars().take(60).collect::<String>()
            )));
        }
    };
    parsed.map_err(|e: SubmitError| AppError::BadBody(e.to_string()))
}

/// Extracts on a blocking thread (the pipeline is CPU work).
async fn extract(live: &Arc<Live>, document: Document) -> Result<DocumentRecord, AppError> {
    let extractor = live.extractor().clone();
    tokio::task::spawn_blocking(move || {
        DocumentRecord::extract(document, Origin::Api, &extractor.get())
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))
}

async fn write_one(live: &Live, op: WriteOp) -> Result<Written, AppError> {
    let store = live
        .store()
        .ok_or_else(|| AppError::Internal("no store".into()))?;
    let started = std::time::Instant::now();
    let mut written = store.write(vec![op]).await.map_err(|e| {
        tracing::error!("write failed: {e}");
        AppError::Unavailable(e.to_string())
    })?;
    let w = written
        .pop()
        .ok_or_else(|| AppError::Internal("the store answered nothing".into()))?;
    let committed = started.elapsed();
    if let Some(revision) = w.revision() {
        if !live.wait_for(revision, VISIBLE_WITHIN).await {
            tracing::warn!(
                revision,
                "committed, but the layers did not include it in time"
            );
        }
        tracing::debug!(
            revision,
            commit_ms = committed.as_millis() as u64,
            visible_ms = (started.elapsed() - committed).as_millis() as u64,
            "write served"
        );
    }
    Ok(w)
}

/// The answer to a write: the document's id, link, mentions and events.
fn answer(status: StatusCode, base: &str, record: &DocumentRecord, note: &str) -> Response {
    let href = format!("{base}/documents/{}", encode(&record.document.id));
    let body = json!({
        "id": record.document.id,
        "href": href,
        "title": record.document.title,
        "published": record.document.published,
        "content_hash": record.content_hash,
        "status": note,
        "mentions": record.extraction.mentions,
        "events": record.extraction.events,
    });
    let mut response = json_response(&body, media::JSON);
    *response.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(&href) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The stored version of a document, for answers about it.
async fn stored(live: &Live, id: &str) -> Result<DocumentRecord, AppError> {
    let store = live
        .store()
        .ok_or_else(|| AppError::Internal("no store".into()))?;
    store
        .load(&[id.to_string()])
        .await
        .map_err(|e| AppError::Unavailable(e.to_string()))?
        .pop()
        .ok_or_else(|| AppError::NoDocument(id.to_string()))
}

/// `POST /documents`
pub async fn create(State(state): State<AppState>, req: Request) -> Result<Response, AppError> {
    let s = admit(&state, &req)?;
    // The id comes from the content: the same text posted twice is one
    // document.
    let provisional = document(&state, req, "").await?;
    let hash = crate::store::content_hash(&provisional.text);
    let digits = hash.trim_start_matches("sha256:");
    let mut tried = Vec::new();
    for len in [16, 32, 64] {
        let id = digits[..len].to_string();
        let record = extract(&s.live, Document::parse(&id, provisional.text.clone())).await?;
        match write_one(&s.live, WriteOp::Create(Box::new(record.clone()))).await? {
            Written::Created { .. } => {
                log_write(&s.token, "added", &record);
                return Ok(answer(StatusCode::CREATED, &s.base, &record, "created"));
            }
            Written::Unchanged { id } => {
                let existing = stored(&s.live, &id).await?;
                return Ok(answer(StatusCode::OK, &s.base, &existing, "already stored"));
            }
            // Another text whose hash starts alike: a longer id.
            _ => tried.push(id),
        }
    }
    Err(AppError::Internal(format!("no free id among {tried:?}")))
}

/// `PUT /documents/{id}`
pub async fn replace(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    req: Request,
) -> Result<Response, AppError> {
    let id = checked_id(id)?;
    let s = admit(&state, &req)?;
    let doc = document(&state, req, &id).await?;
    let record = extract(&s.live, doc).await?;
    match write_one(&s.live, WriteOp::Replace(Box::new(record.clone()))).await? {
        Written::Replaced { .. } => {
            log_write(&s.token, "replaced", &record);
            Ok(answer(StatusCode::OK, &s.base, &record, "replaced"))
        }
        Written::Unchanged { .. } => {
            let existing = stored(&s.live, &id).await?;
            Ok(answer(StatusCode::OK, &s.base, &existing, "unchanged"))
        }
        _ => Err(AppError::NoDocument(id)),
    }
}

/// `DELETE /documents/{id}`
pub async fn remove(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    req: Request,
) -> Result<Response, AppError> {
    let id = checked_id(id)?;
    let s = admit(&state, &req)?;
    match write_one(&s.live, WriteOp::Delete(id.clone())).await? {
        Written::Deleted { revision, .. } => {
            tracing::info!(token = %s.token, id = %id, "document removed");
            let body = json!({ "id": id, "status": "deleted", "revision": revision });
            let mut response = json_response(&body, media::JSON);
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(response)
        }
        _ => Err(AppError::NoDocument(id)),
    }
}

fn checked_id(id: Result<Path<String>, PathRejection>) -> Result<String, AppError> {
    let id = path_param(id)?;
    match valid_id(&id) {
        Some(reason) => Err(AppError::BadPath(format!("document id: {reason}"))),
        None => Ok(id),
    }
}

fn log_write(token: &str, what: &str, record: &DocumentRecord) {
    tracing::info!(
        token = %token,
        id = %record.document.id,
        mentions = record.extraction.mentions.len(),
        events = record.extraction.events.len(),
        "document {what}"
    );
}
