#!/usr/bin/env python3
"""Precision and recall of a reframe build on hand-judged real conversation text.

Usage:
  real_judged.py --reframe BIN --judged tests/accuracy/real_judged.jsonl
                 [--data ../shared/data/corpora] [--list-unjudged FILE]
                 [--min-precision X] [--min-lenient-precision X] [--min-recall Y] [--show-wrong N]

The judged set (REAL_TEXT_SOURCES.md says how it was drawn) is JSON Lines, one record per message:
  {"corpus": "sms|counsel-chat|goemotions", "id": ..., "text": ..., "labels": [categories truly present],
   "allow": [borderline categories], "flagged_before": [what the frozen baseline flagged], "note": "..."}
A note explains every wrong flag as "<category> wrong: <reason> — why", reason one of REASONS below.

BIN runs over the judged texts (one process per corpus). Over (message, category) pairs:
  precision (strict)  = flags whose category is in labels / all flags
  precision (lenient) = flags whose category is in labels or allow / all flags
  recall              = labels BIN flags / all labels
per category and overall, then the wrong flags (not in labels or allow) by the reason in their note.

With --data BIN also runs over the whole pool (real_pool.py; one process per corpus) and counts what it
flags in messages nobody has judged: a precision covers only judged messages, so a build that flags new
messages has no precision to claim until they are judged. --list-unjudged writes those messages as
judged-set records with empty labels and note "UNJUDGED", to be judged and appended. A floor on precision
fails while such messages exist.

Exit: 0 ok; 1 a floor fails; 2 bad input (file and line named) or BIN fails; 77 the judged file (or the
--data directory) is missing, ctest's "skipped".
"""
import argparse
import collections
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import real_pool  # noqa: E402
from real_pool import CATEGORIES, CORPORA  # noqa: E402

SKIP = 77
BAD_INPUT = 2
# Why a flag is wrong. The first seven are the issue's; the rest name what else real text turned up.
REASONS = (
    "third party",      # a story about someone else (a partner described to a therapist)
    "question",         # a sincere question ("Have you always been saying welp?")
    "generic you",      # "you never know", forwarded sayings addressed to anyone
    "quoted",           # reported or quoted speech, film quotes
    "thing not person",  # a retreat or complaint about a thing or situation
    "playful",          # banter, mock anger, marked sarcasm (/s)
    "other",
    "self-description",  # the writer describes themself to a helper ("trying to get over it")
    "advice",           # "You'll never find that person if you don't talk to anyone"
    "praise",           # "U R Always my Dear", "You made me cry ... Thank you"
    "other sense",      # the words mean something else here ("I'm out" of supplies, "when I'm done" showering)
)
NO_REASON = "(no reason in note)"
WRONG_RE = re.compile(r"\b(" + "|".join(map(re.escape, CATEGORIES)) + r") wrong: ([a-z -]+?)(?= —|;|\.|,|$)")


class JudgedError(Exception):
    pass


def key(corpus, ident):
    return (corpus, str(ident))


