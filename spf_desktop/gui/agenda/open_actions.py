"""Actions still open from a forum's earlier meetings, beside the plan of the next one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QListWidget, QVBoxLayout, QWidget

from spf_desktop.gui.widgets import label, named
from spf_desktop.store import agenda as store

if TYPE_CHECKING:
    from sqlite_utils import Database


class OpenActionsPanel(QWidget):
    """A heading and the list; read-only, refilled when the meeting or a capture changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = named(QListWidget(), "Open actions from earlier meetings")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label("Open actions from earlier meetings", "", role="heading"))
        layout.addWidget(self.list, 1)

    def show_for(self, db: Database | None, forum_id: str | None, meeting_id: str | None) -> None:
        """The forum's open actions, except those of ``meeting_id`` itself."""
        self.list.clear()
        if db is None or meeting_id is None:
            return
        for a in store.open_actions(db, forum_id, except_meeting=meeting_id):
            due = f", due {a['due_date']}" if a["due_date"] else ""
            owner = f" ({a['owner']}{due})" if a["owner"] else due
            self.list.addItem(f"{a['text']}{owner}, from {a['meeting_title']}")
