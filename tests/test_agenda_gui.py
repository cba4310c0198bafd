"""The agenda builder, run mode and the audience window, driven as a facilitator would."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from gui_helpers import by_name
from helpers import FakeClock
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QWidget,
)

from spf_desktop.domain.section_types import load_section_types
from spf_desktop.gui.agenda import AgendaView
from spf_desktop.gui.agenda.date_field import local_date
from spf_desktop.gui.agenda.model import SectionsModel
from spf_desktop.gui.app import settings_for
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.paths import resource
from spf_desktop.store import Archive
from spf_desktop.store import agenda as store

CTRL = Qt.KeyboardModifier.ControlModifier



def open_window(qtbot, path: Path, home: Path, clocks: FakeClock | None = None) -> tuple[MainWindow, AgendaView]:
    window = MainWindow(Archive.open(path), settings_for(home))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    with qtbot.waitExposed(window):
        window.show()
    nav = window.ui.navigation
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=nav.visualItemRect(nav.item(2)).center())
    view = window.views["Agenda"]
    assert isinstance(view, AgendaView) and view.isVisible()
    if clocks is not None:
        view.set_clocks(clocks.mono, clocks.wall)
    return window, view


def named(root: QWidget, name: str, kind: type[QWidget] = QWidget):
    return by_name(root, name, kind)


def click(qtbot, root: QWidget, name: str) -> None:
    button = named(root, name, QPushButton)
    assert button.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, root: QWidget, name: str, text: str) -> None:
    edit = named(root, name, QLineEdit)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def table_column(view: AgendaView, column: int) -> list[str]:
    model = named(view, "Agenda sections", QTableView).model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


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


def select_row(qtbot, view: AgendaView, row: int) -> None:
    table = named(view, "Agenda sections", QTableView)
    rect = table.visualRect(table.model().index(row, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.currentIndex().row() == row


SEP_2018 = [
    # type, title, question, params to set, minutes expected
    ("networking_lunch", "Networking lunch", "Who haven't you met yet?", {}, 45),
    ("welcome", "Welcome and our ways of working", "How will we work together today?", {}, 15),
    ("group_work", "Partnership you can see", "How do we make partnership working visible in every trust?",
     {"Groups": 4}, 50),
    ("break", "Break", "", {}, 15),
    ("group_work", "No surprises", "What would help us raise issues early, with no surprises?",
     {"Groups": 4}, 50),
    ("round", "Round", "What will you do differently after today?",
     {"Participants": 15, "Minutes each": 2}, 30),
    ("decision", "Decisions", "Which of today's proposals do we adopt?", {}, 15),
    ("close", "Close", "How well did we keep our ways of working today?", {}, 10),
]


def test_sections_model_passes_the_model_tester(qtmodeltester, demo):
    types = load_section_types(resource("section_types.json"))
    from spf_desktop.domain.agenda import compute_schedule

    meeting = next(m for m in store.list_meetings(demo.db, None) if m["date"] == "2018-09-20")
    items = store.sections(demo.db, meeting["id"])
    model = SectionsModel(types)
    model.set_agenda(items, compute_schedule(items, "12:00", "16:00", types))
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "12:00"
    assert model.rowCount(model.index(0, 0)) == 0


def test_build_the_sep_2018_agenda_by_keyboard_and_mouse_reorder_and_undo(qtbot, demo_path, home):
    window, view = open_window(qtbot, demo_path, home)
    click(qtbot, view, "New meeting")
    type_into(qtbot, view, "Meeting title", "Workshop-style forum meeting")
    date = named(view, "Meeting date", QDateEdit)
    date.setFocus()
    date.lineEdit().selectAll()
    qtbot.keyClicks(date, QDate(2019, 5, 16).toString(date.displayFormat()))  # as the computer shows dates
    type_into(qtbot, view, "Venue", "Conference centre, Nottingham")
    type_into(qtbot, view, "Start time", "12:00")
    type_into(qtbot, view, "Planned end", "16:00")
    choose(qtbot, named(view, "Seating", QComboBox), "cabaret")
    # the forum's ways of working are there by default
    assert "Involvement: Everyone has a voice" in named(view, "Ways of working", QPlainTextEdit).toPlainText()
    click(qtbot, view, "Save meeting details")
    meetings = named(view, "Meetings", QListWidget)
    assert meetings.currentItem().text() == "2019-05-16  Workshop-style forum meeting"

    for stype, title, question, params, minutes in SEP_2018:
        choose(qtbot, named(view, "Section type to add", QComboBox), stype)
        click(qtbot, view, "Add section")
        type_into(qtbot, view, "Section title", title)
        type_into(qtbot, view, "Posed as a question", question)
        for name, value in params.items():
            box = named(view, name, QSpinBox)
            box.setFocus()
            box.selectAll()
            qtbot.keyClicks(box, str(value))
        assert named(view, "Duration in minutes", QSpinBox).value() == minutes
        qtbot.keyClick(named(view, "Posed as a question", QLineEdit), Qt.Key.Key_Return)

    assert table_column(view, 2) == [s[1] for s in SEP_2018]
    assert table_column(view, 0) == ["12:00", "12:45", "13:00", "13:50", "14:05", "14:55", "15:25", "15:40"]
    assert "12:00 to 15:50" in named(view, "Agenda summary", QLabel).text()
    assert named(view, "Agenda warnings", QLabel).text() == ""

    # type parameters recompute the duration: five groups report back
    select_row(qtbot, view, 2)
    box = named(view, "Groups", QSpinBox)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "5")
    assert named(view, "Duration in minutes", QSpinBox).value() == 55
    click(qtbot, view, "Apply section changes")
    assert table_column(view, 1)[2] == "13:55"

    # the audit runs alongside lunch, side by side
    choose(qtbot, named(view, "Section type to add", QComboBox), "audit")
    select_row(qtbot, view, 0)
    click(qtbot, view, "Add section")
    choose(qtbot, named(view, "Runs alongside", QComboBox), store.sections(view.db, view.meeting_id)[0].id)
    click(qtbot, view, "Apply section changes")
    assert table_column(view, 2)[1] == "\u2225 Partnership behaviours audit (one laptop)"
    assert table_column(view, 0)[1] == "12:00"
    assert table_column(view, 8)[1] == "Networking lunch"
    timeline = named(view, "Agenda timeline")
    assert "Networking lunch 12:00 to 12:45, alongside: Partnership behaviours audit" in timeline.accessibleDescription()
    assert sorted(set(timeline.lanes().values())) == [0, 1]
    assert "12:00 to 15:55" in named(view, "Agenda summary", QLabel).text()

    # reorder by keyboard: the break goes up one
    select_row(qtbot, view, 4)
    assert table_column(view, 2)[4] == "Break"
    qtbot.keyClick(named(view, "Agenda sections", QTableView), Qt.Key.Key_Up, CTRL)
    assert table_column(view, 2)[3:5] == ["Break", "Partnership you can see"]
    # ... and by drag and drop: the close dropped above the decisions
    table = named(view, "Agenda sections", QTableView)
    model = table.model()
    data = model.mimeData([model.index(8, 0)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 7, 0, QModelIndex())
    assert table_column(view, 2)[7:] == ["Close", "Decisions"]
    stored = [s.title for s in store.sections(view.db, view.meeting_id)]
    assert stored[7:] == ["Close", "Decisions"]

    # undo twice (button and Ctrl+Z) puts the order back; redo once
    click(qtbot, view, "Undo")
    assert table_column(view, 2)[7:] == ["Decisions", "Close"]
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    assert table_column(view, 2)[3:5] == ["Partnership you can see", "Break"]
    assert [s.title for s in store.sections(view.db, view.meeting_id)][3:5] == ["Partnership you can see", "Break"]
    click(qtbot, view, "Redo")
    assert table_column(view, 2)[3:5] == ["Break", "Partnership you can see"]

    # pin the break at 14:30: a gap before it shows inline
    select_row(qtbot, view, 3)
    named(view, "Pin to a clock time").setChecked(True)
    type_into(qtbot, view, "Pinned time", "14:30")
    qtbot.keyClick(named(view, "Pinned time", QLineEdit), Qt.Key.Key_Return)
    assert table_column(view, 0)[3] == "14:30"
    warnings = named(view, "Agenda warnings", QLabel).text()
    assert "A gap of 1 h" not in warnings and "gap of 90 min" in warnings
    assert table_column(view, 9)[3] == "\u26a0 1"
    window.close()


@pytest.mark.parametrize("field, value, words", [
    ("Duration in minutes", 0, "a duration of 0 minutes is not possible"),
    ("Duration in minutes", -15, "a duration of -15 minutes is not possible"),
    ("Duration in minutes", 13 * 60, "over 12 hours"),
    ("Pinned time", "11:30", "pinned at 11:30, before the meeting starts at 12:00"),
])
def test_bad_section_input_shows_a_clear_message_and_changes_nothing(qtbot, demo_path, home, field, value, words):
    window, view = open_window(qtbot, demo_path, home)
    meetings = named(view, "Meetings", QListWidget)
    meetings.setCurrentRow(1)
    assert "Self-managed workshop meeting" in meetings.currentItem().text()
    before = store.sections(view.db, view.meeting_id)
    select_row(qtbot, view, 0)
    if field == "Pinned time":
        named(view, "Pin to a clock time").setChecked(True)
        type_into(qtbot, view, field, value)
    else:
        box = named(view, field, QSpinBox)
        box.setFocus()
        box.selectAll()
        qtbot.keyClicks(box, str(value))
    click(qtbot, view, "Apply section changes")
    problem = named(view, "Agenda problem", QLabel)
    assert problem.isVisible() and words in problem.text()
    assert 'The section "Networking lunch"' in problem.text()
    assert store.sections(view.db, view.meeting_id) == before
    assert not named(view, "Undo", QPushButton).isEnabled()
    window.close()


def test_an_end_before_the_start_is_refused_and_nothing_changes(qtbot, demo_path, home):
    window, view = open_window(qtbot, demo_path, home)
    named(view, "Meetings", QListWidget).setCurrentRow(1)
    before = store.get_meeting(view.db, view.meeting_id)
    type_into(qtbot, view, "Planned end", "11:00")
    click(qtbot, view, "Save meeting details")
    problem = named(view, "Agenda problem", QLabel)
    assert "The planned end (11:00) is before the start (12:00)" in problem.text()
    assert store.get_meeting(view.db, view.meeting_id) == before
    window.close()


def test_duplicate_template_export_import_and_delete(qtbot, demo_path, home, tmp_path):
    window, view = open_window(qtbot, demo_path, home)
    meetings = named(view, "Meetings", QListWidget)
    meetings.setCurrentRow(1)
    click(qtbot, view, "Duplicate meeting")
    assert meetings.currentItem().text() == "2018-09-20  Self-managed workshop meeting (copy)"
    assert meetings.count() == 6
    click(qtbot, view, "Save as template")
    templates = named(view, "Templates", QListWidget)
    texts = [templates.item(i).text() for i in range(templates.count())]
    assert "Self-managed workshop meeting (copy) (template) (8 sections)" in texts
    written = view.export_to(tmp_path / "ours")
    assert written.name == "ours.spf-agenda.json"
    # a bad file is refused with the reason, and nothing is added
    bad = tmp_path / "agenda.spf-agenda.json"
    bad.write_text("{ not json", encoding="utf-8")
    assert view.import_from(bad) is None
    assert "is damaged" in named(view, "Agenda message", QLabel).text()
    newer = tmp_path / "newer.spf-agenda.json"
    newer.write_text(written.read_text().replace('"format_version": 1', '"format_version": 2'))
    assert view.import_from(newer) is None
    assert "newer version of SPF Desktop" in named(view, "Agenda message", QLabel).text()
    assert meetings.count() == 6
    assert view.import_from(written) is not None
    assert meetings.count() == 7
    # delete, after saying yes
    target = view.meeting_id
    click(qtbot, view, "Delete meeting")
    box = view.last_message
    qtbot.mouseClick(named(box, "Yes, delete", QPushButton), Qt.MouseButton.LeftButton)
    assert meetings.count() == 6
    with pytest.raises(Exception, match="There is no meeting with id"):
        store.get_meeting(view.db, target)
    # a new meeting from the shipped template gets the forum's ways of working
    templates.setCurrentRow(0)
    click(qtbot, view, "New meeting from template")
    assert [s.title for s in store.sections(view.db, view.meeting_id)][0] == "Networking lunch"
    assert "Involvement" in named(view, "Ways of working", QPlainTextEdit).toPlainText()
    opened = named(view, "Open actions from earlier meetings", QListWidget)
    assert any("Draft the early-warning huddle guidance" in opened.item(i).text()
               for i in range(opened.count()))
    window.close()


def countdown(view: AgendaView) -> QLabel:
    return named(view, "Time left", QLabel)


def tick(view: AgendaView) -> None:
    """What the run page's one-second QTimer does."""
    timer = view.run_page.timer
    assert timer.isActive() and timer.interval() == 1000
    timer.timeout.emit()


