"""The Agenda view and the change hook: what the Agenda view writes shows at once in the
Archive and Reports views, and what is written elsewhere shows in the Agenda view,
with no restart. Each test starts from a new, empty archive, as a new user would."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from gui_helpers import by_name
from helpers import FakeClock
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QTableView,
    QTreeView,
    QWidget,
)

from spf_desktop.domain.agenda import Meeting, Section
from spf_desktop.gui.agenda import AgendaView
from spf_desktop.gui.app import settings_for
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive, repo
from spf_desktop.store import agenda as store


@pytest.fixture
def window(qtbot, tmp_path: Path, home: Path) -> MainWindow:
    """The main window on a new, empty archive, with every view built."""
    win = MainWindow(Archive.open(tmp_path / "new.db", create=True), settings_for(home))
    qtbot.addWidget(win)
    win.resize(1400, 900)
    with qtbot.waitExposed(win):
        win.show()
    for name in ("Archive", "Reports", "Audit", "Agenda"):
        win.show_view(name)
    agenda = win.views["Agenda"]
    assert isinstance(agenda, AgendaView)
    clocks = FakeClock(wall=datetime(2026, 3, 5, 10, 0, tzinfo=UTC))
    agenda.set_clocks(clocks.mono, clocks.wall)
    yield win
    win.close()


def click(qtbot, root: QWidget, name: str) -> None:
    control = by_name(root, name, QPushButton)
    assert control.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton)


def type_into(qtbot, root: QWidget, name: str, text: str) -> None:
    edit = by_name(root, name, QLineEdit)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def texts(model: QAbstractItemModel, parent: QModelIndex = QModelIndex(), column: int = 0) -> list[str]:  # noqa: B008
    """Every row's text in a tree or table model, depth first."""
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, column, parent)
        out.append(str(index.data() or ""))
        out.extend(texts(model, model.index(row, 0, parent), column))
    return out


def archive_tree(win: MainWindow) -> list[str]:
    return texts(by_name(win.views["Archive"], "Forums, rounds and meetings", QTreeView).model())


def archive_open_actions(win: MainWindow) -> list[str]:
    return texts(by_name(win.views["Archive"], "Open actions across meetings", QTableView).model(),
                 column=1)


def add_forum_in_audit_view(qtbot, win: MainWindow, name: str) -> None:
    win.show_view("Audit")
    audit = win.views["Audit"]
    type_into(qtbot, audit, "New forum name", name)
    click(qtbot, audit, "Add forum")
    win.show_view("Agenda")


def test_a_forum_and_meeting_made_now_show_in_the_archive_and_reports_at_once(qtbot, window):
    agenda = window.views["Agenda"]
    reports = window.views["Reports"]
    new_meeting = by_name(agenda, "New meeting", QPushButton)
    assert not new_meeting.isEnabled()  # no forum yet

    add_forum_in_audit_view(qtbot, window, "Riverside SPF")
    qtbot.waitUntil(lambda: "Riverside SPF" in archive_tree(window))
    qtbot.waitUntil(lambda: by_name(agenda, "Forum", QComboBox).currentText() == "Riverside SPF")
    assert new_meeting.isEnabled()

    click(qtbot, agenda, "New meeting")
    qtbot.waitUntil(lambda: "New forum meeting" in archive_tree(window))
    type_into(qtbot, agenda, "Meeting title", "Spring forum")
    click(qtbot, agenda, "Save meeting details")
    qtbot.waitUntil(lambda: "Spring forum" in archive_tree(window))
    assert "New forum meeting" not in archive_tree(window)
    meetings = by_name(agenda, "Meetings", QListWidget)
    assert meetings.count() == 1 and meetings.item(0).text().endswith("Spring forum")

    # the meeting chosen in the Archive view: its reports wait for sections
    meeting_id = agenda.meeting_id
    window.views["Archive"].select_record("meeting", meeting_id)
    qtbot.waitUntil(lambda: "Agenda handout: Spring forum (no agenda sections yet)" in reports.choices())

    # two sections added in the Agenda view: the reports can be made, the tree counts them
    click(qtbot, agenda, "Add section")
    click(qtbot, agenda, "Add section")
    qtbot.waitUntil(lambda: "Agenda handout: Spring forum" in reports.choices())
    qtbot.waitUntil(lambda: "2 sections" in texts(
        by_name(window.views["Archive"], "Forums, rounds and meetings", QTreeView).model(), column=2))
    # the builder kept its place and its history through the announcements
    assert agenda.builder.undo_stack.count() == 3  # details, two sections
    click(qtbot, agenda, "Undo")
    qtbot.waitUntil(lambda: "1 section" in texts(
        by_name(window.views["Archive"], "Forums, rounds and meetings", QTreeView).model(), column=2))
    assert agenda.builder.undo_stack.index() == 2


