//! Reference-image tests: render a fixed set of tiles and compare them with
//! the PNGs committed in `tests/reference/` within a small per-pixel
//! tolerance. `MAPWIRE_BLESS=1 cargo test --test basemap_reference` rewrites
//! the references (look at them before committing).

use std::path::PathBuf;

use mapwire::basemap::{Basemap, PlaceLabel, unproject};
use tiny_skia::Pixmap;

/// A channel may differ by this much (anti-aliasing and float rounding
/// differ slightly between CPUs and SIMD paths)...
const CHANNEL_TOLERANCE: u8 = 8;
/// ...and this share of pixels may differ by more.
const MAX_BAD_SHARE: f64 = 0.002;

struct Case {
    file: &'static str,
    z: u32,
    x: u32,
    y: u32,
    scale: u32,
    style: &'static str,
}

const CASES: &[Case] = &[
    Case {
        file: "z0-world",
        z: 0,
        x: 0,
        y: 0,
        scale: 1,
        style: "light",
    },
    Case {
        file: "z3-caribbean",
        z: 3,
        x: 2,
        y: 3,
        scale: 1,
        style: "light",
    },
    Case {
        file: "z3-caribbean-dark@2x",
        z: 3,
        x: 2,
        y: 3,
        scale: 2,
        style: "dark",
    },
    Case {
        file: "z6-havana",
        z: 6,
        x: 17,
        y: 27,
        scale: 1,
        style: "light",
    },
    Case {
        file: "z6-havana-dark",
        z: 6,
        x: 17,
        y: 27,
        scale: 1,
        style: "dark",
    },
    Case {
        file: "z10-caracas",
        z: 10,
        x: 321,
        y: 481,
        scale: 1,
        style: "light",
    },
];

/// The map the server would show for the built-in corpus: Russia and its
/// partners highlighted, and two event places, put inside the Havana and
/// Caracas tiles by tile geometry (fractions of the tile), not typed
/// coordinates.
fn basemap() -> Basemap {
    let mut basemap = Basemap::new().expect("basemap");
    basemap.highlight(["RU", "CU", "VE", "NI"]);
    let place = |name: &str, z: u32, x: f64, y: f64| {
        let n = f64::from(1u32 << z);
        let (lon, lat) = unproject([x / n, y / n]);
        PlaceLabel {
            name: name.into(),
            lon,
            lat,
        }
    };
    basemap.set_places(vec![
        place("Naval visit", 6, 17.3, 27.55),
        place("Port call", 10, 321.3, 481.4),
    ]);
    basemap
}

fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference")
}

/// Share of pixels whose largest channel difference exceeds the tolerance.
fn bad_share(a: &Pixmap, b: &Pixmap) -> f64 {
    let bad = a
        .data()
        .chunks_exact(4)
        .zip(b.data().chunks_exact(4))
        .filter(|(p, q)| {
            p.iter()
                .zip(q.iter())
                .any(|(x, y)| x.abs_diff(*y) > CHANNEL_TOLERANCE)
        })
        .count();
    bad as f64 / (a.width() * a.height()) as f64
}

#[test]
fn tiles_match_reference_images() {
    let basemap = basemap();
    let bless = std::env::var("MAPWIRE_BLESS").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    for case in CASES {
        let png = basemap
            .render(case.z, case.x, case.y, case.scale, case.style)
            .expect("render");
        let path = reference_dir().join(format!("{}.png", case.file));
        if bless {
            std::fs::write(&path, &png).expect("write reference");
            continue;
        }
        let actual = Pixmap::decode_png(&png).expect("decode actual");
        let expected = match Pixmap::load_png(&path) {
            Ok(pixmap) => pixmap,
            Err(e) => {
                failures.push(format!(
                    "{}: {e} (MAPWIRE_BLESS=1 creates it)",
                    path.display()
                ));
                continue;
            }
        };
        assert_eq!(
            (actual.width(), actual.height()),
            (expected.width(), expected.height()),
            "{}",
            case.file
        );
        let share = bad_share(&actual, &expected);
        if share > MAX_BAD_SHARE {
            let out = std::env::temp_dir().join(format!("mapwire-{}.actual.png", case.file));
            std::fs::write(&out, &png).expect("write actual");
            failures.push(format!(
                "{}: {:.3}% of pixels differ (actual written to {})",
                case.file,
                share * 100.0,
                out.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn tile_sizes_follow_the_scale() {
    let basemap = basemap();
    for (scale, side) in [(1, 256), (2, 512)] {
        let png = basemap.render(2, 1, 1, scale, "light").expect("render");
        let pixmap = Pixmap::decode_png(&png).expect("decode");
        assert_eq!((pixmap.width(), pixmap.height()), (side, side));
    }
}
