"""Automatic, rotating backups made with SQLite's online backup API.

Backups of ``/some/folder/forum.db`` go to ``/some/folder/forum-backups/``, so
they travel with the archive and the app can find them when the file is damaged.

**No backup holds the responses of a round that is still open.** The laptop goes
round the room, so the order of answering names people. Backups are made every
time the archive is opened after a change (a restart after a kill, a close at
lunch, a command-line call), so during an open round each one would hold exactly
the responses given so far, and ranking each response by the first backup that
holds it gives the order back. The copy is therefore made into memory, the open
rounds' responses and answers (and their search entries, through the triggers)
deleted there, the search index merged, and the result written with
``VACUUM INTO`` (a fresh file with no free pages, so nothing deleted remains)
under a temporary name, then renamed into place. The open round's responses
are safe in the archive itself (each submission is committed at once with
``synchronous = FULL``); closing the round rebuilds the archive's file, so the
next open sees it changed and makes a backup with every response of the round.

Backups made by hand (File > Back up, ``spf-desktop backup --out``) leave the
open rounds out too, and say so. Only the copy a restore keeps of the file it
replaces holds everything (``open_rounds=True``), so a restore never loses
answers.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from spf_desktop.paths import make_private_dir
from spf_desktop.store.atomic import PART, TEMP_EXTRA, atomic_path
from spf_desktop.store.writable import check_length, check_writable, write_problem

KEEP = 10


def backup_dir(archive: Path) -> Path:
    return archive.with_name(f"{archive.stem}-backups")


def list_backups(archive: Path) -> list[Path]:
    """Newest first."""
    folder = backup_dir(archive)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{archive.stem}-*.db"), key=lambda p: p.name, reverse=True)


def open_round_responses(conn: sqlite3.Connection) -> int:
    """How many responses belong to rounds still open (what a backup leaves out)."""
    try:
        return int(conn.execute(
            "SELECT count(*) FROM responses WHERE round_id IN "
            "(SELECT id FROM rounds WHERE status = 'open')").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # not an archive yet (no such table)


def left_out_sentence(count: int) -> str:
    """Plain words for the user: what a backup made now does not hold."""
    if not count:
        return ""
    return (f"It does not hold the {count} response{'s' * (count != 1)} of the round "
            "still open (so no backup can show the order people answered in); "
            "they are in the archive, and in the first backup made after the round closes.")


def _copy_without_open_rounds(conn: sqlite3.Connection, tmp: Path) -> None:
    """Copy into memory, delete the open rounds' responses there, write with VACUUM INTO."""
    from spf_desktop.store import layout

    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.backup(mem)
        mem.execute("PRAGMA secure_delete = ON")
        mem.execute("PRAGMA foreign_keys = ON")
        db = Database(mem)
        with db.atomic():
            # The answers' delete triggers remove their search entries too.
            mem.execute("DELETE FROM answers WHERE response_key IN (SELECT key FROM responses "
                        "WHERE round_id IN (SELECT id FROM rounds WHERE status = 'open'))")
            mem.execute("DELETE FROM responses WHERE round_id IN "
                        "(SELECT id FROM rounds WHERE status = 'open')")
            layout.merge_search_index(db)
        tmp.unlink(missing_ok=True)
        mem.execute("VACUUM INTO ?", [str(tmp)])
    finally:
        mem.close()


def backup_connection(conn: sqlite3.Connection, target: Path, *,
                      open_rounds: bool = False) -> Path:
    """Copy a live database to ``target`` (written to a temporary name, then renamed).

    Unless ``open_rounds``, the responses of rounds still open are left out
    (see the module's docstring): nothing of them is in the file written.
    """
    from spf_desktop.store.archive import ArchiveLocationError

    target = Path(target).expanduser().absolute()
    # The copy is written beside the target under a temporary name, with a -journal.
    check_length(target, extra=TEMP_EXTRA + len("-journal"), error=ArchiveLocationError)
    if not target.parent.is_dir():
        raise ArchiveLocationError(f"The folder {target.parent} does not exist.")
    # By creating a file there: os.access says yes to every folder on Windows.
    check_writable(target.parent, "the backup", error=ArchiveLocationError)
    try:
        with atomic_path(target) as tmp:
            if not open_rounds and open_round_responses(conn):
                _copy_without_open_rounds(conn, tmp)
            else:
                dest = sqlite3.connect(str(tmp))
                try:
                    conn.backup(dest)
                    dest.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dest.close()
    except OSError as exc:
        raise write_problem(target, exc, what=f"the backup {target}",
                            error=ArchiveLocationError) from exc
    except sqlite3.Error as exc:
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
    folder = make_private_dir(backup_dir(archive))
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


