//! mapwire: news documents in, map layers out.
//!
//! The pipeline runs one way and each stage is one module:
//! [`documents`] → [`gazetteer`] → [`geoparse`] → [`events`] → layers → HTTP.
//! [`ingest`] writes the event layers (`places`, `events`, `flows`) to disk.

pub mod documents;
pub mod events;
pub mod gazetteer;
pub mod geoparse;
pub mod ingest;
