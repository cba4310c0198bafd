"""Opening an archive file without ever harming it.

The order matters: check the folder, take the lock, read the file read-only
(header, integrity, schema version), back it up, and only then open it for
writing and migrate. A damaged or newer file is refused before anything is
written to it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from spf_desktop.domain.errors import UserError
from spf_desktop.store import backups as _backups
from spf_desktop.store import erasure, layout
from spf_desktop.store.connection import ArchiveDatabase, connect, connect_worker, make_private
from spf_desktop.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate
from spf_desktop.store.writable import (
    check_length,
    check_replaceable,
    check_writable,
    write_problem,
)

if TYPE_CHECKING:
    from filelock import BaseFileLock

SQLITE_MAGIC = b"SQLite format 3\x00"


class ArchiveError(UserError):
    """The archive cannot be used as asked; the message says why and what to do."""


class ArchiveLocationError(ArchiveError):
    """The folder is missing or read-only."""


class ArchiveInUse(ArchiveError):
    """Another copy of the app has this archive open."""


class DamagedArchive(ArchiveError):
    """Not an SQLite file, truncated, or failing the integrity check. Never modified."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class NewerArchive(ArchiveError):
    """Made by a newer version of the app. Left untouched."""


def _ro_uri(path: Path) -> str:
    return path.absolute().as_uri() + "?mode=ro"


