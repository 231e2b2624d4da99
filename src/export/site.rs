//! A static copy of the map page: `mapwire export --site DIR` writes the
//! page and its libraries, every layer as a GeoJSON file, and the raster
//! basemap as one PMTiles archive per style, which the page reads with
//! HTTP range requests (pmtiles.js). Any static host that honours `Range`
//! serves it: a CDN, object storage, GitHub Pages, `nginx`.
//!
//! What needs the server stays out: place search and the document pages
//! (the page hides their controls; each popup still quotes its sentence).
//!
//! The site is written into a temporary directory beside `DIR` and renamed
//! into place when complete; `DIR` must not exist yet.

use std::path::{Path, PathBuf};

use super::enumerate::Range;
use super::walk::{Limits, Step};
use super::{ExportError, RasterMaker, Targets, export, metadata};
use crate::basemap::Basemap;
use crate::layers::LayerSet;

/// What `write` put where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub dir: PathBuf,
    pub files: usize,
    pub bytes: u64,
}

/// The marker the page looks for (see `web/site.js`), and the PMTiles
/// reader it needs (run before the page's module script, as deferred
/// scripts run in document order).
fn marker(maxzoom: u8, styles: &[String]) -> String {
    format!(
        "<meta name=\"mapwire-site\" content=\"static\" data-basemap-maxzoom=\"{maxzoom}\" \
         data-basemap-styles=\"{}\">\n<script src=\"/web/vendor/pmtiles/pmtiles.js\" defer></script>",
        styles.join(" ")
    )
}

/// `index.html` for the site: the marker, and the page's files addressed
/// relative to it (so the site may live under any path).
pub fn static_index(html: &str, maxzoom: u8, styles: &[String]) -> String {
    html.replace(
        "<meta charset=\"utf-8\">",
        &format!("<meta charset=\"utf-8\">\n{}", marker(maxzoom, styles)),
    )
    .replace("\"/web/", "\"web/")
}

fn write_file(root: &Path, rel: &str, bytes: &[u8], site: &mut Site) -> Result<(), ExportError> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| ExportError::io(parent, e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| ExportError::io(&path, e))?;
    site.files += 1;
    site.bytes += bytes.len() as u64;
    Ok(())
}

/// Writes the site into `dir`.
pub fn write(
    dir: &Path,
    layers: &LayerSet,
    basemap: &Basemap,
    range: &Range,
    limits: Limits,
    progress: &(dyn Fn(Step) + Sync),
) -> Result<Site, ExportError> {
    if dir.exists() {
        return Err(ExportError::io(
            dir,
            std::io::Error::other("it exists already; remove it or name a new directory"),
        ));
    }
    let temp = tempfile::Builder::new()
        .prefix(&super::atomic::temp_prefix(dir)?)
        .suffix(".part")
        .tempdir_in(super::atomic::parent(dir))
        .map_err(|e| ExportError::io(dir, e))?;
    let root = temp.path();
    let mut site = Site {
        dir: dir.to_path_buf(),
        files: 0,
        bytes: 0,
    };
    let styles: Vec<String> = basemap
        .style_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    for (path, bytes) in crate::server::web_assets() {
        if *path == "index.html" {
            let html = String::from_utf8_lossy(bytes);
            let page = static_index(&html, range.maxzoom, &styles);
            write_file(root, "index.html", page.as_bytes(), &mut site)?;
        } else {
            write_file(root, &format!("web/{path}"), bytes, &mut site)?;
        }
    }
    for layer in layers.iter() {
        let text = layer.to_geojson_string();
        write_file(
            root,
            &format!("data/{}.geojson", layer.id),
            text.as_bytes(),
            &mut site,
        )?;
    }
    for style in &styles {
        let target = root.join(format!("basemap-{style}.pmtiles"));
        let maker = RasterMaker {
            basemap,
            style: style.clone(),
            scale: 1,
        };
        let meta = metadata::raster(basemap, style, 1, range);
        let targets = Targets {
            pmtiles: Some(target),
            mbtiles: None,
        };
        let done = export(&maker, range, meta, &targets, limits, progress)?;
        for (_, size) in done.files {
            site.files += 1;
            site.bytes += size;
        }
    }
    // The directory keeps the temporary's private mode otherwise.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| ExportError::io(dir, e))?;
    }
    let kept = temp.keep();
    std::fs::rename(&kept, dir).map_err(|e| {
        let _ = std::fs::remove_dir_all(&kept);
        ExportError::io(dir, e)
    })?;
    Ok(site)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_reads_its_files_relative_to_itself() {
        let html = "<head>\n<meta charset=\"utf-8\">\n<link href=\"/web/app.css\">\
                    <script src=\"/web/app.js\"></script>";
        let out = static_index(html, 5, &["light".into(), "dark".into()]);
        assert!(out.contains("href=\"web/app.css\"") && out.contains("src=\"web/app.js\""));
        assert!(!out.contains("\"/web/"));
        assert!(out.contains(
            "content=\"static\" data-basemap-maxzoom=\"5\" data-basemap-styles=\"light dark\""
        ));
        assert!(out.contains("src=\"web/vendor/pmtiles/pmtiles.js\""));
    }
}
