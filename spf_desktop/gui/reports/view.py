"""The Reports view: the PDFs the selection in the Archive view lets a chair print.

The view only shows choices and progress. Which reports a selection allows is
decided by the report registry (spf_desktop.reports.available_reports); the PDF
is made by spf_desktop.reports.make_report through ``Operations.run`` with
``writes=False``: in a worker thread, on a read-only connection of its own, so
the window never freezes and nothing else is kept from writing. reportlab is
imported by the worker when the first report is made, never when the app starts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.errors import UserError
from spf_desktop.gui.file_dialogs import file_dialog
from spf_desktop.gui.operations import Failure, Operations
from spf_desktop.gui.view_base import ViewMixin
from spf_desktop.gui.widgets import button, label, named, set_role
from spf_desktop.reports import ReportChoice, available_reports, make_report
from spf_desktop.store.connection import Change, Changes

if TYPE_CHECKING:
    from spf_desktop.store import Archive
    from spf_desktop.store.connection import ArchiveDatabase

CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1
#: The save dialog's caption and file types, by format.
SAVE_AS = {"pdf": ("Save the report as PDF", "PDF files (*.pdf)"),
           "html": ("Save the report as accessible HTML", "HTML pages (*.html)")}


class ReportsView(ViewMixin, QWidget):
    """Lists the reports for the current selection; saves and opens them."""

    report_saved = Signal(str)
    report_failed = Signal(str)

    shows = frozenset({Change.FORUM, Change.ROUND, Change.RESPONSE, Change.MEETING,
                       Change.SECTION, Change.CAPTURE, Change.QUESTION_SET, Change.BENCHMARK})

    def __init__(self, parent: QWidget | None = None, *, ops: Operations | None = None,
                 opener: Callable[[QUrl], bool] = QDesktopServices.openUrl,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Reports view")
        # On its own (in tests, say) the view has its own Operations, on ``pool``.
        self._own_ops = ops is None
        self.ops = ops or Operations(self, pool=pool)
        if self._own_ops:
            self.ops.changed.connect(self.show_changes)
        self.archive: Archive | None = None
        self.selection: tuple[str, str] | None = None
        self.opener = opener
        self.making: ReportChoice | None = None  # the report being made, if one is
        self.saved_path: Path | None = None
        self.save_dialog: QFileDialog | None = None
        self.last_folder = Path.home()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        heading = label("Reports to print", "Reports heading", role="heading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        heading.setFont(font)
        layout.addWidget(heading)
        self.context = label("", "What the reports are for")
        layout.addWidget(self.context)
        self.list = named(QListWidget(), "Reports you can make")
        self.list.setSpacing(3)
        self.list.setMaximumHeight(260)
        layout.addWidget(self.list)
        self.description = label("", "What the report holds")
        layout.addWidget(self.description)
        layout.addLayout(self._build_buttons())
        self.progress = named(QProgressBar(), "Report progress")
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = label("", "Report status", live="polite")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        layout.addWidget(self.status)
        layout.addStretch(1)

        self.list.currentItemChanged.connect(lambda *_: self._choice_changed())
        self.list.itemActivated.connect(lambda *_: self.choose_file())
        self.save_button.clicked.connect(lambda: self.choose_file())
        self.html_button.clicked.connect(lambda: self.choose_file("html"))
        self.open_button.clicked.connect(self.open_saved)
        self.refresh()

    def _build_buttons(self) -> QHBoxLayout:
        """Copies (for blank forms), Save and Open. Saving a PDF never writes the archive."""
        row = QHBoxLayout()
        self.copies_label = QLabel("Copies:")
        self.copies = named(QSpinBox(), "Copies",
                            "How many blank forms to print: one participant per page.")
        self.copies.setRange(1, 500)
        self.copies_label.setBuddy(self.copies)
        self.save_button = button("Save PDF...", "Save PDF")
        self.html_button = button(
            "Save as accessible HTML...", "Save as accessible HTML",
            "The same report as one web page a screen reader can read: headings, tables "
            "with headers, every chart's figures as a table.")
        self.open_button = button("Open", "Open the saved report")
        self.open_button.setEnabled(False)
        row.addWidget(self.copies_label)
        row.addWidget(self.copies)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.html_button)
        row.addWidget(self.open_button)
        return row

    # -- what to list -----------------------------------------------------------

    def set_archive(self, archive: Archive | None) -> None:
        self.archive = archive
        if self._own_ops:
            self.ops.set_archive(archive)
        if archive is not None:
            self.last_folder = archive.path.parent
        self.refresh()

    def reload_for(self, kinds: Changes) -> None:
        self.refresh(keep_choice=True)

    def set_selection(self, kind: str, record_id: str) -> None:
        """Connected to the Archive view's selection_changed(kind, id)."""
        self.selection = (kind, record_id)
        self.refresh()

    def refresh(self, *, keep_choice: bool = False) -> None:
        """List the reports for the selection, the first that can be made chosen; with
        ``keep_choice`` (a re-read after a change) the one chosen stays chosen."""
        chosen = self.current_choice() if keep_choice else None
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
        enabled = [i for i in range(self.list.count())
                   if self.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled]
        same = [i for i in enabled if chosen is not None
                and (self.list.item(i).data(CHOICE_ROLE).kind,
                     self.list.item(i).data(CHOICE_ROLE).record_id)
                == (chosen.kind, chosen.record_id)]
        first = (same or enabled or [None])[0]
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
        busy = self.making is not None
        self.description.setText(choice.description if choice else "")
        is_form = choice is not None and choice.kind == "questionnaire"
        self.copies.setVisible(is_form)
        self.copies_label.setVisible(is_form)
        self.save_button.setEnabled(choice is not None and not busy)
        self.html_button.setEnabled(choice is not None and not busy)

    # -- saving -----------------------------------------------------------------

    def choose_file(self, fmt: str = "pdf") -> None:
        """Ask where to save (a non-blocking dialog); saving starts when a file is chosen.
        ``fmt`` "html" saves the accessible HTML twin instead of the PDF."""
        choice = self.current_choice()
        if choice is None or self.making is not None:
            return
        caption, kinds = SAVE_AS[fmt]
        suggested = str(self.last_folder / choice.file_name_as(fmt))
        dialog = file_dialog(self, caption, suggested, kinds)
        dialog.setAccessibleName(caption)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(fmt)
        dialog.selectFile(suggested)
        dialog.fileSelected.connect(lambda path: self.save(Path(path), fmt))
        dialog.finished.connect(dialog.deleteLater)
        self.save_dialog = dialog
        dialog.open()

    def save(self, out: Path, fmt: str = "pdf") -> None:
        """Make the current report into ``out`` in the background (a PDF, or with ``fmt``
        "html" its accessible HTML twin)."""
        choice = self.current_choice()
        if choice is None or self.archive is None or self.making is not None:
            return
        self.last_folder = out.parent
        copies = self.copies.value()

        def work(db: ArchiveDatabase, progress: Callable[..., None]) -> Path:
            return make_report(choice.kind, db, choice.record_id, out, copies=copies,
                               progress=progress, fmt=fmt)

        self.making = choice
        self.open_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        set_role(self.status, None)
        self.status.setText(f"Making {choice.title}...")
        self._choice_changed()
        self.ops.run(f"Making {choice.title}", work, writes=False,
                     on_progress=self._on_progress, on_success=self._on_finished,
                     on_failure=self._on_failed)

    def _on_progress(self, fraction: float | None, message: str = "") -> None:
        if fraction is not None:
            self.progress.setValue(round(fraction * 100))
        self.progress.setFormat(f"%p%  {message}")

    def _on_finished(self, written: object) -> None:
        path = str(written)
        self.making = None
        self.saved_path = Path(path)
        self.progress.setValue(100)
        self.progress.setVisible(False)
        self.status.setText(f"Saved {path}")
        self.open_button.setEnabled(True)
        self._choice_changed()
        self.report_saved.emit(path)

    def _on_failed(self, failure: Failure) -> None:
        self.making = None
        self.progress.setVisible(False)
        set_role(self.status, "error")
        if failure.is_bug:
            self.status.setText("The report could not be made because of a problem in SPF "
                                "Desktop. Details:\n" + failure.message.strip().splitlines()[-1])
        else:
            self.status.setText(f"The report was not saved. {failure.message}")
        self._choice_changed()
        self.report_failed.emit(failure.message)

    def open_saved(self) -> None:
        """Open the saved report in the system's viewer (PDF) or browser (HTML)."""
        if self.saved_path is not None and self.saved_path.exists():
            if not self.opener(QUrl.fromLocalFile(str(self.saved_path))):
                viewer = "web browser" if self.saved_path.suffix.lower() == ".html" else "PDF viewer"
                self.status.setText(f"No {viewer} could open {self.saved_path}. "
                                    "Open it from your file manager.")
