//! Vector tiles keep every category: for the built-in events layer (42
//! events on a dozen places) and a dense seeded layer, at every zoom from 0
//! to 14, each tile with features is decoded (with `fast-mvt`'s reader)
//! and must hold every `event_type` that the layer has inside the tile —
//! thinned or clustered. In cluster mode the counts per category must add
//! up to the features of that category in the tile.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeMap;
use std::sync::Arc;

use fast_mvt::{MvtReaderRef, MvtValueRef};
use mapwire::layers::{
    Geometry, Layer, LayerBuilder, LayerSet, builtin_layers, layer_from_collection,
};
use mapwire::tiles::grid::{tile_at, to_world};
use mapwire::tiles::{TileId, TileService};

/// Whether a point lies inside the tile proper (not only its buffer).
fn inside(tile: TileId, lon: f64, lat: f64) -> bool {
    let n = f64::from(1u32 << tile.z);
    let [x, y] = to_world(lon, lat);
    let (tx, ty) = (x * n - f64::from(tile.x), y * n - f64::from(tile.y));
    (0.0..1.0).contains(&tx) && (0.0..1.0).contains(&ty)
}

/// The points of a layer with their category.
fn points(layer: &Layer, property: &str) -> Vec<(f64, f64, String)> {
    (0..layer.len())
        .filter_map(|i| match layer.features()[i].geometry {
            Geometry::Point([lon, lat]) => {
                let props = layer.properties(i);
                let category = props.get(property)?.as_str()?.to_string();
                Some((lon, lat, category))
            }
            _ => None,
        })
        .collect()
}

/// Category → (features, summed point_count) in a decoded tile.
fn decoded(bytes: &[u8], property: &str) -> BTreeMap<String, (u64, u64)> {
    let mut out = BTreeMap::new();
    if bytes.is_empty() {
        return out;
    }
    let reader = MvtReaderRef::new(bytes).unwrap();
    for f in reader.layers().flat_map(|l| l.features()) {
        let props = f.properties_vec().unwrap();
        let category = props
            .iter()
            .find(|(k, _)| *k == property)
            .map(|(_, v)| match v {
                MvtValueRef::String(s) => s.to_string(),
                other => panic!("{other:?}"),
            });
        let count = props
            .iter()
            .find(|(k, _)| *k == "point_count")
            .map_or(1, |(_, v)| match v {
                MvtValueRef::UInt(n) => *n,
                other => panic!("{other:?}"),
            });
        let entry = out.entry(category.unwrap_or_default()).or_insert((0, 0));
        entry.0 += 1;
        entry.1 += count;
    }
    out
}

/// Checks every tile with features at zooms 0–14; returns how many tiles
/// were checked.
fn check_every_zoom(layer: Arc<Layer>, property: &str) -> usize {
    let id = layer.id.clone();
    let points = points(&layer, property);
    assert!(!points.is_empty());
    let (set, _) = LayerSet::new(vec![Arc::try_unwrap(layer).unwrap()]);
    let service = TileService::new(&set, 64 << 20);
    let sources = service.resolve(&[id.as_str()]).unwrap();
    let mut checked = 0;
    for z in 0..=14u8 {
        // Each point's tile and category, counted.
        let mut tiles: BTreeMap<TileId, BTreeMap<&str, u64>> = BTreeMap::new();
        for p in points
            .iter()
            .filter(|p| inside(tile_at(p.0, p.1, z), p.0, p.1))
        {
            let counts = tiles.entry(tile_at(p.0, p.1, z)).or_default();
            *counts.entry(p.2.as_str()).or_insert(0) += 1;
        }
        for (tile, expected) in tiles {
            for cluster in [false, true] {
                let data = service.build(&sources, tile, cluster).unwrap();
                let found = decoded(&data.raw, property);
                for (category, n) in &expected {
                    let Some(&(_, counted)) = found.get(*category) else {
                        panic!(
                            "{id} {}/{}/{} cluster={cluster}: no {category} (the tile has {n}); found {found:?}",
                            tile.z, tile.x, tile.y
                        );
                    };
                    if cluster {
                        // The buffer may add neighbours' points, never lose these.
                        assert!(
                            counted >= *n,
                            "{id} {tile:?}: {category} counted {counted} < {n}"
                        );
                    }
                }
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_event_type_of_the_builtin_events_is_in_every_tile_at_zooms_0_to_14() {
    let events = builtin_layers()
        .into_iter()
        .find(|l| l.id == "events")
        .unwrap();
    let layer = layer_from_collection(events).unwrap();
    assert_eq!(layer.category.as_deref(), Some("event_type"));
    let checked = check_every_zoom(Arc::new(layer), "event_type");
    assert!(checked >= 15, "{checked}");
}

#[test]
fn a_dense_layer_with_a_declared_category_keeps_every_value() {
    // 4,000 seeded points over the Caribbean, five kinds, the rare kind
    // listed last so that first-come thinning alone would drop it.
    let mut rng = fastrand::Rng::with_seed(14);
    let mut builder = LayerBuilder::new("dense", "Dense", "seeded points");
    for i in 0..4_000 {
        let lon = -85.0 + rng.f64() * 25.0;
        let lat = 10.0 + rng.f64() * 15.0;
        let kind = if i >= 3_990 {
            "rare".to_string()
        } else {
            format!("k{}", i % 4)
        };
        let props = format!(r#"{{"kind":"{kind}"}}"#);
        builder
            .push_raw(None, Geometry::Point([lon, lat]), Some(&props))
            .unwrap();
    }
    builder.set_category("kind");
    let checked = check_every_zoom(Arc::new(builder.finish().unwrap()), "kind");
    assert!(checked > 100, "{checked}");
}
