"""Issue 12, item 2: deleted means deleted. After a redaction or a purge the
removed text and answers are nowhere in the bytes of the .db, its -wal and
-shm, or any file in the backups folder; the search index holds none of their
words; the backups that held them were changed and the user is told which.
Also: secure_delete and temp_store are checked on every connection, and a kill
during the rebuild loses nothing.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from sqlite_utils import Database

from spf_desktop.domain.kiosk import Submission
from spf_desktop.store import Archive, audit, backups, repo, retention
from spf_desktop.store.connection import UnsafeSQLite, connect, require_pragmas
from spf_desktop.store.shipped import shipped_set_id

NAMED = "Ask Pat Smithfield why she shouted at Jo Quennell in the corridor"
LONG = ("Zebulon Marchbanks keeps overruling the staff side. " * 30).strip()  # overflows a page
WORDS = ("Smithfield", "Quennell", "Marchbanks", "Zebulon")


def _files(path: Path) -> list[Path]:
    """Everything an attacker could copy: the archive, its WAL and shared memory,
    and every file in the backups folder (hidden ones included)."""
    found = [p for p in (path, path.with_name(path.name + "-wal"),
                         path.with_name(path.name + "-shm")) if p.exists()]
    folder = backups.backup_dir(path)
    if folder.is_dir():
        found += sorted(p for p in folder.iterdir() if p.is_file())
    return found


def _leaks(path: Path, needles: list[str]) -> list[str]:
    hits = []
    for file in _files(path):
        data = file.read_bytes().lower()
        for needle in needles:
            for form in {needle.lower().encode(), needle.lower().encode("utf-16-le")}:
                if form in data:
                    hits.append(f"{needle!r} in {file.name}")
    return hits


def _terms(file: Path) -> set[str]:
    """The words the file's search index knows (an attacker with any SQLite tool)."""
    conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, search_index, row)")
        return {t for (t,) in conn.execute("SELECT term FROM temp.v")}
    except sqlite3.OperationalError:
        return set()
    finally:
        conn.close()


def _answer(db, round_id: str, n: int, comments: dict[int, str]) -> str:
    qids = [q.id for q in audit.kiosk_questions(db, round_id)]
    return audit.submit(db, round_id, Submission(
        {q: (n + i) % 11 for i, q in enumerate(qids)},
        {qids[i]: text for i, text in comments.items()}, "staff"))


def _round_with(db, label: str, when: str, texts: list[str]) -> tuple[str, list[str]]:
    forum = repo.forums(db)[0]["id"] if repo.forums(db) else repo.create_forum(db, "Test SPF")
    round_id = audit.create_audit_round(db, forum, shipped_set_id(), label, when)
    audit.open_round(db, round_id)
    keys = [_answer(db, round_id, n, {n % 10: text}) for n, text in enumerate(texts)]
    keys += [_answer(db, round_id, 50 + n, {}) for n in range(5)]
    audit.close_round(db, round_id)
    return round_id, keys


def test_a_redacted_comment_is_gone_from_every_byte(tmp_path: Path) -> None:
    path = tmp_path / "forum.db"
    with Archive.open(path) as archive:
        round_id, _ = _round_with(archive.db, "Spring", "2026-03-01",
                                  [NAMED, LONG, "Good meeting, we listened", "More trust please"])
    # Two automatic backups now hold the comments: one made at the next open, one by hand.
    archive = Archive.open(path)
    assert archive.last_backup is not None
    backups.make_backup(path, label="by-hand")
    assert len(backups.list_backups(path)) == 2
    assert _leaks(path, list(WORDS))  # the test can see them before
    assert "smithfield" in _terms(path)

    rows = {r.comment: r for r in audit.comments_for_screening(archive.db, round_id)}
    first = audit.redact_comment(archive.db, round_id, rows[NAMED].response_key,
                                 rows[NAMED].question_id, "Ask [name] why ...")
    second = audit.redact_comment(archive.db, round_id, rows[LONG].response_key,
                                  rows[LONG].question_id)
    assert first.text == "Ask [name] why ..." and second.text == audit.REDACTED
    # Both backups held the text, were changed, and the user is told which.
    assert sorted(first.backups) == sorted(backups.list_backups(path))
    assert all(p.name in first.message for p in first.backups)
    assert "also removed from 2 automatic backups" in first.message

    # While the app is still open, and after it closes.
    assert _leaks(path, [NAMED, LONG[:40], *WORDS]) == []
    archive.close()
    assert _leaks(path, [NAMED, LONG[:40], *WORDS]) == []
    for file in [path, *backups.list_backups(path)]:
        assert not {w.lower() for w in WORDS} & _terms(file), file.name
        assert "ask" in _terms(file) or file != path  # the index still works
    # The backups are still whole archives, with the redaction in place.
    for file in backups.list_backups(path):
        conn = sqlite3.connect(file)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        texts = {t for (t,) in conn.execute("SELECT comment FROM answers WHERE comment IS NOT NULL")}
        assert "Ask [name] why ..." in texts and audit.REDACTED in texts
        conn.close()


