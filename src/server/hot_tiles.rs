//! Pre-built tiles answered ahead of the router's middleware.
//!
//! A tile that `export::prewarm` built is a slice of a packed chunk, and
//! answering it is a lookup. Under load, most of such a request's CPU time
//! went to the layers around the handler: each clones the services inside
//! it, CORS builds a header map, the handler copies the headers, path and
//! query into its context, the metrics labels were allocated. Profiled on
//! the benchmark's countries tiles, mapwire served about half the requests
//! a second Martin serves from an archive.
//!
//! [`HotTiles`] answers the common case before all that: a `GET` of one
//! layer's tile that is pre-built (or that the pre-build knows is empty) or
//! already in the tile cache, with no query, from a client that accepts
//! gzip. The response is
//! the one the full stack gives — the same status, body and headers (ETag,
//! `304` on `If-None-Match`, `Vary`, `Cache-Control`, CORS, `nosniff`, the
//! dropped-features header); `tests_hot.rs` compares the two paths header
//! by header. It is counted in the metrics under the tile route and logged
//! like any request. Everything else goes to the router unchanged.
//!
//! Nothing sits in front of it: [`super::app`] returns it, and
//! [`super::LiveApp`] hands each request to the current catalog's one with
//! an atomic load. Two routers used to wrap it (the live app's catch-all
//! and an outer fallback); on warm pre-built tiles each matched a path,
//! cloned a boxed handler and boxed a future. Without them the server's
//! CPU a warm pre-built tile fell from a median 9.4 to 5.7 µs at 16
//! connections (docs/tiles.md, "No router before the fast path").

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use tower::{Service, ServiceExt};

use super::http::{cache_control, etag, matches_tag, vary};
use super::tiles::{DROPPED, accepts_gzip, dropped};
use super::{AppState, media};
use crate::export::prebuilt::Lookup;
use crate::tiles::TileId;

/// The tile route: the router serves it, and the metrics count the fast
/// answers under it too.
pub const TILE_ROUTE: &str = "/tiles/{layers}/{z}/{x}/{y}";

/// The headers the CORS layer of `http::wrap` adds to a response that is
/// not a preflight: any origin, never credentials.
pub const CORS_ALLOW_ORIGIN: &str = "*";
pub const CORS_EXPOSE: &str = "etag,content-encoding,location";

/// The router behind a fast path for pre-built tiles.
///
/// The router clones its fallback service for every request it passes on,
/// so everything but the router sits behind one `Arc`: a clone is one
/// atomic increment, not a header map's allocations.
#[derive(Clone)]
pub struct HotTiles {
    hot: Arc<Hot>,
    inner: Router,
}

/// What a fast answer needs.
pub struct Hot {
    state: AppState,
    /// Headers every answer carries, made once.
    fixed: HeaderMap,
    cache_control: HeaderValue,
}

impl std::ops::Deref for HotTiles {
    type Target = Hot;

    fn deref(&self) -> &Hot {
        &self.hot
    }
}

impl HotTiles {
    pub fn new(state: AppState, inner: Router) -> HotTiles {
        let mut fixed = HeaderMap::new();
        fixed.append(header::VARY, vary(&state.config));
        fixed.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        fixed.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static(CORS_ALLOW_ORIGIN),
        );
        fixed.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(CORS_EXPOSE),
        );
        let cache_control = cache_control(&state.config);
        HotTiles {
            hot: Arc::new(Hot {
                state,
                fixed,
                cache_control,
            }),
            inner,
        }
    }

    /// The response to `req` when it is a pre-built tile's; `None` sends
    /// it to the router.
    pub(super) fn answer(&self, req: &Request) -> Option<Response> {
        let started = Instant::now();
        // HEAD (rare; GDAL asks it once per file) takes the full path.
        if req.method() != Method::GET || req.uri().query().is_some() {
            return None;
        }
        let (name, tile) = tile_path(req.uri().path())?;
        if !accepts_gzip(req.headers()) || self.state.archives.get(name).is_some() {
            return None;
        }
        let generation = self.state.tiles.generation(name)?;
        let found = match self.state.prebuilt.get(generation, tile) {
            Lookup::Tile(hit) => Some(Found {
                gzip: hit.gzip,
                hash: hit.hash,
                dropped: dropped(hit.thinned, hit.too_small),
            }),
            Lookup::Empty => None,
            Lookup::Unknown => {
                let data = self.state.tiles.cached(generation, tile, false)?;
                (!data.gzip.is_empty()).then(|| Found {
                    gzip: data.gzip.clone(),
                    hash: data.hash,
                    dropped: dropped(data.dropped.thinned, data.dropped.too_small),
                })
            }
        };
        let mut response = match found {
            None => {
                let mut response = self.response(Body::empty());
                *response.status_mut() = StatusCode::NO_CONTENT;
                response
                    .headers_mut()
                    .insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
                response
            }
            Some(found) => self.tile(found, req),
        };
        let headers = response.headers_mut();
        for (name, value) in &self.fixed {
            headers.append(name, value.clone());
        }
        let status = response.status();
        let elapsed = started.elapsed();
        self.state.metrics.record(
            req.method().as_str(),
            TILE_ROUTE,
            status.as_u16(),
            elapsed.as_secs_f64(),
        );
        // The line the trace layer writes for every other request.
        tracing::info!(
            target: "tower_http::trace::on_response",
            method = %req.method(),
            uri = %req.uri(),
            status = status.as_u16(),
            latency = ?elapsed,
            "finished processing request"
        );
        Some(response)
    }
}

