"""Find controls as a person (or a screen reader) would: by accessible name."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def by_name(root: QWidget, name: str, kind: type[QWidget] = QWidget) -> QWidget:
    """The one visible-or-not child of ``root`` whose accessible name is ``name``.

    A label that shows changing text says that text as its name; it is found by
    its purpose, kept as its accessible identifier."""
    found = [w for w in root.findChildren(kind) if _called(w, name)]
    if _called(root, name) and isinstance(root, kind):
        found.append(root)
    if len(found) != 1:
        names = sorted({w.accessibleName() for w in root.findChildren(QWidget) if w.accessibleName()})
        raise LookupError(f"{len(found)} controls named {name!r}; named controls: {names}")
    return found[0]


def visible_named(root: QWidget, name: str, kind: type[QWidget] = QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(kind) if _called(w, name) and w.isVisible()]


def _called(widget: QWidget, name: str) -> bool:
    return widget.accessibleName() == name or widget.accessibleIdentifier() == name


def type_date(qtbot, root: QWidget, name: str, iso: str) -> None:
    """Choose a date in a date control's calendar, as a person does: the date, then Enter."""
    from PySide6.QtCore import QDate, Qt
    from PySide6.QtWidgets import QDateEdit

    edit = by_name(root, name, QDateEdit)
    assert isinstance(edit, QDateEdit) and edit.calendarPopup()
    calendar = edit.calendarWidget()
    calendar.setSelectedDate(QDate.fromString(iso, Qt.DateFormat.ISODate))
    qtbot.keyClick(calendar, Qt.Key.Key_Return)
    assert edit.date().toString(Qt.DateFormat.ISODate) == iso
