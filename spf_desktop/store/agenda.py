"""Meetings, their agenda sections, the saved meeting clock, and what each section produced.

Every write is one transaction. Sections are saved as a whole list (the
builder's undo keeps whole lists), but by upsert, so a section that stays keeps
its id and whatever outcomes or actual times point at it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from sqlite_utils import Database

from spf_desktop.domain.agenda import (
    Meeting,
    Section,
    host_of,
    validate_meeting,
    validate_section,
)
from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.runclock import RunState
from spf_desktop.domain.statuses import ActionStatus
from spf_desktop.domain.ways import parse_ways_of_working, ways_of_working_json
from spf_desktop.store import repo
from spf_desktop.store.repo import new_id

CAPTURE_KINDS = ("outcomes", "decisions", "actions")


# -- conversions --------------------------------------------------------------

def meeting_from_row(row: Mapping) -> Meeting:
    return Meeting(
        title=row["title"], start_time=row["start_time"], planned_end=row["planned_end"],
        date=row["date"], venue=row["venue"] or "", seating=row["seating"],
        ways_of_working=parse_ways_of_working(row["ways_of_working"]),
        notes=row["notes"] or "",
    )


def section_from_row(row: Mapping) -> Section:
    return Section(
        id=row["id"], type=row["type"], title=row["title"] or "", question=row["question"] or "",
        outcome_sought=row["outcome_sought"] or "", duration_min=row["duration_min"],
        lead=row["lead"] or "", notes=row["notes"] or "",
        params=json.loads(row["params"] or "{}"), pinned_time=row["pinned_time"] or None,
        parallel_with=row["parallel_with"] or None,
        round_id=(row["round_id"] if "round_id" in row.keys() else None) or None,
    )


def _meeting_columns(m: Meeting) -> dict:
    return {
        "title": m.title.strip(), "date": m.date or None, "venue": m.venue.strip(),
        "start_time": m.start_time.strip(), "planned_end": m.planned_end.strip(),
        "seating": m.seating, "ways_of_working": ways_of_working_json(m.ways_of_working),
        "notes": m.notes,
    }


# -- meetings -------------------------------------------------------------------

def forum_ways_of_working(db: Database, forum_id: str | None) -> tuple[dict, ...]:
    """The forum's agreed ways of working: what a new meeting starts with."""
    if not forum_id:
        return ()
    row = db.execute("SELECT ways_of_working FROM forums WHERE id = ?", [forum_id]).fetchone()
    return parse_ways_of_working(row[0]) if row else ()


def create_meeting(
    db: Database, forum_id: str | None, meeting: Meeting, *, is_template: bool = False,
    id: str | None = None,
) -> str:
    validate_meeting(meeting)
    meeting_id = id or new_id()
    with db.atomic():
        db.table("meetings").insert({
            "id": meeting_id, "forum_id": forum_id, "is_template": int(is_template),
            **_meeting_columns(meeting),
        })
    return meeting_id


def update_meeting(db: Database, meeting_id: str, meeting: Meeting) -> None:
    """Change a meeting's details; refused (nothing changed) if a pinned section
    would then be before the start."""
    validate_meeting(meeting)
    for s in sections(db, meeting_id):
        validate_section(s, meeting.start_time)
    with db.atomic():
        db.table("meetings").update(meeting_id, _meeting_columns(meeting))


def get_meeting(db: Database, meeting_id: str) -> dict:
    return repo.require(db, "meetings", meeting_id)


def list_meetings(db: Database, forum_id: str | None, *, templates: bool = False) -> list[dict]:
    """Meetings of a forum (newest first) or templates, with their section counts."""
    sql = """
        SELECT m.*, (SELECT count(*) FROM agenda_sections s WHERE s.meeting_id = m.id) AS sections
        FROM meetings m WHERE m.is_template = ?
    """
    args: list[object] = [int(templates)]
    if forum_id and not templates:
        sql += " AND m.forum_id = ?"
        args.append(forum_id)
    order = " ORDER BY m.title" if templates else " ORDER BY m.date DESC, m.title"
    return list(db.query(sql + order, args))


def duplicate_meeting(
    db: Database, meeting_id: str, *, title: str | None = None, as_template: bool = False,
    forum_id: str | None = None, date: str | None = None,
) -> str:
    """A copy of a meeting's plan: new ids, no actual times, no outcomes, no clock."""
    row = get_meeting(db, meeting_id)
    meeting = meeting_from_row(row)
    meeting = replace(
        meeting,
        title=title if title is not None else f"{meeting.title} (copy)",
        date=None if as_template else (date if date is not None else meeting.date),
        venue="" if as_template else meeting.venue,
    )
    target_forum = None if as_template else (forum_id or row["forum_id"])
    with db.atomic():
        new_meeting = create_meeting(db, target_forum, meeting, is_template=as_template)
        save_sections(db, new_meeting, fresh_ids(sections(db, meeting_id)))
    return new_meeting


