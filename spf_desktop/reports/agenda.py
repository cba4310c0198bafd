"""The agenda handout: what participants hold in their hands on the day.

Clock times, each item posed as a question, its type and lead, the seating and
the forum's ways of working. Facilitator notes are private and never printed.
A typical half-day agenda fits on one page.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from spf_desktop.domain.agenda import fmt_clock, fmt_minutes
from spf_desktop.reports.html import html_hints
from spf_desktop.reports.meeting_common import Timed, timed
from spf_desktop.reports.styles import (
    ACCENT,
    ACCENT_LIGHT,
    FONT,
    TEXT_WIDTH,
    PageInfo,
    Progress,
    Styles,
    grid_table,
    make_styles,
    no_progress,
    para,
)
from spf_desktop.store.report_data import meeting_record


def item_cell(t: Timed, row: dict, st: Styles, *, with_outcome: bool = True) -> list[Flowable]:
    """An agenda item: its title, the question it poses, and the outcome sought."""
    where = f"Agenda item {row['position']}"
    title = row["title"] or t.type_name(row["type"])
    cell: list[Flowable] = [para(title, st.cell_bold, f"{where}'s title")]
    if row["question"]:
        cell.append(para(row["question"], st.cell, f"{where}'s question", markup="<i>{}</i>"))
    if with_outcome and row["outcome_sought"]:
        cell.append(para(f"Outcome sought: {row['outcome_sought']}", st.small,
                         f"{where}'s outcome sought"))
    host = t.host_label(row["id"])
    if host:
        cell.append(para(f"Runs alongside: {host}", st.small, f"{where}'s title"))
    return cell


def ways_of_working(t: Timed, st: Styles) -> list[Flowable]:
    ways = t.record.ways_of_working
    if not ways:
        return []
    rows = [[para(w.get("name", ""), st.cell_bold, "A way of working"),
             para(w.get("description", ""), st.cell, "A way of working")] for w in ways]
    table = Table(rows, colWidths=[90, TEXT_WIDTH - 90], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
        ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return [KeepTogether([Paragraph("Our ways of working", st.h2), table])]


def story(db, meeting_id: str, st: Styles | None = None,
          progress: Progress = no_progress) -> tuple[list[Flowable], PageInfo]:
    st = st or make_styles()
    progress(0.1, "Reading the agenda")
    t = timed(meeting_record(db, meeting_id))
    m = t.meeting
    forum_name = t.record.forum["name"] if t.record.forum else "SPF Desktop"
    info = PageInfo("Agenda", forum_name, t.heading.split(" · ")[0],
                    (t.record.forum or {}).get("protective_marking") or "")
    out: list[Flowable] = [
        para(m["title"], st.title, "The meeting's title"),
        para(t.heading, st.subtitle, "The meeting's venue"),
        para(f"Seating: {t.seating}.", st.body),
        Spacer(1, 2 * mm),
    ]
    rows: list[list] = [["Time", "Item", "Type", "Lead"]]
    for row in t.record.sections:
        rows.append([
            para(t.when(row["id"]), st.cell_bold),
            item_cell(t, row, st),
            para(t.type_name(row["type"]) + f"\n{fmt_minutes(row['duration_min'])}", st.small,
                 f"Agenda item {row['position']}'s type"),
            para(row["lead"] or "", st.cell, f"Agenda item {row['position']}'s lead"),
        ])
    widths = [76, TEXT_WIDTH - 76 - 100 - 82, 100, 82]
    out.append(html_hints(grid_table(rows, widths, zebra=True), caption="The agenda"))
    sched = t.schedule
    out.append(Spacer(1, 2 * mm))
    out.append(para(f"Finishes at {fmt_clock(sched.end)}"
                    + (f" (planned end {m['planned_end']})." if fmt_clock(sched.end) != m["planned_end"]
                       else "."), st.small))
    out += ways_of_working(t, st)
    return out, info
