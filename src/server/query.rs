//! Query strings, parsed once into typed, validated structs.
//!
//! Handlers never look at raw parameters: they get an [`ItemsQuery`] or a
//! [`NearestQuery`] whose values are already checked, or a 400.

use axum::http::HeaderMap;
use serde_json::Value;

use super::ServerConfig;
use super::error::AppError;
use crate::layers::{Bbox, Filter, Interval, Layer, PropertyFilter, QueryableType, SortKey};

/// The URI of the only CRS served (WGS 84 longitude/latitude).
pub const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

/// Response format: JSON (GeoJSON for features) or HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
}

impl Format {
    fn parse(text: &str) -> Result<Format, AppError> {
        match text {
            "json" | "geojson" => Ok(Format::Json),
            "html" => Ok(Format::Html),
            _ => Err(AppError::invalid("f", "expected json or html")),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Html => "html",
        }
    }

    /// `f` wins; otherwise the `Accept` header's preference between HTML and
    /// JSON; JSON when neither says.
    pub fn negotiate(f: Option<Format>, headers: &HeaderMap) -> Format {
        if let Some(f) = f {
            return f;
        }
        let accept = headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let (mut html, mut json) = (0.0_f32, 0.0_f32);
        for (i, part) in accept.split(',').enumerate() {
            let mut pieces = part.split(';');
            let media = pieces.next().unwrap_or("").trim();
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            // Earlier entries win ties, as browsers list their favourite first.
            let weight = q - i as f32 * 1e-4;
            match media {
                "text/html" | "application/xhtml+xml" => html = html.max(weight),
                m if m.contains("json") => json = json.max(weight),
                _ => {}
            }
        }
        if html > json {
            Format::Html
        } else {
            Format::Json
        }
    }
}

/// Decoded `name=value` pairs of a query string, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    /// Splits and percent-decodes a raw query string (`+` is a space).
    pub fn parse(raw: Option<&str>) -> Result<Params, AppError> {
        let mut pairs = Vec::new();
        for part in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let (name, value) = (decode(name)?, decode(value)?);
            if pairs.iter().any(|(n, _)| *n == name) {
                return Err(AppError::DuplicateParameter(name));
            }
            pairs.push((name, value));
        }
        Ok(Params(pairs))
    }

    /// The query string again, without `drop` and with `extra` appended.
    pub fn to_query(&self, drop: &[&str], extra: &[(&str, String)]) -> String {
        let kept = self.0.iter().filter(|(n, _)| !drop.contains(&n.as_str()));
        let all = kept
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .chain(extra.iter().map(|(n, v)| (*n, v.as_str())));
        let text: Vec<String> = all
            .map(|(n, v)| format!("{}={}", encode(n), encode(v)))
            .collect();
        if text.is_empty() {
            String::new()
        } else {
            format!("?{}", text.join("&"))
        }
    }

    /// Only `f=json` is allowed, for endpoints that serve JSON alone.
    pub fn json_only(&self) -> Result<(), AppError> {
        for (name, value) in &self.0 {
            match (name.as_str(), value.as_str()) {
                ("f", "json") => {}
                ("f", _) => return Err(AppError::invalid("f", "only json is served here")),
                _ => return Err(AppError::UnknownParameter(name.clone())),
            }
        }
        Ok(())
    }

    /// Only `f` is allowed: the format, or 400 for anything else.
    pub fn format_only(&self) -> Result<Option<Format>, AppError> {
        let mut format = None;
        for (name, value) in &self.0 {
            match name.as_str() {
                "f" => format = Some(Format::parse(value)?),
                _ => return Err(AppError::UnknownParameter(name.clone())),
            }
        }
        Ok(format)
    }
}

fn decode(text: &str) -> Result<String, AppError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = text
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                out.push(hex.ok_or_else(|| {
                    AppError::BadQuery(format!("bad percent escape in {text:?}"))
                })?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| AppError::BadQuery("not UTF-8 once decoded".into()))
}

/// Percent-encodes everything but RFC 3986 unreserved characters (and `,`
/// and `:` which are safe in a query and keep bbox and datetime readable).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~,:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A validated `/items` request.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemsQuery {
    pub filter: Filter,
    pub limit: usize,
    pub offset: usize,
    pub format: Option<Format>,
}

