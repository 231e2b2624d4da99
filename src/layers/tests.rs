#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use serde_json::json;

use super::*;

fn fixture(name: &str) -> Layer {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layers")
        .join(name);
    load_file(&path).unwrap()
}

fn parse(text: &str) -> Result<Layer, LoadError> {
    parse_layer(Path::new("t.geojson"), "t", text.as_bytes())
}

#[test]
fn loads_fixture_with_metadata_and_ids() {
    let places = fixture("places.geojson");
    assert_eq!(places.id, "places");
    assert_eq!(places.title, "Places"); // `title` wins over ogr2ogr's `name`
    assert_eq!(places.len(), 16);
    assert_eq!(places.find("havana"), Some(0));
    assert_eq!(places.id_text(0), "havana");
    assert_eq!(places.find("nowhere"), None);
    let f = places.feature(0);
    assert_eq!(f.property("name"), Some(&json!("Havana")));
    let events = fixture("events.geojson");
    assert_eq!(events.find("3"), Some(2));
    let t = events.temporal_extent().unwrap().to_rfc3339();
    assert_eq!(t[0], "2008-09-10T00:00:00Z");
}

#[test]
fn written_features_are_valid_geojson() {
    let routes = fixture("routes.geojson");
    let text = routes.to_geojson_string();
    let back: geojson::FeatureCollection = text.parse().unwrap();
    assert_eq!(back.features.len(), 2);
    assert_eq!(
        back.features[0].id,
        Some(geojson::feature::Id::String("severomorsk-havana".into()))
    );
    let extent = routes.extent().unwrap();
    assert_eq!(extent, [-87.0, 10.0, 33.4167, 69.0731]);
}

#[test]
fn bbox_goes_through_the_tree_and_crosses_the_antimeridian() {
    let places = fixture("places.geojson");
    let cuba = Bbox::new(-85.0, 19.0, -74.0, 24.0).unwrap();
    let ids: Vec<String> = places
        .bbox(&cuba)
        .iter()
        .map(|&i| places.id_text(i as usize))
        .collect();
    assert_eq!(ids, ["havana", "mariel", "cienfuegos"]);
    let pacific = Bbox::new(170.0, -25.0, -170.0, 0.0).unwrap();
    let ids: Vec<String> = places
        .bbox(&pacific)
        .iter()
        .map(|&i| places.id_text(i as usize))
        .collect();
    assert_eq!(ids, ["suva", "apia"]);
}

#[test]
fn bad_bboxes_are_refused() {
    assert!(Bbox::new(f64::NAN, 0.0, 1.0, 1.0).is_err());
    assert!(Bbox::new(-190.0, 0.0, 1.0, 1.0).is_err());
    assert!(Bbox::new(0.0, 10.0, 1.0, 5.0).is_err());
    assert!(Bbox::new(0.0, -91.0, 1.0, 5.0).is_err());
}

#[test]
fn nearest_ranks_by_great_circle_distance_across_the_antimeridian() {
    let places = fixture("places.geojson");
    let near = places.nearest(-82.4, 23.1, 2);
    let ids: Vec<String> = near.iter().map(|n| places.id_text(n.index)).collect();
    assert_eq!(ids, ["havana", "mariel"]);
    assert!(near[0].distance_m < 5_000.0);
    // From just west of the antimeridian, Suva (178.4E) is nearer than Apia.
    let near = places.nearest(-179.9, -17.0, 1);
    assert_eq!(places.id_text(near[0].index), "suva");
    assert!(places.nearest(0.0, 0.0, 0).is_empty());
}

