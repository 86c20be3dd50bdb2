#!/usr/bin/env python3
"""`reframe chat` on the self-made fixtures in tests/chat/fixtures/ (one or more per format),
the report formats, and the errors a user should get for broken exports.

Usage: fixtures_test.py REFRAME            Prints "N passed, N failed".
"""
import datetime
import json
import os
import shutil
import subprocess
import sys

import tempfile
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import check, main, test  # noqa: E402

REFRAME = os.path.abspath(sys.argv[1])
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def run(*args, cwd=HERE):
    p = subprocess.run([REFRAME, "chat", *args, "--no-progress"], capture_output=True, cwd=cwd, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()



@test
def every_fixture_reads_as_expected():
    expected = json.load(open(os.path.join(HERE, "expected.json"), encoding="utf-8"))
    for name, want in expected.items():
        if "mtime" in want:  # headers without a year are dated against the export's own date
            with tempfile.TemporaryDirectory() as tmp:
                shutil.copy(os.path.join(HERE, name), tmp)
                when = datetime.datetime.fromisoformat(want["mtime"]).timestamp()
                os.utime(os.path.join(tmp, name), (when, when))
                code, out, err = run(name, "--format", "jsonl", *want["args"], cwd=tmp)
        else:
            code, out, err = run(name, "--format", "jsonl", *want["args"])
        check(code == 0, f"{name}: exit {code} {err}")
        got = [[r["kind"], r["author"], r["time"], r["text"], sorted({f["category"] for f in r["findings"]})]
               for r in map(json.loads, out.splitlines())]
        check(got == want["messages"], f"{name}: got {got}")
        check(err.count("warning:") == want["problems"], f"{name}: problems {err}")


@test
def json_summary_counts_every_message():
    code, out, _ = run("whatsapp_android.txt", "--format", "json")
    doc = json.loads(out)
    s = doc["summary"]
    check(doc["format"] == "whatsapp" and doc["format_version"] == 1, doc.keys())
    check(s["messages"] == 5 and s["analysed"] == 3, s)
    check(s["skipped"] == {"media": 1, "deleted": 1, "empty": 0} and s["events"] == 2, s)
    check(s["by_author"]["Sam"]["messages"] == 3 and s["by_author"]["Sam"]["findings"]["mixed-message"] == 1, s["by_author"])
    check(s["by_author"]["Alex"]["patterns"][0]["rule"] == "criticism/always-never", s["by_author"]["Alex"])
    check(len(doc["messages"]) == 7, "every message, events included")


@test
def text_report_names_people_and_counts():
    code, out, _ = run("whatsapp_ios.txt")
    check(code == 0, out)
    check("5 messages" not in out and "4 messages from 2 people, 3 analysed" in out, out)
    check("Leo: 3 messages" in out and "per 100 messages" in out, out)


@test
def html_report_is_self_contained_with_charts():
    with tempfile.TemporaryDirectory() as tmp:
        dest = os.path.join(tmp, "report.html")
        code, out, err = run("whatsapp_android.txt", "--format", "html", "--output", dest)
        check(code == 0 and out == "", err)
        html = open(dest, encoding="utf-8").read()
        check(html.startswith("<!DOCTYPE html>") and "<svg" in html and "try:" in html, html[:200])
        check("http://" not in html.replace("http://www.w3.org", "") and "<script" not in html and "<link" not in html,
              "no network resources")
        check(not [f for f in os.listdir(tmp) if f != "report.html"], "no temporary file left")


@test
def filters_by_author_date_and_category():
    _, out, _ = run("whatsapp_android.txt", "--format", "jsonl", "--author", "Alex")
    rows = [json.loads(l) for l in out.splitlines()]
    check({r["author"] for r in rows} == {"Alex"}, rows)
    _, out, _ = run("whatsapp_android.txt", "--format", "jsonl", "--since", "2024-01-13")
    check(all(r["time"] >= "2024-01-13" for r in map(json.loads, out.splitlines())), out)
    _, out, _ = run("whatsapp_android.txt", "--format", "jsonl", "--only", "criticism")
    cats = {f["category"] for r in map(json.loads, out.splitlines()) for f in r["findings"]}
    check(cats == {"criticism"}, cats)


@test
def broken_exports_exit_two_naming_the_place():
    with tempfile.TemporaryDirectory() as tmp:
        bad_json = os.path.join(tmp, "result.json")
        open(bad_json, "w").write('{"name": "x", "messages": [\n {"type": "message", "from": "A", "text": "hi"},\n {"type": ')
        code, _, err = run(bad_json, "--from", "telegram")
        check(code == 2 and "result.json:3" in err and "malformed JSON" in err, err)
        code, _, err = run(os.path.join(tmp, "missing.txt"))
        check(code == 2 and "missing.txt" in err, err)
        code, _, err = run(tmp)
        check(code == 2 and "neither a Slack export" in err, err)
        truncated = os.path.join(tmp, "chat.zip")
        open(truncated, "wb").write(open(os.path.join(HERE, "whatsapp.zip"), "rb").read()[:200])
        code, _, err = run(truncated)
        check(code == 2 and "chat.zip" in err, err)
        code, _, err = run("whatsapp.zip", "--max-unzipped", "0")
        check(code == 2 and "zip bomb" in err, err)
        not_chat = os.path.join(tmp, "notes.md")
        open(not_chat, "w").write("# notes\nnothing here\n")
        code, _, err = run(not_chat)
        check(code == 2 and "--from" in err, err)
        code, _, err = run(not_chat, "--from", "whatsapp")
        check(code == 2 and "notes.md:1: not a WhatsApp export" in err, err)


@test
def a_broken_header_in_the_middle_is_reported_not_lost():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "chat.txt")
        open(path, "w").write("12/24/19, 11:23 - Ann: Hello\n2/11/19, 14:48 Ann broken: lost header\n"
                              "12/24/19, 11:25 - Ben: You never call.\n")
        code, out, err = run(path, "--format", "jsonl")
        rows = [json.loads(l) for l in out.splitlines()]
        check(code == 0 and len(rows) == 2, out)
        check("lost header" in rows[0]["text"], rows[0])
        check("chat.txt:2: looks like a broken message header" in err, err)