def rewrite_backups(archive: Path, change: Callable[[Database], bool],
                    concerns: Callable[[Database], bool] | None = None,
                    skip: Callable[[Path], bool] | None = None) -> list[Path]:
    """Apply ``change`` to every backup of ``archive``; rewrite those it changed.

    Each backup is copied into memory (nothing on disk but the result), ``change``
    runs on the copy and says whether the backup held what it looks for; a
    changed copy has its search index merged and is written with ``VACUUM INTO``
    (fresh pages in key order, no free space) under a temporary name, then
    renamed over the backup, which keeps its date. Leftover temporary files of
    an interrupted backup are removed. ``concerns``, when given, is asked first
    on a read-only connection, so a backup with nothing to change is not copied.
    Returns the backups rewritten.
    """
    from spf_desktop.store import layout

    folder = backup_dir(archive)
    if not folder.is_dir():
        return []
    for leftover in folder.glob(f".*{PART}"):
        leftover.unlink(missing_ok=True)
    changed: list[Path] = []
    for path in list_backups(archive):
        if skip is not None and skip(path):
            continue
        if concerns is not None:
            try:
                ro = sqlite3.connect(path.absolute().as_uri() + "?mode=ro&immutable=1", uri=True)
                try:
                    if not concerns(Database(ro)):
                        continue
                finally:
                    ro.close()
            except sqlite3.DatabaseError:
                continue
        try:
            src = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
            mem = sqlite3.connect(":memory:", isolation_level=None)
            try:
                src.backup(mem)
            finally:
                src.close()
        except sqlite3.DatabaseError:
            continue  # a damaged backup is never read, so it is left to the restore check
        try:
            db = Database(mem)
            mem.execute("PRAGMA foreign_keys = ON")
            if not change(db):
                continue
            with db.atomic():
                layout.merge_search_index(db)
            stat = path.stat()
            with atomic_path(path) as tmp:
                tmp.unlink()
                mem.execute("VACUUM INTO ?", [str(tmp)])
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            changed.append(path)
        finally:
            mem.close()
    return changed


def remove_order_from_backups(archive: Path) -> list[Path]:
    """Backups made by a version before 0010 keep an order (search ids given as
    max + 1, cells in the order written): give their search entries random ids
    and write their pages again. Backups already without order are left as they are.
    """
    from spf_desktop.store.schema import rekey_search

    def rekey(db: Database) -> bool:
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if "layout_state" in names:
            return False  # made by this version: no order to remove
        with db.atomic():
            if "search_refs" in names:
                rekey_search(db)
        return True

    return rewrite_backups(archive, rekey)


_OPEN_RESPONSES = ("SELECT 1 FROM responses WHERE round_id IN "
                   "(SELECT id FROM rounds WHERE status = 'open') LIMIT 1")


def remove_open_rounds_from_backups(archive: Path) -> list[Path]:
    """Backups made by a version that copied open rounds: take those rounds'
    responses out (with their answers and search entries) and write the pages
    again. The copies a restore kept (``-before-restore``) are left whole, so a
    restore can still be undone. Returns the backups rewritten."""

    def concerns(db: Database) -> bool:
        try:
            return db.execute(_OPEN_RESPONSES).fetchone() is not None
        except sqlite3.OperationalError:
            return False

    def change(db: Database) -> bool:
        with db.atomic():
            db.execute("DELETE FROM answers WHERE response_key IN (SELECT key FROM responses "
                       "WHERE round_id IN (SELECT id FROM rounds WHERE status = 'open'))")
            db.execute("DELETE FROM responses WHERE round_id IN "
                       "(SELECT id FROM rounds WHERE status = 'open')")
        return True

    return rewrite_backups(archive, change, concerns,
                           skip=lambda p: p.stem.endswith("-before-restore"))
