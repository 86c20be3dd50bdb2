#!/usr/bin/env python3
"""Conformance of `reframe chat` with the real exports in ../shared/data/chats.

Where an export ships an expected output (chat-miner's target.json / *_target.csv),
every expected message must be read with the same author, time and text
(whitespace aside), and every message reframe reads beyond them must be one
the target leaves out on purpose (system lines, text without any letter or
digit). Every other export must parse without a problem, and its message
count must equal an independent count of its message headers (WhatsApp) or
records (JSON).

Usage: conformance.py REFRAME DATA_DIR     (exit 77 = skipped: no data)
Prints one line per export and "N passed, N failed".
"""
import csv
import datetime
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

REFRAME, DATA = sys.argv[1], sys.argv[2]
CHATS = os.path.join(DATA, "chats")


def read(path, *extra):
    p = subprocess.run([REFRAME, "chat", path, "--format", "jsonl", "--no-progress", *extra],
                       capture_output=True, timeout=120)
    if p.returncode != 0:
        raise AssertionError(f"exit {p.returncode}: {p.stderr.decode()[:300]}")
    rows = [json.loads(l) for l in p.stdout.decode().splitlines() if l.strip()]
    return rows, p.stderr.decode()


def norm_text(s):
    return re.sub(r"\s+", "", s or "")


def norm_time(t):
    if isinstance(t, (int, float)):
        return datetime.datetime.utcfromtimestamp(t / 1000).strftime("%Y-%m-%d %H:%M:%S")
    t = (t or "").replace("T", " ").rstrip("Z")
    return t.split(".")[0]


def trivial(text):
    return not re.search(r"\w", text or "")


def check_target(path, expected):
    rows, _ = read(path)
    mine = [r for r in rows if r["kind"] != "event"]
    events = [r for r in rows if r["kind"] == "event"]
    keys = {(r["author"], norm_time(r["time"]), norm_text(r["text"])) for r in mine}
    event_keys = {(norm_time(r["time"]), norm_text(r["text"])) for r in events}
    missing = []
    for e in expected:
        if e["author"] == "System":
            if (norm_time(e["time"]), norm_text(e["text"])) not in event_keys:
                missing.append(e)
        elif e["text"] == "<Disappearing Message>":  # chat-miner's name for a text-less line
            if not any(r["author"] == e["author"] and norm_time(r["time"]) == norm_time(e["time"]) and trivial(r["text"])
                       for r in mine):
                missing.append(e)
        elif (e["author"], norm_time(e["time"]), norm_text(e["text"])) not in keys:
            missing.append(e)
    if missing:
        raise AssertionError(f"{len(missing)} expected messages not read as expected, e.g. {missing[0]}")
    extra = len(mine) - sum(1 for e in expected if e["author"] != "System")
    unexplained = extra - sum(1 for r in mine if trivial(r["text"]) or r["kind"] != "text")
    if unexplained > 0:
        raise AssertionError(f"{extra} more messages than expected, {unexplained} unexplained")
    return f"{len(expected)} expected messages matched ({len(mine)} read, {len(events)} events)"


def target_json(path):
    return [{"author": x["author"], "time": x.get("timestamp", x.get("datetime")), "text": x["message"]}
            for x in json.load(open(path, encoding="utf-8"))]


def target_csv(path):
    with open(path, encoding="utf-8") as f:
        return [{"author": r["author"], "time": r["timestamp"], "text": r["message"]} for r in csv.DictReader(f)]


HEADER = re.compile(r"^[\u200e\u200f\ufeff\u202a-\u202e]*(\[[\u200e\u200f]*[\d\u0660-\u0669R]|[\d\u0660-\u0669]{1,4}[./-])")


def whatsapp_headers(path):
    """An independent count: lines that start like a header and have an author or system text."""
    n = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if HEADER.match(line) and (" - " in line or "] " in line or " \u2013 " in line):
                n += 1
    return n


def check_whatsapp(path, allow_problems=0):
    rows, err = read(path)
    problems = err.count("warning:")
    if problems > allow_problems:
        raise AssertionError(f"{problems} problems: {err[:200]}")
    want = whatsapp_headers(path)
    if len(rows) != want:
        raise AssertionError(f"read {len(rows)} messages, the file has {want} headers")
    untimed = [r for r in rows if not r["time"]]
    if untimed:
        raise AssertionError(f"{len(untimed)} messages without a time, e.g. line {untimed[0]['line']}")
    return f"{len(rows)} messages = headers in the file, all with times"


def check_zip(path):
    """A WhatsApp .zip: the chat inside it, unpacked here with Python's zipfile, must count as many
    messages as it has headers, and reading the archive must give exactly what reading that
    unpacked file gives (same authors, times, texts and kinds)."""
    with zipfile.ZipFile(path) as z:
        texts = sorted((n for n in z.namelist()
                        if n.endswith(".txt") and not os.path.basename(n).startswith("._")),
                       key=lambda n: ("_chat.txt" not in n, n))
        if not texts:
            raise AssertionError(f"no chat .txt in {z.namelist()}")
        data = z.read(texts[0])
    with tempfile.TemporaryDirectory() as tmp:
        inner = os.path.join(tmp, os.path.basename(texts[0]))
        with open(inner, "wb") as f:
            f.write(data)
        want = whatsapp_headers(inner)
        unpacked, _ = read(inner)
    rows, err = read(path)
    if "warning:" in err:
        raise AssertionError(err[:200])
    if len(rows) != want:
        raise AssertionError(f"read {len(rows)} messages, {texts[0]} in it has {want} headers")
    key = lambda r: (r["kind"], r["author"], r["time"], r["text"])  # noqa: E731
    if [key(r) for r in rows] != [key(r) for r in unpacked]:
        raise AssertionError(f"the archive reads differently from its unpacked {texts[0]}")
    return f"{len(rows)} messages = headers in {texts[0]}, same as unpacked"


