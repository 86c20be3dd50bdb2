#!/usr/bin/env python3
"""Replays fuzz/regressions/<target>/* through the reframe command: each must end with exit 0, 1
or 2 (a finding or a clear error), never a crash, a sanitizer report or a hang.

Usage: fuzz_regressions_test.py REFRAME PROJECT_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import check, main, test  # noqa: E402

REFRAME, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
FORMATS = ["auto", "whatsapp", "telegram", "signal", "discord", "imessage", "messenger", "slack", "jsonl", "csv", "text"]


def inputs(target):
    folder = os.path.join(ROOT, "fuzz", "regressions", target)
    return [os.path.join(folder, f) for f in sorted(os.listdir(folder))] if os.path.isdir(folder) else []


def survives(*args):
    p = subprocess.run([REFRAME, *args], capture_output=True, timeout=120)
    check(0 <= p.returncode <= 2, f"{args}: exit {p.returncode}: {p.stderr.decode(errors='replace')[-300:]}")


@test
def analyzer_inputs():
    for path in inputs("analyzer"):
        survives("check", path)
        survives("check", "--lines", "--format", "jsonl", path)


@test
def chat_inputs():
    for path in inputs("chat"):
        for f in FORMATS:
            survives("chat", path, "--from", f, "--format", "jsonl", "--no-progress")


@test
def lexicon_inputs():
    for path in inputs("lexicon"):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(path, os.path.join(tmp, "fuzz.toml"))
            survives("--lexicons", tmp, "check", "--text", "I want to connect, but I am too busy.")


if __name__ == "__main__":
    main()
