"""Backups and restore: the automatic backups with their dates. Restoring is the
window's to do (it closes the archive first), so the dialog only asks for it,
after a second, explicit confirmation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.gui.a11y import announce
from spf_desktop.gui.archive.common import button_row, text
from spf_desktop.gui.file_dialogs import open_file_name
from spf_desktop.gui.widgets import button, named, writes


class BackupsDialog(QDialog):
    """The automatic backups, newest first; restoring asks the window to do it."""

    restore_requested = Signal(str)

    def __init__(self, archive_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from spf_desktop.store.restore import backup_info

        self.setWindowTitle("Backups and restore")
        self.setAccessibleName("Backups and restore")
        self.archive_path = archive_path
        self._chosen: str | None = None
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(text(
            f"Automatic backups of {archive_path.name}, newest first. Restoring puts the "
            "backup in place of the archive; the archive as it is now is kept as a copy in "
            "the backup folder first, so a restore can be undone.", "About backups"))
        infos = backup_info(archive_path)
        self.list = named(QListWidget(), "Automatic backups")
        for info in infos:
            item = QListWidgetItem(info.describe())
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.list.addItem(item)
        if infos:
            self.list.setCurrentRow(0)
        else:
            self.list.addItem("(no automatic backups yet)")
        layout.addWidget(self.list, 1)
        self.confirm = text("", "Restore confirmation")
        layout.addWidget(self.confirm)
        # Every button that leads to a restore writes the archive: off while it is
        # read-only or another operation writes.
        self.restore_button = writes(button("Restore the selected backup…",
                                            "Restore the selected backup"))
        self.restore_button.clicked.connect(lambda: self.ask())
        self.restore_button.setEnabled(bool(infos))
        other = writes(button("Restore from another file…", "Restore from another file"))
        other.clicked.connect(self._choose_other)
        self.yes_button = writes(button("Yes, restore it"))
        self.yes_button.setAutoDefault(False)
        self.yes_button.setVisible(False)
        self.yes_button.clicked.connect(self._confirmed)
        close = button("Close")
        close.clicked.connect(self.reject)
        row = button_row(self.restore_button, other, stretch_first=False)
        row.addStretch(1)
        row.addWidget(self.yes_button)
        row.addWidget(close)
        layout.addLayout(row)

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
        announce(self, self.confirm.text())  # the question, said; focus stays off "Yes"

    def _choose_other(self) -> None:
        path, _ = open_file_name(self, "Restore from", str(self.archive_path.parent),
                                              "SPF archives (*.db)")
        if path:
            self.ask(path)

    def _confirmed(self) -> None:
        if self._chosen:
            self.restore_requested.emit(self._chosen)
            self.accept()
