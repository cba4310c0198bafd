"""Whether a folder or a file can really be written, found out by writing.

``os.access(folder, os.W_OK)`` is no test: on Windows it looks only at the
read-only attribute, which folders ignore, so it says yes to a folder the user
may not write (an ACL, a read-only share, a write-protected stick). The one
honest test is to create a file there and remove it again, which is what
``check_writable`` does. An existing file is tested by opening it for writing
without truncating it, which changes nothing.

Every failure becomes a ``CannotWrite`` (or the caller's own ``UserError``
class) with a plain message that names the folder or file: read-only, gone
(a network drive or a USB stick disconnected), full, or a path longer than
Windows allows. Nothing here ever retries on ``PermissionError``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sys
from pathlib import Path

from spf_desktop.domain.errors import UserError

#: Windows' MAX_PATH: a path and its closing NUL, unless long paths are enabled.
MAX_PATH = 260

#: Creating a new file, never following or replacing anything that is there.
CREATE_FLAGS = (os.O_CREAT | os.O_EXCL | os.O_RDWR | getattr(os, "O_BINARY", 0)
                | getattr(os, "O_NOINHERIT", 0) | getattr(os, "O_NOFOLLOW", 0))

#: How many random names to try before giving up (a clash is 1 in 2**32 each time).
NAME_TRIES = 8

_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
# Windows error codes with no errno of their own.
_WIN_TOO_LONG = 206         # ERROR_FILENAME_EXCED_RANGE
_WIN_WRITE_PROTECT = 19     # ERROR_WRITE_PROTECT
_WIN_GONE = {3, 53, 55, 59, 64, 67, 1231}   # path, network path or network name gone
_WIN_IN_USE = 32            # ERROR_SHARING_VIOLATION: open in another program


class CannotWrite(UserError, OSError):
    """A file could not be written where the user asked; the message says why.

    An OSError too, so code that guards a write with ``except OSError`` still
    sees it (``write_problem`` then keeps its message)."""


def windows_path_limit() -> int | None:
    """The longest path this process may use on Windows, or None where there is no
    such limit (other systems, or Windows with long paths enabled)."""
    if sys.platform != "win32":
        return None
    import ctypes

    try:
        enabled = ctypes.WinDLL("ntdll").RtlAreLongPathsEnabled
        enabled.restype = ctypes.c_ubyte
        if enabled():
            return None
    except (AttributeError, OSError):  # older Windows (and Wine): the limit holds
        pass
    return MAX_PATH - 1


#: The longest file name (one part of a path) Windows and Linux file systems take.
NAME_MAX = 255


def check_length(path: Path, *, extra: int = 0, error: type[UserError] = CannotWrite,
                 limit: int | None = None) -> None:
    """Refuse, up front, a path Windows cannot use, or a file name longer than any
    system allows (255). ``extra`` counts the characters a temporary name adds (the
    file is written beside the target first)."""
    def size(part: str) -> int:  # bytes on Linux and macOS, characters on Windows
        return len(part.encode("utf-8")) if os.name == "posix" else len(part)

    if size(path.name) + extra > NAME_MAX:
        raise error(f"The file name {path.name} is too long for the disk ({size(path.name)} "
                    f"{'bytes' if os.name == 'posix' else 'characters'}; at most "
                    f"{NAME_MAX - extra} can be used here). Choose a shorter file name.")
    for part in path.parent.parts:
        if size(part) > NAME_MAX:
            raise error(f"The folder name {part} is too long for the disk ({size(part)} "
                        f"{'bytes' if os.name == 'posix' else 'characters'}; at most "
                        f"{NAME_MAX}). Choose a folder with a shorter name.")
    limit = windows_path_limit() if limit is None else limit
    if limit is None:
        return
    length = len(str(path))
    if length + extra > limit:
        raise error(too_long_message(path, limit - extra))


def too_long_message(path: Path, allowed: int) -> str:
    return (f"The path {path} is {len(str(path))} characters long; Windows allows at most "
            f"{allowed} here. Choose a folder with a shorter path (such as Documents) "
            "or a shorter file name.")


def _is_read_only(exc: OSError) -> bool:
    return (isinstance(exc, PermissionError) or exc.errno in _READ_ONLY
            or getattr(exc, "winerror", None) == _WIN_WRITE_PROTECT)


def _is_gone(exc: OSError) -> bool:
    return (isinstance(exc, FileNotFoundError)
            or getattr(exc, "winerror", None) in _WIN_GONE)


def _is_too_long(exc: OSError) -> bool:
    return exc.errno == errno.ENAMETOOLONG or getattr(exc, "winerror", None) == _WIN_TOO_LONG


def write_problem(target: Path, exc: OSError, *, what: str = "",
                  error: type[UserError] = CannotWrite) -> UserError:
    """The plain message for an OSError met while writing ``target``, as ``error``."""
    if isinstance(exc, UserError):  # already plain (a CannotWrite from store.atomic)
        return exc if isinstance(exc, error) else error(str(exc))
    folder = target.parent
    what = what or str(target)
    if _is_too_long(exc) or (_is_gone(exc) and len(str(target)) >= MAX_PATH):
        return error(too_long_message(target, MAX_PATH - 1))
    if _is_read_only(exc):
        return error(f"The folder {folder} is read-only, so {what} cannot be saved there. "
                     "Choose another folder.")
    if _is_gone(exc):
        return error(f"Could not save {what}: the folder {folder} is no longer there (was a "
                     "network drive or a USB stick disconnected?). Reconnect it, or choose "
                     "another folder.")
    if exc.errno == errno.ENOSPC:
        return error(f"Could not save {what}: the disk holding {folder} is full. "
                     "Free some space and try again.")
    return error(f"Could not save {what} in {folder}: {exc.strerror or exc}.")


def create_new(folder: Path, prefix: str, suffix: str) -> tuple[int, Path]:
    """Create and open a new, empty file with a random name in ``folder``.

    Tries a few names on a clash only; any other error (a read-only folder above
    all) is raised at once, as the OSError it is. ``tempfile.mkstemp`` would, on
    Windows, take a PermissionError in a folder it believes writable for a clash
    and try again up to 2**31 times.
    """
    for _ in range(NAME_TRIES):
        path = folder / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            return os.open(path, CREATE_FLAGS, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, f"no free file name after {NAME_TRIES} tries",
                          str(folder))


def check_writable(folder: str | os.PathLike[str], what: str = "the file", *,
                   error: type[UserError] = CannotWrite,
                   advice: str = "Choose another folder.") -> None:
    """Create a file in ``folder`` and remove it; refuse with a plain message if that fails.

    ``what`` is what the user is saving ("the PDF", "the backup"), for the message.
    """
    folder = Path(folder)
    try:
        fd, probe = create_new(folder, ".spf-write-check-", ".tmp")
    except OSError as exc:
        if _is_read_only(exc):
            raise error(f"The folder {folder} is read-only, so {what} cannot be saved there. "
                        f"{advice}") from exc
        raise write_problem(folder / "x", exc, what=what, error=error) from exc
    os.close(fd)
    with contextlib.suppress(OSError):  # a share that lets us create but not delete
        os.unlink(probe)


def check_replaceable(path: str | os.PathLike[str], *, error: type[UserError] = CannotWrite,
                      message: str = "") -> None:
    """Refuse an existing file that cannot be written (read-only attribute, ACL, share).

    Opened for writing without truncation and closed at once: nothing changes.
    """
    path = Path(path)
    if not path.is_file():
        return
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if getattr(exc, "winerror", None) == _WIN_IN_USE:
            raise error(f"{path} is open in another program (a PDF viewer or a spreadsheet?). "
                        "Close it there and try again.") from exc
        if not _is_read_only(exc):
            raise write_problem(path, exc, error=error) from exc
        raise error(message or f"{path} is read-only, so it cannot be replaced. "
                    "Choose another file name.") from exc
    os.close(fd)
