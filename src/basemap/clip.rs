//! Clipping to a tile's (margin-grown) rectangle before rasterising, so far
//! off-tile vertices never reach the rasteriser and a country that covers the
//! whole tile costs four vertices.
//!
//! Rings use Sutherland–Hodgman (correct for fills: the output is the ring's
//! intersection with the rectangle, edges along the border included); lines
//! use Liang–Barsky per segment and are split where they leave the rectangle.

/// An axis-aligned rectangle in pixels.
#[derive(Debug, Clone, Copy)]
pub struct Rect {
    pub min: [f64; 2],
    pub max: [f64; 2],
}

impl Rect {
    fn contains(&self, p: [f64; 2]) -> bool {
        p[0] >= self.min[0] && p[0] <= self.max[0] && p[1] >= self.min[1] && p[1] <= self.max[1]
    }
}

/// Clips a closed ring; returns an empty vector when nothing is left.
pub fn clip_ring(ring: &[[f64; 2]], rect: &Rect, scratch: &mut Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    if ring.iter().all(|p| rect.contains(*p)) {
        return ring.to_vec();
    }
    let mut out = ring.to_vec();
    // Each pass keeps the side of one edge: (axis, bound, keep-if-greater).
    for (axis, bound, keep_greater) in [
        (0, rect.min[0], true),
        (0, rect.max[0], false),
        (1, rect.min[1], true),
        (1, rect.max[1], false),
    ] {
        std::mem::swap(&mut out, scratch);
        out.clear();
        clip_pass(scratch, axis, bound, keep_greater, &mut out);
        if out.len() < 3 {
            return Vec::new();
        }
    }
    out
}

fn clip_pass(
    input: &[[f64; 2]],
    axis: usize,
    bound: f64,
    keep_greater: bool,
    out: &mut Vec<[f64; 2]>,
) {
    let inside = |p: &[f64; 2]| {
        if keep_greater {
            p[axis] >= bound
        } else {
            p[axis] <= bound
        }
    };
    let Some(mut prev) = input.last().copied() else {
        return;
    };
    for &cur in input {
        let (pin, cin) = (inside(&prev), inside(&cur));
        if cin != pin {
            let t = (bound - prev[axis]) / (cur[axis] - prev[axis]);
            out.push([
                prev[0] + (cur[0] - prev[0]) * t,
                prev[1] + (cur[1] - prev[1]) * t,
            ]);
        }
        if cin {
            out.push(cur);
        }
        prev = cur;
    }
}

/// Clips a polyline, calling `emit` with each piece inside the rectangle.
pub fn clip_line(line: &[[f64; 2]], rect: &Rect, mut emit: impl FnMut(&[[f64; 2]])) {
    let mut piece: Vec<[f64; 2]> = Vec::new();
    for seg in line.windows(2) {
        match clip_segment(seg[0], seg[1], rect) {
            Some((a, b)) => {
                if piece.last() != Some(&a) {
                    flush(&mut piece, &mut emit);
                    piece.push(a);
                }
                piece.push(b);
            }
            None => flush(&mut piece, &mut emit),
        }
    }
    flush(&mut piece, &mut emit);
}

fn flush(piece: &mut Vec<[f64; 2]>, emit: &mut impl FnMut(&[[f64; 2]])) {
    if piece.len() >= 2 {
        emit(piece);
    }
    piece.clear();
}

/// Liang–Barsky: the part of segment a→b inside the rectangle, if any.
fn clip_segment(a: [f64; 2], b: [f64; 2], rect: &Rect) -> Option<([f64; 2], [f64; 2])> {
    let d = [b[0] - a[0], b[1] - a[1]];
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for axis in 0..2 {
        for (p, q) in [
            (-d[axis], a[axis] - rect.min[axis]),
            (d[axis], rect.max[axis] - a[axis]),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| [a[0] + d[0] * t, a[1] + d[1] * t];
    // Keep exact endpoints when not clipped, so consecutive pieces join.
    let start = if t0 == 0.0 { a } else { at(t0) };
    let end = if t1 == 1.0 { b } else { at(t1) };
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: Rect = Rect {
        min: [0.0, 0.0],
        max: [10.0, 10.0],
    };

    use crate::tiles::clip::ring_area as area;

    #[test]
    fn ring_covering_the_tile_becomes_the_tile() {
        let big = [
            [-100.0, -100.0],
            [100.0, -100.0],
            [100.0, 100.0],
            [-100.0, 100.0],
        ];
        let out = clip_ring(&big, &R, &mut Vec::new());
        assert!((area(&out) - 100.0).abs() < 1e-9, "{out:?}");
    }

    #[test]
    fn ring_outside_is_empty_and_inside_is_kept() {
        let away = [[20.0, 20.0], [30.0, 20.0], [30.0, 30.0]];
        assert!(clip_ring(&away, &R, &mut Vec::new()).is_empty());
        let inner = [[1.0, 1.0], [2.0, 1.0], [2.0, 2.0]];
        assert_eq!(clip_ring(&inner, &R, &mut Vec::new()), inner.to_vec());
    }

    #[test]
    fn half_overlap_keeps_half_area_and_winding() {
        let ring = [[5.0, 2.0], [15.0, 2.0], [15.0, 4.0], [5.0, 4.0]];
        let out = clip_ring(&ring, &R, &mut Vec::new());
        assert!((area(&out) - 10.0).abs() < 1e-9);
        let rev: Vec<_> = ring.iter().rev().copied().collect();
        assert!((area(&clip_ring(&rev, &R, &mut Vec::new())) + 10.0).abs() < 1e-9);
    }

    #[test]
    fn line_leaving_and_reentering_splits() {
        let line = [[1.0, 5.0], [20.0, 5.0], [20.0, 8.0], [1.0, 8.0]];
        let mut pieces = Vec::new();
        clip_line(&line, &R, |p| pieces.push(p.to_vec()));
        assert_eq!(
            pieces,
            vec![vec![[1.0, 5.0], [10.0, 5.0]], vec![[10.0, 8.0], [1.0, 8.0]]]
        );
    }

    #[test]
    fn line_outside_emits_nothing() {
        let mut n = 0;
        clip_line(&[[-5.0, -5.0], [-1.0, 20.0]], &R, |_| n += 1);
        assert_eq!(n, 0);
    }
}
