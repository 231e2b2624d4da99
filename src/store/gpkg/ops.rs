//! One write operation inside the writer's transaction: the document row,
//! its mentions, its event and flow features, and the places its mentions
//! touch (a place row aggregates every document that names it, so it is
//! recomputed from the `mentions` table).

use std::collections::BTreeSet;

use geojson::Feature;
use rusqlite::types::Value as Sql;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde_json::{Map, Value};

use super::blob;
use super::columns::{Columns, quote};
use crate::store::{DocumentRecord, Revision, WriteOp, Written};

/// What an operation changed, for the change feed and `gpkg_contents`.
#[derive(Debug, Default)]
pub struct Touched {
    pub documents: Vec<String>,
    pub tables: BTreeSet<&'static str>,
    /// Places whose row must be recomputed before the commit (once per
    /// transaction: a place named by every document would otherwise be
    /// rewritten once per document).
    pub places: BTreeSet<String>,
}

/// The stored row of a document, as the operations need it.
struct Existing {
    fid: i64,
    content_hash: String,
    extractor_version: String,
    added: String,
}

fn existing(conn: &Connection, id: &str) -> rusqlite::Result<Option<Existing>> {
    conn.query_row(
        "SELECT fid, content_hash, extractor_version, added FROM documents WHERE id = ?1",
        [id],
        |r| {
            Ok(Existing {
                fid: r.get(0)?,
                content_hash: r.get(1)?,
                extractor_version: r.get(2)?,
                added: r.get(3)?,
            })
        },
    )
    .optional()
}

fn id_with_content(conn: &Connection, hash: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT id FROM documents WHERE content_hash = ?1 ORDER BY fid LIMIT 1",
        [hash],
        |r| r.get(0),
    )
    .optional()
}

/// Applies one operation at `revision`.
pub fn apply(
    conn: &Connection,
    columns: &mut Columns,
    op: &WriteOp,
    revision: Revision,
    touched: &mut Touched,
) -> rusqlite::Result<Written> {
    let id = op.id().to_string();
    let found = existing(conn, &id)?;
    let same = |rec: &DocumentRecord, e: &Existing| {
        e.content_hash == rec.content_hash && e.extractor_version == rec.extractor_version
    };
    let written = match (op, found) {
        (WriteOp::Create(rec), found) => {
            if let Some(other) = id_with_content(conn, &rec.content_hash)? {
                return Ok(Written::Unchanged { id: other });
            }
            if found.is_some() {
                return Ok(Written::IdTaken { id });
            }
            insert(conn, columns, rec, None, revision, touched)?;
            Written::Created { id, revision }
        }
        (WriteOp::Replace(_) | WriteOp::Delete(_), None) => return Ok(Written::NotFound { id }),
        (WriteOp::Reextract(_), None) => return Ok(Written::Stale { id }),
        (WriteOp::Upsert(rec), None) => {
            if let Some(other) = id_with_content(conn, &rec.content_hash)? {
                return Ok(Written::Unchanged { id: other });
            }
            insert(conn, columns, rec, None, revision, touched)?;
            Written::Created { id, revision }
        }
        (WriteOp::Replace(rec) | WriteOp::Upsert(rec), Some(e)) => {
            if same(rec, &e) {
                return Ok(Written::Unchanged { id });
            }
            remove_children(conn, &id, touched)?;
            insert(conn, columns, rec, Some(&e), revision, touched)?;
            Written::Replaced { id, revision }
        }
        (WriteOp::Reextract(rec), Some(e)) => {
            if e.content_hash != rec.content_hash {
                return Ok(Written::Stale { id });
            }
            remove_children(conn, &id, touched)?;
            insert(conn, columns, rec, Some(&e), revision, touched)?;
            Written::Replaced { id, revision }
        }
        (WriteOp::Delete(_), Some(_)) => {
            remove_children(conn, &id, touched)?;
            conn.execute("DELETE FROM documents WHERE id = ?1", [&id])?;
            Written::Deleted { id, revision }
        }
    };
    // A re-extraction is announced once, when it is complete (see
    // `Store::set_extractor_version`), not document by document.
    if !matches!(op, WriteOp::Reextract(_)) {
        touched.documents.push(op.id().to_string());
    }
    Ok(written)
}

/// Deletes a document's mentions and features and refreshes the places its
/// mentions named.
fn remove_children(conn: &Connection, id: &str, touched: &mut Touched) -> rusqlite::Result<()> {
    touched.places.extend(gazetteer_ids(conn, id)?);
    conn.execute("DELETE FROM mentions WHERE document = ?1", [id])?;
    conn.execute("DELETE FROM place_documents WHERE document = ?1", [id])?;
    for table in ["events", "claims", "flows"] {
        if conn.execute(&format!("DELETE FROM {table} WHERE document = ?1"), [id])? > 0 {
            touched.tables.insert(table);
        }
    }
    Ok(())
}

