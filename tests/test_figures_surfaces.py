"""How sure a figure is, where people see it: the demo's story, the results screen,
Present mode, the audit and trend reports, the results CSV, and a purged round."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from archive_helpers import round_by_label
from gui_helpers import by_name
from PySide6.QtWidgets import QLabel, QTableView
from report_helpers import demo_ids, flat, pdf_text

from spf_desktop.domain.figures import NOISE, ONLY_TOTALS, REAL_GAP, REAL_RISE, fmt_interval
from spf_desktop.domain.scoring import fmt_change
from spf_desktop.gui.audit.results_view import COLUMNS, ResultsView
from spf_desktop.io import csv_export
from spf_desktop.reports import make_report
from spf_desktop.store import retention
from spf_desktop.store.results import load_round_results


def results(demo, label: str):
    return load_round_results(demo.db, round_by_label(demo.db, label)["id"])


def test_the_demo_tells_the_story(demo) -> None:
    """2019 against the baseline: a real rise overall. The Review against the baseline:
    a real rise overall, but only two questions moved for real on their own."""
    final = results(demo, "2019 audit")
    assert final.baseline is not None and final.baseline.label == "Baseline"
    rise = final.baseline_change_interval
    assert rise is not None and rise.verdict == REAL_RISE
    assert (fmt_change(rise.estimate), fmt_interval(rise)) == ("+2.59", "+2.26 to +2.92")
    review = results(demo, "Review")
    assert review.previous is not None and review.previous.label == "Baseline"
    assert review.overall_change_interval.verdict == REAL_RISE  # type: ignore[union-attr]
    moved = {q.info.position: q.change_interval.verdict  # type: ignore[union-attr]
             for q in review.questions}
    assert [n for n, v in moved.items() if v == REAL_RISE] == [2, 8]
    assert all(v == NOISE for n, v in moved.items() if n not in (2, 8))
    # the sides: the baseline's gap is real overall and on four questions
    base = results(demo, "Baseline")
    assert base.side_gap is not None and base.side_gap.verdict == REAL_GAP
    assert [q.info.position for q in base.side_gaps() if q.gap.verdict == REAL_GAP] \
        == [1, 7, 6, 10]  # type: ignore[union-attr]


def test_the_results_screen_shows_the_interval_and_verdict_of_each_question(qtbot, demo) -> None:
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_results(results(demo, "2019 audit"))
    summary = by_name(view, "Results summary", QLabel).text()
    assert "The overall average could be 8.46 to 8.76." in summary
    assert "+2.59 (could be +2.26 to +2.92: a real rise)" in summary
    assert "Most mixed: 9." in summary
    table = by_name(view, "Results per question", QTableView)
    model = table.model()
    row = [model.index(0, c).data() for c in range(len(COLUMNS))]
    got = dict(zip(COLUMNS, row, strict=True))
    assert got["Verdict"] == "a real rise" and got["Change could be"] == "+1.34 to +2.63"
    assert got["Mean could be"] == "8.11 to 9.09" and got["Spread"] == "SD 1.05, agreed"
    assert got["Side gap"] == "+0.00, within the noise"
    figures = by_name(view, "Figures for the chosen question", QLabel).text()
    assert figures.startswith("Q1: mean 8.60 (8.11 to 9.09); change +1.99 (+1.34 to +2.63, "
                              "a real rise)")


def test_the_screen_hides_the_side_gaps_where_the_sides_are_hidden(qtbot, demo) -> None:
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_results(results(demo, "Review"))
    model = by_name(view, "Results per question", QTableView).model()
    assert {model.index(r, COLUMNS.index("Side gap")).data() for r in range(10)} == {"hidden"}
    assert "management minus staff" not in by_name(
        view, "Figures for the chosen question", QLabel).text()


def test_present_puts_could_be_under_the_headline_change(qtbot, demo) -> None:
    view = ResultsView()
    qtbot.addWidget(view)
    view.show_results(results(demo, "2019 audit"))
    window = view.present()
    assert window is not None
    qtbot.waitExposed(window)
    text = by_name(window, "Results summary", QLabel).text()
    assert "Change against the baseline, Baseline (6.02): +2.59<br>" in text
    assert "could be +2.26 to +2.92: a real rise</span>" in text
    window.close()


@pytest.fixture
def ids(demo) -> dict[str, str]:
    return demo_ids(demo.db)


def test_the_audit_report_prints_intervals_most_mixed_and_side_gaps(demo, ids, tmp_path) -> None:
    text = flat(pdf_text(make_report("audit", demo.db, ids["round:Baseline"], tmp_path / "b.pdf")))
    assert "How sure the figures are, and where the room disagrees" in text
    assert "5.00 to 6.60" in text  # question 1's mean
    assert "Most mixed" in text
    assert "Gap could be" in text and "+0.93 to +3.44" in text and "a real gap" in text
    assert "Every range is a 95% interval." in text and "Welch's interval" in text
    text = flat(pdf_text(make_report("audit", demo.db, ids["round:2019 audit"],
                                     tmp_path / "a.pdf")))
    assert "could be +2.26 to +2.92: a real rise" in text
    assert "No question's gap between the sides is bigger than the noise." in text


def test_the_trend_report_gives_each_change_its_interval(demo, ids, tmp_path) -> None:
    text = flat(pdf_text(make_report("trend", demo.db, ids["forum:East Midlands SPF"],
                                     tmp_path / "t.pdf")))
    assert "+0.28 to +1.03, a real rise" in text and "+1.65 to +2.22, a real rise" in text
    assert "+2.59 points (could be +2.26 to +2.92: a real rise)" in text


def test_the_results_csv_has_lower_and_upper_columns(demo, tmp_path) -> None:
    rid = round_by_label(demo.db, "2019 audit")["id"]
    with open(csv_export.export_results(demo.db, rid, tmp_path / "r.csv"),
              encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    got = dict(zip(rows[0], rows[1], strict=True))
    assert (got["Mean lower (95%)"], got["Mean upper (95%)"]) == ("8.11", "9.09")
    assert (got["Change lower (95%)"], got["Change upper (95%)"], got["Change verdict"]) \
        == ("+1.34", "+2.63", "a real rise")
    assert (got["Standard deviation"], got["Shape"]) == ("1.05", "agreed")
    assert got["Side gap verdict"] == "within the noise"
    overall = dict(zip(rows[0], rows[-1], strict=True))
    assert (overall["Mean lower (95%)"], overall["Mean upper (95%)"]) == ("8.46", "8.76")


def test_a_purged_round_keeps_its_question_intervals_but_not_the_overall_one(demo, tmp_path
                                                                              ) -> None:
    db = demo.db
    before = results(demo, "Baseline")
    today = date(2021, 1, 1)
    retention.purge(db, retention.plan_purge(db, 3, today), today)
    after = results(demo, "Baseline")
    assert [q.interval for q in after.questions] == [q.interval for q in before.questions]
    assert [q.gap for q in after.questions] == [q.gap for q in before.questions]
    assert after.overall_interval.verdict == ONLY_TOTALS  # type: ignore[union-attr]
    assert after.side_gap.verdict == ONLY_TOTALS  # type: ignore[union-attr]
    final = results(demo, "2019 audit")  # compared with a purged round
    assert final.baseline_change_interval.verdict == ONLY_TOTALS  # type: ignore[union-attr]
    assert final.questions[0].change_interval.verdict == REAL_RISE  # type: ignore[union-attr]
    text = flat(pdf_text(make_report("audit", db, round_by_label(db, "Baseline")["id"],
                                     tmp_path / "p.pdf")))
    assert "no interval: only totals were kept" in text


def test_rounds_that_asked_other_questions_show_no_overall_change(tmp_path) -> None:
    """Imports of past tools often asked a few of the ten questions: an average over
    questions 1 and 5 against one over 1 to 3 is not a change, and the report says
    how many questions its average is across."""
    from bench_helpers import add_forum

    from spf_desktop.reports.audit import headline_sentence
    from spf_desktop.store import Archive
    from spf_desktop.store.results import load_round_results

    n = [None] * 10
    first = [(None, [7, n[0], n[0], n[0], 5, *n[:5]]) for _ in range(6)]
    second = [(None, [8, 6, 9, *n[:7]]) for _ in range(6)]
    with Archive.open(tmp_path / "a.db", create=True, backup=False) as arch:
        _, (_, later) = add_forum(arch.db, "Northshire SPF", [("2024-11-01", first),
                                                             ("2025-03-12", second)])
        res = load_round_results(arch.db, later)
    assert res.overall == pytest.approx((8 + 6 + 9) / 3)
    assert res.overall_change is None and res.overall_change_interval is None
    assert "No overall change is shown against" in res.comparison_note
    q1 = next(q for q in res.questions if q.info.position == 1)
    assert q1.change == pytest.approx(1.0)  # the same question is still compared
    assert headline_sentence(res).startswith(
        "The average across the 3 questions with figures (of 10) is 7.67")
