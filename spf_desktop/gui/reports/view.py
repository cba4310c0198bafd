"""The Reports view: the PDFs the selection in the Archive view lets a chair print.

The view only shows choices and progress. Which reports a selection allows is
decided in spf_desktop.reports.available_reports; the PDF is made by
spf_desktop.reports.make_report in a worker thread with its own read-only
connection to the archive, so the window never freezes. reportlab is imported
by the worker when the first report is made, never when the app starts.
"""

from __future__ import annotations

import sqlite3
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.errors import UserError
from spf_desktop.gui.operations import Operations
from spf_desktop.gui.view_base import ViewMixin
from spf_desktop.reports import ReportChoice, available_reports, make_report
from spf_desktop.store import Archive
from spf_desktop.store.connection import Change, Changes

CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1


class _Signals(QObject):
    progress = Signal(object, str)  # fraction (float or None), message
    finished = Signal(str)          # the saved PDF
    failed = Signal(str, bool)      # message, is it a bug (True) or a user error (False)


class ReportJob(QRunnable):
    """Make one PDF off the UI thread, with a read-only connection of its own."""

    def __init__(self, archive_path: Path, choice: ReportChoice, out: Path, copies: int) -> None:
        super().__init__()
        self.archive_path = archive_path
        self.choice = choice
        self.out = out
        self.copies = copies
        self.signals = _Signals()
        self.setAutoDelete(False)  # the view keeps it until its signals are delivered

    def run(self) -> None:
        try:
            with Archive.open(self.archive_path, read_only=True, backup=False) as archive:
                written = make_report(self.choice.kind, archive.db, self.choice.record_id,
                                      self.out, copies=self.copies,
                                      progress=self.signals.progress.emit)
        except UserError as exc:
            self.signals.failed.emit(str(exc), False)
        except Exception:  # noqa: BLE001 - a bug: shown with details, never a crash
            self.signals.failed.emit(traceback.format_exc(), True)
        else:
            self.signals.finished.emit(str(written))


