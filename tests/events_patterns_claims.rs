//! Extraction with the real geoparser on short wire news written for these
//! tests (not from any evaluation set): denials and rejected reports next to
//! real events, "could deploy", bombers landing at a named airport, ships
//! that moor, anchor and berth, hardware handed over and taken delivery of,
//! a source located by its country or sea, a year refined by a month, and a
//! request received about warships, what warships "may" do under a pact,
//! and a demonym of ships watched that is no place.
#![allow(clippy::panic, clippy::unwrap_used)]

mod patterns;

use mapwire::events::{EventType, Status};
use patterns::{all, at, events, one};

#[test]
fn bombers_land_at_a_named_airport_and_a_denied_basing_is_no_event() {
    let ev = events("bombers_biak_denial.txt");
    let d = one(&ev, EventType::Deployment, Status::Reported);
    assert_eq!(d.place_kind, "airport", "{d:?}");
    assert_eq!(d.country, "ID");
    assert_eq!(d.actors[0], "RU");
    assert_eq!(d.date.as_deref(), Some("2025-11-13"), "last Thursday");
    // "denied that Russia had asked to base", "could deploy ... if".
    all(&ev, |e| e.event_type == EventType::Deployment);
    assert_eq!(ev.len(), 1, "{ev:#?}");
}

#[test]
fn a_frigate_moors_at_a_port_and_anchored_off_a_city_earlier_this_month() {
    let ev = events("frigate_moored_tema.txt");
    let tema = at(&ev, "Tema");
    assert_eq!(tema.event_type, EventType::PortCall);
    assert_eq!(tema.status, Status::Reported);
    assert_eq!(tema.date.as_deref(), Some("2025-09-24"), "on Wednesday");
    assert_eq!(tema.actors[0], "RU");
    let lome = ev.iter().find(|e| e.country == "TG").expect("Lome");
    assert_eq!(lome.event_type, EventType::PortCall);
    assert_eq!(lome.date.as_deref(), Some("2025-09-01/2025-09-26"));
    let lagos = at(&ev, "Lagos");
    assert_eq!(lagos.status, Status::Planned, "will sail to Lagos");
    // "rejected reports that the visit was linked to talks on a ... point".
    assert_eq!(ev.len(), 3, "{ev:#?}");
}

#[test]
fn helicopters_handed_over_and_taken_delivery_of_are_transfers() {
    let ev = events("helicopters_handed_over_mali.txt");
    let mali = ev.iter().find(|e| e.country == "ML").expect("Mali");
    assert_eq!(mali.event_type, EventType::ArmsTransfer);
    assert_eq!(mali.actors, ["RU", "ML"]);
    assert_eq!(mali.date.as_deref(), Some("2025-04-15"), "on Tuesday");
    assert_eq!(mali.facility.as_deref(), Some("Bamako airport"));
    let bf = ev.iter().find(|e| e.country == "BF").expect("Burkina Faso");
    assert_eq!(bf.event_type, EventType::ArmsTransfer);
    assert_eq!(bf.actors, ["RU", "BF"], "the buyer took delivery");
    assert_eq!(
        bf.date.as_deref(),
        Some("2025-04-07/2025-04-13"),
        "last week"
    );
    all(&ev, |e| e.status == Status::Reported);
    assert_eq!(ev.len(), 2, "a denial about pilots is no event: {ev:#?}");
}

#[test]
fn a_month_refines_last_year_and_their_crews_exercise_is_the_ships_countrys() {
    let ev = events("corvettes_berthed_yangon.txt");
    let calls: Vec<_> = ev
        .iter()
        .filter(|e| e.event_type == EventType::PortCall)
        .collect();
    assert_eq!(calls.len(), 2, "{calls:#?}");
    assert_eq!(calls[0].date.as_deref(), Some("2025-02-03"), "on Monday");
    // "Last year, a Russian destroyer called at X, south of Y, in August".
    assert_eq!(calls[1].date.as_deref(), Some("2024-08"), "{:?}", calls[1]);
    assert_eq!(calls[1].actors[0], "RU");
    // "Their crews will hold a joint exercise with the Myanmar navy".
    let drill = one(&ev, EventType::Exercise, Status::Planned);
    assert_eq!(drill.actors, ["RU", "MM"], "{drill:?}");
}

#[test]
fn denied_deployment_is_a_claim_and_could_send_is_nothing() {
    let ev = events("troops_denied_could_deploy.txt");
    let denied = one(&ev, EventType::Deployment, Status::Denied);
    assert_eq!(denied.place, "Arlit");
    let d = one(&ev, EventType::Deployment, Status::Reported);
    assert_eq!(d.place, "Niamey");
    assert_eq!(d.date.as_deref(), Some("2025-05"), "last month");
    assert_eq!(d.actors[0], "RU");
    assert_eq!(ev.len(), 2, "{ev:#?}");
}

