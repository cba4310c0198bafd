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


@dataclass(frozen=True)
class ReportChoice:
    """One report a selection lets the user make, or why it cannot be made yet."""

    kind: str
    record_id: str
    title: str         # e.g. "Audit report: Baseline"
    reason: str = ""   # empty when it can be made

    @property
    def enabled(self) -> bool:
        return not self.reason

    @property
    def description(self) -> str:
        return REPORT_KINDS[self.kind].description

    @property
    def file_name(self) -> str:
        """A suggested file name, e.g. 'audit-report-baseline.pdf'."""
        label = self.title.split(": ", 1)[-1]
        slug = "".join(c if c.isalnum() else "-" for c in label.lower()).strip("-")
        while "--" in slug:
            slug = slug.replace("--", "-")
        return f"{REPORT_KINDS[self.kind].file_stem}-{slug or 'report'}.pdf"


def available_reports(db: Database, kind: str, record_id: str) -> list[ReportChoice]:
    """What can be printed for a selected forum, round or meeting (no reportlab needed).

    A round offers its audit report and blank questionnaire, a meeting its agenda
    and summary, and each the related records' reports (the forum's trend, the
    round run in the meeting, the meeting a round ran in).
    """
    from spf_desktop.store import repo
    from spf_desktop.store.report_data import report_choices, round_record

    ids = report_choices(db, kind, record_id)
    out: list[ReportChoice] = []

    def round_reports(round_id: str) -> None:
        rec = round_record(db, round_id)
        label = rec.round["label"]
        empty = not rec.has_answers
        out.append(ReportChoice("audit", round_id, f"Audit report: {label}",
                                "no responses yet" if empty else ""))
        out.append(ReportChoice("questionnaire", round_id, f"Blank paper questionnaire: {label}"))

    def meeting_reports(meeting_id: str) -> None:
        meeting = repo.get(db, "meetings", meeting_id) or {}
        title = meeting.get("title", "")
        sections = db.execute("SELECT count(*) FROM agenda_sections WHERE meeting_id = ?",
                              [meeting_id]).fetchone()[0]
        reason = "" if sections else "no agenda sections yet"
        out.append(ReportChoice("agenda", meeting_id, f"Agenda handout: {title}", reason))
        out.append(ReportChoice("summary", meeting_id, f"Meeting summary: {title}", reason))

    order = {"round": ("round", "meeting"), "meeting": ("meeting", "round"),
             "forum": ()}[kind]
    for what in order:
        if ids[what]:
            (round_reports if what == "round" else meeting_reports)(ids[what])
    if ids["forum"]:
        forum_row = repo.get(db, "forums", ids["forum"]) or {}
        has_rounds = bool(repo.rounds(db, ids["forum"]))
        out.append(ReportChoice("trend", ids["forum"], f"Trend report: {forum_row.get('name', '')}",
                                "" if has_rounds else "no audit rounds yet"))
    return out
