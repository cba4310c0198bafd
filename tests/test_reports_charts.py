"""The vector charts: what a reader sees on the axis and bars."""

from __future__ import annotations

from reportlab.graphics.shapes import Group, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from spf_desktop.reports.charts import Bar, Series, fit, line_chart, question_bars
from spf_desktop.reports.styles import FONT, FONT_BOLD, register_fonts


def strings(drawing) -> list[String]:
    out: list[String] = []

    def walk(node) -> None:
        for child in getattr(node, "contents", []):
            if isinstance(child, String):
                out.append(child)
            elif isinstance(child, Group):
                walk(child)

    walk(drawing)
    return out


def test_round_labels_on_a_long_trend_never_overlap_and_keep_both_ends() -> None:
    register_fonts()
    labels = [f"Round {n}" for n in range(1, 301)]
    drawing = line_chart(labels, [Series("Overall", [5 + n / 100 for n in range(300)])],
                         240, 130, legend=False)
    axis = [s for s in strings(drawing) if s.text.startswith("Round")]
    texts = [s.text for s in axis]
    assert texts[0] == "Round 1" and texts[-1] == "Round 300"
    spans = []
    for s in axis:
        w = stringWidth(s.text, FONT, s.fontSize)
        left = {"start": s.x, "middle": s.x - w / 2, "end": s.x - w}[s.textAnchor]
        spans.append((left, left + w))
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert spans[0][0] >= 0 and spans[-1][1] <= 240


def test_question_bars_show_each_figure_and_shorten_long_questions() -> None:
    register_fonts()
    bars = [Bar("1. Do we work from shared values?", 5.8, None),
            Bar("9. Is everyone involved, and is our work connected to what happens locally "
                "and nationally?", 6.4, 5.9)]
    drawing = question_bars(bars, 480, benchmark=7.5, benchmark_label="Other regional SPFs",
                            previous_label="Review", value_label="Baseline")
    texts = [s.text for s in strings(drawing)]
    assert "5.80" in texts and "6.40" in texts
    assert "1. Do we work from shared values?" in texts
    assert any(t.startswith("9. Is everyone involved") and t.endswith("…") for t in texts)
    assert {"Baseline", "Review", "Other regional SPFs"} <= set(texts)  # the legend


def test_fit_keeps_short_text_and_shortens_long_text_to_the_width() -> None:
    register_fonts()
    assert fit("Trust", 100, 8) == "Trust"
    short = fit("Do we listen to understand before moving to solutions?", 80, 8, FONT_BOLD)
    assert short.endswith("…") and stringWidth(short, FONT_BOLD, 8) <= 80
