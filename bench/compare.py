#!/usr/bin/env python3
"""reframe side by side with the tools a user might pick instead, on the same messages.

  python3 bench/compare.py [--reframe build/reframe] [--baseline OLD_BINARY] [--sizes 1000,10000,100000] [--install]

--install fetches the peers first (npm: alex, write-good, vader-sentiment, sentiment into
bench/peers; Debian: python3-proselint, ripgrep, hyperfine). Every tool reads the same corpus
(bench/gen_corpus.py, one message per line) and handles each line as one message. Slow peers
run on the smaller corpora only (their rate does not depend on the size). Prints one Markdown
table: messages/s, MB/s, peak RSS, and each peer's time for the 100k corpus divided by reframe's
(measured or, for the slow ones, extrapolated from their rate), plus reframe's start-up time,
`rg` with as many patterns as reframe's phrase lists (the ceiling for one pass of many
patterns), and reframe's scaling from 1 to 2 threads and from 100k to 1M messages. Where
../shared/data is present, also real chat text (the real exports' message bodies and SMS) in
CPU seconds, reframe against AFINN (and --baseline), which is steadier than wall time when the
machine is shared.
"""
import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run_timed(cmd, stdin_path=None):
    """Wall time and peak RSS (MiB) of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    with open(stdin_path, "rb") if stdin_path else open(os.devnull, "rb") as inp:
        p = subprocess.run(cmd, stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        raise RuntimeError(f"{cmd[0]} failed ({p.returncode}): {p.stderr.decode()[:300]}")
    # ru_maxrss of children is the max over all children so far; use /usr/bin/time for exact numbers.
    return wall


def cpu_seconds(cmd, stdin_path=None):
    """User + system CPU time of one run of `cmd`: steadier than wall time on a shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdin_path, "rb") if stdin_path else open(os.devnull, "rb") as inp:
        p = subprocess.run(cmd, stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0, 1):
        raise RuntimeError(f"{cmd[0]} failed ({p.returncode}): {p.stderr.decode()[:300]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def real_chat_corpus(reframe, data, out_path, n):
    """Message bodies of the real chat exports in ../shared/data/chats and the SMS Spam
    Collection's ham, one per line, repeated in order up to n lines (None if the data is absent)."""
    bodies = []
    chats = os.path.join(data, "chats")
    for dirpath, _, files in sorted(os.walk(chats)):
        for name in sorted(files):
            if not (name.endswith(".txt") or name.endswith(".zip")) or "LICENSE" in name:
                continue
            p = subprocess.run([reframe, "chat", os.path.join(dirpath, name), "--format", "jsonl", "--no-progress"],
                               capture_output=True, text=True)
            if p.returncode not in (0, 1):
                continue  # not an export reframe reads (a target file, a log)
            for line in p.stdout.splitlines():
                m = json.loads(line)
                if m.get("kind") == "text" and m.get("text"):
                    bodies.append(" ".join(m["text"].split()))
    sms = os.path.join(data, "corpora", "sms-spam-collection", "SMSSpamCollection")
    if os.path.exists(sms):
        with open(sms, encoding="utf-8", errors="replace") as f:
            bodies += [line.split("\t", 1)[1].strip() for line in f if line.startswith("ham\t")]
    bodies = [b for b in bodies if b]
    if not bodies:
        return None
    with open(out_path, "w", encoding="utf-8") as out:
        for i in range(n):
            out.write(bodies[i % len(bodies)] + "\n")
    non_ascii = sum(1 for b in bodies if not b.isascii()) / len(bodies)
    return len(bodies), non_ascii


def peak_rss_mib(cmd):
    p = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return int(p.stderr.decode().strip().splitlines()[-1]) / 1024


def best_of(n, cmd):
    return min(run_timed(cmd) for _ in range(n))


def expand_patterns(out_path):
    """reframe's phrase lists, {refs} expanded, one regex per line (for rg -f)."""
    lists = {}
    for name in sorted(os.listdir(os.path.join(ROOT, "lexicons", "en"))):
        with open(os.path.join(ROOT, "lexicons", "en", name), "rb") as f:
            lists.update(tomllib.load(f).get("phrases", {}))

    def expand(p, depth=0):
        if depth > 8:
            return p
        return re.sub(r"\{([A-Za-z_][A-Za-z0-9_]*)\}",
                      lambda m: "(?:" + "|".join(expand(x, depth + 1) for x in lists.get(m.group(1), [m.group(0)])) + ")", p)

    patterns = [re.sub(r"\(\?P<[^>]+>", "(", expand(p)) for phrases in lists.values() for p in phrases]
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(patterns) + "\n")
    return len(patterns)


