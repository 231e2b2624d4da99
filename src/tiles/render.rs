//! Cutting one layer's part of one tile and encoding it as an MVT layer.
//!
//! 1. The layer's R-tree gives the features whose envelope meets the
//!    buffered tile (never a scan of the layer).
//! 2. Their geometry is projected to tile units, clipped to the buffered
//!    tile, simplified with a tolerance of one tile unit (so the tolerance
//!    follows the zoom's resolution) and rounded.
//! 3. Below [`DETAIL_ZOOM`], points are thinned on a grid (see
//!    [`CELL`]), one point per cell and category, so that no category of a
//!    layer (its `event_type`, say) ever drops out of a tile that has it; in
//!    cluster mode the dropped points are folded into the kept one of their
//!    cell and category, which moves to their mean and carries
//!    `point_count`: per-category counts, one cluster per category.
//! 4. `fast-mvt` writes the layer; polygon rings are wound as MVT wants
//!    (exterior clockwise on screen) by the encoder.

use fast_mvt::{MvtCoord, MvtGeomType, MvtLayerBuilder, MvtValueRef};
use serde_json::Value;

use geo::{Coord, Geometry as G};

use crate::layers::{Bbox, Geometry};

use super::TileError;
use super::clip::{
    ClipBox, Grid, Pt, clip_line, clip_ring, grid_ring, quantize, simplify, simplify_ring,
};
use super::cover::covers_tile;
use super::grid::{BUFFER, EXTENT, TileId, to_world};
use super::near::{Chunks, near_positions};
use super::source::TileSource;

/// The zoom from which every point is kept: the `maxzoom` of the TileJSON
/// (clients overzoom beyond it, although deeper tiles are served too).
pub const DETAIL_ZOOM: u8 = 14;
/// Side of a thinning cell in tile units: below [`DETAIL_ZOOM`] a tile keeps
/// at most one point per 64 × 64 cell and category (at most 66 × 66 = 4356
/// points per category with the buffer), the first in layer order. Put important features first (the
/// benchmark's cities are sorted by population) — the same drop rule as
/// tippecanoe's `--drop-densest-as-needed` with a fixed grid.
pub const CELL: i32 = 64;
/// Simplification tolerance in tile units.
const TOLERANCE: f64 = 1.0;
const CELLS: usize = ((EXTENT + 2 * BUFFER) / CELL as u32 + 1) as usize;

/// Why features of a tile were left out.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Dropped {
    /// Points dropped by the grid rule (or folded into a cluster).
    pub thinned: u64,
    /// Lines and polygons that reach into the tile but round to nothing at
    /// this zoom (a polygon smaller than one tile unit).
    pub too_small: u64,
}

impl Dropped {
    pub fn add(&mut self, other: Dropped) {
        self.thinned += other.thinned;
        self.too_small += other.too_small;
    }
}

/// One encoded MVT layer (a framed chunk: chunks concatenate into a tile).
#[derive(Debug, Default)]
pub struct LayerTile {
    pub bytes: Vec<u8>,
    pub features: usize,
    pub dropped: Dropped,
    /// One polygon covers the whole buffered tile and nothing else is in
    /// it: every tile below holds the same (see `cover.rs`).
    pub covers: bool,
}

/// A feature's geometry on the tile grid.
#[derive(Debug, Default)]
struct Parts {
    points: Vec<Grid>,
    lines: Vec<Vec<Grid>>,
    polygons: Vec<Vec<Vec<Grid>>>,
    /// A ring reached the tile but rounded to nothing: a deeper tile may
    /// show it.
    lost_ring: bool,
}

impl Parts {
    fn is_empty(&self) -> bool {
        self.points.is_empty() && self.lines.is_empty() && self.polygons.is_empty()
    }
}

/// Projects longitude/latitude to the tile's units.
#[derive(Debug, Clone, Copy)]
struct Frame {
    n: f64,
    x: f64,
    y: f64,
    /// Twice the buffered tile, in longitude/latitude (see [`super::near::keep_near`]).
    near: ClipBox,
}

impl Frame {
    fn of(tile: TileId) -> Frame {
        let [w, s, e, n] = tile.lonlat_box(2 * BUFFER);
        Frame {
            n: tile.scale(),
            x: f64::from(tile.x),
            y: f64::from(tile.y),
            near: ClipBox {
                min: [w, s],
                max: [e, n],
            },
        }
    }

