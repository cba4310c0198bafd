"""The meeting summary: what happened against what was planned, and what was agreed.

Planned times come from the agenda timing (domain.agenda); actual times are the
ones the meeting clock recorded for each section. Outcomes, decisions and
actions (with owners and due dates) follow, then the audit results of every
round held at the meeting (store.report_data.rounds_held_at): figures once a
round is closed, only its number of responses while it is open.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from spf_desktop.domain.agenda import fmt_clock
from spf_desktop.domain.results import RoundResults
from spf_desktop.domain.scoring import fmt_change, fmt_score
from spf_desktop.domain.statuses import ActionStatus, RoundStatus
from spf_desktop.reports.audit import (
    headline_boxes,
    headline_sentence,
    ranked_list,
    sides_sentence,
)
from spf_desktop.reports.meeting_common import Timed, timed
from spf_desktop.reports.styles import (
    TEXT_WIDTH,
    PageInfo,
    Progress,
    Styles,
    grid_table,
    long_date,
    make_styles,
    no_progress,
    para,
)
from spf_desktop.store.report_data import meeting_record
from spf_desktop.store.results import load_round_results


def clock_of(stamp: str | None) -> int | None:
    """'2018-09-20T12:48' (or '...T12:48:05') -> minutes since midnight; None if unknown."""
    if not stamp:
        return None
    time_part = stamp.split("T", 1)[1] if "T" in stamp else stamp.split(" ", 1)[-1]
    try:
        hours, minutes = time_part.split(":")[:2]
        return int(hours) * 60 + int(minutes[:2])
    except ValueError:
        return None


def _signed_minutes(value: int) -> str:
    return "on time" if value == 0 else f"{value:+d} min"


def _timing_table(t: Timed, st: Styles) -> tuple[list[Flowable], int]:
    rows: list[list] = [["Item", "Planned", "Actual", "Difference"]]
    recorded = 0
    for row in t.record.sections:
        slot = t.schedule.slot(row["id"])
        start, end = clock_of(row["actual_start"]), clock_of(row["actual_end"])
        planned = f"{fmt_clock(slot.start)}–{fmt_clock(slot.end)} ({slot.end - slot.start} min)"
        if start is not None and end is not None:
            recorded += 1
            actual = f"{fmt_clock(start)}–{fmt_clock(end)} ({end - start} min)"
            diff = _signed_minutes((end - start) - (slot.end - slot.start))
        elif start is not None:
            actual, diff = f"from {fmt_clock(start)}", "-"
        else:
            actual, diff = "not recorded", "-"
        title = row["title"] or t.type_name(row["type"])
        host = t.host_label(row["id"])
        cell = [para(title, st.cell, f"Agenda item {row['position']}'s title")]
        if host:
            cell.append(para(f"alongside {host}", st.small, f"Agenda item {row['position']}'s title"))
        rows.append([cell, planned, actual, diff])
    widths = [TEXT_WIDTH - 118 - 118 - 62, 118, 118, 62]
    return [grid_table(rows, widths)], recorded


def _bullets(items: list[dict], st: Styles, what: str) -> list[Flowable]:
    return [para(i["text"], st.quote, what, markup="<bullet>&bull;</bullet>{}") for i in items]


def story(db, meeting_id: str, st: Styles | None = None,
          progress: Progress = no_progress) -> tuple[list[Flowable], PageInfo]:
    st = st or make_styles()
    progress(0.1, "Reading the meeting")
    t = timed(meeting_record(db, meeting_id))
    m = t.meeting
    forum = t.record.forum or {}
    info = PageInfo("Meeting summary", forum.get("name") or "SPF Desktop",
                    t.heading.split(" · ")[0], forum.get("protective_marking") or "")
    out: list[Flowable] = [
        para(f"Meeting summary: {m['title']}", st.title, "The meeting's title"),
        para(t.heading, st.subtitle, "The meeting's venue"),
        para(f"Seating: {t.seating}.", st.body),
    ]
    out.append(Paragraph("Planned and actual times", st.h2))
    table, recorded = _timing_table(t, st)
    out += table
    out.append(Spacer(1, 1 * mm))
    starts = [clock_of(r["actual_start"]) for r in t.record.sections]
    ends = [clock_of(r["actual_end"]) for r in t.record.sections]
    if recorded:
        first = min(s for s in starts if s is not None)
        last = max(e for e in ends if e is not None)
        out.append(para(
            f"Planned {fmt_clock(t.schedule.start)} to {fmt_clock(t.schedule.end)}; "
            f"the meeting ran from {fmt_clock(first)} to {fmt_clock(last)} "
            f"({_signed_minutes(last - t.schedule.end)} against the planned finish).", st.small))
    else:
        out.append(para("No actual times were recorded: the meeting clock was not run for "
                         "this meeting.", st.small))

    out.append(Paragraph("Outcomes", st.h2))
    out += _bullets(t.record.outcomes, st, "An outcome") or [para("None recorded.", st.body)]
    out.append(Paragraph("Decisions", st.h2))
    out += _bullets(t.record.decisions, st, "A decision") or [para("None recorded.", st.body)]
    out.append(Paragraph("Actions", st.h2))
    if t.record.actions:
        rows: list[list] = [["Action", "Owner", "Due", "Status"]]
        for a in t.record.actions:
            status = "done" + (f" {long_date(a['done_on'])}" if a.get("done_on") else "") \
                if a["status"] == ActionStatus.DONE else "open"
            rows.append([para(a["text"], st.cell, "An action"),
                         para(a["owner"] or "-", st.cell, "An action's owner"),
                         long_date(a["due_date"]) if a["due_date"] else "-",
                         para(status, st.cell)])
        widths = [TEXT_WIDTH - 110 - 96 - 100, 110, 96, 100]
        out.append(grid_table(rows, widths))
    else:
        out.append(para("None recorded.", st.body))

    progress(0.3, "Audit results")
    for rnd in t.record.rounds:
        out += _round_results(db, rnd, st)
    return out, info


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _round_results(db, rnd: dict, st: Styles) -> list[Flowable]:
    """The results of a round held at the meeting, once it is closed; until then how
    many have answered. Every figure, and whether it may be shown at all, comes from
    store.results (domain.results), the same as the audit report and the results screen."""
    label = rnd["label"]
    count = rnd["responses"]
    status = {RoundStatus.CLOSED: "closed", RoundStatus.OPEN: "open"}.get(
        rnd["status"], "not opened yet")
    head: list[Flowable] = [
        para(f"Audit results: {label}", st.h2, "A round's label"),
        para(f"Audit round held at this meeting · {long_date(rnd['date'])} · "
             f"{_plural(count, 'response')} · {status}", st.small),
        Spacer(1, 2 * mm),
    ]
    if rnd["status"] == RoundStatus.DRAFT:
        return [KeepTogether([*head, para(
            "This round has not been opened yet, so nobody has answered. Its results come "
            "here once it has run and been closed.", st.note)])]
    if rnd["status"] != RoundStatus.CLOSED:
        return [KeepTogether([*head, para(
            f"This round is still open: {_plural(count, 'response')} so far. Its results come "
            "when the round is closed (Audit view, Close round); make this summary again then.",
            st.note)])]
    results = load_round_results(db, rnd["id"])
    if results.responses == 0:
        return [KeepTogether([*head, para("This round closed with no responses, so it has no "
                                          "results.", st.note)])]
    if not results.visible:
        return [KeepTogether([*head, para(results.hidden_reason, st.note)])]
    out: list[Flowable] = [KeepTogether([
        *head, headline_boxes(results, st), Spacer(1, 3 * mm),
        para(headline_sentence(results), st.body, "The benchmark's label")])]
    out.append(KeepTogether([Paragraph("By question", st.h3), _means_table(results, st)]))
    out.append(KeepTogether([
        Paragraph("Lowest scores", st.h3),
        ranked_list([(fmt_score(q.stats.mean), f"{q.info.position}. {q.info.text}")
                     for q in results.lowest(3)], st)]))
    sides = (para(sides_sentence(results), st.body) if results.sides_visible
             else para(results.sides_reason, st.note))
    out.append(KeepTogether([Paragraph("Staff side and management side", st.h3), sides]))
    out.append(Spacer(1, 2 * mm))
    out.append(para(f"The audit report for {label} (in Reports) has every figure, the spread "
                    "of scores and the comments.", st.small, "A round's label"))
    return out


def _means_table(results: RoundResults, st: Styles) -> Flowable:
    """Each question in full (never cut short) with its mean, and its change when there
    is an earlier round to compare with."""
    prev = results.previous
    header = ["", "Question", "Answers", "Mean"] + ([prev.label, "Change"] if prev else [])
    rows: list[list] = [[para(h, st.head, "A round's label") for h in header]]
    for q in results.questions:
        row: list = [str(q.info.position),
                     para(q.info.text, st.cell, f"The text of question {q.info.position}"),
                     str(q.stats.count), fmt_score(q.stats.mean)]
        if prev:
            row += [fmt_score(q.previous_mean), fmt_change(q.change)]
        rows.append(row)
    fixed = [18, 50, 40] + ([56, 44] if prev else [])
    return grid_table(rows, [fixed[0], TEXT_WIDTH - sum(fixed)] + fixed[1:], align_right_from=2)
