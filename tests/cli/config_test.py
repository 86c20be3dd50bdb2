#!/usr/bin/env python3
"""End-to-end tests of reframe's settings (issue 15): settings files and where they are found,
precedence (flag > project file > user config > built-in), profiles, --disable/--enable, allowed
phrases, marker lines in drafts, and every error message.

Usage: config_test.py PATH/TO/reframe PROJECT_DIR
Every run gets its own HOME, XDG_CONFIG_HOME and working directory under a temporary directory.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from testlib import check, main, test  # noqa: E402

REFRAME = os.path.abspath(sys.argv[1])
PROJECT = os.path.abspath(sys.argv[2])
DRAFT = os.path.join(PROJECT, "samples", "draft.txt")
CHAT = os.path.join(PROJECT, "samples", "chat-whatsapp.txt")
COMPLAINT = "You never listen to me."


class Home:
    """A temporary home: HOME, XDG_CONFIG_HOME (unless xdg=False) and a project tree."""

    def __init__(self, xdg=True):
        self.root = tempfile.mkdtemp(prefix="reframe-config-")
        self.home = os.path.join(self.root, "home")
        self.xdg = os.path.join(self.root, "xdg") if xdg else None
        self.project = os.path.join(self.root, "project")
        self.sub = os.path.join(self.project, "a", "b")
        os.makedirs(self.sub)
        os.makedirs(self.home)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.root, ignore_errors=True)

    def user_config_path(self):
        base = self.xdg if self.xdg else os.path.join(self.home, ".config")
        return os.path.join(base, "reframe", "config.toml")

    def write(self, path, text):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def user(self, text):
        return self.write(self.user_config_path(), text)

    def project_file(self, text, where=None):
        return self.write(os.path.join(where or self.project, ".reframe.toml"), text)

    def run(self, *args, cwd=None, stdin=b"", env=None):
        full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "XDG_CONFIG_HOME")}
        full["HOME"] = self.home
        if self.xdg:
            full["XDG_CONFIG_HOME"] = self.xdg
        full.update(env or {})
        p = subprocess.run([REFRAME, *args], input=stdin, capture_output=True, cwd=cwd or self.sub, env=full,
                           timeout=120)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")

    def findings(self, *args, reply_to=COMPLAINT, text="ok", cwd=None):
        """(exit code, [(rule, severity)]) of checking `text` as a reply to `reply_to`."""
        extra = ["--reply-to", reply_to] if reply_to else []
        code, out, err = self.run("check", "--format", "jsonl", "--text", text, *extra, *args, cwd=cwd)
        check(code in (0, 1), f"exit {code}: {err}")
        rows = [json.loads(l) for l in out.splitlines()]
        return code, [(f["rule"], f["severity"]) for r in rows for f in r["findings"]]

    def error(self, *args, cwd=None):
        """stderr of a run that must fail with exit 2 and nothing on stdout."""
        code, out, err = self.run(*args, cwd=cwd)
        check(code == 2, f"exit {code} for {args}: {out} {err}")
        check(err.startswith("reframe: ") or "Run with --help" in err, err)
        return err


CURT = ("withdrawal/curt-reply", "warning")
CURT_INFO = ("withdrawal/curt-reply", "info")


@test
def no_settings_file_is_found_in_a_clean_tree():
    with Home() as h:
        code, out, _ = h.run("config")
        check(code == 0, out)
        check("Settings files, lowest precedence first (flags win over all):\n  none\n" in out, out)
        check(h.user_config_path() in out, f"the user config path is shown as searched: {out}")
        check(os.path.join(h.sub, ".reframe.toml") + " and every directory above" in out, out)
        check(h.findings() == (1, [CURT]), "built-in defaults")


@test
def project_file_is_found_from_the_working_directory_upward():
    with Home() as h:
        path = h.project_file('disable = ["withdrawal"]\n')
        check(h.findings() == (0, []), "found two directories up")
        check(h.findings(cwd=h.project) == (0, []), "found in the directory itself")
        check(h.findings(cwd=h.root) == (1, [CURT]), "not found above it")
        code, out, _ = h.run("config")
        check(f"Settings files, lowest precedence first (flags win over all):\n  {path}\n" in out, out)


@test
def nearest_project_file_wins_and_is_the_only_one_read():
    with Home() as h:
        h.project_file('disable = ["withdrawal"]\nfail_on = "never"\n')
        nearest = h.project_file('severity = { withdrawal = "info" }\n', where=os.path.join(h.project, "a"))
        check(h.findings() == (0, [CURT_INFO]), "the nearer file, and only it (withdrawal not disabled)")
        _, out, _ = h.run("config")
        files = out.split("\n\n")[0]
        check(files.count(".reframe.toml") == 1 and nearest in files, out)


@test
def user_config_from_xdg_config_home_then_home():
    with Home() as h:
        h.user('disable = ["withdrawal/curt-reply"]\n')
        check(h.findings() == (0, []), "XDG_CONFIG_HOME/reframe/config.toml")
    with Home(xdg=False) as h:
        h.user('disable = ["withdrawal/curt-reply"]\n')
        check(h.findings() == (0, []), "~/.config/reframe/config.toml without XDG_CONFIG_HOME")
        # A relative XDG_CONFIG_HOME is invalid (XDG spec): ~/.config is used.
        code, out, _ = h.run("config", env={"XDG_CONFIG_HOME": "relative/dir"})
        check(h.user_config_path() in out, out)


@test
def project_file_wins_over_user_config_and_flags_over_both():
    with Home() as h:
        user = h.user('disable = ["withdrawal"]\nfail_on = "error"\n')
        project = h.project_file('enable = ["withdrawal/curt-reply"]\n')
        code, found = h.findings()
        check(found == [CURT] and code == 0, f"project enables what the user disabled; user fail_on=error: {code}")
        check(h.findings("--fail-on", "warning") == (1, [CURT]), "--fail-on wins over the file")
        check(h.findings("--disable", "withdrawal/curt-reply") == (0, []), "--disable wins over the project's enable")
        _, out, _ = h.run("config")
        check(out.index(user) < out.index(project), f"user config listed first (lower precedence): {out}")
        check(f"fail_on: error ({user}:2)" in out, out)


@test
def disable_and_enable_flags_later_wins():
    with Home() as h:
        text = "You never listen. ok"
        code, found = h.findings("--disable", "criticism", "--enable", "criticism/always-never", text=text,
                                 reply_to=None)
        check([r for r, _ in found] == ["criticism/always-never"], found)
        code, found = h.findings("--enable", "criticism/always-never", "--disable", "criticism", text=text,
                                 reply_to=None)
        check(found == [], f"the later --disable of the category wins: {found}")
        check(h.findings("--disable", "withdrawal,criticism")[1] == [], "comma-separated")
        # Global flags work before the subcommand too.
        code, out, _ = h.run("--disable", "withdrawal", "check", "--text", "ok", "--reply-to", COMPLAINT)
        check(code == 0 and "0 findings" in out, out)


@test
def within_a_file_disable_comes_before_enable():
    with Home() as h:
        h.project_file('enable = ["criticism/insult"]\ndisable = ["criticism"]\n')
        _, found = h.findings(text="You never listen, you idiot.", reply_to=None)
        check([r for r, _ in found] == ["criticism/insult"], found)


@test
def config_flag_reads_only_that_file_and_no_config_none():
    with Home() as h:
        h.user('disable = ["withdrawal"]\n')
        h.project_file('disable = ["withdrawal"]\n')
        other = h.write(os.path.join(h.root, "other.toml"), 'severity = { "withdrawal/curt-reply" = "info" }\n')
        check(h.findings("--config", other) == (0, [CURT_INFO]), "--config replaces both files")
        check(h.findings("--no-config") == (1, [CURT]), "--no-config reads none")
        _, out, _ = h.run("--no-config", "config")
        check("\n  none\n" in out, out)


@test
def strengths_and_color_from_the_file_flags_win():
    with Home() as h:
        h.project_file('strengths = false\ncolor = "always"\n')
        code, out, _ = h.run("check", "--text", "Thank you, I really appreciate it.")
        check("[strength" not in out, f"strengths = false hides them: {out}")
        code, out, _ = h.run("check", "--strengths", "--text", "Thank you, I really appreciate it.")
        check("[strength" in out, f"--strengths wins: {out}")
        code, out, _ = h.run("check", "--text", "You never listen.")
        check("\x1b[" in out, "color = always")
        code, out, _ = h.run("check", "--color", "never", "--text", "You never listen.")
        check("\x1b[" not in out, "--color never wins")
        code, out, _ = h.run("check", "--format", "json", "--text", "Thank you, I really appreciate it.")
        check(json.loads(out)["messages"][0]["strengths"], "strengths = false is the text output's; JSON keeps them")


@test
def builtin_profiles():
    with Home() as h:
        check(h.findings("--profile", "work") == (0, [CURT_INFO]), "work: a curt reply is info")
        check(h.findings("--profile", "friend") == (0, [CURT_INFO]), "friend: a curt reply is info")
        check(h.findings("--profile", "partner") == (1, [CURT]), "partner: the defaults")
        check(h.findings("--profile", "family") == (1, [CURT]), "family: a curt reply still warns")
        busy = "I want to connect, but I am too busy."
        check(h.findings("--profile", "family", text=busy, reply_to=None) ==
              (0, [("mixed-message/longing-but-busy", "info")]), "family: mixed messages are info")
        check(h.findings("--profile", "work", text="You never listen.", reply_to=None) ==
              (1, [("criticism/always-never", "warning")]), "work: criticism still warns")
        _, out, _ = h.run("config", "--profile", "work")
        check("Profile: work (--profile)" in out and "withdrawal/curt-reply at info (profile work (built-in))" in out,
              out)


@test
def profiles_from_files_extend_and_default():
    with Home() as h:
        user = h.user('default_profile = "work"\n[profile.mom]\ndescription = "My mother"\n'
                      'severity = { criticism = "error" }\n')
        check(h.findings() == (0, [CURT_INFO]), "the user's default profile")
        project = h.project_file('default_profile = "mom"\n[profile.work]\ndisable = ["withdrawal"]\n')
        _, found = h.findings(text="You never listen.", reply_to=None)
        check(found == [("criticism/always-never", "error")], f"the project's default profile wins: {found}")
        check(h.findings("--profile", "work") == (0, []), "a file's [profile.work] extends the built-in one")
        check(h.findings("--profile", "partner") == (1, [CURT]), "--profile wins over default_profile")
        _, out, _ = h.run("config")
        check(f"mom ({user}:2): My mother" in out, out)
        check(f"Profile: mom ({project}:1)" in out, out)


@test
def allowed_phrases():
    with Home() as h:
        h.project_file('allow = ["ok", "whatever works"]\n')
        check(h.findings(text="Ok.") == (0, []), "an allowed reply")
        _, found = h.findings(text="Okay, I get it.")
        check([r for r, _ in found] == ["withdrawal/i-get-it"], f"more than the allowed phrase: {found}")
        _, found = h.findings(text="Whatever.", reply_to=None)
        check(found, "a bare 'whatever' is not 'whatever works'")


@test
def lexicons_relative_to_the_settings_file():
    with Home() as h:
        rules = os.path.join(h.project, "my-rules")
        h.write(os.path.join(rules, "slob.toml"),
                '[[rule]]\nid = "criticism/test-slob"\ncategory = "criticism"\npattern = ["you slob"]\n'
                'message = "A name"\nwhy = "Names hurt."\nreframes = ["Could we split the chores?"]\n'
                'flag = ["[[You slob]]!"]\npass = ["You sob."]\n')
        h.project_file('lexicons = ["my-rules"]\n')
        _, found = h.findings(text="You slob!", reply_to=None)
        check(found == [("criticism/test-slob", "warning")], found)
        code, out, _ = h.run("explain", "criticism/test-slob")
        check(code == 0, "explain sees the settings' lexicons")
        h.project_file('lexicons = ["my-rules"]\ndisable = ["criticism/test-slob"]\n')
        check(h.findings(text="You slob!", reply_to=None) == (0, []), "a rule of the settings' lexicon can be disabled")
        code, out, _ = h.run("rules", "criticism")
        check("criticism/test-slob" in out and "A name (off)" in out, out)


def disabled_everywhere(h, *flags):
    """Runs every output format with `flags`; returns the texts."""
    outs = []
    for fmt in ("text", "json", "jsonl"):
        code, out, err = h.run("check", DRAFT, "--format", fmt, *flags)
        check(code in (0, 1), err)
        outs.append(out)
        code, out, err = h.run("check", "--lines", DRAFT, "--format", fmt, *flags)
        outs.append(out)
    for fmt in ("text", "json", "jsonl", "html"):
        code, out, err = h.run("chat", CHAT, "--format", fmt, *flags)
        check(code == 0, err)
        outs.append(out)
    return outs


@test
def a_disabled_rule_never_appears_in_any_output():
    with Home() as h:
        everything = "\n".join(disabled_everywhere(h))
        for rule in ("criticism/always-never", "withdrawal/numb", "defensiveness/meant-to"):
            check(rule in everything, f"{rule} is there by default")
        h.project_file('disable = ["criticism/always-never"]\n')
        for out in disabled_everywhere(h, "--disable", "withdrawal/numb"):
            check("criticism/always-never" not in out, out[:2000])
            check("withdrawal/numb" not in out, out[:2000])
        # A whole category: not in findings, per-author patterns, responses or counts.
        for out in disabled_everywhere(h, "--disable", "criticism"):
            check("criticism/" not in out, out[:2000])
        code, out, _ = h.run("chat", CHAT, "--format", "json", "--disable", "criticism")
        doc = json.loads(out)
        check(doc["summary"]["by_category"]["criticism"] == 0, "summary count")
        check(all(r["to"] != "criticism" and r["reply"] != "criticism" for r in doc["summary"]["responses"]),
              "responses")
        check(all(m.get("reply_to") is None or "criticism" not in m["reply_to"]["kinds"] for m in doc["messages"]),
              "reply_to.kinds")


@test
def disabling_criticism_does_not_change_how_replies_are_read():
    with Home() as h:
        # "Whatever." answers Alex's complaint in the chat: still a withdrawal with criticism off.
        def withdrawals(*flags):
            _, out, _ = h.run("chat", CHAT, "--format", "jsonl", *flags)
            return [(m["line"], f["rule"]) for m in map(json.loads, out.splitlines()) for f in m["findings"]
                    if f["category"] == "withdrawal"]
        check(withdrawals() == withdrawals("--disable", "criticism"), "withdrawals unchanged")


@test
def marker_lines_in_drafts():
    with Home() as h:
        draft = h.write(os.path.join(h.root, "d.txt"),
                        "You always forget.\n# reframe: ignore\n\nYou never listen.\nI feel numb.\n"
                        "<!-- reframe: off -->\nYou idiot.\nreframe: on\nI meant to call, but I didn't.\n")
        code, out, _ = h.run("check", draft, "--format", "jsonl")
        rows = [json.loads(l) for l in out.splitlines()]
        lines = [f["line"] for f in rows[0]["findings"]]
        check(lines == [1, 5, 9], f"lines 4 and 7 skipped in a whole file: {lines}")
        check(rows[0]["findings"][2]["text"] == "I meant to call, but I didn't", rows[0]["findings"][2])
        code, out, _ = h.run("check", "--lines", draft, "--format", "jsonl")
        rows = [json.loads(l) for l in out.splitlines()]
        check(len(rows) == 9 and [r["line"] for r in rows] == list(range(1, 10)), "one object per line")
        check([i + 1 for i, r in enumerate(rows) if r.get("ignored")] == [2, 4, 6, 7, 8], out)
        check(all(r["findings"] == [] for r in rows if r.get("ignored")), "ignored lines have no findings")
        check(rows[2]["findings"] == [] and not rows[2].get("ignored"), "the blank line 3 is read, 'ignore' waits")
        check(rows[4]["findings"], "line 5 is read: 'ignore' skipped only line 4")
        code, out, _ = h.run("check", "--text", "You idiot.\nreframe: off\nYou idiot.")
        check(out.count("[criticism]") == 1, f"--text too: {out}")
        check("ignored" not in rows[0], "a line read carries no 'ignored'")


@test
def marker_lines_across_batches_and_threads():
    with Home() as h:
        filler = "Call you from the taxi.\n"
        lines = [filler] * 5000 + ["reframe: ignore\n", "I feel numb.\n", "reframe: off\n"] + \
                ["I feel numb.\n"] * 5000 + ["reframe: on\n", "I feel numb.\n"]
        draft = h.write(os.path.join(h.root, "big.txt"), "".join(lines))
        outs = []
        for threads in ("1", "2"):
            code, out, _ = h.run("check", "--lines", draft, "--format", "jsonl", "--threads", threads)
            outs.append(out)
        check(outs[0] == outs[1], "same output on 1 and 2 threads")
        rows = [json.loads(l) for l in outs[0].splitlines()]
        check(len(rows) == len(lines), f"{len(rows)} rows for {len(lines)} lines")
        flagged = [r["line"] for r in rows if r["findings"]]
        check(flagged == [len(lines)], f"only the last 'I feel numb.' is read: {flagged[:5]}")
        check(sum(1 for r in rows if r.get("ignored")) == 5004, "markers and skipped lines are ignored")


# Every error: exit 2, "reframe: FILE:LINE: what" (or the flag), nothing written to stdout.
BAD_FILES = [
    ('fail_on = "info"\ndisable = [withdrawal]\n', ":2: Error while parsing value"),  # TOML syntax
    ('fail_on = "info"\nfail_on = "error"\n', ":2: Error while parsing key-value pair: cannot redefine"),
    ('disabel = ["withdrawal"]\n', ":1: unknown key 'disabel' (did you mean 'disable'?)"),
    ('disable = ["critcism"]\n', ":1: unknown rule or category 'critcism' (did you mean 'criticism'?)"),
    ('enable = ["curt-reply"]\n', ":1: unknown rule or category 'curt-reply' (did you mean 'withdrawal/curt-reply'?)"),
    ('disable = ["cue/complaint"]\n', ":1: 'cue/complaint' is a cue that replies read, never reported"),
    ('disable = "withdrawal"\nenable = [1]\n', ":2: enable must contain only strings"),
    ('disable = 3\n', ":1: disable must be a list of strings"),
    ('allow = [""]\n', ":1: allow must not contain an empty string"),
    ('allow = ["..."]\n', ":1: allowed phrase '...' has no letters or digits"),
    ('fail_on = "warn"\n', ":1: fail_on must be one of info, warning, error, never, not 'warn' (did you mean 'warning'?)"),
    ('color = "yes"\n', ":1: color must be one of auto, always, never, not 'yes'"),
    ('strengths = "no"\n', ":1: strengths must be true or false"),
    ('severity = "info"\n', ":1: severity must be a table"),
    ('severity = { withdrawal = "low" }\n', ":1: severity of 'withdrawal' must be one of info, warning, error, default"),
    ('severity = { strength = "info" }\n', ":1: 'strength': strengths have no severity"),
    ('\n\nseverity = { "withdrawal/nmb" = "info" }\n',
     ":3: unknown rule or category 'withdrawal/nmb' (did you mean 'withdrawal/numb'?)"),
    ('lexicons = ["no-such-dir"]\n', ":1: lexicons: "),
    ('default_profile = "wrok"\n', ":1: unknown profile 'wrok' (did you mean 'work'?); the profiles are partner, family,"),
    ('profile = "work"\n', ':1: profile must be a table of [profile.NAME] sections (the profile to use by default is '
                           'default_profile = "NAME")'),
    ('profile.x = 3\n', ":1: profile.x must be a table: [profile.x]"),
    ('[profile.mom]\ndisable = ["withdrawal"]\nseverty = {}\n', ":3: [profile.mom]: unknown key 'severty' (did you mean "
                                                              "'severity'?)"),
    ('[profile.mom]\ndisable = ["withdrawl"]\n', ":2: unknown rule or category 'withdrawl' (did you mean 'withdrawal'?)"),
    ('[profile.mom]\ndescription = 1\n', ":2: description must be a string"),
]


@test
def every_settings_file_error_names_file_and_line():
    for text, expected in BAD_FILES:
        for where in ("project", "user", "config"):
            with Home() as h:
                if where == "project":
                    path = h.project_file(text)
                    args = ["check", "--text", "hi"]
                elif where == "user":
                    path = h.user(text)
                    args = ["chat", CHAT]
                else:
                    path = h.write(os.path.join(h.root, "s.toml"), text)
                    args = ["--config", path, "rules"]
                err = h.error(*args)
                check(err.startswith(f"reframe: {path}{expected}"),
                      f"{where}: {text!r}: expected {path}{expected!r}, got {err!r}")
                check(err.count("\n") == 1, f"one line: {err!r}")


@test
def flag_errors():
    with Home() as h:
        check(h.error("check", "--text", "hi", "--disable", "critcism") ==
              "reframe: --disable: unknown rule or category 'critcism' (did you mean 'criticism'?)\n", "")
        check(h.error("check", "--text", "hi", "--enable", "withdrawal/nmb") ==
              "reframe: --enable: unknown rule or category 'withdrawal/nmb' (did you mean 'withdrawal/numb'?)\n", "")
        err = h.error("check", "--text", "hi", "--profile", "wrk")
        check(err == "reframe: --profile: unknown profile 'wrk' (did you mean 'work'?); the profiles are partner, "
                     "family, friend, work\n", err)
        missing = os.path.join(h.root, "missing.toml")
        check(h.error("--config", missing, "check", "--text", "hi") ==
              f"reframe: --config: {missing}: settings file not found\n", "")
        check(h.error("--config", h.root, "check", "--text", "hi") ==
              f"reframe: --config: {h.root}: is a directory, not a settings file\n", "")
        err = h.error("--config", missing, "--no-config", "check", "--text", "hi")
        check("--config excludes --no-config" in err, err)
        os.makedirs(os.path.join(h.project, ".reframe.toml"))
        err = h.error("check", "--text", "hi")
        check(err == f"reframe: {os.path.join(h.project, '.reframe.toml')}: is a directory, not a settings file\n",
              err)


@test
def a_broken_file_is_reported_even_for_an_unused_profile():
    with Home() as h:
        path = h.project_file('[profile.boss]\ndisable = ["criticsm"]\n')
        err = h.error("check", "--text", "hi", "--profile", "work")
        check(err.startswith(f"reframe: {path}:2: unknown rule or category 'criticsm'"), err)


@test
def the_documented_example_file_works():
    with open(os.path.join(PROJECT, "docs", "configuration.md"), encoding="utf-8") as f:
        doc = f.read()
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    with Home() as h:
        h.write(os.path.join(h.home, "my-rules", "slob.toml"),
                '[[rule]]\nid = "criticism/test-slob"\ncategory = "criticism"\npattern = ["you slob"]\n'
                'message = "A name"\nwhy = "Names hurt."\nreframes = ["Could we split the chores?"]\n'
                'flag = ["[[You slob]]!"]\npass = ["You sob."]\n')
        path = h.user(example)
        code, out, err = h.run("config")
        check(code == 0, err)
        check(f"Profile: partner ({path}:" in out, out)
        check(h.findings(text="No worries.") == (0, []), "allowed")
        _, found = h.findings(text="You slob!", reply_to=None)
        check(found == [("criticism/test-slob", "warning")], f"the example's lexicons: {found}")
        _, found = h.findings("--profile", "mom", text="I want to connect, but I am too busy.", reply_to=None)
        check(found == [("mixed-message/longing-but-busy", "error")], found)
        _, out, _ = h.run("config", "--profile", "work")
        check("disable withdrawal/brush-off" in out and "mixed-message at info (profile work (built-in))" in out, out)
    with open(os.path.join(PROJECT, "README.md"), encoding="utf-8") as f:
        readme = f.read().split("### Your settings", 1)[1]
    with Home() as h:
        h.project_file(readme.split("```toml\n", 1)[1].split("```", 1)[0])
        check(h.findings("--profile", "mom", text="Ok.") == (0, []), "the README's example file")


if __name__ == "__main__":
    main()
