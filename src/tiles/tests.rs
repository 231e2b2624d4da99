//! Tile tests: rendering through the decoder of `fast-mvt`, the cache,
//! and the HTTP endpoints through `oneshot`.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::fmt::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use fast_mvt::{MvtGeometry, MvtReaderRef};

use super::clip::ring_area2;
use super::*;
use crate::layers::{Geometry, LayerBuilder, load_dir};
use crate::server::tests::{Reply, send_to};
use crate::server::{AppState, ServerConfig};

fn fixture_layers() -> LayerSet {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layers");
    let (layers, errors) = load_dir(&dir);
    assert!(errors.is_empty(), "{errors:?}");
    LayerSet::new(layers).0
}

fn service() -> Arc<TileService> {
    Arc::new(TileService::new(&fixture_layers(), 1 << 20))
}

fn tile(z: u8, x: u32, y: u32) -> TileId {
    TileId { z, x, y }
}

/// A tile as readable text: layers, then features with id, geometry and
/// properties in tile order.
pub fn decode(bytes: &[u8]) -> String {
    let reader = MvtReaderRef::new(bytes).unwrap();
    let mut out = String::new();
    for layer in reader.layers() {
        writeln!(
            out,
            "layer {} extent={} features={}",
            layer.name(),
            layer.extent(),
            layer.feature_count()
        )
        .unwrap();
        for f in layer.features() {
            let props: Vec<String> = f
                .properties_vec()
                .unwrap()
                .iter()
                .map(|(k, v)| format!("{k}={v:?}"))
                .collect();
            writeln!(out, "  id={:?} {:?}", f.id(), f.geometry().unwrap()).unwrap();
            writeln!(out, "    {}", props.join(" ")).unwrap();
        }
    }
    out
}

fn render_one(svc: &TileService, layer: &str, t: TileId, cluster: bool) -> Arc<TileData> {
    let sources = svc.resolve(&[layer]).unwrap();
    svc.build(&sources, t, cluster).unwrap()
}

#[test]
fn every_fixture_layer_renders_at_several_zooms() {
    let svc = service();
    for layer in ["events", "places", "routes"] {
        let mut text = String::new();
        for t in [tile(0, 0, 0), tile(2, 1, 1), tile(5, 8, 14)] {
            let data = render_one(&svc, layer, t, false);
            writeln!(
                text,
                "== {}/{}/{} ({} bytes)",
                t.z,
                t.x,
                t.y,
                data.raw.len()
            )
            .unwrap();
            if !data.raw.is_empty() {
                text.push_str(&decode(&data.raw));
            }
        }
        insta::assert_snapshot!(format!("tile_{layer}"), text);
    }
}

#[test]
fn attributes_are_typed_and_ids_kept() {
    let svc = service();
    let data = render_one(&svc, "places", tile(0, 0, 0), false);
    let text = decode(&data.raw);
    assert!(text.contains("rank=1 (uint)"), "{text}");
    assert!(text.contains("id=\"havana\""), "{text}");
    let events = decode(&render_one(&svc, "events", tile(0, 0, 0), false).raw);
    assert!(events.contains("id=Some(1)"), "{events}");
}

#[test]
fn polygons_are_wound_clockwise_on_screen() {
    let svc = service();
    let data = render_one(&svc, "routes", tile(2, 1, 1), false);
    let reader = MvtReaderRef::new(&data.raw).unwrap();
    let mut polygons = 0;
    for f in reader.layers().flat_map(|l| l.features()) {
        if let MvtGeometry::Polygon(p) = f.geometry().unwrap() {
            let ring: Vec<[i32; 2]> = p.exterior().0.iter().map(|c| [c.x, c.y]).collect();
            assert!(ring_area2(&ring) > 0, "{ring:?}");
            polygons += 1;
        }
    }
    assert_eq!(polygons, 1);
}

