//! Geometry in tile units: clipping to the buffered tile, simplification
//! with a tolerance of one tile unit, rounding to the integer grid.
//!
//! Everything here works on `[f64; 2]` tile coordinates (0..EXTENT across
//! the tile, `y` down) and is written for the shapes MVT needs: a polygon
//! ring clipped by Sutherland–Hodgman stays one ring (with edges along the
//! buffer border where it left the tile, as in every MVT tiler), a line is
//! cut into the pieces that lie inside.

/// A position in tile units (before rounding).
pub type Pt = [f64; 2];
/// A position on the tile's integer grid.
pub type Grid = [i32; 2];

/// An axis-aligned clip box.
#[derive(Debug, Clone, Copy)]
pub struct ClipBox {
    pub min: Pt,
    pub max: Pt,
}

impl ClipBox {
    /// The same range on both axes (the buffered tile in tile units).
    pub const fn square(min: f64, max: f64) -> ClipBox {
        ClipBox {
            min: [min, min],
            max: [max, max],
        }
    }

    fn inside(self, p: Pt, edge: usize) -> bool {
        match edge {
            0 => p[0] >= self.min[0],
            1 => p[0] <= self.max[0],
            2 => p[1] >= self.min[1],
            _ => p[1] <= self.max[1],
        }
    }

    /// Where segment `a`–`b` crosses the line of `edge`.
    fn cross(self, a: Pt, b: Pt, edge: usize) -> Pt {
        let (axis, v) = match edge {
            0 => (0, self.min[0]),
            1 => (0, self.max[0]),
            2 => (1, self.min[1]),
            _ => (1, self.max[1]),
        };
        let t = (v - a[axis]) / (b[axis] - a[axis]);
        let mut p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
        p[axis] = v;
        p
    }

    pub fn contains(self, p: Pt) -> bool {
        (0..4).all(|e| self.inside(p, e))
    }
}

/// The bounding box of some points (`None` when there are none).
fn bounds(pts: impl Iterator<Item = Pt>) -> Option<(Pt, Pt)> {
    pts.fold(None, |acc, p| {
        let (lo, hi) = acc.unwrap_or((p, p));
        Some((
            [lo[0].min(p[0]), lo[1].min(p[1])],
            [hi[0].max(p[0]), hi[1].max(p[1])],
        ))
    })
}

/// Which edges of the box cut into a set with these bounds, or `None`
/// when the set lies wholly outside.
fn edges_to_clip(b: ClipBox, (lo, hi): (Pt, Pt)) -> Option<[bool; 4]> {
    if hi[0] < b.min[0] || hi[1] < b.min[1] || lo[0] > b.max[0] || lo[1] > b.max[1] {
        return None;
    }
    Some([
        lo[0] < b.min[0],
        hi[0] > b.max[0],
        lo[1] < b.min[1],
        hi[1] > b.max[1],
    ])
}

/// Clips a ring to the box (Sutherland–Hodgman, one pass per edge the ring
/// crosses). Takes an iterator so that a caller can clip positions it
/// converts on the fly, without a copy of a long ring first.
pub fn clip_ring<I: Iterator<Item = Pt> + Clone>(ring: I, b: ClipBox) -> Vec<Pt> {
    let Some(edges) = bounds(ring.clone()).and_then(|bb| edges_to_clip(b, bb)) else {
        return Vec::new();
    };
    let mut out: Vec<Pt> = Vec::new();
    let mut first = true;
    for (edge, cut) in edges.into_iter().enumerate() {
        if !cut {
            continue;
        }
        if first {
            clip_pass(ring.clone(), b, edge, &mut out);
            first = false;
        } else {
            let input = std::mem::take(&mut out);
            clip_pass(input.iter().copied(), b, edge, &mut out);
        }
    }
    if first {
        // Inside on every side.
        out.extend(ring);
    }
    out
}

fn clip_pass<I: Iterator<Item = Pt> + Clone>(ring: I, b: ClipBox, edge: usize, out: &mut Vec<Pt>) {
    let Some(mut prev) = ring.clone().last() else {
        return;
    };
    for cur in ring {
        match (b.inside(prev, edge), b.inside(cur, edge)) {
            (true, true) => out.push(cur),
            (true, false) => out.push(b.cross(prev, cur, edge)),
            (false, true) => {
                out.push(b.cross(prev, cur, edge));
                out.push(cur);
            }
            (false, false) => {}
        }
        prev = cur;
    }
}

