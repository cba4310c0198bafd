"""Import responses: choose a file and a round, match columns to questions (by
hand where needed), see the first rows as they will be stored, then import.

The import itself runs through ``Operations.run`` (a worker thread with its own
connection), so the window stays responsive while a large file goes in; the
decisions live in spf_desktop.io.responses_import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QRadioButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.errors import UserError
from spf_desktop.gui.archive.common import button_row, file_row, fit, say, text
from spf_desktop.gui.archive.models import RowsModel
from spf_desktop.gui.widgets import button, label, named, writes
from spf_desktop.store import repo

if TYPE_CHECKING:
    from spf_desktop.domain.response_columns import Sheet
    from spf_desktop.gui.operations import Failure, Operations, Work
    from spf_desktop.io.responses_import import ColumnPlan
    from spf_desktop.store import Archive
    from spf_desktop.store.connection import ArchiveDatabase

NOT_IN_FILE = "(not in this file: every answer a skip)"
NO_SIDE = "(no side column)"
NO_COMMENTS = "(no comments)"


def import_work(options: Mapping[str, Any]) -> Work:
    """The import the dialog asked for, as a function of the worker's connection.

    ``options`` holds what the dialog read from its controls (plain values only:
    the worker never touches a widget)."""
    def work(db: ArchiveDatabase, progress: Callable[..., None]) -> Any:
        from spf_desktop.io import responses_import as ri

        common = dict(mapping=options["mapping"], side_column=options["side_column"],
                      sheet_name=options["sheet_name"],
                      comment_mapping=options["comment_mapping"], progress=progress)
        if options["round_id"] is not None:
            return ri.import_responses(db, options["path"], options["round_id"], **common)
        if options["forum_id"] is None:
            raise UserError("This archive has no forum yet.")
        return ri.import_new_round(db, options["path"], options["forum_id"],
                                   options["label"], options["date"], **common)

    return work


class ImportResponsesDialog(QDialog):
    """Choose a file and a round, match columns, preview, import."""

    imported = Signal(str)  # the round id

    def __init__(self, archive: Archive, ops: Operations, parent: QWidget | None = None, *,
                 round_id: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import responses")
        self.setAccessibleName("Import responses")
        self.archive = archive
        self.ops = ops
        self.running = False  # an import of this dialog is writing
        self.sheet: Sheet | None = None
        self.questions: list = []
        self.column_boxes: dict[str, QComboBox] = {}
        self.comment_boxes: dict[str, QComboBox] = {}
        self.side_box: QComboBox | None = None
        self._sheets_of: str | None = None  # the file the sheet list belongs to
        fit(self, 940, 780)
        outer = QVBoxLayout(self)
        outer.addWidget(text(
            "One row per respondent, one column per question headed by its wording: the "
            "Excel file Microsoft Forms downloads, any .xlsx, or a CSV. Names, emails and "
            "times in the file are never stored.", "About importing"))
        outer.addLayout(self._target_form(round_id))
        self.read_button = button("Read the file")
        self.read_button.clicked.connect(self.read_file)
        outer.addWidget(self.read_button, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addWidget(self._mapping_area(), 2)
        outer.addWidget(text("Preview: the first rows as they will be stored (empty: a skip).",
                             "About the preview"))
        outer.addWidget(self._preview_table(), 1)
        self.progress = named(QProgressBar(), "Import progress")
        self.progress.setVisible(False)
        outer.addWidget(self.progress)
        self.message = text("", "Import message", role="error")
        outer.addWidget(self.message)
        self.import_button = writes(button("Import responses", "Import responses now"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        self.close_button = button("Close")
        self.close_button.clicked.connect(self.reject)
        outer.addLayout(button_row(self.import_button, self.close_button))
        self._inputs: list[QWidget] = [
            self.file_row, self.existing, self.new, self.round_box, self.forum_box,
            self.label_edit, self.date_edit, self.sheet_box, self.read_button,
            self.mapping_box, self.import_button, self.close_button]

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
        self.date_edit = named(QDateEdit(QDate.currentDate()), "New round date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.existing, self.round_box)
        form.addRow(self.new, self.forum_box)
        form.addRow("Label:", self.label_edit)
        form.addRow("Date:", self.date_edit)
        # A workbook with several sheets: which one holds the responses (hidden otherwise).
        self.sheet_box = named(QComboBox(), "Sheet to import")
        self.sheet_box.currentIndexChanged.connect(self._sheet_chosen)
        form.addRow("Sheet:", self.sheet_box)
        form.setRowVisible(self.sheet_box, False)
        self._form = form
        (self.existing if self.round_box.count() else self.new).setChecked(True)
        return form

    def _mapping_area(self) -> QScrollArea:
        self.mapping_box = QGroupBox("Columns: matched by wording; change any by hand")
        self.mapping_grid = QGridLayout(self.mapping_box)
        # The box is as tall as its rows; the scroll area scrolls when they do not fit.
        self.mapping_grid.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.mapping_grid.setColumnStretch(1, 1)
        self.mapping_grid.setColumnStretch(2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.mapping_box)
        scroll.setMinimumHeight(170)
        return scroll

    def _preview_table(self) -> QTableView:
        self.preview_model = RowsModel([])
        self.preview = named(QTableView(), "Preview of the first rows")
        self.preview.setModel(self.preview_model)
        self.preview.verticalHeader().setVisible(False)
        self.preview.setTabKeyNavigation(False)
        self.preview.horizontalHeader().setAccessibleName("Preview columns")
        return self.preview

    def _choose_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, "Responses file", "", "Spreadsheets (*.xlsx *.csv *.txt);;All files (*)")
        return path

    # -- reading the file -----------------------------------------------------------

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
                raise UserError("This archive has no forum yet.")
            set_id = ri.current_question_set(db, self.forum_box.currentData())
        return set_id, ri._side_question(db, set_id)

    def read_file(self) -> None:
        from spf_desktop.io import responses_import as ri

        say(self.message, "", problem=True)
        self.import_button.setEnabled(False)
        try:
            if not self.file_edit.text().strip():
                raise UserError("Choose the file to import.")
            set_id, side_question = self._target_set()
            self.questions = ri._set_questions(self.archive.db, set_id)
            path = Path(self.file_edit.text().strip())
            self._list_sheets(path)
            self.sheet = ri.find_header(ri.read_sheet(path, sheet=self.sheet_name()),
                                        self.questions)
            plan = ri.plan_columns(self.sheet, self.questions, side_question=side_question,
                                   require_all=False)
        except UserError as exc:
            self.sheet = None
            say(self.message, str(exc), problem=True)
            self._fill_mapping(None)
            return
        self._fill_mapping(plan)
        self.update_preview()

    def _list_sheets(self, path: Path) -> None:
        """Offer the workbook's sheets when it has more than one (a new file starts
        from its first sheet)."""
        from spf_desktop.io import responses_import as ri

        if self._sheets_of == str(path):
            return
        names = ri.sheet_names(path)
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItems(names)
        self.sheet_box.blockSignals(False)
        self._sheets_of = str(path)
        self._form.setRowVisible(self.sheet_box, len(names) > 1)

    def sheet_name(self) -> str | None:
        """The sheet chosen, or None for a CSV or a workbook of one sheet."""
        return self.sheet_box.currentText() if self.sheet_box.count() > 1 else None

    def _sheet_chosen(self) -> None:
        if self._sheets_of is not None and self._sheets_of == str(Path(self.file_edit.text().strip())):
            self.read_file()

    # -- the mapping ------------------------------------------------------------------

    def _clear_mapping(self) -> None:
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # gone now: a re-read shows one set of rows
                widget.deleteLater()
        self.column_boxes = {}
        self.comment_boxes = {}
        self.side_box = None

    def _column_box(self, name: str, none_text: str, col: int | None) -> QComboBox:
        """A choice of the sheet's columns (or none), kept to a readable width."""
        from spf_desktop.io.responses_import import column_letter

        assert self.sheet is not None
        box = named(QComboBox(), name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(18)
        box.addItem(none_text, None)
        for c, heading in enumerate(self.sheet.headers):
            choice = f"{column_letter(c)}: {heading or '(no heading)'}"
            box.addItem(choice, c)
            box.setItemData(c + 1, choice, Qt.ItemDataRole.ToolTipRole)
        box.setCurrentIndex(0 if col is None else col + 1)
        box.currentIndexChanged.connect(self.update_preview)
        return box

    def _fill_mapping(self, plan: ColumnPlan | None) -> None:
        self._clear_mapping()
        if plan is None or self.sheet is None:
            return
        for column, heading in ((1, "Answers (scores) in column"), (2, "Comments in column")):
            self.mapping_grid.addWidget(label(heading, heading, role="muted"), 0, column)
        for row, q in enumerate(self.questions, start=1):
            name = QLabel(f"{q.position}. {q.text}")
            name.setWordWrap(True)
            name.setMinimumWidth(300)
            box = self._column_box(f"Column for question {q.position}", NOT_IN_FILE,
                                   plan.questions.get(q.id))
            comments = self._column_box(f"Comment column for question {q.position}",
                                        NO_COMMENTS, plan.comments.get(q.id))
            self.mapping_grid.addWidget(name, row, 0)
            self.mapping_grid.addWidget(box, row, 1)
            self.mapping_grid.addWidget(comments, row, 2)
            self.column_boxes[q.id] = box
            self.comment_boxes[q.id] = comments
        last = len(self.questions) + 1
        self.side_box = self._column_box("Side column", NO_SIDE, plan.side)
        self.mapping_grid.addWidget(QLabel("Side of the partnership (optional)"), last, 0)
        self.mapping_grid.addWidget(self.side_box, last, 1)

    def mapping(self) -> dict[str, int | None]:
        return {qid: box.currentData() for qid, box in self.column_boxes.items()}

    def comment_mapping(self) -> dict[str, int | None]:
        """Question id -> the column of its comments (None: no comments)."""
        return {qid: box.currentData() for qid, box in self.comment_boxes.items()}

    def side_column(self) -> int | None:
        return self.side_box.currentData() if self.side_box is not None else None

    def update_preview(self) -> None:
        from spf_desktop.domain.questions import SIDE_LABELS
        from spf_desktop.io import responses_import as ri

        if self.sheet is None:
            return
        comments = {qid: c for qid, c in self.comment_mapping().items() if c is not None}
        plan = ri.ColumnPlan(self.mapping(), comments, self.side_column())
        parsed = ri.parse_rows(self.sheet, plan, limit=ri.PREVIEW_ROWS)
        headers = ["Row", "Side"] + [f"Q{q.position}" for q in self.questions] + ["Comments"]
        rows = [[str(r.row), SIDE_LABELS.get(r.side or "", "")]
                + ["" if r.answers[q.id].score is None else str(r.answers[q.id].score)
                   for q in self.questions]
                + [", ".join(f"Q{q.position}" for q in self.questions if r.answers[q.id].comment)]
                for r in parsed.responses]
        self.preview_model.set_rows(rows, [r.row for r in parsed.responses], headers=headers)
        self.preview.resizeColumnsToContents()
        missing = [q for q in self.questions if self.mapping().get(q.id) is None]
        notes = []
        if missing:
            notes.append("No column chosen for question "
                         + ", ".join(str(q.position) for q in missing)
                         + ": those answers will be skips.")
        if parsed.problems:
            notes.append("Problems in the first rows:\n" + "\n".join(parsed.problems[:5]))
        say(self.message, "\n".join(notes), problem=True)
        self.import_button.setEnabled(True)

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
            "mapping": self.mapping(), "side_column": self.side_column(),
            "sheet_name": self.sheet_name(), "comment_mapping": self.comment_mapping(),
        }

    def do_import(self) -> None:
        """Start the import in the background; the dialog shows it is busy meanwhile."""
        if self.running:
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
        self.progress.setVisible(True)
        self._set_busy(True)

    def busy(self) -> bool:
        return self.running

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
        """Not while the import writes: it finishes (or is undone) first."""
        if not self.running:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            event.ignore()
            return
        super().closeEvent(event)
