//! Projects world-unit paths into a tile's pixels while simplifying them to
//! the tile's resolution, under a per-tile vertex budget.
//!
//! Dropping every point closer than `tolerance` pixels to the last kept one is
//! a radial-distance simplification: O(n), no allocation beyond the output,
//! and at sub-pixel tolerance invisible. The budget caps the vertices a tile
//! may emit in total, so no geometry (however dense) makes a tile slow.

use super::mercator::TileFrame;

/// How many vertices a tile may still emit.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    remaining: usize,
}

impl Budget {
    pub fn new(vertices: usize) -> Budget {
        Budget {
            remaining: vertices,
        }
    }

    pub fn exhausted(&self) -> bool {
        self.remaining == 0
    }
}

/// Writes `points` (world units) into `out` as pixels of `frame`, skipping
/// points within `tolerance` px of the previous kept one. The last point is
/// always kept so rings stay closed and lines reach their ends. Stops early
/// (returning false) when the budget runs out.
pub fn to_pixels(
    points: &[[f64; 2]],
    frame: &TileFrame,
    tolerance: f64,
    budget: &mut Budget,
    out: &mut Vec<[f64; 2]>,
) -> bool {
    out.clear();
    let tol2 = tolerance * tolerance;
    let k = frame.pixels_per_world();
    let span = frame.span();
    let (ox, oy) = (f64::from(frame.x) * span, f64::from(frame.y) * span);
    let last = points.len().saturating_sub(1);
    for (i, p) in points.iter().enumerate() {
        let q = [(p[0] - ox) * k, (p[1] - oy) * k];
        if let Some(prev) = out.last() {
            let (dx, dy) = (q[0] - prev[0], q[1] - prev[1]);
            if dx * dx + dy * dy < tol2 && i != last {
                continue;
            }
        }
        if budget.remaining == 0 {
            return false;
        }
        budget.remaining -= 1;
        out.push(q);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> TileFrame {
        TileFrame {
            z: 0,
            x: 0,
            y: 0,
            size: 256.0,
        }
    }

    #[test]
    fn drops_close_points_keeps_ends() {
        let pts: Vec<[f64; 2]> = (0..=100).map(|i| [f64::from(i) * 1e-4, 0.5]).collect();
        let mut out = Vec::new();
        let mut budget = Budget::new(1000);
        assert!(to_pixels(&pts, &frame(), 0.5, &mut budget, &mut out));
        // 100 steps of 0.0256 px: one kept every 20 steps, plus both ends.
        assert!(out.len() <= 8, "{}", out.len());
        assert_eq!(out.first(), Some(&[0.0, 128.0]));
        let end = out.last().copied().unwrap_or_default();
        assert!((end[0] - 2.56).abs() < 1e-9);
    }

    #[test]
    fn budget_stops_work() {
        let pts: Vec<[f64; 2]> = (0..1000).map(|i| [f64::from(i) / 1000.0, 0.5]).collect();
        let mut out = Vec::new();
        let mut budget = Budget::new(10);
        assert!(!to_pixels(&pts, &frame(), 0.0, &mut budget, &mut out));
        assert_eq!(out.len(), 10);
        assert!(budget.exhausted());
    }
}