/// Clips a line to the box: the pieces inside, in order.
pub fn clip_line<I: Iterator<Item = Pt> + Clone>(line: I, b: ClipBox) -> Vec<Vec<Pt>> {
    let Some(edges) = bounds(line.clone()).and_then(|bb| edges_to_clip(b, bb)) else {
        return Vec::new();
    };
    if edges == [false; 4] {
        let whole: Vec<Pt> = line.collect();
        return if whole.len() >= 2 {
            vec![whole]
        } else {
            Vec::new()
        };
    }
    let mut pieces = Vec::new();
    let mut current: Vec<Pt> = Vec::new();
    let mut prev: Option<Pt> = None;
    for cur in line {
        let Some(a) = prev.replace(cur) else { continue };
        match clip_segment(a, cur, b) {
            Some((p, q)) => {
                if current.last() != Some(&p) {
                    if current.len() >= 2 {
                        pieces.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(p);
                }
                current.push(q);
            }
            None => {
                if current.len() >= 2 {
                    pieces.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() >= 2 {
        pieces.push(current);
    }
    pieces
}

/// Liang–Barsky: the part of segment `a`–`b` inside the box.
fn clip_segment(a: Pt, b: Pt, bx: ClipBox) -> Option<(Pt, Pt)> {
    let d = [b[0] - a[0], b[1] - a[1]];
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-d[0], a[0] - bx.min[0]),
        (d[0], bx.max[0] - a[0]),
        (-d[1], a[1] - bx.min[1]),
        (d[1], bx.max[1] - a[1]),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| [a[0] + t * d[0], a[1] + t * d[1]];
    Some((
        if t0 == 0.0 { a } else { at(t0) },
        if t1 == 1.0 { b } else { at(t1) },
    ))
}

/// Douglas–Peucker with tolerance `tol`: the first and last points always
/// stay, so a line never loses its ends.
pub fn simplify(pts: &[Pt], tol: f64) -> Vec<Pt> {
    if pts.len() <= 2 || tol <= 0.0 {
        return pts.to_vec();
    }
    let mut keep = vec![false; pts.len()];
    keep[0] = true;
    keep[pts.len() - 1] = true;
    let mut stack = vec![(0usize, pts.len() - 1)];
    let tol2 = tol * tol;
    while let Some((first, last)) = stack.pop() {
        let mut far = (0.0, 0usize);
        for i in first + 1..last {
            let d = segment_distance2(pts[i], pts[first], pts[last]);
            if d > far.0 {
                far = (d, i);
            }
        }
        if far.0 > tol2 {
            keep[far.1] = true;
            stack.push((first, far.1));
            stack.push((far.1, last));
        }
    }
    pts.iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(p, _)| *p)
        .collect()
}

fn segment_distance2(p: Pt, a: Pt, b: Pt) -> f64 {
    let d = [b[0] - a[0], b[1] - a[1]];
    let len2 = d[0] * d[0] + d[1] * d[1];
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * d[0] + (p[1] - a[1]) * d[1]) / len2).clamp(0.0, 1.0)
    };
    let q = [a[0] + t * d[0], a[1] + t * d[1]];
    (p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)
}

/// Simplifies a closed ring. Douglas–Peucker needs two fixed ends: the
/// ring is split at its first point and at the point farthest from it.
pub fn simplify_ring(ring: &[Pt], tol: f64) -> Vec<Pt> {
    if ring.len() <= 4 || tol <= 0.0 {
        return ring.to_vec();
    }
    let first = ring[0];
    let far = (1..ring.len())
        .max_by(|&i, &j| dist2(ring[i], first).total_cmp(&dist2(ring[j], first)))
        .unwrap_or(0);
    let mut a = simplify(&ring[..=far], tol);
    let mut tail: Vec<Pt> = ring[far..].to_vec();
    tail.push(first);
    let b = simplify(&tail, tol);
    a.pop();
    a.extend_from_slice(&b[..b.len().saturating_sub(1)]);
    a
}

fn dist2(a: Pt, b: Pt) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

/// Rounds to the integer grid, dropping repeated consecutive positions.
pub fn quantize(pts: &[Pt]) -> Vec<Grid> {
    let mut out: Vec<Grid> = Vec::with_capacity(pts.len());
    for p in pts {
        let g = [p[0].round() as i32, p[1].round() as i32];
        if out.last() != Some(&g) {
            out.push(g);
        }
    }
    out
}

/// The signed area of a ring (shoelace; positive is counter-clockwise
/// with `y` up).
pub fn ring_area(ring: &[Pt]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum::<f64>()
        / 2.0
}

/// Twice the signed area of a ring on the grid (positive is clockwise on
/// screen, with `y` down).
pub fn ring_area2(ring: &[Grid]) -> i64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            i64::from(a[0]) * i64::from(b[1]) - i64::from(b[0]) * i64::from(a[1])
        })
        .sum()
}

