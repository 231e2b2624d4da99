//! The Natural Earth data compiled into the binary, decoded once and
//! pre-projected to Web Mercator world units with an R-tree per layer, so a
//! tile only visits the rings and line pieces that overlap it.

use std::io::Read;
use std::sync::OnceLock;

use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};
use serde::Deserialize;

use super::error::BasemapError;
use super::mercator::project;
use super::nested::Nested;

const COUNTRIES_110M: &[u8] = include_bytes!("../../geodata/countries/countries-110m.geojson.gz");
const COUNTRIES_50M: &[u8] = include_bytes!("../../geodata/countries/countries-50m.geojson.gz");
const COUNTRIES_10M: &[u8] = include_bytes!("../../geodata/countries/countries-10m.geojson.gz");
const LINES_110M: &[u8] = include_bytes!("../../geodata/countries/lines-110m.geojson.gz");
const LINES_50M: &[u8] = include_bytes!("../../geodata/countries/lines-50m.geojson.gz");
const LINES_10M: &[u8] = include_bytes!("../../geodata/countries/lines-10m.geojson.gz");
const CAPITALS: &str = include_str!("../../geodata/countries/capitals.tsv");

/// Line pieces are cut to at most this many points so their bounding boxes
/// stay tight and a tile skips most of a long coastline.
const LINE_CHUNK: usize = 64;

/// Which Natural Earth scale a layer comes from. Each scale is drawn at the
/// zooms it was generalised for (Natural Earth's own guidance), which also
/// keeps the vertices per tile, and so the render time, roughly constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// 1:110m, below [`MEDIUM_FROM_ZOOM`].
    Coarse,
    /// 1:50m, from [`MEDIUM_FROM_ZOOM`] to below [`FINE_FROM_ZOOM`].
    Medium,
    /// 1:10m, from [`FINE_FROM_ZOOM`] up.
    Fine,
}

/// First zoom that draws the 1:50m data.
pub const MEDIUM_FROM_ZOOM: u8 = 3;
/// First zoom that draws the 1:10m data.
pub const FINE_FROM_ZOOM: u8 = 5;

impl Resolution {
    pub const ALL: [Resolution; 3] = [Resolution::Coarse, Resolution::Medium, Resolution::Fine];

    pub fn for_zoom(z: u8) -> Resolution {
        if z < MEDIUM_FROM_ZOOM {
            Resolution::Coarse
        } else if z < FINE_FROM_ZOOM {
            Resolution::Medium
        } else {
            Resolution::Fine
        }
    }

    /// Position in [`Resolution::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn files(self) -> (&'static str, &'static [u8], &'static [u8]) {
        match self {
            Resolution::Coarse => ("countries-110m", COUNTRIES_110M, LINES_110M),
            Resolution::Medium => ("countries-50m", COUNTRIES_50M, LINES_50M),
            Resolution::Fine => ("countries-10m", COUNTRIES_10M, LINES_10M),
        }
    }
}

/// A country's name and ISO 3166-1 codes (empty where Natural Earth has none).
#[derive(Debug, Clone, Deserialize)]
pub struct CountryInfo {
    pub name: String,
    pub iso_a2: String,
    pub iso_a3: String,
}

/// Whether a line separates two countries or land from sea.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Border,
    Coast,
}

/// A projected polygon ring; holes are wound opposite to exteriors.
pub struct Ring {
    pub country: usize,
    pub points: Vec<[f64; 2]>,
}

/// A projected polyline piece.
pub struct Line {
    pub kind: LineKind,
    pub points: Vec<[f64; 2]>,
}

type Indexed = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// One resolution's countries, rings and lines.
pub struct Layer {
    pub countries: Vec<CountryInfo>,
    pub rings: Vec<Ring>,
    pub lines: Vec<Line>,
    ring_index: RTree<Indexed>,
    line_index: RTree<Indexed>,
}

/// A capital from `capitals.tsv`, projected.
#[derive(Debug, Clone)]
pub struct Capital {
    pub iso_a2: String,
    pub name: String,
    pub world: [f64; 2],
    pub population: u64,
}

/// All basemap data. Layers are decoded on first use: a process that only
/// serves low zooms (or the CLI rendering one tile) never pays for 1:10m.
pub struct Data {
    /// One layer per [`Resolution`], in [`Resolution::ALL`] order.
    layers: [OnceLock<Result<Layer, BasemapError>>; 3],
    pub capitals: Vec<Capital>,
}

