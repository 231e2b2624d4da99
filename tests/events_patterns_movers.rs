//! Extraction with the real geoparser on short news written for these
//! tests (not from any evaluation set), about who moved and where to: a
//! deployment for an exercise held in a named province, a ship's planned
//! voyage onwards, a crew that sails on, a gerund framing the main clause,
//! a dateline that is no place of the sea the ship entered, hardware
//! bought abroad that arrives, and a visit told over two days.
#![allow(clippy::panic, clippy::unwrap_used)]

mod patterns;

use mapwire::events::{EventType, Status};
use patterns::{all, events, one};

#[test]
fn forces_arriving_for_an_exercise_go_to_the_province_where_it_is_held() {
    let ev = events("troops_exercise_province.txt");
    let d = one(&ev, EventType::Deployment, Status::Reported);
    // "held in Savannakhet province": the province, not its biggest town
    // of the same name (the unit word is the text's cue).
    assert_eq!(
        (d.place_kind.as_str(), d.place_id.as_str()),
        ("region", "admin1:LA.savannakhet"),
        "{d:?}"
    );
    assert_eq!(d.country, "LA");
    assert_eq!(d.date.as_deref(), Some("2024-05-13"), "on Monday");
    assert_eq!(d.actors[0], "CN");
}

#[test]
fn a_ship_that_will_sail_to_countries_plans_port_calls_there() {
    let ev = events("frigate_onward_voyage.txt");
    let planned: Vec<_> = ev.iter().filter(|e| e.status == Status::Planned).collect();
    let countries: Vec<&str> = planned.iter().map(|e| e.country.as_str()).collect();
    assert_eq!(countries, ["MG", "MZ"], "{planned:#?}");
    for e in &planned {
        assert_eq!(e.event_type, EventType::PortCall, "{e:?}");
        // "After leaving Mauritius the ship": Mauritius is left, not the owner.
        assert_eq!(e.actors[0], "IN", "{e:?}");
    }
    assert!(
        !ev.iter()
            .any(|e| e.event_type == EventType::Deployment && e.status == Status::Reported)
    );
    // "Its crew held a joint exercise with the Mauritius coast guard".
    let drill = one(&ev, EventType::Exercise, Status::Reported);
    assert_eq!(drill.actors[0], "IN", "{drill:?}");
    assert_eq!(drill.date.as_deref(), Some("2024-03-08"));
}

#[test]
fn a_crew_that_sails_on_is_its_ship_making_a_port_call() {
    let ev = events("corvette_crew_sailed_on.txt");
    assert!(!ev.iter().any(|e| e.event_type == EventType::Deployment));
    let calls: Vec<_> = ev
        .iter()
        .filter(|e| e.event_type == EventType::PortCall && e.status == Status::Reported)
        .collect();
    let surabaya = calls
        .iter()
        .find(|e| e.place == "Surabaya")
        .expect("a port call at Surabaya");
    assert_eq!(surabaya.date.as_deref(), Some("2023-11-09"), "on Thursday");
    assert_eq!(surabaya.actors[0], "RU");
}

#[test]
fn a_gerund_before_the_main_clause_has_its_subject_and_the_story_its_date() {
    let ev = events("destroyers_before_reaching.txt");
    assert!(!ev.iter().any(|e| e.event_type == EventType::Visit));
    // "Before reaching Tanzania the warships": the arrival already told.
    let call = one(&ev, EventType::PortCall, Status::Reported);
    assert_eq!(call.country, "TZ");
    assert_eq!(call.date.as_deref(), Some("2024-07-29"));
    assert!(call.sentences.len() >= 2, "{call:?}");
    assert!(!ev.iter().any(|e| e.event_type == EventType::Deployment));
    // The drills of the warships told in the dated lead: that month.
    let drill = one(&ev, EventType::Exercise, Status::Reported);
    assert_eq!(drill.place, "Gulf of Aden");
    assert_eq!(drill.date.as_deref(), Some("2024-07"));
    assert_eq!(drill.actors[0], "CN", "{drill:?}");
}

