//! Extraction with the real geoparser on short news written for these
//! tests (not from any evaluation set): a port call by named ships, a
//! facility the gazetteer lacks, bombers flying from a named air base, a
//! named exercise, a delivery headline, visits with a relative clause and a
//! plan. Each checks type, place, date and actor — what an analyst reads
//! off the map.
#![allow(clippy::panic, clippy::unwrap_used)]

mod patterns;

use mapwire::events::{Event, EventType, Status};
use patterns::{at, events, one};

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

#[test]
fn warships_arriving_at_a_base_call_there_and_a_later_exercise_is_a_plan() {
    let ev = events("task_group_djibouti.txt");
    let call = one(&ev, EventType::PortCall, Status::Reported);
    assert_eq!(call.country, "DJ");
    assert_eq!(call.date.as_deref(), Some("2024-03-11"), "on Monday");
    assert_eq!(call.actors[0], "CN");
    assert!(call.sentences.len() >= 2, "the headline joins the lead");
    // "due to join ... for the exercise later this month": not yet held.
    assert!(
        ev.iter()
            .all(|e| e.event_type != EventType::Exercise || e.status == Status::Planned)
    );
    // "Beijing opened the Djibouti facility": Beijing is the actor.
    let opened = one(&ev, EventType::Deployment, Status::Reported);
    assert_eq!(opened.actors[0], "CN");
    assert_eq!(opened.date.as_deref(), Some("2017"));
}

#[test]
fn entering_a_port_whose_name_starts_with_port_is_a_call() {
    let ev = events("frigate_port_sudan.txt");
    let call = one(&ev, EventType::PortCall, Status::Reported);
    assert_eq!(call.country, "SD");
    assert_eq!(call.date.as_deref(), Some("2021-04-28"), "on Wednesday");
    assert!(call.sentences.len() >= 2, "the headline joins the lead");
    let expected = one(&ev, EventType::PortCall, Status::Planned);
    assert_eq!(expected.date.as_deref(), Some("2021-05"), "next month");
}

#[test]
fn a_navy_taking_delivery_of_a_ship_is_a_transfer_not_a_call() {
    let ev = events("frigate_delivery_kaliningrad.txt");
    let transfer = one(&ev, EventType::ArmsTransfer, Status::Reported);
    assert_eq!(transfer.country, "RU");
    assert_eq!(transfer.date.as_deref(), Some("2019-11-07"), "on Thursday");
    assert_eq!(transfer.actors, ["IN", "RU"]);
    assert!(ev.iter().all(|e| e.event_type != EventType::PortCall));
    // "New Delhi has been buying more weapons ... in recent years" is a
    // trend, and New Delhi stands for its government.
    assert!(!ev.iter().any(|e| e.place == "New Delhi"));
}

#[test]
fn a_capital_that_acts_is_no_place() {
    let ev = events("minister_vientiane.txt");
    let visit = one(&ev, EventType::Visit, Status::Reported);
    assert_eq!(visit.place, "Vientiane");
    assert_eq!(visit.date.as_deref(), Some("2018-07-18"));
    let delivery = one(&ev, EventType::ArmsTransfer, Status::Reported);
    assert_eq!(
        delivery.country, "LA",
        "Moscow delivered ... to the Lao army"
    );
    assert_eq!(delivery.actors[0], "RU");
    assert!(!ev.iter().any(|e| e.place == "Moscow"));
    let onward = one(&ev, EventType::Visit, Status::Planned);
    assert_eq!(onward.place, "Hanoi");
}

#[test]
fn forces_beginning_or_joining_drills_make_an_exercise_not_a_deployment() {
    let ev = events("drills_far_east.txt");
    let exercise = ev
        .iter()
        .find(|e| e.event_type == EventType::Exercise && e.date.as_deref() == Some("2022-09-01"))
        .unwrap_or_else(|| panic!("{:#?}", ev.iter().map(|e| &e.summary).collect::<Vec<_>>()));
    assert_eq!(exercise.actors[0], "RU");
    assert!(exercise.sentences.len() >= 2, "the headline joins the lead");
    assert!(
        !ev.iter()
            .any(|e| e.event_type == EventType::Deployment && e.sentence.contains("join"))
    );
}

#[test]
fn a_headline_deal_of_two_parties_joins_the_body_and_a_navy_calls_abroad() {
    let ev = events("memorandum_bandar_abbas.txt");
    let deal = one(&ev, EventType::Agreement, Status::Reported);
    assert_eq!(deal.place, "Tehran");
    assert_eq!(deal.date.as_deref(), Some("2019-01-23"), "on Wednesday");
    assert!(deal.sentences.len() >= 2, "the headline joins the body");
    // The warships visiting an Iranian port are not Iran's.
    let calls: Vec<&Event> = ev
        .iter()
        .filter(|e| e.event_type == EventType::PortCall && e.status == Status::Reported)
        .collect();
    assert!(!calls.is_empty());
    assert!(calls.iter().all(|e| e.actors[0] == "RU"), "{calls:#?}");
}

#[test]
fn a_facility_named_again_by_its_name_alone_and_an_origin_with_its_state() {
    let ev = events("marines_vaernes.txt");
    let deployments: Vec<&Event> = ev
        .iter()
        .filter(|e| e.event_type == EventType::Deployment && e.status == Status::Reported)
        .collect();
    let mut dates: Vec<Option<&str>> = deployments.iter().map(|e| e.date.as_deref()).collect();
    dates.sort();
    assert_eq!(
        dates,
        [Some("2017-01"), Some("2017-05-30")],
        "{deployments:#?}"
    );
    // "flew into Vaernes ... from Camp Lejeune, North Carolina": at the air
    // station, never in North Carolina; the Pentagon is the U.S.
    for d in &deployments {
        assert_eq!(d.country, "NO");
        assert_eq!(d.actors[0], "US");
        assert!(d.facility.as_deref().is_some_and(|f| f.contains("Vaernes")));
    }
}

