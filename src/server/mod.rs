//! The HTTP server: OGC API – Features Part 1 over the loaded layers, plus
//! plain GeoJSON downloads, health and metrics.
//!
//! [`app`] builds the whole router; tests drive it with
//! `tower::ServiceExt::oneshot`, `mapwire serve` puts it on a socket.

mod archives;
mod auth;
mod basemap;
mod collections;
mod documents;
mod error;
mod features;
mod hot_tiles;
mod html;
mod http;
mod lanes;
pub mod listen;
mod live;
mod metrics;
mod openapi;
mod openapi_schemas;
mod openapi_tiles;
mod openapi_write;
mod query;
mod schemas;
mod search;
mod tiles;
mod updates;
mod web;
mod write;

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::routing::get;
use serde::{Deserialize, Serialize};

pub use auth::Tokens;
pub use basemap::for_layers as basemap_for;
pub use error::AppError;
pub use hot_tiles::HotTiles;
pub use listen::ConnectionLimits;
pub use live::LiveApp;
pub use metrics::Metrics;
pub use query::{Format, ItemsQuery, NearestQuery, Params};
pub use web::assets as web_assets;
pub use write::{DEFAULT_MAX_BODY, WriteSettings};

use crate::archive::{ArchiveError, ArchiveSet};
use crate::documents::DocumentStore;
use crate::export::prebuilt::PrebuiltTiles;
use crate::layers::{Layer, LayerSet};
use crate::live::Live;
use crate::tiles::TileService;

/// Limits and presentation settings of the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// Items per page when the request gives no `limit`.
    pub default_limit: usize,
    /// Largest page; bigger `limit`s are clamped to it.
    pub max_limit: usize,
    /// Largest `k` of a nearest search (clamped likewise).
    pub max_nearest: usize,
    /// `max-age` of `Cache-Control` on successful responses.
    pub cache_seconds: u32,
    /// Public base URL for links (e.g. behind a proxy); by default links are
    /// built from the request's `Host` header.
    pub base_url: Option<String>,
    pub title: String,
    /// Bytes of finished tiles kept in memory.
    pub tile_cache_bytes: u64,
    /// Bytes of rendered basemap tiles kept in memory.
    pub basemap_cache_bytes: u64,
    /// Largest response body built in memory; larger ones are refused (413)
    /// with advice to ask for less.
    pub max_response_bytes: u64,
    /// Time a request may take to produce its response head.
    pub request_timeout: std::time::Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            default_limit: 100,
            max_limit: 10_000,
            max_nearest: 1_000,
            cache_seconds: 60,
            base_url: None,
            title: "mapwire".to_string(),
            tile_cache_bytes: crate::tiles::DEFAULT_CACHE_BYTES,
            basemap_cache_bytes: crate::basemap::DEFAULT_CACHE_BYTES as u64,
            max_response_bytes: 64 * 1024 * 1024,
            request_timeout: std::time::Duration::from_secs(30),
        }
    }
}

/// What every handler shares: the layers, the documents behind them, the
/// settings, the metrics.
///
/// One `Arc` around all of it: the router and each middleware layer clone
/// the state for every request, and one reference count is far cheaper to
/// touch from every core than a dozen (profiled: cloning and dropping the
/// field-by-field state took about 15 % of a cached tile's CPU time).
#[derive(Debug, Clone)]
pub struct AppState(Arc<StateParts>);

impl std::ops::Deref for AppState {
    type Target = StateParts;

    fn deref(&self) -> &StateParts {
        &self.0
    }
}

impl From<StateParts> for AppState {
    fn from(parts: StateParts) -> Self {
        AppState(Arc::new(parts))
    }
}

