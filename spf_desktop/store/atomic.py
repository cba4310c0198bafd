"""The one way the app writes a file that must be whole or absent: reports, CSV,
merge files, agenda files, backups and restores.

A temporary file in the target's own folder (so the rename never crosses a
disk), written, flushed and fsynced, then renamed over the target with
``os.replace``. A crash, a full disk or a failed build never leaves a partial
file under the target name, an existing file is replaced only by a complete
one, and the temporary file is removed on any failure.

The temporary file is made by ``writable.create_new``, never ``tempfile``: on
Windows ``mkstemp`` takes a read-only folder's PermissionError for a name clash
and tries again up to 2**31 times. A read-only or vanished folder, a full disk
or a path too long for Windows becomes a ``CannotWrite`` with a plain message.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from spf_desktop.store.writable import check_length, create_new, write_problem

#: The temporary file's suffix: a leftover one is easy to spot and to delete.
PART = ".part"


#: What the temporary name adds to the target's: "." before, "-" and 8 hex digits after.
TEMP_EXTRA = 1 + 1 + 8 + len(PART)


def _temp_in(target: Path) -> tuple[int, Path]:
    check_length(target, extra=TEMP_EXTRA)
    try:
        return create_new(target.parent, f".{target.name}-", PART)
    except OSError as exc:
        raise write_problem(target, exc) from exc


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the system allows it (not on Windows)."""
    if os.name != "posix":  # pragma: no cover - Windows cannot open a folder
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - a folder we may write but not read
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse it
        pass
    finally:
        os.close(fd)


def _finish(tmp: Path, target: Path) -> None:
    # Readable by the owner only, like the archive: an export holds answers, a
    # backup holds everything (on Windows this sets nothing but read-only-ness).
    try:
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except OSError as exc:  # the folder gone, or the target read-only or in use
        raise write_problem(target, exc) from exc
    _fsync_folder(target.parent)


@contextlib.contextmanager
def atomic_open(target: str | os.PathLike[str], mode: str = "wb", *,
                encoding: str | None = None, newline: str | None = None) -> Iterator[IO[Any]]:
    """Open a temporary file for writing; on leaving the block it replaces ``target``.

    If the block raises, the target is untouched and the temporary file is gone.
    """
    if "w" not in mode:
        raise ValueError(mode)
    target = Path(target)
    fd, tmp = _temp_in(target)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _finish(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path for writers that need a name, not a handle (SQLite, a copy).

    Whatever the block leaves there is fsynced and renamed over ``target``.
    """
    target = Path(target)
    fd, tmp = _temp_in(target)
    os.close(fd)
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        _finish(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``target``, whole or not at all."""
    with atomic_open(target, "wb") as fh:
        fh.write(data)
    return Path(target)


def write_text(target: str | os.PathLike[str], text: str, *, encoding: str = "utf-8",
               newline: str | None = None) -> Path:
    """Write ``text`` to ``target``, whole or not at all."""
    with atomic_open(target, "w", encoding=encoding, newline=newline) as fh:
        fh.write(text)
    return Path(target)