#[test]
fn filters_by_time_properties_and_sorts() {
    let events = fixture("events.geojson");
    let june_2024 = Filter {
        datetime: Some(Interval::parse("2024-06-15").unwrap()),
        ..Filter::default()
    };
    assert_eq!(events.select(&june_2024), Selection::Some(vec![4]));
    let open = Filter {
        datetime: Some(Interval::parse("../..").unwrap()),
        ..Filter::default()
    };
    assert_eq!(
        events.select(&open).len(),
        12,
        "the undated event never matches"
    );
    let port_calls = Filter {
        properties: vec![PropertyFilter {
            name: "event_type".into(),
            value: json!("port_call"),
        }],
        sortby: vec![SortKey {
            name: "date".into(),
            descending: true,
        }],
        ..Filter::default()
    };
    let dates: Vec<String> = events
        .select(&port_calls)
        .page(0, 10)
        .into_iter()
        .map(|i| events.properties(i)["date"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        dates,
        ["2024-07-24", "2024-06-12", "2019-06-24", "2014-01-20"]
    );
    assert_eq!(events.select(&Filter::default()), Selection::All(13));
}

#[test]
fn queryables_are_inferred() {
    let events = fixture("events.geojson");
    let q = events.queryable("event_type").unwrap();
    assert_eq!(q.kind, QueryableType::String);
    assert_eq!(events.queryable("start").unwrap().format, Some("date"));
    let places = fixture("places.geojson");
    assert_eq!(
        places.queryable("rank").unwrap().kind,
        QueryableType::Integer
    );
}

#[test]
fn malformed_json_reports_position() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken/malformed.geojson");
    match load_file(&path) {
        Err(LoadError::Invalid {
            line,
            column,
            reason,
            ..
        }) => {
            assert_eq!(line, 3);
            assert!(column > 80, "column {column}");
            assert!(reason.contains("expected value"), "{reason}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn non_rfc7946_content_is_refused_with_a_reason() {
    let crs = r#"{"type":"FeatureCollection","crs":{"type":"name"},"features":[]}"#;
    let err = parse(crs).unwrap_err().to_string();
    assert!(err.contains("crs"), "{err}");
    let swapped = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Point","coordinates":[10.5,95.0]},"properties":null}]}"#;
    let err = parse(swapped).unwrap_err().to_string();
    assert!(err.starts_with("t.geojson:2:"), "{err}");
    assert!(
        err.contains("feature #0") && err.contains("latitude"),
        "{err}"
    );
    let line = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[200,0]]},"properties":{}}]}"#;
    assert!(parse(line).is_err());
    assert!(parse(r#"{"type":"Feature","geometry":null,"properties":{}}"#).is_err());
    assert!(parse(r#"{"type":"FeatureCollection"}"#).is_err());
    let bad_props = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":[1]}]}"#;
    assert!(parse(bad_props).is_err());
    assert!(parse(r#"{"type":"FeatureCollection","features":[]} trailing"#).is_err());
}

#[test]
fn a_bad_file_is_skipped_and_the_rest_load() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    let (layers, errors) = load_dir(&dir);
    let ids: Vec<&str> = layers.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["places"]);
    assert_eq!(errors.len(), 3);
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("latlon.geojson:3:3: feature #1")),
        "{text:?}"
    );
}

#[test]
fn geojson_features_from_the_pipeline_are_indexed() {
    let collection: geojson::FeatureCollection = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Point","coordinates":[-82.3666,23.1136]},"properties":{"name":"Havana"}},
        {"type":"Feature","geometry":null,"properties":null}]}"#
        .parse()
        .unwrap();
    let named = NamedCollection {
        id: "places".into(),
        title: "Places".into(),
        description: "d".into(),
        collection,
    };
    let layer = layer_from_collection(named).unwrap();
    assert_eq!(layer.len(), 2);
    assert_eq!(layer.id_text(1), "1");
    assert_eq!(layer.properties_json(1), "null");
    assert_eq!(
        layer.bbox(&Bbox::new(-180.0, -90.0, 180.0, 90.0).unwrap()),
        vec![0]
    );
}

#[test]
fn builtin_layers_are_the_ingested_corpus() {
    let ids: Vec<String> = builtin_layers().into_iter().map(|n| n.id).collect();
    assert_eq!(ids, ["events", "claims", "flows", "places", "countries"]);
    let layers: Vec<Layer> = builtin_layers()
        .into_iter()
        .map(|n| layer_from_collection(n).unwrap())
        .collect();
    assert!(
        layers.iter().all(|l| !l.is_empty()),
        "an empty built-in layer"
    );
}

#[test]
fn layer_set_refuses_duplicate_ids() {
    let (set, dups) = LayerSet::new(vec![
        fixture("places.geojson"),
        fixture("events.geojson"),
        fixture("places.geojson"),
    ]);
    assert_eq!(set.len(), 2);
    assert_eq!(dups, ["places"]);
    assert_eq!(set.iter().next().unwrap().id, "events");
}

