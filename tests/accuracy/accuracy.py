#!/usr/bin/env python3
"""Per-category precision, recall and F1 of reframe on labelled messages.

Usage:
  accuracy.py --cases tests/accuracy/cases.jsonl [--reframe build/reframe]
              [--floor-macro-f1 0.90] [--ceiling-benign-flagged 0.05] [--verbose]

Cases are JSON Lines: {"text": ..., "labels": [...], "allow": [...]}; "labels"
are categories reframe must report, "allow" ones that are defensible either
way, and empty "labels" mark a message that should raise nothing (the same
format as the shared dev sample). Exits 1 when macro-F1 is below the floor or
too many benign messages raise something, so ctest can hold the line.
"""
import argparse
import json
import subprocess
import sys

CATEGORIES = ["mixed-message", "criticism", "defensiveness", "withdrawal"]


def score(cases, rows):
    tp = {c: 0 for c in CATEGORIES}
    fp, fn = dict(tp), dict(tp)
    benign = benign_flagged = 0
    misses = []
    for case, row in zip(cases, rows):
        got = {f["category"] for f in row.get("findings", [])} & set(CATEGORIES)
        want, allow = set(case["labels"]), set(case.get("allow", []))
        for c in CATEGORIES:
            if c in want and c in got:
                tp[c] += 1
            elif c in want:
                fn[c] += 1
            elif c in got and c not in allow:
                fp[c] += 1
        if not want:
            benign += 1
            benign_flagged += bool(got - allow)
        if (want - got) or (got - want - allow):
            misses.append((case["text"], sorted(want), sorted(got)))
    table = {}
    for c in CATEGORIES:
        p = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
        r = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        table[c] = (p, r, f, tp[c], fp[c], fn[c])
    macro = sum(v[2] for v in table.values()) / len(CATEGORIES)
    return table, macro, benign, benign_flagged, misses


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--reframe", default="build/reframe")
    ap.add_argument("--floor-macro-f1", type=float, default=0.0)
    ap.add_argument("--ceiling-benign-flagged", type=float, default=1.0)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    with open(args.cases, encoding="utf-8") as f:
        cases = [json.loads(line) for line in f if line.strip()]
    stdin = "".join(c["text"].replace("\n", " ") + "\n" for c in cases)
    run = subprocess.run([args.reframe, "check", "--lines", "--format", "jsonl"], input=stdin.encode(),
                         capture_output=True, timeout=600)
    rows = [json.loads(line) for line in run.stdout.decode().splitlines() if line.strip()]
    if len(rows) != len(cases):
        sys.exit(f"expected {len(cases)} result lines, got {len(rows)}: {run.stderr.decode()[:300]}")

    table, macro, benign, flagged, misses = score(cases, rows)
    print(f"{len(cases)} messages, {benign} that should raise nothing ({benign / len(cases):.0%})")
    print(f"{'category':<15} {'prec':>5} {'recall':>6} {'f1':>5}   tp  fp  fn")
    for c, (p, r, f, tp, fp, fn) in table.items():
        print(f"{c:<15} {p:5.2f} {r:6.2f} {f:5.2f} {tp:4} {fp:3} {fn:3}")
    rate = flagged / benign if benign else 0.0
    print(f"benign messages flagged: {flagged}/{benign} ({rate:.1%})")
    print(f"macro-F1 {macro:.3f}")
    if args.verbose:
        for text, want, got in misses:
            print(f"  want {want} got {got}: {text}")
    failed = False
    if macro < args.floor_macro_f1:
        print(f"FAIL: macro-F1 {macro:.3f} is below the floor {args.floor_macro_f1}")
        failed = True
    if rate > args.ceiling_benign_flagged:
        print(f"FAIL: {rate:.1%} of benign messages flagged, above {args.ceiling_benign_flagged:.0%}")
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
