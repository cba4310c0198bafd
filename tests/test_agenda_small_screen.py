"""The Agenda view on a 1024x768 laptop or projector: nothing scrolls sideways, and an
empty page says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import by_name
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QListWidget, QPushButton, QWidget

from spf_desktop.gui.agenda import AgendaView
from spf_desktop.gui.app import settings_for
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive, repo

HINT = "Choose a meeting on the left, or press New meeting."


def open_agenda(qtbot, path: Path, home: Path, width: int, height: int) -> tuple[MainWindow, AgendaView]:
    window = MainWindow(Archive.open(path), settings_for(home))
    qtbot.addWidget(window)
    window.resize(width, height)
    with qtbot.waitExposed(window):
        window.show()
    nav = window.ui.navigation
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=nav.visualItemRect(nav.item(2)).center())
    view = window.views["Agenda"]
    assert isinstance(view, AgendaView) and view.isVisible()
    return window, view


def choose_meeting(qtbot, view: AgendaView, date: str) -> None:
    meetings = by_name(view, "Meetings", QListWidget)
    item = next(meetings.item(r) for r in range(meetings.count())
                if meetings.item(r).text().startswith(date))
    meetings.scrollToItem(item)
    qtbot.mouseClick(meetings.viewport(), Qt.MouseButton.LeftButton,
                     pos=meetings.visualItemRect(item).center())
    assert view.builder.meeting is not None and view.builder.meeting.date == date


def assert_fits(window: MainWindow, view: AgendaView, names: tuple[str, ...],
                kind: type[QWidget] = QWidget) -> None:
    """No sideways scroll bar, and each named control lies wholly inside the window."""
    assert not view.scroller.horizontalScrollBar().isVisible()
    page = view.stack.currentWidget()
    assert page.minimumSizeHint().width() <= view.scroller.viewport().width()
    for name in names:
        widget = by_name(view, name, kind)
        assert widget.isVisible(), name
        right = widget.mapTo(window, QPoint(widget.width() - 1, 0)).x()
        assert right < window.width(), f"{name} ends at x={right}, beyond the {window.width()}-px window"


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_builder_and_run_mode_need_no_sideways_scrolling(qtbot, demo_path: Path, home: Path,
                                                         size: tuple[int, int]) -> None:
    window, view = open_agenda(qtbot, demo_path, home, *size)
    choose_meeting(qtbot, view, "2018-09-20")
    assert by_name(view, "Meeting title", QLineEdit).text() == "Self-managed workshop meeting"
    assert_fits(window, view, ("Meeting title", "Section type to add", "Undo", "Redo", "Run meeting",
                               "Agenda timeline", "Apply section changes"))

    qtbot.mouseClick(by_name(view, "Run meeting", QPushButton), Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.run_page
    assert_fits(window, view, ("Time left", "Time now", "Next section", "Projected finish"), QLabel)
    assert_fits(window, view, ("Next section", "Next speaker", "Back to the plan", "Add capture"),
                QPushButton)
    assert_fits(window, view, ("Action due date",), QDateEdit)
    # the clock sits in the middle of the page, not pushed off to the right
    clock = by_name(view, "Time left", QLabel)
    centre = clock.mapTo(view.run_page, QPoint(clock.width() // 2, 0)).x()
    assert abs(centre - view.run_page.width() // 2) < 40


def test_meeting_titles_wrap_in_the_narrow_column(qtbot, demo_path: Path, home: Path) -> None:
    window, view = open_agenda(qtbot, demo_path, home, 1024, 768)
    meetings = by_name(view, "Meetings", QListWidget)
    assert not meetings.horizontalScrollBar().isVisible()
    longest = max((meetings.item(r) for r in range(meetings.count())), key=lambda i: len(i.text()))
    assert meetings.visualItemRect(longest).right() <= meetings.viewport().width()
    short = by_name(view, "Save as template", QPushButton)
    assert short.text() == "As template" and short.toolTip() == "Save as template"


def test_with_no_meeting_chosen_the_page_says_what_to_do(qtbot, demo_path: Path, home: Path) -> None:
    window, view = open_agenda(qtbot, demo_path, home, 1024, 768)
    hint = by_name(view, "Agenda hint", QLabel)
    assert hint.isVisible() and hint.text() == HINT
    assert not view.builder.isEnabled()
    assert by_name(view, "New meeting", QPushButton).isEnabled()
    choose_meeting(qtbot, view, "2018-09-20")
    assert not hint.isVisible()


def test_with_no_forum_new_meeting_is_off_until_one_is_added(qtbot, archive_path: Path,
                                                             home: Path) -> None:
    window, view = open_agenda(qtbot, archive_path, home, 1024, 768)
    new = by_name(view, "New meeting", QPushButton)
    hint = by_name(view, "Agenda hint", QLabel)
    assert not new.isEnabled()
    assert not by_name(view, "New meeting from template", QPushButton).isEnabled()
    assert hint.isVisible() and "no forum yet" in hint.text() and "Audit view" in hint.text()

    repo.create_forum(window.archive.db, "North SPF")  # as the Audit view's Add forum does
    window.show_view("Audit")
    window.show_view("Agenda")
    assert view.isVisible()
    assert view.forum_combo.currentText() == "North SPF"
    assert new.isEnabled() and hint.text() == HINT
    qtbot.mouseClick(new, Qt.MouseButton.LeftButton)
    assert by_name(view, "Meeting title", QLineEdit).text() == "New forum meeting"
    assert not hint.isVisible()


def test_every_section_type_edits_without_sideways_scrolling_at_1024(
        qtbot, archive_path: Path, home: Path) -> None:
    """Group work's three parameters (and an audit's two, with its round) once made the
    section editor wider than the page at 1024x768: the page scrolled sideways."""
    from PySide6.QtWidgets import QComboBox, QTableView

    window, view = open_agenda(qtbot, archive_path, home, 1024, 768)
    repo.create_forum(window.archive.db, "North SPF")  # as the Audit view's Add forum does
    qtbot.waitUntil(lambda: by_name(view, "New meeting", QPushButton).isEnabled())
    qtbot.mouseClick(by_name(view, "New meeting", QPushButton), Qt.MouseButton.LeftButton)
    kinds = by_name(view, "Section type to add", QComboBox)
    types = [kinds.itemData(i) for i in range(kinds.count())]
    for index in range(kinds.count()):
        kinds.setCurrentIndex(index)
        qtbot.mouseClick(by_name(view, "Add section", QPushButton), Qt.MouseButton.LeftButton)
    table = by_name(view, "Agenda sections", QTableView)
    assert table.model().rowCount() == len(types) and "group_work" in types
    for row in range(len(types)):
        table.scrollTo(table.model().index(row, 2))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         pos=table.visualRect(table.model().index(row, 2)).center())
        assert table.currentIndex().row() == row
        assert_fits(window, view, ("Section type", "Duration in minutes", "Apply section changes",
                                   "Run meeting"))
