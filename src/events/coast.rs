//! Coasts: "in the eastern Mediterranean off the Syrian coast", "off the
//! coast of Libya", "off Somalia's coast". A sea's point is its middle,
//! often a thousand kilometres from where a ship was; the coast a sentence
//! names says where in the sea. The coast's point is the city or port of
//! that country nearest to the sea's middle — on the shore that faces it.
//!
//! This runs before the sentence walk, on the document's mentions: a
//! country mention in a coast phrase of a sentence that also names a sea
//! becomes a `coast` mention at that point.

use crate::documents::Document;
use crate::gazetteer::{Gazetteer, Kind};
use crate::geoparse::Mention;

use super::sentences;
use super::text::{TokKind, Token, tokenize};

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2)
        + p1.cos() * p2.cos() * ((b.1 - a.1).to_radians() / 2.0).sin().powi(2);
    12742.0 * h.min(1.0).sqrt().asin()
}

/// The city or port of `country` nearest to `point`.
fn nearest_shore(country: &str, point: (f64, f64)) -> Option<(String, String, f64, f64)> {
    // The cities and ports of each country, indexed once: the gazetteer has
    // some 180,000 places and a document may name many coasts.
    static BY_COUNTRY: std::sync::OnceLock<std::collections::HashMap<String, Vec<usize>>> =
        std::sync::OnceLock::new();
    let places = Gazetteer::builtin().places();
    let index = BY_COUNTRY.get_or_init(|| {
        let mut map: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, p) in places.iter().enumerate() {
            if matches!(p.kind, Kind::City | Kind::Port) {
                map.entry(p.country.clone()).or_default().push(i);
            }
        }
        map
    });
    index
        .get(country)?
        .iter()
        .map(|&i| &places[i])
        .min_by(|a, b| km(point, (a.lat, a.lon)).total_cmp(&km(point, (b.lat, b.lon))))
        .map(|p| (p.id.clone(), p.name.clone(), p.lat, p.lon))
}

/// Whether the country mention at tokens `first..=last` sits in a coast
/// phrase: "off the Syrian coast", "off the coast of Libya", "off
/// Somalia's coast", "along the Venezuelan coast".
fn in_coast_phrase(tokens: &[Token], first: usize, last: usize) -> bool {
    let w = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let before = |n: usize| first.checked_sub(n).map_or("", w);
    let near = |x: &str| matches!(x, "off" | "along" | "near");
    // off the X coast / off X's coast
    let after = if tokens
        .get(last + 1)
        .is_some_and(|t| t.kind == TokKind::Possessive)
    {
        last + 2
    } else {
        last + 1
    };
    let coast_after = matches!(w(after), "coast" | "coastline" | "shores" | "shore");
    let lead = (near(before(1)) || (before(1) == "the" && near(before(2)))) && coast_after;
    // off the coast of X
    let coast_of = before(1) == "of"
        && matches!(before(2), "coast" | "coastline" | "shores")
        && before(3) == "the"
        && near(before(4));
    lead || coast_of
}

/// The mentions of consecutive sentences in one pass over the mentions in
/// text order (a document may have a hundred thousand of each).
pub(super) struct Sweep {
    order: Vec<usize>,
    next: usize,
}

impl Sweep {
    pub(super) fn new(mentions: &[Mention]) -> Sweep {
        let mut order: Vec<usize> = (0..mentions.len()).collect();
        order.sort_by_key(|&k| mentions[k].start);
        Sweep { order, next: 0 }
    }

    /// Indices of the mentions inside [start, end); sentences come in order.
    pub(super) fn within(&mut self, mentions: &[Mention], start: usize, end: usize) -> Vec<usize> {
        while self.next < self.order.len() && mentions[self.order[self.next]].start < start {
            self.next += 1;
        }
        let mut out = Vec::new();
        while self.next < self.order.len() && mentions[self.order[self.next]].start < end {
            let k = self.order[self.next];
            if mentions[k].end <= end {
                out.push(k);
            }
            self.next += 1;
        }
        out
    }
}

/// The document's mentions with country mentions in coast phrases of
/// sentences that name a sea replaced by `coast` mentions.
pub fn with_coasts(
    doc: &Document,
    all: &[sentences::Sentence],
    mentions: Vec<Mention>,
) -> Vec<Mention> {
    let mut out = mentions;
    if !out.iter().any(|m| m.kind == "sea") {
        return out;
    }
    let mut replaced: Vec<(usize, Mention)> = Vec::new();
    let mut sweep = Sweep::new(&out);
    for s in all {
        let in_sentence = sweep.within(&out, s.start, s.end);
        let text = s.text(&doc.text);
        if !text.contains("coast") && !text.contains("shore") {
            continue;
        }
        let Some(sea) = in_sentence
            .iter()
            .map(|&k| &out[k])
            .find(|m| m.kind == "sea")
        else {
            continue;
        };
        let sea_point = (sea.lat, sea.lon);
        let tokens = tokenize(text, s.start);
        for &k in &in_sentence {
            let m = &out[k];
            if !matches!(m.kind.as_str(), "country" | "demonym") || m.country.is_empty() {
                continue;
            }
            let Some(first) = tokens.iter().position(|t| t.end > m.start) else {
                continue;
            };
            let Some(last) = tokens.iter().rposition(|t| t.start < m.end) else {
                continue;
            };
            if !in_coast_phrase(&tokens, first, last) {
                continue;
            }
            let Some((id, city, lat, lon)) = nearest_shore(&m.country, sea_point) else {
                continue;
            };
            let mut coast = m.clone();
            coast.kind = "coast".into();
            coast.name = format!("{} coast near {city}", m.name);
            coast.gazetteer_id = format!("coast:{}:{id}", m.country);
            coast.lat = lat;
            coast.lon = lon;
            replaced.push((k, coast));
        }
    }
    for (k, coast) in replaced {
        out[k] = coast;
    }
    seas_near_cities(doc, all, out)
}

