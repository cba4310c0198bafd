"""Participant mode: one full-screen window that the laptop stays locked in.

The rules (what comes next, when an idle response is dropped) live in
spf_desktop.domain.kiosk; this window shows the current screen, forwards input
and refuses every way out except the facilitator PIN. The screens themselves are
laid out in ``kiosk_pages``.

It also takes itself back. Minimised (Win+D), deactivated (Alt+Tab to another
app) or with its window state changed by the system (a screen lock), it returns
full screen, active and focused within a second, on the page the participant was
on: a short timer started by the window's own state and activation events, and
the idle tick as a backstop. It never installs a global keyboard hook: endpoint
security treats those as keyloggers, and the keys the system keeps for itself
(Ctrl+Alt+Del, Win+L) cannot be blocked by any app anyway.

It outlives the app, too: showing it notes its round in the archive, and only
the PIN clears that note, so after a kill or a crash the next start comes back
here (``resume``). The wrong PIN tries are kept there as well, in wall time.

Why this module is long: what participant mode refuses (keys, closing, being
minimised or left) and how it comes back are one window's behaviour; split, a
way out could be missed in one half.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QCloseEvent,
    QFocusEvent,
    QKeyEvent,
    QResizeEvent,
    QScreen,
)
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from spf_desktop.domain.errors import UserError
from spf_desktop.domain.kiosk import COMMENT_LIMIT, SKIPPED, Event, KioskSession, Screen
from spf_desktop.domain.pin import PinGate
from spf_desktop.domain.questions import SIDE_LABELS, SIDES
from spf_desktop.gui.a11y import announce, set_accessible_role
from spf_desktop.gui.audit.kiosk_pages import (
    PASS_ON,
    PRIVACY_NOTICE,
    THANKS,
    WARNING_KEYS,
    KioskPages,
    clear_clipboard,
    say,
    warning_message,
)
from spf_desktop.store import audit

if TYPE_CHECKING:
    from spf_desktop.store.connection import ArchiveDatabase

__all__ = ["PRIVACY_NOTICE", "KioskWindow"]

REFUSED_SHORTCUTS = {
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.ControlModifier),
}

Clock = Callable[[], float]
#: How soon participant mode takes itself back after being minimised or left.
RECLAIM_MS = 200
#: The idle warning is announced as it shows and once more this many seconds before
#: the answers are cleared: often enough to act on, never every second.
LAST_CALL_SECONDS = 10
#: Focus changes the window makes itself (not the participant's doing).
OWN_FOCUS_REASONS = (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason)


def spoken_duration(seconds: float) -> str:
    """"2 minutes", "1 minute", "90 seconds": how long, as it is said."""
    whole = round(seconds)
    if whole % 60 == 0 and whole >= 60:
        minutes = whole // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{whole} seconds"


class KioskWindow(KioskPages):
    """The shared laptop's participant screens. Leaves only with the facilitator PIN."""

    left = Signal()  # the facilitator unlocked participant mode

    def __init__(
        self,
        db: ArchiveDatabase,
        round_id: str,
        *,
        clock: Clock = time.monotonic,
        pin_clock: Clock = time.time,
        idle_warn: float = 90.0,
        idle_discard: float = 30.0,
        thanks_seconds: float = 5.0,
        tick_ms: int = 250,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
                         | Qt.WindowType.WindowStaysOnTopHint)
        set_accessible_role(self, "window")  # before anything asks: a window, not a panel
        self._own_focus = False   # True while the window moves the focus itself
        self._before_warning: QWidget | None = None  # where the focus was when it showed
        self._last_call = False   # the idle warning's second announcement was made
        self.db = db
        self.round_id = round_id
        rnd = db.table("rounds").get(round_id)
        qs = db.table("question_sets").get(rnd["question_set_id"])
        self.session = KioskSession(
            audit.kiosk_questions(db, round_id), clock, idle_warn=idle_warn,
            idle_discard=idle_discard, thanks_seconds=thanks_seconds,
        )
        # wall time: the wrong tries and a lockout are kept in the archive across restarts
        self.gate: PinGate = audit.pin_gate(db, pin_clock)
        self._unlocked = False
        self._place: tuple[Screen, int] | None = None
        self._pin_since = 0.0
        self.setAccessibleName("Participant mode")
        self.setWindowTitle("Partnership behaviours audit")
        self._build_screens(rnd["label"], qs)
        self.comment.cursorPositionChanged.connect(self._caret_moved)

        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)
        self._shown = False  # show_kiosk was called: from then on it takes itself back
        self.reclaims = 0    # how often it did (the facilitator's view can say so)
        self.reclaim_timer = QTimer(self)
        self.reclaim_timer.setSingleShot(True)
        self.reclaim_timer.setInterval(RECLAIM_MS)
        self.reclaim_timer.timeout.connect(self.reclaim)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.render()

    # -- showing the state ------------------------------------------------------

    def render(self) -> None:
        """Show the session's state. Every control is rewritten, so nothing carries over."""
        s = self.session
        if self.pages.currentWidget() is self.pin_page and s.screen is Screen.WELCOME:
            self.warning.hide()
            return
        page = {
            Screen.WELCOME: self.welcome_page, Screen.QUESTION: self.question_page,
            Screen.SIDE: self.side_page, Screen.REVIEW: self.review_page,
            Screen.THANKS: self.thanks_page,
        }[s.screen]
        place = (s.screen, s.index)
        changed = self.pages.currentWidget() is not page or place != self._place
        self._place = place
        self.pages.setCurrentWidget(page)
        if s.screen is Screen.QUESTION:
            progress = f"Question {s.index + 1} of {len(s.questions)}"
            heading = f"{progress}: {s.question.text}"
            self.progress.setText(progress)
            self.question_text.setText(s.question.text)
            # the screen, and the scores' radio group, are named by the question
            self.question_page.setAccessibleName(heading)
            self.score_group.setAccessibleName(heading)
            for score, button in enumerate(self.score_buttons):
                button.setChecked(s.choice == score)
            self.skip_button.setText(
                "Skipped: choose a score to answer" if s.choice == SKIPPED
                else "Skip this question")
            if self.comment.toPlainText() != s.comments[s.index]:
                self.comment.blockSignals(True)
                self.comment.setPlainText(s.comments[s.index])  # also clears undo history
                self.comment.blockSignals(False)
            self._show_count()
            self._reserve_question_room()
            self.question_back.setEnabled(s.index > 0)
            self.question_forward.setEnabled(s.can_go_next())
        else:
            self._clear_question()
        for side, button in self.side_buttons.items():
            button.setChecked(s.screen is Screen.SIDE and s.side == side)
        self.review_list.clear()
        if s.screen is Screen.REVIEW:
            for n, (q, choice) in enumerate(zip(s.questions, s.choices, strict=True), start=1):
                answer = "skipped" if choice in (SKIPPED, None) else f"{choice} out of 10"
                note = ", with a comment" if s.comments[n - 1].strip() else ""
                self.review_list.addItem(f"{n}. {q.text}  {answer}{note}")
            self.review_list.addItem(
                f"Side: {SIDE_LABELS[s.side] if s.side else 'not given'}")
        else:
            say(self.review_error, "")
        self._hold_tab_stops()
        if s.warned:
            self._show_warning()
        was_warning = not self.warning.isHidden()
        warning = s.warned and s.in_progress
        untouched = self.focusWidget() is self.still_here  # nobody moved it since it showed
        self._own_focus = True  # hiding the focused button moves the focus: not activity
        try:
            self.warning.setVisible(warning)
        finally:
            self._own_focus = False
        if self.warning.isVisible():
            self.place_warning()
        if changed:
            self._focus_first()
            if s.screen is Screen.QUESTION:
                announce(self.question_page, f"{progress}: {s.question.text}")
            elif s.screen is Screen.THANKS:
                announce(self.thanks_page, f"{THANKS} {PASS_ON}")
            elif s.screen is Screen.REVIEW:
                # The focus goes to Submit: say what is about to be submitted first.
                answers = [self.review_list.item(n).text()
                           for n in range(self.review_list.count())]
                announce(self.review_page, "Check your answers. " + ". ".join(answers)
                         + ". Submit, or go back to change one.")
        if warning and not was_warning:
            self._warning_shown()
        elif was_warning and not warning and s.in_progress:
            self._warning_gone(untouched)

    def _reserve_question_room(self) -> None:
        """Room for the longest question of the round at this width, so the score
        buttons stay where they are whether a question takes one line or three."""
        label = self.question_text
        label.ensurePolished()
        # the width the label has in this window (not the one it has now, which lags
        # behind a resize): the window's less its own and the page's margins
        outer, page = self.layout().contentsMargins(), self.question_page.layout().contentsMargins()
        width = (self.width() - outer.left() - outer.right() - page.left() - page.right())
        if width <= 0:
            return
        metrics = label.fontMetrics()
        tallest = max(metrics.boundingRect(QRect(0, 0, width, 100_000),
                                           int(Qt.TextFlag.TextWordWrap), q.text).height()
                      for q in self.session.questions)
        if label.minimumHeight() != tallest + 4:
            label.setMinimumHeight(tallest + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_type()
        self._reserve_question_room()
        self.fit_warning_band()
        self.place_warning()

    def _clear_question(self) -> None:
        for button in self.score_buttons:
            button.setChecked(False)
        if self.comment.toPlainText() or self.comment.document().isUndoAvailable():
            self.comment.blockSignals(True)
            self.comment.setPlainText("")
            self.comment.blockSignals(False)

    def _show_count(self) -> None:
        n = len(self.comment.toPlainText())
        self.comment_count.setText(f"{n:,} of {COMMENT_LIMIT:,} characters")

    def _seconds_left(self) -> int:
        return int(self.session.seconds_to_discard() + 0.999)

    def _show_warning(self) -> None:
        left = self._seconds_left()
        say(self.warning_text, warning_message(left))
        if self.warning.isVisible():
            self.place_warning()
            if left <= LAST_CALL_SECONDS and not self._last_call:
                self._last_call = True
                announce(self.warning, f"{left} seconds left. {WARNING_KEYS}", assertive=True)

    def _warning_shown(self) -> None:
        """The idle warning has just shown: say so at once, and put the focus on
        "I am still here", so one key (Enter, Space, or any other) carries on."""
        focus = self.focusWidget()
        self._before_warning = focus if focus is not self.still_here else None
        left = self._seconds_left()
        self._last_call = left <= LAST_CALL_SECONDS
        announce(self.warning, f"{warning_message(left)} {WARNING_KEYS}", assertive=True)
        self._set_focus(self.still_here, Qt.FocusReason.OtherFocusReason)

    def _warning_gone(self, untouched: bool) -> None:
        """The participant carried on: the focus goes back where it was (unless they
        moved it themselves), and a screen reader hears that nothing was lost."""
        before, self._before_warning = self._before_warning, None
        if untouched or self.focusWidget() is None:
            if before is not None and before.isVisible() and before.window() is self:
                self._set_focus(before, Qt.FocusReason.OtherFocusReason)
            else:
                self._focus_first()
        announce(self.warning, "Carrying on: your answers are kept.")

    def _set_focus(self, widget: QWidget, reason: Qt.FocusReason) -> None:
        """Move the focus as the window's own doing: it is not the participant's activity."""
        self._own_focus = True
        try:
            already = widget.hasFocus()
            widget.setFocus(reason)
            if already and QAccessible.isActive():
                # The same screen with a new question: Qt sends no focus change, and a
                # screen reader keeps the name it read before ("Question 1 of 10")
                # until told the focus is here again.
                QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.Focus))
        finally:
            self._own_focus = False

    def _focus_first(self) -> None:
        # With nothing chosen yet the focus rests on the screen itself: a focused "0" or
        # "Staff side" is drawn in yellow and reads as an answer already given. Digits and
        # arrows still choose, and Tab reaches the buttons.
        chosen = self.session.choice if self.session.screen is Screen.QUESTION else None
        side = self.session.side if self.session.screen is Screen.SIDE else None
        target = {
            self.welcome_page: self.start_button,
            self.question_page: (self.score_buttons[chosen] if isinstance(chosen, int)
                                 else self.question_page),
            self.side_page: self.side_buttons[side] if side else self.side_page,
            self.review_page: self.review_forward, self.pin_page: self.pin_edit,
            self.thanks_page: self.thanks_page,
        }.get(self.pages.currentWidget())
        if target is not None:
            self._set_focus(target, Qt.FocusReason.OtherFocusReason)

    # -- actions ----------------------------------------------------------------

    def _act(self, action: Callable[[], object]) -> None:
        try:
            action()
        except UserError:
            pass  # not possible on this screen: the button is disabled or hidden anyway
        self.render()

    def _start(self) -> None:
        self._act(self.session.start)

    def _choose(self, score: int) -> None:
        self._act(lambda: self.session.choose(score))
        if self.session.choice == score:
            self.score_buttons[score].setFocus(Qt.FocusReason.OtherFocusReason)

    def _type_digit(self, digit: int) -> None:
        chosen: list[int] = []
        self._act(lambda: chosen.append(self.session.type_digit(digit)))
        if chosen:
            self.score_buttons[chosen[0]].setFocus(Qt.FocusReason.OtherFocusReason)

    def _skip(self) -> None:
        self._act(self.session.skip)

    def _next(self) -> None:
        self._act(self.session.next)

    def _back(self) -> None:
        self._act(self.session.back)

    def _choose_side(self, side: str) -> None:
        self._act(lambda: self.session.choose_side(
            None if self.session.side == side else side))

    def _go_to(self, row: int) -> None:
        if row < len(self.session.questions):
            self._act(lambda: self.session.go_to(row))

    def _still_here(self) -> None:
        self.session.touch()
        self.render()

    def _activity(self) -> None:
        """Something the participant (or their screen reader) did: the idle time
        starts again, and a warning showing goes."""
        self.session.touch()
        if not self.warning.isHidden() and not self.session.warned:
            self.render()

    def _caret_moved(self) -> None:
        if self.comment.hasFocus() and self.session.screen is Screen.QUESTION:
            self._activity()  # a screen reader reading the comment moves its caret

    def _comment_changed(self) -> None:
        if self.session.screen is not Screen.QUESTION:
            return
        text = self.comment.toPlainText()
        kept = self.session.set_comment(text)
        if kept != text:
            self.comment.blockSignals(True)
            self.comment.setPlainText(kept)
            self.comment.moveCursor(self.comment.textCursor().MoveOperation.End)
            self.comment.blockSignals(False)
        self._show_count()
        self.warning.setVisible(False)

    def _submit(self) -> None:
        s = self.session
        if s.screen is not Screen.REVIEW:
            return
        try:
            audit.submit(self.db, self.round_id, s.submission())
        except UserError as exc:
            say(self.review_error,
                f"Your answers could not be saved: {exc} Please tell the facilitator.")
            return
        s.submitted()
        clear_clipboard()  # nothing the participant copied is left for the next one
        self.render()  # the views hear of the response through the change hook

    def tick(self) -> Event:
        if self.taken_away():
            self.reclaim()  # a backstop for a system that sent no event (a screen lock)
        if self.pages.currentWidget() is self.pin_page \
                and self.session.clock() - self._pin_since >= self.session.idle_discard:
            self._cancel_pin()  # a PIN screen left open goes back to the welcome screen
        event = self.session.tick()
        if event is Event.DISCARDED:
            clear_clipboard()
        if event is not Event.NONE:
            self.render()
        elif self.session.warned:
            self._show_warning()
        elif not self.warning.isHidden():
            self.render()  # carried on by a click beside the buttons: the warning goes
        if event is Event.DISCARDED:
            idle = spoken_duration(self.session.idle_warn + self.session.idle_discard)
            announce(self, f"Your answers were cleared: nothing was pressed for {idle}. "
                     "Participant mode is ready for the next person.", assertive=True)
        return event

    # -- the PIN ----------------------------------------------------------------

    def _ask_pin(self) -> None:
        if self.session.screen is not Screen.WELCOME:
            return
        self.pin_edit.clear()
        say(self.pin_message, "")
        self._pin_since = self.session.clock()
        self.pages.setCurrentWidget(self.pin_page)
        self._focus_first()

    def _cancel_pin(self) -> None:
        self.pin_edit.clear()
        self.pages.setCurrentWidget(self.welcome_page)
        self._focus_first()

    def _try_pin(self) -> None:
        pin = self.pin_edit.text()
        self.pin_edit.clear()
        try:
            ok = self.gate.attempt(pin)
        except UserError as exc:
            say(self.pin_message, str(exc))
            return
        if not ok:
            left = self.gate.tries_left
            say(self.pin_message,
                "That PIN is not right." + (f" {left} tries left before a 30-second wait."
                                            if left else " Please wait 30 seconds."))
            return
        self.unlock()

    def unlock(self) -> None:
        self._unlocked = True
        with contextlib.suppress(UserError, sqlite3.Error):  # if it stays, it resumes: safe
            audit.end_participant_mode(self.db)
        clear_clipboard()
        self.timer.stop()
        self.reclaim_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.close()
        self.left.emit()

    # -- showing and refusing to leave ------------------------------------------

    def show_kiosk(self, screen: QScreen | None = None) -> None:
        with contextlib.suppress(UserError, sqlite3.Error):  # a full disk: it runs, unnoted
            audit.start_participant_mode(self.db, self.round_id)  # committed before it shows
        if screen is not None:
            self.setScreen(screen)
            self.move(screen.geometry().topLeft())
        self.showFullScreen()
        if QApplication.platformName() != "offscreen":  # no window stacking there
            self.raise_()
        self.activateWindow()
        self.timer.start()
        self._shown = True
        self._focus_first()

    # -- taking itself back --------------------------------------------------------

    def taken_away(self) -> bool:
        """Minimised, not full screen or not the active window, while it should be."""
        if not self._shown or self._unlocked:
            return False
        return (self.isMinimized() or not self.isFullScreen() or not self.isActiveWindow()
                or self.isHidden())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.WindowStateChange, QEvent.Type.ActivationChange) \
                and self.taken_away() and not self.reclaim_timer.isActive():
            self.reclaim_timer.start()

    def reclaim(self) -> bool:
        """Come back full screen, active and focused, on the same page. True if it had to."""
        if not self.taken_away():
            return False
        self.reclaims += 1
        focus = self.focusWidget()
        state = self.windowState() & ~Qt.WindowState.WindowMinimized
        self.setWindowState(state | Qt.WindowState.WindowFullScreen)
        self.showFullScreen()
        if QApplication.platformName() != "offscreen":
            self.raise_()
        self.activateWindow()
        if focus is not None and focus.window() is self and focus.isVisible():
            focus.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        else:
            self._focus_first()
        if self.taken_away():  # the system has not let it yet: try again shortly
            self.reclaim_timer.start()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._unlocked:
            super().closeEvent(event)
        else:
            event.ignore()  # the window's close, Alt+F4: only the PIN leaves

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride,
                        QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin,
                        QEvent.Type.FocusIn):
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self:
            return False
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.session.touch()
            return False
        if kind == QEvent.Type.FocusIn:
            assert isinstance(event, QFocusEvent)
            if not self._own_focus and event.reason() not in OWN_FOCUS_REASONS:
                self._activity()  # Tab, or a screen reader moving the focus
            return False
        assert isinstance(event, QKeyEvent)
        if kind == QEvent.Type.KeyPress and not self.warning.isHidden():
            # Any key while the idle warning shows carries on, and does only that:
            # a digit or Enter pressed to stop the countdown answers nothing.
            self._still_here()
            return True
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = Qt.Key(event.key())
        if (key, mods) in REFUSED_SHORTCUTS or key == Qt.Key.Key_Escape:
            if kind == QEvent.Type.KeyPress and key == Qt.Key.Key_Escape \
                    and self.pages.currentWidget() is self.pin_page:
                self._cancel_pin()
            event.accept()
            return True  # refused: no shortcut or key leaves participant mode
        if kind == QEvent.Type.ShortcutOverride:
            return False
        self.session.touch()
        return self._key(obj, key, mods, event.text())

    def _key(self, obj: QObject, key: Qt.Key, mods: Qt.KeyboardModifier, text: str) -> bool:
        """Keyboard use of the participant screens; True when the key was used here."""
        page = self.pages.currentWidget()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if page is self.pin_page:
            self._pin_since = self.session.clock()
            return False
        if obj is self.comment:
            if not self.warning.isHidden():
                self.render()
            return False  # typing a comment: digits and arrows are text
        focus = self.focusWidget()
        if enter and isinstance(focus, QPushButton) and focus.isVisible():
            if focus in self.score_buttons:
                self._choose(self.score_buttons.index(focus))
                self._next()
            elif focus in self.side_buttons.values():
                side = next(s for s, b in self.side_buttons.items() if b is focus)
                self._act(lambda: self.session.choose_side(side))
                self._next()
            else:
                focus.click()
            return True
        if page is self.welcome_page and enter:
            self._start()
            return True
        if page is self.question_page:
            if mods == Qt.KeyboardModifier.NoModifier and text.isascii() and text.isdigit() \
                    and len(text) == 1:
                self._type_digit(int(text))
                return True
            steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Down: -1,
                     Qt.Key.Key_Right: 1, Qt.Key.Key_Up: 1}
            if key in steps:
                self._act(lambda: self.session.step_score(steps[key]))
                chosen = self.session.choice
                if isinstance(chosen, int):
                    self.score_buttons[chosen].setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if enter:
                self._next()
                return True
        if page is self.side_page:
            if text in ("1", "2", "3"):
                side = SIDES[int(text) - 1]
                self._act(lambda: self.session.choose_side(side))
                self.side_buttons[side].setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
            if self._step_side(key):
                return True
            if enter:
                self._next()
                return True
        if page is self.review_page and enter:
            if focus is self.review_list and self.review_list.currentRow() >= 0:
                self._go_to(self.review_list.currentRow())  # Enter on an answer reopens it
                return True
            self._submit()
            return True
        if not self.warning.isHidden():
            self.render()
        return False
