#!/usr/bin/env python3
"""Measures reframe's per-message language detection by message length (tests/language/README.md).

English: the SMS Spam Collection's ham texts (../shared/data). Other languages: the translated strings
of the gettext catalogues Debian installs under /usr/share/locale (short UI texts in each language; a
few are left untranslated, so accuracy is a lower bound). Each text goes through
`reframe check --lines --format jsonl`, which sets "language" when it tells.

    measure.py --reframe build/reframe [--data ../shared/data] [--per-language 600]
"""
import argparse
import gettext
import glob
import json
import os
import random
import subprocess
import sys
import time

BUCKETS = [8, 16, 24, 32, 48, 64, 96, 10**9]
LANGS = ["ru", "pt", "de", "es", "fr", "it", "nl", "tr", "pl", "uk", "cs", "id", "sv"]


def letters(text):
    n = 0
    for ch in text:
        o = ord(ch)
        if ch.isascii():
            n += ch.isalpha()
        elif 0xC0 <= o < 0x2000 or 0x3000 <= o < 0x10000:
            n += 1
    return n


def bucket(n):
    for b in BUCKETS:
        if n < b:
            return b


def detect(reframe, texts):
    data = "".join(t.replace("\n", " ") + "\n" for t in texts).encode()
    start = time.perf_counter()
    out = subprocess.run([reframe, "check", "--lines", "--format", "jsonl", "--fail-on", "never", "-j", "1"],
                         input=data, capture_output=True, check=True).stdout
    elapsed = time.perf_counter() - start
    return [json.loads(l).get("language") for l in out.splitlines()], elapsed


def catalogue(lang, n, rng):
    texts = []
    for mo in sorted(glob.glob(f"/usr/share/locale/{lang}/LC_MESSAGES/*.mo")):
        try:
            with open(mo, "rb") as f:
                catalog = gettext.GNUTranslations(f)._catalog
        except Exception:  # noqa: BLE001 - a catalogue we cannot read is skipped
            continue
        for key, value in catalog.items():
            if isinstance(value, str) and isinstance(key, str) and key and value != key and "%" not in value:
                texts.append(value.replace("\n", " ").replace("\t", " "))
    rng.shuffle(texts)
    return texts[:n]


def table(rows, title, wrong_label):
    print(f"\n{title}\n| letters | messages | told | right of told | {wrong_label} |\n|---|---:|---:|---:|---:|")
    lo = 0
    for b in BUCKETS:
        r = [x for x in rows if bucket(x[0]) == b]
        if r:
            told = [x for x in r if x[2]]
            right = sum(1 for x in told if x[2] == x[1])
            wrong = sum(1 for x in told if (x[2] != "en" if x[1] == "en" else x[2] == "en"))
            hi = "+" if b == 10**9 else f"-{b - 1}"
            print(f"| {lo}{hi} | {len(r)} | {len(told) / len(r):.0%} | "
                  f"{right / max(len(told), 1):.1%} | {wrong / max(len(told), 1):.1%} |")
        lo = b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reframe", required=True)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    ap.add_argument("--per-language", type=int, default=600)
    args = ap.parse_args()
    rng = random.Random(1)
    sms_path = os.path.join(args.data, "corpora/sms-spam-collection/SMSSpamCollection")
    rows = []
    if os.path.exists(sms_path):
        with open(sms_path, encoding="utf-8") as f:
            ham = [l.split("\t", 1)[1].rstrip("\n") for l in f if l.startswith("ham\t")]
        got, elapsed = detect(args.reframe, ham)
        rows_en = [(letters(t), "en", g) for t, g in zip(ham, got)]
        table(rows_en, f"English (SMS ham, {len(ham)} texts, {elapsed:.2f} s)", "told non-English")
    other = []
    for lang in LANGS:
        other += [(lang, t) for t in catalogue(lang, args.per_language, rng)]
    if other:
        got, elapsed = detect(args.reframe, [t for _, t in other])
        rows = [(letters(t), lang, g) for (lang, t), g in zip(other, got)]
        table(rows, f"Other languages ({len(LANGS)} gettext catalogues, {len(other)} strings, {elapsed:.2f} s)",
              "told English")
    if not rows and not os.path.exists(sms_path):
        print("no data found", file=sys.stderr)
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
