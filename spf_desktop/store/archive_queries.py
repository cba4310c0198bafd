"""What the Archive view and the command line ask of the archive as a whole:
full-text search, each forum's timeline, and open actions across meetings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from spf_desktop.domain.errors import UserError
from spf_desktop.domain.results_text import counted
from spf_desktop.domain.scoring import group_visible
from spf_desktop.domain.statuses import ActionStatus, RoundStatus

KIND_LABELS = {
    "meeting": "Meeting title",
    "section": "Agenda item",
    "outcome": "Outcome",
    "decision": "Decision",
    "action": "Action",
    "question": "Audit question",
    "comment": "Comment",
}


@dataclass(frozen=True)
class SearchHit:
    kind: str          # meeting, section, outcome, decision, action, question, comment
    where: str         # in words: which meeting or round, and what part of it
    snippet: str       # the matching text, matches in [brackets]
    open_kind: str     # "meeting" or "round": the record a click opens
    open_id: str
    forum_id: str


def fts_query(text: str) -> str:
    """The user's words as an FTS5 query: every word must appear, as a word or its start.

    Each word is quoted, so quotes, stars and operators typed by a user can
    never make the query fail.
    """
    words = re.findall(r"\w+", text)
    return " ".join(f'"{w}"*' for w in words)


def search(db: Database, text: str, *, limit: int = 50, forum_id: str | None = None) -> list[SearchHit]:
    query = fts_query(text)
    if not query:
        return []
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_index'").fetchone() is None:
        raise UserError(
            "This archive was made by an older version of SPF Desktop and is open read-only, "
            "so it has no search index yet. Open a copy of it normally to search it.")
    hits: list[SearchHit] = []
    offset = 0
    batch = max(limit * 2, 20)
    while len(hits) < limit:
        rows = db.execute(
            """SELECT r.kind, r.ref, snippet(search_index, 0, '[', ']', '...', 12)
               FROM search_index JOIN search_refs r ON r.id = search_index.rowid
               WHERE search_index MATCH ? ORDER BY rank LIMIT ? OFFSET ?""",
            [query, batch, offset],
        ).fetchall()
        for kind, ref, snippet in rows:
            hit = _locate(db, kind, ref, snippet)
            if hit is not None and (forum_id is None or hit.forum_id == forum_id):
                hits.append(hit)
                if len(hits) == limit:
                    break
        if len(rows) < batch:
            break
        offset += batch
    return hits


def _meeting_where(title: str, when: str | None) -> str:
    return f'meeting "{title}"' + (f" ({when})" if when else "")


def _locate(db: Database, kind: str, ref: str, snippet: str) -> SearchHit | None:
    """Where a hit is, in words; None for what must not be shown (templates, hidden comments)."""
    if kind in ("meeting", "section", "outcome", "decision", "action"):
        if kind == "meeting":
            sql = "SELECT m.id, m.title, m.date, m.forum_id, '' FROM meetings m WHERE m.id = ?"
        else:
            table = {"section": "agenda_sections", "outcome": "outcomes",
                     "decision": "decisions", "action": "actions"}[kind]
            extra = "t.title" if kind == "section" else "''"
            sql = (f"SELECT m.id, m.title, m.date, m.forum_id, {extra} FROM {table} t "  # noqa: S608 - table from the dict above
                   "JOIN meetings m ON m.id = t.meeting_id WHERE t.id = ? AND m.is_template = 0")
        row = db.execute(sql, [ref]).fetchone()
        if row is None or row[3] is None:
            return None
        meeting_id, title, when, forum_id, section_title = row
        label = KIND_LABELS[kind]
        if kind == "section" and section_title:
            label = f'Agenda item "{section_title}"'
        where = ("M" + _meeting_where(title, when)[1:] if kind == "meeting"
                 else f"{label} in {_meeting_where(title, when)}")
        return SearchHit(kind, where, snippet, "meeting", meeting_id, forum_id)
    if kind == "question":
        row = db.execute(
            """SELECT q.position, s.name, s.version, r.id, r.label, r.date, r.forum_id,
                      (SELECT count(*) FROM rounds x WHERE x.question_set_id = s.id)
               FROM questions q JOIN question_sets s ON s.id = q.question_set_id
               JOIN rounds r ON r.question_set_id = s.id
               WHERE q.id = ? ORDER BY r.date DESC LIMIT 1""",
            [ref],
        ).fetchone()
        if row is None:
            return None  # a set no round has used yet
        position, set_name, version, round_id, label, when, forum_id, used = row
        where = (f'Audit question {position} of "{set_name}" (version {version}), asked in '
                 f"{used} round{'s' * (used != 1)}; latest \"{label}\" ({when})")
        return SearchHit(kind, where, snippet, "round", round_id, forum_id)
    if kind == "comment":
        response_key, _, question_id = ref.partition("/")
        row = db.execute(
            """SELECT r.id, r.label, r.date, r.forum_id, r.status, r.min_group_size, q.position,
                      (SELECT count(*) FROM responses x WHERE x.round_id = r.id)
               FROM responses s JOIN rounds r ON r.id = s.round_id
               JOIN questions q ON q.id = ?
               WHERE s.key = ?""",
            [question_id, response_key],
        ).fetchone()
        if row is None:
            return None
        round_id, label, when, forum_id, status, min_group, position, size = row
        # Comments are shown only as the results show them: a closed round, big
        # enough, and screened by the facilitator since its last comment arrived.
        if status != RoundStatus.CLOSED or not group_visible(size, min_group):
            return None
        if "screened_comments" in db.table("rounds").columns_dict:
            from spf_desktop.store.audit import comments_screened

            if not comments_screened(db, round_id):
                return None
        where = f'Comment on question {position} in audit round "{label}" ({when})'
        return SearchHit(kind, where, snippet, "round", round_id, forum_id)
    return None


# -- timeline -------------------------------------------------------------------

@dataclass(frozen=True)
class TimelineEntry:
    date: str
    kind: str        # "round" or "meeting"
    id: str
    title: str
    detail: str
    average: float | None = None   # a round's overall average, when big enough to show
    change: float | None = None    # against the previous shown round


def timeline(db: Database, forum_id: str) -> list[TimelineEntry]:
    """A forum's rounds and meetings by date, each round with its overall average.

    The average comes from the same results code as the results screen and the
    PDFs (``store.results``), so the timeline never shows a figure they would not,
    nor a differently rounded one."""
    from spf_desktop.domain.scoring import round2
    from spf_desktop.store import repo
    from spf_desktop.store.results import load_round_results

    entries: list[TimelineEntry] = []
    previous: float | None = None
    for rnd in repo.rounds(db, forum_id):
        shown = group_visible(rnd["responses"], rnd["min_group_size"])
        overall = load_round_results(db, rnd["id"]).overall if shown else None
        average = None if overall is None else round2(overall)
        change = None if average is None or previous is None else average - previous
        if average is not None:
            previous = average
        detail = counted(rnd["responses"], "response")
        if not shown:
            detail += f" (average shown from {rnd['min_group_size']})"
        entries.append(TimelineEntry(rnd["date"], "round", rnd["id"], rnd["label"], detail,
                                     average, change))
    for meeting in repo.meetings(db, forum_id):
        counts = db.execute(
            """SELECT (SELECT count(*) FROM agenda_sections WHERE meeting_id = :m),
                      (SELECT count(*) FROM decisions WHERE meeting_id = :m),
                      (SELECT count(*) FROM actions WHERE meeting_id = :m AND status = :open)""",
            {"m": meeting["id"], "open": ActionStatus.OPEN},
        ).fetchone()
        detail = ", ".join(counted(n, what) for n, what in
                           zip(counts, ("agenda item", "decision", "open action"), strict=True))
        entries.append(TimelineEntry(meeting["date"] or "", "meeting", meeting["id"],
                                     meeting["title"], detail))
    return sorted(entries, key=lambda e: (e.date, e.kind != "meeting", e.title))


# -- actions --------------------------------------------------------------------

@dataclass(frozen=True)
class OpenAction:
    id: str
    text: str
    owner: str
    due_date: str | None
    meeting_id: str
    meeting: str
    meeting_date: str | None
    forum_id: str
    overdue: bool


def open_actions(db: Database, today: date, forum_id: str | None = None) -> list[OpenAction]:
    """Every open action from every meeting, the most urgent first."""
    sql = """SELECT a.id, a.text, a.owner, a.due_date, m.id, m.title, m.date, m.forum_id
             FROM actions a JOIN meetings m ON m.id = a.meeting_id
             WHERE a.status = ? AND m.is_template = 0"""
    args: list[str] = [ActionStatus.OPEN]
    if forum_id:
        sql += " AND m.forum_id = ?"
        args.append(forum_id)
    sql += " ORDER BY a.due_date IS NULL, a.due_date, m.date, a.text"
    return [
        OpenAction(id=row[0], text=row[1], owner=row[2], due_date=row[3], meeting_id=row[4],
                   meeting=row[5], meeting_date=row[6], forum_id=row[7],
                   overdue=bool(row[3] and row[3] < today.isoformat()))
        for row in db.execute(sql, args).fetchall()
    ]


def mark_action_done(db: Database, action_id: str, today: date) -> None:
    with db.atomic():
        db.execute("UPDATE actions SET status = ?, done_on = ? WHERE id = ?",
                   [ActionStatus.DONE, today.isoformat(), action_id])


def meeting_record(db: Database, meeting_id: str) -> dict[str, list[tuple]]:
    """A meeting's outcomes, decisions and actions, in the order they were recorded."""
    return {
        "outcomes": db.execute("SELECT text FROM outcomes WHERE meeting_id = ? ORDER BY rowid",
                               [meeting_id]).fetchall(),
        "decisions": db.execute("SELECT text FROM decisions WHERE meeting_id = ? ORDER BY rowid",
                                [meeting_id]).fetchall(),
        "actions": db.execute(
            "SELECT text, owner, due_date, status FROM actions WHERE meeting_id = ? ORDER BY rowid",
            [meeting_id]).fetchall(),
    }
