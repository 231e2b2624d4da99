//! Feature endpoints: items, one item, nearest, whole-layer download.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::Response;

use axum::http::{HeaderValue, header};

use super::collections::{path_param, self_links};
use super::http::{EtagSeed, blocking, html_response, streamed_body, text_response};
use super::{AppError, AppState, Ctx, Format, ItemsQuery, Link, NearestQuery, html, media};
use crate::layers::Layer;

/// A page of features, with what the links and the HTML page need.
pub struct Page<'a> {
    pub layer: &'a Layer,
    pub indices: Vec<usize>,
    pub matched: usize,
    pub offset: usize,
    pub links: Vec<Link>,
}

pub async fn items(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let layer = state.layer(&path_param(id)?)?.clone();
    let q = ItemsQuery::parse(&ctx.params, &layer, &state.config)?;
    let format = Format::negotiate(q.format, &ctx.headers);
    let max = state.config.max_response_bytes;
    // Selecting, sorting and writing a page is work for a blocking thread.
    blocking(&state, move || {
        let selection = layer.select(&q.filter);
        let indices = selection.page(q.offset, q.limit);
        check_size(&layer, &indices, max, &items_advice(&layer, indices.len()))?;
        let links = page_links(&ctx, &layer, &q, selection.len(), indices.len(), format);
        let page = Page {
            layer: &layer,
            indices,
            matched: selection.len(),
            offset: q.offset,
            links,
        };
        Ok(match format {
            Format::Json => items_json(&page),
            Format::Html => html_response(html::items(&page)),
        })
    })
    .await
}

/// Refuses a response whose features would take more than `max` bytes,
/// before any of it is written.
fn check_size(layer: &Layer, indices: &[usize], max: u64, advice: &str) -> Result<(), AppError> {
    let mut bound = 0u64;
    for &i in indices {
        bound = bound.saturating_add(layer.feature_size_bound(i) as u64);
        if bound > max {
            return Err(AppError::TooLarge {
                limit: max,
                advice: advice.to_string(),
            });
        }
    }
    Ok(())
}

fn items_advice(layer: &Layer, returned: usize) -> String {
    format!(
        "ask for fewer features at a time (this page has {returned}; use a smaller limit and follow \
         the next links), narrow the request with bbox or datetime, read the layer as vector tiles \
         (/tiles/{id}/{{z}}/{{x}}/{{y}}.mvt), or download it whole, streamed, from /layers/{id}.geojson",
        id = layer.id
    )
}

/// `self`, `alternate`, `next` and `prev` links of an items page; paging
/// links repeat the request's parameters with another `offset`.
fn page_links(
    ctx: &Ctx,
    layer: &Layer,
    q: &ItemsQuery,
    matched: usize,
    returned: usize,
    format: Format,
) -> Vec<Link> {
    let path = format!("/collections/{}/items", layer.id);
    let with_format = |f: Format| {
        ctx.url(&format!(
            "{path}{}",
            ctx.params.to_query(&["f"], &[("f", f.name().into())])
        ))
    };
    let (this, other) = match format {
        Format::Json => ((Format::Json, media::GEOJSON), (Format::Html, media::HTML)),
        Format::Html => ((Format::Html, media::HTML), (Format::Json, media::GEOJSON)),
    };
    let mut links = vec![
        Link::new(with_format(this.0), "self", this.1, "This page"),
        Link::new(
            with_format(other.0),
            "alternate",
            other.1,
            "This page in another format",
        ),
        Link::new(
            ctx.url(&format!("/collections/{}", layer.id)),
            "collection",
            media::JSON,
            &layer.title,
        ),
    ];
    let at = |offset: usize| {
        ctx.url(&format!(
            "{path}{}",
            ctx.params
                .to_query(&["offset"], &[("offset", offset.to_string())])
        ))
    };
    if q.offset.saturating_add(returned) < matched {
        links.push(Link::new(
            at(q.offset.saturating_add(returned)),
            "next",
            this.1,
            "Next page",
        ));
    }
    if q.offset > 0 {
        links.push(Link::new(
            at(q.offset.saturating_sub(q.limit).min(matched)),
            "prev",
            this.1,
            "Previous page",
        ));
    }
    links
}

