#!/usr/bin/env bash
# Two mapwire replicas over one PostGIS store: how long a write through one
# takes to be served by the other (docs/scaling.md has the results).
#
#   bash scripts/bench-replicas.sh [DOCS]
#
# Starts a throwaway PostgreSQL cluster (scripts/pg-cluster.sh), two
# replicas on it, posts DOCS generated ~2 KB documents to replica A (one
# writer, then 8) while following replica B's /updates stream, and prints
# p50/p90/p99 of 201-on-A to announced-on-B. Everything on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=${1:-300}
TOKEN=bench-token-0123456789abcdef
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
BIN="$CARGO_TARGET_DIR/release/mapwire"
OUT=bench-data/replicas
cargo build --release -q --bin mapwire --example gen_news
mkdir -p "$OUT"
NEWS="$OUT/news-$DOCS"
[ -d "$NEWS" ] || "$CARGO_TARGET_DIR/release/examples/gen_news" "$NEWS" "$((DOCS * 2))" 15 >/dev/null
PG=$(mktemp -d /tmp/mapwire-bench-pg.XXXXXX)
chmod 755 "$PG" # the cluster may belong to the postgres user
CLUSTER=$(bash scripts/pg-cluster.sh start "$PG/cluster")
eval "$CLUSTER"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  bash scripts/pg-cluster.sh stop "$PG/cluster" || true
  rm -rf "$PG"
}
trap cleanup EXIT
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); load: $(cut -d' ' -f1-3 /proc/loadavg)"
start_replica() { # PORT
  MAPWIRE_TOKEN=$TOKEN MAPWIRE_PREWARM_MB=0 RUST_LOG=${LOG:-mapwire=warn} \
    "$BIN" serve --bind "127.0.0.1:$1" --store "$PGURL" --no-builtin 2>"$OUT/replica-$1.log" &
  PIDS+=($!)
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$1/health" >/dev/null && return; sleep 0.1; done
  echo "replica on $1 did not start"; exit 1
}
start_replica 18291
start_replica 18292
rm -rf "$OUT/one" "$OUT/eight"
mkdir -p "$OUT/one" "$OUT/eight"
ls "$NEWS" | head -"$DOCS" | while read -r f; do ln -sf "$PWD/$NEWS/$f" "$OUT/one/$f"; done
ls "$NEWS" | tail -"$DOCS" | while read -r f; do ln -sf "$PWD/$NEWS/$f" "$OUT/eight/$f"; done
python3 scripts/bench_replicas.py 127.0.0.1:18291 127.0.0.1:18292 "$TOKEN" "$OUT/one" "$DOCS" 1
python3 scripts/bench_replicas.py 127.0.0.1:18291 127.0.0.1:18292 "$TOKEN" "$OUT/eight" "$DOCS" 8
