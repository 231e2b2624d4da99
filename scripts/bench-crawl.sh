#!/usr/bin/env bash
# A crawl of distinct URLs against the release binary serving the built-in
# data: basemap PNG tiles (z0-14, @1x and @2x, both styles), vector tiles of
# every layer (z0-14, plain and clustered) and items pages (every offset,
# limit and bbox), shuffled with a fixed seed, at CONNECTIONS connections
# for SECONDS. Reports the base memory (after start-up and a warm-up), the
# peak RSS (VmHWM) against the configured cache sizes, the requests served
# and the slowest /health seen from a fresh connection during the crawl.
#
#   bash scripts/bench-crawl.sh [SECONDS] [CONNECTIONS] [BASEMAP_MB] [TILE_MB]
#
# At zoom 10 and deeper, 4,000 tiles of the region are drawn per zoom (with
# a fixed seed): the crawl cannot reach more in its time anyway.
#
# Needs: wrk (Debian; installed when missing). Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-180}
CONN=${2:-64}
BASEMAP_MB=${3:-64}
TILE_MB=${4:-256}
PORT=18194
OUT=bench-data/crawl
mkdir -p "$OUT"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -q --bin mapwire

python3 - "$OUT/urls.txt" <<'PY'
import random, sys
rnd = random.Random(14)
urls = []
for z in range(0, 15):
    n = 2 ** z
    # The Caribbean and Venezuela, where the events are; whole world below z5.
    x0, x1 = (0, n) if z < 5 else (int(n * 0.24), int(n * 0.33) + 1)
    y0, y1 = (0, n) if z < 5 else (int(n * 0.41), int(n * 0.48) + 1)
    cells = [(x, y) for x in range(x0, x1) for y in range(y0, y1)] if z < 10 else \
        [(rnd.randrange(x0, x1), rnd.randrange(y0, y1)) for _ in range(4000)]
    for x, y in sorted(set(cells))[:4000]:
        if True:
            for suffix in (".png", "@2x.png"):
                for style in ("", "?style=dark"):
                    urls.append(f"/tiles/basemap/{z}/{x}/{y}{suffix}{style}")
            for layer in ("events", "flows", "places", "countries"):
                urls.append(f"/tiles/{layer}/{z}/{x}/{y}.mvt")
                urls.append(f"/tiles/{layer}/{z}/{x}/{y}.mvt?cluster=true")
for layer, total in (("events", 42), ("places", 31), ("countries", 241), ("flows", 20)):
    for offset in range(total):
        for limit in (1, 5, 10, 50, 100):
            urls.append(f"/collections/{layer}/items?offset={offset}&limit={limit}")
for i in range(20000):
    w = rnd.uniform(-180, 170); s = rnd.uniform(-80, 70)
    urls.append(f"/collections/countries/items?bbox={w:.3f},{s:.3f},{w + 10:.3f},{s + 10:.3f}")
rnd.shuffle(urls)
open(sys.argv[1], "w").write("\n".join(urls) + "\n")
print(f"{len(urls)} distinct URLs", file=sys.stderr)
PY

# Request lines off: a million of them would only measure the disk.
RUST_LOG=mapwire=info,tower_http=warn target/release/mapwire serve --bind 127.0.0.1:$PORT \
  --basemap-cache-mb "$BASEMAP_MB" --tile-cache-mb "$TILE_MB" 2> "$OUT/server.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
# Warm-up: one request of each kind decodes the basemap data and builds the
# indexes the crawl would otherwise count as cache.
for z in $(seq 0 14); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/tiles/basemap/$z/0/0.png" || true
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/tiles/basemap/$z/0/0@2x.png?style=dark" || true
done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/collections/countries/items?limit=10" || true
kb() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$PID/status"; }
BASE_KB=$(kb VmRSS)

# /health from a fresh connection once a second, during the crawl.
( while kill -0 $PID 2>/dev/null; do
    curl -s -o /dev/null -w '%{time_total}\n' --max-time 5 "http://127.0.0.1:$PORT/health" || echo timeout
    sleep 1
  done ) > "$OUT/health.txt" &
HEALTH=$!
wrk -t2 -c"$CONN" -d"${SECONDS_RUN}s" --timeout 10s -s scripts/bench-crawl.lua \
  "http://127.0.0.1:$PORT" -- "$OUT/urls.txt" 2 > "$OUT/wrk.txt"
kill $HEALTH 2>/dev/null || true
PEAK_KB=$(kb VmHWM)
END_KB=$(kb VmRSS)
CACHES=$(curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^mapwire_(tile_cache|basemap_cache)' || true)
echo "date: $(date -u +%Y-%m-%d)"
echo "command: bash scripts/bench-crawl.sh $SECONDS_RUN $CONN $BASEMAP_MB $TILE_MB"
grep -E "Requests/sec|requests in|Non-2xx|Socket errors" "$OUT/wrk.txt" || true
echo "base RSS after warm-up: $((BASE_KB / 1024)) MiB"
echo "configured caches: basemap $BASEMAP_MB MiB + vector tiles $TILE_MB MiB"
echo "peak RSS (VmHWM): $((PEAK_KB / 1024)) MiB; RSS at the end: $((END_KB / 1024)) MiB"
echo "peak minus base: $(((PEAK_KB - BASE_KB) / 1024)) MiB (bound: $((BASEMAP_MB + TILE_MB)) MiB)"
echo "$CACHES"
echo "slowest /health during the crawl: $(sort -g "$OUT/health.txt" | tail -1) s over $(wc -l < "$OUT/health.txt") probes"
