//! A layer written out as GeoJSON text: one feature, the whole layer in
//! chunks, its exact length and hash (for `Content-Length` and the ETag of a
//! download that is streamed, never held whole), and an upper bound of a
//! feature's size (to refuse an over-large response before building it).

use geo::CoordsIter;

use super::{Geometry, Layer};

/// The whole layer as GeoJSON: its length in bytes and its xxh3 hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digest {
    pub len: u64,
    pub hash: u64,
}

const HEAD: &str = r#"{"type":"FeatureCollection","features":["#;
const TAIL: &str = "]}";

/// Longest text of one position: two 17-digit coordinates with sign,
/// point and exponent, brackets and commas.
const MAX_POSITION_TEXT: usize = 2 * 24 + 4;

impl Layer {
    /// Appends feature `i` as GeoJSON text to `out`, without re-parsing the
    /// stored JSON (this is the hot path of every items response).
    pub fn write_feature(&self, i: usize, out: &mut String) {
        out.push_str(r#"{"type":"Feature","id":"#);
        out.push_str(self.id_json(i));
        out.push_str(r#","geometry":"#);
        write_geometry(&self.features[i].geometry, out);
        out.push_str(r#","properties":"#);
        out.push_str(self.properties_json(i));
        out.push('}');
    }

    /// An upper bound of the length of feature `i` as written by
    /// [`Layer::write_feature`], without writing it.
    pub fn feature_size_bound(&self, i: usize) -> usize {
        let positions = match &self.features[i].geometry {
            Geometry::Null => 0,
            Geometry::Point(_) => 1,
            Geometry::Other(g) => g.coords_count(),
        };
        // Nesting brackets of rings and parts are fewer than positions.
        let geometry = 64 + positions * (MAX_POSITION_TEXT + 2);
        48 + self.id_json(i).len() + geometry + self.properties_json(i).len()
    }

    /// The whole layer as a GeoJSON FeatureCollection.
    pub fn to_geojson_string(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + 64 * self.len() + 64);
        self.write_chunks(usize::MAX, |chunk| {
            out.push_str(&chunk);
            true
        });
        out
    }

    /// Writes the whole layer as GeoJSON in pieces of about `chunk` bytes,
    /// handing each to `sink`; stops early when `sink` returns false.
    pub fn write_chunks(&self, chunk: usize, mut sink: impl FnMut(String) -> bool) {
        let mut out = String::from(HEAD);
        for i in 0..self.len() {
            if i > 0 {
                out.push(',');
            }
            self.write_feature(i, &mut out);
            if out.len() >= chunk && !sink(std::mem::take(&mut out)) {
                return;
            }
        }
        out.push_str(TAIL);
        sink(out);
    }

    /// Length and hash of [`Layer::to_geojson_string`], computed once (a
    /// pass over the layer that holds one feature's text at a time).
    pub fn digest(&self) -> Digest {
        *self.digest.get_or_init(|| {
            let mut hasher = xxhash_rust::xxh3::Xxh3::new();
            let mut len = 0u64;
            self.write_chunks(64 * 1024, |chunk| {
                hasher.update(chunk.as_bytes());
                len += chunk.len() as u64;
                true
            });
            Digest {
                len,
                hash: hasher.digest(),
            }
        })
    }
}

/// Writes a geometry as GeoJSON text.
fn write_geometry(geometry: &Geometry, out: &mut String) {
    use std::fmt::Write;
    match geometry {
        Geometry::Null => out.push_str("null"),
        // `{}` on f64 prints the shortest text that reads back to the same
        // number, which is what GeoJSON writers are expected to do.
        Geometry::Point([x, y]) => {
            let _ = write!(out, r#"{{"type":"Point","coordinates":[{x},{y}]}}"#);
        }
        Geometry::Other(g) => {
            let g = geojson::Geometry::new(g.as_ref().into());
            out.push_str(&serde_json::to_string(&g).unwrap_or_else(|_| "null".into()));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::layers::parse_layer;

    #[test]
    fn chunks_digest_and_size_bounds_agree_with_the_whole_text() {
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[-82.3666,23.1136]},"properties":{"n":1}},
            {"type":"Feature","id":7,"geometry":{"type":"LineString","coordinates":[[-66.9,10.5],[-82.36,23.11],[-86.25,12.13]]},"properties":null},
            {"type":"Feature","geometry":null,"properties":{"s":"x"}}]}"#;
        let layer = parse_layer(std::path::Path::new("t.geojson"), "t", text.as_bytes()).unwrap();
        let whole = layer.to_geojson_string();
        serde_json::from_str::<serde_json::Value>(&whole).unwrap();
        let mut pieces = Vec::new();
        layer.write_chunks(10, |c| {
            pieces.push(c);
            true
        });
        assert!(pieces.len() > 1);
        assert_eq!(pieces.concat(), whole);
        let d = layer.digest();
        assert_eq!(d.len, whole.len() as u64);
        assert_eq!(d.hash, xxhash_rust::xxh3::xxh3_64(whole.as_bytes()));
        for i in 0..layer.len() {
            let mut one = String::new();
            layer.write_feature(i, &mut one);
            assert!(one.len() <= layer.feature_size_bound(i), "{one}");
        }
    }
}
