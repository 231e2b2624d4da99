//! Building a [`Layer`]: validation, compact storage and the bulk-loaded R-tree.

use std::borrow::Cow;

use rstar::RTree;
use rstar::primitives::{GeomWithData, Rectangle};

use super::check::{self, check_position};
use super::flat;
use super::lead;
use super::props::{self, QueryableInference};
use super::time::TimeSpan;
use super::{Entry, Feature, Geometry, Layer, Span};

/// How many features the queryables are inferred from: enough to see every
/// property of a regular layer without parsing all of a million-point file.
const QUERYABLE_SAMPLE: usize = 1000;

/// Collects features one by one, then indexes them in [`LayerBuilder::finish`].
#[derive(Debug)]
pub struct LayerBuilder {
    id: String,
    title: String,
    description: String,
    features: Vec<Feature>,
    text: String,
    entries: Vec<Entry>,
    times: Vec<TimeSpan>,
    any_time: bool,
    extent: Option<[f64; 4]>,
    inference: QueryableInference,
    category: Option<String>,
    /// Properties declared text whatever their values look like.
    text_properties: Vec<String>,
}

impl LayerBuilder {
    pub fn new(id: &str, title: &str, description: &str) -> Self {
        LayerBuilder {
            id: id.to_string(),
            title: title.to_string(),
            description: description.to_string(),
            features: Vec::new(),
            text: String::new(),
            entries: Vec::new(),
            times: Vec::new(),
            any_time: false,
            extent: None,
            inference: QueryableInference::default(),
            category: None,
            text_properties: Vec::new(),
        }
    }

    /// Names the layer's category property (see [`super::Layer::category`]).
    pub fn set_category(&mut self, property: &str) {
        self.category = Some(property.to_string());
    }

    /// Declares properties whose values are text even when they look like
    /// dates (an event's `date` carries its precision: `2018`, `2018-12`,
    /// `2018-12-10`): schemas never give them a date format.
    pub fn set_text(&mut self, properties: &[&str]) {
        self.text_properties
            .extend(properties.iter().map(|p| p.to_string()));
    }

    pub fn set_title(&mut self, title: &str) {
        self.title = title.to_string();
    }

    pub fn set_description(&mut self, description: &str) {
        self.description = description.to_string();
    }

    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// Adds a feature whose `id` and `properties` are JSON text (as read from
    /// a file). A missing id becomes the feature's position in the layer.
    pub fn push_raw(
        &mut self,
        id: Option<&str>,
        geometry: Geometry,
        properties: Option<&str>,
    ) -> Result<(), String> {
        let index = u32::try_from(self.features.len())
            .map_err(|_| "a layer holds at most 4294967295 features".to_string())?;
        let envelope = envelope(&geometry)?;
        let id = self.store_id(id, index)?;
        let properties = self.store_properties(properties)?;
        if let Some(env) = envelope {
            self.grow_extent(env);
            let rect = Rectangle::from_corners([env[0], env[1]], [env[2], env[3]]);
            self.entries.push(GeomWithData::new(rect, index));
        }
        self.features.push(Feature {
            geometry,
            id,
            properties,
        });
        self.note_properties();
        Ok(())
    }

    /// Adds a `geojson::Feature` (the built-in layers arrive this way).
    pub fn push_geojson(&mut self, feature: geojson::Feature) -> Result<(), String> {
        let id = match &feature.id {
            Some(id) => Some(serde_json::to_string(id).map_err(|e| e.to_string())?),
            None => None,
        };
        let properties = match &feature.properties {
            Some(p) => Some(serde_json::to_string(p).map_err(|e| e.to_string())?),
            None => None,
        };
        let geometry = match feature.geometry {
            None => Geometry::Null,
            Some(g) => from_geojson(g)?,
        };
        self.push_raw(id.as_deref(), geometry, properties.as_deref())
    }

    /// Indexes what was pushed: bulk-loads the R-tree, sorts the id lookup.
    /// Two features with one id are refused: a feature URL must name one
    /// feature.
    pub fn finish(self) -> Result<Layer, check::DuplicateId> {
        let started = std::time::Instant::now();
        let LayerBuilder {
            id,
            title,
            description,
            features,
            text,
            entries,
            times,
            any_time,
            extent,
            mut inference,
            category,
            text_properties,
        } = self;
        // The R-tree, the id lookup and the lead features are independent:
        // build them at once.
        let (tree, ids, lead) = std::thread::scope(|scope| {
            let tree = scope.spawn(|| RTree::bulk_load(entries));
            let lead = scope.spawn(|| lead::lead_features(&features, &text, &mut inference));
            let ids = id_index(&features, &text);
            (tree.join(), ids, lead.join().unwrap_or_default())
        });
        let tree = tree.unwrap_or_else(|_| RTree::new());
        if let Some(duplicate) = check::duplicate_id(&ids, |i| {
            let span = features[i].id;
            let start = span.start as usize;
            text.get(start..start + span.len as usize).unwrap_or("")
        }) {
            return Err(duplicate);
        }
        let times = if any_time { times } else { Vec::new() };
        let temporal = TimeSpan::union(times.iter().copied());
        tracing::debug!(layer = %id, elapsed = ?started.elapsed(), "indexed");
        let declared: Vec<&str> = text_properties.iter().map(String::as_str).collect();
        inference.not_dates(&declared);
        let fields = inference.fields();
        let queryables = inference.finish();
        // Events are told apart by their type unless the file says otherwise.
        let category = category.or_else(|| {
            queryables
                .iter()
                .any(|q| q.name == "event_type")
                .then(|| "event_type".to_string())
        });
        Ok(Layer {
            id,
            title,
            category,
            description,
            features,
            text,
            tree,
            times,
            ids,
            extent,
            temporal,
            queryables,
            fields,
            lead,
            digest: std::sync::OnceLock::new(),
        })
    }

