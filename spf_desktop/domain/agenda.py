"""Agenda timing: clock times, pinned and parallel sections, and the warnings.

Pure functions over plain values, so the builder, the run clock, the reports
and the tests all agree on when each section starts and ends. Times of day are
whole minutes since midnight; the text form is ``HH:MM``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.section_types import MAX_SECTION_MINUTES, SectionType

SEATING = ("cabaret", "boardroom", "horseshoe", "circle")
SEATING_LABELS = {
    "cabaret": "Cabaret (tables of 6 to 8)",
    "boardroom": "Boardroom",
    "horseshoe": "Horseshoe",
    "circle": "Circle",
}

_CLOCK = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


# -- clock times ----------------------------------------------------------------

def parse_clock(text: str, *, what: str = "The time") -> int:
    """``"12:30"`` -> 750. Refuses anything that is not a time of day."""
    match = _CLOCK.match(text or "")
    if not match:
        raise ValidationError(f"{what} {text!r} is not a clock time like 12:30.")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise ValidationError(f"{what} {text!r} is not a clock time like 12:30.")
    return hours * 60 + minutes


def fmt_clock(minutes: int | float) -> str:
    """750 -> ``"12:30"``; past midnight wraps round (an agenda is one day)."""
    whole = int(round(minutes)) % (24 * 60)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def fmt_minutes(minutes: int) -> str:
    """45 -> "45 min"; 90 -> "1 h 30 min"."""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def check_duration(minutes: object, *, where: str = "A section") -> int:
    """A duration is a whole number of minutes from 1 to 720 (12 hours)."""
    if not isinstance(minutes, int) or isinstance(minutes, bool):
        raise ValidationError(f"{where}: the duration must be a whole number of minutes.")
    if minutes <= 0:
        raise ValidationError(
            f"{where}: a duration of {minutes} minutes is not possible; "
            f"give 1 to {MAX_SECTION_MINUTES} minutes."
        )
    if minutes > MAX_SECTION_MINUTES:
        raise ValidationError(
            f"{where}: {minutes} minutes is over 12 hours; "
            f"a section can last at most {MAX_SECTION_MINUTES} minutes."
        )
    return minutes


# -- records ------------------------------------------------------------------

@dataclass(frozen=True)
class Section:
    """One agenda item, posed as a question. ``notes`` are private to the facilitator."""

    id: str
    type: str
    title: str = ""
    question: str = ""
    outcome_sought: str = ""
    duration_min: int = 15
    lead: str = ""
    notes: str = ""
    params: Mapping[str, int] = field(default_factory=dict)
    pinned_time: str | None = None
    parallel_with: str | None = None
    round_id: str | None = None  # an audit section's audit round (of the meeting's forum)

    @property
    def label(self) -> str:
        return self.title or self.question or self.type


@dataclass(frozen=True)
class Meeting:
    title: str
    start_time: str = "10:00"
    planned_end: str = "13:00"
    date: str | None = None
    venue: str = ""
    seating: str = "cabaret"
    ways_of_working: tuple[Mapping[str, str], ...] = ()
    notes: str = ""


def validate_meeting(meeting: Meeting) -> None:
    """Refuse a meeting without a title, with bad times, or ending before it starts."""
    if not meeting.title.strip():
        raise ValidationError("A meeting needs a title.")
    start = parse_clock(meeting.start_time, what="The start time")
    end = parse_clock(meeting.planned_end, what="The planned end")
    if end <= start:
        raise ValidationError(
            f"The planned end ({meeting.planned_end}) is before the start "
            f"({meeting.start_time}): give an end after the start."
        )
    if meeting.seating not in SEATING:
        raise ValidationError(
            f"Seating {meeting.seating!r} is not one of {', '.join(SEATING)}."
        )
    if meeting.date:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", meeting.date):
            raise ValidationError(f"The date {meeting.date!r} is not a date like 2018-09-20.")


def check_pinned(pinned: str, meeting_start: str, *, where: str = "A section") -> int:
    """A pinned time is a clock time not before the meeting starts."""
    at = parse_clock(pinned, what=f"{where}: the pinned time")
    start = parse_clock(meeting_start, what="The start time")
    if at < start:
        raise ValidationError(
            f"{where} is pinned at {fmt_clock(at)}, before the meeting starts at "
            f"{fmt_clock(start)}: pin it at {fmt_clock(start)} or later."
        )
    return at


def validate_section(section: Section, meeting_start: str) -> None:
    where = f'The section "{section.label}"'
    check_duration(section.duration_min, where=where)
    if section.pinned_time:
        check_pinned(section.pinned_time, meeting_start, where=where)


def duration_for(stype: SectionType, params: Mapping[str, int] | None, *, where: str = "") -> int:
    """The type's timing rule applied to ``params``, checked like a typed-in duration."""
    minutes = stype.duration(params)
    return check_duration(minutes, where=where or f"A {stype.name} section")


