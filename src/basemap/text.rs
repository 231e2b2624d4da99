//! Turns label text into vector outlines with the shipped DejaVu Sans
//! Condensed font (`geodata/basemap/fonts/`, Bitstream Vera licence), so
//! tiny-skia fills glyphs with the same anti-aliasing as the map.

use ab_glyph::{Font as _, FontRef, OutlineCurve, Point};
use tiny_skia::{Path, PathBuilder};

use super::error::BasemapError;

const FONT_BYTES: &[u8] = include_bytes!("../../geodata/basemap/fonts/DejaVuSansCondensed.ttf");

/// Text outlines ready to fill: baseline at y = 0, pen starting at x = 0.
pub struct Shaped {
    pub path: Path,
    pub width: f32,
    /// Distance above and below the baseline (both positive), in pixels.
    pub ascent: f32,
    pub descent: f32,
}

/// The label font.
pub struct Font {
    font: FontRef<'static>,
    units_per_em: f32,
}

impl Font {
    pub fn builtin() -> Result<Font, BasemapError> {
        let font =
            FontRef::try_from_slice(FONT_BYTES).map_err(|e| BasemapError::Font(e.to_string()))?;
        let units_per_em = font.units_per_em().unwrap_or(2048.0);
        Ok(Font { font, units_per_em })
    }

    /// Lays out one line of text at `size` pixels per em, with kerning.
    /// Returns `None` for text without any visible glyph.
    pub fn shape(&self, text: &str, size: f32) -> Option<Shaped> {
        let k = size / self.units_per_em;
        let mut builder = PathBuilder::new();
        let mut pen = 0.0f32;
        let mut previous = None;
        for c in text.chars() {
            let id = self.font.glyph_id(c);
            if let Some(prev) = previous {
                pen += self.font.kern_unscaled(prev, id) * k;
            }
            if let Some(outline) = self.font.outline(id) {
                add_outline(&mut builder, &outline.curves, pen, k);
            }
            pen += self.font.h_advance_unscaled(id) * k;
            previous = Some(id);
        }
        Some(Shaped {
            path: builder.finish()?,
            width: pen,
            ascent: self.font.ascent_unscaled() * k,
            descent: -self.font.descent_unscaled() * k,
        })
    }
}

/// Appends a glyph's curves; a curve that does not start where the last one
/// ended begins a new contour (ab_glyph flattens contours into one list).
fn add_outline(builder: &mut PathBuilder, curves: &[OutlineCurve], pen: f32, k: f32) {
    // Font units are y-up; pixels are y-down.
    let map = |p: &Point| (pen + p.x * k, -p.y * k);
    let mut last: Option<Point> = None;
    for curve in curves {
        let start = match curve {
            OutlineCurve::Line(a, _)
            | OutlineCurve::Quad(a, _, _)
            | OutlineCurve::Cubic(a, _, _, _) => *a,
        };
        if last != Some(start) {
            if last.is_some() {
                builder.close();
            }
            let (x, y) = map(&start);
            builder.move_to(x, y);
        }
        last = Some(match curve {
            OutlineCurve::Line(_, b) => {
                let (x, y) = map(b);
                builder.line_to(x, y);
                *b
            }
            OutlineCurve::Quad(_, c, b) => {
                let ((cx, cy), (x, y)) = (map(c), map(b));
                builder.quad_to(cx, cy, x, y);
                *b
            }
            OutlineCurve::Cubic(_, c1, c2, b) => {
                let ((ax, ay), (bx, by), (x, y)) = (map(c1), map(c2), map(b));
                builder.cubic_to(ax, ay, bx, by, x, y);
                *b
            }
        });
    }
    if last.is_some() {
        builder.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_text_with_sensible_metrics() {
        let font = Font::builtin().expect("font");
        let shaped = font.shape("Havana", 12.0).expect("glyphs");
        assert!(
            shaped.width > 25.0 && shaped.width < 50.0,
            "{}",
            shaped.width
        );
        let b = shaped.path.bounds();
        assert!(b.top() < -6.0 && b.bottom() <= 0.5, "{b:?}");
        assert!(shaped.ascent > 8.0 && shaped.descent > 1.0);
    }

    #[test]
    fn blank_text_has_no_path() {
        let font = Font::builtin().expect("font");
        assert!(font.shape("   ", 12.0).is_none());
    }
}
