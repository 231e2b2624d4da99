//! The store's tables, created as a GeoPackage 1.2 requires (so GDAL and
//! QGIS open the file as it is), the checks an existing file must pass
//! before mapwire writes to it, and the schema migrations.
//!
//! Feature tables (`places`, `events`, `flows`) have an integer `fid`, a
//! `geom` column in EPSG:4326 with an R-tree index, a text `id` (the feature
//! id the server serves), a `properties` column holding the exact JSON the
//! server serves, and one column per property (added as properties appear;
//! see `columns.rs`). `documents` and `mentions` are attribute tables.

use rusqlite::{Connection, OptionalExtension, params};

/// The store schema this binary writes; older ones are migrated on open.
pub const SCHEMA_VERSION: u32 = 1;
/// `PRAGMA application_id` of a GeoPackage: "GPKG" in ASCII.
pub const GPKG_APPLICATION_ID: i32 = 0x4750_4B47;
/// GeoPackage 1.0 and 1.1 files ("GP10", "GP11") are GeoPackages too.
const OLD_APPLICATION_IDS: [i32; 2] = [0x4750_3130, 0x4750_3131];
/// `PRAGMA user_version` of a GeoPackage 1.2 file.
const GPKG_USER_VERSION: i32 = 10200;

/// The feature tables and their geometry types.
pub const FEATURE_TABLES: [(&str, &str, &str); 4] = [
    (
        "places",
        "POINT",
        "Every place the stored documents name, with mention counts",
    ),
    (
        "events",
        "POINT",
        "Dated, sourced events extracted from the stored documents",
    ),
    (
        "claims",
        "POINT",
        "Events the stored documents report as planned, denied or alleged, not as facts",
    ),
    (
        "flows",
        "MULTILINESTRING",
        "Great-circle lines from origin to destination of deployments, port calls and arms transfers",
    ),
];

const WGS84_WKT: &str = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,\
AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,\
AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],\
AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";

const CORE: &str = "
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);
CREATE TABLE gpkg_extensions (
  table_name TEXT,
  column_name TEXT,
  extension_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
);
CREATE TABLE mapwire_meta (
  key TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE documents (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  published TEXT,
  source TEXT,
  url TEXT,
  text TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  origin TEXT NOT NULL,
  added TEXT NOT NULL,
  updated TEXT NOT NULL,
  extractor_version TEXT NOT NULL,
  revision INTEGER NOT NULL
);
CREATE INDEX documents_content_hash ON documents(content_hash);
CREATE TABLE mentions (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  document TEXT NOT NULL,
  start INTEGER NOT NULL,
  \"end\" INTEGER NOT NULL,
  text TEXT NOT NULL,
  name TEXT NOT NULL,
  gazetteer_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  country TEXT NOT NULL,
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  mention TEXT NOT NULL
);
CREATE INDEX mentions_document ON mentions(document);
CREATE INDEX mentions_gazetteer_id ON mentions(gazetteer_id);
CREATE TABLE place_documents (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  place_id TEXT NOT NULL,
  document TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  UNIQUE (place_id, document)
);
CREATE INDEX place_documents_document ON place_documents(document);
";

/// Creates every table of an empty database and stamps it as a GeoPackage
/// and a mapwire store.
pub fn create(conn: &Connection, extractor_version: &str) -> rusqlite::Result<()> {
    conn.pragma_update(None, "application_id", GPKG_APPLICATION_ID)?;
    conn.pragma_update(None, "user_version", GPKG_USER_VERSION)?;
    conn.execute_batch(CORE)?;
    conn.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES
           ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
           ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
           ('WGS 84 geodetic', 4326, 'EPSG', 4326, ?1, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')",
        [WGS84_WKT],
    )?;
    for (table, description) in [
        (
            "documents",
            "The stored news documents, their text and headers",
        ),
        (
            "mentions",
            "Every place name found in the stored documents, with its offsets",
        ),
        (
            "place_documents",
            "Which documents name each place (places.id), and how often",
        ),
    ] {
        conn.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
             VALUES (?1, 'attributes', ?1, ?2)",
            params![table, description],
        )?;
    }
    for (table, geometry_type, description) in FEATURE_TABLES {
        create_feature_table(conn, table, geometry_type, description)?;
    }
    for (key, value) in [
        ("schema_version", SCHEMA_VERSION.to_string()),
        ("extractor_version", extractor_version.to_string()),
        ("revision", "0".to_string()),
        (
            "created",
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        ),
    ] {
        conn.execute(
            "INSERT INTO mapwire_meta (key, value) VALUES (?1, ?2)",
            params![key, value],
        )?;
    }
    Ok(())
}

fn create_feature_table(
    conn: &Connection,
    table: &str,
    geometry_type: &str,
    description: &str,
) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "CREATE TABLE {table} (
           fid INTEGER PRIMARY KEY AUTOINCREMENT,
           geom {geometry_type},
           id TEXT NOT NULL UNIQUE,
           document TEXT,
           properties TEXT NOT NULL
         );
         CREATE INDEX {table}_document ON {table}(document);"
    ))?;
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
         VALUES (?1, 'features', ?1, ?2, 4326)",
        params![table, description],
    )?;
    conn.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, 4326, 0, 0)",
        params![table, geometry_type],
    )?;
    create_rtree(conn, table)
}

