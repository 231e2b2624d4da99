//! Vector tiles checked by real decoders: the `mapwire` binary serves the
//! fixtures, tiles of every layer at several zooms are fetched over HTTP,
//! and GDAL's MVT driver (`ogr2ogr` with `-oo X/Y/Z`) and PyPI
//! `mapbox-vector-tile` decode them. Every decoded feature must be a
//! fixture feature with the same attributes, and every decoded vertex must
//! lie within two tile units (simplification plus rounding) of the
//! fixture's geometry once projected back. A missing tool fails the test
//! when `CI` is set and skips it otherwise.
#![allow(clippy::unwrap_used, clippy::panic)]

mod binary;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use binary::cli::run;
use binary::{Reply, Server, require};

const LAYERS: [&str; 3] = ["events", "places", "routes"];
const ZOOMS: [u8; 6] = [0, 3, 7, 11, 14, 16];
const EXTENT: f64 = 4096.0;
const DETAIL_ZOOM: u8 = 14;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---- fixtures ----

/// A fixture feature: identity, scalar properties, geometry in world
/// coordinates as segments (a point is a zero-length segment).
struct Source {
    key: String,
    props: Map<String, Value>,
    segments: Vec<([f64; 2], [f64; 2])>,
    anchor: [f64; 2],
    is_point: bool,
}

fn to_world(lon: f64, lat: f64) -> [f64; 2] {
    let lat = lat
        .clamp(-85.051_128_779_806_59, 85.051_128_779_806_59)
        .to_radians();
    [
        (lon + 180.0) / 360.0,
        (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0,
    ]
}

/// Calls `f` on every position list (ring, line, or a lone position).
fn paths(coords: &Value, out: &mut Vec<Vec<[f64; 2]>>) {
    let arr = coords.as_array().unwrap();
    if arr.first().is_some_and(Value::is_number) {
        out.push(vec![to_world(
            arr[0].as_f64().unwrap(),
            arr[1].as_f64().unwrap(),
        )]);
    } else if arr
        .first()
        .and_then(|p| p.as_array())
        .and_then(|p| p.first())
        .is_some_and(Value::is_number)
    {
        out.push(
            arr.iter()
                .map(|p| to_world(p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
                .collect(),
        );
    } else {
        for part in arr {
            paths(part, out);
        }
    }
}

fn load(layer: &str) -> Vec<Source> {
    let path = manifest().join(format!("tests/fixtures/layers/{layer}.geojson"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let key = match &f["id"] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let mut lists = Vec::new();
            paths(&f["geometry"]["coordinates"], &mut lists);
            let segments = lists
                .iter()
                .flat_map(|l| {
                    if l.len() == 1 {
                        vec![(l[0], l[0])]
                    } else {
                        l.windows(2).map(|w| (w[0], w[1])).collect()
                    }
                })
                .collect();
            let props = f["properties"].as_object().cloned().unwrap_or_default();
            let props = props.into_iter().filter(|(_, v)| !v.is_null()).collect();
            Source {
                key,
                props,
                segments,
                anchor: lists[0][0],
                is_point: f["geometry"]["type"] == "Point",
            }
        })
        .collect()
}

fn distance(p: [f64; 2], (a, b): ([f64; 2], [f64; 2])) -> f64 {
    let d = [b[0] - a[0], b[1] - a[1]];
    let len2 = d[0] * d[0] + d[1] * d[1];
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * d[0] + (p[1] - a[1]) * d[1]) / len2).clamp(0.0, 1.0)
    };
    ((p[0] - a[0] - t * d[0]).powi(2) + (p[1] - a[1] - t * d[1]).powi(2)).sqrt()
}

// ---- decoded tiles ----

/// A decoded feature, in a decoder-neutral form.
struct Decoded {
    key: String,
    props: Map<String, Value>,
    world: Vec<[f64; 2]>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Tile {
    z: u8,
    x: u32,
    y: u32,
}

impl Tile {
    fn at(w: [f64; 2], z: u8) -> Tile {
        let n = f64::from(1u32 << z);
        let max = (1u32 << z) - 1;
        Tile {
            z,
            x: ((w[0] * n) as u32).min(max),
            y: ((w[1] * n) as u32).min(max),
        }
    }

    fn unit(self) -> f64 {
        1.0 / (f64::from(1u32 << self.z) * EXTENT)
    }

    fn on_clip_border(self, w: [f64; 2]) -> bool {
        let n = f64::from(1u32 << self.z);
        let t = [
            (w[0] * n - f64::from(self.x)) * EXTENT,
            (w[1] * n - f64::from(self.y)) * EXTENT,
        ];
        t.iter().any(|v| {
            [-64.0, 0.0, EXTENT, EXTENT + 64.0]
                .iter()
                .any(|b| (v - b).abs() < 1.5)
        })
    }

