"""Headless PyQGIS against a running mapwire: every OGC API collection
loads with the server's feature count, every attribute of the events comes
back as the server's GeoJSON has it, the vector tiles load and keep every
event type at zoom 0, and a map of the layers is rendered to an image.

Usage: python3 qgis_layers.py BASE_URL ARTIFACT_DIR   (Debian's python3
with python3-qgis; QT_QPA_PLATFORM=offscreen). Prints one line per check
and exits non-zero on the first failure.
"""

import json
import os
import sys

from qgis_common import fail, get_json, passed, start_qgis

from qgis.core import (  # noqa: E402
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsRectangle,
    QgsVectorLayer,
    QgsVectorTileLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

BASE, ARTIFACTS = sys.argv[1].rstrip("/"), sys.argv[2]


def get(path):
    return get_json(BASE + path)


def oapif(collection):
    uri = f"url='{BASE}/' typename='{collection}' restrictToRequestBBOX='0'"
    layer = QgsVectorLayer(uri, collection, "OAPIF")
    if not layer.isValid():
        fail(f"{collection}: QGIS cannot open the OGC API collection")
    return layer


def same(qgis_value, value, flat):
    """Whether QGIS read `value` unchanged (`flat` is its `_text` form)."""
    if value is None:
        return qgis_value is None or str(qgis_value) == "NULL"
    if isinstance(qgis_value, QDateTime):
        return qgis_value.toString("yyyy-MM-ddTHH:mm:ssZ") == value.replace(".000", "")
    if isinstance(qgis_value, QDate):
        return qgis_value.toString("yyyy-MM-dd") == value
    if isinstance(value, bool):
        return qgis_value == value
    if isinstance(value, (int, float)):
        return abs(float(qgis_value) - value) < 1e-9
    if value == [] and qgis_value is None:
        # An empty list reads as NULL; its flat form ("") says it was empty.
        return flat == ""
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return qgis_value is not None and list(qgis_value) == value
    if isinstance(value, (list, dict)):
        # QGIS reads a list of objects as NULL or as JSON text; either way
        # the flat form must be there, as the server wrote it.
        return flat is not None
    return str(qgis_value) == value


def check_collections():
    collections = [c["id"] for c in get("/collections")["collections"]]
    for cid in collections:
        expected = get(f"/collections/{cid}/items?limit=1")["numberMatched"]
        layer = oapif(cid)
        count = sum(1 for _ in layer.getFeatures())
        if count != expected:
            fail(f"{cid}: QGIS read {count} features, the server has {expected}")
        print(f"ok {cid}: {count} features")
    return collections


def check_event_attributes():
    server = {str(f["id"]): f["properties"] for f in get("/layers/events.geojson")["features"]}
    layer = oapif("events")
    names = layer.fields().names()
    seen = 0
    for feature in layer.getFeatures():
        fid = str(feature["id"]) if "id" in names else None
        props = server.get(fid)
        if props is None:
            fail(f"QGIS feature id {fid!r} is not a server feature")
        for key, value in props.items():
            if key not in names:
                fail(f"{fid}: QGIS has no field {key!r}")
            qgis_value = feature[key]
            if qgis_value is not None and str(qgis_value) == "NULL":
                qgis_value = None
            flat = props.get(key + "_text")
            if not same(qgis_value, value, flat):
                fail(f"{fid}.{key}: QGIS read {qgis_value!r} ({type(qgis_value).__name__}), the server sent {value!r}")
            if isinstance(value, (list, dict)) and flat is not None and feature[key + "_text"] != flat:
                fail(f"{fid}.{key}_text: QGIS read {feature[key + '_text']!r}, the server sent {flat!r}")
        seen += 1
    if seen != len(server):
        fail(f"QGIS read {seen} events, the server has {len(server)}")
    types = {f.name(): f.typeName() for f in layer.fields()}
    print(f"ok events: every attribute of {seen} features; field types {json.dumps(types, sort_keys=True)}")
    return layer


def check_vector_tiles():
    url = f"{BASE}/tiles/events/{{z}}/{{x}}/{{y}}.mvt"
    layer = QgsVectorTileLayer(f"type=xyz&url={url}&zmin=0&zmax=14", "events tiles")
    if not layer.isValid():
        fail("QGIS cannot open the vector tiles")
    # Tile 0/0/0 fetched through QGIS's network stack and decoded by GDAL's
    # MVT driver (QGIS 3.22 keeps its own decoder out of Python).
    from osgeo import gdal, ogr

    from qgis.core import QgsBlockingNetworkRequest
    from qgis.PyQt.QtCore import QUrl
    from qgis.PyQt.QtNetwork import QNetworkRequest

    request = QgsBlockingNetworkRequest()
    request.get(QNetworkRequest(QUrl(url.format(z=0, x=0, y=0))))
    raw = bytes(request.reply().content())
    if not raw:
        fail("QGIS got no tile 0/0/0")
    gdal.FileFromMemBuffer("/vsimem/tile.mvt", raw)
    ds = gdal.OpenEx("/vsimem/tile.mvt", gdal.OF_VECTOR, allowed_drivers=["MVT"], open_options=["X=0", "Y=0", "Z=0"])
    tile_layer = ds.GetLayerByName("events")
    found = {f.GetField("event_type") for f in tile_layer}
    count = tile_layer.GetFeatureCount()
    expected = {f["properties"]["event_type"] for f in get("/layers/events.geojson")["features"]}
    if found != expected:
        fail(f"tile 0/0/0 has event types {sorted(found)}, the layer {sorted(expected)}")
    print(f"ok vector tiles: {count} features at 0/0/0 with every event type")
    return layer


def render(layers):
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(layers[0].crs())
    settings.setExtent(QgsRectangle(-95, 0, -55, 30))
    settings.setOutputSize(QSize(800, 600))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, "qgis-map.png")
    image.save(path)
    colours = {image.pixel(x, y) for x in range(0, 800, 7) for y in range(0, 600, 7)}
    if len(colours) < 3:
        fail(f"the rendered map is blank ({len(colours)} colours)")
    print(f"ok map rendered to {path} ({len(colours)} colours sampled)")


def main():
    app = start_qgis()  # noqa: F841 (kept alive while the checks run)
    check_collections()
    events = check_event_attributes()
    tiles = check_vector_tiles()
    render([events, tiles, oapif("countries")])
    passed()


main()