impl Data {
    pub fn layer(&self, resolution: Resolution) -> Result<&Layer, BasemapError> {
        self.layers[resolution.index()]
            .get_or_init(|| Layer::load(resolution))
            .as_ref()
            .map_err(copy_error)
    }
}

/// The decoded data, shared by every [`super::Basemap`] in the process.
pub fn data() -> Result<&'static Data, BasemapError> {
    static DATA: OnceLock<Result<Data, BasemapError>> = OnceLock::new();
    DATA.get_or_init(load).as_ref().map_err(copy_error)
}

/// A cached load error, re-issued to each caller (errors are not `Clone`).
fn copy_error(e: &BasemapError) -> BasemapError {
    match e {
        BasemapError::Data { file, message } => BasemapError::Data {
            file,
            message: message.clone(),
        },
        other => BasemapError::Data {
            file: "basemap",
            message: other.to_string(),
        },
    }
}

fn load() -> Result<Data, BasemapError> {
    Ok(Data {
        layers: Default::default(),
        capitals: load_capitals()?,
    })
}

/// Decompresses one embedded `.geojson.gz`.
pub(crate) fn gunzip(file: &'static str, bytes: &[u8]) -> Result<String, BasemapError> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .map_err(|e| BasemapError::Data {
            file,
            message: e.to_string(),
        })?;
    Ok(text)
}

#[derive(Deserialize)]
struct RawCollection<P> {
    features: Vec<RawFeature<P>>,
}

#[derive(Deserialize)]
struct RawFeature<P> {
    properties: P,
    geometry: RawGeometry,
}

#[derive(Deserialize)]
struct RawGeometry {
    coordinates: Nested,
}

#[derive(Deserialize)]
struct LineProps {
    kind: String,
}

fn parse<P: for<'de> Deserialize<'de>>(
    file: &'static str,
    gz: &[u8],
) -> Result<RawCollection<P>, BasemapError> {
    let text = gunzip(file, gz)?;
    serde_json::from_str(&text).map_err(|e| BasemapError::Data {
        file,
        message: e.to_string(),
    })
}

fn project_all(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    points.iter().map(|p| project(p[0], p[1])).collect()
}

fn envelope(points: &[[f64; 2]]) -> Rectangle<[f64; 2]> {
    let aabb = AABB::from_points(points.iter());
    Rectangle::from_aabb(aabb)
}

impl Layer {
    /// A layer from already projected parts (tests build odd geometry).
    #[cfg(test)]
    pub fn from_parts(countries: Vec<CountryInfo>, rings: Vec<Ring>, lines: Vec<Line>) -> Layer {
        let ring_index = index(rings.iter().map(|r| r.points.as_slice()));
        let line_index = index(lines.iter().map(|l| l.points.as_slice()));
        Layer {
            countries,
            rings,
            lines,
            ring_index,
            line_index,
        }
    }

    fn load(resolution: Resolution) -> Result<Layer, BasemapError> {
        let (file, countries_gz, lines_gz) = resolution.files();
        let raw: RawCollection<CountryInfo> = parse(file, countries_gz)?;
        let mut countries = Vec::with_capacity(raw.features.len());
        let mut rings = Vec::new();
        for (n, feature) in raw.features.into_iter().enumerate() {
            feature.geometry.coordinates.for_each_path(&mut |path| {
                if path.len() >= 4 {
                    rings.push(Ring {
                        country: n,
                        points: project_all(&path),
                    });
                }
            });
            countries.push(feature.properties);
        }
        let raw_lines: RawCollection<LineProps> = parse("lines", lines_gz)?;
        let mut lines = Vec::new();
        for feature in raw_lines.features {
            let kind = match feature.properties.kind.as_str() {
                "border" => LineKind::Border,
                _ => LineKind::Coast,
            };
            feature.geometry.coordinates.for_each_path(&mut |path| {
                let projected = project_all(&path);
                // Chunks overlap by one point so the pieces join seamlessly.
                let mut start = 0;
                while start + 1 < projected.len() {
                    let end = (start + LINE_CHUNK).min(projected.len() - 1);
                    lines.push(Line {
                        kind,
                        points: projected[start..=end].to_vec(),
                    });
                    start = end;
                }
            });
        }
        let ring_index = index(rings.iter().map(|r| r.points.as_slice()));
        let line_index = index(lines.iter().map(|l| l.points.as_slice()));
        Ok(Layer {
            countries,
            rings,
            lines,
            ring_index,
            line_index,
        })
    }

