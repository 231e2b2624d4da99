//! The positions of a path that matter near a tile, found before anything
//! is projected or clipped, and the per-run boxes of long paths that let
//! the search step over whole runs.
//!
//! A tile of a large country cuts the same rings again and again: a
//! coastline of Russia has 100,000 positions, and most tiles that meet its
//! box lie far from most of them. [`keep_near`] already drops every run of
//! positions beyond one side of the tile; it still looked at each one, and
//! profiled on the benchmark's z11–z14 countries tiles it was a quarter of
//! the CPU time of building them. [`Chunks`] holds, for each long path of a
//! layer, the bounding box of every run of [`CHUNK`] positions, made once
//! when the layer is prepared; [`keep_near_chunked`] takes a whole run in
//! one step when its box lies beyond a side the current run of far
//! positions is beyond too — exactly what [`keep_near`] would have done one
//! position at a time, so the output is the same.

use geo::Coord;

use super::clip::{ClipBox, Pt};

/// Positions per run whose box is kept.
pub const CHUNK: usize = 32;

/// Paths shorter than this get no boxes: walking them is as fast.
const MIN_LEN: usize = CHUNK;

/// The sides of `b` that `p` lies beyond, one bit each.
fn outside(p: Pt, b: ClipBox) -> u8 {
    u8::from(p[0] < b.min[0])
        | u8::from(p[0] > b.max[0]) << 1
        | u8::from(p[1] < b.min[1]) << 2
        | u8::from(p[1] > b.max[1]) << 3
}

/// The sides of `b` that every position inside `run` lies beyond: the same
/// bits as the AND of [`outside`] over those positions.
fn run_outside(run: ClipBox, b: ClipBox) -> u8 {
    u8::from(run.max[0] < b.min[0])
        | u8::from(run.min[0] > b.max[0]) << 1
        | u8::from(run.max[1] < b.min[1]) << 2
        | u8::from(run.min[1] > b.max[1]) << 3
}

/// The walk of [`keep_near`]: the kept positions, and the current run of
/// far positions (the sides all of it is beyond, and its last position
/// when it has more than one; its first is in `out`).
struct Near {
    b: ClipBox,
    out: Vec<Pt>,
    sides: u8,
    last: Option<Pt>,
}

impl Near {
    fn new(b: ClipBox) -> Near {
        Near {
            b,
            out: Vec::new(),
            sides: 0,
            last: None,
        }
    }

    fn push(&mut self, p: Pt) {
        let beyond = outside(p, self.b);
        if self.sides & beyond != 0 {
            self.sides &= beyond;
            self.last = Some(p);
            return;
        }
        self.out.extend(self.last.take());
        self.out.push(p);
        self.sides = beyond;
    }

    /// Takes a run of positions that are all beyond `beyond` (and that is
    /// all they share) and ends at `end`, if the current far run goes on
    /// through it; pushing its positions one by one would do the same.
    fn join(&mut self, beyond: u8, end: Pt) -> bool {
        if self.sides & beyond == 0 {
            return false;
        }
        self.sides &= beyond;
        self.last = Some(end);
        true
    }

    fn finish(mut self) -> Vec<Pt> {
        self.out.extend(self.last);
        self.out
    }
}

/// The positions of a path that matter inside the box: of every run of
/// consecutive positions outside one and the same side of the box, only the
/// first and the last stay. The dropped ones and the straight edge that now
/// joins the two kept ones all lie beyond that side, so the part of the
/// path (or of the polygon a ring bounds) inside the box is exactly the
/// same, whatever the projection, as long as it keeps sides (Web Mercator
/// maps a longitude/latitude box to a box). No position is moved, so the
/// exact clip that follows gives the same result it gives on the whole
/// path.
pub fn keep_near(path: impl Iterator<Item = Pt>, b: ClipBox) -> Vec<Pt> {
    let mut near = Near::new(b);
    path.for_each(|p| near.push(p));
    near.finish()
}

