"""Load a round's answers from the archive and compute its results (domain.results)."""

from __future__ import annotations

from sqlite_utils import Database

from spf_desktop.domain.import_scales import StoredScale
from spf_desktop.domain.results import (
    AnswerRow,
    Benchmark,
    PreviousRound,
    QuestionInfo,
    RoundResults,
    compute_results,
)
from spf_desktop.domain.statuses import RoundStatus
from spf_desktop.store import repo, retention


def _question_infos(db: Database, question_set_id: str) -> list[QuestionInfo]:
    return [QuestionInfo(q["key"], q["text"], q["position"])
            for q in repo.questions(db, question_set_id)]


def _answer_rows(db: Database, round_id: str) -> list[AnswerRow]:
    if retention.is_purged(db, round_id):
        return retention.purged_answer_rows(db, round_id)
    return [
        AnswerRow(key, side, qkey, score, comment)
        for key, side, qkey, score, comment in db.execute(
            """SELECT s.key, s.side, q.key, a.score, a.comment
               FROM responses s
               JOIN answers a ON a.response_key = s.key
               JOIN questions q ON q.id = a.question_id
               WHERE s.round_id = ?
               ORDER BY s.key, q.position""",
            [round_id],
        ).fetchall()
    ]


def previous_round(db: Database, rnd: dict, *, first: bool = False) -> dict | None:
    """The latest (with ``first``: the earliest) earlier round of the same forum
    whose question set shares question keys with this one."""
    keys = {q.key for q in _question_infos(db, rnd["question_set_id"])}
    order = "ASC" if first else "DESC"
    candidates = db.execute(
        f"""SELECT id FROM rounds
           WHERE forum_id = ? AND id != ? AND (date < ? OR (date = ? AND label < ?))
           ORDER BY date {order}, label {order}""",  # noqa: S608 - order is one of two literals
        [rnd["forum_id"], rnd["id"], rnd["date"], rnd["date"], rnd["label"]],
    ).fetchall()
    for (candidate_id,) in candidates:
        cand = repo.get(db, "rounds", candidate_id)
        assert cand is not None
        if keys & {q.key for q in _question_infos(db, cand["question_set_id"])}:
            return cand
    return None


def question_means(db: Database, rnd: dict) -> dict[str, float | None]:
    """Each question's mean as that round's own results show it: none for a question
    scored by fewer than the minimum, none at all while the round is open."""
    res = _compute(db, rnd, previous=None, benchmark=None, baseline=None)
    return {q.info.key: q.stats.mean for q in res.questions}


def converted_scales(db: Database, rnd: dict) -> dict[str, StoredScale]:
    """The round's questions answered on another scale, by question key."""
    from spf_desktop.domain.import_scales import load_converted

    by_id = load_converted(rnd.get("converted_scales"))
    if not by_id:
        return {}
    return {q["key"]: by_id[q["id"]] for q in repo.questions(db, rnd["question_set_id"])
            if q["id"] in by_id}


def _compute(db: Database, rnd: dict, **kwargs: object) -> RoundResults:
    round_id = rnd["id"]
    return compute_results(
        converted=converted_scales(db, rnd),
        label=rnd["label"], date=rnd["date"],
        questions=_question_infos(db, rnd["question_set_id"]),
        answers=_answer_rows(db, round_id), min_group=rnd["min_group_size"],
        shuffle_seed=round_id, is_open=rnd["status"] == RoundStatus.OPEN,
        sides_kept=retention.sides_kept(db, round_id),
        respondent_level=not retention.is_purged(db, round_id),
        **kwargs,  # type: ignore[arg-type]
    )


def load_round_results(db: Database, round_id: str) -> RoundResults:
    rnd = repo.require(db, "rounds", round_id)
    previous = _comparable(db, previous_round(db, rnd))
    first = previous_round(db, rnd, first=True)
    baseline = _comparable(db, first) if first and previous and first["label"] != previous.label else None
    benchmark = None
    if rnd["benchmark_id"]:
        b = repo.get(db, "benchmarks", rnd["benchmark_id"])
        if b:
            benchmark = Benchmark(b["label"], b["value"])
    return _compute(db, rnd, previous=previous, benchmark=benchmark, baseline=baseline)


def _comparable(db: Database, rnd: dict | None) -> PreviousRound | None:
    """An earlier round as a comparison, only if its own results show figures (closed,
    enough responses); a question it hides is not compared."""
    if rnd is None or rnd["status"] != RoundStatus.CLOSED \
            or repo.response_count(db, rnd["id"]) < rnd["min_group_size"]:
        return None
    return _compute(db, rnd, previous=None, benchmark=None, baseline=None,
                    detail=False).as_previous()
