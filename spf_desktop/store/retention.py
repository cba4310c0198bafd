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
from spf_desktop.domain.results import GROUPS, AnswerRow, QuestionInfo, compute_results, group_of
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
    entries = [
        (key, side, qid, score) for key, side, qid, score in db.execute(
            """SELECT s.key, s.side, a.question_id, a.score FROM responses s
               LEFT JOIN answers a ON a.response_key = s.key WHERE s.round_id = ?""",
            [round_id],
        ).fetchall()
    ]
    comments = db.execute(
        """SELECT count(*) FROM answers a JOIN responses s ON s.key = a.response_key
           WHERE s.round_id = ? AND a.comment IS NOT NULL AND a.comment != ''""",
        [round_id]).fetchone()[0]
    responses = len({key for key, *_ in entries})
    db.table("round_purges").insert({
        "round_id": round_id, "responses": responses, "comments_removed": comments,
        "purged_on": today.isoformat(),
    })
    keep_aggregates(db, round_id, entries)
    db.execute("""DELETE FROM answers WHERE response_key IN
                  (SELECT key FROM responses WHERE round_id = ?)""", [round_id])
    db.execute("DELETE FROM responses WHERE round_id = ?", [round_id])
    return responses


def keep_aggregates(db: Database, round_id: str,
                    entries: list[tuple[str, str | None, str | None, int | None]]) -> None:
    """Write the aggregates a purged round keeps, from its answers
    ``(response key, side, question id or None, score)``, and its counts by side.

    Only groups the results may show are kept (domain.results: the one rule). A
    round below the minimum keeps no scores at all; a question scored by 1 to
    min - 1 people keeps none; the figures by side are kept only when the rule
    lets the sides be compared, and then "prefer not to say" and no answer are
    kept together as one group (``undisclosed``), never apart.
    """
    rnd = repo.require(db, "rounds", round_id)
    qids = [q for (q,) in db.execute(
        "SELECT id FROM questions WHERE question_set_id = ? ORDER BY position",
        [rnd["question_set_id"]]).fetchall()]
    rows = [AnswerRow(key, side, qid or "", score) for key, side, qid, score in entries]
    res = compute_results(
        label="", date="", questions=[QuestionInfo(q, "", n) for n, q in enumerate(qids)],
        answers=rows, min_group=rnd["min_group_size"])
    sides: dict[str, str | None] = {key: side for key, side, *_ in entries}
    counts = {g: sum(1 for v in sides.values() if group_of(v) == g) for g in GROUPS}
    db.execute(
        """UPDATE round_purges SET staff = ?, management = ?, undisclosed = ?, no_side = 0
           WHERE round_id = ?""",
        [counts["staff"], counts["management"], counts["other"], round_id])
    db.execute("DELETE FROM round_aggregates WHERE round_id = ?", [round_id])
    if not res.visible:
        return
    buckets = ["all"] + (["staff", "management", "other"] if res.sides_visible else [])
    dists = {(qid, b): [0] * len(SCALE) for qid in qids for b in buckets}
    skips = dict.fromkeys(dists, 0)
    for _key, side, qid, score in entries:
        if qid is None or qid not in qids:
            continue
        for bucket in ("all", group_of(side)):
            if (qid, bucket) not in dists:
                continue
            if score is None:
                skips[(qid, bucket)] += 1
            else:
                dists[(qid, bucket)][score - SCORE_MIN] += 1
    hidden = {qid for qid, q in zip(qids, res.questions, strict=True) if q.too_few}
    db.table("round_aggregates").insert_all(
        {"round_id": round_id, "question_id": qid,
         "side": "undisclosed" if side == "other" else side, "skips": skips[(qid, side)],
         "distribution": json.dumps(dist), "answered": sum(dist),
         "total": sum(score * n for score, n in enumerate(dist))}
        for (qid, side), dist in dists.items()
        if qid not in hidden and (side == "all" or any(dist) or skips[(qid, side)])
    )