impl ItemsQuery {
    /// Parses every parameter; the layer's queryables are the only other
    /// names allowed (as equality filters).
    pub fn parse(
        params: &Params,
        layer: &Layer,
        config: &ServerConfig,
    ) -> Result<ItemsQuery, AppError> {
        let limit = config.default_limit.min(config.max_limit);
        let mut q = ItemsQuery {
            filter: Filter::default(),
            limit,
            offset: 0,
            format: None,
        };
        for (name, value) in &params.0 {
            match name.as_str() {
                "f" => q.format = Some(Format::parse(value)?),
                "bbox" => q.filter.bbox = Some(parse_bbox(value)?),
                "bbox-crs" | "crs" => check_crs(name, value)?,
                "limit" => q.limit = parse_limit(value, config.max_limit)?,
                "offset" => q.offset = parse_count("offset", value)?,
                "datetime" => {
                    q.filter.datetime = Some(
                        Interval::parse(value)
                            .map_err(|e| AppError::invalid("datetime", e.to_string()))?,
                    )
                }
                "sortby" => q.filter.sortby = parse_sortby(value, layer)?,
                _ => q
                    .filter
                    .properties
                    .push(parse_property(name, value, layer)?),
            }
        }
        Ok(q)
    }
}

fn check_crs(name: &str, value: &str) -> Result<(), AppError> {
    if value == CRS84 {
        Ok(())
    } else {
        Err(AppError::invalid(name, format!("only {CRS84} is served")))
    }
}

/// `minx,miny,maxx,maxy` (or the 6-number form with heights, which are ignored).
pub fn parse_bbox(text: &str) -> Result<Bbox, AppError> {
    let numbers: Result<Vec<f64>, _> = text.split(',').map(|n| n.trim().parse::<f64>()).collect();
    let numbers =
        numbers.map_err(|_| AppError::invalid("bbox", "expected 4 comma-separated numbers"))?;
    let corners = match numbers.as_slice() {
        [a, b, c, d] => [*a, *b, *c, *d],
        [a, b, _, d, e, _] => [*a, *b, *d, *e],
        _ => {
            return Err(AppError::invalid(
                "bbox",
                "expected 4 (or 6) comma-separated numbers",
            ));
        }
    };
    Bbox::new(corners[0], corners[1], corners[2], corners[3])
        .map_err(|e| AppError::invalid("bbox", e))
}

/// A limit of 1 or more; larger than the maximum is clamped, not refused
/// (OGC API – Features, requirement /req/core/fc-limit-response-1).
fn parse_limit(text: &str, max: usize) -> Result<usize, AppError> {
    let n = parse_count("limit", text)?;
    if n == 0 {
        return Err(AppError::invalid("limit", "must be at least 1"));
    }
    Ok(n.min(max))
}

/// A non-negative integer; a huge one saturates instead of failing.
fn parse_count(name: &str, text: &str) -> Result<usize, AppError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::invalid(name, "expected a non-negative integer"));
    }
    Ok(text.parse::<usize>().unwrap_or(usize::MAX))
}

fn parse_sortby(text: &str, layer: &Layer) -> Result<Vec<SortKey>, AppError> {
    text.split(',')
        .map(|key| {
            let key = key.trim();
            let (name, descending) = match key.as_bytes().first() {
                Some(b'-') => (&key[1..], true),
                Some(b'+') => (&key[1..], false),
                _ => (key, false),
            };
            match layer.queryable(name) {
                Some(_) => Ok(SortKey {
                    name: name.to_string(),
                    descending,
                }),
                None => Err(AppError::invalid(
                    "sortby",
                    format!("{name:?} is not a queryable property"),
                )),
            }
        })
        .collect()
}

/// `?name=value` on a queryable property, typed as the property is.
fn parse_property(name: &str, text: &str, layer: &Layer) -> Result<PropertyFilter, AppError> {
    let queryable = layer
        .queryable(name)
        .ok_or_else(|| AppError::UnknownParameter(name.to_string()))?;
    let value = match queryable.kind {
        // A date property is compared as text, but only a date can equal it.
        QueryableType::String if queryable.format.is_some() => {
            let valid = match queryable.format {
                Some("date") => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok(),
                _ => chrono::DateTime::parse_from_rfc3339(text).is_ok(),
            };
            if !valid {
                let what = queryable.format.unwrap_or("date-time");
                return Err(AppError::invalid(
                    name,
                    format!("expected a {what} (RFC 3339)"),
                ));
            }
            Value::String(text.to_string())
        }
        QueryableType::String => Value::String(text.to_string()),
        QueryableType::Integer => text
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| AppError::invalid(name, "expected an integer"))?,
        QueryableType::Number => text
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Value::from)
            .ok_or_else(|| AppError::invalid(name, "expected a number"))?,
        QueryableType::Boolean => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err(AppError::invalid(name, "expected true or false")),
        },
    };
    Ok(PropertyFilter {
        name: name.to_string(),
        value,
    })
}

