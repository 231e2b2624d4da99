//! `mapwire export`: layers (or the raster basemap) into PMTiles and/or
//! MBTiles archives for static hosting, with a progress bar on a terminal.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use anyhow::{Context, Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use mapwire::export::{
    self, ArchiveMeta, Limits, Range, RasterMaker, Step, Summary, Targets, TileMaker, VectorMaker,
};
use mapwire::layers::load_catalog;
use mapwire::server::{AppState, ServerConfig};

#[derive(Args)]
pub struct ExportArgs {
    /// Write a PMTiles v3 archive to FILE.
    #[arg(long, value_name = "FILE", required_unless_present_any = ["mbtiles", "site"])]
    pmtiles: Option<PathBuf>,
    /// Write an MBTiles 1.3 archive to FILE.
    #[arg(long, value_name = "FILE")]
    mbtiles: Option<PathBuf>,
    /// Write the map page as a static site into DIR (a new directory): the
    /// page, every layer as GeoJSON, the basemap as PMTiles per style
    /// (zooms up to --maxzoom, default 5).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["pmtiles", "mbtiles", "layers", "basemap", "cluster"])]
    site: Option<PathBuf>,
    /// Layers to export, comma-separated; each becomes one layer of every
    /// tile [default: every layer].
    #[arg(long, value_delimiter = ',', conflicts_with = "basemap")]
    layers: Vec<String>,
    /// Export the raster basemap (PNG) instead of vector layers.
    #[arg(long)]
    basemap: bool,
    /// Basemap style (with --basemap).
    #[arg(long, default_value = "light", requires = "basemap")]
    style: String,
    /// Basemap pixel density: 1 for 256 px tiles, 2 for 512 px (with --basemap).
    #[arg(long, default_value_t = 1, requires = "basemap")]
    scale: u32,
    /// Lowest zoom written.
    #[arg(long, default_value_t = 0)]
    minzoom: u8,
    /// Highest zoom written [default: 14 for layers, 5 for the basemap].
    #[arg(long)]
    maxzoom: Option<u8>,
    /// Only tiles meeting this box: west,south,east,north in degrees.
    #[arg(long, value_name = "W,S,E,N", value_parser = parse_bbox, allow_hyphen_values = true)]
    bbox: Option<[f64; 4]>,
    /// Cluster-mode point tiles (as `?cluster=true` serves them).
    #[arg(long, conflicts_with = "basemap")]
    cluster: bool,
    /// Directory whose *.geojson files are layers (as for `serve`).
    #[arg(long, env = "MAPWIRE_DATA")]
    data: Option<PathBuf>,
    /// Leave out the layers of the built-in corpus.
    #[arg(long, env = "MAPWIRE_NO_BUILTIN")]
    no_builtin: bool,
    /// Most tiles to build: the export stops before a zoom that would go
    /// past it (polygons fill every tile they cover, at every zoom).
    #[arg(long, default_value_t = 5_000_000)]
    max_tiles: u64,
}

/// `west,south,east,north` as four numbers (their order is checked later).
fn parse_bbox(text: &str) -> std::result::Result<[f64; 4], String> {
    let numbers: Vec<f64> = text
        .split(',')
        .map(|v| v.trim().parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| format!("{text:?} is not four numbers: {e}"))?;
    <[f64; 4]>::try_from(numbers).map_err(|v| {
        format!(
            "{text:?} has {} numbers; give west,south,east,north",
            v.len()
        )
    })
}

/// Deepest zoom of a basemap export unless told: z0-z5 is 1,365 tiles.
const BASEMAP_MAXZOOM: u8 = 5;

