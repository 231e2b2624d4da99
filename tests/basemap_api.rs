//! The basemap's public API as the server uses it: bad input is a typed
//! client error, styles are validated at start-up, tiles are cached with
//! ETags, and highlights and labels change what is drawn.

use mapwire::basemap::{
    BUILTIN_STYLES, Basemap, BasemapError, MAX_ZOOM, PlaceLabel, StyleError, etag_matches,
    unproject,
};

fn basemap() -> Basemap {
    Basemap::new().expect("basemap")
}

#[test]
fn zoom_out_of_range_is_a_client_error() {
    let err = basemap().render(u32::from(MAX_ZOOM) + 1, 0, 0, 1, "light");
    let err = err.expect_err("z too large");
    assert!(
        matches!(err, BasemapError::ZoomOutOfRange { z: 15, .. }),
        "{err}"
    );
    assert!(err.is_client_error());
}

#[test]
fn tile_out_of_range_is_a_client_error() {
    let b = basemap();
    for (z, x, y) in [(0, 1, 0), (0, 0, 1), (3, 8, 0), (3, 0, 8), (5, u32::MAX, 0)] {
        let err = b.render(z, x, y, 1, "light").expect_err("out of range");
        assert!(matches!(err, BasemapError::TileOutOfRange { .. }), "{err}");
        assert!(err.is_client_error());
    }
    assert!(b.render(3, 7, 7, 1, "light").is_ok());
}

#[test]
fn unknown_style_is_a_client_error_listing_known_ones() {
    let err = basemap().render(0, 0, 0, 1, "sepia").expect_err("unknown");
    assert!(err.is_client_error());
    let msg = err.to_string();
    assert!(
        msg.contains("sepia") && msg.contains("light") && msg.contains("dark"),
        "{msg}"
    );
}

#[test]
fn scale_three_and_zero_are_client_errors() {
    let b = basemap();
    for scale in [0, 3] {
        let err = b.render(0, 0, 0, scale, "light").expect_err("bad scale");
        assert!(matches!(err, BasemapError::UnsupportedScale(s) if s == scale));
        assert!(err.is_client_error());
    }
}

#[test]
fn corrupt_style_is_a_start_up_error_naming_the_field() {
    let broken = BUILTIN_STYLES[1]
        .1
        .replace("width_z10 = 1.2", "width_z10 = -3");
    let result = Basemap::with_styles(&[("styles/dark.toml", &broken)]);
    let err = result.expect_err("corrupt style rejected");
    assert!(!err.is_client_error());
    let msg = err.to_string();
    assert!(msg.contains("styles/dark.toml"), "{msg}");
    assert!(msg.contains("borders.width_z10"), "{msg}");

    let typo = BUILTIN_STYLES[0].1.replace("[coast]", "[coastline]");
    let err = Basemap::with_styles(&[("light.toml", &typo)]).expect_err("typo");
    assert!(err.to_string().contains("coastline"), "{err}");
}

#[test]
fn duplicate_style_names_are_rejected() {
    let light = BUILTIN_STYLES[0];
    let err = Basemap::with_styles(&[light, light]).expect_err("duplicate");
    assert!(
        matches!(err, BasemapError::Style(StyleError::Duplicate(_))),
        "{err}"
    );
}

#[test]
fn cached_tiles_carry_stable_etags() {
    let b = basemap();
    let first = b.render_cached(2, 1, 1, 1, "light").expect("render");
    let second = b.render_cached(2, 1, 1, 1, "light").expect("cached");
    assert!(std::sync::Arc::ptr_eq(&first, &second));
    assert_eq!(first.png, b.render(2, 1, 1, 1, "light").expect("uncached"));
    assert!(etag_matches(&first.etag, &second.etag));
    let dark = b.render_cached(2, 1, 1, 1, "dark").expect("dark");
    assert_ne!(first.etag, dark.etag);
    assert_eq!(b.cache().usage().0, 2);
}

#[test]
fn highlight_changes_the_tile_and_clears_the_cache() {
    let mut b = basemap();
    let plain = b.render_cached(3, 2, 3, 1, "light").expect("plain");
    b.highlight(["cu"]);
    assert_eq!(b.cache().usage().0, 0);
    let lit = b.render_cached(3, 2, 3, 1, "light").expect("highlighted");
    assert_ne!(plain.etag, lit.etag);
    b.highlight(Vec::<String>::new());
    assert_eq!(b.render(3, 2, 3, 1, "light").expect("again"), plain.png);
}

#[test]
fn place_labels_show_from_z4_only() {
    let mut b = basemap();
    // A point in the open Atlantic, derived from tile geometry.
    let (lon, lat) = unproject([0.35, 0.42]);
    let z3 = (3, (0.35f64 * 8.0) as u32, (0.42f64 * 8.0) as u32);
    let z5 = (5, (0.35f64 * 32.0) as u32, (0.42f64 * 32.0) as u32);
    let before3 = b.render(z3.0, z3.1, z3.2, 1, "light").expect("z3");
    let before5 = b.render(z5.0, z5.1, z5.2, 1, "light").expect("z5");
    b.set_places(vec![PlaceLabel {
        name: "Exercise area".into(),
        lon,
        lat,
    }]);
    assert_eq!(b.render(z3.0, z3.1, z3.2, 1, "light").expect("z3"), before3);
    assert_ne!(b.render(z5.0, z5.1, z5.2, 1, "light").expect("z5"), before5);
}

#[test]
fn tilejson_describes_the_raster_tiles() {
    let tj = basemap().tilejson("http://localhost:8080");
    assert_eq!(tj["tilejson"], "3.0.0");
    assert_eq!(
        tj["tiles"][0],
        "http://localhost:8080/tiles/basemap/{z}/{x}/{y}.png"
    );
    let attribution = tj["attribution"].as_str().unwrap_or_default();
    assert!(attribution.contains("Natural Earth") && attribution.contains("GeoNames"));
}

#[test]
fn every_zoom_renders_within_the_vertex_budget() {
    // One tile per zoom along a line through dense coastlines (Europe's
    // north-west), so each zoom exercises clipping and simplification.
    let b = basemap();
    for z in 0..=u32::from(MAX_ZOOM) {
        let n = f64::from(1u32 << z);
        let (x, y) = ((0.49 * n) as u32, (0.32 * n) as u32);
        let png = b.render(z, x, y, 2, "dark").expect("render");
        assert!(png.starts_with(b"\x89PNG"));
    }
}

#[test]
fn basemap_is_shareable_across_threads_and_preloads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Basemap>();
    let b = std::sync::Arc::new(basemap());
    b.preload().expect("preload");
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let b = std::sync::Arc::clone(&b);
            std::thread::spawn(move || b.render_cached(4, i, 7, 1, "light").map(|t| t.etag.clone()))
        })
        .collect();
    for h in handles {
        assert!(h.join().expect("thread").is_ok());
    }
}
