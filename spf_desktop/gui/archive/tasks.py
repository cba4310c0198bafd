"""The Archive view's tasks that open a dialog or run in the background: import
responses, a merge file, export, backups and restore, purging old responses, and a
forum's settings. A mixin of ``ArchiveView``, which gives it ``archive``, ``ops``,
``select_record`` and ``_selected``; slow work runs through the shared
``Operations``, and every write reaches the views through the change hook."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from spf_desktop.gui.file_dialogs import open_file_name

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from spf_desktop.gui.operations import Failure, Operations
    from spf_desktop.io.merge import MergeReport
    from spf_desktop.store import Archive
    from spf_desktop.store.connection import ArchiveDatabase


class ArchiveTasks:
    """The dialogs and background tasks of the Archive view (see the module)."""

    archive: Archive | None
    ops: Operations
    dialog: QWidget | None
    today: Callable[[], date]
    restore_requested: SignalInstance
    select_record: Callable[[str, str], bool]
    _selected: Callable[[], tuple[str, str] | None]
    _forum_id: str | None

    def _show(self, dialog: QWidget) -> QWidget:
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]
        return dialog

    def _can_write(self) -> bool:
        return self.archive is not None and not self.archive.read_only

    def open_import(self) -> QWidget | None:
        from spf_desktop.gui.archive.import_dialog import ImportResponsesDialog

        if not self._can_write():
            return None
        selected = self._selected()
        dialog = ImportResponsesDialog(
            self.archive, self.ops, self,  # type: ignore[arg-type]
            round_id=selected[1] if selected and selected[0] == "round" else None)
        # The change hook has refreshed the tree by the time this is heard.
        dialog.imported.connect(lambda round_id: self.select_record("round", round_id))
        return self._show(dialog)

    def choose_merge_file(self) -> None:
        path, _ = open_file_name(self, "Import a merge file", "",
                                              "Merge files (*.spfmerge);;All files (*)")
        if path:
            self.import_merge_file(Path(path))

    def import_merge_file(self, path: Path) -> bool:
        """Merge in the background; a message box says how it went. Returns
        whether the merge started."""
        if not self._can_write() or self.ops.busy:
            return False

        def work(db: ArchiveDatabase, progress: Callable[..., None]) -> MergeReport:
            from spf_desktop.io import merge

            progress()  # the window says it is merging (no steps to count: one transaction)
            return merge.merge(db, path)

        def failed(failure: Failure) -> None:
            if failure.is_bug and failure.exception is not None:
                raise failure.exception
            self._message("Merge refused", failure.message, QMessageBox.Icon.Warning)

        def merged(report: MergeReport) -> None:
            self._message("Merge file imported", report.describe(), QMessageBox.Icon.Information)

        self.ops.run(f"Merging {path.name}", work, on_success=merged, on_failure=failed)
        return True

    def _message(self, title: str, text: str, icon: QMessageBox.Icon) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName(title)
        self._show(box)
        return box

    def open_export(self) -> QWidget | None:
        from spf_desktop.gui.archive.export_dialog import ExportDialog

        if self.archive is None:
            return None
        return self._show(ExportDialog(self.archive, self.ops, self, selected=self._selected()))

    def open_backups(self) -> QWidget | None:
        from spf_desktop.gui.archive.backups_dialog import BackupsDialog

        if self.archive is None:
            return None
        dialog = BackupsDialog(self.archive.path, self)
        if self.archive.read_only:
            dialog.restore_button.setEnabled(False)
        dialog.restore_requested.connect(self.restore_requested)
        return self._show(dialog)

    def open_purge(self) -> QWidget | None:
        from spf_desktop.gui.archive.purge_dialog import PurgeDialog

        if not self._can_write():
            return None
        return self._show(PurgeDialog(self.archive, self.ops, self, today=self.today))  # type: ignore[arg-type]

    def open_benchmarks(self) -> QWidget | None:
        from spf_desktop.gui.archive.benchmarks_dialog import BenchmarksDialog

        if not self._can_write():
            return None
        return self._show(BenchmarksDialog(self.archive, self.ops, self))  # type: ignore[arg-type]

    def open_forum_settings(self) -> QWidget | None:
        """The settings of the forum shown (the one selected, or the forum of the
        round or meeting selected)."""
        from spf_desktop.gui.forum_settings import open_forum_settings

        if self.archive is None or self._forum_id is None:
            return None
        parent: QWidget = self  # type: ignore[assignment]
        dialog = open_forum_settings(parent, self.ops, self.archive, self._forum_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # its names never doubled
        self.dialog = dialog
        return dialog
