//! Extraction on the hand-written fixture documents in
//! `tests/fixtures/events/`: one file per family of rules, each with
//! positive cases and the negations and hypotheticals that must not become
//! events. Mentions come from the small stand-in geoparser in `common`.
#![allow(clippy::panic, clippy::unwrap_used)]
mod common;

use mapwire::events::{Event, EventType, Status, extract};

fn events_of(name: &str) -> Vec<Event> {
    let doc = common::fixture(name);
    extract(&doc, &common::mentions(&doc))
}

fn find<'a>(events: &'a [Event], ty: EventType, place: &str) -> &'a Event {
    match events
        .iter()
        .find(|e| e.event_type == ty && e.place == place)
    {
        Some(e) => e,
        None => panic!(
            "no {} at {place} in {:#?}",
            ty.as_str(),
            events.iter().map(|e| &e.summary).collect::<Vec<_>>()
        ),
    }
}

fn asset_names(e: &Event) -> Vec<&str> {
    e.assets.iter().map(|a| a.name.as_str()).collect()
}

#[test]
fn deployments_with_counts_relative_dates_denials_and_plans() {
    let ev = events_of("deployments.txt");
    let bombers = ev
        .iter()
        .find(|e| e.event_type == EventType::Deployment && e.place == "Algeria" && e.date.is_some())
        .unwrap_or_else(|| panic!("{ev:#?}"));
    // "on Tuesday" in a paper of Monday 2021-05-03.
    assert_eq!(bombers.date.as_deref(), Some("2021-04-27"));
    assert_eq!(
        bombers.summary,
        "Deployment: 2 Tu-22M3 bombers to Algeria, 27 Apr 2021"
    );
    assert_eq!(bombers.origin.as_deref(), Some("RU"));
    assert_eq!(bombers.status, Status::Reported);

    let base = find(&ev, EventType::Deployment, "Hmeimim");
    assert_eq!(base.date.as_deref(), Some("2021-04"));
    assert_eq!(base.assets[0].count, Some(4));

    let mali = find(&ev, EventType::Deployment, "Mali");
    assert_eq!(
        mali.date.as_deref(),
        Some("2021/2021-05-03"),
        "since 2021, up to publication"
    );
    assert_eq!(mali.start.as_deref(), Some("2021-01-01T00:00:00Z"));

    assert_eq!(
        find(&ev, EventType::Deployment, "Sudan").status,
        Status::Denied
    );
    assert_eq!(
        find(&ev, EventType::Deployment, "Egypt").status,
        Status::Planned
    );
    let flotilla = find(&ev, EventType::Deployment, "Mediterranean Sea");
    assert_eq!(asset_names(flotilla), ["Marshal Ustinov"]);
    // "could send more bombers next year" is no event.
    assert!(!ev.iter().any(|e| e.sentence.contains("could send")));
}

#[test]
fn port_calls_by_named_ships_and_planned_calls_with_intervals() {
    let ev = events_of("port_calls.txt");
    let cape = find(&ev, EventType::PortCall, "Cape Town");
    assert_eq!(cape.date.as_deref(), Some("2019-11-25"));
    assert_eq!(asset_names(cape), ["Admiral Kasatonov"]);
    assert_eq!(
        find(&ev, EventType::PortCall, "Tartus").date.as_deref(),
        Some("2017-03")
    );
    let sudan = find(&ev, EventType::PortCall, "Port Sudan");
    assert_eq!(
        sudan.date.as_deref(),
        Some("2019-11-18/2019-11-24"),
        "last week"
    );
    assert_eq!(sudan.start.as_deref(), Some("2019-11-18T00:00:00Z"));
    let callao = find(&ev, EventType::PortCall, "Callao");
    assert_eq!(callao.status, Status::Planned);
    assert_eq!(callao.date.as_deref(), Some("2019-12-03/2019-12-06"));
    assert_eq!(callao.end.as_deref(), Some("2019-12-06T23:59:59Z"));
}

#[test]
fn agreements_port_access_and_decrees() {
    let ev = events_of("agreements.txt");
    let access = find(&ev, EventType::PortCallAgreement, "Port Sudan");
    assert_eq!(access.date.as_deref(), Some("2023-02"));
    assert_eq!(
        find(&ev, EventType::Agreement, "Algiers").date.as_deref(),
        Some("2021-07")
    );
    // The document's own country (Russia) is not the place of its agreements.
    let egypt = find(&ev, EventType::Agreement, "Egypt");
    assert_eq!(egypt.date.as_deref(), Some("2023-01"), "last month");
    // A decree authorising troops: deployment dated by the decree, interval of the stay.
    let decree = find(&ev, EventType::Deployment, "Mali");
    assert_eq!(decree.date.as_deref(), Some("2023-01"));
    assert_eq!(decree.start.as_deref(), Some("2023-03-01T00:00:00Z"));
    assert_eq!(decree.end.as_deref(), Some("2023-08-31T23:59:59Z"));
    // "discussed a possible logistics pact that would allow" is not an agreement.
    assert!(!ev.iter().any(|e| e.sentence.contains("discussed")));
}

