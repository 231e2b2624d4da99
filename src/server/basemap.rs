//! Raster basemap tiles drawn by mapwire itself: `/tiles/basemap/{z}/{x}/{y}.png`
//! (`@2x` for 512 px), `?style=light|dark`, and their TileJSON.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::collections::path_param;
use super::http::{EtagSeed, blocking, json_response};
use super::{AppError, AppState, Ctx, media};
use crate::basemap::{Basemap, BasemapError};
use crate::layers::LayerSet;

/// The basemap for a catalog: the countries that the loaded events involve
/// are highlighted and the event places labelled.
pub fn for_layers(layers: &LayerSet, cache_bytes: u64) -> Option<Arc<Basemap>> {
    let mut basemap = match Basemap::new() {
        Ok(b) => b.with_cache_bytes(usize::try_from(cache_bytes).unwrap_or(usize::MAX)),
        Err(e) => {
            // Embedded data: only a broken build gets here. Serve the rest.
            tracing::error!("basemap unavailable: {e}");
            return None;
        }
    };
    let (countries, places) = crate::basemap::event_marks(layers);
    basemap.highlight(&countries);
    basemap.set_places(places);
    // Each resolution is decoded when a tile first needs it, so a server that
    // is only asked for features or vector tiles never holds the basemap data.
    Some(Arc::new(basemap))
}

/// `/tiles/basemap/{z}/{x}/{y}.png` and `{y}@2x.png`.
pub async fn tile(
    State(state): State<AppState>,
    path: Result<Path<(String, String, String)>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let (z, x, file) = path_param(path)?;
    let style = style_param(&ctx)?;
    let basemap = basemap(&state)?;
    let (y, scale) = parse_tile_file(&file)?;
    let z = number("z", &z)?;
    let x = number("x", &x)?;
    // On a blocking thread, and only a few at once: a 512 px render holds
    // a few MiB while it runs, and 64 clients must not make 64 of them.
    let rendered = blocking(&state, move || {
        let style = style.as_deref().unwrap_or_else(|| default_style(&basemap));
        basemap
            .render_cached(z, x, y, scale, style)
            .map_err(tile_error)
    })
    .await?;
    let mut response = rendered.png.clone().into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    response
        .extensions_mut()
        .insert(EtagSeed(xxhash_rust::xxh3::xxh3_64(&rendered.png)));
    Ok(response)
}

/// `/tiles/basemap.json`: TileJSON 3.0.0 for the raster tiles.
pub async fn tilejson(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let style = style_param(&ctx)?;
    let basemap = basemap(&state)?;
    let mut doc = basemap.tilejson(&ctx.base);
    if let Some(style) = style {
        if !basemap.style_names().contains(&style.as_str()) {
            return Err(tile_error(BasemapError::UnknownStyle {
                name: style,
                known: basemap.style_names().join(", "),
            }));
        }
        if let Some(tiles) = doc.get_mut("tiles").and_then(|t| t.as_array_mut()) {
            for t in tiles.iter_mut() {
                if let Some(url) = t.as_str() {
                    *t = format!("{url}?style={style}").into();
                }
            }
        }
    }
    Ok(json_response(&doc, media::JSON))
}

fn basemap(state: &AppState) -> Result<Arc<Basemap>, AppError> {
    state
        .basemap
        .clone()
        .ok_or_else(|| AppError::Internal("the basemap is not available".into()))
}

fn default_style(basemap: &Basemap) -> &str {
    basemap.style_names().first().copied().unwrap_or("light")
}

/// Tiles take `style`, and `v`: any value, ignored, so a page can ask for
/// a tile again after the layers changed (its cached copy is stale).
fn style_param(ctx: &Ctx) -> Result<Option<String>, AppError> {
    let mut style = None;
    for (name, value) in &ctx.params.0 {
        match name.as_str() {
            "style" => style = Some(value.clone()),
            "v" => {}
            _ => return Err(AppError::UnknownParameter(name.clone())),
        }
    }
    Ok(style)
}

/// `"5.png"` → (5, 1); `"5@2x.png"` → (5, 2); other forms are not tiles.
fn parse_tile_file(file: &str) -> Result<(u32, u32), AppError> {
    let stem = file
        .strip_suffix(".png")
        .ok_or_else(|| AppError::NoRoute(format!("basemap tiles are PNG: {file:?}")))?;
    let (y, scale) = match stem.split_once('@') {
        None => (stem, 1),
        Some((y, density)) => {
            let scale = density
                .strip_suffix('x')
                .and_then(|d| d.parse::<u32>().ok())
                .ok_or_else(|| {
                    AppError::invalid("scale", format!("{density:?} is not @1x or @2x"))
                })?;
            (y, scale)
        }
    };
    Ok((number("y", y)?, scale))
}

/// A tile coordinate: digits only (else 400); a number too large for any
/// zoom names no tile (404).
fn number(name: &str, text: &str) -> Result<u32, AppError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::invalid(
            name,
            format!(
                "{:?} is not a tile coordinate",
                text.chars().take(40).collect::<String>()
            ),
        ));
    }
    text.parse()
        .map_err(|_| AppError::NoRoute(format!("no basemap tile has {name} = {text}")))
}

fn tile_error(e: BasemapError) -> AppError {
    if e.is_client_error() {
        match e {
            BasemapError::TileOutOfRange { .. } | BasemapError::ZoomOutOfRange { .. } => {
                AppError::NoRoute(e.to_string())
            }
            _ => AppError::invalid("tile", e.to_string()),
        }
    } else {
        AppError::Internal(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_file_names() {
        assert_eq!(parse_tile_file("5.png"), Ok((5, 1)));
        assert_eq!(parse_tile_file("5@2x.png"), Ok((5, 2)));
        assert_eq!(parse_tile_file("5@3x.png"), Ok((5, 3)));
        assert!(matches!(
            parse_tile_file("5.jpg"),
            Err(AppError::NoRoute(_))
        ));
        assert!(parse_tile_file("5@bigx.png").is_err());
        assert!(parse_tile_file("-1.png").is_err());
    }
}
