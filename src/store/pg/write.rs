//! One write call: one transaction that raises the store's revision (the
//! row lock on it orders writers from every replica), applies each
//! operation in a savepoint, recomputes the places the operations touched
//! and announces the change with `NOTIFY`, delivered to every replica's
//! listener when — and only if — the transaction commits.

use std::collections::{BTreeMap, BTreeSet};

use geojson::Feature;
use tokio_postgres::Transaction;
use tokio_postgres::types::ToSql;

use super::wkb_of;
use crate::store::{DocumentRecord, Revision, WriteOp, Written};

/// The channel replicas listen on.
pub const CHANNEL: &str = "mapwire_changes";
/// Longest `NOTIFY` payload sent (PostgreSQL's limit is 8000 bytes); a
/// change naming more documents asks replicas to reload instead.
const MAX_PAYLOAD: usize = 7_000;

type Sql = tokio_postgres::Error;

/// What the operations of a call changed.
#[derive(Debug, Default)]
pub struct Touched {
    pub documents: Vec<String>,
    places: BTreeSet<String>,
}

/// Applies `ops` in the open transaction `tx` at the next revision; the
/// caller commits. Returns the outcomes and the revision, or `None` for
/// the revision when nothing changed (the caller then rolls back).
pub async fn apply_all(
    tx: &mut Transaction<'_>,
    ops: &[WriteOp],
) -> Result<(Vec<Written>, Option<Revision>, Touched), Sql> {
    let revision: i64 = tx
        .query_one(
            "UPDATE mapwire_meta SET value = (value::bigint + 1)::text
             WHERE key = 'revision' RETURNING value::bigint",
            &[],
        )
        .await?
        .get(0);
    let revision = revision as Revision;
    let mut touched = Touched::default();
    let mut outcomes = Vec::with_capacity(ops.len());
    let mut reextracted = false;
    for op in ops {
        let sp = tx.savepoint("op").await?;
        let written = apply(&sp, op, revision, &mut touched).await?;
        sp.commit().await?;
        reextracted |= matches!(op, WriteOp::Reextract(_)) && written.revision().is_some();
        outcomes.push(written);
    }
    if touched.documents.is_empty() && !reextracted {
        return Ok((outcomes, None, touched));
    }
    refresh_places(tx, &touched.places).await?;
    if !touched.documents.is_empty() {
        notify(tx, revision, &touched.documents, false).await?;
    }
    Ok((outcomes, Some(revision), touched))
}

/// Sends the change to every listener (at commit).
pub async fn notify(
    tx: &Transaction<'_>,
    revision: Revision,
    documents: &[String],
    reload: bool,
) -> Result<(), Sql> {
    let mut payload =
        serde_json::json!({"revision": revision, "documents": documents, "reload": reload})
            .to_string();
    if payload.len() > MAX_PAYLOAD {
        payload =
            serde_json::json!({"revision": revision, "documents": [], "reload": true}).to_string();
    }
    tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &payload])
        .await?;
    Ok(())
}

struct Existing {
    content_hash: String,
    extractor_version: String,
    added: String,
}

async fn existing(tx: &Transaction<'_>, id: &str) -> Result<Option<Existing>, Sql> {
    Ok(tx
        .query_opt(
            "SELECT content_hash, extractor_version, added FROM documents WHERE id = $1 FOR UPDATE",
            &[&id],
        )
        .await?
        .map(|r| Existing {
            content_hash: r.get(0),
            extractor_version: r.get(1),
            added: r.get(2),
        }))
}

async fn id_with_content(tx: &Transaction<'_>, hash: &str) -> Result<Option<String>, Sql> {
    Ok(tx
        .query_opt(
            "SELECT id FROM documents WHERE content_hash = $1 ORDER BY seq LIMIT 1",
            &[&hash],
        )
        .await?
        .map(|r| r.get(0)))
}

/// One operation, with the same outcomes as the GeoPackage store's.
async fn apply(
    tx: &Transaction<'_>,
    op: &WriteOp,
    revision: Revision,
    touched: &mut Touched,
) -> Result<Written, Sql> {
    let id = op.id().to_string();
    let found = existing(tx, &id).await?;
    let written = match (op, found) {
        (WriteOp::Create(rec), found) => {
            if let Some(other) = id_with_content(tx, &rec.content_hash).await? {
                return Ok(Written::Unchanged { id: other });
            }
            if found.is_some() {
                return Ok(Written::IdTaken { id });
            }
            insert(tx, rec, None, revision, touched).await?;
            Written::Created { id, revision }
        }
        (WriteOp::Replace(_) | WriteOp::Delete(_), None) => return Ok(Written::NotFound { id }),
        (WriteOp::Reextract(_), None) => return Ok(Written::Stale { id }),
        (WriteOp::Upsert(rec), None) => {
            if let Some(other) = id_with_content(tx, &rec.content_hash).await? {
                return Ok(Written::Unchanged { id: other });
            }
            insert(tx, rec, None, revision, touched).await?;
            Written::Created { id, revision }
        }
        (WriteOp::Replace(rec) | WriteOp::Upsert(rec), Some(e)) => {
            if e.content_hash == rec.content_hash && e.extractor_version == rec.extractor_version {
                return Ok(Written::Unchanged { id });
            }
            remove_children(tx, &id, touched).await?;
            insert(tx, rec, Some(&e), revision, touched).await?;
            Written::Replaced { id, revision }
        }
        (WriteOp::Reextract(rec), Some(e)) => {
            if e.content_hash != rec.content_hash {
                return Ok(Written::Stale { id });
            }
            remove_children(tx, &id, touched).await?;
            insert(tx, rec, Some(&e), revision, touched).await?;
            Written::Replaced { id, revision }
        }
        (WriteOp::Delete(_), Some(_)) => {
            remove_children(tx, &id, touched).await?;
            tx.execute("DELETE FROM documents WHERE id = $1", &[&id])
                .await?;
            Written::Deleted { id, revision }
        }
    };
    // A re-extraction is announced once, when complete.
    if !matches!(op, WriteOp::Reextract(_)) {
        touched.documents.push(op.id().to_string());
    }
    Ok(written)
}

