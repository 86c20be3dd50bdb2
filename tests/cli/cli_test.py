#!/usr/bin/env python3
"""End-to-end tests of the `reframe` command: formats, exit codes, bad input.

Usage: cli_test.py PATH/TO/reframe PROJECT_DIR
Prints one line per test and closes with "N passed, N failed".
"""
import json
import os
import subprocess
import sys

import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import check, main, test  # noqa: E402

REFRAME = os.path.abspath(sys.argv[1])
PROJECT = os.path.abspath(sys.argv[2])


def run(*args, stdin=b"", cwd=None, env=None):
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    full_env.update(env or {})
    p = subprocess.run([REFRAME, *args], input=stdin, capture_output=True, cwd=cwd, env=full_env, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")



def write(tmp, name, data):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return path


@test
def json_finding_selects_its_text():
    text = "I want to connect, but I am too busy.\n"
    code, out, _ = run("check", "--format", "json", stdin=text.encode())
    check(code == 1, f"exit {code}")
    doc = json.loads(out)
    check(doc["format_version"] == 1, "format_version")
    f = doc["messages"][0]["findings"][0]
    check(f["category"] == "mixed-message", f["category"])
    raw = text.encode()
    check(raw[f["start"]:f["end"]].decode() == f["text"], "span selects text")
    check(f["why"] and f["reframes"], "why and reframes")
    check(doc["summary"]["by_category"]["mixed-message"] == 1, "summary")


@test
def clean_draft_exits_zero():
    code, out, _ = run("check", "--text", "Landed! Call you from the taxi.")
    check(code == 0, f"exit {code}: {out}")
    check("0 findings" in out, out)


@test
def missing_file_exits_two_naming_it():
    code, _, err = run("check", "/no/such/draft.txt")
    check(code == 2, f"exit {code}")
    check("/no/such/draft.txt" in err, err)


@test
def works_from_any_directory():
    with tempfile.TemporaryDirectory() as tmp:
        code, out, _ = run("check", "--text", "You'll never learn.", cwd=tmp)
    check(code == 1 and "[criticism]" in out, out)


@test
def human_output_shows_location_span_why_and_reframe():
    with tempfile.TemporaryDirectory() as tmp:
        path = write(tmp, "draft.txt", "Hi!\nI want to connect, but I am too busy.\n")
        code, out, _ = run("check", path)
    check(code == 1, f"exit {code}")
    check(f"{path}:2:1: warning [mixed-message]" in out, out)
    check("\n  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n" in out, out)
    check("why:" in out and "try:" in out and "George Taylor" in out, out)
    check("\x1b[" not in out, "no colour when not a terminal")


@test
def color_only_when_asked_and_never_with_no_color():
    code, out, _ = run("check", "--color", "always", "--text", "I feel numb.")
    check("\x1b[" in out, "colour with --color always")
    code, out, _ = run("check", "--text", "I feel numb.", env={"NO_COLOR": "1"})
    check("\x1b[" not in out, "NO_COLOR")


@test
def lines_jsonl_one_object_per_line_even_empty_and_bad():
    data = b"I feel numb.\n\nhello\x00there\nYou never listen.\r\nok!"
    code, out, err = run("check", "--lines", "--format", "jsonl", stdin=data)
    rows = [json.loads(l) for l in out.splitlines()]
    check(len(rows) == 5, f"{len(rows)} rows: {out}")
    check([r["line"] for r in rows] == [1, 2, 3, 4, 5], "line numbers")
    check(rows[0]["findings"][0]["category"] == "withdrawal", "line 1")
    check(rows[1]["findings"] == [], "empty line")
    check("error" in rows[2] and "NUL" in rows[2]["error"], "NUL line reported")
    check(rows[3]["findings"][0]["category"] == "criticism", "CRLF line")
    check(rows[3]["findings"][0]["text"] == "You never listen", rows[3]["findings"][0]["text"])
    check(code == 2 and ":3:" in err, f"exit {code}, {err}")


@test
def fail_on_sets_the_threshold():
    code, _, _ = run("check", "--fail-on", "error", "--text", "I feel numb.")
    check(code == 0, f"exit {code}")
    code, _, _ = run("check", "--fail-on", "never", "--text", "You never listen.")
    check(code == 0, f"exit {code}")
    code, _, _ = run("check", "--fail-on", "info", "--text", "I feel numb.")
    check(code == 1, f"exit {code}")


@test
def spans_land_right_after_emoji_combining_marks_and_curly_quotes():
    text = "😊👍🏽 Cafe\u0301 \u201cok\u201d\u2026 You\u2019ll never learn."
    code, out, _ = run("check", "--format", "jsonl", "--text", text)
    f = json.loads(out)["findings"][0]
    raw = text.encode()
    check(raw[f["start"]:f["end"]].decode() == "You\u2019ll never learn", f["text"])
    check(f["column"] == 17, f"column {f['column']}")  # 😊 👍 🏽 are three code points
    code, out, _ = run("check", "--text", text)
    lines = out.splitlines()
    caret = next(l for l in lines if "^" in l)
    check(caret.strip() == "^" * len("You\u2019ll never learn"), caret)


@test
def binary_file_is_an_error_naming_file_and_line():
    with tempfile.TemporaryDirectory() as tmp:
        path = write(tmp, "blob.bin", b"line one\nline\x00two\n")
        code, _, err = run("check", path)
    check(code == 2, f"exit {code}")
    check(f"{path}:2:" in err and "binary" in err, err)


@test
def directory_as_input_is_an_error():
    with tempfile.TemporaryDirectory() as tmp:
        code, _, err = run("check", tmp)
    check(code == 2 and "directory" in err, err)


@test
def utf16_with_bom_is_read():
    with tempfile.TemporaryDirectory() as tmp:
        path = write(tmp, "draft16.txt", "\ufeffI feel numb.".encode("utf-16-le"))
        code, out, _ = run("check", "--format", "json", path)
    check(code == 1, f"exit {code}")
    check(json.loads(out)["messages"][0]["findings"][0]["category"] == "withdrawal", out)


@test
def invalid_utf8_warns_and_still_analyses():
    code, out, _ = run("check", "--format", "jsonl", stdin=b"I feel numb. \xff\xfe bad")
    row = json.loads(out)
    check(code == 1, f"exit {code}")
    check("invalid UTF-8" in row["warnings"][0], row)
    check(row["findings"][0]["category"] == "withdrawal", row)


@test
def usage_errors_exit_two():
    check(run("check", "--format", "yaml")[0] == 2, "bad --format")
    check(run("frobnicate")[0] == 2, "unknown subcommand")
    check(run()[0] == 2, "no subcommand")


@test
def rules_and_explain():
    code, out, _ = run("rules")
    check(code == 0 and "mixed-message/longing-but-busy" in out, out)
    code, out, _ = run("explain", "withdrawal/numb")
    check(code == 0, f"exit {code}")
    for want in ("Why it matters", "What the article says", "George Taylor", "Flags, for example", "I feel numb"):
        check(want in out, f"{want!r} in {out}")
    code, _, err = run("explain", "numb")
    check(code == 2 and "withdrawal/numb" in err, err)


@test
def lexicons_dir_adds_a_rule_and_lexicon_check_validates():
    rule = """[[rule]]
id = "criticism/test-slob"
category = "criticism"
pattern = ["you slob"]
message = "A name for the other person"
why = "Names hurt."
reframes = ["I'd like us to share the cleaning. Can we plan it tonight?", "Could we split the chores on Sunday?"]
flag = ["[[You slob]]!"]
pass = ["You sob."]
"""
    with tempfile.TemporaryDirectory() as tmp:
        write(tmp, "mine.toml", rule)
        code, out, _ = run("--lexicons", tmp, "check", "--text", "You slob!")
        check(code == 1 and "criticism/test-slob" in out, out)
        code, out, err = run("lexicon", "check", tmp)
        check(code == 0 and "1 rule" in out, out + err)
        write(tmp, "mine.toml", rule.replace('pattern = ["you slob"]', 'pattern = ["you (slob"]'))
        code, _, err = run("lexicon", "check", tmp)
        check(code == 2 and "mine.toml" in err and "missing )" in err, err)
        write(tmp, "mine.toml", rule + "\n" + rule)
        code, _, err = run("--lexicons", tmp, "check", "--text", "hi")
        check(code == 2 and "mine.toml:12" in err and "used twice" in err, err)


@test
def several_files_each_a_message():
    with tempfile.TemporaryDirectory() as tmp:
        a = write(tmp, "a.txt", "I feel numb.")
        b = write(tmp, "b.txt", "Thank you for listening.")
        code, out, _ = run("check", "--format", "jsonl", a, b)
    rows = [json.loads(l) for l in out.splitlines()]
    check([r["source"] for r in rows] == [a, b], out)
    check(rows[1]["strengths"][0]["kind"] == "appreciation", out)


@test
def threads_keep_order_and_results_across_batches():
    lines = []
    for i in range(6000):  # several 64 KiB batches
        lines.append(["I feel numb.", "Good morning!", "You never listen.", "", "I want to connect, but I am too busy."][i % 5]
                     + f" #{i}")
    data = ("\n".join(lines) + "\n").encode()
    with tempfile.TemporaryDirectory() as tmp:
        path = write(tmp, "many.txt", data)
        outs = [run("check", "--lines", "--format", "jsonl", "--threads", str(t), path)[1] for t in (1, 2, 3)]
        piped = run("check", "--lines", "--format", "jsonl", "--threads", "2", stdin=data)[1]
    check(outs[0] == outs[1] == outs[2], "same output for 1, 2 and 3 threads")
    rows = [json.loads(l) for l in outs[0].splitlines()]
    check(len(rows) == 6000 and [r["line"] for r in rows] == list(range(1, 6001)), "one row per line, in order")
    check(rows[5999]["findings"][0]["category"] == "mixed-message", rows[5999])
    check(piped.replace("<stdin>", path) == outs[0], "stdin streams the same")


@test
def samples_run_clean_of_errors():
    samples = os.path.join(PROJECT, "samples")
    for name in sorted(os.listdir(samples)):
        if name.endswith(".txt"):
            code, out, err = run("check", os.path.join(samples, name))
            check(code in (0, 1), f"{name}: exit {code} {err}")



if __name__ == "__main__":
    main()