def test_run_the_meeting_through_an_overrun_a_skip_and_a_restart(qtbot, demo_path, home):
    clocks = FakeClock(wall=datetime(2018, 9, 20, 12, 0, tzinfo=UTC))
    window, view = open_window(qtbot, demo_path, home, clocks)
    named(view, "Meetings", QListWidget).setCurrentRow(1)
    meeting_id = view.meeting_id
    store.reset_run_state(view.db, meeting_id)  # the demo holds the 2018 actual times
    # a private note on the first group work never reaches the audience
    select_row(qtbot, view, 2)
    notes = named(view, "Private notes", QPlainTextEdit)
    notes.setFocus()
    qtbot.keyClicks(notes, "Ask Sam to start; watch the time")
    click(qtbot, view, "Apply section changes")
    click(qtbot, view, "Run meeting")
    assert countdown(view).text() == "45:00"
    click(qtbot, view, "Start the meeting")
    audience = view.run_page.open_audience()
    assert named(audience, "Audience question", QLabel).text() == "Who haven't you met yet?"

    clocks.advance_minutes(36)
    tick(view)
    assert countdown(view).text() == "9:00" and countdown(view).property("countdown") == "amber"
    assert named(audience, "Audience time left", QLabel).text() == "9:00"
    # the room is told in words too, never by the colour alone
    assert named(audience, "Audience clock state", QLabel).text() == "Nearly time"
    clocks.advance_minutes(8)
    tick(view)
    assert countdown(view).property("countdown") == "red"
    assert named(audience, "Audience clock state", QLabel).text() == "Time is almost up"
    clocks.advance_minutes(4)
    tick(view)
    assert countdown(view).text() == "+3:00" and countdown(view).property("countdown") == "over"
    assert named(audience, "Audience clock state", QLabel).text() == "Over time"
    assert named(view, "Ahead or behind", QLabel).text() == "Planned end 16:00: on time, 7 min to spare"
    assert named(view, "Projected finish", QLabel).text() == "Projected finish 15:53 (planned 15:50)"
    assert named(view, "Next section", QLabel).text() == "Next: Welcome and our ways of working"

    click(qtbot, view, "Next section")
    click(qtbot, view, "Add a minute")
    assert countdown(view).text() == "16:00"
    clocks.advance_minutes(1)
    click(qtbot, view, "Skip this section")
    tick(view)
    assert named(view, "Current section", QLabel).text() == "3 of 8: Partnership you can see"
    assert named(view, "Speaker timer", QLabel).text() == "Group discussion: 30:00"
    texts = [w.text() for w in audience.findChildren(QLabel)]
    assert "How do we make partnership working visible in every trust?" in texts
    assert not any("Sam" in t for t in texts)

    # capture an action while it runs; a bad due date is refused
    qtbot.mouseClick(named(view, "Action", QRadioButton), Qt.MouseButton.LeftButton)
    type_into(qtbot, view, "Captured text", "Draft the visible-partnership steps")
    type_into(qtbot, view, "Action owner", "Staff side secretary")
    due = named(view, "Action due date", QDateEdit)
    due.setFocus()
    due.lineEdit().selectAll()
    qtbot.keyClicks(due, "31/31/2018")  # no such date, whatever the computer's format
    click(qtbot, view, "Add capture")
    assert "31/31/2018 is not a date" in named(view, "Run mode problem", QLabel).text()
    due.setFocus()
    due.lineEdit().selectAll()
    qtbot.keyClicks(due, QDate(2018, 10, 31).toString(due.displayFormat()))
    click(qtbot, view, "Add capture")
    captured = named(view, "Captured outcomes, decisions and actions", QListWidget)
    assert any("Draft the visible-partnership steps (owner: Staff side secretary, "
               f"due {local_date('2018-10-31')})"
               " [Partnership you can see]" in captured.item(i).text() for i in range(captured.count()))

    # pause for two minutes: the countdown stands still
    clocks.advance_minutes(10)
    click(qtbot, view, "Pause or resume")
    clocks.advance_minutes(2)
    tick(view)
    assert countdown(view).text() == "40:00"
    click(qtbot, view, "Pause or resume")

    # the laptop is closed for five minutes: close the app, reopen the archive
    window.close()
    assert not audience.isVisible()
    clocks.advance_minutes(5)
    window, view = open_window(qtbot, demo_path, home, clocks)
    named(view, "Meetings", QListWidget).setCurrentRow(1)
    assert view.meeting_id == meeting_id
    click(qtbot, view, "Run meeting")
    assert named(view, "Current section", QLabel).text() == "3 of 8: Partnership you can see"
    assert countdown(view).text() == "35:00"  # 10 run + 5 while closed; the pause is not counted
    clocks.advance_minutes(35)
    click(qtbot, view, "Next section")

    times = store.actual_times(view.db, meeting_id)
    items = store.sections(view.db, meeting_id)
    got = {s.title: times[s.id] for s in items}
    assert got["Networking lunch"] == ("2018-09-20T12:00:00", "2018-09-20T12:48:00")
    assert got["Welcome and our ways of working"] == ("2018-09-20T12:48:00", "2018-09-20T12:49:00")
    assert got["Partnership you can see"] == ("2018-09-20T12:49:00", "2018-09-20T13:41:00")
    assert got["Break"] == ("2018-09-20T13:41:00", None)
    state = store.load_run_state(view.db, meeting_id)
    assert state.records[items[1].id].skipped
    assert state.records[items[2].id].paused_s == 120
    window.close()


