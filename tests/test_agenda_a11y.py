"""The agenda and run mode by keyboard alone, and what a screen reader is told.

From a new, empty archive (the forum added in the Audit view, the meetings made
through the Agenda view or the store), with clocks the test moves. Keys are
pressed on the focused control with qtbot.keyClick; what is said is read from
``announcer().spoken``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from gui_helpers import by_name
from helpers import FakeClock
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)
from test_agenda_first_day import click, message_box, new_meeting, text_of, type_into

from spf_desktop.domain.agenda import Section, fmt_clock
from spf_desktop.gui.a11y import announcer
from spf_desktop.gui.agenda import AgendaView
from spf_desktop.gui.app import settings_for
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.paths import resource
from spf_desktop.store import Archive
from spf_desktop.store import agenda as store

SPACE, ENTER, RETURN = Qt.Key.Key_Space, Qt.Key.Key_Enter, Qt.Key.Key_Return


@pytest.fixture
def clocks() -> FakeClock:
    return FakeClock(wall=datetime(2026, 3, 5, 10, 0, tzinfo=UTC))


@pytest.fixture
def window(qtbot, tmp_path: Path, home: Path, clocks: FakeClock) -> Iterator[MainWindow]:
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
    type_into(qtbot, audit_view, "New forum name", "Riverside SPF")
    qtbot.mouseClick(by_name(audit_view, "Add forum", QPushButton), Qt.MouseButton.LeftButton)
    win.show_view("Agenda")
    agenda = win.views["Agenda"]
    assert isinstance(agenda, AgendaView)
    agenda.set_clocks(clocks.mono, clocks.wall)
    qtbot.waitUntil(lambda: by_name(agenda, "New meeting", QPushButton).isEnabled())
    yield win
    win.close()


@pytest.fixture
def heard(qtbot) -> Iterator[list[tuple[str, str]]]:
    """Everything announced during the test: (words, politeness)."""
    said: list[tuple[str, str]] = []

    def note(text: str, how: str) -> None:
        said.append((text, how))

    announcer().spoken.connect(note)
    yield said
    announcer().spoken.disconnect(note)


def key_on(qtbot, name: str, root: QWidget, key: Qt.Key) -> QWidget:
    """Focus the control named ``name`` and press ``key`` on it, as a person does."""
    control = by_name(root, name, QAbstractButton)
    assert control.isEnabled() and control.isVisible(), name
    control.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(control.hasFocus)
    qtbot.keyClick(control, key)
    return control


def tick(agenda: AgendaView) -> None:
    agenda.run_page.timer.timeout.emit()


def status(agenda: AgendaView) -> str:
    clock = agenda.run_page.clock
    assert clock is not None
    return str(clock.state.status)


def plan_with_parallel_and_round(qtbot, agenda: AgendaView) -> str:
    """Lunch with the audit beside it, a round of speakers, and a decision."""
    meeting = new_meeting(qtbot, agenda)
    plan = (Section("lunch", "networking_lunch", "Lunch", duration_min=45),
            Section("audit", "audit", "Audit", duration_min=30, parallel_with="lunch"),
            Section("round", "round", "Round", duration_min=6,
                    params={"participants": 3, "minutes_each": 2}),
            Section("decide", "decision", "Decisions", duration_min=15))
    store.save_sections(agenda.db, meeting, plan)  # as built in the plan
    qtbot.waitUntil(lambda: len(agenda.builder.sections) == 4)
    return meeting


def test_every_run_mode_button_answers_space_and_enter(qtbot, window, clocks, heard):
    agenda = window.views["Agenda"]
    plan_with_parallel_and_round(qtbot, agenda)
    key_on(qtbot, "Run meeting", agenda, ENTER)
    assert agenda.stack.currentWidget() is agenda.run_page
    assert by_name(agenda, "Start the meeting", QPushButton).hasFocus()  # the next step

    key_on(qtbot, "Start the meeting", agenda, SPACE)
    assert status(agenda) == "running"
    section = QAccessible.queryAccessibleInterface(by_name(agenda, "Current section", QLabel))
    assert section.role() == QAccessible.Role.Heading
    assert section.text(QAccessible.Text.Name) == "1 of 3: Lunch"
    assert by_name(agenda, "Next section", QPushButton).hasFocus()  # not a switched-off Start
    key_on(qtbot, "Stop the parallel timer for Audit", agenda, RETURN)
    assert text_of(agenda, "Parallel timers") == ""
    assert QApplication.focusWidget() not in (by_name(agenda, "Finish the meeting"),
                                              by_name(agenda, "Reset the clock"))

    # Reset asks; No is the default, so Enter on the question keeps the run
    key_on(qtbot, "Reset the clock", agenda, SPACE)
    qtbot.keyClick(message_box(agenda), ENTER)
    qtbot.waitUntil(lambda: not agenda.run_page.last_message.isVisible())
    assert status(agenda) == "running"
    key_on(qtbot, "Reset the clock", agenda, ENTER)
    click(qtbot, message_box(agenda), "Yes, reset")
    assert status(agenda) == "ready"

    clocks.advance_minutes(1)
    key_on(qtbot, "Start late (the rest shifts)", agenda, ENTER)
    assert status(agenda) == "running"
    key_on(qtbot, "Stop the parallel timer for Audit", agenda, SPACE)
    assert text_of(agenda, "Parallel timers") == ""

    key_on(qtbot, "Pause or resume", agenda, SPACE)
    assert status(agenda) == "paused"
    assert by_name(agenda, "Pause or resume").accessibleName() == "Resume the clock"
    key_on(qtbot, "Pause or resume", agenda, ENTER)
    assert status(agenda) == "running"
    key_on(qtbot, "Take off a minute", agenda, SPACE)
    assert text_of(agenda, "Time left") == "44:00"
    key_on(qtbot, "Add a minute", agenda, ENTER)
    assert text_of(agenda, "Time left") == "45:00"

    key_on(qtbot, "Next section", agenda, ENTER)
    assert text_of(agenda, "Current section") == "2 of 3: Round"
    key_on(qtbot, "Next speaker", agenda, SPACE)
    assert text_of(agenda, "Speaker timer").startswith("Speaker 2 of 3")
    key_on(qtbot, "Next speaker", agenda, ENTER)
    assert text_of(agenda, "Speaker timer").startswith("Speaker 3 of 3")
    # the last speaker: Next speaker is off, and the focus went on, not to Finish
    assert QApplication.focusWidget() is by_name(agenda, "Next section", QPushButton)
    key_on(qtbot, "Skip this section", agenda, SPACE)
    assert text_of(agenda, "Current section") == "3 of 3: Decisions"

    for key in (SPACE, ENTER):
        with qtbot.waitSignal(announcer().spoken, timeout=2000,
                              check_params_cb=lambda text, _how: "left in Decisions" in text):
            key_on(qtbot, "Say the time left", agenda, key)

    for key in (SPACE, ENTER):
        key_on(qtbot, "Open the audience window", agenda, key)
        audience = agenda.run_page.audience
        assert audience is not None and audience.isVisible()
        audience.close()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    key_on(qtbot, "Back to the plan", agenda, SPACE)
    assert agenda.stack.currentWidget() is agenda.builder
    assert by_name(agenda, "Run meeting").hasFocus()
    key_on(qtbot, "Run meeting", agenda, SPACE)
    key_on(qtbot, "Back to the plan", agenda, ENTER)
    assert agenda.stack.currentWidget() is agenda.builder
    key_on(qtbot, "Run meeting", agenda, RETURN)
    assert text_of(agenda, "Current section") == "3 of 3: Decisions"

    key_on(qtbot, "Finish the meeting", agenda, SPACE)
    qtbot.keyClick(message_box(agenda), ENTER)  # No, the default
    qtbot.waitUntil(lambda: not agenda.run_page.finish_box.isVisible())
    assert status(agenda) == "running"
    key_on(qtbot, "Finish the meeting", agenda, ENTER)
    click(qtbot, message_box(agenda), "Yes, finish")
    assert status(agenda) == "finished"
    # not on Reset: on the way back to the plan
    qtbot.waitUntil(lambda: QApplication.focusWidget() is by_name(agenda, "Back to the plan"))


def test_the_clock_says_its_news_once_and_the_colours_in_words(qtbot, window, clocks, heard):
    agenda = window.views["Agenda"]
    meeting = new_meeting(qtbot, agenda, "welcome", "decision")
    # planned to end when the sections do: on time at the start
    type_into(qtbot, agenda, "Planned end", fmt_clock(agenda.builder.schedule.end))
    click(qtbot, agenda, "Save meeting details")
    assert store.get_meeting(agenda.db, meeting)["planned_end"] == "10:30"
    click(qtbot, agenda, "Run meeting")
    heard.clear()
    click(qtbot, agenda, "Start the meeting")
    assert heard == [("The meeting has started. Section 1 of 2: Welcome and ways of working, "
                      "15:00 left.", "polite")]
    heard.clear()

    states = []
    for _ in range(16 * 6):  # 16 minutes, ten seconds at a time, as the timer repaints
        clocks.advance(10)
        tick(agenda)
        states.append(text_of(agenda, "Countdown state"))
    said = [text for text, _ in heard]
    assert said == ["3 minutes left - amber.", "40 seconds left - red.",
                    "Over time by 0:10 in Welcome and ways of working.",
                    "Now behind the plan: Planned end 10:30: 1 min late."]
    assert [how for _, how in heard] == ["polite", "assertive", "assertive", "polite"]
    assert "Over time by 1:00" in states and "2 minutes left - amber" in states
    assert text_of(agenda, "Time left") == "+1:00"  # the countdown itself is never said

    heard.clear()
    click(qtbot, agenda, "Pause or resume")
    assert text_of(agenda, "Countdown state") == "Paused. Over time by 1:00"
    assert by_name(agenda, "Pause or resume").text() == "Resume (P)"
    click(qtbot, agenda, "Pause or resume")
    assert by_name(agenda, "Pause or resume").text() == "Pause (P)"
    click(qtbot, agenda, "Next section")
    click(qtbot, agenda, "Take off a minute")
    click(qtbot, agenda, "Take off a minute")
    assert [text for text, _ in heard] == [
        "Clock paused.", "Clock resumed: +1:00 left.",
        "Section 2 of 2: Decision, 15:00 left.",
        "A minute taken off: 14:00 left. Back on time: Planned end 10:30: on time.",
        "A minute taken off: 13:00 left. Now ahead of the plan: Planned end 10:30: "
        "on time, 1 min to spare."]
    heard.clear()
    for _ in range(5):
        clocks.advance(1)
        tick(agenda)
    assert heard == []  # seconds passing are no news


def test_the_time_left_is_said_on_t_from_anywhere_in_the_window(qtbot, window, clocks, heard):
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "welcome", "decision")
    click(qtbot, agenda, "Run meeting")
    say = by_name(agenda, "Say the time left", QPushButton)
    assert say.text() == "Time left (T)"
    window.ui.navigation.setFocus()
    with qtbot.waitSignal(announcer().spoken, timeout=2000) as said:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T)
    assert said.args[0] == "Not started. The first section, Welcome and ways of working, has 15:00."
    click(qtbot, agenda, "Start the meeting")
    clocks.advance_minutes(13)
    tick(agenda)
    window.ui.navigation.setFocus()
    with qtbot.waitSignal(announcer().spoken, timeout=2000) as said:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T)
    assert said.args[0] == ("2:00 left in Welcome and ways of working, section 1 of 2. "
                            "2 minutes left - amber. Planned end 13:00: on time, 150 min to spare.")
    guide = (resource("guide") / "facilitator.html").read_text(encoding="utf-8")
    assert "<b>Time left</b> (T)" in guide and "Space or Enter" in guide


def test_tab_passes_the_lists_without_leaving_run_mode_or_loading_a_template(qtbot, window, clocks):
    agenda = window.views["Agenda"]
    first = new_meeting(qtbot, agenda, "welcome")
    second = new_meeting(qtbot, agenda, "decision")
    meetings = by_name(agenda, "Meetings", QListWidget)
    templates = by_name(agenda, "Templates", QListWidget)
    assert templates.count() > 0 and templates.currentRow() == -1
    click(qtbot, agenda, "Run meeting")
    meetings.setCurrentRow(-1)  # as after a meeting opened from elsewhere
    forum = by_name(agenda, "Forum", QComboBox)
    forum.setFocus(Qt.FocusReason.TabFocusReason)
    visited = []
    for _ in range(12):  # down the left column: the lists, their buttons
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert meetings in visited and templates in visited
    assert agenda.stack.currentWidget() is agenda.run_page
    assert agenda.run_page.meeting_id == second and agenda.meeting_id == second

    # the arrow keys move in the list while the clock runs; Enter opens that plan
    meetings.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(meetings, Qt.Key.Key_Home)
    if meetings.currentItem().data(Qt.ItemDataRole.UserRole) == second:
        qtbot.keyClick(meetings, Qt.Key.Key_Down)
    assert meetings.currentItem().data(Qt.ItemDataRole.UserRole) == first
    assert agenda.stack.currentWidget() is agenda.run_page
    qtbot.keyClick(meetings, ENTER)
    assert agenda.stack.currentWidget() is agenda.builder
    assert agenda.meeting_id == first

    # in the plan, Tab onto the templates loads none; Enter does
    shown = agenda.meeting_id
    by_name(agenda, "Import meeting or template").setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is templates
    assert agenda.meeting_id == shown and {first, second} >= {shown}
    qtbot.keyClick(templates, ENTER)
    assert templates.currentItem() is not None
    assert agenda.meeting_id != shown or templates.currentItem().data(Qt.ItemDataRole.UserRole) is None


def test_the_table_and_the_timeline_are_one_tab_stop_with_arrows_inside(qtbot, window, heard):
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "welcome", "group_work", "decision")
    table = by_name(agenda, "Agenda sections", QTableView)
    table.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()  # out of the table, not to its next cell
    assert QApplication.focusWidget() is by_name(agenda, "Section or meeting record").tabBar()

    timeline = by_name(agenda, "Agenda timeline")
    assert timeline.focusPolicy() & Qt.FocusPolicy.TabFocus
    with qtbot.waitSignal(announcer().spoken, timeout=2000) as said:
        timeline.setFocus(Qt.FocusReason.TabFocusReason)
    assert said.args[0].startswith("1 of 3: 10:00 to 10:15, Welcome and ways of working")
    with qtbot.waitSignal(announcer().spoken, timeout=2000) as said:
        qtbot.keyClick(timeline, Qt.Key.Key_Down)
    assert said.args[0] == "2 of 3: 10:15 to 11:05, Group work"
    qtbot.keyClick(timeline, Qt.Key.Key_End)
    assert heard[-1][0] == "3 of 3: 11:05 to 11:20, Decision"
    assert "Group work 10:15 to 11:05" in timeline.accessibleDescription()


def tab_cycle(qtbot, start: QWidget, within: QWidget) -> list[QWidget]:
    """The controls Tab visits from ``start`` while it stays inside ``within``."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen = [start]
    for _ in range(120):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is None or not within.isAncestorOf(widget) or widget is start:
            return seen
        seen.append(widget)
    raise AssertionError("Tab never left the view")


