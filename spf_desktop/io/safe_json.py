"""The one way the app reads a JSON file someone hands it: bounded, and never a traceback.

Every file the app imports as JSON (merge files, meeting and template files,
question-set files) is read here, so each gets the same limits:

* its size is checked with ``stat`` before a byte is read (a 300 MB file is
  refused at once, not after 1.5 GB of memory);
* nesting too deep for the parser (``[[[[...`` a million times) is a clear
  refusal, not a ``RecursionError``;
* a number too long to convert (Python's 4,300-digit limit) is a clear refusal
  with the row and column where it starts, not a raw ``ValueError``.

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


def load_text(text: str) -> Any:
    """Parse JSON text within the limits; a ``JsonFileProblem`` says where it went wrong."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonFileProblem(f"row {exc.lineno}, column {exc.colno}", exc.msg,
                              exc.lineno, exc.colno, exc.msg) from None
    except RecursionError:
        raise JsonFileProblem("the file", "it is nested too deeply") from None
    except ValueError:
        # Python refuses to turn a number of more than 4,300 digits into an int.
        m = re.search(r"\d{4300,}", text)
        if m is None:
            raise JsonFileProblem("the file", "it holds a value that cannot be read") from None
        line, col = _row_col(text, m.start())
        raise JsonFileProblem(f"row {line}, column {col}",
                              f"it holds a number {m.end() - m.start():,} digits long") from None


def load_file(path: Path, limit: int, what: str, *, encoding: str = "utf-8") -> Any:
    """Check the size, read, decode and parse ``path``. ``OSError`` and
    ``UnicodeDecodeError`` pass through for the caller's own wording."""
    check_size(path, limit, what)
    return load_text(path.read_bytes().decode(encoding))
