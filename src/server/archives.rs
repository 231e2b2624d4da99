//! Tiles of archives (`serve --tiles FILE`) at `/tiles/{name}/{z}/{x}/{y}.{ext}`
//! and their TileJSON at `/tiles/{name}.json`, beside the layers' tiles.
//!
//! A missing tile answers `204` like an empty layer tile. Stored gzip
//! tiles go out as they are to clients that accept gzip (the usual case)
//! and inflated for the others. Pre-built layer tiles (see
//! `export::prewarm`) are served the same way.

use std::io::Read;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::http::{EtagSeed, json_response};
use super::{AppError, AppState, Ctx, media};
use crate::archive::{Archive, ArchiveError};
use crate::export::prebuilt::Lookup;
use crate::tiles::TileId;

impl From<ArchiveError> for AppError {
    fn from(e: ArchiveError) -> AppError {
        AppError::Internal(e.to_string())
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The archive `name`, if one is served under it.
pub fn find(state: &AppState, name: &str) -> Option<Arc<Archive>> {
    state.archives.get(name).cloned()
}

/// `/tiles/{name}/{z}/{x}/{y}.{ext}` of an archive.
pub async fn tile(
    archive: &Archive,
    z: &str,
    x: &str,
    file: &str,
    ctx: &Ctx,
) -> Result<Response, AppError> {
    if let Some((name, _)) = ctx.params.0.first() {
        return Err(AppError::UnknownParameter(name.clone()));
    }
    let kind = archive.info().kind;
    let (y, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    if !kind.accepts(ext) {
        return Err(AppError::BadPath(format!(
            "this archive's tiles are .{} (found {:?})",
            kind.extension(),
            ext.chars().take(20).collect::<String>()
        )));
    }
    let id = TileId::parse(z, x, y)?;
    let Some(stored) = archive.tile(id).await? else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let hash = xxhash_rust::xxh3::xxh3_64(&stored);
    stored_response(kind.content_type(), stored, hash, ctx)
}

/// A pre-built tile of a layer, if the store knows it: the same response
/// as a built one (gzip, ETag from the uncompressed tile's hash, the
/// dropped-features header), or `204` for a tile known to be empty.
pub fn prebuilt(
    state: &AppState,
    sources: &[Arc<crate::tiles::TileSource>],
    tile: TileId,
    cluster: bool,
    ctx: &Ctx,
) -> Result<Option<Response>, AppError> {
    let [source] = sources else {
        return Ok(None);
    };
    if cluster {
        return Ok(None);
    }
    match state.prebuilt.get(source.generation, tile) {
        Lookup::Unknown => Ok(None),
        Lookup::Empty => Ok(Some(StatusCode::NO_CONTENT.into_response())),
        Lookup::Tile(hit) => {
            let mut response = stored_response(media::MVT, hit.gzip, hit.hash, ctx)?;
            response.headers_mut().insert(
                super::tiles::DROPPED,
                super::tiles::dropped(hit.thinned, hit.too_small),
            );
            Ok(Some(response))
        }
    }
}

/// Stored bytes as a response: gzip ones as they are to a client that
/// accepts gzip, inflated for one that does not.
fn stored_response(
    content_type: &'static str,
    stored: Bytes,
    hash: u64,
    ctx: &Ctx,
) -> Result<Response, AppError> {
    let gzip = stored.starts_with(&GZIP_MAGIC);
    let (body, encoded) = if gzip && !super::tiles::accepts_gzip(&ctx.headers) {
        (inflate(&stored)?, false)
    } else {
        (stored, gzip)
    };
    let mut response = Response::new(Body::from(body));
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if encoded {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    response.extensions_mut().insert(EtagSeed(hash));
    Ok(response)
}

fn inflate(gz: &[u8]) -> Result<Bytes, AppError> {
    let mut out = Vec::with_capacity(gz.len() * 3);
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut out)
        .map_err(|e| AppError::Internal(format!("a stored tile is not valid gzip: {e}")))?;
    Ok(Bytes::from(out))
}

/// `/tiles/{name}.json` of an archive.
pub fn tilejson(archive: &Archive, name: &str, ctx: &Ctx) -> Result<Response, AppError> {
    ctx.params.format_only()?;
    Ok(json_response(
        &archive.tilejson(&ctx.base, name),
        media::JSON,
    ))
}

/// The catalog entries of the archives.
pub fn catalog(state: &AppState, base: &str) -> Vec<serde_json::Value> {
    state
        .archives
        .iter()
        .map(|(name, a)| {
            serde_json::json!({
                "id": name,
                "title": a.info().metadata.get("name").and_then(|v| v.as_str()).unwrap_or(name),
                "tilejson": format!("{base}/tiles/{name}.json"),
                "tiles": [format!("{base}/tiles/{name}/{{z}}/{{x}}/{{y}}.{}", a.info().kind.extension())],
                "archive": true,
            })
        })
        .collect()
}
