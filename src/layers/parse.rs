//! Reading GeoJSON text into layers.
//!
//! The file is read in chunks and split into features by [`super::scan`];
//! each feature is parsed with its `id` and `properties` as borrowed raw
//! JSON and goes straight into a [`LayerBuilder`]. Neither the file nor a
//! `Vec` of parsed features is ever held whole, so the peak memory of a load
//! is little more than the layer it builds.

use std::borrow::Cow;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, IgnoredAny, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::build::{LayerBuilder, from_geojson};
use super::scan::{ScanError, Scanner, parse_one, reason};
use super::{Geometry, Layer};

/// Why a GeoJSON file was not loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Malformed JSON, or GeoJSON that RFC 7946 does not allow; `line` and
    /// `column` are where the parser stood when it found out.
    #[error("{file}:{line}:{column}: {reason}")]
    Invalid {
        file: PathBuf,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{file}: {reason}")]
    Refused { file: PathBuf, reason: String },
}

/// Parses GeoJSON text (a FeatureCollection) into an indexed layer.
pub fn parse_layer(file: &Path, id: &str, bytes: &[u8]) -> Result<Layer, LoadError> {
    let builder = read_features(file, id, bytes)?;
    super::files::finish(builder, file, || Some(bytes))
}

/// Reads every feature of a FeatureCollection into a builder (not indexed
/// yet), one feature at a time.
pub(crate) fn read_features(
    file: &Path,
    id: &str,
    reader: impl Read,
) -> Result<LayerBuilder, LoadError> {
    let mut builder = LayerBuilder::new(id, id, &format!("GeoJSON layer from {}", file_name(file)));
    let mut scanner = Scanner::new(reader);
    let meta = read_collection(&mut scanner, &mut builder).map_err(|e| match e {
        ScanError::Io(source) => LoadError::Io {
            file: file.to_path_buf(),
            source,
        },
        ScanError::Syntax {
            line,
            column,
            reason,
        } => LoadError::Invalid {
            file: file.to_path_buf(),
            line,
            column,
            reason,
        },
    })?;
    if let Some(title) = meta.title.or(meta.name) {
        builder.set_title(&title);
    }
    let text: Vec<&str> = meta.text.iter().map(String::as_str).collect();
    builder.set_text(&text);
    if let Some(category) = meta.category {
        builder.set_category(&category);
    }
    if let Some(description) = meta.description {
        builder.set_description(&description);
    }
    Ok(builder)
}

fn file_name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

const CRS_REASON: &str = "a \"crs\" member is not RFC 7946 GeoJSON (coordinates must be \
                          WGS 84 longitude/latitude, without a crs)";

/// Metadata found at the top level of a FeatureCollection.
#[derive(Default)]
struct Meta {
    title: Option<String>,
    name: Option<String>,
    description: Option<String>,
    /// `"mapwire:category"`: the property whose values vector tiles never
    /// thin out of a tile (see `tiles::render`).
    category: Option<String>,
    /// `"mapwire:text"`: properties whose values are text even when they
    /// look like dates.
    text: Vec<String>,
}

/// Walks the top-level object member by member; the features are handed to
/// the builder as they are read.
fn read_collection<R: Read>(
    s: &mut Scanner<R>,
    builder: &mut LayerBuilder,
) -> Result<Meta, ScanError> {
    s.skip_bom()?;
    let mut meta = Meta::default();
    let (mut typed, mut has_features) = (false, false);
    if s.peek()? != Some(b'{') {
        return Err(s.error(s.pos(), "expected a GeoJSON FeatureCollection object"));
    }
    s.expect(b"{", "`{`")?;
    if s.peek()? == Some(b'}') {
        s.expect(b"}", "`}`")?;
    } else {
        loop {
            let (key_at, key) = s.next_owned::<String>()?;
            s.expect(b":", "`:`")?;
            match key.as_str() {
                "features" => {
                    read_features_array(s, builder)?;
                    has_features = true;
                }
                "crs" => return Err(s.error(key_at, CRS_REASON)),
                _ => {
                    let (at, value) = s.next_owned::<serde_json::Value>()?;
                    let text = value.as_str().map(str::to_string);
                    match key.as_str() {
                        "type" if text.as_deref() != Some("FeatureCollection") => {
                            let found =
                                text.map_or_else(|| value.to_string(), |t| format!("{t:?}"));
                            return Err(s.error(
                                at,
                                format!("expected a FeatureCollection, found type {found}"),
                            ));
                        }
                        "type" => typed = true,
                        "title" => meta.title = text,
                        "name" => meta.name = text,
                        "description" => meta.description = text,
                        "mapwire:category" => meta.category = text,
                        "mapwire:text" => {
                            meta.text = value
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(|v| v.as_str().map(str::to_string))
                                .collect();
                        }
                        _ => {}
                    }
                }
            }
            if s.expect(b",}", "`,` or `}`")? == b'}' {
                break;
            }
        }
    }
    if !s.at_end()? {
        return Err(s.error(s.pos(), "trailing characters"));
    }
    match (typed, has_features) {
        (true, true) => Ok(meta),
        (false, _) => Err(s.error(s.pos(), "missing \"type\": \"FeatureCollection\"")),
        (true, false) => Err(s.error(s.pos(), "a FeatureCollection needs a \"features\" array")),
    }
}

