//! The subcommands of the `mapwire` binary; each turns parsed arguments into
//! calls of the library.

pub mod export;
pub mod geoparse;
pub mod ingest;
pub mod pg_args;
pub mod render_tile;
pub mod serve;
pub mod start;