fn gazetteer_ids(conn: &Connection, document: &str) -> rusqlite::Result<BTreeSet<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT place_id FROM place_documents WHERE document = ?1")?;
    let ids = stmt
        .query_map([document], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<BTreeSet<_>>>()?;
    Ok(ids)
}

/// Writes the document row (keeping the row and first-added time of the
/// document it replaces), its mentions and its features.
fn insert(
    conn: &Connection,
    columns: &mut Columns,
    rec: &DocumentRecord,
    replaces: Option<&Existing>,
    revision: Revision,
    touched: &mut Touched,
) -> rusqlite::Result<()> {
    let d = &rec.document;
    let published = d.published.map(|p| p.to_string());
    let added = replaces.map_or(rec.added.as_str(), |e| e.added.as_str());
    let values = params![
        d.id,
        d.title,
        published,
        d.source,
        d.url,
        d.text,
        rec.content_hash,
        rec.origin.to_text(),
        added,
        rec.updated,
        rec.extractor_version,
        revision as i64,
    ];
    match replaces {
        Some(e) => {
            let mut stmt = conn.prepare_cached(
                "UPDATE documents SET id = ?1, title = ?2, published = ?3, source = ?4, url = ?5,
                   text = ?6, content_hash = ?7, origin = ?8, added = ?9, updated = ?10,
                   extractor_version = ?11, revision = ?12 WHERE fid = ?13",
            )?;
            let mut all: Vec<&dyn rusqlite::ToSql> = values.to_vec();
            all.push(&e.fid);
            stmt.execute(all.as_slice())?;
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO documents (id, title, published, source, url, text, content_hash,
                   origin, added, updated, extractor_version, revision)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(values)?;
        }
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO mentions (document, start, \"end\", text, name, gazetteer_id, kind, country,
           lon, lat, mention) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut named: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
    for m in &rec.extraction.mentions {
        let json = serde_json::to_string(m).map_err(|e| invalid(e.to_string()))?;
        stmt.execute(params![
            d.id,
            m.start as i64,
            m.end as i64,
            m.text,
            m.name,
            m.gazetteer_id,
            m.kind,
            m.country,
            m.lon,
            m.lat,
            json
        ])?;
        *named.entry(m.gazetteer_id.as_str()).or_insert(0) += 1;
    }
    let mut link = conn.prepare_cached(
        "INSERT INTO place_documents (place_id, document, mentions) VALUES (?1, ?2, ?3)",
    )?;
    for (gid, n) in named {
        link.execute(params![gid, d.id, n])?;
        touched.places.insert(gid.to_string());
    }
    for (table, features) in [
        ("events", &rec.extraction.events),
        ("claims", &rec.extraction.claims),
        ("flows", &rec.extraction.flows),
    ] {
        for f in features {
            let row = FeatureRow::from_feature(f, table == "flows")?;
            write_feature(conn, columns, table, None, &row, Some(&d.id))?;
            touched.tables.insert(table);
        }
    }
    Ok(())
}

/// A feature as it goes into a table.
struct FeatureRow {
    id: String,
    geom: Option<Vec<u8>>,
    properties: Map<String, Value>,
}

impl FeatureRow {
    fn from_feature(f: &Feature, multi_lines: bool) -> rusqlite::Result<FeatureRow> {
        let id = match &f.id {
            Some(geojson::feature::Id::String(s)) => s.clone(),
            Some(geojson::feature::Id::Number(n)) => n.to_string(),
            None => return Err(invalid("a feature without an id".into())),
        };
        let geom = match &f.geometry {
            None => None,
            Some(g) => {
                let mut geometry: geo::Geometry<f64> = g
                    .value
                    .clone()
                    .try_into()
                    .map_err(|e: geojson::Error| invalid(e.to_string()))?;
                // The flows table is MULTILINESTRING (one type per table is
                // what QGIS wants); a one-part flow is read back as a line.
                if let (true, geo::Geometry::LineString(line)) = (multi_lines, &geometry) {
                    geometry = geo::Geometry::MultiLineString(geo::MultiLineString::new(vec![
                        line.clone(),
                    ]));
                }
                Some(blob::encode(&geometry).map_err(|e| invalid(e.to_string()))?)
            }
        };
        Ok(FeatureRow {
            id,
            geom,
            properties: f.properties.clone().unwrap_or_default(),
        })
    }
}

/// Inserts a feature, or updates row `fid`.
fn write_feature(
    conn: &Connection,
    columns: &mut Columns,
    table: &str,
    fid: Option<i64>,
    row: &FeatureRow,
    document: Option<&str>,
) -> rusqlite::Result<()> {
    let mut names = vec![
        "id".to_string(),
        "geom".into(),
        "properties".into(),
        "document".into(),
    ];
    let json = serde_json::to_string(&row.properties).map_err(|e| invalid(e.to_string()))?;
    let mut values = vec![
        Sql::Text(row.id.clone()),
        row.geom.clone().map_or(Sql::Null, Sql::Blob),
        Sql::Text(json),
        document.map_or(Sql::Null, |d| Sql::Text(d.to_string())),
    ];
    for (key, value) in &row.properties {
        if key == "document" && document.is_some() {
            continue;
        }
        if let Some((name, cell)) = columns.cell(conn, table, key, value)? {
            names.push(name);
            values.push(cell);
        }
    }
    let quoted: Vec<String> = names.iter().map(|n| quote(n)).collect();
    let sql = match fid {
        None => format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            quoted.join(", "),
            vec!["?"; quoted.len()].join(", ")
        ),
        Some(fid) => format!(
            "UPDATE {table} SET {} WHERE fid = {fid}",
            quoted
                .iter()
                .map(|q| format!("{q} = ?"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(values))?;
    Ok(())
}

/// Recomputes the place rows of `gids`: mention count and documents from
/// `place_documents`; name, kind, country and point kept from the row, or
/// for a new place taken from its first mention (in document order).
pub fn refresh_places(
    conn: &Connection,
    columns: &mut Columns,
    gids: &BTreeSet<String>,
) -> rusqlite::Result<()> {
    for gid in gids {
        let (count, mentions): (i64, i64) = conn
            .prepare_cached(
                "SELECT count(*), coalesce(sum(mentions), 0) FROM place_documents
                 WHERE place_id = ?1",
            )?
            .query_row([gid], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let existing: Option<(i64, String, Option<Vec<u8>>)> = conn
            .prepare_cached("SELECT fid, properties, geom FROM places WHERE id = ?1")?
            .query_row([gid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if count == 0 {
            conn.execute("DELETE FROM places WHERE id = ?1", [gid])?;
            continue;
        }
        let fid = existing.as_ref().map(|(fid, _, _)| *fid);
        let Some(place) = existing
            .and_then(|(_, props, geom)| kept_place(&props, geom.as_deref()))
            .map_or_else(|| first_mention(conn, gid), |p| Ok(Some(p)))?
        else {
            continue;
        };
        let documents = conn
            .prepare_cached(
                "SELECT document FROM place_documents WHERE place_id = ?1 ORDER BY document",
            )?
            .query_map([gid], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let properties = crate::ingest::layers::place_properties(
            &place.name,
            &place.kind,
            &place.country,
            mentions as usize,
            documents,
        );
        let [x, y] = crate::ingest::geometry::position(place.lon, place.lat);
        let point = geo::Geometry::Point(geo::Point::new(x, y));
        let row = FeatureRow {
            id: gid.clone(),
            geom: Some(blob::encode(&point).map_err(|e| invalid(e.to_string()))?),
            properties,
        };
        write_feature(conn, columns, "places", fid, &row, None)?;
    }
    Ok(())
}

/// What a place row keeps from its gazetteer entry.
struct PlaceFacts {
    name: String,
    kind: String,
    country: String,
    lon: f64,
    lat: f64,
}

fn kept_place(properties: &str, geom: Option<&[u8]>) -> Option<PlaceFacts> {
    let props: Map<String, Value> = serde_json::from_str(properties).ok()?;
    let text = |k: &str| props.get(k).and_then(|v| v.as_str()).map(String::from);
    let geo::Geometry::Point(p) = blob::decode(geom?).ok()? else {
        return None;
    };
    Some(PlaceFacts {
        name: text("name")?,
        kind: text("kind")?,
        country: text("country")?,
        lon: p.x(),
        lat: p.y(),
    })
}

fn first_mention(conn: &Connection, gid: &str) -> rusqlite::Result<Option<PlaceFacts>> {
    conn.prepare_cached(
        "SELECT m.name, m.kind, m.country, m.lon, m.lat FROM mentions m
         JOIN documents d ON d.id = m.document
         WHERE m.gazetteer_id = ?1 ORDER BY d.fid, m.fid LIMIT 1",
    )?
    .query_row([gid], |r| {
        Ok(PlaceFacts {
            name: r.get(0)?,
            kind: r.get(1)?,
            country: r.get(2)?,
            lon: r.get(3)?,
            lat: r.get(4)?,
        })
    })
    .optional()
}

fn invalid(reason: String) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(reason.into())
}
