"""The agenda's keyboard and labels: what a person without a mouse, or with a screen
reader, needs from every control in the agenda's pages.

* ``press_on_enter(button)``: Enter (or Return) presses a focused push button, as
  Space does. Outside a dialog Qt gives Enter to no button, so without this the
  clock's buttons answered only Space.
* ``ChoiceList``: a list whose choice is made by the arrow keys, Enter or a click,
  never by Tab. Qt makes the first item current when Tab lands on a list with
  none; here that silent move chooses nothing, so tabbing past the Templates list
  loads no template and tabbing past the Meetings list never leaves run mode.
* ``chain(*widgets)``: the Tab order, set as the eye reads the page.
* ``field_label(text, field)``: a visible label tied to its field (its buddy), the
  field named after the label's words. On Linux a drop-down list reports its
  current value as its name, so a screen reader learns what it is for only from
  the label it is tied to; the field keeps its former name as its identifier.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget, QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _EnterPresses(QObject):
    """Enter on a focused, enabled button clicks it (once per press, not on repeat)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(watched, QAbstractButton)
                and isinstance(event, QKeyEvent) and event.key() in ENTER_KEYS
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier)):
            if not event.isAutoRepeat() and watched.isEnabled() and watched.isVisible():
                watched.click()
            return True
        return False


_ENTER = _EnterPresses()


def press_on_enter(*buttons: QAbstractButton) -> None:
    for b in buttons:
        b.installEventFilter(_ENTER)


class ChoiceList(QListWidget):
    """A list that Tab can pass through without choosing anything (see the module)."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        blocked = self.blockSignals(True)  # the current item Qt picks on focus is no choice
        try:
            super().focusInEvent(event)
        finally:
            self.blockSignals(blocked)


def chain(*widgets: QWidget | None) -> None:
    """Tab goes through ``widgets`` in this order (None, a control not made, is passed over)."""
    present = [w for w in widgets if w is not None]
    for first, second in zip(present, present[1:], strict=False):
        QWidget.setTabOrder(first, second)


def field_label(text: str, field: QWidget) -> QLabel:
    """A label for ``field`` (``&`` marks its Alt key); the field's name becomes its words."""
    made = QLabel(text)
    made.setBuddy(field)
    spoken = text.replace("&", "")
    former = field.accessibleName()
    if former and former != spoken and not field.accessibleIdentifier():
        field.setAccessibleIdentifier(former)
    field.setAccessibleName(spoken)
    return made
