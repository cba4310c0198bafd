"""Issue 11, the agenda's part: a new forum's first day, from a NEW EMPTY archive.

Each test opens the real main window on a new archive (which holds only the
shipped question set), adds the forum in the Audit view as a facilitator does,
and then plans and runs a meeting with the mouse and the keyboard, finding
controls by accessible name. Time comes from clocks the test moves: nothing
sleeps, nothing is mocked.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from gui_helpers import by_name
from helpers import FakeClock
from PySide6.QtCore import QLocale, QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableView,
    QTabWidget,
    QWidget,
)

from spf_desktop.domain.agenda import Section
from spf_desktop.domain.answers import Answer
from spf_desktop.domain.errors import ValidationError
from spf_desktop.gui.agenda import AgendaView
from spf_desktop.gui.app import settings_for
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive, audit, repo
from spf_desktop.store import agenda as store
from spf_desktop.store.schema import MIGRATIONS
from spf_desktop.store.shipped import shipped_set_id

RECORD = " (meeting record)"  # the plan's capture panel, beside run mode's



@pytest.fixture
def uk_dates() -> Iterator[None]:
    """A UK computer: dates read 15/12/2026."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def clocks() -> FakeClock:
    return FakeClock(wall=datetime(2026, 3, 5, 10, 0, tzinfo=UTC))


@pytest.fixture
def window(qtbot, tmp_path: Path, home: Path, clocks: FakeClock, uk_dates) -> Iterator[MainWindow]:
    """The main window on a new, empty archive; the forum added in the Audit view."""
    win = MainWindow(Archive.open(tmp_path / "new.db", create=True), settings_for(home))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    with qtbot.waitExposed(win):
        win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.show_view("Audit")
    audit_view = win.views["Audit"]
    type_into(qtbot, audit_view, "New forum name", "Riverside SPF")  # as the Audit view's test does
    qtbot.mouseClick(by_name(audit_view, "Add forum", QPushButton), Qt.MouseButton.LeftButton)
    win.show_view("Agenda")
    agenda = win.views["Agenda"]
    assert isinstance(agenda, AgendaView)
    agenda.set_clocks(clocks.mono, clocks.wall)
    qtbot.waitUntil(lambda: by_name(agenda, "New meeting", QPushButton).isEnabled())
    yield win
    win.close()


# -- acting as a person ----------------------------------------------------------------

def click(qtbot, root: QWidget, name: str) -> None:
    control = by_name(root, name, QAbstractButton)
    assert control.isEnabled(), f"{name} is disabled"
    assert control.isVisible(), f"{name} is not on screen"
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton)


def type_into(qtbot, root: QWidget, name: str, text: str) -> None:
    edit = by_name(root, name, QLineEdit)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def choose(qtbot, combo: QComboBox, data: object) -> None:
    """Pick an item with the keyboard: Home, then Down until it is there."""
    assert combo.findData(data) >= 0, data
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data


def add_section(qtbot, agenda: AgendaView, type_id: str) -> None:
    choose(qtbot, by_name(agenda, "Section type to add", QComboBox), type_id)
    click(qtbot, agenda, "Add section")


def new_meeting(qtbot, agenda: AgendaView, *types: str) -> str:
    click(qtbot, agenda, "New meeting")
    for type_id in types:
        add_section(qtbot, agenda, type_id)
    assert agenda.meeting_id is not None
    return agenda.meeting_id


def text_of(root: QWidget, name: str) -> str:
    return by_name(root, name, QLabel).text()


def listed(root: QWidget, name: str) -> list[str]:
    lst = by_name(root, name, QListWidget)
    return [lst.item(i).text() for i in range(lst.count())]


def choose_listed(qtbot, root: QWidget, name: str, contains: str) -> None:
    lst = by_name(root, name, QListWidget)
    item = next(lst.item(i) for i in range(lst.count()) if contains in lst.item(i).text())
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(item).center())
    assert lst.currentItem() is item


def press(qtbot, window: QWidget, key: Qt.Key) -> None:
    """A key pressed wherever the focus is now."""
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key)


def start_running(qtbot, agenda: AgendaView) -> None:
    click(qtbot, agenda, "Run meeting")
    click(qtbot, agenda, "Start the meeting")


