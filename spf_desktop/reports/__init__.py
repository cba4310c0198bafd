"""The PDF reports chairs print: audit, trend, agenda handout, meeting summary and the
blank paper questionnaire.

This module is light on purpose: reportlab is imported only when a report is
made (inside ``make_report``), so opening the app never pays for it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

    from spf_desktop.reports.styles import Progress


@dataclass(frozen=True)
class ReportKind:
    key: str          # the module in spf_desktop.reports and the CLI command
    title: str        # what the user sees
    needs: str        # "forum", "round" or "meeting"
    description: str
    file_stem: str


REPORT_KINDS: dict[str, ReportKind] = {k.key: k for k in (
    ReportKind("audit", "Audit report", "round",
               "Headline figures, a chart and table per question, lowest scores, biggest "
               "changes, staff side against management side, comments.", "audit-report"),
    ReportKind("questionnaire", "Blank paper questionnaire", "round",
               "One participant per page: the questions, 0 to 10 boxes, skip, comments, "
               "the side question.", "questionnaire"),
    ReportKind("trend", "Trend report", "forum",
               "Every audit round of the forum, overall and per question, with the change "
               "from round to round.", "trend-report"),
    ReportKind("agenda", "Agenda handout", "meeting",
               "Clock times, each item posed as a question, type, lead, seating and the "
               "ways of working.", "agenda"),
    ReportKind("summary", "Meeting summary", "meeting",
               "Planned against actual times, outcomes, decisions, actions and the audit "
               "results of a round run in the meeting.", "meeting-summary"),
)}


def make_report(kind: str, db: Database, record_id: str, out: str | Path, *,
                copies: int = 1, progress: Progress | None = None) -> Path:
    """Make one report and write it to ``out`` (complete or not at all); returns the path.

    Raises ``spf_desktop.domain.errors.UserError`` (with a message for the user)
    for an unknown id, an unusable output folder, or text the font cannot print.
    """
    if kind not in REPORT_KINDS:
        raise ValueError(kind)
    from spf_desktop.reports import styles

    report = progress or styles.no_progress
    target = styles.check_target(Path(out))
    module = importlib.import_module(f"spf_desktop.reports.{kind}")
    st = styles.make_styles()
    options = {"copies": copies} if kind == "questionnaire" else {}
    flowables, info = module.story(db, record_id, st, report, **options)
    report(0.5, "Laying out the pages")
    data = styles.render(flowables, info, progress=report)
    report(0.95, "Saving the PDF")
    written = styles.write_atomically(data, target)
    report(1.0, f"Saved {written.name}")
    return written
