"""One way to open a connection to an archive, and the change log every write feeds.

Every connection the app opens, the window's and a worker thread's alike, comes
from :func:`connect`, so the pragmas cannot drift between them.

The change log answers "what kind of record did that write change?" without the
writer having to say: temporary triggers (they live in the connection's memory,
never in the file) note the kind of each table a statement touches, and when the
outermost ``db.atomic()`` block commits, the kinds are handed to the
connection's listeners. A rolled-back transaction rolls its notes back with it,
so listeners only ever hear of committed changes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Generator
from enum import StrEnum
from pathlib import Path

from sqlite_utils import Database

from spf_desktop.domain.errors import UserError


class Change(StrEnum):
    """The kinds of record a write can change; views say which kinds they show."""

    FORUM = "forum"
    QUESTION_SET = "question_set"
    BENCHMARK = "benchmark"
    ROUND = "round"
    RESPONSE = "response"
    MEETING = "meeting"
    SECTION = "section"
    CAPTURE = "capture"  # outcomes, decisions and actions
    RUN_STATE = "run_state"
    SETTING = "setting"


Changes = frozenset[Change]

#: Which kind of record each table holds. A table left out here is a test failure
#: (tests/test_changes.py), so a new table cannot be forgotten.
TABLE_KINDS: dict[str, Change] = {
    "forums": Change.FORUM,
    "question_sets": Change.QUESTION_SET,
    "questions": Change.QUESTION_SET,
    "benchmarks": Change.BENCHMARK,
    "rounds": Change.ROUND,
    "round_purges": Change.ROUND,
    "round_aggregates": Change.ROUND,
    "responses": Change.RESPONSE,
    "answers": Change.RESPONSE,
    "meetings": Change.MEETING,
    "agenda_sections": Change.SECTION,
    "agenda_run_state": Change.RUN_STATE,
    "outcomes": Change.CAPTURE,
    "decisions": Change.CAPTURE,
    "actions": Change.CAPTURE,
    "settings": Change.SETTING,
    "benchmark_shared": Change.BENCHMARK,
    "peer_sources": Change.BENCHMARK,
    "peer_rounds": Change.BENCHMARK,
    "peer_answers": Change.BENCHMARK,
}

#: Tables that only mirror others (the search index, migrations, the note that the
#: pages need rebuilding): no kind of their own.
UNWATCHED_TABLES = frozenset({"search_refs", "_sqlite_migrations", "layout_state"})

ChangeListener = Callable[[Changes], None]


class ArchiveDatabase(Database):
    """A sqlite-utils Database that tells its listeners what each commit changed."""

    def __init__(self, conn: sqlite3.Connection, **kwargs: object) -> None:
        super().__init__(conn, **kwargs)  # type: ignore[arg-type]
        self.change_listeners: list[ChangeListener] = []
        self._watching = False

    @contextlib.contextmanager
    def atomic(self) -> Generator[Database, None, None]:
        outermost = not self.conn.in_transaction
        with super().atomic():
            yield self
        if outermost:
            self.announce_changes()

    def watch_changes(self) -> None:
        """Install the temporary triggers that note the kind of every write."""
        if self._watching:
            return
        tables = [row[0] for row in self.conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%'")]
        statements = [
            "CREATE TEMP TABLE IF NOT EXISTS spf_changes (kind TEXT)"]
        for table in tables:
            kind = TABLE_KINDS.get(table)
            if kind is None:
                continue
            # No unique constraint on spf_changes: an outer statement's conflict
            # clause (INSERT OR REPLACE ...) would override the trigger's own.
            for event in ("INSERT", "UPDATE", "DELETE"):
                statements.append(  # names and kinds come from TABLE_KINDS, not from input
                    f"CREATE TEMP TRIGGER IF NOT EXISTS spf_change_{table}_{event.lower()} "  # noqa: S608
                    f"AFTER {event} ON main.[{table}] BEGIN "
                    f"INSERT INTO spf_changes (kind) SELECT '{kind.value}' WHERE NOT EXISTS "
                    f"(SELECT 1 FROM spf_changes WHERE kind = '{kind.value}'); END")
        for statement in statements:
            self.conn.execute(statement)
        self._watching = True

    def take_changes(self) -> Changes:
        """The kinds changed since the last call, and forget them."""
        if not self._watching or self.conn.in_transaction:
            return frozenset()
        rows = self.conn.execute("DELETE FROM temp.spf_changes RETURNING kind").fetchall()
        return frozenset(Change(row[0]) for row in rows)

    def announce_changes(self) -> Changes:
        """Tell the listeners what was committed since the last announcement.

        ``atomic()`` calls this itself; a write made outside ``atomic()`` calls it
        once committed."""
        kinds = self.take_changes()
        if kinds:
            for listener in list(self.change_listeners):
                listener(kinds)
        return kinds


class UnsafeSQLite(UserError):
    """This SQLite ignores a setting anonymity depends on: refuse to open."""


#: Settings every connection must have, and the value SQLite reports once set.
#: secure_delete: deleted content is overwritten with zeros, so a removed comment
#: does not stay readable in free space (CPython's Windows build leaves it off).
#: temp_store: sorts, VACUUM's copy and temporary tables stay in memory, never in
#: a temporary file that would hold what participants typed.
REQUIRED_PRAGMAS = (("secure_delete", "PRAGMA secure_delete", 1),
                    ("temp_store", "PRAGMA temp_store", 2))


def require_pragmas(db: Database) -> None:
    """Raise UnsafeSQLite when a required setting did not take effect."""
    for name, statement, wanted in REQUIRED_PRAGMAS:
        row = db.execute(statement).fetchone()
        if row is None or row[0] != wanted:
            raise UnsafeSQLite(
                f"This copy of SQLite did not accept PRAGMA {name} (it reports "
                f"{row[0] if row else 'nothing'}, not {wanted}), so deleted answers could stay "
                "readable in the file. The archive was not opened.")


def create_private(path: Path) -> None:
    """Create an empty archive file readable by its owner only (0600) before SQLite
    makes it; SQLite gives the -wal and -shm files the same permissions."""
    if path.exists():
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def make_private(path: Path) -> None:
    """Tighten an existing file to 0600 (an archive made by an older version)."""
    if os.name != "posix":  # pragma: no cover - Windows keeps its own ACLs
        return
    with contextlib.suppress(OSError):  # not ours to change: leave it
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)


def connect(path: Path, *, read_only: bool = False, uri: str | None = None) -> ArchiveDatabase:
    """Open a connection with the archive's pragmas.

    Writable connections use WAL with synchronous=FULL (a submitted response is on
    disk when the call returns), enforce foreign keys, wait for a busy lock, and
    overwrite deleted content (secure_delete), so a removed comment does not stay
    readable in the file's free pages. Temporary data stays in memory. Both are
    checked, and a SQLite that ignores them is refused (UnsafeSQLite). A new file
    is created readable by its owner only. Read-only connections refuse every write.
    """
    target = uri if uri is not None else str(path)
    if uri is None and not read_only and str(path) != ":memory:":
        create_private(Path(path))
    conn = sqlite3.connect(target, uri=uri is not None, isolation_level=None,
                           check_same_thread=False)
    db = ArchiveDatabase(conn, execute_plugins=False, recursive_triggers=not read_only)
    db.execute("PRAGMA temp_store = MEMORY")
    db.execute("PRAGMA secure_delete = ON")
    try:
        require_pragmas(db)
    except UnsafeSQLite:
        conn.close()
        raise
    if read_only:
        db.execute("PRAGMA query_only = ON")
        return db
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 5000")
    return db


def connect_worker(path: Path) -> ArchiveDatabase:
    """A second writable connection to an open archive, for a worker thread.
    Same pragmas as the window's; its changes are watched the same way.
    An archive whose folder has gone (a network drive, a USB stick) is told
    plainly, and no new empty file is made in its place."""
    if not Path(path).is_file():
        from spf_desktop.store.environment import archive_gone

        raise archive_gone(Path(path))
    db = connect(path)
    db.watch_changes()
    return db
