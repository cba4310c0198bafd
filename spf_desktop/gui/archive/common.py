"""Small pieces the Archive view and its dialogs share: read-only tables and tab
pages, opening a row by double-click or Enter, a file chooser row, a dialog sized
to fit the screen, and a message label that says how things went."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.gui.archive.models import RowsModel
from spf_desktop.gui.widgets import button, label, named, set_role

SELECTABLE = (Qt.TextInteractionFlag.TextSelectableByMouse
              | Qt.TextInteractionFlag.TextSelectableByKeyboard)


def text(words: str, name: str, *, role: str | None = None) -> QLabel:
    """A wrapped label whose text can be selected and copied (paths, error details)."""
    made = label(words, name, role=role)
    made.setTextInteractionFlags(SELECTABLE)
    return made


def say(message: QLabel, words: str, *, problem: bool = False) -> None:
    """Show how something went: a problem in the error role, anything else plainly."""
    set_role(message, "error" if problem else "ok")
    message.setText(words)


def file_row(name: str, choose: Callable[[], str]) -> tuple[QWidget, QLineEdit]:
    """A path box with a Choose… button beside it; the button fills the box."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    edit = named(QLineEdit(), name)
    browse = button("Choose…", f"Choose {name.lower()}")

    def chosen() -> None:
        path = choose()
        if path:  # cancelled: keep what was there
            edit.setText(path)

    browse.clicked.connect(chosen)
    layout.addWidget(edit, 1)
    layout.addWidget(browse)
    return row, edit


def fit(dialog: QDialog, width: int, height: int) -> None:
    """Open at the size wanted, but never taller or wider than the screen (a 768-line
    laptop or projector would otherwise hide the dialog's buttons below its edge)."""
    screen = (dialog.parentWidget() or dialog).screen()
    room = screen.availableGeometry() if screen is not None else None
    if room is not None:
        width, height = min(width, room.width() - 40), min(height, room.height() - 60)
    dialog.resize(width, height)


def button_row(*buttons: QWidget, stretch_first: bool = True) -> QHBoxLayout:
    """Buttons at the right of a row, as dialogs place them."""
    row = QHBoxLayout()
    if stretch_first:
        row.addStretch(1)
    for made in buttons:
        row.addWidget(made)
    return row


def table(model: RowsModel, name: str, stretch: tuple[int, ...] = ()) -> QTableView:
    """A read-only, row-selecting table that Tab leaves (arrows move within it)."""
    made = named(QTableView(), name)
    made.setModel(model)
    made.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    made.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    made.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    made.setWordWrap(False)
    made.setTabKeyNavigation(False)
    made.verticalHeader().setVisible(False)
    header = made.horizontalHeader()
    header.setStretchLastSection(True)
    header.setAccessibleName(f"{name}: column headings")
    header.setTextElideMode(Qt.TextElideMode.ElideRight)
    if stretch:
        header.setStretchLastSection(False)
        for column in range(model.columnCount()):
            header.setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch if column in stretch
                else QHeaderView.ResizeMode.ResizeToContents)
    made.setTextElideMode(Qt.TextElideMode.ElideRight)
    return made


def page(*widgets: QWidget, stretch: QWidget | None = None) -> QWidget:
    """A tab page: the widgets one under another, ``stretch`` taking the room."""
    made = QWidget()
    layout = QVBoxLayout(made)
    for widget in widgets:
        layout.addWidget(widget, 1 if widget is stretch else 0)
    return made


class _EnterOpens(QObject):
    def __init__(self, view: QAbstractItemView, opener: Callable[[QModelIndex], None]) -> None:
        super().__init__(view)
        self.view, self.opener = view, opener

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                and self.view.currentIndex().isValid()):
            self.opener(self.view.currentIndex())
            return True
        return False


def on_open(view: QAbstractItemView, opener: Callable[[QModelIndex], None]) -> None:
    """Double-click or Enter on a row calls ``opener`` with its index, once. Not
    ``activated``: where the style opens items on a single click, that would take
    the user to another view just for choosing a row."""
    view.doubleClicked.connect(opener)
    view.installEventFilter(_EnterOpens(view, opener))
