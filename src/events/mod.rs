//! Events: what happened where and when, with the sentences that say so.
//!
//! [`extract`] reads a document sentence by sentence, in stages, one file
//! each:
//!
//! 1. [`context`]: tokens, located places (geoparsed names, [`facility`]
//!    phrases and anaphora), assets, dates, clauses; the document's
//!    [`memory`] of ships, facilities and movers;
//! 2. [`spot`]: trigger words and phrases ([`triggers`]); [`classify`]: the
//!    event type their arguments ([`mover`], hardware, ports) support;
//! 3. [`modality`]: reported, planned, denied, alleged — or no event;
//! 4. [`attach`]: the event's place and origin; [`actors`]: who acted;
//! 5. [`anchor`]: the date the document supports ([`dates`] parses them);
//! 6. [`merge`]: one event per real event across headline, lead and body.
//!
//! [`draft`] runs stages 2–5 for one sentence. Rules are general language
//! patterns; none names a place, a date or a phrase of a particular article.

pub mod actors;
pub mod anchor;
pub mod arguments;
pub mod assets;
pub mod attach;
pub mod classify;
pub mod clauses;
pub mod coast;
pub mod context;
pub mod dates;
pub mod draft;
pub mod facility;
pub mod lexicon;
pub mod memory;
pub mod merge;
pub mod modality;
pub mod mover;
pub mod names;
pub mod origin;
pub mod places;
pub mod sentences;
pub mod sequel;
pub mod spot;
pub mod stand_ins;
pub mod summary;
pub mod text;
pub mod triggers;
pub mod venue;
pub mod walk;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::geoparse::Mention;

pub use anchor::DateSource;
pub use assets::{Asset, AssetKind};
pub use dates::{DateValue, Precision};
pub use summary::{human_date, summary};
pub use walk::extract;

/// The kinds of event mapwire extracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    Deployment,
    PortCall,
    PortCallAgreement,
    ArmsTransfer,
    Agreement,
    Exercise,
    Visit,
}

impl EventType {
    /// The `event_type` value.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Deployment => "deployment",
            EventType::PortCall => "port_call",
            EventType::PortCallAgreement => "port_call_agreement",
            EventType::ArmsTransfer => "arms_transfer",
            EventType::Agreement => "agreement",
            EventType::Exercise => "exercise",
            EventType::Visit => "visit",
        }
    }

    fn label(self) -> &'static str {
        match self {
            EventType::Deployment => "Deployment",
            EventType::PortCall => "Port call",
            EventType::PortCallAgreement => "Port-call agreement",
            EventType::ArmsTransfer => "Arms transfer",
            EventType::Agreement => "Agreement",
            EventType::Exercise => "Exercise",
            EventType::Visit => "Visit",
        }
    }

    /// Whether the event moves something from an origin to a destination
    /// (and so can be drawn as a flow).
    pub fn is_flow(self) -> bool {
        matches!(
            self,
            EventType::Deployment | EventType::PortCall | EventType::ArmsTransfer
        )
    }
}

/// Whether the text reports the event as having happened. Only `reported`
/// events are facts for the map; the others are kept apart (see
/// `crate::ingest`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Reported,
    Planned,
    Denied,
    Alleged,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Reported => "reported",
            Status::Planned => "planned",
            Status::Denied => "denied",
            Status::Alleged => "alleged",
        }
    }
}

/// A point named by a "from X" argument.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OriginPoint {
    pub name: String,
    /// Gazetteer kind: a country origin is drawn from its capital.
    pub kind: String,
    pub lon: f64,
    pub lat: f64,
}

/// A sentence that reports an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceRef {
    pub text: String,
    /// [start, end) in characters of the file.
    pub offsets: [usize; 2],
}

