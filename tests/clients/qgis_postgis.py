"""Headless PyQGIS on mapwire's PostGIS tables: QGIS's `postgres` provider
opens every feature table with the feature count the server's OGC API
serves for the collection of that name, and every event comes back with
the server's id, geometry and every property as the server's GeoJSON has
it (the table's `properties` column is JSON; QGIS reads it as a map, with
lists and nested objects intact; the `X_text` flat forms of lists that the
server's GeoJSON adds are derived, not stored).

Usage: python3 qgis_postgis.py BASE_URL "PG CONNINFO" (Debian's python3
with python3-qgis; QT_QPA_PLATFORM=offscreen). Prints one line per check
and exits non-zero on the first failure.
"""

import json
import sys

from qgis_common import fail, get_json, passed, start_qgis

from qgis.core import (  # noqa: E402
    QgsDataSourceUri,
    QgsVectorLayer,
)

BASE, CONNINFO = sys.argv[1].rstrip("/"), sys.argv[2]
TABLES = ["places", "events", "claims", "flows"]


def get(path):
    return get_json(BASE + path)


def postgis(table):
    uri = QgsDataSourceUri(CONNINFO)
    uri.setDataSource("public", table, "geom", "", "fid")
    layer = QgsVectorLayer(uri.uri(False), table, "postgres")
    if not layer.isValid():
        fail(f"{table}: QGIS cannot open the PostGIS table")
    return layer


def plain(value):
    """A QGIS attribute as plain Python (QVariant maps and lists, NULL)."""
    if value is None or str(value) == "NULL":
        return None
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return value
    return str(value)


def as_json(value):
    """The `properties` column as QGIS gives it, as a JSON object."""
    value = plain(value)
    if isinstance(value, str):
        return json.loads(value)
    return value


def same(a, b):
    """Equal as JSON; numbers to 1e-9 (QGIS reads JSON numbers as doubles)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 1e-9
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def check_counts():
    for table in TABLES:
        expected = get(f"/collections/{table}/items?limit=1")["numberMatched"]
        layer = postgis(table)
        count = sum(1 for _ in layer.getFeatures())
        if count != expected:
            fail(f"{table}: QGIS read {count} features, the server has {expected}")
        print(f"ok {table}: {count} features, {layer.crs().authid()}, {layer.wkbType()}")
        if layer.crs().authid() != "EPSG:4326":
            fail(f"{table}: QGIS reads CRS {layer.crs().authid()}")


def check_event_attributes():
    server = {str(f["id"]): f for f in get("/layers/events.geojson")["features"]}
    layer = postgis("events")
    types = {f.name(): f.typeName() for f in layer.fields()}
    read_as = set()
    seen = 0
    for feature in layer.getFeatures():
        fid = str(feature["id"])
        expected = server.get(fid)
        if expected is None:
            fail(f"QGIS feature id {fid!r} is not a server feature")
        read_as.add(type(feature["properties"]).__name__)
        props = as_json(feature["properties"])
        if not isinstance(props, dict):
            fail(f"{fid}: QGIS read properties {feature['properties']!r}")
        for key, value in expected["properties"].items():
            if key.endswith("_text") and isinstance(expected["properties"].get(key[:-5]), (list, dict)):
                # The flat text form of a list, which the server adds for
                # flat-file clients; the table keeps the list itself.
                continue
            if key not in props:
                fail(f"{fid}: QGIS has no property {key!r}")
            if not same(props[key], value):
                fail(f"{fid}.{key}: QGIS read {props[key]!r}, the server sent {value!r}")
        extra = props.keys() - expected["properties"].keys()
        if extra:
            fail(f"{fid}: QGIS read properties the server does not serve: {sorted(extra)}")
        geometry = expected["geometry"]
        if geometry is None:
            if not feature.geometry().isNull():
                fail(f"{fid}: QGIS read a geometry, the server has none")
        else:
            point = feature.geometry().asPoint()
            x, y = geometry["coordinates"][:2]
            if abs(point.x() - x) > 1e-9 or abs(point.y() - y) > 1e-9:
                fail(f"{fid}: QGIS read {point.x()},{point.y()}, the server {x},{y}")
        seen += 1
    if seen != len(server):
        fail(f"QGIS read {seen} events, the server has {len(server)}")
    print(f"ok events: id, point and every property of {seen} features; field types {json.dumps(types, sort_keys=True)}, properties read as {sorted(read_as)}")


def main():
    app = start_qgis()  # noqa: F841 (kept alive while the checks run)
    check_counts()
    check_event_attributes()
    passed()


main()
