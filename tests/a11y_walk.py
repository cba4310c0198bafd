"""What a screen reader would be given, checked inside Qt: for a window or dialog
as shown, every focus stop has a name, every drop-down list is named by its
visible label (not only by the choice it shows), and no label hides the text it
shows behind a fixed name. Also the Tab order, forwards and backwards.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QLabel,
    QScrollBar,
    QTabBar,
    QWidget,
)

from spf_desktop.gui.a11y import plain_text

# Parts Qt makes inside a control: the control's own name covers them.
INSIDE = (QComboBox, QAbstractSpinBox, QCalendarWidget, QScrollBar)


def qt_internal(widget: QWidget, root: QWidget, inside: tuple[type, ...] = INSIDE) -> bool:
    """A part Qt makes inside a control (``inside``), not one of the app's own."""
    if isinstance(widget, QScrollBar) or widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, inside):
            return True
        parent = parent.parentWidget()
    return False


def _describe(widget: QWidget) -> str:
    ident = widget.accessibleIdentifier() or widget.objectName()
    return f"{type(widget).__name__} {ident!r}"


def spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def takes_focus(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled()


def unnamed_focus_stops(root: QWidget, where: str) -> list[str]:
    """Shown widgets Tab can stop on whose accessible name is empty."""
    found = []
    for widget in root.findChildren(QWidget):
        if (widget.isVisible() and takes_focus(widget) and not qt_internal(widget, root)
                and not isinstance(widget, QTabBar | QComboBox)  # see below
                and not widget.accessibleName() and not spoken_name(widget)):
            found.append(f"{where}: unnamed focus stop {_describe(widget)}")
    for bar in root.findChildren(QTabBar):  # a tab bar is named by its tab widget
        if bar.isVisible() and not (bar.accessibleName() or bar.parentWidget().accessibleName()):
            found.append(f"{where}: unnamed tab bar")
    return found


def _label_words(text: str) -> str:
    return plain_text(text).replace("&", "").rstrip(":").strip()


def combo_problems(root: QWidget, where: str) -> list[str]:
    """A drop-down list needs a visible label that is its buddy (on Linux the
    platform hears the label through that link: the combo box's own name there
    is its current choice) and an accessible name that is not its choice."""
    buddies = {id(lab.buddy()): lab for lab in root.findChildren(QLabel)
               if lab.buddy() is not None and lab.isVisible()}
    found = []
    for box in root.findChildren(QComboBox):
        if not box.isVisible() or qt_internal(box, root):
            continue
        name = box.accessibleName()
        if not name or name in {box.itemText(i) for i in range(box.count())}:
            found.append(f"{where}: combo box {_describe(box)} named only by its value "
                         f"{box.currentText()!r}")
        elif id(box) not in buddies and not box.accessibleDescription():
            # (a list in a grid, under a column heading, beside its row's label linked to
            # the row's first list, says its row and column in its description instead)
            found.append(f"{where}: combo box {name!r} has no visible label linked to it")
    return found


def hidden_label_text(root: QWidget, where: str) -> list[str]:
    """A label whose accessible name is not the text it shows."""
    found = []
    for lab in root.findChildren(QLabel):
        if not lab.isVisible() or qt_internal(lab, root) or not lab.text():
            continue
        shown = plain_text(lab.text())
        name = lab.accessibleName()
        if name and name != shown and shown:
            found.append(f"{where}: label {name!r} hides its text {shown[:50]!r}")
    return found


def problems(root: QWidget, where: str) -> list[str]:
    return (unnamed_focus_stops(root, where) + combo_problems(root, where)
            + hidden_label_text(root, where))


def tab_chain(qtbot, window: QWidget, start: QWidget, *, forward: bool = True,
              limit: int = 400) -> list[QWidget]:
    """The widgets Tab (or Shift+Tab) stops on from ``start`` until it comes back to
    a widget seen before: what a keyboard user meets, in order."""
    key = Qt.Key.Key_Tab if forward else Qt.Key.Key_Backtab
    modifier = Qt.KeyboardModifier.NoModifier if forward else Qt.KeyboardModifier.ShiftModifier
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: window.focusWidget() is start)
    seen: list[QWidget] = [start]
    stayed = 0
    for _ in range(limit):
        target = window.focusWidget()
        qtbot.keyClick(target, key, modifier)
        now = window.focusWidget()
        if now is target and stayed < 8:  # a date's day, month and year: Tab moves inside
            stayed += 1
            continue
        stayed = 0
        if now is None or now in seen:
            break
        seen.append(now)
    return seen


def only_backwards(qtbot, window: QWidget, start: QWidget) -> list[str]:
    """Controls Shift+Tab reaches from ``start`` but Tab does not."""
    forward = tab_chain(qtbot, window, start, forward=True)
    backward = tab_chain(qtbot, window, start, forward=False)
    return [_describe(w) + f" {w.accessibleName()!r}" for w in backward if w not in forward]
