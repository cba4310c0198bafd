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


def _archive(db: Database) -> Path | None:
    file = layout.archive_path(db)
    return Path(file) if file else None


def after_redaction(db: Database, response_key: str, question_id: str, text: str) -> tuple[Path, ...]:
    """Scrub the archive and its backups after a comment was replaced by ``text``."""
    layout.forget(db)
    archive = _archive(db)
    if archive is None:
        return ()

    def redact(bdb: Database) -> bool:
        row = bdb.execute("SELECT score, comment FROM answers WHERE response_key = ? "
                          "AND question_id = ?", [response_key, question_id]).fetchone()
        if row is None or row[1] is None or row[1] == text:
            return False
        bdb.execute("DELETE FROM answers WHERE response_key = ? AND question_id = ?",
                    [response_key, question_id])
        bdb.execute("INSERT INTO answers (response_key, question_id, score, comment) "
                    "VALUES (?, ?, ?, ?)", [response_key, question_id, row[0], text])
        bdb.execute("UPDATE rounds SET redactions = redactions + 1 WHERE id = "
                    "(SELECT round_id FROM responses WHERE key = ?)", [response_key])
        return True

    return tuple(backups.rewrite_backups(archive, redact))


def after_purge(db: Database, round_ids: Iterable[str], today: date) -> tuple[Path, ...]:
    """Scrub the archive and its backups after the raw responses of rounds were purged."""
    layout.forget(db)
    archive = _archive(db)
    wanted = list(round_ids)
    if archive is None or not wanted:
        return ()

    def purge(bdb: Database) -> bool:
        from spf_desktop.store import retention
        from spf_desktop.store.schema import SCHEMA_VERSION, migrate

        marks = ", ".join("?" * len(wanted))
        present = [r for (r,) in bdb.execute(
            f"SELECT DISTINCT round_id FROM responses WHERE round_id IN ({marks})",  # noqa: S608
            wanted).fetchall()]
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
                    retention._purge_round(bdb, round_id, today)  # noqa: SLF001 - the same purge
        return True

    return tuple(backups.rewrite_backups(archive, purge))
