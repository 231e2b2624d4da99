//! The PostGIS tables, the checks a database must pass before mapwire
//! writes to it, and the schema migrations.
//!
//! Feature tables have a `bigserial` `fid`, a text `id` (the feature id the
//! server serves), the `document` it came from, `properties` (the exact JSON
//! the server serves, as `json`, which keeps it as written) and a `geom`
//! column in EPSG:4326 with a GIST index — the shape GDAL, QGIS, Martin and
//! pg_featureserv read. Rows of a document go with it (`ON DELETE CASCADE`).

use tokio_postgres::Client;

/// The schema this binary writes; older ones are migrated on open.
pub const SCHEMA_VERSION: u32 = 1;

/// Serialises schema creation and migration between replicas starting at
/// once (a session advisory lock; any constant both agree on).
const SCHEMA_LOCK: i64 = 0x6d61_7077_6972_6501;

/// The feature tables and their geometry types.
pub const FEATURE_TABLES: [(&str, &str); 4] = [
    ("places", "Point"),
    ("events", "Point"),
    ("claims", "Point"),
    ("flows", "MultiLineString"),
];

/// Version 1: everything. Later versions append their steps to
/// [`MIGRATIONS`].
const CREATE: &str = "
CREATE TABLE mapwire_meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE documents (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  title text, published text, source text, url text,
  text text NOT NULL,
  content_hash text NOT NULL,
  origin text NOT NULL,
  added text NOT NULL,
  updated text NOT NULL,
  extractor_version text NOT NULL,
  revision bigint NOT NULL
);
CREATE INDEX documents_content_hash ON documents (content_hash);
CREATE TABLE mentions (
  fid bigserial PRIMARY KEY,
  document text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  gazetteer_id text NOT NULL,
  name text NOT NULL, kind text NOT NULL, country text NOT NULL,
  mention json NOT NULL,
  geom geometry(Point, 4326) NOT NULL
);
CREATE INDEX mentions_document ON mentions (document);
CREATE INDEX mentions_gazetteer_id ON mentions (gazetteer_id);
CREATE INDEX mentions_geom ON mentions USING GIST (geom);
CREATE TABLE place_documents (
  place_id text NOT NULL,
  document text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  mentions integer NOT NULL,
  PRIMARY KEY (place_id, document)
);
CREATE INDEX place_documents_document ON place_documents (document);
CREATE TABLE places (
  fid bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  name text NOT NULL, kind text NOT NULL, country text NOT NULL,
  mentions integer NOT NULL,
  properties json NOT NULL,
  geom geometry(Point, 4326) NOT NULL
);
CREATE INDEX places_geom ON places USING GIST (geom);
";

/// The DDL of a document feature table.
fn feature_table(name: &str, geometry: &str) -> String {
    format!(
        "CREATE TABLE {name} (
           fid bigserial PRIMARY KEY,
           id text NOT NULL,
           document text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
           properties json NOT NULL,
           geom geometry({geometry}, 4326)
         );
         CREATE INDEX {name}_document ON {name} (document);
         CREATE INDEX {name}_geom ON {name} USING GIST (geom);"
    )
}

/// Steps from version N-1 to N, for N = 2, 3, ... (none yet).
const MIGRATIONS: &[(u32, &str)] = &[];

/// The columns a check expects, per table (name, `udt_name`).
const COLUMNS: &[(&str, &[(&str, &str)])] = &[
    (
        "documents",
        &[
            ("seq", "int8"),
            ("id", "text"),
            ("text", "text"),
            ("content_hash", "text"),
            ("origin", "text"),
            ("extractor_version", "text"),
            ("revision", "int8"),
        ],
    ),
    (
        "mentions",
        &[
            ("document", "text"),
            ("gazetteer_id", "text"),
            ("mention", "json"),
            ("geom", "geometry"),
        ],
    ),
    (
        "place_documents",
        &[
            ("place_id", "text"),
            ("document", "text"),
            ("mentions", "int4"),
        ],
    ),
    ("places", FEATURE_COLUMNS),
    ("events", FEATURE_COLUMNS),
    ("claims", FEATURE_COLUMNS),
    ("flows", FEATURE_COLUMNS),
];

const FEATURE_COLUMNS: &[(&str, &str)] = &[
    ("fid", "int8"),
    ("id", "text"),
    ("properties", "json"),
    ("geom", "geometry"),
];

/// What `prepare` found.
#[derive(Debug, PartialEq, Eq)]
pub enum Prepared {
    /// The tables were made now: the caller fills the store.
    Created,
    Existing,
}

/// Checks PostGIS, then creates, migrates or checks the tables. Holds an
/// advisory lock meanwhile so that replicas starting together take turns.
pub async fn prepare(client: &Client) -> Result<Prepared, String> {
    client
        .query_one("SELECT pg_advisory_lock($1)", &[&SCHEMA_LOCK])
        .await
        .map_err(|e| format!("cannot take the schema lock: {}", detail(&e)))?;
    let result = prepare_locked(client).await;
    let _ = client
        .query_one("SELECT pg_advisory_unlock($1)", &[&SCHEMA_LOCK])
        .await;
    result
}

