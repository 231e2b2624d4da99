"""What the headless PyQGIS client scripts share: the server's JSON, the
way a check fails, and QGIS started and left."""

import json
import os
import sys
import urllib.request

# Before any Qt import: no display here.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def get_json(url):
    with urllib.request.urlopen(url) as response:
        return json.load(response)


def fail(message):
    print("FAIL", message)
    sys.exit(1)


def start_qgis():
    from qgis.core import Qgis, QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    print("QGIS", Qgis.QGIS_VERSION)
    return app


def passed():
    print("passed", flush=True)
    # PyQGIS may crash while tearing the application down; every check has
    # passed by now, so leave without the teardown.
    os._exit(0)
