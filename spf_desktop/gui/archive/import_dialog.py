"""Import responses: choose a file and a round, read it, map it (columns, scales,
comments, sides: ``import_mapping``), see the first rows as they will be stored,
then import.

Both the reading and the import run through ``Operations.run`` (a worker thread),
so the window stays responsive while a large file is read or goes in. Reading
shows the rows read so far and can be cancelled (the archive is not touched while
a file is read); the decisions live in spf_desktop.io.responses_import.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.errors import UserError
from spf_desktop.domain.questions import SIDE_LABELS
from spf_desktop.gui.archive.common import button_row, file_row, fit, say, text
from spf_desktop.gui.archive.import_jobs import ReadCancelled, import_work, read_work
from spf_desktop.gui.archive.import_mapping import MappingStep
from spf_desktop.gui.archive.models import RowsModel
from spf_desktop.gui.file_dialogs import open_file_name
from spf_desktop.gui.widgets import DateEdit, buddy, buddy_row, button, named, writes
from spf_desktop.store import repo

if TYPE_CHECKING:
    from spf_desktop.domain.response_columns import Sheet
    from spf_desktop.gui.operations import Failure, Operations
    from spf_desktop.store import Archive


class ImportResponsesDialog(QDialog):
    """Choose a file and a round, read it, map it, preview, import."""

    imported = Signal(str)  # the round id

    def __init__(self, archive: Archive, ops: Operations, parent: QWidget | None = None, *,
                 round_id: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import responses")
        self.setAccessibleName("Import responses")
        self.archive = archive
        self.ops = ops
        self.running = False  # an import of this dialog is writing
        self.reading: threading.Event | None = None  # set: the read under way is cancelled
        self.sheet: Sheet | None = None
        self.questions: list = []
        self.counts_only = False
        self._sheets_of: str | None = None  # the file the sheet list belongs to
        fit(self, 1000, 800)
        outer = QVBoxLayout(self)
        outer.addWidget(text(
            "One row per respondent, one column per question: a survey tool's export "
            "(Microsoft Forms, Google Forms, SurveyMonkey, Qualtrics, Mentimeter), any .xlsx, "
            "or a CSV; or a table of vote counts. Names, emails and times in the file are "
            "never stored.", "About importing"))
        outer.addLayout(self._target_form(round_id))
        self.read_button = button("Read the file")
        self.read_button.clicked.connect(self.read_file)
        self.cancel_read_button = button("Cancel reading")
        self.cancel_read_button.clicked.connect(self.cancel_read)
        self.cancel_read_button.setVisible(False)
        reading = button_row(self.read_button, self.cancel_read_button, stretch_first=False)
        reading.addStretch(1)
        outer.addLayout(reading)
        outer.addWidget(self._mapping_area(), 3)
        outer.addWidget(text("Preview: the first rows as they will be stored, on 0 to 10 "
                             "(empty: a skip).", "About the preview"))
        outer.addWidget(self._preview_table(), 1)
        self.progress = named(QProgressBar(), "Import progress")
        self.progress.setVisible(False)
        outer.addWidget(self.progress)
        self.message = text("", "Import message", role="error")
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message_scroll = named(QScrollArea(), "Import messages")
        self.message_scroll.setWidgetResizable(True)
        self.message_scroll.setWidget(self.message)
        self.message_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.message_scroll.setMaximumHeight(120)
        self.message_scroll.setSizePolicy(QSizePolicy.Policy.Preferred,
                                          QSizePolicy.Policy.Maximum)  # as tall as its words
        outer.addWidget(self.message_scroll)
        self.import_button = writes(button("Import responses", "Import responses now"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        self.close_button = button("Close")
        self.close_button.clicked.connect(self.close_now)
        outer.addLayout(button_row(self.import_button, self.close_button))
        self._inputs: list[QWidget] = [
            self.file_row, self.existing, self.new, self.round_box, self.forum_box,
            self.label_edit, self.date_edit, self.sheet_box, self.read_button,
            self.mapping, self.import_button, self.close_button]

        self.order_tabs()

    def order_tabs(self) -> None:
        """Tab follows the screen: the target, reading, the mapping (made later, when
        a file is read, so re-ordered then), the messages, the preview, the buttons."""
        chain: list[QWidget] = [
            self.file_edit, self.file_row.findChild(QPushButton), self.existing,
            self.round_box, self.new, self.forum_box, self.label_edit, self.date_edit,
            self.sheet_box, self.read_button, self.cancel_read_button,
            *self.mapping.focus_order(), self.message_scroll, self.preview,
            self.import_button, self.close_button]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    # -- building -----------------------------------------------------------------

    def _target_form(self, round_id: str | None) -> QFormLayout:
        """The file, and the round it goes into: an existing one or a new one."""
        form = QFormLayout()
        self.file_row, self.file_edit = file_row("Spreadsheet file", self._choose_file)
        form.addRow("File:", self.file_row)
        self.existing = named(QRadioButton("An existing round"), "Into an existing round")
        self.new = named(QRadioButton("A new round"), "Into a new round")
        group = QButtonGroup(self)
        group.addButton(self.existing)
        group.addButton(self.new)
        self.round_box = named(QComboBox(), "Round to import into")
        for rnd in repo.rounds(self.archive.db):
            self.round_box.addItem(f"{rnd['forum_name']}: {rnd['label']} ({rnd['date']}, "
                                   f"{rnd['responses']} responses)", rnd["id"])
        if round_id is not None and self.round_box.findData(round_id) >= 0:
            self.round_box.setCurrentIndex(self.round_box.findData(round_id))
        self.forum_box = named(QComboBox(), "Forum of the new round")
        for forum in repo.forums(self.archive.db):
            self.forum_box.addItem(forum["name"], forum["id"])
        self.label_edit = named(QLineEdit(), "New round label")
        self.label_edit.setPlaceholderText("e.g. Audit 2016 (Microsoft Forms)")
        self.date_edit = named(DateEdit(QDate.currentDate()), "New round date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.existing, buddy_row("Round:", self.round_box))
        form.addRow(self.new, buddy_row("Forum:", self.forum_box))
        # label and date side by side: the mapping step needs the height
        new_row = QWidget()
        row = QHBoxLayout(new_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(buddy("Label:", self.label_edit))
        row.addWidget(self.label_edit, 1)
        row.addWidget(buddy("Date:", self.date_edit))
        row.addWidget(self.date_edit)
        form.addRow("", new_row)
        # A workbook with several sheets: which one holds the responses (hidden otherwise).
        self.sheet_box = named(QComboBox(), "Sheet to import")
        self.sheet_box.currentIndexChanged.connect(self._sheet_chosen)
        form.addRow("Sheet:", self.sheet_box)
        form.setRowVisible(self.sheet_box, False)
        self._form = form
        (self.existing if self.round_box.count() else self.new).setChecked(True)
        return form

    def _mapping_area(self) -> QScrollArea:
        self.mapping = MappingStep()
        self.mapping.changed.connect(self.update_preview)
        self.mapping.changed.connect(lambda: self.order_tabs())  # side labels, codings made
        scroll = named(QScrollArea(), "Mapping step")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.mapping)
        scroll.setMinimumHeight(170)
        return scroll

    def _preview_table(self) -> QTableView:
        self.preview_model = RowsModel([])
        self.preview = named(QTableView(), "Preview of the first rows")
        self.preview.setModel(self.preview_model)
        self.preview.verticalHeader().setVisible(False)
        self.preview.verticalHeader().setDefaultSectionSize(
            self.preview.fontMetrics().height() + 8)
        self.preview.setTabKeyNavigation(False)
        self.preview.setMinimumHeight(90)
        self.preview.horizontalHeader().setAccessibleName("Preview columns")
        return self.preview

    def _choose_file(self) -> str:
        path, _ = open_file_name(
            self, "Responses file", "",
            "Spreadsheets (*.xlsx *.csv *.txt *.zip);;All files (*)")
        return path

    # -- reading the file (in a worker, with Cancel) ------------------------------------

    def _target_set(self) -> tuple[str, str]:
        """(question set id, side question) of the round the responses go into."""
        from spf_desktop.io import responses_import as ri

        db = self.archive.db
        if self.existing.isChecked():
            rnd = repo.get(db, "rounds", self.round_box.currentData())
            if rnd is None:
                raise UserError("Choose the round to import into.")
            set_id = rnd["question_set_id"]
        else:
            if self.forum_box.currentData() is None:
                raise UserError("This archive has no forum yet. Make one first: in the Audit "
                                "view, press New forum…, then come back to import its past "
                                "results.")
            set_id = ri.current_question_set(db, self.forum_box.currentData())
        return set_id, ri.side_question(db, set_id)

    def read_file(self) -> None:
        """Start reading the file; the mapping step is filled when it has been read."""
        from spf_desktop.io import responses_import as ri

        if self.reading is not None or self.running:
            return
        say(self.message, "", problem=True)
        self.import_button.setEnabled(False)
        try:
            if not self.file_edit.text().strip():
                raise UserError("Choose the file to import.")
            set_id, side_question = self._target_set()
            questions = ri.set_questions(self.archive.db, set_id)
        except UserError as exc:
            self._show_failure(str(exc))
            return
        path = Path(self.file_edit.text().strip())
        if self._sheets_of != str(path):
            self.sheet_box.blockSignals(True)
            self.sheet_box.clear()
            self.sheet_box.blockSignals(False)
        cancelled = threading.Event()
        self.reading = cancelled
        self.ops.run("Reading the file",
                     read_work(path, self.sheet_name(), questions, side_question, cancelled),
                     on_success=lambda result: self._on_read(cancelled, path, questions, result),
                     on_failure=lambda failure: self._on_read_failed(cancelled, failure),
                     on_progress=lambda rows: self._on_read_progress(cancelled, rows),
                     writes=False, database=False)
        self._set_reading(True)

    def _set_reading(self, reading: bool) -> None:
        for widget in self._inputs:
            if widget is not self.close_button:
                widget.setEnabled(not reading)
        if not reading:
            self.import_button.setEnabled(self.sheet is not None and not self.mapping.waiting())
        self.cancel_read_button.setVisible(reading)
        self.cancel_read_button.setEnabled(reading)
        self.progress.setVisible(reading)
        if reading:
            self.progress.setRange(0, 0)
            self.progress.setFormat("Reading the file…")
            say(self.message, f"Reading {Path(self.file_edit.text().strip()).name}…")
            self.cancel_read_button.setFocus()

    def _on_read_progress(self, cancelled: threading.Event, rows: int) -> None:
        if cancelled is self.reading and not cancelled.is_set():
            self.progress.setFormat(f"{rows:,} rows read")
            say(self.message, f"Reading {Path(self.file_edit.text().strip()).name}: "
                              f"{rows:,} rows read so far…")

    def cancel_read(self) -> None:
        """Stop reading: the dialog is as before the read at once; the worker stops soon."""
        if self.reading is None:
            return
        self.reading.set()
        self.reading = None
        self.sheet = None
        self.mapping.clear()
        self.preview_model.set_rows([], [], headers=[])
        self._set_reading(False)
        say(self.message, "Reading cancelled: nothing was read and nothing was imported.")
        self.read_button.setFocus()

    def _on_read(self, cancelled: threading.Event, path: Path, questions: list,
                 result: Any) -> None:
        if cancelled is not self.reading:
            return  # cancelled, or a newer read under way: this one is forgotten
        self.reading = None
        names, sheet, plan, looks, counts_only = result
        self._list_sheets(path, names, sheet.sheet_name)
        self.sheet, self.questions, self.counts_only = sheet, questions, counts_only
        self.mapping.fill(sheet, plan, questions, looks)
        self.order_tabs()
        self._set_reading(False)
        self.update_preview()

    def _on_read_failed(self, cancelled: threading.Event, failure: Failure) -> None:
        if cancelled is not self.reading:
            return
        self.reading = None
        self._set_reading(False)
        if isinstance(failure.exception, ReadCancelled):
            return
        message = failure.message
        if failure.is_bug:
            message = ("The file could not be read because of a problem in SPF Desktop. "
                       "Details:\n" + message.strip().splitlines()[-1])
        self._show_failure(message)

    def _show_failure(self, message: str) -> None:
        self.sheet = None
        self.mapping.clear()
        self.preview_model.set_rows([], [], headers=[])
        self.import_button.setEnabled(False)
        say(self.message, message, problem=True)

    def _list_sheets(self, path: Path, names: list[str], read: str | None) -> None:
        """Offer the workbook's sheets when it has more than one, showing the one read."""
        self.sheet_box.blockSignals(True)
        if self._sheets_of != str(path) or self.sheet_box.count() != len(names):
            self.sheet_box.clear()
            self.sheet_box.addItems(names)
        if read is not None and self.sheet_box.findText(read) >= 0:
            self.sheet_box.setCurrentIndex(self.sheet_box.findText(read))
        self.sheet_box.blockSignals(False)
        self._sheets_of = str(path)
        self._form.setRowVisible(self.sheet_box, len(names) > 1)

    def sheet_name(self) -> str | None:
        """The sheet chosen, or None for a CSV, a workbook of one sheet, or a new file
        (read from the sheet whose headings name the most questions)."""
        return self.sheet_box.currentText() if self.sheet_box.count() > 1 else None

    def _sheet_chosen(self) -> None:
        if self._sheets_of is not None and self._sheets_of == str(Path(self.file_edit.text().strip())):
            self.read_file()

    # -- the preview --------------------------------------------------------------------

    def update_preview(self) -> None:
        from spf_desktop.io import responses_import as ri

        if self.sheet is None:
            return
        if self.counts_only:
            self.preview_model.set_rows([], [], headers=[])
            say(self.message, "The file holds vote counts only (a row per question, a column "
                "per score): it imports as a counts-only round, with exact means, medians and "
                "distributions, and no sides or comments. The mapping does not apply.")
            self.import_button.setEnabled(True)
            return
        step = self.mapping
        scales = step.scales()
        for qid, scale in list(scales.items()):
            if scale.key == "0-10":
                del scales[qid]
        auto = {q.id: found for q in self.questions
                if (found := step.detected(q.id)[0]) is not None and q.id not in scales
                and step.scale_boxes[q.id].currentData() == "auto"}
        waiting_scale = step.unsettled()
        comments = {qid: c for qid, c in step.comment_mapping().items() if c is not None}
        columns = {qid: (None if qid in waiting_scale else c)
                   for qid, c in step.mapping().items()}
        plan = ri.ColumnPlan(columns, comments, step.side_column())
        read_with = {**auto, **scales}
        parsed = ri.parse_rows(self.sheet, plan, limit=ri.PREVIEW_ROWS, scales=read_with,
                               side_map=step.side_map())
        headers = ["Row", "Side"] + [f"Q{q.position}" for q in self.questions] + ["Comments"]

        def shown(qid: str, score: int | None) -> str:
            if qid in waiting_scale:
                return "?"
            if score is None:
                return ""
            scale = read_with.get(qid)
            if scale is None or not scale.converted:
                return str(score)
            return f"{scale.to_ten(score):.2f}".rstrip("0").rstrip(".")

        rows = [[str(r.row), SIDE_LABELS.get(r.side or "", "")]
                + [shown(q.id, r.answers[q.id].score) for q in self.questions]
                + [", ".join(f"Q{q.position}" for q in self.questions if r.answers[q.id].comment)]
                for r in parsed.responses]
        self.preview_model.set_rows(rows, [r.row for r in parsed.responses], headers=headers)
        self.preview.resizeColumnsToContents()
        missing = [q for q in self.questions if step.mapping().get(q.id) is None]
        notes = [f"{self.sheet.path.name} ({self.sheet.kind}): headings in row "
                 f"{self.sheet.header_row}, answers in rows {self.sheet.header_row + 1} to "
                 f"{self.sheet.rows[-1][0] if self.sheet.rows else self.sheet.header_row}."]
        notes += [f"{n[0].upper()}{n[1:]}." for n in self.sheet.notes]
        if missing:
            notes.append("No column chosen for question "
                         + ", ".join(str(q.position) for q in missing)
                         + ": those answers will be skips.")
        waiting = step.waiting()
        notes += waiting
        if parsed.problems:
            notes.append("Problems in the first rows (put them right in the file, or choose "
                         "another column or scale):\n" + "\n".join(parsed.problems[:5]))
        say(self.message, "\n".join(notes), problem=bool(waiting or parsed.problems))
        self.import_button.setEnabled(not waiting)

    # -- importing --------------------------------------------------------------------

    def options(self) -> dict[str, Any]:
        """What the controls say, as plain values for the worker."""
        existing = self.existing.isChecked()
        return {
            "path": Path(self.file_edit.text().strip()),
            "round_id": self.round_box.currentData() if existing else None,
            "forum_id": None if existing else self.forum_box.currentData(),
            "label": self.label_edit.text(),
            "date": self.date_edit.date().toString("yyyy-MM-dd"),
            "mapping": self.mapping.mapping(), "side_column": self.mapping.side_column(),
            "sheet_name": self.sheet.sheet_name if self.sheet is not None else None,
            "comment_mapping": self.mapping.comment_mapping(),
            "scales": self.mapping.scales(), "side_map": self.mapping.side_map(),
        }

    def do_import(self) -> None:
        """Start the import in the background; the dialog shows it is busy meanwhile."""
        if self.running or self.reading is not None:
            return
        options = self.options()
        if self.existing.isChecked() and options["round_id"] is None:
            say(self.message, "Choose the round to import into.", problem=True)
            return
        rows = len(self.sheet.rows) if self.sheet is not None else 0
        self.running = True
        self.ops.run("Importing responses", import_work(options), on_success=self._on_finished,
                     on_failure=self._on_failed, on_progress=self._on_progress)
        say(self.message, f"Importing {rows:,} row{'s' * (rows != 1)}…")
        self.progress.setRange(0, 0)  # busy until the first responses are stored
        self.progress.setFormat("")
        self.progress.setVisible(True)
        self._set_busy(True)

    def busy(self) -> bool:
        return self.running or self.reading is not None

    def _set_busy(self, busy: bool) -> None:
        for widget in self._inputs:
            widget.setEnabled(not busy)

    def _end_job(self) -> None:
        self.running = False
        self.progress.setVisible(False)
        self._set_busy(False)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done:,} of {total:,} responses stored")

    def _on_finished(self, summary: Any) -> None:
        self._end_job()
        say(self.message, summary.describe())
        self.import_button.setEnabled(False)
        self.imported.emit(summary.round_id)

    def _on_failed(self, failure: Failure) -> None:
        self._end_job()
        message = failure.message
        if failure.is_bug:
            message = ("Nothing was imported because of a problem in SPF Desktop. Details:\n"
                       + message.strip().splitlines()[-1])
        say(self.message, message, problem=True)

    def reject(self) -> None:
        """Escape: while the file is read, cancels the reading (the window stays); not
        while the import writes: it finishes (or is undone) first."""
        if self.reading is not None:
            self.cancel_read()
            return
        if not self.running:
            super().reject()

    def close_now(self) -> None:
        """The Close button: a read under way is cancelled, and the window closes."""
        if self.reading is not None:
            self.cancel_read()
        self.reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            event.ignore()
            return
        if self.reading is not None:
            self.cancel_read()
        super().closeEvent(event)
