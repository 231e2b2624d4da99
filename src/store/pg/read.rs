//! Documents and their extraction back out of PostGIS.

use std::collections::HashMap;

use geojson::{Feature, feature::Id};
use tokio_postgres::GenericClient;

use super::geometry_of;
use crate::documents::Document;
use crate::geoparse::Mention;
use crate::ingest::Extraction;
use crate::store::{DocumentRecord, IndexEntry, Origin, Revision};

/// Why rows could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}", super::schema::detail(.0))]
    Sql(#[from] tokio_postgres::Error),
    #[error("{table} row of {id:?}: {reason}")]
    Row {
        table: &'static str,
        id: String,
        reason: String,
    },
}

/// The documents `ids` (all when `None`), in store order, with their
/// mentions and features. Run inside one read transaction for a
/// consistent state.
pub async fn records<C: GenericClient>(
    client: &C,
    ids: Option<&[String]>,
) -> Result<Vec<DocumentRecord>, ReadError> {
    let all: Vec<String> = ids.map(<[String]>::to_vec).unwrap_or_default();
    let (filter, doc_filter) = match ids {
        None => ("$1::text[] IS NOT NULL", "$1::text[] IS NOT NULL"),
        Some(_) => ("id = ANY($1)", "document = ANY($1)"),
    };
    let rows = client
        .query(
            &format!(
                "SELECT seq, id, text, content_hash, origin, added, updated, extractor_version
                 FROM documents WHERE {filter} ORDER BY seq"
            ),
            &[&all],
        )
        .await?;
    let mut records: Vec<DocumentRecord> = rows
        .iter()
        .map(|r| DocumentRecord {
            seq: r.get(0),
            document: Document::parse(r.get::<_, String>(1), r.get::<_, String>(2)),
            content_hash: r.get(3),
            origin: Origin::parse(r.get::<_, &str>(4)),
            added: r.get(5),
            updated: r.get(6),
            extractor_version: r.get(7),
            extraction: Extraction::default(),
        })
        .collect();
    let index: HashMap<String, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.document.id.clone(), i))
        .collect();
    let mentions = client
        .query(
            &format!(
                "SELECT document, mention::text FROM mentions WHERE {doc_filter} ORDER BY fid"
            ),
            &[&all],
        )
        .await?;
    for row in mentions {
        let document: String = row.get(0);
        let Some(&i) = index.get(&document) else {
            continue;
        };
        let mention: Mention =
            serde_json::from_str(row.get::<_, &str>(1)).map_err(|e| ReadError::Row {
                table: "mentions",
                id: document.clone(),
                reason: e.to_string(),
            })?;
        records[i].extraction.mentions.push(mention);
    }
    for table in ["events", "claims", "flows"] {
        let rows = client
            .query(
                &format!(
                    "SELECT document, id, ST_AsBinary(geom), properties::text FROM {table}
                     WHERE {doc_filter} ORDER BY fid"
                ),
                &[&all],
            )
            .await?;
        for row in rows {
            let document: String = row.get(0);
            let Some(&i) = index.get(&document) else {
                continue;
            };
            let f = feature(table, row.get(1), row.get(2), row.get(3))?;
            let x = &mut records[i].extraction;
            match table {
                "events" => &mut x.events,
                "claims" => &mut x.claims,
                _ => &mut x.flows,
            }
            .push(f);
        }
    }
    Ok(records)
}

/// A row as the GeoJSON feature the server serves; a one-part flow (stored
/// as a MultiLineString) is a LineString again.
fn feature(
    table: &'static str,
    id: String,
    wkb: Option<Vec<u8>>,
    properties: &str,
) -> Result<Feature, ReadError> {
    let row_error = |reason: String| ReadError::Row {
        table,
        id: id.clone(),
        reason,
    };
    let geometry = match wkb {
        None => None,
        Some(bytes) => {
            let mut g = geometry_of(&bytes).ok_or_else(|| row_error("unreadable WKB".into()))?;
            if let geo::Geometry::MultiLineString(m) = &g
                && m.0.len() == 1
            {
                g = geo::Geometry::LineString(m.0[0].clone());
            }
            Some(geojson::Geometry::new((&g).into()))
        }
    };
    let properties = serde_json::from_str(properties).map_err(|e| row_error(e.to_string()))?;
    Ok(Feature {
        bbox: None,
        geometry,
        id: Some(Id::String(id)),
        properties: Some(properties),
        foreign_members: None,
    })
}

pub async fn revision<C: GenericClient>(client: &C) -> Result<Revision, ReadError> {
    Ok(meta(client, "revision")
        .await?
        .and_then(|r| r.parse().ok())
        .unwrap_or(0))
}

pub async fn meta<C: GenericClient>(client: &C, key: &str) -> Result<Option<String>, ReadError> {
    Ok(client
        .query_opt("SELECT value FROM mapwire_meta WHERE key = $1", &[&key])
        .await?
        .map(|r| r.get(0)))
}

pub async fn index<C: GenericClient>(client: &C) -> Result<Vec<IndexEntry>, ReadError> {
    let rows = client
        .query(
            "SELECT id, content_hash, origin, extractor_version FROM documents ORDER BY seq",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| IndexEntry {
            id: r.get(0),
            content_hash: r.get(1),
            origin: Origin::parse(r.get::<_, &str>(2)),
            extractor_version: r.get(3),
        })
        .collect())
}