/// A validated `/nearest` request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NearestQuery {
    pub lon: f64,
    pub lat: f64,
    pub k: usize,
    pub format: Option<Format>,
}

impl NearestQuery {
    pub fn parse(params: &Params, config: &ServerConfig) -> Result<NearestQuery, AppError> {
        let (mut lon, mut lat, mut k, mut format) = (None, None, 10, None);
        for (name, value) in &params.0 {
            match name.as_str() {
                "lon" => lon = Some(parse_coordinate("lon", value, 180.0)?),
                "lat" => lat = Some(parse_coordinate("lat", value, 90.0)?),
                "k" => {
                    k = parse_limit(value, config.max_nearest)
                        .map_err(|_| AppError::invalid("k", "expected an integer of at least 1"))?
                }
                "f" => format = Some(Format::parse(value)?),
                _ => return Err(AppError::UnknownParameter(name.clone())),
            }
        }
        let lon = lon.ok_or_else(|| AppError::MissingParameter("lon".into()))?;
        let lat = lat.ok_or_else(|| AppError::MissingParameter("lat".into()))?;
        Ok(NearestQuery {
            lon,
            lat,
            k,
            format,
        })
    }
}

fn parse_coordinate(name: &str, text: &str, bound: f64) -> Result<f64, AppError> {
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && v.abs() <= bound)
        .ok_or_else(|| {
            AppError::invalid(name, format!("expected a number within -{bound}..{bound}"))
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn decodes_and_refuses_duplicates() {
        let p = Params::parse(Some("a=1%2C2&b=x+y&c")).unwrap();
        assert_eq!(
            p.0,
            vec![
                ("a".into(), "1,2".into()),
                ("b".into(), "x y".into()),
                ("c".into(), "".into())
            ]
        );
        assert_eq!(
            Params::parse(Some("a=1&a=2")),
            Err(AppError::DuplicateParameter("a".into()))
        );
        assert!(Params::parse(Some("a=%zz")).is_err());
        assert!(Params::parse(Some("a=%ff")).is_err());
        assert_eq!(
            p.to_query(&["b"], &[("offset", "10".into())]),
            "?a=1,2&c=&offset=10"
        );
    }

    #[test]
    fn limits_clamp_and_counts_saturate() {
        assert_eq!(parse_limit("20000", 10000), Ok(10000));
        assert_eq!(parse_limit("99999999999999999999999", 10000), Ok(10000));
        assert!(parse_limit("0", 10).is_err());
        assert!(parse_limit("-1", 10).is_err());
        assert!(parse_limit("1e3", 10).is_err());
        assert_eq!(
            parse_count("offset", "99999999999999999999999"),
            Ok(usize::MAX)
        );
    }

    #[test]
    fn bboxes() {
        assert_eq!(
            parse_bbox("1,2,3,4").unwrap(),
            Bbox::new(1.0, 2.0, 3.0, 4.0).unwrap()
        );
        assert_eq!(
            parse_bbox("1,2,0,3,4,10").unwrap(),
            Bbox::new(1.0, 2.0, 3.0, 4.0).unwrap()
        );
        for bad in [
            "1,2,3",
            "NaN,0,1,1",
            "a,b,c,d",
            "0,0,1,inf",
            "0,0,181,1",
            "",
        ] {
            assert!(parse_bbox(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn accept_negotiation() {
        let mut h = HeaderMap::new();
        assert_eq!(Format::negotiate(None, &h), Format::Json);
        h.insert(
            "accept",
            "text/html,application/xhtml+xml,*/*;q=0.8".parse().unwrap(),
        );
        assert_eq!(Format::negotiate(None, &h), Format::Html);
        assert_eq!(Format::negotiate(Some(Format::Json), &h), Format::Json);
        h.insert(
            "accept",
            "application/geo+json, text/html;q=0.5".parse().unwrap(),
        );
        assert_eq!(Format::negotiate(None, &h), Format::Json);
    }
}