def load_judged(path):
    """The records of the judged file, validated; JudgedError names the line of the first problem."""
    records, seen = [], {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise JudgedError(f"{where}: not JSON ({e.msg})") from None
            if not isinstance(rec, dict):
                raise JudgedError(f"{where}: a record must be a JSON object")
            for field, kind in (("corpus", str), ("text", str), ("labels", list), ("allow", list),
                                ("flagged_before", list), ("note", str)):
                if not isinstance(rec.get(field), kind):
                    raise JudgedError(f"{where}: field {field!r} must be a {kind.__name__}")
            if rec["corpus"] not in CORPORA:
                raise JudgedError(f"{where}: unknown corpus {rec['corpus']!r} (one of {', '.join(CORPORA)})")
            if not isinstance(rec.get("id"), (str, int)) or isinstance(rec.get("id"), bool) or rec["id"] == "":
                raise JudgedError(f"{where}: field 'id' must be a non-empty string or an integer")
            for field in ("labels", "allow", "flagged_before"):
                bad = [c for c in rec[field] if c not in CATEGORIES]
                if bad or len(set(rec[field])) != len(rec[field]):
                    raise JudgedError(f"{where}: {field} must be distinct categories of {', '.join(CATEGORIES)}")
            if set(rec["labels"]) & set(rec["allow"]):
                raise JudgedError(f"{where}: a category is in both labels and allow")
            note = rec["note"].strip()
            if not note:
                raise JudgedError(f"{where}: empty note")
            if note == "UNJUDGED":
                raise JudgedError(f"{where}: not judged yet (note UNJUDGED); judge it or leave it out")
            reasons = {}
            for cat, reason in WRONG_RE.findall(note):
                if reason not in REASONS:
                    raise JudgedError(f"{where}: unknown reason {reason!r} for {cat} (one of {', '.join(REASONS)})")
                if cat in rec["labels"] or cat in rec["allow"]:
                    raise JudgedError(f"{where}: note calls {cat} wrong, but it is in labels or allow")
                reasons[cat] = reason
            for cat in rec["flagged_before"]:
                if cat not in rec["labels"] and cat not in rec["allow"] and cat not in reasons:
                    raise JudgedError(f"{where}: the baseline's {cat} flag is judged wrong but the note gives "
                                      f"no '{cat} wrong: <reason>'")
            k = key(rec["corpus"], rec["id"])
            if k in seen:
                raise JudgedError(f"{where}: {rec['corpus']} {rec['id']} already judged on line {seen[k]}")
            seen[k] = number
            rec["_line"], rec["_reasons"] = number, reasons
            records.append(rec)
    return records


def check_against_pool(records, pool, path):
    by_key = {key(c, x["id"]): x["text"] for c, items in pool.items() for x in items}
    for rec in records:
        text = by_key.get(key(rec["corpus"], rec["id"]))
        if text is None:
            raise JudgedError(f"{path}:{rec['_line']}: {rec['corpus']} {rec['id']} is not in the pool")
        if text != rec["text"]:
            raise JudgedError(f"{path}:{rec['_line']}: text differs from {rec['corpus']} {rec['id']} in the pool")


def score(records, flagged):
    """flagged[i] is the categories BIN flags in records[i]. Returns counts for the report."""
    n = {c: collections.Counter() for c in CATEGORIES}
    wrong = collections.Counter()          # (reason, category) -> flags
    wrong_examples = collections.defaultdict(list)
    corpus_counts = {c: collections.Counter() for c in CORPORA}
    for rec, got in zip(records, flagged):
        labels, allow = set(rec["labels"]), set(rec["allow"])
        cc = corpus_counts[rec["corpus"]]
        for cat in CATEGORIES:
            if cat in labels:
                n[cat]["labels"] += 1
                cc["labels"] += 1
            if cat not in got:
                continue
            n[cat]["flags"] += 1
            cc["flags"] += 1
            if cat in labels:
                n[cat]["right"] += 1
                cc["right"] += 1
            elif cat in allow:
                n[cat]["allowed"] += 1
                cc["allowed"] += 1
            else:
                reason = rec["_reasons"].get(cat, NO_REASON)
                wrong[(reason, cat)] += 1
                wrong_examples[reason].append((cat, rec))
    return n, wrong, wrong_examples, corpus_counts


def ratio(a, b):
    return a / b if b else float("nan")


def fmt(x):
    return "  n/a" if x != x else f"{x:5.3f}"


def totals(n):
    t = collections.Counter()
    for c in CATEGORIES:
        t.update(n[c])
    return t


def print_report(records, n, wrong, wrong_examples, corpus_counts, show_wrong):
    t = totals(n)
    print(f"{len(records)} judged messages: " + ", ".join(
        f"{sum(r['corpus'] == c for r in records)} {c}" for c in CORPORA))
    print(f"{'category':<15} {'flags':>5} {'right':>5} {'allow':>5} {'wrong':>5} {'prec':>6} {'lenient':>7} "
          f"{'labels':>6} {'found':>5} {'recall':>6}")
    for name, row in [(c, n[c]) for c in CATEGORIES] + [("overall", t)]:
        flags, right, allowed = row["flags"], row["right"], row["allowed"]
        print(f"{name:<15} {flags:5} {right:5} {allowed:5} {flags - right - allowed:5} {fmt(ratio(right, flags)):>6} "
              f"{fmt(ratio(right + allowed, flags)):>7} {row['labels']:6} {right:5} {fmt(ratio(right, row['labels'])):>6}")
    print(f"{'corpus':<15} {'flags':>5} {'right':>5} {'allow':>5} {'wrong':>5} {'prec':>6} {'lenient':>7} "
          f"{'labels':>6} {'found':>5} {'recall':>6}")
    for c in CORPORA:
        row = corpus_counts[c]
        flags, right, allowed = row["flags"], row["right"], row["allowed"]
        print(f"{c:<15} {flags:5} {right:5} {allowed:5} {flags - right - allowed:5} {fmt(ratio(right, flags)):>6} "
              f"{fmt(ratio(right + allowed, flags)):>7} {row['labels']:6} {right:5} {fmt(ratio(right, row['labels'])):>6}")
    total_wrong = sum(wrong.values())
    print(f"wrong flags by reason ({total_wrong}; a flag in allow is not wrong):")
    by_reason = collections.Counter()
    for (reason, _), count in wrong.items():
        by_reason[reason] += count
    for reason, count in by_reason.most_common():
        cats = ", ".join(f"{cat} {wrong[(reason, cat)]}" for cat in CATEGORIES if wrong[(reason, cat)])
        print(f"  {reason:<18} {count:4}  {ratio(count, total_wrong):6.1%}  ({cats})")
        for cat, rec in wrong_examples[reason][:show_wrong]:
            text = rec["text"] if len(rec["text"]) <= 110 else rec["text"][:107] + "..."
            print(f"      {cat} {rec['corpus']} {rec['id']}: {text}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reframe", required=True, help="the reframe binary to score")
    ap.add_argument("--judged", required=True, help="the judged set (JSON Lines)")
    ap.add_argument("--data", help="the corpora directory: also count flags on messages not yet judged")
    ap.add_argument("--list-unjudged", metavar="FILE", help="with --data: write flagged unjudged messages here")
    ap.add_argument("--min-precision", type=float, help="floor on strict precision over all categories")
    ap.add_argument("--min-lenient-precision", type=float, help="floor on lenient precision over all categories")
    ap.add_argument("--min-recall", type=float, help="floor on recall over all categories")
    ap.add_argument("--show-wrong", type=int, default=0, metavar="N", help="print N wrong flags of each reason")
    args = ap.parse_args()
    if args.list_unjudged and not args.data:
        ap.error("--list-unjudged needs --data")

    if not os.path.isfile(args.judged):
        print(f"skipped: judged set {args.judged} not found")
        sys.exit(SKIP)
    if args.data and not all(os.path.isfile(p) for p in real_pool.pool_files(args.data)):
        print(f"skipped: corpora not found under {args.data}")
        sys.exit(SKIP)
    if not os.access(args.reframe, os.X_OK):
        print(f"error: {args.reframe} is not an executable", file=sys.stderr)
        sys.exit(BAD_INPUT)

    try:
        records = load_judged(args.judged)
        if not records:
            raise JudgedError(f"{args.judged}: no records")
        judged_keys = {key(r["corpus"], r["id"]) for r in records}
        flagged_by_key, unjudged = {}, []
        if args.data:
            pool = real_pool.load_pool(args.data)
            check_against_pool(records, pool, args.judged)
            for corpus in CORPORA:
                items = pool[corpus]
                for item, cats in zip(items, real_pool.run_reframe(args.reframe, [x["text"] for x in items])):
                    k = key(corpus, item["id"])
                    flagged_by_key[k] = cats
                    if cats and k not in judged_keys:
                        unjudged.append((corpus, item, cats))
        else:
            for corpus in CORPORA:
                mine = [r for r in records if r["corpus"] == corpus]
                if mine:
                    for rec, cats in zip(mine, real_pool.run_reframe(args.reframe, [r["text"] for r in mine])):
                        flagged_by_key[key(corpus, rec["id"])] = cats
    except (JudgedError, real_pool.PoolError) as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(BAD_INPUT)
    except OSError as e:
        print(f"error: {e.filename or ''}: {e.strerror}", file=sys.stderr)
        sys.exit(BAD_INPUT)

    flagged = [set(flagged_by_key[key(r["corpus"], r["id"])]) for r in records]
    n, wrong, wrong_examples, corpus_counts = score(records, flagged)
    print_report(records, n, wrong, wrong_examples, corpus_counts, args.show_wrong)

    t = totals(n)
    precision = ratio(t["right"], t["flags"])
    lenient = ratio(t["right"] + t["allowed"], t["flags"])
    recall = ratio(t["right"], t["labels"])
    if args.data:
        pool_size = sum(len(v) for v in pool.values())
        new_flags = sum(len(cats) for _, _, cats in unjudged)
        by = collections.Counter((c, cat) for c, _, cats in unjudged for cat in cats)
        print(f"pool: {pool_size} messages; flagged and not judged: {len(unjudged)} messages, {new_flags} flags"
              + (" (" + ", ".join(f"{c} {cat} {k}" for (c, cat), k in sorted(by.items())) + ")" if by else ""))
        if unjudged:
            print(f"  precision if all were wrong: {fmt(ratio(t['right'], t['flags'] + new_flags))}, "
                  f"if all were right: {fmt(ratio(t['right'] + new_flags, t['flags'] + new_flags))}")
        if args.list_unjudged:
            with open(args.list_unjudged, "w", encoding="utf-8") as f:
                for corpus, item, cats in unjudged:
                    ident = int(item["id"]) if corpus == "sms" else item["id"]
                    # Every message the baseline flags is judged, so an unjudged one was not flagged before.
                    f.write(json.dumps({"corpus": corpus, "id": ident, "text": item["text"], "labels": [],
                                        "allow": [], "flagged_before": [], "note": "UNJUDGED",
                                        "drawn": "flagged later", "flagged_now": cats}, ensure_ascii=False) + "\n")
            print(f"  wrote {len(unjudged)} unjudged records to {args.list_unjudged}")
    else:
        print("pool not checked (no --data): flags on messages outside the judged set are not counted")

    failed = False
    for name, value, floor in (("precision", precision, args.min_precision),
                               ("lenient precision", lenient, args.min_lenient_precision),
                               ("recall", recall, args.min_recall)):
        if floor is not None and not value >= floor:
            print(f"FAIL: {name} {fmt(value)} below {floor}")
            failed = True
    if (args.min_precision is not None or args.min_lenient_precision is not None) and args.data and unjudged:
        print(f"FAIL: no precision to claim while {len(unjudged)} flagged messages are unjudged "
              f"(--list-unjudged FILE writes them, ready to judge)")
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
