//! Router tests of tile archives (`serve --tiles`) and of pre-built layer
//! tiles, through `oneshot`: the fixture layers are exported with the
//! library into a temporary PMTiles and MBTiles file, which the router then
//! serves beside the layers they came from.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::sync::atomic::AtomicBool;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use super::tests::{Reply, send_to};
use super::*;
use crate::archive::ArchiveSet;
use crate::export::{self, Limits, Range, Targets, VectorMaker};
use crate::layers::load_dir;
use crate::tiles::TileId;

const LAYERS: &str = "events,places,routes";

fn fixture_state() -> AppState {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layers");
    let (layers, errors) = load_dir(&dir);
    assert!(errors.is_empty(), "{errors:?}");
    AppState::new(LayerSet::new(layers).0, ServerConfig::default())
}

/// The fixture layers as a composite, z0-z5, in both formats.
fn export_fixtures(state: &AppState, dir: &Path) -> Targets {
    let names: Vec<&str> = LAYERS.split(',').collect();
    let sources = state.tiles.resolve(&names).unwrap();
    let range = Range::new(0, 5, None, 24).unwrap();
    let meta = export::metadata::vector(&sources, false, &range);
    let targets = Targets {
        pmtiles: Some(dir.join("fx.pmtiles")),
        mbtiles: Some(dir.join("fx.mbtiles")),
    };
    let maker = VectorMaker {
        service: &state.tiles,
        sources,
        cluster: false,
    };
    let go = AtomicBool::new(false);
    let limits = Limits {
        max_tiles: u64::MAX,
        cancel: &go,
    };
    export::export(&maker, &range, meta, &targets, limits, &|_| {}).unwrap();
    targets
}

async fn with_archives() -> (AppState, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let state = fixture_state();
    let t = export_fixtures(&state, dir.path());
    let specs = vec![
        ("fxp".to_string(), t.pmtiles.unwrap()),
        ("fxm".to_string(), t.mbtiles.unwrap()),
    ];
    let archives = ArchiveSet::open(&specs).await.unwrap();
    (state.with_archives(archives).unwrap(), dir)
}

