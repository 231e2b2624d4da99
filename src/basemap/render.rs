//! Draws one tile: sea, land, highlighted countries, coastlines, borders and
//! labels, in that order, anti-aliased with tiny-skia.

use tiny_skia::{FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, Transform};

use super::clip::{Rect, clip_line, clip_ring};
use super::data::{Layer, LineKind};
use super::douglas_peucker;
use super::labels::{Box2, LabelKind, Placed};
use super::mercator::TileFrame;
use super::simplify::{Budget, to_pixels};
use super::style::{Rgba, Stroke as StrokeStyle, Style};

/// Geometry within this many pixels outside the tile is still drawn, so
/// strokes and anti-aliased edges at the border match the neighbour tile.
const MARGIN: f64 = 4.0;
/// Vertices closer than this (device pixels) to the previous one are dropped.
const TOLERANCE: f64 = 0.5;
/// Then vertices within this distance of the line through their kept
/// neighbours (Douglas–Peucker); below half a pixel it is invisible.
const DP_TOLERANCE: f64 = 0.3;
/// The most vertices one tile may emit; bounds the work for any geometry.
pub const VERTEX_BUDGET: usize = 150_000;

/// Everything one tile render needs.
pub struct TileJob<'a> {
    pub frame: TileFrame,
    /// 1 or 2: multiplies line widths, font sizes and dots.
    pub scale: f32,
    pub style: &'a Style,
    pub layer: &'a Layer,
    /// Per country of `layer`: drawn highlighted?
    pub highlighted: &'a [bool],
    /// Labels placed for this zoom (empty below the style's label zoom).
    pub labels: &'a [Placed],
}

pub fn render(job: &TileJob) -> Option<Pixmap> {
    let side = job.frame.size as u32;
    let mut pixmap = Pixmap::new(side, side)?;
    pixmap.fill(job.style.sea.color.to_skia());
    let mut budget = Budget::new(VERTEX_BUDGET);
    draw_land(&mut pixmap, job, &mut budget);
    for (kind, stroke) in [
        (LineKind::Coast, &job.style.coast),
        (LineKind::Border, &job.style.borders),
    ] {
        if stroke.enabled {
            draw_lines(&mut pixmap, job, kind, stroke, &mut budget);
        }
    }
    if budget.exhausted() {
        tracing::warn!(frame = ?job.frame, "basemap tile hit its vertex budget");
    }
    draw_labels(&mut pixmap, job);
    Some(pixmap)
}

fn paint(color: Rgba) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(color.to_skia());
    paint.anti_alias = true;
    paint
}

fn clip_rect(frame: &TileFrame) -> Rect {
    Rect {
        min: [-MARGIN, -MARGIN],
        max: [frame.size + MARGIN, frame.size + MARGIN],
    }
}

/// Land as one path (so shared edges between countries leave no
/// anti-aliasing seam), then the highlighted countries over it.
fn draw_land(pixmap: &mut Pixmap, job: &TileJob, budget: &mut Budget) {
    let (min, max) = job.frame.world_bounds(MARGIN);
    let rect = clip_rect(&job.frame);
    let mut land = PathBuilder::new();
    let mut highlight = PathBuilder::new();
    let (mut pixels, mut scratch) = (Vec::new(), Vec::new());
    let mut rings: Vec<usize> = job.layer.rings_in(min, max).collect();
    // The R-tree's order is an implementation detail; sort for stable output.
    rings.sort_unstable();
    for i in rings {
        let ring = &job.layer.rings[i];
        if !to_pixels(&ring.points, &job.frame, TOLERANCE, budget, &mut pixels) {
            break;
        }
        // Clip first: a continent's ring is mostly outside a high-zoom tile.
        let mut clipped = clip_ring(&pixels, &rect, &mut scratch);
        douglas_peucker::simplify(&mut clipped, DP_TOLERANCE);
        add_polyline(&mut land, &clipped, true);
        if job.highlighted.get(ring.country).copied().unwrap_or(false) {
            add_polyline(&mut highlight, &clipped, true);
        }
    }
    let t = Transform::identity();
    if let Some(path) = land.finish() {
        pixmap.fill_path(
            &path,
            &paint(job.style.land.color),
            FillRule::Winding,
            t,
            None,
        );
    }
    if job.style.highlight.enabled
        && let Some(path) = highlight.finish()
    {
        let fill = paint(job.style.highlight.fill);
        pixmap.fill_path(&path, &fill, FillRule::Winding, t, None);
    }
}

