//! `mapwire render-tile`: one basemap tile to a PNG file.

use std::path::PathBuf;

use anyhow::{Context, Result};

#[derive(clap::Args)]
pub struct RenderTileArgs {
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
    output: PathBuf,
}

pub fn render_tile(args: RenderTileArgs) -> Result<()> {
    let mut basemap = mapwire::basemap::Basemap::new()?;
    basemap.highlight(&args.highlight);
    let png = basemap.render(args.z, args.x, args.y, args.scale, &args.style)?;
    std::fs::write(&args.output, &png)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    tracing::info!(bytes = png.len(), path = %args.output.display(), "tile written");
    Ok(())
}