def fresh_ids(items: Sequence[Section]) -> tuple[Section, ...]:
    """The same sections with new ids (parallel links follow)."""
    mapping = {s.id: new_id() for s in items}
    return tuple(
        replace(s, id=mapping[s.id],
                parallel_with=mapping.get(s.parallel_with) if s.parallel_with else None,
                round_id=None)  # a round is held at one meeting: a copy is not linked
        for s in items
    )


def save_as_template(db: Database, meeting_id: str, title: str) -> str:
    if not title.strip():
        raise ValidationError("A template needs a name.")
    return duplicate_meeting(db, meeting_id, title=title.strip(), as_template=True)


def new_from_template(db: Database, template_id: str, forum_id: str | None, *,
                      title: str | None = None, date: str | None = None) -> str:
    """A meeting for ``forum_id`` planned from a template, with the forum's ways of working.

    Always the forum's own, even when it has none: a template's ways are those of
    the forum it was made in (the shipped one's are East Midlands'), not this one's.
    Only a meeting of no forum keeps the template's.
    """
    template = meeting_from_row(get_meeting(db, template_id))
    ways = forum_ways_of_working(db, forum_id) if forum_id else template.ways_of_working
    meeting = replace(template, title=title or template.title, date=date,
                      ways_of_working=tuple(ways))
    with db.atomic():
        new_meeting = create_meeting(db, forum_id, meeting)
        save_sections(db, new_meeting, fresh_ids(sections(db, template_id)))
    return new_meeting


def delete_meeting(db: Database, meeting_id: str) -> None:
    """Delete a meeting with its sections, outcomes, actions and clock.

    An audit round held at the meeting is kept (its results matter more than
    the link); it just no longer names the meeting.
    """
    get_meeting(db, meeting_id)
    with db.atomic():
        db.execute("UPDATE rounds SET meeting_id = NULL WHERE meeting_id = ?", [meeting_id])
        db.execute("UPDATE agenda_sections SET parallel_with = NULL WHERE meeting_id = ?",
                   [meeting_id])
        for table in ("outcomes", "decisions", "actions", "agenda_run_state", "agenda_sections"):
            db.execute(f"DELETE FROM [{table}] WHERE meeting_id = ?", [meeting_id])  # noqa: S608
        db.execute("DELETE FROM meetings WHERE id = ?", [meeting_id])


# -- sections -------------------------------------------------------------------

def sections(db: Database, meeting_id: str) -> tuple[Section, ...]:
    return tuple(
        section_from_row(r) for r in db.query(
            "SELECT * FROM agenda_sections WHERE meeting_id = ? ORDER BY position, rowid",
            [meeting_id],
        )
    )


def save_sections(db: Database, meeting_id: str, items: Sequence[Section]) -> None:
    """Make the meeting's sections exactly ``items``, in that order, in one transaction.

    Checked first (durations, pinned times, parallel links): on any problem
    nothing is written.
    """
    meeting = repo.require(db, "meetings", meeting_id)
    start_time = meeting["start_time"]
    for s in items:
        validate_section(s, start_time)
        if s.round_id:
            check_round_link(db, meeting, s)
    host_of(items)
    if len({s.id for s in items}) != len(items):
        raise ValidationError("Two sections share one id.")
    keep = [s.id for s in items]
    columns = ("id", "meeting_id", "position", "type", "title", "question", "outcome_sought",
               "duration_min", "lead", "notes", "params", "pinned_time", "round_id",
               "parallel_with")
    upsert = (
        f"INSERT INTO agenda_sections ({', '.join(columns)}) "  # noqa: S608 - fixed names
        f"VALUES ({', '.join('?' * len(columns))}) ON CONFLICT (id) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
    )
    with db.atomic():
        existing = {
            r[0]: tuple(r) for r in db.execute(
                f"SELECT {', '.join(columns)} FROM agenda_sections WHERE meeting_id = ?",  # noqa: S608
                [meeting_id]).fetchall()
        }
        gone = set(existing) - set(keep)
        if gone:
            marks = ",".join("?" * len(gone))
            db.execute(
                f"UPDATE agenda_sections SET parallel_with = NULL WHERE parallel_with IN ({marks})",  # noqa: S608
                list(gone),
            )
            db.execute(f"DELETE FROM agenda_sections WHERE id IN ({marks})", list(gone))  # noqa: S608
        rows = [
            (s.id, meeting_id, n, s.type, s.title, s.question, s.outcome_sought, s.duration_min,
             s.lead, s.notes, json.dumps(dict(s.params), sort_keys=True), s.pinned_time or None,
             s.round_id or None, s.parallel_with)
            for n, s in enumerate(items, start=1)
        ]
        # Only rows that changed are written (an edit to one of 200 sections writes one).
        changed = [r for r in rows if existing.get(r[0]) != r]
        # Links first cleared, then set, so a section may run alongside a later one.
        for r in changed:
            db.execute(upsert, r[:-1] + (None,))
        for r in changed:
            if r[-1]:
                db.execute("UPDATE agenda_sections SET parallel_with = ? WHERE id = ?", [r[-1], r[0]])
        # A round run in this meeting's audit section is held at the meeting (unless
        # it already names another), so the meeting summary can show its results.
        for s in items:
            if s.round_id:
                db.execute("UPDATE rounds SET meeting_id = ? WHERE id = ? AND meeting_id IS NULL",
                           [meeting_id, s.round_id])


