"""Run mode's clock page: the meeting clock for the facilitator.

The QTimer only asks for a repaint once a second; the time itself comes from
the clocks passed in, and the state is saved to the archive after every
action, so closing or crashing loses nothing. What is captured while running
is the capture panel's (``capture_panel``); the projector shows the audience
window (``audience``). Colours are the stylesheet's clock roles (ui/style.qss);
what the clock says in words, on screen and to a screen reader, is ``run_speech``'s.
Every button answers Space and Enter when focused; the window-wide keys are
letters, + and -, so they never take those from a focused button.

Why this module is long: the page's buttons, their window-wide keys and the
confirmations before finishing act on one clock; kept together, a key and its
button cannot disagree about what they do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QHideEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.agenda import compute_schedule, fmt_clock
from spf_desktop.domain.errors import UserError
from spf_desktop.domain.runclock import (
    Mono,
    RunClock,
    RunView,
    Wall,
    fmt_countdown,
    run_plan,
)
from spf_desktop.domain.section_types import SectionType
from spf_desktop.gui.a11y import announce, set_accessible_role
from spf_desktop.gui.agenda import run_speech
from spf_desktop.gui.agenda.audience import AudienceWindow, big, bring_to_front, clock_role
from spf_desktop.gui.agenda.capture_panel import CapturePanel
from spf_desktop.gui.agenda.keyboard import chain, press_on_enter
from spf_desktop.gui.agenda.round_link import LinkedRoundLine
from spf_desktop.gui.agenda.steps import ask
from spf_desktop.gui.widgets import button, is_writable, label, set_role, writes
from spf_desktop.store import agenda as store

if TYPE_CHECKING:
    from sqlite_utils import Database



#: Clock actions with a key: the key works anywhere in the main window while the
#: meeting runs, and the button says it. No Space or Enter: a focused button keeps those
#: (Enter presses it, as Space does). T says the time left, A opens the audience window.
KEYS = {"pause": "P", "minus": "-", "plus": "+", "next": "N", "skip": "K", "turn": "S",
        "finish": "F"}
SAY_TIME_KEY = "T"
#: What an action says once done (the clock's own news, a new section say, follows).
DONE_WORDS = {"plus": "A minute added", "minus": "A minute taken off"}
#: Not started this many minutes after the planned start: Start late is suggested.
LATE_HINT_MIN = 10


class RunPage(QWidget):
    """The facilitator's screen while the meeting runs. The buttons sit above the
    clock, in rows that never change, so none moves under the pointer while the
    clock runs: a button that cannot act now is switched off, never hidden."""

    updated = Signal(object)  # RunView
    back_requested = Signal()
    participant_mode_requested = Signal(str)  # round id

    def __init__(self, types: Mapping[str, SectionType], *, mono: Mono, wall: Wall,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.types = dict(types)
        self.mono, self.wall = mono, wall
        self.db: Database | None = None
        self.meeting_id: str | None = None
        self.clock: RunClock | None = None
        self.last_view: RunView | None = None
        self.audience: AudienceWindow | None = None
        self.last_message: QMessageBox | None = None
        self.finish_box: QMessageBox | None = None
        self.linked_rounds: dict[str, str] = {}  # section id -> audit round id
        self.heard: run_speech.Heard | None = None  # what the clock last said it was in
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh)
        self.capture = CapturePanel(self._running_section_id)
        self.capture.problem.connect(lambda text: self.error_label.setText(text))
        self.capture.captured.connect(self._after_capture)
        self.round_line = LinkedRoundLine()
        self.round_line.start_requested.connect(self.participant_mode_requested)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)  # the whole page on a 768-high screen
        self._build_heading(layout)
        self._build_buttons(layout)
        self._build_display(layout)
        layout.addWidget(self.capture)
        self._chain_tabs()
        self.update_enabled()

    def _build_heading(self, layout: QVBoxLayout) -> None:
        top = QHBoxLayout()
        self.meeting_label = label("", "Meeting being run", role="heading")
        self.now_label = label("", "Time now", wrap=False)
        top.addWidget(self.meeting_label, 1)
        top.addWidget(self.now_label)
        layout.addLayout(top)

    def _build_display(self, layout: QVBoxLayout) -> None:
        self.section_label = big(label("", "Current section"), 20)
        set_accessible_role(self.section_label, "heading")  # the page's heading while it runs
        self.question_label = big(label("", "Current question"), 14, bold=False)
        self.countdown = big(label("--:--", "Time left", wrap=False), 72)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.countdown.setMinimumHeight(110)
        self.state_label = big(label("", "Countdown state"), 12)  # the colour in words, readable
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # wraps: "Report-back: group 3 of 4: 3:00" on a small screen
        self.turn_label = big(label("", "Speaker timer"), 16)
        self.turn_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.parallel_label = label("", "Parallel timers")
        for w in (self.section_label, self.question_label, self.countdown, self.state_label,
                  self.turn_label, self.parallel_label):
            layout.addWidget(w, 1 if w is self.countdown else 0)
        self.schedule_label = big(label("", "Ahead or behind"), 12)
        layout.addWidget(self.schedule_label)  # the full width: two statements, one a line
        info = QHBoxLayout()
        self.next_label = label("", "Next section")
        self.finish_label = label("", "Projected finish")
        for w in (self.next_label, self.finish_label):
            info.addWidget(w, 1)
        layout.addLayout(info)
        # Every line keeps its height whatever it says (shown even when empty), so
        # nothing on the page moves while the clock runs.
        self.section_label.setWordWrap(False)  # one line, shortened with "..." (_show_section)
        self.section_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        for w, lines in ((self.section_label, 1), (self.question_label, 2), (self.state_label, 1),
                         (self.turn_label, 1), (self.parallel_label, 1), (self.next_label, 1),
                         (self.schedule_label, 2), (self.finish_label, 1)):
            w.setFixedHeight(w.fontMetrics().lineSpacing() * lines + 4)

    def _clock_button(self, text: str, name: str, action: str) -> QPushButton:
        """A button for one clock action (each saves the run: it writes). A key, if the
        action has one, is in the button's text and works anywhere in the window."""
        keys = KEYS.get(action)
        shown = f"{text} ({keys})" if keys else text
        made = writes(button(shown, name, f"{name} ({keys})" if keys else name))
        made.clicked.connect(lambda: self.request(action))
        press_on_enter(made)
        if keys:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda: self.request(action))
            shortcut.setEnabled(False)  # only while the meeting runs (refresh)
            self.shortcuts[action] = shortcut
        return made

    def _build_buttons(self, layout: QVBoxLayout) -> None:
        # Three rows of buttons, so the page fits a 1024-wide screen.
        self.shortcuts: dict[str, QShortcut] = {}
        b = self._clock_button
        self.start_button = b("Start", "Start the meeting", "start")
        self.late_button = b("Start late", "Start late (the rest shifts)", "start_late")
        self.pause_button = b("Pause", "Pause or resume", "pause")
        self.pause_button.setAccessibleIdentifier("Pause or resume")  # named by its state
        self.minus_button = b("\u22121 min", "Take off a minute", "minus")
        self.plus_button = b("+1 min", "Add a minute", "plus")
        self.next_button = b("Next section", "Next section", "next")
        self.skip_button = b("Skip", "Skip this section", "skip")
        self.turn_button = b("Next speaker", "Next speaker", "turn")
        self.finish_button = b("Finish", "Finish the meeting", "finish")
        self.audience_button = button("Audience window (A)", "Open the audience window",
                                      "Show the question and the time left to the room (A); "
                                      "on one screen it opens beside the controls")
        self.audience_button.clicked.connect(self.open_audience)
        self.audience_shortcut = QShortcut(QKeySequence("A"), self)
        self.audience_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.audience_shortcut.activated.connect(self.open_audience)
        self.say_button = button(f"Time left ({SAY_TIME_KEY})", "Say the time left",
                                 f"Say the time left, the section and how the meeting stands "
                                 f"against the plan ({SAY_TIME_KEY})")
        self.say_button.clicked.connect(self.say_time_left)
        self.say_shortcut = QShortcut(QKeySequence(SAY_TIME_KEY), self)
        self.say_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.say_shortcut.activated.connect(self.say_time_left)
        self.reset_button = writes(button("Reset the clock"))
        self.reset_button.clicked.connect(self.ask_reset)
        self.back_button = button("Back to the plan")
        self.back_button.clicked.connect(self.back_requested)
        press_on_enter(self.audience_button, self.say_button, self.reset_button, self.back_button)
        self.error_label = label("", "Run mode problem", role="warning")
        # One stop button per running parallel section (the audit beside lunch, each
        # breakout group), made afresh only when the set of running ones changes. They
        # sit in a row of their own below the fixed buttons, so those never move.
        self.parallel_stops = QWidget()
        self.parallel_stops_layout = QHBoxLayout(self.parallel_stops)
        self.parallel_stops_layout.setContentsMargins(0, 0, 0, 0)
        self.parallel_stop_buttons: dict[str, QPushButton] = {}
        rows = (
            (self.start_button, self.late_button, self.pause_button, self.minus_button,
             self.plus_button),
            (self.next_button, self.skip_button, self.turn_button, self.finish_button),
            (self.audience_button, self.say_button, self.reset_button, self.back_button),
            (self.parallel_stops, self.round_line),
        )
        for widgets in rows:
            row = QHBoxLayout()
            for w in widgets:
                row.addWidget(w)
            row.addStretch(1)
            layout.addLayout(row)
        self.round_line.hide()  # shown (for the whole run) when a section is linked to a round
        layout.addWidget(self.error_label)

    def _buttons_in_order(self) -> list[QWidget]:
        return [self.start_button, self.late_button, self.pause_button, self.minus_button,
                self.plus_button, self.next_button, self.skip_button, self.turn_button,
                self.finish_button, self.audience_button, self.say_button, self.reset_button,
                self.back_button, *self.parallel_stop_buttons.values(),
                self.round_line.start_button]

    def _chain_tabs(self) -> None:
        """Tab as the eye reads the page: the buttons row by row, then the capture form."""
        chain(*self._buttons_in_order(), *self.capture.tab_chain())

    # -- loading ----------------------------------------------------------------

    def set_meeting(self, db: Database | None, meeting_id: str | None) -> None:
        """Build the clock for a meeting; a saved clock resumes where the meeting is now."""
        self.db, self.meeting_id = db, meeting_id
        self.clock = None
        self.heard = None  # a meeting (re)loaded: what it is in now is no news
        self.error_label.setText("")
        if db is None or meeting_id is None:
            self.timer.stop()
            self.capture.set_meeting(None, None)
            self.update_enabled()
            return
        row = store.get_meeting(db, meeting_id)
        sections = store.sections(db, meeting_id)
        schedule = compute_schedule(sections, row["start_time"], row["planned_end"], self.types)
        try:
            state = store.load_run_state(db, meeting_id)
        except UserError as exc:
            self.error_label.setText(str(exc))
            state = None
        self.clock = RunClock(run_plan(schedule, self.types), row["start_time"], state=state,
                              mono=self.mono, wall=self.wall, meeting_end=row["planned_end"])
        self.meeting_label.setText(f"{row['title']}  ({row['start_time']} to {row['planned_end']})")
        self.capture.set_meeting(db, meeting_id)
        self.linked_rounds = {s.id: s.round_id for s in sections if s.round_id}
        self.round_line.setVisible(bool(self.linked_rounds))
        # The row for parallel stops and the linked round keeps its height for the
        # whole run, so nothing below it jumps when a parallel section starts.
        has_parallel = any(s.parallel_with for s in sections)
        self.parallel_stops.setMinimumHeight(
            self.back_button.sizeHint().height() if has_parallel or self.linked_rounds else 0)
        self.refresh()
        self.timer.start()

    def refresh_round(self) -> None:
        """A response (or a round) changed: the linked round's count follows."""
        self.round_line.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        """The main window closing takes the audience window with it."""
        super().hideEvent(event)
        if not self.window().isVisible():
            self.timer.stop()  # nothing to repaint while the window is closed
            if self.audience is not None:
                self.audience.close()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.clock is not None:
            self.timer.start()
            self.refresh()  # laid out now: the section line fits the width there is

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if getattr(self, "_section_text", None):
            self._show_section(self._section_text)

    def stop(self) -> None:
        self.timer.stop()
        if self.audience is not None:
            self.updated.disconnect(self.audience.show_view)
            self.audience.close()
            self.audience = None

    # -- actions ------------------------------------------------------------------

    def request(self, action: str) -> None:
        """A button or key asked for ``action``. Finishing asks first: Finish, and Next
        section or Skip on the last section."""
        clock = self.clock
        if clock is None:
            return
        ends = action == "finish" or (action in ("next", "skip")
                                      and clock.state.status in ("running", "paused")
                                      and clock.sections_not_run() == 0)
        if ends:
            self.ask_finish(then=action)
        else:
            self.act(action)

    def ask_finish(self, then: str = "finish") -> QMessageBox | None:
        """"Finish the meeting now? 2 sections not run", with No as the default. Asked
        once: a second press while the question is open brings it to the front."""
        clock = self.clock
        if clock is None:
            return None
        if clock.state.status not in ("running", "paused"):
            self.error_label.setText(
                "The meeting has already finished: nothing was changed."
                if clock.state.status == "finished" else "Start the meeting clock first.")
            return None
        if self.finish_box is not None and self.finish_box.isVisible():
            bring_to_front(self.finish_box)
            return self.finish_box
        left = clock.sections_not_run()
        text = ("Finish the meeting now? " + (f"{left} section{'s' * (left != 1)} not run."
                if left else "This is the last section: it ends now."))
        box = ask(self, "Finish the meeting", text, name="Finish the meeting?",
                  yes="Yes, finish", no="No, keep running", on_yes=lambda: self.act(then))
        self.finish_box = self.last_message = box
        return box

    def act(self, action: str, section_id: str | None = None) -> bool:
        """Do one clock action, save the state, repaint; ``section_id`` names the
        parallel section for ``stop_parallel``."""
        clock = self.clock
        if clock is None:
            return False
        try:
            match action:
                case "start":
                    clock.start()
                case "start_late":
                    clock.start(late=True)
                case "pause":
                    (clock.resume if clock.state.status == "paused" else clock.pause)()
                case "plus":
                    clock.adjust(+1)
                case "minus":
                    clock.adjust(-1)
                case "next":
                    clock.next_section()
                case "skip":
                    clock.skip()
                case "turn":
                    clock.next_turn()
                case "finish":
                    clock.finish()  # refused, with a message, when already finished
                case "stop_parallel":
                    if not clock.state.running_parallels:
                        raise UserError("No parallel timer is running.")
                    clock.stop_parallel(section_id or clock.state.running_parallels[0])
                case _:
                    raise ValueError(action)
        except UserError as exc:
            self.error_label.setText(str(exc))
            self.refresh()
            return False
        self.error_label.setText("")
        self.save()
        said = DONE_WORDS.get(action, "")
        if action == "stop_parallel":
            said = "Parallel timer stopped."
        if said and action in ("plus", "minus") and clock.view().timer is not None:
            said += f": {fmt_countdown(clock.view().timer.remaining_s)} left."
        self.refresh(said)
        self._focus_after(action)
        return True

    def _focus_after(self, action: str) -> None:
        """After an action the keyboard is where the person carries on: the clock's
        next step, never a button that ends or resets the meeting. A pressed button
        that is now off (Start once started, Next speaker after the last) hands the
        focus on; one still on keeps it."""
        focus = QApplication.focusWidget()
        if focus is not None and focus.isEnabled() and focus.isVisible() and focus.window() is \
                self.window() and focus not in (self.finish_button, self.reset_button) \
                and action not in ("start", "start_late", "finish", "stop_parallel"):
            return
        if focus is not None and self.audience is not None and focus.window() is self.audience:
            return  # the audience window keeps its own (Esc comes back)
        self.focus_default()

    def focus_default(self) -> None:
        """Where the keyboard belongs on the page now: Start (or, well past the
        planned start, Start late) before the meeting, Next section while it runs,
        Back to the plan once it has finished."""
        clock = self.clock
        status = clock.state.status if clock is not None else None
        if status == "ready":
            target = self.late_button if self.late_by() >= LATE_HINT_MIN else self.start_button
        elif status in ("running", "paused"):
            target = self.next_button if self.next_button.isEnabled() else self.pause_button
        else:
            target = self.back_button
        if not target.isEnabled():
            target = self.back_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def say_time_left(self) -> None:
        """The T key (or the button): the time left and how the meeting stands, said now."""
        if self.isVisible():
            announce(self, run_speech.time_left(self.last_view if self.clock is not None else None))

    def save(self) -> None:
        if self.clock is not None and self.meeting_id is not None and self.db is not None:
            store.save_run_state(self.db, self.meeting_id, self.clock.state, self.clock.actual_times(),
                                 saved_at=self.wall().isoformat(timespec="seconds"))

    def ask_reset(self) -> QMessageBox | None:
        """Resetting forgets the actual times: ask first."""
        if self.meeting_id is None:
            return None
        self.last_message = ask(
            self, "Reset the clock", "Forget this run of the meeting, with the actual start and "
            "end of each section? Outcomes, decisions and actions are kept.",
            name="Reset the clock?", yes="Yes, reset", no="No, keep the run",
            on_yes=self.reset_clock)
        return self.last_message

    def reset_clock(self) -> None:
        if self.meeting_id is None or self.db is None:
            return
        store.reset_run_state(self.db, self.meeting_id)
        self.set_meeting(self.db, self.meeting_id)
        announce(self, "The clock is reset: the meeting has not started.")
        self.focus_default()

    def add_capture(self) -> bool:
        return self.capture.add()

    def _after_capture(self) -> None:
        """Captured (Enter in a field, say): the focus goes back to the clock's next
        step, so its keys (N, P, +...) work at once instead of typing into a field."""
        if self.isVisible():
            self.focus_default()

    def late_by(self) -> int:
        """Minutes past the planned start while the clock is not started (0: not late,
        or started)."""
        clock = self.clock
        if clock is None or clock.state.status != "ready":
            return 0
        return max(0, int(clock.view().now_min - clock.start_min))

    def _running_section_id(self) -> str | None:
        item = self.clock.current_item if self.clock else None
        return item.id if item else None

    # -- painting -------------------------------------------------------------------

    def refresh(self, said: str = "") -> None:
        """Repaint from the clock (the QTimer calls this once a second), and say what
        is news since the last look (``said`` first: what the action did)."""
        if self.clock is None:
            return
        v = self.clock.view()
        self.last_view = v
        self._paint(v)
        news = run_speech.news(self.heard, v)
        self.heard = run_speech.heard(v)
        if said:
            news.insert(0, (said, False))
        if news and self.isVisible():
            announce(self, " ".join(words for words, _ in news),
                     assertive=any(loud for _, loud in news))
        self.updated.emit(v)

    def _paint(self, v: RunView) -> None:
        assert self.clock is not None
        self.now_label.setText(f"Now {fmt_clock(v.now_min)}")
        status = v.status
        for b in (self.start_button, self.late_button):
            b.setEnabled(status == "ready")
        running = status in ("running", "paused")
        for b in (self.pause_button, self.minus_button, self.plus_button, self.next_button,
                  self.skip_button, self.finish_button):
            b.setEnabled(running)
        self.reset_button.setEnabled(True)
        paused = status == "paused"
        self.pause_button.setText(f"Resume ({KEYS['pause']})" if paused else f"Pause ({KEYS['pause']})")
        # Its name says what it does now; it is found by its purpose.
        self.pause_button.setAccessibleName("Resume the clock" if paused else "Pause the clock")
        self.say_shortcut.setEnabled(True)
        self.turn_button.setEnabled(bool(v.turn) and v.current is not None
                                    and self.clock.state.turn < len(v.current.turns) - 1)
        for shortcut in self.shortcuts.values():
            shortcut.setEnabled(running and is_writable(self))
        self._parallel_buttons(v)
        if self.linked_rounds:
            self.round_line.follow(v, self.db, self.linked_rounds)
        if status == "ready":
            first = v.current
            self._show_section(f"Ready: {first.title}" if first else "No sections")
            self.question_label.setText(first.question if first else "")
            self.countdown.setText(fmt_countdown(first.seconds) if first else "--:--")
            self._colour("normal")
            late = self.late_by() >= LATE_HINT_MIN
            self.state_label.setText(
                f"Not started. It was planned to start at {fmt_clock(self.clock.start_min)} "
                f"(now {fmt_clock(v.now_min)}): Start late records the real start."
                if late else "Not started")
            set_role(self.late_button, "primary" if late else None)
        elif status == "finished":
            self._show_section("The meeting has finished")
            self.question_label.setText("")
            self.countdown.setText("Done")
            self._colour("normal")
            self.state_label.setText(f"Finished at {fmt_clock(v.now_min)}")
        else:
            assert v.current is not None and v.timer is not None
            self._show_section(f"{v.index + 1} of {v.count}: {v.current.title}")
            self.question_label.setText(v.current.question)
            self.countdown.setText(fmt_countdown(v.timer.remaining_s))
            self._colour(v.timer.colour)
            self.state_label.setText(run_speech.state_text(v))  # the colour in words too
        if v.turn is not None and status in ("running", "paused"):
            self.turn_label.setText(f"{v.turn.label}: {fmt_countdown(v.turn.remaining_s)}")
            set_role(self.turn_label, clock_role(v.turn.colour))
        else:
            self.turn_label.setText("")
            set_role(self.turn_label, None)
        self.parallel_label.setText("  ".join(
            f"\u2225 {t.label}: {fmt_countdown(t.remaining_s)}" for t in v.parallels))
        self.next_label.setText(f"Next: {v.next.title}" if v.next else "Next: nothing (last section)")
        self.schedule_label.setText(v.schedule_text)  # before the start: the plan against the end
        self.finish_label.setText(
            f"Projected finish {fmt_clock(v.projected_end_min)} (planned {fmt_clock(v.planned_end_min)})")

    def _show_section(self, text: str) -> None:
        """The section on one line: shortened to the width there is, whole in the
        tooltip and for a screen reader."""
        self._section_text = text
        width = max(self.section_label.width(), 200)
        shown = self.section_label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width)
        self.section_label.setText(shown)
        self.section_label.setToolTip(text if shown != text else "")
        self.section_label.setAccessibleDescription(text)

    def _parallel_buttons(self, v: RunView) -> None:
        wanted = [(t.section_id, t.label) for t in v.parallels if t.section_id is not None]
        if [sid for sid, _ in wanted] != list(self.parallel_stop_buttons):
            for old in self.parallel_stop_buttons.values():
                self.parallel_stops_layout.removeWidget(old)
                old.setParent(None)  # gone now, not at the next event loop
                old.deleteLater()
            self.parallel_stop_buttons = {}
            for sid, title in wanted:
                b = writes(button(f"Stop \u2225 {title}", f"Stop the parallel timer for {title}",
                                  f"{title} has finished: record its end now"))
                b.clicked.connect(lambda _=False, sid=sid: self.act("stop_parallel", sid))
                press_on_enter(b)
                self.parallel_stops_layout.addWidget(b)
                b.show()  # added to a page already on screen
                self.parallel_stop_buttons[sid] = b
            chain(*self._buttons_in_order())  # the new stops in their place in the Tab order
        for b in self.parallel_stop_buttons.values():
            b.setEnabled(True)  # unless read-only (their guard sees to that)

    def update_enabled(self) -> None:
        """Which clock actions make sense now (all write, so all stay off while read-only)."""
        self.reset_button.setEnabled(self.meeting_id is not None)
        self.capture.update_enabled()
        self.round_line.update_enabled()
        if self.clock is not None:
            self.refresh()
            return
        for b in (self.start_button, self.late_button, self.pause_button, self.minus_button,
                  self.plus_button, self.next_button, self.skip_button, self.turn_button,
                  self.finish_button):
            b.setEnabled(False)  # no meeting on the clock
        for shortcut in self.shortcuts.values():
            shortcut.setEnabled(False)
        self.say_shortcut.setEnabled(self.clock is not None)

    def _colour(self, state: str) -> None:
        self.countdown.setProperty("countdown", state)
        set_role(self.countdown, clock_role(state))

    # -- the audience window ----------------------------------------------------------

    def open_audience(self) -> AudienceWindow:
        """Full screen on a second screen. On a single screen (a laptop mirrored to a
        projector) it opens as an ordinary window over part of the screen, raised,
        with the controls still in reach: F11 makes it full screen, Esc comes back
        to the controls."""
        if self.audience is None:
            self.audience = AudienceWindow(self)
            self.updated.connect(self.audience.show_view)
            self.audience.controls_requested.connect(self._back_to_controls)
        self.audience.open_for(self.window())
        if self.last_view is not None:
            self.audience.show_view(self.last_view)
        return self.audience

    def _back_to_controls(self) -> None:
        bring_to_front(self.window())
        self.setFocus(Qt.FocusReason.OtherFocusReason)
