//! Which tables are layers, and what of each is read: the catalog queries.

use tokio_postgres::Client;

use super::PgLayerError;
use crate::store::pg::error_detail;

/// Relations that can be layers: tables, views, materialized views,
/// partitioned and foreign tables.
const KINDS: &str = "('r', 'v', 'm', 'p', 'f')";

/// A table (or view) read as a layer.
#[derive(Debug, Clone)]
pub struct Table {
    pub oid: u32,
    pub schema: String,
    pub name: String,
    /// "table", "view", ...
    pub kind: &'static str,
    /// The geometry column (the first, when there are several).
    pub geometry: String,
    /// Its SRID (declared, or found in the rows when the column declares none).
    pub srid: i32,
    /// A one-column primary key of numbers or text: the features' ids.
    pub id: Option<String>,
    /// Every other column, in table order: the features' properties.
    pub columns: Vec<String>,
}

impl Table {
    /// `schema.table`, quoted only where SQL needs it (as in messages).
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }

    /// The layer id: the table name, `schema.table` outside `public`.
    pub fn layer_id(&self) -> String {
        let id = if self.schema == "public" {
            self.name.clone()
        } else {
            self.qualified()
        };
        crate::layers::files::layer_id(&id)
    }

    /// The statement reading the layer: 2D WKB in EPSG:4326 (NULL for an
    /// empty geometry), the id as JSON text, the other columns as one JSON
    /// object in column order.
    pub fn select(&self) -> String {
        let g = format!("t.{}", quote(&self.geometry));
        let g = if self.srid == 4326 {
            g
        } else {
            format!("ST_Transform({g}, 4326)")
        };
        let id = self.id.as_ref().map_or("NULL".to_string(), |c| {
            format!("to_json(t.{})::text", quote(c))
        });
        let properties = if self.columns.is_empty() {
            "'{}'".to_string()
        } else {
            let cols: Vec<String> = self
                .columns
                .iter()
                .map(|c| format!("t.{}", quote(c)))
                .collect();
            format!(
                "(SELECT row_to_json(p) FROM (SELECT {}) p)::text",
                cols.join(", ")
            )
        };
        let order = self
            .id
            .as_ref()
            .map_or(String::new(), |c| format!(" ORDER BY t.{}", quote(c)));
        format!(
            "SELECT CASE WHEN ST_IsEmpty({g}) THEN NULL ELSE ST_AsBinary(ST_Force2D({g})) END, \
             {id}, {properties} FROM {}.{} t{order}",
            quote(&self.schema),
            quote(&self.name)
        )
    }
}

/// An SQL identifier, quoted.
fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// The tables to read: those `wanted` (each must exist and have a geometry
/// column), or every readable table with one, outside the system schemas
/// and outside a schema holding a mapwire store (its own tables are served
/// as its layers already).
pub async fn tables(
    client: &Client,
    db: &str,
    wanted: &[String],
) -> Result<Vec<Table>, PgLayerError> {
    let sql_error = |e: tokio_postgres::Error| PgLayerError::Read {
        db: db.to_string(),
        table: "(catalog)".into(),
        reason: error_detail(&e),
    };
    let postgis: Option<String> = client
        .query_one("SELECT to_regtype('geometry')::text", &[])
        .await
        .map_err(sql_error)?
        .get(0);
    if postgis.is_none() {
        return Err(PgLayerError::NoPostgis { db: db.into() });
    }
    let relations: Vec<(u32, String, String, i8)> = if wanted.is_empty() {
        let sql = format!(
            "SELECT c.oid, n.nspname::text, c.relname::text, c.relkind::\"char\" \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relkind IN {KINDS} AND NOT c.relispartition \
               AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'topology', 'tiger') \
               AND has_table_privilege(c.oid, 'SELECT') \
               AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid \
                   AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid = 'geometry'::regtype) \
               AND NOT EXISTS (SELECT 1 FROM pg_class m WHERE m.relnamespace = c.relnamespace \
                   AND m.relname = 'mapwire_meta') \
             ORDER BY n.nspname, c.relname"
        );
        let rows = client.query(&sql, &[]).await.map_err(sql_error)?;
        rows.iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect()
    } else {
        let sql = format!(
            "SELECT c.oid, n.nspname::text, c.relname::text, c.relkind::\"char\" \
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.oid = to_regclass($1) AND c.relkind IN {KINDS}"
        );
        let mut found = Vec::new();
        for name in wanted {
            let row = client
                .query_opt(&sql, &[name])
                .await
                .map_err(|e| PgLayerError::NoSuchTable {
                    db: db.into(),
                    table: format!("{name} ({})", error_detail(&e)),
                })?
                .ok_or_else(|| PgLayerError::NoSuchTable {
                    db: db.into(),
                    table: name.clone(),
                })?;
            found.push((row.get(0), row.get(1), row.get(2), row.get(3)));
        }
        found
    };
    let mut tables = Vec::with_capacity(relations.len());
    for (oid, schema, name, kind) in relations {
        match describe(client, db, oid, schema, name, kind).await {
            Ok(t) => tables.push(t),
            // Found by looking around: a table that cannot be a layer is
            // skipped with the reason; one asked for by name stops the start.
            Err(e @ PgLayerError::NoSrid { .. }) if wanted.is_empty() => {
                tracing::warn!("not served: {e}");
            }
            Err(e) => return Err(e),
        }
    }
    Ok(tables)
}

