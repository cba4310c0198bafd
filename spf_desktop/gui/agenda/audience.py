"""The audience window: for the projector, the question and the time left, very large.

It shows only what a ``RunView`` holds for the room: never the facilitator's
private notes. Its colours are the stylesheet's clock roles (ui/style.qss).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from spf_desktop.domain.runclock import RunView, fmt_countdown
from spf_desktop.gui.a11y import set_accessible_role
from spf_desktop.gui.widgets import label, set_role

#: The window size the type is designed for (a projector's screen, or more).
FULL_SIZE = QSize(1024, 600)


def big(widget: QLabel, points: float, bold: bool = True) -> QLabel:
    """A label in large type, for reading across a room. Give it its role (if any)
    after this: a role applied earlier brings back the font it had then."""
    font = QFont(widget.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    widget.setFont(font)
    return widget


def bring_to_front(window: QWidget) -> None:
    """Raise and activate a window (platforms without stacking, such as the
    offscreen one the tests use, only activate it)."""
    if QGuiApplication.platformName() not in ("offscreen", "minimal"):
        window.raise_()
    window.activateWindow()


#: What the room reads beside the countdown's colour (never the colour alone).
AUDIENCE_WORDS = {"amber": "Nearly time", "red": "Time is almost up", "over": "Over time"}


def clock_role(state: str | None) -> str | None:
    """The stylesheet role for a countdown state (``normal``, ``amber``, ``red``, ``over``)."""
    return f"clock-{state}" if state else None


class AudienceWindow(QWidget):
    """For the projector: the question and the time left, very large. Never the notes.

    F11 toggles full screen; Esc leaves full screen and brings the facilitator's
    controls to the front (``controls_requested``), so on a single screen the
    facilitator is never locked out of the clock."""

    controls_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("SPF Desktop: audience")
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAccessibleName("Audience window")
        set_accessible_role(self, "window")  # a window of its own, not a panel
        set_role(self, "audience")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        # Large type first, then the role: the stylesheet keeps the font a widget
        # had when its role was first applied.
        self.title = big(label("", "Audience section", wrap=False), 28)
        set_role(self.title, "muted")
        self.question = big(label("", "Audience question"), 44)
        set_role(self.question, "heading")
        self.time_left = big(label("", "Audience time left", wrap=False), 150)
        self.time_left.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The colour never stands alone: amber, red, over time and paused in words.
        self.clock_state = big(label("", "Audience clock state", wrap=False), 32)
        self.clock_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.turn = big(label("", "Audience speaker", wrap=False), 32)
        self.turn.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.question, 1)
        layout.addWidget(self.time_left, 2)
        layout.addWidget(self.clock_state)
        layout.addWidget(self.turn)
        # The type scales with the window (see resizeEvent), so a window over part
        # of one screen can be small: the labels ask for no minimum size.
        self.base_points = {w: w.font().pointSizeF()
                            for w in (self.title, self.question, self.time_left,
                                      self.clock_state, self.turn)}
        for w in self.base_points:
            w.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        # The one-line labels keep the height of their (scaled) text: the countdown
        # and the question share what is left, so the words beside the colour and
        # the section's name never shrink to nothing.
        for w in (self.title, self.clock_state, self.turn):
            w.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.resize(FULL_SIZE)
        for keys, slot in (("F11", self.toggle_full_screen), ("Esc", self.back_to_controls)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.scale_type()

    def scale_type(self) -> None:
        """Large type for a projector; smaller, in proportion, in a smaller window.
        (Called again after a role changes: the stylesheet then restores the font.)"""
        scale = min(1.0, self.width() / FULL_SIZE.width(), self.height() / FULL_SIZE.height())
        for w, points in self.base_points.items():
            if abs(w.font().pointSizeF() - points * scale) > 0.01:
                font = QFont(w.font())
                font.setPointSizeF(max(points * scale, 6.0))
                w.setFont(font)

    def open_for(self, main: QWidget) -> None:
        """Full screen on a screen other than the controls'; on the only screen there
        is, an ordinary window beside them (``place_on``). Raised either way."""
        here = main.screen() or QGuiApplication.primaryScreen()
        others = [s for s in QGuiApplication.screens() if s is not here]
        if others:
            self.setScreen(others[0])
            self.setGeometry(others[0].geometry())
            self.showFullScreen()
        else:
            self.place_on(here.availableGeometry())
        bring_to_front(self)

    def place_on(self, available: QRect) -> None:
        """On the one screen there is: an ordinary, movable window in the top right
        corner (two fifths wide, half high), clear of the clock's buttons."""
        width, height = available.width() * 2 // 5, available.height() // 2
        if self.isFullScreen():
            self.showNormal()
        self.setGeometry(available.right() - width + 1, available.top(), width, height)
        self.show()

    def back_to_controls(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        self.controls_requested.emit()

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
            set_role(self.time_left, clock_role(v.timer.colour))
            words = AUDIENCE_WORDS.get(v.timer.colour, "")
            if v.status == "paused":
                words = f"Paused. {words}" if words else "Paused"
            self.clock_state.setText(words)
            self.turn.setText(f"{v.turn.label}: {fmt_countdown(v.turn.remaining_s)}" if v.turn else "")
        elif v.status == "finished":
            self.title.setText("")
            self.question.setText("Thank you")
            self.time_left.setText("")
            set_role(self.time_left, None)
            self.clock_state.setText("")
            self.turn.setText("")
        else:
            self.title.setText("Starting soon")
            self.question.setText(v.current.question if v.current else "")
            self.time_left.setText("")
            set_role(self.time_left, None)
            self.clock_state.setText("")
            self.turn.setText("")
        self.scale_type()
