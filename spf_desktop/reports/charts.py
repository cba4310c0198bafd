"""Vector charts for the reports, drawn with reportlab.graphics shapes.

Drawn by hand from lines and rectangles (no bitmap, no matplotlib) so they
print sharply at any size, embed the report font, and come out the same
byte for byte every time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from spf_desktop.domain.scoring import SCALE, SCORE_MAX, SCORE_MIN, fmt_score
from spf_desktop.reports.html import ChartText, with_text
from spf_desktop.reports.styles import ACCENT, FONT, FONT_BOLD, INK, MUTED, RULE, WARM

SCALE_MIN, SCALE_MAX = SCORE_MIN, SCORE_MAX  # the axes span the scoring scale
SCALE_SPAN = SCALE_MAX - SCALE_MIN
#: Line colours for series after the first; distinct in print and for colour-blind readers.
SERIES_COLOURS = (ACCENT, colors.HexColor("#e07b00"), colors.HexColor("#2f8f4e"),
                  colors.HexColor("#8e44ad"), colors.HexColor("#7a7a7a"))


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose default font is the embedded one (never an unembedded Helvetica)."""
    d = Drawing(width, height)
    d.initialFontName = FONT
    return d


def fit(text: str, width: float, size: float, font: str = FONT) -> str:
    """Shorten ``text`` with an ellipsis so it fits ``width`` points."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    previous: float | None = None


def _scale_axis(group: Group, x0: float, span: float, top: float, bottom: float) -> None:
    for tick in range(SCALE_MIN, SCALE_MAX + 1):
        x = x0 + span * (tick - SCALE_MIN) / SCALE_SPAN
        group.add(Line(x, bottom, x, top, strokeColor=RULE if tick != SCALE_MIN else MUTED,
                       strokeWidth=0.3 if tick != SCALE_MIN else 0.6))
        group.add(String(x, bottom - 9, str(tick), fontName=FONT, fontSize=6.5,
                         fillColor=MUTED, textAnchor="middle"))


def _legend(group: Group, x: float, y: float, items: list[tuple[str, str]]) -> None:
    """Draw legend entries left to right: (kind, text) with kind in bar/marker/line/side."""
    for kind, text in items:
        if kind == "bar":
            group.add(Rect(x, y - 1, 12, 6, fillColor=ACCENT, strokeColor=None))
        elif kind == "bar2":
            group.add(Rect(x, y - 1, 12, 6, fillColor=colors.HexColor("#e07b00"), strokeColor=None))
        elif kind == "marker":
            group.add(Polygon([x + 6, y + 6, x + 9.5, y + 2, x + 6, y - 2, x + 2.5, y + 2],
                              fillColor=INK, strokeColor=colors.white, strokeWidth=0.5))
        elif kind == "line":
            group.add(Line(x, y + 2, x + 12, y + 2, strokeColor=WARM, strokeWidth=1.2,
                           strokeDashArray=[3, 2]))
        group.add(String(x + 16, y, text, fontName=FONT, fontSize=7, fillColor=INK))
        x += 16 + stringWidth(text, FONT, 7) + 14


def question_bars(bars: Sequence[Bar], width: float, *, benchmark: float | None = None,
                  benchmark_label: str = "", previous_label: str = "",
                  value_label: str = "This round") -> Drawing:
    """One horizontal bar per question (on the scale), the previous round as a diamond
    marker, and the benchmark as a dashed vertical line."""
    row = 17.0
    label_w = width * 0.44
    x0 = label_w + 6
    span = width - x0 - 30
    legend_h = 16
    axis_h = 14
    height = legend_h + len(bars) * row + axis_h + 4
    d = _drawing(width, height)
    g = Group()
    top = height - legend_h
    bottom = top - len(bars) * row
    _scale_axis(g, x0, span, top, bottom)
    if benchmark is not None:
        bx = x0 + span * (benchmark - SCALE_MIN) / SCALE_SPAN
        g.add(Line(bx, bottom, bx, top + 2, strokeColor=WARM, strokeWidth=1.2,
                   strokeDashArray=[3, 2]))
    for i, bar in enumerate(bars):
        y = top - (i + 1) * row
        g.add(String(label_w, y + row / 2 - 2.5, fit(bar.label, label_w, 7.5), fontName=FONT,
                     fontSize=7.5, fillColor=INK, textAnchor="end"))
        if bar.value is not None:
            w = span * (bar.value - SCALE_MIN) / SCALE_SPAN
            g.add(Rect(x0, y + 3.5, w, row - 7, fillColor=ACCENT, strokeColor=None))
        if bar.previous is not None:
            px = x0 + span * (bar.previous - SCALE_MIN) / SCALE_SPAN
            cy = y + row / 2
            g.add(Polygon([px, cy + 5, px + 3.5, cy, px, cy - 5, px - 3.5, cy],
                          fillColor=INK, strokeColor=colors.white, strokeWidth=0.6))
        if bar.value is not None:
            # the figure on a white patch, so the benchmark line never runs through it
            text = fmt_score(bar.value)
            tx = x0 + span * (bar.value - SCALE_MIN) / SCALE_SPAN + 3
            g.add(Rect(tx - 1, y + 4, stringWidth(text, FONT_BOLD, 7) + 2, row - 8,
                       fillColor=colors.white, strokeColor=None))
            g.add(String(tx, y + row / 2 - 2.5, text, fontName=FONT_BOLD, fontSize=7,
                         fillColor=INK))
    items = [("bar", value_label)]
    if previous_label:
        items.append(("marker", previous_label))
    if benchmark is not None:
        items.append(("line", benchmark_label or f"Benchmark {fmt_score(benchmark)}"))
    _legend(g, 0, height - 9, items)
    d.add(g)
    header = ("Question", value_label) + ((previous_label,) if previous_label else ())
    rows = tuple((bar.label, fmt_score(bar.value))
                 + ((fmt_score(bar.previous),) if previous_label else ()) for bar in bars)
    notes = (f"Benchmark: {benchmark_label or 'benchmark'} ({fmt_score(benchmark)}).",) \
        if benchmark is not None else ()
    return with_text(d, ChartText(f"Chart: mean score by question ({SCALE_MIN} to {SCALE_MAX})",
                                  header, rows, notes))


def paired_bars(labels: Sequence[str], first: Sequence[float | None],
                second: Sequence[float | None], width: float, *, first_label: str,
                second_label: str) -> Drawing:
    """Two thin bars per question, e.g. staff side and management side."""
    row = 20.0
    label_w = width * 0.44
    x0 = label_w + 6
    span = width - x0 - 30
    legend_h = 16
    height = legend_h + len(labels) * row + 18
    d = _drawing(width, height)
    g = Group()
    top = height - legend_h
    bottom = top - len(labels) * row
    _scale_axis(g, x0, span, top, bottom)
    second_colour = colors.HexColor("#e07b00")
    for i, label in enumerate(labels):
        y = top - (i + 1) * row
        g.add(String(label_w, y + row / 2 - 2.5, fit(label, label_w, 7.5), fontName=FONT,
                     fontSize=7.5, fillColor=INK, textAnchor="end"))
        for value, colour, dy in ((first[i], ACCENT, row / 2 + 0.5), (second[i], second_colour, 3)):
            if value is None:
                continue
            w = span * (value - SCALE_MIN) / SCALE_SPAN
            g.add(Rect(x0, y + dy, w, row / 2 - 3.5, fillColor=colour, strokeColor=None))
            g.add(String(x0 + w + 3, y + dy + 0.5, fmt_score(value), fontName=FONT, fontSize=6,
                         fillColor=INK))
    _legend(g, 0, height - 9, [("bar", first_label), ("bar2", second_label)])
    d.add(g)
    rows = tuple((label, fmt_score(a), fmt_score(b))
                 for label, a, b in zip(labels, first, second, strict=True))
    return with_text(d, ChartText(f"Chart: {first_label} and {second_label}, mean score by "
                                  f"question ({SCALE_MIN} to {SCALE_MAX})",
                                  ("Question", first_label, second_label), rows))


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per x position; None leaves a gap
    emphasis: bool = False
    colour: colors.Color | None = None
    #: A 95% interval per x position (low, high), drawn as error bars (a band when
    #: there are too many rounds for bars); None where there is none.
    bounds: Sequence[tuple[float, float] | None] | None = None

    def line_colour(self, k: int) -> colors.Color:
        if self.colour is not None:
            return self.colour
        return INK if self.emphasis else SERIES_COLOURS[k % len(SERIES_COLOURS)]


def line_chart(x_labels: Sequence[str], series: Sequence[Series], width: float, height: float,
               *, title: str = "", benchmark: float | None = None, y_min: float = SCALE_MIN,
               legend: bool = True) -> Drawing:
    """Scores on the scale over rounds: one line per series, gaps where a round is hidden."""
    d = _drawing(width, height)
    g = Group()
    left, right = 24.0, 8.0
    top_pad = 14.0 if title else 6.0
    legend_h = 12.0 if legend and len(series) > 1 else 0.0
    bottom_pad = 22.0 + legend_h
    x0, x1 = left, width - right
    y0, y1 = bottom_pad, height - top_pad
    n = len(x_labels)
    if title:
        g.add(String(x0, height - 10, fit(title, width - x0 - 4, 8, FONT_BOLD), fontName=FONT_BOLD, fontSize=8, fillColor=INK))

    def sx(i: int) -> float:
        return x0 + (x1 - x0) * (i + 0.5) / max(n, 1)

    def sy(v: float) -> float:
        return y0 + (y1 - y0) * (v - y_min) / (SCALE_MAX - y_min)

    g.add(Rect(x0, y0, x1 - x0, y1 - y0, fillColor=None, strokeColor=RULE, strokeWidth=0.4))
    step = 2 if y_min == SCALE_MIN else 1
    for tick in range(int(y_min), SCALE_MAX + 1, step):
        y = sy(tick)
        g.add(Line(x0, y, x1, y, strokeColor=RULE, strokeWidth=0.3))
        g.add(String(x0 - 3, y - 2.2, str(tick), fontName=FONT, fontSize=6.5, fillColor=MUTED,
                     textAnchor="end"))
    if benchmark is not None and benchmark >= y_min:
        g.add(Line(x0, sy(benchmark), x1, sy(benchmark), strokeColor=WARM, strokeWidth=0.9,
                   strokeDashArray=[3, 2]))
    # x labels: evenly spaced, always the first and the last, never overlapping
    slots = max(1, int((x1 - x0) / 48))
    stride = max(1, -(-n // slots))
    wanted = sorted(set(range(0, n, stride)) | ({n - 1} if n else set()))
    placed: list[tuple[int, str, float, str, float, float]] = []
    for i in wanted:
        text = fit(x_labels[i], 46, 6.5)
        w = stringWidth(text, FONT, 6.5)
        anchor, x = "middle", sx(i)
        if n > 1 and i == 0 and sx(0) - x0 < w / 2:  # lean inwards at the ends
            anchor, x = "start", x0
        elif n > 1 and i == n - 1 and x1 - sx(i) < w / 2:
            anchor, x = "end", x1
        left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        while placed and placed[-1][5] + 4 > left:
            if i != n - 1:
                break
            placed.pop()  # the last label wins over the one before it
        if placed and placed[-1][5] + 4 > left:
            continue
        placed.append((i, text, x, anchor, left, left + w))
    for i, text, x, anchor, _left, _right in placed:
        g.add(String(x, y0 - 9, text, fontName=FONT, fontSize=6.5, fillColor=MUTED,
                     textAnchor=anchor))
        g.add(Line(sx(i), y0, sx(i), y0 - 2, strokeColor=MUTED, strokeWidth=0.4))
    markers = n <= 40
    for k, s in enumerate(series):
        if s.bounds is not None:
            _intervals(g, s.bounds, s.line_colour(k), markers, sx, lambda v: sy(max(v, y_min)))
    for k, s in enumerate(series):
        colour = s.line_colour(k)
        width_line = 1.6 if s.emphasis else 1.0
        segment: list[float] = []
        for i, v in enumerate(list(s.values) + [None]):
            if v is None:
                if len(segment) >= 4:
                    g.add(PolyLine(segment, strokeColor=colour, strokeWidth=width_line))
                segment = []
                continue
            segment += [sx(i), sy(max(v, y_min))]
            if markers:
                g.add(Circle(sx(i), sy(max(v, y_min)), 1.8, fillColor=colour, strokeColor=None))
    if legend_h:
        x = x0
        for k, s in enumerate(series):
            colour = s.line_colour(k)
            g.add(Line(x, 6, x + 12, 6, strokeColor=colour, strokeWidth=1.6))
            g.add(String(x + 15, 3.5, s.name, fontName=FONT, fontSize=7, fillColor=INK))
            x += 15 + stringWidth(s.name, FONT, 7) + 12
    d.add(g)
    return with_text(d, _line_text(x_labels, series, title, benchmark))


def _line_text(x_labels: Sequence[str], series: Sequence[Series], title: str,
               benchmark: float | None) -> ChartText:
    """A line chart's figures: one row per round, a column per series (and its interval)."""
    header = ["Round"]
    for s in series:
        header.append(s.name)
        if s.bounds is not None:
            header.append(f"{s.name}: 95% interval")
    rows = []
    for i, x in enumerate(x_labels):
        row = [x]
        for s in series:
            row.append(fmt_score(s.values[i]))
            if s.bounds is not None:
                b = s.bounds[i]
                row.append("-" if b is None else f"{fmt_score(b[0])} to {fmt_score(b[1])}")
        rows.append(tuple(row))
    what = f"Chart: {title}" if title else "Chart: " + ", ".join(s.name for s in series)
    notes = (f"Dashed line: benchmark {fmt_score(benchmark)}.",) if benchmark is not None else ()
    return ChartText(f"{what}, round by round ({SCALE_MIN} to {SCALE_MAX})", tuple(header),
                     tuple(rows), notes)