# -- timing -------------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    """When one section runs. ``host_id`` names the section it runs alongside."""

    section: Section
    start: int
    end: int
    host_id: str | None = None

    @property
    def parallel(self) -> bool:
        return self.host_id is not None


@dataclass(frozen=True)
class AgendaWarning:
    kind: str  # over_end | pinned_overlap | gap | long_round | short_audit
    message: str
    section_id: str | None = None


@dataclass(frozen=True)
class Schedule:
    slots: tuple[Slot, ...]  # in the sections' order
    warnings: tuple[AgendaWarning, ...]
    start: int
    planned_end: int
    end: int  # when the last section (main or parallel) ends

    def slot(self, section_id: str) -> Slot:
        for s in self.slots:
            if s.section.id == section_id:
                return s
        raise KeyError(section_id)

    def main(self) -> list[Slot]:
        return [s for s in self.slots if not s.parallel]

    def parallels_of(self, host_id: str) -> list[Slot]:
        return [s for s in self.slots if s.host_id == host_id]

    def warnings_for(self, section_id: str) -> list[AgendaWarning]:
        return [w for w in self.warnings if w.section_id == section_id]

    @property
    def overrun(self) -> int:
        return max(0, self.end - self.planned_end)


def host_of(sections: Sequence[Section]) -> dict[str, str]:
    """For each parallel section, the main-lane section it runs alongside.

    A chain (B alongside C, C alongside A) resolves to A. A reference to a
    missing section, to itself, or a loop is refused.
    """
    by_id = {s.id: s for s in sections}
    hosts: dict[str, str] = {}
    for s in sections:
        if s.parallel_with is None:
            continue
        seen = {s.id}
        target = s.parallel_with
        while True:
            if target not in by_id:
                raise ValidationError(
                    f'The section "{s.label}" runs alongside a section that is not in this agenda.'
                )
            if target in seen:
                raise ValidationError(
                    f'The section "{s.label}" cannot run alongside itself (directly or in a loop).'
                )
            seen.add(target)
            nxt = by_id[target].parallel_with
            if nxt is None:
                break
            target = nxt
        hosts[s.id] = target
    return hosts


def compute_schedule(
    sections: Sequence[Section],
    start_time: str | int,
    planned_end: str | int,
    types: Mapping[str, SectionType] | None = None,
) -> Schedule:
    """Clock times for every section, and what the facilitator should know.

    Main-lane sections run one after another from the start. A pinned section
    starts at its pinned time whatever comes before it: if the one before runs
    into it, that is a warning; if it leaves time free, that is a gap. A
    parallel section starts with the section it runs alongside (or at its own
    pinned time) and does not push anything later.
    """
    start = start_time if isinstance(start_time, int) else parse_clock(start_time, what="The start time")
    end_planned = planned_end if isinstance(planned_end, int) else parse_clock(planned_end, what="The planned end")
    hosts = host_of(sections)
    warnings: list[AgendaWarning] = []
    times: dict[str, tuple[int, int]] = {}
    cursor = start
    previous: Section | None = None
    for s in sections:
        if s.id in hosts:
            continue
        begin = cursor
        if s.pinned_time:
            pinned = parse_clock(s.pinned_time, what=f'"{s.label}": the pinned time')
            if pinned < cursor and previous is not None:
                warnings.append(AgendaWarning(
                    "pinned_overlap",
                    f'"{previous.label}" runs {cursor - pinned} min into "{s.label}", '
                    f"which is pinned at {fmt_clock(pinned)}.",
                    s.id,
                ))
            elif pinned > cursor:
                warnings.append(AgendaWarning(
                    "gap",
                    f'A gap of {pinned - cursor} min ({fmt_clock(cursor)} to {fmt_clock(pinned)}) '
                    f'before "{s.label}".',
                    s.id,
                ))
            begin = pinned
        times[s.id] = (begin, begin + s.duration_min)
        cursor = begin + s.duration_min
        previous = s
    slots: list[Slot] = []
    latest = start if not times else max(e for _, e in times.values())
    for s in sections:
        host = hosts.get(s.id)
        if host is None:
            begin, finish = times[s.id]
        else:
            begin = times[host][0]
            if s.pinned_time:
                begin = parse_clock(s.pinned_time, what=f'"{s.label}": the pinned time')
            finish = begin + s.duration_min
            latest = max(latest, finish)
        slots.append(Slot(s, begin, finish, host))
        warnings.extend(_type_warnings(s, types))
    if latest > end_planned:
        warnings.insert(0, AgendaWarning(
            "over_end",
            f"The agenda ends at {fmt_clock(latest)}: {latest - end_planned} min past the "
            f"planned end ({fmt_clock(end_planned)}).",
            None,
        ))
    return Schedule(tuple(slots), tuple(warnings), start, end_planned, latest)


