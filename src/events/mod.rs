//! Events: what happened where and when, with the sentence that says so.
//!
//! [`extract`] reads a document sentence by sentence: it finds trigger words
//! ([`triggers`]), checks their arguments — what moved, what was sold, which
//! agreement ([`rules`]) — picks the place among the sentence's geoparsed
//! mentions ([`places`]), normalises the date ([`dates`]) and collects the
//! hardware named ([`assets`]). Rules are general language patterns; none
//! names a place, a date or a phrase of a particular article.

pub mod assets;
pub mod dates;
pub mod lexicon;
pub mod places;
pub mod rules;
pub mod sentences;
pub mod text;
pub mod triggers;

use serde::Serialize;

use crate::documents::Document;
use crate::geoparse::Mention;

pub use assets::{Asset, AssetKind};
pub use dates::{DateValue, Precision};

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

/// Whether the text reports the event as having happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Reported,
    Planned,
    Denied,
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

/// One event. Serialises to the GeoJSON properties of `events.geojson`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Stable id: FNV-1a of document id, offsets, type and place.
    #[serde(skip)]
    pub id: String,
    pub event_type: EventType,
    /// ISO 8601 at its true precision (`2018`, `2018-12`, `2018-12-10`,
    /// `2025-W43`, `2022-07-01/2022-12-31`), or null when unknown.
    pub date: Option<String>,
    /// RFC 3339 start and end of the period the event covers.
    pub start: Option<String>,
    pub end: Option<String>,
    pub place: String,
    pub place_kind: String,
    pub place_id: String,
    /// ISO 3166-1 alpha-2 of the place ("" for seas).
    pub country: String,
    pub assets: Vec<Asset>,
    /// Countries named in the sentence, ISO codes.
    pub actors: Vec<String>,
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
    pub sentence: String,
    /// [start, end) of the sentence in characters of the file.
    pub offsets: [usize; 2],
    pub confidence: f64,
    #[serde(skip)]
    pub lon: f64,
    #[serde(skip)]
    pub lat: f64,
    /// Coordinates of an explicit "from X" origin.
    #[serde(skip)]
    pub origin_point: Option<OriginPoint>,
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

fn rfc3339_start(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%dT00:00:00Z").to_string()
}

fn rfc3339_end(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%dT23:59:59Z").to_string()
}

const MONTH_ABBR: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "2018" → "2018", "2018-12" → "Dec 2018", "2018-12-10" → "10 Dec 2018".
pub fn human_date(iso: &str) -> String {
    if let Some((a, b)) = iso.split_once('/') {
        return format!("{}–{}", human_date(a), human_date(b));
    }
    if let Some((y, w)) = iso.split_once("-W") {
        return format!("week {w} of {y}");
    }
    let parts: Vec<&str> = iso.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .and_then(|m| MONTH_ABBR.get(m.wrapping_sub(1)))
            .copied()
            .unwrap_or("")
    };
    match parts.as_slice() {
        [y, m, d] => format!("{} {} {y}", d.trim_start_matches('0'), month(m)),
        [y, m] => format!("{} {y}", month(m)),
        _ => iso.to_string(),
    }
}

/// One short line: "Deployment: 2 Tu-160 bombers to Venezuela, Dec 2018".
pub fn summary(
    person: Option<&str>,
    ty: EventType,
    status: Status,
    assets: &[Asset],
    place: &str,
    place_kind: &str,
    date: Option<&str>,
) -> String {
    let mut s = match status {
        Status::Reported => format!("{}:", ty.label()),
        Status::Planned => format!("Planned {}:", ty.label().to_lowercase()),
        Status::Denied => format!("Denied {}:", ty.label().to_lowercase()),
    };
    if let Some(p) = person {
        s.push(' ');
        s.push_str(p);
    }
    let named: Vec<String> = assets.iter().take(3).map(Asset::label).collect();
    if !named.is_empty() {
        s.push(' ');
        s.push_str(&named.join(", "));
        if assets.len() > 3 {
            s.push_str(" and more");
        }
    }
    let with_country = matches!(place_kind, "country" | "demonym");
    let prep = match ty {
        EventType::Deployment | EventType::ArmsTransfer | EventType::Visit => "to",
        EventType::PortCall => "at",
        EventType::PortCallAgreement | EventType::Agreement if with_country => "with",
        EventType::PortCallAgreement => "for",
        EventType::Agreement => "in",
        EventType::Exercise => "in",
    };
    s.push_str(&format!(" {prep} {place}"));
    if let Some(d) = date {
        s.push_str(", ");
        s.push_str(&human_date(d));
    }
    s
}

