//! The fast path for pre-built tiles (`hot_tiles.rs`) against the full
//! middleware stack: the same request, once as the fast path takes it and
//! once with `?cluster=false` (the same tile, which only the full stack
//! takes), must get the same status, body and headers.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use axum::response::Response;
use http_body_util::BodyExt;
use tower::ServiceExt;

use super::hot_tiles::HotTiles;
use super::*;
use crate::layers::load_dir;

/// The fixture layers with every tile to z6 pre-built.
fn prewarmed(config: ServerConfig) -> AppState {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layers");
    let (layers, errors) = load_dir(&dir);
    assert!(errors.is_empty(), "{errors:?}");
    let state = AppState::new(LayerSet::new(layers).0, config);
    let cfg = crate::export::prewarm::Prewarm {
        max_zoom: 6,
        max_bytes: 8 << 20,
        poll: std::time::Duration::from_secs(1),
    };
    let sources = state.tiles.sources();
    crate::export::prewarm::walk(&state.tiles, &state.prebuilt, &sources, cfg);
    assert!(state.prebuilt.bytes() > 0);
    state
}

fn request(uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut req = Request::get(uri);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.body(Body::empty()).unwrap()
}

/// Status, sorted headers and body of a response.
async fn parts(response: Response) -> (StatusCode, Vec<(String, String)>, Vec<u8>) {
    let status = response.status();
    let headers = sorted(response.headers());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, body.to_vec())
}

fn sorted(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_string()))
        .collect();
    all.sort();
    all
}

/// The fast path's answer to `uri` and the full stack's to the same tile.
async fn both(
    state: &AppState,
    uri: &str,
    headers: &[(&str, &str)],
) -> (
    (StatusCode, Vec<(String, String)>, Vec<u8>),
    (StatusCode, Vec<(String, String)>, Vec<u8>),
) {
    let hot = HotTiles::new(state.clone(), Router::new());
    assert!(
        hot.answer(&request(uri, headers)).is_some(),
        "the fast path does not take {uri}"
    );
    // Both through the whole app: the router around the fast path sets
    // `Content-Length` on both.
    let fast = app(state.clone())
        .oneshot(request(uri, headers))
        .await
        .unwrap();
    let full = app(state.clone())
        .oneshot(request(&format!("{uri}?cluster=false"), headers))
        .await
        .unwrap();
    (parts(fast).await, parts(full).await)
}

const GZIP: (&str, &str) = ("accept-encoding", "gzip, br");

#[tokio::test]
async fn a_pre_built_tile_gets_the_full_stacks_answer() {
    let state = prewarmed(ServerConfig::default());
    let (fast, full) = both(&state, "/tiles/places/5/8/13.mvt", &[GZIP]).await;
    assert_eq!(fast.0, StatusCode::OK);
    assert!(!fast.2.is_empty());
    assert_eq!(fast, full);
    // A browser's cross-origin request, and a `.pbf` name.
    let origin = ("origin", "https://example.org");
    let (fast, full) = both(&state, "/tiles/places/5/8/13.pbf", &[GZIP, origin]).await;
    assert_eq!(fast, full);
    let names: Vec<&str> = fast.1.iter().map(|(n, _)| n.as_str()).collect();
    for wanted in [
        "access-control-allow-origin",
        "cache-control",
        "content-encoding",
        "etag",
        "vary",
        "x-content-type-options",
        "x-mapwire-dropped",
    ] {
        assert!(names.contains(&wanted), "{wanted} missing: {names:?}");
    }
}

#[tokio::test]
async fn revalidation_and_known_empty_tiles_match_too() {
    let state = prewarmed(ServerConfig::default());
    let (first, _) = both(&state, "/tiles/places/5/8/13.mvt", &[GZIP]).await;
    let tag = first.1.iter().find(|(n, _)| n == "etag").unwrap().1.clone();
    let (fast, full) = both(
        &state,
        "/tiles/places/5/8/13.mvt",
        &[GZIP, ("if-none-match", &tag)],
    )
    .await;
    assert_eq!(fast.0, StatusCode::NOT_MODIFIED);
    assert!(fast.2.is_empty());
    assert_eq!(fast, full);
    // Under an unreached z6 tile: known empty.
    let (fast, full) = both(&state, "/tiles/places/12/100/3000.mvt", &[GZIP]).await;
    assert_eq!(fast.0, StatusCode::NO_CONTENT);
    assert_eq!(fast, full);
}

#[tokio::test]
async fn a_base_url_changes_vary_on_both_paths() {
    let config = ServerConfig {
        base_url: Some("https://maps.example.org".into()),
        ..ServerConfig::default()
    };
    let state = prewarmed(config);
    let (fast, full) = both(&state, "/tiles/places/5/8/13.mvt", &[GZIP]).await;
    assert_eq!(fast, full);
    let vary: Vec<&str> = fast
        .1
        .iter()
        .filter(|(n, _)| n == "vary")
        .map(|(_, v)| v.as_str())
        .collect();
    assert!(vary.iter().all(|v| !v.contains("Host")), "{vary:?}");
}

#[tokio::test]
async fn everything_else_goes_to_the_router() {
    let state = prewarmed(ServerConfig::default());
    let hot = HotTiles::new(state.clone(), Router::new());
    let tile = "/tiles/places/5/8/13.mvt";
    let declined = [
        request(tile, &[]),                          // no gzip
        request(tile, &[("accept-encoding", "br")]), // no gzip either
        request(&format!("{tile}?cluster=true"), &[GZIP]),
        request("/tiles/events,places/5/8/13.mvt", &[GZIP]),
        request("/tiles/nosuchlayer/5/8/13.mvt", &[GZIP]),
        Request::head(tile)
            .header("accept-encoding", "gzip")
            .body(Body::empty())
            .unwrap(),
    ];
    for req in declined {
        let uri = req.uri().clone();
        assert!(hot.answer(&req).is_none(), "{uri}");
    }
    // Deeper than the pre-build (z6) under the non-empty z5 tile: some of
    // these z7 tiles are under a reached z6 tile, so they are to be built.
    let deeper = (32..36)
        .flat_map(|x| (52..56).map(move |y| format!("/tiles/places/7/{x}/{y}.mvt")))
        .filter(|uri| hot.answer(&request(uri, &[GZIP])).is_none())
        .count();
    assert!(deeper > 0);
    // And the router answers them: the same tile without gzip, in full.
    let plain = app(state.clone())
        .oneshot(request(tile, &[]))
        .await
        .unwrap();
    assert_eq!(plain.status(), StatusCode::OK);
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
}

#[tokio::test]
async fn fast_answers_are_counted_under_the_tile_route() {
    let state = prewarmed(ServerConfig::default());
    let response = app(state.clone())
        .oneshot(request("/tiles/places/5/8/13.mvt", &[GZIP]))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = state.metrics.render(&state.layers);
    assert!(
        text.contains(
            r#"mapwire_http_requests_total{route="/tiles/{layers}/{z}/{x}/{y}",method="GET",status="200"} 1"#
        ),
        "{text}"
    );
}
