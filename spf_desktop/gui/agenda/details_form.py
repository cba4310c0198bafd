"""The meeting's details: title, date, venue, times, seating and ways of working.

A form and nothing more: it shows a ``Meeting`` and reads one back. Saving (and
undoing) is the builder page's job; the form only asks for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from spf_desktop.domain.agenda import SEATING, SEATING_LABELS, Meeting
from spf_desktop.gui.agenda.date_field import DateField
from spf_desktop.gui.agenda.keyboard import chain, field_label
from spf_desktop.gui.widgets import button, named, writes


def ways_to_text(ways: Sequence[Mapping[str, str]]) -> str:
    return "\n".join(f"{w['name']}: {w.get('description', '')}".rstrip(": ") for w in ways)


def text_to_ways(text: str) -> tuple[dict, ...]:
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, description = line.partition(":")
        out.append({"name": name.strip(), "description": description.strip()})
    return tuple(out)


class MeetingDetailsForm(QGroupBox):
    """Shows one meeting's details; ``save_requested`` when the user saves them (the
    button, or Enter in a field); ``problem(text)`` when a typed date is refused."""

    save_requested = Signal()
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Meeting", parent)
        self.notes = ""  # not edited here, kept as it was
        self._build_fields()
        self._build_layout()

    def _build_fields(self) -> None:
        self.title_edit = named(QLineEdit(), "Meeting title")
        self.date_edit = named(DateField(), "Meeting date",
                               "Type the date or pick it from the calendar")
        self.date_edit.refused.connect(self.problem)
        self.date_edit.entered.connect(self.save_requested)
        self.venue_edit = named(QLineEdit(), "Venue")
        self.start_edit = named(QLineEdit(), "Start time", "HH:MM, e.g. 12:00")
        self.end_edit = named(QLineEdit(), "Planned end", "HH:MM, e.g. 16:00")
        for edit in (self.start_edit, self.end_edit):
            edit.setPlaceholderText("HH:MM")
            edit.setMaximumWidth(90)
        self.seating_combo = named(QComboBox(), "Seating")
        for key in SEATING:
            self.seating_combo.addItem(SEATING_LABELS[key], key)
        # the whole "Cabaret (tables of 6 to 8)" when there is room, narrower when not
        self.seating_combo.setMinimumWidth(130)
        self.ways_edit = named(QPlainTextEdit(), "Ways of working",
                               "One per line: name: short description")
        self.ways_edit.setMaximumHeight(56)  # three lines; it scrolls for more
        self.ways_edit.setTabChangesFocus(True)
        self.save_button = writes(button("Save details", "Save meeting details"))
        self.save_button.clicked.connect(self.save_requested)
        for edit in (self.title_edit, self.venue_edit, self.start_edit, self.end_edit):
            edit.returnPressed.connect(self.save_requested)  # Enter saves, as the button does

    def take_problem(self) -> str | None:
        """A date refused since the last save (said once: the next save goes ahead)."""
        return self.date_edit.take_refusal()

    def _build_layout(self) -> None:
        form = QFormLayout(self)
        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        to_label = QLabel("to")
        to_label.setBuddy(self.end_edit)
        times.addWidget(to_label)
        times.addWidget(self.end_edit)
        times.addSpacing(12)
        times.addWidget(field_label("Seating", self.seating_combo))
        times.addWidget(self.seating_combo)
        times.addStretch(1)
        form.addRow("Title", self.title_edit)
        row = QHBoxLayout()
        row.addWidget(self.date_edit)
        venue_label = QLabel("Venue")
        venue_label.setBuddy(self.venue_edit)
        row.addWidget(venue_label)
        row.addWidget(self.venue_edit, 1)
        form.addRow("Date", row)
        form.addRow("Times", times)
        # a row of several fields: its label belongs to the first of them
        for text, field in (("Date", self.date_edit), ("Times", self.start_edit)):
            shown = form.labelForField(row if text == "Date" else times)
            if isinstance(shown, QLabel):
                shown.setBuddy(field)
        ways_row = QHBoxLayout()
        ways_row.addWidget(self.ways_edit, 1)
        ways_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        form.addRow("Ways of working", ways_row)
        shown = form.labelForField(ways_row)
        if isinstance(shown, QLabel):
            shown.setBuddy(self.ways_edit)
        chain(*self.tab_chain())  # as the eye reads the form

    def tab_chain(self) -> list[QWidget]:
        return [self.title_edit, self.date_edit, self.venue_edit, self.start_edit,
                self.end_edit, self.seating_combo, self.ways_edit, self.save_button]

    def show_meeting(self, meeting: Meeting) -> None:
        self.notes = meeting.notes
        self.title_edit.setText(meeting.title)
        self.date_edit.set_iso(meeting.date)
        self.date_edit.refusal = None
        self.venue_edit.setText(meeting.venue)
        for edit in (self.title_edit, self.venue_edit):
            if not edit.hasFocus():  # a long title or venue shows its start, not its end
                edit.setCursorPosition(0)
        self.start_edit.setText(meeting.start_time)
        self.end_edit.setText(meeting.planned_end)
        self.seating_combo.setCurrentIndex(max(0, self.seating_combo.findData(meeting.seating)))
        self.ways_edit.setPlainText(ways_to_text(meeting.ways_of_working))

    def meeting(self) -> Meeting:
        """The details as the form now shows them (checked when written)."""
        return Meeting(
            title=self.title_edit.text(), start_time=self.start_edit.text().strip(),
            planned_end=self.end_edit.text().strip(), date=self.date_edit.iso(),
            venue=self.venue_edit.text(), seating=self.seating_combo.currentData(),
            ways_of_working=text_to_ways(self.ways_edit.toPlainText()),
            notes=self.notes,
        )