fn dense_layer(n: usize) -> Layer {
    let mut b = LayerBuilder::new("dense", "Dense", "many points");
    // A deterministic spread over the whole Mercator world.
    let mut s: u64 = 42;
    let mut next = || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    for i in 0..n {
        let (lon, lat) = (next() * 359.0 - 179.5, next() * 160.0 - 80.0);
        let props = format!(r#"{{"name":"p{i}","pop":{i}}}"#);
        b.push_raw(None, Geometry::Point([lon, lat]), Some(&props))
            .unwrap();
    }
    b.finish().unwrap()
}

#[test]
fn dense_points_are_thinned_at_low_zoom_and_kept_at_detail_zoom() {
    let (set, _) = LayerSet::new(vec![dense_layer(100_000)]);
    let svc = TileService::new(&set, 1 << 20);
    let z0 = render_one(&svc, "dense", tile(0, 0, 0), false);
    assert!(z0.features <= 66 * 66, "{}", z0.features);
    assert!(z0.raw.len() < 200_000, "{}", z0.raw.len());
    assert_eq!(z0.features as u64 + z0.dropped.thinned, 100_000);
    // Cluster mode: every point is counted in some cluster.
    let c = render_one(&svc, "dense", tile(0, 0, 0), true);
    let reader = MvtReaderRef::new(&c.raw).unwrap();
    let total: u64 = reader
        .layers()
        .flat_map(|l| l.features())
        .map(|f| {
            f.properties_vec()
                .unwrap()
                .iter()
                .find(|(k, _)| *k == "point_count")
                .map(|(_, v)| match v {
                    fast_mvt::MvtValueRef::UInt(n) => *n,
                    other => panic!("{other:?}"),
                })
                .unwrap()
        })
        .sum();
    assert_eq!(total, 100_000);
    let deep = render_one(&svc, "dense", tile(DETAIL_ZOOM, 8000, 8000), false);
    assert_eq!(deep.dropped.thinned, 0);
}

#[test]
fn polygons_below_resolution_are_counted_not_silently_lost() {
    let mut b = LayerBuilder::new("tiny", "Tiny", "");
    let square = r#"{"type":"Polygon","coordinates":[[[10,10],[10.0001,10],[10.0001,10.0001],[10,10.0001],[10,10]]]}"#;
    let g: geojson::Geometry = serde_json::from_str(square).unwrap();
    let g = geo::Geometry::<f64>::try_from(&g.value).unwrap();
    b.push_raw(Some("7"), Geometry::Other(Box::new(g)), Some("{}"))
        .unwrap();
    let (set, _) = LayerSet::new(vec![b.finish().unwrap()]);
    let svc = TileService::new(&set, 1 << 20);
    let z0 = render_one(&svc, "tiny", tile(0, 0, 0), false);
    assert!(z0.raw.is_empty());
    assert_eq!(z0.dropped.too_small, 1);
    let t = grid::tile_at(10.00005, 10.00005, 20);
    let deep = render_one(&svc, "tiny", t, false);
    assert_eq!(deep.features, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_build_a_tile_once() {
    let svc = service();
    let sources = svc.resolve(&["places"]).unwrap();
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (svc, sources) = (svc.clone(), sources.clone());
            tokio::spawn(async move { svc.tile(sources, tile(0, 0, 0), false).await.unwrap() })
        })
        .collect();
    let mut hashes = Vec::new();
    for t in tasks {
        hashes.push(t.await.unwrap().hash);
    }
    assert!(hashes.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(svc.counters.built.load(Ordering::Relaxed), 1);
    assert_eq!(svc.cache().len(), 1);
}

#[tokio::test]
async fn a_changed_layer_is_not_served_from_the_cache() {
    let svc = service();
    let first = svc
        .tile(svc.resolve(&["places"]).unwrap(), tile(0, 0, 0), false)
        .await
        .unwrap();
    let again = svc
        .tile(svc.resolve(&["places"]).unwrap(), tile(0, 0, 0), false)
        .await
        .unwrap();
    assert!(Arc::ptr_eq(&first, &again));
    let mut b = LayerBuilder::new("places", "Places", "changed");
    b.push_raw(
        Some("1"),
        Geometry::Point([1.0, 1.0]),
        Some(r#"{"name":"new"}"#),
    )
    .unwrap();
    svc.replace(Arc::new(b.finish().unwrap()));
    let changed = svc
        .tile(svc.resolve(&["places"]).unwrap(), tile(0, 0, 0), false)
        .await
        .unwrap();
    assert_ne!(first.hash, changed.hash);
    assert_eq!(changed.features, 1);
}

#[test]
fn the_cache_stays_within_its_bytes() {
    let (set, _) = LayerSet::new(vec![dense_layer(20_000)]);
    let svc = Arc::new(TileService::new(&set, 64 * 1024));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        for x in 0..8 {
            for y in 0..8 {
                let s = svc.resolve(&["dense"]).unwrap();
                svc.tile(s, tile(3, x, y), false).await.unwrap();
            }
        }
    });
    assert!(
        svc.cache().weight() <= 64 * 1024,
        "{}",
        svc.cache().weight()
    );
}

// ---- HTTP ----

fn state() -> AppState {
    let config = ServerConfig {
        base_url: Some("http://test".into()),
        ..ServerConfig::default()
    };
    AppState::new(fixture_layers(), config)
}

async fn send(state: &AppState, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    send_to(state.clone(), req.body(Body::empty()).unwrap()).await
}

async fn get(uri: &str) -> Reply {
    send(&state(), uri, &[]).await
}

#[tokio::test]
async fn tiles_are_served_with_their_media_type() {
    let r = get("/tiles/places/0/0/0.mvt").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.header(header::CONTENT_TYPE),
        "application/vnd.mapbox-vector-tile"
    );
    assert!(decode(&r.body).contains("layer places"));
    assert!(!r.header(header::ETAG).is_empty());
    let pbf = get("/tiles/places/0/0/0.pbf").await;
    assert_eq!(pbf.body, r.body);
}

