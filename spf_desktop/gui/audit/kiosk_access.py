"""What a screen reader is told about participant mode's choices.

The scores and the side options look like big buttons (ui/kiosk.qss) but are, to
the participant, a single choice from a row: a radio group. Qt exposes a
checkable push button as a toggle button, so a screen reader says "check box"
or "toggle button" and never "1 of 11". Here a score or side button reports the
radio button role, its checked state ("selected") and the press action, and the
row holding them reports a grouping named by the question it answers, labelled
by the words beside it (the question, and the scale's ends) and described by
the scale.

The interfaces are served by one accessibility factory, installed once, keyed on
a dynamic property set when the widget is made (before it is first queried).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAbstractButton, QAccessibleWidget, QWidget

from spf_desktop.gui.a11y import kept_alive, renew_interface

KIND = "spf_kiosk_access"   # dynamic property: "radio" or "radio group"

_INSTALLED = False
_LABELS: dict[int, list[QWidget]] = {}  # a group's labels, by the group's id


class RadioAccessible(QAccessibleWidget):
    """A checkable button that is one choice of a group: role, "selected" state, press."""

    def __init__(self, widget: QAbstractButton) -> None:
        super().__init__(widget, QAccessible.Role.RadioButton)
        self._button = widget

    def state(self) -> QAccessible.State:
        state = super().state()
        state.checkable = True
        state.checked = self._button.isChecked()
        return state

    def actionNames(self) -> list[str]:
        return [self.pressAction(), *super().actionNames()]

    def doAction(self, name: str) -> None:
        if name in (self.pressAction(), self.toggleAction()):
            if self._button.isEnabled() and self._button.isVisible():
                self._button.click()
            return
        super().doAction(name)

    def localizedActionDescription(self, name: str) -> str:
        if name == self.pressAction():
            return "Choose"
        return super().localizedActionDescription(name)


class GroupAccessible(QAccessibleWidget):
    """A row of radio buttons: a grouping, labelled by the words shown with it."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget, QAccessible.Role.Grouping)
        self._group = widget

    def relations(self, match: QAccessible.RelationFlag = QAccessible.RelationFlag.Label,
                  ) -> list[tuple[QAccessibleInterface, QAccessible.RelationFlag]]:
        found = list(super().relations(match))
        if match & QAccessible.RelationFlag.Label:
            for label in labels_of(self._group):
                face = QAccessible.queryAccessibleInterface(label)
                if face is not None and label.isVisible():
                    found.append((face, QAccessible.RelationFlag.Label))
        return found


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    if not isinstance(obj, QWidget):
        return None
    kind = obj.property(KIND)
    made: QAccessibleInterface
    if kind == "radio" and isinstance(obj, QAbstractButton):
        made = RadioAccessible(obj)
    elif kind == "radio group":
        made = GroupAccessible(obj)
    else:
        return None
    return kept_alive(obj, made)


def _install() -> None:
    global _INSTALLED
    if not _INSTALLED:
        QAccessible.installFactory(_factory)
        _INSTALLED = True


def radio(button: QAbstractButton) -> QAbstractButton:
    """Make a checkable button report itself as one radio button of its group."""
    _install()
    button.setProperty(KIND, "radio")
    renew_interface(button, QAccessible.Role.RadioButton)
    return button


def radio_group(group: QWidget, labels: list[QWidget]) -> QWidget:
    """Make ``group`` (the widget holding the radio buttons) a grouping labelled by ``labels``."""
    _install()
    group.setProperty(KIND, "radio group")
    renew_interface(group, QAccessible.Role.Grouping)
    ident = id(group)
    if ident not in _LABELS:
        group.destroyed.connect(lambda *_: _LABELS.pop(ident, None))
    _LABELS[ident] = list(labels)
    return group


def labels_of(group: QWidget) -> list[QWidget]:
    return list(_LABELS.get(id(group), []))
