"""Other forums' benchmark files in this archive: import, list with dates, remove.

Importing and removing write the archive, so each runs through ``Operations.run``;
a refused file says why and changes nothing (``io.benchmark_library``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.gui.archive.common import button_row, say, text
from spf_desktop.gui.file_dialogs import open_file_names
from spf_desktop.gui.widgets import button, named, writes
from spf_desktop.store import peers

if TYPE_CHECKING:
    from spf_desktop.gui.operations import Failure, Operations
    from spf_desktop.store import Archive
    from spf_desktop.store.connection import ArchiveDatabase


class BenchmarksDialog(QDialog):
    """The library of other forums' benchmark files."""

    def __init__(self, archive: Archive, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Benchmark files of other forums")
        self.setAccessibleName("Benchmark files")
        self.archive = archive
        self.ops = ops
        self.resize(640, 360)
        layout = QVBoxLayout(self)
        layout.addWidget(text("Other forums' benchmark files hold aggregates only. The audit "
                              "and trend reports show where a round stands among them.",
                              "About benchmark files", role="muted"))
        self.sources = named(QListWidget(), "Benchmark sources")
        layout.addWidget(self.sources)
        self.message = text("", "Benchmark message", role="ok")
        layout.addWidget(self.message)
        self.import_button = writes(button("Import…", "Import benchmark files"))
        self.import_button.clicked.connect(self._choose_files)
        self.remove_button = writes(button("Remove", "Remove the selected source"))
        self.remove_button.clicked.connect(self.remove_selected)
        close = button("Close")
        close.clicked.connect(self.reject)
        layout.addLayout(button_row(self.import_button, self.remove_button, close))
        self.refresh()

    def refresh(self) -> None:
        self.sources.clear()
        for s in peers.sources(self.archive.db):
            item = QListWidgetItem(f"{s['name']}: {s['rounds']} rounds ({s['first_round']} to "
                                   f"{s['last_round']}), exported {s['exported_on']}, imported "
                                   f"{s['imported_on']}")
            item.setData(Qt.ItemDataRole.UserRole, s["id"])
            self.sources.addItem(item)
        if not self.sources.count():
            self.sources.addItem("No benchmark files yet: import the files other forums sent.")

    def _choose_files(self) -> None:
        paths, _ = open_file_names(self, "Import benchmark files", "",
                                                "Benchmark files (*.spfbench)")
        if paths:
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path]) -> None:
        def work(db: ArchiveDatabase, _progress: object) -> str:
            from spf_desktop.io.benchmark_library import import_file

            return "\n".join(import_file(db, p).describe() for p in paths)

        say(self.message, "Importing…")
        self.ops.run("Importing benchmark files", work, on_success=self._on_done,
                     on_failure=self._on_failed)

    def remove_selected(self) -> None:
        item = self.sources.currentItem()
        source_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not source_id:
            say(self.message, "Select the source to remove.", problem=True)
            return

        def work(db: ArchiveDatabase, _progress: object) -> str:
            return f'Removed the benchmark file of "{peers.remove_source(db, source_id)["name"]}".'

        self.ops.run("Removing a benchmark source", work, on_success=self._on_done,
                     on_failure=self._on_failed)

    def _writable_again(self) -> None:
        """The window switched writing controls off while the work ran; back on now."""
        for control in (self.import_button, self.remove_button):
            control.setEnabled(not self.ops.busy and not self.archive.read_only)

    def _on_done(self, message: str) -> None:
        say(self.message, message)
        self.refresh()
        self._writable_again()

    def _on_failed(self, failure: Failure) -> None:
        self.refresh()
        self._writable_again()
        say(self.message, failure.message.strip() if not failure.is_bug else
            "Nothing changed because of a problem in SPF Desktop. Details:\n"
            + failure.message.strip().splitlines()[-1], problem=True)
