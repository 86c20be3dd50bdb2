#!/usr/bin/env python3
"""What the Python package costs, and how it scales (numbers for the README).

    cmake -S . -B build -DREFRAME_BUILD_PYTHON=ON && cmake --build build -j2
    PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py --cli build/reframe [--exports 8 --export-mb 4]

1. Per call, in CPU time: the library call itself (Analyze + AppendJson, timed in C++)
   against Analyzer.check (a dict), check_many, and json.loads on the same JSON text.
2. Threads: one shared Analyzer, 1 and 2 threads over the same messages.
3. Dask: examples/python/dask_chats.py's job over generated WhatsApp exports on its
   LocalCluster (127.0.0.1 only, no dashboard) of 1 and then 2 worker processes.
Runs vary on a shared machine: each figure is the best of several runs.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import timeit

import reframe

HERE = os.path.dirname(os.path.abspath(__file__))
CLEAN = "Running 10 min late, traffic is terrible on the bridge, sorry!! be there soon"
FLAGGED = "I want to connect, but I am too busy. And you always make it a big deal."


def best_us(fn, number, repeat=7):
    """CPU time of this thread per call: other programs' load on the machine counts little."""
    return min(timeit.repeat(fn, number=number, repeat=repeat, timer=time.thread_time)) / number * 1e6


def per_call():
    a = reframe.Analyzer()
    print("## Per call (µs of CPU time, best of 7)\n")
    print("| message | C++ Analyze + AppendJson | Analyzer._check_json (str) | Analyzer.check (dict) | "
          "reframe.check | [check(t) for t in 1000 texts], per text | check_many(1000 texts), per text | "
          "json.loads(_check_json) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, text in (("clean, 77 bytes", CLEAN), ("flagged, 72 bytes", FLAGGED)):
        a.check(text)  # compile the lazily built regexes first
        n = 20000
        cpp = min(a._cpp_seconds(text, n) for _ in range(7)) * 1e6
        raw = best_us(lambda: a._check_json(text), n)
        check = best_us(lambda: a.check(text), n)
        module = best_us(lambda: reframe.check(text), n)
        batch = [text] * 1000
        many = best_us(lambda: a.check_many(batch), 20) / 1000
        listed = best_us(lambda: [a.check(t) for t in batch], 20) / 1000  # results kept, as check_many's
        loads = best_us(lambda: json.loads(a._check_json(text)), n)
        print(f"| {name} | {cpp:.2f} | {raw:.2f} | {check:.2f} | {module:.2f} | {listed:.2f} | {many:.2f} | "
              f"{loads:.2f} |")
    print()


def corpus_lines(n):
    out = subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "lines", str(n)], capture_output=True,
                         text=True, check=True).stdout
    return out.splitlines()


def threads(lines):
    a = reframe.Analyzer()
    a.check_many(lines[:2000])

    def run(n_threads, call):
        chunks = [lines[i::n_threads] for i in range(n_threads)]
        ts = [threading.Thread(target=call, args=(chunk,)) for chunk in chunks]
        start = time.perf_counter()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        return time.perf_counter() - start

    def loop(chunk):
        for t in chunk:
            a.check(t)

    print(f"## Threads: one Analyzer, {len(lines):,} generated messages (best of 5)\n")
    print("| call | 1 thread | 2 threads | speed-up |")
    print("|---|---:|---:|---:|")
    for name, call in (("check() per message", loop), ("check_many() per thread", a.check_many)):
        runs = [(run(1, call), run(2, call)) for _ in range(5)]  # alternating, as load changes
        one, two = min(r[0] for r in runs), min(r[1] for r in runs)
        print(f"| {name} | {one:.2f} s ({len(lines) / one:,.0f}/s) | {two:.2f} s ({len(lines) / two:,.0f}/s) | "
              f"{one / two:.2f}× |")
    print()


def dask_scaling(n_exports, export_mb, runs, cli):
    sys.path.insert(0, os.path.join(HERE, "..", "examples", "python"))
    import dask_chats
    from distributed import Client

    with tempfile.TemporaryDirectory() as tmp:
        folder = os.path.join(tmp, "exports")
        os.mkdir(folder)
        for i in range(n_exports):
            with open(os.path.join(folder, f"chat{i}.txt"), "w", encoding="utf-8") as f:
                subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "whatsapp", str(export_mb * 1e6)],
                               stdout=f, check=True)
        paths = dask_chats.find_exports(folder)
        total = sum(os.path.getsize(p) for p in paths)
        messages = sum(reframe.check_chat(p, messages=False)["summary"]["messages"] for p in paths)

        def timed(fn):
            best = None
            for _ in range(runs):
                start = time.perf_counter()
                fn()
                elapsed = time.perf_counter() - start
                best = elapsed if best is None else min(best, elapsed)
            return best

        in_process = timed(lambda: [reframe.check_chat(p, messages=False) for p in paths])
        with_messages = timed(lambda: [reframe.check_chat(p) for p in paths])
        command = None
        if cli:
            command = timed(lambda: [subprocess.run([cli, "chat", p, "--format", "json", "--threads", "1", "--no-progress"],
                                                    stdout=subprocess.DEVNULL, check=True) for p in paths])

        # 1 and 2 workers alternate, so a change in the machine's load hits both alike.
        times, answers = {1: [], 2: []}, {}
        for _ in range(runs):
            for workers in (1, 2):
                # A fresh cluster each run: the same graph keys would otherwise come back
                # from the previous run's results, still held in the workers' memory.
                with dask_chats.local_cluster(workers, os.path.join(tmp, "dask")) as cluster, \
                        Client(cluster) as client:
                    client.run(lambda: __import__("reframe").check("warm up"))
                    start = time.perf_counter()
                    answers[workers] = dask_chats.analyse(paths)
                    times[workers].append(time.perf_counter() - start)
        results = {w: (min(t), answers[w]) for w, t in times.items()}
        assert results[1][1] == results[2][1], "1 and 2 workers must agree"
        print(f"## Dask: {n_exports} generated WhatsApp exports of {export_mb} MB ({total / 1e6:.0f} MB, "
              f"{messages:,} messages), best of {runs}\n")
        print("| run | time | MB/s |")
        print("|---|---:|---:|")
        if command:
            print(f"| `reframe chat --format json --threads 1`, one export after another | {command:.2f} s | "
                  f"{total / 1e6 / command:.1f} |")
        print(f"| check_chat(messages=False) in one process, one export after another | {in_process:.2f} s | "
              f"{total / 1e6 / in_process:.1f} |")
        print(f"| check_chat() with every message as a dict, one after another | {with_messages:.2f} s | "
              f"{total / 1e6 / with_messages:.1f} |")
        for workers in (1, 2):
            t = results[workers][0]
            print(f"| dask_chats.py, LocalCluster of {workers} worker{'s' if workers > 1 else ''} | {t:.2f} s | "
                  f"{total / 1e6 / t:.1f} |")
        print(f"\nFrom 1 to 2 workers: {results[1][0] / results[2][0]:.2f}× (os.cpu_count() = {os.cpu_count()})\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100000)
    parser.add_argument("--exports", type=int, default=8)
    parser.add_argument("--export-mb", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cli", help="the reframe command (e.g. build/reframe), to compare with")
    args = parser.parse_args()
    print(f"reframe {reframe.__version__}, Python {sys.version.split()[0]} ({sys.executable}), "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    per_call()
    threads(corpus_lines(args.messages))
    dask_scaling(args.exports, args.export_mb, args.runs, args.cli)
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (a busy machine shrinks every speed-up)")


if __name__ == "__main__":
    main()
