//! The map page: `/` for browsers, its files under `/web/`, and the shell
//! shared by the server-rendered pages that belong to it.
//!
//! Everything under `web/` is compiled into the binary (see `build.rs`), so
//! the page works from any directory and offline. Its pages carry a strict
//! Content-Security-Policy: every script, style, image and request must come
//! from this server, which is what keeps the page from ever calling another
//! host.

use axum::extract::Path;
use axum::extract::State;
use axum::extract::rejection::PathRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::collections::{self, path_param};
use super::html::escape;
use super::http::html_response;
use super::{AppError, AppState, Ctx, Format};

include!(concat!(env!("OUT_DIR"), "/web_assets.rs"));

/// Same-origin only, no inline script or style, no plugins, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Every file of `web/`: (path under `web/`, bytes), sorted by path.
pub fn assets() -> &'static [(&'static str, &'static [u8])] {
    WEB_ASSETS
}

/// A file of `web/` by its path under `web/`.
pub fn asset_bytes(path: &str) -> Option<&'static [u8]> {
    WEB_ASSETS
        .binary_search_by(|(p, _)| (*p).cmp(path))
        .ok()
        .map(|i| WEB_ASSETS[i].1)
}

/// `/`: the map page for a browser that asks for HTML and names no format;
/// the OGC API landing page (JSON, or HTML with `?f=html`) for everyone else,
/// so GDAL and other API clients see no change.
pub async fn root(state: State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    if ctx.params.0.is_empty() && Format::negotiate(None, &ctx.headers) == Format::Html {
        let page = asset_bytes("index.html")
            .ok_or_else(|| AppError::Internal("the map page is missing".into()))?;
        return Ok(with_csp(static_response(page, "text/html; charset=utf-8")));
    }
    collections::landing(state, ctx).await
}

/// `/web/{path}`: a file of the page (scripts, styles, vendored libraries).
pub async fn asset(path: Result<Path<String>, PathRejection>) -> Result<Response, AppError> {
    let path = path_param(path)?;
    let bytes = asset_bytes(&path).ok_or_else(|| AppError::NoRoute(format!("/web/{path}")))?;
    Ok(with_csp(static_response(bytes, media_type(&path))))
}

/// `/favicon.ico`, which browsers ask for on pages that name no icon: the
/// map page's SVG icon.
pub async fn favicon() -> Result<Response, AppError> {
    let bytes = asset_bytes("favicon.svg")
        .ok_or_else(|| AppError::Internal("the icon is missing".into()))?;
    Ok(static_response(bytes, "image/svg+xml"))
}

fn static_response(bytes: &'static [u8], media: &'static str) -> Response {
    let mut response = axum::body::Bytes::from_static(bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    response
}

/// The media type of a page file, by its extension.
fn media_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        _ => "text/plain; charset=utf-8",
    }
}

/// Adds the page's security headers.
pub fn with_csp(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// A server-rendered page in the map page's look, with its CSP.
pub fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t} · mapwire</title><link rel=\"icon\" href=\"/web/favicon.svg\" type=\"image/svg+xml\">\
         <link rel=\"stylesheet\" href=\"/web/app.css\"></head>\
         <body class=\"text-page\">\n<header class=\"bar\"><a class=\"brand\" href=\"/\">mapwire</a>\
         <nav><a href=\"/\">Map</a><a href=\"/documents\">Documents</a>\
         <a href=\"/?f=html\">API</a></nav></header>\n<main class=\"text\">\n{body}\n</main></body></html>\n",
        t = escape(title)
    );
    let mut response = with_csp(html_response(html));
    *response.status_mut() = status;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_and_its_libraries_are_embedded() {
        for path in [
            "index.html",
            "app.js",
            "app.css",
            "vendor/leaflet/leaflet.js",
            "vendor/leaflet/LICENSE",
            "vendor/markercluster/leaflet.markercluster.js",
            "vendor/markercluster/LICENSE",
        ] {
            assert!(asset_bytes(path).is_some(), "{path}");
        }
        assert!(asset_bytes("nope.js").is_none());
        assert_eq!(media_type("a/b.js"), "text/javascript; charset=utf-8");
        assert_eq!(media_type("LICENSE"), "text/plain; charset=utf-8");
    }
}
