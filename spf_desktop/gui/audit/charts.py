"""Results charts painted with QPainter: large type and strong contrast, for the back of a room.

Each chart takes plain figures (from spf_desktop.domain.results) and only draws
them; nothing here decides what may be shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from spf_desktop.domain.scoring import fmt_score
from spf_desktop.gui import palette
from spf_desktop.gui.a11y import set_accessible_role

INK = palette.qcolor(palette.INK)
BAR = palette.qcolor(palette.NHS_BLUE)  # 12.6:1 on white
PREVIOUS = palette.qcolor(palette.GREY)
BENCHMARK = palette.qcolor(palette.WARM_RED)
STAFF = palette.qcolor(palette.ORANGE)  # beside the dark bars
MANAGEMENT = palette.qcolor(palette.PLUM)
GRID = palette.qcolor(palette.LINE_GREY)
BACKGROUND = palette.qcolor(palette.WHITE)


@dataclass(frozen=True)
class ChartRow:
    number: int
    text: str
    mean: float | None
    previous: float | None = None
    staff: float | None = None
    management: float | None = None


class QuestionChart(QWidget):
    """One horizontal bar per question (the mean, 0 to 10), the previous round as a
    marker, the benchmark as a dashed line, and the two sides when they may be shown."""

    def __init__(self, parent: QWidget | None = None, *, scale: float = 1.0,
                 wrap_labels: bool = False) -> None:
        super().__init__(parent)
        self.wrap_labels = wrap_labels  # wrap a long question (Present) rather than cut it
        self.labels_whole = True
        self.rows: list[ChartRow] = []
        self.empty = ""
        self.benchmark: tuple[str, float] | None = None
        self.previous_label = ""
        self.sides = False
        self.scale = scale
        set_accessible_role(self, "chart")  # before its name: see a11y.set_accessible_role
        self.setAccessibleName("Results chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(200)

    def set_data(self, rows: Sequence[ChartRow], *, benchmark: tuple[str, float] | None = None,
                 previous_label: str = "", sides: bool = False, empty: str = "") -> None:
        """``empty`` is said (and drawn) instead when there are no rows to chart."""
        self.rows = list(rows)
        self.benchmark = benchmark
        self.previous_label = previous_label
        self.sides = sides
        self.empty = empty
        self.setAccessibleDescription(self.figures_text())
        # The rows share the height they are given; the minimum still draws every bar.
        self.setMinimumHeight(int((60 + 14 * max(1, len(self.rows))) * self.scale))
        self.updateGeometry()
        self.update()

    def figures_text(self) -> str:
        """What the chart shows, in words: its text alternative for a screen reader."""
        if not self.rows:
            return self.empty or "No figures to chart."
        parts = ["Average score out of 10 per question"]
        if self.benchmark is not None:
            parts[0] += f"; {self.benchmark[0]}: {fmt_score(self.benchmark[1])}"
        for r in self.rows:
            extra = []
            if self.previous_label and r.previous is not None:
                extra.append(f"{self.previous_label} {fmt_score(r.previous)}")
            if self.sides:
                extra += [f"staff side {fmt_score(r.staff)}",
                          f"management side {fmt_score(r.management)}"]
            more = f" ({', '.join(extra)})" if extra else ""
            parts.append(f"Question {r.number}, {r.text}: {fmt_score(r.mean)}{more}")
        return ". ".join(parts) + "."

    def sizeHint(self) -> QSize:
        per_row = (54 if self.sides else 38) * self.scale
        return QSize(900, int(90 * self.scale + per_row * max(1, len(self.rows))))

    def _font(self, points: float, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(points * self.scale)
        font.setBold(bold)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), BACKGROUND)
        if not self.rows:
            if self.empty:  # say why the chart is blank rather than leave a white box
                p.setPen(PREVIOUS)
                p.setFont(self._font(11))
                p.drawText(self.rect().adjusted(12, 12, -12, -12),
                           Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty)
            p.end()
            return
        margin = 12 * self.scale
        for points in (11, 9, 8):  # a short chart gives its legend and axis less room first
            small = self._font(points)
            legend_h = QFontMetricsF(small).height() * 1.6 * len(self._legend_lines(small, margin))
            axis_h = QFontMetricsF(small).height() * 1.5
            row_h = (self.height() - axis_h - legend_h) / len(self.rows)
            if row_h >= 22 * self.scale:
                break
        top = legend_h
        bottom = self.height() - axis_h
        label_font, value_font = self._font(13), self._font(13, True)
        most = row_h * 0.8  # type never taller than its row
        for font in (label_font, value_font):
            if QFontMetricsF(font).height() > most > 0:
                font.setPixelSize(max(8, int(most)))
        fm = QFontMetricsF(label_font)
        label_w = min(self.width() * (0.45 if self.wrap_labels else 0.5),
                      max(fm.horizontalAdvance(self._label(r)) for r in self.rows) + margin)
        if self.wrap_labels:
            label_font = self._wrapping_font(label_font, label_w - margin, row_h)
            fm = QFontMetricsF(label_font)
        # what was drawn whole, not cut (the tests and a screen reader's check read it)
        self.labels_whole = all(self.label_fits(fm, r, label_w - margin, row_h)
                                for r in self.rows) if self.wrap_labels else all(
            fm.horizontalAdvance(self._label(r)) <= label_w - margin for r in self.rows)
        value_w = QFontMetricsF(value_font).horizontalAdvance("10.00") + margin
        left = margin + label_w
        right = self.width() - margin - value_w
        span = max(1.0, right - left)

        def x(value: float) -> float:
            return left + span * value / 10.0

        # grid and axis
        p.setFont(small)
        for tick in range(11):
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(x(tick), top), QPointF(x(tick), bottom))
            p.setPen(INK)
            p.drawText(QRectF(x(tick) - 20, bottom + 2, 40, axis_h), Qt.AlignmentFlag.AlignHCenter,
                       str(tick))
        for n, row in enumerate(self.rows):
            y0 = top + n * row_h
            p.setFont(label_font)
            p.setPen(INK)
            box = QRectF(margin, y0, label_w - margin, row_h)
            if self.wrap_labels:
                p.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
                           | Qt.TextFlag.TextWordWrap, self._label(row))
            else:
                text = fm.elidedText(self._label(row), Qt.TextElideMode.ElideRight,
                                     label_w - margin)
                p.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
            bar_h = row_h * (0.42 if self.sides else 0.6)
            bar_y = y0 + (row_h - bar_h) / 2 - (row_h * 0.14 if self.sides else 0)
            if row.mean is not None:
                p.fillRect(QRectF(left, bar_y, x(row.mean) - left, bar_h), BAR)
            if self.sides:
                thin = row_h * 0.14
                for k, (value, colour) in enumerate(((row.staff, STAFF), (row.management, MANAGEMENT))):
                    if value is not None:
                        p.fillRect(QRectF(left, bar_y + bar_h + 2 + k * (thin + 1), x(value) - left,
                                          thin), colour)
            if row.previous is not None:
                # big enough to find on a projector even when the side bars make the bar thin
                self._diamond(p, x(row.previous), bar_y + bar_h / 2, max(bar_h * 0.45, row_h * 0.2))
            p.setFont(value_font)
            p.setPen(INK)
            p.drawText(QRectF(right + margin / 2, y0, value_w, row_h),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       fmt_score(row.mean))
        if self.benchmark is not None:
            label, value = self.benchmark
            pen = QPen(BENCHMARK, 3 * self.scale, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(x(value), top - 4), QPointF(x(value), bottom))
        self._legend(p, small, margin, legend_h)
        p.end()

    def _wrapping_font(self, font: QFont, width: float, row_h: float) -> QFont:
        """The largest size (down to a floor) at which every label, wrapped, fits its row."""
        font = QFont(font)
        size = font.pixelSize() if font.pixelSize() > 0 else QFontMetricsF(font).height()
        while size > 9:
            fm = QFontMetricsF(font)
            if all(self.label_fits(fm, row, width, row_h) for row in self.rows):
                break
            size -= 1
            font.setPixelSize(int(size))
        return font

    def label_fits(self, fm: QFontMetricsF, row: ChartRow, width: float, row_h: float) -> bool:
        """Whether a question's label, wrapped at ``width``, fits a row ``row_h`` high."""
        needed = fm.boundingRect(QRectF(0, 0, width, 100_000),
                                 int(Qt.TextFlag.TextWordWrap), self._label(row))
        return needed.height() <= row_h and needed.width() <= width + 0.5

    @staticmethod
    def _label(row: ChartRow) -> str:
        return f"{row.number}. {row.text}"

    def _diamond(self, p: QPainter, cx: float, cy: float, r: float) -> None:
        # a thin white edge: on small rows a thick one swallows the grey (the legend's colour)
        p.setPen(QPen(BACKGROUND, max(1.0, min(2 * self.scale, r * 0.3))))
        p.setBrush(PREVIOUS)
        p.drawPolygon(QPolygonF([QPointF(cx, cy - r), QPointF(cx + r, cy), QPointF(cx, cy + r),
                                 QPointF(cx - r, cy)]))
        p.setBrush(Qt.BrushStyle.NoBrush)

    def _legend_items(self) -> list[tuple[str, str]]:
        items: list[tuple[str, str]] = [("bar", "Average score (0 to 10)")]
        if self.previous_label:
            items.append(("previous", self.previous_label))
        if self.benchmark is not None:
            items.append(("benchmark", f"{self.benchmark[0]} ({fmt_score(self.benchmark[1])})"))
        if self.sides:
            items += [("staff", "Staff side"), ("management", "Management side")]
        return items

    def _legend_lines(self, font: QFont, margin: float) -> list[list[tuple[str, str, float]]]:
        """The legend's entries, wrapped onto as many lines as the width needs."""
        fm = QFontMetricsF(font)
        box = fm.height() * 0.7
        lines: list[list[tuple[str, str, float]]] = [[]]
        x0 = margin
        for kind, text in self._legend_items():
            width = box + 6 + fm.horizontalAdvance(text)
            if lines[-1] and x0 + width > self.width() - margin:
                lines.append([])
                x0 = margin
            lines[-1].append((kind, text, x0))
            x0 += width + 24 * self.scale
        return lines

    def _legend(self, p: QPainter, font: QFont, margin: float, height: float) -> None:
        p.setFont(font)
        fm = QFontMetricsF(font)
        box = fm.height() * 0.7
        lines = self._legend_lines(font, margin)
        step = height / len(lines)
        for n, line in enumerate(lines):
            cy = step * n + step / 2
            for kind, text, x0 in line:
                if kind == "previous":
                    self._diamond(p, x0 + box / 2, cy, box / 2)
                elif kind == "benchmark":
                    p.setPen(QPen(BENCHMARK, 3 * self.scale, Qt.PenStyle.DashLine))
                    p.drawLine(QPointF(x0 + box / 2, cy - box / 2),
                               QPointF(x0 + box / 2, cy + box / 2))
                else:
                    colour = {"bar": BAR, "staff": STAFF, "management": MANAGEMENT}[kind]
                    p.fillRect(QRectF(x0, cy - box / 2, box, box), colour)
                p.setPen(INK)
                p.drawText(QPointF(x0 + box + 6, cy + fm.ascent() / 2 - 1), text)