def test_start_late_shifts_the_plan_and_speaker_timer_counts_each_speaker(qtbot, demo_path, home):
    clocks = FakeClock(wall=datetime(2018, 3, 15, 10, 12, tzinfo=UTC))
    window, view = open_window(qtbot, demo_path, home, clocks)
    meetings = named(view, "Meetings", QListWidget)
    meetings.setCurrentRow(2)
    assert "Walking in each other's shoes" in meetings.currentItem().text()
    click(qtbot, view, "Run meeting")
    click(qtbot, view, "Start late (the rest shifts)")
    assert named(view, "Ahead or behind", QLabel).text() == "Planned end 13:00: on time, 24 min to spare"
    assert "(planned 12:36)" in named(view, "Projected finish", QLabel).text()
    click(qtbot, view, "Next section")
    click(qtbot, view, "Next section")
    assert named(view, "Speaker timer", QLabel).text() == "Speaker 1 of 12: 2:00"
    clocks.advance_minutes(2.5)
    tick(view)
    assert named(view, "Speaker timer", QLabel).text() == "Speaker 1 of 12: +0:30"
    click(qtbot, view, "Next speaker")
    assert named(view, "Speaker timer", QLabel).text() == "Speaker 2 of 12: 2:00"
    window.close()


def test_parallel_audit_timer_runs_beside_lunch_and_stops(qtbot, demo_path, home):
    clocks = FakeClock(wall=datetime(2019, 1, 24, 12, 0, tzinfo=UTC))
    window, view = open_window(qtbot, demo_path, home, clocks)
    named(view, "Meetings", QListWidget).setCurrentRow(0)
    click(qtbot, view, "Run meeting")
    click(qtbot, view, "Start the meeting")
    clocks.advance_minutes(45)
    tick(view)
    assert named(view, "Parallel timers", QLabel).text() == "\u2225 Partnership behaviours audit: 15:00"
    click(qtbot, view, "Next section")
    assert "Partnership behaviours audit" in named(view, "Parallel timers", QLabel).text()
    clocks.advance_minutes(10)
    click(qtbot, view, "Stop the parallel timer for Partnership behaviours audit")
    assert named(view, "Parallel timers", QLabel).text() == ""
    items = store.sections(view.db, view.meeting_id)
    assert store.actual_times(view.db, view.meeting_id)[items[1].id] == (
        "2019-01-24T12:00:00", "2019-01-24T12:55:00")
    window.close()


