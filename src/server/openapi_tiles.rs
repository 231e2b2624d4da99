//! The tile paths of the OpenAPI document: XYZ vector tiles and their
//! TileJSON and `metadata.json`, OGC API – Tiles, the PNG basemap.

use serde_json::{Value, json};

use super::openapi::{JSON, Op, p, path, query};

const MVT: &str = "application/vnd.mapbox-vector-tile";

fn zoom(max: u8) -> Value {
    json!({ "type": "integer", "minimum": 0, "maximum": max })
}

fn index() -> Value {
    json!({ "type": "integer", "minimum": 0 })
}

/// The vector tile and basemap endpoints.
pub(super) fn tile_paths(add: &mut impl FnMut(&str, Op)) {
    let cluster = query(
        "cluster",
        "Cluster points below the detail zoom: one point per cell and category, at the mean of their positions, with point_count.",
        json!({ "type": "boolean", "default": false }),
    );
    let layers = path(
        "layers",
        "A layer id, or up to 16 ids separated by commas (one MVT layer each).",
        json!({ "type": "string" }),
    );
    let max = crate::tiles::MAX_ZOOM;
    let xyz = || {
        vec![
            layers.clone(),
            path("z", "Zoom", zoom(max)),
            path("x", "Column", index()),
            path("y", "Row", index()),
        ]
    };
    add(
        "/tiles",
        Op {
            summary: "Vector tile sets",
            id: "getTileSets",
            params: vec![p("fJson")],
            ok: vec![(JSON, "Object")],
            extra: &[],
        },
    );
    add(
        "/tiles/{layers}.json",
        Op {
            summary: "TileJSON 3.0.0 of a layer or a composite",
            id: "getTileJson",
            params: vec![layers.clone(), cluster.clone(), p("fTile")],
            ok: vec![(JSON, "TileJson")],
            extra: &[],
        },
    );
    add(
        "/tiles/{layers}/metadata.json",
        Op {
            summary: "metadata.json of the tileset, as GDAL's MVT driver reads it (MVT:{server}/tiles/{layers}/{z})",
            id: "getTileMetadata",
            params: vec![layers.clone(), p("fJson")],
            ok: vec![(JSON, "Object")],
            extra: &[],
        },
    );
    for (ext, id) in [("mvt", "getTile"), ("pbf", "getTilePbf")] {
        let mut params = xyz();
        params.extend([cluster.clone(), p("fTile")]);
        add(
            &format!("/tiles/{{layers}}/{{z}}/{{x}}/{{y}}.{ext}"),
            Op {
                summary: "A Mapbox Vector Tile (gzip when accepted; 204 when empty)",
                id,
                params,
                ok: vec![(MVT, "Binary")],
                extra: &["204"],
            },
        );
    }
    ogc_tiles(add, &cluster);
    basemap(add);
}

/// OGC API – Tiles and the tile matrix sets.
fn ogc_tiles(add: &mut impl FnMut(&str, Op), cluster: &Value) {
    let tms = path(
        "tileMatrixSetId",
        "Only WebMercatorQuad",
        json!({ "type": "string", "enum": ["WebMercatorQuad"] }),
    );
    add(
        "/collections/{collectionId}/tiles",
        Op {
            summary: "Vector tilesets of a collection",
            id: "getCollectionTilesets",
            params: vec![p("collectionId"), p("fJson")],
            ok: vec![(JSON, "Object")],
            extra: &[],
        },
    );
    add(
        "/collections/{collectionId}/tiles/{tileMatrixSetId}",
        Op {
            summary: "Tileset metadata",
            id: "getCollectionTileset",
            params: vec![p("collectionId"), tms.clone(), p("fJson")],
            ok: vec![(JSON, "Object")],
            extra: &[],
        },
    );
    add(
        "/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
        Op {
            summary: "A vector tile of a collection (204 when empty)",
            id: "getCollectionTile",
            params: vec![
                p("collectionId"),
                tms.clone(),
                path("tileMatrix", "Zoom", zoom(crate::tiles::MAX_ZOOM)),
                path("tileRow", "Row (y)", index()),
                path("tileCol", "Column (x)", index()),
                cluster.clone(),
                p("fTile"),
            ],
            ok: vec![(MVT, "Binary")],
            extra: &["204"],
        },
    );
    add(
        "/tileMatrixSets",
        Op {
            summary: "Tile matrix sets",
            id: "getTileMatrixSetsList",
            params: vec![p("fJson")],
            ok: vec![(JSON, "Object")],
            extra: &[],
        },
    );
    add(
        "/tileMatrixSets/{tileMatrixSetId}",
        Op {
            summary: "A tile matrix set definition (TMS 2.0 with the 1.0 members alongside)",
            id: "getTileMatrixSet",
            params: vec![tms, p("fJson")],
            ok: vec![(JSON, "Object")],
            extra: &[],
        },
    );
}

/// The raster basemap.
fn basemap(add: &mut impl FnMut(&str, Op)) {
    let style = query(
        "style",
        "Basemap style",
        json!({ "type": "string", "enum": ["light", "dark"] }),
    );
    let max = crate::basemap::MAX_ZOOM;
    add(
        "/tiles/basemap.json",
        Op {
            summary: "TileJSON 3.0.0 of the raster basemap",
            id: "getBasemapTileJson",
            params: vec![style.clone()],
            ok: vec![(JSON, "TileJson")],
            extra: &[],
        },
    );
    for (file, id, size) in [
        ("{y}.png", "getBasemapTile", "256"),
        ("{y}@2x.png", "getBasemapTile2x", "512"),
    ] {
        let summary = format!("A raster basemap tile, {size} px");
        add(
            &format!("/tiles/basemap/{{z}}/{{x}}/{file}"),
            Op {
                summary: &summary,
                id,
                params: vec![
                    path("z", "Zoom", zoom(max)),
                    path("x", "Column", index()),
                    path("y", "Row", index()),
                    style.clone(),
                ],
                ok: vec![("image/png", "Binary")],
                extra: &[],
            },
        );
    }
}
