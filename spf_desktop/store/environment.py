"""SQLite errors that come from the laptop, not from a bug: a full disk, a USB
stick pulled out, a folder made read-only, a file damaged underneath us.

They become a StorageError (a UserError) with a plain message, chosen by
SQLite's error code, never by matching message text. Anything else is a bug
and is left to reach the bug dialog.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from spf_desktop.domain.errors import UserError

# Primary result codes (the low byte of an extended code).
_MESSAGES = {
    sqlite3.SQLITE_FULL: (
        "the disk is full. Free some space (empty the recycle bin, delete large files) "
        "and try again; nothing already saved has been lost."
    ),
    sqlite3.SQLITE_IOERR: (
        "the disk could not be written (was a USB stick removed, or a network drive "
        "disconnected?). Put it back or reconnect it, and try again; nothing already "
        "saved has been lost."
    ),
    sqlite3.SQLITE_READONLY: (
        "the archive file or its folder has become read-only. Copy the archive "
        "somewhere you can write and open that copy."
    ),
    sqlite3.SQLITE_CANTOPEN: (
        "the archive file can no longer be opened (was it moved, a USB stick "
        "removed or a network drive disconnected?). Put it back or reconnect it, and "
        "try again; nothing already saved has been lost."
    ),
    sqlite3.SQLITE_CORRUPT: (
        "the archive file has been damaged. Close SPF Desktop and open the newest "
        "backup; the damaged file will be kept as it is."
    ),
    sqlite3.SQLITE_BUSY: (
        "another program is holding the archive file. Close it and try again."
    ),
}


class StorageError(UserError):
    """Writing to the archive failed because of the disk or the file, not the data."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def archive_gone(path: Path) -> StorageError:
    """The archive's file cannot be found where it was open a moment ago."""
    return StorageError(
        f"{path} can no longer be reached (was a USB stick removed, or a network drive "
        "disconnected?). Put it back or reconnect it, and try again; nothing already "
        "saved has been lost.", sqlite3.SQLITE_CANTOPEN)


def storage_problem(exc: sqlite3.Error, doing: str) -> StorageError | None:
    """The plain message for an environment error, or None when it is a bug."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    why = _MESSAGES.get(code & 0xFF)
    if why is None:
        return None
    return StorageError(f"{doing[:1].upper()}{doing[1:]} failed: {why}", code)


@contextmanager
def storage_errors(doing: str) -> Iterator[None]:
    """Turn environment errors inside the block into a StorageError.

    ``doing`` says what was being saved, e.g. "saving the response".
    """
    try:
        yield
    except sqlite3.Error as exc:
        problem = storage_problem(exc, doing)
        if problem is None:
            raise
        raise problem from exc
