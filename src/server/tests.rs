//! Router tests without a socket: requests go through `oneshot`.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use super::*;
use crate::layers::load_dir;

fn state() -> AppState {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layers");
    let (layers, errors) = load_dir(&dir);
    assert!(errors.is_empty(), "{errors:?}");
    let (set, _) = LayerSet::new(layers);
    let config = ServerConfig {
        base_url: Some("http://test".into()),
        max_limit: 10,
        ..ServerConfig::default()
    };
    AppState::new(set, config)
}

/// A finished response, for the router tests of this and other modules.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }

    pub(crate) fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }
}

async fn send(req: Request<Body>) -> Reply {
    send_to(state(), req).await
}

/// Runs one request through the whole router, without a socket.
pub(crate) async fn send_to(state: AppState, req: Request<Body>) -> Reply {
    let response = app(state).oneshot(req).await.unwrap();
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

async fn get(uri: &str) -> Reply {
    send(Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn get_with(uri: &str, name: &str, value: &str) -> Reply {
    send(
        Request::get(uri)
            .header(name, value)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

fn rels(doc: &Value) -> Vec<String> {
    doc["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["rel"].as_str().unwrap().to_string())
        .collect()
}

fn ids(doc: &Value) -> Vec<String> {
    doc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| match &f["id"] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

#[tokio::test]
async fn landing_page_links_the_api() {
    let r = get("/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header(header::CONTENT_TYPE), "application/json");
    let doc = r.json();
    for rel in [
        "self",
        "alternate",
        "service-desc",
        "service-doc",
        "conformance",
        "data",
    ] {
        assert!(rels(&doc).contains(&rel.to_string()), "{rel}");
    }
    insta::assert_snapshot!("landing", pretty(&doc));
}

#[tokio::test]
async fn conformance_lists_the_four_classes() {
    let doc = get("/conformance").await.json();
    insta::assert_snapshot!("conformance", pretty(&doc));
}

#[tokio::test]
async fn collection_document_has_extents_and_links() {
    let r = get("/collections/events").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert_eq!(doc["itemType"], "feature");
    assert_eq!(
        doc["extent"]["temporal"]["interval"][0][0],
        "2008-09-10T00:00:00Z"
    );
    insta::assert_snapshot!("collection_events", pretty(&doc));
    let all = get("/collections").await.json();
    let names: Vec<&str> = all["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["events", "places", "routes"]);
}

#[tokio::test]
async fn api_describes_the_real_parameters() {
    let r = get("/api").await;
    assert_eq!(
        r.header(header::CONTENT_TYPE),
        "application/vnd.oai.openapi+json;version=3.0"
    );
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.0.3");
    assert!(doc["paths"]["/collections/{collectionId}/nearest"].is_object());
    // A larger limit is clamped, not refused: no maximum, the clamp told.
    let limit = &doc["components"]["parameters"]["limit"];
    assert!(limit["schema"]["maximum"].is_null(), "{limit}");
    assert!(
        limit["description"]
            .as_str()
            .unwrap()
            .contains("clamped to 10")
    );
    let events = doc["paths"]["/collections/events/items"]["get"]["parameters"].to_string();
    assert!(events.contains("event_type"), "{events}");
    insta::assert_snapshot!("api", pretty(&doc));
    let html = get("/api?f=html").await;
    assert!(html.text().contains("/collections/{collectionId}/nearest"));
}

#[tokio::test]
async fn items_page_with_counts_and_paging_links() {
    let doc = get("/collections/events/items?limit=5").await.json();
    assert_eq!(doc["type"], "FeatureCollection");
    assert_eq!(doc["numberMatched"], 13);
    assert_eq!(doc["numberReturned"], 5);
    assert!(doc["timeStamp"].as_str().unwrap().ends_with('Z'));
    assert_eq!(rels(&doc), ["self", "alternate", "collection", "next"]);
    let next = doc["links"][3]["href"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://test")
        .to_string();
    assert_eq!(next, "/collections/events/items?limit=5&offset=5");
    let page3 = get("/collections/events/items?limit=5&offset=10")
        .await
        .json();
    assert_eq!(ids(&page3), ["11", "12", "13"]);
    assert_eq!(rels(&page3), ["self", "alternate", "collection", "prev"]);
    assert!(
        page3["links"][3]["href"]
            .as_str()
            .unwrap()
            .ends_with("offset=5")
    );
}

#[tokio::test]
async fn huge_limits_are_clamped_and_default_applies() {
    let doc = get("/collections/places/items?limit=99999999999999999999999")
        .await
        .json();
    assert_eq!(doc["numberReturned"], 10);
    let r = get("/collections/places/items").await;
    assert_eq!(r.header(header::CONTENT_TYPE), "application/geo+json");
    assert_eq!(
        r.json()["numberReturned"],
        10,
        "default 100 is clamped to this server's maximum"
    );
}

#[tokio::test]
async fn bbox_filters_including_antimeridian() {
    let doc = get("/collections/places/items?bbox=-85,19,-74,24")
        .await
        .json();
    assert_eq!(ids(&doc), ["havana", "mariel", "cienfuegos"]);
    let doc = get("/collections/places/items?bbox=170,-25,-170,0")
        .await
        .json();
    assert_eq!(ids(&doc), ["suva", "apia"]);
    let doc = get("/collections/routes/items?bbox=-20,40,0,50")
        .await
        .json();
    assert_eq!(
        ids(&doc),
        ["severomorsk-havana"],
        "envelope of the line meets the box"
    );
}

#[tokio::test]
async fn datetime_filters() {
    let doc = get("/collections/events/items?datetime=2024-01-01T00:00:00Z/..")
        .await
        .json();
    assert_eq!(ids(&doc), ["5", "6"]);
    let doc = get("/collections/events/items?datetime=2016-05-01")
        .await
        .json();
    assert_eq!(ids(&doc), ["10"]);
    let doc = get("/collections/events/items?datetime=../2008-12-31")
        .await
        .json();
    assert_eq!(ids(&doc), ["1", "2"]);
    let doc = get("/collections/events/items?datetime=2015-01-01/2016-12-31")
        .await
        .json();
    assert_eq!(ids(&doc), ["7", "9", "10"]);
    assert_eq!(
        get("/collections/places/items?datetime=../..").await.json()["numberMatched"],
        0
    );
}

#[tokio::test]
async fn property_filters_and_sortby() {
    let doc = get("/collections/events/items?event_type=port_call&sortby=-start")
        .await
        .json();
    assert_eq!(ids(&doc), ["6", "5", "11", "4"]);
    let doc = get("/collections/events/items?event_type=port_call_agreement")
        .await
        .json();
    assert_eq!(ids(&doc), ["7"]);
    let doc = get("/collections/places/items?country=VE&sortby=%2Bname")
        .await
        .json();
    assert_eq!(
        ids(&doc),
        ["caracas", "la-guaira", "la-orchila", "maiquetia"]
    );
    let doc = get("/collections/places/items?rank=3").await.json();
    assert_eq!(ids(&doc), ["cienfuegos"]);
}

#[tokio::test]
async fn bad_input_gets_400_with_code_and_description() {
    let cases = [
        (
            "/collections/places/items?bbox=NaN,0,1,1",
            "InvalidParameterValue",
        ),
        (
            "/collections/places/items?bbox=0,0,1",
            "InvalidParameterValue",
        ),
        (
            "/collections/places/items?bbox=-200,0,1,1",
            "InvalidParameterValue",
        ),
        ("/collections/places/items?limit=0", "InvalidParameterValue"),
        (
            "/collections/places/items?limit=-5",
            "InvalidParameterValue",
        ),
        (
            "/collections/places/items?offset=x",
            "InvalidParameterValue",
        ),
        (
            "/collections/events/items?datetime=yesterday",
            "InvalidParameterValue",
        ),
        (
            "/collections/events/items?datetime=2024-02-01/2024-01-01",
            "InvalidParameterValue",
        ),
        (
            "/collections/places/items?rank=high",
            "InvalidParameterValue",
        ),
        (
            "/collections/places/items?sortby=nope",
            "InvalidParameterValue",
        ),
        ("/collections/places/items?colour=red", "UnknownParameter"),
        (
            "/collections/places/items?limit=1&limit=2",
            "DuplicateParameter",
        ),
        ("/collections/places/items?f=xml", "InvalidParameterValue"),
        ("/collections/places/items?bbox=%zz", "InvalidQuery"),
        ("/collections?foo=1", "UnknownParameter"),
        ("/collections/places/nearest?lat=1", "MissingParameterValue"),
        (
            "/collections/places/nearest?lon=1&lat=91",
            "InvalidParameterValue",
        ),
        (
            "/collections/places/nearest?lon=1&lat=1&k=0",
            "InvalidParameterValue",
        ),
        ("/layers/../Cargo.toml", "InvalidPath"),
        ("/collections/%2e%2e/items", "InvalidPath"),
    ];
    for (uri, code) in cases {
        let r = get(uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.text());
        let doc = r.json();
        assert_eq!(doc["code"], code, "{uri}");
        assert!(!doc["description"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn unknown_things_are_404() {
    for uri in [
        "/collections/nope",
        "/collections/nope/items",
        "/collections/places/items/nowhere",
        "/nothing",
        "/layers/nope.geojson",
        "/layers/places.json",
    ] {
        let r = get(uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(r.json()["code"], "NotFound");
    }
    let r = send(Request::post("/collections").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.json()["code"], "MethodNotAllowed");
}

#[tokio::test]
async fn single_feature_and_queryables() {
    let doc = get("/collections/places/items/havana").await.json();
    assert_eq!(doc["type"], "Feature");
    assert_eq!(doc["properties"]["name"], "Havana");
    assert_eq!(rels(&doc), ["self", "alternate", "collection"]);
    assert_eq!(
        get("/collections/events/items/5").await.json()["properties"]["event_type"],
        "port_call"
    );
    let r = get("/collections/events/queryables").await;
    assert_eq!(r.header(header::CONTENT_TYPE), "application/schema+json");
    let schema = r.json();
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["properties"]["event_type"]["type"], "string");
    assert_eq!(schema["properties"]["start"]["format"], "date");
}

#[tokio::test]
async fn nearest_features() {
    let doc = get("/collections/places/nearest?lon=-66.95&lat=10.6&k=3")
        .await
        .json();
    assert_eq!(ids(&doc), ["la-guaira", "maiquetia", "caracas"]);
    assert!(doc["features"][0]["distance_m"].as_f64().unwrap() < 3000.0);
    let doc = get("/collections/places/nearest?lon=179.5&lat=-15&k=2")
        .await
        .json();
    assert_eq!(ids(&doc), ["suva", "apia"]);
}

#[tokio::test]
async fn html_by_parameter_and_by_accept_header() {
    let r = get("/collections/events/items?f=html&limit=2").await;
    assert_eq!(r.header(header::CONTENT_TYPE), "text/html; charset=utf-8");
    let page = r.text();
    assert!(page.contains("<table>") && page.contains("VENRUS-2008"));
    assert!(
        page.contains("href=\"/collections/events/items?f=html&amp;limit=2&amp;offset=2\""),
        "{page}"
    );
    let r = get_with("/", "accept", "text/html,application/xhtml+xml,*/*;q=0.8").await;
    assert!(r.text().starts_with("<!DOCTYPE html>"));
    for uri in [
        "/collections?f=html",
        "/collections/places?f=html",
        "/collections/places/items/havana?f=html",
        "/conformance?f=html",
        "/collections/places/queryables?f=html",
        "/collections/places/nearest?lon=0&lat=0&f=html",
    ] {
        let r = get(uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert!(r.text().contains("</html>"), "{uri}");
    }
}

#[tokio::test]
async fn html_escapes_data() {
    let page = get("/collections/places/items/maiquetia?f=html")
        .await
        .text();
    assert!(page.contains("Maiquetía (Simón Bolívar International Airport)"));
    assert!(!page.contains("<script"));
}

#[tokio::test]
async fn download_whole_layer() {
    let r = get("/layers/places.geojson").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header(header::CONTENT_TYPE), "application/geo+json");
    let fc: geojson::FeatureCollection = r.text().parse().unwrap();
    assert_eq!(fc.features.len(), 16);
}

#[tokio::test]
async fn etag_304_and_head() {
    let r = get("/collections/places").await;
    let tag = r.header(header::ETAG).to_string();
    assert!(tag.starts_with('"') && tag.len() > 10, "{tag}");
    assert_eq!(r.header(header::CACHE_CONTROL), "public, max-age=60");
    let again = get_with("/collections/places", "if-none-match", &tag).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    let head = send(
        Request::head("/collections/places")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.header(header::ETAG), tag);
    assert!(head.body.is_empty());
    // Items carry a timeStamp but still revalidate.
    let items = get("/collections/places/items?limit=3").await;
    let tag = items.header(header::ETAG).to_string();
    let again = get_with("/collections/places/items?limit=3", "if-none-match", &tag).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn gzip_and_brotli() {
    for coding in ["gzip", "br"] {
        let r = get_with("/layers/places.geojson", "accept-encoding", coding).await;
        assert_eq!(r.header(header::CONTENT_ENCODING), coding);
        assert!(r.header(header::ETAG).ends_with(&format!("-{coding}\"")));
        assert!(r.body.len() < 4000);
    }
}

#[tokio::test]
async fn cors_allows_any_origin() {
    let r = get_with("/collections", "origin", "https://example.org").await;
    assert_eq!(r.header(header::ACCESS_CONTROL_ALLOW_ORIGIN), "*");
}

#[tokio::test]
async fn health_and_metrics() {
    let r = get("/health").await;
    assert_eq!(r.json()["status"], "ok");
    assert_eq!(r.header(header::CACHE_CONTROL), "no-store");
    let state = state();
    let router = app(state.clone());
    for uri in [
        "/collections/places/items",
        "/collections/places/items?bbox=x",
        "/nope",
    ] {
        router
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
    }
    let r = router
        .oneshot(Request::get("/metrics").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let text =
        String::from_utf8(r.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(text.contains(r#"mapwire_http_requests_total{route="/collections/{id}/items",method="GET",status="200"} 1"#), "{text}");
    assert!(text.contains(r#"status="400"} 1"#));
    assert!(
        text.contains(
            r#"mapwire_http_requests_total{route="unmatched",method="GET",status="404"} 1"#
        )
    );
    assert!(text.contains("mapwire_http_request_duration_seconds_bucket"));
    assert!(text.contains(r#"mapwire_layer_features{layer="places"} 16"#));
}

#[tokio::test]
async fn no_bad_input_causes_a_5xx() {
    let nasty = [
        "/collections/places/items?bbox=1e309,0,1,1",
        "/collections/places/items?bbox=,,,",
        "/collections/places/items?datetime=/",
        "/collections/places/items?datetime=..",
        "/collections/places/items?sortby=",
        "/collections/places/items?sortby=-",
        "/collections/places/items?offset=18446744073709551616",
        "/collections/places/items?limit=1&offset=99999999999999",
        "/collections/places/items/%FF",
        "/collections/%FF",
        "/collections/places/items?%FF=1",
        "/collections/places/nearest?lon=NaN&lat=0",
        "/collections/places/nearest?lon=0&lat=0&k=99999999999999999999",
        "/layers/%2e%2e%2fCargo.toml",
        "/collections/places/items?=",
        "/collections/places/items?&&&",
    ];
    for uri in nasty {
        let r = get(uri).await;
        assert!(r.status.as_u16() < 500, "{uri}: {}", r.status);
        if !r.status.is_success() {
            assert!(r.json()["code"].is_string(), "{uri}");
        }
    }
}

mod basemap_tiles {
    use super::*;

    async fn get_status(uri: &str) -> (u16, Vec<u8>, String) {
        let reply = send(Request::get(uri).body(Body::empty()).unwrap()).await;
        let ctype = reply.header(header::CONTENT_TYPE).to_string();
        (reply.status.as_u16(), reply.body, ctype)
    }

    #[tokio::test]
    async fn png_tiles_at_1x_and_2x() {
        let (status, body, ctype) = get_status("/tiles/basemap/0/0/0.png").await;
        assert_eq!((status, ctype.as_str()), (200, "image/png"));
        assert!(body.starts_with(b"\x89PNG"));
        let (status, body, _) = get_status("/tiles/basemap/3/2/3@2x.png?style=dark").await;
        assert_eq!(status, 200);
        // 512 px wide: the IHDR width field.
        assert_eq!(&body[16..20], &512u32.to_be_bytes());
    }

    #[tokio::test]
    async fn bad_tile_requests_are_4xx_json() {
        for (uri, want) in [
            ("/tiles/basemap/0/0/0@3x.png", 400),
            ("/tiles/basemap/0/0/0.png?style=neon", 400),
            ("/tiles/basemap/0/0/0.png?colour=red", 400),
            ("/tiles/basemap/0/1/0.png", 404),
            ("/tiles/basemap/15/0/0.png", 404),
            ("/tiles/basemap/0/0/0.jpg", 404),
            ("/tiles/basemap/z/0/0.png", 400),
        ] {
            let (status, body, ctype) = get_status(uri).await;
            assert_eq!(status, want, "{uri}");
            assert!(ctype.starts_with("application/json"), "{uri}: {ctype}");
            let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert!(
                v["code"].is_string() && v["description"].is_string(),
                "{uri}"
            );
        }
    }

    #[tokio::test]
    async fn raster_tilejson() {
        let (status, body, _) = get_status("/tiles/basemap.json?style=dark").await;
        assert_eq!(status, 200);
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["tilejson"], "3.0.0");
        let url = v["tiles"][0].as_str().unwrap();
        assert!(
            url.ends_with("/tiles/basemap/{z}/{x}/{y}.png?style=dark"),
            "{url}"
        );
        assert!(v["attribution"].as_str().unwrap().contains("Natural Earth"));
    }
}
