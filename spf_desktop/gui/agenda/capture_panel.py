"""Outcomes, decisions and actions captured while the meeting runs.

The panel writes each capture at once (tied to the section then running) and
lists what the meeting has captured so far. The clock page tells it which
section is running and shows its problems; the change hook refreshes the list
when a capture is made anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QSizePolicy,
    QWidget,
)

from spf_desktop.domain.errors import UserError
from spf_desktop.gui.widgets import button, named, writes
from spf_desktop.store import agenda as store

KINDS = (("Outcome", "outcomes"), ("Decision", "decisions"), ("Action", "actions"))
WORDS = {kind: word for word, kind in KINDS}

if TYPE_CHECKING:
    from sqlite_utils import Database



def describe(kind: str, row: dict) -> str:
    """One captured item as the list shows it."""
    extra = ""
    if kind == "actions":
        extra = "".join([f" (owner: {row['owner']}" if row["owner"] else " (",
                         f", due {row['due_date']})" if row["due_date"] else ")"])
        extra = "" if extra == " ()" else extra.replace("(, ", "(")
    where = f" [{row['section_title']}]" if row["section_title"] else ""
    return f"{WORDS[kind]}: {row['text']}{extra}{where}"


class CapturePanel(QGroupBox):
    """Capture while running. ``problem(str)`` says why a capture was refused
    (an empty string once one is accepted)."""

    problem = Signal(str)

    def __init__(self, current_section: Callable[[], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__("Capture while running", parent)
        self.current_section = current_section
        self.db: Database | None = None
        self.meeting_id: str | None = None
        self._build_fields()
        self._build_layout()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def _build_fields(self) -> None:
        self.kind_combo = named(QComboBox(), "Capture kind")
        for word, kind in KINDS:
            self.kind_combo.addItem(word, kind)
        self.text_edit = named(QLineEdit(), "Captured text")
        self.owner_edit = named(QLineEdit(), "Action owner")
        self.due_edit = named(QLineEdit(), "Action due date")
        self.due_edit.setPlaceholderText("YYYY-MM-DD")
        self.add_button = writes(button("Add", "Add capture"))
        self.add_button.clicked.connect(self.add)
        self.text_edit.returnPressed.connect(self.add)
        self.captured_list = named(QListWidget(), "Captured outcomes, decisions and actions")
        self.captured_list.setMaximumHeight(110)
        self.captured_list.setWordWrap(True)  # long actions wrap on a small screen
        self.captured_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _build_layout(self) -> None:
        form = QFormLayout(self)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_combo)
        kind_row.addWidget(self.text_edit, 1)
        kind_row.addWidget(self.add_button)
        form.addRow(kind_row)
        action_row = QHBoxLayout()  # an action's owner and due date, on their own line
        action_row.addWidget(QLabel("Owner"))
        action_row.addWidget(self.owner_edit, 1)
        action_row.addWidget(QLabel("Due"))
        action_row.addWidget(self.due_edit)
        form.addRow(action_row)
        form.addRow(self.captured_list)

    def set_meeting(self, db: Database | None, meeting_id: str | None) -> None:
        self.db, self.meeting_id = db, meeting_id
        self.reload()

    def update_enabled(self) -> None:
        self.add_button.setEnabled(self.meeting_id is not None)

    def add(self) -> bool:
        """Write what was typed as an outcome, decision or action of the running section."""
        if self.meeting_id is None or self.db is None:
            return False
        try:
            store.add_capture(self.db, self.meeting_id, self.kind_combo.currentData(),
                              self.text_edit.text(), section_id=self.current_section(),
                              owner=self.owner_edit.text(),
                              due_date=self.due_edit.text().strip() or None)
        except UserError as exc:
            self.problem.emit(str(exc))
            return False
        self.problem.emit("")
        for edit in (self.text_edit, self.owner_edit, self.due_edit):
            edit.clear()
        self.reload()
        return True

    def reload(self) -> None:
        """List what the meeting has captured (after a capture made here or elsewhere)."""
        self.captured_list.clear()
        self.update_enabled()
        if self.meeting_id is None or self.db is None:
            return
        for kind, rows in store.captured(self.db, self.meeting_id).items():
            for row in rows:
                self.captured_list.addItem(describe(kind, row))