/// [`keep_near`] of `path`, stepping over the runs of [`CHUNK`] positions
/// whose box (`boxes`, one a run, from [`Chunks`]) shows them to continue
/// the current far run.
pub fn keep_near_chunked(path: &[Coord], boxes: &[ClipBox], b: ClipBox) -> Vec<Pt> {
    // A whole path beyond one side (an island far from the tile) keeps its
    // first and last positions, as the walk would.
    if boxes
        .iter()
        .fold(0xf, |all, run| all & run_outside(*run, b))
        != 0
    {
        return match (path.first(), path.last()) {
            (Some(a), Some(z)) if path.len() > 1 => vec![[a.x, a.y], [z.x, z.y]],
            (Some(a), _) => vec![[a.x, a.y]],
            _ => Vec::new(),
        };
    }
    let mut near = Near::new(b);
    for (run, bounds) in path.chunks(CHUNK).zip(boxes) {
        let beyond = run_outside(*bounds, b);
        if let Some(end) = run.last()
            && beyond != 0
            && near.join(beyond, [end.x, end.y])
        {
            continue;
        }
        run.iter().for_each(|c| near.push([c.x, c.y]));
    }
    near.finish()
}

/// [`keep_near`] of a path, with its run boxes when `chunks` has them.
pub fn near_positions(path: &[Coord], chunks: &Chunks, b: ClipBox) -> Vec<Pt> {
    match chunks.of(path) {
        Some(boxes) => keep_near_chunked(path, boxes, b),
        None => keep_near(path.iter().map(|c| [c.x, c.y]), b),
    }
}

/// The run boxes of every long path (ring or line) of a layer.
///
/// Keyed by the address of the path's first position: the layer's
/// geometries never change while a tile source holds them (a changed layer
/// is a new source), and the address names a path without a walk over the
/// geometry's structure. The address is only compared, never followed.
#[derive(Debug, Default)]
pub struct Chunks {
    by_start: ahash::AHashMap<usize, Box<[ClipBox]>>,
}

