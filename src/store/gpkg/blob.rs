//! GeoPackage geometry blobs (GeoPackage 1.2, clause 2.1.3): a header —
//! magic `GP`, version 0, flags, the SRS id, an envelope — then the
//! geometry as standard WKB; and the SQL functions (`ST_MinX`, …,
//! `ST_IsEmpty`) that the R-tree index triggers call on every write.

use geo::{BoundingRect, Geometry};
use geo_traits::to_geo::ToGeoGeometry;
use rusqlite::Connection;
use rusqlite::functions::{Context, FunctionFlags};

/// WGS 84 longitude/latitude, the only SRS mapwire writes.
pub const SRS_ID: i32 = 4326;

/// Flags: little-endian header (bit 0), envelope `[minx, maxx, miny, maxy]`
/// (bits 1–3 = 1), standard (not extended) binary, not empty.
const FLAGS_LE_XY_ENVELOPE: u8 = 0b0000_0011;
const EMPTY_FLAG: u8 = 0b0001_0000;
const HEADER_LEN: usize = 8;

/// Why a blob is not a geometry mapwire can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlobError {
    #[error("not a GeoPackage geometry blob (no GP magic)")]
    Magic,
    #[error("GeoPackage geometry blob version {0} is not supported")]
    Version(u8),
    #[error("extended GeoPackage geometry blobs are not supported")]
    Extended,
    #[error("envelope indicator {0} is not valid")]
    Envelope(u8),
    #[error("the blob is cut short")]
    Short,
    #[error("invalid WKB: {0}")]
    Wkb(String),
    #[error("an empty geometry")]
    Empty,
}

/// Encodes `geometry` as a GeoPackage blob with its envelope.
pub fn encode(geometry: &Geometry<f64>) -> Result<Vec<u8>, BlobError> {
    let rect = geometry.bounding_rect().ok_or(BlobError::Empty)?;
    let mut out = Vec::with_capacity(HEADER_LEN + 32 + 64);
    out.extend_from_slice(b"GP");
    out.push(0);
    out.push(FLAGS_LE_XY_ENVELOPE);
    out.extend_from_slice(&SRS_ID.to_le_bytes());
    for v in [rect.min().x, rect.max().x, rect.min().y, rect.max().y] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let options = wkb::writer::WriteOptions {
        endianness: wkb::Endianness::LittleEndian,
    };
    wkb::writer::write_geometry(&mut out, geometry, &options)
        .map_err(|e| BlobError::Wkb(e.to_string()))?;
    Ok(out)
}

/// The parsed header: flags and where the WKB starts.
struct Header {
    flags: u8,
    little_endian: bool,
    envelope_len: usize,
}

fn header(blob: &[u8]) -> Result<Header, BlobError> {
    if blob.len() < HEADER_LEN {
        return Err(BlobError::Short);
    }
    if &blob[..2] != b"GP" {
        return Err(BlobError::Magic);
    }
    if blob[2] != 0 {
        return Err(BlobError::Version(blob[2]));
    }
    let flags = blob[3];
    if flags & 0b0010_0000 != 0 {
        return Err(BlobError::Extended);
    }
    let indicator = (flags >> 1) & 0b111;
    let envelope_len = match indicator {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        other => return Err(BlobError::Envelope(other)),
    };
    if blob.len() < HEADER_LEN + envelope_len {
        return Err(BlobError::Short);
    }
    Ok(Header {
        flags,
        little_endian: flags & 1 == 1,
        envelope_len,
    })
}

/// Decodes a blob's geometry (any WKB type GDAL writes, 2D kept).
pub fn decode(blob: &[u8]) -> Result<Geometry<f64>, BlobError> {
    let h = header(blob)?;
    if h.flags & EMPTY_FLAG != 0 {
        return Err(BlobError::Empty);
    }
    let wkb = wkb::reader::read_wkb(&blob[HEADER_LEN + h.envelope_len..])
        .map_err(|e| BlobError::Wkb(e.to_string()))?;
    wkb.try_to_geometry().ok_or(BlobError::Empty)
}