#[test]
fn a_route_and_a_relative_clause_name_no_destination() {
    let ev = events("jets_latakia.txt");
    let reported: Vec<&Event> = ev.iter().filter(|e| e.status == Status::Reported).collect();
    // "moved ... aircraft to an air base near ... Latakia"; "arrived at the
    // Bassel al-Assad International Airport, which Russia is turning into
    // a base, flying over Iran and Iraq": one deployment, in Syria.
    assert_eq!(reported.len(), 1, "{reported:#?}");
    assert_eq!(reported[0].event_type, EventType::Deployment);
    assert_eq!(reported[0].country, "SY");
    assert_eq!(reported[0].actors[0], "RU");
    assert!(
        !ev.iter()
            .any(|e| matches!(e.country.as_str(), "IR" | "IQ" | "RU"))
    );
}

#[test]
fn a_buyer_signing_with_a_supplier_is_placed_at_the_buyer() {
    let ev = events("su35_egypt.txt");
    let deals: Vec<&Event> = ev
        .iter()
        .filter(|e| e.event_type == EventType::Agreement && e.status == Status::Reported)
        .collect();
    assert!(!deals.is_empty());
    // "to buy ... from Russia, according to Russian media reports": Russia
    // is the supplier, the Russian media no party.
    for d in deals {
        assert_eq!(d.country, "EG", "{d:#?}");
        assert!(d.actors.contains(&"RU".to_string()));
    }
}

#[test]
fn a_base_named_after_its_town_is_at_the_town_and_a_capital_by_description() {
    let ev = events("tankers_town_airfield.txt");
    let landing = one(&ev, EventType::Deployment, Status::Reported);
    // At the town the base is named after (66.5 N, 25.7 E), not at
    // Finland's middle, and the map says which base.
    assert!(
        (landing.lat - 66.5).abs() < 0.3 && (landing.lon - 25.7).abs() < 0.5,
        "{landing:?}"
    );
    assert!(
        landing
            .facility
            .as_deref()
            .is_some_and(|f| f.contains("Air Base"))
    );
    assert_eq!(landing.date.as_deref(), Some("2025-03-11"));
    // "patrol ship" names a kind of ship, not a patrol; the visit it will
    // make is planned, in the capital the sentence describes.
    assert!(
        !ev.iter()
            .any(|e| e.event_type == EventType::Exercise && e.sentence.contains("patrol ship"))
    );
    let call = ev
        .iter()
        .find(|e| e.sentence.contains("patrol ship"))
        .expect("the planned call");
    assert_eq!(call.status, Status::Planned);
    assert_eq!(call.place, "Helsinki");
}

#[test]
fn officers_touring_a_ship_make_no_call_and_a_visit_during_a_signing_shares_its_date() {
    let ev = events("survey_ship_mombasa.txt");
    let calls: Vec<&Event> = ev
        .iter()
        .filter(|e| e.event_type == EventType::PortCall)
        .collect();
    // The call at Mombasa; officers touring the vessel make no other.
    assert!(calls.iter().any(|e| e.place == "Mombasa"), "{calls:#?}");
    assert!(
        !calls
            .iter()
            .any(|e| e.sentence.contains("toured") && e.place != "Dar es Salaam"),
        "{calls:#?}"
    );
    let visit = one(&ev, EventType::Visit, Status::Reported);
    assert_eq!(visit.date.as_deref(), Some("2024-09"));
    assert_eq!(visit.place, "Nairobi");
}

#[test]
fn a_counted_purchase_delivered_over_years_is_one_transfer_and_a_supply_since_a_decade_none() {
    let ev = events("helicopters_over_years.txt");
    let transfers: Vec<&Event> = ev
        .iter()
        .filter(|e| e.event_type == EventType::ArmsTransfer)
        .collect();
    assert_eq!(transfers.len(), 1, "{transfers:#?}");
    let t = transfers[0];
    assert!(t.sentence.contains("between 2013 and 2015"));
    assert!(
        t.date.as_deref().is_some_and(|d| d.starts_with("2013")),
        "{t:?}"
    );
    assert_eq!(t.country, "PE");
}

#[test]
fn an_agreement_whose_appositive_is_followed_by_what_it_allows_is_a_port_call_agreement() {
    let ev = events("pact_djibouti_pier.txt");
    let deal = ev
        .iter()
        .find(|e| e.sentence.contains("first signed in 2011"))
        .expect("the agreement of 2011");
    assert_eq!(deal.event_type, EventType::PortCallAgreement, "{deal:?}");
    assert_eq!(deal.date.as_deref(), Some("2011"));
    assert_eq!(deal.country, "DJ");
}

#[test]
fn days_later_and_the_next_day_count_from_the_date_before() {
    let ev = events("frigate_two_days_later.txt");
    // Each day counts from the one before, itself counted or told.
    for (place, day) in [
        ("Valletta", "2025-03-11"),
        ("Bizerte", "2025-03-13"),
        ("Annaba", "2025-03-14"),
    ] {
        assert_eq!(at(&ev, place).date.as_deref(), Some(day), "{place}");
    }
}

#[test]
fn a_date_in_a_while_clause_stays_there() {
    let ev = events("bombers_while_frigate.txt");
    assert_eq!(at(&ev, "Oran").date.as_deref(), Some("2025-04-07"));
    assert_ne!(at(&ev, "Bizerte").date.as_deref(), Some("2025-04-07"));
    assert_eq!(at(&ev, "Annaba").date.as_deref(), Some("2025-04-08"));
}
