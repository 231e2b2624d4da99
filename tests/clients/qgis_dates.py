"""Headless PyQGIS 3.22 against a mapwire serving one collection whose
`date` carries its precision (`2019-03-01`, `2019-04`, `2018`) and whose
file starts with a page of day-precision dates: QGIS must type `date` as a
string and `start`/`end` as date-times, and read every value unchanged.

Usage: python3 qgis_dates.py BASE_URL COLLECTION   (Debian's python3 with
python3-qgis; QT_QPA_PLATFORM=offscreen). Prints one line per check, then
`passed`; exits non-zero on the first failure.
"""

import json
import os
import sys
import urllib.request

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsVectorLayer  # noqa: E402
from qgis.PyQt.QtCore import QDateTime, QVariant  # noqa: E402

BASE, COLLECTION = sys.argv[1].rstrip("/"), sys.argv[2]


def fail(message):
    print("FAIL", message, flush=True)
    os._exit(1)


def main():
    app = QgsApplication([], False)
    app.initQgis()
    with urllib.request.urlopen(f"{BASE}/layers/{COLLECTION}.geojson") as response:
        server = {str(f["id"]): f["properties"] for f in json.load(response)["features"]}
    uri = f"url='{BASE}/' typename='{COLLECTION}' restrictToRequestBBOX='0'"
    layer = QgsVectorLayer(uri, COLLECTION, "OAPIF")
    if not layer.isValid():
        fail("QGIS cannot open the collection")
    types = {f.name(): f.type() for f in layer.fields()}
    if types.get("date") != QVariant.String:
        fail(f"date is typed {layer.fields().field('date').typeName()}, not a string")
    for name in ("start", "end"):
        if types.get(name) != QVariant.DateTime:
            fail(f"{name} is typed {layer.fields().field(name).typeName()}, not a date-time")
    print("ok types: date String, start/end DateTime")
    seen = 0
    for feature in layer.getFeatures():
        props = server[str(feature["id"])]
        if feature["date"] != props["date"]:
            fail(f"{feature['id']}: QGIS read date {feature['date']!r}, the server sent {props['date']!r}")
        for name in ("start", "end"):
            value = feature[name]
            if not isinstance(value, QDateTime) or value.toString("yyyy-MM-ddTHH:mm:ssZ") != props[name]:
                fail(f"{feature['id']}: QGIS read {name} {value!r}, the server sent {props[name]!r}")
        seen += 1
    if seen != len(server):
        fail(f"QGIS read {seen} features, the server has {len(server)}")
    print(f"ok values: {seen} features, every date as the server wrote it")
    print("passed", flush=True)
    os._exit(0)


main()