def test_each_running_parallel_timer_has_its_own_stop_button(qtbot, demo_path, home):
    from spf_desktop.domain.agenda import Section

    clocks = FakeClock(wall=datetime(2019, 1, 24, 12, 0, tzinfo=UTC))
    window, view = open_window(qtbot, demo_path, home, clocks)
    named(view, "Meetings", QListWidget).setCurrentRow(0)
    items = store.sections(view.db, view.meeting_id)
    lunch, audit = items[0], items[1]
    assert audit.parallel_with == lunch.id
    groups = Section("breakout", "group_work", "Breakout groups", duration_min=40,
                     parallel_with=lunch.id)
    store.save_sections(view.db, view.meeting_id, (lunch, audit, groups, *items[2:]))
    view.builder.set_meeting(view.db, view.meeting_id)
    click(qtbot, view, "Run meeting")
    click(qtbot, view, "Start the meeting")
    clocks.advance_minutes(20)
    tick(view)
    assert named(view, "Parallel timers", QLabel).text() == (
        "\u2225 Partnership behaviours audit: 40:00  \u2225 Breakout groups: 20:00")
    # the second one is stopped first, by its own button
    click(qtbot, view, "Stop the parallel timer for Breakout groups")
    assert named(view, "Parallel timers", QLabel).text() == "\u2225 Partnership behaviours audit: 40:00"
    with pytest.raises(LookupError):
        named(view, "Stop the parallel timer for Breakout groups", QPushButton)
    clocks.advance_minutes(30)
    click(qtbot, view, "Stop the parallel timer for Partnership behaviours audit")
    assert named(view, "Parallel timers", QLabel).text() == ""
    times = store.actual_times(view.db, view.meeting_id)
    assert times["breakout"] == ("2019-01-24T12:00:00", "2019-01-24T12:20:00")
    assert times[audit.id] == ("2019-01-24T12:00:00", "2019-01-24T12:50:00")
    # recorded like the others: a restart of the app keeps both stopped
    window.close()
    window, view = open_window(qtbot, demo_path, home, clocks)
    named(view, "Meetings", QListWidget).setCurrentRow(0)
    click(qtbot, view, "Run meeting")
    assert named(view, "Parallel timers", QLabel).text() == ""
    assert store.load_run_state(view.db, view.meeting_id).running_parallels == []
    window.close()


