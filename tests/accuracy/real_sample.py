#!/usr/bin/env python3
"""Draw the texts of the real-text judged set (tests/accuracy/real_judged.jsonl), unjudged.

Every text of the pool (real_pool.py) that BIN flags, plus, for recall, a seeded random sample of texts BIN
does not flag: GOE_SAMPLE GoEmotions comments labelled anger, annoyance or disapproval and COUNSEL_SAMPLE
counsel-chat questions. One random.Random(SEED) draws GoEmotions first, then counsel-chat, each from the
unflagged candidates in pool order. Writes judged-set records with empty labels and note "UNJUDGED".

This is how the set was drawn, kept so the draw can be checked; it was run once, with the frozen baseline:
  real_sample.py --reframe /work/baseline/reframe-before --data ../shared/data/corpora --out FILE
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import real_pool  # noqa: E402

SEED = 20261128
GOE_SAMPLE = 150
COUNSEL_SAMPLE = 60
CONFLICT_EMOTIONS = {"anger", "annoyance", "disapproval"}


def draw(reframe, data, seed=SEED):
    pool = real_pool.load_pool(data)
    flagged_by = {c: real_pool.run_reframe(reframe, [x["text"] for x in items]) for c, items in pool.items()}
    records = []
    for corpus in real_pool.CORPORA:
        for item, cats in zip(pool[corpus], flagged_by[corpus]):
            if cats:
                records.append((corpus, item, cats, "flagged"))
    rng = random.Random(seed)
    goe = [x for x, cats in zip(pool["goemotions"], flagged_by["goemotions"])
           if not cats and CONFLICT_EMOTIONS & set(x["emotions"])]
    counsel = [x for x, cats in zip(pool["counsel-chat"], flagged_by["counsel-chat"]) if not cats]
    for corpus, candidates, k in (("goemotions", goe, GOE_SAMPLE), ("counsel-chat", counsel, COUNSEL_SAMPLE)):
        for item in rng.sample(candidates, k):
            records.append((corpus, item, [], "sample"))
    out = []
    for corpus, item, cats, drawn in records:
        rec = {"corpus": corpus, "id": item["id"], "text": item["text"], "labels": [], "allow": [],
               "flagged_before": cats, "note": "UNJUDGED", "drawn": drawn}
        if "emotions" in item:
            rec["emotions"] = item["emotions"]
        out.append(rec)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reframe", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    try:
        records = draw(args.reframe, args.data, args.seed)
    except (OSError, real_pool.PoolError) as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
    with open(args.out, "w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{len(records)} records ({sum(r['drawn'] == 'flagged' for r in records)} flagged) -> {args.out}")


if __name__ == "__main__":
    main()
