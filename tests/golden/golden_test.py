#!/usr/bin/env python3
"""Golden files: every output format of `reframe`, byte for byte.

Every samples/ file goes through `check` (text, json, jsonl; whole and --lines), every chat
fixture (tests/chat/fixtures) and samples/chat-whatsapp.txt through `chat` (text, json, jsonl,
html), plus `rules`, `explain` and two generated corpora of a few thousand messages
(bench/gen_corpus.py, fixed seed): `check --lines --format jsonl` and `chat --format jsonl`.
Each case's standard output is tests/golden/<case>; its exit code and standard error are in
tests/golden/status.json. Large outputs are stored gzipped (<case>.gz, compared uncompressed).

A change of output is either a bug or deliberate. When deliberate (a lexicon or format change),
regenerate and review the diff:

    REFRAME_UPDATE_GOLDEN=1 ctest --test-dir build -R golden

Usage: golden_test.py REFRAME PROJECT_DIR      Prints one line per case, then "N passed, N failed".
"""
import datetime
import difflib
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile

REFRAME = os.path.abspath(sys.argv[1])
PROJECT = os.path.abspath(sys.argv[2])
GOLDEN = os.path.join(PROJECT, "tests", "golden")
SAMPLES = os.path.join(PROJECT, "samples")
FIXTURES = os.path.join(PROJECT, "tests", "chat", "fixtures")
UPDATE = os.environ.get("REFRAME_UPDATE_GOLDEN") == "1"
COMPRESS_ABOVE = 256 * 1024  # bytes of output stored gzipped


class Case:
    def __init__(self, name, args, cwd, stdin=None):
        self.name, self.args, self.cwd, self.stdin = name, args, cwd, stdin


def cases(tmp):
    out = []
    samples = sorted(f for f in os.listdir(SAMPLES) if f != "README.md")
    for sample in samples:
        for fmt in ("text", "json", "jsonl"):
            out.append(Case(f"check/{sample}.{fmt}", ["check", "--format", fmt, sample], SAMPLES))
            out.append(Case(f"check/{sample}.lines.{fmt}", ["check", "--lines", "--format", fmt, sample], SAMPLES))
    out.append(Case("check/draft.txt.color.text", ["check", "--color", "always", "draft.txt"], SAMPLES))
    out.append(Case("check/draft.txt.no-strengths.text", ["check", "--no-strengths", "draft.txt"], SAMPLES))
    out.append(Case("check/text-arguments.jsonl",
                    ["check", "--format", "jsonl", "--text", "I feel numb.", "--text", "Thank you, I'm scared."],
                    SAMPLES))
    out.append(Case("check/stdin.json", ["check", "--format", "json"], SAMPLES,
                    stdin=os.path.join(SAMPLES, "draft.txt")))

    expected = json.load(open(os.path.join(FIXTURES, "expected.json"), encoding="utf-8"))
    chats = []
    for name, want in expected.items():
        cwd = FIXTURES
        if "mtime" in want:
            # Headers without a year are dated against the export's own date:
            # a copy with the date expected.json gives, not the checkout's.
            cwd = os.path.join(tmp, "mtime")
            os.makedirs(cwd, exist_ok=True)
            shutil.copy(os.path.join(FIXTURES, name), cwd)
            when = datetime.datetime.fromisoformat(want["mtime"]).timestamp()
            os.utime(os.path.join(cwd, name), (when, when))
        chats.append((name, want["args"], cwd))
    chats.append(("chat-whatsapp.txt", [], SAMPLES))
    for name, extra, cwd in chats:
        for fmt in ("text", "json", "jsonl", "html"):
            out.append(Case(f"chat/{name}.{fmt}", ["chat", name, "--format", fmt, "--no-progress", *extra], cwd))
    out.append(Case("chat/chat-whatsapp.txt.only-criticism.jsonl",
                    ["chat", "chat-whatsapp.txt", "--format", "jsonl", "--no-progress", "--only", "criticism",
                     "--since", "2024-02"], SAMPLES))

    out.append(Case("rules.text", ["rules"], SAMPLES))
    out.append(Case("explain.text", ["explain", "mixed-message/longing-but-busy"], SAMPLES))

    # Generated corpora (deterministic: gen_corpus.py seeds its own generator).
    lines = os.path.join(tmp, "corpus-3000.txt")
    chat = os.path.join(tmp, "corpus-whatsapp.txt")
    gen = os.path.join(PROJECT, "bench", "gen_corpus.py")
    with open(lines, "w") as f:
        subprocess.run([sys.executable, gen, "lines", "3000"], stdout=f, check=True)
    with open(chat, "w") as f:
        subprocess.run([sys.executable, gen, "whatsapp", "300000"], stdout=f, check=True)
    out.append(Case("corpus/lines-3000.jsonl",
                    ["check", "--lines", "--format", "jsonl", os.path.basename(lines)], tmp))
    out.append(Case("corpus/lines-3000.text",
                    ["check", "--lines", "--format", "text", os.path.basename(lines)], tmp))
    out.append(Case("corpus/whatsapp-300k.jsonl",
                    ["chat", os.path.basename(chat), "--format", "jsonl", "--no-progress"], tmp))
    out.append(Case("corpus/whatsapp-300k.text",
                    ["chat", os.path.basename(chat), "--format", "text", "--no-progress"], tmp))
    return out