/// The parts of [`AppState`].
#[derive(Debug, Clone)]
pub struct StateParts {
    pub layers: Arc<LayerSet>,
    pub config: Arc<ServerConfig>,
    pub metrics: Arc<Metrics>,
    /// The raster basemap, highlighting the countries of the loaded events.
    pub basemap: Option<Arc<crate::basemap::Basemap>>,
    /// The layers prepared for tiling, and the tile cache.
    pub tiles: Arc<TileService>,
    /// Shown at `/documents`; empty unless [`AppState::with_documents`].
    pub documents: Arc<DocumentStore>,
    /// Tile archives served as they are; empty unless [`AppState::with_archives`].
    pub archives: Arc<ArchiveSet>,
    /// Layer tiles built ahead of requests (filled by `export::prewarm`).
    pub prebuilt: Arc<PrebuiltTiles>,
    /// The live catalog (writes, `/updates`); `None` for a fixed one.
    pub live: Option<Arc<Live>>,
    /// Who may write, and how much.
    pub writes: Arc<WriteSettings>,
    /// Large bodies (feature pages, downloads) built at once on blocking
    /// threads: a few per core, so that they cannot take all the memory.
    pub builders: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    pub fn new(layers: LayerSet, config: ServerConfig) -> Self {
        let tiles = Arc::new(TileService::new(&layers, config.tile_cache_bytes));
        AppState::from(StateParts {
            basemap: basemap::for_layers(&layers, config.basemap_cache_bytes),
            tiles,
            layers: Arc::new(layers),
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            documents: Arc::new(DocumentStore::default()),
            archives: Arc::new(ArchiveSet::default()),
            prebuilt: Arc::new(PrebuiltTiles::default()),
            live: None,
            writes: Arc::new(WriteSettings::default()),
            builders: Arc::new(tokio::sync::Semaphore::new(
                2 * std::thread::available_parallelism().map_or(2, |n| n.get()),
            )),
        })
    }

    /// The same state serving tile `archives` beside the layers; an archive
    /// may not take a layer's name.
    pub fn with_archives(self, archives: ArchiveSet) -> Result<Self, ArchiveError> {
        if let Some((name, _)) = archives.iter().find(|(n, _)| self.layers.get(n).is_some()) {
            return Err(ArchiveError::Name {
                name: name.clone(),
                reason: "is also a layer's name (rename the archive with NAME=FILE)".into(),
            });
        }
        Ok(AppState::from(StateParts {
            archives: Arc::new(archives),
            ..(*self.0).clone()
        }))
    }

    /// The same state serving `documents` at `/documents`, each listing
    /// its events from the `events` layer.
    pub fn with_documents(self, mut documents: DocumentStore) -> Self {
        if let Some(layer) = self.layers.get("events") {
            documents.attach_events(documents::document_events(layer));
        }
        AppState::from(StateParts {
            documents: Arc::new(documents),
            ..(*self.0).clone()
        })
    }

    /// The layer `id`, or a 404.
    fn layer(&self, id: &str) -> Result<&Arc<Layer>, AppError> {
        self.layers
            .get(id)
            .ok_or_else(|| AppError::NoCollection(id.to_string()))
    }
}

