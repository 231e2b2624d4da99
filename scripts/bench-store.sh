#!/usr/bin/env bash
# The store and the write API, measured (docs/store.md has the results):
#
#   bash scripts/bench-store.sh [DOCS] [SECONDS]
#
# 1. bulk `mapwire ingest DIR --store` of DOCS generated ~2 KB documents:
#    wall time, peak RSS, store size (and again: the idempotent re-run);
# 2. `mapwire serve` start-up from that store: time to "listening", 5 runs;
# 3. POST /documents with wrk (unique ~2 KB documents), 1 and 16 clients,
#    into a store of the 5 built-in documents and into the DOCS store;
# 4. latency from a 201 to the event being in /collections/events/items and
#    in its z14 vector tile (p50/p99 over 200 posts; 50 into the big store).
#
# Needs wrk (Debian) and mapbox-vector-tile (PyPI); installs them when
# missing. Everything runs on 127.0.0.1; data goes to bench-data/store/.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=${1:-10000}
SECS=${2:-20}
OUT=bench-data/store
PORT=18281
TOKEN=bench-token-0123456789abcdef
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
BIN="$CARGO_TARGET_DIR/release/mapwire"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
python3 -c 'import mapbox_vector_tile' 2>/dev/null || python3 -m pip install -q mapbox-vector-tile \
  || python3 -m pip install -q --break-system-packages mapbox-vector-tile
cargo build --release -q --bin mapwire --example gen_news
mkdir -p "$OUT"
NEWS="$OUT/news-$DOCS"
[ -d "$NEWS" ] || "$CARGO_TARGET_DIR/release/examples/gen_news" "$NEWS" "$DOCS" 1 >/dev/null
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); load: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== 1. bulk ingest of $DOCS documents"
STORE="$OUT/store-$DOCS.gpkg"
rm -f "$STORE" "$STORE-wal" "$STORE-shm"
for run in first again; do
  /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KiB peak RSS" \
    "$BIN" ingest "$NEWS" --store "$STORE" 2>&1 | grep -E "stored in|wall" | sed "s/^/$run: /"
done
echo "store size: $(du -m "$STORE" | cut -f1) MiB ($(ls -l "$STORE" | awk '{print $5}') bytes)"

echo "== 2. start-up from the $DOCS-document store (time to listening)"
python3 scripts/bench_store.py startup "$BIN" "$STORE" 5

serve() { # STORE -> starts the server in the background, sets PID
  MAPWIRE_TOKEN=$TOKEN RUST_LOG=mapwire=warn "$BIN" serve --bind 127.0.0.1:$PORT --store "$1" &
  PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && return; sleep 0.1; done
  echo "server did not start"; exit 1
}

echo "== 3. POST /documents throughput (wrk, ${SECS} s each)"
TEMPLATE="$OUT/template.txt"
cp "$NEWS/$(ls "$NEWS" | head -1)" "$TEMPLATE"
for base in builtin big; do
  for clients in 1 16; do
    S="$OUT/post-$base-$clients.gpkg"
    rm -f "$S" "$S-wal" "$S-shm"
    if [ "$base" = big ]; then cp "$STORE" "$S"; fi
    serve "$S"
    threads=$(( clients < 2 ? 1 : 2 ))
    TEMPLATE="$TEMPLATE" TOKEN="$TOKEN" wrk -t$threads -c$clients -d${SECS}s --latency \
      -s scripts/bench-post.lua "http://127.0.0.1:$PORT" 2>&1 \
      | grep -E "Requests/sec|50%|99%|Non-2xx|requests in" | sed "s/^/$base store, $clients clients: /"
    kill $PID; wait $PID 2>/dev/null || true
  done
done

echo "== 4. latency from 201 to visible (items and z14 tile): 200 posts, 50 into the big store"
for base in builtin big; do
  posts=$([ "$base" = big ] && echo 50 || echo 200)
  S="$OUT/latency-$base.gpkg"
  rm -f "$S" "$S-wal" "$S-shm"
  if [ "$base" = big ]; then cp "$STORE" "$S"; fi
  serve "$S"
  python3 scripts/bench_store.py latency "http://127.0.0.1:$PORT" "$TOKEN" "$NEWS" "$posts" | sed "s/^/$base store: /"
  kill $PID; wait $PID 2>/dev/null || true
done