def test_a_fresh_archive_plans_from_the_shipped_template(qtbot, archive_path, home):
    from spf_desktop.store import repo

    with Archive.open(archive_path) as arch:
        repo.create_forum(arch.db, "North West SPF",
                          ways_of_working=[{"name": "Respect", "description": "We listen first."}])
    window, view = open_window(qtbot, archive_path, home)
    templates = named(view, "Templates", QListWidget)
    assert templates.item(0).text() == "Workshop-style forum meeting (Sep 2018) (shipped)"
    templates.setCurrentRow(0)
    click(qtbot, view, "New meeting from template")
    assert table_column(view, 2)[:2] == ["Networking lunch", "Welcome and our ways of working"]
    assert named(view, "Ways of working", QPlainTextEdit).toPlainText() == "Respect: We listen first."
    assert named(view, "Seating", QComboBox).currentData() == "cabaret"
    # the template is now in the archive, listed once
    texts = [templates.item(i).text() for i in range(templates.count())]
    assert texts == ["Workshop-style forum meeting (Sep 2018) (8 sections)"]
    window.close()


def test_a_read_only_archive_shows_agendas_but_changes_nothing(qtbot, demo_path, home):
    window = MainWindow(Archive.open(demo_path, read_only=True), settings_for(home))
    qtbot.addWidget(window)
    window.show()
    window.show_view("Agenda")
    view = window.views["Agenda"]
    named(view, "Meetings", QListWidget).setCurrentRow(1)
    assert table_column(view, 2)[0] == "Networking lunch"
    for name in ("New meeting", "Delete meeting", "Add section", "Remove section",
                 "Apply section changes", "Save meeting details", "Run meeting"):
        assert not named(view, name, QPushButton).isEnabled(), name
    assert named(view, "Export meeting or template", QPushButton).isEnabled()
    window.close()