def message_box(agenda: AgendaView) -> QMessageBox:
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert len(boxes) == 1, boxes
    return boxes[0]


# -- item 6: captured items can be corrected ------------------------------------------

def test_a_captured_action_is_corrected_deleted_and_marked_done_with_undo_in_run_mode(qtbot, window):
    agenda = window.views["Agenda"]
    meeting = new_meeting(qtbot, agenda, "welcome", "decision")
    start_running(qtbot, agenda)

    # the kind is three radio buttons: they stay where they are when one is chosen
    radios = [by_name(agenda, kind, QRadioButton) for kind in ("Outcome", "Decision", "Action")]
    places = [r.mapTo(window, QPoint(0, 0)) for r in radios]
    qtbot.mouseClick(radios[2], Qt.MouseButton.LeftButton)
    assert radios[2].isChecked()
    assert [r.mapTo(window, QPoint(0, 0)) for r in radios] == places

    # Enter adds the capture
    type_into(qtbot, agenda, "Action owner", "Staff side lead")
    type_into(qtbot, agenda, "Captured text", "Write up the rota chnages")
    qtbot.keyClick(by_name(agenda, "Captured text", QLineEdit), Qt.Key.Key_Return)
    captured = "Captured outcomes, decisions and actions"
    assert listed(agenda, captured) == [
        "Action: Write up the rota chnages (owner: Staff side lead) [Welcome and ways of working]"]

    # correct the typo: choose it, Edit, retype, Enter saves
    choose_listed(qtbot, agenda, captured, "rota")
    click(qtbot, agenda, "Edit the captured item")
    assert by_name(agenda, "Captured text", QLineEdit).text() == "Write up the rota chnages"
    type_into(qtbot, agenda, "Captured text", "Write up the rota changes")
    qtbot.keyClick(by_name(agenda, "Captured text", QLineEdit), Qt.Key.Key_Return)
    rows = store.captured(window.archive.db, meeting)["actions"]
    assert [r["text"] for r in rows] == ["Write up the rota changes"]

    # editing to empty text is refused, and nothing changes
    choose_listed(qtbot, agenda, captured, "rota")
    click(qtbot, agenda, "Edit the captured item")
    type_into(qtbot, agenda, "Captured text", "   ")
    click(qtbot, agenda, "Save the correction")
    problem = text_of(agenda, "Run mode problem")
    assert "needs some text" in problem and "Nothing was changed" in problem
    assert [r["text"] for r in store.captured(window.archive.db, meeting)["actions"]] == [
        "Write up the rota changes"]
    click(qtbot, agenda, "Cancel the correction")

    # the kind can be corrected too: it was a decision after all, then undo
    choose_listed(qtbot, agenda, captured, "rota")
    click(qtbot, agenda, "Edit the captured item")
    qtbot.mouseClick(by_name(agenda, "Decision", QRadioButton), Qt.MouseButton.LeftButton)
    click(qtbot, agenda, "Save the correction")
    assert listed(agenda, captured) == ["Decision: Write up the rota changes [Welcome and ways of working]"]
    click(qtbot, agenda, "Undo capture change")
    assert listed(agenda, captured)[0].startswith("Action: Write up the rota changes (owner: Staff side lead)")

    # marking done can be undone
    choose_listed(qtbot, agenda, captured, "rota")
    click(qtbot, agenda, "Mark the action done or open")
    assert store.captured(window.archive.db, meeting)["actions"][0]["status"] == "done"
    assert "\u2714 done" in listed(agenda, captured)[0]
    click(qtbot, agenda, "Undo capture change")
    assert store.captured(window.archive.db, meeting)["actions"][0]["status"] == "open"
    click(qtbot, agenda, "Redo capture change")
    assert store.captured(window.archive.db, meeting)["actions"][0]["status"] == "done"
    click(qtbot, agenda, "Undo capture change")

    # delete, and undo brings it back as it was
    choose_listed(qtbot, agenda, captured, "rota")
    click(qtbot, agenda, "Delete the captured item")
    assert listed(agenda, captured) == []
    click(qtbot, agenda, "Undo capture change")
    rows = store.captured(window.archive.db, meeting)["actions"]
    assert [(r["text"], r["owner"], r["status"]) for r in rows] == [
        ("Write up the rota changes", "Staff side lead", "open")]


