# Type stubs for the reframe package. Results are plain JSON-shaped dicts
# (docs/json-format.md); the TypedDicts below describe them for type checkers.
import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, TypedDict, Union

from ._reframe import CATEGORIES as CATEGORIES
from ._reframe import CHAT_FORMATS as CHAT_FORMATS
from ._reframe import JSON_FORMAT_VERSION as JSON_FORMAT_VERSION
from ._reframe import Analyzer as Analyzer
from ._reframe import ChatReader as ChatReader
from ._reframe import __version__ as __version__

_Path = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
_Text = Union[str, bytes]

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

class Error(Exception):
    message: str
    file: Optional[str]
    line: Optional[int]
    reason: str
    def __init__(self, message: str) -> None: ...

class DataError(Error, ValueError): ...
class ReadError(Error, OSError): ...
class NotFoundError(ReadError, FileNotFoundError): ...
class ChatProblemWarning(UserWarning): ...

def check(text: _Text, reply_to: Optional[_Text] = None, profile: Optional[str] = None) -> Dict[str, Any]: ...
def check_many(texts: Iterable[_Text], *, reply_to: Union[None, _Text, Iterable[Optional[_Text]]] = None,
               profile: Optional[str] = None) -> List[Dict[str, Any]]: ...
def check_chat(path: _Path, fmt: str = "auto", *, messages: bool = True, profile: Optional[str] = None,
               reply_gap_hours: float = 6.0, threads: int = 1,
               text_field: Optional[str] = None, author_field: Optional[str] = None,
               time_field: Optional[str] = None) -> Dict[str, Any]: ...
def read_chat(path: _Path, fmt: str = "auto", *, text_field: Optional[str] = None, author_field: Optional[str] = None,
              time_field: Optional[str] = None) -> ChatReader: ...
