#!/usr/bin/env python3
"""End-to-end tests of what a new user runs into first (issue 16): language the rules do not
cover, option values, misspellings, errors on stderr only, counts, an interactive `check`.

Usage: rough_edges_test.py PATH/TO/reframe PROJECT_DIR
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
RU_CHAT = os.path.join(PROJECT, "tests/language/chat_ru.txt")
WHATSAPP = os.path.join(PROJECT, "samples/chat-whatsapp.txt")


def run(*args, stdin=b""):
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    p = subprocess.run([REFRAME, *args], input=stdin, capture_output=True, env=env, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


# --- language -------------------------------------------------------------------------------

@test
def russian_chat_says_the_rules_are_english_only():
    code, out, err = run("chat", RU_CHAT)
    check(code == 0, f"exit {code}: {err}")
    check("This chat looks Russian; reframe's rules are English-only, so 0 findings means nothing here." in out, out)


@test
def russian_chat_json_has_summary_and_message_languages():
    code, out, err = run("chat", RU_CHAT, "--format", "json")
    check(code == 0, err)
    doc = json.loads(out)
    check(doc["summary"]["language"] == "ru", doc["summary"].get("language"))
    check(doc["summary"]["languages"][0]["name"] == "Russian", doc["summary"]["languages"])
    by_text = {m["text"]: m.get("language") for m in doc["messages"]}
    check(by_text["Я хочу быть ближе к тебе, но у меня сейчас совсем нет времени."] == "ru", by_text)
    check(by_text["ok"] is None, "a two-letter message gets no language")


@test
def english_chat_has_no_language_note():
    code, out, _ = run("chat", WHATSAPP)
    check(code == 0 and "English-only" not in out, out[:300])
    code, out, _ = run("chat", WHATSAPP, "--format", "json")
    check(json.loads(out)["summary"]["language"] == "en", "summary.language en")


@test
def portuguese_draft_is_named():
    code, out, _ = run("check", "--text", "Eu quero ficar mais perto de você, mas estou muito ocupado agora.")
    check(code == 0, out)
    check("This draft looks Portuguese; reframe's rules are English-only" in out, out)
    code, out, _ = run("check", "--format", "json", "--text",
                       "Eu quero ficar mais perto de você, mas estou muito ocupado agora.")
    doc = json.loads(out)
    check(doc["summary"]["language"] == "pt" and doc["messages"][0]["language"] == "pt", out)


@test
def english_draft_has_language_en_and_no_note():
    code, out, _ = run("check", "--format", "jsonl", "--text", "I want to connect, but I am too busy.")
    check(json.loads(out)["language"] == "en", out)
    code, out, _ = run("check", "--text", "I want to connect, but I am too busy.")
    check("English-only" not in out, out)


# --- option values ---------------------------------------------------------------------------

@test
def dates_are_validated():
    for value, says in [("last-week", "not a date"), ("2025-13", "no month 13"), ("2025-02-30", "no such day"),
                        ("12/09/2025", "either way round"), ("yesterday", "not a date"), ("2025-1-1x", "not a date")]:
        code, out, err = run("chat", WHATSAPP, "--since", value)
        check(code == 2 and out == "" and says in err and "--since" in err, f"{value}: {code} {out!r} {err!r}")
    code, out, err = run("chat", WHATSAPP, "--since", "2024-02", "--until", "2024-01")
    check(code == 2 and "after --until" in err, err)


@test
def dates_in_the_chats_own_style_when_unambiguous():
    def analysed(*args):
        code, out, err = run("chat", WHATSAPP, "--format", "json", *args)
        check(code == 0, err)
        return json.loads(out)["summary"]["messages"]
    iso = analysed("--since", "2024-04-13")
    check(0 < iso < 50, iso)
    check(analysed("--since", "13/04/2024") == iso, "13/04/2024 is 13 April")
    check(analysed("--since", "4/13/2024") == iso, "4/13/2024 is 13 April")
    check(analysed("--since", "2024-4-13") == iso, "single-digit month")


@test
def author_is_case_insensitive_and_lists_names_when_none_match():
    code, out, err = run("chat", WHATSAPP, "--author", "alex", "--format", "json")
    check(code == 0 and list(json.loads(out)["summary"]["by_author"]) == ["Alex"], err)
    code, out, err = run("chat", WHATSAPP, "--author", "Bob")
    check(code == 2 and out == "", out)
    check("no messages by 'Bob'" in err and "Alex (25)" in err and "Sam (25)" in err, err)


@test
def misspelled_commands_and_flags_get_suggestions():
    code, _, err = run("chek", "--text", "hi")
    check(code == 2 and "did you mean 'reframe check'" in err, err)
    code, _, err = run("check", "--frmat", "json", "--text", "hi")
    check(code == 2 and "did you mean '--format'" in err, err)
    code, _, err = run("chat", WHATSAPP, "--auhtor", "Sam")
    check(code == 2 and "did you mean '--author'" in err, err)


@test
def errors_go_to_stderr_only():
    for fmt in ("text", "json", "jsonl"):
        code, out, err = run("check", "--format", fmt, "nosuch.txt")
        check(code == 2 and out == "" and "nosuch.txt" in err, f"{fmt}: {out!r} {err!r}")
        code, out, err = run("chat", "nosuch.txt", "--format", fmt)
        check(code == 2 and out == "" and "nosuch.txt" in err, f"chat {fmt}: {out!r} {err!r}")


@test
def counts_are_grammatical():
    code, out, _ = run("check", "--text", "You never listen to me.")
    check("1 message, 1 finding (1 criticism)" in out, out)
    code, out, _ = run("chat", WHATSAPP)
    check("1 system event\n" in out and "1 messages" not in out and "1 findings" not in out, out[:200])


@test
def interactive_check_says_how_to_end_input():
    import pty
    import select
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(REFRAME, [REFRAME, "check"])
    seen = b""
    while b"Ctrl-D" not in seen:
        ready, _, _ = select.select([fd], [], [], 10)
        check(ready, f"no hint within 10 s: {seen!r}")
        seen += os.read(fd, 1024)
    os.write(fd, b"I want to connect, but I am too busy.\n\x04")
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    check(b"mixed-message" in seen and os.WEXITSTATUS(status) == 1, seen.decode("utf-8", "replace"))
    code, out, err = run("check", stdin=b"ok\n")
    check("Ctrl-D" not in err, "no hint when standard input is not a terminal")


if __name__ == "__main__":
    main()
