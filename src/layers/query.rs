//! Queries on a layer: bbox and nearest through the R-tree, then time and
//! property filters and sorting on what the R-tree returned.

use rstar::{AABB, PointDistance, RTreeObject};
use serde_json::Value;

use super::time::Interval;
use super::{Entry, Layer};
use super::{lead, props};

/// A validated CRS84 bounding box. `minx > maxx` means the box crosses the
/// antimeridian (e.g. `170,-20,-170,20`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bbox {
    pub minx: f64,
    pub miny: f64,
    pub maxx: f64,
    pub maxy: f64,
}

impl Bbox {
    /// Checks that every number is finite and in range and that the box is
    /// not upside down.
    pub fn new(minx: f64, miny: f64, maxx: f64, maxy: f64) -> Result<Bbox, String> {
        let lon_ok = |v: f64| (-180.0..=180.0).contains(&v);
        let lat_ok = |v: f64| (-90.0..=90.0).contains(&v);
        if ![minx, miny, maxx, maxy].iter().all(|v| v.is_finite()) {
            return Err("bbox numbers must be finite".into());
        }
        if !lon_ok(minx) || !lon_ok(maxx) {
            return Err("bbox longitudes must be within -180..180".into());
        }
        if !lat_ok(miny) || !lat_ok(maxy) {
            return Err("bbox latitudes must be within -90..90".into());
        }
        if miny > maxy {
            return Err("bbox minimum latitude is greater than its maximum".into());
        }
        Ok(Bbox {
            minx,
            miny,
            maxx,
            maxy,
        })
    }

    /// The one or two R-tree boxes this bbox covers.
    fn envelopes(&self) -> Vec<AABB<[f64; 2]>> {
        if self.minx <= self.maxx {
            vec![AABB::from_corners(
                [self.minx, self.miny],
                [self.maxx, self.maxy],
            )]
        } else {
            vec![
                AABB::from_corners([self.minx, self.miny], [180.0, self.maxy]),
                AABB::from_corners([-180.0, self.miny], [self.maxx, self.maxy]),
            ]
        }
    }
}

/// Equality on one queryable property; `value` is already of the property's type.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyFilter {
    pub name: String,
    pub value: Value,
}

/// One `sortby` key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub name: String,
    pub descending: bool,
}

/// Everything that selects and orders items.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub bbox: Option<Bbox>,
    pub datetime: Option<Interval>,
    pub properties: Vec<PropertyFilter>,
    pub sortby: Vec<SortKey>,
}

/// The features a filter matched, in the order they are served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every feature in file order (no filter: nothing is materialised).
    All(usize),
    /// Every feature, the layer's lead features first (see
    /// [`super::lead`]), then the rest in file order.
    Led {
        len: usize,
        lead: Vec<u32>,
    },
    Some(Vec<u32>),
}