def test_a_meeting_made_elsewhere_shows_here_and_the_builder_keeps_its_history(qtbot, window):
    agenda = window.views["Agenda"]
    db = window.archive.db
    forum_id = repo.create_forum(db, "Hillside SPF")  # as the Audit view's Add forum does
    qtbot.waitUntil(lambda: by_name(agenda, "Forum", QComboBox).currentData() == forum_id)
    click(qtbot, agenda, "New meeting")
    click(qtbot, agenda, "Add section")
    mine = agenda.meeting_id
    assert agenda.builder.undo_stack.count() == 1

    # another window, a merge or the command line adds a meeting to the same forum
    store.create_meeting(db, forum_id, Meeting("Made elsewhere", "13:00", "15:00", "2026-04-01"))
    meetings = by_name(agenda, "Meetings", QListWidget)
    qtbot.waitUntil(lambda: any("Made elsewhere" in meetings.item(i).text()
                                for i in range(meetings.count())))
    qtbot.waitUntil(lambda: "Made elsewhere" in archive_tree(window))
    assert agenda.meeting_id == mine
    assert agenda.builder.undo_stack.count() == 1 and agenda.builder.undo_stack.canUndo()

    # a second forum made elsewhere joins the list; the chosen forum and meeting stay
    repo.create_forum(db, "Another SPF")
    forums = by_name(agenda, "Forum", QComboBox)
    qtbot.waitUntil(lambda: forums.count() == 2)
    assert forums.currentData() == forum_id and agenda.meeting_id == mine
    assert agenda.builder.undo_stack.count() == 1

    # its own meeting changed elsewhere: the builder shows the change
    sections = store.sections(db, mine)
    store.save_sections(db, mine, (*sections, Section("x1", "break", "Tea", duration_min=15)))
    table = by_name(agenda, "Agenda sections", QTableView)
    qtbot.waitUntil(lambda: table.model().rowCount() == 2)
    assert table.model().index(1, 2).data() == "Tea"

    # ...and deleted elsewhere: the builder lets it go
    store.delete_meeting(db, mine)
    qtbot.waitUntil(lambda: agenda.meeting_id is None)
    assert not agenda.builder.isEnabled()


def test_an_action_captured_in_run_mode_shows_in_the_archives_open_actions(qtbot, window):
    agenda = window.views["Agenda"]
    add_forum_in_audit_view(qtbot, window, "Valley SPF")
    qtbot.waitUntil(lambda: by_name(agenda, "New meeting", QPushButton).isEnabled())
    click(qtbot, agenda, "New meeting")
    click(qtbot, agenda, "Add section")
    click(qtbot, agenda, "Run meeting")
    click(qtbot, agenda, "Start the meeting")
    qtbot.mouseClick(by_name(agenda, "Action", QRadioButton), Qt.MouseButton.LeftButton)
    type_into(qtbot, agenda, "Captured text", "Write up the rota changes")
    type_into(qtbot, agenda, "Action owner", "Staff side lead")
    click(qtbot, agenda, "Add capture")
    assert by_name(agenda, "Run mode problem", QLabel).text() == ""
    qtbot.waitUntil(lambda: "Write up the rota changes" in archive_open_actions(window))
    # a capture made elsewhere shows in run mode's list too
    store.add_capture(window.archive.db, agenda.meeting_id, "decisions", "Adopt the new rota")
    captured = by_name(agenda, "Captured outcomes, decisions and actions", QListWidget)
    qtbot.waitUntil(lambda: any("Adopt the new rota" in captured.item(i).text()
                                for i in range(captured.count())))


def meetings_in_tree(win: MainWindow) -> list[str]:
    tree = archive_tree(win)
    return tree[tree.index("Meetings") + 1:] if "Meetings" in tree else []


def test_duplicate_delete_import_and_template_show_in_the_archive_at_once(qtbot, window, tmp_path):
    agenda = window.views["Agenda"]
    add_forum_in_audit_view(qtbot, window, "Northgate SPF")
    qtbot.waitUntil(lambda: by_name(agenda, "New meeting", QPushButton).isEnabled())
    click(qtbot, agenda, "New meeting")
    click(qtbot, agenda, "Add section")
    qtbot.waitUntil(lambda: meetings_in_tree(window) == ["New forum meeting"])

    click(qtbot, agenda, "Duplicate meeting")
    qtbot.waitUntil(lambda: "New forum meeting (copy)" in meetings_in_tree(window))
    assert len(meetings_in_tree(window)) == 2

    exported = agenda.export_to(tmp_path / "plan")
    assert exported is not None and agenda.import_from(exported) is not None
    qtbot.waitUntil(lambda: len(meetings_in_tree(window)) == 3)

    templates = by_name(agenda, "Templates", QListWidget)
    templates.setCurrentRow(0)  # the shipped workshop template
    click(qtbot, agenda, "New meeting from template")
    qtbot.waitUntil(lambda: "Workshop-style forum meeting (Sep 2018)" in meetings_in_tree(window))

    click(qtbot, agenda, "Delete meeting")
    qtbot.mouseClick(by_name(agenda.last_message, "Yes, delete", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Workshop-style forum meeting (Sep 2018)" not in meetings_in_tree(window))
    assert len(meetings_in_tree(window)) == 3
