//! What a layer must be before it is served: geometries as RFC 7946 draws
//! them, and one feature per id.
//!
//! A file that breaks a rule is refused whole with the rule and the place
//! (file:line:column), rather than served with a feature missing or two
//! features behind one URL.

use std::io::Read;

use serde::de::IgnoredAny;

use super::scan::{Position, ScanError, Scanner};

/// Two features with the same id (by their order in the layer).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "feature #{second} has the id {id:?} of feature #{first}: ids must be unique \
     (a feature without an id gets its position as its id)"
)]
pub struct DuplicateId {
    pub id: String,
    pub first: u32,
    pub second: u32,
}

/// The first pair of features with one id, from the sorted
/// `(hash of id, index)` lookup; `key(i)` is feature `i`'s id as in a URL.
pub(crate) fn duplicate_id<'a>(
    ids: &[(u64, u32)],
    key: impl Fn(usize) -> &'a str,
) -> Option<DuplicateId> {
    let mut found: Option<DuplicateId> = None;
    for run in ids.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        // One hash, maybe several ids: compare the ids themselves.
        for (n, &(_, a)) in run.iter().enumerate() {
            for &(_, b) in &run[n + 1..] {
                let (ka, kb) = (
                    super::props::id_key(key(a as usize)),
                    super::props::id_key(key(b as usize)),
                );
                if ka == kb && found.as_ref().is_none_or(|f| a.max(b) < f.second) {
                    found = Some(DuplicateId {
                        id: ka.into_owned(),
                        first: a.min(b),
                        second: a.max(b),
                    });
                }
            }
        }
    }
    found
}

/// Checks a geometry against RFC 7946: positions of two or three numbers
/// within longitude/latitude, lines of two or more positions, polygon rings
/// of four or more positions that end where they start.
pub(crate) fn geometry(value: &geojson::GeometryValue) -> Result<(), String> {
    use geojson::GeometryValue as V;
    match value {
        V::Point { coordinates } => check_position(coordinates.as_slice()),
        V::MultiPoint { coordinates } => coordinates
            .iter()
            .try_for_each(|p| check_position(p.as_slice())),
        V::LineString { coordinates } => line(coordinates),
        V::MultiLineString { coordinates } => coordinates.iter().try_for_each(|l| line(l)),
        V::Polygon { coordinates } => polygon(coordinates),
        V::MultiPolygon { coordinates } => coordinates.iter().try_for_each(|p| polygon(p)),
        V::GeometryCollection { geometries } => {
            geometries.iter().try_for_each(|g| geometry(&g.value))
        }
    }
}

fn line(positions: &[geojson::Position]) -> Result<(), String> {
    positions
        .iter()
        .try_for_each(|p| check_position(p.as_slice()))?;
    if positions.len() < 2 {
        return Err(format!(
            "a LineString needs at least 2 positions, this one has {}",
            positions.len()
        ));
    }
    Ok(())
}

fn polygon(rings: &[Vec<geojson::Position>]) -> Result<(), String> {
    for (n, ring) in rings.iter().enumerate() {
        ring.iter().try_for_each(|p| check_position(p.as_slice()))?;
        let which = if n == 0 {
            "the exterior ring".to_string()
        } else {
            format!("interior ring {n}")
        };
        if ring.len() < 4 {
            return Err(format!(
                "{which} of a Polygon has {} positions; a ring needs at least 4 (its last \
                 repeating its first)",
                ring.len()
            ));
        }
        if ring.first().map(|p| &p.as_slice()[..2]) != ring.last().map(|p| &p.as_slice()[..2]) {
            return Err(format!(
                "{which} of a Polygon is not closed: its last position must repeat its first"
            ));
        }
    }
    Ok(())
}