def _type_warnings(s: Section, types: Mapping[str, SectionType] | None) -> list[AgendaWarning]:
    """The warnings a section's type asks for, by its library entry (not its id)."""
    out: list[AgendaWarning] = []
    stype = (types or {}).get(s.type)
    if stype is None:
        return out
    limit = stype.warn_over_minutes
    if limit is not None and s.duration_min > limit:
        out.append(AgendaWarning(
            "long_round",
            f'The round "{s.label}" takes {s.duration_min} min: longer than {limit} min is too '
            "long for the room. Fewer speakers, or less time each?",
            s.id,
        ))
    each = stype.shared_device_minutes_each
    if each is not None:
        people = participants(s, stype)
        need = people * each
        if s.duration_min < need:
            # alongside a section already: asking to run it alongside lunch would confuse
            advice = ("Give it more minutes?" if s.parallel_with
                      else "Run it alongside lunch?")
            out.append(AgendaWarning(
                "short_audit",
                f'The audit "{s.label}" has {s.duration_min} min, but {people} participants x '
                f"{each} min on one laptop need {need} min. {advice}",
                s.id,
            ))
    return out


def participants(s: Section, stype: SectionType | None) -> int:
    value = s.params.get("participants")
    if value is None and stype is not None:
        value = stype.defaults.get("participants")
    return int(value or 0)


# -- edits: each returns a new tuple, so undo is keeping the old one ------------

def insert_section(sections: Sequence[Section], section: Section, index: int | None = None) -> tuple[Section, ...]:
    items = list(sections)
    items.insert(len(items) if index is None else max(0, min(index, len(items))), section)
    return tuple(items)


def remove_section(sections: Sequence[Section], section_id: str) -> tuple[Section, ...]:
    """Remove a section; sections that ran alongside it go back on the main lane."""
    return tuple(
        replace(s, parallel_with=None) if s.parallel_with == section_id else s
        for s in sections
        if s.id != section_id
    )


def move_section(sections: Sequence[Section], source: int, target: int) -> tuple[Section, ...]:
    """Move the section at ``source`` so it ends up at index ``target``."""
    items = list(sections)
    if not 0 <= source < len(items):
        raise IndexError(source)
    target = max(0, min(target, len(items) - 1))
    items.insert(target, items.pop(source))
    return tuple(items)


def change_type(section: Section, new: SectionType, old: SectionType | None) -> Section:
    """The section as a section of another type.

    Its parameters become the new type's defaults. Its duration is recomputed from
    them, unless the facilitator had set one by hand (one that the old type's rule
    does not give). A title that was just the old type's name follows the new type.
    """
    if old is not None and new.id == old.id:
        return section
    params = dict(new.defaults) if new.rule != "fixed" else {}
    hand_set = True
    if old is not None:
        try:
            hand_set = section.duration_min != old.duration(section.params)
        except ValidationError:
            hand_set = True
    title = section.title
    if not title.strip() or (old is not None and title == old.name):
        title = new.name
    return replace(
        section, type=new.id, title=title, params=params,
        duration_min=section.duration_min if hand_set else new.duration(params),
    )


def update_section(sections: Sequence[Section], section: Section) -> tuple[Section, ...]:
    return tuple(section if s.id == section.id else s for s in sections)


def can_link_round(stype: SectionType | None) -> bool:
    """Whether sections of this type run the audit (participants on one shared
    device), and so can be linked to an audit round. From the type's data, not its id."""
    return stype is not None and stype.shared_device_minutes_each is not None
