//! HTTP plumbing around the handlers: response helpers, ETag/304, caching
//! headers, `HEAD`, `Vary`, security headers, compression, CORS, the
//! request timeout, dot-segment guard, metrics, request logs.

use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use super::{AppError, AppState};

/// A hash a handler computed over the stable part of its response; the ETag
/// is derived from it instead of from the whole body.
#[derive(Debug, Clone, Copy)]
pub struct EtagSeed(pub u64);

/// The matched route, handed from the inner router to the outer metrics layer.
#[derive(Debug, Clone)]
struct RouteLabel(MatchedPath);

pub fn text_response(body: String, media: &str) -> Response {
    let mut response = body.into_response();
    if let Ok(value) = HeaderValue::from_str(media) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

pub fn json_response(value: &impl Serialize, media: &str) -> Response {
    match serde_json::to_string(value) {
        Ok(text) => text_response(text, media),
        Err(e) => AppError::Internal(e.to_string()).into_response(),
    }
}

pub fn html_response(body: String) -> Response {
    text_response(body, "text/html; charset=utf-8")
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Runs `work` on a blocking thread once one of the state's build permits
/// is free, so that large bodies never hold up the async threads.
pub async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let _permit = state
        .builders
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
}

/// A body produced in pieces on a blocking thread: `produce` gets a sender
/// and stops when a send fails (the client went away). At most a few
/// pieces wait in memory at once.
pub fn streamed_body(
    state: &AppState,
    produce: impl FnOnce(&tokio::sync::mpsc::Sender<axum::body::Bytes>) + Send + 'static,
) -> Body {
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let builders = state.builders.clone();
    tokio::spawn(async move {
        let Ok(_permit) = builders.acquire_owned().await else {
            return;
        };
        let _ = tokio::task::spawn_blocking(move || produce(&tx)).await;
    });
    Body::new(Receiver(rx))
}

/// The receiving end of [`streamed_body`] as an HTTP body.
struct Receiver(tokio::sync::mpsc::Receiver<axum::body::Bytes>);

impl http_body::Body for Receiver {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        self.get_mut()
            .0
            .poll_recv(cx)
            .map(|piece| piece.map(|bytes| Ok(http_body::Frame::data(bytes))))
    }
}

pub async fn health(State(state): State<AppState>) -> Response {
    let body = serde_json::json!({ "status": "ok", "collections": state.layers.len() });
    no_store(json_response(&body, super::media::JSON))
}

pub async fn metrics(State(state): State<AppState>) -> Response {
    let mut text = state.metrics.render(&state.layers);
    text.push_str(&state.tiles.prometheus());
    text.push_str(&state.prebuilt.prometheus());
    if let Some(basemap) = &state.basemap {
        let (entries, bytes) = basemap.cache().usage();
        text.push_str(&format!(
            "# HELP mapwire_basemap_cache_bytes Bytes held by rendered basemap tiles.\n\
             # TYPE mapwire_basemap_cache_bytes gauge\n\
             mapwire_basemap_cache_bytes {bytes}\n\
             # HELP mapwire_basemap_cache_entries Rendered basemap tiles held.\n\
             # TYPE mapwire_basemap_cache_entries gauge\n\
             mapwire_basemap_cache_entries {entries}\n"
        ));
    }
    no_store(text_response(
        text,
        "text/plain; version=0.0.4; charset=utf-8",
    ))
}

pub async fn not_found(req: Request) -> AppError {
    AppError::NoRoute(req.uri().path().chars().take(200).collect())
}

pub async fn method_not_allowed(req: Request) -> Response {
    let mut response = AppError::MethodNotAllowed(req.method().to_string()).into_response();
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
}

/// Wraps the routes in the middleware stack (outermost last).
pub fn wrap(routes: Router, state: AppState) -> Router {
    // Any origin may read, and may write with a bearer token; credentials
    // (cookies, HTTP authentication) are never allowed: a token must be
    // sent on purpose, so another site cannot write in a user's name.
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PUT,
            Method::DELETE,
        ])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .allow_credentials(false)
        .expose_headers([header::ETAG, header::CONTENT_ENCODING, header::LOCATION]);
    let trace = TraceLayer::new_for_http()
        .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
        .on_response(DefaultOnResponse::new().level(Level::INFO));
    routes
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(state.clone(), caching))
        .layer(middleware::from_fn_with_state(state.clone(), deadline))
        .layer(middleware::from_fn(security_headers))
        .layer(cors)
        .layer(middleware::from_fn(reject_dot_segments))
        .layer(middleware::from_fn_with_state(state, record_request))
        .layer(trace)
        .layer(CatchPanicLayer::custom(|_| {
            AppError::Internal("the handler panicked".into()).into_response()
        }))
}

/// A request that takes longer than the request timeout to produce its
/// response head gets a 503 (its work on a blocking thread is abandoned).
async fn deadline(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = state.config.request_timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => AppError::Timeout(limit.as_secs()).into_response(),
    }
}

/// Every HTML page gets the map page's Content-Security-Policy, frame and
/// referrer protection; every response gets `nosniff`.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if html {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(super::web::CSP),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

/// Inner layer on matched routes: labels the response with its route.
pub async fn label_route(req: Request, next: Next) -> Response {
    let label = req.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(req).await;
    if let Some(label) = label {
        response.extensions_mut().insert(RouteLabel(label));
    }
    response
}

