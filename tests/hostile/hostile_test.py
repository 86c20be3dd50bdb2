#!/usr/bin/env python3
"""A catalogue of bad inputs, each with the behaviour a user should get: exit 0/1 with a
warning, or exit 2 with a message naming the file and line or byte; never a crash, a hang, a
silently dropped message or a network connection.

Usage: hostile_test.py REFRAME            Prints "N passed, N failed".
"""
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


def run(*args, stdin=b"", timeout=120):
    p = subprocess.run([REFRAME, *args], input=stdin, capture_output=True, timeout=timeout)
    if p.returncode < 0 or p.returncode > 2:
        raise AssertionError(f"crashed or odd exit {p.returncode}: {p.stderr.decode()[-300:]}")
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")



@test
def invalid_utf8_of_every_kind_is_read_with_a_warning():
    bad = [b"\x80 lone continuation", b"\xc0\xaf overlong", b"\xed\xa0\x80 surrogate", b"\xf8\x88\x80\x80\x80 five",
           b"\xfc\x84\x80\x80\x80\x80 six", b"\xff\xfe\xfd", b"You never listen \xe2\x80"]
    code, out, _ = run("check", "--lines", "--format", "jsonl", stdin=b"\n".join(bad) + b"\n")
    rows = [json.loads(l) for l in out.splitlines()]
    check(len(rows) == len(bad), f"{len(rows)} rows")
    check(all("invalid UTF-8" in r["warnings"][0] for r in rows), rows)
    check(rows[-1]["findings"][0]["category"] == "criticism", rows[-1])


@test
def empty_inputs():
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.txt")
        open(empty, "w").close()
        code, out, _ = run("check", empty)
        check(code == 0 and "1 message, 0 findings" in out, out)
        code, out, _ = run("check", "--lines", "--format", "jsonl", empty)
        check(code == 0 and out == "", out)
        code, _, err = run("chat", empty, "--from", "whatsapp")
        check(code == 2 and "empty.txt:1: not a WhatsApp export" in err, err)


@test
def a_huge_line_is_refused_by_name_not_choked_on():
    line = b"a" * (17 << 20)
    code, out, err = run("check", "--lines", "--format", "jsonl", stdin=line + b"\nI feel numb.\n")
    rows = [json.loads(l) for l in out.splitlines()]
    check(code == 2 and len(rows) == 2 and "longer than 16 MiB" in rows[0]["error"], err)
    check(rows[1]["findings"][0]["category"] == "withdrawal", rows[1])


@test
def deeply_nested_json_is_refused():
    with tempfile.TemporaryDirectory() as tmp:
        deep = os.path.join(tmp, "result.json")
        open(deep, "w").write('{"messages": ' + "[" * 200000 + "]" * 200000 + "}")
        code, _, err = run("chat", deep, "--from", "telegram")
        check(code == 2 and "nested deeper than" in err and "result.json:1" in err, err)
        jl = os.path.join(tmp, "chat.jsonl")
        open(jl, "w").write('{"text": "hi"}\n{"text": ' + "[" * 100000 + "]" * 100000 + "}\n")
        code, out, err = run("chat", jl, "--format", "jsonl")
        check(code == 0 and len(out.splitlines()) == 1 and "chat.jsonl:2: JSON nested too deep" in err, err)


@test
def a_zip_that_expands_a_thousandfold_is_refused():
    with tempfile.TemporaryDirectory() as tmp:
        bomb = os.path.join(tmp, "bomb.zip")
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("_chat.txt", "1/1/24, 9:00 - A: hi\n" + "x" * (64 << 20))
        check(os.path.getsize(bomb) < (1 << 20), "small on disk")
        code, _, err = run("chat", bomb, "--max-unzipped", "16")
        check(code == 2 and "zip bomb" in err, err)


