"""The one way the app reads a JSON file someone hands it: bounded, and never a traceback.

Every file the app imports as JSON (merge files, meeting and template files,
question-set files) is read here, so each gets the same limits:

* its size is checked with ``stat`` before a byte is read (a 300 MB file is
  refused at once, not after 1.5 GB of memory);
* nesting too deep for the parser (``[[[[...`` a million times) is a clear
  refusal, not a ``RecursionError``;
* a number too long to convert (Python's 4,300-digit limit) is a clear refusal
  with the row and column where it starts, not a raw ``ValueError``;
* a key given twice in one object is refused (which of the two was meant?),
  and so are ``NaN`` and ``Infinity``, which are not JSON;
* a reader may set how deep its format nests (``max_depth``): a small file
  nested deeper than its format is refused before any field is looked at.

A refusal is a ``JsonFileProblem`` that says where (``row N, column M`` or
``the file``) and what; each reader wraps it in its own error type, naming the
file and saying that nothing was imported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class JsonFileProblem(Exception):
    """Why a JSON file cannot be read: ``where`` (row and column, or "the file") and ``what``
    (a clause such as "it is nested too deeply", for the caller's sentence)."""

    where: str
    what: str
    #: Set when the text was valid so far but stopped short (a cut-off copy).
    line: int = 0
    column: int = 0
    msg: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def _row_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def check_size(path: Path, limit: int, what: str) -> None:
    """Refuse a file over ``limit`` bytes, by its size on disk, before reading it.

    ``what`` names the kind of file ("a merge file"); ``OSError`` passes through.
    """
    size = path.stat().st_size
    if size > limit:
        raise JsonFileProblem("the file", f"it is {size:,} bytes, and {what} is at most "
                              f"{limit:,}")


class _Refused(ValueError):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise _Refused(f"the key {json.dumps(twice[:40], ensure_ascii=False)} is given twice "
                       "in one object")
    return out


def _not_json(word: str) -> Any:
    raise _Refused(f"it holds {word}, which is not a JSON number")


def _depth(value: Any) -> int:
    """How deeply ``value`` nests (a scalar: 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            level += 1
            deepest = max(deepest, level)
            stack.extend((child, level) for child in item if isinstance(child, dict | list))
    return deepest


def load_text(text: str, *, max_depth: int | None = None) -> Any:
    """Parse JSON text within the limits; a ``JsonFileProblem`` says where it went wrong."""
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_not_json)
    except json.JSONDecodeError as exc:
        raise JsonFileProblem(f"row {exc.lineno}, column {exc.colno}", exc.msg,
                              exc.lineno, exc.colno, exc.msg) from None
    except RecursionError:
        raise JsonFileProblem("the file", "it is nested too deeply") from None
    except _Refused as exc:
        raise JsonFileProblem("the file", exc.what) from None
    except ValueError:
        # Python refuses to turn a number of more than 4,300 digits into an int.
        m = re.search(r"\d{4300,}", text)
        if m is None:
            raise JsonFileProblem("the file", "it holds a value that cannot be read") from None
        line, col = _row_col(text, m.start())
        raise JsonFileProblem(f"row {line}, column {col}",
                              f"it holds a number {m.end() - m.start():,} digits long") from None
    if max_depth is not None and _depth(value) > max_depth:
        raise JsonFileProblem("the file", f"it is nested more than {max_depth} levels deep, "
                              "deeper than the format ever is")
    return value


def load_file(path: Path, limit: int, what: str, *, encoding: str = "utf-8",
              max_depth: int | None = None) -> Any:
    """Check the size, read, decode and parse ``path``. ``OSError`` and
    ``UnicodeDecodeError`` pass through for the caller's own wording."""
    check_size(path, limit, what)
    return load_text(path.read_bytes().decode(encoding), max_depth=max_depth)
