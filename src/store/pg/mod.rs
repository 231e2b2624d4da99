//! The shared store: PostgreSQL with PostGIS, which any number of mapwire
//! replicas point at. Each replica still serves from its in-memory layers;
//! it loads them from the tables at start and keeps them current from the
//! change feed (`LISTEN`/`NOTIFY`, see `listen.rs`), so a write through any
//! replica reaches every other one.
//!
//! - `config.rs`: the URL, `PG*` variables, the address shown in logs.
//! - `tls.rs`: `sslmode` and `sslrootcert` with rustls.
//! - `schema.rs`: tables, checks on open, migrations.
//! - `write.rs`: one transaction per write call, `NOTIFY` at commit.
//! - `read.rs`: records back out.
//! - `listen.rs`: the change feed, with a reload after a reconnect.
//!
//! Connections come from a bounded pool (`deadpool-postgres`): a request
//! waits at most the connect timeout for one, then fails; writes then
//! answer `503` and reads keep being served from memory.

pub mod config;
mod listen;
mod read;
mod schema;
pub mod tls;
mod write;

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio::sync::broadcast;

pub use config::{ConfigError, Limits, Target, describe as describe_config, is_url};
pub use schema::{SCHEMA_VERSION, detail as error_detail};

use super::{
    Change, DocumentRecord, IndexEntry, Result, Revision, Snapshot, Store, StoreError, WriteOp,
    Written,
};

/// Changes buffered for a slow subscriber before it must reload.
const CHANGE_BUFFER: usize = 4096;

/// A PostGIS store.
pub struct PgStore {
    label: String,
    pool: Pool,
    changes: broadcast::Sender<Change>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("at", &self.label).finish()
    }
}

impl PgStore {
    /// Connects, checks (or creates) the tables and starts the change
    /// feed. When the tables are created, `seed` gives the documents to
    /// fill them with. A wrong address or password, a database without
    /// PostGIS, a schema from a newer mapwire or a table altered by hand
    /// stop here with the reason.
    pub async fn open(
        url: &str,
        limits: Limits,
        seed: impl FnOnce() -> Vec<DocumentRecord> + Send,
    ) -> Result<(PgStore, bool)> {
        let Target { config, tls } =
            config::parse(url, limits).map_err(|e| StoreError::Unusable {
                store: "postgres".into(),
                reason: e.to_string(),
            })?;
        let label = config::describe(&config);
        let unusable = |reason: String| StoreError::Unusable {
            store: label.clone(),
            reason,
        };
        let connector = tls::connector(&tls).map_err(|e| unusable(e.to_string()))?;
        // Listening starts before anything is read: a write by another
        // replica between the read and the LISTEN would be missed.
        let (client, notices) = listen::connect(&config, &connector)
            .await
            .map_err(|e| unusable(cannot_connect(&e, &tls)))?;
        let created =
            schema::prepare(&client).await.map_err(&unusable)? == schema::Prepared::Created;
        let manager = Manager::from_config(
            config.clone(),
            connector.clone(),
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(limits.pool.max(1))
            .wait_timeout(Some(limits.connect_timeout))
            .create_timeout(Some(limits.connect_timeout))
            .recycle_timeout(Some(limits.connect_timeout))
            .runtime(Runtime::Tokio1)
            .build()
            .map_err(|e| unusable(format!("cannot make the connection pool: {e}")))?;
        let (changes, _) = broadcast::channel(CHANGE_BUFFER);
        tokio::spawn(listen::run(
            (config, connector),
            label.clone(),
            (client, notices),
            changes.clone(),
        ));
        let store = PgStore {
            label,
            pool,
            changes,
        };
        if created {
            let records = seed();
            if !records.is_empty() {
                let ops = records
                    .into_iter()
                    .map(|r| WriteOp::Upsert(Box::new(r)))
                    .collect();
                store.write(ops).await?;
            }
        }
        Ok((store, created))
    }

    fn failed(&self, what: &str, e: impl std::fmt::Display) -> StoreError {
        StoreError::Database {
            store: self.label.clone(),
            reason: format!("{what}: {e}"),
        }
    }

    async fn client(&self) -> Result<deadpool_postgres::Object> {
        self.pool.get().await.map_err(|e| {
            let reason = match e {
                deadpool_postgres::PoolError::Backend(e) => schema::detail(&e),
                other => other.to_string(),
            };
            self.failed("the database is unavailable", reason)
        })
    }

    /// Open and idle connections of the pool.
    pub fn pool_status(&self) -> (usize, usize) {
        let s = self.pool.status();
        (s.size, s.available)
    }
}

/// Why the first connection failed; with the TLS settings when TLS was
/// asked for, since a certificate problem is then the likely reason.
fn cannot_connect(e: &tokio_postgres::Error, tls: &tls::TlsSettings) -> String {
    match tls.effective() {
        tls::TlsMode::Disable | tls::TlsMode::Prefer => {
            format!("cannot connect: {}", schema::detail(e))
        }
        _ => format!(
            "cannot connect with TLS ({}): {}",
            tls.describe(),
            schema::detail(e)
        ),
    }
}

/// WKB of a geometry (little-endian, as PostGIS writes it).
fn wkb_of(g: &geo::Geometry<f64>) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let options = wkb::writer::WriteOptions {
        endianness: wkb::Endianness::LittleEndian,
    };
    wkb::writer::write_geometry(&mut out, g, &options).ok()?;
    Some(out)
}

