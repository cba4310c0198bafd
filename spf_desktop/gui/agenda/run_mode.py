"""Run mode: the meeting clock for the facilitator, and the audience window.

The QTimer only asks for a repaint once a second; the time itself comes from
the clocks passed in, and the state is saved to the archive after every
action, so closing or crashing loses nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
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
from spf_desktop.store import agenda as store

#: (text, background) per countdown state; each pair passes WCAG AA contrast.
COLOURS = {
    "normal": ("#003087", "#ffffff"),
    "amber": ("#1d1d1b", "#ffb81c"),
    "red": ("#ffffff", "#b41f14"),
    "over": ("#ffffff", "#b41f14"),
}
STATE_WORDS = {"normal": "", "amber": "20% of the time left", "red": "5% of the time left",
               "over": "Over time"}


def _big(label: QLabel, points: float, bold: bool = True) -> QLabel:
    font = QFont(label.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    label.setFont(font)
    return label


def _named(widget: QWidget, name: str) -> QWidget:
    widget.setAccessibleName(name)
    return widget


class RunPage(QWidget):
    """The facilitator's screen while the meeting runs."""

    updated = Signal(object)  # RunView
    back_requested = Signal()

    def __init__(self, types: Mapping[str, SectionType], *, mono: Mono, wall: Wall,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.types = dict(types)
        self.mono, self.wall = mono, wall
        self.db = None
        self.meeting_id: str | None = None
        self.clock: RunClock | None = None
        self.last_view: RunView | None = None
        self.audience: AudienceWindow | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.meeting_label = _named(QLabel(), "Meeting being run")
        self.meeting_label.setProperty("role", "heading")
        self.meeting_label.setWordWrap(True)
        self.now_label = _named(QLabel(), "Time now")
        top.addWidget(self.meeting_label, 1)
        top.addWidget(self.now_label)
        layout.addLayout(top)

        self.section_label = _big(_named(QLabel(), "Current section"), 20)
        self.section_label.setWordWrap(True)
        self.question_label = _big(_named(QLabel(), "Current question"), 14, bold=False)
        self.question_label.setWordWrap(True)
        self.countdown = _big(_named(QLabel("--:--"), "Time left"), 72)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.countdown.setMinimumHeight(130)
        self.state_label = _named(QLabel(), "Countdown state")
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.turn_label = _big(_named(QLabel(), "Speaker timer"), 16)
        self.turn_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.turn_label.setWordWrap(True)  # "Report-back: group 3 of 4: 3:00" on a small screen
        self.state_label.setWordWrap(True)
        self.parallel_label = _named(QLabel(), "Parallel timers")
        self.parallel_label.setWordWrap(True)
        layout.addWidget(self.section_label)
        layout.addWidget(self.question_label)
        layout.addWidget(self.countdown, 1)
        layout.addWidget(self.state_label)
        layout.addWidget(self.turn_label)
        layout.addWidget(self.parallel_label)

        info = QHBoxLayout()
        self.next_label = _named(QLabel(), "Next section")
        self.schedule_label = _big(_named(QLabel(), "Ahead or behind"), 12)
        self.finish_label = _named(QLabel(), "Projected finish")
        for w in (self.next_label, self.schedule_label, self.finish_label):
            w.setWordWrap(True)
            info.addWidget(w, 1)
        layout.addLayout(info)

        # Two rows of clock buttons, so the page fits a 1024-wide screen.
        buttons = QHBoxLayout()
        moves = QHBoxLayout()

        def button(text: str, name: str, slot, keys: str | None = None) -> QPushButton:  # noqa: ANN001
            b = QPushButton(text)
            b.setAccessibleName(name)
            b.clicked.connect(slot)
            if keys:
                b.setToolTip(keys)
                sc = QShortcut(QKeySequence(keys), self)
                sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                sc.activated.connect(slot)
            buttons.addWidget(b)
            return b

        self.start_button = button("Start", "Start the meeting", lambda: self.act("start"))
        self.late_button = button("Start late", "Start late (the rest shifts)",
                                  lambda: self.act("start_late"))
        self.pause_button = button("Pause", "Pause or resume", lambda: self.act("pause"), "Space")
        self.minus_button = button("\u22121 min", "Take off a minute", lambda: self.act("minus"), "-")
        self.plus_button = button("+1 min", "Add a minute", lambda: self.act("plus"), "+")
        self.next_button = button("Next section", "Next section", lambda: self.act("next"), "N")
        self.skip_button = button("Skip", "Skip this section", lambda: self.act("skip"))
        self.turn_button = button("Next speaker", "Next speaker", lambda: self.act("turn"), "S")
        self.finish_button = button("Finish", "Finish the meeting", lambda: self.act("finish"))
        for b in (self.next_button, self.skip_button, self.turn_button):
            buttons.removeWidget(b)
            moves.addWidget(b)
        buttons.addStretch(1)
        moves.addStretch(1)
        layout.addLayout(buttons)
        layout.addLayout(moves)
        row2 = QHBoxLayout()
        self.audience_button = _named(QPushButton("Audience window"), "Open the audience window")
        self.audience_button.clicked.connect(self.open_audience)
        self.reset_button = _named(QPushButton("Reset the clock"), "Reset the clock")
        self.reset_button.clicked.connect(self.ask_reset)
        self.last_message: QMessageBox | None = None
        self.back_button = _named(QPushButton("Back to the plan"), "Back to the plan")
        self.back_button.clicked.connect(self.back_requested)
        self.error_label = _named(QLabel(), "Run mode problem")
        self.error_label.setStyleSheet("color: #8a1538;")
        self.error_label.setWordWrap(True)
        # One stop button per running parallel section (the audit beside lunch, each
        # breakout group), made afresh only when the set of running ones changes.
        self.parallel_stops = QWidget()
        self.parallel_stops_layout = QHBoxLayout(self.parallel_stops)
        self.parallel_stops_layout.setContentsMargins(0, 0, 0, 0)
        self.parallel_stop_buttons: dict[str, QPushButton] = {}
        self.parallel_stops.hide()
        row2.addWidget(self.parallel_stops)
        buttons.removeWidget(self.finish_button)
        row2.addWidget(self.finish_button)
        row2.addWidget(self.audience_button)
        row2.addWidget(self.reset_button)
        row2.addWidget(self.back_button)
        row2.addWidget(self.error_label, 1)
        layout.addLayout(row2)

        capture = QGroupBox("Capture while running")
        cf = QFormLayout(capture)
        self.capture_kind = _named(QComboBox(), "Capture kind")
        for label, kind in (("Outcome", "outcomes"), ("Decision", "decisions"), ("Action", "actions")):
            self.capture_kind.addItem(label, kind)
        self.capture_text = _named(QLineEdit(), "Captured text")
        self.capture_owner = _named(QLineEdit(), "Action owner")
        self.capture_due = _named(QLineEdit(), "Action due date")
        self.capture_due.setPlaceholderText("YYYY-MM-DD")
        self.capture_button = _named(QPushButton("Add"), "Add capture")
        self.capture_button.clicked.connect(self.add_capture)
        self.capture_text.returnPressed.connect(self.add_capture)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.capture_kind)
        kind_row.addWidget(self.capture_text, 1)
        kind_row.addWidget(self.capture_button)
        cf.addRow(kind_row)
        action_row = QHBoxLayout()  # an action's owner and due date, on their own line
        action_row.addWidget(QLabel("Owner"))
        action_row.addWidget(self.capture_owner, 1)
        action_row.addWidget(QLabel("Due"))
        action_row.addWidget(self.capture_due)
        cf.addRow(action_row)
        self.captured_list = _named(QListWidget(), "Captured outcomes, decisions and actions")
        self.captured_list.setMaximumHeight(110)
        self.captured_list.setWordWrap(True)  # long actions wrap on a small screen
        self.captured_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        cf.addRow(self.captured_list)
        capture.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout.addWidget(capture)

    # -- loading ----------------------------------------------------------------

    def set_meeting(self, db, meeting_id: str | None) -> None:  # noqa: ANN001
        """Build the clock for a meeting; a saved clock resumes where the meeting is now."""
        self.db, self.meeting_id = db, meeting_id
        self.clock = None
        self.error_label.setText("")
        if db is None or meeting_id is None:
            self.timer.stop()
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
                              mono=self.mono, wall=self.wall)
        self.meeting_label.setText(f"{row['title']}  ({row['start_time']} to {row['planned_end']})")
        self._fill_captured()
        self.refresh()
        self.timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802, ANN001
        """The main window closing takes the audience window with it."""
        super().hideEvent(event)
        if not self.window().isVisible():
            self.timer.stop()  # nothing to repaint while the window is closed
            if self.audience is not None:
                self.audience.close()

    def showEvent(self, event) -> None:  # noqa: N802, ANN001
        super().showEvent(event)
        if self.clock is not None:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self.audience is not None:
            self.updated.disconnect(self.audience.show_view)
            self.audience.close()
            self.audience = None

    # -- actions ------------------------------------------------------------------

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
                    clock.finish()
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
        self.refresh()
        return True

    def save(self) -> None:
        if self.clock is not None and self.meeting_id is not None:
            store.save_run_state(self.db, self.meeting_id, self.clock.state, self.clock.actual_times(),
                                 saved_at=self.wall().isoformat(timespec="seconds"))

    def ask_reset(self) -> QMessageBox | None:
        """Resetting forgets the actual times: ask first."""
        if self.meeting_id is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, "Reset the clock",
                          "Forget this run of the meeting, with the actual start and end of each "
                          "section? Outcomes, decisions and actions are kept.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setAccessibleName("Reset the clock?")
        box.button(QMessageBox.StandardButton.Yes).setAccessibleName("Yes, reset")
        box.button(QMessageBox.StandardButton.No).setAccessibleName("No, keep the run")
        box.buttonClicked.connect(
            lambda b: self.reset_clock() if box.standardButton(b) == QMessageBox.StandardButton.Yes else None)
        box.open()
        self.last_message = box
        return box

    def reset_clock(self) -> None:
        if self.meeting_id is None:
            return
        store.reset_run_state(self.db, self.meeting_id)
        self.set_meeting(self.db, self.meeting_id)

    def add_capture(self) -> bool:
        if self.meeting_id is None:
            return False
        kind = self.capture_kind.currentData()
        item = self.clock.current_item if self.clock else None
        try:
            store.add_capture(self.db, self.meeting_id, kind, self.capture_text.text(),
                              section_id=item.id if item else None,
                              owner=self.capture_owner.text(),
                              due_date=self.capture_due.text().strip() or None)
        except UserError as exc:
            self.error_label.setText(str(exc))
            return False
        self.error_label.setText("")
        self.capture_text.clear()
        self.capture_owner.clear()
        self.capture_due.clear()
        self._fill_captured()
        return True

    def _fill_captured(self) -> None:
        self.captured_list.clear()
        if self.meeting_id is None:
            return
        words = {"outcomes": "Outcome", "decisions": "Decision", "actions": "Action"}
        for kind, rows in store.captured(self.db, self.meeting_id).items():
            for r in rows:
                extra = ""
                if kind == "actions":
                    extra = "".join([f" (owner: {r['owner']}" if r["owner"] else " (",
                                     f", due {r['due_date']})" if r["due_date"] else ")"])
                    extra = "" if extra == " ()" else extra.replace("(, ", "(")
                where = f" [{r['section_title']}]" if r["section_title"] else ""
                self.captured_list.addItem(f"{words[kind]}: {r['text']}{extra}{where}")

    # -- painting -------------------------------------------------------------------

    def refresh(self) -> None:
        """Repaint from the clock (the QTimer calls this once a second)."""
        if self.clock is None:
            return
        v = self.clock.view()
        self.last_view = v
        self.now_label.setText(f"Now {fmt_clock(v.now_min)}")
        status = v.status
        for b in (self.start_button, self.late_button):
            b.setEnabled(status == "ready")
        for b in (self.pause_button, self.minus_button, self.plus_button, self.next_button,
                  self.skip_button, self.finish_button):
            b.setEnabled(status in ("running", "paused"))
        self.pause_button.setText("Resume" if status == "paused" else "Pause")
        self.turn_button.setEnabled(bool(v.turn) and v.current is not None
                                    and self.clock.state.turn < len(v.current.turns) - 1)
        self._parallel_buttons(v)
        if status == "ready":
            first = v.current
            self.section_label.setText(f"Ready: {first.title}" if first else "No sections")
            self.question_label.setText(first.question if first else "")
            self.countdown.setText(fmt_countdown(first.seconds) if first else "--:--")
            self._colour("normal")
            self.state_label.setText("Not started")
        elif status == "finished":
            self.section_label.setText("The meeting has finished")
            self.question_label.setText("")
            self.countdown.setText("Done")
            self._colour("normal")
            self.state_label.setText(f"Finished at {fmt_clock(v.now_min)}")
        else:
            assert v.current is not None and v.timer is not None
            self.section_label.setText(f"{v.index + 1} of {v.count}: {v.current.title}")
            self.question_label.setText(v.current.question)
            self.countdown.setText(fmt_countdown(v.timer.remaining_s))
            self._colour(v.timer.colour)
            words = STATE_WORDS[v.timer.colour]
            self.state_label.setText(("Paused. " if status == "paused" else "") + words)
        if v.turn is not None and status in ("running", "paused"):
            self.turn_label.setText(f"{v.turn.label}: {fmt_countdown(v.turn.remaining_s)}")
            self.turn_label.setStyleSheet(
                f"color: {COLOURS[v.turn.colour][0]}; background: {COLOURS[v.turn.colour][1]};")
            self.turn_label.show()
        else:
            self.turn_label.hide()
        self.parallel_label.setText("  ".join(
            f"\u2225 {t.label}: {fmt_countdown(t.remaining_s)}" for t in v.parallels))
        self.parallel_label.setVisible(bool(v.parallels))
        self.next_label.setText(f"Next: {v.next.title}" if v.next else "Next: nothing (last section)")
        self.schedule_label.setText(v.schedule_text if status != "ready" else "Not started")
        self.finish_label.setText(
            f"Projected finish {fmt_clock(v.projected_end_min)} (planned {fmt_clock(v.planned_end_min)})")
        self.updated.emit(v)

    def _parallel_buttons(self, v: RunView) -> None:
        wanted = [(t.section_id, t.label) for t in v.parallels if t.section_id is not None]
        if [sid for sid, _ in wanted] != list(self.parallel_stop_buttons):
            for old in self.parallel_stop_buttons.values():
                self.parallel_stops_layout.removeWidget(old)
                old.setParent(None)  # gone now, not at the next event loop
                old.deleteLater()
            self.parallel_stop_buttons = {}
            for sid, label in wanted:
                b = QPushButton(f"Stop \u2225 {label}")
                b.setAccessibleName(f"Stop the parallel timer for {label}")
                b.setToolTip(f"{label} has finished: record its end now")
                b.clicked.connect(lambda _=False, sid=sid: self.act("stop_parallel", sid))
                self.parallel_stops_layout.addWidget(b)
                self.parallel_stop_buttons[sid] = b
        self.parallel_stops.setVisible(bool(self.parallel_stop_buttons))

    def _colour(self, state: str) -> None:
        fg, bg = COLOURS[state]
        self.countdown.setProperty("countdown", state)
        self.countdown.setStyleSheet(f"color: {fg}; background-color: {bg}; border-radius: 8px;")

    # -- the audience window ----------------------------------------------------------

    def open_audience(self) -> AudienceWindow:
        if self.audience is None:
            self.audience = AudienceWindow(self)
            self.updated.connect(self.audience.show_view)
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            self.audience.setScreen(screens[1])
            self.audience.setGeometry(screens[1].geometry())
            self.audience.showFullScreen()
        else:
            self.audience.resize(900, 560)
            self.audience.show()
        if self.last_view is not None:
            self.audience.show_view(self.last_view)
        return self.audience