def store_counts_only(db: Database, round_id: str, counts: dict[str, tuple[int, ...]],
                      on: str) -> int:
    """Keep a round imported from vote counts alone as a purged round is kept; returns
    its number of responses (the most votes any question had; a question with fewer
    counts the rest as skips). The caller holds the transaction."""
    responses = max((sum(d) for d in counts.values()), default=0)
    entries: list[tuple[str, str | None, str | None, int | None]] = []
    for qid, dist in counts.items():
        scores: list[int | None] = [s for s, n in zip(SCALE, dist, strict=False)
                                    for _ in range(n)]
        scores += [None] * (responses - len(scores))
        entries += [(f"counts:{i}", None, qid, score) for i, score in enumerate(scores)]
    db.table("round_purges").insert({"round_id": round_id, "responses": responses,
                                     "comments_removed": 0, "purged_on": on, "counts_only": 1})
    keep_aggregates(db, round_id, entries)
    return responses


def is_counts_only(db: Database, round_id: str) -> bool:
    """A round imported from vote counts alone: it never had individual answers."""
    if not _has_purges(db):
        return False
    row = db.execute("SELECT counts_only FROM round_purges WHERE round_id = ?",
                     [round_id]).fetchone()
    return bool(row and row[0])


def refold_purged(db: Database, round_ids: set[str] | None = None) -> int:
    """Rewrite the aggregates of rounds purged by an earlier version (which kept
    every side apart, even a group of one) under today's rule; returns how many.
    ``round_ids``: only these rounds (a merge's), else every purged round."""
    if not _has_purges(db):
        return 0
    done = 0
    for (round_id,) in db.execute("SELECT round_id FROM round_purges").fetchall():
        if round_ids is not None and round_id not in round_ids:
            continue
        if repo.get(db, "rounds", round_id) is None:
            continue
        entries = [(r.response_key, r.side, r.question_key or None, r.score)
                   for r in _stand_ins(db, round_id, by_id=True)]
        keep_aggregates(db, round_id, entries)
        done += 1
    return done


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


def sides_kept(db: Database, round_id: str) -> bool:
    """False for a purged round that kept no figures by side (the rule hid them)."""
    if not is_purged(db, round_id):
        return True
    return db.execute("SELECT 1 FROM round_aggregates WHERE round_id = ? AND side != 'all'",
                      [round_id]).fetchone() is not None


def purged_answer_rows(db: Database, round_id: str) -> list[AnswerRow]:
    """Stand-in answer rows for a purged round, one stand-in response per counted response.

    Every figure the results compute (per question and, when kept, per side) is
    the same as from the purged answers; which stand-in gave which score means
    nothing. A round that kept no side figures spreads each question's scores over
    the stand-ins regardless of side (its results do not show the sides).
    """
    return _stand_ins(db, round_id)


def _stand_ins(db: Database, round_id: str, *, by_id: bool = False) -> list[AnswerRow]:
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
    column = "q.id" if by_id else "q.key"
    stored = db.execute(
        f"""SELECT g.side, {column}, g.distribution, g.skips FROM round_aggregates g
           JOIN questions q ON q.id = g.question_id
           WHERE g.round_id = ? ORDER BY q.position, g.side""",  # noqa: S608 - one of two columns
        [round_id],
    ).fetchall()
    by_side = [row for row in stored if row[0] != "all"]
    everyone = [(side, size) for side, size in sizes.items() for _ in range(size)]
    counters = dict.fromkeys(sizes, 0)
    keys = []
    for side, _ in everyone:
        keys.append((side, f"purged:{side}:{counters[side]}"))
        counters[side] += 1
    for side, qkey, dist, skipped in by_side or [row for row in stored if row[0] == "all"]:
        scores = [s for s, n in enumerate(json.loads(dist)) for _ in range(n)] + [None] * skipped
        pool = keys if side == "all" else [k for k in keys if k[0] == side]
        for (owner, key), score in zip(pool, scores, strict=False):
            rows.append(AnswerRow(key, None if owner == "none" else owner, qkey, score, None))
    # Responses that answered nothing at all still count as responses.
    seen = {r.response_key for r in rows}
    for side, size in sizes.items():
        for i in range(size):
            key = f"purged:{side}:{i}"
            if key not in seen:
                rows.append(AnswerRow(key, None if side == "none" else side, "", None, None))
    return rows
