"""Shared set-up for tests that drive the whole main window from a new, empty archive."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from spf_desktop.domain.agenda import Meeting, Section
from spf_desktop.domain.kiosk import Submission
from spf_desktop.domain.questions import load_question_set
from spf_desktop.paths import resource
from spf_desktop.store import agenda, audit, repo
from spf_desktop.store.shipped import shipped_set_id

if TYPE_CHECKING:
    from spf_desktop.gui.main_window import MainWindow

PIN = "4826"


def shipped_question_set(db) -> str:
    """The shipped set, which every new archive holds from its first migration."""
    set_id = shipped_set_id()
    assert repo.get(db, "question_sets", set_id) is not None, "a new archive lacks the shipped set"
    return set_id


def install_another_question_set(db) -> str:
    """A second set (a copy of the shipped one), through the store's own API."""
    qs = load_question_set(resource("question_sets", "partnership_behaviours.json"))
    return repo.install_question_set(db, qs)


def fill_new_archive(db) -> dict[str, str]:
    """A forum, an open round with responses (one with a comment), a PIN and a
    meeting with one section, all made through the store's APIs."""
    set_id = shipped_question_set(db)
    forum_id = repo.create_forum(db, "Riverside SPF")
    round_id = audit.create_audit_round(db, forum_id, set_id, "Spring audit", "2024-03-01",
                                        min_group_size=3)
    audit.open_round(db, round_id)
    ids = [q["id"] for q in repo.questions(db, set_id)]
    for n in range(4):
        comments = {ids[0]: "Ask Pat Smith about rotas"} if n == 0 else {}
        audit.submit(db, round_id, Submission({qid: 4 + n for qid in ids}, comments, "staff"))
    audit.set_pin(db, PIN)
    meeting_id = agenda.create_meeting(db, forum_id, Meeting("Spring forum", date="2024-03-14"))
    agenda.save_sections(db, meeting_id, [Section(id="s1", type="welcome", title="Welcome",
                                                  duration_min=15)])
    return {"forum": forum_id, "round": round_id, "meeting": meeting_id, "set": set_id}


def file_state(path: Path) -> tuple[str, int]:
    """The archive's bytes (sha256) and the size of its -wal (0 if there is none)."""
    wal = path.with_name(path.name + "-wal")
    return (hashlib.sha256(path.read_bytes()).hexdigest(),
            wal.stat().st_size if wal.exists() else 0)


def tab_pages(root: QWidget) -> Iterator[QWidget]:
    """Show each tab of each visible tab widget under ``root`` in turn (nested ones
    too), yielding the page shown; ``root`` itself first."""
    yield root
    seen: set[int] = set()
    for tabs in root.findChildren(QTabWidget):
        if id(tabs) in seen or not tabs.isVisible():
            continue
        seen.add(id(tabs))
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            yield tabs.widget(index)


def close_pop_ups(keep: QWidget) -> None:
    """Close every window but ``keep``: dialogs, message boxes, menus, a presented chart."""
    for _ in range(5):
        popup = QApplication.activePopupWidget()
        if popup is None:
            break
        popup.close()
    for widget in QApplication.topLevelWidgets():
        if widget is not keep and widget.isVisible():
            widget.close()


@contextmanager
def pop_ups_closed(keep: QWidget) -> Iterator[None]:
    """While inside, any modal dialog or menu that opens (even one run by ``exec()``,
    which would wait for a person) is closed as soon as the event loop turns."""

    def close_modal() -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not keep:
            modal.close()

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(close_modal)
    timer.start()
    try:
        yield
    finally:
        timer.stop()
        close_pop_ups(keep)


def laptop_window(qtbot, tmp_path: Path, home: Path) -> Iterator[MainWindow]:
    """The real main window on a new, empty archive, active on a 1366x768 laptop.

    For a fixture to ``yield from``: afterwards, participant mode (if a test left it
    running) is left with the PIN's own path and the window is closed."""
    from spf_desktop.gui.app import settings_for
    from spf_desktop.gui.main_window import MainWindow
    from spf_desktop.store import Archive

    archive = Archive.open(tmp_path / "new.db", create=True)
    assert repo.forums(archive.db) == []
    win = MainWindow(archive, settings_for(home))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    yield win
    kiosk = win.views["Audit"].kiosk if win.views.is_built("Audit") else None
    if kiosk is not None and not kiosk._unlocked:
        kiosk.unlock()
    win.close()