/// The GeoJSON FeatureCollection of a page, written directly from the
/// stored feature text.
fn items_json(page: &Page) -> Response {
    let mut out = String::with_capacity(64 + page.indices.len() * 160);
    out.push_str(r#"{"type":"FeatureCollection","features":["#);
    for (n, &i) in page.indices.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        page.layer.write_feature(i, &mut out);
    }
    out.push_str(&format!(
        r#"],"numberMatched":{},"numberReturned":{},"links":"#,
        page.matched,
        page.indices.len()
    ));
    out.push_str(&serde_json::to_string(&page.links).unwrap_or_else(|_| "[]".into()));
    // The ETag covers everything but the generation time, so an unchanged
    // page revalidates with 304 although timeStamp moves on.
    let seed = EtagSeed(xxhash_rust::xxh3::xxh3_64(out.as_bytes()));
    out.push_str(&format!(r#","timeStamp":"{}"}}"#, now()));
    let mut response = text_response(out, media::GEOJSON);
    response.extensions_mut().insert(seed);
    response
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub async fn item(
    State(state): State<AppState>,
    ids: Result<Path<(String, String)>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let (id, fid) = path_param(ids)?;
    let layer = state.layer(&id)?.clone();
    let format = ctx.format_only()?;
    let i = layer.find(&fid).ok_or_else(|| AppError::NoFeature {
        collection: id.clone(),
        feature: fid.clone(),
    })?;
    let path = format!("/collections/{id}/items/{}", super::query::encode(&fid));
    let mut links = self_links(&ctx, &path, format, media::GEOJSON, "This feature");
    links.push(Link::new(
        ctx.url(&format!("/collections/{id}")),
        "collection",
        media::JSON,
        &layer.title,
    ));
    check_size(
        &layer,
        &[i],
        state.config.max_response_bytes,
        &format!(
            "this one feature is too large to send as GeoJSON: read it as vector tiles \
             (/tiles/{id}/{{z}}/{{x}}/{{y}}.mvt) or download the whole layer, streamed, from \
             /layers/{id}.geojson"
        ),
    )?;
    Ok(match format {
        Format::Json => {
            let mut out = String::new();
            layer.write_feature(i, &mut out);
            out.pop();
            out.push_str(r#","links":"#);
            out.push_str(&serde_json::to_string(&links).unwrap_or_else(|_| "[]".into()));
            out.push('}');
            text_response(out, media::GEOJSON)
        }
        Format::Html => html_response(html::feature(&layer, i, &links)),
    })
}

pub async fn nearest(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let layer = state.layer(&path_param(id)?)?.clone();
    let q = NearestQuery::parse(&ctx.params, &state.config)?;
    let format = Format::negotiate(q.format, &ctx.headers);
    let max = state.config.max_response_bytes;
    blocking(&state, move || {
        let found = layer.nearest(q.lon, q.lat, q.k);
        let indices: Vec<usize> = found.iter().map(|hit| hit.index).collect();
        let advice = format!(
            "ask for fewer features (a smaller k; this search found {})",
            found.len()
        );
        check_size(&layer, &indices, max, &advice)?;
        let mut out = String::from(r#"{"type":"FeatureCollection","features":["#);
        for (n, hit) in found.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            layer.write_feature(hit.index, &mut out);
            // A foreign member of the feature: the distance is not a property
            // of the feature itself but of this search.
            out.pop();
            out.push_str(&format!(r#","distance_m":{:.1}}}"#, hit.distance_m));
        }
        out.push_str(&format!(r#"],"numberReturned":{}}}"#, found.len()));
        Ok(match format {
            Format::Json => text_response(out, media::GEOJSON),
            Format::Html => {
                let value: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
                html_response(html::json_page(
                    &format!("Nearest features of {}", layer.title),
                    &value,
                ))
            }
        })
    })
    .await
}

/// `/layers/{id}.geojson`: the whole layer as one GeoJSON file, streamed
/// from a blocking thread (a layer may be larger than any response built
/// in memory), with its exact length and an ETag from its hash.
pub async fn download(
    State(state): State<AppState>,
    file: Result<Path<String>, PathRejection>,
    ctx: Ctx,
) -> Result<Response, AppError> {
    let file = path_param(file)?;
    ctx.params.json_only()?;
    let id = file
        .strip_suffix(".geojson")
        .ok_or_else(|| AppError::NoRoute(format!("/layers/{file}")))?;
    let layer = state.layer(id)?.clone();
    let measured = layer.clone();
    let digest = blocking(&state, move || Ok(measured.digest())).await?;
    let body = streamed_body(&state, move |tx| {
        layer.write_chunks(256 * 1024, |chunk| tx.blocking_send(chunk.into()).is_ok());
    });
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media::GEOJSON),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(digest.len));
    response.extensions_mut().insert(EtagSeed(digest.hash));
    Ok(response)
}