class ReportsView(ViewMixin, QWidget):
    """Lists the reports for the current selection; saves and opens them."""

    report_saved = Signal(str)
    report_failed = Signal(str)

    shows = frozenset({Change.FORUM, Change.ROUND, Change.RESPONSE, Change.MEETING,
                       Change.SECTION, Change.CAPTURE, Change.QUESTION_SET})

    def __init__(self, parent: QWidget | None = None, *, ops: Operations | None = None,
                 opener: Callable[[QUrl], bool] = QDesktopServices.openUrl,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Reports view")
        self.ops = ops or Operations(self)
        self.archive: Archive | None = None
        self.selection: tuple[str, str] | None = None
        self.opener = opener
        self.pool = pool or QThreadPool(self)
        self.job: ReportJob | None = None
        self._done_job: ReportJob | None = None
        self.saved_path: Path | None = None
        self.save_dialog: QFileDialog | None = None
        self.last_folder = Path.home()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        heading = QLabel("Reports to print")
        heading.setProperty("role", "heading")
        heading.setAccessibleName("Reports heading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        heading.setFont(font)
        layout.addWidget(heading)
        self.context = QLabel()
        self.context.setWordWrap(True)
        self.context.setAccessibleName("What the reports are for")
        layout.addWidget(self.context)

        self.list = QListWidget()
        self.list.setAccessibleName("Reports you can make")
        self.list.setSpacing(3)
        self.list.setMaximumHeight(260)
        layout.addWidget(self.list)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setAccessibleName("What the report holds")
        layout.addWidget(self.description)

        row = QHBoxLayout()
        self.copies_label = QLabel("Copies:")
        self.copies = QSpinBox()
        self.copies.setRange(1, 500)
        self.copies.setAccessibleName("Copies")
        self.copies.setToolTip("How many blank forms to print: one participant per page.")
        self.copies_label.setBuddy(self.copies)
        self.save_button = QPushButton("Save PDF...")
        self.save_button.setAccessibleName("Save PDF")
        self.open_button = QPushButton("Open")
        self.open_button.setAccessibleName("Open the saved PDF")
        self.open_button.setEnabled(False)
        row.addWidget(self.copies_label)
        row.addWidget(self.copies)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.open_button)
        layout.addLayout(row)

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Report progress")
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Report status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        layout.addWidget(self.status)
        layout.addStretch(1)

        self.list.currentItemChanged.connect(lambda *_: self._choice_changed())
        self.list.itemActivated.connect(lambda *_: self.choose_file())
        self.save_button.clicked.connect(self.choose_file)
        self.open_button.clicked.connect(self.open_saved)
        self.refresh()

    # -- what to list -----------------------------------------------------------

    def set_archive(self, archive: Archive | None) -> None:
        self.archive = archive
        if archive is not None:
            self.last_folder = archive.path.parent
        self.refresh()

    def reload_for(self, kinds: Changes) -> None:
        self.refresh()

    def set_selection(self, kind: str, record_id: str) -> None:
        """Connected to the Archive view's selection_changed(kind, id)."""
        self.selection = (kind, record_id)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        choices: list[ReportChoice] = []
        if self.archive is None:
            self.context.setText("No archive is open.")
        elif self.selection is None:
            self.context.setText("Select a forum, an audit round or a meeting in the Archive "
                                 "view to see the reports you can print for it.")
        else:
            try:
                choices = available_reports(self.archive.db, *self.selection)
            except UserError:  # the selection is not in this archive (any more)
                choices = []
            except sqlite3.ProgrammingError:
                # The archive was closed: the main window is opening another one and
                # its Archive view announced the new selection before we got the archive.
                self.archive = None
                choices = []
            kind = {"round": "audit round", "meeting": "meeting"}.get(self.selection[0], "forum")
            more = (" Choose an audit round or a meeting there for its own reports."
                    if kind == "forum" else "")
            self.context.setText(
                f"Reports for the {kind} chosen in the Archive view. Each is an A4 PDF.{more}"
                if choices else f"Nothing to print for this {kind} yet.")
        for choice in choices:
            text = choice.title if choice.enabled else f"{choice.title} ({choice.reason})"
            item = QListWidgetItem(text)
            item.setData(CHOICE_ROLE, choice)
            item.setToolTip(choice.description)
            if not choice.enabled:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        first = next((i for i in range(self.list.count())
                      if self.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled), None)
        if first is not None:
            self.list.setCurrentRow(first)
        self._choice_changed()

    def current_choice(self) -> ReportChoice | None:
        item = self.list.currentItem()
        choice = item.data(CHOICE_ROLE) if item is not None else None
        return choice if choice is not None and choice.enabled else None

    def choices(self) -> list[str]:
        """The titles listed, as the user reads them."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def select_report(self, title: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).text() == title:
                self.list.setCurrentRow(i)
                return
        raise LookupError(title)

    def _choice_changed(self) -> None:
        choice = self.current_choice()
        busy = self.job is not None
        self.description.setText(choice.description if choice else "")
        is_form = choice is not None and choice.kind == "questionnaire"
        self.copies.setVisible(is_form)
        self.copies_label.setVisible(is_form)
        self.save_button.setEnabled(choice is not None and not busy)

    # -- saving -----------------------------------------------------------------

    def choose_file(self) -> None:
        """Ask where to save (a non-blocking dialog); saving starts when a file is chosen."""
        choice = self.current_choice()
        if choice is None or self.job is not None:
            return
        dialog = QFileDialog(self, "Save the report as PDF", str(self.last_folder / choice.file_name),
                             "PDF files (*.pdf)")
        dialog.setAccessibleName("Save the report as PDF")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(str(self.last_folder / choice.file_name))
        dialog.fileSelected.connect(lambda path: self.save(Path(path)))
        dialog.finished.connect(dialog.deleteLater)
        self.save_dialog = dialog
        dialog.open()

    def save(self, out: Path) -> None:
        """Make the current report into ``out`` in the background."""
        choice = self.current_choice()
        if choice is None or self.archive is None or self.job is not None:
            return
        self.last_folder = out.parent
        job = ReportJob(self.archive.path, choice, out, self.copies.value())
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        self.job = job
        self.open_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setStyleSheet("")
        self.status.setText(f"Making {choice.title}...")
        self._choice_changed()
        self.pool.start(job)

    def _on_progress(self, fraction: float | None, message: str) -> None:
        if fraction is not None:
            self.progress.setValue(round(fraction * 100))
        self.progress.setFormat(f"%p%  {message}")

    def _on_finished(self, path: str) -> None:
        self._done_job, self.job = self.job, None
        self.saved_path = Path(path)
        self.progress.setValue(100)
        self.progress.setVisible(False)
        self.status.setText(f"Saved {path}")
        self.open_button.setEnabled(True)
        self._choice_changed()
        self.report_saved.emit(path)

    def _on_failed(self, message: str, bug: bool) -> None:
        self._done_job, self.job = self.job, None
        self.progress.setVisible(False)
        self.status.setStyleSheet("color: #b00020;")
        if bug:
            self.status.setText("The report could not be made because of a problem in SPF "
                                "Desktop. Details:\n" + message.strip().splitlines()[-1])
        else:
            self.status.setText(f"The report was not saved. {message}")
        self._choice_changed()
        self.report_failed.emit(message)

    def open_saved(self) -> None:
        """Open the saved PDF in the system's PDF viewer."""
        if self.saved_path is not None and self.saved_path.exists():
            if not self.opener(QUrl.fromLocalFile(str(self.saved_path))):
                self.status.setText(f"No PDF viewer could open {self.saved_path}. "
                                    "Open it from your file manager.")
