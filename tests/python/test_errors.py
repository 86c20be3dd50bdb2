"""Errors are Python exceptions that carry the file and line, with the command's own message."""
import errno
import os
import pickle

import pytest

import reframe


def cli_error(cli, *args):
    p = cli.run(*args, check=False)
    assert p.returncode == 2, (args, p.returncode)
    line = p.stderr.decode().strip().splitlines()[-1]
    assert line.startswith("reframe: "), line
    return line[len("reframe: "):]


def test_missing_export(cli, tmp_path):
    path = str(tmp_path / "nothing.txt")
    for call in (reframe.read_chat, reframe.check_chat):
        with pytest.raises(reframe.NotFoundError) as info:
            call(path)
        e = info.value
        assert isinstance(e, FileNotFoundError) and isinstance(e, OSError) and isinstance(e, reframe.Error)
        assert e.errno == errno.ENOENT and e.file == path and e.filename == path and e.line is None
        assert str(e) == cli_error(cli, "chat", path, "--no-progress")


def test_malformed_json_export_names_file_and_line(cli, tmp_path):
    path = tmp_path / "result.json"
    path.write_text('{"name": "Sam", "messages": [\n {"id": 1, "type": "message", "from": "Sam", "text": "hi"},\n'
                    ' {"id": 2,,}\n]}\n')
    with pytest.raises(reframe.DataError) as info:
        reframe.check_chat(path)
    e = info.value
    assert isinstance(e, ValueError)
    assert (e.file, e.line) == (str(path), 3)
    assert "malformed JSON" in e.reason
    assert str(e) == cli_error(cli, "chat", str(path), "--no-progress")


def test_wrong_forced_format_names_line(cli, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n")
    with pytest.raises(reframe.DataError, match="not a WhatsApp export") as info:
        reframe.read_chat(path, "whatsapp")
    assert (info.value.file, info.value.line) == (str(path), 1)
    assert str(info.value) == cli_error(cli, "chat", str(path), "--from", "whatsapp", "--no-progress")


def test_error_mid_stream_comes_after_the_messages_before_it(cli, tmp_path):
    path = tmp_path / "chat.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"author": "Sam", "text": "first"}\n{"author": "Alex", "text": "second"}\n')
        f.write('{"author": "Sam", "text": "' + "x" * (17 << 20) + '"}\n')
    reader = reframe.read_chat(path)
    assert [m["text"] for m in (next(reader), next(reader))] == ["first", "second"]
    with pytest.raises(reframe.DataError) as info:
        next(reader)
    assert (info.value.file, info.value.line) == (str(path), 3)
    assert str(info.value) == cli_error(cli, "chat", str(path), "--no-progress")
    with pytest.raises(StopIteration):
        next(reader)  # the reader is finished after an error
    with pytest.raises(reframe.DataError):
        reframe.check_chat(path)


def test_folder_that_is_no_export(tmp_path):
    with pytest.raises(reframe.DataError, match="a folder, but neither") as info:
        reframe.check_chat(tmp_path)
    assert info.value.file == str(tmp_path) and info.value.line is None


def test_bad_lexicon_names_file_and_line(cli, tmp_path):
    (tmp_path / "bad.toml").write_text('[[rule]]\nid = "x/y"\ncategory = "criticism"\npatern = ["a"]\n')
    with pytest.raises(reframe.DataError) as info:
        reframe.Analyzer(tmp_path)
    assert (info.value.file, info.value.line) == (str(tmp_path / "bad.toml"), 4)
    assert "unknown field 'patern'" in info.value.reason
    assert str(info.value) == cli_error(cli, "--lexicons", str(tmp_path), "check", "--text", "x")
    with pytest.raises(reframe.NotFoundError):
        reframe.Analyzer(tmp_path / "missing")


def test_unknown_format_is_a_value_error():
    with pytest.raises(ValueError, match="unknown chat format 'whatsap'.*whatsapp"):
        reframe.read_chat("x.txt", "whatsap")


def test_errors_pickle_with_their_place(tmp_path):
    """Dask and multiprocessing send exceptions between processes."""
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n")
    for call in (lambda: reframe.read_chat(path, "whatsapp"), lambda: reframe.check_chat(tmp_path / "none.zip")):
        with pytest.raises(reframe.Error) as info:
            call()
        copy = pickle.loads(pickle.dumps(info.value))
        assert type(copy) is type(info.value)
        assert (str(copy), copy.file, copy.line, copy.reason) == (str(info.value), info.value.file, info.value.line,
                                                                 info.value.reason)


def test_location_parsing():
    e = reframe.DataError("WhatsApp Chat with Sam.zip:_chat.txt:12: not a WhatsApp export")
    assert (e.file, e.line, e.reason) == ("WhatsApp Chat with Sam.zip:_chat.txt", 12, "not a WhatsApp export")
    e = reframe.DataError("lexicons/tone.toml:14:3: rule 'x': bad")
    assert (e.file, e.line, e.reason) == ("lexicons/tone.toml", 14, "rule 'x': bad")
    e = reframe.Error("something without a place")
    assert (e.file, e.line, e.reason) == (None, None, "something without a place")
    assert str(e) == "something without a place"


def test_file_names_that_are_not_utf8_still_raise_the_right_error(tmp_path):
    missing = os.fsencode(str(tmp_path)) + b"/no \xff.txt"
    with pytest.raises(reframe.NotFoundError) as info:
        reframe.check_chat(missing)
    assert info.value.file == os.fsdecode(missing).replace("\udcff", "\ufffd")
    lexicons = os.fsencode(str(tmp_path)) + b"/rules \xff"
    os.mkdir(lexicons)
    with open(lexicons + b"/bad.toml", "w") as f:
        f.write('[[rule]]\nid = "x/y"\n')
    with pytest.raises(reframe.DataError, match="bad.toml"):
        reframe.Analyzer(lexicons)