/// The columns of one relation: its geometry, SRID, id and properties.
async fn describe(
    client: &Client,
    db: &str,
    oid: u32,
    schema: String,
    name: String,
    kind: i8,
) -> Result<Table, PgLayerError> {
    let qualified = format!("{schema}.{name}");
    let sql_error = |e: tokio_postgres::Error| PgLayerError::Read {
        db: db.to_string(),
        table: qualified.clone(),
        reason: error_detail(&e),
    };
    let columns = client
        .query(
            "SELECT a.attname::text, format_type(a.atttypid, NULL), \
                    CASE WHEN a.atttypid = 'geometry'::regtype \
                         THEN postgis_typmod_srid(a.atttypmod) END, \
                    t.typcategory::text = ANY (ARRAY['N', 'S']) OR t.typname = 'uuid', \
                    EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid \
                            AND i.indisprimary AND i.indnatts = 1 AND i.indkey[0] = a.attnum) \
             FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid \
             WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped \
             ORDER BY a.attnum",
            &[&oid],
        )
        .await
        .map_err(sql_error)?;
    let mut geometry: Option<(String, i32)> = None;
    let mut id = None;
    let mut properties = Vec::new();
    for row in &columns {
        let column: String = row.get(0);
        let type_name: String = row.get(1);
        let srid: Option<i32> = row.get(2);
        let id_like: bool = row.get(3);
        let primary: bool = row.get(4);
        if let Some(srid) = srid {
            if geometry.is_none() {
                geometry = Some((column, srid));
            } else {
                tracing::info!(
                    "{qualified}: geometry column {column} left out (the first one is served)"
                );
            }
        } else if type_name == "geography" || type_name == "raster" {
            tracing::info!("{qualified}: {type_name} column {column} left out");
        } else if primary && id_like {
            id = Some(column);
        } else {
            properties.push(column);
        }
    }
    let Some((column, mut srid)) = geometry else {
        return Err(PgLayerError::NoGeometry {
            db: db.into(),
            table: qualified,
        });
    };
    if srid == 0 {
        srid = srid_of_rows(client, &schema, &name, &column)
            .await
            .map_err(sql_error)?
            .ok_or_else(|| PgLayerError::NoSrid {
                db: db.into(),
                table: qualified.clone(),
                column: column.clone(),
            })?;
    }
    Ok(Table {
        oid,
        schema,
        name,
        kind: kind_name(kind),
        geometry: column,
        srid,
        id,
        columns: properties,
    })
}

/// The SRID of a column that declares none (`geometry` without a type
/// modifier), from its rows: `None` when a row has none (0). Rows of
/// several SRIDs are fine: `ST_Transform` takes each from its own.
async fn srid_of_rows(
    client: &Client,
    schema: &str,
    name: &str,
    column: &str,
) -> Result<Option<i32>, tokio_postgres::Error> {
    let sql = format!(
        "SELECT DISTINCT ST_SRID({c}) FROM {}.{} WHERE {c} IS NOT NULL",
        quote(schema),
        quote(name),
        c = quote(column)
    );
    let srids: Vec<i32> = client
        .query(&sql, &[])
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok(match srids.as_slice() {
        _ if srids.contains(&0) => None,
        [] | [4326] => Some(4326),
        [one] => Some(*one),
        // Several: transform every row (a no-op for those in 4326).
        _ => Some(-1),
    })
}

fn kind_name(kind: i8) -> &'static str {
    match kind as u8 {
        b'v' => "view",
        b'm' => "materialized view",
        b'p' => "partitioned table",
        b'f' => "foreign table",
        _ => "table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cities() -> Table {
        Table {
            oid: 1,
            schema: "public".into(),
            name: "cities".into(),
            kind: "table",
            geometry: "geom".into(),
            srid: 4326,
            id: Some("fid".into()),
            columns: vec!["name".into(), "odd \"col\"".into()],
        }
    }

    #[test]
    fn the_select_quotes_identifiers_and_transforms_only_other_srids() {
        let t = cities();
        let sql = t.select();
        assert!(sql.contains("t.\"odd \"\"col\"\"\""), "{sql}");
        assert!(!sql.contains("ST_Transform"), "{sql}");
        assert!(
            sql.ends_with("FROM \"public\".\"cities\" t ORDER BY t.\"fid\""),
            "{sql}"
        );
        let t = Table {
            srid: 3857,
            ..cities()
        };
        assert!(t.select().contains("ST_Transform(t.\"geom\", 4326)"));
        assert_eq!(t.layer_id(), "cities");
        let t = Table {
            schema: "osm".into(),
            ..cities()
        };
        assert_eq!(t.layer_id(), "osm.cities");
    }
}
