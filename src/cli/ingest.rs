//! `mapwire ingest`: documents in, the places, events and flows layers out.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result};

/// Below this many documents a run takes well under a second: no bar.
const PROGRESS_MIN_DOCUMENTS: usize = 50;

pub fn ingest(dir: Option<PathBuf>, out: PathBuf) -> Result<()> {
    let docs = match &dir {
        Some(dir) => mapwire::ingest::load_dir(dir)?,
        None => mapwire::documents::builtin(),
    };
    let options = mapwire::ingest::Options {
        progress: std::io::stderr().is_terminal() && docs.len() >= PROGRESS_MIN_DOCUMENTS,
    };
    let started = std::time::Instant::now();
    let result = mapwire::ingest::run(&docs, options);
    mapwire::ingest::write(&result, &out)
        .with_context(|| format!("writing layers to {}", out.display()))?;
    let s = result.stats;
    tracing::info!(
        documents = s.documents,
        places = s.places,
        events = s.events,
        claims = s.claims,
        flows = s.flows,
        warnings = s.warnings,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "wrote {}",
        out.display()
    );
    Ok(())
}