def test_a_redaction_no_backup_held_says_so(archive: Archive) -> None:
    round_id, _ = _round_with(archive.db, "Spring", "2026-03-01", [NAMED])
    row = audit.comments_for_screening(archive.db, round_id)[0]
    done = audit.redact_comment(archive.db, round_id, row.response_key, row.question_id)
    assert done.backups == ()
    assert "No automatic backup held it." in done.message
    assert _leaks(archive.path, list(WORDS)) == []


def test_purged_answers_and_comments_are_gone_from_every_byte(tmp_path: Path) -> None:
    path = tmp_path / "forum.db"
    old_texts = [f"Old comment {n}: Quennell said the Marchbanks rota was unfair" for n in range(6)]
    with Archive.open(path) as archive:
        _, old_keys = _round_with(archive.db, "Old", "2015-03-01", old_texts)
        _, new_keys = _round_with(archive.db, "New", "2026-03-01", ["Recent and kept"])
    archive = Archive.open(path)  # a backup holding the old round is made here
    backups.make_backup(path, label="by-hand")
    assert _leaks(path, old_keys[:1])
    plan = retention.plan_purge(archive.db, 5, date(2026, 6, 1))
    result = retention.purge(archive.db, plan, date(2026, 6, 1))
    assert result == len(old_keys) and result.deleted == len(old_keys)
    assert sorted(result.backups) == sorted(backups.list_backups(path))
    assert "2 automatic backups" in result.message
    needles = [*old_texts, "Quennell", "Marchbanks", *old_keys]
    assert _leaks(path, needles) == []
    archive.close()
    assert _leaks(path, needles) == []
    # What was kept is still there, in the archive and in the backups.
    assert _leaks(path, new_keys[:1])
    for file in [path, *backups.list_backups(path)]:
        conn = sqlite3.connect(file)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT responses FROM round_purges").fetchall() == [(len(old_keys),)]
        conn.close()
        assert not {"quennell", "marchbanks"} & _terms(file)


def test_a_leftover_partial_backup_is_removed_with_the_data(tmp_path: Path) -> None:
    path = tmp_path / "forum.db"
    with Archive.open(path) as archive:
        round_id, _ = _round_with(archive.db, "Spring", "2026-03-01", [NAMED])
    folder = backups.make_private_dir(backups.backup_dir(path))
    (folder / ".forum-20260101-x.db-abc.part").write_bytes(NAMED.encode())  # a killed backup
    with Archive.open(path) as archive:
        row = audit.comments_for_screening(archive.db, round_id)[0]
        audit.redact_comment(archive.db, round_id, row.response_key, row.question_id)
    assert _leaks(path, list(WORDS)) == []


def test_every_connection_has_secure_delete_and_memory_temp_store(archive: Archive) -> None:
    read_only = Archive.open(archive.path, read_only=True)
    worker = archive.worker_database()
    try:
        for db in (archive.db, worker, read_only.db):
            assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1
            assert db.execute("PRAGMA temp_store").fetchone()[0] == 2
    finally:
        worker.close()
        read_only.close()


def test_a_sqlite_that_ignores_secure_delete_is_refused(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    plain = Database(sqlite3.connect(":memory:"))
    plain.execute("PRAGMA secure_delete = OFF")
    with pytest.raises(UnsafeSQLite, match="secure_delete"):
        require_pragmas(plain)

    class Deaf(sqlite3.Connection):  # a build where the pragma does nothing
        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
            if sql.strip() == "PRAGMA secure_delete = ON":
                sql = "PRAGMA secure_delete = OFF"
            return super().execute(sql, *args)

    real = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: real(*a, factory=Deaf, **k))
    with pytest.raises(UnsafeSQLite):
        connect(tmp_path / "x.db")


REBUILD_CHILD = textwrap.dedent(
    """
    import sys
    from spf_desktop.store import Archive, layout
    archive = Archive.open(sys.argv[1], backup=False)
    print("ready", flush=True)
    while True:
        archive.db.execute("INSERT INTO layout_state (key, value) SELECT 'rebuild', 1 "
                           "WHERE NOT EXISTS (SELECT 1 FROM layout_state)")
        layout.rebuild(archive.db)
    """
)


