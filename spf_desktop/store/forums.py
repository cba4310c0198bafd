"""A forum's settings, its defaults for new rounds, and deleting a forum.

Every write is one transaction, checked first by the rules in
``domain.forums``: a refused change leaves the file as it was. Views hear of
each committed write through the archive's change hook (``Change.FORUM`` and
whatever a deletion removed), so none of this tells a view to refresh.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from spf_desktop.domain.forums import (
    ForumContents,
    ForumSettings,
    check_delete_confirmation,
    validate_forum_settings,
)
from spf_desktop.domain.ways import parse_ways_of_working, ways_of_working_json
from spf_desktop.store import repo


@dataclass(frozen=True)
class ForumDefaults:
    """What a new audit round in the forum starts with (the round may change them)."""

    min_group_size: int
    benchmark_label: str
    benchmark_value: float | None


def _row_settings(row: dict) -> ForumSettings:
    return ForumSettings(
        name=row["name"],
        region=row["region"] or "",
        protective_marking=row["protective_marking"] or "",
        ways_of_working=parse_ways_of_working(row["ways_of_working"]),
        min_group_size=row["default_min_group_size"],
        benchmark_label=row["default_benchmark_label"] or "",
        benchmark_value=row["default_benchmark_value"],
    )


def forum_settings(db: Database, forum_id: str) -> ForumSettings:
    """The forum's settings as the dialog shows them (``NotFound`` for an unknown id)."""
    return _row_settings(repo.require(db, "forums", forum_id))


def forum_defaults(db: Database, forum_id: str) -> ForumDefaults:
    """The minimum group size and benchmark a new round in this forum starts with."""
    settings = forum_settings(db, forum_id)
    return ForumDefaults(settings.min_group_size, settings.benchmark_label,
                         settings.benchmark_value)


def _columns(settings: ForumSettings) -> dict:
    return {
        "name": settings.name,
        "region": settings.region,
        "protective_marking": settings.protective_marking,
        "ways_of_working": ways_of_working_json(settings.ways_of_working),
        "default_min_group_size": settings.min_group_size,
        "default_benchmark_label": settings.benchmark_label,
        "default_benchmark_value": settings.benchmark_value,
    }


def create_forum_with_settings(db: Database, settings: ForumSettings, *,
                               created_on: str | None = None, id: str | None = None) -> str:
    """A new forum with all its settings, in one transaction."""
    forum_id = id or repo.new_id()
    with db.atomic():
        cleaned = validate_forum_settings(settings, other_names=repo.forum_names(db))
        db.table("forums").insert({"id": forum_id, "created_on": created_on,
                                   **_columns(cleaned)})
    return forum_id


def save_forum_settings(db: Database, forum_id: str, settings: ForumSettings) -> ForumSettings:
    """Replace the forum's settings in one transaction; returns them as stored.

    Refused (nothing written) when a rule is broken: an empty name or another
    forum's name, a minimum group below 3, a benchmark off the scale, a way of
    working without a name or two with one name.
    """
    with db.atomic():
        repo.require(db, "forums", forum_id)
        cleaned = validate_forum_settings(
            settings, other_names=repo.forum_names(db, except_id=forum_id))
        db.table("forums").update(forum_id, _columns(cleaned))
    return cleaned


# -- deleting a forum ---------------------------------------------------------------

def forum_contents(db: Database, forum_id: str) -> ForumContents:
    """How many rounds (and their responses), meetings and benchmarks the forum holds."""
    repo.require(db, "forums", forum_id)
    rounds = db.execute("SELECT count(*) FROM rounds WHERE forum_id = ?", [forum_id]).fetchone()[0]
    responses = sum(repo.response_count(db, r) for (r,) in db.execute(
        "SELECT id FROM rounds WHERE forum_id = ?", [forum_id]).fetchall())
    meetings = db.execute("SELECT count(*) FROM meetings WHERE forum_id = ?",
                          [forum_id]).fetchone()[0]
    benchmarks = db.execute("SELECT count(*) FROM benchmarks WHERE forum_id = ?",
                            [forum_id]).fetchone()[0]
    return ForumContents(rounds=rounds, responses=responses, meetings=meetings,
                         benchmarks=benchmarks)


#: Every table that holds a forum's records, children first, each with the condition
#: that picks the forum's rows (``?`` is the forum's id). A table that points at
#: any of these and is missing here fails tests/test_forum_settings.py, so a new
#: table cannot be left behind by a deletion.
DELETED_WITH_A_FORUM: tuple[tuple[str, str], ...] = (
    ("answers", "response_key IN (SELECT key FROM responses WHERE round_id IN\n"
                "(SELECT id FROM rounds WHERE forum_id = ?))"),
    ("responses", "round_id IN (SELECT id FROM rounds WHERE forum_id = ?)"),
    ("round_aggregates", "round_id IN (SELECT id FROM rounds WHERE forum_id = ?)"),
    ("round_purges", "round_id IN (SELECT id FROM rounds WHERE forum_id = ?)"),
    ("benchmark_shared", "round_id IN (SELECT id FROM rounds WHERE forum_id = ?)"),
    ("rounds", "forum_id = ?"),
    ("benchmarks", "forum_id = ?"),
    ("outcomes", "meeting_id IN (SELECT id FROM meetings WHERE forum_id = ?)"),
    ("decisions", "meeting_id IN (SELECT id FROM meetings WHERE forum_id = ?)"),
    ("actions", "meeting_id IN (SELECT id FROM meetings WHERE forum_id = ?)"),
    ("agenda_run_state", "meeting_id IN (SELECT id FROM meetings WHERE forum_id = ?)"),
    ("agenda_sections", "meeting_id IN (SELECT id FROM meetings WHERE forum_id = ?)"),
    ("meetings", "forum_id = ?"),
    ("forums", "id = ?"),
)

#: Links from records that stay (another forum's, or shared ones) to records that go:
#: cleared rather than followed. A question set a forum made stays for every forum.
UNLINKED_FROM_A_FORUM: tuple[tuple[str, str, str], ...] = (
    ("rounds", "meeting_id", "meeting_id IN (SELECT id FROM meetings WHERE forum_id = ?)"),
    ("rounds", "benchmark_id", "benchmark_id IN (SELECT id FROM benchmarks WHERE forum_id = ?)"),
    ("agenda_sections", "parallel_with",
     "parallel_with IN (SELECT id FROM agenda_sections WHERE meeting_id IN\n"
     "(SELECT id FROM meetings WHERE forum_id = ?))"),
    ("question_sets", "forum_id", "forum_id = ?"),
)


def delete_forum(db: Database, forum_id: str, *, confirm_name: str | None = None) -> ForumContents:
    """Delete a forum with everything it holds, in one transaction; returns what went.

    A forum that holds nothing goes at once. One that holds rounds, meetings or
    benchmarks goes only when ``confirm_name`` is its name, exactly as written.
    Its question sets stay (other forums may use them), no longer marked as its own.
    """
    with db.atomic():
        forum = repo.require(db, "forums", forum_id)
        contents = forum_contents(db, forum_id)
        check_delete_confirmation(forum["name"], contents, confirm_name)
        for table, column, where in UNLINKED_FROM_A_FORUM:
            args = [forum_id] * where.count("?")
            db.execute(f"UPDATE [{table}] SET [{column}] = NULL WHERE {where}", args)  # noqa: S608 - literal names above
        for table, where in DELETED_WITH_A_FORUM:
            args = [forum_id] * where.count("?")
            db.execute(f"DELETE FROM [{table}] WHERE {where}", args)  # noqa: S608 - literal names above
    return contents
