"""The Audit view's New round tab: a forum added by name, and a new audit round.

A new round starts from its forum's defaults (minimum group size, benchmark),
which the forum settings dialog sets: they are filled in when the forum is
chosen, and again when the forum's settings change (the change hook), unless
they are the same as before, so what the facilitator typed stays typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from spf_desktop.domain.errors import UserError, ValidationError
from spf_desktop.domain.forums import MAX_MIN_GROUP
from spf_desktop.domain.kiosk import parse_benchmark
from spf_desktop.domain.scoring import MIN_GROUP_FLOOR
from spf_desktop.gui.audit.panels import Panel, hint
from spf_desktop.gui.widgets import DateEdit, named
from spf_desktop.store import audit, repo
from spf_desktop.store.forums import ForumDefaults, forum_defaults

if TYPE_CHECKING:
    from spf_desktop.gui.operations import Operations
    from spf_desktop.store.connection import ArchiveDatabase


def short_date_format() -> str:
    """The computer's own short date format (15/12/2026 on a UK machine), with the
    year in four digits so no date is read in the wrong century."""
    form = QLocale.system().dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in form:
        form = form.replace("yy", "yyyy")
    return form


NO_MEETING = "(none)"


class NewRoundPanel(Panel):
    round_created = Signal(str)
    forum_created = Signal(str)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.forum_id: str | None = None
        self.defaults: ForumDefaults | None = None  # the forum's, as last filled in
        form = QFormLayout(self)
        self.forum_name = named(QLineEdit(), "New forum name")
        row = QHBoxLayout()
        row.addWidget(self.forum_name, 1)
        add_forum = self.writing_button("Add forum", self._add_forum)
        row.addWidget(add_forum)
        form.addRow("New forum:", row)
        self.question_set = named(QComboBox(), "Question set for the new round")
        self.question_set.setPlaceholderText("Choose a question set")
        form.addRow("Question set:", self.question_set)
        self.label = named(QLineEdit(), "Round label")
        self.label.setPlaceholderText("e.g. Baseline, or 2019 audit")
        form.addRow("Label:", self.label)
        self.date = named(DateEdit(QDate.currentDate()), "Round date")
        self.date.setCalendarPopup(True)  # a calendar, and typing in the computer's format
        self.date.setDisplayFormat(short_date_format())
        self.date.calendarWidget().setAccessibleName("Round date calendar")
        form.addRow("Date:", self.date)
        self.meeting = named(QComboBox(), "Held at meeting",
                             "Optional: the forum meeting the round is run at.")
        form.addRow("Held at meeting:", self.meeting)
        self.min_group = named(QSpinBox(), "Minimum group size")
        self.min_group.setRange(MIN_GROUP_FLOOR, MAX_MIN_GROUP)  # as the forum's default allows
        self.min_group.setValue(5)
        form.addRow("Minimum group size:", self.min_group)
        # label first, then value: as the forum settings dialog has them
        self.bench_label = named(QLineEdit(), "Benchmark label")
        self.bench_label.setPlaceholderText("e.g. Other regional SPFs, about 7.5")
        form.addRow("Benchmark label:", self.bench_label)
        self.bench_value = named(QLineEdit(), "Benchmark value")
        self.bench_value.setPlaceholderText("optional, 0 to 10, e.g. 7.5")
        form.addRow("Benchmark value:", self.bench_value)
        create = self.writing_button("Create round", self.create)
        form.addRow("", create)
        form.addRow(hint("A new round starts as a draft: open it when the room is ready. "
                         "Results and comments stay hidden until the round has the minimum "
                         "number of responses (never fewer than 3).", "About new rounds"))
        self.enter_presses(add_forum, self.forum_name)
        self.enter_presses(create, self.question_set, self.label, self.date, self.meeting,
                           self.min_group, self.bench_label, self.bench_value)
        self.fill_meetings()

    def set_db(self, db: ArchiveDatabase | None) -> None:
        super().set_db(db)
        self.forum_id, self.defaults = None, None  # another archive: its forums are others
        self.fill_question_sets()
        self.fill_meetings()

    def set_forum(self, forum_id: str | None) -> None:
        if forum_id != self.forum_id:
            self.forum_id = forum_id
            self.fill_meetings()
            self.take_forum_defaults(always=True)

    def take_forum_defaults(self, *, always: bool = False) -> None:
        """Fill in the chosen forum's minimum group size and benchmark. Unless
        ``always``, only when they differ from those last filled in: a change to
        another forum, or to this one's name, leaves what was typed here alone."""
        if self.db is None or self.forum_id is None:
            return
        try:
            defaults = forum_defaults(self.db, self.forum_id)
        except UserError:  # the forum went meanwhile (deleted, a restore)
            return
        if not always and defaults == self.defaults:
            return
        self.defaults = defaults
        self.min_group.setValue(defaults.min_group_size)
        self.bench_label.setText(defaults.benchmark_label)
        value = defaults.benchmark_value
        self.bench_value.setText("" if value is None else f"{value:g}")

    def fill_question_sets(self) -> None:
        """The latest version of each set; the one chosen stays chosen, and with only
        one set, that one is chosen."""
        current = self.question_set.currentData()
        self.question_set.clear()
        if self.db is None:
            return
        for qs in audit.question_sets(self.db):
            if qs["latest"]:
                count = qs["question_count"]
                self.question_set.addItem(
                    f"{qs['name']} (version {qs['version']}, {count} "
                    f"question{'s' * (count != 1)})", qs["id"])
        index = self.question_set.findData(current) if current else -1
        if index < 0 and self.question_set.count() == 1:
            index = 0
        self.question_set.setCurrentIndex(index)

    def fill_meetings(self) -> None:
        """The chosen forum's meetings, newest first; "(none)" first and by default."""
        current = self.meeting.currentData()
        self.meeting.clear()
        self.meeting.addItem(NO_MEETING, None)
        if self.db is not None and self.forum_id:
            for m in reversed(repo.meetings(self.db, self.forum_id)):
                self.meeting.addItem(f"{m['title']} ({m['date'] or 'no date'})", m["id"])
        index = self.meeting.findData(current) if current else -1
        self.meeting.setCurrentIndex(max(index, 0))

    def _add_forum(self) -> None:
        name = self.forum_name.text()
        created: list[str] = []
        if self.run(lambda: created.append(repo.create_forum(self.db, name)),
                    f"Forum \"{name.strip()}\" added."):
            self.forum_name.clear()
            self.forum_created.emit(created[0])

    def create(self) -> None:
        if self.forum_id is None:
            self.message.emit("Choose a forum (or add one) before creating a round.", True)
            return
        created: list[str] = []
        forum_id = self.forum_id

        def act() -> None:
            value = parse_benchmark(self.bench_value.text())
            set_id = self.question_set.currentData()
            if set_id is None:
                raise ValidationError("Choose a question set for the round.")
            created.append(audit.create_audit_round(
                self.db, forum_id, set_id, self.label.text(),
                self.date.date().toString(Qt.DateFormat.ISODate),
                min_group_size=self.min_group.value(), benchmark_value=value,
                benchmark_label=self.bench_label.text(), meeting_id=self.meeting.currentData()))

        if self.run(act, f"Round \"{self.label.text().strip()}\" created as a draft."):
            self.label.clear()
            self.meeting.setCurrentIndex(0)
            self.round_created.emit(created[0])