/// A position: two or three numbers (longitude, latitude, altitude), the
/// first two within WGS 84 longitude/latitude (RFC 7946 §3.1.1 and §4).
pub(crate) fn check_position(p: &[f64]) -> Result<(), String> {
    match p {
        [lon, lat] | [lon, lat, _]
            if (-180.0..=180.0).contains(lon) && (-90.0..=90.0).contains(lat) =>
        {
            Ok(())
        }
        [lon, lat] | [lon, lat, _] => Err(format!(
            "position [{lon}, {lat}] is outside longitude -180..180 / latitude -90..90 \
             (RFC 7946 GeoJSON is WGS 84 longitude, latitude)"
        )),
        [_, _, _, ..] => Err(format!(
            "a position has {} numbers; GeoJSON allows 2 or 3 (longitude, latitude, altitude)",
            p.len()
        )),
        _ => Err("a position needs at least two numbers".to_string()),
    }
}

/// Where feature `n` (0-based) of a FeatureCollection starts. Used only to
/// report an error found after reading (a duplicate id), so a second pass
/// over the file is cheap enough.
pub(crate) fn locate_feature(reader: impl Read, n: u32) -> Option<Position> {
    let mut s = Scanner::new(reader);
    let found: Result<Option<Position>, ScanError> = (|| {
        s.skip_bom()?;
        s.expect(b"{", "`{`")?;
        loop {
            let (_, key) = s.next_owned::<String>()?;
            s.expect(b":", "`:`")?;
            if key != "features" {
                s.next_owned::<IgnoredAny>()?;
                s.expect(b",", "`,`")?;
                continue;
            }
            s.expect(b"[", "`[`")?;
            for _ in 0..n {
                s.next_owned::<IgnoredAny>()?;
                s.expect(b",", "`,`")?;
            }
            s.peek()?;
            return Ok(Some(s.position(s.pos())));
        }
    })();
    found.ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks a geometry given as GeoJSON text.
    fn check(text: &str) -> Result<(), String> {
        let g: geojson::Geometry = serde_json::from_str(text).map_err(|e| e.to_string())?;
        geometry(&g.value)
    }

    #[test]
    fn rings_lines_and_positions_follow_rfc_7946() {
        let square = "[-82,23],[-81,23],[-81,22],[-82,23]";
        let polygon =
            |rings: &str| check(&format!(r#"{{"type":"Polygon","coordinates":[{rings}]}}"#));
        assert!(polygon(&format!("[{square}]")).is_ok());
        let e = polygon("[[-82,23],[-81,23],[-81,22],[-82,22]]").unwrap_err();
        assert!(e.contains("not closed"), "{e}");
        let e = polygon(&format!("[{square}],[[-82,23],[-81,23],[-82,23]]")).unwrap_err();
        assert!(
            e.contains("interior ring 1") && e.contains("3 positions"),
            "{e}"
        );
        let e = check(r#"{"type":"LineString","coordinates":[[1,2]]}"#).unwrap_err();
        assert!(e.contains("at least 2"), "{e}");
        let e = check(r#"{"type":"MultiPoint","coordinates":[[1,2,3,4]]}"#).unwrap_err();
        assert!(e.contains("4 numbers"), "{e}");
        assert!(check(r#"{"type":"Point","coordinates":[1,2,30]}"#).is_ok());
    }

    #[test]
    fn duplicate_ids_are_found_through_hash_runs() {
        let keys = ["\"a\"", "7", "\"b\"", "\"7\"", "\"b\""];
        let mut ids: Vec<(u64, u32)> = keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                (
                    xxhash_rust::xxh3::xxh3_64(super::super::props::id_key(k).as_bytes()),
                    i as u32,
                )
            })
            .collect();
        ids.sort_unstable();
        let d = duplicate_id(&ids, |i| keys[i]).unwrap();
        // 7 and "7" are one id in a URL; found before the two "b"s.
        assert_eq!((d.id.as_str(), d.first, d.second), ("7", 1, 3));
        assert!(duplicate_id(&ids[..1], |i| keys[i]).is_none());
    }

    #[test]
    fn features_are_located_by_number() {
        let text =
            "{\"type\":\"FeatureCollection\",\n\"features\":[\n {\"a\":1},\n   {\"b\":[1,2]}]}";
        assert_eq!(
            locate_feature(text.as_bytes(), 1),
            Some(Position { line: 4, column: 4 })
        );
        assert_eq!(
            locate_feature(text.as_bytes(), 0),
            Some(Position { line: 3, column: 2 })
        );
    }
}
