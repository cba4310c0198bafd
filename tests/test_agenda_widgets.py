"""The agenda's small widgets on their own: the section editor hands back a finished
section, run mode follows the section-type data, controls that write follow the
archive's writability by property, and no colour is written outside the palette."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from gui_helpers import by_name
from helpers import FakeClock
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton, QSpinBox, QWidget

from spf_desktop.domain.agenda import Meeting, Section
from spf_desktop.domain.section_types import SectionType, load_section_types
from spf_desktop.gui.agenda import AgendaView
from spf_desktop.gui.agenda.section_editor import SectionEditor
from spf_desktop.gui.app import settings_for
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.gui.widgets import write_controls
from spf_desktop.paths import resource
from spf_desktop.store import Archive, repo
from spf_desktop.store import agenda as store

TYPES = load_section_types(resource("section_types.json"))
AGENDA_GUI = Path(__file__).resolve().parent.parent / "spf_desktop" / "gui" / "agenda"



def click(qtbot, root: QWidget, name: str) -> None:
    control = by_name(root, name, QPushButton)
    assert control.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton)


# -- the section editor ------------------------------------------------------------

def test_the_section_editor_hands_back_a_finished_section(qtbot):
    editor = SectionEditor(TYPES)
    qtbot.addWidget(editor)
    editor.show()
    lunch = Section("l", "networking_lunch", "Lunch", duration_min=45)
    item = Section("i", "item", "Pay review", "What do we ask for?", duration_min=20)
    editor.show_section(item, (lunch, item))
    assert not editor.is_dirty and editor.pending() is None

    title = by_name(editor, "Section title", QLineEdit)
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Pay review 2026")
    assert editor.is_dirty
    assert editor.pending() == Section("i", "item", "Pay review 2026", "What do we ask for?",
                                       duration_min=20)
    with qtbot.waitSignal(editor.applied) as applied:
        qtbot.keyClick(title, Qt.Key.Key_Return)
    assert applied.args[0].title == "Pay review 2026"

    # a type change recomputes the timing from the new type's rule
    combo = editor.type_combo
    combo.setCurrentIndex(combo.findData("round"))
    assert by_name(editor, "Participants", QSpinBox).value() == 12
    assert editor.pending().duration_min == 24 and editor.pending().type == "round"

    # pinned with no time: refused with the reason, nothing handed back
    by_name(editor, "Pin to a clock time").setChecked(True)
    with qtbot.waitSignal(editor.problem) as problem, qtbot.assertNotEmitted(editor.applied):
        click(qtbot, editor, "Apply section changes")
    assert "give the clock time" in problem.args[0]

    # loading again forgets what was typed
    editor.show_section(lunch, (lunch, item))
    assert not editor.is_dirty and editor.pending() is None


# -- section behaviour from the data --------------------------------------------------

def test_a_new_per_participant_type_gets_the_speaker_timer_by_data_alone(qtbot, tmp_path, home):
    check_in = SectionType("check_in", "Check-in", "per_participant",
                           {"participants": 3, "minutes_each": 1})
    types = {**TYPES, check_in.id: check_in}
    clocks = FakeClock(wall=datetime(2026, 3, 5, 10, 0, tzinfo=UTC))
    archive = Archive.open(tmp_path / "new.db", create=True)
    forum = repo.create_forum(archive.db, "Lakeside SPF")
    mid = store.create_meeting(archive.db, forum, Meeting("Check-ins", "10:00", "11:00", "2026-03-05"))
    store.save_sections(archive.db, mid, [
        Section("c", "check_in", "Check-in", "How are you arriving?", duration_min=3,
                params={"participants": 3, "minutes_each": 1})])
    view = AgendaView(types=types, mono=clocks.mono, wall=clocks.wall)
    qtbot.addWidget(view)
    view.set_archive(archive)
    view.show()
    by_name(view, "Meetings", QListWidget).setCurrentRow(0)
    assert view.meeting_id == mid
    click(qtbot, view, "Run meeting")
    click(qtbot, view, "Start the meeting")
    timer = by_name(view, "Speaker timer", QLabel)
    assert timer.isVisible() and timer.text() == "Speaker 1 of 3: 1:00"
    clocks.advance_minutes(1.5)
    view.run_page.timer.timeout.emit()
    assert timer.text() == "Speaker 1 of 3: +0:30" and timer.property("role") == "clock-over"
    click(qtbot, view, "Next speaker")
    assert timer.text() == "Speaker 2 of 3: 1:00"
    view.set_archive(None)
    archive.close()


# -- writing controls follow the archive, by property -----------------------------------

def enabled_writers(root: QWidget) -> list[str]:
    return sorted(w.accessibleName() for w in write_controls(root) if w.isEnabled())


def test_a_read_only_archive_leaves_no_writing_control_on(qtbot, demo_path, home):
    window = MainWindow(Archive.open(demo_path, read_only=True), settings_for(home))
    qtbot.addWidget(window)
    window.show()
    window.show_view("Agenda")
    view = window.views["Agenda"]
    by_name(view, "Meetings", QListWidget).setCurrentRow(1)
    view.builder.table.selectRow(2)
    assert len(write_controls(view)) >= 20  # the view, the builder and the clock all mark theirs
    assert enabled_writers(view) == []
    assert by_name(view, "Export meeting or template", QPushButton).isEnabled()
    # trying to write anyway changes nothing
    before = store.sections(view.db, view.meeting_id)
    assert view.builder.add_section() is False
    assert store.sections(view.db, view.meeting_id) == before
    window.close()


def test_writing_controls_come_back_as_the_views_rules_allow(qtbot, demo_path, home):
    window = MainWindow(Archive.open(demo_path), settings_for(home))
    qtbot.addWidget(window)
    window.show()
    window.show_view("Agenda")
    view = window.views["Agenda"]
    by_name(view, "Meetings", QListWidget).setCurrentRow(1)
    on = enabled_writers(view)
    assert {"Add section", "Apply section changes", "Delete meeting", "Run meeting"} <= set(on)
    assert "Undo" not in on  # nothing to undo yet
    view.set_writable(False)  # as while a background operation writes
    assert enabled_writers(view) == []
    view.set_writable(True)
    assert enabled_writers(view) == on
    window.close()


# -- one source of colour ----------------------------------------------------------------

def test_the_audience_window_keeps_its_large_type_under_the_stylesheet(qtbot, qapp):
    """The app's stylesheet is in force before the window is made, as when the app runs."""
    from spf_desktop.gui.agenda.audience import AudienceWindow
    from spf_desktop.paths import ui_file

    before = qapp.styleSheet()
    qapp.setStyleSheet(ui_file("style.qss").read_text(encoding="utf-8"))
    try:
        audience = AudienceWindow()
        qtbot.addWidget(audience)
        with qtbot.waitExposed(audience):
            audience.show()
        sizes = {w.accessibleIdentifier(): w.font().pointSizeF() for w in audience.findChildren(QLabel)}
    finally:
        qapp.setStyleSheet(before)
    assert sizes == {"Audience section": 28, "Audience question": 44, "Audience time left": 150,
                     "Audience clock state": 32, "Audience speaker": 32}
    assert by_name(audience, "Audience section", QLabel).property("role") == "muted"


COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|QColor\(|setStyleSheet\(|\brgba?\(")


def test_no_colour_is_written_in_the_agenda_package():
    found = [f"{path.name}:{n}: {line.strip()}"
             for path in sorted(AGENDA_GUI.glob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if COLOUR.search(line)]
    assert found == []