/// `[minx, maxx, miny, maxy]` of a blob: from its envelope when it has one,
/// else from its geometry. `None` for an empty or unreadable blob.
pub fn envelope(blob: &[u8]) -> Option<[f64; 4]> {
    let h = header(blob).ok()?;
    if h.flags & EMPTY_FLAG != 0 {
        return None;
    }
    if h.envelope_len > 0 {
        let mut env = [0.0; 4];
        for (i, v) in env.iter_mut().enumerate() {
            let at = HEADER_LEN + i * 8;
            let bytes: [u8; 8] = blob.get(at..at + 8)?.try_into().ok()?;
            *v = if h.little_endian {
                f64::from_le_bytes(bytes)
            } else {
                f64::from_be_bytes(bytes)
            };
        }
        return Some(env);
    }
    let rect = decode(blob).ok()?.bounding_rect()?;
    Some([rect.min().x, rect.max().x, rect.min().y, rect.max().y])
}

/// Whether a blob holds an empty geometry (or is not a geometry at all).
pub fn is_empty(blob: &[u8]) -> bool {
    envelope(blob).is_none()
}

/// Registers `ST_MinX`, `ST_MaxX`, `ST_MinY`, `ST_MaxY` and `ST_IsEmpty`
/// on a connection: the R-tree triggers of the spec call them, so every
/// connection that writes a feature table needs them (GDAL registers its
/// own).
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    for (name, index) in [
        ("ST_MinX", 0),
        ("ST_MaxX", 1),
        ("ST_MinY", 2),
        ("ST_MaxY", 3),
    ] {
        conn.create_scalar_function(name, 1, flags, move |ctx: &mut Context| {
            Ok(blob_arg(ctx).and_then(|b| envelope(&b)).map(|e| e[index]))
        })?;
    }
    conn.create_scalar_function("ST_IsEmpty", 1, flags, |ctx: &mut Context| {
        Ok(blob_arg(ctx).is_none_or(|b| is_empty(&b)))
    })?;
    Ok(())
}

fn blob_arg(ctx: &Context) -> Option<Vec<u8>> {
    ctx.get::<Option<Vec<u8>>>(0).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, MultiLineString, Point};

    #[test]
    fn a_point_round_trips_with_its_envelope() {
        let havana = Geometry::Point(Point::new(-82.38304, 23.13302));
        let blob = encode(&havana).unwrap();
        assert_eq!(&blob[..4], b"GP\x00\x03");
        assert_eq!(i32::from_le_bytes(blob[4..8].try_into().unwrap()), 4326);
        assert_eq!(decode(&blob).unwrap(), havana);
        assert_eq!(
            envelope(&blob),
            Some([-82.38304, -82.38304, 23.13302, 23.13302])
        );
        assert!(!is_empty(&blob));
    }

    #[test]
    fn a_flow_across_the_antimeridian_round_trips() {
        let flow = Geometry::MultiLineString(MultiLineString::new(vec![
            LineString::from(vec![(170.0, 50.0), (180.0, 52.0)]),
            LineString::from(vec![(-180.0, 52.0), (-160.0, 54.0)]),
        ]));
        let blob = encode(&flow).unwrap();
        assert_eq!(decode(&blob).unwrap(), flow);
        assert_eq!(envelope(&blob), Some([-180.0, 180.0, 50.0, 54.0]));
    }

    #[test]
    fn broken_blobs_are_errors_not_panics() {
        assert_eq!(decode(b"XY").unwrap_err(), BlobError::Short);
        assert_eq!(decode(b"XY\0\x03\0\0\0\0").unwrap_err(), BlobError::Magic);
        let mut blob = encode(&Geometry::Point(Point::new(1.0, 2.0))).unwrap();
        blob.truncate(blob.len() - 3);
        assert!(matches!(decode(&blob), Err(BlobError::Wkb(_))));
        assert!(is_empty(b"GP\0\x13\0\0\0\0"));
    }
}
