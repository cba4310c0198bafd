"""Automatic, rotating backups made with SQLite's online backup API.

Backups of ``/some/folder/forum.db`` go to ``/some/folder/forum-backups/``, so
they travel with the archive and the app can find them when the file is damaged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from spf_desktop.store.atomic import atomic_path

KEEP = 10


def backup_dir(archive: Path) -> Path:
    return archive.with_name(f"{archive.stem}-backups")


def list_backups(archive: Path) -> list[Path]:
    """Newest first."""
    folder = backup_dir(archive)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{archive.stem}-*.db"), key=lambda p: p.name, reverse=True)


def backup_connection(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy a live database to ``target`` (written to a temporary name, then renamed)."""
    target = Path(target).expanduser().absolute()
    if not target.parent.is_dir():
        from spf_desktop.store.archive import ArchiveLocationError

        raise ArchiveLocationError(f"The folder {target.parent} does not exist.")
    try:
        with atomic_path(target) as tmp:
            dest = sqlite3.connect(str(tmp))
            try:
                conn.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
    except (OSError, sqlite3.Error) as exc:
        from spf_desktop.store.archive import ArchiveLocationError

        raise ArchiveLocationError(f"Could not write the backup {target}: {exc}") from exc
    return target


def make_backup(
    archive: Path,
    *,
    now: Callable[[], datetime] = datetime.now,
    label: str = "",
    only_if_changed: bool = False,
    keep: int = KEEP,
) -> Path | None:
    """Back up ``archive`` into its backup folder and keep the newest ``keep``.

    With ``only_if_changed``, an archive not modified since the newest backup is
    not copied again: ten starts of the app without a change would otherwise
    push every older, different backup out of the rotation.
    """
    existing = list_backups(archive)
    if only_if_changed and existing:
        newest = existing[0]
        if newest.stat().st_mtime >= _last_modified(archive):
            return None
    folder = backup_dir(archive)
    folder.mkdir(exist_ok=True)
    stamp = now().strftime("%Y%m%d-%H%M%S-%f")
    name = f"{archive.stem}-{stamp}{'-' + label if label else ''}.db"
    src = sqlite3.connect(archive.absolute().as_uri() + "?mode=ro", uri=True)
    try:
        target = backup_connection(src, folder / name)
    finally:
        src.close()
    for old in list_backups(archive)[keep:]:
        old.unlink(missing_ok=True)
    return target


def _last_modified(archive: Path) -> float:
    times = [archive.stat().st_mtime]
    wal = archive.with_name(archive.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        times.append(wal.stat().st_mtime)
    return max(times)


def newest_good_backup(archive: Path) -> Path | None:
    """The newest backup that passes SQLite's integrity check, if any."""
    for candidate in list_backups(archive):
        try:
            conn = sqlite3.connect(candidate.absolute().as_uri() + "?mode=ro", uri=True)
            try:
                if conn.execute("PRAGMA integrity_check(1)").fetchone()[0] == "ok":
                    return candidate
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            continue
    return None
