"""Reading and writing the archive's records. SQL lives here, always with parameters."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping

from sqlite_utils import Database

# Answer, clean_comment and MAX_COMMENT live in domain; callers know them as repo.*.
from spf_desktop.domain.answers import MAX_COMMENT as MAX_COMMENT
from spf_desktop.domain.answers import Answer as Answer
from spf_desktop.domain.answers import clean_comment as clean_comment
from spf_desktop.domain.errors import NotFound, ValidationError
from spf_desktop.domain.forums import DEFAULT_WAYS_OF_WORKING, check_forum_name
from spf_desktop.domain.questions import SIDES, QuestionSet, validate_questions
from spf_desktop.domain.response_columns import MAX_ROUND_RESPONSES
from spf_desktop.domain.scoring import check_benchmark, check_min_group, check_score
from spf_desktop.domain.statuses import RoundStatus
from spf_desktop.domain.ways import ways_of_working_json
from spf_desktop.store import layout
from spf_desktop.store.environment import storage_errors

IdFactory = Callable[[], str]


def new_id() -> str:
    return str(uuid.uuid4())


def new_response_key() -> str:
    """A random key: responses sort by it, so their order says nothing."""
    return secrets.token_hex(16)


# -- forums -------------------------------------------------------------------

def create_forum(
    db: Database,
    name: str,
    *,
    ways_of_working: Iterable[Mapping[str, str]] | None = None,
    region: str = "",
    protective_marking: str = "",
    created_on: str | None = None,
    id: str | None = None,
) -> str:
    """A new forum. Without ``ways_of_working`` it starts with the default ones
    (involvement, trust, purpose), which the forum then edits as its own.
    No two forums share a name, whatever its case."""
    forum_id = id or new_id()
    ways = DEFAULT_WAYS_OF_WORKING if ways_of_working is None else ways_of_working
    with db.atomic():
        cleaned = check_forum_name(name, forum_names(db))
        db.table("forums").insert(
            {
                "id": forum_id,
                "name": cleaned,
                "region": region,
                "protective_marking": protective_marking,
                "ways_of_working": ways_of_working_json(ways),
                "created_on": created_on,
            }
        )
    return forum_id


def forum_names(db: Database, *, except_id: str | None = None) -> list[str]:
    """Every forum's name (but ``except_id``'s): what a new or renamed forum may not be called."""
    return [row[0] for row in db.execute(
        "SELECT name FROM forums WHERE id != ? ORDER BY name", [except_id or ""]).fetchall()]


def forums(db: Database) -> list[dict]:
    return list(db.query("SELECT * FROM forums ORDER BY name"))


def get(db: Database, table: str, record_id: str) -> dict | None:
    if table not in {"forums", "rounds", "meetings", "question_sets", "benchmarks"}:
        raise ValueError(table)
    rows = list(db.query(f"SELECT * FROM [{table}] WHERE id = ?", [record_id]))  # noqa: S608
    return rows[0] if rows else None


def require(db: Database, table: str, record_id: str) -> dict:
    """The record, or ``NotFound``: every lookup of an id the user gave says the same thing."""
    row = get(db, table, record_id)
    if row is None:
        raise NotFound(table, record_id)
    return row


# -- question sets ------------------------------------------------------------

def install_question_set(
    db: Database,
    qs: QuestionSet,
    *,
    lineage: str | None = None,
    forum_id: str | None = None,
    id_factory: IdFactory = new_id,
) -> str:
    """Store a question set (a new version when ``lineage`` names an existing set)."""
    validate_questions([q.text for q in qs.questions], name=f'"{qs.name}"')
    set_id = id_factory()
    with db.atomic():
        version = qs.version
        if lineage is None:
            lineage = set_id
        else:
            row = db.execute(
                "SELECT max(version) FROM question_sets WHERE lineage = ?", [lineage]
            ).fetchone()
            version = (row[0] or 0) + 1
        db.table("question_sets").insert(
            {
                "id": set_id,
                "name": qs.name,
                "version": version,
                "lineage": lineage,
                "source_note": qs.source_note,
                "low_label": qs.low_label,
                "high_label": qs.high_label,
                "side_question": qs.side_question,
                "forum_id": forum_id,
            }
        )
        db.table("questions").insert_all(
            {
                "id": id_factory(),
                "question_set_id": set_id,
                "position": n,
                "key": q.key,
                "text": " ".join(q.text.split()),
            }
            for n, q in enumerate(qs.questions, start=1)
        )
    return set_id


def questions(db: Database, question_set_id: str) -> list[dict]:
    return list(
        db.query(
            "SELECT * FROM questions WHERE question_set_id = ? ORDER BY position",
            [question_set_id],
        )
    )


# -- rounds and responses -----------------------------------------------------

def create_benchmark(
    db: Database, label: str, value: float, *, forum_id: str | None = None,
    id: str | None = None,
) -> str:
    check_benchmark(value)
    if not label.strip():
        raise ValidationError("A benchmark needs a label, e.g. 'Other regional SPFs'.")
    bench_id = id or new_id()
    with db.atomic():
        db.table("benchmarks").insert(
            {"id": bench_id, "forum_id": forum_id, "label": label.strip(), "value": value}
        )
    return bench_id


def create_round(
    db: Database,
    forum_id: str,
    question_set_id: str,
    label: str,
    date: str,
    *,
    min_group_size: int = 5,
    benchmark_id: str | None = None,
    meeting_id: str | None = None,
    status: str = RoundStatus.DRAFT,
    id: str | None = None,
) -> str:
    check_min_group(min_group_size)
    if not label.strip():
        raise ValidationError("A round needs a label, e.g. 'Baseline'.")
    if not questions(db, question_set_id):
        raise ValidationError("That question set has no questions: a round needs at least one.")
    round_id = id or new_id()
    with db.atomic():
        db.table("rounds").insert(
            {
                "id": round_id,
                "forum_id": forum_id,
                "question_set_id": question_set_id,
                "meeting_id": meeting_id,
                "label": label.strip(),
                "date": date,
                "status": RoundStatus(status),  # a ValueError for a status that is none
                "min_group_size": min_group_size,
                "benchmark_id": benchmark_id,
            }
        )
    return round_id


def add_response(
    db: Database,
    round_id: str,
    answers: Mapping[str, Answer],
    *,
    side: str | None = None,
    key: str | None = None,
    require_open: bool = True,
) -> str:
    """Store one participant's answers in one transaction, committed at once."""
    rnd = require(db, "rounds", round_id)
    if require_open and rnd["status"] != RoundStatus.OPEN:
        raise ValidationError(
            f'The round "{rnd["label"]}" is {rnd["status"]}: it does not take responses now.'
        )
    if side is not None and side not in SIDES:
        raise ValidationError(f"Side must be one of {', '.join(SIDES)}, not {side!r}.")
    if response_count(db, round_id) >= MAX_ROUND_RESPONSES:
        raise ValidationError(
            f'The round "{rnd["label"]}" already holds {MAX_ROUND_RESPONSES:,} responses, the '
            "most a round holds: this one was not stored. Start a new round."
        )
    qids = {q["id"] for q in questions(db, rnd["question_set_id"])}
    unknown = set(answers) - qids
    if unknown:
        raise ValidationError("An answer names a question that is not in this round's set.")
    rows = []
    for qid in sorted(qids):
        ans = answers.get(qid, Answer(None))
        check_score(ans.score)
        comment = clean_comment(ans.comment or "")
        rows.append(
            {"question_id": qid, "score": ans.score, "comment": comment or None}
        )
    response_key = key or new_response_key()
    # Alone (participant mode, a paper form), the whole round is written again in
    # random order and the WAL folded after the commit, so neither the pages nor
    # the WAL say who answered when. Inside a caller's transaction (the demo, a
    # bulk writer) that caller's commit is one write of many; the app's close
    # rebuilds the pages (store/layout.py).
    outermost = not db.conn.in_transaction
    # A full disk or a pulled USB stick is a plain message, and the whole
    # response is rolled back, so the participant can submit it again.
    with storage_errors("saving the response"), db.atomic():
        db.table("responses").insert({"key": response_key, "round_id": round_id, "side": side})
        db.table("answers").insert_all({"response_key": response_key, **r} for r in rows)
        if outermost:
            layout.reshuffle_round(db, round_id)
    if outermost:
        layout.fold_wal(db)
    return response_key