/// The whole HTTP API as one router: the routes in their middleware, behind
/// the fast path for pre-built tiles (see [`hot_tiles`]).
pub fn app(state: AppState) -> hot_tiles::HotTiles {
    let routes = Router::new()
        .route("/", get(web::root))
        .route("/web/{*path}", get(web::asset))
        .route("/favicon.ico", get(web::favicon))
        .route("/documents", get(documents::list).post(write::create))
        .route(
            "/documents/{id}",
            get(documents::show)
                .put(write::replace)
                .delete(write::remove),
        )
        .route("/updates", get(updates::updates))
        .route("/search", get(search::search))
        .route("/conformance", get(collections::conformance))
        .route("/api", get(collections::api))
        .route("/collections", get(collections::collections))
        .route("/collections/{id}", get(collections::collection))
        .route("/collections/{id}/queryables", get(collections::queryables))
        .route("/collections/{id}/schema", get(collections::schema))
        .route(
            "/collections/{id}/schema/feature",
            get(collections::feature_schema),
        )
        .route("/collections/{id}/items", get(features::items))
        .route("/collections/{id}/items/{fid}", get(features::item))
        .route("/collections/{id}/nearest", get(features::nearest))
        .route("/layers/{file}", get(features::download))
        .route("/tiles/basemap.json", get(basemap::tilejson))
        .route("/tiles/basemap/{z}/{x}/{file}", get(basemap::tile))
        .route("/tiles", get(tiles::catalog))
        .route("/tiles/{name}", get(tiles::tilejson))
        .route("/tiles/{layers}/metadata.json", get(tiles::metadata))
        .route(hot_tiles::TILE_ROUTE, get(tiles::xyz))
        .route("/collections/{id}/tiles", get(tiles::ogc_tilesets))
        .route("/collections/{id}/tiles/{tms}", get(tiles::ogc_tileset))
        .route(
            "/collections/{id}/tiles/{tms}/{matrix}/{row}/{col}",
            get(tiles::ogc_tile),
        )
        .route("/tileMatrixSets", get(tiles::tile_matrix_sets))
        .route("/tileMatrixSets/{id}", get(tiles::tile_matrix_set))
        .route("/health", get(http::health))
        .route("/metrics", get(http::metrics))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::label_route,
        ))
        .fallback(http::not_found)
        .method_not_allowed_fallback(http::method_not_allowed)
        .with_state(state.clone());
    let full = http::wrap(routes, state.clone());
    hot_tiles::HotTiles::new(state, full)
}

/// Per-request facts every handler needs: the base URL for links, the
/// decoded query and the headers (for `Accept`).
pub struct Ctx {
    pub base: String,
    pub path: String,
    pub params: Params,
    pub headers: HeaderMap,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let params = Params::parse(parts.uri.query())?;
        let base = match &state.config.base_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => host_base(&parts.headers),
        };
        Ok(Ctx {
            base,
            path: parts.uri.path().to_string(),
            params,
            headers: parts.headers.clone(),
        })
    }
}

impl Ctx {
    /// The response format for an endpoint that takes no parameter but `f`.
    fn format_only(&self) -> Result<Format, AppError> {
        Ok(Format::negotiate(self.params.format_only()?, &self.headers))
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

/// `http://host:port` from the `Host` header; a header with characters no
/// host name has is ignored (it would end up in links and HTML).
fn host_base(headers: &HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b))
        });
    format!("http://{}", host.unwrap_or("localhost"))
}

/// Checks a `--base-url`: an absolute http(s) URL with a host and no
/// query, fragment or characters that would need escaping in a link.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or_else(|| format!("base URL {url:?} must start with http:// or https://"))?;
    let host = rest.split('/').next().unwrap_or("");
    let safe = |b: u8| b.is_ascii_alphanumeric() || b"-._~/:%[]@!$&()*+,;=".contains(&b);
    if host.is_empty() || !rest.bytes().all(safe) {
        return Err(format!(
            "base URL {url:?} needs a host and may hold no spaces, quotes, '<', '>', '?' or '#'"
        ));
    }
    Ok(())
}

/// An OGC API link.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub rel: String,
    #[serde(rename = "type")]
    pub media: String,
    pub title: String,
}

impl Link {
    fn new(href: String, rel: &str, media: &str, title: &str) -> Link {
        Link {
            href,
            rel: rel.to_string(),
            media: media.to_string(),
            title: title.to_string(),
        }
    }
}

/// Media types served.
pub mod media {
    pub const JSON: &str = "application/json";
    pub const GEOJSON: &str = "application/geo+json";
    pub const HTML: &str = "text/html";
    pub const OPENAPI: &str = "application/vnd.oai.openapi+json;version=3.0";
    pub const SCHEMA: &str = "application/schema+json";
    pub const MVT: &str = "application/vnd.mapbox-vector-tile";
}

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_archives;
#[cfg(test)]
mod tests_hot;
#[cfg(test)]
mod tests_web;
#[cfg(test)]
mod tests_write;
