"""reframe: find where a message pushes the other person away, and what to say instead.

    >>> import reframe
    >>> result = reframe.check("I want to connect, but I am too busy.")
    >>> [f["category"] for f in result["findings"]]
    ['mixed-message']

Results are plain dicts and lists with exactly the fields of reframe's JSON
output (docs/json-format.md): ``check`` returns one message object of
``reframe check --format jsonl``, ``check_chat`` the document of
``reframe chat --format json``. They load into pandas in one line::

    pandas.DataFrame(reframe.check_chat("WhatsApp Chat with Sam.zip")["messages"])

The module-level functions share one Analyzer with the built-in lexicons;
create a ``reframe.Analyzer(lexicons=...)`` for rules of your own. All of it
is thread-safe and releases the GIL while it analyses. Nothing here touches
the network.
"""

import os as _os
import re as _re
import threading as _threading
from typing import Any, Dict, List, Optional, TypedDict, Union

__all__ = [
    "Analyzer", "ChatReader", "check", "check_many", "check_chat", "read_chat",
    "Error", "DataError", "ReadError", "NotFoundError", "ChatProblemWarning", "Finding", "Strength", "ChatRecord",
    "CATEGORIES", "CHAT_FORMATS", "JSON_FORMAT_VERSION", "__version__",
]

_LOCATION = _re.compile(r"(?s)(?P<file>.+?):(?P<line>\d+):(?:\d+:)? (?P<reason>.*)")
_FILE_ONLY = _re.compile(r"(?s)(?P<file>[^\n]+?): (?P<reason>.*)")


def _locate(message: str):
    """Splits the library's "file:line: what" (or "file: what") message."""
    m = _LOCATION.fullmatch(message)
    if m:
        return m["file"], int(m["line"]), m["reason"]
    m = _FILE_ONLY.fullmatch(message)
    if m and (_os.sep in m["file"] or "." in m["file"]):
        return m["file"], None, m["reason"]
    return None, None, message


class Error(Exception):
    """Any error reframe reports. ``str(e)`` is the library's message, which
    names the file and line ("chat.json:12: malformed JSON ..."); they are also
    in ``e.file`` and ``e.line`` (None when the error has no place), and the
    rest in ``e.reason``."""

    file: Optional[str]
    line: Optional[int]
    reason: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.file, self.line, self.reason = _locate(message)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):  # pickles (e.g. from a Dask worker) as its message
        return (type(self), (self.message,))


class DataError(Error, ValueError):
    """Input reframe cannot use: a malformed export or lexicon, a record past a
    size limit, an option this build does not support."""


class ReadError(Error, OSError):
    """The operating system refused a read."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.filename = self.file
        self.strerror = self.reason


class NotFoundError(ReadError, FileNotFoundError):
    """A file or directory that does not exist."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.errno = 2  # ENOENT


class ChatProblemWarning(UserWarning):
    """A malformed record that a chat reader skipped ("file:line: what")."""


# The shapes of the dicts, for type checkers and readers (docs/json-format.md).
# Results are typed Dict[str, Any]: the library may add fields.
class Finding(TypedDict):
    rule: str
    category: str
    severity: str
    start: int
    end: int
    line: int
    column: int
    text: str
    message: str
    why: str
    reframes: List[str]
    source: str


class Strength(TypedDict):
    rule: str
    kind: str
    start: int
    end: int
    line: int
    column: int
    text: str
    message: str


class ChatRecord(TypedDict):
    line: int
    source: str
    author: Optional[str]
    time: Optional[str]
    kind: str
    text: str


from ._reframe import (  # noqa: E402
    CATEGORIES, CHAT_FORMATS, JSON_FORMAT_VERSION, Analyzer, ChatReader, __version__, _register_errors)

_register_errors(Error, DataError, ReadError, NotFoundError, ChatProblemWarning)

_default: Optional[Analyzer] = None
_default_lock = _threading.Lock()


def _analyzer() -> Analyzer:
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Analyzer()
    return _default


_PathArg = Union[str, bytes, "_os.PathLike[str]", "_os.PathLike[bytes]"]


