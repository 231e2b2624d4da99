//! PostGIS tables as layers (`serve --pg-layers URL`): every table or view
//! with a `geometry` column (or the tables named), read once into the same
//! in-memory [`Layer`] and R-tree a GeoJSON file makes, so OGC API –
//! Features, vector tiles and TileJSON serve it unchanged. Read again on
//! SIGHUP.
//!
//! PostgreSQL does the typing: each row's other columns become one JSON
//! object through `row_to_json` (numbers stay numbers, `bool` stays a
//! boolean, dates and times become ISO 8601 strings, `json`/`jsonb` nest,
//! arrays become arrays), in the table's column order. The geometry comes as
//! 2D WKB (`ST_AsBinary(ST_Force2D(..))`), decoded by the `wkb` crate; a
//! column in another SRID is transformed to EPSG:4326 by PostGIS
//! (`ST_Transform`), and one with no SRID at all (0) is refused, since
//! nobody can tell what its numbers mean.

use tokio_postgres::Client;

use super::build::LayerBuilder;
use super::{Geometry, Layer};
use crate::store::pg::{config, tls};

mod schema;

pub use schema::Table;

/// Time one statement (the read of a whole table) may take.
const STATEMENT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(600);

/// Why the PostGIS layers could not be loaded. Messages name the database
/// as `postgres://user@host:port/db`, never with the password.
#[derive(Debug, thiserror::Error)]
pub enum PgLayerError {
    #[error("--pg-layers: {0}")]
    Config(String),
    #[error("--pg-layers {db}: cannot connect: {reason}")]
    Connect { db: String, reason: String },
    #[error("--pg-layers {db}: the database has no PostGIS (CREATE EXTENSION postgis)")]
    NoPostgis { db: String },
    #[error("--pg-layers {db}: no table or view {table:?} (or its user may not read it)")]
    NoSuchTable { db: String, table: String },
    #[error("--pg-layers {db}: {table} has no geometry column")]
    NoGeometry { db: String, table: String },
    #[error(
        "--pg-layers {db}: {table}.{column} has no SRID (0), so its coordinates cannot be \
         placed; set it, e.g. ALTER TABLE {table} ALTER COLUMN {column} TYPE geometry(Geometry, \
         4326) USING ST_SetSRID({column}, 4326)"
    )]
    NoSrid {
        db: String,
        table: String,
        column: String,
    },
    #[error("--pg-layers {db}: no table or view with a geometry column that its user may read")]
    Nothing { db: String },
    #[error("--pg-layers {db}: {table}: {reason}")]
    Read {
        db: String,
        table: String,
        reason: String,
    },
}

/// Where the layers come from: a database and, optionally, which tables.
#[derive(Debug, Clone)]
pub struct PgLayers {
    url: String,
    /// `table` or `schema.table`; empty: every table with a geometry column.
    tables: Vec<String>,
}

impl PgLayers {
    /// Checks the URL at once (a typo stops the start before any connection).
    pub fn new(url: &str, tables: Vec<String>) -> Result<PgLayers, PgLayerError> {
        config::parse(url, limits()).map_err(|e| PgLayerError::Config(e.to_string()))?;
        Ok(PgLayers {
            url: url.to_string(),
            tables,
        })
    }

    /// The database, without the password.
    pub fn describe(&self) -> String {
        config::parse(&self.url, limits())
            .map(|t| config::describe(&t.config))
            .unwrap_or_else(|_| "postgres".into())
    }

    /// Connects, finds the tables and reads each whole into a layer (ids:
    /// the table name, `schema.table` outside `public`).
    pub async fn load(&self) -> Result<Vec<Layer>, PgLayerError> {
        let config::Target { config, tls } =
            config::parse(&self.url, limits()).map_err(|e| PgLayerError::Config(e.to_string()))?;
        let db = config::describe(&config);
        // The same TLS settings (sslmode, sslrootcert) as the store's.
        let connector = tls::connector(&tls).map_err(|e| PgLayerError::Connect {
            db: db.clone(),
            reason: e.to_string(),
        })?;
        let (client, connection) =
            config
                .connect(connector)
                .await
                .map_err(|e| PgLayerError::Connect {
                    db: db.clone(),
                    reason: crate::store::pg::error_detail(&e),
                })?;
        // The connection ends when `client` is dropped at the end of the load.
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!("--pg-layers connection ended: {e}");
            }
        });
        let tables = schema::tables(&client, &db, &self.tables).await?;
        if tables.is_empty() {
            return Err(PgLayerError::Nothing { db });
        }
        let mut layers = Vec::with_capacity(tables.len());
        for table in &tables {
            let started = std::time::Instant::now();
            let layer = read(&client, &db, table).await?;
            tracing::info!(
                layer = %layer.id,
                features = layer.len(),
                srid = table.srid,
                elapsed_ms = started.elapsed().as_millis() as u64,
                "loaded from {db}"
            );
            layers.push(layer);
        }
        Ok(layers)
    }
}