    fn world(self, tx: f64, ty: f64) -> [f64; 2] {
        let n = f64::from(1u32 << self.z);
        [
            (f64::from(self.x) + tx / EXTENT) / n,
            (f64::from(self.y) + ty / EXTENT) / n,
        ]
    }
}

/// The feature key and the attributes that came from GeoJSON properties.
fn split_props(mut props: Map<String, Value>, id: Option<&Value>) -> (String, Map<String, Value>) {
    props.retain(|k, v| !v.is_null() && k != "mvt_id" && k != "point_count");
    // A string GeoJSON id travels as the `id` attribute (and the MVT id is
    // left out, which mapbox-vector-tile reports as 0).
    let key = match props.remove("id") {
        Some(Value::String(s)) => s,
        _ => id
            .and_then(Value::as_u64)
            .map(|n| n.to_string())
            .unwrap_or_default(),
    };
    (key, props)
}

fn gdal_decode(file: &Path, tile: Tile, layer: &str) -> Vec<Decoded> {
    let out = file.with_extension("gdal.geojson");
    let _ = std::fs::remove_file(&out);
    let (x, y, z) = (
        format!("X={}", tile.x),
        format!("Y={}", tile.y),
        format!("Z={}", tile.z),
    );
    run(
        "ogr2ogr",
        &[
            "-f",
            "GeoJSON",
            out.to_str().unwrap(),
            file.to_str().unwrap(),
            "-oo",
            &x,
            "-oo",
            &y,
            "-oo",
            &z,
            "-t_srs",
            "EPSG:4326",
            layer,
        ],
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    doc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let props = f["properties"].as_object().cloned().unwrap_or_default();
            let id = props.get("mvt_id").cloned();
            let (key, props) = split_props(props, id.as_ref());
            let mut lists = Vec::new();
            paths(&f["geometry"]["coordinates"], &mut lists);
            Decoded {
                key,
                props,
                world: lists.concat(),
            }
        })
        .collect()
}

fn python_decode(files: &[(PathBuf, Tile)]) -> HashMap<PathBuf, HashMap<String, Vec<Decoded>>> {
    let script = manifest().join("tests/clients/decode_mvt.py");
    let mut args = vec![script.to_str().unwrap().to_string()];
    args.extend(files.iter().map(|(p, _)| p.to_str().unwrap().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let doc: Value = serde_json::from_slice(&run("python3", &args)).unwrap();
    files
        .iter()
        .map(|(path, tile)| {
            let layers = doc[path.to_str().unwrap()].as_object().unwrap();
            let decoded = layers
                .iter()
                .map(|(name, layer)| {
                    assert_eq!(layer["extent"], 4096);
                    let feats = layer["features"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|f| {
                            let props = f["properties"].as_object().cloned().unwrap_or_default();
                            let (key, props) = split_props(props, f.get("id"));
                            let world = f["coords"]
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|c| tile.world(c[0].as_f64().unwrap(), c[1].as_f64().unwrap()))
                                .collect();
                            Decoded { key, props, world }
                        })
                        .collect();
                    (name.clone(), feats)
                })
                .collect();
            (path.clone(), decoded)
        })
        .collect()
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() < 1e-9
        }
        _ => a == b,
    }
}

/// Every decoded feature is a source feature with its attributes, and its
/// vertices are within two tile units of the source geometry.
fn check(decoder: &str, layer: &str, tile: Tile, decoded: &[Decoded], sources: &[Source]) {
    let tol = 2.0 * tile.unit();
    for d in decoded {
        let src = sources
            .iter()
            .find(|s| s.key == d.key)
            .unwrap_or_else(|| panic!("{decoder} {layer} {tile:?}: unknown feature {:?}", d.key));
        let scalars: Map<String, Value> = src
            .props
            .iter()
            .filter(|(_, v)| !v.is_array() && !v.is_object())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        assert_eq!(
            d.props.keys().collect::<BTreeSet<_>>(),
            src.props.keys().collect::<BTreeSet<_>>(),
            "{decoder} {layer} {tile:?} {}",
            d.key
        );
        for (k, v) in &scalars {
            assert!(
                same_value(&d.props[k], v),
                "{decoder} {layer} {tile:?} {}: {k} = {} vs {v}",
                d.key,
                d.props[k]
            );
        }
        assert!(
            !d.world.is_empty(),
            "{decoder} {layer} {tile:?} {}: no geometry",
            d.key
        );
        for p in &d.world {
            // Clipping puts corners on the border of the buffered tile (and
            // GDAL clips again at the tile's own edge): those are no vertex
            // of the source.
            if tile.on_clip_border(*p) {
                continue;
            }
            let best = src
                .segments
                .iter()
                .map(|s| distance(*p, *s))
                .fold(f64::MAX, f64::min);
            assert!(
                best <= tol,
                "{decoder} {layer} {tile:?} {}: vertex {p:?} is {:.2} tile units from the source",
                d.key,
                best / tile.unit()
            );
        }
    }
}