def _inspect_uri(path: Path) -> str:
    """Read-only, and with no WAL to replay, immutable: SQLite then creates no
    -wal or -shm file beside a file that may be damaged."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        return _ro_uri(path)
    return _ro_uri(path) + "&immutable=1"


def inspect_file(path: Path) -> int:
    """Read-only checks of an existing file; returns its schema version.

    Raises DamagedArchive or NewerArchive. Writes nothing to the file.
    """
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise ArchiveLocationError(f"Cannot read {path}: {exc.strerror}.") from exc
    if len(header) == 0:
        return 0  # an empty file is a new archive
    if not header.startswith(SQLITE_MAGIC):
        raise DamagedArchive(
            f"{path} is not an SPF Desktop archive (it is not an SQLite database file). "
            "It has not been changed.",
            path,
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages_in_header = int.from_bytes(header[28:32], "big")
    size = path.stat().st_size
    wal = path.with_name(path.name + "-wal")
    if page_size < 512 or size % page_size or (
        pages_in_header and size < pages_in_header * page_size and not wal.exists()
    ):
        raise DamagedArchive(
            f"{path} is damaged: the file is shorter than its own header says "
            f"({size:,} bytes), as if a copy was cut off. It has not been changed.",
            path,
        )
    try:
        conn = sqlite3.connect(_inspect_uri(path), uri=True)
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            applied = _applied_migrations(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DamagedArchive(
            f"{path} is damaged ({exc}). It has not been changed.", path
        ) from exc
    if problems != ["ok"]:
        raise DamagedArchive(
            f"{path} is damaged: the integrity check found "
            f"{'; '.join(problems[:3])}. It has not been changed.",
            path,
        )
    unknown = [name for name in applied if name not in MIGRATIONS.names()]
    if version > SCHEMA_VERSION or unknown:
        raise NewerArchive(
            f"{path} was made by a newer version of SPF Desktop (schema {version}; "
            f"this version knows {SCHEMA_VERSION}). Open it with the newer version; "
            "it has not been changed."
        )
    return version


def _applied_migrations(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


class Archive:
    """An open archive: the sqlite-utils Database plus the lock that keeps it ours."""

    def __init__(self, path: Path, db: ArchiveDatabase, lock: BaseFileLock | None,
                 read_only: bool) -> None:
        self.path = path
        self.db = db
        self._lock = lock
        self.read_only = read_only
        self.last_backup: Path | None = None

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        read_only: bool = False,
        backup: bool = True,
        now: Callable[[], datetime] = datetime.now,
    ) -> Archive:
        path = Path(path).expanduser().absolute()
        folder = path.parent
        if not folder.is_dir():
            raise ArchiveLocationError(
                f"The folder {folder} does not exist. Choose a folder that exists for the archive."
            )
        exists = path.exists() and path.stat().st_size > 0
        if not exists and (read_only or not create):
            raise ArchiveLocationError(f"There is no archive at {path}.")
        if path.is_dir():
            raise ArchiveLocationError(f"{path} is a folder, not an archive file.")
        if not read_only:
            # By creating a file there: os.access says yes to every folder on Windows.
            check_length(path, extra=len("-journal"), error=ArchiveLocationError)
            check_writable(folder, "the archive", error=ArchiveLocationError,
                           advice="Choose another folder, or open the archive read-only.")
        if exists and not read_only:
            check_replaceable(path, error=ArchiveLocationError, message=(
                f"{path} is read-only. Open it read-only, or copy it somewhere you can write."))

        lock = None if read_only else _take_lock(path)
        try:
            version = inspect_file(path) if exists else 0
            archive_backup = None
            if exists and backup and not read_only:
                archive_backup = _backups.make_backup(path, now=now, only_if_changed=True)
            if read_only:
                # No -wal or -shm is made beside someone else's file: nothing is written.
                db = connect(path, read_only=True, uri=_inspect_uri(path))
            else:
                make_private(path)
                db = connect(path)
                # A kill may have left a WAL: fold it in, so no older page stays beside the file.
                layout.fold_wal(db)
                if version < SCHEMA_VERSION:
                    if exists and archive_backup is None and backup:
                        archive_backup = _backups.make_backup(path, now=now, label="pre-migration")
                    had_layout = exists and layout.has_layout_state(db)
                    migrate(db)
                    if exists and not had_layout:
                        # Made by a version that kept an order: rebuild the pages and
                        # the search index now, and the backups that version made.
                        layout.rebuild(db)
                        _backups.remove_order_from_backups(path)
                if erasure.pending(db):
                    # Killed between a redaction or a purge and its scrub: scrub now, and
                    # make the backup just taken again from the scrubbed file.
                    erasure.after_removal(db)
                    if archive_backup is not None:
                        _backups.backup_connection(db.conn, archive_backup)
                if exists and backup:
                    # Backups an earlier version made while a round was open held it.
                    _backups.remove_open_rounds_from_backups(path)
                db.watch_changes()
            archive = cls(path, db, lock, read_only)
            archive.last_backup = archive_backup
            return archive
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    def close(self) -> None:
        """Rebuild the pages if rows came or went (so cell placement follows the
        random keys, not time), and fold the write-ahead log into the file, so
        the .db alone holds everything.

        A rebuild that cannot run (a full disk) leaves the archive as it was and
        stays pending for the next close."""
        try:
            if not self.read_only:
                if layout.needs_rebuild(self.db):
                    with contextlib.suppress(UserError):
                        layout.rebuild(self.db)
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.db.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def worker_database(self) -> ArchiveDatabase:
        """A connection of its own for a worker thread, opened as the window's was."""
        if self.read_only:
            return connect(self.path, read_only=True, uri=_inspect_uri(self.path))
        return connect_worker(self.path)

    def backup_to(self, target: str | os.PathLike[str]) -> Path:
        return _backups.backup_connection(self.db.conn, Path(target))

    def integrity_problems(self) -> list[str]:
        rows = [r[0] for r in self.db.execute("PRAGMA integrity_check(10)").fetchall()]
        return [] if rows == ["ok"] else rows

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]


def _take_lock(path: Path) -> BaseFileLock:
    from filelock import FileLock, Timeout

    # 0600 like the archive (the lock file holds nothing, but says the archive is in use).
    lock = FileLock(str(path) + ".lock", timeout=0, mode=0o600, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise ArchiveInUse(
            f"{path} is already open in another copy of SPF Desktop. "
            "Close that copy first, or open this archive read-only."
        ) from None
    except OSError as exc:
        # filelock's own words ("Cannot lock ...: Access denied") are not the user's.
        if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EROFS):
            raise ArchiveLocationError(
                f"The folder {path.parent} is read-only, so {path.name} cannot be opened for "
                "changes there (it needs a lock file beside it). Open it read-only, or copy "
                "it somewhere you can write.") from exc
        raise write_problem(Path(lock.lock_file), exc, error=ArchiveLocationError,
                            what="the archive's lock file") from exc
    return lock
