#!/usr/bin/env bash
# mapwire vs pygeoapi (GeoJSON provider) on the same generated point file,
# same machine, same load tool (wrk), same request: a bbox query returning
# about 100 features. Prints requests/s of each, their ratio, mapwire's load
# time and the peak RSS (VmHWM) of both servers.
#
#   bash scripts/bench-server.sh [POINTS] [SECONDS] [PY_SECONDS] [CONNECTIONS]
#
# pygeoapi's GeoJSON provider re-reads the whole file on every request, so on
# a big file it gets a longer run (PY_SECONDS) to complete a few requests;
# the connection count is the same for both.
#
# Needs: wrk (Debian), pygeoapi (PyPI); installs them when missing.
# Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
SECONDS_RUN=${2:-30}
PY_SECONDS=${3:-240}
CONN=${4:-1}
MW_PORT=18181
PY_PORT=18182
OUT=bench-data/server-$N
mkdir -p "$OUT"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
python3 -c 'import pygeoapi' 2>/dev/null || python3 -m pip install -q pygeoapi

cargo build --release -q --bin mapwire --example gen_points
DATA="$OUT/data"
mkdir -p "$DATA"
[ -s "$DATA/points.geojson" ] || "$CARGO_TARGET_DIR/release/examples/gen_points" "$DATA/points.geojson" "$N" 42

# A 2.55-degree box holds ~100 of 1e6 uniform points; scale it for other N.
SIDE=$(python3 -c "import math; print(round(2.55 * math.sqrt(1e6 / $N), 3))")
BBOX="10,10,$(python3 -c "print(10+$SIDE)"),$(python3 -c "print(10+$SIDE)")"
QUERY="/collections/points/items?bbox=$BBOX&limit=100"

pids=()
cleanup() { for p in "${pids[@]}"; do pkill -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_up() { # url seconds
  for _ in $(seq 1 "$(( $2 * 10 ))"); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "not up: $1" >&2; return 1
}
peak_rss_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
# The largest peak RSS of a process and its children (Flask serves from a
# child process when its reloader is on).
tree_peak_rss_mb() {
  local best=0 p v
  for p in "$1" $(pgrep -P "$1" || true); do
    v=$(peak_rss_mb "$p" 2>/dev/null || echo 0)
    [ "${v:-0}" -gt "$best" ] && best=$v
  done
  echo "$best"
}

echo "== mapwire (release) on $N points"
RUST_LOG=mapwire=info "$CARGO_TARGET_DIR/release/mapwire" serve --bind "127.0.0.1:$MW_PORT" --data "$DATA" \
  >"$OUT/mapwire.log" 2>&1 &
MW_PID=$!; pids+=("$MW_PID")
wait_up "http://127.0.0.1:$MW_PORT/health" 60
LOAD_MS=$(grep -o 'elapsed_ms=[0-9]*' "$OUT/mapwire.log" | head -1 | cut -d= -f2)
MW_RSS_LOADED=$(peak_rss_mb "$MW_PID")
MW_FIRST=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$MW_PORT$QUERY")
MW_RETURNED=$(curl -s "http://127.0.0.1:$MW_PORT$QUERY" | python3 -c 'import json,sys; print(json.load(sys.stdin)["numberReturned"])')
wrk -t1 -c"$CONN" -d"${SECONDS_RUN}s" --timeout 300s "http://127.0.0.1:$MW_PORT$QUERY" | tee "$OUT/wrk-mapwire.txt"
MW_RSS=$(peak_rss_mb "$MW_PID")
kill "$MW_PID"; wait "$MW_PID" 2>/dev/null || true

echo "== pygeoapi $(python3 -c 'import pygeoapi; print(pygeoapi.__version__)') (GeoJSON provider) on the same file"
ABS_DATA=$(realpath "$DATA/points.geojson")
cat >"$OUT/pygeoapi.yml" <<EOF
server:
  bind: {host: 127.0.0.1, port: $PY_PORT}
  url: http://127.0.0.1:$PY_PORT
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  language: en-US
  cors: true
  pretty_print: false
  limits: {default_items: 100, max_items: 10000}
  map: {url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: 'OpenStreetMap'}
logging:
  level: ERROR
metadata:
  identification: {title: bench, description: bench, keywords: [bench], keywords_type: theme, terms_of_service: none, url: 'http://127.0.0.1'}
  license: {name: CC-BY 4.0, url: 'https://creativecommons.org/licenses/by/4.0/'}
  provider: {name: bench, url: 'http://127.0.0.1'}
  contact: {name: bench, position: bench, address: x, city: x, stateorprovince: x, postalcode: x, country: x, phone: x, fax: x, email: x, url: x, hours: x, instructions: x, role: pointOfContact}
resources:
  points:
    type: collection
    title: points
    description: points
    keywords: [points]
    extents:
      spatial: {bbox: [-180, -90, 180, 90], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'}
    providers:
      - type: feature
        name: GeoJSON
        data: $ABS_DATA
        id_field: id
EOF
export PYGEOAPI_CONFIG="$OUT/pygeoapi.yml" PYGEOAPI_OPENAPI="$OUT/pygeoapi-openapi.yml"
pygeoapi openapi generate "$PYGEOAPI_CONFIG" --output-file "$PYGEOAPI_OPENAPI" >/dev/null
pygeoapi serve >"$OUT/pygeoapi.log" 2>&1 &
PY_PID=$!; pids+=("$PY_PID")
wait_up "http://127.0.0.1:$PY_PORT/conformance" 60
PY_FIRST=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PY_PORT$QUERY&f=json")
PY_RETURNED=$(curl -s "http://127.0.0.1:$PY_PORT$QUERY&f=json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["numberReturned"])')
wrk -t1 -c"$CONN" -d"${PY_SECONDS}s" --timeout 300s "http://127.0.0.1:$PY_PORT$QUERY" | tee "$OUT/wrk-pygeoapi.txt"
PY_RSS=$(tree_peak_rss_mb "$PY_PID")

# Requests per second from wrk's "N requests in T" line: its own Requests/sec
# is rounded to 0.01, too coarse for a server that completes a handful.
rps() {
  awk '/requests in/ {n=$1; t=$4; sub(/,$/, "", t);
        if (t ~ /ms$/) s=t/1000; else if (t ~ /m$/) s=t*60; else s=t+0; printf "%.4f", n/s}' "$1"
}
MW_RPS=$(rps "$OUT/wrk-mapwire.txt"); PY_RPS=$(rps "$OUT/wrk-pygeoapi.txt")
RATIO=$(python3 -c "print(f'{$MW_RPS / $PY_RPS:.0f}' if $PY_RPS > 0 else 'inf')")
cat <<EOF | tee "$OUT/summary.txt"

points: $N   query: $QUERY   wrk -t1 -c$CONN (mapwire ${SECONDS_RUN} s, pygeoapi ${PY_SECONDS} s)
mapwire : load+index ${LOAD_MS} ms, RSS after load ${MW_RSS_LOADED} MB, peak RSS ${MW_RSS} MB, returned $MW_RETURNED, one request alone ${MW_FIRST} s, ${MW_RPS} req/s
pygeoapi: peak RSS ${PY_RSS} MB, returned $PY_RETURNED, one request alone ${PY_FIRST} s, ${PY_RPS} req/s
ratio   : ${RATIO}x
EOF