/// A ring on the grid, closing point removed; `None` when rounding left
/// no area (fewer than three corners, or all on one line).
pub fn grid_ring(ring: &[Pt]) -> Option<Vec<Grid>> {
    let mut g = quantize(ring);
    while g.len() >= 2 && g.first() == g.last() {
        g.pop();
    }
    (g.len() >= 3 && ring_area2(&g) != 0).then_some(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: ClipBox = ClipBox::square(-64.0, 4160.0);

    #[test]
    fn ring_is_clipped_to_the_buffer() {
        let ring = [
            [-1000.0, -1000.0],
            [100.0, -1000.0],
            [100.0, 100.0],
            [-1000.0, 100.0],
        ];
        let out = clip_ring(ring.into_iter(), B);
        assert!(out.iter().all(|p| B.contains(*p)));
        let g = grid_ring(&out).unwrap_or_default();
        // The part inside: a 164 × 164 square.
        assert_eq!(ring_area2(&g).abs(), 2 * 164 * 164);
        assert!(
            clip_ring(
                [[5000.0, 5000.0], [6000.0, 5000.0], [6000.0, 6000.0]].into_iter(),
                B
            )
            .is_empty()
        );
    }

    #[test]
    fn keeping_only_near_positions_changes_no_clip() {
        use crate::tiles::near::keep_near;
        // Random walks that wander in and out of the box, on every side.
        let mut rng = fastrand::Rng::with_seed(7);
        let mut next = move || f64::from(rng.i32(-500..500));
        let wide = ClipBox::square(-2000.0, 6000.0);
        for _ in 0..200 {
            let mut p = [next() * 8.0, next() * 8.0];
            let walk: Vec<Pt> = (0..300)
                .map(|_| {
                    p = [p[0] + next(), p[1] + next()];
                    p
                })
                .collect();
            for near in [B, wide] {
                let kept = keep_near(walk.iter().copied(), near);
                assert!(kept.len() <= walk.len());
                // The same region: the same area, and no position the whole
                // ring's clip does not have (the whole ring may add edges of
                // no area along the border where it ran around outside).
                let (a, b) = (
                    clip_ring(kept.iter().copied(), B),
                    clip_ring(walk.iter().copied(), B),
                );
                assert!((ring_area(&a) - ring_area(&b)).abs() < 1e-6);
                assert!(a.iter().all(|p| b.contains(p)));
                assert_eq!(
                    clip_line(kept.iter().copied(), B),
                    clip_line(walk.iter().copied(), B)
                );
            }
        }
        let far = [
            [5000.0, 0.0],
            [5100.0, 10.0],
            [5200.0, 20.0],
            [5300.0, 30.0],
        ];
        assert_eq!(
            keep_near(far.into_iter(), B),
            vec![[5000.0, 0.0], [5300.0, 30.0]]
        );
    }

    #[test]
    fn line_is_cut_into_pieces_inside() {
        let line = [
            [-100.0, 0.0],
            [100.0, 0.0],
            [100.0, 5000.0],
            [200.0, 5000.0],
            [200.0, 10.0],
        ];
        let pieces = clip_line(line.into_iter(), B);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0][0], [-64.0, 0.0]);
        assert_eq!(pieces[0].last(), Some(&[100.0, 4160.0]));
        assert_eq!(pieces[1], vec![[200.0, 4160.0], [200.0, 10.0]]);
        assert!(clip_line([[-500.0, -500.0], [-400.0, -400.0]].into_iter(), B).is_empty());
    }

    #[test]
    fn simplification_keeps_ends_and_shape() {
        let line: Vec<Pt> = (0..=100)
            .map(|i| [f64::from(i), 0.2 * f64::from(i % 2)])
            .collect();
        assert_eq!(simplify(&line, 1.0), vec![[0.0, 0.0], [100.0, 0.0]]);
        let zig = [[0.0, 0.0], [50.0, 40.0], [100.0, 0.0]];
        assert_eq!(simplify(&zig, 1.0).len(), 3);
        let ring: Vec<Pt> = (0..64)
            .map(|i| {
                let a = f64::from(i) / 64.0 * std::f64::consts::TAU;
                [1000.0 + 500.0 * a.cos(), 1000.0 + 500.0 * a.sin()]
            })
            .collect();
        let s = simplify_ring(&ring, 1.0);
        assert!(s.len() > 8 && s.len() <= 64, "{}", s.len());
        assert!(grid_ring(&s).is_some());
    }

    #[test]
    fn rings_below_resolution_are_reported() {
        assert!(grid_ring(&[[0.1, 0.1], [0.2, 0.1], [0.2, 0.2]]).is_none());
        assert!(grid_ring(&[[0.0, 0.0], [5.0, 0.0], [10.0, 0.0]]).is_none());
        assert!(grid_ring(&[[0.0, 0.0], [5.0, 0.0], [5.0, 5.0]]).is_some());
    }

    #[test]
    fn area_sign_follows_screen_winding() {
        // Clockwise on screen (y down): right, down, left.
        assert!(ring_area2(&[[0, 0], [10, 0], [10, 10], [0, 10]]) > 0);
        assert!(ring_area2(&[[0, 0], [0, 10], [10, 10], [10, 0]]) < 0);
    }
}