def focusable(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget)
            if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and w.focusProxy() is None and not isinstance(w.parentWidget(), QComboBox | QTableView)
            and w.parentWidget() is not None and w.parentWidget().objectName() != "qt_spinbox_lineedit"]


def owner(widget: QWidget) -> QWidget:
    """A control's named owner (a spin box for its inner line edit)."""
    while widget is not None and not widget.accessibleName():
        widget = widget.parentWidget()
    return widget


@pytest.mark.parametrize("page", ["plan", "run"])
def test_tab_reaches_every_control_forward_in_the_order_of_the_screen(qtbot, window, clocks, page):
    agenda = window.views["Agenda"]
    plan_with_parallel_and_round(qtbot, agenda)
    table = by_name(agenda, "Agenda sections", QTableView)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(table.model().index(1, 2)).center())
    if page == "run":
        click(qtbot, agenda, "Run meeting")
        click(qtbot, agenda, "Start the meeting")
    cycle = [owner(w) for w in tab_cycle(qtbot, by_name(agenda, "Forum", QComboBox), agenda)]
    names = [w.accessibleIdentifier() or w.accessibleName() for w in cycle]
    missed = [owner(w).accessibleName() for w in focusable(agenda) if owner(w) not in cycle]
    assert missed == [], names
    assert all(names), names  # every stop named
    side = ["Forum", "Meetings", "New meeting", "Duplicate meeting", "Delete meeting",
            "Save as template", "Export meeting or template", "Import meeting or template",
            "Templates", "New meeting from template"]
    assert names[:len(side)] == side
    rest = names[len(side):]
    if page == "plan":
        expected = ["Meeting title", "Meeting date", "Venue", "Start time", "Planned end",
                    "Seating", "Ways of working", "Save meeting details", "Section type to add",
                    "Add section", "Run meeting", "Remove section", "Move section up",
                    "Move section down", "Agenda sections",
                    "Section or meeting record", "Section type"]
        assert rest[:len(expected)] == expected
        assert rest[-2:] == ["Agenda timeline", "Open actions from earlier meetings"]
    else:
        expected = ["Pause or resume", "Take off a minute", "Add a minute", "Next section",
                    "Skip this section", "Finish the meeting", "Open the audience window",
                    "Say the time left", "Reset the clock", "Back to the plan",
                    "Stop the parallel timer for Audit", "Outcome", "Captured text"]
        order = [n for n in rest if n in expected]
        assert sorted(order, key=expected.index) == order, rest