def check_round_link(db: Database, meeting: Mapping, section: Section) -> None:
    """A section may run only an audit round of its meeting's own forum."""
    rnd = repo.get(db, "rounds", section.round_id or "")
    if rnd is None:
        raise ValidationError(f'The section "{section.label}" is linked to an audit round '
                              "that is not in this archive.")
    if meeting["is_template"] or rnd["forum_id"] != meeting["forum_id"]:
        forum = repo.get(db, "forums", rnd["forum_id"])
        theirs = forum["name"] if forum else "another forum"
        raise ValidationError(
            f'The audit round "{rnd["label"]}" belongs to {theirs}, not to this meeting\'s '
            f'forum: the section "{section.label}" can run only a round of its own forum. '
            "Nothing was changed.")


def rounds_to_link(db: Database, meeting_id: str) -> list[dict]:
    """The audit rounds a section of this meeting can run: its forum's, newest first."""
    meeting = repo.require(db, "meetings", meeting_id)
    if meeting["is_template"] or not meeting["forum_id"]:
        return []
    return list(db.query(
        "SELECT id, label, date, status, meeting_id FROM rounds WHERE forum_id = ? "
        "ORDER BY date DESC, label", [meeting["forum_id"]]))


# -- the meeting clock ----------------------------------------------------------

def load_run_state(db: Database, meeting_id: str) -> RunState | None:
    row = db.execute("SELECT state FROM agenda_run_state WHERE meeting_id = ?",
                     [meeting_id]).fetchone()
    if row is None:
        return None
    try:
        data = json.loads(row[0])
    except ValueError:
        data = {}
    return RunState.from_dict(data)


def save_run_state(
    db: Database, meeting_id: str, state: RunState,
    actual_times: Mapping[str, tuple[str | None, str | None]] | None = None,
    *, saved_at: str | None = None,
) -> None:
    """Save the clock and the actual start and end of each section it has run, together."""
    with db.atomic():
        db.table("agenda_run_state").upsert({
            "meeting_id": meeting_id,
            "state": json.dumps(state.to_dict(), sort_keys=True),
            "updated_at": saved_at or datetime.now().astimezone().isoformat(timespec="seconds"),
        }, pk="meeting_id")
        for section_id, (start, end) in (actual_times or {}).items():
            db.execute(
                "UPDATE agenda_sections SET actual_start = ?, actual_end = ? "
                "WHERE id = ? AND meeting_id = ?",
                [start, end, section_id, meeting_id],
            )


def reset_run_state(db: Database, meeting_id: str) -> None:
    """Forget the clock and the actual times (to run the meeting again)."""
    with db.atomic():
        db.execute("DELETE FROM agenda_run_state WHERE meeting_id = ?", [meeting_id])
        db.execute("UPDATE agenda_sections SET actual_start = NULL, actual_end = NULL "
                   "WHERE meeting_id = ?", [meeting_id])


def actual_times(db: Database, meeting_id: str) -> dict[str, tuple[str | None, str | None]]:
    return {
        r[0]: (r[1], r[2]) for r in db.execute(
            "SELECT id, actual_start, actual_end FROM agenda_sections WHERE meeting_id = ?",
            [meeting_id]).fetchall()
    }


# -- outcomes, decisions and actions -------------------------------------------

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _clean(text: str, what: str) -> str:
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise ValidationError(f"{what} needs some text.")
    if len(cleaned) > 2000:
        raise ValidationError(f"{what} can be at most 2,000 characters.")
    return cleaned


def _capture_what(kind: str) -> str:
    if kind not in CAPTURE_KINDS:
        raise ValueError(kind)
    return {"outcomes": "An outcome", "decisions": "A decision", "actions": "An action"}[kind]


