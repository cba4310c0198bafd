"""The blank paper questionnaire for a round: the fallback when the laptop cannot go round.

One participant per page: the round's questions with 0..10 boxes, a skip box
and room for a comment, then the side question. Nothing on the form identifies
the person; the copies are all alike. Paper answers are typed in later as
ordinary anonymous responses.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from spf_desktop.domain.questions import SIDES
from spf_desktop.domain.scoring import SCORE_MAX, SCORE_MIN
from spf_desktop.reports.charts import choice_boxes, score_boxes
from spf_desktop.reports.styles import (
    TEXT_WIDTH,
    PageInfo,
    Progress,
    ReportError,
    Styles,
    check_text,
    long_date,
    make_styles,
    no_progress,
    para,
)
from spf_desktop.store.report_data import RoundRecord, round_record

MAX_COPIES = 500
SIDE_LABELS = {"staff": "Staff side", "management": "Management side",
               "undisclosed": "Prefer not to say"}


def story(db, round_id: str, st: Styles | None = None,
          progress: Progress = no_progress, *, copies: int = 1) -> tuple[list[Flowable], PageInfo]:
    if not 1 <= copies <= MAX_COPIES:
        raise ReportError(f"The number of copies must be from 1 to {MAX_COPIES}, not {copies}.")
    st = st or make_styles()
    progress(0.1, "Reading the questions")
    rec = round_record(db, round_id)
    rnd, qs = rec.round, rec.question_set
    for label, where in ((qs["low_label"], "The question set's low-end label"),
                         (qs["high_label"], "The question set's high-end label"),
                         (rnd["label"], "The round's label")):
        check_text(label, where)
    info = PageInfo(f"Questionnaire: {rnd['label']}", rec.forum["name"], long_date(rnd["date"]),
                    rec.forum.get("protective_marking") or "")
    out: list[Flowable] = []
    for n in range(copies):
        if n:
            out.append(PageBreak())
        out.extend(_page(rec, st))
        if n % 50 == 49:
            progress(0.1 + 0.3 * n / copies, f"Prepared {n + 1} of {copies} copies")
    return out, info


def _page(rec: RoundRecord, st: Styles) -> list[Flowable]:
    """One participant's form (fresh flowables for every copy: platypus consumes them)."""
    rnd, qs = rec.round, rec.question_set
    page: list[Flowable] = [
        para(f"{qs['name']}: {rnd['label']}", st.title, "The question set's name"),
        para(f"{rec.forum['name']} · {long_date(rnd['date'])}", st.subtitle, "The forum's name"),
        para(
            f"Please do not write your name. For each question, tick one box from {SCORE_MIN} "
            f"({qs['low_label']}) to {SCORE_MAX} ({qs['high_label']}), or tick Skip. A comment is "
            "optional; names are removed before any comment is shown, and comments are shown "
            "only when enough people have answered.", st.small, "The question set's labels"),
        Spacer(1, 2 * mm),
    ]
    for q in rec.questions:
        page.append(KeepTogether([
            para(f"{q['position']}. {q['text']}", st.cell_bold, f"The text of question {q['position']}"),
            score_boxes(TEXT_WIDTH, low_label=qs["low_label"], high_label=qs["high_label"],
                        skip_label="Skip", comment_label="Comment (optional)"),
            Spacer(1, 2.2 * mm),
        ]))
    if qs.get("side_question"):
        page.append(KeepTogether([
            Spacer(1, 1 * mm),
            para(qs["side_question"], st.cell_bold, "The side question"),
            Spacer(1, 1 * mm),
            choice_boxes(TEXT_WIDTH, [SIDE_LABELS.get(s, s) for s in SIDES]),
        ]))
    page.append(Spacer(1, 3 * mm))
    page.append(para("Thank you. Hand this form to the facilitator; it is typed in as an "
                     "anonymous response and then kept with the forum's papers.", st.small))
    return page
