"""Restoring an archive from a backup, keeping a copy of the file it replaces.

The archive must be closed (the app closes it first). The backup is checked
before anything happens; the current file is copied into the backup folder as
``<name>-<stamp>-before-restore.db``; then the backup is copied beside the
archive under a temporary name and renamed over it in one step, so a failure
at any point leaves either the old file or the restored one, never half.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from spf_desktop.store import backups
from spf_desktop.store.archive import ArchiveError, ArchiveLocationError, _take_lock, inspect_file
from spf_desktop.store.atomic import atomic_path
from spf_desktop.store.writable import write_problem

_STAMP = re.compile(r"-(\d{8})-(\d{6})(?:-\d+)?(?:-(.+))?$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made: datetime | None
    label: str
    size: int

    def describe(self) -> str:
        when = self.made.strftime("%d %b %Y, %H:%M:%S") if self.made else "date unknown"
        extra = f" ({self.label.replace('-', ' ')})" if self.label else ""
        return f"{when}{extra}, {self.size / 1024:,.0f} KB"


def backup_info(archive: Path) -> list[BackupInfo]:
    """The automatic backups of ``archive``, newest first, with the dates in their names."""
    out = []
    for path in backups.list_backups(archive):
        m = _STAMP.search(path.stem[len(archive.stem):])
        made = None
        label = ""
        if m:
            try:
                made = datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
            except ValueError:
                made = None
            label = m.group(3) or ""
        out.append(BackupInfo(path, made, label, path.stat().st_size))
    return out


def restore(archive: Path, backup: Path, *,
            now: Callable[[], datetime] = datetime.now) -> Path | None:
    """Replace the (closed) ``archive`` with ``backup``; returns the copy of the old file."""
    archive = Path(archive).absolute()
    backup = Path(backup).absolute()
    if backup == archive:
        raise ArchiveError("That is the archive itself, not a backup of it.")
    if not backup.is_file():
        raise ArchiveLocationError(f"There is no backup at {backup}.")
    inspect_file(backup)  # damaged or newer: refused before anything changes
    lock = _take_lock(archive)
    try:
        kept: Path | None = None
        if archive.exists() and archive.stat().st_size:
            folder = backups.make_private_dir(backups.backup_dir(archive))
            stamp = now().strftime("%Y%m%d-%H%M%S-%f")
            kept = folder / f"{archive.stem}-{stamp}-before-restore.db"
            src = sqlite3.connect(archive.as_uri() + "?mode=ro", uri=True)
            try:
                # Everything, open rounds too: undoing the restore must lose nothing.
                backups.backup_connection(src, kept, open_rounds=True)
            finally:
                src.close()
        try:
            with atomic_path(archive) as tmp:
                shutil.copyfile(backup, tmp)
                for suffix in ("-wal", "-shm"):
                    archive.with_name(archive.name + suffix).unlink(missing_ok=True)
        except OSError as exc:
            why = write_problem(archive, exc, what=str(archive))
            raise ArchiveLocationError(f"Could not restore {archive}. {why} "
                                       "The archive has not been changed.") from exc
        return kept
    finally:
        lock.release()
