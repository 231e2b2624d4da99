//! The `mapwire` command line: a thin edge over the library.

mod cli;

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "mapwire",
    version,
    about = "News documents in, map layers out",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Without a subcommand, `mapwire` serves and takes the serve options.
    #[command(flatten)]
    serve: cli::serve::ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Run the map server (the default command).
    Serve(Box<cli::serve::ServeArgs>),
    /// Print the places a document names, as JSON.
    Geoparse {
        /// A document file, or `-` for standard input.
        #[arg(required_unless_present = "jsonl")]
        file: Option<PathBuf>,
        /// Read `{"id","text"}` objects, one a line, from standard input and
        /// write `{"id","mentions"}` objects, one a line, in the same order.
        #[arg(long, conflicts_with = "file")]
        jsonl: bool,
    },
    /// Extract places, events and flows from documents into GeoJSON layers
    /// or a store.
    Ingest(cli::ingest::IngestArgs),
    /// Render one basemap tile to a PNG file.
    RenderTile(cli::render_tile::RenderTileArgs),
    /// Write layers (or the basemap) as PMTiles/MBTiles for static hosting.
    Export(cli::export::ExportArgs),
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "mapwire=info,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a person at a terminal, not in logs and pipes.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Serve(args)) => cli::serve::serve(*args),
        None => cli::serve::serve(cli.serve),
        Some(Command::Geoparse { jsonl: true, .. }) => cli::geoparse::jsonl(),
        Some(Command::Geoparse { file, .. }) => {
            cli::geoparse::file(file.unwrap_or_else(|| "-".into()))
        }
        Some(Command::Ingest(args)) => cli::ingest::ingest(args),
        Some(Command::RenderTile(args)) => cli::render_tile::render_tile(args),
        Some(Command::Export(args)) => cli::export::export(args),
    }
}
