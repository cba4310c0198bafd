"""Retention: purge the raw responses of old rounds, keeping what trends need.

A purged round keeps, per question, the 0..10 distribution and the number of
skips, overall and per side, and its response count per side. From these the
results (count, skips, mean, median, distribution, side comparison) come out
exactly as before; only the individual answers and the comments are gone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.results import AnswerRow
from spf_desktop.domain.scoring import SCALE, SCALE_TEXT, SCORE_MIN
from spf_desktop.store import repo

SIDES = ("staff", "management", "undisclosed")


@dataclass(frozen=True)
class PurgeItem:
    round_id: str
    label: str
    forum: str
    date: str
    responses: int
    answers: int
    comments: int


@dataclass(frozen=True)
class PurgePlan:
    years: int
    cutoff: str  # rounds dated before this day are purged
    items: tuple[PurgeItem, ...]

    @property
    def responses(self) -> int:
        return sum(i.responses for i in self.items)

    def describe(self) -> str:
        """Exactly what will go and what stays: the confirmation the user reads."""
        if not self.items:
            return (f"No audit round is dated before {self.cutoff} with responses left to "
                    "purge. Nothing will change.")
        n = len(self.items)
        lines = [
            f"This will permanently delete the individual answers of {n} audit "
            f"round{'s' * (n != 1)} dated before {self.cutoff} (older than {self.years} "
            f"year{'s' * (self.years != 1)}): {self.responses:,} responses in all.",
            "",
        ]
        for i in self.items:
            lines.append(
                f"- {i.label} ({i.forum}, {i.date}): {i.responses:,} responses, "
                f"{i.answers:,} answers, {i.comments:,} comments"
            )
        lines += [
            "",
            f"Kept: each question's count, skips, average, median and {SCALE_TEXT} distribution, "
            "overall and per side, so timelines, trends and reports still work.",
            "Gone for good: the individual answers and every comment of these rounds.",
        ]
        return "\n".join(lines)


def cutoff_for(years: int, today: date) -> date:
    if years < 1:
        raise ValidationError(f"Keep at least 1 year of responses, not {years}.")
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def is_purged(db: Database, round_id: str) -> bool:
    return _has_purges(db) and db.execute("SELECT 1 FROM round_purges WHERE round_id = ?", [round_id]).fetchone() is not None


def plan_purge(db: Database, years: int, today: date) -> PurgePlan:
    cutoff = cutoff_for(years, today).isoformat()
    rows = db.execute(
        """SELECT r.id, r.label, f.name, r.date,
                  (SELECT count(*) FROM responses s WHERE s.round_id = r.id),
                  (SELECT count(*) FROM answers a JOIN responses s ON s.key = a.response_key
                   WHERE s.round_id = r.id),
                  (SELECT count(*) FROM answers a JOIN responses s ON s.key = a.response_key
                   WHERE s.round_id = r.id AND a.comment IS NOT NULL AND a.comment != '')
           FROM rounds r JOIN forums f ON f.id = r.forum_id
           WHERE r.date < ? AND r.id NOT IN (SELECT round_id FROM round_purges)
           ORDER BY r.date, r.label""",
        [cutoff],
    ).fetchall()
    items = tuple(PurgeItem(*row) for row in rows if row[4] > 0)
    return PurgePlan(years, cutoff, items)


class PurgeResult(int):
    """How many responses were deleted (an int, as before), and which automatic
    backups were changed so they no longer hold the purged answers."""

    backups: tuple[Path, ...]

    def __new__(cls, deleted: int, backups: tuple[Path, ...] = ()) -> PurgeResult:
        made = super().__new__(cls, deleted)
        made.backups = backups
        return made

    @property
    def deleted(self) -> int:
        return int(self)

    @property
    def backups_message(self) -> str:
        """Which automatic backups were changed, in plain words."""
        from spf_desktop.store.erasure import backups_sentence

        return (backups_sentence(self.backups).replace("It was", "They were")
                .replace("held it", "held them"))

    @property
    def message(self) -> str:
        return (f"Purged {int(self):,} responses; their answers and comments are gone from the "
                "archive. " + self.backups_message)


def purge(db: Database, plan: PurgePlan, today: date,
          progress: Callable[[int, int], None] | None = None) -> PurgeResult:
    """Purge every round of ``plan`` in one transaction; returns responses deleted.

    Then the purged answers are scrubbed from the file, its search index and its
    WAL, and from every automatic backup that held them (the result names those).
    """
    from spf_desktop.store import erasure

    deleted = 0
    with db.atomic():
        for n, item in enumerate(plan.items, start=1):
            deleted += _purge_round(db, item.round_id, today)
            if progress:
                progress(n, len(plan.items))
        if plan.items:
            erasure.mark_pending(db)
    if not plan.items:
        return PurgeResult(0)
    changed = erasure.after_removal(db, today)
    return PurgeResult(deleted, changed)


def _purge_round(db: Database, round_id: str, today: date) -> int:
    set_id = repo.require(db, "rounds", round_id)["question_set_id"]
    side_counts = dict.fromkeys((*SIDES, None), 0)
    for side, count in db.execute(
        "SELECT side, count(*) FROM responses WHERE round_id = ? GROUP BY side", [round_id]
    ).fetchall():
        side_counts[side] = count
    dists: dict[tuple[str, str], list[int]] = {}
    skips: dict[tuple[str, str], int] = {}
    comments = 0
    qids = [q for (q,) in db.execute(
        "SELECT id FROM questions WHERE question_set_id = ?", [set_id]).fetchall()]
    for qid in qids:
        for side in ("all", *SIDES, "none"):
            dists[(qid, side)] = [0] * len(SCALE)
            skips[(qid, side)] = 0
    for side, qid, score, comment in db.execute(
        """SELECT s.side, a.question_id, a.score, a.comment FROM answers a
           JOIN responses s ON s.key = a.response_key WHERE s.round_id = ?""",
        [round_id],
    ).fetchall():
        comments += bool(comment)
        for bucket in ("all", side or "none"):
            dists.setdefault((qid, bucket), [0] * len(SCALE))
            skips.setdefault((qid, bucket), 0)
            if score is None:
                skips[(qid, bucket)] += 1
            else:
                dists[(qid, bucket)][score - SCORE_MIN] += 1
    responses = sum(side_counts.values())
    db.table("round_purges").insert({
        "round_id": round_id, "responses": responses,
        "staff": side_counts["staff"], "management": side_counts["management"],
        "undisclosed": side_counts["undisclosed"], "no_side": side_counts[None],
        "comments_removed": comments, "purged_on": today.isoformat(),
    })
    db.table("round_aggregates").insert_all(
        {"round_id": round_id, "question_id": qid, "side": side, "skips": skips[(qid, side)],
         "distribution": json.dumps(dist), "answered": sum(dist),
         "total": sum(score * n for score, n in enumerate(dist))}
        for (qid, side), dist in dists.items()
        if side == "all" or any(dist) or skips[(qid, side)]
    )
    db.execute("""DELETE FROM answers WHERE response_key IN
                  (SELECT key FROM responses WHERE round_id = ?)""", [round_id])
    db.execute("DELETE FROM responses WHERE round_id = ?", [round_id])
    return responses


# -- reading purged rounds ----------------------------------------------------

def _has_purges(db: Database) -> bool:
    """False for an older archive opened read-only (not migrated): nothing purged there."""
    return db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'round_purges'"
    ).fetchone() is not None


def purged_response_count(db: Database, round_id: str) -> int | None:
    if not _has_purges(db):
        return None
    row = db.execute("SELECT responses FROM round_purges WHERE round_id = ?", [round_id]).fetchone()
    return None if row is None else row[0]


def purged_scores(db: Database, round_id: str) -> dict[str, list[int | None]]:
    """Scores per question id rebuilt from the aggregates (order carries no meaning)."""
    out: dict[str, list[int | None]] = {}
    if not _has_purges(db):
        return out
    for qid, dist, skipped in db.execute(
        """SELECT question_id, distribution, skips FROM round_aggregates
           WHERE round_id = ? AND side = 'all'""", [round_id],
    ).fetchall():
        counts = json.loads(dist)
        out[qid] = [s for s, n in enumerate(counts) for _ in range(n)] + [None] * skipped
    return out


def purged_answer_rows(db: Database, round_id: str) -> list[AnswerRow]:
    """Stand-in answer rows for a purged round, one stand-in response per counted response.

    Every figure the results compute (per question and per side) is the same as
    from the purged answers; which stand-in gave which score means nothing.
    """
    if not _has_purges(db):
        return []
    purge_row = db.execute(
        "SELECT staff, management, undisclosed, no_side FROM round_purges WHERE round_id = ?",
        [round_id],
    ).fetchone()
    if purge_row is None:
        return []
    sizes = dict(zip((*SIDES, "none"), purge_row, strict=True))
    rows: list[AnswerRow] = []
    for side, qkey, dist, skipped in db.execute(
        """SELECT g.side, q.key, g.distribution, g.skips FROM round_aggregates g
           JOIN questions q ON q.id = g.question_id
           WHERE g.round_id = ? AND g.side != 'all' ORDER BY q.position, g.side""",
        [round_id],
    ).fetchall():
        scores = [s for s, n in enumerate(json.loads(dist)) for _ in range(n)] + [None] * skipped
        for i, score in enumerate(scores[: sizes[side]]):
            rows.append(AnswerRow(f"purged:{side}:{i}", None if side == "none" else side,
                                  qkey, score, None))
    # Responses that answered nothing at all still count as responses.
    seen = {r.response_key for r in rows}
    for side, size in sizes.items():
        for i in range(size):
            key = f"purged:{side}:{i}"
            if key not in seen:
                rows.append(AnswerRow(key, None if side == "none" else side, "", None, None))
    return rows
