//! Reading GeoJSON files into layers.
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

/// Loads every `*.geojson` file of `dir` (sorted by name). A file that fails
/// is reported in the second list and the others still load.
pub fn load_dir(dir: &Path) -> (Vec<Layer>, Vec<LoadError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            return (
                Vec::new(),
                vec![LoadError::Io {
                    file: dir.to_path_buf(),
                    source,
                }],
            );
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("geojson"))
        })
        .collect();
    paths.sort();
    let mut layers = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match load_file(&path) {
            Ok(layer) => layers.push(layer),
            Err(e) => errors.push(e),
        }
    }
    (layers, errors)
}

/// Loads one GeoJSON file; the layer id is the file stem, made URL-safe.
/// The file is read in chunks, never whole.
pub fn load_file(path: &Path) -> Result<Layer, LoadError> {
    let started = std::time::Instant::now();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = layer_id(&stem);
    if id.is_empty() {
        let reason = "the file name gives no layer id".to_string();
        return Err(LoadError::Refused {
            file: path.to_path_buf(),
            reason,
        });
    }
    let file = std::fs::File::open(path).map_err(|source| LoadError::Io {
        file: path.to_path_buf(),
        source,
    })?;
    let builder = read_features(path, &id, file)?;
    let parsed = started.elapsed();
    let layer = builder.finish();
    tracing::debug!(layer = %layer.id, ?parsed, total = ?started.elapsed(), "loaded");
    Ok(layer)
}

/// A URL-safe layer id: letters, digits, `-`, `_` and `.` are kept, anything
/// else becomes `_`.
fn layer_id(stem: &str) -> String {
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect::<String>()
        .trim_matches('.')
        .to_string()
}

/// Parses GeoJSON text (a FeatureCollection) into an indexed layer.
pub fn parse_layer(file: &Path, id: &str, bytes: &[u8]) -> Result<Layer, LoadError> {
    read_features(file, id, bytes).map(LayerBuilder::finish)
}

/// Reads every feature of a FeatureCollection into a builder (not indexed
/// yet), one feature at a time.
fn read_features(file: &Path, id: &str, reader: impl Read) -> Result<LayerBuilder, LoadError> {
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
        while seq.next_element::<IgnoredAny>()?.is_some() {}
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
