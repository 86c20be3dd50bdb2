#!/usr/bin/env python3
"""Per-category precision, recall and F1 of reframe on replies with their context.

Usage:
  context_accuracy.py [--cases tests/accuracy/context_pairs.jsonl] [--reframe build/reframe]
                      [--no-context | --compare] [--jobs 2]
                      [--floor-macro-f1 0.90] [--ceiling-benign-flagged 0.05] [--verbose]

Cases are JSON Lines: {"reply_to": ..., "text": ..., "labels": [...], "allow": [...]};
"reply_to" is the message being answered, "text" the reply that is checked. Labels
and allow mean what they mean in accuracy.py (whose scoring this reuses). Each case
runs one `reframe check --format jsonl --text TEXT --reply-to REPLY_TO` process;
--no-context leaves out --reply-to, --compare prints both tables. Besides the
per-category table it reports the context-flip pairs: the same text under two
contexts with different labels, counted right only when both halves are right.

A binary that rejects --reply-to (exit 2, "not expected"/"unknown" option) is
reported as such and scored without context only. Exits 1 when the last table
scored falls below --floor-macro-f1 or above --ceiling-benign-flagged, 2 on bad
input or a failing binary.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from accuracy import CATEGORIES, score  # noqa: E402  (same scoring as the single-draft sets)


def load_cases(path):
    cases = []
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        fail(f"{path}: {e.strerror}")
    with f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                case = json.loads(line)
            except json.JSONDecodeError as e:
                fail(f"{where}: not JSON: {e.msg}")
            if not isinstance(case, dict):
                fail(f"{where}: expected a JSON object")
            for key in ("reply_to", "text"):
                if not isinstance(case.get(key), str):
                    fail(f"{where}: \"{key}\" must be a string")
            for key in ("labels", "allow"):
                value = case.setdefault(key, [])
                if not isinstance(value, list) or any(c not in CATEGORIES for c in value):
                    fail(f"{where}: \"{key}\" must be a list of {', '.join(CATEGORIES)}")
            case["where"] = where
            cases.append(case)
    if not cases:
        fail(f"{path}: no cases")
    return cases


def run_one(reframe, case, with_context):
    # "--opt=value" so a draft that starts with "-" is never read as an option.
    cmd = [reframe, "check", "--format", "jsonl", "--fail-on", "never", f"--text={case['text']}"]
    if with_context:
        cmd.append(f"--reply-to={case['reply_to']}")
    try:
        run = subprocess.run(cmd, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"{case['where']}: could not run {reframe}: {e}"
    if run.returncode not in (0, 1):
        return run, f"{case['where']}: {reframe} exited {run.returncode}: {run.stderr.decode(errors='replace').strip()[:300]}"
    rows = [line for line in run.stdout.decode(errors="replace").splitlines() if line.strip()]
    if len(rows) != 1:
        return run, f"{case['where']}: expected one JSON line from {reframe}, got {len(rows)}"
    try:
        return json.loads(rows[0]), None
    except json.JSONDecodeError as e:
        return run, f"{case['where']}: {reframe} printed invalid JSON: {e.msg}"


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(2)


def rejects_reply_to(reframe):
    """True when the binary does not know --reply-to (the turn-1 CLI)."""
    probe = {"where": "probe", "text": "See you at 7.", "reply_to": "Dinner tonight?"}
    result, error = run_one(reframe, probe, True)
    if error is None:
        return False, ""
    if isinstance(result, subprocess.CompletedProcess) and result.returncode == 2:
        message = result.stderr.decode(errors="replace")
        lowered = message.lower()
        if "reply-to" in lowered and any(w in lowered for w in ("not expected", "unknown", "unrecogni", "invalid option")):
            return True, message.strip().splitlines()[0]
    fail(error)


def analyse(reframe, cases, with_context, jobs):
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = list(pool.map(lambda c: run_one(reframe, c, with_context), cases))
    rows = []
    for row, error in results:
        if error:
            fail(error)
        rows.append(row)
    return rows


def flip_pairs(cases, rows):
    """(right, total) over texts that appear with two contexts and different labels."""
    by_text = {}
    for case, row in zip(cases, rows):
        by_text.setdefault(case["text"], []).append((case, row))
    right = total = 0
    for group in by_text.values():
        if len(group) < 2 or len({tuple(sorted(c["labels"])) for c, _ in group}) < 2:
            continue
        total += 1
        ok = True
        for case, row in group:
            got = {f["category"] for f in row.get("findings", [])} & set(CATEGORIES)
            want, allow = set(case["labels"]), set(case["allow"])
            ok &= not (want - got) and not (got - want - allow)
        right += ok
    return right, total


def report(title, cases, rows, verbose):
    table, macro, benign, flagged, misses = score(cases, rows)
    right, total = flip_pairs(cases, rows)
    print(f"== {title}")
    print(f"{len(cases)} replies, {benign} that should raise nothing ({benign / len(cases):.0%})")
    print(f"{'category':<15} {'prec':>5} {'recall':>6} {'f1':>5}   tp  fp  fn")
    for c, (p, r, f, tp, fp, fn) in table.items():
        print(f"{c:<15} {p:5.2f} {r:6.2f} {f:5.2f} {tp:4} {fp:3} {fn:3}")
    rate = flagged / benign if benign else 0.0
    print(f"benign replies flagged: {flagged}/{benign} ({rate:.1%})")
    if total:
        print(f"context-flip pairs with both halves right: {right}/{total}")
    print(f"macro-F1 {macro:.3f}")
    if verbose:
        for case, row in zip(cases, rows):
            got = sorted({f["category"] for f in row.get("findings", [])} & set(CATEGORIES))
            want, allow = set(case["labels"]), set(case["allow"])
            if (want - set(got)) or (set(got) - want - allow):
                print(f"  want {sorted(want)} got {got}: [{case['reply_to']}] -> {case['text']}")
    return macro, rate


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "context_pairs.jsonl"))
    ap.add_argument("--reframe", default="build/reframe")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--no-context", action="store_true", help="check each reply alone (no --reply-to)")
    mode.add_argument("--compare", action="store_true", help="print the table without and with context")
    ap.add_argument("--jobs", type=int, default=2, help="processes at a time (default 2)")
    ap.add_argument("--floor-macro-f1", type=float, default=0.0)
    ap.add_argument("--ceiling-benign-flagged", type=float, default=1.0)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()

    cases = load_cases(args.cases)
    modes = [False] if args.no_context else [False, True] if args.compare else [True]
    if True in modes:
        rejected, message = rejects_reply_to(args.reframe)
        if rejected:
            print(f"NOTE: {args.reframe} does not accept --reply-to (exit 2: {message}); "
                  "scoring without context only.")
            modes = [False]

    macro = rate = 0.0
    for with_context in modes:
        rows = analyse(args.reframe, cases, with_context, args.jobs)
        macro, rate = report("with context" if with_context else "without context", cases, rows, args.verbose)
    failed = False
    if macro < args.floor_macro_f1:
        print(f"FAIL: macro-F1 {macro:.3f} is below the floor {args.floor_macro_f1}")
        failed = True
    if rate > args.ceiling_benign_flagged:
        print(f"FAIL: {rate:.1%} of benign replies flagged, above {args.ceiling_benign_flagged:.0%}")
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