/// "They were in Alexandria ..., and after leaving port they held an
/// exercise in the Mediterranean": a sea named in a sentence with one
/// city or port (not a "from X" origin, not a coast already) is drawn
/// near that city — the sentence's own hint of where in the sea.
fn seas_near_cities(
    doc: &Document,
    all: &[sentences::Sentence],
    mut out: Vec<Mention>,
) -> Vec<Mention> {
    let mut replaced: Vec<(usize, Mention)> = Vec::new();
    let mut sweep = Sweep::new(&out);
    for s in all {
        let in_sentence = sweep.within(&out, s.start, s.end);
        let seas: Vec<usize> = in_sentence
            .iter()
            .copied()
            .filter(|&k| out[k].kind == "sea")
            .collect();
        if seas.len() != 1 || in_sentence.iter().any(|&k| out[k].kind == "coast") {
            continue;
        }
        let text = s.text(&doc.text);
        let tokens = tokenize(text, s.start);
        let origin = |m: &Mention| {
            tokens
                .iter()
                .rposition(|t| t.end <= m.start)
                .is_some_and(|k| match tokens[k].lower.as_str() {
                    "from" | "left" => true,
                    // "the port of Baltiysk" names a port, not an origin.
                    "of" => !k.checked_sub(1).is_some_and(|h| {
                        matches!(
                            tokens[h].lower.as_str(),
                            "port" | "harbour" | "harbor" | "city" | "town" | "base"
                        )
                    }),
                    _ => false,
                })
        };
        // "STOCKHOLM, Sept 25 - ...": the dateline is where the report was
        // written, not where in the sea anything happened.
        let dateline = |m: &Mention| {
            m.start == s.start && {
                let t = &doc.text[m.start..m.end];
                t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase)
            }
        };
        let cities: Vec<&Mention> = in_sentence
            .iter()
            .map(|&k| &out[k])
            .filter(|m| matches!(m.kind.as_str(), "city" | "port") && !origin(m) && !dateline(m))
            .collect();
        let [city] = cities.as_slice() else {
            continue;
        };
        let sea = &out[seas[0]];
        // A sea is wide, but not that wide: a city thousands of kilometres
        // from its middle is about something else.
        if km((sea.lat, sea.lon), (city.lat, city.lon)) > 2500.0 {
            continue;
        }
        let mut near = sea.clone();
        near.kind = "coast".into();
        near.name = format!("{} near {}", sea.name, city.name);
        near.gazetteer_id = format!("near:{}:{}", sea.gazetteer_id, city.gazetteer_id);
        near.country = city.country.clone();
        near.lat = city.lat;
        near.lon = city.lon;
        replaced.push((seas[0], near));
    }
    for (k, near) in replaced {
        out[k] = near;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coast_phrases() {
        let t = tokenize(
            "took station off the Syrian coast and off the coast of Libya",
            0,
        );
        let at = |w: &str| t.iter().position(|x| x.text == w).unwrap_or(0);
        assert!(in_coast_phrase(&t, at("Syrian"), at("Syrian")));
        assert!(in_coast_phrase(&t, at("Libya"), at("Libya")));
        let t = tokenize("the Syrian government said", 0);
        assert!(!in_coast_phrase(&t, 1, 1));
    }

    #[test]
    fn a_coast_is_the_shore_facing_the_sea() {
        let doc = Document::parse(
            "d",
            "Published: 2020-01-02\n\nA cruiser took up station in the Mediterranean off the Syrian coast.",
        );
        let find = |s: &str| {
            let byte = doc.text.find(s).unwrap_or(0);
            doc.text[..byte].chars().count()
        };
        let mention = |text: &str, kind: &str, country: &str, lat: f64, lon: f64| Mention {
            start: find(text),
            end: find(text) + text.chars().count(),
            text: text.into(),
            name: text.into(),
            gazetteer_id: format!("t:{text}"),
            kind: kind.into(),
            country: country.into(),
            lat,
            lon,
            confidence: 1.0,
        };
        let ms = vec![
            mention("Mediterranean", "sea", "", 35.0, 18.0),
            mention("Syrian", "demonym", "SY", 35.0, 38.0),
        ];
        let all = sentences::split_bounded(&doc.text, doc.body_byte, doc.body_char, 2_000);
        let out = with_coasts(&doc, &all, ms);
        let coast = &out[1];
        assert_eq!(coast.kind, "coast");
        // A Syrian town on the shore, far west of Syria's middle.
        assert!(coast.lon < 36.5, "{coast:?}");
    }
}
