//! The ingest layers on the fixtures and the built-in corpus with the
//! stand-in geoparser: RFC 7946 shape, rounding, stable ids, flows split at
//! the antimeridian; and the `mapwire ingest` command on a directory with bad
//! files.
#![allow(clippy::panic, clippy::unwrap_used)]
mod common;

use geojson::{FeatureCollection, GeometryValue, JsonValue};
use mapwire::documents::{self, Document};
use mapwire::ingest::{self, Ingested, Options, Origin};

fn capital(iso: &str) -> Option<Origin> {
    let (name, lon, lat) = match iso {
        "RU" => ("Moscow", 37.6173, 55.7558),
        "DZ" => ("Algiers", 3.0588, 36.7538),
        "VE" => ("Caracas", -66.9036, 10.4806),
        _ => return None,
    };
    Some(Origin {
        name: name.into(),
        lon,
        lat,
    })
}

fn all_docs() -> Vec<Document> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events");
    let mut docs = documents::builtin();
    docs.extend(ingest::load_dir(&dir).unwrap_or_default());
    docs
}

fn run() -> Ingested {
    ingest::run_with(&all_docs(), &common::mentions, &capital, Options::default())
}

fn positions(g: &GeometryValue) -> Vec<Vec<f64>> {
    match g {
        GeometryValue::Point { coordinates } => vec![coordinates.as_slice().to_vec()],
        GeometryValue::LineString { coordinates } => {
            coordinates.iter().map(|p| p.as_slice().to_vec()).collect()
        }
        GeometryValue::MultiLineString { coordinates } => coordinates
            .iter()
            .flatten()
            .map(|p| p.as_slice().to_vec())
            .collect(),
        other => panic!("unexpected geometry {}", other.type_name()),
    }
}

fn check_collection(fc: &FeatureCollection, required: &[&str]) {
    let json = serde_json::to_value(fc).unwrap_or(JsonValue::Null);
    assert_eq!(json["type"], "FeatureCollection");
    assert!(json.get("bbox").is_none(), "no empty bbox");
    for f in &fc.features {
        let geometry = f
            .geometry
            .as_ref()
            .unwrap_or_else(|| panic!("feature without geometry"));
        for p in positions(&geometry.value) {
            assert_eq!(p.len(), 2);
            assert!(
                (-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]),
                "{p:?}"
            );
            for x in p {
                assert_eq!((x * 1e6).round() / 1e6, x, "6 decimals at most: {x}");
            }
        }
        assert!(f.id.is_some());
        for key in required {
            assert!(f.contains_property(key), "missing property {key}");
        }
    }
}

const EVENT_KEYS: &[&str] = &[
    "event_type",
    "date",
    "start",
    "end",
    "place",
    "country",
    "assets",
    "actors",
    "status",
    "summary",
    "document",
    "title",
    "published",
    "sentence",
    "offsets",
    "confidence",
];

#[test]
fn layers_are_valid_geojson_with_the_required_properties() {
    let out = run();
    check_collection(
        &out.places,
        &["name", "kind", "country", "mentions", "documents"],
    );
    check_collection(&out.events, EVENT_KEYS);
    check_collection(&out.flows, &["event_type", "origin_name", "event_id"]);
    assert!(
        out.events.features.len() >= 40,
        "{}",
        out.events.features.len()
    );
    assert!(!out.flows.features.is_empty());
    // Only movable events have flows.
    for f in &out.flows.features {
        let ty = f
            .property("event_type")
            .and_then(JsonValue::as_str)
            .unwrap_or("");
        assert!(
            matches!(ty, "deployment" | "port_call" | "arms_transfer"),
            "{ty}"
        );
    }
    // The places layer counts mentions and lists documents.
    let moscow = out
        .places
        .features
        .iter()
        .find(|f| f.property("name").and_then(JsonValue::as_str) == Some("Moscow"))
        .unwrap_or_else(|| panic!("no Moscow"));
    assert!(
        moscow
            .property("mentions")
            .and_then(JsonValue::as_u64)
            .unwrap_or(0)
            >= 5
    );
}

#[test]
fn ids_are_stable_across_runs() {
    let ids = |o: &Ingested| -> Vec<String> {
        o.events
            .features
            .iter()
            .map(|f| format!("{:?}", f.id))
            .collect()
    };
    assert_eq!(ids(&run()), ids(&run()));
}

#[test]
fn a_pacific_crossing_is_split_at_the_antimeridian() {
    let out = run();
    let pacific = out
        .flows
        .features
        .iter()
        .find(|f| {
            f.property("place").and_then(JsonValue::as_str) == Some("Callao")
                && f.property("origin_name").and_then(JsonValue::as_str) == Some("Vladivostok")
        })
        .unwrap_or_else(|| panic!("no Vladivostok→Callao flow"));
    let Some(GeometryValue::MultiLineString { coordinates }) =
        pacific.geometry.as_ref().map(|g| &g.value)
    else {
        panic!("expected a MultiLineString");
    };
    assert_eq!(coordinates.len(), 2);
    let end_of_first = coordinates[0].last().map(|p| p.as_slice()[0]);
    assert_eq!(end_of_first.map(f64::abs), Some(180.0));
}

#[test]
fn deployments_from_russia_start_in_its_capital() {
    let out = run();
    assert!(out.flows.features.iter().any(|f| {
        f.property("origin_name").and_then(JsonValue::as_str) == Some("Moscow")
            && f.property("country").and_then(JsonValue::as_str) == Some("VE")
            && f.property("event_type").and_then(JsonValue::as_str) == Some("deployment")
    }));
}

#[test]
fn the_ingest_command_writes_layers_and_skips_bad_files() -> Result<(), Box<dyn std::error::Error>>
{
    let input = tempfile::tempdir()?;
    let out = tempfile::tempdir()?;
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/events");
    std::fs::copy(
        fixtures.join("malformed.txt"),
        input.path().join("malformed.txt"),
    )?;
    std::fs::copy(fixtures.join("arms.txt"), input.path().join("arms.txt"))?;
    std::fs::write(input.path().join("binary.txt"), b"\x00\x01\x02")?;
    std::fs::write(input.path().join("latin1.txt"), b"Caf\xe9 in Havana")?;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mapwire"))
        .arg("ingest")
        .arg(input.path())
        .arg("--out")
        .arg(out.path())
        .env("NO_COLOR", "1")
        .output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("binary.txt") && stderr.contains("binary"),
        "{stderr}"
    );
    assert!(
        stderr.contains("latin1.txt") && stderr.contains("UTF-8"),
        "{stderr}"
    );
    assert!(
        stderr.contains("malformed") && stderr.contains("21/03/2020"),
        "{stderr}"
    );
    for name in ingest::LAYER_FILES {
        let text = std::fs::read_to_string(out.path().join(name))?;
        let _: geojson::GeoJson = text.parse()?;
    }
    Ok(())
}