def test_every_combo_box_is_tied_to_its_visible_label_and_named_by_it(qtbot, window):
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "audit")
    combos = agenda.findChildren(QComboBox)
    assert len(combos) == 6
    labels = {lab.buddy(): lab for lab in agenda.findChildren(QLabel) if lab.buddy() is not None}
    for combo in combos:
        assert combo in labels, combo.accessibleName()
        assert labels[combo].text().replace("&", "") == combo.accessibleName()
    # and the lists, which Orca also reads by their labels
    for name in ("Meetings", "Templates"):
        assert by_name(agenda, name, QListWidget) in labels


def test_confirmations_and_errors_in_the_agenda_are_said(qtbot, window, clocks, heard, tmp_path: Path):
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "welcome")
    heard.clear()
    click(qtbot, agenda, "Add section")
    assert heard[-1][0].startswith("Add Welcome and ways of working: done. Row 2 of 2:")
    bad = tmp_path / "bad.spf-agenda.json"
    bad.write_text("{ not json", encoding="utf-8")
    with qtbot.waitSignal(announcer().spoken, timeout=2000) as said:
        agenda.import_from(bad)
    assert "is damaged" in said.args[0] and said.args[1] == "assertive"
    with qtbot.waitSignal(announcer().spoken, timeout=2000) as said:
        click(qtbot, agenda, "Save meeting details")
    assert said.args == ["Saved.", "polite"]
    type_into(qtbot, agenda, "Start time", "25:99")
    with qtbot.waitSignal(announcer().spoken, timeout=2000) as said:
        click(qtbot, agenda, "Save meeting details")
    assert "25:99" in said.args[0] and said.args[1] == "assertive"
    # run mode: a capture added is said, and the keyboard goes back to the clock
    type_into(qtbot, agenda, "Start time", "10:00")
    click(qtbot, agenda, "Save meeting details")
    click(qtbot, agenda, "Run meeting")
    click(qtbot, agenda, "Start the meeting")
    type_into(qtbot, agenda, "Captured text", "We keep the huddle")
    with qtbot.waitSignal(announcer().spoken, timeout=2000) as said:
        qtbot.keyClick(QApplication.focusWidget(), RETURN)
    assert said.args[0] == "Outcome added: We keep the huddle"
    assert by_name(agenda, "Next section", QPushButton).hasFocus()
    # a refused clock action is said too
    click(qtbot, agenda, "Finish the meeting")
    click(qtbot, message_box(agenda), "Yes, finish")
    with qtbot.waitSignal(announcer().spoken, timeout=2000) as said:
        agenda.run_page.ask_finish()
    assert said.args[0] == "The meeting has already finished: nothing was changed."


def test_delete_leaves_the_keyboard_on_the_list_not_on_another_delete(qtbot, window):
    agenda = window.views["Agenda"]
    new_meeting(qtbot, agenda, "welcome")
    key_on(qtbot, "Delete meeting", agenda, ENTER)
    box = message_box(agenda)
    assert isinstance(box, QMessageBox) and box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    click(qtbot, box, "Yes, delete")
    qtbot.waitUntil(lambda: by_name(agenda, "Meetings", QListWidget).hasFocus())
