"""A full disk during a submission: a plain message, the answers kept on screen
to submit again, and nothing already stored lost.

As root the archive sits on a small real filesystem (tmpfs) that the test
fills up; elsewhere SQLite's own page limit (``max_page_count``) makes the same
"database or disk is full" error, so the code under test is never mocked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from audit_helpers import three_question_round
from gui_helpers import visible_named
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from spf_desktop.domain.errors import UserError
from spf_desktop.domain.kiosk import Screen, Submission
from spf_desktop.store import Archive, audit, repo
from spf_desktop.store.environment import StorageError


class SmallDisk:
    """A folder on a tiny filesystem that the test can fill and free."""

    def __init__(self, folder: Path, mounted: bool) -> None:
        self.folder = folder
        self.mounted = mounted
        self.filler = folder / "filler.bin"
        self._limited: list = []

    def fill(self, archive: Archive) -> None:
        """Leave no room for another page of the archive."""
        if self.mounted:
            with self.filler.open("wb", buffering=0) as fh:  # unbuffered: close has nothing left to flush
                block = b"\0" * 65536
                try:
                    while True:
                        fh.write(block)
                        fh.flush()
                except OSError:
                    pass
            # the last few kilobytes too
            try:
                with self.filler.open("ab", buffering=0) as fh:
                    while True:
                        fh.write(b"\0" * 512)
                        fh.flush()
            except OSError:
                pass
        else:
            pages = archive.db.execute("PRAGMA page_count").fetchone()[0]
            archive.db.execute(f"PRAGMA max_page_count = {int(pages)}")
            self._limited.append(archive)

    def free(self) -> None:
        if self.mounted:
            self.filler.unlink(missing_ok=True)
        for archive in self._limited:
            archive.db.execute("PRAGMA max_page_count = 1073741823")


@pytest.fixture(params=["small filesystem", "page limit"])
def small_disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SmallDisk]:
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = False
    if request.param == "small filesystem":
        if sys.platform == "win32" or os.geteuid() != 0 or not shutil.which("mount"):
            pytest.skip("mounting a small filesystem needs root on Linux; "
                        "the page-limit case covers it")
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)],
                                capture_output=True)
        mounted = result.returncode == 0
        if not mounted:
            pytest.skip(f"cannot mount a tmpfs here: {result.stderr.decode()[:200]}")
    yield SmallDisk(folder, mounted)
    if mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def long_submission(questions: list[dict], n: int) -> Submission:
    ids = [q["id"] for q in questions]
    return Submission({ids[0]: n % 11, ids[1]: None, ids[2]: 7},
                      {ids[0]: f"response {n}: " + "we listened better this time. " * 60}, "staff")


def saved(db) -> list[tuple]:
    return db.execute(
        "SELECT a.response_key, a.question_id, a.score, a.comment FROM answers a ORDER BY 1, 2"
    ).fetchall()


def test_a_full_disk_refuses_the_submission_plainly_and_keeps_what_was_saved(small_disk) -> None:
    path = small_disk.folder / "archive.db"
    arch = Archive.open(path, backup=False)
    try:
        round_id, questions = three_question_round(arch.db)
        for n in range(5):
            audit.submit(arch.db, round_id, long_submission(questions, n))
        before = saved(arch.db)
        small_disk.fill(arch)
        with pytest.raises(StorageError) as info:
            for n in range(5, 200):  # the first one that needs a new page fails
                audit.submit(arch.db, round_id, long_submission(questions, n))
        assert isinstance(info.value, UserError)
        assert "Saving the response failed: the disk is full" in str(info.value)
        assert "nothing already saved has been lost" in str(info.value)
        after_failure = saved(arch.db)
        assert set(before) <= set(after_failure)
        # no half response: every stored response has all three answers
        assert arch.db.execute(
            "SELECT count(*) FROM responses WHERE key NOT IN "
            "(SELECT response_key FROM answers GROUP BY response_key HAVING count(*) = 3)"
        ).fetchone()[0] == 0
        stored_before_retry = repo.response_count(arch.db, round_id)
        small_disk.free()
        audit.submit(arch.db, round_id, long_submission(questions, 999))  # the retry works
        assert repo.response_count(arch.db, round_id) == stored_before_retry + 1
    finally:
        small_disk.free()
        arch.close()
    with Archive.open(path, backup=False) as again:
        assert again.integrity_problems() == []
        assert set(before) <= set(saved(again.db))


@pytest.fixture
def kiosk_on_small_disk(qtbot, small_disk):
    from audit_helpers import FakeClock

    from spf_desktop.gui.audit.kiosk import KioskWindow

    arch = Archive.open(small_disk.folder / "archive.db", backup=False)
    round_id, questions = three_question_round(arch.db)
    for n in range(3):
        audit.submit(arch.db, round_id, long_submission(questions, n))
    window = KioskWindow(arch.db, round_id, clock=FakeClock(), tick_ms=60_000)
    qtbot.addWidget(window)
    window.show_kiosk()
    qtbot.waitExposed(window)
    yield window, arch, round_id
    if not window._unlocked:
        window.unlock()
    small_disk.free()
    arch.close()


def click(qtbot, window, name: str) -> None:
    [control] = visible_named(window, name)
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton)


def test_kiosk_on_a_full_disk_says_so_and_keeps_the_answers_to_submit_again(
        qtbot, kiosk_on_small_disk, small_disk) -> None:
    window, arch, round_id = kiosk_on_small_disk
    before = saved(arch.db)
    comment = "The co-chairs listened to every side today. " * 30
    click(qtbot, window, "Start")
    click(qtbot, window, "Score 8 out of 10")
    [box] = visible_named(window, "Comment (optional)")
    box.setFocus()
    qtbot.keyClicks(box, comment)
    click(qtbot, window, "Next")
    click(qtbot, window, "Score 3 out of 10")
    click(qtbot, window, "Next")
    click(qtbot, window, "Score 6 out of 10")
    click(qtbot, window, "Next")
    if window.session.screen is not Screen.REVIEW:  # the side question
        click(qtbot, window, "Prefer not to say")
        if window.session.screen is not Screen.REVIEW:
            click(qtbot, window, "Next")
    assert window.session.screen is Screen.REVIEW
    small_disk.fill(arch)
    click(qtbot, window, "Submit")
    [problem] = visible_named(window, "Submit problem", QLabel)
    assert "could not be saved" in problem.text()
    assert "disk is full" in problem.text()
    assert window.session.screen is Screen.REVIEW  # the answers are still on screen
    assert saved(arch.db) == before  # nothing lost, nothing half-written
    small_disk.free()
    click(qtbot, window, "Submit")  # the same answers, again
    assert window.session.screen is Screen.THANKS
    stored = arch.db.execute(
        "SELECT score, comment FROM answers WHERE comment LIKE 'The co-chairs%'").fetchall()
    assert stored == [(8, comment.strip())]
    assert set(before) <= set(saved(arch.db))


def test_an_import_onto_a_full_disk_is_a_plain_message_and_adds_nothing(small_disk,
                                                                         tmp_path: Path) -> None:
    import random

    from archive_helpers import forms_rows, write_csv

    from spf_desktop.io import responses_import

    arch = Archive.open(small_disk.folder / "archive.db", backup=False)
    try:
        round_id, questions = three_question_round(arch.db)
        audit.submit(arch.db, round_id, long_submission(questions, 1))
        before = saved(arch.db)
        rng = random.Random(3)
        rows = forms_rows([q["text"] for q in questions],
                          [[rng.randint(0, 10) for _ in questions] for _ in range(1_000)])
        source = write_csv(tmp_path / "forms.csv", rows)  # outside the full disk
        small_disk.fill(arch)
        with pytest.raises(UserError) as info:
            responses_import.import_responses(arch.db, source, round_id)
        assert "disk is full" in str(info.value)
        assert saved(arch.db) == before  # one transaction: nothing of the import stayed
        small_disk.free()
        summary = responses_import.import_responses(arch.db, source, round_id)
        assert summary.imported == 1_000
    finally:
        small_disk.free()
        arch.close()
