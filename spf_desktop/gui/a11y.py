"""What a screen reader hears: spoken announcements, and roles Qt does not give.

A screen reader meets the app through the platform's accessibility tree (AT-SPI
on Linux, UI Automation on Windows), not through what is painted. Three things
live here so every view does them the same way:

* ``announce(widget, text)`` speaks a live change (a confirmation, an error, a
  countdown state) without moving focus, politely or assertively. Every
  announcement is also emitted on ``announcer().spoken`` so tests, and anything
  else in the app, can see what was said.
* ``set_accessible_role(widget, role)`` makes a widget report a role its class
  does not: a heading, a status line, an alert, a window. The roles are kept in
  a dynamic property and served by one accessibility factory, installed once.
* ``plain_text(text)`` is what a rich-text label says aloud.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleInterface,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import QAccessibleWidget, QWidget

_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
A11Y_ROLE = "spf_a11y_role"   # dynamic property read by the factory below

ROLES = {
    "heading": QAccessible.Role.Heading,
    "status": QAccessible.Role.StatusBar,
    "alert": QAccessible.Role.AlertMessage,
    "window": QAccessible.Role.Window,
    "chart": QAccessible.Role.Chart,
}


class Announcer(QObject):
    """Emits every announcement made through ``announce``: (text, politeness)."""

    spoken = Signal(str, str)


_ANNOUNCER: Announcer | None = None


def announcer() -> Announcer:
    global _ANNOUNCER
    if _ANNOUNCER is None:
        _ANNOUNCER = Announcer()
    return _ANNOUNCER


def plain_text(text: str) -> str:
    """The words of a label's text, without markup, on one line."""
    if "<" in text and _TAG.search(text):
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return " ".join(text.split())


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Speak ``text`` through the screen reader without moving focus.

    Polite announcements wait for the reader to finish; assertive ones (an
    idle warning, an error that stops the user) interrupt it."""
    words = plain_text(text)
    if not words:
        return
    politeness = "assertive" if assertive else "polite"
    event = QAccessibleAnnouncementEvent(widget, words)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
    announcer().spoken.emit(words, politeness)


class _RoleAccessible(QAccessibleWidget):
    """A widget's usual accessibility, with the role it was given."""

    def __init__(self, widget: QWidget, role: QAccessible.Role) -> None:
        super().__init__(widget, role)


_INSTALLED = False
_LIVE: dict[int, QAccessibleInterface] = {}


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    if not isinstance(obj, QWidget):
        return None
    role = obj.property(A11Y_ROLE)
    if not role or role not in ROLES:
        return None
    return kept_alive(obj, _RoleAccessible(obj, ROLES[role]))


def kept_alive(widget: QWidget, made: QAccessibleInterface) -> QAccessibleInterface:
    """An interface a Python factory made for ``widget``: Qt caches it, so Python
    must keep it as long as the widget lives."""
    ident = id(widget)
    _LIVE[ident] = made
    widget.destroyed.connect(lambda *_: _LIVE.pop(ident, None))
    return made


def install() -> None:
    """Install the role factory once, before any widget is asked for its role."""
    global _INSTALLED
    if not _INSTALLED:
        QAccessible.installFactory(_factory)
        _INSTALLED = True


def set_accessible_role(widget: QWidget, role: str) -> None:
    """Make ``widget`` report ``role`` (one of ROLES) to assistive technology."""
    if role not in ROLES:
        raise ValueError(f"unknown accessible role {role!r}; known: {', '.join(ROLES)}")
    install()
    widget.setProperty(A11Y_ROLE, role)
    renew_interface(widget, ROLES[role])


def renew_interface(widget: QWidget, role: QAccessible.Role) -> None:
    """After a factory's property is set on ``widget``: with a screen reader on,
    Qt may already hold the widget's old interface (setting a name asks for it).
    Drop it, so the next question gets the factory's, with ``role``."""
    if not QAccessible.isActive():
        return
    iface = QAccessible.queryAccessibleInterface(widget)
    if iface is not None and iface.role() != role:
        QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(iface))
