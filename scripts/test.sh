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
