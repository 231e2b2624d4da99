//! Ingest: documents in, four GeoJSON layers out (`places`, `events`,
//! `flows`, `claims`), written atomically so a failed run never destroys the
//! layers of the previous one. `events` holds what the text reports as
//! having happened; `claims` holds the events it reports as planned, denied
//! or alleged, so no map or client takes them for facts by accident.

pub mod bulk;
pub mod extract;
pub mod geometry;
pub mod layers;
pub mod output;

use std::path::{Path, PathBuf};

use geojson::FeatureCollection;

use crate::documents::{self, Document};
use crate::gazetteer::Gazetteer;
use crate::geoparse::{Geoparser, Mention};

pub use extract::{EXTRACTOR_VERSION, Extraction, Extractor, SharedExtractor, extract_with};
pub use layers::Origin;

/// Errors of the ingest command.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: cannot list documents: {source}")]
    ListDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: cannot write: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: cannot serialise layer: {source}")]
    Serialize {
        path: String,
        #[source]
        source: serde_json::Error,
    },
}

/// What one ingest run counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub documents: usize,
    pub mentions: usize,
    pub places: usize,
    pub events: usize,
    pub claims: usize,
    pub flows: usize,
    pub warnings: usize,
}

/// The four layers.
#[derive(Debug, Clone)]
pub struct Ingested {
    pub places: FeatureCollection,
    pub events: FeatureCollection,
    pub flows: FeatureCollection,
    /// Planned, denied and alleged events.
    pub claims: FeatureCollection,
    pub stats: Stats,
}

/// Options of a run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Draw a progress bar on stderr.
    pub progress: bool,
}

/// Ingests documents with the built-in geoparser and gazetteer. Flows
/// without an explicit "from X" start at the capital of the origin country.
pub fn run(docs: &[Document], options: Options) -> Ingested {
    let geoparser = Geoparser::builtin();
    let gazetteer = Gazetteer::builtin();
    run_with(
        docs,
        &|d: &Document| geoparser.parse_document(d),
        &|iso: &str| {
            gazetteer.capital_of(iso).map(|p| Origin {
                name: p.name.clone(),
                lon: p.lon,
                lat: p.lat,
            })
        },
        options,
    )
}

