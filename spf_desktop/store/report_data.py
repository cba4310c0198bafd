"""The records the PDF reports print, read from the archive (the SQL for reports lives here).

Every loader refuses an id that does not exist with a message that names it,
so the command line and the app can say what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.ways import parse_ways_of_working
from spf_desktop.store import audit, repo, retention


@dataclass(frozen=True)
class RoundRecord:
    round: dict
    forum: dict
    question_set: dict
    questions: list[dict]
    responses: int  # stored responses (none left once a round is purged)
    purged: bool = False  # raw answers purged under retention; the aggregates remain
    counts_only: bool = False  # imported from vote counts alone: never had raw answers
    comments_screened: bool = True  # False while a comment waits for the facilitator

    @property
    def has_answers(self) -> bool:
        return self.responses > 0 or self.purged


@dataclass(frozen=True)
class MeetingRecord:
    meeting: dict
    forum: dict | None
    sections: list[dict]
    outcomes: list[dict]
    decisions: list[dict]
    actions: list[dict]
    rounds: list[dict]  # audit rounds held at this meeting (rounds_held_at), oldest first

    @property
    def ways_of_working(self) -> list[dict]:
        """The meeting's own ways of working, or else the forum's."""
        ways = parse_ways_of_working(self.meeting.get("ways_of_working"))
        if not ways and self.forum:
            ways = parse_ways_of_working(self.forum.get("ways_of_working"))
        return list(ways)


def forum(db: Database, forum_id: str) -> dict:
    return repo.require(db, "forums", forum_id)


def forum_rounds(db: Database, forum_id: str) -> list[dict]:
    """Every audit round of a forum, oldest first, with its number of responses."""
    return repo.rounds(db, forum_id)


def round_record(db: Database, round_id: str) -> RoundRecord:
    rnd = repo.require(db, "rounds", round_id)
    qs = repo.require(db, "question_sets", rnd["question_set_id"])  # a foreign key: there
    return RoundRecord(
        round=rnd, forum=forum(db, rnd["forum_id"]), question_set=qs,
        questions=repo.questions(db, rnd["question_set_id"]),
        responses=repo.response_count(db, round_id),
        purged=retention.is_purged(db, round_id),
        counts_only=retention.is_counts_only(db, round_id),
        comments_screened=audit.comments_screened(db, round_id),
    )


def meeting_record(db: Database, meeting_id: str) -> MeetingRecord:
    meeting = repo.require(db, "meetings", meeting_id)
    forum_row = repo.get(db, "forums", meeting["forum_id"]) if meeting["forum_id"] else None

    def rows(table: str, order: str) -> list[dict]:
        return list(db.query(
            f"SELECT * FROM [{table}] WHERE meeting_id = ? ORDER BY {order}",  # noqa: S608 - fixed names
            [meeting_id],
        ))

    return MeetingRecord(
        meeting=meeting, forum=forum_row,
        sections=rows("agenda_sections", "position"),
        outcomes=rows("outcomes", "rowid"),
        decisions=rows("decisions", "rowid"),
        actions=rows("actions", "coalesce(due_date, '9999'), rowid"),
        rounds=rounds_held_at(db, meeting_id),
    )


def rounds_held_at(db: Database, meeting_id: str) -> list[dict]:
    """The audit rounds held at a meeting, oldest first, each with its ``responses``.

    A round is held at a meeting when it names the meeting (New round's "Held at
    meeting") or when an audit section of the meeting's agenda runs it (a section
    may run a round that names another meeting: it was held at both)."""
    found = list(db.query(
        """SELECT * FROM rounds
           WHERE meeting_id = :meeting
              OR id IN (SELECT round_id FROM agenda_sections
                        WHERE meeting_id = :meeting AND round_id IS NOT NULL)
           ORDER BY date, label, id""",
        {"meeting": meeting_id},
    ))
    for rnd in found:  # a purged round still says how many responded
        rnd["responses"] = repo.response_count(db, rnd["id"])
    return found


def meeting_of_round(db: Database, rnd: dict) -> str | None:
    """The meeting a round was held at: the one it names, else the first (by date)
    whose agenda runs it; None if it was held at none."""
    if rnd["meeting_id"]:
        return str(rnd["meeting_id"])
    row = db.execute(
        """SELECT m.id FROM agenda_sections s JOIN meetings m ON m.id = s.meeting_id
           WHERE s.round_id = ? AND m.is_template = 0
           ORDER BY m.date, m.title, m.id LIMIT 1""",
        [rnd["id"]],
    ).fetchone()
    return row[0] if row else None


def report_choices(db: Database, kind: str, record_id: str) -> dict[str, list[str]]:
    """What a selection in the archive lets a user print: the ids of the forums, rounds
    and meetings it concerns (a meeting: every round held at it)."""
    if kind == "forum":
        return {"forum": [forum(db, record_id)["id"]], "round": [], "meeting": []}
    if kind == "round":
        rec = round_record(db, record_id)
        meeting = meeting_of_round(db, rec.round)
        return {"forum": [rec.forum["id"]], "round": [record_id],
                "meeting": [meeting] if meeting else []}
    if kind == "meeting":
        meeting_row = repo.require(db, "meetings", record_id)
        forum_id = meeting_row["forum_id"]
        return {"forum": [forum_id] if forum_id else [],
                "round": [r["id"] for r in rounds_held_at(db, record_id)], "meeting": [record_id]}
    raise ValidationError(f"Reports are made for a forum, a round or a meeting, not a {kind!r}.")