@test
def binary_and_utf16_and_directories():
    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "image.jpg")
        open(binary, "wb").write(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" * 100)
        code, _, err = run("check", binary)
        check(code == 2 and "image.jpg:1: binary data" in err, err)
        code, _, err = run("chat", binary)
        check(code == 2 and "image.jpg" in err, err)
        utf16 = os.path.join(tmp, "utf16.txt")
        open(utf16, "wb").write("\ufeffYou never listen.\n".encode("utf-16-be"))
        code, out, _ = run("check", "--format", "jsonl", utf16)
        check(code == 1 and json.loads(out)["findings"][0]["category"] == "criticism", out)
        code, _, err = run("check", tmp)
        check(code == 2 and "is a directory" in err, err)


@test
def unreadable_file_is_named():
    if os.geteuid() == 0:
        return  # root reads everything; nothing to test here
    with tempfile.TemporaryDirectory() as tmp:
        locked = os.path.join(tmp, "locked.txt")
        open(locked, "w").write("hi")
        os.chmod(locked, 0)
        code, _, err = run("check", locked)
        check(code == 2 and "locked.txt" in err, err)


@test
def bad_lexicons_name_file_and_line():
    cases = {
        "invalid pattern": ('[[rule]]\nid = "criticism/x"\ncategory = "criticism"\npattern = ["you (slob"]\n'
                            'message = "m"\nwhy = "w"\nreframes = ["a", "b"]\nflag = ["you slob"]\n', "missing )"),
        "unknown field": ('[[rule]]\nid = "criticism/x"\ncategory = "criticism"\npatern = ["x"]\n', "x.toml:4: rule 'criticism/x': unknown field 'patern'"),
        "missing category": ('[[rule]]\nid = "x"\npattern = ["x"]\n', "x.toml:1: rule 'x': 'category' must be one of"),
        "not TOML": ('[[rule]\nid = 1\n', "x.toml:1:"),
    }
    for name, (toml, want) in cases.items():
        with tempfile.TemporaryDirectory() as tmp:
            open(os.path.join(tmp, "x.toml"), "w").write(toml)
            code, _, err = run("--lexicons", tmp, "check", "--text", "hi")
            check(code == 2 and want in err, f"{name}: {err}")


@test
def memory_stays_bounded_on_a_large_export():
    if "ASAN_OPTIONS" in os.environ:
        return  # AddressSanitizer's shadow memory and quarantine say nothing about ours
    gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "gen_corpus.py")
    with tempfile.TemporaryDirectory() as tmp:
        chat = os.path.join(tmp, "big.txt")
        with open(chat, "w") as f:
            subprocess.run([sys.executable, gen, "whatsapp", str(40 << 20)], stdout=f, check=True)
        p = subprocess.run(["/usr/bin/time", "-f", "%M", REFRAME, "chat", chat, "--no-progress"], capture_output=True, timeout=600)
        check(p.returncode == 0, p.stderr.decode()[-300:])
        peak_kib = int(p.stderr.decode().strip().splitlines()[-1])
        check(peak_kib < 100 * 1024, f"peak RSS {peak_kib} KiB for a 40 MiB export")


@test
def no_network_is_ever_opened():
    if not shutil.which("strace"):
        return
    with tempfile.TemporaryDirectory() as tmp:
        chat = os.path.join(tmp, "chat.txt")
        open(chat, "w").write("1/1/24, 9:00 - A: I want to connect, but I am too busy.\n")
        for args in (["check", "--text", "You never listen."], ["chat", chat, "--format", "html", "-o", os.path.join(tmp, "r.html")]):
            trace = os.path.join(tmp, "trace")
            subprocess.run(["strace", "-f", "-qq", "-e", "trace=network", "-o", trace, REFRAME, *args],
                           capture_output=True, timeout=60)
            calls = [l for l in open(trace) if "socket(" in l or "connect(" in l]
            check(not calls, f"{args[0]} made network calls: {calls[:3]}")



if __name__ == "__main__":
    main()