/// One event. Serialises to the GeoJSON properties of `events.geojson`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Stable id: FNV-1a of document id, offsets, type and place.
    #[serde(skip)]
    pub id: String,
    pub event_type: EventType,
    /// ISO 8601 at its true precision (`2018`, `2018-12`, `2018-12-10`,
    /// `2022-07-01/2022-12-31`), or null when the document gives nothing.
    pub date: Option<String>,
    /// RFC 3339 start and end of the period the event covers.
    pub start: Option<String>,
    pub end: Option<String>,
    pub place: String,
    pub place_kind: String,
    pub place_id: String,
    /// The facility as the text names it when the point is its container
    /// ("Hmeimim air base" placed at Latakia).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facility: Option<String>,
    /// ISO 3166-1 alpha-2 of the place ("" for seas).
    pub country: String,
    pub assets: Vec<Asset>,
    /// ISO codes of the states whose forces or officials act, main actor first.
    pub actors: Vec<String>,
    /// Their names, in the same order.
    pub actor_names: Vec<String>,
    /// Country the forces, ships or weapons come from, when known.
    pub origin: Option<String>,
    /// For visits: the visitor's name when the sentence gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    pub status: Status,
    pub summary: String,
    pub document: String,
    pub title: String,
    pub published: Option<String>,
    /// The most informative sentence reporting the event.
    pub sentence: String,
    /// [start, end) of `sentence` in characters of the file.
    pub offsets: [usize; 2],
    /// Every sentence that reports the event, in text order.
    pub sentences: Vec<SentenceRef>,
    pub confidence: f64,
    #[serde(skip)]
    pub lon: f64,
    #[serde(skip)]
    pub lat: f64,
    /// Coordinates of an explicit "from X" origin.
    #[serde(skip)]
    pub origin_point: Option<OriginPoint>,
    #[serde(skip)]
    pub date_source: DateSource,
    /// The days the event covers, for merging.
    #[serde(skip)]
    pub span: Option<(NaiveDate, NaiveDate)>,
    /// The point stands in for an unresolved facility or an anaphor.
    #[serde(skip)]
    pub approx: bool,
    #[serde(skip)]
    facility_index: Option<usize>,
}

/// 64-bit FNV-1a: a tiny, dependency-free hash that is stable across runs,
/// platforms and Rust versions (unlike `DefaultHasher`).
pub fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // Separator so ("ab","c") and ("a","bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl Event {
    /// An empty event, only used while two are folded into one.
    fn placeholder() -> Event {
        Event {
            id: String::new(),
            event_type: EventType::Visit,
            date: None,
            start: None,
            end: None,
            place: String::new(),
            place_kind: String::new(),
            place_id: String::new(),
            facility: None,
            country: String::new(),
            assets: Vec::new(),
            actors: Vec::new(),
            actor_names: Vec::new(),
            origin: None,
            person: None,
            status: Status::Reported,
            summary: String::new(),
            document: String::new(),
            title: String::new(),
            published: None,
            sentence: String::new(),
            offsets: [0, 0],
            sentences: Vec::new(),
            confidence: 0.0,
            lon: 0.0,
            lat: 0.0,
            origin_point: None,
            date_source: DateSource::None,
            span: None,
            approx: false,
            facility_index: None,
        }
    }

    /// Takes the place (and its sentence) of another reading of the same event.
    fn take_place_of(&mut self, other: &Event) {
        self.place = other.place.clone();
        self.place_kind = other.place_kind.clone();
        self.place_id = other.place_id.clone();
        self.facility = other.facility.clone();
        self.country = other.country.clone();
        self.lon = other.lon;
        self.lat = other.lat;
        self.approx = other.approx;
    }

    /// Sets the place from a mention.
    fn set_place(&mut self, m: &Mention) {
        self.place = m.name.clone();
        self.place_kind = if m.kind == "demonym" {
            "country".into()
        } else {
            m.kind.clone()
        };
        self.place_id = m.gazetteer_id.clone();
        self.country = m.country.clone();
        self.lon = m.lon;
        self.lat = m.lat;
    }
}

fn rfc3339_start(d: NaiveDate) -> String {
    d.format("%Y-%m-%dT00:00:00Z").to_string()
}

fn rfc3339_end(d: NaiveDate) -> String {
    d.format("%Y-%m-%dT23:59:59Z").to_string()
}

/// Country names by ISO code, from the document's country and demonym
/// mentions (a demonym's resolved name is its country's).
fn country_names(mentions: &[Mention]) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for m in mentions {
        if places::is_country_like(m) {
            out.entry(m.country.clone())
                .or_insert_with(|| m.name.clone());
        }
    }
    out
}
