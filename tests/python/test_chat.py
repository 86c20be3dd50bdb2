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


def test_replies_are_read_with_the_turn_they_answer(cli):
    """Each message answers the other person's turn within the reply gap, as `reframe chat
    --reply-gap`: the messages' reply_to and the summary's responses equal the command's."""
    path = os.path.join(FIXTURES, "loop.txt")
    seen = set()
    for hours in (6, 24, 0.05, 0):
        want, _ = cli.chat_json(path, "--reply-gap", str(hours))
        got = reframe.check_chat(path, reply_gap_hours=hours)
        got.pop("problems")
        assert got == want, hours
        assert reframe.check_chat(path, messages=False, reply_gap_hours=hours)["summary"] == want["summary"]
        seen.add(repr(got["summary"]["responses"]))
    # Not vacuous: replies are found, and the gap changes which.
    assert len(seen) > 2
    default = reframe.check_chat(path)
    assert default["messages"][1]["reply_to"]["author"] == "Sam"
    assert "reply_to" not in default["messages"][-1]  # 12 hours after the message it would answer
    assert default == reframe.check_chat(path, reply_gap_hours=6.0)


def test_reply_gap_must_be_hours():
    path = os.path.join(FIXTURES, "loop.txt")
    for bad in (-1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="reply_gap_hours"):
            reframe.check_chat(path, reply_gap_hours=bad)


def test_threads_give_the_same_result(tmp_path):
    chat = tmp_path / "chat.txt"
    with open(chat, "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, os.path.join(SOURCE_DIR, "bench", "gen_corpus.py"), "whatsapp", "400000"],
                       stdout=f, check=True)
    one = reframe.check_chat(chat)
    assert len(one["messages"]) > 3000  # several of the library's batches
    for threads in (0, 2, 3):
        assert reframe.check_chat(chat, threads=threads) == one, threads
        assert reframe.check_chat(chat, messages=False, threads=threads)["summary"] == one["summary"]


def test_ctrl_c_stops_check_chat(tmp_path):
    """SIGINT while check_chat reads raises KeyboardInterrupt (a notebook's interrupt) and
    stops the reading, instead of running to the end of the export. A watcher thread sends
    the signal once the export's file position shows the reading has begun, and records how
    far the reading got: without the interrupt it would reach the end of the file."""
    chat = tmp_path / "chat.txt"
    with open(chat, "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, os.path.join(SOURCE_DIR, "bench", "gen_corpus.py"), "whatsapp", "20e6"],
                       stdout=f, check=True)
    script = r"""
import os, signal, sys, threading, time, reframe
path = os.path.realpath(sys.argv[1])
size = os.path.getsize(path)
seen = {"sent": False, "max": 0}
def watch():
    while True:
        for fd in os.listdir("/proc/self/fd"):
            try:
                if os.readlink(f"/proc/self/fd/{fd}") != path:
                    continue
                with open(f"/proc/self/fdinfo/{fd}") as f:
                    pos = int(f.readline().split()[1])
            except (OSError, ValueError, IndexError):
                continue
            seen["max"] = max(seen["max"], pos)
            if pos > 0 and not seen["sent"]:
                seen["sent"] = True
                os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.0002)
threading.Thread(target=watch, daemon=True).start()
try:
    reframe.check_chat(path, messages=sys.argv[2] == "1")
    print("finished")
except KeyboardInterrupt:
    print("interrupted")
print(seen["sent"], seen["max"] / size)
"""
    for messages in ("0", "1"):
        p = subprocess.run([sys.executable, "-c", script, str(chat), messages], capture_output=True, text=True,
                           timeout=300)
        assert p.returncode == 0, p.stderr
        outcome, sent, fraction = p.stdout.split()
        assert (outcome, sent) == ("interrupted", "True"), p.stdout
        assert float(fraction) < 0.5, p.stdout  # the reading stopped, far from the end
