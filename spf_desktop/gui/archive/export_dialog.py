"""Export: a merge file (a round, a meeting or a whole forum, for another laptop)
or a CSV for Excel. Exporting reads the archive and writes only the file chosen,
so it runs through ``Operations.run`` without counting as a write: the window
stays responsive and other work goes on meanwhile."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QProgressBar, QWidget

from spf_desktop.gui.archive.common import button_row, file_row, say, text
from spf_desktop.gui.file_dialogs import save_file_name
from spf_desktop.gui.widgets import button, named
from spf_desktop.store import repo

if TYPE_CHECKING:
    from spf_desktop.gui.operations import Failure, Operations, Work
    from spf_desktop.store import Archive
    from spf_desktop.store.connection import ArchiveDatabase

EXPORTS = (
    ("merge-round", "Merge file of an audit round (for another laptop)", "rounds", ".spfmerge"),
    ("merge-meeting", "Merge file of a meeting", "meetings", ".spfmerge"),
    ("merge-forum", "Merge file of a whole forum", "forums", ".spfmerge"),
    ("benchmark", "Benchmark file of a forum (aggregates only, for other forums)", "forums",
     ".spfbench"),
    ("answers", "CSV for Excel: a round's answers (anonymous, shuffled)", "rounds", ".csv"),
    ("results", "CSV for Excel: a round's results per question", "rounds", ".csv"),
)

#: what each export is for, shown under the choice
EXPORT_NOTES = {
    "merge-round": "Take the responses collected on this laptop to the laptop that keeps the "
                   "archive; import it there with Import merge file. Nothing is counted twice.",
    "merge-meeting": "Copy a meeting, its agenda and what it decided to another laptop.",
    "merge-forum": "Copy everything of one forum (rounds, responses, meetings) to another laptop.",
    "benchmark": "For other forums and a regional view to compare with: per closed round and "
                 "question, counts, skips and how many gave each score; sides only where the "
                 "results show them. No response, comment or time. What it will hold:",
    "answers": "Every answer of the round, one row per response, shuffled, with no names or "
               "times. Refused while the round is below its minimum group size.",
    "results": "Per question: answered, skipped, mean, median, how many gave each score, and "
               "the change since the previous round.",
}


def export_work(key: str, record: str, target: Path) -> Work:
    """The export asked for, as a function of the worker's connection (read-only but
    for a benchmark file, which records what it shares).
    Returns (the file written, a note for the user)."""
    def work(db: ArchiveDatabase, _progress: object) -> tuple[Path, str]:
        from spf_desktop.io import csv_export, merge

        if key.startswith("merge-"):
            return merge.export(db, key.split("-")[1], record, target), ""
        if key == "benchmark":
            from spf_desktop.io import benchmark_file

            return benchmark_file.export(db, record, target), ""  # records what it shares
        if key == "answers":
            return csv_export.export_answers(db, record, target)
        return csv_export.export_results(db, record, target), ""

    return work


class ExportDialog(QDialog):
    """Choose what to export and where; the file is written in the background."""

    exported = Signal(str)

    def __init__(self, archive: Archive, ops: Operations, parent: QWidget | None = None, *,
                 selected: tuple[str, str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setAccessibleName("Export")
        self.archive = archive
        self.ops = ops
        self.running = False
        self.resize(640, 280)
        form = QFormLayout(self)
        self.kind_box = named(QComboBox(), "What to export")
        for key, words, _table, _suffix in EXPORTS:
            self.kind_box.addItem(words, key)
        self.record_box = named(QComboBox(), "Record to export")
        file_widget, self.file_edit = file_row("Export file", self._choose_file)
        self.message = text("", "Export message", role="ok")
        self.about_kind = text("", "About this export", role="muted")
        self.preview = text("", "What the file will hold", role="muted")
        self.progress = named(QProgressBar(), "Export progress")
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.export_button = button("Export", "Export now")
        self.export_button.clicked.connect(self.do_export)
        close = button("Close")
        close.clicked.connect(self.reject)
        form.addRow("Export:", self.kind_box)
        form.addRow("", self.about_kind)
        form.addRow("", self.preview)
        form.addRow("Of:", self.record_box)
        form.addRow("To:", file_widget)
        form.addRow(self.progress)
        form.addRow(self.message)
        form.addRow(button_row(self.export_button, close))
        self.kind_box.currentIndexChanged.connect(self._fill_records)
        self.record_box.currentIndexChanged.connect(self._show_preview)
        self._select(selected)

    def _select(self, selected: tuple[str, str] | None) -> None:
        """Start from the record selected in the Archive view, when it can be exported."""
        kinds = {"round": "merge-round", "meeting": "merge-meeting", "forum": "merge-forum"}
        if selected and selected[0] in kinds:
            self.kind_box.setCurrentIndex(self.kind_box.findData(kinds[selected[0]]))
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
        self._show_preview()

    def _show_preview(self) -> None:
        """For a benchmark file: exactly what it will hold, before it is saved."""
        record = self.record_box.currentData()
        if self._spec()[0] != "benchmark" or record is None:
            self.preview.setText("")
            self.preview.setVisible(False)
            return
        from spf_desktop.domain.errors import UserError
        from spf_desktop.io import benchmark_file

        try:
            content = benchmark_file.build_content(self.archive.db, record)
            self.preview.setText(benchmark_file.describe(content))
        except UserError as exc:
            self.preview.setText(str(exc))
        self.preview.setVisible(True)

    def _choose_file(self) -> str:
        suffix = self._spec()[3]
        kinds = {".spfmerge": "Merge files (*.spfmerge)",
                 ".spfbench": "Benchmark files (*.spfbench)"}.get(suffix, "CSV files (*.csv)")
        path, _ = save_file_name(self, "Export to", "", kinds)
        return path

    def do_export(self) -> None:
        if self.running:
            return
        key, _text, _table, suffix = self._spec()
        record = self.record_box.currentData()
        target = Path(self.file_edit.text().strip()) if self.file_edit.text().strip() else None
        if record is None:
            say(self.message, "There is nothing of that kind in this archive to export.",
                problem=True)
            return
        if target is None:
            say(self.message, "Choose the file to export to.", problem=True)
            return
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        self.running = True
        self.export_button.setEnabled(False)
        self.progress.setVisible(True)
        say(self.message, f"Writing {target.name}…")
        # A benchmark file records, in the archive, the figures it shares.
        self.ops.run("Exporting", export_work(key, record, target),
                     writes=key == "benchmark",
                     on_success=self._on_written, on_failure=self._on_failed)

    def _done(self) -> None:
        self.running = False
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)

    def _on_written(self, result: tuple[Path, str]) -> None:
        self._done()
        written, note = result
        say(self.message, f"Written to {written}." + (f"\n{note}" if note else ""))
        self.exported.emit(str(written))

    def _on_failed(self, failure: Failure) -> None:
        self._done()
        if failure.is_bug:
            say(self.message, "Nothing was exported because of a problem in SPF Desktop. "
                "Details:\n" + failure.message.strip().splitlines()[-1], problem=True)
        else:
            say(self.message, failure.message, problem=True)