    fn to_tile(self, lon: f64, lat: f64) -> Pt {
        let w = to_world(lon, lat);
        let e = f64::from(EXTENT);
        [(w[0] * self.n - self.x) * e, (w[1] * self.n - self.y) * e]
    }

    fn coord(self, c: &Coord) -> Pt {
        self.to_tile(c.x, c.y)
    }

    /// A ring cut to the buffered tile, in tile units. Only the positions
    /// [`super::near::keep_near`] keeps are projected: a coastline of Russia has 100,000.
    fn cut_ring(self, ring: &[Coord], chunks: &Chunks) -> Vec<Pt> {
        let near = near_positions(ring, chunks, self.near);
        clip_ring(near.iter().map(|p| self.to_tile(p[0], p[1])), CLIP)
    }

    /// A line cut to the buffered tile, in pieces, in tile units.
    fn cut_line(self, line: &[Coord], chunks: &Chunks) -> Vec<Vec<Pt>> {
        let near = near_positions(line, chunks, self.near);
        clip_line(near.iter().map(|p| self.to_tile(p[0], p[1])), CLIP)
    }
}

const CLIP: ClipBox = ClipBox::square(-(BUFFER as f64), (EXTENT + BUFFER) as f64);

/// A kept point: its feature, the sum of the positions folded into it.
struct KeptPoint {
    index: u32,
    sum: Pt,
    count: u64,
}

/// Renders `src`'s layer of `tile`.
pub fn render(src: &TileSource, tile: TileId, cluster: bool) -> Result<LayerTile, TileError> {
    let [w, s, e, n] = tile.lonlat_box(BUFFER);
    let bbox = Bbox::new(w, s, e, n).map_err(TileError::Encode)?;
    let frame = Frame::of(tile);
    let thin = tile.z < DETAIL_ZOOM;
    let mut dropped = Dropped::default();
    let mut kept: Vec<KeptPoint> = Vec::new();
    let categories = src.categories.as_ref();
    // The kept point of each cell (layers without categories), or of each
    // cell and category.
    let mut cells = vec![
        u32::MAX;
        if thin && categories.is_none() {
            CELLS * CELLS
        } else {
            0
        }
    ];
    let mut cells_by_category: ahash::AHashMap<(u32, u16), u32> = Default::default();
    let mut shapes: Vec<(u32, Parts)> = Vec::new();
    for i in src.layer.bbox(&bbox) {
        match src.geometry(i as usize) {
            Geometry::Null => {}
            Geometry::Point([lon, lat]) => {
                let p = frame.to_tile(*lon, *lat);
                if !CLIP.contains(p) {
                    continue;
                }
                if thin {
                    let cell = cell_of(p);
                    let slot = match categories {
                        None => &mut cells[cell],
                        Some(c) => cells_by_category
                            .entry((cell as u32, c.of(i as usize)))
                            .or_insert(u32::MAX),
                    };
                    if let Some(k) = kept.get_mut(*slot as usize) {
                        dropped.thinned += 1;
                        k.sum = [k.sum[0] + p[0], k.sum[1] + p[1]];
                        k.count += 1;
                        continue;
                    }
                    *slot = kept.len() as u32;
                }
                kept.push(KeptPoint {
                    index: i,
                    sum: p,
                    count: 1,
                });
            }
            Geometry::Other(shape) => {
                let mut parts = Parts::default();
                let mut touched = false;
                add_parts(shape, frame, &src.chunks, &mut parts, &mut touched);
                if !parts.is_empty() {
                    shapes.push((i, parts));
                } else if touched {
                    dropped.too_small += 1;
                }
            }
        }
    }
    let mut features: Vec<(u32, Parts, u64)> = shapes.into_iter().map(|(i, p)| (i, p, 1)).collect();
    features.extend(kept.into_iter().map(|k| {
        // Without cluster mode the kept point stays where it is.
        let at = if cluster {
            let c = k.count as f64;
            [k.sum[0] / c, k.sum[1] / c]
        } else {
            match src.geometry(k.index as usize) {
                Geometry::Point([lon, lat]) => frame.to_tile(*lon, *lat),
                _ => k.sum,
            }
        };
        let parts = Parts {
            points: quantize(&[at]),
            ..Parts::default()
        };
        (k.index, parts, k.count)
    }));
    features.sort_unstable_by_key(|f| f.0);
    let covers = match features.as_slice() {
        [(_, parts, _)] => {
            dropped == Dropped::default()
                && !parts.lost_ring
                && parts.points.is_empty()
                && parts.lines.is_empty()
                && covers_tile(&parts.polygons)
        }
        _ => false,
    };
    let mut out = encode(src, &features, cluster, dropped)?;
    out.covers = covers;
    Ok(out)
}

