#!/usr/bin/env bash
# Installs the system tools the tests drive (only those missing).
set -euo pipefail
cd "$(dirname "$0")/.."
need_apt=()
# GDAL's OAPIF driver (ogrinfo, ogr2ogr) is the reference OGC API client.
command -v ogrinfo >/dev/null 2>&1 || need_apt+=(gdal-bin)
# GDAL's GeoPackage validator (validate_gpkg.py) checks the store.
[ -f /usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py ] || need_apt+=(python3-gdal)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-pip)
# The map page's browser test: Debian's Chromium driven by playwright-core
# (never a browser build downloaded by Playwright), under node's test runner.
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# Headless QGIS reads the OGC API collections and the vector tiles
# (tests/clients.rs); it runs under Debian's own python3.
/usr/bin/python3 -c 'import qgis.core, osgeo.gdal' >/dev/null 2>&1 || need_apt+=(qgis python3-qgis)
# PostgreSQL and PostGIS for the throwaway clusters of scripts/pg-cluster.sh
# (never started as a system service by the tests).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || need_apt+=(postgis postgresql-postgis)
# The openssl CLI makes the test CA and certificate of the TLS tests (tests/pg_tls.rs).
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# mkfifo makes the FIFO that the data-directory test expects to be skipped.
command -v mkfifo >/dev/null 2>&1 || need_apt+=(coreutils)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi
# OWSLib drives the paging test (owslib.ogcapi.features.Features).
if ! python3 -c 'import owslib.ogcapi.features' >/dev/null 2>&1; then
  python3 -m pip install -q OWSLib || python3 -m pip install -q --break-system-packages OWSLib
fi
# PyPI mapbox-vector-tile is the second real MVT decoder of the tile tests.
if ! python3 -c 'import mapbox_vector_tile' >/dev/null 2>&1; then
  python3 -m pip install -q mapbox-vector-tile || python3 -m pip install -q --break-system-packages mapbox-vector-tile
fi
# PyPI pmtiles (Protomaps' reader) reads the exported PMTiles archives back.
if ! python3 -c 'import pmtiles.reader' >/dev/null 2>&1; then
  python3 -m pip install -q pmtiles || python3 -m pip install -q --break-system-packages pmtiles
fi
# Schemathesis checks the OpenAPI document against the server (pinned: its
# checks and generation change between releases).
if ! st --version 2>/dev/null | grep -q '4.32.5'; then
  python3 -m pip install -q 'schemathesis==4.32.5' || python3 -m pip install -q --break-system-packages 'schemathesis==4.32.5'
fi
# playwright-core at the version pinned in tests/web/package-lock.json.
if [ ! -d tests/web/node_modules/playwright-core ]; then
  (cd tests/web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