async fn get(state: &AppState, uri: &str, gzip: bool) -> Reply {
    let mut req = Request::get(uri);
    if gzip {
        req = req.header(header::ACCEPT_ENCODING, "gzip");
    }
    send_to(state.clone(), req.body(Body::empty()).unwrap()).await
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[tokio::test]
async fn archive_tiles_are_the_layer_tiles() {
    let (state, _dir) = with_archives().await;
    // Havana's z5 tile and the world tile hold features; the Southern Ocean not.
    for (z, x, y) in [(0, 0, 0), (5, 8, 13), (3, 2, 3)] {
        let layer = get(&state, &format!("/tiles/{LAYERS}/{z}/{x}/{y}.mvt"), false).await;
        assert_eq!(layer.status, StatusCode::OK);
        for name in ["fxp", "fxm"] {
            let plain = get(&state, &format!("/tiles/{name}/{z}/{x}/{y}.mvt"), false).await;
            assert_eq!(plain.status, StatusCode::OK, "{name} {z}/{x}/{y}");
            assert_eq!(plain.header(header::CONTENT_TYPE), media::MVT);
            assert_eq!(plain.header(header::CONTENT_ENCODING), "");
            assert_eq!(plain.body, layer.body, "{name} {z}/{x}/{y}");
            let zipped = get(&state, &format!("/tiles/{name}/{z}/{x}/{y}.pbf"), true).await;
            assert_eq!(zipped.header(header::CONTENT_ENCODING), "gzip");
            assert_eq!(gunzip(&zipped.body), layer.body);
            assert!(zipped.header(header::ETAG).ends_with("-gzip\""));
        }
    }
    let ocean = get(&state, "/tiles/fxp/5/14/28.mvt", false).await;
    assert_eq!(ocean.status, StatusCode::NO_CONTENT);
    // Beyond the archive's zooms there is nothing either.
    assert_eq!(
        get(&state, "/tiles/fxm/9/139/222.mvt", false).await.status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn archive_requests_are_checked() {
    let (state, _dir) = with_archives().await;
    let cases = [
        ("/tiles/fxp/0/0/0.png", StatusCode::BAD_REQUEST),
        ("/tiles/fxp/0/0/0.mvt?cluster=true", StatusCode::BAD_REQUEST),
        ("/tiles/fxp/0/1/0.mvt", StatusCode::NOT_FOUND),
        ("/tiles/fxp/25/0/0.mvt", StatusCode::BAD_REQUEST),
        ("/tiles/fxp/0/0/x.mvt", StatusCode::BAD_REQUEST),
    ];
    for (uri, status) in cases {
        let r = get(&state, uri, false).await;
        assert_eq!(r.status, status, "{uri}: {}", r.text());
        assert!(r.json()["description"].is_string(), "{uri}");
    }
}

#[tokio::test]
async fn archives_have_tilejson_and_are_in_the_catalog() {
    let (state, _dir) = with_archives().await;
    let doc = get(&state, "/tiles/fxm.json", false).await.json();
    assert_eq!(doc["tilejson"], "3.0.0");
    assert_eq!(
        doc["tiles"][0],
        "http://localhost/tiles/fxm/{z}/{x}/{y}.mvt"
    );
    assert_eq!(
        (doc["minzoom"].as_u64(), doc["maxzoom"].as_u64()),
        (Some(0), Some(5))
    );
    let layers = doc["vector_layers"].as_array().unwrap();
    assert_eq!(layers.len(), 3);
    for (layer, id) in layers.iter().zip(["events", "places", "routes"]) {
        assert_eq!(layer["id"], id);
    }
    let pm = get(&state, "/tiles/fxp.json", false).await.json();
    assert_eq!(pm["vector_layers"], doc["vector_layers"]);
    let catalog = get(&state, "/tiles", false).await.json();
    let archives: Vec<&str> = catalog["tilesets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["archive"] == true)
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(archives, ["fxm", "fxp"]);
}

#[tokio::test]
async fn pre_built_tiles_answer_as_built_ones() {
    let state = fixture_state();
    let before = get(&state, "/tiles/places/5/8/13.mvt", true).await;
    let cfg = export::prewarm::Prewarm {
        max_zoom: 6,
        max_bytes: 8 << 20,
        poll: std::time::Duration::from_secs(1),
    };
    let fresh = fixture_state();
    let sources = fresh.tiles.sources();
    export::prewarm::walk(&fresh.tiles, &fresh.prebuilt, &sources, cfg);
    assert!(fresh.prebuilt.bytes() > 0);
    let built = fresh
        .tiles
        .counters
        .built
        .load(std::sync::atomic::Ordering::Relaxed);
    let after = get(&fresh, "/tiles/places/5/8/13.mvt", true).await;
    assert_eq!(after.status, StatusCode::OK);
    assert_eq!(after.body, before.body);
    for name in [
        "etag",
        "content-encoding",
        "content-type",
        "x-mapwire-dropped",
    ] {
        let h = header::HeaderName::from_static(name);
        assert_eq!(after.header(h.clone()), before.header(h), "{name}");
    }
    // A tile under an unreached z6 tile is known empty; neither builds.
    let deep = TileId {
        z: 12,
        x: 100,
        y: 3000,
    };
    let empty = get(
        &fresh,
        &format!("/tiles/places/{}/{}/{}.mvt", deep.z, deep.x, deep.y),
        true,
    )
    .await;
    assert_eq!(empty.status, StatusCode::NO_CONTENT);
    assert_eq!(
        fresh
            .tiles
            .counters
            .built
            .load(std::sync::atomic::Ordering::Relaxed),
        built
    );
    assert!(fresh.prebuilt.hits() >= 2);
}
