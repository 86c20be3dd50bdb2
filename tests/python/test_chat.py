"""reframe.read_chat and reframe.check_chat on every chat fixture, against `reframe chat`."""
import os
import subprocess
import sys
import warnings

import pytest

import reframe
from conftest import FIXTURES, SOURCE_DIR, chat_kwargs

RECORD_FIELDS = ["line", "source", "author", "time", "kind", "text"]


def fixture_names():
    import json
    with open(os.path.join(FIXTURES, "expected.json"), encoding="utf-8") as f:
        return sorted(json.load(f))


@pytest.mark.parametrize("name", fixture_names())
def test_read_chat_yields_what_the_cli_reads(cli, fixtures, name):
    path = os.path.join(FIXTURES, name)
    args = fixtures[name]
    want = [{k: m[k] for k in RECORD_FIELDS} for m in cli.chat_jsonl(path, *args)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reader = reframe.read_chat(path, **chat_kwargs(args))
        got = list(reader)
    assert got == want
    assert [list(m) for m in got] == [RECORD_FIELDS] * len(got)
    _, cli_warnings = cli.chat_json(path, *args)
    assert reader.problems == cli_warnings
    assert [str(w.message) for w in caught if w.category is reframe.ChatProblemWarning] == cli_warnings
    assert reader.format == cli.chat_json(path, *args)[0]["format"]


@pytest.mark.parametrize("name", fixture_names())
def test_check_chat_equals_cli_json(cli, fixtures, name):
    path = os.path.join(FIXTURES, name)
    args = fixtures[name]
    want, cli_warnings = cli.chat_json(path, *args)
    got = reframe.check_chat(path, **chat_kwargs(args))
    problems = got.pop("problems")
    assert got == want
    assert list(got) == list(want)
    assert problems == cli_warnings
    assert got["summary"]["problems"] == len(problems)
    summary_only = reframe.check_chat(path, messages=False, **chat_kwargs(args))
    assert "messages" not in summary_only and summary_only["summary"] == want["summary"]


def test_check_chat_on_a_larger_export_equals_cli(cli, tmp_path):
    """More than one internal batch, several months and both people."""
    chat = tmp_path / "WhatsApp Chat with Sam.txt"
    with open(chat, "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, os.path.join(SOURCE_DIR, "bench", "gen_corpus.py"), "whatsapp", "300000"],
                       stdout=f, check=True)
    want, _ = cli.chat_json(str(chat))
    got = reframe.check_chat(str(chat))
    got.pop("problems")
    assert len(got["messages"]) > 2000 and len(got["summary"]["by_month"]) > 1
    assert got == want


@pytest.mark.filterwarnings("ignore::reframe.ChatProblemWarning")
def test_fixture_formats_are_detected_and_can_be_forced(cli, fixtures):
    detected = {name: reframe.read_chat(os.path.join(FIXTURES, name), **chat_kwargs(args)) for name, args in fixtures.items()}
    for name, reader in detected.items():
        list(reader)
        forced = list(reframe.read_chat(os.path.join(FIXTURES, name), reader.format, **chat_kwargs(fixtures[name])))
        assert forced == list(reframe.read_chat(os.path.join(FIXTURES, name), **chat_kwargs(fixtures[name])))
    assert {r.format for r in detected.values()} >= {"whatsapp", "telegram", "signal", "discord", "imessage",
                                                     "messenger", "slack", "jsonl", "csv", "text"}


def test_paths_may_be_pathlike_or_bytes():
    from pathlib import Path
    path = os.path.join(FIXTURES, "signal.txt")
    assert list(reframe.read_chat(Path(path))) == list(reframe.read_chat(os.fsencode(path)))
    assert reframe.check_chat(Path(path))["source"] == path


def test_file_names_need_not_be_utf8(tmp_path):
    name = os.fsencode(str(tmp_path)) + b"/chat \xff.txt"
    with open(os.path.join(FIXTURES, "signal.txt"), "rb") as src, open(name, "wb") as dst:
        dst.write(src.read())
    want = list(reframe.read_chat(os.path.join(FIXTURES, "signal.txt")))
    for path in (name, os.fsdecode(name)):
        got = list(reframe.read_chat(path))
        assert [m["text"] for m in got] == [m["text"] for m in want]
        assert reframe.read_chat(path).path == os.fsdecode(name)
        assert reframe.check_chat(path)["source"] == os.fsdecode(name)


def test_reader_closes_early_and_as_a_context_manager():
    path = os.path.join(FIXTURES, "whatsapp_android.txt")
    with reframe.read_chat(path) as reader:
        first = next(reader)
    assert first["line"] == 1
    assert list(reader) == []  # closed: iteration has ended
    reader.close()  # twice is fine
    it = reframe.read_chat(path)
    assert iter(it) is it and it.path == path and it.format == "whatsapp"


def test_read_chat_streams_in_bounded_memory(tmp_path):
    """Peak memory of reading a 20 MB export is about that of reading a few lines."""
    chat = tmp_path / "big.txt"
    with open(chat, "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, os.path.join(SOURCE_DIR, "bench", "gen_corpus.py"), "whatsapp", "20e6"],
                       stdout=f, check=True)
    script = ("import resource, sys, reframe\n"
              "n = 0\n"
              "for m in reframe.read_chat(sys.argv[1]):\n"
              "    n += 1\n"
              "    if n == int(sys.argv[2]): break\n"
              "print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")

    def peak_kib(limit):
        out = subprocess.run([sys.executable, "-c", script, str(chat), str(limit)], capture_output=True, check=True,
                             text=True).stdout.split()
        return int(out[0]), int(out[1])

    few, few_peak = peak_kib(10)
    every, every_peak = peak_kib(10 ** 9)
    assert few == 10 and every > 200000
    assert every_peak - few_peak < 16 * 1024, (few_peak, every_peak)
    summary_script = ("import resource, sys, reframe\n"
                      "s = reframe.check_chat(sys.argv[1], messages=False)['summary']\n"
                      "print(s['messages'], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", summary_script, str(chat)], capture_output=True, check=True,
                         text=True).stdout.split()
    assert int(out[0]) > 200000
    assert int(out[1]) - few_peak < 16 * 1024, (few_peak, out)


def test_problems_in_a_file_whose_name_is_not_utf8(tmp_path):
    name = os.fsencode(str(tmp_path)) + b"/chat \xff.jsonl"
    with open(name, "wb") as f:
        f.write(b'{"author": "Sam", "text": "hi"}\nnot json\n{"author": "Alex", "text": "You never listen."}\n')
    with pytest.warns(reframe.ChatProblemWarning, match=r":2: not a JSON object") as caught:
        reader = reframe.read_chat(name)
        texts = []
        for m in reader:
            texts.append(m["text"])
    assert texts == ["hi", "You never listen."]
    assert caught[0].filename == __file__  # the warning points at the caller's loop
    assert len(reader.problems) == 1 and reader.problems[0].endswith(":2: not a JSON object; skipped")
    assert reframe.check_chat(name)["problems"] == reader.problems
