"""profile=: the library's built-in settings profiles, against `reframe --profile NAME`."""
import json
import os
import pickle
import subprocess
import sys
import threading

import pytest

import reframe
from conftest import FIXTURES, SOURCE_DIR
from test_binding import REPLIES, RULE, TEXTS

CHAT = os.path.join(SOURCE_DIR, "samples", "chat-whatsapp.txt")
# Drafts every built-in profile but "partner" reads differently (a mixed message, curt replies).
DIFFERENT = ["I want to connect, but I am too busy.", "Fine.", "Ok.", "Whatever.", "I get it."]


def cli_check(cli, profile, texts, *args):
    """`reframe --profile NAME check --format jsonl --text T ...` (no settings files)."""
    out = []
    for i in range(0, len(texts), 200):
        p = cli.run("--profile", profile, "check", "--format", "jsonl", "--fail-on", "never", *args,
                    *[x for t in texts[i:i + 200] for x in ("--text", t)])
        out += [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert len(out) == len(texts)
    return out


def test_the_builtin_profiles():
    assert reframe.PROFILES == ("partner", "family", "friend", "work")
    p = subprocess.run([sys.executable, "-c", "import reframe; print(reframe.PROFILES)"], capture_output=True,
                       text=True, check=True)
    assert p.stdout.strip() == repr(reframe.PROFILES)


@pytest.mark.parametrize("name", ["partner", "family", "friend", "work"])
def test_check_with_a_profile_equals_cli(cli, name):
    texts = TEXTS + DIFFERENT
    want = cli_check(cli, name, texts)
    assert [reframe.check(t, profile=name) for t in texts] == want
    assert reframe.check_many(texts, profile=name) == want
    own = reframe.Analyzer(profile=name)
    assert [own.check(t) for t in texts] == want
    assert own.check_many(texts) == want
    # Not vacuous: a profile other than the article's default changes some results.
    plain = reframe.check_many(texts)
    changed = sum(g != p for g, p in zip(want, plain))
    if name == "partner":
        assert changed == 0
    else:
        assert changed >= 1, name
        assert any(f["severity"] == "info" for r in want for f in r["findings"])


@pytest.mark.parametrize("name", ["friend", "work"])
def test_reply_to_with_a_profile_equals_cli(cli, name):
    for text, answered in REPLIES:
        want = cli_check(cli, name, [text], "--reply-to", answered)[0]
        assert reframe.check(text, reply_to=answered, profile=name) == want, (text, answered)
        assert reframe.Analyzer(profile=name).check(text, answered) == want
    texts = [t for t, _ in REPLIES]
    answered = [a for _, a in REPLIES]
    assert reframe.check_many(texts, reply_to=answered, profile=name) == \
        [reframe.check(t, reply_to=a, profile=name) for t, a in REPLIES]


@pytest.mark.parametrize("name", ["family", "work"])
@pytest.mark.parametrize("path", [CHAT, os.path.join(FIXTURES, "whatsapp_ios.txt"),
                                  os.path.join(FIXTURES, "telegram.json")])
def test_check_chat_with_a_profile_equals_cli(cli, name, path):
    p = cli.run("--profile", name, "chat", path, "--format", "json", "--no-progress")
    want = json.loads(p.stdout)
    got = reframe.check_chat(path, profile=name)
    got.pop("problems")
    assert got == want
    assert reframe.Analyzer(profile=name).check_chat(path, messages=False)["summary"] == want["summary"]
    assert reframe.check_chat(path, profile=name, threads=2) == reframe.check_chat(path, profile=name)
    if path == CHAT and name == "work":  # not vacuous
        assert reframe.check_chat(path)["messages"] != want["messages"]


def test_a_calls_profile_comes_after_the_analyzers(cli):
    # "family" only lowers mixed messages; "work" lowers them and curt replies:
    # the call's profile still applies on top of the analyzer's.
    family = reframe.Analyzer(profile="family")
    work = reframe.check_many(DIFFERENT, profile="work")
    assert family.check_many(DIFFERENT, profile="work") == work
    assert [family.check(t, profile="work") for t in DIFFERENT] == work
    assert family.check_many(DIFFERENT) == reframe.check_many(DIFFERENT, profile="family") != work
    assert family.check_chat(CHAT, profile="work") == reframe.check_chat(CHAT, profile="work")
    assert family.check_chat(CHAT) == reframe.check_chat(CHAT, profile="family")
    # "partner" changes nothing, so the analyzer's own stays in effect.
    assert reframe.Analyzer(profile="work").check_many(DIFFERENT, profile="partner") == work


def test_unknown_profile_is_a_value_error_with_the_librarys_hint(cli, tmp_path):
    p = cli.run("--profile", "wrk", "check", "--text", "ok", check=False)
    assert p.returncode == 2
    hint = "unknown profile 'wrk' (did you mean 'work'?); the profiles are partner, family, friend, work"
    assert hint in p.stderr.decode()
    missing = str(tmp_path / "no such export.txt")  # the profile is checked before the file is opened
    calls = [lambda: reframe.check("ok", profile="wrk"),
             lambda: reframe.check_many(["ok"], profile="wrk"),
             lambda: reframe.check_chat(missing, profile="wrk"),
             lambda: reframe.Analyzer().check("ok", "Dinner?", "wrk"),
             lambda: reframe.Analyzer(profile="wrk")]
    for call in calls:
        with pytest.raises(reframe.DataError) as e:
            call()
        assert isinstance(e.value, ValueError)
        assert str(e.value) == hint
    with pytest.raises(ValueError, match=r"unknown profile 'Friends' \(did you mean 'friend'\?\)"):
        reframe.check("ok", profile="Friends")
    with pytest.raises(ValueError, match="unknown profile ''"):
        reframe.check("ok", profile="")  # None means none; "" is a mistake
    with pytest.raises(TypeError):
        reframe.check("ok", profile=3)
    with pytest.raises(TypeError):
        reframe.Analyzer(profile=["work"])


def test_a_profile_naming_a_rule_the_lexicon_lacks(cli, tmp_path):
    (tmp_path / "mine.toml").write_text(RULE)
    a = reframe.Analyzer(tmp_path, builtin=False)
    # "friend" lowers withdrawal/curt-reply, which these rules do not have; the command refuses it too.
    p = cli.run("--lexicons", str(tmp_path), "--no-builtin-lexicons", "--profile", "friend", "check", "--text", "x",
                check=False)
    assert p.returncode == 2 and "withdrawal/curt-reply" in p.stderr.decode()
    for call in (lambda: a.check("You slob!", profile="friend"), lambda: a.check_many(["x"], profile="friend"),
                 lambda: a.check_chat(CHAT, profile="friend"),
                 lambda: reframe.Analyzer(tmp_path, builtin=False, profile="friend")):
        with pytest.raises(reframe.DataError, match=r"profile 'friend': unknown rule or category "
                                                    r"'withdrawal/curt-reply'"):
            call()
    # "family" names only a category: fine with any rules.
    want = cli.run("--lexicons", str(tmp_path), "--no-builtin-lexicons", "--profile", "family", "check",
                   "--format", "jsonl", "--fail-on", "never", "--text", "You slob!").stdout
    assert a.check("You slob!", profile="family") == json.loads(want)


def test_analyzer_keeps_its_profile_when_pickled(tmp_path):
    (tmp_path / "mine.toml").write_text(RULE)
    a = reframe.Analyzer(tmp_path, profile="work")
    assert a.profile == "work" and reframe.Analyzer().profile is None
    assert repr(a) == f"reframe.Analyzer([{str(tmp_path)!r}], profile='work')"
    assert repr(reframe.Analyzer(profile="friend")) == "reframe.Analyzer(profile='friend')"
    b = pickle.loads(pickle.dumps(a))
    assert b.profile == "work" and b.lexicons == a.lexicons
    assert b.check_many(DIFFERENT + ["You slob!"]) == a.check_many(DIFFERENT + ["You slob!"])
    assert a.check("Fine.") == reframe.check("Fine.", profile="work") != reframe.check("Fine.")
    # A state pickled by a build without profiles still loads.
    old = reframe.Analyzer.__new__(reframe.Analyzer)
    old.__setstate__(([], True))
    assert old.profile is None and old.check("Fine.") == reframe.check("Fine.")


def test_threads_share_the_profiled_analyzers():
    """Many threads asking for a chat's profile at once get one analyzer, and the same answers."""
    a = reframe.Analyzer()
    want = {name: reframe.check_chat(CHAT, profile=name) for name in reframe.PROFILES}
    results, errors = [], []
    barrier = threading.Barrier(8)

    def worker(i):
        try:
            name = reframe.PROFILES[i % 4]
            barrier.wait()
            results.append((name, i, a.check_chat(CHAT, profile=name), a.check(DIFFERENT[i % 5], profile=name)))
        except Exception as e:  # noqa: BLE001 (reported below)
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(results) == 8
    for name, i, chat, one in results:
        assert chat == want[name]
        assert one == reframe.check(DIFFERENT[i % 5], profile=name)
