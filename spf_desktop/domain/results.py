"""Audit results for one round: the figures the results screen and the audit
report both show, with every anonymity rule applied here and nowhere else.

The rule: no figure about scores is shown for a group of 1 to ``min_group - 1``
people, including a group an attacker could work out by subtracting one shown
figure from another. The groups whose scores the shown figures reveal are, per
question, the people who gave that question a score: all of them, and (when the
sides are shown) those of the staff side, of the management side, and the rest
("prefer not to say" together with no answer: total minus staff minus
management). Every one of these must be empty or at least ``min_group``:

- a round below ``min_group`` responses, or still open, shows no figures at all
  (results of an open round would give one person's answers by comparing a copy
  taken before they answered with one taken after);
- a question scored by 1 to ``min_group - 1`` people shows only its counts;
- the sides are compared only when each side has at least ``min_group``
  responses, the rest has none or at least ``min_group``, and for every question
  each side's scorers (its responses minus its skips) and the rest's scorers are
  none or at least ``min_group``. Otherwise no figure is shown by side at all.

``sides_rule`` is that last test on its own, so the purge (which keeps side
aggregates only when it passes) and the answers export use the very same one.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spf_desktop.domain.import_scales import StoredScale

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
    #: Non-empty when that round's questions were answered on another scale (converted).
    converted_note: str = ""


@dataclass(frozen=True)
class QuestionResult:
    info: QuestionInfo
    stats: QuestionStats
    previous_mean: float | None = None
    change: float | None = None
    by_side: Mapping[str, QuestionStats] = field(default_factory=dict)
    comments: tuple[str, ...] = ()
    #: Scored by 1 to min_group - 1 people: only the counts are shown (stats has
    #: no mean, median or distribution).
    too_few: bool = False


def group_ok(size: int, min_group: int) -> bool:
    """A group whose scores a figure reveals: empty, or at least the minimum."""
    return size == 0 or group_visible(size, min_group)


#: The groups by side: "other" is "prefer not to say" together with no answer.
GROUPS = ("staff", "management", "other")


def group_of(side: str | None) -> str:
    return side if side in COMPARED_SIDES else "other"


def sides_rule(side_counts: Mapping[str, int],
               scorers: Iterable[Mapping[str, int]], min_group: int) -> str:
    """Why the figures by side may not be shown ("" when they may).

    ``side_counts``: responses per group of GROUPS; ``scorers``: per question, how
    many of each group gave it a score (its responses minus its skips).
    """
    staff, mgmt = side_counts.get("staff", 0), side_counts.get("management", 0)
    other = side_counts.get("other", 0)
    if not (group_visible(staff, min_group) and group_visible(mgmt, min_group)):
        return ("Staff side and management side are compared only when each side has at "
                f"least {min_group} responses; here staff side has {staff} and management "
                f"side {mgmt}, so the comparison is hidden to protect anonymity.")
    if not group_ok(other, min_group):
        return ("Staff side and management side are compared only when the responses that "
                f"gave no side (\"prefer not to say\" or no answer) are none or at least "
                f"{min_group}: otherwise their answers would follow from the total minus both "
                "sides. The comparison is hidden to protect anonymity.")
    for cells in scorers:
        if not all(group_ok(cells.get(g, 0), min_group) for g in GROUPS):
            return ("Staff side and management side are compared only when, for every "
                    f"question, each side's scores (and those that gave no side) come from "
                    f"none or at least {min_group} people; skipped questions leave a smaller "
                    "group here, so the comparison is hidden to protect anonymity.")
    return ""


def open_reason(responses: int) -> str:
    return (f"This round is still open: {responses} response{'s' * (responses != 1)} so far. "
            "Results are shown, printed and exported only once the round is closed, so that "
            "nobody's answers can be found by comparing results before and after they answer.")


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
    #: Non-empty when some questions were answered on another scale and are shown
    #: converted to 0 to 10: the note every screen and report shows with the figures.
    converted_note: str = ""

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
    is_open: bool = False,
    sides_kept: bool = True,
    converted: Mapping[str, StoredScale] | None = None,
) -> RoundResults:
    """Every figure for a round. Below ``min_group`` responses, or while the round is
    open (``is_open``), no figures at all. ``sides_kept`` False: the round was
    purged without its figures by side (they did not pass the rule)."""
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
        key = side if side in COMPARED_SIDES else "undisclosed"
        side_counts[key] += 1

    visible = group_visible(responses, min_group) and not is_open
    if is_open:
        hidden_reason = open_reason(responses)
    else:
        hidden_reason = "" if visible else (
            f"This round has {responses} response{'s' * (responses != 1)}. Results are shown "
            f"only from {min_group} responses, so that nobody's answers can be picked out."
        )
    scorers = []
    for info in questions:
        cells = dict.fromkeys(GROUPS, 0)
        for r in by_question[info.key]:
            if r.score is not None:
                cells[group_of(r.side)] += 1
        scorers.append(cells)
    group_counts = {"staff": side_counts["staff"], "management": side_counts["management"],
                    "other": side_counts["undisclosed"]}
    sides_reason = sides_rule(group_counts, scorers, min_group)
    if not sides_kept and not sides_reason:
        sides_reason = ("This round's individual answers were purged, and its figures by side "
                        "were not kept because a group by side was below the minimum of "
                        f"{min_group}.")
    if not visible:
        sides_reason = sides_reason or hidden_reason
    sides_visible = visible and not sides_reason
    comments_visible = visible
    comments_reason = "" if comments_visible else (
        "Comments are shown once the round is closed." if is_open else
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
        scale = (converted or {}).get(info.key)
        stats = _on_ten(question_stats(r.score for r in q_rows), scale)
        too_few = not group_ok(stats.count, min_group)
        if too_few:  # only the counts: the scores of so few people would be theirs
            stats = QuestionStats(stats.count, stats.skips, None, None,
                                  (0,) * len(stats.distribution), stats.points)
        by_side = (
            {s: _on_ten(question_stats(r.score for r in q_rows if r.side == s), scale)
             for s in COMPARED_SIDES}
            if sides_visible else {}
        )
        comments = sorted(r.comment for r in q_rows if r.comment)
        rng.shuffle(comments)
        prev_mean = previous.question_means.get(info.key) if previous else None
        results.append(QuestionResult(
            info=info, stats=stats, previous_mean=prev_mean, change=change(stats.mean, prev_mean),
            by_side=by_side, comments=tuple(comments), too_few=too_few,
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
        converted_note=converted_note((converted or {}).values()),
    )


def converted_note(scales: Iterable[StoredScale]) -> str:
    from spf_desktop.domain.import_scales import converted_note as note

    shown = [s.conversion() for s in scales]
    return note(shown) if shown else ""


def _on_ten(stats: QuestionStats, scale: StoredScale | None) -> QuestionStats:
    """A converted question's figures on 0 to 10: the mean and median converted
    (a straight line keeps both exact), the counts kept on the question's own points."""
    if scale is None:
        return stats
    return QuestionStats(
        stats.count, stats.skips,
        None if stats.mean is None else scale.to_ten(stats.mean),
        None if stats.median is None else scale.to_ten(stats.median),
        tuple(stats.distribution[scale.low:scale.high + 1]), scale.points())