async fn remove_children(tx: &Transaction<'_>, id: &str, touched: &mut Touched) -> Result<(), Sql> {
    let rows = tx
        .query(
            "SELECT place_id FROM place_documents WHERE document = $1",
            &[&id],
        )
        .await?;
    touched
        .places
        .extend(rows.iter().map(|r| r.get::<_, String>(0)));
    tx.execute(
        "WITH m AS (DELETE FROM mentions WHERE document = $1),
              p AS (DELETE FROM place_documents WHERE document = $1),
              e AS (DELETE FROM events WHERE document = $1),
              c AS (DELETE FROM claims WHERE document = $1)
         DELETE FROM flows WHERE document = $1",
        &[&id],
    )
    .await?;
    Ok(())
}

async fn insert(
    tx: &Transaction<'_>,
    rec: &DocumentRecord,
    replaces: Option<&Existing>,
    revision: Revision,
    touched: &mut Touched,
) -> Result<(), Sql> {
    let d = &rec.document;
    let published = d.published.map(|p| p.to_string());
    let added = replaces.map_or(rec.added.as_str(), |e| e.added.as_str());
    let origin = rec.origin.to_text();
    let rev = revision as i64;
    let values: [&(dyn ToSql + Sync); 12] = [
        &d.id,
        &d.title,
        &published,
        &d.source,
        &d.url,
        &d.text,
        &rec.content_hash,
        &origin,
        &added,
        &rec.updated,
        &rec.extractor_version,
        &rev,
    ];
    let sql = if replaces.is_some() {
        // The row (and its place in the store's order) is kept.
        "UPDATE documents SET title = $2, published = $3, source = $4, url = $5, text = $6,
           content_hash = $7, origin = $8, added = $9, updated = $10, extractor_version = $11,
           revision = $12 WHERE id = $1"
    } else {
        "INSERT INTO documents (id, title, published, source, url, text, content_hash, origin,
           added, updated, extractor_version, revision)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    };
    tx.execute(sql, &values).await?;
    // One statement per table, not one per row: a write holds the
    // revision row (and so every other replica's writes) while it runs.
    let mentions = &rec.extraction.mentions;
    let col = |f: fn(&crate::geoparse::Mention) -> &str| -> Vec<&str> {
        mentions.iter().map(f).collect()
    };
    let json: Vec<String> = mentions
        .iter()
        .map(|m| serde_json::to_string(m).unwrap_or_default())
        .collect();
    let lon: Vec<f64> = mentions.iter().map(|m| m.lon).collect();
    let lat: Vec<f64> = mentions.iter().map(|m| m.lat).collect();
    tx.execute(
        "INSERT INTO mentions (document, gazetteer_id, name, kind, country, mention, geom)
         SELECT $1, g, n, k, c, j::json, ST_SetSRID(ST_MakePoint(x, y), 4326)
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::float8[], $8::float8[]) WITH ORDINALITY AS m(g, n, k, c, j, x, y, i)
         ORDER BY i",
        &[
            &d.id,
            &col(|m| m.gazetteer_id.as_str()),
            &col(|m| m.name.as_str()),
            &col(|m| m.kind.as_str()),
            &col(|m| m.country.as_str()),
            &json,
            &lon,
            &lat,
        ],
    )
    .await?;
    let mut named: BTreeMap<&str, i32> = BTreeMap::new();
    for m in mentions {
        *named.entry(m.gazetteer_id.as_str()).or_insert(0) += 1;
    }
    let (gids, counts): (Vec<&str>, Vec<i32>) = named.into_iter().unzip();
    tx.execute(
        "INSERT INTO place_documents (place_id, document, mentions)
         SELECT p, $1, n FROM unnest($2::text[], $3::int4[]) AS t(p, n)",
        &[&d.id, &gids, &counts],
    )
    .await?;
    touched.places.extend(gids.iter().map(|g| g.to_string()));
    for (table, features) in [
        ("events", &rec.extraction.events),
        ("claims", &rec.extraction.claims),
        ("flows", &rec.extraction.flows),
    ] {
        if features.is_empty() {
            continue;
        }
        // Flows are MULTILINESTRING (one type per table, as QGIS wants); a
        // one-part flow is read back as a line.
        let geom = if table == "flows" {
            "ST_Multi(ST_GeomFromWKB(w, 4326))"
        } else {
            "ST_GeomFromWKB(w, 4326)"
        };
        let rows: Vec<(String, String, Option<Vec<u8>>)> =
            features.iter().map(feature_row).collect();
        let ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
        let props: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
        let wkbs: Vec<Option<&[u8]>> = rows.iter().map(|r| r.2.as_deref()).collect();
        tx.execute(
            &format!(
                "INSERT INTO {table} (id, document, properties, geom)
                 SELECT f, $1, p::json, {geom}
                 FROM unnest($2::text[], $3::text[], $4::bytea[]) WITH ORDINALITY AS t(f, p, w, i)
                 ORDER BY i"
            ),
            &[&d.id, &ids, &props, &wkbs],
        )
        .await?;
    }
    Ok(())
}

