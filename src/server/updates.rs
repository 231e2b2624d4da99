//! `GET /updates`: Server-Sent Events telling the map page (or any client)
//! that the layers changed. Each `update` event carries the revision, the
//! documents and the layers that changed (see [`crate::live::Update`]); a
//! client that missed events (it fell behind) gets `reload`. Comments keep
//! idle connections open through proxies.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::{Stream, StreamExt};

use super::{AppError, AppState, Ctx};

/// Idle time between keep-alive comments.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub async fn updates(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.params.format_only()?;
    let Some(live) = state.live.clone() else {
        return Err(AppError::NoRoute(
            "/updates (this server's layers do not change while it runs)".into(),
        ));
    };
    let revision = live.catalog().revision;
    let hello = Event::default()
        .event("hello")
        .id(revision.to_string())
        .json_data(json!({ "revision": revision }))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let changes = BroadcastStream::new(live.updates()).map(|item| {
        Ok::<Event, Infallible>(match item {
            Ok(update) => Event::default()
                .event("update")
                .id(update.revision.to_string())
                .json_data(&update)
                .unwrap_or_else(|_| Event::default().event("reload").data("{}")),
            Err(BroadcastStreamRecvError::Lagged(_)) => Event::default().event("reload").data("{}"),
        })
    });
    let events = tokio_stream::once(Ok(hello)).chain(changes);
    Ok(sse(events))
}

fn sse(events: impl Stream<Item = Result<Event, Infallible>> + Send + 'static) -> Response {
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    // nginx and similar proxies would otherwise buffer the stream.
    response.headers_mut().insert(
        "x-accel-buffering",
        axum::http::HeaderValue::from_static("no"),
    );
    response
}
