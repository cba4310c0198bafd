"""Errors that reach the event loop: the user's problems become plain messages,
bugs become a dialog with "Copy details". Chosen by exception type, never by
matching message text."""

from __future__ import annotations

import platform
import sqlite3
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from spf_desktop import __version__
from spf_desktop.domain.errors import UserError


def details(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    return (
        f"SPF Desktop {__version__}, Python {platform.python_version()}, "
        f"{platform.platform()}\n\n" + "".join(traceback.format_exception(exc_type, exc, tb))
    )


def plain_message(exc: BaseException) -> str | None:
    """The message for a problem the user can act on (a full disk, a read-only or
    damaged file, bad input), or None for a bug."""
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        from spf_desktop.store.environment import storage_problem

        problem = storage_problem(exc, "saving your change")
        return str(problem) if problem else None
    if isinstance(exc, OSError) and exc.strerror:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"The file could not be used{where}: {exc.strerror}."
    return None


def error_box(exc_type: type[BaseException], exc: BaseException,
              tb: TracebackType | None) -> QMessageBox:
    """The box for an error that reached the event loop (shown with open(), not exec())."""
    message = plain_message(exc)
    if message is not None:
        box = QMessageBox(QMessageBox.Icon.Warning, "That did not work", message,
                          QMessageBox.StandardButton.Ok)
        box.setAccessibleName("That did not work")
        return box
    text = details(exc_type, exc, tb)
    box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong",
                      "SPF Desktop hit a problem it did not expect. Your archive is safe: "
                      "everything submitted was saved when it was submitted.\n\n"
                      "Please send the details to whoever supports SPF Desktop for you.")
    box.setDetailedText(text)
    copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
    copy.setAccessibleName("Copy details")
    box.addButton(QMessageBox.StandardButton.Close)
    copy.clicked.disconnect()
    copy.clicked.connect(lambda: QApplication.clipboard().setText(text))
    box.setAccessibleName("Something went wrong")
    return box


_open_boxes: list[QMessageBox] = []


def install_bug_dialog() -> None:
    def hook(exc_type, exc, tb) -> None:
        if plain_message(exc) is None:
            sys.stderr.write(details(exc_type, exc, tb))
        if QApplication.instance() is None:
            return
        box = error_box(exc_type, exc, tb)
        _open_boxes.append(box)  # kept alive while it is on screen
        box.finished.connect(lambda _=0, b=box: _open_boxes.remove(b))
        box.open()

    sys.excepthook = hook