def test_details_undo_and_resetting_the_clock_asks_first(qtbot, demo_path, home):
    clocks = FakeClock(wall=datetime(2018, 9, 20, 12, 0, tzinfo=UTC))
    window, view = open_window(qtbot, demo_path, home, clocks)
    named(view, "Meetings", QListWidget).setCurrentRow(1)
    type_into(qtbot, view, "Venue", "Hotel suite, Derby")
    click(qtbot, view, "Save meeting details")
    assert store.get_meeting(view.db, view.meeting_id)["venue"] == "Hotel suite, Derby"
    click(qtbot, view, "Undo")
    assert store.get_meeting(view.db, view.meeting_id)["venue"] == "Conference centre, Nottingham"
    assert named(view, "Venue", QLineEdit).text() == "Conference centre, Nottingham"

    store.reset_run_state(view.db, view.meeting_id)
    click(qtbot, view, "Run meeting")
    click(qtbot, view, "Start the meeting")
    clocks.advance_minutes(5)
    click(qtbot, view, "Next section")
    click(qtbot, view, "Reset the clock")
    box = view.run_page.last_message
    qtbot.mouseClick(named(box, "No, keep the run", QPushButton), Qt.MouseButton.LeftButton)
    assert store.load_run_state(view.db, view.meeting_id).status == "running"
    click(qtbot, view, "Reset the clock")
    box = view.run_page.last_message
    qtbot.mouseClick(named(box, "Yes, reset", QPushButton), Qt.MouseButton.LeftButton)
    assert store.load_run_state(view.db, view.meeting_id) is None
    assert set(store.actual_times(view.db, view.meeting_id).values()) == {(None, None)}
    assert named(view, "Countdown state", QLabel).text() == "Not started"
    window.close()