    /// Indices of rings whose bounding box meets `[min, max]`.
    pub fn rings_in(&self, min: [f64; 2], max: [f64; 2]) -> impl Iterator<Item = usize> + '_ {
        query(&self.ring_index, min, max)
    }

    /// Indices of line pieces whose bounding box meets `[min, max]`.
    pub fn lines_in(&self, min: [f64; 2], max: [f64; 2]) -> impl Iterator<Item = usize> + '_ {
        query(&self.line_index, min, max)
    }
}

fn index<'a>(paths: impl Iterator<Item = &'a [[f64; 2]]>) -> RTree<Indexed> {
    let items = paths
        .enumerate()
        .map(|(i, p)| GeomWithData::new(envelope(p), i))
        .collect();
    RTree::bulk_load(items)
}

fn query(tree: &RTree<Indexed>, min: [f64; 2], max: [f64; 2]) -> impl Iterator<Item = usize> + '_ {
    tree.locate_in_envelope_intersecting(&AABB::from_corners(min, max))
        .map(|g| g.data)
}

fn load_capitals() -> Result<Vec<Capital>, BasemapError> {
    let bad = |line: &str| BasemapError::Data {
        file: "capitals.tsv",
        message: format!("bad row {line:?}"),
    };
    let mut capitals = Vec::new();
    for line in CAPITALS.lines().skip(1).filter(|l| !l.is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [iso, name, lon, lat, pop] = cols[..] else {
            return Err(bad(line));
        };
        let num = |s: &str| s.parse::<f64>().map_err(|_| bad(line));
        capitals.push(Capital {
            iso_a2: iso.to_string(),
            name: name.to_string(),
            world: project(num(lon)?, num(lat)?),
            population: pop.parse().map_err(|_| bad(line))?,
        });
    }
    Ok(capitals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_every_resolution() {
        let data = data().expect("data");
        for r in Resolution::ALL {
            let layer = data.layer(r).expect("layer");
            // 1:110m merges small territories: 177 countries, the others 241+.
            assert!(layer.countries.len() > 170);
            assert!(
                layer
                    .countries
                    .iter()
                    .any(|c| c.iso_a2 == "CU" && c.iso_a3 == "CUB")
            );
            assert!(layer.lines.iter().any(|l| l.kind == LineKind::Border));
            assert!(layer.lines.iter().any(|l| l.kind == LineKind::Coast));
        }
        let rings = |r| data.layer(r).map(|l| l.rings.len()).unwrap_or(0);
        assert!(rings(Resolution::Fine) > rings(Resolution::Medium));
        assert!(rings(Resolution::Medium) > rings(Resolution::Coarse));
        assert!(data.capitals.iter().any(|c| c.name == "Havana"));
    }

    #[test]
    fn index_finds_cuba_near_havana() {
        let data = data().expect("data");
        let p = project(-82.38, 23.13);
        let d = 1e-3;
        let fine = data.layer(Resolution::Fine).expect("layer");
        let hit = fine
            .rings_in([p[0] - d, p[1] - d], [p[0] + d, p[1] + d])
            .any(|i| fine.countries[fine.rings[i].country].iso_a2 == "CU");
        assert!(hit);
    }

    #[test]
    fn nothing_spans_the_antimeridian() {
        // A segment longer than half the world is an antimeridian jump the
        // data script failed to split (it would draw a band across the map).
        // Only Antarctica's pole-enclosing ring legitimately wraps.
        let data = data().expect("data");
        let wraps = |p: &[[f64; 2]]| p.windows(2).any(|w| (w[1][0] - w[0][0]).abs() > 0.5);
        for r in Resolution::ALL {
            let layer = data.layer(r).expect("layer");
            for ring in layer.rings.iter().filter(|ring| wraps(&ring.points)) {
                assert_eq!(layer.countries[ring.country].name, "Antarctica", "{r:?}");
            }
            assert!(!layer.lines.iter().any(|l| wraps(&l.points)), "{r:?}");
        }
    }
}
