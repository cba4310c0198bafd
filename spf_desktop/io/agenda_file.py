"""Meeting and template files: one meeting's plan as versioned JSON, to carry to another laptop.

The file holds the plan only (details, ways of working, sections); never the
actual times, outcomes or actions. Reading checks everything before anything
is written, and says what is wrong and where: every text has a type and a
length limit, a date is a real date, a duration is a whole number of minutes
from 1 to 720, a section's parameters are those of its type's timing rule,
whole numbers from 0 to 1,000, and nothing is nested deeper than the format
is. A bad file is a message, never a traceback.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

from sqlite_utils import Database

from spf_desktop.domain.agenda import Meeting, Section, host_of, validate_meeting, validate_section
from spf_desktop.domain.errors import UserError, ValidationError
from spf_desktop.domain.forums import MAX_DESCRIPTION, MAX_TEXT, MAX_WAYS
from spf_desktop.domain.section_types import RULES, SectionType
from spf_desktop.domain.ways import parse_ways_of_working
from spf_desktop.io.safe_json import JsonFileProblem, load_file
from spf_desktop.store import agenda as store
from spf_desktop.store import atomic
from spf_desktop.store.writable import write_problem

FORMAT = "spf-agenda"
FORMAT_VERSION = 1
SUFFIX = ".spf-agenda.json"
#: A meeting plan is a few kilobytes; anything far bigger is not one.
MAX_FILE_BYTES = 1_000_000
#: The format is four levels deep (file, sections, a section, its parameters).
MAX_DEPTH = 6
MAX_SECTIONS = 200
MAX_SHORT = 1_000     # a title, a question, an outcome, a lead, a venue
MAX_LONG = 20_000     # private notes
MAX_PARAMS = 10
MAX_PARAM = 1_000


class AgendaFileError(UserError):
    """The file is not a meeting or template file, is damaged, or is too new."""


@dataclass(frozen=True)
class AgendaFile:
    kind: str  # "template" or "meeting"
    meeting: Meeting
    sections: tuple[Section, ...]


def to_data(db: Database, meeting_id: str) -> dict:
    row = store.get_meeting(db, meeting_id)
    meeting = store.meeting_from_row(row)
    items = store.sections(db, meeting_id)
    index = {s.id: n for n, s in enumerate(items)}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kind": "template" if row["is_template"] else "meeting",
        "meeting": {
            "title": meeting.title, "date": meeting.date, "venue": meeting.venue,
            "start_time": meeting.start_time, "planned_end": meeting.planned_end,
            "seating": meeting.seating,
            "ways_of_working": [dict(w) for w in meeting.ways_of_working],
            "notes": meeting.notes,
        },
        "sections": [
            {
                "type": s.type, "title": s.title, "question": s.question,
                "outcome_sought": s.outcome_sought, "duration_min": s.duration_min,
                "lead": s.lead, "notes": s.notes, "params": dict(s.params),
                "pinned_time": s.pinned_time,
                "parallel_with": index.get(s.parallel_with) if s.parallel_with else None,
            }
            for s in items
        ],
    }


def export_meeting(db: Database, meeting_id: str, path: str | os.PathLike[str]) -> Path:
    """Write the meeting (or template) to ``path``, replacing it only once fully written."""
    from spf_desktop.store.targets import guard_target

    target = guard_target(db, Path(path))
    text = json.dumps(to_data(db, meeting_id), indent=2, ensure_ascii=False) + "\n"
    try:
        atomic.write_text(target, text)
    except OSError as exc:
        raise write_problem(target, exc, error=UserError) from exc
    return target


def read_agenda_file(
    path: str | os.PathLike[str], types: dict[str, SectionType] | None = None,
    *, expect: str | None = None,
) -> AgendaFile:
    """Read and check a file. ``expect="template"`` refuses a meeting file and vice versa."""
    path = Path(path)
    name = path.name
    try:
        data = load_file(path, MAX_FILE_BYTES, "a meeting or template file", max_depth=MAX_DEPTH)
    except OSError as exc:
        raise AgendaFileError(f"Cannot read {name}: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise AgendaFileError(
            f"{name} is not an SPF Desktop meeting or template file (byte {exc.start} is not "
            "UTF-8 text). Nothing was imported."
        ) from exc
    except JsonFileProblem as exc:
        if exc.msg:  # plain bad JSON: damaged if it looks like ours, else not ours
            with path.open("rb") as fh:
                looks_like_json = fh.read(64).lstrip()[:1] in (b"{", b"[")
            if looks_like_json:
                raise AgendaFileError(
                    f"{name} is damaged: it is not valid JSON ({exc.msg}: {exc.where}). "
                    "Nothing was imported."
                ) from exc
            raise AgendaFileError(
                f"{name} is not an SPF Desktop meeting or template file. Nothing was imported."
            ) from exc
        raise AgendaFileError(
            f"{name}: {exc.where}: this is not an SPF Desktop meeting or template file "
            f"({exc.what}). Nothing was imported."
        ) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AgendaFileError(
            f"{name} is not an SPF Desktop meeting or template file. Nothing was imported."
        )
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise AgendaFileError(f"{name} is damaged: it has no format version. Nothing was imported.")
    if version > FORMAT_VERSION:
        raise AgendaFileError(
            f"{name} was made by a newer version of SPF Desktop (file version {version}; this "
            f"version reads up to {FORMAT_VERSION}). Update SPF Desktop to import it. "
            "Nothing was imported."
        )
    kind = data.get("kind")
    if kind not in ("template", "meeting"):
        raise AgendaFileError(f"{name} is damaged: 'kind' must be template or meeting. Nothing was imported.")
    if expect is not None and kind != expect:
        raise AgendaFileError(
            f"{name} holds a {kind}, not a {expect}. Nothing was imported."
        )
    try:
        return _parse(data, kind, types)
    except ValidationError as exc:
        raise AgendaFileError(f"{name} is damaged: {exc} Nothing was imported.") from exc
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise AgendaFileError(
            f"{name} is damaged: a field is missing or has the wrong kind of value ({exc}). "
            "Nothing was imported."
        ) from exc


def _text(d: dict, key: str, default: str = "", *, limit: int = MAX_SHORT,
          where: str = "") -> str:
    value = d.get(key, default)
    if value is None:
        return default
    place = f"{where}: " if where else ""
    if not isinstance(value, str):
        raise ValidationError(f"{place}{key} must be text.")
    if len(value) > limit:
        raise ValidationError(f"{place}{key} is {len(value):,} characters long; the limit is "
                              f"{limit:,}.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(f"{place}{key} holds characters that are not valid Unicode.") from None
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ValidationError(f"{place}{key} holds control characters.")
    return value


def _date(m: dict) -> str | None:
    value = m.get("date") or None
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 10:
        raise ValidationError(f"The date {value!r} is not a date like 2018-09-20.")
    try:
        Date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"The date {value!r} is not a date like 2018-09-20.") from None
    return value


def _ways(m: dict) -> tuple:
    ways = m.get("ways_of_working") or []
    if not isinstance(ways, list):  # stored JSON text is not a file's shape
        raise TypeError("ways_of_working must be a list of {name, description}")
    if len(ways) > MAX_WAYS:
        raise ValidationError(f"the meeting has {len(ways)} ways of working; the limit is {MAX_WAYS}.")
    for n, way in enumerate(ways, start=1):
        if isinstance(way, dict):
            _text(way, "name", limit=MAX_TEXT, where=f"way of working {n}")
            _text(way, "description", limit=MAX_DESCRIPTION, where=f"way of working {n}")
    return parse_ways_of_working(ways, strict=True)


def _params(s: dict, n: int, stype: SectionType | None) -> dict[str, int]:
    params = s.get("params") or {}
    if not isinstance(params, dict) or len(params) > MAX_PARAMS:
        raise ValidationError(f"section {n}: the type's parameters must be an object of at most "
                              f"{MAX_PARAMS} whole numbers.")
    known = set(RULES[stype.rule]) if stype is not None else {
        name for names in RULES.values() for name in names}
    for name, value in params.items():
        if name not in known:
            raise ValidationError(f"section {n}: {name[:40]!r} is not a parameter of "
                                  f"{'a ' + stype.name if stype else 'any'} section.")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PARAM:
            raise ValidationError(f"section {n}: the parameter {name!r} must be a whole number "
                                  f"from 0 to {MAX_PARAM:,}, not {str(value)[:40]}.")
    return params


MEETING = "the meeting"


def _parse(data: dict, kind: str, types: dict[str, SectionType] | None) -> AgendaFile:
    m = data["meeting"]
    if not isinstance(m, dict):
        raise TypeError("meeting must be an object")
    meeting = Meeting(
        title=_text(m, "title", where=MEETING),
        start_time=_text(m, "start_time", "10:00", limit=5, where=MEETING),
        planned_end=_text(m, "planned_end", "13:00", limit=5, where=MEETING), date=_date(m),
        venue=_text(m, "venue", where=MEETING),
        seating=_text(m, "seating", "cabaret", limit=20, where=MEETING),
        ways_of_working=_ways(m), notes=_text(m, "notes", limit=MAX_LONG, where=MEETING),
    )
    validate_meeting(meeting)
    raw_sections = data["sections"]
    if not isinstance(raw_sections, list):
        raise TypeError("sections must be a list")
    if len(raw_sections) > MAX_SECTIONS:
        raise ValidationError(f"the file has {len(raw_sections):,} sections; a meeting has at "
                              f"most {MAX_SECTIONS}.")
    ids = [f"file-{n}" for n in range(len(raw_sections))]
    items: list[Section] = []
    for n, s in enumerate(raw_sections):
        if not isinstance(s, dict):
            raise TypeError(f"section {n + 1} must be an object")
        where = f"section {n + 1}"
        stype = _text(s, "type", limit=64, where=where)
        if types is not None and stype not in types:
            raise ValidationError(f"section {n + 1} has an unknown type {stype[:40]!r}.")
        params = _params(s, n + 1, types.get(stype) if types is not None else None)
        link = s.get("parallel_with")
        if link is not None and (isinstance(link, bool) or not isinstance(link, int)
                                 or not 0 <= link < len(raw_sections)):
            raise ValidationError(f"section {n + 1} runs alongside a section that is not in the file.")
        minutes = s.get("duration_min")
        if not isinstance(minutes, int) or isinstance(minutes, bool):
            raise ValidationError(f"section {n + 1} needs its minutes as a whole number.")
        pinned = s.get("pinned_time") or None
        if pinned is not None and not isinstance(pinned, str):
            raise ValidationError(f"section {n + 1}: the pinned time must be a clock time like 12:30.")
        section = Section(
            id=ids[n], type=stype, title=_text(s, "title", where=where),
            question=_text(s, "question", where=where),
            outcome_sought=_text(s, "outcome_sought", where=where), duration_min=minutes,
            lead=_text(s, "lead", where=where), notes=_text(s, "notes", limit=MAX_LONG, where=where),
            params=params, pinned_time=pinned,
            parallel_with=ids[link] if link is not None else None,
        )
        try:
            validate_section(section, meeting.start_time)
        except ValidationError as exc:
            raise ValidationError(f"section {n + 1}: {exc}") from exc
        items.append(section)
    host_of(items)
    return AgendaFile(kind, meeting, tuple(items))


def import_agenda(
    db: Database, path: str | os.PathLike[str], *, forum_id: str | None = None,
    types: dict[str, SectionType] | None = None, expect: str | None = None,
) -> str:
    """Import a meeting or template file in one transaction; returns the new meeting's id.

    A template stays a template (no forum); a meeting joins ``forum_id``.
    """
    parsed = read_agenda_file(path, types, expect=expect)
    as_template = parsed.kind == "template"
    with db.atomic():
        meeting_id = store.create_meeting(
            db, None if as_template else forum_id, parsed.meeting, is_template=as_template,
        )
        store.save_sections(db, meeting_id, store.fresh_ids(parsed.sections))
    return meeting_id
