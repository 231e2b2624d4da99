//! Layers: GeoJSON feature collections held in memory with an R-tree.
//!
//! A [`Layer`] keeps its features in a compact form rather than as
//! `geojson::Feature` values: a million-point layer must fit in a few hundred
//! megabytes, and a `geojson::Feature` with its `serde_json::Map` of
//! properties costs close to a kilobyte per point. So points are two `f64`s,
//! other geometries are `geo` types (16 bytes a vertex, half of what a
//! `geojson` position takes), and each feature's `id` and
//! `properties` are kept as their JSON text in one shared string (served as
//! they are, parsed only when a filter or an HTML page needs a value).
//! [`Layer::feature`] turns one back into a `geojson::Feature`.
//!
//! Every spatial query (bbox, nearest) goes through the layer's bulk-loaded
//! `rstar` R-tree over feature envelopes; nothing scans the features.

mod build;
mod check;
pub(crate) mod files;
pub mod flat;
mod lead;
mod output;
mod parse;
pub mod postgis;
mod props;
mod query;
mod scan;
mod time;

use std::sync::Arc;

use rstar::RTree;
use rstar::primitives::{GeomWithData, Rectangle};

pub use build::LayerBuilder;
pub(crate) use build::from_geojson;
pub use check::DuplicateId;
pub use files::{layer_paths, load_dir, load_file};
pub use output::Digest;
pub use parse::{LoadError, parse_layer};
pub use props::{Field, FieldType, Queryable, QueryableType, pick};
pub use query::{Bbox, Filter, Nearest, PropertyFilter, Selection, SortKey};
pub use time::{Interval, TimeBound, TimeError, TimeSpan};

/// A feature's envelope in the R-tree, with the feature's index as data.
pub(crate) type Entry = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// A byte range in a layer's shared JSON text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Span {
    start: u32,
    len: u32,
}

/// The geometry of one feature.
#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    /// `"geometry": null` (allowed by RFC 7946; such a feature has no place
    /// in the R-tree and never matches a bbox).
    Null,
    /// A point as `[longitude, latitude]`; any altitude is dropped.
    Point([f64; 2]),
    /// Anything else, in longitude/latitude; any altitude is dropped too.
    Other(Box<geo::Geometry<f64>>),
}

/// One feature in its compact form.
#[derive(Debug, Clone)]
pub struct Feature {
    pub geometry: Geometry,
    id: Span,
    properties: Span,
}

/// A named collection of features with its spatial index.
#[derive(Debug)]
pub struct Layer {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The property whose values tell kinds of features apart (declared by
    /// a file's `"mapwire:category"`, else `event_type` when features have
    /// it): vector tiles keep every value of it in every tile.
    pub category: Option<String>,
    features: Vec<Feature>,
    /// The JSON text of every feature's `id` and `properties`.
    text: String,
    tree: RTree<Entry>,
    /// `start`/`end` of each feature, indexed like `features`; empty when no
    /// feature of the layer has either.
    times: Vec<TimeSpan>,
    /// (xxh3 of the id as written in a URL, feature index), sorted.
    ids: Vec<(u64, u32)>,
    /// `[minx, miny, maxx, maxy]` over every feature, if any has a geometry.
    extent: Option<[f64; 4]>,
    temporal: Option<TimeSpan>,
    queryables: Vec<Queryable>,
    fields: Vec<Field>,
    /// Features served before all others in the default order (ascending;
    /// see [`lead`]): one witness of each property that is a date in some
    /// features and another string in others.
    lead: Vec<u32>,
    /// Length and xxh3 of the whole layer as GeoJSON, worked out on first use.
    digest: std::sync::OnceLock<output::Digest>,
}

impl Layer {
    /// Number of features.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// The features in file order.
    pub fn features(&self) -> &[Feature] {
        &self.features
    }

    /// Spatial extent `[minx, miny, maxx, maxy]` in CRS84.
    pub fn extent(&self) -> Option<[f64; 4]> {
        self.extent
    }

    /// The earliest `start` and latest `end` over all features.
    pub fn temporal_extent(&self) -> Option<TimeSpan> {
        self.temporal
    }

    /// Properties that can be filtered on and sorted by, with their types.
    pub fn queryables(&self) -> &[Queryable] {
        &self.queryables
    }

    /// Every property of the features (as seen in the first thousand),
    /// with its JSON type.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    pub fn queryable(&self, name: &str) -> Option<&Queryable> {
        self.queryables.iter().find(|q| q.name == name)
    }

    /// The JSON text of feature `i`'s id (a JSON string or number).
    pub fn id_json(&self, i: usize) -> &str {
        self.slice(self.features[i].id)
    }

    /// The JSON text of feature `i`'s properties (an object or `null`).
    pub fn properties_json(&self, i: usize) -> &str {
        self.slice(self.features[i].properties)
    }

    /// Feature `i`'s properties, parsed.
    pub fn properties(&self, i: usize) -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_str(self.properties_json(i)).unwrap_or_default()
    }

    /// The id as it appears in a URL: a string id unquoted, a number as written.
    pub fn id_text(&self, i: usize) -> String {
        props::id_text(self.id_json(i))
    }

    /// The index of the feature whose id (as in a URL) is `fid`.
    pub fn find(&self, fid: &str) -> Option<usize> {
        let h = xxhash_rust::xxh3::xxh3_64(fid.as_bytes());
        let first = self.ids.partition_point(|&(k, _)| k < h);
        self.ids[first..]
            .iter()
            .take_while(|&&(k, _)| k == h)
            .map(|&(_, i)| i as usize)
            .find(|&i| props::id_key(self.id_json(i)) == fid)
    }

    /// Feature `i` as a `geojson::Feature`.
    pub fn feature(&self, i: usize) -> geojson::Feature {
        let geometry = match &self.features[i].geometry {
            Geometry::Null => None,
            Geometry::Point(p) => Some(geojson::Geometry::new_point(*p)),
            Geometry::Other(g) => Some(geojson::Geometry::new(g.as_ref().into())),
        };
        geojson::Feature {
            bbox: None,
            geometry,
            id: serde_json::from_str(self.id_json(i)).ok(),
            properties: Some(self.properties(i)),
            foreign_members: None,
        }
    }

    fn slice(&self, span: Span) -> &str {
        let start = span.start as usize;
        self.text
            .get(start..start + span.len as usize)
            .unwrap_or("null")
    }
}