#[test]
fn a_file_bigger_than_a_read_chunk_loads_like_the_whole_text() {
    // Pretty-printed, with escapes and brackets inside strings, spread over
    // several read chunks so that features straddle the chunk boundaries.
    let mut text = String::from("\u{feff}{\n \"type\": \"FeatureCollection\",\n \"features\": [\n");
    let n = 20_000;
    for i in 0..n {
        let sep = if i + 1 < n { "," } else { "" };
        text.push_str(&format!(
            "  {{\"type\": \"Feature\", \"id\": \"f{i}\",\n   \"geometry\": {{\"type\": \"LineString\", \
             \"coordinates\": [[{x}, 1.5], [{x}, 2.5, 7]]}},\n   \"properties\": {{\"note\": \
             \"a \\\"quoted\\\" ] }} \\\\ {i}\", \"n\": {i}}}}}{sep}\n",
            x = (i % 360) as f64 - 179.5
        ));
    }
    text.push_str(" ],\n \"title\": \"Big\"\n}\n");
    assert!(text.len() > 3 << 20, "{} bytes", text.len());
    let layer = parse(&text).unwrap();
    assert_eq!(layer.len(), n);
    assert_eq!(layer.title, "Big");
    let whole: serde_json::Value =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
    for i in [0, 1, 4_321, n - 1] {
        let expected = &whole["features"][i];
        let f = layer.feature(i);
        assert_eq!(f.id, Some(geojson::feature::Id::String(format!("f{i}"))));
        assert_eq!(
            serde_json::Value::Object(f.properties.unwrap()),
            expected["properties"]
        );
        let line = serde_json::to_value(f.geometry.unwrap()).unwrap();
        // The altitude of the second position is dropped.
        let mut coords = expected["geometry"]["coordinates"].clone();
        coords[1].as_array_mut().unwrap().truncate(2);
        assert_eq!(line["coordinates"], coords);
    }
}

#[test]
fn structural_errors_name_the_place_and_the_reason() {
    let cases = [
        ("[]", "1:1", "FeatureCollection object"),
        (
            r#"{"type":"FeatureCollection","features":{}}"#,
            "1:40",
            "must be an array",
        ),
        (
            r#"{"type":"FeatureCollection","features":[] "#,
            "1:43",
            "EOF",
        ),
        (
            r#"{"type":"FeatureCollection" "features":[]}"#,
            "1:29",
            "`,` or `}`",
        ),
        (
            "{\"type\":\"Feature\",\n\"features\":[]}",
            "1:9",
            "found type \"Feature\"",
        ),
        (
            "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"geometry\":null",
            "2:33",
            "EOF",
        ),
        (
            r#"{"type":"FeatureCollection","features":[1]}"#,
            "1:41",
            "invalid type",
        ),
        (
            r#"{"type":"FeatureCollection","features":[]}]"#,
            "1:43",
            "trailing",
        ),
    ];
    for (text, at, reason) in cases {
        let err = parse(text).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("t.geojson:{at}:")) && err.contains(reason),
            "{text}: {err}"
        );
    }
    let empty = parse(r#"{"features":[],"type":"FeatureCollection"}"#).unwrap();
    assert!(empty.is_empty());
}

#[test]
fn a_date_that_is_sometimes_coarser_leads_the_default_order_and_is_no_date() {
    // Twelve day-precision dates, then a month and a year: a client typing
    // `date` from a first page of ten must see one that is not a date.
    let features: Vec<_> = (0..14)
        .map(|i| {
            let date = match i {
                12 => "2019-04".to_string(),
                13 => "2018".to_string(),
                _ => format!("2019-03-{:02}", i + 1),
            };
            json!({ "type": "Feature", "geometry": null,
                    "properties": { "date": date, "published": "2019-05-01" } })
        })
        .collect();
    let layer =
        parse(&json!({ "type": "FeatureCollection", "features": features }).to_string()).unwrap();
    let all = layer.select(&Filter::default());
    assert_eq!(all.page(0, 4), vec![12, 0, 1, 2]);
    assert_eq!(all.page(12, 5), vec![11, 13]);
    let field = |name: &str| {
        layer
            .fields()
            .iter()
            .find(|f| f.name == name)
            .unwrap()
            .format
    };
    assert_eq!(field("date"), None);
    assert_eq!(field("published"), Some("date"));
    let q = layer.queryable("date").unwrap();
    assert_eq!(q.format, None);
    // A filtered selection puts the lead first too; sortby decides alone.
    let bounded = Filter {
        properties: vec![PropertyFilter {
            name: "published".into(),
            value: json!("2019-05-01"),
        }],
        ..Filter::default()
    };
    assert_eq!(layer.select(&bounded).page(0, 2), vec![12, 0]);
    assert!(props::date_shaped("2019-03-01T10:00:00Z"));
    assert!(!props::date_shaped("2019-03-01/2019-03-04"));
    assert!(!props::date_shaped("2019-03"));
}
