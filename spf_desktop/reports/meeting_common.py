"""What the agenda handout and the meeting summary share: the meeting's sections
as domain values, their clock times (spf_desktop.domain.agenda, the same
timing as the agenda builder and the clock), and the section-type names."""

from __future__ import annotations

import json
from dataclasses import dataclass

from spf_desktop.domain.agenda import SEATING_LABELS, Schedule, Section, compute_schedule, fmt_clock
from spf_desktop.domain.errors import UserError
from spf_desktop.domain.section_types import load_section_types
from spf_desktop.paths import resource
from spf_desktop.reports.styles import ReportError, check_text, long_date
from spf_desktop.store.report_data import MeetingRecord


@dataclass(frozen=True)
class Timed:
    """A meeting with its worked-out clock times."""

    record: MeetingRecord
    schedule: Schedule
    type_names: dict[str, str]

    @property
    def meeting(self) -> dict:
        return self.record.meeting

    def type_name(self, type_id: str) -> str:
        return self.type_names.get(type_id, type_id.replace("_", " ").capitalize())

    def when(self, section_id: str) -> str:
        slot = self.schedule.slot(section_id)
        return f"{fmt_clock(slot.start)}–{fmt_clock(slot.end)}"

    def host_label(self, section_id: str) -> str:
        slot = self.schedule.slot(section_id)
        return self.schedule.slot(slot.host_id).section.label if slot.host_id else ""

    @property
    def seating(self) -> str:
        return SEATING_LABELS.get(self.meeting["seating"], self.meeting["seating"])

    @property
    def heading(self) -> str:
        """'20 September 2018 · Conference centre, Nottingham · 12:00 to 16:00'."""
        m = self.meeting
        parts = [long_date(m["date"]) if m["date"] else "Date to be set"]
        if m["venue"]:
            parts.append(m["venue"])
        parts.append(f"{m['start_time']} to {m['planned_end']}")
        return " · ".join(parts)


def _section(row: dict) -> Section:
    try:
        params = json.loads(row["params"] or "{}")
    except ValueError:
        params = {}
    return Section(
        id=row["id"], type=row["type"], title=row["title"] or "", question=row["question"] or "",
        outcome_sought=row["outcome_sought"] or "", duration_min=row["duration_min"],
        lead=row["lead"] or "", notes=row["notes"] or "",
        params=params if isinstance(params, dict) else {},
        pinned_time=row["pinned_time"] or None, parallel_with=row["parallel_with"] or None,
    )


def timed(record: MeetingRecord) -> Timed:
    """Clock times for a meeting; refuses a meeting with no sections."""
    m = record.meeting
    if not record.sections:
        raise ReportError(
            f"The meeting \"{m['title']}\" ({m['date'] or 'no date'}) has no agenda sections "
            "yet, so there is nothing to print. Add sections in the Agenda view first."
        )
    try:
        schedule = compute_schedule([_section(r) for r in record.sections], m["start_time"],
                                    m["planned_end"])
    except UserError as exc:
        raise ReportError(f"The agenda of \"{m['title']}\" cannot be timed: {exc}") from exc
    try:
        types = load_section_types(resource("section_types.json"))
        names = {k: t.name for k, t in types.items()}
    except UserError:
        names = {}
    check_text(m["title"], "The meeting's title")
    check_text(m["venue"] or "", "The meeting's venue")
    return Timed(record, schedule, names)