fn limits() -> config::Limits {
    config::Limits {
        pool: 1,
        statement_timeout: STATEMENT_TIMEOUT,
        ..config::Limits::default()
    }
}

/// Reads one table into a layer, row by row (rows are never all held).
async fn read(client: &Client, db: &str, table: &Table) -> Result<Layer, PgLayerError> {
    use tokio_stream::StreamExt;
    let fail = |reason: String| PgLayerError::Read {
        db: db.to_string(),
        table: table.qualified(),
        reason,
    };
    let sql = table.select();
    let rows = client
        .query_raw(sql.as_str(), std::iter::empty::<&str>())
        .await
        .map_err(|e| fail(crate::store::pg::error_detail(&e)))?;
    let mut rows = std::pin::pin!(rows);
    let description = format!(
        "PostGIS {}: {}.{} ({})",
        table.kind,
        table.qualified(),
        table.geometry,
        if table.srid == 4326 {
            "EPSG:4326".to_string()
        } else if table.srid < 0 {
            "several SRIDs transformed to EPSG:4326".to_string()
        } else {
            format!("EPSG:{} transformed to EPSG:4326", table.srid)
        }
    );
    let mut builder = LayerBuilder::new(&table.layer_id(), &table.name, &description);
    let mut n = 0usize;
    while let Some(row) = rows.next().await {
        let row = row.map_err(|e| fail(crate::store::pg::error_detail(&e)))?;
        n += 1;
        let at = |reason: String| fail(format!("row {n}: {reason}"));
        let wkb: Option<&[u8]> = row.try_get(0).map_err(|e| at(e.to_string()))?;
        let id: Option<&str> = row.try_get(1).map_err(|e| at(e.to_string()))?;
        let properties: Option<&str> = row.try_get(2).map_err(|e| at(e.to_string()))?;
        let geometry = match wkb {
            None => Geometry::Null,
            Some(bytes) => geometry(bytes).ok_or_else(|| at("unreadable WKB".into()))?,
        };
        builder.push_raw(id, geometry, properties).map_err(at)?;
    }
    // Bulk-loading the R-tree of a large table takes a moment: off the
    // async threads.
    let finished = tokio::task::spawn_blocking(move || builder.finish())
        .await
        .map_err(|e| fail(e.to_string()))?;
    finished.map_err(|dup| fail(dup.to_string()))
}

/// A WKB geometry in the layer's compact form. A multipoint of one point
/// (what `ogr2ogr -nlt PROMOTE_TO_MULTI` makes of points) is a point again:
/// the same place, and the tiles' point paths (thinning, clusters) take it.
fn geometry(bytes: &[u8]) -> Option<Geometry> {
    let g = crate::store::pg::geometry_of(bytes)?;
    Some(match g {
        geo::Geometry::Point(p) => Geometry::Point([p.x(), p.y()]),
        geo::Geometry::MultiPoint(m) if m.0.len() == 1 => Geometry::Point([m.0[0].x(), m.0[0].y()]),
        other => Geometry::Other(Box::new(other)),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_bad_url_is_refused_without_its_password() {
        let e = PgLayers::new("postgres://ana:s3cret@db:notaport/x", vec![]).unwrap_err();
        let shown = e.to_string();
        assert!(shown.starts_with("--pg-layers: "), "{shown}");
        assert!(!shown.contains("s3cret"), "{shown}");
    }

    #[test]
    fn one_point_multipoints_are_points() {
        let mut wkb = vec![1u8, 4, 0, 0, 0, 1, 0, 0, 0];
        wkb.extend([1u8, 1, 0, 0, 0]);
        wkb.extend((-82.38f64).to_le_bytes());
        wkb.extend(23.13f64.to_le_bytes());
        assert_eq!(geometry(&wkb), Some(Geometry::Point([-82.38, 23.13])));
        assert_eq!(geometry(&[1, 2, 3]), None);
    }
}