def _intervals(g: Group, bounds: Sequence[tuple[float, float] | None], colour: colors.Color,
               bars: bool, sx, sy) -> None:
    """Error bars (with caps) at each point, or a pale band through them when the
    points are too close together for bars."""
    if bars:
        for i, b in enumerate(bounds):
            if b is None:
                continue
            x, lo, hi = sx(i), sy(b[0]), sy(b[1])
            g.add(Line(x, lo, x, hi, strokeColor=colour, strokeWidth=0.6))
            g.add(Line(x - 2, lo, x + 2, lo, strokeColor=colour, strokeWidth=0.6))
            g.add(Line(x - 2, hi, x + 2, hi, strokeColor=colour, strokeWidth=0.6))
        return
    pale = colors.Color(colour.red, colour.green, colour.blue, alpha=0.18)
    run: list[int] = []
    for i, b in enumerate([*bounds, None]):
        if b is not None:
            run.append(i)
            continue
        if len(run) >= 2:
            top = [c for j in run for c in (sx(j), sy(bounds[j][1]))]  # type: ignore[index]
            bottom = [c for j in reversed(run) for c in (sx(j), sy(bounds[j][0]))]  # type: ignore[index]
            g.add(Polygon(top + bottom, fillColor=pale, strokeColor=None))
        run = []