@pytest.mark.slow
def test_kill_9_during_the_rebuild_loses_nothing(tmp_path: Path) -> None:
    from spf_desktop.store.demo import write_demo, write_synthetic

    path = tmp_path / "big.db"
    with Archive.open(path) as archive:
        write_demo(archive.db)
        write_synthetic(archive.db, 20, 40)
        before = archive.db.execute("SELECT count(*), sum(score) FROM answers").fetchone()
        comments = archive.db.execute("SELECT count(*) FROM search_refs").fetchone()
    script = tmp_path / "child.py"
    script.write_text(REBUILD_CHILD, encoding="utf-8")
    rng = random.Random(12)
    for _ in range(5):
        child = subprocess.Popen([sys.executable, str(script), str(path)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.random() * 0.5)  # somewhere inside a VACUUM
        child.kill()
        child.wait()
        child.stdout.close()
        with Archive.open(path, backup=False) as archive:
            assert archive.integrity_problems() == []
            assert archive.db.execute(
                "SELECT count(*), sum(score) FROM answers").fetchone() == before
            assert archive.db.execute("SELECT count(*) FROM search_refs").fetchone() == comments


REDACT_CHILD = textwrap.dedent(
    """
    import sys
    from spf_desktop.store import Archive, audit, erasure

    def killed_here(db, today=None):  # the redaction is committed; the scrub never runs
        print("committed", flush=True)
        sys.stdin.readline()

    erasure.after_removal = killed_here
    archive = Archive.open(sys.argv[1])
    row = [r for r in audit.comments_for_screening(archive.db, sys.argv[2])
           if "Smithfield" in r.comment][0]
    audit.redact_comment(archive.db, sys.argv[2], row.response_key, row.question_id)
    """
)


@pytest.mark.slow
def test_a_kill_between_a_redaction_and_its_scrub_is_caught_up_at_the_next_open(
        tmp_path: Path) -> None:
    path = tmp_path / "forum.db"
    with Archive.open(path) as archive:
        round_id, _ = _round_with(archive.db, "Spring", "2026-03-01", [NAMED, "Fine"])
    backups.make_backup(path, label="by-hand")
    script = tmp_path / "child.py"
    script.write_text(REDACT_CHILD, encoding="utf-8")
    child = subprocess.Popen([sys.executable, str(script), str(path), round_id],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "committed"
    child.kill()
    child.wait()
    child.stdin.close()
    child.stdout.close()
    assert _leaks(path, list(WORDS))  # the backups still hold it, until...
    with Archive.open(path) as archive:  # ...the next open scrubs them
        assert archive.integrity_problems() == []
        assert audit.REDACTED in {r.comment for r in audit.comments_for_screening(
            archive.db, round_id)}
    assert _leaks(path, [NAMED, *WORDS]) == []


def test_a_full_disk_during_the_rebuild_says_so_changes_nothing_and_retries(
        tmp_path: Path) -> None:
    import os
    import shutil

    from test_reliability_disk import SmallDisk

    from spf_desktop.store import layout
    from spf_desktop.store.environment import StorageError

    folder = tmp_path / "small"
    folder.mkdir()
    if sys.platform == "win32" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("filling a small filesystem needs root on Linux")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        disk = SmallDisk(folder, mounted=True)
        archive = Archive.open(folder / "forum.db", backup=False)
        round_id, keys = _round_with(archive.db, "Spring", "2026-03-01", [NAMED] * 8)
        archive.db.execute("INSERT INTO layout_state (key, value) VALUES ('rebuild', 1)")
        before = archive.db.execute("SELECT * FROM answers ORDER BY 1, 2").fetchall()
        disk.fill(archive)
        with pytest.raises(StorageError, match="disk is full"):
            layout.rebuild(archive.db)
        assert archive.db.execute("SELECT * FROM answers ORDER BY 1, 2").fetchall() == before
        assert archive.integrity_problems() == []
        assert layout.needs_rebuild(archive.db)  # still to do
        archive.close()  # cannot rebuild yet: closes anyway, the mark kept
        disk.free()
        archive = Archive.open(folder / "forum.db", backup=False)
        assert layout.needs_rebuild(archive.db)
        archive.close()  # the retry, with room again
        archive = Archive.open(folder / "forum.db", backup=False)
        assert not layout.needs_rebuild(archive.db)
        assert archive.db.execute("SELECT * FROM answers ORDER BY 1, 2").fetchall() == before
        archive.close()
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
