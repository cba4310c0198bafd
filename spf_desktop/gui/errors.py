"""Bugs become a dialog with "Copy details"; user errors never reach here."""

from __future__ import annotations

import platform
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from spf_desktop import __version__


def details(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    return (
        f"SPF Desktop {__version__}, Python {platform.python_version()}, "
        f"{platform.platform()}\n\n" + "".join(traceback.format_exception(exc_type, exc, tb))
    )


def install_bug_dialog() -> None:
    def hook(exc_type, exc, tb) -> None:  # noqa: ANN001
        text = details(exc_type, exc, tb)
        sys.stderr.write(text)
        if QApplication.instance() is None:
            return
        box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong",
                          "SPF Desktop hit a problem it did not expect. Your archive is safe: "
                          "everything submitted was saved when it was submitted.\n\n"
                          "Please send the details to whoever supports SPF Desktop for you.")
        box.setDetailedText(text)
        copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        copy.clicked.disconnect()
        copy.clicked.connect(lambda: QApplication.clipboard().setText(text))
        box.setAccessibleName("Something went wrong")
        box.exec()

    sys.excepthook = hook