/// True for lines of reference lists and citation boilerplate, which repeat
/// headlines out of context ("^ "Russian bombers land in ...". Retrieved ...").
fn is_citation_line(line: &str) -> bool {
    let t = line.trim_start();
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ');
    t.starts_with('^') || line.contains(" Retrieved ") || line.contains("Archived from")
}

/// Phrases that refer back to two countries named before.
const BOTH_COUNTRIES: &[&[&str]] = &[
    &["both", "countries"],
    &["the", "two", "countries"],
    &["both", "nations"],
    &["the", "two", "nations"],
];

/// Extracts the events of a document from its geoparsed mentions (character
/// offsets in the file, any order).
pub fn extract(doc: &Document, mentions: &[Mention]) -> Vec<Event> {
    let mut sorted: Vec<&Mention> = mentions.iter().collect();
    sorted.sort_by_key(|m| (m.start, m.end));
    let published = doc.published;
    let mut time = rules::DocContext {
        published,
        last_date: None,
        focus: focus_country(&sorted),
    };
    let mut recent_actors: Vec<String> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut cursor = 0;
    for s in sentences::split(&doc.text, doc.body_byte, doc.body_char) {
        while cursor < sorted.len() && sorted[cursor].start < s.start {
            cursor += 1;
        }
        let mut end = cursor;
        while end < sorted.len() && sorted[end].start < s.end {
            end += 1;
        }
        let sentence_mentions: Vec<Mention> = sorted[cursor..end]
            .iter()
            .filter(|m| m.end <= s.end)
            .map(|m| (*m).clone())
            .collect();
        let text = s.text(&doc.text);
        if is_citation_line(&doc.text[s.line_start..s.line_end]) {
            continue;
        }
        let tokens = text::tokenize(text, s.start);
        let ctx = rules::SentenceCtx::new(tokens, &sentence_mentions, published);
        let mut actors = places::actors(&ctx.mentions);
        let words: Vec<&str> = ctx.tokens.iter().map(|t| t.lower.as_str()).collect();
        let both = BOTH_COUNTRIES
            .iter()
            .any(|p| words.windows(p.len()).any(|w| w == *p));
        if both && actors.len() < 2 {
            for a in recent_actors.iter().rev() {
                if actors.len() >= 2 {
                    break;
                }
                if !actors.contains(a) {
                    actors.push(a.clone());
                }
            }
        }
        let drafts = rules::sentence_events(&ctx, &time, actors.first().map(String::as_str));
        for d in drafts {
            events.push(build(doc, &s, text, d, &actors));
        }
        for a in places::actors(&ctx.mentions) {
            recent_actors.retain(|x| *x != a);
            recent_actors.push(a);
        }
        if let Some(last) = ctx.dates.iter().rev().find(|d| !d.bound) {
            time.last_date = Some(last.value.clone());
        }
    }
    dedupe(events)
}

