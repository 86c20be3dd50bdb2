#!/usr/bin/env python3
"""Benchmarks `reframe serve`'s POST /api/check on this machine (127.0.0.1 only).

1. Round trip for one short draft, as the page sends it: N sequential requests
   on one kept-alive connection, and on a new connection each (the page after
   an idle pause); median, 90th and 99th percentile.
2. Throughput: requests per second with `wrk` (Debian's wrk) for a few
   seconds, a short draft and a flagged longer one, with the client on the
   same machine (so client and server share the cores).

usage: python3 bench/serve_bench.py [--reframe build/reframe] [--requests 2000] [--seconds 10]"""
import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "serve"))
from serve_helpers import Server  # noqa: E402

SHORT = "I want to connect, but I am too busy."
LONGER = ("Hey, about this weekend. I want to connect, but I am too busy. You always make it a big deal when "
          "I can't come. I meant to call, but I didn't. Anyway. I feel numb about the whole thing. "
          "Thank you for waiting, though.")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def round_trips(port, text, n, keep_alive):
    body = json.dumps({"text": text}).encode()
    headers = {"Content-Type": "application/json", "Host": f"127.0.0.1:{port}"}
    times = []
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for i in range(n + n // 10):  # the first tenth warms up
        if not keep_alive:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        start = time.perf_counter()
        conn.request("POST", "/api/check", body, headers)
        r = conn.getresponse()
        data = r.read()
        elapsed = time.perf_counter() - start
        if r.status != 200 or not data.startswith(b'{"line":1'):
            raise RuntimeError(f"bad answer {r.status}: {data[:100]!r}")
        if not keep_alive:
            conn.close()
        if i >= n // 10:
            times.append(elapsed * 1000)
    conn.close()
    return times


def wrk(port, text, seconds, threads, connections):
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                 f"wrk.body = {json.dumps(json.dumps({'text': text}))}\n")
    script.close()
    try:
        out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
                              "--latency", "-s", script.name, f"http://127.0.0.1:{port}/api/check"],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p50.group(2)]
    return rps, float(p50.group(1)) * scale, int(errors.group(1)) if errors else 0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--reframe", default=os.path.join(here, "..", "build", "reframe"))
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--seconds", type=int, default=10)
    args = ap.parse_args()

    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}")
    with Server(args.reframe, "--port", "0") as srv:
        for text, name in ((SHORT, "short draft (37 bytes, 1 finding)"), (LONGER, "longer draft (216 bytes, 4 findings)")):
            for keep_alive in (True, False):
                t = round_trips(srv.port, text, args.requests, keep_alive)
                how = "kept-alive connection" if keep_alive else "new connection each"
                print(f"round trip, {name}, {how}: median {statistics.median(t):.3f} ms, "
                      f"p90 {percentile(t, 90):.3f} ms, p99 {percentile(t, 99):.3f} ms, min {min(t):.3f} ms "
                      f"({len(t)} requests, Python http.client)")
        if shutil.which("wrk"):
            for text, name in ((SHORT, "short draft"), (LONGER, "longer draft")):
                for threads, conns in ((1, 1), (2, 8)):
                    rps, p50, errors = wrk(srv.port, text, args.seconds, threads, conns)
                    print(f"throughput, {name}, wrk -t{threads} -c{conns} {args.seconds}s: {rps:,.0f} requests/s, "
                          f"median latency {p50:.3f} ms, {errors} errors")
        else:
            print("throughput: skipped (apt-get install wrk)")
        code, _ = srv.stop()
        if code != 0:
            raise RuntimeError(f"reframe serve exited with {code}")


if __name__ == "__main__":
    main()