def _check_due(due_date: str | None) -> str | None:
    if due_date:
        try:
            datetime.strptime(due_date, "%Y-%m-%d")
        except ValueError:
            raise ValidationError(
                f"The due date {due_date!r} is not a date like 2018-10-31.") from None
    return due_date or None


def add_capture(
    db: Database, meeting_id: str, kind: str, text: str, *, section_id: str | None = None,
    owner: str = "", due_date: str | None = None,
) -> str:
    """Record an outcome, decision or action (text, owner, due date) against a section."""
    what = _capture_what(kind)
    row = {"id": new_id(), "meeting_id": meeting_id, "section_id": section_id,
           "text": _clean(text, what)}
    if kind == "actions":
        row.update(owner=" ".join(owner.split()), due_date=_check_due(due_date),
                   status=ActionStatus.OPEN)
    with db.atomic():
        db.table(kind).insert(row)
    return str(row["id"])


def get_capture(db: Database, kind: str, record_id: str) -> dict:
    """One captured outcome, decision or action, as stored (all its columns)."""
    what = _capture_what(kind)
    rows = list(db.query(f"SELECT * FROM [{kind}] WHERE id = ?", [record_id]))  # noqa: S608
    if not rows:
        raise ValidationError(f"{what} that was captured here is no longer in the archive "
                              "(deleted elsewhere).")
    return rows[0]


def update_capture(
    db: Database, kind: str, record_id: str, text: str, *, new_kind: str | None = None,
    owner: str = "", due_date: str | None = None,
) -> None:
    """Correct a captured item: its text, its kind, an action's owner and due date.

    Refused (nothing changed) for empty text or a bad due date. Changing the kind
    moves the record to the other table with the same id and section."""
    row = get_capture(db, kind, record_id)
    target = new_kind or kind
    cleaned = _clean(text, _capture_what(target))
    fields: dict = {"id": record_id, "meeting_id": row["meeting_id"],
                    "section_id": row["section_id"], "text": cleaned}
    if target == "actions":
        fields.update(owner=" ".join(owner.split()), due_date=_check_due(due_date),
                      status=row.get("status") or ActionStatus.OPEN, done_on=row.get("done_on"))
    with db.atomic():
        if target == kind:
            db.table(kind).update(record_id, fields)
        else:
            db.execute(f"DELETE FROM [{kind}] WHERE id = ?", [record_id])  # noqa: S608
            db.table(target).insert(fields)


def restore_capture(db: Database, kind: str, row: Mapping) -> None:
    """Put back a captured item exactly as it was (undoing a delete or an edit)."""
    _capture_what(kind)
    columns = set(db.table(kind).columns_dict)
    record = {k: v for k, v in row.items() if k in columns}
    with db.atomic():
        for other in CAPTURE_KINDS:  # an edit may have moved it to another kind
            db.execute(f"DELETE FROM [{other}] WHERE id = ?", [record["id"]])  # noqa: S608
        db.table(kind).insert(record)


def captured(db: Database, meeting_id: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for kind in CAPTURE_KINDS:
        out[kind] = list(db.query(
            f"SELECT c.*, s.title AS section_title FROM [{kind}] c "  # noqa: S608
            "LEFT JOIN agenda_sections s ON s.id = c.section_id "
            "WHERE c.meeting_id = ? ORDER BY s.position, c.rowid",
            [meeting_id],
        ))
    return out


def delete_capture(db: Database, kind: str, record_id: str) -> None:
    _capture_what(kind)
    with db.atomic():
        db.execute(f"DELETE FROM [{kind}] WHERE id = ?", [record_id])  # noqa: S608


def set_action_done(db: Database, action_id: str, done_on: str | None) -> None:
    with db.atomic():
        db.execute("UPDATE actions SET status = ?, done_on = ? WHERE id = ?",
                   [ActionStatus.DONE if done_on else ActionStatus.OPEN, done_on, action_id])


def open_actions(db: Database, forum_id: str | None, *, except_meeting: str | None = None) -> list[dict]:
    """The forum's open actions from its other meetings: what the next meeting follows up."""
    if not forum_id:
        return []
    return list(db.query(
        """SELECT a.*, m.title AS meeting_title, m.date AS meeting_date
           FROM actions a JOIN meetings m ON m.id = a.meeting_id
           WHERE m.forum_id = ? AND m.is_template = 0 AND a.status = ? AND m.id != ?
           ORDER BY a.due_date IS NULL, a.due_date, m.date""",
        [forum_id, ActionStatus.OPEN, except_meeting or ""],
    ))