class DistributionChart(QWidget):
    """How many people gave each score from 0 to 10 for one question (skips apart)."""

    def __init__(self, parent: QWidget | None = None, *, scale: float = 1.0) -> None:
        super().__init__(parent)
        self.counts: tuple[int, ...] = (0,) * 11
        self.labels: tuple[str, ...] = tuple(str(s) for s in range(11))
        self.skips = 0
        self.title = ""
        self.scale = scale
        set_accessible_role(self, "chart")
        self.setAccessibleName("Score distribution")
        self.setMinimumHeight(int(180 * scale))

    def set_data(self, title: str, counts: Sequence[int], skips: int, *,
                 labels: Sequence[float] | None = None) -> None:
        """``labels``: the 0 to 10 value of each count (a question answered on another
        scale, converted, has one count per point of its own scale)."""
        self.title = title
        self.counts = tuple(counts)
        self.skips = skips
        self.labels = tuple(f"{v:g}" for v in labels) if labels is not None else tuple(
            str(s) for s in range(len(self.counts)))
        given = [f"{n} gave {s}" for s, n in zip(self.labels, self.counts, strict=False) if n]
        self.setAccessibleDescription(
            f"{title}: " + (", ".join(given) or "no scores") + f"; {skips} skipped."
            if title else "No question chosen.")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), BACKGROUND)
        font = QFont(self.font())
        font.setPointSizeF(11 * self.scale)
        p.setFont(font)
        fm = QFontMetricsF(font)
        margin = 10 * self.scale
        line = fm.height()
        p.setPen(INK)
        # no question chosen (or results hidden): no "(skipped: 0)" that reads as a figure
        title = fm.elidedText(f"{self.title}  (skipped: {self.skips})" if self.title else "",
                              Qt.TextElideMode.ElideRight, self.width() - 2 * margin)
        p.drawText(QPointF(margin, margin + fm.ascent()), title)
        top = margin + line * 1.4 + line  # room for the count above a full bar
        bottom = self.height() - margin - line * 1.3
        width = (self.width() - 2 * margin) / max(len(self.counts), 1)
        most = max(max(self.counts), 1)
        for score, n in enumerate(self.counts):
            x0 = margin + score * width
            h = (bottom - top) * n / most
            p.fillRect(QRectF(x0 + width * 0.15, bottom - h, width * 0.7, h), BAR)
            p.setPen(INK)
            p.drawText(QRectF(x0, bottom + 2, width, line * 1.2), Qt.AlignmentFlag.AlignHCenter,
                       self.labels[score] if score < len(self.labels) else str(score))
            if n:
                p.drawText(QRectF(x0, bottom - h - line * 1.1, width, line),
                           Qt.AlignmentFlag.AlignHCenter, str(n))
        p.end()