def test_typed_edits_are_applied_when_another_row_is_picked(qtbot, demo_path, home):
    window, view = open_window(qtbot, demo_path, home)
    named(view, "Meetings", QListWidget).setCurrentRow(1)
    select_row(qtbot, view, 0)
    type_into(qtbot, view, "Section title", "Lunch and networking")
    type_into(qtbot, view, "Lead", "Forum chair")
    # no Apply, no Return: the facilitator just clicks the third row
    select_row(qtbot, view, 2)
    qtbot.waitUntil(lambda: table_column(view, 2)[0] == "Lunch and networking")
    assert table_column(view, 6)[0] == "Forum chair"
    stored = store.sections(view.db, view.meeting_id)
    assert (stored[0].title, stored[0].lead) == ("Lunch and networking", "Forum chair")
    # the row picked is the one now being edited
    assert named(view, "Agenda sections", QTableView).currentIndex().row() == 2
    assert named(view, "Section title", QLineEdit).text() == "Partnership you can see"
    # ... and the edit is one undoable step
    click(qtbot, view, "Undo")
    assert table_column(view, 2)[0] == "Networking lunch" and table_column(view, 6)[0] == "Everyone"
    assert store.sections(view.db, view.meeting_id)[0].title == "Networking lunch"
    click(qtbot, view, "Redo")
    assert table_column(view, 2)[0] == "Lunch and networking"

    # by keyboard too: type, then Down in the table
    type_into(qtbot, view, "Posed as a question", "Where can partnership be seen?")
    table = named(view, "Agenda sections", QTableView)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: table_column(view, 4)[2] == "Where can partnership be seen?")
    assert store.sections(view.db, view.meeting_id)[2].question == "Where can partnership be seen?"
    assert named(view, "Section title", QLineEdit).text() == "Break"
    window.close()


def test_typed_edits_are_applied_when_the_facilitator_goes_to_another_view(qtbot, demo_path, home):
    window, view = open_window(qtbot, demo_path, home)
    named(view, "Meetings", QListWidget).setCurrentRow(1)
    select_row(qtbot, view, 3)
    type_into(qtbot, view, "Section title", "Coffee")
    window.show_view("Archive")
    assert store.sections(view.db, view.meeting_id)[3].title == "Coffee"
    window.show_view("Agenda")
    assert table_column(view, 2)[3] == "Coffee"
    type_into(qtbot, view, "Section title", "Tea")
    meeting_id = view.meeting_id
    window.close()  # closing the app keeps what was typed, too
    assert not window.isVisible()
    with Archive.open(demo_path, read_only=True) as again:
        assert store.sections(again.db, meeting_id)[3].title == "Tea"


