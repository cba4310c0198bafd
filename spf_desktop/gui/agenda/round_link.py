"""Run mode's line for an audit section linked to an audit round.

While the linked section runs (in the main lane or alongside another), the line
shows how many responses the round has (the change hook updates it as they
arrive) and offers to start participant mode for that round, only while the
round is open (the button says why not otherwise, and follows the round as it
opens or closes). The page decides which round is running; this widget only
shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from spf_desktop.domain.statuses import RoundStatus
from spf_desktop.gui.widgets import button, label, writes
from spf_desktop.store import repo

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlite_utils import Database

    from spf_desktop.domain.runclock import RunView


class LinkedRoundLine(QWidget):
    """``start_requested(round_id)`` when the facilitator asks for participant mode."""

    start_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.round_id: str | None = None
        self.running = False
        self.status: str | None = None  # the shown round's status
        self.info = label("", "Linked audit round")
        # Participant mode writes responses: off while the archive is read-only.
        self.start_button = writes(button("Start participant mode", "Start participant mode",
                                          "Hand the laptop round: the audit for the linked round"))
        self.start_button.clicked.connect(self._start)
        self.start_button.setEnabled(False)  # until a linked section runs
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.info)
        layout.addWidget(self.start_button)

    def show_round(self, db: Database | None, round_id: str | None, *, running: bool) -> None:
        """Show ``round_id`` (None: no linked section is running) and its count."""
        self.db, self.round_id, self.running = db, round_id, running
        self.refresh()

    def follow(self, v: RunView, db: Database | None, linked: Mapping[str, str]) -> None:
        """Show the round linked to a section running now (main lane or alongside),
        else the first linked one, as not running. ``linked``: section id -> round id."""
        running_ids = ([v.current.id] if v.current is not None and v.status in ("running", "paused")
                       else []) + [t.section_id for t in v.parallels if t.section_id]
        running = next((linked[sid] for sid in running_ids if sid in linked), None)
        shown = running or next(iter(linked.values()), None)
        if (shown, running is not None) != (self.round_id, self.running):
            self.show_round(db, shown, running=running is not None)

    def refresh(self) -> None:
        """Re-read the round's label and count (a response arrived, say)."""
        row = (repo.get(self.db, "rounds", self.round_id)
               if self.db is not None and self.round_id is not None else None)
        if row is None:
            self.status = None
            self.info.setText("Audit round: no linked audit section is running.")
            self.update_enabled()
            return
        self.status = row["status"]
        n = repo.response_count(self.db, row["id"])
        when = "" if self.running else " (its section is not running now)"
        self.info.setText(f'Audit round "{row["label"]}": {n} response{"s" * (n != 1)}'
                          f" ({row['status']}){when}")
        self.update_enabled()

    def why_not(self) -> str | None:
        """Why participant mode cannot start now; None when it can."""
        if self.round_id is None or self.status is None:
            return "No linked audit section is running."
        if self.status == RoundStatus.CLOSED:
            return "The round is closed: participant mode takes answers only while it is open."
        if self.status != RoundStatus.OPEN:
            return "Open the round first (in the Audit view)."
        if not self.running:
            return "Its audit section is not running now."
        return None

    def update_enabled(self) -> None:
        why = self.why_not()
        self.start_button.setEnabled(why is None)
        self.start_button.setToolTip(
            why or "Hand the laptop round: the audit for the linked round")
        self.start_button.setAccessibleDescription(why or "")

    def _start(self) -> None:
        if self.round_id is not None:
            self.start_requested.emit(self.round_id)
