"""Every file dialog the app shows: Qt's own, told never to read the files it lists.

Qt's file dialog asks its icon provider for each file's type, and the stock
provider finds a type by reading the file's first bytes: the archive, its WAL
and its shared memory among them. On Linux and macOS, a process that opens and
closes any file releases every POSIX lock it holds on that file, so SQLite's
locks on the open archive went with the glance: another program could then
check-point and delete the WAL under the app. This provider names types and
icons from the file name alone, and every dialog here uses it.
"""

from __future__ import annotations

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

_TYPES = {"db": "SPF archive", "pdf": "PDF document", "csv": "CSV file",
          "xlsx": "Excel workbook", "spfmerge": "SPF merge file",
          "spfbench": "SPF benchmark file", "json": "JSON file", "zip": "Zip file"}


class NameOnlyIcons(QFileIconProvider):
    """Icons and types from the name alone: the file itself is never opened."""

    def __init__(self) -> None:
        super().__init__()
        self.setOptions(QFileIconProvider.Option.DontUseCustomDirectoryIcons)

    def icon(self, what: object) -> QIcon:  # type: ignore[override]
        if isinstance(what, QFileInfo):
            kind = (QFileIconProvider.IconType.Folder if what.isDir()
                    else QFileIconProvider.IconType.File)
            return super().icon(kind)
        return super().icon(what)  # type: ignore[arg-type]

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        return _TYPES.get(info.suffix().lower(), f"{info.suffix().upper()} file"
                          if info.suffix() else "File")


_PROVIDER: NameOnlyIcons | None = None


def guarded(dialog: QFileDialog) -> QFileDialog:
    """``dialog``, set never to read the files it lists."""
    global _PROVIDER
    if _PROVIDER is None:
        _PROVIDER = NameOnlyIcons()
    dialog.setIconProvider(_PROVIDER)
    return dialog


def file_dialog(parent: QWidget | None, caption: str, directory: str = "",
                name_filter: str = "") -> QFileDialog:
    return guarded(QFileDialog(parent, caption, directory, name_filter))


def _ask(dialog: QFileDialog) -> tuple[str, str]:
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()


def save_file_name(parent: QWidget | None, caption: str, directory: str = "",
                   name_filter: str = "") -> tuple[str, str]:
    """As ``QFileDialog.getSaveFileName``, with the guarded dialog."""
    dialog = file_dialog(parent, caption, directory, name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    return _ask(dialog)


def open_file_name(parent: QWidget | None, caption: str, directory: str = "",
                   name_filter: str = "") -> tuple[str, str]:
    """As ``QFileDialog.getOpenFileName``, with the guarded dialog."""
    dialog = file_dialog(parent, caption, directory, name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _ask(dialog)


def open_file_names(parent: QWidget | None, caption: str, directory: str = "",
                    name_filter: str = "") -> tuple[list[str], str]:
    """As ``QFileDialog.getOpenFileNames``, with the guarded dialog."""
    dialog = file_dialog(parent, caption, directory, name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    if dialog.exec() != QFileDialog.DialogCode.Accepted:
        return [], ""
    return dialog.selectedFiles(), dialog.selectedNameFilter()
