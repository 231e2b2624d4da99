//! Tile endpoints: XYZ tiles (single and composite), TileJSON, the tile
//! catalog, and OGC API – Tiles (tilesets, tileset, tiles, tile matrix sets).

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::collections::path_param;
use super::http::{EtagSeed, json_response};
use super::{AppError, AppState, Ctx, Params, media};
use crate::tiles::{TileData, TileError, TileId, meta};

impl From<TileError> for AppError {
    fn from(e: TileError) -> AppError {
        match e {
            TileError::Zoom(_) | TileError::NotANumber(..) | TileError::Format(_) => {
                AppError::BadPath(e.to_string())
            }
            TileError::TooManyLayers { .. } | TileError::Repeated(_) => {
                AppError::BadPath(e.to_string())
            }
            TileError::OutOfRange { .. } => AppError::NoRoute(e.to_string()),
            TileError::NoLayer(id) => AppError::NoCollection(id),
            TileError::Encode(_) => AppError::Internal(e.to_string()),
        }
    }
}

/// The query of a tile or TileJSON request: only `cluster` (and `f=json`
/// or `f=mvt`, ignored).
fn cluster_param(params: &Params) -> Result<bool, AppError> {
    let mut cluster = false;
    for (name, value) in &params.0 {
        match name.as_str() {
            "cluster" => {
                cluster = match value.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(AppError::invalid("cluster", "expected true or false")),
                }
            }
            "f" if matches!(value.as_str(), "json" | "mvt") => {}
            "f" => {
                return Err(AppError::invalid(
                    "f",
                    "expected json (metadata) or mvt (tiles)",
                ));
            }
            _ => return Err(AppError::UnknownParameter(name.clone())),
        }
    }
    Ok(cluster)
}

/// Splits `a,b,c` into layer names, checking the count before anything else.
fn layer_names(text: &str) -> Result<Vec<&str>, AppError> {
    let names: Vec<&str> = text.split(',').collect();
    if names.len() > crate::tiles::MAX_COMPOSITE {
        return Err(TileError::TooManyLayers {
            given: names.len(),
            max: crate::tiles::MAX_COMPOSITE,
        }
        .into());
    }
    if names.iter().any(|n| n.is_empty()) {
        return Err(AppError::BadPath(
            "empty layer name in the tile path".into(),
        ));
    }
    Ok(names)
}

/// `y.mvt` (or `y.pbf`) to `y`.
fn strip_extension(y: &str) -> Result<&str, TileError> {
    match y.rsplit_once('.') {
        Some((num, "mvt" | "pbf")) => Ok(num),
        Some((_, ext)) => Err(TileError::Format(ext.chars().take(20).collect())),
        None => Err(TileError::Format(String::new())),
    }
}

