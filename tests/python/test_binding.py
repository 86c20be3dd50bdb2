"""reframe.check and reframe.Analyzer: results equal the command's JSONL, for the same texts."""
import ast
import glob
import json
import os
import pickle
import random
import subprocess
import tomllib

import pytest

import reframe
from reframe import _reframe
from conftest import SOURCE_DIR

TRICKY = [
    "I want to connect, but I am too busy.",
    "",
    "   ",
    "You never listen.\nAnd you always interrupt me.\r\nWhatever.",
    "I’m scared we’re drifting… “fine.”",
    "Café? 😊 You’ll never learn 🙄",
    "tab\there, bell\x07, escape\x1b[31m, form feed\x0c",
    "quotes \" and backslashes \\ and a slash /",
    "I want to connect, but I am too busy. " * 300,
    "日本語のテキスト. I feel numb.",
    "ok.",
    "Okay, I get it.",
]


def corpus():
    """The labelled accuracy sets, every rule's own examples, and awkward strings."""
    texts = list(TRICKY)
    for path in sorted(glob.glob(os.path.join(SOURCE_DIR, "tests", "accuracy", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    for path in sorted(glob.glob(os.path.join(SOURCE_DIR, "lexicons", "**", "*.toml"), recursive=True)):
        with open(path, "rb") as f:
            doc = tomllib.load(f)
        for rule in doc.get("rule", []):
            texts += [t.replace("[[", "").replace("]]", "") for t in rule.get("flag", []) + rule.get("pass", [])]
    return texts


TEXTS = corpus()


def test_corpus_is_substantial():
    assert len(TEXTS) > 700, len(TEXTS)


def test_check_equals_cli_jsonl(cli):
    want = cli.check_jsonl(TEXTS)
    got = [reframe.check(t) for t in TEXTS]
    mismatches = [(t, g, w) for t, g, w in zip(TEXTS, got, want) if g != w]
    assert not mismatches, mismatches[:3]
    # Not vacuous: every category and strengths occur.
    seen = {f["category"] for r in got for f in r["findings"]}
    assert seen == set(reframe.CATEGORIES), seen
    assert any(r["strengths"] for r in got)


def test_key_order_equals_cli(cli):
    text = "I want to connect, but I am too busy. Thank you though."
    want = cli.check_jsonl([text])[0]
    got = reframe.check(text)
    assert list(got) == list(want)
    assert [list(f) for f in got["findings"]] == [list(f) for f in want["findings"]]
    assert [list(s) for s in got["strengths"]] == [list(s) for s in want["strengths"]]


def test_invalid_utf8_bytes_equal_cli(cli):
    text = b"I want to connect, but I am \xff\xfe too busy. You never \xc3 listen."
    want = cli.check_jsonl([text])[0]
    got = reframe.check(text)
    assert got == want
    assert got["warnings"], got


def test_spans_are_utf8_byte_offsets():
    text = "Café 😊 — you never listen to me."
    result = reframe.check(text)
    assert result["findings"], result
    data = text.encode()
    for f in result["findings"] + result["strengths"]:
        assert data[f["start"]:f["end"]].decode() == f["text"]


def test_bytes_and_str_agree():
    text = "You never listen. I feel numb."
    assert reframe.check(text.encode()) == reframe.check(text)


def test_result_is_a_fresh_object_each_call():
    a = reframe.check("You never listen.")
    a["findings"][0]["category"] = "changed"
    a["findings"].clear()
    b = reframe.check("You never listen.")
    assert b["findings"] and b["findings"][0]["category"] == "criticism"


def test_check_many_equals_check():
    got = reframe.check_many(TEXTS[:300])
    assert got == [reframe.check(t) for t in TEXTS[:300]]
    assert reframe.check_many([]) == []
    assert reframe.check_many(t for t in TEXTS[:5]) == got[:5]  # any iterable


def test_check_many_takes_a_pandas_column():
    import pandas as pd
    df = pd.DataFrame({"text": ["You never listen.", "Thank you!", "I want to connect, but I am too busy."]})
    scores = pd.DataFrame(reframe.check_many(df["text"]))["score"].apply(pd.Series)
    assert scores.sum().to_dict() == {"mixed-message": 1, "criticism": 1, "defensiveness": 0, "withdrawal": 0}
    assert reframe.check_many(("ok.", b"You never listen.")) == [reframe.check("ok."), reframe.check("You never listen.")]


def test_analyzer_json_is_the_library_writer():
    a = reframe.Analyzer()
    for t in TEXTS[:200]:
        assert a.check(t) == json.loads(a._check_json(t))


def random_json(rng, depth=0):
    kind = rng.randrange(9 if depth < 4 else 5)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.choice([0, 1, 7, 2**40, 2**63 - 1, 2**64 + 5, 10**30, -3, -(2**70)])
    if kind == 2:
        return rng.choice([0.0, 0.5, 33.333333333333336, 1e-05, 1e300, -2.5, 100.0])
    if kind in (3, 4):
        alphabet = "ab \"\\/\b\f\n\r\t\x00\x1f\x7fé€😊\u2028\ud7ff\ue000"
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
    if kind in (5, 6):
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(5))]
    keys = ["rule", "why", "line", "k\"ey", "ключ", "", "source", "kind"]
    return {rng.choice(keys): random_json(rng, depth + 1) for _ in range(rng.randrange(6))}


def test_converter_equals_json_loads():
    rng = random.Random(7)
    docs = [random_json(rng) for _ in range(3000)]
    for doc in docs:
        for text in (json.dumps(doc), json.dumps(doc, ensure_ascii=False, separators=(",", ":")),
                     json.dumps(doc, indent=2)):
            assert _reframe._loads(text) == json.loads(text), text
    # Surrogate pairs and escapes written by other encoders.
    assert _reframe._loads('"\\ud83d\\ude0a \\u00e9 \\/"') == "😊 é /"
    assert _reframe._loads('"\\ud83d"') == "\ufffd"  # a lone surrogate cannot be UTF-8


@pytest.mark.parametrize("bad", ['{"a":1', '{"a" 1}', '[1,]', '"abc', '{"a":tru}', '[1] x', '', '-', '"\\u12"', '"\\q"'])
def test_converter_rejects_what_is_not_json(bad):
    with pytest.raises(json.JSONDecodeError):
        json.loads(bad)
    with pytest.raises(ValueError, match="invalid JSON"):
        _reframe._loads(bad)


def test_converter_refuses_deep_nesting():
    with pytest.raises(ValueError, match="nested too deep"):
        _reframe._loads("[" * 100 + "]" * 100)


def test_shared_constants_do_not_leak_between_results():
    """Rule texts are shared str objects: immutable, so sharing is invisible."""
    a = reframe.check("You never listen.")["findings"][0]
    b = reframe.check("You always forget.")["findings"][0]
    assert a["source"] == b["source"] and isinstance(a["source"], str)


def test_text_must_be_str_or_bytes():
    for bad in (None, 5, ["x"], bytearray(b"x")):
        with pytest.raises(TypeError, match="str or bytes"):
            reframe.check(bad)
    with pytest.raises(UnicodeEncodeError):
        reframe.check("lone \udcff surrogate")


# (draft, the message it answers): replies the rules read differently with their context.
REPLIES = [
    ("ok", "You never listen to me."),
    ("ok", "Dinner at 7?"),
    ("I was at work!", "You never call."),
    ("I was at work!", "Where were you?"),
    ("Whatever.", "I miss you. Can we talk tonight?"),
    ("It's not my fault, work is crazy.", "You always forget what I tell you."),
    ("Fine.", "Are you coming?"),
    ("Fine.", "You're always late."),
    ("Sorry, I forgot. I'll call you tonight.", "You forgot again."),
    ("I want to connect, but I am too busy.", "Can we talk?"),
]


def test_reply_to_equals_cli_check_reply_to(cli):
    """check(text, reply_to=...) is `reframe check --reply-to` for every pair, and the
    context changes some answers (the test is not vacuous)."""
    changed = 0
    for text, answered in REPLIES:
        p = cli.run("check", "--format", "jsonl", "--fail-on", "never", "--reply-to", answered, "--text", text)
        want = json.loads(p.stdout)
        assert reframe.check(text, reply_to=answered) == want, (text, answered)
        assert reframe.check(text.encode(), reply_to=answered.encode()) == want
        assert reframe.Analyzer().check(text, answered) == want
        changed += reframe.check(text) != want
    assert changed >= 3, changed


def test_check_many_reply_to_one_for_all_or_one_per_text(cli):
    texts = [t for t, _ in REPLIES]
    answered = [a for _, a in REPLIES]
    want = [reframe.check(t, reply_to=a) for t, a in REPLIES]
    assert reframe.check_many(texts, reply_to=answered) == want
    assert reframe.check_many(iter(texts), reply_to=iter(answered)) == want
    # None (or pandas' NaN) where a text answers nothing.
    mixed = [a if i % 2 else None for i, a in enumerate(answered)]
    assert reframe.check_many(texts, reply_to=mixed) == [reframe.check(t, reply_to=a) for t, a in zip(texts, mixed)]
    assert reframe.check_many(texts, reply_to=[float("nan")] * len(texts)) == reframe.check_many(texts)
    # One text every draft answers, as `reframe check --lines --reply-to`.
    one = "You never listen to me."
    p = subprocess.run([cli.path, "check", "--lines", "--format", "jsonl", "--fail-on", "never", "--reply-to", one],
                       input="\n".join(texts) + "\n", capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in p.stdout.splitlines()]
    # --lines numbers each line and names <stdin>; the analysis is the same.
    def analysis(r):
        return ([(f["rule"], f["start"], f["end"], f["text"], f["reframes"]) for f in r["findings"]],
                [(x["rule"], x["start"], x["end"]) for x in r["strengths"]], r["score"])

    got = reframe.check_many(texts, reply_to=one)
    assert [analysis(r) for r in got] == [analysis(w) for w in lines]
    assert got != reframe.check_many(texts)  # the context mattered


def test_check_many_reply_to_column_of_pandas():
    import pandas as pd
    df = pd.DataFrame({"text": [t for t, _ in REPLIES], "answered": [a for _, a in REPLIES]})
    df.loc[2, "answered"] = None  # a missing value: NaN or None in the column
    got = reframe.check_many(df["text"], reply_to=df["answered"])
    assert got == [reframe.check(t, reply_to=None if i == 2 else a) for i, (t, a) in enumerate(REPLIES)]


def test_reply_to_errors():
    with pytest.raises(TypeError, match="reply_to must be str, bytes or None"):
        reframe.check("ok", reply_to=3)
    with pytest.raises(ValueError, match="fewer items than texts"):
        reframe.check_many(["ok", "fine"], reply_to=["Dinner?"])
    with pytest.raises(ValueError, match="more items than texts"):
        reframe.check_many(["ok"], reply_to=["Dinner?", "Lunch?"])
    with pytest.raises(TypeError, match="reply_to must be"):
        reframe.check_many(["ok"], reply_to=3)
    with pytest.raises(TypeError, match="reply_to must be str, bytes or None"):
        reframe.check_many(["ok"], reply_to=[3])


def test_profile_is_refused_clearly():
    with pytest.raises(ValueError, match="not supported by this build"):
        reframe.check("ok.", profile="gentle")
    with pytest.raises(reframe.DataError):
        reframe.Analyzer().check("ok.", profile="gentle")
    with pytest.raises(ValueError, match="profile"):
        reframe.check_many(["ok."], profile="gentle")
    with pytest.raises(ValueError, match="profile"):
        reframe.check_chat(os.path.join(SOURCE_DIR, "samples", "chat-whatsapp.txt"), profile="gentle")
    # None is the default and fine.
    assert reframe.check("ok.", reply_to=None, profile=None) == reframe.check("ok.")


RULE = """
[[rule]]
id = "criticism/test-slob"
category = "criticism"
pattern = ["you slob"]
message = "A name for the other person"
why = "Names hurt; say what you need instead."
reframes = ["I'd like us to share the cleaning. Can we plan it tonight?", "Could we split the chores on Sunday?"]
flag = ["[[You slob]]!"]
pass = ["You sob."]
"""


def test_custom_lexicons_equal_cli(cli, tmp_path):
    (tmp_path / "mine.toml").write_text(RULE)
    texts = ["You slob!", "You never listen, you slob.", "I want to connect, but I am too busy."]
    for builtin in (True, False):
        a = reframe.Analyzer(tmp_path, builtin=builtin)
        extra = [] if builtin else ["--no-builtin-lexicons"]
        out = cli.run("--lexicons", str(tmp_path), *extra, "check", "--format", "jsonl", "--fail-on", "never",
                      *[x for t in texts for x in ("--text", t)]).stdout.decode().splitlines()
        assert [a.check(t) for t in texts] == [json.loads(line) for line in out]
        assert a.lexicons == (str(tmp_path),) and a.builtin is builtin
    assert reframe.Analyzer([tmp_path, str(tmp_path)]).lexicons == (str(tmp_path),) * 2
    assert reframe.check("You slob!")["findings"] == []  # the module's analyzer is untouched


def test_analyzer_pickles_by_its_lexicons(tmp_path):
    (tmp_path / "mine.toml").write_text(RULE)
    a = reframe.Analyzer([tmp_path])
    b = pickle.loads(pickle.dumps(a))
    assert b.lexicons == a.lexicons and b.check("You slob!") == a.check("You slob!")
    assert "mine" not in repr(reframe.Analyzer()) and str(tmp_path) in repr(a)


def test_lexicon_paths_round_trip_whatever_their_encoding(tmp_path):
    folder = os.fsencode(str(tmp_path)) + b"/rules \xff"
    os.mkdir(folder)
    with open(folder + b"/mine.toml", "w") as f:
        f.write(RULE)
    a = reframe.Analyzer(folder)
    assert a.lexicons == (os.fsdecode(folder),)
    assert pickle.loads(pickle.dumps(a)).check("You slob!")["findings"][0]["rule"] == "criticism/test-slob"
    assert "rules" in repr(a)


def test_builtin_false_needs_a_lexicon():
    with pytest.raises(ValueError, match="builtin=False"):
        reframe.Analyzer(builtin=False)


def test_module_constants():
    assert reframe.CATEGORIES == ("mixed-message", "criticism", "defensiveness", "withdrawal")
    assert "whatsapp" in reframe.CHAT_FORMATS and reframe.CHAT_FORMATS[0] == "auto"
    assert reframe.JSON_FORMAT_VERSION == 1
    with open(os.path.join(SOURCE_DIR, "CMakeLists.txt"), encoding="utf-8") as f:
        assert f"VERSION {reframe.__version__} " in f.read()


def test_stubs_and_marker_ship_with_the_package():
    package = os.path.dirname(reframe.__file__)
    assert os.path.exists(os.path.join(package, "py.typed"))
    with open(os.path.join(package, "__init__.pyi"), encoding="utf-8") as f:
        stub = ast.parse(f.read())
    names = set()
    for node in stub.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.ImportFrom) and node.module == "_reframe":
            names.update(alias.asname or alias.name for alias in node.names)
    assert set(reframe.__all__) <= names, set(reframe.__all__) - names
    assert all(hasattr(reframe, n) for n in names if not n.startswith("_")), [n for n in names if not hasattr(reframe, n)]
    with open(os.path.join(package, "_reframe.pyi"), encoding="utf-8") as f:
        compiled = ast.parse(f.read())
    methods = {n.name for c in compiled.body if isinstance(c, ast.ClassDef) and c.name == "Analyzer"
               for n in c.body if isinstance(n, ast.FunctionDef)}
    public = {n for n in dir(reframe.Analyzer) if not n.startswith("__")} - {"lexicons", "builtin"}
    assert public <= methods, public - methods


def test_docstrings():
    for obj in (reframe, reframe.check, reframe.check_many, reframe.check_chat, reframe.read_chat, reframe.Analyzer,
                reframe.Analyzer.check, reframe.Analyzer.check_chat, reframe.ChatReader, reframe.Error):
        assert obj.__doc__ and len(obj.__doc__) > 40, obj
