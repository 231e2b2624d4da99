//! Router tests of the map page's endpoints: `/` negotiation, the page's
//! files and CSP, `/documents`, `/documents/{id}`, `/search`.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use super::*;
use crate::documents::DocumentStore;
use crate::layers::load_dir;

const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// The fixture layers and the built-in documents (geoparsed once).
fn state() -> AppState {
    static DOCS: OnceLock<Vec<crate::documents::Document>> = OnceLock::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layers");
    let (layers, errors) = load_dir(&dir);
    assert!(errors.is_empty(), "{errors:?}");
    let (set, _) = LayerSet::new(layers);
    let docs = DOCS.get_or_init(crate::documents::builtin).clone();
    AppState::new(set, ServerConfig::default()).with_documents(DocumentStore::build(
        docs,
        &crate::geoparse::Geoparser::builtin(),
    ))
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }
}

async fn get(uri: &str, accept: Option<&str>) -> Reply {
    let mut req = Request::get(uri);
    if let Some(accept) = accept {
        req = req.header(header::ACCEPT, accept);
    }
    let response = app(state())
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

#[tokio::test]
async fn root_gives_browsers_the_map_and_api_clients_the_landing_page() {
    let page = get("/", Some(BROWSER)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.header(header::CONTENT_TYPE),
        "text/html; charset=utf-8"
    );
    assert!(page.body.contains("id=\"map\"") && page.body.contains("/web/app.js"));
    assert_eq!(page.header(header::CONTENT_SECURITY_POLICY), web::CSP);

    // f=html is still the OGC landing page; JSON clients still get JSON.
    let landing = get("/?f=html", Some(BROWSER)).await;
    assert!(landing.body.contains("<h1>") && !landing.body.contains("id=\"map\""));
    for (uri, accept) in [
        ("/", None),
        ("/", Some("application/json")),
        ("/?f=json", Some(BROWSER)),
        ("/", Some("*/*")),
    ] {
        let r = get(uri, accept).await;
        assert_eq!(
            r.header(header::CONTENT_TYPE),
            "application/json",
            "{uri} {accept:?}"
        );
        assert!(r.json()["links"].is_array());
    }
    assert_eq!(
        get("/?x=1", Some(BROWSER)).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn the_csp_keeps_the_page_on_this_server() {
    let csp = get("/", Some(BROWSER)).await;
    let csp = csp.header(header::CONTENT_SECURITY_POLICY);
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    assert!(!csp.contains("unsafe") && !csp.contains("http"), "{csp}");
    // Nothing in the page names another host.
    for file in ["index.html", "app.js", "hash.js", "symbols.js", "app.css"] {
        let text = String::from_utf8_lossy(web::asset_bytes(file).unwrap()).into_owned();
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{file}"
        );
    }
}

#[tokio::test]
async fn page_files_are_served_with_their_types() {
    for (uri, media) in [
        ("/web/app.js", "text/javascript; charset=utf-8"),
        (
            "/web/vendor/leaflet/leaflet.js",
            "text/javascript; charset=utf-8",
        ),
        ("/web/app.css", "text/css; charset=utf-8"),
        ("/web/vendor/leaflet/images/layers.png", "image/png"),
        ("/web/vendor/leaflet/LICENSE", "text/plain; charset=utf-8"),
    ] {
        let r = get(uri, None).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert_eq!(r.header(header::CONTENT_TYPE), media, "{uri}");
        assert!(!r.header(header::ETAG).is_empty());
    }
    let r = get("/web/nope.js", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["code"], "NotFound");
    assert_eq!(
        get("/web/../Cargo.toml", None).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn documents_are_listed_in_json_and_html() {
    let doc = get("/documents?f=json", None).await.json();
    let docs = doc["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 5);
    assert!(docs.iter().all(|d| d["mentions"].as_u64().unwrap() > 0));
    let html = get("/documents", Some(BROWSER)).await;
    assert_eq!(
        html.header(header::CONTENT_TYPE),
        "text/html; charset=utf-8"
    );
    assert!(
        html.body
            .contains("href=\"/documents/000_3d61876050031327\"")
    );
    assert!(!html.header(header::CONTENT_SECURITY_POLICY).is_empty());
}

#[tokio::test]
async fn a_document_in_json_has_its_text_and_mentions() {
    let id = "004_438c6a075596f93d";
    let doc = get(&format!("/documents/{id}?f=json"), None).await.json();
    assert_eq!(doc["id"], id);
    assert_eq!(doc["published"], "2025-10-24");
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    let mentions = doc["mentions"].as_array().unwrap();
    assert!(mentions.len() > 5);
    for m in mentions {
        let (start, end) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let surface: String = text[start..end].iter().collect();
        assert_eq!(surface, m["text"].as_str().unwrap());
    }
}

#[tokio::test]
async fn a_document_in_html_highlights_every_mention() {
    let id = "000_3d61876050031327";
    let json = get(&format!("/documents/{id}?f=json"), None).await.json();
    let page = get(&format!("/documents/{id}"), Some(BROWSER)).await;
    assert_eq!(page.status, StatusCode::OK);
    let links = page.body.matches("<a class=\"mention").count();
    assert_eq!(links, json["mentions"].as_array().unwrap().len());
    // Each mention opens the map on its place; each sentence is a target.
    assert!(page.body.contains("href=\"/#map=5/"), "a country link");
    assert!(page.body.contains("&amp;mark=Nicaragua\""));
    assert!(page.body.contains("<span class=\"sentence\" id=\"s"));
    assert_eq!(
        page.body.matches("<a ").count(),
        page.body.matches("</a>").count()
    );
    assert_eq!(
        page.body.matches("<span").count(),
        page.body.matches("</span>").count()
    );
}

#[tokio::test]
async fn an_unknown_document_is_a_404_in_both_formats() {
    let r = get("/documents/nope", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["code"], "NotFound");
    let r = get("/documents/%3Cb%3Enope", Some(BROWSER)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.header(header::CONTENT_TYPE), "text/html; charset=utf-8");
    assert_eq!(r.header(header::CACHE_CONTROL), "no-store");
    assert!(r.body.contains("No such document") && r.body.contains("&lt;b&gt;nope"));
    assert!(!r.body.contains("<b>nope"));
}

#[tokio::test]
async fn search_finds_places_by_prefix_best_known_first() {
    let doc = get("/search?q=havan", None).await.json();
    let results = doc["results"].as_array().unwrap();
    assert!(!results.is_empty() && results.len() <= 10);
    let first = &results[0];
    assert_eq!(first["name"], "Havana");
    assert_eq!(first["country"], "CU");
    assert!(first["lat"].as_f64().unwrap() > 22.0 && first["lon"].as_f64().unwrap() < -80.0);
    for key in ["name", "kind", "country", "lat", "lon", "id"] {
        assert!(!first[key].is_null(), "{key}");
    }
    let doc = get("/search?q=S%C3%A3o+Paulo", None).await.json();
    assert_eq!(doc["results"][0]["name"], "São Paulo");
    let doc = get("/search?q=nowhere-at-all-xyz", None).await.json();
    assert_eq!(doc["results"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn an_empty_or_missing_search_is_a_400() {
    for uri in ["/search", "/search?q=", "/search?q=a&x=1"] {
        let r = get(uri, Some(BROWSER)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        let doc = r.json();
        assert!(doc["code"].is_string() && doc["description"].is_string());
    }
    // Spaces alone are a search that finds nothing.
    let spaces = get("/search?q=+++", None).await;
    assert_eq!(spaces.status, StatusCode::OK);
    assert_eq!(spaces.json()["results"], serde_json::json!([]));
    let long = "a".repeat(300);
    assert_eq!(
        get(&format!("/search?q={long}"), None).await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn every_html_page_carries_the_security_headers() {
    for uri in [
        "/",
        "/?f=html",
        "/collections?f=html",
        "/collections/events?f=html",
        "/collections/events/items?f=html",
        "/collections/events/schema?f=html",
        "/api?f=html",
        "/conformance?f=html",
        "/documents",
    ] {
        let r = get(uri, Some(BROWSER)).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert!(
            r.header(header::CONTENT_TYPE).starts_with("text/html"),
            "{uri}"
        );
        assert_eq!(r.header(header::CONTENT_SECURITY_POLICY), web::CSP, "{uri}");
        assert_eq!(r.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{uri}");
        assert_eq!(r.header(header::X_FRAME_OPTIONS), "DENY", "{uri}");
        assert_eq!(r.header(header::REFERRER_POLICY), "no-referrer", "{uri}");
        // Under `style-src 'self'` an inline <style> would not apply.
        assert!(!r.body.contains("<style"), "{uri}");
    }
    let icon = get("/favicon.ico", None).await;
    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(icon.header(header::CONTENT_TYPE), "image/svg+xml");
}

#[tokio::test]
async fn links_follow_a_checked_host_and_vary_says_so() {
    let landing = |host: &'static str| async move {
        let req = Request::get("/").header(header::HOST, host);
        let response = app(state())
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let vary = response.headers()[header::VARY]
            .to_str()
            .unwrap()
            .to_string();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (vary, String::from_utf8_lossy(&bytes).into_owned())
    };
    let (vary, body) = landing("maps.example:8080").await;
    assert!(vary.contains("Host") && vary.contains("Accept"), "{vary}");
    assert!(
        body.contains("http://maps.example:8080/collections"),
        "{body}"
    );
    let (_, body) = landing("evil.example/\"><script>").await;
    assert!(
        !body.contains("evil") && body.contains("http://localhost/"),
        "{body}"
    );
    // With a base URL, links ignore Host and responses do not vary by it.
    let config = ServerConfig {
        base_url: Some("https://maps.example/mapwire".into()),
        ..ServerConfig::default()
    };
    let response = app(AppState::new(LayerSet::default(), config))
        .oneshot(
            Request::get("/")
                .header(header::HOST, "other")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(
        !response.headers()[header::VARY]
            .to_str()
            .unwrap()
            .contains("Host")
    );
    assert!(check_base_url("https://maps.example/mapwire").is_ok());
    for bad in [
        "maps.example",
        "http://",
        "http://a b",
        "https://x/\"y",
        "https://x/?q=1",
    ] {
        assert!(check_base_url(bad).is_err(), "{bad}");
    }
}

/// The JSON Schema a collection links with `rel`.
async fn linked_schema(collection: &Value, rel: &str) -> Value {
    let link = collection["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == rel)
        .unwrap_or_else(|| panic!("no {rel} link"))
        .clone();
    assert_eq!(link["type"], "application/schema+json");
    let href = link["href"]
        .as_str()
        .unwrap()
        .replace("http://localhost", "");
    let schema = get(&href, None).await;
    assert_eq!(
        schema.header(header::CONTENT_TYPE),
        "application/schema+json"
    );
    schema.json()
}

#[tokio::test]
async fn the_schemas_type_every_property_and_describedby_is_the_feature_schema() {
    let collection = get("/collections/events", None).await.json();
    let properties =
        linked_schema(&collection, "http://www.opengis.net/def/rel/ogc/1.0/schema").await;
    // Both spellings: GDAL 3.6 looks for `describedBy` exactly.
    let feature = linked_schema(&collection, "describedby").await;
    assert_eq!(feature, linked_schema(&collection, "describedBy").await);
    assert_eq!(feature["properties"]["type"]["enum"][0], "Feature");
    let items = get("/collections/events/items?limit=1000", None)
        .await
        .json();
    let mut names: Vec<String> = items["features"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["properties"].as_object().unwrap().keys().cloned())
        .collect();
    names.sort();
    names.dedup();
    for name in &names {
        let schema = &properties["properties"][name];
        assert!(schema["type"].is_string(), "{name}: {properties}");
        assert_eq!(
            &feature["properties"]["properties"]["properties"][name],
            schema
        );
    }
    // `date` carries its precision (the fixture declares it text): never a
    // date to a client, though every value in the fixture is a whole day;
    // `start` is one.
    assert_eq!(properties["properties"]["date"]["format"], Value::Null);
    assert_eq!(properties["properties"]["start"]["format"], "date");
}

#[tokio::test]
async fn datetime_takes_iso_8601_durations() {
    let all = get("/collections/events/items?limit=1000", None)
        .await
        .json();
    let dated = get("/collections/events/items?datetime=2024-01-01/P5Y", None).await;
    assert_eq!(dated.status, StatusCode::OK, "{}", dated.body);
    let n = dated.json()["numberMatched"].as_u64().unwrap();
    assert!(n > 0 && n < all["numberMatched"].as_u64().unwrap(), "{n}");
    let before = get("/collections/events/items?datetime=P5Y/2028-12-31", None).await;
    assert_eq!(before.json()["numberMatched"].as_u64(), Some(n));
    assert_eq!(
        get("/collections/events/items?datetime=2024-01-01/P", None)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}