pub(super) fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|part| {
            let mut pieces = part.split(';');
            let coding = pieces.next().unwrap_or("").trim();
            let refused = pieces.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    == Some(0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

/// The header that tells how many features a tile left out, and why.
pub(super) const DROPPED: &str = "x-mapwire-dropped";

/// The value of [`DROPPED`].
pub(super) fn dropped(thinned: u64, too_small: u64) -> HeaderValue {
    // Digits and ASCII only: always a valid header value.
    HeaderValue::from_str(&format!("thinned={thinned}, too_small={too_small}"))
        .unwrap_or_else(|_| HeaderValue::from_static("unknown"))
}

/// A tile as an HTTP response: `204` when empty, gzip when accepted; the
/// ETag comes from the tile's hash (the caching layer adds `-gzip`).
fn tile_response(data: &TileData, headers: &HeaderMap) -> Response {
    if data.raw.is_empty() {
        return StatusCode::NO_CONTENT.into_response();
    }
    let gzip = accepts_gzip(headers);
    let body = if gzip {
        data.gzip.clone()
    } else {
        data.raw.clone()
    };
    let mut response = Response::new(Body::from(body));
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(meta::MVT));
    if gzip {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    h.insert(
        DROPPED,
        dropped(data.dropped.thinned, data.dropped.too_small),
    );
    response.extensions_mut().insert(EtagSeed(data.hash));
    response
}

async fn serve_tile(
    state: &AppState,
    names: &[&str],
    tile: TileId,
    ctx: &Ctx,
) -> Result<Response, AppError> {
    let cluster = cluster_param(&ctx.params)?;
    let sources = state.tiles.resolve(names)?;
    if let Some(response) = super::archives::prebuilt(state, &sources, tile, cluster, ctx)? {
        return Ok(response);
    }
    let data = state.tiles.tile(sources, tile, cluster).await?;
    Ok(tile_response(&data, &ctx.headers))
}

/// `/tiles/{layers}/{z}/{x}/{y}.mvt`
pub async fn xyz(
    State(state): State<AppState>,
    path: Result<Path<(String, String, String, String)>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let (layers, z, x, y) = path_param(path)?;
    if let Some(archive) = super::archives::find(&state, &layers) {
        return super::archives::tile(&archive, &z, &x, &y, &ctx).await;
    }
    let names = layer_names(&layers)?;
    let tile = TileId::parse(&z, &x, strip_extension(&y)?)?;
    serve_tile(&state, &names, tile, &ctx).await
}

/// `/tiles/{layers}.json` (TileJSON); any other name is not found.
pub async fn tilejson(
    State(state): State<AppState>,
    name: Result<Path<String>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let name = path_param(name)?;
    let Some(layers) = name.strip_suffix(".json") else {
        return Err(AppError::NoRoute(format!(
            "/tiles/{} (TileJSON is at /tiles/{{layer}}.json)",
            name.chars().take(100).collect::<String>()
        )));
    };
    if let Some(archive) = super::archives::find(&state, layers) {
        return super::archives::tilejson(&archive, layers, &ctx);
    }
    let cluster = cluster_param(&ctx.params)?;
    sources_doc(&state, layers, |refs| {
        meta::tilejson(&ctx.base, layers, refs, cluster)
    })
}

/// The JSON document `build` makes of the sources of `layers` (one layer
/// or a composite).
fn sources_doc(
    state: &AppState,
    layers: &str,
    build: impl FnOnce(&[&crate::tiles::TileSource]) -> serde_json::Value,
) -> Result<Response, AppError> {
    let sources = state.tiles.resolve(&layer_names(layers)?)?;
    let refs: Vec<&crate::tiles::TileSource> = sources.iter().map(|s| s.as_ref()).collect();
    Ok(json_response(&build(&refs), media::JSON))
}

/// `/tiles/{layers}/metadata.json`: what GDAL's MVT driver reads to open
/// `MVT:{base}/tiles/{layers}` (tiles then come as `{z}/{x}/{y}.pbf`).
pub async fn metadata(
    State(state): State<AppState>,
    name: Result<Path<String>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let layers = path_param(name)?;
    ctx.params.json_only()?;
    sources_doc(&state, &layers, |refs| {
        crate::tiles::metadata::metadata_json(&layers, refs)
    })
}

/// `/tiles`: the tile sets.
pub async fn catalog(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    ctx.params.json_only()?;
    let mut doc = meta::catalog(&ctx.base, &state.tiles.sources());
    if let Some(sets) = doc["tilesets"].as_array_mut() {
        sets.extend(super::archives::catalog(&state, &ctx.base));
    }
    Ok(json_response(&doc, media::JSON))
}

fn ogc_source(
    state: &AppState,
    id: &str,
) -> Result<std::sync::Arc<crate::tiles::TileSource>, AppError> {
    state
        .tiles
        .source(id)
        .ok_or_else(|| AppError::NoCollection(id.to_string()))
}

fn check_tms(tms: &str) -> Result<(), AppError> {
    if tms == "WebMercatorQuad" {
        Ok(())
    } else {
        Err(AppError::NoRoute(format!(
            "tile matrix set {:?} (only WebMercatorQuad is served)",
            tms.chars().take(60).collect::<String>()
        )))
    }
}

/// `/collections/{id}/tiles`
pub async fn ogc_tilesets(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let source = ogc_source(&state, &path_param(id)?)?;
    ctx.params.json_only()?;
    Ok(json_response(
        &meta::tilesets(&ctx.base, &source),
        media::JSON,
    ))
}

/// `/collections/{id}/tiles/{tms}`
pub async fn ogc_tileset(
    State(state): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let (id, tms) = path_param(path)?;
    let source = ogc_source(&state, &id)?;
    check_tms(&tms)?;
    ctx.params.json_only()?;
    Ok(json_response(
        &meta::tileset(&ctx.base, &source),
        media::JSON,
    ))
}

/// Collection, tile matrix set, tile matrix, row, column.
type OgcTilePath = (String, String, String, String, String);

/// `/collections/{id}/tiles/{tms}/{tileMatrix}/{tileRow}/{tileCol}`
pub async fn ogc_tile(
    State(state): State<AppState>,
    path: Result<Path<OgcTilePath>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let (id, tms, matrix, row, col) = path_param(path)?;
    check_tms(&tms)?;
    // OGC names the row first: row is y, column is x.
    let tile = TileId::parse(&matrix, &col, &row)?;
    serve_tile(&state, &[id.as_str()], tile, &ctx).await
}

/// `/tileMatrixSets`
pub async fn tile_matrix_sets(ctx: Ctx) -> Result<Response, AppError> {
    ctx.params.json_only()?;
    Ok(json_response(
        &meta::tile_matrix_sets(&ctx.base),
        media::JSON,
    ))
}

/// `/tileMatrixSets/{id}`
pub async fn tile_matrix_set(
    id: Result<Path<String>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    check_tms(&path_param(id)?)?;
    ctx.params.json_only()?;
    Ok(json_response(&meta::web_mercator_quad(), media::JSON))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_negotiation() {
        let mut h = HeaderMap::new();
        assert!(!accepts_gzip(&h));
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("br, gzip;q=0.5"),
        );
        assert!(accepts_gzip(&h));
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip;q=0, br"),
        );
        assert!(!accepts_gzip(&h));
    }

    #[test]
    fn extensions() {
        assert_eq!(strip_extension("12.mvt"), Ok("12"));
        assert_eq!(strip_extension("12.pbf"), Ok("12"));
        assert_eq!(
            strip_extension("12.png"),
            Err(TileError::Format("png".into()))
        );
        assert_eq!(strip_extension("12"), Err(TileError::Format(String::new())));
    }
}