def test_captured_items_are_corrected_after_the_meeting_from_the_plan(qtbot, window, clocks):
    agenda = window.views["Agenda"]
    meeting = new_meeting(qtbot, agenda, "welcome")
    start_running(qtbot, agenda)
    type_into(qtbot, agenda, "Captured text", "We agreed the terms of reference")
    click(qtbot, agenda, "Add capture")
    clocks.advance_minutes(15)
    click(qtbot, agenda, "Finish the meeting")
    click(qtbot, message_box(agenda), "Yes, finish")
    assert text_of(agenda, "Current section") == "The meeting has finished"
    click(qtbot, agenda, "Back to the plan")

    tabs = by_name(agenda, "Section or meeting record", QTabWidget)
    tabs.setCurrentIndex(1)
    record = "Captured outcomes, decisions and actions" + RECORD
    assert listed(agenda, record) == ["Outcome: We agreed the terms of reference [Welcome and ways of working]"]
    choose_listed(qtbot, agenda, record, "terms")
    qtbot.mouseDClick(by_name(agenda, record, QListWidget).viewport(), Qt.MouseButton.LeftButton,
                      pos=by_name(agenda, record, QListWidget).visualItemRect(
                          by_name(agenda, record, QListWidget).item(0)).center())
    type_into(qtbot, agenda, "Captured text" + RECORD, "We agreed the new terms of reference")
    qtbot.keyClick(by_name(agenda, "Captured text" + RECORD, QLineEdit), Qt.Key.Key_Return)
    assert [r["text"] for r in store.captured(window.archive.db, meeting)["outcomes"]] == [
        "We agreed the new terms of reference"]
    click(qtbot, agenda, "Undo capture change" + RECORD)
    assert [r["text"] for r in store.captured(window.archive.db, meeting)["outcomes"]] == [
        "We agreed the terms of reference"]
    # run mode's list follows (the change hook), with no restart
    click(qtbot, agenda, "Run meeting")
    qtbot.waitUntil(lambda: listed(agenda, "Captured outcomes, decisions and actions") == [
        "Outcome: We agreed the terms of reference [Welcome and ways of working]"])


# -- item 7: the meeting clock never ends a meeting by accident ----------------------

def test_finish_asks_first_with_no_as_the_default_and_never_finishes_twice(qtbot, window, clocks):
    agenda = window.views["Agenda"]
    meeting = new_meeting(qtbot, agenda, "welcome", "decision", "break")
    start_running(qtbot, agenda)

    click(qtbot, agenda, "Finish the meeting")
    box = message_box(agenda)
    assert box.text() == "Finish the meeting now? 2 sections not run."
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter takes the default: No
    qtbot.waitUntil(lambda: not box.isVisible())
    assert text_of(agenda, "Current section") == "1 of 3: Welcome and ways of working"

    # pressed twice: one question, one finish
    click(qtbot, agenda, "Finish the meeting")
    first = message_box(agenda)
    agenda.run_page.request("finish")  # the F key, as the question opens
    assert message_box(agenda) is first
    click(qtbot, first, "Yes, finish")
    state = store.load_run_state(window.archive.db, meeting)
    assert state.status == "finished"
    saved = state.to_dict()
    assert not by_name(agenda, "Finish the meeting", QPushButton).isEnabled()
    assert agenda.run_page.ask_finish() is None  # a late second press
    assert text_of(agenda, "Run mode problem") == "The meeting has already finished: nothing was changed."
    assert store.load_run_state(window.archive.db, meeting).to_dict() == saved


def test_next_section_on_the_last_section_asks_before_finishing(qtbot, window, clocks):
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "welcome", "decision")
    start_running(qtbot, agenda)
    click(qtbot, agenda, "Next section")  # not the last: no question
    assert text_of(agenda, "Current section") == "2 of 2: Decision"
    click(qtbot, agenda, "Next section")
    box = message_box(agenda)
    assert box.text() == "Finish the meeting now? This is the last section: it ends now."
    click(qtbot, box, "No, keep running")
    assert text_of(agenda, "Current section") == "2 of 2: Decision"
    click(qtbot, agenda, "Skip this section")
    click(qtbot, message_box(agenda), "Yes, finish")
    assert text_of(agenda, "Current section") == "The meeting has finished"


