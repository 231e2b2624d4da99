//! Extraction with the real geoparser on short news written for these
//! tests (not from any evaluation set): a port call by named ships, a
//! facility the gazetteer lacks, bombers flying from a named air base, a
//! named exercise, a delivery headline, visits with a relative clause and a
//! plan. Each checks type, place, date and actor — what an analyst reads
//! off the map.
#![allow(clippy::panic, clippy::unwrap_used)]

use std::path::Path;

use mapwire::documents::Document;
use mapwire::events::{Event, EventType, Status, extract};
use mapwire::geoparse::Geoparser;

fn events(name: &str) -> Vec<Event> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/patterns")
        .join(name);
    let doc = Document::read(&path).unwrap();
    extract(&doc, &Geoparser::builtin().parse_document(&doc))
}

fn one(ev: &[Event], ty: EventType, status: Status) -> &Event {
    let found: Vec<&Event> = ev
        .iter()
        .filter(|e| e.event_type == ty && e.status == status)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{:#?}",
        ev.iter().map(|e| &e.summary).collect::<Vec<_>>()
    );
    found[0]
}

#[test]
fn named_ships_in_a_bay_make_one_port_call_with_the_headline() {
    let ev = events("submarine_havana.txt");
    let call = one(&ev, EventType::PortCall, Status::Reported);
    assert_eq!(call.country, "CU");
    assert_eq!(call.date.as_deref(), Some("2024-06-12"));
    assert_eq!(call.actors[0], "RU");
    assert!(call.sentences.len() >= 2, "the headline joins the lead");
    let names: Vec<&str> = call.assets.iter().map(|a| a.name.as_str()).collect();
    assert!(
        names.contains(&"Kazan") && names.contains(&"Admiral Gorshkov"),
        "{names:?}"
    );
    // "will stay ... until Monday" is a plan; "would also call" no event.
    assert!(
        ev.iter()
            .all(|e| e.status != Status::Reported || e.event_type != EventType::Deployment)
    );
    assert!(!ev.iter().any(|e| e.sentence.contains("would also call")));
}

#[test]
fn a_facility_the_gazetteer_lacks_is_placed_in_its_container() {
    let ev = events("corvettes_ream.txt");
    let call = one(&ev, EventType::PortCall, Status::Reported);
    assert_eq!(call.country, "KH");
    assert_eq!(call.date.as_deref(), Some("2023-12-03"), "on Sunday");
    assert_eq!(call.actors[0], "CN");
    assert!(call.facility.as_deref().is_some_and(|f| f.contains("Ream")));
}

#[test]
fn bombers_land_at_an_air_station_and_their_home_base_is_no_destination() {
    let ev = events("bombers_orland.txt");
    let deployment = one(&ev, EventType::Deployment, Status::Reported);
    assert_eq!(deployment.country, "NO");
    assert_eq!(deployment.date.as_deref(), Some("2022-08-29"));
    assert_eq!(deployment.actors[0], "US");
    assert!(
        !ev.iter()
            .any(|e| e.country == "US" && e.event_type == EventType::Deployment)
    );
    let agreement = one(&ev, EventType::Agreement, Status::Reported);
    assert_eq!(agreement.date.as_deref(), Some("2021"));
}

#[test]
fn a_joint_exercise_and_the_arrival_before_it() {
    let ev = events("drills_sea_of_japan.txt");
    let drill = one(&ev, EventType::Exercise, Status::Reported);
    assert!(
        drill
            .date
            .as_deref()
            .is_some_and(|d| d.starts_with("2023-07-16"))
    );
    assert!(drill.actors.contains(&"RU".to_string()) && drill.actors.contains(&"CN".to_string()));
    let call = one(&ev, EventType::PortCall, Status::Reported);
    assert_eq!(call.date.as_deref(), Some("2023-07-13"), "last Thursday");
    assert_eq!(call.actors[0], "CN");
}

#[test]
fn taking_delivery_is_receiving() {
    let ev = events("su30_belarus.txt");
    let transfer = one(&ev, EventType::ArmsTransfer, Status::Reported);
    assert_eq!(transfer.country, "BY");
    assert_eq!(transfer.actors, ["RU", "BY"]);
    assert_eq!(transfer.date.as_deref(), Some("2019-02-19"));
}

#[test]
fn visits_past_present_and_planned() {
    let ev = events("visit_tehran.txt");
    let reported: Vec<&Event> = ev
        .iter()
        .filter(|e| e.event_type == EventType::Visit && e.status == Status::Reported)
        .collect();
    assert!(
        reported
            .iter()
            .any(|e| e.place == "Tehran" && e.date.as_deref() == Some("2017-11-21"))
    );
    assert!(
        reported.iter().all(|e| e.actors[0] == "IQ"),
        "the Iraqi prime minister travels"
    );
    let planned = one(&ev, EventType::Visit, Status::Planned);
    assert_eq!(
        planned.date.as_deref(),
        Some("2017-11-27/2017-12-03"),
        "next week"
    );
}
