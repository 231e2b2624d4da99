//! One column per feature property, added the first time a property shows
//! up, so QGIS and GDAL see every attribute as a field of its own. The
//! extractor decides which properties an event has (and will gain more);
//! nothing here lists them. The `properties` column keeps the exact JSON, so
//! a value whose type does not fit its column is still served unchanged.

use std::collections::HashMap;

use rusqlite::Connection;
use rusqlite::types::Value as Sql;
use serde_json::Value;

/// Columns a property never writes into: a property with one of these names
/// goes into `prop_{name}` instead.
const RESERVED: [&str; 4] = ["fid", "geom", "id", "properties"];

/// The columns of each feature table, by lower-cased name (SQLite column
/// names are case-insensitive).
#[derive(Debug, Default, Clone)]
pub struct Columns {
    tables: HashMap<String, HashMap<String, String>>,
}

impl Columns {
    /// Reads the current columns of `tables`.
    pub fn load(conn: &Connection, tables: &[&str]) -> rusqlite::Result<Columns> {
        let mut out = Columns::default();
        for table in tables {
            let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
            let names = stmt
                .query_map([], |r| r.get::<_, String>(1))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            out.tables.insert(
                (*table).to_string(),
                names.into_iter().map(|n| (n.to_lowercase(), n)).collect(),
            );
        }
        Ok(out)
    }

    /// The column and value to write for property `key` of a feature of
    /// `table`, adding the column (typed by this value) when it is new.
    /// `None` when the value is null and there is no column yet, or when
    /// another property already owns the name in a different case.
    pub fn cell(
        &mut self,
        conn: &Connection,
        table: &str,
        key: &str,
        value: &Value,
    ) -> rusqlite::Result<Option<(String, Sql)>> {
        let name = column_name(key);
        let columns = self.tables.entry(table.to_string()).or_default();
        let lower = name.to_lowercase();
        match columns.get(&lower) {
            Some(existing) if *existing == name => {}
            Some(_) => return Ok(None),
            None => {
                let Some(sql_type) = sql_type(value) else {
                    return Ok(None);
                };
                conn.execute_batch(&format!(
                    "ALTER TABLE {table} ADD COLUMN {} {sql_type}",
                    quote(&name)
                ))?;
                columns.insert(lower, name.clone());
            }
        }
        Ok(Some((name, to_sql(value))))
    }
}

/// The column a property is stored in.
fn column_name(key: &str) -> String {
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(key)) {
        format!("prop_{key}")
    } else {
        key.to_string()
    }
}

/// An SQL identifier in double quotes (any property name is safe).
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The GeoPackage column type for a property first seen with `value`.
fn sql_type(value: &Value) -> Option<&'static str> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(_) => "BOOLEAN",
        Value::Number(n) if n.is_i64() || n.is_u64() => "INTEGER",
        Value::Number(_) => "REAL",
        Value::String(_) | Value::Array(_) | Value::Object(_) => "TEXT",
    })
}

/// A JSON value as an SQLite value; arrays and objects as their JSON text.
fn to_sql(value: &Value) -> Sql {
    match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => n.as_f64().map_or(Sql::Null, Sql::Real),
        },
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn new_properties_become_typed_columns() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE events (fid INTEGER PRIMARY KEY, id TEXT, properties TEXT)",
        )
        .unwrap();
        let mut columns = Columns::load(&conn, &["events"]).unwrap();
        let cell = |c: &mut Columns, k: &str, v: Value| c.cell(&conn, "events", k, &v).unwrap();
        assert_eq!(
            cell(&mut columns, "status", json!("planned")),
            Some(("status".into(), Sql::Text("planned".into())))
        );
        assert_eq!(
            cell(&mut columns, "actors", json!(["RU", "CU"])),
            Some(("actors".into(), Sql::Text("[\"RU\",\"CU\"]".into())))
        );
        assert_eq!(cell(&mut columns, "person", Value::Null), None);
        assert_eq!(
            cell(&mut columns, "id", json!(7)),
            Some(("prop_id".into(), Sql::Integer(7)))
        );
        assert_eq!(cell(&mut columns, "STATUS", json!("x")), None);
        let types: Vec<(String, String)> = conn
            .prepare("PRAGMA table_info(events)")
            .unwrap()
            .query_map([], |r| Ok((r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(types.contains(&("status".into(), "TEXT".into())));
        assert!(types.contains(&("prop_id".into(), "INTEGER".into())));
    }
}
