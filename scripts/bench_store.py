"""Helpers of scripts/bench-store.sh.

    python3 bench_store.py startup BIN STORE RUNS
        Starts `BIN serve --store STORE` RUNS times; prints the time from
        exec to the "listening" log line, and the server's own
        "layers loaded" figure; then median and max.
    python3 bench_store.py latency BASE TOKEN NEWS_DIR COUNT
        POSTs COUNT documents (from NEWS_DIR, made unique) one at a time;
        after each 201, polls /collections/events/items?document=ID and the
        z14 vector tile of its first event until both show it; prints p50
        and p99 of the time from the 201 to each, and how often the first
        request already showed it.
"""

import json
import math
import os
import statistics
import subprocess
import sys
import time
import urllib.request

import mapbox_vector_tile


def startup(binary, store, runs):
    times = []
    for run in range(int(runs)):
        env = dict(os.environ, RUST_LOG="mapwire=info", NO_COLOR="1")
        for k in list(env):
            if k.startswith("MAPWIRE_") and k != "MAPWIRE_TOKEN":
                del env[k]
        started = time.monotonic()
        p = subprocess.Popen([binary, "serve", "--bind", "127.0.0.1:0", "--store", store],
                             stderr=subprocess.PIPE, text=True, env=env)
        loaded = None
        for line in p.stderr:
            if "layers loaded" in line:
                loaded = line.split("elapsed_ms=")[1].split()[0]
            if "listening on" in line:
                break
        took = (time.monotonic() - started) * 1000
        p.terminate()
        p.wait()
        times.append(took)
        print(f"run {run + 1}: {took:.0f} ms to listening (layers loaded at {loaded} ms by the server's clock)")
    print(f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms")


def tile_of(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    r = math.radians(lat)
    y = int((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n)
    return z, x, y


def get(url):
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cache-Control": "no-cache"})) as r:
        return r.status, r.read()


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def latency(base, token, news, count):
    files = sorted(os.listdir(news))
    items_ms, tile_ms, first_items, first_tile, posted = [], [], 0, 0, 0
    for n in range(int(count)):
        with open(os.path.join(news, files[n % len(files)]), encoding="utf-8") as f:
            text = f.read() + f"Latency probe {n} {time.time()}.\n"
        req = urllib.request.Request(base + "/documents", data=text.encode(), method="POST", headers={
            "Authorization": "Bearer " + token, "Content-Type": "text/plain"})
        with urllib.request.urlopen(req) as r:
            body = json.load(r)
        if r.status != 201 or not body["events"]:
            continue
        posted += 1
        done = time.monotonic()
        doc, event = body["id"], body["events"][0]
        tries = 0
        while True:
            _, data = get(f"{base}/collections/events/items?limit=1&document={doc}")
            tries += 1
            if json.loads(data)["numberMatched"] == len(body["events"]):
                break
        items_ms.append((time.monotonic() - done) * 1000)
        first_items += tries == 1
        z, x, y = tile_of(*event["geometry"]["coordinates"], 14)
        tries = 0
        while True:
            status, data = get(f"{base}/tiles/events/{z}/{x}/{y}.mvt")
            tries += 1
            ids = set()
            if status == 200:
                for layer in mapbox_vector_tile.decode(data).values():
                    ids |= {f["properties"].get("id") for f in layer["features"]}
            if event["id"] in ids:
                break
        tile_ms.append((time.monotonic() - done) * 1000)
        first_tile += tries == 1
    print(f"{posted} posts with events; 201 -> in items: p50 {pct(items_ms, 50):.1f} ms, p99 {pct(items_ms, 99):.1f} ms "
          f"(first request showed it {first_items}/{posted}); 201 -> in its z14 tile: p50 {pct(tile_ms, 50):.1f} ms, "
          f"p99 {pct(tile_ms, 99):.1f} ms (first request {first_tile}/{posted})")


if __name__ == "__main__":
    {"startup": startup, "latency": latency}[sys.argv[1]](*sys.argv[2:])
