"""Operations: the one way slow work runs off the UI thread, and how every view
hears of every committed change. Real threads, a real archive file, real signals."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from spf_desktop.domain.errors import UserError
from spf_desktop.gui.operations import Failure, Operations
from spf_desktop.store import Archive, repo
from spf_desktop.store.connection import Change


@pytest.fixture
def ops(qtbot, tmp_path: Path):
    arch = Archive.open(tmp_path / "new.db", create=True)
    operations = Operations()
    operations.set_archive(arch)
    yield operations
    operations.wait_for_done()
    operations.set_archive(None)
    arch.close()


def test_a_write_on_the_window_connection_is_announced_after_the_handler(qtbot, ops) -> None:
    heard: list[frozenset] = []
    ops.changed.connect(heard.append)
    with qtbot.waitSignal(ops.changed, timeout=2000):
        repo.create_forum(ops.archive.db, "One")
        repo.create_forum(ops.archive.db, "Two")
        assert heard == []  # queued: no view reloads inside the handler that wrote
    assert heard == [frozenset({Change.FORUM})]  # two commits, one refresh


def test_background_work_reports_success_and_its_changes_on_the_ui_thread(qtbot, ops) -> None:
    main = threading.get_ident()
    seen: dict[str, object] = {}

    def work(db, progress):
        seen["thread"] = threading.get_ident()
        progress(1, 2)
        forum = repo.create_forum(db, "From a worker")
        progress(2, 2)
        return forum

    def succeeded(result: object) -> None:
        seen["result"] = result
        seen["callback_thread"] = threading.get_ident()

    progress: list[tuple] = []
    changed: list[frozenset] = []
    ops.changed.connect(changed.append)
    ops.run("Making a forum", work, on_success=succeeded,
            on_progress=lambda *a: progress.append(a))
    assert ops.busy
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["thread"] != main and seen["callback_thread"] == main
    assert changed == [frozenset({Change.FORUM})]  # announced before on_success ran
    assert progress == [(1, 2), (2, 2)]
    assert not ops.busy
    assert [f["name"] for f in repo.forums(ops.archive.db)] == ["From a worker"]


def test_a_users_problem_is_a_plain_message_and_changes_nothing(qtbot, ops) -> None:
    failures: list[Failure] = []

    def work(db, progress):
        with db.atomic():
            repo.create_forum(db, "Half done")
            raise UserError("Row 7, column C: 11 is not a score from 0 to 10.")

    ops.run("Importing", work, on_failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert failures[0].message == "Row 7, column C: 11 is not a score from 0 to 10."
    assert not failures[0].is_bug
    assert repo.forums(ops.archive.db) == []
    assert not ops.busy


def test_a_bug_keeps_its_traceback(qtbot, ops) -> None:
    failures: list[Failure] = []

    def work(db, progress):
        return {}["missing"]

    ops.run("Something", work, on_failure=failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert failures[0].is_bug
    assert "KeyError" in failures[0].message and "Traceback" in failures[0].message


def test_the_event_loop_keeps_turning_while_work_runs(qtbot, ops) -> None:
    release = threading.Event()
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: (ticks.append(1), len(ticks) >= 5 and release.set()))
    timer.start(1)
    done: list[object] = []

    def work(db, progress):
        assert release.wait(10), "the UI thread never ticked"
        return "finished"

    ops.run("Waiting", work, on_success=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=15_000)
    timer.stop()
    assert len(ticks) >= 5 and done == ["finished"]


def test_busy_is_signalled_while_a_writing_operation_runs(qtbot, ops) -> None:
    states: list[bool] = []
    ops.busy_changed.connect(states.append)
    release = threading.Event()
    done: list[object] = []
    ops.run("Slow", lambda db, progress: release.wait(10), on_success=done.append)
    assert states == [True]
    release.set()
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert states == [True, False]
    ops.run("Read", lambda db, progress: 1, on_success=done.append, writes=False)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=5000)
    assert states == [True, False]  # reading work never blocks writes