#[test]
fn arms_transfers_sales_purchases_possession_and_plans() {
    let ev = events_of("arms.txt");
    let peru = find(&ev, EventType::ArmsTransfer, "Peru");
    assert_eq!(
        peru.summary,
        "Arms transfer: 12 Mi-17V-5 helicopters to Peru, 2014"
    );
    let indonesia = find(&ev, EventType::ArmsTransfer, "Indonesia");
    assert_eq!(indonesia.origin.as_deref(), Some("RU"), "from Russia");
    assert_eq!(indonesia.assets[0].count, Some(11));
    // Possession ("Vietnam's army operates Russian T-90S tanks") is not a
    // transfer.
    assert!(
        !ev.iter().any(|e| e.sentence.contains("operates")),
        "possession is not a transfer"
    );
    assert_eq!(peru.actors, ["RU", "PE"], "supplier, then recipient");
    let egypt = find(&ev, EventType::ArmsTransfer, "Egypt");
    assert_eq!(
        (egypt.status, egypt.date.as_deref()),
        (Status::Planned, Some("2019"))
    );
    assert!(
        !ev.iter().any(|e| e.place == "India"),
        "may sell: hypothetical"
    );
    assert!(
        !ev.iter().any(|e| e.sentence.contains("remains a priority")),
        "a topic, not an event"
    );
}

#[test]
fn visits_by_officials_and_remote_or_unplanned_ones_are_not() {
    let ev = events_of("visits.txt");
    let bamako = find(&ev, EventType::Visit, "Bamako");
    assert_eq!(bamako.date.as_deref(), Some("2023-06-07"));
    assert_eq!(bamako.summary, "Visit: Sergei Ivanov to Bamako, 7 Jun 2023");
    assert_eq!(
        find(&ev, EventType::Visit, "Moscow").person.as_deref(),
        Some("Abdelmadjid Tebboune")
    );
    assert_eq!(
        find(&ev, EventType::Visit, "Cairo").date.as_deref(),
        Some("2023-05")
    );
    assert_eq!(
        find(&ev, EventType::Visit, "New Delhi").date.as_deref(),
        Some("2023-05")
    );
    assert_eq!(
        find(&ev, EventType::Visit, "Moscow").origin.as_deref(),
        Some("DZ")
    );
    assert!(!ev.iter().any(|e| e.sentence.contains("video link")));
    assert!(!ev.iter().any(|e| e.place == "Sudan"), "no plans to visit");
    assert_eq!(ev.len(), 4);
}

#[test]
fn exercises_at_sea_between_two_armies_and_planned_drills() {
    let ev = events_of("exercises.txt");
    assert_eq!(
        find(&ev, EventType::Exercise, "Cape Town").date.as_deref(),
        Some("2019-11")
    );
    let india = find(&ev, EventType::Exercise, "India");
    assert_eq!(india.actors, ["RU", "IN"]);
    let egypt = find(&ev, EventType::Exercise, "Egypt");
    assert_eq!(
        (egypt.status, egypt.date.as_deref()),
        (Status::Planned, Some("2020-01"))
    );
    assert_eq!(ev.len(), 3, "\"could be repeated\" is not an exercise");
}

#[test]
fn negations_quotes_labels_and_pretexts_are_not_events() {
    let ev = events_of("negatives.txt");
    assert!(
        ev.is_empty(),
        "{:#?}",
        ev.iter().map(|e| &e.summary).collect::<Vec<_>>()
    );
}

#[test]
fn dates_from_context_only_when_language_says_so() {
    let ev = events_of("context_dates.txt");
    assert_eq!(
        find(&ev, EventType::PortCall, "Tartus").date.as_deref(),
        Some("2020-08-18")
    );
    // "On the same day" inherits the previous sentence's date.
    assert_eq!(
        find(&ev, EventType::Agreement, "Syria").date.as_deref(),
        Some("2020-08-18")
    );
    let reported: Vec<&Event> = ev
        .iter()
        .filter(|e| e.event_type == EventType::ArmsTransfer)
        .collect();
    assert_eq!(reported.len(), 2);
    // "officials said Russia delivered" in a dated report: the month of publication.
    assert_eq!(reported[0].date.as_deref(), Some("2020-08"));
    // A pluperfect ("had delivered") is earlier than the report: unknown.
    assert_eq!(reported[1].date, None);
}

#[test]
fn without_a_publication_date_partial_dates_stay_unknown() {
    let ev = events_of("undated.txt");
    let june = ev
        .iter()
        .find(|e| e.sentence.contains("in June"))
        .unwrap_or_else(|| panic!("{ev:#?}"));
    assert_eq!(june.date, None);
    assert_eq!(june.start, None);
    assert_eq!(
        find(&ev, EventType::Deployment, "Hmeimim").date.as_deref(),
        Some("2015")
    );
}

#[test]
fn offsets_point_at_the_sentence_in_the_file_and_ids_are_stable() {
    for name in ["deployments.txt", "arms.txt", "visits.txt"] {
        let doc = common::fixture(name);
        let a = extract(&doc, &common::mentions(&doc));
        let b = extract(&doc, &common::mentions(&doc));
        let chars: Vec<char> = doc.text.chars().collect();
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.id, y.id);
            let [s, e] = x.offsets;
            let text: String = chars[s..e].iter().collect();
            assert_eq!(text, x.sentence);
        }
        let mut ids: Vec<&str> = a.iter().map(|e| e.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), a.len(), "ids are unique");
    }
}
