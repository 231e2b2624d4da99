//! Douglas–Peucker line simplification on pixel coordinates.
//!
//! Runs after the radial pre-pass in `simplify.rs`: the radial pass removes
//! clusters of sub-pixel points cheaply, this one removes points that lie
//! within `tolerance` of the straight line through their neighbours, which
//! the rasteriser would otherwise pay for edge by edge (most of the cost of
//! a world tile). Iterative, so long rings cannot overflow the stack.

/// Simplifies `points` in place, keeping the first and last point.
pub fn simplify(points: &mut Vec<[f64; 2]>, tolerance: f64) {
    let n = points.len();
    if n < 3 {
        return;
    }
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let tol2 = tolerance * tolerance;
    let mut stack = vec![(0usize, n - 1)];
    while let Some((a, b)) = stack.pop() {
        let (mut far, mut far_d2) = (0, 0.0);
        for i in a + 1..b {
            let d2 = segment_distance2(points[i], points[a], points[b]);
            if d2 > far_d2 {
                (far, far_d2) = (i, d2);
            }
        }
        if far_d2 > tol2 {
            keep[far] = true;
            stack.push((a, far));
            stack.push((far, b));
        }
    }
    let mut i = 0;
    points.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// Squared distance from `p` to the segment `a`–`b` (to `a` if degenerate,
/// as for a closed ring whose ends coincide).
fn segment_distance2(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (ex, ey) = (p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
    ex * ex + ey * ey
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collinear_points_go_corners_stay() {
        let mut line = vec![[0.0, 0.0], [1.0, 0.1], [2.0, 0.0], [3.0, 5.0], [4.0, 10.0]];
        simplify(&mut line, 0.5);
        assert_eq!(line, vec![[0.0, 0.0], [2.0, 0.0], [4.0, 10.0]]);
    }

    #[test]
    fn closed_ring_keeps_its_shape() {
        let mut ring = vec![
            [0.0, 0.0],
            [5.0, 0.0],
            [10.0, 0.0],
            [10.0, 10.0],
            [0.0, 10.0],
            [0.0, 0.0],
        ];
        simplify(&mut ring, 0.5);
        assert_eq!(
            ring,
            vec![
                [0.0, 0.0],
                [10.0, 0.0],
                [10.0, 10.0],
                [0.0, 10.0],
                [0.0, 0.0]
            ]
        );
    }

    #[test]
    fn short_input_is_untouched() {
        let mut two = vec![[0.0, 0.0], [1.0, 1.0]];
        simplify(&mut two, 10.0);
        assert_eq!(two.len(), 2);
    }
}
