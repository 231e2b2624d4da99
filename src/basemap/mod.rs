//! An offline raster basemap: PNG tiles drawn from Natural Earth countries.
//!
//! [`Basemap::render`] draws an XYZ Web Mercator tile (256 px, or 512 px at
//! `@2x`): sea, land, coastlines, borders, highlighted countries and
//! capital / event-place labels, in one of the embedded TOML styles. All data
//! (countries at 1:110m, 1:50m and 1:10m, capitals, the font, the styles) is compiled
//! into the binary; see `docs/basemap.md`.

mod cache;
mod clip;
mod collection;
mod data;
mod douglas_peucker;
mod encode;
mod error;
mod labels;
mod marks;
mod mercator;
mod nested;
mod render;
mod simplify;
mod style;
mod text;
mod tilejson;
mod update;

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

pub use cache::{CachedTile, TileCache, etag, etag_matches};
pub use collection::{countries_collection, countries_collection_at};
pub use data::{CountryInfo, FINE_FROM_ZOOM, MEDIUM_FROM_ZOOM, Resolution};
pub use error::{BasemapError, StyleError};
pub use marks::event_marks;
pub use mercator::{project, unproject};
pub use style::{BUILTIN_STYLES, Style};

use cache::TileKey;
use data::Data;
use labels::{LabelKind, LabelSpec, Placed};
use render::TileJob;
use text::Font;

/// Highest zoom served. Natural Earth 1:10m is ~400 m precise; beyond z14
/// tiles would only magnify its vertices.
pub const MAX_ZOOM: u8 = 14;
/// Default byte bound of the tile cache.
pub const DEFAULT_CACHE_BYTES: usize = 64 << 20;

/// A labelled point supplied by the caller (an event's place).
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceLabel {
    pub name: String,
    pub lon: f64,
    pub lat: f64,
}

/// The basemap renderer: styles, highlighted countries, labels and a cache.
pub struct Basemap {
    data: &'static Data,
    font: Font,
    styles: Vec<Style>,
    highlighted: HashSet<String>,
    /// Per resolution, per country: highlighted?
    masks: Vec<OnceLock<Vec<bool>>>,
    places: Vec<PlaceLabel>,
    /// Per style, per zoom: labels placed over the whole world, on demand.
    placements: Vec<Vec<OnceLock<Vec<Placed>>>>,
    cache: TileCache,
}

impl std::fmt::Debug for Basemap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Basemap")
            .field("styles", &self.style_names())
            .field("highlighted", &self.highlighted.len())
            .field("places", &self.places.len())
            .finish_non_exhaustive()
    }
}

impl Basemap {
    /// A basemap with the built-in `light` and `dark` styles.
    pub fn new() -> Result<Basemap, BasemapError> {
        Basemap::with_styles(BUILTIN_STYLES)
    }

    /// A basemap with the given styles, as (origin, TOML text); the first
    /// is the default. Fails on the first invalid style, naming the field.
    pub fn with_styles(styles: &[(&str, &str)]) -> Result<Basemap, BasemapError> {
        let mut parsed: Vec<Style> = Vec::new();
        for (origin, text) in styles {
            let style = Style::parse(origin, text)?;
            if parsed.iter().any(|s| s.name == style.name) {
                return Err(StyleError::Duplicate(style.name).into());
            }
            parsed.push(style);
        }
        let data = data::data()?;
        let mut basemap = Basemap {
            data,
            font: Font::builtin()?,
            placements: Vec::new(),
            styles: parsed,
            highlighted: HashSet::new(),
            masks: Vec::new(),
            places: Vec::new(),
            cache: TileCache::new(DEFAULT_CACHE_BYTES),
        };
        basemap.invalidate();
        Ok(basemap)
    }

    /// Replaces the tile cache with one bounded to `max_bytes`.
    pub fn with_cache_bytes(mut self, max_bytes: usize) -> Basemap {
        self.cache = TileCache::new(max_bytes);
        self
    }

    /// The countries of one resolution (their index is the drawing order),
    /// e.g. to check highlight codes against.
    pub fn countries(&self, resolution: Resolution) -> Result<&[CountryInfo], BasemapError> {
        Ok(&self.data.layer(resolution)?.countries)
    }

    /// Decodes every resolution now (about 0.3 s in a release build) instead
    /// of on the first tile that needs it; a server calls this at start-up.
    pub fn preload(&self) -> Result<(), BasemapError> {
        for resolution in Resolution::ALL {
            self.data.layer(resolution)?;
        }
        Ok(())
    }

    /// Names of the styles, the default first.
    pub fn style_names(&self) -> Vec<&str> {
        self.styles.iter().map(|s| s.name.as_str()).collect()
    }

    /// Sets the countries drawn highlighted, by ISO 3166-1 alpha-2 code
    /// (case-insensitive; unknown codes are ignored).
    pub fn highlight<I, S>(&mut self, iso2: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.highlighted = iso2
            .into_iter()
            .map(|c| c.as_ref().trim().to_ascii_uppercase())
            .collect();
        self.invalidate();
    }

    /// Sets the event-place labels (drawn from the style's label zoom up,
    /// ahead of capitals).
    pub fn set_places(&mut self, places: Vec<PlaceLabel>) {
        self.places = places;
        self.invalidate();
    }