fn cell_of(p: Pt) -> usize {
    let b = BUFFER as f64;
    let cx = (((p[0] + b) as i32) / CELL).clamp(0, CELLS as i32 - 1) as usize;
    let cy = (((p[1] + b) as i32) / CELL).clamp(0, CELLS as i32 - 1) as usize;
    cy * CELLS + cx
}

/// Adds a geometry's parts on the tile grid; `touched` tells whether any
/// line or polygon reached the tile (even if it rounded to nothing).
fn add_parts(
    g: &geo::Geometry<f64>,
    frame: Frame,
    chunks: &Chunks,
    parts: &mut Parts,
    touched: &mut bool,
) {
    match g {
        G::Point(p) => add_point(&p.0, frame, parts),
        G::MultiPoint(m) => m.iter().for_each(|p| add_point(&p.0, frame, parts)),
        G::Line(l) => add_line(&[l.start, l.end], frame, chunks, parts, touched),
        G::LineString(l) => add_line(&l.0, frame, chunks, parts, touched),
        G::MultiLineString(m) => m
            .iter()
            .for_each(|l| add_line(&l.0, frame, chunks, parts, touched)),
        G::Polygon(p) => add_polygon(p, frame, chunks, parts, touched),
        G::MultiPolygon(m) => m
            .iter()
            .for_each(|p| add_polygon(p, frame, chunks, parts, touched)),
        G::Rect(r) => add_polygon(&r.to_polygon(), frame, chunks, parts, touched),
        G::Triangle(t) => add_polygon(&t.to_polygon(), frame, chunks, parts, touched),
        G::GeometryCollection(c) => c
            .iter()
            .for_each(|g| add_parts(g, frame, chunks, parts, touched)),
    }
}

fn add_point(c: &Coord, frame: Frame, parts: &mut Parts) {
    let p = frame.coord(c);
    if CLIP.contains(p) {
        parts.points.extend(quantize(&[p]));
    }
}

fn add_line(
    coords: &[Coord],
    frame: Frame,
    chunks: &Chunks,
    parts: &mut Parts,
    touched: &mut bool,
) {
    for piece in frame.cut_line(coords, chunks) {
        *touched = true;
        let g = quantize(&simplify(&piece, TOLERANCE));
        if g.len() >= 2 {
            parts.lines.push(g);
        }
    }
}

fn add_polygon(
    polygon: &geo::Polygon<f64>,
    frame: Frame,
    chunks: &Chunks,
    parts: &mut Parts,
    touched: &mut bool,
) {
    let exterior = frame.cut_ring(&polygon.exterior().0, chunks);
    if exterior.is_empty() {
        return;
    }
    *touched = true;
    let Some(exterior) = grid_ring(&simplify_ring(&exterior, TOLERANCE)) else {
        parts.lost_ring = true;
        return;
    };
    let mut out = vec![exterior];
    for r in polygon.interiors() {
        let ring = frame.cut_ring(&r.0, chunks);
        if ring.is_empty() {
            continue;
        }
        match grid_ring(&simplify_ring(&ring, TOLERANCE)) {
            Some(g) => out.push(g),
            None => parts.lost_ring = true,
        }
    }
    parts.polygons.push(out);
}