def install():
    subprocess.run(["apt-get", "install", "-y", "-qq", "python3-proselint", "ripgrep", "hyperfine"], check=False)
    subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=os.path.join(HERE, "peers"), check=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reframe", default=os.path.join(ROOT, "build", "reframe"))
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--baseline", help="an earlier reframe binary, timed beside this one on real chat text")
    ap.add_argument("--install", action="store_true")
    ap.add_argument("--work", default="/tmp/reframe-bench")
    args = ap.parse_args()
    if args.install:
        install()
    os.makedirs(args.work, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    corpora = {}
    for n in sizes + [10 * sizes[-1]]:
        path = os.path.join(args.work, f"corpus-{n}.txt")
        if not os.path.exists(path):
            with open(path, "w") as f:
                subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "lines", str(n)], stdout=f, check=True)
        corpora[n] = path
    big = sizes[-1]
    mb = {n: os.path.getsize(p) / 1e6 for n, p in corpora.items()}
    patterns = os.path.join(args.work, "patterns.txt")
    n_patterns = expand_patterns(patterns)
    peers_dir = os.path.join(HERE, "peers")
    node = shutil.which("node")
    tools = [
        ("reframe, 1 thread", [args.reframe, "check", "--lines", "--format", "jsonl", "--threads", "1"], big),
        ("reframe, 2 threads", [args.reframe, "check", "--lines", "--format", "jsonl", "--threads", "2"], big),
    ]
    if node and os.path.isdir(os.path.join(peers_dir, "node_modules", "sentiment")):
        tools += [
            ("AFINN word scorer (npm sentiment)", [node, os.path.join(peers_dir, "afinn.cjs")], big),
            ("VADER (npm vader-sentiment)", [node, os.path.join(peers_dir, "vader.cjs")], sizes[1] if len(sizes) > 1 else big),
            ("write-good", [node, os.path.join(peers_dir, "write-good.cjs")], sizes[1] if len(sizes) > 1 else big),
            ("alex", [node, os.path.join(peers_dir, "alex.mjs")], sizes[0]),
        ]
    # Debian's python3-proselint lives in the system Python.
    if subprocess.run(["/usr/bin/python3", "-c", "import proselint"], capture_output=True).returncode == 0:
        tools.append(("proselint", ["/usr/bin/python3", os.path.join(peers_dir, "proselint_lines.py")], sizes[0]))
    else:
        print("(proselint not installed: apt-get install python3-proselint)", file=sys.stderr)
    if shutil.which("rg"):
        tools.append((f"rg -c -i -f ({n_patterns} patterns), the ceiling", ["rg", "-c", "-i", "-f", patterns], big))

    rows = []
    reframe_time = None
    for name, cmd, n in tools:
        path = corpora[n]
        uses_stdin = name.startswith("reframe")
        full = cmd + ([] if uses_stdin else [path])
        runs = 3 if n <= 10000 or uses_stdin else 1
        wall = min(run_timed(full, path if uses_stdin else None) for _ in range(runs))
        rss = peak_rss_mib(full + ([path] if uses_stdin else []))
        rate = n / wall
        est_big = big / rate  # time for the 100k corpus (measured if n == big)
        if name == "reframe, 1 thread":
            reframe_time = est_big
        rows.append((name, n, wall, rate, mb[n] / wall, rss, est_big))
    print(f"Corpus: bench/gen_corpus.py, {mb[big] / big * 1e6:.0f} bytes per message on average; "
          f"machine: {os.cpu_count()} cores, {os.uname().machine}.\n")
    print("| tool | messages | time | messages/s | MB/s | peak RSS | time on 100k ÷ reframe's |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, n, wall, rate, mbs, rss, est in rows:
        ratio = est / reframe_time if reframe_time else float("nan")
        print(f"| {name} | {n:,} | {wall:.2f} s | {rate:,.0f} | {mbs:.1f} | {rss:.0f} MiB | {ratio:.2f}× |")

    # Start-up: one short draft as a whole process.
    draft = [args.reframe, "check", "--text", "I want to connect, but I am too busy."]
    starts = [run_timed(draft) for _ in range(20)]
    print(f"\nOne short draft, whole process: median {statistics.median(starts) * 1000:.1f} ms "
          f"(min {min(starts) * 1000:.1f} ms, 20 runs).")
    # Linearity and memory: 10x the messages.
    t1 = best_of(1, [args.reframe, "check", "--lines", "--format", "jsonl", "--threads", "1", corpora[big]])
    t10 = best_of(1, [args.reframe, "check", "--lines", "--format", "jsonl", "--threads", "1", corpora[10 * big]])
    r1 = peak_rss_mib([args.reframe, "check", "--lines", "--format", "jsonl", "--threads", "1", corpora[big]])
    r10 = peak_rss_mib([args.reframe, "check", "--lines", "--format", "jsonl", "--threads", "1", corpora[10 * big]])
    print(f"10x the messages ({big:,} -> {10 * big:,}): {t1:.2f} s -> {t10:.2f} s ({t10 / t1:.1f}x time); "
          f"peak RSS {r1:.0f} -> {r10:.0f} MiB.")

    # Real chat text (issue 11's measure): bodies of real exports and SMS, in CPU seconds.
    data = os.path.join(ROOT, "..", "shared", "data")
    real = os.path.join(args.work, f"real-{big}.txt")
    made = real_chat_corpus(args.reframe, data, real, big) if os.path.isdir(data) else None
    if made:
        distinct, non_ascii = made
        print(f"\nReal chat text: {distinct:,} distinct message bodies of the real exports in ../shared/data/chats "
              f"and the SMS Spam Collection's ham ({non_ascii:.0%} with non-ASCII), repeated to {big:,} lines; "
              "CPU seconds (user + system), best of 3:\n")
        print("| tool | CPU time | ÷ reframe's |")
        print("|---|---:|---:|")
        base = None
        real_tools = list(tools)
        if args.baseline:
            real_tools.insert(1, (f"reframe, 1 thread, {args.baseline}",
                                  [args.baseline, "check", "--lines", "--format", "jsonl", "--threads", "1"], big))
        for name, cmd, limit in real_tools:
            if limit != big or name.startswith("rg") or name == "reframe, 2 threads":
                continue
            uses_stdin = name.startswith("reframe")
            full = cmd + ([] if uses_stdin else [real])
            cpu = min(cpu_seconds(full, real if uses_stdin else None) for _ in range(3))
            base = base or cpu
            print(f"| {name} | {cpu:.2f} s | {cpu / base:.2f}× |")

    # Real texts, when the shared corpora are there: the SMS Spam Collection's messages.
    sms = os.path.join(ROOT, "..", "shared", "data", "corpora", "sms-spam-collection", "SMSSpamCollection")
    if os.path.exists(sms):
        path = os.path.join(args.work, "sms.txt")
        with open(sms, encoding="utf-8", errors="replace") as f, open(path, "w", encoding="utf-8") as out:
            for line in f:
                if "\t" in line:
                    out.write(line.split("\t", 1)[1].rstrip("\n").replace("\r", " ") + "\n")
        n = sum(1 for _ in open(path, encoding="utf-8"))
        size = os.path.getsize(path) / 1e6
        print(f"\nReal texts: the SMS Spam Collection, {n:,} messages ({size * 1e6 / n:.0f} bytes each), "
              "whole process each (start-up included):\n")
        print("| tool | messages | time | messages/s | time for all ÷ reframe's |")
        print("|---|---:|---:|---:|---:|")
        head = os.path.join(args.work, "sms-1000.txt")
        with open(path, encoding="utf-8") as f, open(head, "w", encoding="utf-8") as out:
            out.writelines(line for i, line in zip(range(1000), f))
        base = None
        for name, cmd, limit in tools:
            if name.startswith("rg"):
                continue
            slow = limit == sizes[0]  # alex and proselint: the first 1,000 messages, once
            corpus, count = (head, 1000) if slow else (path, n)
            uses_stdin = name.startswith("reframe")
            full = cmd + ([] if uses_stdin else [corpus])
            wall = min(run_timed(full, corpus if uses_stdin else None) for _ in range(1 if slow else 3))
            all_time = wall * n / count
            base = base or all_time
            print(f"| {name} | {count:,} | {wall:.2f} s | {count / wall:,.0f} | {all_time / base:.1f}× |")


if __name__ == "__main__":
    main()
