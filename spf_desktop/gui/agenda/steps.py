"""Two small pieces the agenda's pages share: an undo step for an edit already
written, and the question asked before a dangerous step.

* ``WrittenCommand``: pushed after the write, so the first ``redo`` (Qt calls it
  on push) does nothing; undo writes ``before`` back, redo writes ``after`` again.
* ``ask``: a question box opened with ``open()`` (never ``exec()``), No as the
  default and the Esc button, named for a screen reader; ``on_yes`` runs only
  when Yes is pressed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


class WrittenCommand(QUndoCommand):
    """One edit, already written when pushed: redo writes ``after`` again, undo ``before``."""

    def __init__(self, text: str, write_before: Callable[[], None],
                 write_after: Callable[[], None]) -> None:
        super().__init__(text)
        self._before, self._after = write_before, write_after
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._after()

    def undo(self) -> None:
        self._before()


def ask(parent: QWidget, title: str, text: str, *, name: str, yes: str, no: str,
        on_yes: Callable[[], object]) -> QMessageBox:
    """Ask before a dangerous step; a dangerous step is never the default button."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, YES | NO, parent)
    box.setDefaultButton(NO)
    box.setEscapeButton(NO)
    box.setAccessibleName(name)
    box.button(YES).setAccessibleName(yes)
    box.button(NO).setAccessibleName(no)
    box.buttonClicked.connect(lambda b: on_yes() if box.standardButton(b) == YES else None)
    box.open()
    return box
