"""Audit results for one round: the figures the results screen and the audit
report both show, with every anonymity rule applied here and nowhere else."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from spf_desktop.domain.scoring import (
    DEFAULT_MIN_GROUP,
    QuestionStats,
    change,
    group_visible,
    overall_average,
    question_stats,
)

COMPARED_SIDES = ("staff", "management")


@dataclass(frozen=True)
class AnswerRow:
    """One stored answer: which response, which side, which question, what score."""

    response_key: str
    side: str | None
    question_key: str
    score: int | None
    comment: str | None = None


@dataclass(frozen=True)
class QuestionInfo:
    key: str
    text: str
    position: int


@dataclass(frozen=True)
class Benchmark:
    label: str
    value: float


@dataclass(frozen=True)
class PreviousRound:
    label: str
    date: str
    question_means: Mapping[str, float | None]  # by question key
    overall: float | None


@dataclass(frozen=True)
class QuestionResult:
    info: QuestionInfo
    stats: QuestionStats
    previous_mean: float | None = None
    change: float | None = None
    by_side: Mapping[str, QuestionStats] = field(default_factory=dict)
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoundResults:
    label: str
    date: str
    responses: int
    min_group: int
    visible: bool
    hidden_reason: str
    questions: tuple[QuestionResult, ...]
    overall: float | None
    previous: PreviousRound | None
    overall_change: float | None
    benchmark: Benchmark | None
    side_counts: Mapping[str, int]
    sides_visible: bool
    sides_reason: str
    side_overall: Mapping[str, float | None]
    comments_visible: bool
    comments_reason: str
    baseline: PreviousRound | None = None  # the forum's first comparable round
    baseline_change: float | None = None

    def lowest(self, n: int = 3) -> list[QuestionResult]:
        scored = [q for q in self.questions if q.stats.mean is not None]
        return sorted(scored, key=lambda q: (q.stats.mean, q.info.position))[:n]

    def highest(self, n: int = 3) -> list[QuestionResult]:
        scored = [q for q in self.questions if q.stats.mean is not None]
        return sorted(scored, key=lambda q: (-q.stats.mean, q.info.position))[:n]  # type: ignore[operator]

    def biggest_changes(self, n: int = 3) -> list[QuestionResult]:
        changed = [q for q in self.questions if q.change is not None]
        return sorted(changed, key=lambda q: (-abs(q.change), q.info.position))[:n]  # type: ignore[arg-type]


def compute_results(
    *,
    label: str,
    date: str,
    questions: Iterable[QuestionInfo],
    answers: Iterable[AnswerRow],
    min_group: int = DEFAULT_MIN_GROUP,
    previous: PreviousRound | None = None,
    benchmark: Benchmark | None = None,
    baseline: PreviousRound | None = None,
    shuffle_seed: str = "",
) -> RoundResults:
    """Every figure for a round. Below ``min_group`` responses, no figures at all."""
    questions = sorted(questions, key=lambda q: q.position)
    rows = list(answers)
    sides: dict[str, str | None] = {}
    by_question: dict[str, list[AnswerRow]] = {q.key: [] for q in questions}
    for row in rows:
        sides[row.response_key] = row.side
        if row.question_key in by_question:
            by_question[row.question_key].append(row)
    responses = len(sides)
    side_counts = {s: 0 for s in ("staff", "management", "undisclosed")}
    for side in sides.values():
        side_counts[side or "undisclosed"] = side_counts.get(side or "undisclosed", 0) + 1

    visible = group_visible(responses, min_group)
    hidden_reason = "" if visible else (
        f"This round has {responses} response{'s' * (responses != 1)}. Results are shown "
        f"only from {min_group} responses, so that nobody's answers can be picked out."
    )
    small_sides = [s for s in COMPARED_SIDES if not group_visible(side_counts[s], min_group)]
    sides_visible = visible and not small_sides
    sides_reason = "" if sides_visible else (
        "Staff side and management side are compared only when each side has at least "
        f"{min_group} responses; here staff side has {side_counts['staff']} and management "
        f"side {side_counts['management']}, so the comparison is hidden to protect anonymity."
    )
    comments_visible = visible
    comments_reason = "" if comments_visible else (
        f"Comments are shown only when the round has at least {min_group} responses."
    )
    if not visible:
        return RoundResults(
            label=label, date=date, responses=responses, min_group=min_group, visible=False,
            hidden_reason=hidden_reason, questions=(), overall=None, previous=previous,
            overall_change=None, benchmark=benchmark, side_counts=side_counts,
            sides_visible=False, sides_reason=sides_reason, side_overall={},
            comments_visible=False, comments_reason=comments_reason, baseline=baseline,
        )

    rng = random.Random(f"comments:{shuffle_seed}")
    results = []
    for info in questions:
        q_rows = by_question[info.key]
        stats = question_stats(r.score for r in q_rows)
        by_side = (
            {s: question_stats(r.score for r in q_rows if r.side == s) for s in COMPARED_SIDES}
            if sides_visible else {}
        )
        comments = sorted(r.comment for r in q_rows if r.comment)
        rng.shuffle(comments)
        prev_mean = previous.question_means.get(info.key) if previous else None
        results.append(QuestionResult(
            info=info, stats=stats, previous_mean=prev_mean, change=change(stats.mean, prev_mean),
            by_side=by_side, comments=tuple(comments),
        ))
    overall = overall_average(q.stats.mean for q in results)
    side_overall = (
        {s: overall_average(q.by_side[s].mean for q in results) for s in COMPARED_SIDES}
        if sides_visible else {}
    )
    return RoundResults(
        label=label, date=date, responses=responses, min_group=min_group, visible=True,
        hidden_reason="", questions=tuple(results), overall=overall, previous=previous,
        overall_change=change(overall, previous.overall if previous else None),
        benchmark=benchmark, side_counts=side_counts, sides_visible=sides_visible,
        sides_reason=sides_reason, side_overall=side_overall,
        comments_visible=comments_visible, comments_reason=comments_reason,
        baseline=baseline,
        baseline_change=change(overall, baseline.overall if baseline else None),
    )