RUN_BUTTONS = ("Start the meeting", "Start late (the rest shifts)", "Pause or resume",
               "Take off a minute", "Add a minute", "Next section", "Skip this section",
               "Next speaker", "Finish the meeting", "Open the audience window",
               "Reset the clock", "Back to the plan", "Add capture", "Edit the captured item",
               "Delete the captured item")


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_run_mode_buttons_keep_their_places_while_the_clock_runs(qtbot, window, clocks, size):
    window.resize(*size)
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "group_work", "networking_lunch", "audit")
    # the audit runs alongside lunch
    table = by_name(agenda, "Agenda sections", QTableView)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(table.model().index(2, 2)).center())
    choose(qtbot, by_name(agenda, "Runs alongside", QComboBox), store.sections(
        window.archive.db, agenda.meeting_id)[1].id)
    click(qtbot, agenda, "Apply section changes")
    click(qtbot, agenda, "Run meeting")

    def places() -> dict[str, QRect]:
        out = {}
        for name in RUN_BUTTONS:
            b = by_name(agenda, name, QPushButton)
            assert b.isVisible(), name
            out[name] = QRect(b.mapTo(window, QPoint(0, 0)), b.size())
        return out

    ready = places()
    click(qtbot, agenda, "Start the meeting")  # the speaker (report-back) timer shows
    assert places() == ready
    click(qtbot, agenda, "Pause or resume")
    assert places() == ready
    click(qtbot, agenda, "Pause or resume")
    clocks.advance_minutes(50)
    click(qtbot, agenda, "Next section")  # lunch, with the audit's timer and stop button
    assert by_name(agenda, "Stop the parallel timer for Partnership behaviours audit (one laptop)",
                   QPushButton).isVisible()
    assert places() == ready
    click(qtbot, agenda, "Next section")
    click(qtbot, message_box(agenda), "Yes, finish")
    assert places() == ready
    for name in ("Pause or resume", "Next section", "Finish the meeting"):
        assert not by_name(agenda, name, QPushButton).isEnabled()  # off, not hidden


def test_run_mode_keys_work_anywhere_in_the_window_and_each_button_shows_its_key(qtbot, window, clocks):
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "welcome", "group_work", "decision")
    click(qtbot, agenda, "Run meeting")
    keys = {"Pause or resume": "(P)", "Take off a minute": "(-)", "Add a minute": "(+)",
            "Next section": "(N)", "Skip this section": "(K)", "Next speaker": "(S)",
            "Finish the meeting": "(F)", "Open the audience window": "(A)"}
    for name, key in keys.items():
        assert by_name(agenda, name, QPushButton).text().endswith(key), name

    # before the start the keys do nothing
    window.ui.navigation.setFocus()
    press(qtbot, window, Qt.Key.Key_N)
    assert text_of(agenda, "Current section") == "Ready: Welcome and ways of working"

    click(qtbot, agenda, "Start the meeting")
    window.ui.navigation.setFocus()  # the focus far from the clock, in the main window
    press(qtbot, window, Qt.Key.Key_N)
    assert text_of(agenda, "Current section") == "2 of 3: Group work"
    press(qtbot, window, Qt.Key.Key_Plus)
    assert text_of(agenda, "Time left") == "51:00"
    press(qtbot, window, Qt.Key.Key_P)
    assert text_of(agenda, "Countdown state").startswith("Paused")
    press(qtbot, window, Qt.Key.Key_P)

    # typing in the capture field types, and Space on a focused button is that button's
    type_into(qtbot, agenda, "Captured text", "Next steps")
    assert by_name(agenda, "Captured text", QLineEdit).text() == "Next steps"
    assert text_of(agenda, "Current section") == "2 of 3: Group work"
    minus = by_name(agenda, "Take off a minute", QPushButton)
    minus.setFocus()
    qtbot.keyClick(minus, Qt.Key.Key_Space)
    assert text_of(agenda, "Time left") == "50:00"
    assert not text_of(agenda, "Countdown state").startswith("Paused")