/// The R-tree spatial index extension on `{table}.geom` (GeoPackage 1.2,
/// annex F.3): the virtual table and the triggers that keep it in step.
fn create_rtree(conn: &Connection, t: &str) -> rusqlite::Result<()> {
    let r = format!("rtree_{t}_geom");
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE {r} USING rtree(id, minx, maxx, miny, maxy);
         CREATE TRIGGER {r}_insert AFTER INSERT ON {t}
           WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
         BEGIN
           INSERT OR REPLACE INTO {r} VALUES (NEW.fid,
             ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
         END;
         CREATE TRIGGER {r}_update1 AFTER UPDATE OF geom ON {t}
           WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
         BEGIN
           INSERT OR REPLACE INTO {r} VALUES (NEW.fid,
             ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
         END;
         CREATE TRIGGER {r}_update2 AFTER UPDATE OF geom ON {t}
           WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
         BEGIN
           DELETE FROM {r} WHERE id = OLD.fid;
         END;
         CREATE TRIGGER {r}_update3 AFTER UPDATE OF geom ON {t}
           WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
         BEGIN
           DELETE FROM {r} WHERE id = OLD.fid;
           INSERT OR REPLACE INTO {r} VALUES (NEW.fid,
             ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));
         END;
         CREATE TRIGGER {r}_update4 AFTER UPDATE ON {t}
           WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
         BEGIN
           DELETE FROM {r} WHERE id IN (OLD.fid, NEW.fid);
         END;
         CREATE TRIGGER {r}_delete AFTER DELETE ON {t}
           WHEN old.geom NOT NULL
         BEGIN
           DELETE FROM {r} WHERE id = OLD.fid;
         END;"
    ))?;
    conn.execute(
        "INSERT INTO gpkg_extensions VALUES (?1, 'geom', 'gpkg_rtree_index',
           'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
        [t],
    )?;
    Ok(())
}

/// Refreshes a feature table's extent and change time in `gpkg_contents`
/// (GDAL reports that extent).
pub fn touch_contents(conn: &Connection, table: &str) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "UPDATE gpkg_contents SET
               min_x = (SELECT min(minx) FROM rtree_{table}_geom),
               max_x = (SELECT max(maxx) FROM rtree_{table}_geom),
               min_y = (SELECT min(miny) FROM rtree_{table}_geom),
               max_y = (SELECT max(maxy) FROM rtree_{table}_geom),
               last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now')
             WHERE table_name = ?1"
        ),
        [table],
    )?;
    Ok(())
}

/// Why an existing file is not a store this binary may open, if it is not.
/// Reads only: a file that fails is never written to.
pub fn check(conn: &Connection) -> Result<u32, String> {
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| format!("not a GeoPackage ({e})"))?;
    if app != GPKG_APPLICATION_ID && !OLD_APPLICATION_IDS.contains(&app) {
        return Err(format!(
            "not a GeoPackage (SQLite application_id is {app:#x}, a GeoPackage has 0x47504b47)"
        ));
    }
    let has_meta: Option<String> = conn
        .query_row(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'mapwire_meta'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| format!("cannot read the schema: {e}"))?;
    if has_meta.is_none() {
        return Err(
            "a GeoPackage, but not a mapwire store (it has no mapwire_meta table); \
             mapwire does not write into other GeoPackages: choose another --store file"
                .into(),
        );
    }
    let version = meta(conn, "schema_version")
        .map_err(|e| format!("cannot read the schema version: {e}"))?
        .ok_or("the mapwire_meta table has no schema_version")?;
    let version: u32 = version
        .parse()
        .map_err(|_| format!("schema version {version:?} is not a number"))?;
    if version > SCHEMA_VERSION {
        return Err(format!(
            "written by a newer mapwire (store schema {version}; this binary knows schemas up to \
             {SCHEMA_VERSION}): run a newer mapwire, or choose another --store file"
        ));
    }
    let verdict: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| format!("corrupt: {e}"))?;
    if verdict != "ok" {
        return Err(format!("corrupt: SQLite's quick_check says {verdict}"));
    }
    Ok(version)
}

/// Brings a store of schema `from` up to [`SCHEMA_VERSION`] in one
/// transaction. (Schema 1 is the first; later versions add their steps.)
pub fn migrate(conn: &mut Connection, from: u32) -> rusqlite::Result<()> {
    type Step = fn(&Connection) -> rusqlite::Result<()>;
    const STEPS: [Step; 0] = [];
    if from >= SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for step in STEPS.iter().skip(from.saturating_sub(1) as usize) {
        step(&tx)?;
    }
    set_meta(&tx, "schema_version", &SCHEMA_VERSION.to_string())?;
    tx.commit()
}

pub fn meta(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT value FROM mapwire_meta WHERE key = ?1",
        [key],
        |r| r.get(0),
    )
    .optional()
}

pub fn set_meta(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO mapwire_meta (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
