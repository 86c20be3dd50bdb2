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


if __name__ == "__main__":
    main()
