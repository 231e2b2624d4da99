//! mapwire: news documents in, map layers out.
//!
//! The pipeline runs one way and each stage is one module:
//! [`documents`] → [`gazetteer`] → [`geoparse`] → `events` → `layers` → HTTP.

pub mod basemap;
pub mod documents;
pub mod gazetteer;
pub mod geoparse;
