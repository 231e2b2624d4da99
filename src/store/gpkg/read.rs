//! Reading documents and their extraction back out of the GeoPackage.

use std::collections::HashMap;

use geojson::{Feature, feature::Id};
use rusqlite::{Connection, params_from_iter};

use super::blob;
use crate::documents::Document;
use crate::geoparse::Mention;
use crate::ingest::Extraction;
use crate::store::{DocumentRecord, IndexEntry, Origin, Revision, Snapshot};

/// Why stored rows cannot be turned back into records.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("{table} row {id:?}: {reason}")]
    Row {
        table: &'static str,
        id: String,
        reason: String,
    },
}

/// Documents of `filter` (all when `None`), in store order.
pub fn records(
    conn: &Connection,
    filter: Option<&[String]>,
) -> Result<Vec<DocumentRecord>, ReadError> {
    let (clause, args) = match filter {
        None => (String::new(), Vec::new()),
        Some(ids) => (
            format!("WHERE id IN ({})", vec!["?"; ids.len()].join(",")),
            ids.to_vec(),
        ),
    };
    if filter.is_some_and(|ids| ids.is_empty()) {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT fid, id, text, content_hash, origin, added, updated, extractor_version
         FROM documents {clause} ORDER BY fid"
    ))?;
    let mut records: Vec<DocumentRecord> = stmt
        .query_map(params_from_iter(args.iter()), |r| {
            let id: String = r.get(1)?;
            let text: String = r.get(2)?;
            Ok(DocumentRecord {
                seq: r.get(0)?,
                document: Document::parse(id, text),
                content_hash: r.get(3)?,
                origin: Origin::parse(&r.get::<_, String>(4)?),
                added: r.get(5)?,
                updated: r.get(6)?,
                extractor_version: r.get(7)?,
                extraction: Extraction::default(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<String, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.document.id.clone(), i))
        .collect();
    let doc_clause = match filter {
        None => String::new(),
        Some(ids) => format!("WHERE document IN ({})", vec!["?"; ids.len()].join(",")),
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT document, mention FROM mentions {doc_clause} ORDER BY fid"
    ))?;
    let mut rows = stmt.query(params_from_iter(args.iter()))?;
    while let Some(row) = rows.next()? {
        let document: String = row.get(0)?;
        let json: String = row.get(1)?;
        let Some(&i) = index.get(&document) else {
            continue;
        };
        let mention: Mention = serde_json::from_str(&json).map_err(|e| ReadError::Row {
            table: "mentions",
            id: document.clone(),
            reason: e.to_string(),
        })?;
        records[i].extraction.mentions.push(mention);
    }
    for table in ["events", "claims", "flows"] {
        let flows = table == "flows";
        let mut stmt = conn.prepare(&format!(
            "SELECT document, id, geom, properties FROM {table} {doc_clause} ORDER BY fid"
        ))?;
        let mut rows = stmt.query(params_from_iter(args.iter()))?;
        while let Some(row) = rows.next()? {
            let document: Option<String> = row.get(0)?;
            let Some(&i) = document.as_ref().and_then(|d| index.get(d)) else {
                continue;
            };
            let feature = feature(
                table,
                row.get(1)?,
                row.get(2)?,
                row.get::<_, String>(3)?,
                flows,
            )?;
            let x = &mut records[i].extraction;
            match table {
                "events" => &mut x.events,
                "claims" => &mut x.claims,
                _ => &mut x.flows,
            }
            .push(feature);
        }
    }
    Ok(records)
}

/// A feature row as a GeoJSON feature. A one-part flow (stored as a
/// MultiLineString, the table's type) is a LineString again.
fn feature(
    table: &'static str,
    id: String,
    geom: Option<Vec<u8>>,
    properties: String,
    flows: bool,
) -> Result<Feature, ReadError> {
    let row_error = |reason: String| ReadError::Row {
        table,
        id: id.clone(),
        reason,
    };
    let geometry = match geom {
        None => None,
        Some(bytes) => {
            let mut g = blob::decode(&bytes).map_err(|e| row_error(e.to_string()))?;
            if let (true, geo::Geometry::MultiLineString(m)) = (flows, &g)
                && m.0.len() == 1
            {
                g = geo::Geometry::LineString(m.0[0].clone());
            }
            Some(geojson::Geometry::new((&g).into()))
        }
    };
    let properties = serde_json::from_str(&properties).map_err(|e| row_error(e.to_string()))?;
    Ok(Feature {
        bbox: None,
        geometry,
        id: Some(Id::String(id)),
        properties: Some(properties),
        foreign_members: None,
    })
}

/// Every document with its extraction, and the state read.
pub fn snapshot(conn: &mut Connection) -> Result<Snapshot, ReadError> {
    // One read transaction: the records and the revision agree.
    let tx = conn.transaction()?;
    let revision = revision(&tx)?;
    let extractor_version = super::schema::meta(&tx, "extractor_version")?;
    let records = records(&tx, None)?;
    tx.commit()?;
    Ok(Snapshot {
        revision,
        extractor_version,
        records,
    })
}

pub fn revision(conn: &Connection) -> Result<Revision, ReadError> {
    Ok(super::schema::meta(conn, "revision")?
        .and_then(|r| r.parse().ok())
        .unwrap_or(0))
}

pub fn index(conn: &Connection) -> Result<Vec<IndexEntry>, ReadError> {
    let mut stmt = conn.prepare(
        "SELECT id, content_hash, origin, extractor_version FROM documents ORDER BY fid",
    )?;
    let entries = stmt
        .query_map([], |r| {
            Ok(IndexEntry {
                id: r.get(0)?,
                content_hash: r.get(1)?,
                origin: Origin::parse(&r.get::<_, String>(2)?),
                extractor_version: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(entries)
}