def rounds(db: Database, forum_id: str | None = None) -> list[dict]:
    sql = """
        SELECT r.*, f.name AS forum_name,
               (SELECT count(*) FROM responses s WHERE s.round_id = r.id) AS responses
        FROM rounds r JOIN forums f ON f.id = r.forum_id
    """
    args: list[str] = []
    if forum_id:
        sql += " WHERE r.forum_id = ?"
        args.append(forum_id)
    found = list(db.query(sql + " ORDER BY f.name, r.date, r.label", args))
    from spf_desktop.store import retention

    for row in found:  # a purged round still says how many responded
        if not row["responses"]:
            row["responses"] = retention.purged_response_count(db, row["id"]) or 0
    return found


def meetings(db: Database, forum_id: str | None = None, *, templates: bool = False) -> list[dict]:
    sql = "SELECT * FROM meetings WHERE is_template = ?"
    args: list[object] = [int(templates)]
    if forum_id:
        sql += " AND forum_id = ?"
        args.append(forum_id)
    return list(db.query(sql + " ORDER BY date, title", args))


def scores_by_question(db: Database, round_id: str) -> dict[str, list[int | None]]:
    """Every stored score of a round, per question id (None: skipped).

    A round whose raw responses were purged answers from its kept aggregates.
    """
    from spf_desktop.store import retention

    if retention.is_purged(db, round_id):
        return retention.purged_scores(db, round_id)
    out: dict[str, list[int | None]] = {}
    for qid, score in db.execute(
        """SELECT a.question_id, a.score FROM answers a
           JOIN responses s ON s.key = a.response_key
           WHERE s.round_id = ?""",
        [round_id],
    ).fetchall():
        out.setdefault(qid, []).append(score)
    return out


def response_count(db: Database, round_id: str) -> int:
    """Responses stored, or for a purged round the number there were."""
    from spf_desktop.store import retention

    purged = retention.purged_response_count(db, round_id)
    if purged is not None:
        return purged
    return db.execute("SELECT count(*) FROM responses WHERE round_id = ?", [round_id]).fetchone()[0]