#[tokio::test]
async fn tiles_are_gzipped_when_accepted_and_answer_304() {
    let st = state();
    let plain = send(&st, "/tiles/places/0/0/0.mvt", &[]).await;
    let r = send(
        &st,
        "/tiles/places/0/0/0.mvt",
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(r.header(header::CONTENT_ENCODING), "gzip");
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&r.body[..]),
        &mut unzipped,
    )
    .unwrap();
    assert_eq!(unzipped, plain.body);
    let etag = r.header(header::ETAG).to_string();
    assert!(etag.ends_with("-gzip\""), "{etag}");
    let again = send(
        &st,
        "/tiles/places/0/0/0.mvt",
        &[("accept-encoding", "gzip"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
}

#[tokio::test]
async fn empty_tiles_answer_204() {
    // Zoom 10 in the middle of the Pacific.
    let r = get("/tiles/places/10/10/500.mvt").await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(r.body.is_empty());
}

#[tokio::test]
async fn bad_tile_requests_get_json_errors() {
    for (uri, status) in [
        ("/tiles/places/25/0/0.mvt", 400),
        ("/tiles/places/99999999999999999999/0/0.mvt", 400),
        ("/tiles/places/2/4/0.mvt", 404),
        ("/tiles/places/2/0/4.mvt", 404),
        ("/tiles/places/2/-1/0.mvt", 400),
        ("/tiles/places/2/0/0.png", 400),
        ("/tiles/places/2/0/0", 400),
        ("/tiles/places/2/0/x.mvt", 400),
        ("/tiles/nope/0/0/0.mvt", 404),
        ("/tiles/places,nope/0/0/0.mvt", 404),
        ("/tiles/places,places/0/0/0.mvt", 400),
        ("/tiles/places,/0/0/0.mvt", 400),
        ("/tiles/places/0/0/0.mvt?cluster=maybe", 400),
        ("/tiles/places/0/0/0.mvt?zoom=3", 400),
        ("/tiles/places.xml", 404),
        ("/tiles/nope.json", 404),
        ("/collections/places/tiles/WorldCRS84Quad", 404),
        ("/collections/places/tiles/WebMercatorQuad/3/8/0", 404),
        ("/collections/nope/tiles", 404),
        ("/tileMatrixSets/Other", 404),
    ] {
        let r = get(uri).await;
        assert_eq!(r.status.as_u16(), status, "{uri}");
        let doc = r.json();
        assert!(
            doc["code"].is_string() && doc["description"].is_string(),
            "{uri}: {doc}"
        );
    }
    let many = vec!["places"; 100].join(",");
    let r = get(&format!("/tiles/{many}/0/0/0.mvt")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json()["description"]
            .as_str()
            .unwrap()
            .contains("at most 16")
    );
}

#[tokio::test]
async fn composite_tiles_have_one_layer_per_source() {
    let r = get("/tiles/places,routes,events/0/0/0.mvt").await;
    assert_eq!(r.status, StatusCode::OK);
    let reader = MvtReaderRef::new(&r.body).unwrap();
    let names: Vec<&str> = reader.layers().map(|l| l.name()).collect();
    assert_eq!(names, ["places", "routes", "events"]);
    let tj = get("/tiles/places,routes.json").await.json();
    assert_eq!(tj["vector_layers"].as_array().unwrap().len(), 2);
    assert_eq!(
        tj["tiles"][0],
        "http://test/tiles/places,routes/{z}/{x}/{y}.mvt"
    );
}

#[tokio::test]
async fn cluster_mode_adds_point_count() {
    let r = get("/tiles/places/0/0/0.mvt?cluster=true").await;
    assert!(decode(&r.body).contains("point_count="));
    let tj = get("/tiles/places.json?cluster=true").await.json();
    assert_eq!(tj["vector_layers"][0]["fields"]["point_count"], "Number");
    assert!(tj["tiles"][0].as_str().unwrap().ends_with("?cluster=true"));
}

#[tokio::test]
async fn tilejson_describes_the_layer() {
    let doc = get("/tiles/routes.json").await.json();
    insta::assert_snapshot!(
        "tilejson_routes",
        serde_json::to_string_pretty(&doc).unwrap()
    );
    let doc = get("/tiles/places.json").await.json();
    assert_eq!(doc["tilejson"], "3.0.0");
    assert_eq!(doc["vector_layers"][0]["fields"]["rank"], "Number");
    assert_eq!(doc["vector_layers"][0]["fields"]["name"], "String");
    // Links follow the request's Host when no base URL is configured.
    let st = AppState::new(fixture_layers(), ServerConfig::default());
    let r = send(&st, "/tiles/places.json", &[("host", "maps.example:8080")]).await;
    assert_eq!(
        r.json()["tiles"][0],
        "http://maps.example:8080/tiles/places/{z}/{x}/{y}.mvt"
    );
    let cat = get("/tiles").await.json();
    assert_eq!(cat["tilesets"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn ogc_api_tiles() {
    let list = get("/collections/places/tiles").await.json();
    let tileset_href = list["tilesets"][0]["links"][0]["href"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        tileset_href,
        "http://test/collections/places/tiles/WebMercatorQuad"
    );
    let ts = get("/collections/places/tiles/WebMercatorQuad")
        .await
        .json();
    assert_eq!(ts["dataType"], "vector");
    assert_eq!(ts["layers"][0]["geometryDimension"], 0);
    let item = ts["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "item")
        .unwrap();
    assert_eq!(item["type"], "application/vnd.mapbox-vector-tile");
    // Row is y and column is x: the same tile as /tiles/places/2/1/1.mvt... at 3/2/3.
    let ogc = get("/collections/places/tiles/WebMercatorQuad/3/3/2").await;
    let xyz = get("/tiles/places/3/2/3.mvt").await;
    assert_eq!(ogc.status, StatusCode::OK);
    assert_eq!(ogc.body, xyz.body);
    let tms = get("/tileMatrixSets/WebMercatorQuad").await.json();
    assert_eq!(tms["tileMatrices"].as_array().unwrap().len(), 25);
    assert_eq!(tms["tileMatrices"][2]["matrixWidth"], 4);
    let tmss = get("/tileMatrixSets").await.json();
    assert_eq!(tmss["tileMatrixSets"][0]["id"], "WebMercatorQuad");
    let conf = get("/conformance").await.json();
    assert!(
        conf["conformsTo"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt")
    );
    let coll = get("/collections/places").await.json();
    assert!(
        coll["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["href"] == "http://test/collections/places/tiles")
    );
    let landing = get("/").await.json();
    assert!(
        landing["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["href"] == "http://test/tileMatrixSets")
    );
    let st = state();
    send(&st, "/tiles/places/0/0/0.mvt", &[]).await;
    let metrics = String::from_utf8(send(&st, "/metrics", &[]).await.body).unwrap();
    assert!(metrics.contains("mapwire_tiles_built_total 1"), "{metrics}");
    assert!(
        metrics.contains("mapwire_tile_cache_entries 1"),
        "{metrics}"
    );
    let api = get("/api").await.json();
    assert!(api["paths"]["/tiles/{layers}/{z}/{x}/{y}.mvt"].is_object());
}