/// Several layers, looked up by id, listed in id order.
#[derive(Debug, Default, Clone)]
pub struct LayerSet {
    layers: Vec<Arc<Layer>>,
}

impl LayerSet {
    /// Builds the set; a layer whose id is already taken is returned in the
    /// error list rather than silently shadowing the first one.
    pub fn new(layers: Vec<Layer>) -> (Self, Vec<String>) {
        LayerSet::from_shared(layers.into_iter().map(Arc::new).collect())
    }

    /// [`LayerSet::new`] of layers already shared (the live catalog reuses
    /// the layers a write did not change).
    pub fn from_shared(layers: Vec<Arc<Layer>>) -> (Self, Vec<String>) {
        let mut set = LayerSet::default();
        let mut duplicates = Vec::new();
        for layer in layers {
            if set.get(&layer.id).is_some() {
                duplicates.push(layer.id.clone());
            } else {
                set.layers.push(layer);
            }
        }
        set.layers.sort_by(|a, b| a.id.cmp(&b.id));
        (set, duplicates)
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Layer>> {
        self.layers.iter().find(|l| l.id == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<Layer>> {
        self.layers.iter()
    }

    pub fn len(&self) -> usize {
        self.layers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }
}

/// A layer produced by the ingest pipeline, before indexing.
#[derive(Debug, Clone)]
pub struct NamedCollection {
    pub id: String,
    pub title: String,
    pub description: String,
    pub collection: geojson::FeatureCollection,
}

/// The built-in layers: events, claims, flows and places from the built-in corpus,
/// and the Natural Earth countries.
pub fn builtin_layers() -> Vec<NamedCollection> {
    let ingested = crate::ingest::run(&crate::documents::builtin(), Default::default());
    let named = |id: &str, title: &str, description: &str, collection| NamedCollection {
        id: id.to_string(),
        title: title.to_string(),
        description: description.to_string(),
        collection,
    };
    vec![
        named(
            "events",
            "Events",
            "Dated, sourced events extracted from the built-in corpus: deployments, port calls, \
             port-call agreements, arms transfers, agreements, exercises and visits.",
            ingested.events,
        ),
        named(
            "claims",
            "Plans, denials and allegations",
            "Events the built-in corpus reports as planned, denied or alleged rather than as \
             having happened (the `status` property says which).",
            ingested.claims,
        ),
        named(
            "flows",
            "Flows",
            "Great-circle lines from origin to destination for deployments, port calls and \
             arms transfers.",
            ingested.flows,
        ),
        named(
            "places",
            "Places",
            "Every place the built-in documents name, with mention counts.",
            ingested.places,
        ),
        named(
            "countries",
            "Countries",
            "Natural Earth 1:50m countries with name and ISO 3166-1 codes (the basemap's data).",
            crate::basemap::countries_collection(),
        ),
    ]
}

/// The Natural Earth countries layer (the basemap's data), indexed.
pub fn builtin_countries() -> Result<Layer, String> {
    layer_from_collection(NamedCollection {
        id: "countries".into(),
        title: "Countries".into(),
        description:
            "Natural Earth 1:50m countries with name and ISO 3166-1 codes (the basemap's data)."
                .into(),
        collection: crate::basemap::countries_collection(),
    })
}

/// Indexes a named `geojson::FeatureCollection` (a built-in layer).
pub fn layer_from_collection(named: NamedCollection) -> Result<Layer, String> {
    let mut builder = LayerBuilder::new(&named.id, &named.title, &named.description);
    for (n, feature) in named.collection.features.into_iter().enumerate() {
        builder
            .push_geojson(feature)
            .map_err(|e| format!("layer {}: feature #{n}: {e}", named.id))?;
    }
    builder
        .finish()
        .map_err(|e| format!("layer {}: {e}", named.id))
}

/// The catalog the server starts with: the built-in layers (unless
/// `builtin` is false), then every
/// `*.geojson` of `data_dir`. Files that fail to load (and layers whose id is
/// taken) are left out and described in the returned problems.
pub fn load_catalog(data_dir: Option<&std::path::Path>, builtin: bool) -> (LayerSet, Vec<String>) {
    let mut layers = Vec::new();
    let mut problems = Vec::new();
    let named = if builtin {
        builtin_layers()
    } else {
        Vec::new()
    };
    for named in named {
        match layer_from_collection(named) {
            Ok(layer) => layers.push(layer),
            Err(e) => problems.push(e),
        }
    }
    if let Some(dir) = data_dir {
        let (loaded, errors) = load_dir(dir);
        layers.extend(loaded);
        problems.extend(errors.iter().map(ToString::to_string));
    }
    let (set, duplicates) = LayerSet::new(layers);
    problems.extend(
        duplicates
            .into_iter()
            .map(|id| format!("layer id {id:?} is taken: the second one is not served")),
    );
    (set, problems)
}

#[cfg(test)]
mod tests;