def check(text: Union[str, bytes], reply_to: Union[str, bytes, None] = None,
          profile: Optional[str] = None) -> Dict[str, Any]:
    """Analyses one message draft with the built-in rules.

    Returns the JSON message object of ``reframe check --text TEXT --format
    jsonl`` as a dict: ``line``, ``source`` ("<text>"), ``author``, ``time``,
    ``findings`` (each with ``rule``, ``category``, ``severity``, ``start``,
    ``end``, ``line``, ``column``, ``text``, ``message``, ``why``,
    ``reframes``, ``source``), ``strengths``, ``score``; ``warnings`` when the
    text had invalid UTF-8. ``start``/``end`` are byte offsets into the UTF-8
    encoding of ``text``.

    ``reply_to`` is the message this draft answers, as ``reframe check
    --reply-to``: a curt "ok" after a complaint is read differently from one
    after "Dinner at 7?". ``profile`` (a settings profile) is part of the API;
    this build of the library has none and raises ``ValueError``
    (``reframe.DataError``) if it is not None.
    """
    return _analyzer().check(text, reply_to, profile)


def check_many(texts, *, reply_to=None, profile: Optional[str] = None) -> List[Dict[str, Any]]:
    """``check`` for each text of an iterable (a list, a pandas column...), in one call: the GIL
    is released once per chunk of texts, which is somewhat faster for many short texts.

    ``reply_to`` is None, one message every text answers, or an iterable with one per text
    (``df["answered"]``; None or NaN where a text answers nothing)."""
    return _analyzer().check_many(texts, reply_to=reply_to, profile=profile)


def check_chat(path: _PathArg, fmt: str = "auto", *, messages: bool = True, profile: Optional[str] = None,
               reply_gap_hours: float = 6.0, threads: int = 1, text_field: Optional[str] = None,
               author_field: Optional[str] = None, time_field: Optional[str] = None) -> Dict[str, Any]:
    """Analyses every message of a saved chat export (WhatsApp .txt or .zip,
    Telegram, Signal, Discord, iMessage, Messenger, Slack, JSONL, CSV, text).

    Returns the document of ``reframe chat EXPORT --format json``:
    ``{"format_version": 1, "messages": [...], "source": path, "format":
    "whatsapp", "summary": {...}, "problems": [...]}``. Each message is the
    JSONL object of that message (with ``kind`` and ``text``); the summary has
    ``messages``, ``analysed``, ``skipped``, ``events``, ``problems``,
    ``by_category``, ``strengths``, ``by_author`` (with ``per_100``,
    ``patterns`` and ``by_month``), ``by_month`` and ``responses`` (what
    answered what between two people). ``problems`` lists the malformed
    records that were skipped.

    Each message is read with the turn it answers: the other person's
    messages just before it, within ``reply_gap_hours`` (``reply_to`` in its
    dict), as ``reframe chat --reply-gap`` does.

    ``messages=False`` returns only the summary side (constant memory, no
    per-message objects): what a per-export Dask task needs. ``threads`` is
    the number of worker threads for this export (0: one per core); 1 by
    default, so that Python threads, processes or Dask tasks decide the
    parallelism.

    Raises ``reframe.NotFoundError``, ``reframe.DataError`` (naming file and
    line) or ``reframe.ReadError``.
    """
    return _analyzer().check_chat(path, fmt, messages=messages, profile=profile, reply_gap_hours=reply_gap_hours,
                                  threads=threads, text_field=text_field, author_field=author_field,
                                  time_field=time_field)


def read_chat(path: _PathArg, fmt: str = "auto", *, text_field: Optional[str] = None,
              author_field: Optional[str] = None, time_field: Optional[str] = None) -> ChatReader:
    """The messages of a chat export, one at a time, in constant memory.

    Yields dicts ``{"line", "source", "author", "time", "kind", "text"}``
    (``author``/``time`` are None when the export has none; ``kind`` is
    "text", "media", "deleted", "empty" or "event"). Every message is yielded,
    media-only and system ones included; a malformed record is skipped with a
    ``reframe.ChatProblemWarning`` and listed in ``.problems``; a malformed
    file raises ``reframe.DataError`` naming the file and line.

        for m in reframe.read_chat("chat.txt"):
            if m["kind"] == "text":
                result = reframe.check(m["text"])
    """
    from ._reframe import read_chat as _read_chat
    return _read_chat(path, fmt, text_field=text_field, author_field=author_field, time_field=time_field)
