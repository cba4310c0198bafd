"""The change hook at its source: every committed write names the kinds of record
it changed, rollbacks name nothing, and the window's and workers' connections are
opened the same way. Starts from a new, empty archive."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from spf_desktop.domain.errors import UserError
from spf_desktop.store import Archive, repo
from spf_desktop.store.connection import TABLE_KINDS, UNWATCHED_TABLES, Change


@pytest.fixture
def fresh(tmp_path: Path):
    arch = Archive.open(tmp_path / "new.db", create=True)
    heard: list[frozenset[Change]] = []
    arch.db.change_listeners.append(heard.append)
    yield arch, heard
    if arch._lock is not None:  # not closed by the test itself
        arch.close()


def test_every_table_has_a_kind_so_a_new_table_cannot_be_forgotten(fresh) -> None:
    arch, _ = fresh
    tables = {row[0] for row in arch.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    # FTS5's shadow tables belong to the search index, which mirrors other tables.
    tables = {t for t in tables if not t.startswith("search_index")}
    missing = tables - set(TABLE_KINDS) - UNWATCHED_TABLES
    assert missing == set()


def test_a_commit_names_what_it_changed_and_only_that(fresh) -> None:
    arch, heard = fresh
    forum = repo.create_forum(arch.db, "Test forum")
    assert heard == [frozenset({Change.FORUM})]
    heard.clear()
    repo.create_benchmark(arch.db, "Other regional SPFs", 7.5, forum_id=forum)
    assert heard == [frozenset({Change.BENCHMARK})]


def test_a_rolled_back_write_names_nothing(fresh) -> None:
    arch, heard = fresh
    with pytest.raises(UserError):
        with arch.db.atomic():
            arch.db["forums"].insert({"id": "f1", "name": "Will not stay",
                                      "ways_of_working": "[]"})
            raise UserError("changed my mind")
    assert heard == []
    assert arch.db.execute("SELECT count(*) FROM forums").fetchone()[0] == 0
    repo.create_forum(arch.db, "Stays")
    assert heard == [frozenset({Change.FORUM})]  # nothing left over from the rollback


def test_nested_writes_are_announced_once_when_the_outer_one_commits(fresh) -> None:
    arch, heard = fresh
    with arch.db.atomic():
        forum = repo.create_forum(arch.db, "Inner")
        assert heard == []  # not committed yet
        arch.db["meetings"].insert({"id": "m1", "forum_id": forum, "title": "First",
                                    "is_template": 0})
    assert heard == [frozenset({Change.FORUM, Change.MEETING})]


def test_the_change_log_never_reaches_the_file(fresh, tmp_path: Path) -> None:
    arch, _ = fresh
    repo.create_forum(arch.db, "Test forum")
    path = arch.path
    arch.close()
    raw = path.read_bytes()
    assert b"spf_change" not in raw
    with sqlite3.connect(path) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    assert not [n for n in names if n.startswith("spf_change")]
    Archive.open(path).close()  # and the archive opens again as before


def test_a_worker_connection_is_opened_with_the_windows_pragmas(fresh) -> None:
    arch, _ = fresh
    pragmas = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout",
               "secure_delete", "temp_store", "query_only")

    def read(db) -> dict[str, object]:
        return {p: db.execute(f"PRAGMA {p}").fetchone()[0] for p in pragmas}

    window = read(arch.db)
    got: dict[str, object] = {}

    def work() -> None:
        db = arch.worker_database()
        try:
            got.update(read(db))
        finally:
            db.close()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert got == window
    assert window["secure_delete"] == 1 and window["synchronous"] == 2  # FULL


def test_a_worker_connection_announces_its_own_commits(fresh) -> None:
    arch, heard = fresh
    worker = arch.worker_database()
    worker_heard: list[frozenset[Change]] = []
    worker.change_listeners.append(worker_heard.append)
    try:
        repo.create_forum(worker, "Made by a worker")
    finally:
        worker.close()
    assert worker_heard == [frozenset({Change.FORUM})]
    assert heard == []  # the window's connection hears only its own; Operations joins them
    assert [f["name"] for f in repo.forums(arch.db)] == ["Made by a worker"]


def test_read_only_archives_refuse_writes_and_announce_nothing(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Archive.open(path, create=True) as arch:
        repo.create_forum(arch.db, "Forum")
    with Archive.open(path, read_only=True) as arch:
        assert arch.db.execute("PRAGMA secure_delete").fetchone()[0] == 1
        with pytest.raises(sqlite3.OperationalError):
            repo.create_forum(arch.db, "Not allowed")