@test
def zip_with_a_slack_export_inside():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "slack.zip")
        with zipfile.ZipFile(path, "w") as z:
            for root, _, files in os.walk(os.path.join(HERE, "slack")):
                for f in files:
                    full = os.path.join(root, f)
                    z.write(full, os.path.relpath(full, os.path.join(HERE, "slack")))
        code, out, err = run(path, "--format", "jsonl")
        check(code == 0 and len(out.splitlines()) == 3, out + err)


@test
def threads_do_not_change_the_report():
    outs = [run("whatsapp_android.txt", "--format", "jsonl", "--threads", t)[1] for t in ("1", "2")]
    check(outs[0] == outs[1], "same output")


@test
def the_loop_between_two_people():
    # See: issue 14. A reply is the next message by the other person within the reply gap (6 hours).
    code, out, err = run("loop.txt", "--format", "json")
    check(code == 0, err)
    doc = json.loads(out)
    got = {(r["to"], r["reply"], r["from"], r["by"]): r["count"] for r in doc["summary"]["responses"]}
    check(got.get(("criticism", "defensiveness", "Sam", "Alex")) == 3, got)  # the next-day answer is not counted
    check(got.get(("bid", "withdrawal", "Sam", "Alex")) == 1, got)
    check(sum(got.values()) == 5, got)
    last = doc["messages"][-1]
    check("reply_to" not in last and last["findings"] == [], last)  # 'I was busy.' comes 12 hours later
    check(doc["messages"][1]["reply_to"] == {"author": "Sam", "time": "2024-05-12T19:00:00", "kinds": ["criticism"]},
          doc["messages"][1])
    _, out, _ = run("loop.txt", "--format", "json", "--reply-gap", "24")
    got = {(r["to"], r["reply"], r["from"], r["by"]): r["count"] for r in json.loads(out)["summary"]["responses"]}
    check(got.get(("criticism", "defensiveness", "Sam", "Alex")) == 4, got)
    _, text, _ = run("loop.txt")
    check("3 times Sam's criticism was answered by Alex's defensiveness" in text, text)


@test
def a_large_export_read_in_parallel_chunks_is_read_exactly_as_in_one():
    # Several dozen chunks: message order, multi-line messages and line numbers must survive the cuts.
    gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "gen_corpus.py")
    with tempfile.TemporaryDirectory() as tmp:
        chat = os.path.join(tmp, "big.txt")
        with open(chat, "w") as f:
            subprocess.run([sys.executable, gen, "whatsapp", str(3 << 20)], stdout=f, check=True)
        outs = [run(chat, "--format", "jsonl", "--threads", t) for t in ("1", "2")]
        check(outs[0][0] == 0 and outs[0][1] == outs[1][1] and outs[0][2] == outs[1][2], "same output on 1 and 2 threads")
        rows = [json.loads(l) for l in outs[1][1].splitlines()]
        lines = open(chat, encoding="utf-8").read().split("\n")
        starts = [i + 1 for i, l in enumerate(lines) if l[:1].isdigit()]
        check([r["line"] for r in rows] == starts, "one message per header line, in order, with its line number")
        multi = [r for r in rows if "\n" in r["text"]]
        check(multi and all(r["text"].endswith("and another line of the same message") for r in multi), multi[:1])


@test
def an_export_in_an_unknown_shape_stops_with_a_sample_line():
    code, out, err = run("unknown_shape.txt")
    check(code == 2 and out == "", out)
    check("unknown_shape.txt:1: looks like a chat export" in err and "2023. 5. 10." in err and "--from text" in err, err)
    code, out, err = run("unknown_shape.txt", "--from", "text", "--format", "jsonl")
    check(code == 0 and len(out.splitlines()) == 3, out + err)
    code, _, err = run("unknown_shape.txt", "--from", "whatsapp")
    check(code == 2 and "unknown_shape.txt:1: not a WhatsApp export" in err and "fits no message header shape" in err, err)


@test
def a_date_that_contradicts_the_files_order_is_reported():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "chat.txt")
        open(path, "w").write("13/01/20, 10:00 - Ann: day first\n14/01/20, 10:01 - Ben: yes\n01/25/20, 10:02 - Ann: month first?\n")
        code, out, err = run(path, "--format", "jsonl")
        rows = [json.loads(l) for l in out.splitlines()]
        check(code == 0 and len(rows) == 3 and rows[2]["time"] is None, rows)
        check("chat.txt:3: '01/25/20, 10:02' is no possible date" in err, err)



if __name__ == "__main__":
    main()