def test_ahead_or_behind_states_the_next_pinned_section_and_the_planned_end(qtbot, window, clocks):
    agenda = window.views["Agenda"]
    meeting = new_meeting(qtbot, agenda)
    type_into(qtbot, agenda, "Start time", "10:00")
    type_into(qtbot, agenda, "Planned end", "13:30")
    click(qtbot, agenda, "Save meeting details")
    db = window.archive.db
    plan = (Section("a", "group_work", "Partnership you can see", duration_min=60),
            Section("b", "decision", "Decisions", duration_min=60),
            Section("c", "networking_lunch", "Lunch", duration_min=45, pinned_time="12:30"),
            Section("d", "welcome", "Close", duration_min=15))
    store.save_sections(db, meeting, plan)  # as built in the plan
    qtbot.waitUntil(lambda: len(agenda.builder.sections) == 4)
    start_running(qtbot, agenda)
    assert text_of(agenda, "Ahead or behind") == (
        "Lunch can start on time at 12:30\nPlanned end 13:30: on time")
    clocks.advance_minutes(100)  # 40 minutes over
    agenda.run_page.refresh()
    assert text_of(agenda, "Time left") == "+40:00"
    assert text_of(agenda, "Ahead or behind") == (
        "Lunch will start 10 min late\nPlanned end 13:30: 10 min late")
    click(qtbot, agenda, "Next section")
    click(qtbot, agenda, "Take off a minute")
    assert text_of(agenda, "Ahead or behind") == (
        "Lunch will start 9 min late\nPlanned end 13:30: 9 min late")


def test_sub_timers_follow_a_minute_more_or_less_and_skips(qtbot, window, clocks):
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "group_work", "round")
    start_running(qtbot, agenda)
    assert text_of(agenda, "Speaker timer") == "Group discussion: 30:00"
    click(qtbot, agenda, "Add a minute")
    assert text_of(agenda, "Time left") == "51:00"
    assert text_of(agenda, "Speaker timer") == "Group discussion: 31:00"
    click(qtbot, agenda, "Take off a minute")
    click(qtbot, agenda, "Take off a minute")
    assert text_of(agenda, "Time left") == "49:00"
    assert text_of(agenda, "Speaker timer") == "Group discussion: 29:00"
    click(qtbot, agenda, "Next speaker")  # the discussion skipped: the first report-back
    assert text_of(agenda, "Speaker timer") == "Report-back: group 1 of 4: 5:00"
    click(qtbot, agenda, "Add a minute")
    assert text_of(agenda, "Speaker timer") == "Report-back: group 1 of 4: 6:00"
    click(qtbot, agenda, "Skip this section")  # the round starts with its own first speaker
    assert text_of(agenda, "Speaker timer") == "Speaker 1 of 12: 2:00"