/// Outer layer: counts every request and its latency by route.
async fn record_request(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let started = Instant::now();
    let response = next.run(req).await;
    let route = response
        .extensions()
        .get::<RouteLabel>()
        .map_or("unmatched", |l| l.0.as_str());
    state.metrics.record(
        method.as_str(),
        route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// `.` and `..` path segments (also percent-encoded) are refused outright
/// rather than normalised: no client of this API needs them.
async fn reject_dot_segments(req: Request, next: Next) -> Response {
    if has_dot_segment(req.uri().path()) {
        return AppError::BadPath("'.' and '..' segments are not allowed".into()).into_response();
    }
    next.run(req).await
}

fn has_dot_segment(path: &str) -> bool {
    // Without escapes or backslashes, segments are split by '/' alone and
    // a dot segment must follow one: most paths are answered here, without
    // the allocations of the decoding below.
    if !path.contains(['%', '\\']) && !path.contains("/.") {
        return false;
    }
    let decoded = path
        .to_ascii_lowercase()
        .replace("%2e", ".")
        .replace("%2f", "/")
        .replace("%5c", "/")
        .replace('\\', "/");
    decoded.split('/').any(|s| s == "." || s == "..")
}

/// Strong ETags, `304 Not Modified`, `Cache-Control`, `Vary`, and `HEAD`
/// (answered as a `GET` without body: the same headers, `Content-Length`
/// and ETag included).
async fn caching(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let head = req.method() == Method::HEAD;
    if head {
        *req.method_mut() = Method::GET;
    }
    let cacheable = req.method() == Method::GET;
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let mut response = next.run(req).await;
    response
        .headers_mut()
        .insert(header::VARY, vary(&state.config));
    if !cacheable || response.status() != StatusCode::OK || is_event_stream(&response) {
        return if head {
            without_body(response)
        } else {
            response
        };
    }
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, cache_control(&state.config));
    }
    let (parts, body) = response.into_parts();
    let (hash, body) = match parts.extensions.get::<EtagSeed>().copied() {
        Some(seed) => (seed.0, body),
        None => {
            // Only bodies built in memory get here; the size limit has
            // bounded them already.
            match axum::body::to_bytes(body, usize::MAX).await {
                Ok(bytes) => (xxhash_rust::xxh3::xxh3_64(&bytes), Body::from(bytes)),
                Err(e) => return AppError::Internal(e.to_string()).into_response(),
            }
        }
    };
    finish_cached(parts, body, hash, if_none_match, head)
}

/// The response to a `HEAD`: the `GET`'s headers, with the length its body
/// would have had.
fn without_body(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    if !parts.headers.contains_key(header::CONTENT_LENGTH)
        && let Some(len) = http_body::Body::size_hint(&body).exact()
    {
        parts.headers.insert(header::CONTENT_LENGTH, len.into());
    }
    Response::from_parts(parts, Body::empty())
}

fn finish_cached(
    mut parts: axum::http::response::Parts,
    body: Body,
    hash: u64,
    if_none_match: Option<HeaderValue>,
    head: bool,
) -> Response {
    // A different content coding is a different representation: its own tag.
    let coding = parts
        .headers
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let tag = etag(hash, coding);
    if let Ok(v) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, v);
    }
    if if_none_match.is_some_and(|inm| matches_tag(&inm, &tag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    let response = Response::from_parts(parts, body);
    if head {
        without_body(response)
    } else {
        response
    }
}

/// `Vary` of every response: links are built from the Host header unless
/// a base URL is set.
pub fn vary(config: &super::ServerConfig) -> HeaderValue {
    HeaderValue::from_static(if config.base_url.is_some() {
        "Accept, Accept-Encoding"
    } else {
        "Accept, Accept-Encoding, Host"
    })
}

/// `Cache-Control` of a successful response that set none itself.
pub fn cache_control(config: &super::ServerConfig) -> HeaderValue {
    // Only ASCII digits vary, so the value is always valid.
    HeaderValue::from_str(&format!("public, max-age={}", config.cache_seconds))
        .unwrap_or_else(|_| HeaderValue::from_static("no-cache"))
}

/// The strong ETag of a body with the hash `hash`, sent with the content
/// coding `coding` (a different coding is a different representation).
pub fn etag(hash: u64, coding: &str) -> String {
    if coding.is_empty() {
        format!("\"{hash:016x}\"")
    } else {
        format!("\"{hash:016x}-{coding}\"")
    }
}

/// A stream of events never ends: it has no ETag and is not buffered.
fn is_event_stream(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/event-stream"))
}

pub fn matches_tag(if_none_match: &HeaderValue, tag: &str) -> bool {
    let Ok(text) = if_none_match.to_str() else {
        return false;
    };
    text.split(',')
        .map(str::trim)
        .any(|t| t == "*" || t == tag || t.strip_prefix("W/") == Some(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_are_found_even_when_encoded() {
        assert!(has_dot_segment("/layers/../etc/passwd"));
        assert!(has_dot_segment("/collections/%2E%2E/items"));
        assert!(has_dot_segment("/collections/..%2fsecret"));
        assert!(has_dot_segment("/a/./b"));
        assert!(!has_dot_segment("/layers/places.geojson"));
        assert!(!has_dot_segment("/collections/a..b"));
    }
}