def run(case):
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    stdin = open(case.stdin, "rb") if case.stdin else subprocess.DEVNULL
    try:
        p = subprocess.run([REFRAME, *case.args], stdin=stdin, capture_output=True, cwd=case.cwd, env=env,
                           timeout=300)
    finally:
        if case.stdin:
            stdin.close()
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def path_of(name, compressed):
    return os.path.join(GOLDEN, name + (".gz" if compressed else ""))


def read_golden(name):
    for compressed in (False, True):
        p = path_of(name, compressed)
        if os.path.exists(p):
            with open(p, "rb") as f:
                data = f.read()
            return gzip.decompress(data) if compressed else data
    return None


def write_golden(name, data):
    compressed = len(data) > COMPRESS_ABOVE
    for c in (False, True):
        if os.path.exists(path_of(name, c)):
            os.remove(path_of(name, c))
    p = path_of(name, compressed)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        if compressed:
            # mtime=0: the same output gives the same bytes, so git sees no change.
            with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=9, mtime=0) as z:
                z.write(data)
        else:
            f.write(data)


def first_difference(want, got):
    a = want.decode("utf-8", "replace").splitlines(keepends=True)
    b = got.decode("utf-8", "replace").splitlines(keepends=True)
    diff = list(difflib.unified_diff(a, b, "expected", "actual", n=1))
    return "".join(diff[:12]) if diff else "(differs only in bytes that do not decode)"


def main():
    status_path = os.path.join(GOLDEN, "status.json")
    status = {} if UPDATE or not os.path.exists(status_path) else json.load(open(status_path, encoding="utf-8"))
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        all_cases = cases(tmp)
        new_status = {}
        for case in all_cases:
            code, out, err = run(case)
            new_status[case.name] = {"exit": code, "stderr": err}
            if UPDATE:
                write_golden(case.name, out)
                passed += 1
                print(f"wrote {case.name}")
                continue
            want = read_golden(case.name)
            problems = []
            if want is None:
                problems.append("no golden file (run with REFRAME_UPDATE_GOLDEN=1)")
            elif want != out:
                problems.append("output differs:\n" + first_difference(want, out))
            if case.name in status and status[case.name] != new_status[case.name]:
                problems.append(f"exit/stderr differ: expected {status[case.name]}, got {new_status[case.name]}")
            elif case.name not in status:
                problems.append("not in status.json")
            if problems:
                failed += 1
                print(f"FAIL {case.name}: " + "; ".join(problems))
            else:
                passed += 1
                print(f"ok   {case.name}")
    if UPDATE:
        with open(status_path, "w", encoding="utf-8") as f:
            json.dump(new_status, f, indent=1, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        # Golden files no case writes any more are stale.
        names = {c.name for c in all_cases}
        for root, _, files in os.walk(GOLDEN):
            for fname in files:
                rel = os.path.relpath(os.path.join(root, fname), GOLDEN)
                base = rel[:-3] if rel.endswith(".gz") else rel
                if base not in names and fname not in ("status.json", "golden_test.py", "README.md"):
                    os.remove(os.path.join(root, fname))
                    print(f"removed stale {rel}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