    /// Drops highlight masks, label placements and cached tiles.
    fn invalidate(&mut self) {
        self.masks = Resolution::ALL.iter().map(|_| OnceLock::new()).collect();
        self.placements = self
            .styles
            .iter()
            .map(|_| (0..=MAX_ZOOM).map(|_| OnceLock::new()).collect())
            .collect();
        self.cache.clear();
    }

    /// Renders tile `z/x/y` at `scale` (1 → 256 px, 2 → 512 px) in `style`
    /// to PNG bytes. Bad coordinates, scales or styles are client errors.
    pub fn render(
        &self,
        z: u32,
        x: u32,
        y: u32,
        scale: u32,
        style: &str,
    ) -> Result<Vec<u8>, BasemapError> {
        let key = self.check(z, x, y, scale, style)?;
        self.render_key(&key)
    }

    /// Like [`Basemap::render`] but served from / stored in the LRU cache,
    /// with the tile's ETag.
    pub fn render_cached(
        &self,
        z: u32,
        x: u32,
        y: u32,
        scale: u32,
        style: &str,
    ) -> Result<Arc<CachedTile>, BasemapError> {
        let key = self.check(z, x, y, scale, style)?;
        if let Some(tile) = self.cache.get(&key) {
            return Ok(tile);
        }
        let tile = Arc::new(CachedTile::new(self.render_key(&key)?));
        self.cache.insert(key, Arc::clone(&tile));
        Ok(tile)
    }

    /// The tile cache (for its usage figures).
    pub fn cache(&self) -> &TileCache {
        &self.cache
    }

    /// Validates a request into a cache key.
    fn check(
        &self,
        z: u32,
        x: u32,
        y: u32,
        scale: u32,
        style: &str,
    ) -> Result<TileKey, BasemapError> {
        if z > u32::from(MAX_ZOOM) {
            return Err(BasemapError::ZoomOutOfRange { z, max: MAX_ZOOM });
        }
        let n = 1u32 << z;
        if x >= n || y >= n {
            return Err(BasemapError::TileOutOfRange { z, x, y, n });
        }
        if !(1..=2).contains(&scale) {
            return Err(BasemapError::UnsupportedScale(scale));
        }
        let style = self
            .styles
            .iter()
            .position(|s| s.name == style)
            .ok_or_else(|| BasemapError::UnknownStyle {
                name: style.to_string(),
                known: self.style_names().join(", "),
            })?;
        Ok(TileKey {
            style,
            z: z as u8,
            x,
            y,
            scale: scale as u8,
        })
    }

    fn render_key(&self, key: &TileKey) -> Result<Vec<u8>, BasemapError> {
        let style = &self.styles[key.style];
        let resolution = Resolution::for_zoom(key.z);
        let layer = self.data.layer(resolution)?;
        let mask = self.masks[resolution.index()].get_or_init(|| {
            layer
                .countries
                .iter()
                .map(|c| !c.iso_a2.is_empty() && self.highlighted.contains(&c.iso_a2))
                .collect()
        });
        let job = TileJob {
            frame: mercator::TileFrame {
                z: key.z,
                x: key.x,
                y: key.y,
                size: 256.0 * f64::from(key.scale),
            },
            scale: f32::from(key.scale),
            style,
            layer,
            highlighted: mask,
            labels: self.labels(key.style, key.z),
        };
        let pixmap =
            render::render(&job).ok_or_else(|| BasemapError::Encode("empty pixmap".into()))?;
        encode::encode_png(&pixmap)
    }

    /// Labels placed for one style and zoom, computed on first use.
    fn labels(&self, style: usize, z: u8) -> &[Placed] {
        let s = &self.styles[style];
        if !s.labels.enabled || z < s.labels.min_zoom {
            return &[];
        }
        self.placements[style][usize::from(z)]
            .get_or_init(|| labels::place(&self.label_specs(), z, &s.labels, &self.font))
    }

    /// Event places first (in the caller's order), then capitals: those of
    /// highlighted countries first, then by population.
    fn label_specs(&self) -> Vec<LabelSpec> {
        let finite = |p: &&PlaceLabel| p.lon.is_finite() && p.lat.is_finite();
        let places = self
            .places
            .iter()
            .filter(finite)
            .enumerate()
            .map(|(i, p)| LabelSpec {
                text: p.name.clone(),
                world: project(p.lon, p.lat),
                kind: LabelKind::Place,
                rank: i as u64,
            });
        let capitals = self.data.capitals.iter().map(|c| {
            let boost = if self.highlighted.contains(&c.iso_a2) {
                0
            } else {
                1 << 40
            };
            LabelSpec {
                text: c.name.clone(),
                world: c.world,
                kind: LabelKind::Capital,
                rank: boost + (u64::MAX >> 24).saturating_sub(c.population),
            }
        });
        places.chain(capitals).collect()
    }

    /// Raster TileJSON 3.0.0 for the default style; `base_url` is the
    /// server's root (e.g. `http://localhost:8080`).
    pub fn tilejson(&self, base_url: &str) -> serde_json::Value {
        tilejson::tilejson(base_url, &self.style_names())
    }
}