/// Writes the features as one MVT layer named after the source.
fn encode(
    src: &TileSource,
    features: &[(u32, Parts, u64)],
    cluster: bool,
    dropped: Dropped,
) -> Result<LayerTile, TileError> {
    if features.is_empty() {
        return Ok(LayerTile {
            dropped,
            ..LayerTile::default()
        });
    }
    let mut builder = MvtLayerBuilder::new(src.id()).map_err(enc)?;
    let mut written = 0;
    for (index, parts, count) in features {
        let i = *index as usize;
        let attrs = Attributes::of(src, i);
        let point_count = cluster.then_some(*count);
        for (kind, present) in [
            (MvtGeomType::Point, !parts.points.is_empty()),
            (MvtGeomType::LineString, !parts.lines.is_empty()),
            (MvtGeomType::Polygon, !parts.polygons.is_empty()),
        ] {
            if present {
                builder = write_feature(builder, kind, parts, &attrs, point_count)?;
                written += 1;
            }
        }
    }
    Ok(LayerTile {
        bytes: builder.encode(),
        features: written,
        dropped,
        covers: false,
    })
}

fn enc(e: fast_mvt::MvtError) -> TileError {
    TileError::Encode(e.to_string())
}

fn coords(g: &[Grid]) -> impl Iterator<Item = MvtCoord> + '_ {
    g.iter().map(|p| MvtCoord { x: p[0], y: p[1] })
}

fn write_feature(
    builder: MvtLayerBuilder,
    kind: MvtGeomType,
    parts: &Parts,
    attrs: &Attributes,
    point_count: Option<u64>,
) -> Result<MvtLayerBuilder, TileError> {
    let mut f = builder.feature_of(kind);
    match kind {
        MvtGeomType::Point => {
            f.points(coords(&parts.points)).map_err(enc)?;
        }
        MvtGeomType::LineString => {
            for line in &parts.lines {
                f.line(coords(line)).map_err(enc)?;
            }
        }
        MvtGeomType::Polygon => {
            for polygon in &parts.polygons {
                for (k, ring) in polygon.iter().enumerate() {
                    f.ring(coords(ring), k == 0).map_err(enc)?;
                }
            }
        }
    }
    f.id(attrs.id);
    for (key, value) in &attrs.values {
        if let Some(v) = value_ref(value) {
            f.tag_ref(key, v).map_err(enc)?;
        } else if matches!(value, Value::Array(_) | Value::Object(_)) {
            // MVT values are scalars: nested values travel as JSON text.
            f.tag_ref(key, MvtValueRef::String(&value.to_string()))
                .map_err(enc)?;
        }
    }
    if let Some(id) = &attrs.string_id {
        f.tag_ref("id", MvtValueRef::String(id)).map_err(enc)?;
    }
    if let Some(n) = point_count {
        f.tag_ref("point_count", MvtValueRef::UInt(n))
            .map_err(enc)?;
    }
    Ok(f.end())
}

/// The typed MVT value of a scalar JSON value (`None` for null and for
/// arrays/objects).
fn value_ref(v: &Value) -> Option<MvtValueRef<'_>> {
    match v {
        Value::String(s) => Some(MvtValueRef::String(s)),
        Value::Bool(b) => Some(MvtValueRef::Bool(*b)),
        Value::Number(n) => Some(if let Some(u) = n.as_u64() {
            MvtValueRef::UInt(u)
        } else if let Some(i) = n.as_i64() {
            MvtValueRef::SInt(i)
        } else {
            MvtValueRef::Double(n.as_f64().unwrap_or(f64::NAN))
        }),
        _ => None,
    }
}

/// A feature's id and properties as they go into the tile.
struct Attributes {
    /// A non-negative integer GeoJSON id becomes the MVT feature id.
    id: Option<u64>,
    /// Any other id is kept as an `id` attribute (unless one exists).
    string_id: Option<String>,
    values: Vec<(String, Value)>,
}

impl Attributes {
    fn of(src: &TileSource, i: usize) -> Attributes {
        let layer = &src.layer;
        let values: Vec<(String, Value)> = serde_json::from_str::<
            Option<serde_json::Map<String, Value>>,
        >(layer.properties_json(i))
        .ok()
        .flatten()
        .map(|m| m.into_iter().collect())
        .unwrap_or_default();
        let raw_id = layer.id_json(i);
        let id = raw_id.parse::<u64>().ok();
        let string_id =
            (id.is_none() && !values.iter().any(|(k, _)| k == "id")).then(|| layer.id_text(i));
        Attributes {
            id,
            string_id,
            values,
        }
    }
}