#[test]
fn a_dateline_city_does_not_locate_a_sea_and_a_port_named_by_of_is_a_port() {
    let ev = events("submarine_dateline_sea.txt");
    all(&ev, |e| e.country != "SE");
    let call = one(&ev, EventType::PortCall, Status::Reported);
    assert_eq!(call.place, "Baltiysk");
    assert_eq!(call.actors[0], "RU");
    assert!(
        call.date
            .as_deref()
            .is_some_and(|d| d.starts_with("2024-09-2"))
    );
}

#[test]
fn a_recipient_named_by_its_forces_is_not_the_supplier() {
    let ev = events("drones_to_armed_forces.txt");
    let t = one(&ev, EventType::ArmsTransfer, Status::Reported);
    assert_eq!(t.actors, ["IR", "VE"], "{t:?}");
    assert_eq!(t.country, "VE");
    assert_eq!(t.date.as_deref(), Some("2022-06-18"), "on Saturday");
}

#[test]
fn forces_that_arrived_at_an_airport_and_will_be_deployed_on_plan_the_towns() {
    let ev = events("instructors_airport_then_towns.txt");
    let reported = one(&ev, EventType::Deployment, Status::Reported);
    assert_eq!(reported.place_kind, "airport", "{reported:?}");
    assert_eq!(reported.actors[0], "RU");
    let planned: Vec<&str> = ev
        .iter()
        .filter(|e| e.status == Status::Planned && e.event_type == EventType::Deployment)
        .map(|e| e.place.as_str())
        .collect();
    assert_eq!(planned, ["Bria", "Bambari"]);
}

#[test]
fn jets_that_flew_in_go_nowhere_new_and_a_mission_area_is_no_destination() {
    let ev = events("raptors_flew_in.txt");
    all(&ev, |e| e.place_kind != "sea");
    let lask = ev
        .iter()
        .find(|e| e.country == "PL")
        .expect("the deployment to Poland");
    assert_eq!(lask.event_type, EventType::Deployment);
    assert_eq!(lask.date.as_deref(), Some("2023-04-05"));
    assert_eq!(lask.actors[0], "US");
}

#[test]
fn an_exercise_held_in_the_documents_own_country_is_placed_there() {
    let ev = events("exercise_held_in_three_countries.txt");
    let drill = one(&ev, EventType::Exercise, Status::Reported);
    assert_eq!(drill.country, "NO", "{drill:?}");
    assert_eq!(drill.date.as_deref(), Some("2024-03-04"));
}

#[test]
fn a_ship_due_in_a_port_for_a_visit_plans_a_call_on_the_coming_day() {
    let ev = events("training_ship_due_in.txt");
    let planned = one(&ev, EventType::PortCall, Status::Planned);
    assert_eq!(planned.place, "Havana");
    assert_eq!(planned.date.as_deref(), Some("2023-07-29"), "next Saturday");
    assert!(
        !ev.iter()
            .any(|e| e.status == Status::Reported && e.date.as_deref() == Some("2023-07-22")),
        "not the Saturday before"
    );
}

#[test]
fn joint_movers_are_both_actors_and_a_town_named_like_a_bay_is_the_town() {
    let ev = events("warships_town_bay_dateline.txt");
    let call = ev
        .iter()
        .find(|e| e.place == "Richards Bay")
        .expect("the call at Richards Bay");
    assert_eq!(call.event_type, EventType::PortCall, "{call:?}");
    assert_eq!(call.place_kind, "city");
    assert_eq!(call.actors[..2], ["RU", "CN"], "{call:?}");
}

#[test]
fn a_reported_clause_has_its_own_subject_and_entering_waters_joins_the_call() {
    let ev = events("warships_waters_then_port.txt");
    // "Vietnam's defence minister said the ships were on a routine visit":
    // the ships' visit, and the arrival in waters the day before: one call.
    let call = one(&ev, EventType::PortCall, Status::Reported);
    assert_eq!(call.actors[0], "IN", "{call:?}");
    assert_eq!(call.date.as_deref(), Some("2024-06-16"), "on Sunday");
    assert!(call.sentences.len() >= 3, "{call:?}");
    all(&ev, |e| e.event_type != EventType::Deployment);
}

