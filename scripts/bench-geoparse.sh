#!/usr/bin/env bash
# Geoparse speed, side by side with geotext (PyPI), on the same news text:
# the built-in corpus repeated to 4 MB. Each tool runs pinned to one core
# (taskset) and is timed by hyperfine over whole runs, start-up included.
#
#     bash scripts/bench-geoparse.sh                        # built-in corpus, 4 MB
#     bash scripts/bench-geoparse.sh ../shared/eval/GWN.xml # GeoWebNews' texts
#
# With an XML corpus (GeoWebNews or the LGL layout) the text is its
# articles' texts as they are (0.5 MB for GeoWebNews), read at run time:
# evaluation data stays out of the repository.
#
# Needs: hyperfine (Debian), geotext (pip). Also prints the gazetteer
# start-up time (a run on an empty file).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
python3 -c "import geotext" 2>/dev/null || pip install -q geotext==0.4.0
cargo build --release -q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/news.txt" "${1:-}" <<'PY'
import glob, sys
import xml.etree.ElementTree as ET
if sys.argv[2]:
    bodies = [a.findtext('text') or '' for a in ET.parse(sys.argv[2]).getroot().iter('article')]
else:
    bodies = [open(f, encoding='utf-8').read().split('\n\n', 1)[1] for f in sorted(glob.glob('geodata/documents/*.txt'))]
text = '\n\n'.join(bodies) + '\n'
copies = 1 if sys.argv[2] else 4 * 1024 * 1024 // len(text) + 1
open(sys.argv[1], 'w', encoding='utf-8').write(text * copies)
PY
: > "$work/empty.txt"
size=$(stat -c %s "$work/news.txt")
echo "text: $size bytes"
hyperfine --warmup 1 --runs 10 --export-json "$work/h.json" \
  -n mapwire "taskset -c 0 target/release/mapwire geoparse $work/news.txt > /dev/null" \
  -n geotext "taskset -c 0 python3 -c 'import sys, geotext; geotext.GeoText(open(sys.argv[1], encoding=\"utf-8\").read())' $work/news.txt" \
  -n mapwire-startup "taskset -c 0 target/release/mapwire geoparse $work/empty.txt > /dev/null"
python3 - "$work/h.json" "$size" <<'PY'
import json, sys
r = {x['command']: x for x in json.load(open(sys.argv[1]))['results']}
size = int(sys.argv[2]) / 1e6
m, g, s = (r[k]['median'] for k in ('mapwire', 'geotext', 'mapwire-startup'))
print(f"mapwire: {size / m:.1f} MB/s whole run, {size / (m - s):.1f} MB/s after start-up; start-up {s * 1000:.0f} ms")
faster = f"mapwire is {g / m:.1f}x faster" if m <= g else f"geotext is {m / g:.1f}x faster"
print(f"geotext: {size / g:.1f} MB/s whole run; as whole processes {faster}")
PY