class AudienceWindow(QWidget):
    """For the projector: the question and the time left, very large. Never the notes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("SPF Desktop: audience")
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setAccessibleName("Audience window")
        self.setStyleSheet("background-color: #ffffff;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        self.title = _big(_named(QLabel(), "Audience section"), 28)
        self.title.setStyleSheet("color: #425563;")
        self.question = _big(_named(QLabel(), "Audience question"), 44)
        self.question.setWordWrap(True)
        self.question.setStyleSheet("color: #003087;")
        self.time_left = _big(_named(QLabel(), "Audience time left"), 150)
        self.time_left.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.turn = _big(_named(QLabel(), "Audience speaker"), 32)
        self.turn.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.question, 1)
        layout.addWidget(self.time_left, 2)
        layout.addWidget(self.turn)
        for keys, slot in (("F11", self.toggle_full_screen), ("Esc", self.showNormal)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.activated.connect(slot)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def show_view(self, v: RunView) -> None:
        if v.status in ("running", "paused") and v.current is not None and v.timer is not None:
            self.title.setText(v.current.title)
            self.question.setText(v.current.question or v.current.title)
            self.time_left.setText(fmt_countdown(v.timer.remaining_s))
            fg, bg = COLOURS[v.timer.colour]
            self.time_left.setStyleSheet(f"color: {fg}; background-color: {bg};")
            self.turn.setText(f"{v.turn.label}: {fmt_countdown(v.turn.remaining_s)}" if v.turn else "")
        elif v.status == "finished":
            self.title.setText("")
            self.question.setText("Thank you")
            self.time_left.setText("")
            self.time_left.setStyleSheet("")
            self.turn.setText("")
        else:
            self.title.setText("Starting soon")
            self.question.setText(v.current.question if v.current else "")
            self.time_left.setText("")
            self.time_left.setStyleSheet("")
            self.turn.setText("")
