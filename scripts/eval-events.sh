#!/usr/bin/env bash
# Event extraction quality on the development set (tests/fixtures/news-dev,
# 20 articles with gold events): ingests it with the release binary and
# prints the figures of ../shared/eval/eventscore.py when that scorer is
# present, else of the same rules in the regression test
# (tests/events_devset.rs), for all seven types and for deployment /
# port_call / port_call_agreement together.
#   bash scripts/eval-events.sh [--show]   # --show lists misses and wrong events
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
target/release/mapwire ingest tests/fixtures/news-dev --out "$out" 2>/dev/null
gold=tests/fixtures/news-dev/gold.json
scorer=../shared/eval/eventscore.py
if [ -f "$scorer" ]; then
  echo "all types:"
  python3 "$scorer" "$gold" "$out/events.geojson" "$@"
  echo "deployment, port_call, port_call_agreement:"
  python3 "$scorer" "$gold" "$out/events.geojson" --types deployment,port_call,port_call_agreement
else
  MAPWIRE_DEVSET_PRINT=1 cargo test --release --quiet --test events_devset -- --nocapture
fi
