//! Label placement without overlaps.
//!
//! Placement runs once per (style, zoom) over the whole world in "level
//! pixels" (256 × 2^z across), greedily in priority order with collision
//! boxes: each label tries right, left, above and below its dot. Because the
//! result is global, neighbouring tiles agree on every label and a label that
//! straddles a tile edge is drawn half in each, never cut off or doubled.

use tiny_skia::{LineJoin, Path, Stroke};

use super::style::Labels;
use super::text::Font;

/// Extra space kept free around every box, in CSS pixels.
const PAD: f64 = 2.0;
/// Gap between dot and text.
const GAP: f64 = 3.0;

/// What a label marks; places (from events) outrank capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LabelKind {
    Place,
    Capital,
}

impl LabelKind {
    /// Dot radius in CSS pixels.
    pub fn dot_radius(self) -> f64 {
        match self {
            LabelKind::Place => 3.5,
            LabelKind::Capital => 2.5,
        }
    }
}

/// A label to place: text at a world-unit point. Lower `rank` wins first.
#[derive(Debug, Clone)]
pub struct LabelSpec {
    pub text: String,
    pub world: [f64; 2],
    pub kind: LabelKind,
    pub rank: u64,
}

/// An axis-aligned box in level pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Box2 {
    pub min: [f64; 2],
    pub max: [f64; 2],
}

impl Box2 {
    fn around(c: [f64; 2], r: f64) -> Box2 {
        Box2 {
            min: [c[0] - r, c[1] - r],
            max: [c[0] + r, c[1] + r],
        }
    }

    fn grow(self, d: f64) -> Box2 {
        Box2 {
            min: [self.min[0] - d, self.min[1] - d],
            max: [self.max[0] + d, self.max[1] + d],
        }
    }

    pub fn intersects(&self, o: &Box2) -> bool {
        self.min[0] < o.max[0]
            && o.min[0] < self.max[0]
            && self.min[1] < o.max[1]
            && o.min[1] < self.max[1]
    }

    fn union(self, o: Box2) -> Box2 {
        Box2 {
            min: [self.min[0].min(o.min[0]), self.min[1].min(o.min[1])],
            max: [self.max[0].max(o.max[0]), self.max[1].max(o.max[1])],
        }
    }
}

/// A placed label in level pixels; `text` and `halo` are in CSS pixels
/// relative to `origin`.
pub struct Placed {
    pub kind: LabelKind,
    pub dot: [f64; 2],
    pub origin: [f64; 2],
    pub text: Path,
    /// The text's halo, stroked once here: filling it per tile is several
    /// times cheaper than stroking glyph curves in every tile.
    pub halo: Option<Path>,
    /// Dot and text together, for culling per tile.
    pub bounds: Box2,
}

/// Places `specs` (any order) at zoom `z`; returns the labels that fit.
pub fn place(specs: &[LabelSpec], z: u8, style: &Labels, font: &Font) -> Vec<Placed> {
    let level = 256.0 * f64::from(1u32 << z);
    let mut order: Vec<&LabelSpec> = specs.iter().collect();
    order.sort_by(|a, b| (a.kind, a.rank, &a.text).cmp(&(b.kind, b.rank, &b.text)));
    let mut taken: Vec<Box2> = Vec::new();
    let mut placed = Vec::new();
    for spec in order {
        let dot = [spec.world[0] * level, spec.world[1] * level];
        let size = match spec.kind {
            LabelKind::Place => style.place_size,
            LabelKind::Capital => style.capital_size,
        };
        let Some(shaped) = font.shape(&spec.text, size) else {
            continue;
        };
        let r = spec.kind.dot_radius();
        let dot_box = Box2::around(dot, r + 1.0);
        if collides(&taken, &dot_box) {
            continue;
        }
        let (w, a, d) = (
            f64::from(shaped.width),
            f64::from(shaped.ascent),
            f64::from(shaped.descent),
        );
        let found = candidates(dot, r, w, a, d).into_iter().find_map(|origin| {
            let text_box = Box2 {
                min: [origin[0], origin[1] - a],
                max: [origin[0] + w, origin[1] + d],
            };
            (!collides(&taken, &text_box)).then_some((origin, text_box))
        });
        let Some((origin, text_box)) = found else {
            continue;
        };
        taken.push(dot_box);
        taken.push(text_box);
        placed.push(Placed {
            kind: spec.kind,
            dot,
            origin,
            halo: halo(&shaped.path, style.halo_width),
            text: shaped.path,
            bounds: dot_box.union(text_box),
        });
    }
    placed
}

/// The halo outline; resolution scale 2 keeps its curves smooth on @2x.
fn halo(text: &Path, width: f32) -> Option<Path> {
    let stroke = Stroke {
        width,
        line_join: LineJoin::Round,
        ..Stroke::default()
    };
    text.stroke(&stroke, 2.0)
}

fn collides(taken: &[Box2], b: &Box2) -> bool {
    let b = b.grow(PAD);
    taken.iter().any(|t| t.intersects(&b))
}

/// Text origins (baseline-left) to try, in order of preference.
fn candidates(dot: [f64; 2], r: f64, w: f64, ascent: f64, descent: f64) -> [[f64; 2]; 4] {
    // Baseline that centres the text's box on the dot vertically.
    let mid = dot[1] + (ascent - descent) / 2.0;
    [
        [dot[0] + r + GAP, mid],
        [dot[0] - r - GAP - w, mid],
        [dot[0] - w / 2.0, dot[1] - r - GAP - descent],
        [dot[0] - w / 2.0, dot[1] + r + GAP + ascent],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basemap::style::{BUILTIN_STYLES, Style};

    fn spec(text: &str, world: [f64; 2], kind: LabelKind, rank: u64) -> LabelSpec {
        LabelSpec {
            text: text.into(),
            world,
            kind,
            rank,
        }
    }

    fn run(specs: &[LabelSpec], z: u8) -> Vec<Placed> {
        let style = Style::parse("light", BUILTIN_STYLES[0].1).expect("style");
        place(specs, z, &style.labels, &Font::builtin().expect("font"))
    }

    #[test]
    fn placed_labels_never_overlap() {
        // A dense cluster: many labels a few pixels apart at z4.
        let specs: Vec<LabelSpec> = (0..40)
            .map(|i| {
                let d = f64::from(i) * 2e-4;
                spec(
                    &format!("City {i}"),
                    [0.3 + d, 0.4 + d / 2.0],
                    LabelKind::Capital,
                    i as u64,
                )
            })
            .collect();
        let placed = run(&specs, 4);
        assert!(!placed.is_empty() && placed.len() < specs.len());
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                assert!(!a.bounds.intersects(&b.bounds));
            }
        }
    }

    #[test]
    fn places_win_over_capitals_and_first_choice_is_right() {
        let p = [0.5, 0.5];
        let specs = vec![
            spec("Capital", p, LabelKind::Capital, 0),
            spec("Port", p, LabelKind::Place, 9),
        ];
        let placed = run(&specs, 6);
        assert_eq!(placed.len(), 1);
        assert_eq!(placed[0].kind, LabelKind::Place);
        assert!(placed[0].origin[0] > placed[0].dot[0]);
    }

    #[test]
    fn far_apart_labels_all_fit() {
        let specs = vec![
            spec("A", [0.1, 0.1], LabelKind::Capital, 1),
            spec("B", [0.9, 0.9], LabelKind::Capital, 2),
        ];
        assert_eq!(run(&specs, 4).len(), 2);
    }
}
