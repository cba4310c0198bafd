"""A date control for the agenda's forms: a calendar to pick from, the computer's
own short date format to read and type (15/12/2026 on a UK machine), and an ISO
date (2026-12-15) to store.

A plain QDateEdit silently turns a typed 31/02/2026 into 28/02/2026 (or into
31/03); here the typed text is kept as typed until it is a real date, and a
date that is none is refused with ``refused(text)``, the field going back to
the date it held: nothing changes without the person knowing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QDateEdit, QWidget

#: The day before any date a forum could mean: shown as "No date".
NO_DATE = QDate(1900, 1, 1)
_TYPING = re.compile(r"[\d\s./\-]{0,12}")


def short_format() -> str:
    """The computer's short date format, always with a four-digit year (a two-digit
    one reads 26 as 1926)."""
    fmt = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    return fmt if "yyyy" in fmt else fmt.replace("yy", "yyyy")


def local_date(iso: str | None, empty: str = "No date") -> str:
    """An ISO date as the computer shows dates (15/12/2026 on a UK machine)."""
    date = QDate.fromString(iso or "", "yyyy-MM-dd")
    return QLocale().toString(date, short_format()) if date.isValid() else (iso or empty)


class DateField(QDateEdit):
    """``iso()`` / ``set_iso()``; ``refused(text)`` when typed text is not a date."""

    refused = Signal(str)
    entered = Signal()  # Enter pressed on a good date: the form's obvious button

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "No date",
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.today = today
        self.setCalendarPopup(True)
        self.setDisplayFormat(short_format())
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(empty_text)  # shown for NO_DATE
        self.setDate(NO_DATE)
        self.setKeyboardTracking(False)
        self.calendarWidget().installEventFilter(self)  # opens on today, not on 1900
        # A refusal waits for the form's button (pressing it moves the focus, which
        # refuses the text and puts the old date back before the click arrives).
        self.refusal: str | None = None
        self.dateChanged.connect(self._forget_refusal)

    def _forget_refusal(self, *_: object) -> None:
        self.refusal = None

    def take_refusal(self) -> str | None:
        """Why the date typed is (or just was) refused, once; None when all is well."""
        refusal, self.refusal = self.problem() or self.refusal, None
        return refusal

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """With no date yet the calendar opens on today, today's cell chosen (Enter
        takes it); only choosing a day changes the field."""
        calendar = self.calendarWidget()
        if watched is calendar and event.type() == QEvent.Type.Show and self.date() == NO_DATE:
            today = self.today()
            with QSignalBlocker(calendar):  # shown, not yet chosen
                calendar.setSelectedDate(QDate(today.year, today.month, today.day))
            calendar.setCurrentPage(today.year, today.month)
        return False

    def example(self) -> str:
        return QLocale().toString(QDate(2026, 12, 15), self.displayFormat())

    # -- the stored value --------------------------------------------------------------

    def iso(self) -> str | None:
        return None if self.date() == NO_DATE else self.date().toString("yyyy-MM-dd")

    def set_iso(self, value: str | None) -> None:
        date = QDate.fromString(value or "", "yyyy-MM-dd")
        self.setDate(date if date.isValid() else NO_DATE)

    # -- typing ---------------------------------------------------------------------------

    def validate(self, text: str, pos: int) -> object:
        if text == self.specialValueText() or QLocale().toDate(text, self.displayFormat()).isValid():
            return QValidator.State.Acceptable, text, pos
        if _TYPING.fullmatch(text):
            return QValidator.State.Intermediate, text, pos  # typing on: kept as typed
        return QValidator.State.Invalid, text, pos

    def fixup(self, text: str) -> str:
        return text

    def problem(self) -> str | None:
        """Why the typed text is not a date, or None when it is one (or empty)."""
        text = self.lineEdit().text()
        if self.hasAcceptableInput() or not text.strip():
            return None
        return (f"{text} is not a date: type one like {self.example()}, or pick one from "
                "the calendar. Nothing was changed.")

    def _check_typed(self) -> None:
        """Leaving the field (or Enter): an empty field means no date; text that is not
        a date is refused, and the field shows the date it had."""
        if not self.lineEdit().text().strip():
            self.setDate(NO_DATE)
            return
        problem = self.problem()
        if problem is not None:
            self.refusal = problem
            self.refused.emit(problem)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            good = self.problem() is None
            self._check_typed()
            super().keyPressEvent(event)
            if good:
                self.entered.emit()
            return
        self.refusal = None  # typing again: the last refusal is answered
        typed = event.text()
        if len(typed) == 1 and not typed.isalnum() and typed in self.displayFormat():
            self.lineEdit().insert(typed)  # a separator is typed as such, not "next section"
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab leaves the field (a typed date needs no hopping from day to month)."""
        return QWidget.focusNextPrevChild(self, next)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._check_typed()
        super().focusOutEvent(event)