/// A non-empty tile, pre-built or cached.
struct Found {
    gzip: Bytes,
    hash: u64,
    dropped: HeaderValue,
}

impl HotTiles {
    /// The `200` (or `304`) of a found tile.
    fn tile(&self, found: Found, req: &Request) -> Response {
        let tag = etag(found.hash, "gzip");
        let not_modified = req
            .headers()
            .get(header::IF_NONE_MATCH)
            .is_some_and(|inm| matches_tag(inm, &tag));
        let body = if not_modified {
            Body::empty()
        } else {
            Body::from(found.gzip)
        };
        // As the router sets it for the handlers' answers (hyper would set
        // the same on the wire).
        let length = http_body::Body::size_hint(&body).exact().unwrap_or(0);
        let mut response = self.response(body);
        let h = response.headers_mut();
        h.insert(header::CONTENT_LENGTH, length.into());
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(media::MVT));
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        h.insert(DROPPED, found.dropped);
        h.insert(header::CACHE_CONTROL, self.cache_control.clone());
        // From the String itself: no copy.
        if let Ok(v) = HeaderValue::try_from(tag) {
            h.insert(header::ETAG, v);
        }
        if not_modified {
            *response.status_mut() = StatusCode::NOT_MODIFIED;
        }
        response
    }

    /// A response whose header map has room for every header of a tile
    /// answer: a map grown insert by insert reallocates several times.
    fn response(&self, body: Body) -> Response {
        let mut response = Response::new(body);
        *response.headers_mut() = HeaderMap::with_capacity(self.fixed.len() + 6);
        response
    }
}

/// `/tiles/{layer}/{z}/{x}/{y}.mvt` (or `.pbf`) of one layer: the layer's
/// name and the tile. Composites, escapes and malformed numbers are left
/// to the router, which answers them (or their errors) in full.
fn tile_path(path: &str) -> Option<(&str, TileId)> {
    let mut parts = path.strip_prefix("/tiles/")?.split('/');
    let (name, z, x, file) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || name.is_empty() || name.contains([',', '%']) {
        return None;
    }
    let y = file
        .strip_suffix(".mvt")
        .or_else(|| file.strip_suffix(".pbf"))?;
    Some((name, TileId::parse(z, x, y).ok()?))
}

/// The future of an answer: a fast one is ready at once and allocates
/// nothing; the rest are the router's.
pub enum Answer {
    Hot(std::future::Ready<Result<Response, Infallible>>),
    Routed(Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>),
}

impl Future for Answer {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            Answer::Hot(ready) => Pin::new(ready).poll(cx),
            Answer::Routed(routed) => routed.as_mut().poll(cx),
        }
    }
}

impl HotTiles {
    /// Answers `req`: from the fast path when it can, else from the router
    /// (cloned only then; the router is always ready).
    pub fn respond(&self, req: Request) -> Answer {
        match self.answer(&req) {
            Some(response) => Answer::Hot(std::future::ready(Ok(response))),
            None => Answer::Routed(Box::pin(self.inner.clone().oneshot(req))),
        }
    }
}

impl Service<Request> for HotTiles {
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request) -> Answer {
        self.respond(req)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_single_layer_tile_paths_are_taken() {
        let (name, tile) = tile_path("/tiles/countries/3/4/2.mvt").unwrap();
        assert_eq!(name, "countries");
        assert_eq!((tile.z, tile.x, tile.y), (3, 4, 2));
        assert!(tile_path("/tiles/countries/3/4/2.pbf").is_some());
        for other in [
            "/tiles/a,b/3/4/2.mvt",
            "/tiles/coun%74ries/3/4/2.mvt",
            "/tiles/countries/3/4/2.png",
            "/tiles/countries/3/4/2",
            "/tiles/countries/3/4/2.mvt/x",
            "/tiles/countries/3/9/2.mvt",
            "/tiles//3/4/2.mvt",
            "/tiles/countries.json",
            "/collections/countries/tiles/WebMercatorQuad/3/2/4",
        ] {
            assert!(tile_path(other).is_none(), "{other}");
        }
    }
}
