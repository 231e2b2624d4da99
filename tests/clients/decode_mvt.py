"""Decodes MVT files with PyPI mapbox-vector-tile and prints them as JSON.

Usage: python3 decode_mvt.py TILE.mvt...
Prints {path: {layer: {"extent": n, "features": [{"id", "type",
"properties", "coords"}]}}} where coords are every vertex in tile units,
y down (as in the tile), so the test can project them back itself.
"""

import json
import sys

import mapbox_vector_tile


def vertices(geometry):
    """Every [x, y] of a decoded GeoJSON-like geometry, flattened."""
    out = []

    def walk(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            out.append([c[0], c[1]])
        else:
            for part in c:
                walk(part)

    walk(geometry["coordinates"])
    return out


def decode(path):
    with open(path, "rb") as f:
        data = f.read()
    tile = mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})
    result = {}
    for name, layer in tile.items():
        result[name] = {
            "extent": layer.get("extent"),
            "features": [
                {
                    "id": feat.get("id"),
                    "type": feat["geometry"]["type"],
                    "properties": feat.get("properties", {}),
                    "coords": vertices(feat["geometry"]),
                }
                for feat in layer["features"]
            ],
        }
    return result


if __name__ == "__main__":
    json.dump({p: decode(p) for p in sys.argv[1:]}, sys.stdout)
