"""The agenda as a picture: the main lane with parallel sections side by side.

It is one stop for Tab; inside it the arrow keys (Up, Down, Home, End) step
through the sections in time order and say each, with what runs alongside it.
Its description is the whole plan in words, for a screen reader.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFocusEvent, QFontMetrics, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from spf_desktop.domain.agenda import Schedule, fmt_clock
from spf_desktop.gui import palette
from spf_desktop.gui.a11y import announce
from spf_desktop.gui.palette import qcolor

MAIN = qcolor(palette.BRIGHT_BLUE)
PARALLEL = qcolor(palette.GREEN)
OVER = qcolor(palette.EMERGENCY_RED)
BACKGROUND = qcolor(palette.WHITE)
TEXT_ON_BLOCK = qcolor(palette.WHITE)
AXIS = qcolor(palette.GREY)
FOCUS = qcolor(palette.INK)
STEPS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1}


def fit_lines(metrics: QFontMetrics, text: str, width: float, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of ``width``, broken between words: a word
    too long for a line, or the text left over for the last line, is shortened with
    "..." (never cut mid-word without saying so: "Networking..." not "Netwo")."""
    width = max(int(width), 1)
    words = text.split()
    out: list[str] = []
    while words and len(out) < max(lines, 1):
        last = len(out) == max(lines, 1) - 1
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        if last and words:
            line = f"{line} {' '.join(words)}"
            words = []
        out.append(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width))
    return out


class Timeline(QWidget):
    """Each section a block down a time axis; sections running alongside another
    sit in a lane beside it, so both can be read at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schedule: Schedule | None = None
        self.focused = 0  # the section the arrow keys are on (time order)
        self.setAccessibleName("Agenda timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip("The plan as a picture: the arrow keys step through its sections")
        self.setMinimumWidth(110)  # a narrow column beside the plan on a 1024-wide screen
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(280, 400)

    def set_schedule(self, schedule: Schedule | None) -> None:
        self.schedule = schedule
        self.focused = min(self.focused, max(len(schedule.slots) - 1, 0) if schedule else 0)
        self.setAccessibleDescription(self.describe())
        self.update()

    def in_order(self) -> list:
        """The sections' slots by start time (main lane first at the same time)."""
        if self.schedule is None:
            return []
        return sorted(self.schedule.slots, key=lambda s: (s.start, s.parallel))

    def slot_text(self, n: int) -> str:
        slots = self.in_order()
        if not slots:
            return "No sections yet"
        slot = slots[n]
        where = ""
        if slot.host_id is not None:
            host = next((s.section.label for s in slots if s.section.id == slot.host_id), "")
            where = f", alongside {host}" if host else ", alongside another section"
        return (f"{n + 1} of {len(slots)}: {fmt_clock(slot.start)} to {fmt_clock(slot.end)}, "
                f"{slot.section.label}{where}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        count = len(self.in_order())
        key = event.key()
        if count and (key in STEPS or key in (Qt.Key.Key_Home, Qt.Key.Key_End)):
            step = STEPS.get(Qt.Key(key))
            self.focused = (0 if key == Qt.Key.Key_Home else count - 1 if key == Qt.Key.Key_End
                            else max(0, min(count - 1, self.focused + (step or 0))))
            self.update()
            announce(self, self.slot_text(self.focused))
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()
        if self.in_order():
            announce(self, self.slot_text(self.focused) + ". Up and Down step through the plan.")

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def describe(self) -> str:
        if self.schedule is None:
            return ""
        parts = []
        beside_of: dict[str, list] = {}
        for slot in self.schedule.slots:
            if slot.host_id is not None:
                beside_of.setdefault(slot.host_id, []).append(slot)
        for slot in self.schedule.main():
            text = f"{slot.section.label} {fmt_clock(slot.start)} to {fmt_clock(slot.end)}"
            beside = beside_of.get(slot.section.id, [])
            if beside:
                text += ", alongside: " + ", ".join(
                    f"{p.section.label} {fmt_clock(p.start)} to {fmt_clock(p.end)}" for p in beside)
            parts.append(text)
        return "; ".join(parts)

    def lanes(self) -> dict[str, int]:
        """Lane of each section: 0 for the main lane, 1, 2... for parallel ones."""
        out: dict[str, int] = {}
        if self.schedule is None:
            return out
        busy: list[list[tuple[int, int]]] = []
        for slot in self.schedule.slots:
            if not slot.parallel:
                out[slot.section.id] = 0
                continue
            for n, taken in enumerate(busy, start=1):
                if all(slot.end <= a or slot.start >= b for a, b in taken):
                    taken.append((slot.start, slot.end))
                    out[slot.section.id] = n
                    break
            else:
                busy.append([(slot.start, slot.end)])
                out[slot.section.id] = len(busy)
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), BACKGROUND)
        sched = self.schedule
        if sched is None or not sched.slots:
            p.setPen(AXIS)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       "No sections yet")  # wraps in a narrow column
            return
        lanes = self.lanes()
        n_lanes = max(lanes.values(), default=0) + 1
        top, axis = 8.0, 48.0
        end = max(sched.end, sched.planned_end)
        span = max(end - sched.start, 1)
        scale = (self.height() - 2 * top) / span
        lane_w = (self.width() - axis - 8) / n_lanes
        p.setPen(AXIS)
        for minute in range(sched.start - sched.start % 30 + 30, end + 1, 30):
            y = top + (minute - sched.start) * scale
            p.drawText(QRectF(0, y - 8, axis - 6, 16), Qt.AlignmentFlag.AlignRight, fmt_clock(minute))
            p.drawLine(int(axis - 4), int(y), int(axis), int(y))
        ordered = self.in_order()
        chosen = ordered[min(self.focused, len(ordered) - 1)] if self.hasFocus() else None
        for slot in sched.slots:
            lane = lanes[slot.section.id]
            rect = QRectF(axis + lane * lane_w + 2, top + (slot.start - sched.start) * scale,
                          lane_w - 4, max((slot.end - slot.start) * scale - 2, 3))
            colour = PARALLEL if slot.parallel else MAIN
            p.fillRect(rect, colour)
            p.setPen(TEXT_ON_BLOCK)
            inside = rect.adjusted(4, 1, -2, -1)
            metrics = p.fontMetrics()
            lines = fit_lines(metrics, f"{fmt_clock(slot.start)} {slot.section.label}",
                              inside.width(), int(inside.height() // metrics.lineSpacing()))
            p.drawText(inside, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                       "\n".join(lines))
            if slot is chosen:
                p.setPen(QPen(FOCUS, 2, Qt.PenStyle.DashLine))
                p.drawRect(rect.adjusted(-1, -1, 1, 1))
        y_end = top + (sched.planned_end - sched.start) * scale
        p.setPen(QPen(OVER, 2, Qt.PenStyle.DashLine))
        p.drawLine(int(axis), int(y_end), self.width(), int(y_end))
