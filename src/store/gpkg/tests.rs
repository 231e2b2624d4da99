use std::collections::BTreeSet;

use super::*;
use crate::documents::Document;
use crate::ingest::Extractor;
use crate::store::Origin;

fn builtin_records(extractor: &Extractor) -> Vec<DocumentRecord> {
    crate::documents::builtin()
        .into_iter()
        .map(|d| DocumentRecord::extract(d, Origin::Builtin, extractor))
        .collect()
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_new_store_holds_the_seed_and_reads_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mapwire.gpkg");
    let extractor = Extractor::builtin();
    let seed = builtin_records(&extractor);
    let events: usize = seed.iter().map(|r| r.extraction.events.len()).sum();
    let flows: usize = seed.iter().map(|r| r.extraction.flows.len()).sum();
    let places: BTreeSet<&str> = seed
        .iter()
        .flat_map(|r| {
            r.extraction
                .mentions
                .iter()
                .map(|m| m.gazetteer_id.as_str())
        })
        .collect();
    let store = GpkgStore::create(&path, seed.clone()).unwrap();
    let snapshot = store.load_all_blocking().unwrap();
    assert_eq!(snapshot.records.len(), 5);
    assert_eq!(snapshot.revision, 1);
    for (stored, original) in snapshot.records.iter().zip(&seed) {
        assert_eq!(stored.document.id, original.document.id);
        assert_eq!(stored.document.text, original.document.text);
        assert_eq!(stored.extraction.mentions, original.extraction.mentions);
        assert_eq!(stored.extraction.events, original.extraction.events);
        assert_eq!(stored.extraction.flows, original.extraction.flows);
    }
    let conn = Connection::open(&path).unwrap();
    assert_eq!(count(&conn, "events") as usize, events);
    assert_eq!(count(&conn, "flows") as usize, flows);
    assert_eq!(count(&conn, "places") as usize, places.len());
    assert_eq!(count(&conn, "rtree_events_geom") as usize, events);
    // No temporary file is left beside the store.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("creating"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn replace_and_delete_keep_places_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.gpkg");
    let extractor = Extractor::builtin();
    let store = GpkgStore::create(&path, Vec::new()).unwrap();
    let doc = |id: &str, text: &str| {
        DocumentRecord::extract(Document::parse(id, text), Origin::Api, &extractor)
    };
    let a = doc(
        "a",
        "Title: A\nPublished: 2024-06-12\n\nRussian warships arrived in Havana on Wednesday.",
    );
    let written = store
        .write_blocking(vec![WriteOp::Create(Box::new(a.clone()))])
        .unwrap();
    assert!(matches!(written[0], Written::Created { .. }), "{written:?}");
    // The same content again is not a second document.
    let again = store
        .write_blocking(vec![WriteOp::Create(Box::new(doc(
            "other",
            &a.document.text,
        )))])
        .unwrap();
    assert_eq!(again, [Written::Unchanged { id: "a".into() }]);
    let conn = Connection::open(&path).unwrap();
    let havana_mentions = |conn: &Connection| -> Option<String> {
        conn.query_row(
            "SELECT properties FROM places WHERE name = 'Havana'",
            [],
            |r| r.get(0),
        )
        .ok()
    };
    assert!(havana_mentions(&conn).is_some());
    let b = doc(
        "a",
        "Title: A\nPublished: 2024-06-12\n\nRussian warships arrived in Caracas.",
    );
    let replaced = store
        .write_blocking(vec![WriteOp::Replace(Box::new(b))])
        .unwrap();
    assert!(matches!(replaced[0], Written::Replaced { .. }));
    assert!(havana_mentions(&conn).is_none());
    let missing = store
        .write_blocking(vec![
            WriteOp::Replace(Box::new(doc("zzz", "x"))),
            WriteOp::Delete("zzz".into()),
        ])
        .unwrap();
    assert_eq!(
        missing,
        [
            Written::NotFound { id: "zzz".into() },
            Written::NotFound { id: "zzz".into() }
        ]
    );
    let deleted = store
        .write_blocking(vec![WriteOp::Delete("a".into())])
        .unwrap();
    assert!(matches!(deleted[0], Written::Deleted { .. }));
    for table in [
        "documents",
        "mentions",
        "events",
        "flows",
        "places",
        "rtree_places_geom",
    ] {
        assert_eq!(count(&conn, table), 0, "{table}");
    }
}

#[test]
fn files_that_are_not_stores_are_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 3] = [
        ("empty.gpkg", b"", "empty"),
        (
            "notes.gpkg",
            b"just some text, not a database at all",
            "not an SQLite",
        ),
        (
            "garbage.gpkg",
            b"SQLite format 3\0garbage garbage garbage garbage",
            "",
        ),
    ];
    for (name, bytes, reason) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = GpkgStore::open(&path).unwrap_err().to_string();
        assert!(err.contains(name), "{err}");
        assert!(err.contains(reason), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was changed");
    }
    // A GeoPackage made by someone else.
    let other = dir.path().join("other.gpkg");
    let conn = Connection::open(&other).unwrap();
    conn.pragma_update(None, "application_id", schema::GPKG_APPLICATION_ID)
        .unwrap();
    conn.execute_batch("CREATE TABLE roads (fid INTEGER PRIMARY KEY)")
        .unwrap();
    drop(conn);
    let err = GpkgStore::open(&other).unwrap_err().to_string();
    assert!(err.contains("not a mapwire store"), "{err}");
    // A store from a newer mapwire.
    let newer = dir.path().join("newer.gpkg");
    drop(GpkgStore::create(&newer, Vec::new()).unwrap());
    let conn = Connection::open(&newer).unwrap();
    schema::set_meta(&conn, "schema_version", "99").unwrap();
    drop(conn);
    let before = std::fs::read(&newer).unwrap();
    let err = GpkgStore::open(&newer).unwrap_err().to_string();
    assert!(err.contains("newer mapwire") && err.contains("99"), "{err}");
    assert_eq!(std::fs::read(&newer).unwrap(), before);
}

#[test]
fn new_event_properties_get_their_own_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.gpkg");
    let store = GpkgStore::create(&path, Vec::new()).unwrap();
    let mut record = DocumentRecord::extract(
        Document::parse(
            "a",
            "Title: A\nPublished: 2024-06-12\n\nRussian warships arrived in Havana on Wednesday.",
        ),
        Origin::Api,
        &Extractor::builtin(),
    );
    assert!(!record.extraction.events.is_empty());
    for e in &mut record.extraction.events {
        let props = e.properties.get_or_insert_with(Default::default);
        props.insert("certainty_score".into(), serde_json::json!(0.5));
        props.insert("sources".into(), serde_json::json!(["TASS", "Reuters"]));
    }
    store
        .write_blocking(vec![WriteOp::Create(Box::new(record.clone()))])
        .unwrap();
    let conn = Connection::open(&path).unwrap();
    let (score, sources): (f64, String) = conn
        .query_row(
            "SELECT certainty_score, sources FROM events LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(score, 0.5);
    assert_eq!(sources, r#"["TASS","Reuters"]"#);
    let back = store.load_all_blocking().unwrap();
    assert_eq!(back.records[0].extraction.events, record.extraction.events);
}
