"""The PDF reports chairs print: audit, trend, agenda handout, meeting summary and the
blank paper questionnaire; each can also be saved as accessible HTML (reports.html),
made from the same story, so it holds the same figures.

This module is light on purpose: reportlab is imported only when a report is
made (inside ``make_report``), so opening the app never pays for it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spf_desktop.domain.scoring import SCALE_TEXT

if TYPE_CHECKING:
    from sqlite_utils import Database

    from spf_desktop.reports.styles import Progress


#: What a report can be made for: the kinds of record a user selects.
NEEDS = ("round", "meeting", "forum")
#: What each kind of record is called where an id is asked for.
NEED_NOUNS = {"round": "audit round", "meeting": "meeting", "forum": "forum"}

#: The files a report can be saved as: the printable PDF, or its accessible HTML twin.
FORMATS = ("pdf", "html")
#: What each format is called in messages ("...for the PDF").
FORMAT_NOUNS = {"pdf": "the PDF", "html": "the HTML page"}

#: Why a report cannot be made for a record yet ("" when it can); light: no reportlab.
ReadyCheck = Callable[["Database", str], str]


@dataclass(frozen=True)
class ReportKind:
    """One report, declared once: the CLI's command, the Reports view's list and
    ``make_report`` all come from this.

    A new report is a module with a ``story(db, record_id, st, progress, **options)``
    function and one ``register(ReportKind(...))`` line.
    """

    key: str          # the CLI command and, by default, the module in spf_desktop.reports
    title: str        # what the user sees
    needs: str        # the record it is made for: "forum", "round" or "meeting"
    description: str
    file_stem: str
    copies: bool = False          # takes a number of copies (--copies)
    module: str = ""              # where ``story`` is; default spf_desktop.reports.<key>
    not_ready: ReadyCheck | None = None  # why it cannot be made for a record yet
    # The record only adds its name (a handout): the report can also be made with
    # no record and no archive at all (``story`` then gets "" as the id).
    record_optional: bool = False
    # It prints a round's results. Offered for a meeting's selection, it waits for
    # the round to close, as the meeting summary does (results come when it closes).
    shows_results: bool = False

    def __post_init__(self) -> None:
        if self.needs not in NEEDS:
            raise ValueError(f"a report needs one of {NEEDS}, not {self.needs!r}")

    @property
    def module_name(self) -> str:
        return self.module or f"spf_desktop.reports.{self.key}"

    @property
    def noun(self) -> str:
        """What the record it needs is called, e.g. "audit round"."""
        return NEED_NOUNS[self.needs]


#: Every report, in the order the Reports view lists them.
REPORT_KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    """Add a report; the CLI and the Reports view offer it from then on."""
    if kind.key in REPORT_KINDS:
        raise ValueError(f"there is already a report called {kind.key!r}")
    REPORT_KINDS[kind.key] = kind
    return kind


def unregister(key: str) -> None:
    """Remove a report (for tests that add a throwaway one)."""
    REPORT_KINDS.pop(key, None)


def _no_responses(db: Database, round_id: str) -> str:
    from spf_desktop.store.report_data import round_record

    return "" if round_record(db, round_id).has_answers else "no responses yet"


def _no_sections(db: Database, meeting_id: str) -> str:
    sections = db.execute("SELECT count(*) FROM agenda_sections WHERE meeting_id = ?",
                          [meeting_id]).fetchone()[0]
    return "" if sections else "no agenda sections yet"


def _no_rounds(db: Database, forum_id: str) -> str:
    from spf_desktop.store import repo

    return "" if repo.rounds(db, forum_id) else "no audit rounds yet"


register(ReportKind(
    "audit", "Audit report", "round",
    "Headline figures, a chart and table per question, lowest scores, biggest changes, staff "
    "side against management side, comments.", "audit-report", not_ready=_no_responses,
    shows_results=True))
register(ReportKind(
    "questionnaire", "Blank paper questionnaire", "round",
    f"One participant per page: the questions, {SCALE_TEXT} boxes, skip, comments, the side "
    "question.", "questionnaire", copies=True))
register(ReportKind(
    "trend", "Trend report", "forum",
    "Every audit round of the forum, overall and per question, with the change from round to "
    "round.", "trend-report", not_ready=_no_rounds))
register(ReportKind(
    "agenda", "Agenda handout", "meeting",
    "Clock times, each item posed as a question, type, lead, seating and the ways of working.",
    "agenda", not_ready=_no_sections))
register(ReportKind(
    "summary", "Meeting summary", "meeting",
    "Planned against actual times, outcomes, decisions, actions and the audit results of each "
    "round held at the meeting.", "meeting-summary", not_ready=_no_sections))
register(ReportKind(
    "quickstart", "Running the audit in a room", "forum",
    "A one-page checklist for the facilitator: set the PIN, participant mode, pass the laptop, "
    "leave with the PIN, screen the comments, close the round, present.", "quickstart",
    record_optional=True))


def make_report(kind: str, db: Database | None, record_id: str, out: str | Path, *,
                copies: int = 1, progress: Progress | None = None, fmt: str = "pdf") -> Path:
    """Make one report and write it to ``out`` (complete or not at all); returns the path.

    ``fmt`` "html" writes the accessible HTML twin instead of the PDF: the same story
    (so the same figures and the same comments in the same order), as one self-contained
    page with headings and header cells. A blank questionnaire's HTML is one form (copies
    are for paper).

    Raises ``spf_desktop.domain.errors.UserError`` (with a message for the user)
    for an unknown id, an unusable output folder, or text the font cannot print.
    ``db`` may be None, and ``record_id`` "", only for a report whose record is optional.
    """
    if kind not in REPORT_KINDS:
        raise ValueError(kind)
    if fmt not in FORMATS:
        raise ValueError(f"a report is saved as one of {FORMATS}, not {fmt!r}")
    if (db is None or not record_id) and not REPORT_KINDS[kind].record_optional:
        raise ValueError(f"the {kind} report needs a {REPORT_KINDS[kind].noun}")
    from spf_desktop.reports import styles

    declared = REPORT_KINDS[kind]
    report = progress or styles.no_progress
    what = FORMAT_NOUNS[fmt]
    target = styles.check_target(Path(out), what)
    if db is not None:
        from spf_desktop.store.targets import guard_target

        guard_target(db, target)
    module = importlib.import_module(declared.module_name)
    st = styles.make_styles()
    options = {"copies": copies if fmt == "pdf" else 1} if declared.copies else {}
    flowables, info = module.story(db, record_id, st, report, **options)
    if fmt == "html":
        from spf_desktop.reports.html import render_html

        report(0.6, "Writing the HTML page")
        page = render_html(flowables, info).encode("utf-8")
        written = styles.write_atomically(page, target, what)
        report(1.0, f"Saved {written.name}")
        return written
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
    def takes_copies(self) -> bool:
        """Whether the user chooses a number of copies (the blank questionnaire)."""
        return REPORT_KINDS[self.kind].copies

    @property
    def file_name(self) -> str:
        """A suggested file name, e.g. 'audit-report-baseline.pdf'."""
        return self.file_name_as("pdf")

    def file_name_as(self, fmt: str) -> str:
        """A suggested file name for ``fmt``, e.g. 'audit-report-baseline.html'."""
        label = self.title.split(": ", 1)[-1]
        slug = "".join(c if c.isalnum() else "-" for c in label.lower()).strip("-")
        while "--" in slug:
            slug = slug.replace("--", "-")
        return f"{REPORT_KINDS[self.kind].file_stem}-{slug or 'report'}.{fmt}"


def available_reports(db: Database, kind: str, record_id: str) -> list[ReportChoice]:
    """What can be printed for a selected forum, round or meeting (no reportlab needed).

    Each registered report is offered for the record it declares it needs: the
    selection's own, then its relatives' (every round held at a meeting, the meeting
    a round was held at, the forum of either), each with its reason if not ready yet.
    For a meeting, a report of a round's results waits for that round to close.
    """
    from spf_desktop.store.report_data import report_choices

    ids = report_choices(db, kind, record_id)
    order = {"round": ("round", "meeting", "forum"), "meeting": ("meeting", "round", "forum"),
             "forum": ("forum",)}[kind]
    out: list[ReportChoice] = []
    for need in order:
        names = _record_names(db, need, ids[need])
        for one_id in ids[need]:
            for declared in REPORT_KINDS.values():
                if declared.needs != need:
                    continue
                reason = declared.not_ready(db, one_id) if declared.not_ready else ""
                if not reason and declared.shows_results and kind == "meeting":
                    reason = _not_closed(db, one_id)
                out.append(ReportChoice(declared.key, one_id, f"{declared.title}: {names[one_id]}",
                                        reason))
    return out


def _not_closed(db: Database, round_id: str) -> str:
    """Why a round's results are not printed from its meeting yet ("" once closed)."""
    from spf_desktop.domain.statuses import RoundStatus
    from spf_desktop.store import repo

    status = (repo.get(db, "rounds", round_id) or {}).get("status")
    if status == RoundStatus.CLOSED:
        return ""
    if status == RoundStatus.DRAFT:
        return "not opened yet"
    return "still open: its results come when it is closed"


def _record_names(db: Database, need: str, record_ids: list[str]) -> dict[str, str]:
    """Each record's name in a report's title; rounds that share a label also get their
    date, so a chair can tell them apart."""
    names = {one: _record_name(db, need, one) for one in record_ids}
    labels = list(names.values())
    if need == "round":
        from spf_desktop.store import repo

        for one, name in names.items():
            if labels.count(name) > 1:
                names[one] = f"{name} ({(repo.get(db, 'rounds', one) or {}).get('date', '')})"
    return names


def _record_name(db: Database, need: str, record_id: str) -> str:
    """What a record is called in a report's title: a round's label, a meeting's title..."""
    from spf_desktop.store import repo

    table, column = {"round": ("rounds", "label"), "meeting": ("meetings", "title"),
                     "forum": ("forums", "name")}[need]
    return (repo.get(db, table, record_id) or {}).get(column, "")
