"""What the Archive view shows of the records themselves: the tree of forums with
their rounds and meetings, and the summary of one round, forum or meeting.

The view asks here rather than writing SQL of its own. A round's average comes
from the same results code as the results screen and the PDFs
(``store.results.load_round_results``), so the anonymity rule (no figure below
the round's minimum group) is applied in one place only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from spf_desktop.domain.ways import parse_ways_of_working
from spf_desktop.store import repo


@dataclass(frozen=True)
class RoundNode:
    id: str
    label: str
    date: str
    responses: int


@dataclass(frozen=True)
class MeetingNode:
    id: str
    title: str
    date: str | None
    sections: int


@dataclass(frozen=True)
class ForumNode:
    id: str
    name: str
    created_on: str | None
    rounds: tuple[RoundNode, ...]
    meetings: tuple[MeetingNode, ...]


def forum_tree(db: Database) -> list[ForumNode]:
    """Every forum with its rounds and meetings (templates left out), by name and date."""
    sections = dict(db.execute(
        "SELECT meeting_id, count(*) FROM agenda_sections GROUP BY meeting_id").fetchall())
    return [
        ForumNode(
            forum["id"], forum["name"], forum.get("created_on"),
            tuple(RoundNode(r["id"], r["label"], r["date"], r["responses"])
                  for r in repo.rounds(db, forum["id"])),
            tuple(MeetingNode(m["id"], m["title"], m["date"], sections.get(m["id"], 0))
                  for m in repo.meetings(db, forum["id"])),
        )
        for forum in repo.forums(db)
    ]


def forum_of(db: Database, kind: str, record_id: str) -> str | None:
    """The forum a forum, round or meeting belongs to (None: not in this archive)."""
    if kind == "forum":
        return record_id
    row = repo.get(db, "rounds" if kind == "round" else "meetings", record_id)
    return row.get("forum_id") if row else None


@dataclass(frozen=True)
class RoundSummary:
    label: str
    date: str
    status: str
    responses: int
    min_group: int
    visible: bool               # enough responses to show any figure
    overall: float | None       # the overall average, when visible
    purged: bool                # individual answers gone under the retention rule
    #: Answers imported on another scale and converted: the note the results carry.
    converted_note: str = ""


def round_summary(db: Database, round_id: str) -> RoundSummary | None:
    """A round's headline figures, as the results screen would show them."""
    from spf_desktop.store.results import load_round_results
    from spf_desktop.store.retention import is_purged

    rnd = repo.get(db, "rounds", round_id)
    if rnd is None:
        return None
    results = load_round_results(db, round_id)
    return RoundSummary(
        label=rnd["label"], date=rnd["date"], status=rnd["status"],
        responses=repo.response_count(db, round_id), min_group=results.min_group,
        visible=results.visible, overall=results.overall if results.visible else None,
        purged=is_purged(db, round_id), converted_note=results.converted_note,
    )


@dataclass(frozen=True)
class ForumSummary:
    name: str
    ways_of_working: tuple[tuple[str, str], ...]   # (name, description)


def forum_summary(db: Database, forum_id: str) -> ForumSummary | None:
    forum = repo.get(db, "forums", forum_id)
    if forum is None:
        return None
    ways = parse_ways_of_working(forum.get("ways_of_working"))  # the one parser
    return ForumSummary(forum["name"], tuple((w["name"], w["description"]) for w in ways))


def meeting_details(db: Database, meeting_id: str) -> dict | None:
    """The meeting's own row (title, date, venue, times, seating), or None."""
    return repo.get(db, "meetings", meeting_id)
