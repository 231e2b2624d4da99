//! mapwire: news documents in, map layers out.
//!
//! The pipeline runs one way and each stage is one module:
//! [`documents`] → [`gazetteer`] → [`geoparse`] → `events` → `layers` → HTTP,
//! with [`tiles`] cutting the layers into vector tiles.

pub mod documents;
pub mod gazetteer;
pub mod geoparse;
pub mod layers;
pub mod server;
pub mod tiles;
