#!/usr/bin/env bash
# Event extraction quality on the development set (tests/fixtures/news-dev,
# 20 articles with gold events) and on the held-out set
# (tests/fixtures/news-heldout, 8 invented articles): ingests each with the
# release binary and prints the figures of ../shared/eval/eventscore.py when
# that scorer is present, else of the same rules in the regression tests
# (tests/events_devset.rs, tests/events_heldout.rs), for all seven types and for deployment /
# port_call / port_call_agreement together.
#   bash scripts/eval-events.sh [--show]   # --show lists misses and wrong events
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
scorer=../shared/eval/eventscore.py
for set in news-dev news-heldout; do
  out=$(mktemp -d)
  target/release/mapwire ingest "tests/fixtures/$set" --out "$out" 2>/dev/null
  gold="tests/fixtures/$set/gold.json"
  echo "== $set"
  if [ -f "$scorer" ]; then
    echo "all types:"
    python3 "$scorer" "$gold" "$out/events.geojson" "$@"
    echo "deployment, port_call, port_call_agreement:"
    python3 "$scorer" "$gold" "$out/events.geojson" --types deployment,port_call,port_call_agreement
  else
    test=events_devset
    [ "$set" = news-heldout ] && test=events_heldout
    MAPWIRE_DEVSET_PRINT=1 MAPWIRE_HELDOUT_PRINT=1 cargo test --release --quiet --test "$test" -- --nocapture
  fi
  rm -rf "$out"
done