def score_boxes(width: float, *, low_label: str, high_label: str, skip_label: str,
                comment_label: str) -> Drawing:
    """The paper questionnaire's answer row: boxes 0..10 with the end labels, a skip
    box, and a box for an optional comment."""
    box = 14.0
    gap = 4.6
    height = 34.0
    d = _drawing(width, height)
    y = 11.0
    x = 0.0
    for score in SCALE:
        d.add(Rect(x, y, box, box, fillColor=colors.white, strokeColor=INK, strokeWidth=0.7))
        d.add(String(x + box / 2, y + box + 2.5, str(score), fontName=FONT, fontSize=7,
                     fillColor=INK, textAnchor="middle"))
        x += box + gap
    last = x - gap
    d.add(String(0, 2, low_label, fontName=FONT, fontSize=6.5, fillColor=MUTED))
    d.add(String(last, 2, high_label, fontName=FONT, fontSize=6.5, fillColor=MUTED,
                 textAnchor="end"))
    d.add(Line(last + 8, y - 2, last + 8, y + box + 2, strokeColor=RULE, strokeWidth=0.5))
    skip_x = last + 16
    d.add(Rect(skip_x, y, box, box, fillColor=colors.white, strokeColor=INK, strokeWidth=0.7))
    d.add(String(skip_x + box + 3, y + 4, skip_label, fontName=FONT, fontSize=7.5, fillColor=INK))
    comment_x = skip_x + box + 8 + stringWidth(skip_label, FONT, 7.5) + 10
    d.add(Rect(comment_x, 1, width - comment_x, height - 2, fillColor=None, strokeColor=MUTED,
               strokeWidth=0.5))
    d.add(String(comment_x + 3, height - 9, comment_label, fontName=FONT, fontSize=6,
                 fillColor=MUTED))
    return with_text(d, ChartText(
        f"Tick one box: {' '.join(str(n) for n in SCALE)} ({SCALE_MIN} {low_label}, "
        f"{SCALE_MAX} {high_label}), or {skip_label}. {comment_label}: a box to write in."))


def choice_boxes(width: float, choices: Sequence[str]) -> Drawing:
    """Tick boxes side by side, e.g. the side question's answers."""
    box = 12.0
    d = _drawing(width, box + 4)
    x = 0.0
    for text in choices:
        d.add(Rect(x, 2, box, box, fillColor=colors.white, strokeColor=INK, strokeWidth=0.7))
        d.add(String(x + box + 4, 5, text, fontName=FONT, fontSize=8.5, fillColor=INK))
        x += box + 4 + stringWidth(text, FONT, 8.5) + 22
    return with_text(d, ChartText("Tick one box: " + ", ".join(choices) + "."))