pub fn export(args: ExportArgs) -> Result<()> {
    let targets = Targets {
        pmtiles: args.pmtiles.clone(),
        mbtiles: args.mbtiles.clone(),
    };
    if targets.pmtiles.is_some() && targets.pmtiles == targets.mbtiles {
        bail!("--pmtiles and --mbtiles name the same file");
    }
    let bbox = args.bbox;
    let (layers, problems) = load_catalog(args.data.as_deref(), !args.no_builtin);
    for problem in &problems {
        tracing::error!("not exported: {problem}");
    }
    let state = AppState::new(layers, ServerConfig::default());
    let started = std::time::Instant::now();
    let cancel = on_signal();
    let limits = Limits {
        max_tiles: args.max_tiles,
        cancel: &cancel,
    };
    if let Some(dir) = &args.site {
        let (basemap, range) = basemap_range(&state, &args, bbox)?;
        let bar = progress_bar(range.pyramid_size() * basemap.style_names().len() as u64);
        let written = AtomicU64::new(0);
        let site = export::site::write(dir, &state.layers, &basemap, &range, limits, &|step| {
            show(&bar, &written, true, step)
        });
        bar.finish_and_clear();
        let site = site?;
        tracing::info!(
            dir = %site.dir.display(),
            files = site.files,
            bytes = site.bytes,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "static site written"
        );
        return Ok(());
    }
    let summary = if args.basemap {
        let (basemap, range) = basemap_range(&state, &args, bbox)?;
        // Fails early on an unknown style or scale, before any file exists.
        basemap.render(0, 0, 0, args.scale, &args.style)?;
        let meta = export::metadata::raster(&basemap, &args.style, args.scale, &range);
        let maker = RasterMaker {
            basemap: &basemap,
            style: args.style.clone(),
            scale: args.scale,
        };
        run(&maker, &range, meta, &targets, limits, range.pyramid_size())?
    } else {
        let names: Vec<String> = if args.layers.is_empty() {
            state.layers.iter().map(|l| l.id.clone()).collect()
        } else {
            args.layers.clone()
        };
        if names.is_empty() {
            bail!("no layer to export: the catalog is empty (see --data and --no-builtin)");
        }
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let sources = state.tiles.resolve(&refs).map_err(|e| match e {
            mapwire::tiles::TileError::NoLayer(id) => anyhow::anyhow!(
                "no layer {id:?}; the layers are: {}",
                state
                    .layers
                    .iter()
                    .map(|l| l.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            other => other.into(),
        })?;
        let maxzoom = args.maxzoom.unwrap_or(mapwire::tiles::DETAIL_ZOOM);
        let range = Range::new(args.minzoom, maxzoom, bbox, mapwire::tiles::MAX_ZOOM)?;
        let meta = export::metadata::vector(&sources, args.cluster, &range);
        let maker = VectorMaker {
            service: &state.tiles,
            sources,
            cluster: args.cluster,
        };
        run(&maker, &range, meta, &targets, limits, 0)?
    };
    for (path, size) in &summary.files {
        tracing::info!(
            path = %path.display(),
            bytes = size,
            tiles = summary.stats.written,
            visited = summary.stats.visited,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "archive written"
        );
    }
    Ok(())
}

/// The server's basemap and the zooms of a raster export of it.
fn basemap_range(
    state: &AppState,
    args: &ExportArgs,
    bbox: Option<[f64; 4]>,
) -> Result<(Arc<mapwire::basemap::Basemap>, Range)> {
    let basemap = state
        .basemap
        .clone()
        .context("the basemap data could not be loaded")?;
    let maxzoom = args.maxzoom.unwrap_or(BASEMAP_MAXZOOM);
    let range = Range::new(args.minzoom, maxzoom, bbox, mapwire::basemap::MAX_ZOOM)?;
    Ok((basemap, range))
}

/// Runs the export behind a progress bar (drawn only on a terminal).
fn run(
    maker: &dyn TileMaker,
    range: &Range,
    meta: ArchiveMeta,
    targets: &Targets,
    limits: Limits,
    total: u64,
) -> Result<Summary> {
    let bar = progress_bar(total);
    let written = AtomicU64::new(0);
    let progress = |step: Step| show(&bar, &written, total > 0, step);
    let result = export::export(maker, range, meta, targets, limits, &progress);
    bar.finish_and_clear();
    Ok(result?)
}

/// A progress bar (drawn only when stderr is a terminal).
fn progress_bar(total: u64) -> ProgressBar {
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg:>8} [{bar:30}] {pos}/{len} tiles visited, {prefix} written ({per_sec}, {elapsed})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Shows a step of the walk; with a known `total` the bar runs over every
/// zoom, otherwise over each zoom's tiles in turn.
fn show(bar: &ProgressBar, written: &AtomicU64, total: bool, step: Step) {
    match step {
        Step::Zoom { z, tiles } => {
            bar.set_message(format!("zoom {z}"));
            if !total {
                bar.set_length(tiles);
                bar.set_position(0);
            }
        }
        Step::Done { tiles, written: w } => {
            bar.inc(tiles);
            let n = written.fetch_add(w, Ordering::Relaxed) + w;
            bar.set_prefix(n.to_string());
        }
    }
}

/// A flag set on SIGINT or SIGTERM: the export then stops between chunks
/// and removes its temporary files instead of dying with them on disk.
fn on_signal() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let set = flag.clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    match runtime {
        Ok(rt) => {
            std::thread::spawn(move || {
                rt.block_on(super::serve::signal());
                tracing::warn!("interrupted: stopping the export");
                set.store(true, Ordering::Relaxed);
            });
        }
        Err(e) => tracing::warn!("signals will not stop the export cleanly: {e}"),
    }
    flag
}
