"""Where an export may be written: never over an existing file unless asked, and
never over the archive, its WAL, its shared memory, its lock or its backups."""

from __future__ import annotations

import os
from pathlib import Path

from spf_desktop.domain.errors import UserError
from spf_desktop.store.atomic import TEMP_EXTRA
from spf_desktop.store.backups import backup_dir
from spf_desktop.store.writable import check_length, check_replaceable, check_writable

ARCHIVE_COMPANIONS = ("-wal", "-shm", "-journal", ".lock")

#: What a file is called in a message, by its ending.
_WHAT = {".pdf": "the PDF", ".csv": "the CSV file", ".db": "the backup"}


def _resolved(path: Path) -> Path:
    """The real path, or the absolute one where it cannot be worked out (on Windows,
    resolving a path longer than MAX_PATH raises instead of answering)."""
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return _resolved(a) == _resolved(b)


def protected(archive: Path) -> list[Path]:
    """The archive's own files: the .db, its WAL, shared memory, journal and lock."""
    archive = Path(archive).expanduser().absolute()
    return [archive, *(archive.with_name(archive.name + s) for s in ARCHIVE_COMPANIONS)]


def check_target(out: Path, archive: Path | None, *, force: bool = False) -> Path:
    """Refuse an export target that would destroy something; returns it, absolute.

    An existing file is overwritten only with ``force``. The archive, its
    companions and anything in its backups folder are refused even then.
    """
    out = Path(out).expanduser().absolute()
    check_length(out, extra=TEMP_EXTRA)
    if archive is not None:
        archive = Path(archive).expanduser().absolute()
        for own in protected(archive):
            if _same(out, own):
                raise UserError(f"{out} is the archive's own file; an export never replaces it. "
                                "Choose another file name.")
        folder = backup_dir(archive)
        if folder.exists() and (_same(out.parent, folder) or _resolved(folder) in _resolved(out).parents):
            raise UserError(f"{out} is in the archive's backups folder; an export never "
                            "writes there. Choose another folder.")
    if out.exists() and not force:
        raise UserError(f"{out} already exists. Choose a new file name, or add --force "
                        "to replace it.")
    if out.is_dir():
        raise UserError(f"{out} is a folder; give a file name.")
    if out.parent.is_dir():
        # By creating a file there: os.access says yes to every folder on Windows.
        check_writable(out.parent, _WHAT.get(out.suffix.lower(), out.name))
        if force:
            check_replaceable(out)
    return out


def archive_path_of(db: object) -> Path | None:
    """The file behind a connection (None for an in-memory database)."""
    rows = db.execute("PRAGMA database_list").fetchall()  # type: ignore[attr-defined]
    for _seq, name, file in rows:
        if name == "main" and file:
            return Path(file)
    return None


def guard_target(db: object, out: Path) -> Path:
    """For every writer that is given the archive's connection: never write over the
    archive's own files or into its backups, whoever asks (a dialog, a worker, the CLI).
    Replacing another existing file is the caller's choice (the CLI asks for --force;
    a save dialog asks the user)."""
    return check_target(out, archive_path_of(db), force=True)
