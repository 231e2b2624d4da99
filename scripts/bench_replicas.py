#!/usr/bin/env python3
"""Write-to-visible latency between two mapwire replicas over one PostGIS
store: documents are POSTed to one replica while a reader follows the
other replica's /updates stream; a document counts as visible when that
stream announces it (the catalog is swapped before the announcement, so
items, tiles, document pages and search already include it).

    python3 scripts/bench_replicas.py A_ADDR B_ADDR TOKEN NEWS_DIR COUNT WRITERS

Prints p50/p90/p99/max of (announcement on the other replica - 201 on the
writing one) and of (announcement - request sent), in milliseconds.
"""
import http.client
import os
import sys
import threading
import time


def follow(addr, seen, ready):
    host, port = addr.split(":")
    conn = http.client.HTTPConnection(host, int(port))
    conn.request("GET", "/updates", headers={"Accept": "text/event-stream"})
    resp = conn.getresponse()
    ready.set()
    while True:
        line = resp.fp.readline()
        if not line:
            return
        if line.startswith(b"data: "):
            now = time.perf_counter()
            text = line.decode("utf-8", "replace")
            with seen["lock"]:
                seen["lines"].append((now, text))


def post(addr, token, text):
    host, port = addr.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    sent = time.perf_counter()
    conn.request("POST", "/documents", body=text.encode(),
                 headers={"Authorization": f"Bearer {token}", "Content-Type": "text/plain"})
    resp = conn.getresponse()
    body = resp.read()
    done = time.perf_counter()
    if resp.status != 201:
        raise SystemExit(f"POST answered {resp.status}: {body[:200]!r}")
    import json
    return json.loads(body)["id"], sent, done


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main():
    a, b, token, news, count, writers = sys.argv[1:7]
    count, writers = int(count), int(writers)
    files = sorted(os.listdir(news))[:count]
    texts = [open(os.path.join(news, f), encoding="utf-8").read() for f in files]
    seen = {"lock": threading.Lock(), "lines": []}
    ready = threading.Event()
    threading.Thread(target=follow, args=(b, seen, ready), daemon=True).start()
    ready.wait(10)
    acks = []
    lock = threading.Lock()
    todo = list(enumerate(texts))

    def worker():
        while True:
            with lock:
                if not todo:
                    return
                _, text = todo.pop()
            ident, sent, done = post(a, token, text)
            with lock:
                acks.append((ident, sent, done))

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    deadline = time.perf_counter() + 30
    from_ack, from_send, missing = [], [], 0
    for ident, sent, done in acks:
        seen_at = None
        while seen_at is None and time.perf_counter() < deadline:
            with seen["lock"]:
                seen_at = next((t for t, l in seen["lines"] if f'"{ident}"' in l), None)
            if seen_at is None:
                time.sleep(0.01)
        if seen_at is None:
            missing += 1
            continue
        from_ack.append(max(0.0, seen_at - done) * 1000)
        from_send.append((seen_at - sent) * 1000)
    print(f"writers={writers} documents={len(acks)} posts/s={len(acks) / elapsed:.1f} not seen={missing}")
    for name, v in [("201 -> visible on the other replica", from_ack),
                    ("request sent -> visible on the other replica", from_send)]:
        if v:
            print(f"  {name}: p50 {pct(v, 50):.1f} ms, p90 {pct(v, 90):.1f} ms, "
                  f"p99 {pct(v, 99):.1f} ms, max {max(v):.1f} ms")


if __name__ == "__main__":
    main()
