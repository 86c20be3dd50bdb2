#!/usr/bin/env python3
"""How reframe behaves on real text nobody wrote for it.

  1. Everyday SMS (SMS Spam Collection, the "ham" lines): the share that raise
     anything. Most everyday texts are fine, so this is a false-alarm rate.
  2. GoEmotions Reddit comments: how much more often comments labelled anger,
     annoyance or disapproval raise something than comments labelled only
     neutral. A tool that tracks conflict should see a large ratio.

Usage: real_text.py --reframe build/reframe --data ../shared/data/corpora
                    [--max-ham-flagged 0.02] [--min-goemotions-ratio 4]
Exits 77 (ctest's "skipped") when the corpora are absent, 1 when a bound fails.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

SKIP = 77


def analyse(reframe, texts):
    stdin = "".join(t.replace("\n", " ").replace("\r", " ") + "\n" for t in texts)
    run = subprocess.run([reframe, "check", "--lines", "--format", "jsonl"], input=stdin.encode(),
                         capture_output=True, timeout=1800)
    rows = [json.loads(line) for line in run.stdout.decode().splitlines() if line.strip()]
    if len(rows) != len(texts):
        sys.exit(f"expected {len(texts)} rows, got {len(rows)}: {run.stderr.decode()[:300]}")
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reframe", default="build/reframe")
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data/corpora"))
    ap.add_argument("--max-ham-flagged", type=float, default=1.0)
    ap.add_argument("--min-goemotions-ratio", type=float, default=0.0)
    ap.add_argument("--show", type=int, default=0, help="print this many flagged examples of each")
    args = ap.parse_args()

    sms = os.path.join(args.data, "sms-spam-collection", "SMSSpamCollection")
    goe = os.path.join(args.data, "goemotions")
    if not os.path.exists(sms) or not os.path.isdir(goe):
        print(f"skipped: corpora not found under {args.data}")
        sys.exit(SKIP)
    failed = False

    ham = []
    with open(sms, encoding="utf-8", errors="replace") as f:
        for line in f:
            label, _, text = line.rstrip("\n").partition("\t")
            if label == "ham":
                ham.append(text)
    rows = analyse(args.reframe, ham)
    flagged = [(t, r) for t, r in zip(ham, rows) if r["findings"]]
    by_cat = collections.Counter(f["category"] for _, r in flagged for f in r["findings"])
    rate = len(flagged) / len(ham)
    print(f"SMS ham: {len(flagged)}/{len(ham)} raise anything ({rate:.2%}); by category: {dict(by_cat)}")
    for t, r in flagged[:args.show]:
        print(f"   {[f['rule'] for f in r['findings']]}: {t}")
    if rate > args.max_ham_flagged:
        print(f"FAIL: more than {args.max_ham_flagged:.0%} of everyday SMS flagged")
        failed = True

    names = open(os.path.join(goe, "original_labels.txt"), encoding="utf-8").read().split()
    conflict_ids = {names.index(n) for n in ("anger", "annoyance", "disapproval")}
    neutral_id = names.index("neutral")
    conflict, neutral = [], []
    for split in ("train", "dev", "test"):
        with open(os.path.join(goe, f"original_{split}.tsv"), encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 2:
                    continue
                ids = {int(x) for x in parts[1].split(",") if x}
                if ids & conflict_ids:
                    conflict.append(parts[0])
                elif ids == {neutral_id}:
                    neutral.append(parts[0])
    rc = analyse(args.reframe, conflict)
    rn = analyse(args.reframe, neutral)
    pc = sum(bool(r["findings"]) for r in rc) / len(rc)
    pn = sum(bool(r["findings"]) for r in rn) / len(rn)
    ratio = pc / pn if pn else float("inf")
    print(f"GoEmotions: anger/annoyance/disapproval {pc:.2%} of {len(rc)} raise something, "
          f"neutral {pn:.2%} of {len(rn)}: ratio {ratio:.1f}x")
    for t, r in [(t, r) for t, r in zip(neutral, rn) if r["findings"]][:args.show]:
        print(f"   neutral {[f['rule'] for f in r['findings']]}: {t}")
    if ratio < args.min_goemotions_ratio:
        print(f"FAIL: ratio below {args.min_goemotions_ratio}x")
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
