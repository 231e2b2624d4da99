#!/usr/bin/env bash
# The whole test suite: installs what the tests need when it is missing, then
# runs formatting, lints and every test. README and .ci/run call this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-tools.sh
cargo fmt --all -- --check
bash scripts/check-data.sh
# Every relative link of README.md and docs/ resolves.
python3 scripts/check-links.py
cargo clippy --all-targets --release -- -D warnings
# --no-fail-fast: one failing test binary should not hide the others.
cargo test --release --all-targets --no-fail-fast
cargo test --release --doc
# The map page in headless Chromium against the release binary built above.
node --test tests/web/
# The end-to-end suites again, against PostGIS with two replicas: one
# throwaway cluster, a database of its own for every server a test starts,
# and a second replica that must serve what the first serves
# (tests/binary/replica.rs, docs/store.md).
pg_dir=$(mktemp -d /tmp/mapwire-e2e-pg.XXXXXX)
chmod 755 "$pg_dir" # the cluster belongs to `postgres` when run as root
trap 'bash scripts/pg-cluster.sh stop "$pg_dir/cluster" >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
if pg_env=$(bash scripts/pg-cluster.sh start "$pg_dir/cluster"); then
  eval "$pg_env"
  pg_started=$(date +%s)
  MAPWIRE_TEST_PG=$PGURL cargo test --release --no-fail-fast \
    --test e2e --test store_e2e --test watch_e2e
  echo "PostGIS run of the end-to-end suites: $(($(date +%s) - pg_started)) s"
elif [ -n "${CI:-}" ]; then
  echo "PostgreSQL is needed when CI is set (scripts/install-test-tools.sh installs it)" >&2
  exit 1
else
  echo "SKIP: the PostGIS run of the end-to-end suites (no PostgreSQL cluster here)" >&2
fi