fn draw_lines(
    pixmap: &mut Pixmap,
    job: &TileJob,
    kind: LineKind,
    style: &StrokeStyle,
    budget: &mut Budget,
) {
    let (min, max) = job.frame.world_bounds(MARGIN);
    let rect = clip_rect(&job.frame);
    let mut builder = PathBuilder::new();
    let mut pixels = Vec::new();
    let mut pieces: Vec<usize> = job
        .layer
        .lines_in(min, max)
        .filter(|&i| job.layer.lines[i].kind == kind)
        .collect();
    // Sorted, a line's chunks come in order and each starts where the last
    // ended, so they join into one sub-path (no caps or seams at the joints).
    pieces.sort_unstable();
    let mut end: Option<[f64; 2]> = None;
    for i in pieces {
        let points = &job.layer.lines[i].points;
        if !to_pixels(points, &job.frame, TOLERANCE, budget, &mut pixels) {
            break;
        }
        // Line pieces are short (64 points), so simplifying before the clip
        // costs little and keeps clipped pieces joined end to end.
        douglas_peucker::simplify(&mut pixels, DP_TOLERANCE);
        clip_line(&pixels, &rect, |piece| {
            if end.is_some() && piece.first() == end.as_ref() {
                for p in &piece[1..] {
                    builder.line_to(p[0] as f32, p[1] as f32);
                }
            } else {
                add_polyline(&mut builder, piece, false);
            }
            end = piece.last().copied();
        });
    }
    let Some(path) = builder.finish() else { return };
    let stroke = Stroke {
        width: style.width_at(job.frame.z) * job.scale,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        ..Stroke::default()
    };
    pixmap.stroke_path(
        &path,
        &paint(style.color),
        &stroke,
        Transform::identity(),
        None,
    );
}

fn add_polyline(builder: &mut PathBuilder, points: &[[f64; 2]], close: bool) {
    let Some((first, rest)) = points.split_first() else {
        return;
    };
    builder.move_to(first[0] as f32, first[1] as f32);
    for p in rest {
        builder.line_to(p[0] as f32, p[1] as f32);
    }
    if close {
        builder.close();
    }
}

/// Draws the placed labels that touch this tile, in level-pixel coordinates
/// shifted to the tile and scaled to its device pixels.
fn draw_labels(pixmap: &mut Pixmap, job: &TileJob) {
    let labels = &job.style.labels;
    if !labels.enabled || job.labels.is_empty() {
        return;
    }
    let f = &job.frame;
    let (ox, oy) = (f64::from(f.x) * 256.0, f64::from(f.y) * 256.0);
    let halo = f64::from(labels.halo_width);
    let tile = Box2 {
        min: [ox - halo, oy - halo],
        max: [ox + 256.0 + halo, oy + 256.0 + halo],
    };
    let s = job.scale;
    let shift = |p: [f64; 2]| (((p[0] - ox) as f32) * s, ((p[1] - oy) as f32) * s);
    for label in job.labels.iter().filter(|l| l.bounds.intersects(&tile)) {
        let (dx, dy) = shift(label.dot);
        draw_dot(pixmap, job, label.kind, dx, dy);
        let (tx, ty) = shift(label.origin);
        let t = Transform::from_row(s, 0.0, 0.0, s, tx, ty);
        if let Some(halo) = &label.halo {
            pixmap.fill_path(halo, &paint(labels.halo), FillRule::Winding, t, None);
        }
        let color = match label.kind {
            LabelKind::Place => labels.place_color,
            LabelKind::Capital => labels.color,
        };
        pixmap.fill_path(&label.text, &paint(color), FillRule::Winding, t, None);
    }
}

fn draw_dot(pixmap: &mut Pixmap, job: &TileJob, kind: LabelKind, x: f32, y: f32) {
    let labels = &job.style.labels;
    let r = kind.dot_radius() as f32 * job.scale;
    let Some(circle) = PathBuilder::from_circle(x, y, r) else {
        return;
    };
    let color = match kind {
        LabelKind::Place => labels.place_dot,
        LabelKind::Capital => labels.capital_dot,
    };
    let t = Transform::identity();
    pixmap.fill_path(&circle, &paint(color), FillRule::Winding, t, None);
    let ring = Stroke {
        width: job.scale,
        ..Stroke::default()
    };
    pixmap.stroke_path(&circle, &paint(labels.halo), &ring, t, None);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basemap::data::{CountryInfo, Line, Ring};
    use crate::basemap::style::{BUILTIN_STYLES, Style};

    /// A pathological country: a ring of a million vertices zigzagging
    /// across the tile, each step far above the simplification tolerance.
    fn zigzag_layer() -> Layer {
        let points: Vec<[f64; 2]> = (0..1_000_000)
            .map(|i| {
                [
                    0.1 + 0.8 * f64::from(i) / 1e6,
                    if i % 2 == 0 { 0.2 } else { 0.8 },
                ]
            })
            .chain(std::iter::once([0.1, 0.2]))
            .collect();
        let country = CountryInfo {
            name: "Zigzag".into(),
            iso_a2: "ZZ".into(),
            iso_a3: "ZZZ".into(),
        };
        let line = Line {
            kind: LineKind::Coast,
            points: points.clone(),
        };
        Layer::from_parts(vec![country], vec![Ring { country: 0, points }], vec![line])
    }

    #[test]
    fn pathological_geometry_stops_at_the_vertex_budget() {
        let style = Style::parse("light", BUILTIN_STYLES[0].1).expect("style");
        let layer = zigzag_layer();
        let job = TileJob {
            frame: TileFrame {
                z: 0,
                x: 0,
                y: 0,
                size: 256.0,
            },
            scale: 1.0,
            style: &style,
            layer: &layer,
            highlighted: &[true],
            labels: &[],
        };
        let mut pixmap = Pixmap::new(256, 256).expect("pixmap");
        let mut budget = Budget::new(VERTEX_BUDGET);
        draw_land(&mut pixmap, &job, &mut budget);
        assert!(budget.exhausted());
        assert!(render(&job).is_some());
    }
}