def check_count(path, want, *extra):
    rows, err = read(path, *extra)
    if "warning:" in err:
        raise AssertionError(err[:200])
    if len(rows) != want:
        raise AssertionError(f"read {len(rows)} messages, expected {want}")
    return f"{len(rows)} messages, as counted"


def main():
    if not os.path.isdir(CHATS):
        print(f"skipped: {CHATS} not found")
        sys.exit(77)
    cases = []
    wa = os.path.join(CHATS, "whatsapp")
    for f in sorted(glob.glob(os.path.join(wa, "chat-miner", "test_*.txt"))):
        cases.append((f, lambda f=f: check_target(f, target_json(os.path.join(wa, "chat-miner", "target.json")))))
    for f in sorted(glob.glob(os.path.join(wa, "chat-miner", "historical", "test_*.txt"))):
        t = f[:-4] + "_target.csv"
        cases.append((f, lambda f=f, t=t: check_target(f, target_csv(t))))
    for f in sorted(glob.glob(os.path.join(wa, "whats_json", "*", "*.txt")) +
                    glob.glob(os.path.join(wa, "port-whatsapp-datadonation", "*.txt")) +
                    glob.glob(os.path.join(wa, "Chatistics", "*.txt"))):
        # Chatistics/_chat.txt holds one header without " - " on purpose.
        cases.append((f, lambda f=f: check_whatsapp(f, allow_problems=1 if f.endswith("Chatistics/_chat.txt") else 0)))
    for z in sorted(glob.glob(os.path.join(wa, "*", "*.zip")) + glob.glob(os.path.join(wa, "*", "*", "*.zip"))):
        cases.append((z, lambda z=z: check_zip(z)))
    sig = os.path.join(CHATS, "signal", "chat-miner")
    cases.append((sig, lambda: check_target(os.path.join(sig, "test_export.txt"), target_json(os.path.join(sig, "target.json")))))
    tg = os.path.join(CHATS, "telegram", "chat-miner")
    for f in ("test_single_export.json", "test_batch_export.json"):
        cases.append((os.path.join(tg, f), lambda f=f: check_target(os.path.join(tg, f), target_json(os.path.join(tg, "target.json")))))
    fb = os.path.join(CHATS, "messenger", "chat-miner-facebook")
    cases.append((fb, lambda: check_target(os.path.join(fb, "facebookMessenger_testlog.json"),
                                           target_json(os.path.join(fb, "facebookMessenger_target.json")))))
    ig = os.path.join(CHATS, "messenger", "chat-miner-instagram-mojibake")
    cases.append((ig + "/export", lambda: check_target(os.path.join(ig, "instagram_test_export.json"),
                                                       target_json(os.path.join(ig, "instagram_target.json")))))
    cases.append((ig + "/mojibake", lambda: check_instagram_mojibake(ig)))
    sl = os.path.join(CHATS, "slack", "slack-export-viewer")
    n_slack = sum(len(json.load(open(p))) for p in glob.glob(os.path.join(sl, "testarchive", "*", "*.json")))
    cases.append((sl + "/testarchive", lambda: check_count(os.path.join(sl, "testarchive"), n_slack)))
    cases.append((sl + "/testarchive.zip", lambda: check_count(os.path.join(sl, "testarchive.zip"), n_slack)))

    passed = failed = 0
    for name, fn in cases:
        try:
            msg = fn()
            passed += 1
            print(f"ok   {os.path.relpath(name, CHATS)}: {msg}")
        except Exception as e:  # noqa: BLE001 - report every export
            failed += 1
            print(f"FAIL {os.path.relpath(name, CHATS)}: {e}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def check_instagram_mojibake(ig):
    rows, _ = read(os.path.join(ig, "instagram_testlog_mojibake.json"))
    text = json.dumps(rows, ensure_ascii=False)
    for want in ("J\u2764\ufe0fhn Doe",):
        if want not in text:
            raise AssertionError(f"mojibake not repaired: {want!r} missing")
    expected = target_csv(os.path.join(ig, "instagram_testlog_target.csv"))
    kept = [r for r in rows if r["kind"] != "event" or "joined the group" in r["text"]]
    if len(kept) != len(expected):
        raise AssertionError(f"read {len(kept)} messages besides poll notices, the target lists {len(expected)}")
    # The target was made in local time (UTC+1); compare minutes and seconds.
    got = sorted(norm_time(r["time"])[14:19] for r in kept)
    want_times = sorted(norm_time(e["time"])[14:19] for e in expected)
    if got != want_times:
        raise AssertionError(f"times differ: {got[:3]} vs {want_times[:3]}")
    return f"{len(rows)} messages ({len(rows) - len(kept)} poll notices as events), mojibake repaired, times match"


if __name__ == "__main__":
    main()
