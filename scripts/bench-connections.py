#!/usr/bin/env python3
"""How long /health takes from a fresh connection while N silent (or
half-sent, "slowloris") connections are held open against a running
mapwire. Prints the median and the slowest of 20 probes.

    python3 scripts/bench-connections.py http://127.0.0.1:8080 10000 silent
    python3 scripts/bench-connections.py http://127.0.0.1:8080 1100 slowloris

The tests (tests/connections.rs) check that /health answers; this script
says how fast. Traffic goes to the given address only (use 127.0.0.1).
"""

import resource
import socket
import statistics
import sys
import time
import urllib.parse

base, n, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
url = urllib.parse.urlparse(base)
addr = (url.hostname, url.port)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

held = []
for _ in range(n):
    s = socket.create_connection(addr)
    if kind == "slowloris":
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
    held.append(s)

times = []
for _ in range(20):
    started = time.perf_counter()
    with socket.create_connection(addr, timeout=10) as s:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = s.recv(64)
    assert reply.startswith(b"HTTP/1.1 200"), reply
    times.append((time.perf_counter() - started) * 1000)
    time.sleep(0.05)
print(f"{n} {kind} connections held: /health median {statistics.median(times):.1f} ms, "
      f"slowest {max(times):.1f} ms over {len(times)} probes")
