"""A new user's trial of the Agenda view, each problem found driven as that person did.

Every test starts from a NEW EMPTY archive (the forum added in the Audit view, as
``test_agenda_first_day`` does), finds controls by accessible name, presses keys
where the focus is, and moves time with injected clocks.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import test_agenda_first_day as first_day
from gui_helpers import by_name, type_date
from helpers import FakeClock
from PySide6.QtCore import QByteArray, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
)
from test_agenda_first_day import (
    choose,
    choose_listed,
    click,
    new_meeting,
    press,
    start_running,
    text_of,
    type_into,
)

from spf_desktop.gui.agenda.timeline import fit_lines
from spf_desktop.gui.app import settings_for
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive
from spf_desktop.store import agenda as store

# The first day's fixtures: a new empty archive with a forum, on a UK computer, the clocks moved by hand.
window, clocks, uk_dates = first_day.window, first_day.clocks, first_day.uk_dates

CAPTURED = "Captured outcomes, decisions and actions"
#: A calendar popup on the offscreen platform says it cannot raise or grab the keyboard.
POPUP = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")


# -- 1: the clock's keys work again after a capture is saved with Enter ------------------------

def test_after_saving_a_corrected_action_with_enter_n_moves_to_the_next_section(qtbot, window):
    agenda = window.views["Agenda"]
    meeting = new_meeting(qtbot, agenda, "welcome", "decision", "close")
    start_running(qtbot, agenda)
    assert text_of(agenda, "Current section") == "1 of 3: Welcome and ways of working"

    qtbot.mouseClick(by_name(agenda, "Action", QRadioButton), Qt.MouseButton.LeftButton)
    type_into(qtbot, agenda, "Captured text", "Book the room for June")
    press(qtbot, window, Qt.Key.Key_Return)  # Enter adds it
    text = by_name(agenda, "Captured text", QLineEdit)
    assert text.text() == ""

    choose_listed(qtbot, agenda, CAPTURED, "Book the room")
    click(qtbot, agenda, "Edit the captured item")
    type_into(qtbot, agenda, "Captured text", "Book the big room for June")
    due = by_name(agenda, "Action due date", QDateEdit)
    due.setFocus()
    type_date(qtbot, agenda, "Action due date", "2026-03-19")
    qtbot.waitUntil(due.hasFocus)
    press(qtbot, window, Qt.Key.Key_Return)  # Enter in the due date saves the correction
    [row] = store.captured(window.archive.db, meeting)["actions"]
    assert (row["text"], row["due_date"]) == ("Book the big room for June", "2026-03-19")

    press(qtbot, window, Qt.Key.Key_N)
    assert text_of(agenda, "Current section") == "2 of 3: Decision"
    assert not due.hasFocus() and text.text() == ""  # the form is left, cleared
    press(qtbot, window, Qt.Key.Key_Plus)
    assert agenda.run_page.clock.state.adjust_s  # + added a minute

    # letters typed into a text field still type, and move no section
    qtbot.mouseClick(text, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(text, "Next steps")
    assert text.text() == "Next steps"
    assert text_of(agenda, "Current section") == "2 of 3: Decision"


# -- 3: the plan's columns read whole in a meeting built section by section --------------------

@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_columns_fit_their_contents_as_sections_are_added_one_by_one(qtbot, window, size):
    window.resize(*size)
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda)
    table = by_name(agenda, "Agenda sections", QTableView)
    header = table.horizontalHeader()
    for type_id in ("welcome", "round", "networking_lunch", "audit", "close"):
        choose(qtbot, by_name(agenda, "Section type to add"), type_id)
        click(qtbot, agenda, "Add section")
        for column in (0, 1, 2, 3):  # Start, End, Section, Type
            assert header.sectionSize(column) >= table.sizeHintForColumn(column), (
                type_id, table.model().headerData(column, Qt.Orientation.Horizontal))
    # an empty column is no wider than its heading
    assert header.sectionSize(6) <= header.sectionSizeHint(6) + 4  # Lead


def test_timeline_labels_are_shortened_between_words_with_an_ellipsis() -> None:
    metrics = QFontMetrics(QFont())
    text = "12:30 Networking lunch"
    width = metrics.horizontalAdvance("12:30 Networking") + 2
    assert fit_lines(metrics, text, width, 2) == ["12:30 Networking", "lunch"]
    [one] = fit_lines(metrics, text, width, 1)
    assert one.endswith("\u2026") and metrics.horizontalAdvance(one) <= width
    narrow = metrics.horizontalAdvance("Networ")
    lines = fit_lines(metrics, text, narrow, 3)
    assert lines[0] == "12:30" and lines[1].endswith("\u2026")  # never "Netwo" without saying so
    assert all(metrics.horizontalAdvance(line) <= narrow for line in lines)


# -- 4: the first window fits a 1024x768 screen ------------------------------------------------

def test_the_window_is_kept_inside_a_small_screen(qtbot, tmp_path: Path, home: Path) -> None:
    settings = settings_for(home)
    win = MainWindow(Archive.open(tmp_path / "new.db", create=True), settings)
    qtbot.addWidget(win)
    win.resize(1100, 720)  # the form's size, for a fresh start
    screen = QRect(0, 0, 1024, 728)  # 1024x768, less a 40-px task bar
    win.fit_to_screen(screen)
    assert screen.contains(win.frameGeometry()), win.frameGeometry()

    # a window saved on a big screen, restored on the small one
    win.setGeometry(300, 200, 1600, 1000)
    settings.setValue("window/geometry", win.saveGeometry())
    again = MainWindow(None, settings)
    qtbot.addWidget(again)
    assert isinstance(settings.value("window/geometry"), QByteArray)
    again.fit_to_screen(screen)
    assert screen.contains(again.frameGeometry()), again.frameGeometry()
    win.close()
    again.close()


# -- 5: the message line says what was just done ------------------------------------------------

def test_the_new_meeting_message_goes_once_the_next_thing_is_done(qtbot, window):
    agenda = window.views["Agenda"]
    click(qtbot, agenda, "New meeting")
    assert text_of(agenda, "Agenda message").startswith("New meeting made")

    type_into(qtbot, agenda, "Meeting title", "March forum")
    click(qtbot, agenda, "Save meeting details")
    assert text_of(agenda, "Agenda message") == "Saved."

    choose(qtbot, by_name(agenda, "Section type to add"), "welcome")
    click(qtbot, agenda, "Add section")
    assert text_of(agenda, "Agenda message") == ""

    click(qtbot, agenda, "New meeting")
    assert text_of(agenda, "Agenda message").startswith("New meeting made")
    click(qtbot, agenda, "Run meeting")
    assert text_of(agenda, "Agenda message") == ""


# -- 6: the due date's calendar opens on today -------------------------------------------------

@POPUP
def test_the_due_date_calendar_opens_on_today(qtbot, window):
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "welcome")
    start_running(qtbot, agenda)
    agenda.run_page.capture.today = lambda: date(2026, 3, 5)
    qtbot.mouseClick(by_name(agenda, "Action", QRadioButton), Qt.MouseButton.LeftButton)
    type_into(qtbot, agenda, "Captured text", "Send the notes round")
    due = by_name(agenda, "Action due date", QDateEdit)
    qtbot.mouseClick(due, Qt.MouseButton.LeftButton, pos=QPoint(due.width() - 8, due.height() // 2))
    calendar = due.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (2026, 3)
    press(qtbot, window, Qt.Key.Key_Return)  # Enter takes the day the calendar offers
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert due.date().toString(Qt.DateFormat.ISODate) == "2026-03-05"


@POPUP
def test_closing_the_calendar_without_choosing_leaves_no_date(qtbot, window):
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "welcome")
    start_running(qtbot, agenda)
    due = by_name(agenda, "Action due date", QDateEdit)
    qtbot.mouseClick(due, Qt.MouseButton.LeftButton, pos=QPoint(due.width() - 8, due.height() // 2))
    calendar = due.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    press(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert due.text() == "No due date"


# -- 7: well past the planned start, Start late is the one offered ------------------------------

def test_well_past_the_planned_start_start_late_has_the_focus_and_a_hint_says_why(
        qtbot, window, clocks: FakeClock):
    agenda = window.views["Agenda"]
    meeting = new_meeting(qtbot, agenda, "welcome", "decision")  # planned for 10:00
    clocks.advance_minutes(139)  # 12:19
    click(qtbot, agenda, "Run meeting")
    late = by_name(agenda, "Start late (the rest shifts)", QPushButton)
    qtbot.waitUntil(late.hasFocus)
    hint = text_of(agenda, "Countdown state")
    assert "planned to start at 10:00" in hint and "Start late records the real start" in hint
    press(qtbot, window, Qt.Key.Key_Space)  # the focused button
    state = store.load_run_state(window.archive.db, meeting)
    assert state.status == "running" and state.late_min == 139


def test_on_time_there_is_no_late_hint(qtbot, window, clocks: FakeClock):
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "welcome")
    clocks.advance_minutes(2)
    click(qtbot, agenda, "Run meeting")
    assert text_of(agenda, "Countdown state") == "Not started"
    assert not by_name(agenda, "Start late (the rest shifts)", QPushButton).hasFocus()
    assert isinstance(by_name(agenda, "Time left", QLabel), QLabel)
    assert QApplication.focusWidget() is not None