def test_a_typed_edit_that_cannot_be_applied_keeps_its_row_and_text(qtbot, demo_path, home):
    window, view = open_window(qtbot, demo_path, home)
    named(view, "Meetings", QListWidget).setCurrentRow(1)
    before = store.sections(view.db, view.meeting_id)
    select_row(qtbot, view, 0)
    type_into(qtbot, view, "Section title", "Lunch")
    box = named(view, "Duration in minutes", QSpinBox)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "0")
    table = named(view, "Agenda sections", QTableView)
    rect = table.visualRect(table.model().index(3, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    problem = named(view, "Agenda problem", QLabel)
    qtbot.waitUntil(lambda: problem.isVisible())
    assert 'The section "Lunch": a duration of 0 minutes is not possible' in problem.text()
    qtbot.waitUntil(lambda: table.currentIndex().row() == 0)
    assert named(view, "Section title", QLineEdit).text() == "Lunch"  # nothing typed is lost
    assert store.sections(view.db, view.meeting_id) == before
    # put it right and the same click goes through
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "50")
    select_row(qtbot, view, 3)
    qtbot.waitUntil(lambda: store.sections(view.db, view.meeting_id)[0].duration_min == 50)
    assert table_column(view, 2)[0] == "Lunch" and not problem.isVisible()
    window.close()


def test_typed_edits_are_kept_when_adding_moving_or_running(qtbot, demo_path, home):
    window, view = open_window(qtbot, demo_path, home)
    named(view, "Meetings", QListWidget).setCurrentRow(1)
    select_row(qtbot, view, 1)
    type_into(qtbot, view, "Outcome sought", "Agreed ways of working")
    qtbot.keyClick(named(view, "Agenda sections", QTableView), Qt.Key.Key_Down, CTRL)
    stored = store.sections(view.db, view.meeting_id)
    assert stored[2].outcome_sought == "Agreed ways of working" and stored[2].title.startswith("Welcome")
    type_into(qtbot, view, "Lead", "HR lead")
    choose(qtbot, named(view, "Section type to add", QComboBox), "break")
    click(qtbot, view, "Add section")
    assert store.sections(view.db, view.meeting_id)[2].lead == "HR lead"
    assert table_column(view, 2)[3] == "Break"
    window.close()


def test_a_sections_type_can_be_changed_in_the_editor_and_undone(qtbot, demo_path, home):
    window, view = open_window(qtbot, demo_path, home)
    named(view, "Meetings", QListWidget).setCurrentRow(1)
    select_row(qtbot, view, 3)
    assert named(view, "Section type", QComboBox).currentData() == "break"
    with pytest.raises(LookupError):
        named(view, "Groups", QSpinBox)  # a break has no parameters
    # the break becomes group work: its minutes come from group work's rule
    choose(qtbot, named(view, "Section type", QComboBox), "group_work")
    assert named(view, "Duration in minutes", QSpinBox).value() == 50
    assert named(view, "Groups", QSpinBox).value() == 4
    assert named(view, "Section title", QLineEdit).text() == "Group work"  # it was just "Break"
    click(qtbot, view, "Apply section changes")
    assert table_column(view, 3)[3] == "Group work" and table_column(view, 5)[3] == "50"
    assert table_column(view, 0)[4] == "14:40"  # what follows moves later
    stored = store.sections(view.db, view.meeting_id)[3]
    assert (stored.type, stored.duration_min, stored.params["groups"]) == ("group_work", 50, 4)
    click(qtbot, view, "Undo")
    assert table_column(view, 3)[3] == "Break" and table_column(view, 5)[3] == "15"
    assert store.sections(view.db, view.meeting_id)[3].type == "break"
    assert named(view, "Section type", QComboBox).currentData() == "break"

    # minutes set by hand are kept; a title of the facilitator's own too
    select_row(qtbot, view, 6)
    box = named(view, "Duration in minutes", QSpinBox)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "25")
    choose(qtbot, named(view, "Section type", QComboBox), "round")
    assert box.value() == 25
    assert named(view, "Participants", QSpinBox).value() == 12
    assert named(view, "Section title", QLineEdit).text() == "Decisions"
    # not applied by hand: picking another row applies it, as one step
    select_row(qtbot, view, 0)
    qtbot.waitUntil(lambda: table_column(view, 3)[6] == "Round (Thinking Environment)")
    stored = store.sections(view.db, view.meeting_id)[6]
    assert (stored.type, stored.duration_min, stored.title) == ("round", 25, "Decisions")
    click(qtbot, view, "Undo")
    assert store.sections(view.db, view.meeting_id)[6].type == "decision"
    window.close()