async fn prepare_locked(client: &Client) -> Result<Prepared, String> {
    postgis(client).await?;
    let exists: bool = client
        .query_one("SELECT to_regclass('mapwire_meta') IS NOT NULL", &[])
        .await
        .map_err(|e| detail(&e))?
        .get(0);
    if !exists {
        let foreign: Option<String> = client
            .query_opt(
                "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = current_schema() AND c.relkind = 'r'
                   AND c.relname::text = ANY($1) LIMIT 1",
                &[&COLUMNS.iter().map(|(t, _)| t.to_string()).collect::<Vec<_>>()],
            )
            .await
            .map_err(|e| detail(&e))?
            .map(|r| r.get(0));
        if let Some(table) = foreign {
            return Err(format!(
                "a table named {table} exists but this is not a mapwire store (no mapwire_meta): \
                 use another database or schema"
            ));
        }
        create(client).await?;
        return Ok(Prepared::Created);
    }
    let version: u32 = client
        .query_opt(
            "SELECT value FROM mapwire_meta WHERE key = 'schema_version'",
            &[],
        )
        .await
        .map_err(|e| detail(&e))?
        .and_then(|r| r.get::<_, String>(0).parse().ok())
        .ok_or("mapwire_meta has no schema_version: the store was altered by hand")?;
    if version > SCHEMA_VERSION {
        return Err(format!(
            "the store has schema version {version}, made by a newer mapwire; this one \
             writes version {SCHEMA_VERSION}: upgrade mapwire"
        ));
    }
    migrate(client, version).await?;
    check(client).await?;
    Ok(Prepared::Existing)
}

/// PostGIS present, or added when the user may.
async fn postgis(client: &Client) -> Result<(), String> {
    let present = client
        .query_opt(
            "SELECT extversion FROM pg_extension WHERE extname = 'postgis'",
            &[],
        )
        .await
        .map_err(|e| detail(&e))?
        .is_some();
    if present {
        return Ok(());
    }
    client
        .batch_execute("CREATE EXTENSION IF NOT EXISTS postgis")
        .await
        .map_err(|e| {
            format!(
                "the database has no PostGIS and it could not be added ({}): install PostGIS \
                 and run CREATE EXTENSION postgis as the database's owner",
                detail(&e)
            )
        })
}

async fn create(client: &Client) -> Result<(), String> {
    let mut ddl = String::from("BEGIN;\n");
    ddl.push_str(CREATE);
    for (name, geometry) in FEATURE_TABLES.iter().filter(|(n, _)| *n != "places") {
        ddl.push_str(&feature_table(name, geometry));
    }
    ddl.push_str(&format!(
        "INSERT INTO mapwire_meta VALUES ('schema_version', '{SCHEMA_VERSION}'), ('revision', '0');
         COMMIT;"
    ));
    client
        .batch_execute(&ddl)
        .await
        .map_err(|e| format!("cannot create the tables: {}", detail(&e)))
}

async fn migrate(client: &Client, from: u32) -> Result<(), String> {
    for (to, sql) in MIGRATIONS.iter().filter(|(to, _)| *to > from) {
        let step = format!(
            "BEGIN; {sql}; UPDATE mapwire_meta SET value = '{to}' WHERE key = 'schema_version'; COMMIT;"
        );
        client
            .batch_execute(&step)
            .await
            .map_err(|e| format!("migration to schema {to} failed: {}", detail(&e)))?;
        tracing::info!("store migrated to schema version {to}");
    }
    Ok(())
}

/// Every table and column mapwire reads, of the type it reads, and every
/// geometry column in EPSG:4326: a table altered by hand is named.
async fn check(client: &Client) -> Result<(), String> {
    for (table, columns) in COLUMNS {
        let rows = client
            .query(
                "SELECT column_name::text, udt_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = $1",
                &[table],
            )
            .await
            .map_err(|e| detail(&e))?;
        if rows.is_empty() {
            return Err(format!(
                "table {table} is missing: the store was altered by hand"
            ));
        }
        for (name, kind) in *columns {
            let found = rows
                .iter()
                .find(|r| r.get::<_, String>(0) == *name)
                .map(|r| r.get::<_, String>(1));
            match found {
                None => {
                    return Err(format!(
                        "table {table} has no column {name}: the store was altered by hand"
                    ));
                }
                Some(k) if k != *kind => {
                    return Err(format!(
                        "column {table}.{name} is {k}, not {kind}: the store was altered by hand"
                    ));
                }
                Some(_) => {}
            }
        }
    }
    let srids = client
        .query(
            "SELECT f_table_name::text, srid FROM geometry_columns
             WHERE f_table_schema = current_schema() AND f_table_name = ANY($1)",
            &[&FEATURE_TABLES
                .iter()
                .map(|(t, _)| t.to_string())
                .collect::<Vec<_>>()],
        )
        .await
        .map_err(|e| detail(&e))?;
    for row in srids {
        let (table, srid): (String, i32) = (row.get(0), row.get(1));
        if srid != 4326 {
            return Err(format!(
                "{table}.geom is in SRID {srid}, not 4326: the store was altered by hand"
            ));
        }
    }
    Ok(())
}

/// The server's message, with its detail when it gave one.
pub fn detail(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(d) => format!("{} ({d})", db.message()),
            None => db.message().to_string(),
        },
        // tokio-postgres names the step ("error performing TLS
        // handshake") and keeps the cause ("invalid peer certificate:
        // UnknownIssuer") as its source.
        None => {
            let mut text = e.to_string();
            let mut cause = std::error::Error::source(e);
            while let Some(c) = cause {
                let more = c.to_string();
                if !text.contains(&more) {
                    text = format!("{text}: {more}");
                }
                cause = c.source();
            }
            text
        }
    }
}
