//! Geometry for the layers: rounding, great-circle arcs and the antimeridian.

use geo::{Haversine, InterpolatePoint, Point};

/// Coordinates are written with 6 decimals (about 0.1 m): enough for a map,
/// and stable text across runs.
pub fn round6(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    // Avoid "-0.0" in the output.
    if r == 0.0 { 0.0 } else { r }
}

pub fn position(lon: f64, lat: f64) -> [f64; 2] {
    [round6(lon), round6(lat)]
}

/// Spacing of the points along an arc: smooth on a web map, small files.
const STEP_METERS: f64 = 200_000.0;

/// The great-circle arc from `from` to `to` ((lon, lat) in degrees) as one or
/// more lines: the arc is cut where it crosses the antimeridian so that each
/// part stays within [-180, 180] (RFC 7946 §3.1.9).
pub fn great_circle(from: (f64, f64), to: (f64, f64)) -> Vec<Vec<[f64; 2]>> {
    let a = Point::new(from.0, from.1);
    let b = Point::new(to.0, to.1);
    let points: Vec<(f64, f64)> = Haversine
        .points_along_line(a, b, STEP_METERS, true)
        .map(|p| (p.x(), p.y()))
        .collect();
    split_antimeridian(&points)
}

/// Splits a line whose consecutive points jump more than 180° in longitude,
/// adding the crossing point on both sides of the antimeridian.
pub fn split_antimeridian(points: &[(f64, f64)]) -> Vec<Vec<[f64; 2]>> {
    let mut parts: Vec<Vec<[f64; 2]>> = Vec::new();
    let mut current: Vec<[f64; 2]> = Vec::new();
    for (i, &(lon, lat)) in points.iter().enumerate() {
        if i > 0 {
            let (plon, plat) = points[i - 1];
            let dlon = lon - plon;
            if dlon.abs() > 180.0 {
                // Unwrap the next longitude next to the previous one, then find
                // where the segment meets ±180.
                let edge = if plon > 0.0 { 180.0 } else { -180.0 };
                let unwrapped = if dlon < 0.0 { lon + 360.0 } else { lon - 360.0 };
                let t = (edge - plon) / (unwrapped - plon);
                let cross_lat = plat + t * (lat - plat);
                current.push(position(edge, cross_lat));
                parts.push(std::mem::take(&mut current));
                current.push(position(-edge, cross_lat));
            }
        }
        current.push(position(lon, lat));
    }
    if current.len() > 1 || (parts.is_empty() && !current.is_empty()) {
        parts.push(current);
    }
    parts.retain(|p| p.len() > 1);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_to_six_decimals() {
        assert_eq!(round6(1.23456789), 1.234568);
        assert_eq!(round6(-0.0000001), 0.0);
    }

    #[test]
    fn arcs_start_and_end_at_their_points() {
        let parts = great_circle((37.6173, 55.7558), (-66.9036, 10.4806));
        assert_eq!(parts.len(), 1);
        let line = &parts[0];
        assert!(line.len() > 10);
        assert_eq!(line[0], position(37.6173, 55.7558));
        assert_eq!(line[line.len() - 1], position(-66.9036, 10.4806));
        // A great circle from Moscow to Caracas bends north of the straight line.
        let middle = line[line.len() / 2];
        assert!(middle[1] > 40.0, "{middle:?}");
    }

    #[test]
    fn pacific_arcs_are_split_at_the_antimeridian() {
        // Vladivostok to Suva crosses 180°.
        let parts = great_circle((131.8855, 43.1155), (178.4419, -18.1416));
        assert_eq!(parts.len(), 1, "this one stays west of 180");
        let parts = great_circle((131.8855, 43.1155), (-77.1181, -12.0566));
        assert_eq!(parts.len(), 2);
        let first_end = parts[0][parts[0].len() - 1];
        let second_start = parts[1][0];
        assert_eq!(first_end[0].abs(), 180.0);
        assert_eq!(second_start[0], -first_end[0]);
        assert_eq!(first_end[1], second_start[1]);
        for p in parts.iter().flatten() {
            assert!((-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]));
        }
    }
}
