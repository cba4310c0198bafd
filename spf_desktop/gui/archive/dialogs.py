"""The Archive view's dialogs: import responses (with a mapping step and a preview),
export, backups and restore, and retention. Each is opened with ``open()``;
the decisions live in spf_desktop.io and spf_desktop.store. Importing responses
writes in a worker thread (spf_desktop.gui.archive.import_job), so the window
stays responsive while a large file goes in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QThreadPool, Signal
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
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.errors import UserError
from spf_desktop.gui.archive.models import RowsModel
from spf_desktop.store import Archive, repo

NOT_IN_FILE = "(not in this file: every answer a skip)"
NO_SIDE = "(no side column)"
NO_COMMENTS = "(no comments)"


def _label(text: str = "", name: str = "", *, problem: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    if name:
        label.setAccessibleName(name)
    if problem:
        label.setStyleSheet("color: #8a1538;")
    return label


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    return button


def _file_row(name: str, choose: Callable[[], str]) -> tuple[QWidget, QLineEdit]:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    edit = QLineEdit()
    edit.setAccessibleName(name)
    browse = _button("Choose…", f"Choose {name.lower()}")
    browse.clicked.connect(lambda: (path := choose()) and edit.setText(path))
    layout.addWidget(edit, 1)
    layout.addWidget(browse)
    return row, edit


def _fit(dialog: QDialog, width: int, height: int) -> None:
    """Open at the size wanted, but never taller or wider than the screen (a 768-line
    laptop or projector would otherwise hide the dialog's buttons below its edge)."""
    screen = (dialog.parentWidget() or dialog).screen()
    room = screen.availableGeometry() if screen is not None else None
    if room is not None:
        width, height = min(width, room.width() - 40), min(height, room.height() - 60)
    dialog.resize(width, height)


# -- import responses ----------------------------------------------------------------

class ImportResponsesDialog(QDialog):
    """Choose a file and a round, match columns to questions (by hand where needed),
    see the first rows as they will be stored, then import."""

    imported = Signal(str)  # the round id
    busy_changed = Signal(bool)  # True while the import writes: nothing else may write

    def __init__(self, archive: Archive, parent: QWidget | None = None, *,
                 round_id: str | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import responses")
        self.setAccessibleName("Import responses")
        self.archive = archive
        self.pool = pool or QThreadPool(self)
        self.job = None  # the running ImportJob, kept until its signals are delivered
        self._done_job = None
        self.sheet = None
        self.questions: list = []
        _fit(self, 940, 780)
        outer = QVBoxLayout(self)
        outer.addWidget(_label(
            "One row per respondent, one column per question headed by its wording: the "
            "Excel file Microsoft Forms downloads, any .xlsx, or a CSV. Names, emails and "
            "times in the file are never stored."))
        form = QFormLayout()
        file_row, self.file_edit = _file_row("Spreadsheet file", self._choose_file)
        form.addRow("File:", file_row)
        self.existing = QRadioButton("An existing round")
        self.existing.setAccessibleName("Into an existing round")
        self.new = QRadioButton("A new round")
        self.new.setAccessibleName("Into a new round")
        group = QButtonGroup(self)
        group.addButton(self.existing)
        group.addButton(self.new)
        self.round_box = QComboBox()
        self.round_box.setAccessibleName("Round to import into")
        for rnd in repo.rounds(archive.db):
            self.round_box.addItem(f"{rnd['forum_name']}: {rnd['label']} ({rnd['date']}, "
                                   f"{rnd['responses']} responses)", rnd["id"])
        if round_id is not None and self.round_box.findData(round_id) >= 0:
            self.round_box.setCurrentIndex(self.round_box.findData(round_id))
        self.forum_box = QComboBox()
        self.forum_box.setAccessibleName("Forum of the new round")
        for forum in repo.forums(archive.db):
            self.forum_box.addItem(forum["name"], forum["id"])
        self.label_edit = QLineEdit()
        self.label_edit.setAccessibleName("New round label")
        self.label_edit.setPlaceholderText("e.g. Audit 2016 (Microsoft Forms)")
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setAccessibleName("New round date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.existing, self.round_box)
        form.addRow(self.new, self.forum_box)
        form.addRow("Label:", self.label_edit)
        form.addRow("Date:", self.date_edit)
        # A workbook with several sheets: which one holds the responses (hidden otherwise).
        self.sheet_box = QComboBox()
        self.sheet_box.setAccessibleName("Sheet to import")
        self.sheet_box.currentIndexChanged.connect(self._sheet_chosen)
        form.addRow("Sheet:", self.sheet_box)
        form.setRowVisible(self.sheet_box, False)
        self._form = form
        self._sheets_of: str | None = None  # the file the sheet list belongs to
        (self.existing if self.round_box.count() else self.new).setChecked(True)
        outer.addLayout(form)
        self.read_button = _button("Read the file", "Read the file")
        self.read_button.clicked.connect(self.read_file)
        outer.addWidget(self.read_button, 0, Qt.AlignmentFlag.AlignLeft)

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
        outer.addWidget(scroll, 2)
        self.column_boxes: dict[str, QComboBox] = {}
        self.side_box: QComboBox | None = None
        self.preview_model = RowsModel([])
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.preview.setAccessibleName("Preview of the first rows")
        self.preview.verticalHeader().setVisible(False)
        self.preview.setTabKeyNavigation(False)
        self.preview.horizontalHeader().setAccessibleName("Preview columns")
        outer.addWidget(_label("Preview: the first rows as they will be stored "
                               "(empty: a skip)."))
        outer.addWidget(self.preview, 1)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.progress.setVisible(False)
        outer.addWidget(self.progress)
        self.message = _label("", "Import message", problem=True)
        outer.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = _button("Import responses", "Import responses now")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        close = _button("Close", "Close")
        close.clicked.connect(self.reject)
        self.close_button = close
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        outer.addLayout(buttons)
        self._inputs = [file_row, self.existing, self.new, self.round_box, self.forum_box,
                        self.label_edit, self.date_edit, self.sheet_box, self.read_button,
                        self.mapping_box, self.import_button, close]

    def _choose_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, "Responses file", "", "Spreadsheets (*.xlsx *.csv *.txt);;All files (*)")
        return path

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

        self.message.setText("")
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
            self.message.setText(str(exc))
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

    def _fill_mapping(self, plan) -> None:  # noqa: ANN001
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)  # gone now: a re-read shows one set of rows
                widget.deleteLater()
        self.column_boxes = {}
        self.comment_boxes: dict[str, QComboBox] = {}
        self.side_box = None
        if plan is None or self.sheet is None:
            return
        from spf_desktop.io.responses_import import column_letter

        choices = [f"{column_letter(c)}: {h or '(no heading)'}" for c, h in enumerate(self.sheet.headers)]

        def column_box(name: str, none_text: str, col: int | None) -> QComboBox:
            box = QComboBox()
            box.setAccessibleName(name)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(18)
            box.addItem(none_text, None)
            for c, text in enumerate(choices):
                box.addItem(text, c)
                box.setItemData(c + 1, text, Qt.ItemDataRole.ToolTipRole)
            box.setCurrentIndex(0 if col is None else col + 1)
            box.currentIndexChanged.connect(self.update_preview)
            return box

        for column, heading in ((1, "Answers (scores) in column"), (2, "Comments in column")):
            label = QLabel(heading)
            label.setStyleSheet("color: #425563;")
            self.mapping_grid.addWidget(label, 0, column)
        for row, q in enumerate(self.questions, start=1):
            name = QLabel(f"{q.position}. {q.text}")
            name.setWordWrap(True)
            name.setMinimumWidth(300)
            box = column_box(f"Column for question {q.position}", NOT_IN_FILE,
                             plan.questions.get(q.id))
            comments = column_box(f"Comment column for question {q.position}", NO_COMMENTS,
                                  plan.comments.get(q.id))
            self.mapping_grid.addWidget(name, row, 0)
            self.mapping_grid.addWidget(box, row, 1)
            self.mapping_grid.addWidget(comments, row, 2)
            self.column_boxes[q.id] = box
            self.comment_boxes[q.id] = comments
        side = column_box("Side column", NO_SIDE, plan.side)
        self.mapping_grid.addWidget(QLabel("Side of the partnership (optional)"), len(self.questions) + 1, 0)
        self.mapping_grid.addWidget(side, len(self.questions) + 1, 1)
        self.side_box = side

    def mapping(self) -> dict[str, int | None]:
        return {qid: box.currentData() for qid, box in self.column_boxes.items()}

    def comment_mapping(self) -> dict[str, int | None]:
        """Question id -> the column of its comments (None: no comments)."""
        return {qid: box.currentData() for qid, box in getattr(self, "comment_boxes", {}).items()}

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
        self.message.setText("\n".join(notes))
        self.import_button.setEnabled(True)

    def do_import(self) -> None:
        """Start the import in the background; the dialog shows it is busy meanwhile."""
        from spf_desktop.gui.archive.import_job import ImportJob, import_work

        if self.job is not None:
            return
        existing = self.existing.isChecked()
        options = {
            "path": Path(self.file_edit.text().strip()),
            "round_id": self.round_box.currentData() if existing else None,
            "forum_id": None if existing else self.forum_box.currentData(),
            "label": self.label_edit.text(),
            "date": self.date_edit.date().toString("yyyy-MM-dd"),
            "mapping": self.mapping(), "side_column": self.side_column(),
            "sheet_name": self.sheet_name(), "comment_mapping": self.comment_mapping(),
        }
        if existing and options["round_id"] is None:
            self.message.setText("Choose the round to import into.")
            return
        job = ImportJob(self.archive.path, import_work(options))
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        self.job = job
        rows = len(self.sheet.rows) if self.sheet is not None else 0
        self.message.setStyleSheet("color: #1d1d1b;")
        self.message.setText(f"Importing {rows:,} row{'s' * (rows != 1)}…")
        self.progress.setRange(0, 0)  # busy until the first responses are stored
        self.progress.setVisible(True)
        self._set_busy(True)
        self.pool.start(job)

    def busy(self) -> bool:
        return self.job is not None

    def _set_busy(self, busy: bool) -> None:
        for widget in self._inputs:
            widget.setEnabled(not busy)
        self.busy_changed.emit(busy)

    def _end_job(self) -> None:
        self._done_job, self.job = self.job, None
        self.progress.setVisible(False)
        self._set_busy(False)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done:,} of {total:,} responses stored")

    def _on_finished(self, summary: object) -> None:
        self._end_job()
        self.message.setStyleSheet("color: #1d1d1b;")
        self.message.setText(summary.describe())  # type: ignore[attr-defined]
        self.import_button.setEnabled(False)
        self.imported.emit(summary.round_id)  # type: ignore[attr-defined]

    def _on_failed(self, message: str, bug: bool) -> None:
        self._end_job()
        self.message.setStyleSheet("color: #8a1538;")
        if bug:
            message = ("Nothing was imported because of a problem in SPF Desktop. Details:\n"
                       + message.strip().splitlines()[-1])
        self.message.setText(message)

    def reject(self) -> None:
        """Not while the import writes: it finishes (or is undone) first."""
        if self.job is None:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.job is not None:
            event.ignore()
            return
        super().closeEvent(event)


