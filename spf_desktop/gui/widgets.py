"""Small shared pieces every view uses: named widgets, and controls that write.

Two rules live here and nowhere else:

* every control gets an accessible name as it is made (``named``, ``button``);
* a control that changes the archive is marked with ``writes``. While the archive
  is read-only, or a background operation is writing, ``set_writable`` switches
  every marked control off, and a guard keeps it off even if a view tries to
  enable it. Whether a control writes is a property of the control, never
  something guessed from its label.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from .a11y import announce, plain_text, set_accessible_role

W = TypeVar("W", bound=QWidget)

WRITES = "writes"          # dynamic property on a control that changes the archive
READ_ONLY = "spf_read_only"  # dynamic property on the window (or view) that holds them
ROLE = "role"              # dynamic property the stylesheet colours by (ui/style.qss)


def named(widget: W, name: str, tip: str = "") -> W:
    """Give a widget its accessible name (and a tooltip); returns it, typed as given."""
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
    return widget


def button(text: str, name: str | None = None, tip: str = "", *,
           writes_archive: bool = False) -> QPushButton:
    """A push button named after its text (without the mnemonic's &) unless told."""
    made = named(QPushButton(text), name or text.replace("&", ""), tip)
    return writes(made) if writes_archive else made


# Styles whose text is news when it changes: errors interrupt, the rest wait.
LIVE_ROLES = {"error": "assertive", "alert": "assertive",
              "warning": "polite", "ok": "polite", "notice": "polite", "status": "polite"}


class Label(QLabel):
    """A label that says what it shows.

    Its accessible name is its current text, so a screen reader reads
    "Open: taking responses." rather than the label's purpose; the purpose (the
    name it was made with) is its accessible identifier, which is how code and
    tests find it. While its style role is a live one (``LIVE_ROLES``) a change
    of text is announced, assertively for errors. A heading reports the heading
    role; a live label the status role."""

    def __init__(self, text: str, purpose: str, *, live: str | None = None,
                 accessible_role: str | None = None) -> None:
        super().__init__()
        if accessible_role:  # before its first accessible event, when a reader is running
            set_accessible_role(self, accessible_role)
        self._purpose = purpose
        self._live = live
        if purpose:
            self.setAccessibleIdentifier(purpose)
        self._show(text, announce_change=False)

    def setText(self, text: str) -> None:
        self._show(text, announce_change=True)

    def clear(self) -> None:
        self._show("", announce_change=True)

    def purpose(self) -> str:
        return self._purpose

    def _show(self, text: str, *, announce_change: bool) -> None:
        changed = text != super().text()
        super().setText(text)
        spoken = plain_text(text)
        self.setAccessibleName(spoken or self._purpose)
        if announce_change and changed and spoken and self.politeness():
            # After the caller has shown or hidden the label: never speak hidden text.
            QTimer.singleShot(0, self, self._announce_if_shown)

    def politeness(self) -> str | None:
        """How a change is announced: an error (or alert) style interrupts even on a
        label made polite; otherwise what the label was made with, or its style's."""
        by_style = LIVE_ROLES.get(str(self.property(ROLE) or ""))
        return "assertive" if by_style == "assertive" else self._live or by_style

    def _announce_if_shown(self) -> None:
        politeness = self.politeness()
        if self.isVisible() and politeness and self.accessibleName() != self._purpose:
            announce(self, self.accessibleName(), assertive=politeness == "assertive")


def label(text: str, name: str, *, role: str | None = None, wrap: bool = True,
          live: str | None = None) -> Label:
    """A label whose spoken name is its text and whose purpose is ``name``;
    ``role`` picks its colour and weight from the stylesheet."""
    spoken_role = ("heading" if role in ("heading", "bigTitle")
                   else "status" if live or role in LIVE_ROLES else None)
    made = Label(text, name, live=live, accessible_role=spoken_role)
    made.setWordWrap(wrap)
    if role:
        set_role(made, role)
    return made


def buddy(text: str, control: QWidget) -> QLabel:
    """The visible label of ``control``, linked to it as its buddy.

    The link is how the platform hears a label: on Linux a drop-down list's own
    accessible name is the choice it shows, so without the link a screen reader
    says "(none)" rather than "Round". The label's words must be in the control's
    accessible name (WCAG 2.5.3: a speech user says what they see)."""
    made = QLabel(text)
    made.setBuddy(control)
    return made


def buddy_row(text: str, control: QWidget) -> QWidget:
    """``control`` after its linked visible label, in a row of their own."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(buddy(text, control))
    layout.addWidget(control, 1)
    return row


INVALID = "invalid"  # dynamic property on a field whose entry was refused


def mark_invalid(field: QWidget, why: str) -> None:
    """Mark a field whose entry was refused, or (``why`` empty) no longer refused.

    Not by colour alone: its accessible description says why (a screen reader reads
    it with the field), and its tooltip says so to the eye."""
    was = field.property(INVALID)
    if not why and not was:
        return
    field.setProperty(INVALID, bool(why))
    field.setAccessibleDescription(f"Refused: {why}" if why else "")
    field.setToolTip(f"Refused: {why}" if why else "")
    style = field.style()
    style.unpolish(field)
    style.polish(field)


def set_role(widget: QWidget, role: str | None) -> None:
    """Restyle a widget by role (``error``, ``ok``, ``warning``, ``notice``, ...).

    Colours live only in ui/style.qss, keyed on this property, so the contrast
    test sees every colour pair the app can show."""
    if widget.property(ROLE) == role:
        return
    widget.setProperty(ROLE, role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class _WriteGuard(QObject):
    """Keeps a writing control off while its window is read-only or busy."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # ParentChange too: a control marked before it is put in a layout learns
        # only then which (read-only or busy) window it is in.
        if (event.type() in (QEvent.Type.EnabledChange, QEvent.Type.ParentChange)
                and isinstance(watched, QWidget)
                and watched.isEnabled() and not is_writable(watched)):
            watched.setEnabled(False)
        return False


def writes(widget: W) -> W:
    """Mark a control as one that changes the archive."""
    widget.setProperty(WRITES, True)
    guard = _WriteGuard(widget)
    widget.installEventFilter(guard)
    if not is_writable(widget):
        widget.setEnabled(False)
    return widget


def writes_action(action: QAction) -> QAction:
    """Mark a menu or toolbar action as one that changes the archive."""
    action.setProperty(WRITES, True)
    return action


def is_writable(widget: QWidget) -> bool:
    """False when the widget's window (or any parent) is marked read-only."""
    current: QWidget | None = widget
    while current is not None:
        if current.property(READ_ONLY):
            return False
        current = current.parentWidget()
    return True


def write_controls(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if w.property(WRITES)]


def set_writable(root: QWidget, writable: bool) -> None:
    """Switch every control under ``root`` that writes off (or let the views
    switch them back on: they re-enable what their state allows)."""
    root.setProperty(READ_ONLY, not writable)
    if not writable:
        for widget in write_controls(root):
            widget.setEnabled(False)
        for action in root.findChildren(QAction):
            if action.property(WRITES):
                action.setEnabled(False)


class ScrollSafeComboBox(QComboBox):
    """A drop-down in a long scrolling form: the mouse wheel over it scrolls the form,
    and changes the choice only once the drop-down has been clicked or tabbed to, so
    scrolling past a column of choices never changes one unseen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # to the scroll area behind it


class EnterPressesButtons(QObject):
    """Enter (or Return) on a focused push button in ``window`` presses it, as Space
    does. Outside a dialog Qt gives Enter to no button, so a keyboard user who
    pressed Enter on "Create round" got nothing. Installed on the application and
    made a child of the window, so it goes with it; dialogs (their own default
    button) and participant mode (its own keys) are other windows, left alone."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(watched, QPushButton)
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier)
                and watched.window() is self._window):
            if not event.isAutoRepeat() and watched.isEnabled() and watched.isVisible():
                watched.click()
            return True
        return False


class DateEdit(QDateEdit):
    """A date field that Tab leaves, as it leaves every other field.

    A plain QDateEdit keeps Tab to step day, month, year: two silent extra Tabs,
    and a keyboard user counting Shift+Tabs back to a field lands in the date
    instead (and types into it). The arrows and typed separators still move
    between the parts."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)