/// A geometry from WKB.
pub(crate) fn geometry_of(bytes: &[u8]) -> Option<geo::Geometry<f64>> {
    use geo_traits::to_geo::ToGeoGeometry;
    wkb::reader::read_wkb(bytes).ok()?.try_to_geometry()
}

#[async_trait]
impl Store for PgStore {
    fn describe(&self) -> String {
        format!("PostGIS {}", self.label)
    }

    async fn write(&self, ops: Vec<WriteOp>) -> Result<Vec<Written>> {
        let mut client = self.client().await?;
        let fail = |e: tokio_postgres::Error| self.failed("write failed", schema::detail(&e));
        let mut tx = client.transaction().await.map_err(fail)?;
        let (outcomes, revision, _) = write::apply_all(&mut tx, &ops).await.map_err(fail)?;
        match revision {
            // COMMIT answers once the transaction is durable (the server's
            // synchronous_commit decides what durable means).
            Some(_) => tx.commit().await.map_err(fail)?,
            None => tx.rollback().await.map_err(fail)?,
        }
        Ok(outcomes)
    }

    async fn load_all(&self) -> Result<Snapshot> {
        let mut client = self.client().await?;
        let fail = |e: read::ReadError| self.failed("read failed", e);
        let tx = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .map_err(|e| fail(e.into()))?;
        let revision = read::revision(&*tx).await.map_err(fail)?;
        let extractor_version = read::meta(&*tx, "extractor_version").await.map_err(fail)?;
        let records = read::records(&*tx, None).await.map_err(fail)?;
        tx.commit().await.map_err(|e| fail(e.into()))?;
        Ok(Snapshot {
            revision,
            extractor_version,
            records,
        })
    }

    async fn load(&self, ids: &[String]) -> Result<Vec<DocumentRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let client = self.client().await?;
        read::records(&**client, Some(ids))
            .await
            .map_err(|e| self.failed("read failed", e))
    }

    async fn index(&self) -> Result<Vec<IndexEntry>> {
        let client = self.client().await?;
        read::index(&**client)
            .await
            .map_err(|e| self.failed("read failed", e))
    }

    async fn revision(&self) -> Result<Revision> {
        let client = self.client().await?;
        read::revision(&**client)
            .await
            .map_err(|e| self.failed("read failed", e))
    }

    async fn set_extractor_version(&self, version: &str) -> Result<Revision> {
        let mut client = self.client().await?;
        let fail = |e: tokio_postgres::Error| self.failed("write failed", schema::detail(&e));
        let tx = client.transaction().await.map_err(fail)?;
        let revision: i64 = tx
            .query_one(
                "UPDATE mapwire_meta SET value = (value::bigint + 1)::text
                 WHERE key = 'revision' RETURNING value::bigint",
                &[],
            )
            .await
            .map_err(fail)?
            .get(0);
        tx.execute(
            "INSERT INTO mapwire_meta VALUES ('extractor_version', $1)
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            &[&version],
        )
        .await
        .map_err(fail)?;
        write::notify(&tx, revision as Revision, &[], true)
            .await
            .map_err(fail)?;
        tx.commit().await.map_err(fail)?;
        Ok(revision as Revision)
    }

    fn changes(&self) -> broadcast::Receiver<Change> {
        self.changes.subscribe()
    }
}
