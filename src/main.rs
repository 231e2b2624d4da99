//! The `mapwire` command line: a thin edge over the library.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "mapwire", version, about = "News documents in, map layers out")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the map server on the built-in data (the default command).
    Serve,
    /// Extract places, events and flows from documents into GeoJSON layers.
    Ingest {
        /// Directory of `*.txt` documents (default: the built-in corpus).
        dir: Option<PathBuf>,
        /// Where to write places.geojson, events.geojson and flows.geojson.
        #[arg(long, default_value = "out")]
        out: PathBuf,
    },
}

/// Below this many documents a run takes well under a second: no bar.
const PROGRESS_MIN_DOCUMENTS: usize = 50;

fn ingest(dir: Option<PathBuf>, out: PathBuf) -> Result<()> {
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
        flows = s.flows,
        warnings = s.warnings,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "wrote {}",
        out.display()
    );
    Ok(())
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "mapwire=info".into()),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, not in logs and pipes.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            tracing::warn!("the server is not built yet");
            Ok(())
        }
        Command::Ingest { dir, out } => ingest(dir, out),
    }
}