/// Ingests documents with a given geoparser and origin resolver (ISO country
/// code → the point flows start from).
pub fn run_with(
    docs: &[Document],
    geoparse: &dyn Fn(&Document) -> Vec<Mention>,
    capital: &dyn Fn(&str) -> Option<Origin>,
    options: Options,
) -> Ingested {
    let bar = options.progress.then(|| {
        let bar = indicatif::ProgressBar::new(docs.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents {msg}")
        {
            bar.set_style(style);
        }
        bar
    });
    let mut stats = Stats {
        documents: docs.len(),
        ..Stats::default()
    };
    let mut places = layers::PlacesBuilder::default();
    let mut event_features = Vec::new();
    let mut claim_features = Vec::new();
    let mut flow_features = Vec::new();
    for doc in docs {
        for w in &doc.warnings {
            tracing::warn!(file = %format!("{}.txt", doc.id), line = w.line, "{}", w.message);
            stats.warnings += 1;
        }
        if doc.published.is_none() {
            tracing::warn!(file = %format!("{}.txt", doc.id), "no Published: date; relative dates in it stay unknown");
            stats.warnings += 1;
        }
        let Extraction {
            mentions,
            events,
            claims,
            flows,
        } = extract_with(doc, geoparse, capital);
        if mentions.is_empty() {
            tracing::warn!(file = %format!("{}.txt", doc.id), "no places found");
            stats.warnings += 1;
        }
        stats.mentions += mentions.len();
        places.add(&doc.id, &mentions);
        if events.is_empty() && claims.is_empty() {
            tracing::warn!(file = %format!("{}.txt", doc.id), "no events found");
            stats.warnings += 1;
        }
        event_features.extend(events);
        claim_features.extend(claims);
        flow_features.extend(flows);
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    stats.places = places.len();
    stats.events = event_features.len();
    stats.claims = claim_features.len();
    stats.flows = flow_features.len();
    Ingested {
        places: places.build(),
        events: collection(event_features),
        flows: collection(flow_features),
        claims: collection(claim_features),
        stats,
    }
}

/// A collection without the `bbox` that `FeatureCollection::new` leaves
/// empty (`[]`, which RFC 7946 does not allow) when features have none.
pub fn collection(features: Vec<geojson::Feature>) -> FeatureCollection {
    FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    }
}

/// Reads the documents (`*.txt`) of a directory. Files that cannot be read
/// or are not text are skipped with a warning naming the file and reason.
pub fn load_dir(dir: &Path) -> Result<Vec<Document>, IngestError> {
    let paths = documents::list_dir(dir).map_err(|source| IngestError::ListDir {
        path: dir.display().to_string(),
        source,
    })?;
    let mut docs = Vec::with_capacity(paths.len());
    for path in paths {
        match Document::read(&path) {
            Ok(doc) => docs.push(doc),
            Err(e) => tracing::warn!("skipped: {e}"),
        }
    }
    Ok(docs)
}

/// The file names of the layers.
pub const LAYER_FILES: [&str; 4] = [
    "places.geojson",
    "events.geojson",
    "flows.geojson",
    "claims.geojson",
];

/// Writes the four layers as the whole content of `out_dir`, replacing
/// the previous layers all together or not at all (see [`output`]).
pub fn write(ingested: &Ingested, out_dir: &Path) -> Result<Vec<PathBuf>, IngestError> {
    output::replace_dir(
        [
            &ingested.places,
            &ingested.events,
            &ingested.flows,
            &ingested.claims,
        ],
        out_dir,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(
        doc: &Document,
        text: &str,
        kind: &str,
        country: &str,
        lat: f64,
        lon: f64,
    ) -> Mention {
        let byte = doc.text.find(text).unwrap_or(0);
        let start = doc.text[..byte].chars().count();
        Mention {
            start,
            end: start + text.chars().count(),
            text: text.into(),
            name: text.into(),
            gazetteer_id: format!("test:{text}"),
            kind: kind.into(),
            country: country.into(),
            lat,
            lon,
            confidence: 1.0,
        }
    }

    fn sample() -> Vec<Document> {
        vec![Document::parse(
            "doc1",
            "Title: Bombers\nPublished: 2021-05-03\n\nIn April 2021, Russia sent two Tu-22M3 bombers to Algeria.\n",
        )]
    }

    fn geoparse(d: &Document) -> Vec<Mention> {
        vec![
            mention(d, "Russia", "country", "RU", 61.5, 105.3),
            mention(d, "Algeria", "country", "DZ", 28.03, 1.66),
        ]
    }

    fn capital(iso: &str) -> Option<Origin> {
        (iso == "RU").then(|| Origin {
            name: "Moscow".into(),
            lon: 37.6173,
            lat: 55.7558,
        })
    }

    #[test]
    fn three_layers_with_flows_from_the_capital() {
        let out = run_with(&sample(), &geoparse, &capital, Options::default());
        assert_eq!(out.stats.events, 1);
        assert_eq!(out.places.features.len(), 2);
        assert_eq!(out.flows.features.len(), 1);
        let flow = &out.flows.features[0];
        assert_eq!(
            flow.property("origin_name").and_then(|v| v.as_str()),
            Some("Moscow")
        );
        let event = &out.events.features[0];
        assert_eq!(
            event.property("date").and_then(|v| v.as_str()),
            Some("2021-04")
        );
        assert_eq!(
            event.property("start").and_then(|v| v.as_str()),
            Some("2021-04-01T00:00:00Z")
        );
        assert_eq!(
            event.property("end").and_then(|v| v.as_str()),
            Some("2021-04-30T23:59:59Z")
        );
    }

    #[test]
    fn writing_is_atomic_and_replaces_old_layers() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let out = run_with(&sample(), &geoparse, &capital, Options::default());
        let written = write(&out, dir.path())?;
        assert_eq!(written.len(), 4);
        for name in LAYER_FILES {
            let text = std::fs::read_to_string(dir.path().join(name))?;
            let fc: FeatureCollection = text.parse::<geojson::GeoJson>()?.try_into()?;
            let _ = fc;
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())?
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        Ok(())
    }

    #[test]
    fn a_failed_write_keeps_the_previous_layers() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        // Not a directory: refused, and left as it was.
        let file = dir.path().join("layers");
        std::fs::write(&file, b"keep me")?;
        let out = run_with(&sample(), &geoparse, &capital, Options::default());
        assert!(write(&out, &file).is_err());
        assert_eq!(std::fs::read(&file)?, b"keep me");
        let names: Vec<String> = std::fs::read_dir(dir.path())?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()?;
        assert_eq!(names, ["layers"]);
        Ok(())
    }

    #[test]
    fn a_rewrite_replaces_all_three_and_clears_what_dead_runs_left()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let out_dir = dir.path().join("out");
        let full = run_with(&sample(), &geoparse, &capital, Options::default());
        write(&full, &out_dir)?;
        // A run killed while writing (pid 999999999 is not alive).
        let stale = dir.path().join(".out.new-999999999");
        std::fs::create_dir(&stale)?;
        std::fs::write(stale.join("events.geojson"), vec![b' '; 1 << 16])?;
        let empty = run_with(&[], &geoparse, &capital, Options::default());
        write(&empty, &out_dir)?;
        for name in LAYER_FILES {
            let text = std::fs::read_to_string(out_dir.join(name))?;
            assert!(text.contains("\"features\":[]"), "{name}: {text}");
        }
        let names: Vec<String> = std::fs::read_dir(dir.path())?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()?;
        assert_eq!(names, ["out"]);
        Ok(())
    }

    #[test]
    fn bad_files_are_skipped() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        std::fs::write(
            dir.path().join("a.txt"),
            "Title: A\nPublished: 2020-01-01\n\nText.",
        )?;
        std::fs::write(dir.path().join("b.txt"), b"bin\0ary")?;
        std::fs::write(dir.path().join("c.txt"), b"bad \xff utf8")?;
        let docs = load_dir(dir.path())?;
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id, "a");
        Ok(())
    }
}
