"""Deleted means deleted: after a redaction or a purge, the removed text and
answers are gone from the archive's pages, its search index, its WAL, and from
every automatic backup that still held them.

The archive itself: ``secure_delete`` zeroes freed space, then
:func:`spf_desktop.store.layout.forget` merges the search index (dropping its
old segments), rebuilds the file and truncates the WAL.

A backup holding the removed data is changed the same way: copied into memory,
the same redaction or purge applied there, then written again with
``VACUUM INTO`` (a fresh file, no free pages) and put in place of the old one,
keeping its date. The caller gets the list of backups changed, to tell the user.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from spf_desktop.store import backups, layout


def backups_sentence(changed: Iterable[Path]) -> str:
    """Plain words for the user: which backups were changed too."""
    names = [p.name for p in changed]
    if not names:
        return "No automatic backup held it."
    n = len(names)
    return (f"It was also removed from {n} automatic backup{'s' * (n != 1)}: "
            + ", ".join(names) + ".")


PENDING = "scrub_backups"


def mark_pending(db: Database) -> None:
    """Note, inside the redaction's or the purge's own transaction, that the
    backups still need scrubbing: a kill before that is done is caught up at
    the next open."""
    if layout.has_layout_state(db):
        db.execute("INSERT INTO layout_state (key, value) SELECT ?, 1 WHERE NOT EXISTS "
                   "(SELECT 1 FROM layout_state WHERE key = ?)", [PENDING, PENDING])


def pending(db: Database) -> bool:
    return layout.has_layout_state(db) and db.execute(
        "SELECT 1 FROM layout_state WHERE key = ?", [PENDING]).fetchone() is not None


def _archive(db: Database) -> Path | None:
    file = layout.archive_path(db)
    return Path(file) if file else None


def after_removal(db: Database, today: date | None = None) -> tuple[Path, ...]:
    """After a redaction or a purge: the archive's file, index and WAL scrubbed,
    then every backup brought in line with what the archive removed. Returns
    the backups changed. Safe to run again (the next open does, after a kill)."""
    layout.forget(db)
    changed = scrub_backups(db, today or date.today())
    if layout.has_layout_state(db):
        db.execute("DELETE FROM layout_state WHERE key = ?", [PENDING])
        layout.fold_wal(db)
    return changed


def scrub_backups(db: Database, today: date) -> tuple[Path, ...]:
    """Apply the archive's removals to every backup that still holds removed data:
    a comment the archive holds with other text (a redaction) takes the archive's
    text, and the responses of a round the archive has purged are purged the
    same way."""
    archive = _archive(db)
    if archive is None:
        return ()
    current = {(k, q): c for k, q, c in db.execute(
        "SELECT response_key, question_id, comment FROM answers "
        "WHERE comment IS NOT NULL AND comment != ''").fetchall()}
    from spf_desktop.store import retention

    purged = set()
    if retention._has_purges(db):
        purged = {r for (r,) in db.execute("SELECT round_id FROM round_purges").fetchall()}

    def scrub(bdb: Database) -> bool:
        changed = _redact_in(bdb, current)
        return _purge_in(bdb, purged, today) or changed

    def concerns(bdb: Database) -> bool:
        if purged and _present_rounds(bdb) & purged:
            return True
        return any((k, q) in current and current[(k, q)] != c for k, q, c in bdb.execute(
            "SELECT response_key, question_id, comment FROM answers "
            "WHERE comment IS NOT NULL AND comment != ''").fetchall())

    return tuple(backups.rewrite_backups(archive, scrub, concerns))


def _present_rounds(bdb: Database) -> set[str]:
    return {r for (r,) in bdb.execute("SELECT DISTINCT round_id FROM responses").fetchall()}


def _redact_in(bdb: Database, current: dict[tuple[str, str], str]) -> bool:
    stale = [(k, q, score, current[(k, q)]) for k, q, score, c in bdb.execute(
        "SELECT response_key, question_id, score, comment FROM answers "
        "WHERE comment IS NOT NULL AND comment != ''").fetchall()
        if (k, q) in current and current[(k, q)] != c]
    with bdb.atomic():
        for key, qid, score, text in stale:
            bdb.execute("DELETE FROM answers WHERE response_key = ? AND question_id = ?",
                        [key, qid])
            bdb.execute("INSERT INTO answers (response_key, question_id, score, comment) "
                        "VALUES (?, ?, ?, ?)", [key, qid, score, text])
            bdb.execute("UPDATE rounds SET redactions = redactions + 1 WHERE id = "
                        "(SELECT round_id FROM responses WHERE key = ?)", [key])
    return bool(stale)


def _purge_in(bdb: Database, purged: set[str], today: date) -> bool:
    from spf_desktop.store import retention
    from spf_desktop.store.schema import SCHEMA_VERSION, migrate

    if not purged:
        return False
    present = sorted(_present_rounds(bdb) & purged)
    if not present:
        return False
    if bdb.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
        migrate(bdb)  # the same purge needs the tables it writes
    with bdb.atomic():
        for round_id in present:
            if retention.is_purged(bdb, round_id):
                bdb.execute("DELETE FROM answers WHERE response_key IN "
                            "(SELECT key FROM responses WHERE round_id = ?)", [round_id])
                bdb.execute("DELETE FROM responses WHERE round_id = ?", [round_id])
            else:
                retention._purge_round(bdb, round_id, today)
    return True
