//! TileJSON 3.0.0 for the raster basemap.

use serde_json::{Value, json};

use super::MAX_ZOOM;

/// Attribution required by the data sets (Natural Earth, GeoNames).
pub const ATTRIBUTION: &str = "Made with Natural Earth; capitals © GeoNames (CC BY 4.0)";

pub fn tilejson(base_url: &str, styles: &[&str]) -> Value {
    let base = base_url.trim_end_matches('/');
    json!({
        "tilejson": "3.0.0",
        "name": "mapwire basemap",
        "description": "Offline raster basemap rendered by mapwire from Natural Earth",
        "version": "1.0.0",
        "attribution": ATTRIBUTION,
        "scheme": "xyz",
        "tiles": [format!("{base}/tiles/basemap/{{z}}/{{x}}/{{y}}.png")],
        "minzoom": 0,
        "maxzoom": MAX_ZOOM,
        "bounds": [-180.0, -85.051_128_779_806_59, 180.0, 85.051_128_779_806_59],
        "center": [-75.0, 15.0, 3],
        "tileSize": 256,
        "format": "png",
        // Not TileJSON keys: how to ask for the other styles and for @2x.
        "styles": styles,
        "retina": format!("{base}/tiles/basemap/{{z}}/{{x}}/{{y}}@2x.png"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raster_tilejson() {
        let v = tilejson("http://h:1/", &["light", "dark"]);
        assert_eq!(v["tilejson"], "3.0.0");
        assert_eq!(v["tiles"][0], "http://h:1/tiles/basemap/{z}/{x}/{y}.png");
        assert!(
            v["attribution"]
                .as_str()
                .is_some_and(|a| a.contains("Natural Earth") && a.contains("GeoNames"))
        );
        assert_eq!(v["maxzoom"], 14);
    }
}