#[test]
fn a_source_located_by_its_country_is_no_destination() {
    let ev = events("submarine_anchored_off.txt");
    // "had sailed from the Russian naval facility at Tartus in Syria".
    all(&ev, |e| e.country != "SY");
    let call = one(&ev, EventType::PortCall, Status::Reported);
    assert_eq!(call.place, "Oran");
    assert_eq!(call.date.as_deref(), Some("2025-09-30"), "on Tuesday");
    assert_eq!(call.actors[0], "RU");
}

#[test]
fn a_request_received_about_warships_is_no_transfer() {
    let ev = events("frigate_berthed_cam_ranh.txt");
    // "had not received any request from Moscow to station warships".
    all(&ev, |e| e.event_type == EventType::PortCall);
    let calls: Vec<_> = ev.iter().filter(|e| e.status == Status::Reported).collect();
    assert_eq!(calls.len(), 2, "{ev:#?}");
    for c in &calls {
        assert_eq!(c.place, "Cam Ranh", "{c:?}");
        assert_eq!(c.actors[0], "RU");
    }
    assert_eq!(calls[0].date.as_deref(), Some("2025-03-17/2025-03-21"));
    assert_eq!(calls[1].date.as_deref(), Some("2025-01"), "in mid-January");
}

#[test]
fn a_sea_that_locates_a_source_port_is_no_destination() {
    let ev = events("tanks_took_delivery_eritrea.txt");
    // "which had sailed from Novorossiysk on the Black Sea in late July".
    all(&ev, |e| e.place_kind != "sea");
    let t = one(&ev, EventType::ArmsTransfer, Status::Reported);
    assert_eq!(t.place, "Massawa");
    assert_eq!(t.actors, ["RU", "ER"]);
    assert_eq!(t.date.as_deref(), Some("2025-08-11"), "on Monday");
    // "refuted reports that Moscow would also supply Su-30 fighter jets to
    // Asmara": the denial is the news, a claim.
    let denied = one(&ev, EventType::ArmsTransfer, Status::Denied);
    assert_eq!(denied.place, "Asmara");
    assert_eq!(denied.actors, ["RU", "ER"]);
    assert_eq!(ev.len(), 2, "{ev:#?}");
}

#[test]
fn exercises_named_in_an_appositive_are_held_where_the_verb_says() {
    let ev = events("troops_could_deploy_belarus.txt");
    let d = one(&ev, EventType::Deployment, Status::Reported);
    assert_eq!(d.facility.as_deref(), Some("Baranovichi airfield"));
    assert_eq!(d.date.as_deref(), Some("2025-01-29"), "on Wednesday");
    assert_eq!(d.actors[0], "RU");
    // "The exercises, named X, will be held near Brest from Feb. 10 to 16".
    let drill = one(&ev, EventType::Exercise, Status::Planned);
    assert_eq!(drill.place, "Brest");
    assert_eq!(drill.date.as_deref(), Some("2025-02-10/2025-02-16"));
    assert!(drill.actors.iter().any(|a| a == "BY"), "{drill:?}");
    // "rejected suggestions that the paratroopers would stay", "might deploy".
    assert_eq!(ev.len(), 2, "{ev:#?}");
}

#[test]
fn an_accord_ratified_on_a_day_is_reported_whatever_its_term() {
    let ev = events("port_access_term.txt");
    // "ratified on Tuesday an accord allowing ships to call at the port of
    // Bata between January 1 and December 31 next year": the term is the
    // accord's, the ratification happened.
    let accord = at(&ev, "Bata");
    assert_eq!(
        accord.event_type,
        EventType::PortCallAgreement,
        "{accord:?}"
    );
    assert_eq!(accord.status, Status::Reported, "{accord:?}");
    assert_eq!(accord.date.as_deref(), Some("2025-10-14"), "on Tuesday");
    assert_eq!(accord.actors, ["GQ", "RU"], "{accord:?}");
}

#[test]
fn what_warships_may_do_under_a_pact_is_a_port_call_agreement() {
    let ev = events("frigates_may_berth_port_louis.txt");
    let pca = one(&ev, EventType::PortCallAgreement, Status::Reported);
    assert_eq!(pca.place, "Port Louis", "{pca:?}");
    // Dated by the accord of the sentence before ("on Tuesday").
    assert_eq!(pca.date.as_deref(), Some("2025-03-18"));
    // "aircraft are also allowed to land" under the pact is no deployment;
    // "analysts said the navy may eventually send" is a guess.
    all(&ev, |e| {
        matches!(
            e.event_type,
            EventType::PortCallAgreement | EventType::Agreement
        ) && e.status == Status::Reported
    });
}

#[test]
fn a_demonym_of_the_ships_watched_is_no_place() {
    let ev = events("frigate_shadowing_no_place.txt");
    // "sent on Monday to shadow Chinese ships": no place, so no event (not
    // one in China); the frigate that arrived at a named port is one.
    all(&ev, |e| e.country != "CN");
    let call = one(&ev, EventType::PortCall, Status::Reported);
    assert_eq!(call.country, "NO");
    assert_eq!(call.date.as_deref(), Some("2024-11-12"), "on Tuesday");
    assert_eq!(ev.len(), 1, "{ev:#?}");
}