# -- export ------------------------------------------------------------------------------

EXPORTS = (
    ("merge-round", "Merge file of an audit round (for another laptop)", "rounds", ".spfmerge"),
    ("merge-meeting", "Merge file of a meeting", "meetings", ".spfmerge"),
    ("merge-forum", "Merge file of a whole forum", "forums", ".spfmerge"),
    ("answers", "CSV for Excel: a round's answers (anonymous, shuffled)", "rounds", ".csv"),
    ("results", "CSV for Excel: a round's results per question", "rounds", ".csv"),
)

#: what each export is for, shown under the choice
EXPORT_NOTES = {
    "merge-round": "Take the responses collected on this laptop to the laptop that keeps the "
                   "archive; import it there with Import merge file. Nothing is counted twice.",
    "merge-meeting": "Copy a meeting, its agenda and what it decided to another laptop.",
    "merge-forum": "Copy everything of one forum (rounds, responses, meetings) to another laptop.",
    "answers": "Every answer of the round, one row per response, shuffled, with no names or "
               "times. Refused while the round is below its minimum group size.",
    "results": "Per question: answered, skipped, mean, median, how many gave each score, and "
               "the change since the previous round.",
}


class ExportDialog(QDialog):
    exported = Signal(str)

    def __init__(self, archive: Archive, parent: QWidget | None = None, *,
                 selected: tuple[str, str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setAccessibleName("Export")
        self.archive = archive
        self.resize(640, 260)
        form = QFormLayout(self)
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName("What to export")
        for key, text, _table, _suffix in EXPORTS:
            self.kind_box.addItem(text, key)
        self.record_box = QComboBox()
        self.record_box.setAccessibleName("Record to export")
        file_row, self.file_edit = _file_row("Export file", self._choose_file)
        self.message = _label("", "Export message")
        self.about_kind = _label("", "About this export")
        self.about_kind.setStyleSheet("color: #425563;")
        self.export_button = _button("Export", "Export now")
        self.export_button.clicked.connect(self.do_export)
        close = _button("Close", "Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        form.addRow("Export:", self.kind_box)
        form.addRow("", self.about_kind)
        form.addRow("Of:", self.record_box)
        form.addRow("To:", file_row)
        form.addRow(self.message)
        form.addRow(buttons)
        self.kind_box.currentIndexChanged.connect(self._fill_records)
        if selected:
            kind = {"round": "merge-round", "meeting": "merge-meeting", "forum": "merge-forum"}.get(
                selected[0])
            if kind:
                self.kind_box.setCurrentIndex(self.kind_box.findData(kind))
        self._fill_records()
        if selected and self.record_box.findData(selected[1]) >= 0:
            self.record_box.setCurrentIndex(self.record_box.findData(selected[1]))

    def _spec(self) -> tuple[str, str, str, str]:
        return EXPORTS[self.kind_box.currentIndex()]

    def _fill_records(self) -> None:
        key, _text, table, _suffix = self._spec()
        self.about_kind.setText(EXPORT_NOTES[key])
        self.record_box.clear()
        db = self.archive.db
        if table == "rounds":
            for r in repo.rounds(db):
                self.record_box.addItem(f"{r['forum_name']}: {r['label']} ({r['date']})", r["id"])
        elif table == "meetings":
            for m in repo.meetings(db):
                self.record_box.addItem(f"{m['title']} ({m['date'] or 'no date'})", m["id"])
        else:
            for f in repo.forums(db):
                self.record_box.addItem(f["name"], f["id"])

    def _choose_file(self) -> str:
        suffix = self._spec()[3]
        kinds = "Merge files (*.spfmerge)" if suffix == ".spfmerge" else "CSV files (*.csv)"
        path, _ = QFileDialog.getSaveFileName(self, "Export to", "", kinds)
        return path

    def do_export(self) -> None:
        from spf_desktop.io import csv_export, merge

        key, _text, _table, suffix = self._spec()
        record = self.record_box.currentData()
        target = Path(self.file_edit.text().strip()) if self.file_edit.text().strip() else None
        try:
            if record is None:
                raise UserError("There is nothing of that kind in this archive to export.")
            if target is None:
                raise UserError("Choose the file to export to.")
            if target.suffix.lower() != suffix:
                target = target.with_name(target.name + suffix)
            note = ""
            if key.startswith("merge-"):
                written = merge.export(self.archive.db, key.split("-")[1], record, target)
            elif key == "answers":
                written, note = csv_export.export_answers(self.archive.db, record, target)
            else:
                written = csv_export.export_results(self.archive.db, record, target)
        except UserError as exc:
            self.message.setStyleSheet("color: #8a1538;")
            self.message.setText(str(exc))
            return
        self.message.setStyleSheet("color: #1d1d1b;")
        self.message.setText(f"Written to {written}." + (f"\n{note}" if note else ""))
        self.exported.emit(str(written))


# -- backups and restore ---------------------------------------------------------------------

class BackupsDialog(QDialog):
    """The automatic backups with their dates; restoring asks the window to do it."""

    restore_requested = Signal(str)

    def __init__(self, archive_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from spf_desktop.store.restore import backup_info

        self.setWindowTitle("Backups and restore")
        self.setAccessibleName("Backups and restore")
        self.archive_path = archive_path
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(_label(
            f"Automatic backups of {archive_path.name}, newest first. Restoring puts the "
            "backup in place of the archive; the archive as it is now is kept as a copy in "
            "the backup folder first, so a restore can be undone."))
        self.list = QListWidget()
        self.list.setAccessibleName("Automatic backups")
        for info in backup_info(archive_path):
            item = QListWidgetItem(info.describe())
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.list.addItem("(no automatic backups yet)")
        layout.addWidget(self.list, 1)
        self.confirm = _label("", "Restore confirmation")
        layout.addWidget(self.confirm)
        row = QHBoxLayout()
        self.restore_button = _button("Restore the selected backup…", "Restore the selected backup")
        self.restore_button.clicked.connect(self.ask)
        self.restore_button.setEnabled(bool(backup_info(archive_path)))
        other = _button("Restore from another file…", "Restore from another file")
        other.clicked.connect(self._choose_other)
        self.yes_button = _button("Yes, restore it", "Yes, restore it")
        self.yes_button.setAutoDefault(False)
        self.yes_button.setVisible(False)
        self.yes_button.clicked.connect(self._confirmed)
        close = _button("Close", "Close")
        close.clicked.connect(self.reject)
        for b in (self.restore_button, other):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.yes_button)
        row.addWidget(close)
        layout.addLayout(row)
        self._chosen: str | None = None

    def ask(self, path: str | None = None) -> None:
        item = self.list.currentItem()
        chosen = path or (item.data(Qt.ItemDataRole.UserRole) if item else None)
        if not chosen:
            return
        self._chosen = chosen
        self.confirm.setText(
            f"Restore {Path(chosen).name}? Everything changed in {self.archive_path.name} since "
            "that backup will be replaced; the current file is first copied to the backup "
            "folder as \"...-before-restore.db\".")
        self.yes_button.setVisible(True)

    def _choose_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Restore from", str(self.archive_path.parent),
                                              "SPF archives (*.db)")
        if path:
            self.ask(path)

    def _confirmed(self) -> None:
        if self._chosen:
            self.restore_requested.emit(self._chosen)
            self.accept()


# -- retention --------------------------------------------------------------------------------

class PurgeDialog(QDialog):
    """Retention: shows exactly what will go for the years chosen, then purges on request."""

    purged = Signal(int)

    def __init__(self, archive: Archive, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.setWindowTitle("Purge old responses")
        self.setAccessibleName("Purge old responses")
        self.archive = archive
        self.today = today
        self.resize(640, 460)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("Keep the individual answers of the last"))
        self.years = QSpinBox()
        self.years.setRange(1, 100)
        self.years.setValue(7)
        self.years.setSuffix(" years")
        self.years.setAccessibleName("Years of responses to keep")
        row.addWidget(self.years)
        row.addStretch(1)
        layout.addLayout(row)
        self.plan_label = _label("", "What will go")
        self.plan_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.plan_label)
        layout.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.purge_button = _button("Purge", "Purge now")
        self.purge_button.setAutoDefault(False)  # Enter never purges: only a deliberate click
        self.purge_button.clicked.connect(self.do_purge)
        close = _button("Close", "Close")
        close.setDefault(True)
        close.clicked.connect(self.reject)
        buttons.addWidget(self.purge_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.years.valueChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        from spf_desktop.store import retention

        self.plan = retention.plan_purge(self.archive.db, self.years.value(), self.today())
        self.plan_label.setText(self.plan.describe())
        n = len(self.plan.items)
        self.purge_button.setEnabled(n > 0 and not self.archive.read_only)
        self.purge_button.setText(f"Permanently purge {n} round{'s' * (n != 1)}" if n else "Purge")

    def do_purge(self) -> None:
        from spf_desktop.store import retention

        try:
            deleted = retention.purge(self.archive.db, self.plan, self.today())
        except UserError as exc:
            self.plan_label.setText(str(exc))
            return
        self.refresh()
        self.plan_label.setText(f"Purged {deleted:,} responses. Their rounds keep every figure "
                                f"for trends and reports. {deleted.backups_message}\n\n"
                                + self.plan_label.text())
        self.purged.emit(deleted)