fn read_features_array<R: Read>(
    s: &mut Scanner<R>,
    builder: &mut LayerBuilder,
) -> Result<(), ScanError> {
    if s.peek()? != Some(b'[') {
        return Err(s.error(s.pos(), "\"features\" must be an array of GeoJSON Features"));
    }
    s.expect(b"[", "`[`")?;
    if s.peek()? == Some(b']') {
        s.expect(b"]", "`]`")?;
        return Ok(());
    }
    loop {
        let n = builder.len();
        let (at, added) = s.next_value(|input, eof| {
            parse_one::<RawFeature>(input, eof).map(|raw| add_feature(builder, raw))
        })?;
        added.map_err(|e| s.error(at, format!("feature #{n}: {e}")))?;
        if s.expect(b",]", "`,` or `]`")? == b']' {
            return Ok(());
        }
    }
}

/// One feature with its parts left as raw JSON text.
#[derive(Deserialize)]
struct RawFeature<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    geometry: Option<&'a RawValue>,
    #[serde(borrow, default)]
    properties: Option<&'a RawValue>,
    #[serde(default)]
    crs: Option<IgnoredAny>,
}

fn add_feature(builder: &mut LayerBuilder, raw: RawFeature<'_>) -> Result<(), String> {
    if raw.kind != "Feature" {
        return Err(format!("expected type \"Feature\", found {:?}", raw.kind));
    }
    if raw.crs.is_some() {
        return Err(CRS_REASON.to_string());
    }
    let geometry = parse_geometry(raw.geometry)?;
    builder.push_raw(
        raw.id.map(RawValue::get),
        geometry,
        raw.properties.map(RawValue::get),
    )
}

/// Just enough of a geometry to take the fast path for points.
#[derive(Deserialize)]
struct GeometryHead<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow, default)]
    coordinates: Option<&'a RawValue>,
    #[serde(default)]
    crs: Option<IgnoredAny>,
}

fn parse_geometry(raw: Option<&RawValue>) -> Result<Geometry, String> {
    let Some(raw) = raw else {
        return Ok(Geometry::Null);
    };
    if let Some(p) = compact_point(raw.get()) {
        return Ok(Geometry::Point(p));
    }
    let head: GeometryHead = serde_json::from_str(raw.get()).map_err(|e| reason(&e))?;
    if head.crs.is_some() {
        return Err(CRS_REASON.to_string());
    }
    if head.kind == "Point" {
        let coords = head.coordinates.ok_or("a Point needs \"coordinates\"")?;
        let Position(p) = serde_json::from_str(coords.get()).map_err(|e| reason(&e))?;
        return Ok(Geometry::Point(p));
    }
    let g: geojson::Geometry = serde_json::from_str(raw.get()).map_err(|e| reason(&e))?;
    from_geojson(g)
}

/// The fast path for the form nearly every point file uses,
/// `{"type":"Point","coordinates":[x,y]}` without spaces: two number parses
/// instead of two JSON passes. Anything else returns `None` and takes the
/// general path.
fn compact_point(raw: &str) -> Option<[f64; 2]> {
    let numbers = raw
        .strip_prefix(r#"{"type":"Point","coordinates":["#)?
        .strip_suffix("]}")?;
    let (x, y) = numbers.split_once(',')?;
    // Rust accepts forms JSON does not ("inf", "+1", ".5"): leave those to serde.
    let json_number = |t: &str| {
        t.bytes()
            .all(|b| b.is_ascii_digit() || b"-.eE+".contains(&b))
            && t.bytes()
                .next()
                .is_some_and(|b| b == b'-' || b.is_ascii_digit())
    };
    if !json_number(x) || !json_number(y) {
        return None;
    }
    Some([x.parse().ok()?, y.parse().ok()?])
}

/// A GeoJSON position read as `[lon, lat]`, any altitude skipped.
struct Position([f64; 2]);

impl<'de> Deserialize<'de> for Position {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(PositionVisitor)
    }
}

struct PositionVisitor;

impl<'de> Visitor<'de> for PositionVisitor {
    type Value = Position;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a position: an array of two or three numbers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Position, A::Error> {
        let x: f64 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let y: f64 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(1, &self))?;
        let mut count = 2;
        while seq.next_element::<f64>()?.is_some() {
            count += 1;
        }
        if count > 3 {
            return Err(de::Error::invalid_length(count, &self));
        }
        Ok(Position([x, y]))
    }
}

#[cfg(test)]
mod tests {
    use super::compact_point;

    #[test]
    fn compact_points_take_the_fast_path_and_the_rest_falls_back() {
        let fast = r#"{"type":"Point","coordinates":[-82.3666,23.1136]}"#;
        assert_eq!(compact_point(fast), Some([-82.3666, 23.1136]));
        assert_eq!(
            compact_point(r#"{"type":"Point","coordinates":[1e2,-0.5E-1]}"#),
            Some([100.0, -0.05])
        );
        for slow in [
            r#"{"type": "Point", "coordinates": [1, 2]}"#,
            r#"{"type":"Point","coordinates":[1,2,3]}"#,
            r#"{"type":"Point","coordinates":[inf,2]}"#,
            r#"{"type":"Point","coordinates":[+1,2]}"#,
            r#"{"type":"Point","coordinates":[.5,2]}"#,
            r#"{"type":"Point","coordinates":[1,2],"bbox":[1,2,1,2]}"#,
        ] {
            assert_eq!(compact_point(slow), None, "{slow}");
        }
    }
}
