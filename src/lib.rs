//! mapwire: news documents in, map layers out.
//!
//! The pipeline runs one way and each stage is one module:
//! [`documents`] → [`gazetteer`] → [`geoparse`] → [`events`] → [`ingest`]
//! (the `places`, `events` and `flows` layers) → [`layers`] (R-tree indexed
//! collections) → [`server`] (HTTP), with [`tiles`] cutting the layers into
//! vector tiles and [`basemap`] drawing the raster basemap.

pub mod archive;
pub mod basemap;
pub mod documents;
pub mod events;
pub mod export;
pub mod gazetteer;
pub mod geoparse;
pub mod ingest;
pub mod layers;
pub mod live;
pub mod server;
pub mod sharded;
pub mod store;
pub mod tiles;
pub mod watch;
