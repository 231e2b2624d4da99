//! The `mapwire` command line: a thin edge over the library.

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
    /// Render one basemap tile to a PNG file.
    RenderTile(RenderTileArgs),
}

#[derive(clap::Args)]
struct RenderTileArgs {
    /// Zoom level (0 to 14).
    z: u32,
    /// Tile column.
    x: u32,
    /// Tile row (XYZ, from the north).
    y: u32,
    /// Pixel density: 1 for 256 px, 2 for 512 px.
    #[arg(long, default_value_t = 1)]
    scale: u32,
    /// Style name (light or dark).
    #[arg(long, default_value = "light")]
    style: String,
    /// Countries to highlight, as ISO 3166-1 alpha-2 codes (e.g. CU,VE,NI).
    #[arg(long, value_delimiter = ',')]
    highlight: Vec<String>,
    /// Output PNG path.
    #[arg(short, long)]
    output: std::path::PathBuf,
}

fn render_tile(args: RenderTileArgs) -> Result<()> {
    let mut basemap = mapwire::basemap::Basemap::new()?;
    basemap.highlight(&args.highlight);
    let png = basemap.render(args.z, args.x, args.y, args.scale, &args.style)?;
    std::fs::write(&args.output, &png)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    tracing::info!(bytes = png.len(), path = %args.output.display(), "tile written");
    Ok(())
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "mapwire=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            tracing::warn!("the server is not built yet");
            Ok(())
        }
        Command::RenderTile(args) => render_tile(args),
    }
}