#[test]
fn entering_the_town_of_x_is_a_deployment_and_drills_under_way_are_reported() {
    let ev = events("town_of_and_drills_under_way.txt");
    let d = one(&ev, EventType::Deployment, Status::Reported);
    assert_eq!(d.place, "Kampot");
    assert_eq!(d.date.as_deref(), Some("2025-07-10"), "on Thursday");
    assert_eq!(d.actors[0], "CN");
    // "will be held ... from July 10 to 14" in a report of July 12.
    let drill = one(&ev, EventType::Exercise, Status::Reported);
    assert_eq!(drill.place, "Gulf of Thailand");
    assert_eq!(drill.date.as_deref(), Some("2025-07-10/2025-07-14"));
    // "More drills will be held in the Andaman Sea in August": next August.
    let more = one(&ev, EventType::Exercise, Status::Planned);
    assert_eq!(more.place, "Andaman Sea");
    assert_eq!(more.date.as_deref(), Some("2025-08"));
}

#[test]
fn a_conjunct_has_its_own_subject_and_a_partner_navy_owns_no_ship() {
    let ev = events("crew_patrol_then_sailing_on.txt");
    // ", and the crew held a joint patrol with the Pakistan Navy ... before
    // sailing on to Muscat": the Turkish ship's crew, not the officers.
    let drill = one(&ev, EventType::Exercise, Status::Reported);
    assert_eq!(drill.actors[0], "TR", "{drill:?}");
    assert_eq!(drill.place, "Gwadar");
    let muscat = ev
        .iter()
        .find(|e| e.place == "Muscat")
        .expect("the call at Muscat");
    assert_eq!(muscat.event_type, EventType::PortCall);
    assert_eq!(muscat.actors[0], "TR", "{muscat:?}");
}

#[test]
fn exercises_a_dated_arrival_is_for_take_its_month() {
    let ev = events("ships_arrive_for_exercises.txt");
    let call = one(&ev, EventType::PortCall, Status::Reported);
    assert_eq!(call.date.as_deref(), Some("2024-10-01"), "on Tuesday");
    let drill = one(&ev, EventType::Exercise, Status::Reported);
    assert_eq!(drill.date.as_deref(), Some("2024-10"), "{drill:?}");
    assert_eq!(drill.actors[..2], ["IN", "ID"]);
}

#[test]
fn helicopters_ordered_abroad_arriving_are_a_delivery_and_history_is_none() {
    let ev = events("helicopters_ordered_lusaka.txt");
    let reported: Vec<_> = ev.iter().filter(|e| e.status == Status::Reported).collect();
    // "first bought ... in 1978", "bought ... in the 1980s", "interested in
    // buying", "No Russian troops have been deployed": no reported event.
    assert_eq!(reported.len(), 1, "{ev:#?}");
    let t = reported[0];
    assert_eq!(t.event_type, EventType::ArmsTransfer, "{t:?}");
    assert_eq!(t.country, "ZM");
    assert_eq!(t.actors, ["RU", "ZM"]);
    assert_eq!(t.date.as_deref(), Some("2013-06-12"), "on Wednesday");
}

#[test]
fn a_visits_next_day_is_the_same_visit_and_first_times_long_ago_are_history() {
    let ev = events("minister_visit_dili.txt");
    let visit = one(&ev, EventType::Visit, Status::Reported);
    assert_eq!(visit.place, "Dili", "{visit:?}");
    assert_eq!(visit.date.as_deref(), Some("2016-09-05"), "on Monday");
    // "exercises every year since 2009, when their first joint drill took
    // place", "first called at Dili in 2000": history; boats that "have
    // often had to refuel": a habit. No event.
    assert_eq!(ev.len(), 1, "{ev:#?}");
}
