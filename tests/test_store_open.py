"""Opening an archive: migrations, refusals, damaged files, the lock, backups."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import file_hash

from spf_desktop.store import (
    Archive,
    ArchiveInUse,
    ArchiveLocationError,
    DamagedArchive,
    NewerArchive,
    repo,
)
from spf_desktop.store.backups import backup_dir, list_backups, make_backup, newest_good_backup
from spf_desktop.store.schema import MIGRATIONS, SCHEMA_VERSION

EXPECTED_TABLES = {
    "forums", "question_sets", "questions", "benchmarks", "meetings", "rounds", "responses",
    "answers", "agenda_sections", "outcomes", "decisions", "actions", "settings",
}


def test_a_new_archive_has_the_whole_schema(archive: Archive) -> None:
    tables = set(archive.db.table_names())
    assert EXPECTED_TABLES <= tables
    assert {"question_results", "round_results"} <= set(archive.db.view_names())
    assert archive.schema_version == SCHEMA_VERSION
    assert archive.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert archive.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert archive.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_an_empty_file_becomes_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with Archive.open(path) as arch:
        assert arch.schema_version == SCHEMA_VERSION


@pytest.mark.parametrize("applied", range(len(MIGRATIONS.names())))
def test_every_earlier_schema_version_is_upgraded_with_a_backup_first(tmp_path: Path, applied: int) -> None:
    path = tmp_path / "old.db"
    names = MIGRATIONS.names()
    from sqlite_utils import Database

    db = Database(path)
    # an archive as an earlier version left it: the first `applied` migrations only
    if applied:
        MIGRATIONS.apply(db, stop_before=names[applied] if applied < len(names) else None)
    else:
        db.execute("CREATE TABLE placeholder_of_nothing (x)")
    db.execute(f"PRAGMA user_version = {applied}")
    db.close()
    if applied == 0:
        path.unlink()
        path.touch()
    with Archive.open(path) as arch:
        assert arch.schema_version == SCHEMA_VERSION
        assert [m.name for m in MIGRATIONS.applied(arch.db)] == names
    if applied:
        assert any("pre-migration" in p.name or p.exists() for p in list_backups(path))


def test_a_newer_archive_is_refused_and_left_untouched(archive_path: Path) -> None:
    Archive.open(archive_path).close()
    conn = sqlite3.connect(archive_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = file_hash(archive_path)
    with pytest.raises(NewerArchive, match="newer version of SPF Desktop"):
        Archive.open(archive_path)
    assert file_hash(archive_path) == before


def test_an_unknown_migration_means_a_newer_archive(archive_path: Path) -> None:
    Archive.open(archive_path).close()
    conn = sqlite3.connect(archive_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('spf_desktop', '9999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = file_hash(archive_path)
    with pytest.raises(NewerArchive):
        Archive.open(archive_path)
    assert file_hash(archive_path) == before


def _damage(kind: str, demo_path: Path) -> Path:
    if kind == "text file":
        demo_path.write_text("Minutes of the forum, 12 May\nNot a database at all.\n")
    elif kind == "truncated":
        data = demo_path.read_bytes()
        demo_path.write_bytes(data[: len(data) // 2 + 100])
    elif kind == "page overwritten":
        data = bytearray(demo_path.read_bytes())
        page = int.from_bytes(data[16:18], "big")
        for n in (2, 3, 5):  # schema and table b-tree pages
            data[n * page + 0 : n * page + 200] = b"\xa5" * 200
        demo_path.write_bytes(bytes(data))
    return demo_path


@pytest.mark.parametrize("kind", ["text file", "truncated", "page overwritten"])
def test_a_damaged_file_gets_a_clear_message_and_is_never_modified(demo_path: Path, kind: str) -> None:
    path = _damage(kind, demo_path)
    before = file_hash(path)
    files_before = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(DamagedArchive) as info:
        Archive.open(path)
    message = str(info.value)
    assert str(path) in message
    assert "has not been changed" in message
    assert file_hash(path) == before
    # no journal, WAL or backup was written for the damaged file
    created = set(sorted(p.name for p in path.parent.iterdir())) - set(files_before)
    assert created <= {path.name + ".lock"}


def test_the_newest_good_backup_is_found_for_a_damaged_archive(demo_path: Path) -> None:
    clock = iter(datetime(2026, 1, 1) + timedelta(minutes=n) for n in range(100))
    make_backup(demo_path, now=lambda: next(clock))
    good = make_backup(demo_path, now=lambda: next(clock))
    assert good is not None
    bad = backup_dir(demo_path) / f"{demo_path.stem}-20991231-000000-000000.db"
    bad.write_text("not a database")
    _damage("text file", demo_path)
    assert newest_good_backup(demo_path) == good


def test_a_second_copy_of_the_app_is_refused(archive_path: Path) -> None:
    first = Archive.open(archive_path)
    try:
        with pytest.raises(ArchiveInUse, match="already open in another copy"):
            Archive.open(archive_path)
    finally:
        first.close()
    Archive.open(archive_path).close()  # free again once the first copy closes


def test_read_only_open_works_beside_the_writer(archive_path: Path) -> None:
    with Archive.open(archive_path) as writer:
        repo.create_forum(writer.db, "North West SPF")
        with Archive.open(archive_path, read_only=True) as reader:
            assert [f["name"] for f in repo.forums(reader.db)] == ["North West SPF"]
            with pytest.raises(sqlite3.OperationalError):
                reader.db.execute("DELETE FROM forums")


def test_a_missing_folder_is_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ArchiveLocationError, match="does not exist"):
        Archive.open(tmp_path / "no such folder" / "archive.db")


def test_a_read_only_folder_is_a_clear_message_and_nothing_changes(readonly_folder, demo_path: Path) -> None:
    folder = readonly_folder(demo_path)
    with pytest.raises(ArchiveLocationError, match="read-only"):
        Archive.open(folder / "new.db")
    target = folder / demo_path.name
    before = file_hash(target)
    with pytest.raises(ArchiveLocationError, match="read-only"):
        Archive.open(target)
    assert file_hash(target) == before


def test_backups_rotate_and_only_when_something_changed(archive_path: Path) -> None:
    moments = iter(datetime(2026, 3, 1, 9) + timedelta(minutes=n) for n in range(100))
    Archive.open(archive_path).close()
    assert list_backups(archive_path) == []  # a brand-new archive has nothing to back up
    for n in range(12):
        with Archive.open(archive_path, now=lambda: next(moments)) as arch:
            repo.create_forum(arch.db, f"Forum {n}")
    backups = list_backups(archive_path)
    assert len(backups) == 10
    newest = backups[0]
    # the newest backup holds everything up to the last start
    conn = sqlite3.connect(newest)
    assert conn.execute("SELECT count(*) FROM forums").fetchone()[0] == 11
    conn.close()
    with Archive.open(archive_path, now=lambda: next(moments)):
        pass
    with Archive.open(archive_path, now=lambda: next(moments)):
        pass
    assert list_backups(archive_path)[0] == list_backups(archive_path)[0]
    assert len(list_backups(archive_path)) == 10
    assert list_backups(archive_path)[0].name != newest.name  # the 12th forum was backed up once
    assert list_backups(archive_path)[1].name == newest.name


def test_after_close_the_db_file_alone_holds_everything(archive_path: Path, tmp_path: Path) -> None:
    with Archive.open(archive_path) as arch:
        repo.create_forum(arch.db, "Yorkshire and the Humber SPF")
    wal = archive_path.with_name(archive_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    copy = tmp_path / "usb-stick.db"
    shutil.copy(archive_path, copy)  # just the .db, as to a USB stick
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT name FROM forums").fetchall() == [("Yorkshire and the Humber SPF",)]
    conn.close()


def test_responses_hold_no_time_no_name_and_no_insertion_order(archive: Archive) -> None:
    columns = {c.name for c in archive.db["responses"].columns}
    assert columns == {"key", "round_id", "side"}
    answer_columns = {c.name for c in archive.db["answers"].columns}
    assert answer_columns == {"response_key", "question_id", "score", "comment"}
    for table in ("responses", "answers"):
        with pytest.raises(sqlite3.OperationalError, match="rowid"):
            archive.db.execute(f"SELECT rowid FROM {table}")  # noqa: S608 - fixed names