    fn store_id(&mut self, id: Option<&str>, index: u32) -> Result<Span, String> {
        match id {
            None | Some("null") => self.store(&index.to_string()),
            Some(raw)
                if raw.starts_with('"')
                    || raw.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) =>
            {
                self.store(raw)
            }
            Some(raw) => Err(format!("id must be a string or a number, found {raw}")),
        }
    }

    fn store_properties(&mut self, properties: Option<&str>) -> Result<Span, String> {
        let raw = properties.unwrap_or("null");
        if raw != "null" && !raw.starts_with('{') {
            return Err("properties must be an object or null".to_string());
        }
        let time = props::times(raw);
        self.any_time |= time.is_some();
        self.times.push(time.unwrap_or(TimeSpan::NONE));
        let compact = minify(raw);
        match flat::with_flat_forms(&compact) {
            Some(with_flat) => self.store(&with_flat),
            None => self.store(&compact),
        }
    }

    /// Feeds the first features' properties to the queryables inference.
    fn note_properties(&mut self) {
        let i = self.features.len() - 1;
        if i < QUERYABLE_SAMPLE {
            let span = self.features[i].properties;
            let start = span.start as usize;
            if let Some(raw) = self.text.get(start..start + span.len as usize) {
                self.inference.add(raw);
            }
        }
    }

    fn store(&mut self, json: &str) -> Result<Span, String> {
        let start = u32::try_from(self.text.len());
        let len = u32::try_from(json.len());
        match (start, len) {
            (Ok(start), Ok(len)) if start.checked_add(len).is_some() => {
                self.text.push_str(json);
                Ok(Span { start, len })
            }
            _ => Err("a layer's ids and properties are limited to 4 GiB of JSON".to_string()),
        }
    }

    fn grow_extent(&mut self, env: [f64; 4]) {
        let e = self.extent.get_or_insert(env);
        e[0] = e[0].min(env[0]);
        e[1] = e[1].min(env[1]);
        e[2] = e[2].max(env[2]);
        e[3] = e[3].max(env[3]);
    }
}

/// (xxh3 of each feature's id as in a URL, index), sorted for lookups.
fn id_index(features: &[Feature], text: &str) -> Vec<(u64, u32)> {
    let mut ids: Vec<(u64, u32)> = features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let start = f.id.start as usize;
            let raw = text.get(start..start + f.id.len as usize).unwrap_or("");
            (
                xxhash_rust::xxh3::xxh3_64(props::id_key(raw).as_bytes()),
                i as u32,
            )
        })
        .collect();
    ids.sort_unstable();
    ids
}

/// JSON text without the whitespace between tokens: files are often
/// pretty-printed, and the stored text is served as it is.
fn minify(json: &str) -> Cow<'_, str> {
    if !json.bytes().any(|b| b.is_ascii_whitespace()) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_ascii_whitespace() {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A `geojson::Geometry` in compact form: a point becomes two numbers,
/// anything else `geo` types. The geometry is checked first (see
/// [`check::geometry`]), as the conversion expects what it checks.
pub(crate) fn from_geojson(g: geojson::Geometry) -> Result<Geometry, String> {
    check::geometry(&g.value)?;
    if let geojson::GeometryValue::Point { coordinates } = &g.value {
        return Ok(Geometry::Point([coordinates[0], coordinates[1]]));
    }
    let g = geo::Geometry::<f64>::try_from(&g.value).map_err(|e| e.to_string())?;
    Ok(Geometry::Other(Box::new(g)))
}

/// The envelope `[minx, miny, maxx, maxy]` of a geometry, refusing positions
/// outside WGS 84 longitude/latitude (RFC 7946 §4).
pub(crate) fn envelope(geometry: &Geometry) -> Result<Option<[f64; 4]>, String> {
    use geo::{BoundingRect, CoordsIter};
    match geometry {
        Geometry::Null => Ok(None),
        Geometry::Point(p) => {
            check_position(p)?;
            Ok(Some([p[0], p[1], p[0], p[1]]))
        }
        Geometry::Other(g) => {
            let Some(r) = g.bounding_rect() else {
                return Ok(None);
            };
            let (lo, hi) = (r.min(), r.max());
            // The corners are in range exactly when every position is; only
            // a refusal looks for the position to name.
            if check_position(&[lo.x, lo.y]).is_err() || check_position(&[hi.x, hi.y]).is_err() {
                let bad = g
                    .coords_iter()
                    .find(|c| check_position(&[c.x, c.y]).is_err());
                if let Some(bad) = bad {
                    check_position(&[bad.x, bad.y])?;
                }
            }
            Ok(Some([lo.x, lo.y, hi.x, hi.y]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::minify;

    #[test]
    fn minify_keeps_strings_intact() {
        assert_eq!(
            minify("{\n  \"a b\": \"x \\\" y\",\n  \"c\": [1, 2]\n}"),
            "{\"a b\":\"x \\\" y\",\"c\":[1,2]}"
        );
        assert_eq!(minify("{\"a\":1}"), "{\"a\":1}");
    }
}
