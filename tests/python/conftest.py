"""Shared setup for the Python binding's tests (run by ctest; see CMakeLists.txt here).

ctest sets PYTHONPATH to build/python, REFRAME_CLI to the built command and
REFRAME_SOURCE_DIR to the checkout: results are compared with the command's.
"""
import json
import os
import subprocess

import pytest

SOURCE_DIR = os.environ.get("REFRAME_SOURCE_DIR") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(SOURCE_DIR, "tests", "chat", "fixtures")


def _cli_path():
    path = os.environ.get("REFRAME_CLI")
    if not path:
        raise RuntimeError("REFRAME_CLI is not set: run these tests through ctest (configure with -DREFRAME_BUILD_PYTHON=ON)")
    return path


class Cli:
    """The reframe command, for comparisons."""

    def __init__(self, path):
        self.path = path

    def run(self, *args, check=True):
        p = subprocess.run([self.path, *args], capture_output=True, timeout=300)
        if check and p.returncode not in (0, 1):
            raise AssertionError(f"reframe {args!r} exited {p.returncode}: {p.stderr.decode(errors='replace')}")
        return p

    def check_jsonl(self, texts):
        """`reframe check --format jsonl --text T ...`: one object per text."""
        out = []
        for i in range(0, len(texts), 200):  # stay far below the argument size limit
            args = ["check", "--format", "jsonl", "--fail-on", "never"]
            for t in texts[i:i + 200]:
                args += ["--text", t]
            p = self.run(*args)
            out += [json.loads(line) for line in p.stdout.decode().splitlines()]
        assert len(out) == len(texts)
        return out

    def chat_json(self, path, *args):
        """`reframe chat PATH --format json`, and the warnings it printed."""
        p = self.run("chat", path, "--format", "json", "--no-progress", *args)
        warnings = [line.split("reframe: warning: ", 1)[1] for line in p.stderr.decode().splitlines()
                    if line.startswith("reframe: warning: ")]
        return json.loads(p.stdout), warnings

    def chat_jsonl(self, path, *args):
        p = self.run("chat", path, "--format", "jsonl", "--no-progress", *args)
        return [json.loads(line) for line in p.stdout.decode().splitlines()]


@pytest.fixture(scope="session")
def cli():
    return Cli(_cli_path())


@pytest.fixture(scope="session")
def fixtures():
    """Every chat fixture with the reader options its expected.json gives."""
    with open(os.path.join(FIXTURES, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    return {name: want["args"] for name, want in expected.items()}


def chat_kwargs(args):
    """CLI options (--text-field body ...) as read_chat/check_chat keywords."""
    kwargs = {}
    for flag, value in zip(args[::2], args[1::2]):
        kwargs[flag.lstrip("-").replace("-", "_")] = value
    return kwargs