impl Selection {
    pub fn len(&self) -> usize {
        match self {
            Selection::All(n) | Selection::Led { len: n, .. } => *n,
            Selection::Some(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Feature indices `offset..offset + limit` of the selection.
    pub fn page(&self, offset: usize, limit: usize) -> Vec<usize> {
        let start = offset.min(self.len());
        let end = offset.saturating_add(limit).min(self.len());
        match self {
            Selection::All(_) => (start..end).collect(),
            Selection::Led { lead, .. } => (start..end).map(|p| lead::nth(p, lead)).collect(),
            Selection::Some(v) => v[start..end].iter().map(|&i| i as usize).collect(),
        }
    }
}

/// One result of a nearest-feature search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nearest {
    pub index: usize,
    /// Great-circle distance in metres to the feature's envelope.
    pub distance_m: f64,
}

impl Layer {
    /// Indices (ascending) of the features whose envelope meets the bbox.
    pub fn bbox(&self, bbox: &Bbox) -> Vec<u32> {
        let mut found: Vec<u32> = Vec::new();
        for env in bbox.envelopes() {
            found.extend(
                self.tree
                    .locate_in_envelope_intersecting(&env)
                    .map(|e| e.data),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Applies a filter: bbox through the R-tree first, then time, then
    /// property equality, then sorting (stable, so ties keep file order).
    pub fn select(&self, filter: &Filter) -> Selection {
        let mut picked: Option<Vec<u32>> = filter.bbox.as_ref().map(|b| self.bbox(b));
        if let Some(interval) = &filter.datetime {
            picked = Some(self.keep(picked, |i| {
                self.times
                    .get(i)
                    .is_some_and(|span| interval.matches(*span))
            }));
        }
        if !filter.properties.is_empty() {
            let names: Vec<&str> = filter.properties.iter().map(|p| p.name.as_str()).collect();
            picked = Some(self.keep(picked, |i| {
                let values = props::pick(self.properties_json(i), &names);
                filter
                    .properties
                    .iter()
                    .zip(&values)
                    .all(|(f, v)| props::equals(&f.value, v.as_ref()))
            }));
        }
        if !filter.sortby.is_empty() {
            let all = picked.unwrap_or_else(|| (0..self.len() as u32).collect());
            picked = Some(self.sorted(all, &filter.sortby));
        }
        match picked {
            None if self.lead.is_empty() => Selection::All(self.len()),
            None => Selection::Led {
                len: self.len(),
                lead: self.lead.clone(),
            },
            Some(v) if filter.sortby.is_empty() && !self.lead.is_empty() => {
                Selection::Some(lead::lead_first(v, &self.lead))
            }
            Some(v) => Selection::Some(v),
        }
    }

    fn keep(&self, picked: Option<Vec<u32>>, pred: impl Fn(usize) -> bool) -> Vec<u32> {
        match picked {
            Some(v) => v.into_iter().filter(|&i| pred(i as usize)).collect(),
            None => (0..self.len() as u32)
                .filter(|&i| pred(i as usize))
                .collect(),
        }
    }

    fn sorted(&self, indices: Vec<u32>, keys: &[SortKey]) -> Vec<u32> {
        let names: Vec<&str> = keys.iter().map(|k| k.name.as_str()).collect();
        let mut rows: Vec<(Vec<Option<Value>>, u32)> = indices
            .into_iter()
            .map(|i| (props::pick(self.properties_json(i as usize), &names), i))
            .collect();
        rows.sort_by(|(a, _), (b, _)| {
            keys.iter()
                .zip(a.iter().zip(b))
                .map(|(k, (x, y))| {
                    let o = props::compare(x.as_ref(), y.as_ref());
                    if k.descending { o.reverse() } else { o }
                })
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        rows.into_iter().map(|(_, i)| i).collect()
    }

    /// The `k` features nearest to (`lon`, `lat`), closest first.
    ///
    /// The R-tree measures plain lon/lat distance, so it is asked from the
    /// point and from its copies one turn east and west (to see across the
    /// antimeridian); the candidates are then ranked by great-circle distance.
    pub fn nearest(&self, lon: f64, lat: f64, k: usize) -> Vec<Nearest> {
        let mut found: Vec<Nearest> = Vec::new();
        for shift in [0.0, -360.0, 360.0] {
            let q = [lon + shift, lat];
            for entry in self.tree.nearest_neighbor_iter(&q).take(k) {
                found.push(Nearest {
                    index: entry.data as usize,
                    distance_m: great_circle_to(entry, [lon, lat]),
                });
            }
        }
        found.sort_by(|a, b| {
            a.distance_m
                .total_cmp(&b.distance_m)
                .then(a.index.cmp(&b.index))
        });
        let mut seen = std::collections::HashSet::new();
        found.retain(|n| seen.insert(n.index));
        found.truncate(k);
        found
    }
}

/// Great-circle distance (metres) from a point to the nearest point of an
/// entry's envelope.
fn great_circle_to(entry: &Entry, p: [f64; 2]) -> f64 {
    let env = entry.geom().envelope();
    let (lo, hi) = (env.lower(), env.upper());
    // Plain-degree distance zero means the point is inside the envelope.
    if entry.geom().distance_2(&p) == 0.0 {
        return 0.0;
    }
    let lat = p[1].clamp(lo[1], hi[1]);
    let lon = p[0].clamp(lo[0], hi[0]);
    haversine([lon, lat], p)
}

fn haversine(a: [f64; 2], b: [f64; 2]) -> f64 {
    const R: f64 = 6_371_008.8;
    let (la1, la2) = (a[1].to_radians(), b[1].to_radians());
    let dlat = la2 - la1;
    let dlon = (b[0] - a[0]).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().min(1.0).asin()
}
