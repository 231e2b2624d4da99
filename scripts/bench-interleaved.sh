#!/usr/bin/env bash
# Warm passes over servers that are all running at once, taken in turn:
# a change of load on the machine then falls on every server alike, where
# scripts/bench-tiles.sh (one fresh server after the other) lets it fall on
# whichever runs at the time. Start the servers first (pre-built and idle),
# then:
#   bash scripts/bench-interleaved.sh LIST ROUNDS SECONDS CONNS NAME=PORT=PREFIX=SUFFIX...
# e.g.
#   bash scripts/bench-interleaved.sh /tmp/b17/tiles-countries.txt 4 6 16 \
#     mapwire=7101=/tiles/countries/=.mvt martin=7103=/countries/=
# Prints, per round and server, req/s and the server's CPU a request (its
# utime + stime over the pass, all threads, from /proc/PID/stat).
set -euo pipefail
[ $# -ge 5 ] || { sed -n '2,14p' "$0" >&2; exit 2; }
list=$1 rounds=$2 secs=$3 conns=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
hz=$(getconf CLK_TCK)
for r in $(seq 1 "$rounds"); do
  for spec in "$@"; do
    IFS='=' read -r name port prefix suffix <<<"$spec"
    pid=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
    [ -n "$pid" ] || { echo "nothing listens on port $port ($name)" >&2; exit 1; }
    t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    out=$(wrk -t 2 -c "$conns" -d "${secs}s" -s "$here/bench-loop.lua" "http://127.0.0.1:$port" \
      -- "$list" 2 "$prefix" "$suffix" | grep '^RESULT')
    t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    n=$(grep -o 'requests=[0-9]*' <<<"$out" | cut -d= -f2)
    rps=$(grep -o 'rps=[0-9.]*' <<<"$out" | cut -d= -f2)
    awk -v r="$r" -v s="$name" -v c="$conns" -v rps="$rps" -v a="$t0" -v b="$t1" -v n="$n" -v hz="$hz" \
      -v load="$(cut -d' ' -f1 /proc/loadavg)" \
      'BEGIN { printf "%s %s c=%s rps=%s cpu_us=%.2f load=%s\n", r, s, c, rps, (b - a) * 1e6 / hz / n, load }'
    sleep 1
  done
done
