"""Markdown tables of scripts/bench-tiles.sh results.

Usage: python3 bench_report.py results-SERVER.tsv...

Prints the machine, every run, and mapwire's ratios to each other server
on the same layer, concurrency and pass (× for throughput, p99 and RSS
ratios below 1 favour mapwire), over the median of the repeated runs
(req/s, p50, p99, mean tile bytes, server CPU a request; the largest peak
RSS). The server's CPU a request (utime + stime of all its threads, ended
ones too; the database's not counted) is what the load tool cannot blur: wrk runs on the
same cores, and a server's req/s also depends on what wrk leaves it. Against Martin serving archives the
targets of issue 15 are marked: cold throughput >= 1x, warm >= 1.5x; against
Martin on PostGIS: cold throughput >= 10x with p99 <= 1/10.
"""

import csv
import datetime
import os
import platform
import statistics
import sys

TARGETS = {"cold": 1.0, "warm": 1.5}
ARCHIVE_SERVERS = ("martin-pmtiles", "martin-mbtiles")
MAPWIRE_SERVERS = ("mapwire", "mapwire-postgis", "mapwire-pmtiles", "mapwire-mbtiles")


def load(paths):
    rows = []
    for path in paths:
        with open(path) as f:
            rows.extend(csv.DictReader(f, delimiter="\t"))
    return rows


def num(row, key):
    try:
        return float(row.get(key) or "nan")
    except ValueError:
        return float("nan")


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = ", ".join("%.2f" % v for v in os.getloadavg())
    return (f"{datetime.date.today()} · {platform.node()} · {cpu} · {os.cpu_count()} cores · "
            f"{platform.system()} {platform.release()} · load average now {load}")


def all_runs(rows):
    cols = ["server", "rep", "layer", "conns", "pass", "requests", "seconds", "rps", "p50_ms", "p99_ms",
            "max_ms", "errors", "peak_rss_mb", "db_rss_mb", "mean_tile_bytes", "tiles_200", "cpu_us"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(r.get(c) or "" for c in cols) + " |")


def medians(rows):
    """One row per (server, layer, conns, pass): medians over repetitions."""
    groups = {}
    for r in rows:
        groups.setdefault((r["server"], r["layer"], r["conns"], r["pass"]), []).append(r)
    out = []
    for (server, layer, conns, pas), rs in groups.items():
        m = {"server": server, "layer": layer, "conns": conns, "pass": pas, "runs": str(len(rs))}
        for key in ("rps", "p50_ms", "p99_ms", "mean_tile_bytes", "cpu_us"):
            values = [num(r, key) for r in rs if num(r, key) == num(r, key)]
            m[key] = "%.6g" % statistics.median(values) if values else ""
        for key in ("peak_rss_mb", "db_rss_mb"):
            values = [num(r, key) for r in rs if num(r, key) == num(r, key)]
            m[key] = "%.0f" % max(values) if values else ""
        out.append(m)
    return out


def target(other, pas, x, p99):
    """The issue 15 target of this pair, and whether it is met."""
    if other in ARCHIVE_SERVERS:
        goal = TARGETS[pas]
        return f"≥ {goal}×", x >= goal
    if other == "martin-postgis" and pas == "cold":
        return "≥ 10×, p99 ≤ 0.1", x >= 10 and p99 <= 0.1
    return "", None


def ratios(rows):
    by = {}
    for r in medians(rows):
        by.setdefault((r["layer"], r["conns"], r["pass"]), {})[r["server"]] = r
    servers = {r["server"] for r in rows}
    mine = [s for s in MAPWIRE_SERVERS if s in servers]
    others = sorted(servers - set(MAPWIRE_SERVERS))
    for ours in mine:
        for other in others:
            table = []
            for key in sorted(by, key=lambda k: (k[0], int(k[1]), k[2])):
                m, o = by[key].get(ours), by[key].get(other)
                if not m or not o:
                    continue
                x = num(m, "rps") / num(o, "rps") if num(o, "rps") > 0 else float("inf")
                p99 = num(m, "p99_ms") / num(o, "p99_ms") if num(o, "p99_ms") > 0 else float("nan")
                goal, met = target(other, key[2], x, p99)
                mark = "" if met is None else ("met" if met else "**missed**")
                table.append((key, m, o, x, p99, f"{goal} {mark}".strip()))
            if not table:
                continue
            runs = max(int(m["runs"]) for _, m, _, _, _, _ in table)
            print(f"\n{ours} against {other} (medians of {runs} runs):\n")
            print("| layer | conns | pass | mapwire req/s | other req/s | × | target | mapwire p99 ms "
                  "| other p99 ms | p99 ratio | mapwire RSS MB | other RSS MB | DB RSS MB (mapwire / other) "
                  "| mean tile bytes (mapwire / other) | server CPU µs a request (mapwire / other) |")
            print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
            for (layer, conns, pas), m, o, x, p99, mark in table:
                print(f"| {layer} | {conns} | {pas} | {num(m, 'rps'):.0f} | {num(o, 'rps'):.0f} | {x:.2f}× "
                      f"| {mark} | {m['p99_ms']} | {o['p99_ms']} | {p99:.3g} | {m['peak_rss_mb']} "
                      f"| {o['peak_rss_mb']} | {m.get('db_rss_mb') or '–'} / {o.get('db_rss_mb') or '–'} "
                      f"| {m.get('mean_tile_bytes', '')} / {o.get('mean_tile_bytes', '')} "
                      f"| {m.get('cpu_us') or '–'} / {o.get('cpu_us') or '–'} |")


def main():
    rows = load(sys.argv[1:])
    print("\n" + machine() + "\n")
    print("All runs:\n")
    all_runs(rows)
    ratios(rows)


if __name__ == "__main__":
    main()
