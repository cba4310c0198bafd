"""Pages that carry no order, and deleted data that is really gone.

Someone who copies the archive file can read more than its rows: SQLite places
each new cell of a B-tree page below the last one, so the byte offsets of a
round's responses inside a page give the order they were written in; the
write-ahead log keeps each commit's pages in commit order; and a full-text
index keeps one segment per commit. Random keys alone hide none of that.

The design:

* **Every submission reshuffles its round.** In the same transaction as the new
  response, every response and answer of the round is deleted and written
  again in a fresh random order (:func:`reshuffle_round`). Where a cell lands
  then depends on that random order, not on when it was given, and the commit
  touches every page of the round, so which pages changed says nothing either.
  After the commit the WAL is checkpointed and truncated to zero bytes
  (:func:`fold_wal`), so no older version of a page is left in it.
* **Comments enter the search index when their round closes**, all at once, in
  random order, with random ids (migration 0010), never while people answer.
* **Rebuild** (:func:`rebuild`): the search index merged into one segment, then
  ``VACUUM``, which writes every table and index again in key order (keys are
  random), then the WAL truncated. It runs when a round closes, when the app
  closes after rows came or went (``layout_state``), and after a migration.
  ``VACUUM`` is one transaction: a kill leaves the old file or the new one, and
  a failure (a full disk) leaves the archive as it was and the rebuild pending.
* **Deleted means deleted**: ``secure_delete`` zeroes freed space; after a
  redaction or a purge the index is merged (its old segments, which still held
  the removed words, are deleted), the file rebuilt and the WAL truncated.
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from collections.abc import Iterator

from sqlite_utils import Database

from spf_desktop.store.environment import storage_errors


def _has(db: Database, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone() is not None


def reshuffle_round(db: Database, round_id: str) -> int:
    """Write every response and answer of a round again, in a fresh random order.

    Runs inside the caller's transaction. Keys stay as they are (merges match on
    them). Returns how many responses were written.
    """
    conn = db.conn
    responses = conn.execute(
        "SELECT key, round_id, side FROM responses WHERE round_id = ?", [round_id]).fetchall()
    answers = conn.execute(
        """SELECT a.response_key, a.question_id, a.score, a.comment FROM answers a
           JOIN responses s ON s.key = a.response_key WHERE s.round_id = ?""",
        [round_id]).fetchall()
    rng = secrets.SystemRandom()
    rng.shuffle(responses)
    rng.shuffle(answers)
    conn.execute("DELETE FROM answers WHERE response_key IN "
                 "(SELECT key FROM responses WHERE round_id = ?)", [round_id])
    conn.execute("DELETE FROM responses WHERE round_id = ?", [round_id])
    conn.executemany("INSERT INTO responses (key, round_id, side) VALUES (?, ?, ?)", responses)
    conn.executemany(
        "INSERT INTO answers (response_key, question_id, score, comment) VALUES (?, ?, ?, ?)",
        answers)
    return len(responses)


@contextlib.contextmanager
def _busy_timeout(db: Database, ms: int) -> Iterator[None]:
    before = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute(f"PRAGMA busy_timeout = {int(ms)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(before)}")


def _writable(db: Database) -> bool:
    return not db.execute("PRAGMA query_only").fetchone()[0]


def fold_wal(db: Database, *, wait_ms: int = 250) -> bool:
    """Checkpoint the WAL into the file and truncate it to zero bytes.

    True when done. A reader holding an old snapshot (another connection) makes
    it wait at most ``wait_ms``; it is then tried again at the next write.
    """
    if db.conn.in_transaction or not _writable(db):
        return False
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        return True
    try:
        with _busy_timeout(db, wait_ms):
            busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.OperationalError:
        return False
    return busy == 0


def merge_search_index(db: Database) -> None:
    """Merge the full-text index into one segment, inside the caller's transaction.

    Older segments (which still hold the words of removed or replaced text, and
    say which entries were added together) are deleted, and secure_delete
    zeroes them.
    """
    if _has(db, "search_index"):
        db.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")


def has_layout_state(db: Database) -> bool:
    """True for an archive made or migrated by a version that keeps no order."""
    return _has(db, "layout_state")


def needs_rebuild(db: Database) -> bool:
    if not _has(db, "layout_state"):
        return False
    return db.execute("SELECT 1 FROM layout_state WHERE key = 'rebuild'").fetchone() is not None


def rebuild(db: Database) -> bool:
    """Merge the search index, VACUUM and truncate the WAL; clear the pending mark.

    Returns False when it could not run now (a transaction or a statement still
    open on this connection): the mark stays and the next close tries again.
    A full disk or a pulled disk becomes a StorageError; the archive is as it was.
    """
    if db.conn.in_transaction or not _writable(db):
        return False
    with storage_errors("rebuilding the archive's pages"):
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                merge_search_index(db)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("VACUUM")
        except sqlite3.OperationalError as exc:
            if "SQL statements in progress" in str(exc) or "within a transaction" in str(exc):
                return False
            raise
        if _has(db, "layout_state"):
            db.execute("DELETE FROM layout_state")
    fold_wal(db)
    return True


def forget(db: Database) -> None:
    """After a redaction or a purge: nothing of the removed text is left in the
    index, in free space or in the WAL."""
    rebuild(db)


def archive_path(db: Database) -> str | None:
    """The file behind the connection, or None for an in-memory database."""
    for _, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or None
    return None