/// At and beyond the detail zoom every feature of the tile is there;
/// a line or polygon is there at every zoom.
fn check_presence(decoder: &str, layer: &str, tile: Tile, decoded: &[Decoded], sources: &[Source]) {
    for s in sources {
        if Tile::at(s.anchor, tile.z) == tile && (tile.z >= DETAIL_ZOOM || !s.is_point) {
            assert!(
                decoded.iter().any(|d| d.key == s.key),
                "{decoder} {layer} {tile:?}: {} is missing",
                s.key
            );
        }
    }
}

#[test]
fn gdal_and_mapbox_vector_tile_decode_every_layer() {
    let gdal = require("ogr2ogr", &["--version"]);
    let python = require("python3", &["-c", "import mapbox_vector_tile"]);
    if !gdal && !python {
        return;
    }
    let server = Server::with_data("layers");
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for layer in LAYERS {
        let sources = load(layer);
        let tiles: BTreeSet<Tile> = sources
            .iter()
            .flat_map(|s| ZOOMS.map(|z| Tile::at(s.anchor, z)))
            .collect();
        let mut files = Vec::new();
        for tile in tiles {
            let Reply {
                status,
                head,
                bytes: body,
                ..
            } = server.get(&format!(
                "/tiles/{layer}/{}/{}/{}.mvt",
                tile.z, tile.x, tile.y
            ));
            assert_eq!(status, 200, "{layer} {tile:?}");
            assert!(
                head.contains("content-type: application/vnd.mapbox-vector-tile"),
                "{head}"
            );
            let file = dir
                .path()
                .join(format!("{layer}-{}-{}-{}.mvt", tile.z, tile.x, tile.y));
            std::fs::write(&file, &body).unwrap();
            files.push((file, tile));
        }
        if gdal {
            for (file, tile) in &files {
                let decoded = gdal_decode(file, *tile, layer);
                check("gdal", layer, *tile, &decoded, &sources);
                check_presence("gdal", layer, *tile, &decoded, &sources);
                checked += 1;
            }
        }
        if python {
            let all = python_decode(&files);
            for (file, tile) in &files {
                let layers = &all[file];
                assert_eq!(layers.keys().collect::<Vec<_>>(), [layer]);
                let decoded = &layers[layer];
                check("mapbox-vector-tile", layer, *tile, decoded, &sources);
                check_presence("mapbox-vector-tile", layer, *tile, decoded, &sources);
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "only {checked} tiles checked");
}

#[test]
fn gdal_reads_a_composite_tile_and_the_z0_tile_accounts_for_every_feature() {
    if !require("ogrinfo", &["--version"]) {
        return;
    }
    let server = Server::with_data("layers");
    let dir = tempfile::tempdir().unwrap();
    let Reply {
        status,
        bytes: body,
        ..
    } = server.get("/tiles/events,places,routes/0/0/0.mvt");
    assert_eq!(status, 200);
    let file = dir.path().join("composite.mvt");
    std::fs::write(&file, body).unwrap();
    let text = ogrinfo_z0(&file, &[]);
    for layer in LAYERS {
        assert!(text.contains(layer), "{text}");
    }
    // Decoded + thinned = every feature (nothing vanishes silently).
    for layer in LAYERS {
        let Reply {
            head, bytes: body, ..
        } = server.get(&format!("/tiles/{layer}/0/0/0.mvt"));
        let f = dir.path().join(format!("{layer}.mvt"));
        std::fs::write(&f, body).unwrap();
        let info = ogrinfo_z0(&f, &[layer]);
        let count: u64 = info
            .lines()
            .find_map(|l| l.strip_prefix("Feature Count: "))
            .and_then(|n| n.trim().parse().ok())
            .unwrap();
        let dropped: u64 = head
            .lines()
            .find_map(|l| l.strip_prefix("x-mapwire-dropped: "))
            .map(|v| {
                v.split(", ")
                    .filter_map(|kv| kv.split('=').nth(1)?.trim().parse::<u64>().ok())
                    .sum()
            })
            .unwrap();
        assert_eq!(count + dropped, load(layer).len() as u64, "{layer}: {info}");
    }
}

/// `ogrinfo -so` on a saved z0 tile (GDAL needs its z/x/y to place it).
fn ogrinfo_z0(file: &Path, layers: &[&str]) -> String {
    let mut args = vec!["-ro", "-so", "-oo", "X=0", "-oo", "Y=0", "-oo", "Z=0"];
    args.push(file.to_str().unwrap());
    args.extend_from_slice(layers);
    String::from_utf8(run("ogrinfo", &args)).unwrap()
}