/// A feature's id, properties (JSON text) and WKB geometry.
fn feature_row(f: &Feature) -> (String, String, Option<Vec<u8>>) {
    let id = match &f.id {
        Some(geojson::feature::Id::String(s)) => s.clone(),
        Some(geojson::feature::Id::Number(n)) => n.to_string(),
        None => String::new(),
    };
    let props = serde_json::to_string(&f.properties.clone().unwrap_or_default())
        .unwrap_or_else(|_| "{}".into());
    let wkb = f
        .geometry
        .as_ref()
        .and_then(|g| geo::Geometry::<f64>::try_from(g.value.clone()).ok())
        .and_then(|g| wkb_of(&g));
    (id, props, wkb)
}

/// Recomputes the rows of `places`: documents and mention counts from
/// `place_documents`; name, kind, country and point from the row, or for a
/// new place from its first mention in store order. Two statements for
/// all places, whatever their number.
async fn refresh_places(tx: &Transaction<'_>, gids: &BTreeSet<String>) -> Result<(), Sql> {
    if gids.is_empty() {
        return Ok(());
    }
    let gids: Vec<&str> = gids.iter().map(String::as_str).collect();
    let rows = tx
        .query(
            "WITH agg AS (
               SELECT place_id, sum(mentions)::bigint AS mentions,
                      array_agg(document ORDER BY document) AS documents
               FROM place_documents WHERE place_id = ANY($1) GROUP BY place_id
             ), gone AS (
               DELETE FROM places WHERE id = ANY($1)
                 AND id NOT IN (SELECT place_id FROM agg)
             )
             SELECT a.place_id, a.mentions, a.documents,
                    coalesce(p.name, f.name), coalesce(p.kind, f.kind),
                    coalesce(p.country, f.country),
                    ST_X(coalesce(p.geom, f.geom)), ST_Y(coalesce(p.geom, f.geom))
             FROM agg a
             LEFT JOIN places p ON p.id = a.place_id
             LEFT JOIN LATERAL (
               SELECT m.name, m.kind, m.country, m.geom FROM mentions m
               JOIN documents d ON d.id = m.document
               WHERE m.gazetteer_id = a.place_id AND p.id IS NULL
               ORDER BY d.seq, m.fid LIMIT 1
             ) f ON true",
            &[&gids],
        )
        .await?;
    let mut ids = Vec::new();
    let (mut names, mut kinds, mut countries) = (Vec::new(), Vec::new(), Vec::new());
    let (mut counts, mut props, mut xs, mut ys) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for row in rows {
        let (Some(name), Some(kind), Some(country), Some(lon), Some(lat)) = (
            row.get::<_, Option<String>>(3),
            row.get::<_, Option<String>>(4),
            row.get::<_, Option<String>>(5),
            row.get::<_, Option<f64>>(6),
            row.get::<_, Option<f64>>(7),
        ) else {
            continue;
        };
        let mentions: i64 = row.get(1);
        let documents: Vec<String> = row.get(2);
        let [x, y] = crate::ingest::geometry::position(lon, lat);
        let properties = crate::ingest::layers::place_properties(
            &name,
            &kind,
            &country,
            mentions as usize,
            documents,
        );
        props.push(serde_json::to_string(&properties).unwrap_or_else(|_| "{}".into()));
        ids.push(row.get::<_, String>(0));
        counts.push(mentions as i32);
        names.push(name);
        kinds.push(kind);
        countries.push(country);
        xs.push(x);
        ys.push(y);
    }
    tx.execute(
        "INSERT INTO places (id, name, kind, country, mentions, properties, geom)
         SELECT i, n, k, c, m, p::json, ST_SetSRID(ST_MakePoint(x, y), 4326)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int4[], $6::text[],
                     $7::float8[], $8::float8[]) AS t(i, n, k, c, m, p, x, y)
         ON CONFLICT (id) DO UPDATE SET mentions = EXCLUDED.mentions,
           properties = EXCLUDED.properties",
        &[&ids, &names, &kinds, &countries, &counts, &props, &xs, &ys],
    )
    .await?;
    Ok(())
}