def test_on_one_screen_the_audience_window_is_raised_beside_the_controls(qtbot, window, clocks):
    assert len(QApplication.screens()) == 1  # a laptop mirrored to a projector
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "welcome")
    start_running(qtbot, agenda)
    click(qtbot, agenda, "Open the audience window")
    audience = agenda.run_page.audience
    assert audience is not None
    qtbot.waitUntil(lambda: audience.isVisible() and QApplication.activeWindow() is audience)
    screen = window.screen().availableGeometry()
    assert not audience.isFullScreen()  # an ordinary window the facilitator can move
    assert screen.contains(audience.frameGeometry()) or screen.contains(audience.geometry())
    assert audience.width() <= screen.width() // 2 and audience.height() <= screen.height() // 2
    assert by_name(audience, "Audience time left", QLabel).text() == "15:00"

    # F11: full screen for the room; Esc: back to the controls, the room's window stays
    qtbot.keyClick(audience, Qt.Key.Key_F11)
    qtbot.waitUntil(audience.isFullScreen)
    qtbot.keyClick(audience, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert audience.isVisible() and not audience.isFullScreen()
    # and A, anywhere in the main window, raises it again
    window.ui.navigation.setFocus()
    press(qtbot, window, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is audience)


# -- item 9: forms a person can use with the keyboard ----------------------------------

def test_delete_meeting_asks_with_no_as_the_default(qtbot, window):
    agenda = window.views["Agenda"]
    meeting = new_meeting(qtbot, agenda, "welcome")
    click(qtbot, agenda, "Delete meeting")
    box = message_box(agenda)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert store.get_meeting(window.archive.db, meeting)["title"] == "New forum meeting"
    assert len(listed(agenda, "Meetings")) == 1


def test_enter_adds_the_capture_from_any_of_its_fields(qtbot, window):
    agenda = window.views["Agenda"]
    meeting = new_meeting(qtbot, agenda, "welcome")
    start_running(qtbot, agenda)
    qtbot.mouseClick(by_name(agenda, "Action", QRadioButton), Qt.MouseButton.LeftButton)
    type_into(qtbot, agenda, "Captured text", "Book the room for June")
    type_into(qtbot, agenda, "Action owner", "HR lead")
    qtbot.keyClick(by_name(agenda, "Action owner", QLineEdit), Qt.Key.Key_Enter)
    rows = store.captured(window.archive.db, meeting)["actions"]
    assert [(r["text"], r["owner"]) for r in rows] == [("Book the room for June", "HR lead")]
    assert by_name(agenda, "Captured text", QLineEdit).text() == ""


def test_the_meeting_date_is_a_calendar_in_the_computers_format_stored_as_iso(qtbot, window):
    agenda = window.views["Agenda"]
    meeting = new_meeting(qtbot, agenda)
    date = by_name(agenda, "Meeting date", QDateEdit)
    assert date.calendarPopup()
    assert date.displayFormat() == QLocale().dateFormat(QLocale.FormatType.ShortFormat) == "dd/MM/yyyy"

    def type_date(text: str) -> None:
        date.setFocus()
        date.lineEdit().selectAll()
        qtbot.keyClicks(date, text)
        qtbot.keyClick(date, Qt.Key.Key_Return)  # Enter saves the details

    type_date("15/12/2026")
    assert store.get_meeting(window.archive.db, meeting)["date"] == "2026-12-15"
    assert date.text() == "15/12/2026"
    assert listed(agenda, "Meetings")[0].startswith("2026-12-15")  # the list sorts by ISO date

    type_date("31/02/2026")  # no such day: refused, said, nothing changed
    problem = by_name(agenda, "Agenda problem", QLabel)
    assert problem.isVisible()
    assert problem.text() == ("31/02/2026 is not a date: type one like 15/12/2026, or pick one "
                              "from the calendar. Nothing was changed.")
    assert date.text() == "15/12/2026"
    assert store.get_meeting(window.archive.db, meeting)["date"] == "2026-12-15"

    date.setFocus()
    date.lineEdit().selectAll()
    qtbot.keyClicks(date, "2026-12-31")  # another format: refused on the way out, too
    click(qtbot, agenda, "Save meeting details")
    assert "2026-12-31 is not a date" in problem.text()
    assert store.get_meeting(window.archive.db, meeting)["date"] == "2026-12-15"


def focus_chain(qtbot, start: QWidget, stop: QWidget, window: QWidget) -> list[QWidget]:
    """The controls Tab visits from ``start`` until ``stop``."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen = [start]
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        while widget is not None and not widget.accessibleName():
            widget = widget.parentWidget()  # a spin box's inner line edit
        assert widget is not None
        seen.append(widget)
        if widget is stop:
            return seen
    raise AssertionError([w.accessibleName() for w in seen])


def reads_in_order(chain: list[QWidget], window: QWidget) -> None:
    """Each control is right of the one before on its line, or on a line below."""
    for before, after in zip(chain, chain[1:], strict=False):
        a = before.mapTo(window, QPoint(0, 0))
        b = after.mapTo(window, QPoint(0, 0))
        same_line = abs(a.y() - b.y()) < min(before.height(), after.height()) // 2 + 4
        assert (same_line and b.x() > a.x()) or (not same_line and b.y() > a.y()), (
            f"{before.accessibleName()} at {a} then {after.accessibleName()} at {b}")


def test_tab_follows_the_visual_order_of_the_details_form_and_the_section_editor(qtbot, window):
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "group_work", "networking_lunch", "audit")
    details = focus_chain(qtbot, by_name(agenda, "Meeting title", QLineEdit),
                          by_name(agenda, "Save meeting details", QPushButton), window)
    assert [w.accessibleName() for w in details] == [
        "Meeting title", "Meeting date", "Venue", "Start time", "Planned end", "Seating",
        "Ways of working", "Save meeting details"]
    reads_in_order(details, window)

    for row in (0, 2):  # group work (with its parameters), the audit (with its round)
        table = by_name(agenda, "Agenda sections", QTableView)
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         pos=table.visualRect(table.model().index(row, 2)).center())
        editor = focus_chain(qtbot, by_name(agenda, "Section type", QComboBox),
                             by_name(agenda, "Apply section changes", QPushButton), window)
        names = [w.accessibleName() for w in editor]
        assert names[:6] == ["Section type", "Lead", "Section title", "Outcome sought",
                             "Posed as a question", "Duration in minutes"]
        tail = ["Pin to a clock time", "Pinned time", "Runs alongside",
                *(["Audit round"] if row == 2 else []), "Private notes", "Apply section changes"]
        assert names[-len(tail):] == tail
        reads_in_order(editor, window)


# -- item 10: Start and End always readable --------------------------------------------

@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_start_and_end_are_readable_however_the_meeting_was_made(qtbot, window, size):
    window.resize(*size)
    agenda = window.views["Agenda"]
    table = by_name(agenda, "Agenda sections", QTableView)
    header = table.horizontalHeader()

    def readable() -> None:
        for column in (0, 1):
            assert header.sectionResizeMode(column) == QHeaderView.ResizeMode.ResizeToContents
            assert header.sectionSize(column) >= table.sizeHintForColumn(column), column
            assert header.sectionSize(column) >= header.sectionSizeHint(column), column
            text = table.model().index(0, column).data()
            assert table.fontMetrics().horizontalAdvance(text) < header.sectionSize(column)

    new_meeting(qtbot, agenda)  # made empty, then filled
    for type_id in ("welcome", "group_work", "networking_lunch"):
        add_section(qtbot, agenda, type_id)
        readable()
    type_into(qtbot, agenda, "Start time", "9:05")  # narrower times, then wider
    click(qtbot, agenda, "Save meeting details")
    readable()
    templates = by_name(agenda, "Templates", QListWidget)
    templates.setCurrentRow(0)  # made from the shipped template
    click(qtbot, agenda, "New meeting from template")
    readable()


# -- item 3: an audit section runs an audit round --------------------------------------

def test_an_audit_section_runs_a_round_of_its_own_forum_and_shows_its_responses(qtbot, window):
    agenda = window.views["Agenda"]
    db = window.archive.db
    forum = repo.forums(db)[0]["id"]
    # the round made as the Audit view's New round does, with the shipped set
    round_id = audit.create_audit_round(db, forum, shipped_set_id(), "Spring audit", "2026-03-05")
    audit.open_round(db, round_id)
    meeting = new_meeting(qtbot, agenda, "welcome", "audit")

    table = by_name(agenda, "Agenda sections", QTableView)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(table.model().index(0, 2)).center())
    assert not by_name(agenda, "Audit round", QComboBox).isVisible()  # a welcome runs none
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(table.model().index(1, 2)).center())
    rounds = by_name(agenda, "Audit round", QComboBox)
    qtbot.waitUntil(rounds.isVisible)
    choose(qtbot, rounds, round_id)
    click(qtbot, agenda, "Apply section changes")
    sections = store.sections(db, meeting)
    assert sections[1].round_id == round_id
    assert repo.get(db, "rounds", round_id)["meeting_id"] == meeting  # held at the meeting

    start_running(qtbot, agenda)
    assert text_of(agenda, "Linked audit round") == (
        'Audit round "Spring audit": 0 responses (open) (its section is not running now)')
    assert not by_name(agenda, "Start participant mode", QPushButton).isEnabled()
    click(qtbot, agenda, "Next section")
    assert text_of(agenda, "Linked audit round") == 'Audit round "Spring audit": 0 responses (open)'

    questions = repo.questions(db, shipped_set_id())
    repo.add_response(db, round_id, {q["id"]: Answer(7) for q in questions})  # as the kiosk does
    qtbot.waitUntil(lambda: text_of(agenda, "Linked audit round")
                    == 'Audit round "Spring audit": 1 response (open)')
    with qtbot.waitSignal(agenda.participant_mode_requested) as asked:
        click(qtbot, agenda, "Start participant mode")
    assert asked.args == [round_id]


def test_a_link_to_another_forums_round_is_refused_and_changes_nothing(qtbot, window):
    agenda = window.views["Agenda"]
    db = window.archive.db
    other = repo.create_forum(db, "Hillside SPF")
    theirs = audit.create_audit_round(db, other, shipped_set_id(), "Hillside baseline", "2026-03-01")
    meeting = new_meeting(qtbot, agenda, "audit")
    before = store.sections(db, meeting)
    linked = (Section(before[0].id, "audit", before[0].title, duration_min=60, round_id=theirs),)
    with pytest.raises(ValidationError, match=r'The audit round "Hillside baseline" belongs to '
                                              r"Hillside SPF, not to this meeting's forum"):
        store.save_sections(db, meeting, linked)
    assert store.sections(db, meeting) == before
    assert repo.get(db, "rounds", theirs)["meeting_id"] is None
    # the plan offers only the forum's own rounds
    qtbot.waitUntil(lambda: by_name(agenda, "Audit round", QComboBox).isVisible())
    rounds = by_name(agenda, "Audit round", QComboBox)
    assert [rounds.itemText(i) for i in range(rounds.count())] == ["No round linked"]
    # and in the plan, the refusal is said, with nothing changed
    assert not agenda.builder.apply(linked, "Link a round")
    assert "belongs to Hillside SPF" in by_name(agenda, "Agenda problem", QLabel).text()
    assert store.sections(db, meeting) == before


def test_the_section_round_link_comes_after_the_shipped_question_sets():
    names = MIGRATIONS.names()
    assert names.index("0007_section_round") == names.index("0006_shipped_question_sets") + 1


def test_an_archive_from_before_the_link_opens_with_its_sections_unlinked(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from spf_desktop.domain.agenda import Meeting

    path = tmp_path / "old.db"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="0007_section_round")  # as the last version left it
    db.execute("PRAGMA user_version = 6")
    forum = repo.create_forum(db, "Old SPF")
    meeting = store.create_meeting(db, forum, Meeting("Spring meeting"))
    db.execute("INSERT INTO agenda_sections (id, meeting_id, position, type, duration_min) "
               "VALUES ('s1', ?, 1, 'audit', 60)", [meeting])
    db.close()
    with Archive.open(path) as arch:
        assert [s.round_id for s in store.sections(arch.db, meeting)] == [None]
        rnd = audit.create_audit_round(arch.db, forum, shipped_set_id(), "Spring", "2026-03-05")
        linked = store.sections(arch.db, meeting)[0]
        store.save_sections(arch.db, meeting, (Section(**{**linked.__dict__, "round_id": rnd}),))
        assert store.sections(arch.db, meeting)[0].round_id == rnd


def test_a_due_date_that_is_none_is_refused_and_nothing_is_captured(qtbot, window):
    agenda = window.views["Agenda"]
    meeting = new_meeting(qtbot, agenda, "welcome")
    start_running(qtbot, agenda)
    qtbot.mouseClick(by_name(agenda, "Action", QRadioButton), Qt.MouseButton.LeftButton)
    type_into(qtbot, agenda, "Captured text", "Book the room for June")
    due = by_name(agenda, "Action due date", QDateEdit)
    assert due.calendarPopup() and due.text() == "No due date"
    due.setFocus()
    due.lineEdit().selectAll()
    qtbot.keyClicks(due, "31/02/2026")
    click(qtbot, agenda, "Add capture")  # the click takes the focus from the date first
    assert text_of(agenda, "Run mode problem").startswith("31/02/2026 is not a date")
    assert store.captured(window.archive.db, meeting)["actions"] == []
    due.setFocus()
    due.lineEdit().selectAll()
    qtbot.keyClicks(due, "28/02/2026")
    qtbot.keyClick(due, Qt.Key.Key_Return)  # Enter in the date adds, too
    rows = store.captured(window.archive.db, meeting)["actions"]
    assert [(r["text"], r["due_date"]) for r in rows] == [("Book the room for June", "2026-02-28")]


def test_finish_before_the_start_says_so_and_asks_nothing(qtbot, window):
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "welcome")
    click(qtbot, agenda, "Run meeting")
    assert not by_name(agenda, "Finish the meeting", QPushButton).isEnabled()
    window.ui.navigation.setFocus()
    press(qtbot, window, Qt.Key.Key_F)  # the key is off until the clock runs
    assert agenda.run_page.finish_box is None
    assert agenda.run_page.ask_finish() is None
    assert text_of(agenda, "Run mode problem") == "Start the meeting clock first."