/// The most mentioned country of a document (country and demonym mentions).
fn focus_country(mentions: &[&Mention]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for m in mentions
        .iter()
        .filter(|m| places::is_country_like(m) && !m.country.is_empty())
    {
        match counts.iter_mut().find(|(c, _)| *c == m.country) {
            Some((_, n)) => *n += 1,
            None => counts.push((&m.country, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .iter()
        .find(|(_, n)| *n == best)
        .map(|(c, _)| c.to_string())
}

fn build(
    doc: &Document,
    s: &sentences::Sentence,
    text: &str,
    d: rules::Draft,
    actors: &[String],
) -> Event {
    let shown = d.date.as_ref().or(d.interval.as_ref());
    let date = shown.map(|v| v.iso.clone());
    let span = d.interval.as_ref().or(d.date.as_ref());
    let place = d.place;
    let start = s.start.to_le_bytes();
    let end = s.end.to_le_bytes();
    let hash = fnv1a(&[
        doc.id.as_bytes(),
        &start,
        &end,
        d.event_type.as_str().as_bytes(),
        place.gazetteer_id.as_bytes(),
    ]);
    Event {
        id: format!("{hash:016x}"),
        event_type: d.event_type,
        summary: summary(
            d.person.as_deref(),
            d.event_type,
            d.status,
            &d.assets,
            &place.name,
            &place.kind,
            date.as_deref(),
        ),
        date,
        start: span.map(|v| rfc3339_start(v.start)),
        end: span.map(|v| rfc3339_end(v.end)),
        place: place.name.clone(),
        place_kind: place.kind.clone(),
        place_id: place.gazetteer_id.clone(),
        country: place.country.clone(),
        assets: d.assets,
        actors: actors.to_vec(),
        origin: d.origin_country,
        person: d.person.clone(),
        status: d.status,
        document: doc.id.clone(),
        title: doc.title.clone(),
        published: doc.published.map(|p| p.format("%Y-%m-%d").to_string()),
        sentence: text.to_string(),
        offsets: [s.start, s.end],
        confidence: d.confidence,
        lon: place.lon,
        lat: place.lat,
        origin_point: d.origin_mention.map(|m| OriginPoint {
            name: m.name.clone(),
            kind: m.kind.clone(),
            lon: m.lon,
            lat: m.lat,
        }),
    }
}

/// The same event told twice in one document (a caption repeated, a visit
/// restated) is kept once: same type, place, date and status, and the same
/// hardware (or none named). The highest confidence is kept.
fn dedupe(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for e in events {
        let same = out.iter_mut().find(|o| {
            let shared_assets = (o.assets.is_empty() && e.assets.is_empty())
                || o.assets
                    .iter()
                    .any(|a| e.assets.iter().any(|b| a.name == b.name));
            o.event_type == e.event_type
                && o.place_id == e.place_id
                && o.date == e.date
                && o.status == e.status
                && shared_assets
        });
        match same {
            Some(o) => {
                for a in e.assets {
                    if !o.assets.iter().any(|x| x.name == a.name) {
                        o.assets.push(a);
                    }
                }
                o.confidence = o.confidence.max(e.confidence);
            }
            None => out.push(e),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_dates_and_summaries() {
        assert_eq!(human_date("2018-12"), "Dec 2018");
        assert_eq!(human_date("2011-10-06"), "6 Oct 2011");
        assert_eq!(
            human_date("2022-07-01/2022-12-31"),
            "1 Jul 2022–31 Dec 2022"
        );
        let asset = Asset {
            name: "Tu-160".into(),
            kind: AssetKind::Designation,
            class: Some("bombers".into()),
            count: Some(2),
            first: 0,
            last: 0,
        };
        assert_eq!(
            summary(
                None,
                EventType::Deployment,
                Status::Reported,
                &[asset],
                "Venezuela",
                "country",
                Some("2018-12")
            ),
            "Deployment: 2 Tu-160 bombers to Venezuela, Dec 2018"
        );
    }

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(&[b"a"]), fnv1a(&[b"a"]));
        assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
    }

    #[test]
    fn citation_lines_are_recognised() {
        assert!(is_citation_line(
            "  2. ^ \"Russian bombers land\". Retrieved 15 April 2016."
        ));
        assert!(!is_citation_line("Russia sent bombers in 2008."));
    }
}
