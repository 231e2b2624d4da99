//! The write routes and the live catalog through the router, without a
//! socket: a store in a temporary directory, the live updater, and
//! requests sent with `oneshot` to the router of the current catalog.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use super::tests::Reply;
use super::*;
use crate::ingest::SharedExtractor;
use crate::store::gpkg::GpkgStore;

const TOKEN: &str = "router-test-token-0123456789";
const HAVANA: &str = "Title: Frigate in Havana\nPublished: 2024-06-12\n\nThe Russian frigate Admiral Gorshkov arrived in Havana on Wednesday for a five-day port call.\n";

async fn live_app(tokens: bool) -> (LiveApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = GpkgStore::create(&dir.path().join("s.gpkg"), Vec::new()).unwrap();
    let (live, problems) = Live::start(
        Some(Arc::new(store)),
        Vec::new(),
        Vec::new(),
        Arc::new(SharedExtractor::default()),
        1 << 20,
        1 << 20,
    )
    .await
    .unwrap();
    assert!(problems.is_empty());
    let mut writes = WriteSettings::default();
    if tokens {
        writes.tokens.add("desk", TOKEN).unwrap();
    }
    let config = ServerConfig {
        base_url: Some("http://test".into()),
        ..ServerConfig::default()
    };
    (LiveApp::new(&live, config, writes), dir)
}

async fn send(app: &LiveApp, req: Request<Body>) -> Reply {
    let response = app.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

fn post(body: &str, auth: Option<&str>) -> Request<Body> {
    let mut req = Request::post("/documents").header(header::CONTENT_TYPE, "text/plain");
    if let Some(auth) = auth {
        req = req.header(header::AUTHORIZATION, auth);
    }
    req.body(Body::from(body.to_string())).unwrap()
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn without_tokens_writes_are_forbidden_and_say_how_to_enable_them() {
    let (app, _dir) = live_app(false).await;
    let r = send(&app, post(HAVANA, Some(&format!("Bearer {TOKEN}")))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.json()["description"]
            .as_str()
            .unwrap()
            .contains("MAPWIRE_TOKEN")
    );
}

#[tokio::test]
async fn a_write_is_in_the_catalog_when_it_is_answered() {
    let (app, _dir) = live_app(true).await;
    let missing = send(&app, post(HAVANA, None)).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        missing.header(header::WWW_AUTHENTICATE),
        "Bearer realm=\"mapwire\""
    );
    let empty = send(&app, get("/collections/events/items")).await;
    assert_eq!(empty.json()["numberMatched"], 0);
    let r = send(&app, post(HAVANA, Some(&format!("Bearer {TOKEN}")))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_string();
    let events = r.json()["events"].as_array().unwrap().len();
    // The very next request sees the new catalog: items, extent, documents.
    let items = send(&app, get("/collections/events/items")).await;
    assert_eq!(items.json()["numberMatched"], events);
    let collection = send(&app, get("/collections/events")).await;
    let bbox = &collection.json()["extent"]["spatial"]["bbox"][0];
    assert!((bbox[0].as_f64().unwrap() + 82.38).abs() < 0.01, "{bbox}");
    let doc = send(&app, get(&format!("/documents/{id}?f=json"))).await;
    assert_eq!(doc.status, StatusCode::OK);
    let search = send(&app, get("/search?q=Havana")).await;
    let havana = &search.json()["results"][0];
    assert!(havana["mentions"].as_u64().unwrap() >= 1, "{havana}");
    assert_eq!(havana["documents"][0], id.as_str());
    // Removed: gone at once.
    let del = Request::delete(format!("/documents/{id}"))
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, del).await.status, StatusCode::OK);
    let items = send(&app, get("/collections/events/items")).await;
    assert_eq!(items.json()["numberMatched"], 0);
    assert_eq!(
        send(&app, get(&format!("/documents/{id}?f=json")))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// Pre-built tiles belong to one version of a layer: after a write the
/// server answers with the new layer, never the tiles built before it.
#[tokio::test]
async fn a_write_retires_the_pre_built_tiles_of_its_layers() {
    use crate::export::prebuilt::PrebuiltTiles;
    use crate::export::prewarm::{Prewarm, walk};
    let dir = tempfile::tempdir().unwrap();
    let store = GpkgStore::create(&dir.path().join("s.gpkg"), Vec::new()).unwrap();
    let (live, _) = Live::start(
        Some(Arc::new(store)),
        Vec::new(),
        Vec::new(),
        Arc::new(SharedExtractor::default()),
        1 << 20,
        1 << 20,
    )
    .await
    .unwrap();
    let mut writes = WriteSettings::default();
    writes.tokens.add("desk", TOKEN).unwrap();
    let prebuilt = Arc::new(PrebuiltTiles::default());
    let app = LiveApp::with_tiles(
        &live,
        ServerConfig::default(),
        writes,
        crate::archive::ArchiveSet::default(),
        prebuilt.clone(),
    );
    let auth = format!("Bearer {TOKEN}");
    let r = send(&app, post(HAVANA, Some(&auth))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_string();
    let cfg = Prewarm {
        max_zoom: 6,
        max_bytes: 8 << 20,
        poll: std::time::Duration::from_secs(1),
    };
    walk(live.tiles(), &prebuilt, &live.tiles().sources(), cfg);
    let havana = crate::tiles::grid::tile_at(-82.37, 23.11, 6);
    let path = format!("/tiles/events/{}/{}/{}.mvt", havana.z, havana.x, havana.y);
    let hits = prebuilt.hits();
    let before = send(&app, get(&path)).await;
    assert_eq!(before.status, StatusCode::OK);
    assert_eq!(prebuilt.hits(), hits + 1, "served from the pre-built tiles");
    let del = Request::delete(format!("/documents/{id}"))
        .header(header::AUTHORIZATION, &auth)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, del).await.status, StatusCode::OK);
    let after = send(&app, get(&path)).await;
    assert_eq!(after.status, StatusCode::NO_CONTENT, "the event is gone");
    assert_eq!(prebuilt.hits(), hits + 1, "the old tiles are not consulted");
    // Walked again (as the pre-build thread does once writes settle), the
    // new version answers from the pre-built tiles again.
    walk(live.tiles(), &prebuilt, &live.tiles().sources(), cfg);
    assert_eq!(send(&app, get(&path)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(prebuilt.hits(), hits + 2);
}
