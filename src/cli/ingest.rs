//! `mapwire ingest`: documents in; the places, events and flows layers out,
//! as GeoJSON files (`--out`), into a store (`--store`), or both.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;

use mapwire::documents::Document;
use mapwire::ingest::Extractor;
use mapwire::ingest::bulk::{self, BulkStats};
use mapwire::store::gpkg::GpkgStore;
use mapwire::store::pg::{self, PgStore};
use mapwire::store::{Origin, Store, valid_id};

use super::pg_args::PgArgs;

/// Below this many documents a run takes well under a second: no bar.
const PROGRESS_MIN_DOCUMENTS: usize = 50;

#[derive(Args)]
pub struct IngestArgs {
    /// Directory of `*.txt` documents (default: the built-in corpus).
    dir: Option<PathBuf>,
    /// Where to write places.geojson, events.geojson and flows.geojson
    /// (replaced all together); the default when no --store is given is `out`.
    #[arg(long)]
    out: Option<PathBuf>,
    /// A store to add the documents to: a GeoPackage file, created when
    /// missing, or a PostGIS database (`postgres://USER@HOST:PORT/DB`;
    /// PGPASSWORD and the other PG* variables fill what the URL leaves
    /// out); documents already stored with the same text are skipped.
    #[arg(long, env = "MAPWIRE_STORE")]
    store: Option<PathBuf>,
    #[command(flatten)]
    pg: PgArgs,
}

pub fn ingest(args: IngestArgs) -> Result<()> {
    let docs = match &args.dir {
        Some(dir) => mapwire::ingest::load_dir(dir)?,
        None => mapwire::documents::builtin(),
    };
    let progress = std::io::stderr().is_terminal() && docs.len() >= PROGRESS_MIN_DOCUMENTS;
    if let Some(store) = &args.store {
        let limits = args.pg.limits(PgArgs::default());
        to_store(&docs, args.dir.as_ref(), store, limits, progress)?;
    }
    match (&args.out, &args.store) {
        (Some(out), _) => to_files(&docs, out, progress),
        (None, Some(_)) => Ok(()),
        (None, None) => to_files(&docs, &PathBuf::from("out"), progress),
    }
}

fn to_files(docs: &[Document], out: &Path, progress: bool) -> Result<()> {
    let options = mapwire::ingest::Options { progress };
    let started = std::time::Instant::now();
    let result = mapwire::ingest::run(docs, options);
    mapwire::ingest::write(&result, out)
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

fn to_store(
    docs: &[Document],
    dir: Option<&PathBuf>,
    path: &Path,
    limits: pg::Limits,
    progress: bool,
) -> Result<()> {
    let started = std::time::Instant::now();
    let origin = |doc: &Document| match dir {
        Some(dir) => Origin::Ingest(dir.join(format!("{}.txt", doc.id)).display().to_string()),
        None => Origin::Builtin,
    };
    let mut batch = Vec::with_capacity(docs.len());
    for doc in docs {
        match valid_id(&doc.id) {
            None => batch.push((doc.clone(), origin(doc))),
            Some(reason) => tracing::warn!("skipped {}.txt: {reason}", doc.id),
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let url = path.to_str().filter(|p| pg::is_url(p));
    let store: Box<dyn Store> = match url {
        Some(url) => {
            let (store, created) = runtime.block_on(PgStore::open(url, limits, Vec::new))?;
            if created {
                tracing::info!("created the store tables in {}", store.describe());
            }
            Box::new(store)
        }
        None => {
            let (store, created) = GpkgStore::open_or_create(path, Vec::new)?;
            if created {
                tracing::info!("created the store {}", path.display());
            }
            Box::new(store)
        }
    };
    let bar = progress.then(|| {
        let bar = indicatif::ProgressBar::new(batch.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents {msg}")
        {
            bar.set_style(style);
        }
        bar
    });
    let report = |done: usize| {
        if let Some(bar) = &bar {
            bar.set_position(done as u64);
        }
    };
    let extractor = Extractor::builtin();
    let stats: BulkStats =
        runtime.block_on(bulk::into_store(store.as_ref(), batch, &extractor, &report))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    // Named by the store itself: a URL's password is left out.
    let shown = store.describe();
    // Dropped, a GeoPackage store finishes its writes and closes the file.
    drop(store);
    tracing::info!(
        documents = stats.documents,
        added = stats.added,
        replaced = stats.replaced,
        unchanged = stats.unchanged,
        events = stats.events,
        flows = stats.flows,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "stored in {shown}"
    );
    Ok(())
}
