"""Retention: shows exactly what will go for the years chosen, then purges on a
deliberate click. The purge runs through ``Operations.run`` (it rewrites every
purged round's answers into aggregates, which takes a while on a big archive);
the plan is read on the UI thread, where it is quick."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QProgressBar,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.gui.archive.common import button_row, text
from spf_desktop.gui.widgets import buddy, button, named, set_role, writes

if TYPE_CHECKING:
    from spf_desktop.gui.operations import Failure, Operations, Work
    from spf_desktop.store import Archive
    from spf_desktop.store.connection import ArchiveDatabase
    from spf_desktop.store.retention import PurgePlan, PurgeResult


def purge_work(plan: PurgePlan, today: date) -> Work:
    """The purge of ``plan``, as a function of the worker's connection."""
    def work(db: ArchiveDatabase, progress: Callable[..., None]) -> int:
        from spf_desktop.store import retention

        return retention.purge(db, plan, today, progress)

    return work


class PurgeDialog(QDialog):
    """Retention: what will go for the years chosen, then the purge on request."""

    purged = Signal(int)

    def __init__(self, archive: Archive, ops: Operations, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.setWindowTitle("Purge old responses")
        self.setAccessibleName("Purge old responses")
        self.archive = archive
        self.ops = ops
        self.today = today
        self.running = False
        self.resize(640, 460)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.years = named(QSpinBox(), "Years of responses to keep")
        row.addWidget(buddy("Keep the individual answers of the last", self.years))
        self.years.setRange(1, 100)
        self.years.setValue(7)
        self.years.setSuffix(" years")
        row.addWidget(self.years)
        row.addStretch(1)
        layout.addLayout(row)
        self.plan_label = text("", "What will go")
        self.plan_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = named(QScrollArea(), "What will go, scrolled")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.plan_label)
        layout.addWidget(scroll, 1)
        self.progress = named(QProgressBar(), "Purge progress")
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.purge_button = writes(button("Purge", "Purge now"))
        self.purge_button.setAutoDefault(False)  # Enter never purges: only a deliberate click
        self.purge_button.clicked.connect(self.do_purge)
        self.close_button = button("Close")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.reject)
        layout.addLayout(button_row(self.purge_button, self.close_button))
        self.years.valueChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        from spf_desktop.store import retention

        self.plan = retention.plan_purge(self.archive.db, self.years.value(), self.today())
        set_role(self.plan_label, None)
        self.plan_label.setText(self.plan.describe())
        n = len(self.plan.items)
        self.purge_button.setEnabled(n > 0 and not self.archive.read_only and not self.running)
        self.purge_button.setText(f"Permanently purge {n} round{'s' * (n != 1)}" if n else "Purge")

    def do_purge(self) -> None:
        if self.running or not self.plan.items:
            return
        self.running = True
        for widget in (self.purge_button, self.years, self.close_button):
            widget.setEnabled(False)
        self.progress.setRange(0, len(self.plan.items))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.ops.run("Purging old responses", purge_work(self.plan, self.today()),
                     on_success=self._on_purged, on_failure=self._on_failed,
                     on_progress=self._on_progress)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done:,} of {total:,} rounds purged")

    def _done(self) -> None:
        self.running = False
        self.progress.setVisible(False)
        self.years.setEnabled(True)
        self.close_button.setEnabled(True)
        self.refresh()

    def _on_purged(self, deleted: PurgeResult) -> None:
        self._done()
        set_role(self.plan_label, "ok")  # said aloud: what was purged
        self.plan_label.setText(f"Purged {deleted:,} responses. Their rounds keep every figure "
                                f"for trends and reports. {deleted.backups_message}\n\n"
                                + self.plan_label.text())
        self.purged.emit(deleted)

    def _on_failed(self, failure: Failure) -> None:
        self._done()
        set_role(self.plan_label, "error")
        self.plan_label.setText(failure.message if not failure.is_bug else
                                "Nothing was purged because of a problem in SPF Desktop. "
                                "Details:\n" + failure.message.strip().splitlines()[-1])

    def reject(self) -> None:
        """Not while the purge writes: it finishes (or is undone) first."""
        if not self.running:
            super().reject()
