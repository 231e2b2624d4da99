//! Extraction with the real geoparser on short wire news written for these
//! tests (not from any evaluation set): bases the gazetteer has only from
//! OurAirports, a base it lacks, "the base" after a landing and an airport
//! named in passing, a planned movement dated "next month", denied reports
//! of deliveries and deployments, joint drills of two armies and drills in a
//! sea.
#![allow(clippy::panic, clippy::unwrap_used)]

mod patterns;

use mapwire::events::{EventType, Status};
use patterns::{all, events, one};

#[test]
fn the_base_is_where_the_jets_landed_and_next_month_plans_a_deployment() {
    let ev = events("jets_base_then_unit_planned.txt");
    let landed = one(&ev, EventType::Deployment, Status::Reported);
    assert_eq!(landed.place, "Kant Air Base", "{landed:?}");
    assert_eq!(landed.date.as_deref(), Some("2025-03-04"), "on Tuesday");
    assert_eq!(landed.actors, ["RU"]);
    // "plans to send a helicopter unit to the base next month": the base
    // the jets landed at, not the airport they had flown from.
    let plan = one(&ev, EventType::Deployment, Status::Planned);
    assert_eq!(plan.place, "Kant Air Base", "{plan:?}");
    assert_eq!(plan.date.as_deref(), Some("2025-04"), "next month");
    assert_eq!(plan.actors, ["RU"]);
    all(&ev, |e| e.place != "Manas");
}

#[test]
fn refuted_reports_that_moscow_would_supply_are_a_denied_transfer() {
    let ev = events("supply_reports_refuted.txt");
    let denied = one(&ev, EventType::ArmsTransfer, Status::Denied);
    assert_eq!(denied.country, "KZ", "{denied:?}");
    assert_eq!(denied.actors, ["RU", "KZ"]);
    assert_eq!(denied.date.as_deref(), Some("2025"), "this year");
    let real = one(&ev, EventType::ArmsTransfer, Status::Reported);
    assert_eq!(real.date.as_deref(), Some("2025-03"), "in March");
    assert_eq!(real.actors, ["RU", "KZ"]);
    assert_eq!(ev.len(), 2, "{ev:#?}");
}

#[test]
fn a_rejected_report_is_the_reported_movers_not_the_reporters() {
    let ev = events("deployment_reports_rejected.txt");
    assert_eq!(ev.len(), 2, "{ev:#?}");
    // "Serbia's defence minister rejected reports that Russia had deployed
    // ... to Serbia": Russia's deployment to Serbia, denied.
    for e in &ev {
        assert_eq!(e.event_type, EventType::Deployment);
        assert_eq!(e.status, Status::Denied, "{e:?}");
        assert_eq!(e.country, "RS", "{e:?}");
        assert_eq!(e.actors, ["RU"], "{e:?}");
    }
    assert!(ev.iter().any(|e| e.date.as_deref() == Some("2025-02-11")));
    // "rebuffed claims that Moscow would send MiG-29 jets ... this year".
    assert!(
        ev.iter().any(|e| e.date.as_deref() == Some("2025")),
        "{ev:#?}"
    );
}

#[test]
fn joint_drills_list_both_armies() {
    let ev = events("joint_drills_two_armies.txt");
    let brest = one(&ev, EventType::Exercise, Status::Reported);
    assert_eq!(brest.place, "Brest", "{brest:?}");
    assert_eq!(brest.country, "BY");
    assert_eq!(brest.actors, ["RU", "BY"], "in the order named");
    assert_eq!(brest.date.as_deref(), Some("2025-08-11/2025-08-17"));
    // "Mongolia will hold joint exercises with Russia near Choibalsan".
    let plan = one(&ev, EventType::Exercise, Status::Planned);
    assert_eq!(plan.country, "MN", "{plan:?}");
    assert_eq!(plan.actors, ["MN", "RU"]);
    assert_eq!(plan.date.as_deref(), Some("2025-09"));
}

#[test]
fn drills_in_a_sea_are_at_the_sea_on_their_own_day() {
    let ev = events("drills_in_a_sea.txt");
    let drill = one(&ev, EventType::Exercise, Status::Reported);
    assert_eq!(drill.place, "Bay of Bengal", "{drill:?}");
    assert_eq!(drill.place_kind, "sea");
    // "on Tuesday", not the navy's "said on Thursday".
    assert_eq!(drill.date.as_deref(), Some("2025-11-18"));
    assert_eq!(drill.actors, ["IN", "TH"], "in the order named");
    let call = one(&ev, EventType::PortCall, Status::Reported);
    assert_eq!(call.place, "Phuket");
    assert_eq!(call.date.as_deref(), Some("2025-11-14"));
    assert_eq!(call.actors, ["IN"]);
}

#[test]
fn a_base_only_ourairports_lists_is_placed_and_an_unlisted_one_says_so() {
    let ev = events("jets_unlisted_base.txt");
    assert_eq!(ev.len(), 2, "{ev:#?}");
    let liwa = ev.iter().find(|e| e.country == "AE").expect("Liwa");
    assert_eq!(liwa.place, "Liwa Air Base", "{liwa:?}");
    assert_eq!(liwa.place_kind, "airbase");
    assert_eq!(liwa.date.as_deref(), Some("2025-04-07"), "on Monday");
    assert_eq!(liwa.actors, ["RU"]);
    // A base no data set lists: the country, kind "country", with the
    // facility's name, and less confident than an event at a known base.
    let libya = ev.iter().find(|e| e.country == "LY").expect("Libya");
    assert_eq!(libya.place_kind, "country", "{libya:?}");
    assert_eq!(libya.facility.as_deref(), Some("Qardabiya air base"));
    assert_eq!(libya.date.as_deref(), Some("2025-04-08"), "on Tuesday");
    assert_eq!(libya.actors, ["RU"]);
    assert!(libya.confidence < liwa.confidence, "{ev:#?}");
}

#[test]
fn a_date_in_a_relative_clause_is_not_the_drills() {
    let ev = events("drills_after_leaving_port.txt");
    let drill = one(&ev, EventType::Exercise, Status::Reported);
    assert_eq!(drill.place, "Java Sea", "{drill:?}");
    // "which left Surabaya on Nov. 10" dates the departure; the drills take
    // the navy's report "on Thursday".
    assert_eq!(drill.date.as_deref(), Some("2025-11-20"), "{drill:?}");
    assert_eq!(drill.actors, ["ID", "AU"]);
}