impl Chunks {
    /// The boxes of every path of `geometries` of at least `MIN_LEN`
    /// positions (one byte of boxes per position, about a sixteenth of the
    /// positions' own size).
    pub fn of_geometries<'a>(geometries: impl Iterator<Item = &'a geo::Geometry<f64>>) -> Chunks {
        let mut chunks = Chunks::default();
        for g in geometries {
            chunks.add(g);
        }
        chunks.by_start.shrink_to_fit();
        chunks
    }

    fn add(&mut self, g: &geo::Geometry<f64>) {
        use geo::Geometry as G;
        match g {
            G::LineString(l) => self.add_path(&l.0),
            G::MultiLineString(m) => m.iter().for_each(|l| self.add_path(&l.0)),
            G::Polygon(p) => self.add_polygon(p),
            G::MultiPolygon(m) => m.iter().for_each(|p| self.add_polygon(p)),
            G::GeometryCollection(c) => c.iter().for_each(|g| self.add(g)),
            G::Point(_) | G::MultiPoint(_) | G::Line(_) | G::Rect(_) | G::Triangle(_) => {}
        }
    }

    fn add_polygon(&mut self, p: &geo::Polygon<f64>) {
        self.add_path(&p.exterior().0);
        p.interiors().iter().for_each(|r| self.add_path(&r.0));
    }

    fn add_path(&mut self, path: &[Coord]) {
        if path.len() < MIN_LEN {
            return;
        }
        let boxes = path
            .chunks(CHUNK)
            .map(|run| {
                let mut b = ClipBox {
                    min: [f64::INFINITY; 2],
                    max: [f64::NEG_INFINITY; 2],
                };
                for c in run {
                    b.min = [b.min[0].min(c.x), b.min[1].min(c.y)];
                    b.max = [b.max[0].max(c.x), b.max[1].max(c.y)];
                }
                b
            })
            .collect();
        self.by_start.insert(path.as_ptr() as usize, boxes);
    }

    /// The run boxes of `path`, if it is one of the layer's long paths.
    pub fn of(&self, path: &[Coord]) -> Option<&[ClipBox]> {
        if path.len() < MIN_LEN {
            return None;
        }
        self.by_start
            .get(&(path.as_ptr() as usize))
            .map(|b| &**b)
            .filter(|b| b.len() == path.len().div_ceil(CHUNK))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random walks with long stretches far outside the box on every side,
    /// as coastlines far from a tile are.
    fn walk(rng: &mut fastrand::Rng, len: usize) -> Vec<Coord> {
        let mut p = [0.0f64, 0.0];
        let mut step = [1.0f64, 0.0];
        (0..len)
            .map(|_| {
                if rng.u8(..) < 8 {
                    step = [f64::from(rng.i8(..)) / 4.0, f64::from(rng.i8(..)) / 4.0];
                }
                p = [
                    p[0] + step[0] + rng.f64() - 0.5,
                    p[1] + step[1] + rng.f64() - 0.5,
                ];
                Coord { x: p[0], y: p[1] }
            })
            .collect()
    }

    #[test]
    fn stepping_over_runs_keeps_exactly_what_the_walk_keeps() {
        let mut rng = fastrand::Rng::with_seed(11);
        let mut stepped = 0;
        for _ in 0..300 {
            let len = rng.usize(MIN_LEN..3000);
            let path = walk(&mut rng, len);
            let geometry = geo::Geometry::LineString(geo::LineString(path.clone()));
            let chunks = Chunks::of_geometries(std::iter::once(&geometry));
            let geo::Geometry::LineString(held) = &geometry else {
                unreachable!()
            };
            let boxes = chunks.of(&held.0).expect("a long path has boxes");
            let c = [rng.f64() * 200.0 - 100.0, rng.f64() * 200.0 - 100.0];
            let r = rng.f64() * 30.0;
            let b = ClipBox {
                min: [c[0] - r, c[1] - r],
                max: [c[0] + r, c[1] + r],
            };
            let plain = keep_near(path.iter().map(|c| [c.x, c.y]), b);
            assert_eq!(keep_near_chunked(&held.0, boxes, b), plain);
            stepped += usize::from(plain.len() < path.len() / 2);
        }
        // The walks do wander away: most keep far fewer positions.
        assert!(stepped > 150, "{stepped}");
    }

    #[test]
    fn a_path_far_beyond_one_side_keeps_its_ends() {
        let path: Vec<Coord> = (0..100)
            .map(|i| Coord {
                x: 50.0 + f64::from(i % 7),
                y: f64::from(i),
            })
            .collect();
        let geometry = geo::Geometry::LineString(geo::LineString(path.clone()));
        let chunks = Chunks::of_geometries(std::iter::once(&geometry));
        let geo::Geometry::LineString(held) = &geometry else {
            unreachable!()
        };
        let b = ClipBox::square(-10.0, 10.0);
        let kept = near_positions(&held.0, &chunks, b);
        assert_eq!(kept, keep_near(path.iter().map(|c| [c.x, c.y]), b));
        assert_eq!(kept.len(), 2);
    }

    #[test]
    fn short_paths_and_other_paths_have_no_boxes() {
        let short = geo::Geometry::LineString(geo::LineString(vec![Coord { x: 0.0, y: 0.0 }; 10]));
        let chunks = Chunks::of_geometries(std::iter::once(&short));
        let geo::Geometry::LineString(l) = &short else {
            unreachable!()
        };
        assert!(chunks.of(&l.0).is_none());
        let long: Vec<Coord> = (0..MIN_LEN)
            .map(|i| Coord {
                x: i as f64,
                y: 0.0,
            })
            .collect();
        // A copy of a long path is not the path the boxes were made for.
        assert!(chunks.of(&long).is_none());
    }
}
