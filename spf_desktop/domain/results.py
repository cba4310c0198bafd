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

from spf_desktop.domain.figures import (
    ONLY_TOTALS,
    REAL_GAP,
    Interval,
    Sample,
    Spread,
    change_interval,
    gap_interval,
    mean_interval,
    sample_from_counts,
    sample_of,
    spread_of,
)
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
    #: For the intervals of a change: each question's sample (by key), the sample of
    #: per-person averages (None when only totals were kept), and the question keys.
    samples: Mapping[str, Sample] = field(default_factory=dict)
    overall_sample: Sample | None = None
    question_keys: frozenset[str] = frozenset()
    respondent_level: bool = True
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
    #: The mean's 95% interval, the change's (with its verdict), the spread, and the
    #: gap management side minus staff side (when the sides are shown).
    interval: Interval | None = None
    change_interval: Interval | None = None
    spread: Spread | None = None
    gap: Interval | None = None
    sample: Sample | None = None


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
    overall_interval: Interval | None = None
    overall_change_interval: Interval | None = None
    baseline_change_interval: Interval | None = None
    #: Management side minus staff side, overall (per-person averages by side).
    side_gap: Interval | None = None
    #: Per-person averages (None when only totals were kept) and the question keys.
    overall_sample: Sample | None = None
    question_keys: frozenset[str] = frozenset()
    respondent_level: bool = True
    #: Why a change is not shown although there is an earlier round ("" when it is).
    comparison_note: str = ""
    #: Non-empty when some questions were answered on another scale and are shown
    #: converted to 0 to 10: the note every screen and report shows with the figures.
    converted_note: str = ""

    def lowest(self, n: int = 3) -> list[QuestionResult]:
        scored = [q for q in self.questions if q.stats.mean is not None]
        return sorted(scored, key=lambda q: (q.stats.mean, q.info.position))[:n]

    def highest(self, n: int = 3) -> list[QuestionResult]:
        scored = [q for q in self.questions if q.stats.mean is not None]
        return sorted(scored, key=lambda q: (-q.stats.mean, q.info.position))[:n]  # type: ignore[operator]

    def most_mixed(self, n: int = 3) -> list[QuestionResult]:
        """The questions the room disagrees on most: the largest standard deviations."""
        spread = [q for q in self.questions if q.spread is not None]
        return sorted(spread, key=lambda q: (-q.spread.sd, q.info.position))[:n]  # type: ignore[union-attr]

    def side_gaps(self) -> list[QuestionResult]:
        """Questions with a gap between the sides: real gaps first, biggest first."""
        gaps = [q for q in self.questions if q.gap is not None]
        return sorted(gaps, key=lambda q: (q.gap.verdict != REAL_GAP,  # type: ignore[union-attr]
                                           -abs(q.gap.estimate), q.info.position))  # type: ignore[union-attr]

    def as_previous(self) -> PreviousRound:
        """This round as the earlier round of a comparison."""
        means = {q.info.key: q.stats.mean for q in self.questions}
        return PreviousRound(
            self.label, self.date, means, self.overall,
            samples={q.info.key: q.sample for q in self.questions if q.sample is not None},
            overall_sample=self.overall_sample, question_keys=self.question_keys,
            respondent_level=self.respondent_level, converted_note=self.converted_note)

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
    respondent_level: bool = True,
    detail: bool = True,
    converted: Mapping[str, StoredScale] | None = None,
) -> RoundResults:
    """Every figure for a round. Below ``min_group`` responses, or while the round is
    open (``is_open``), no figures at all. ``sides_kept`` False: the round was
    purged without its figures by side (they did not pass the rule).
    ``respondent_level`` False: only totals were kept (which answers were one
    person's is gone), so the overall average has no interval. ``detail`` False:
    only what an earlier round lends a comparison (no intervals, spreads or gaps)."""
    questions = sorted(questions, key=lambda q: q.position)
    keys = frozenset(q.key for q in questions)
    note = comparison_note(keys, previous)
    if note:
        previous = None
    baseline_note = comparison_note(keys, baseline)
    if baseline_note:
        baseline = None
        note = f"{note} {baseline_note}".strip()
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
            question_keys=keys, respondent_level=respondent_level, comparison_note=note,
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
        sample = None if too_few else sample_from_counts(stats.distribution, stats.values)
        prev_sample = previous.samples.get(info.key) if previous else None
        gap = gap_interval(sample_from_counts(by_side["staff"].distribution,
                                              by_side["staff"].values),
                           sample_from_counts(by_side["management"].distribution,
                                              by_side["management"].values),
                           min_group=min_group) if by_side and detail else None
        results.append(QuestionResult(
            info=info, stats=stats, previous_mean=prev_mean, change=change(stats.mean, prev_mean),
            by_side=by_side, comments=tuple(comments), too_few=too_few,
            interval=mean_interval(sample, min_group=min_group) if detail else None,
            change_interval=change_interval(sample, prev_sample, min_group=min_group),
            spread=None if too_few or not detail else spread_of(stats.distribution, stats.values),
            gap=gap, sample=sample,
        ))
    overall = overall_average(q.stats.mean for q in results)
    side_overall = (
        {s: overall_average(q.by_side[s].mean for q in results) for s in COMPARED_SIDES}
        if sides_visible else {}
    )
    shown = {q.info.key for q in results if q.sample is not None}
    people = person_averages(rows, shown, converted) if respondent_level else {}
    overall_sample = _centred(sample_of(people[k] for k in people), overall)
    with_figures = frozenset(q.info.key for q in results if q.stats.mean is not None)
    overall_change = change(overall, previous.overall if previous else None)
    baseline_change = change(overall, baseline.overall if baseline else None)
    # An average over other questions is another measure: no overall change then.
    for earlier, which in ((previous, "previous"), (baseline, "baseline")):
        if earlier is None or _figures_for(earlier) == with_figures:
            continue
        if which == "previous":
            overall_change = None
        else:
            baseline_change = None
        note = (f"{note} No overall change is shown against {earlier.label}: it has figures "
                "for other questions, so its average is not the same measure.").strip()
    return RoundResults(
        label=label, date=date, responses=responses, min_group=min_group, visible=True,
        hidden_reason="", questions=tuple(results), overall=overall, previous=previous,
        overall_change=overall_change,
        benchmark=benchmark, side_counts=side_counts, sides_visible=sides_visible,
        sides_reason=sides_reason, side_overall=side_overall,
        comments_visible=comments_visible, comments_reason=comments_reason,
        baseline=baseline, baseline_change=baseline_change,
        overall_interval=_overall_interval(overall_sample, overall, respondent_level, min_group),
        overall_change_interval=_overall_change(overall_sample, previous, overall_change,
                                                min_group),
        baseline_change_interval=_overall_change(overall_sample, baseline, baseline_change,
                                                 min_group),
        side_gap=(_side_gap(people, sides, side_overall, min_group)
                  if sides_visible and detail else None),
        overall_sample=overall_sample, question_keys=keys, respondent_level=respondent_level,
        comparison_note=note,
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


def _figures_for(earlier: PreviousRound) -> frozenset[str]:
    return frozenset(k for k, m in earlier.question_means.items() if m is not None)


def comparison_note(keys: frozenset[str], previous: PreviousRound | None) -> str:
    """Why no change is shown against ``previous`` ("" when changes are shown): a
    round that asked another set of questions is not compared."""
    if previous is None or not previous.question_keys or previous.question_keys == keys:
        return ""
    return (f"No change is shown against {previous.label}: it asked another set of "
            "questions, so its averages do not measure the same thing.")


def person_averages(rows: Iterable[AnswerRow], shown: set[str],
                    converted: Mapping[str, StoredScale] | None = None) -> dict[str, float]:
    """Each person's own average: the mean of the scores they gave to the questions
    whose figures are shown (skips left out, a converted question's answers on 0 to
    10); people who scored none are left out."""
    scales = converted or {}
    totals: dict[str, list[float]] = {}
    for r in rows:
        if r.score is not None and r.question_key in shown:
            scale = scales.get(r.question_key)
            score = scale.to_ten(r.score) if scale is not None else r.score
            totals.setdefault(r.response_key, []).append(score)
    return {k: sum(v) / len(v) for k, v in totals.items()}


def _centred(sample: Sample | None, overall: float | None) -> Sample | None:
    """Per-person averages' spread around the overall average (the mean of the
    question means, which they equal when nobody skipped)."""
    if sample is None or overall is None:
        return None
    return Sample(sample.n, overall, sample.sd)


def _overall_interval(sample: Sample | None, overall: float | None, respondent_level: bool,
                      min_group: int) -> Interval | None:
    if overall is None:
        return None
    if not respondent_level:
        return Interval(overall, float("nan"), float("nan"), ONLY_TOTALS)
    return mean_interval(sample, min_group=min_group)


def _overall_change(sample: Sample | None, earlier: PreviousRound | None,
                    estimate: float | None, min_group: int) -> Interval | None:
    if earlier is None or estimate is None:
        return None
    if sample is None or earlier.overall_sample is None:
        return Interval(estimate, float("nan"), float("nan"), ONLY_TOTALS)
    return change_interval(sample, earlier.overall_sample, min_group=min_group,
                           estimate=estimate)


def _side_gap(people: Mapping[str, float], sides: Mapping[str, str | None],
              side_overall: Mapping[str, float | None], min_group: int) -> Interval | None:
    """Management side minus staff side overall, from per-person averages by side."""
    staff, mgmt = side_overall.get("staff"), side_overall.get("management")
    if staff is None or mgmt is None:
        return None
    if not people:
        return Interval(mgmt - staff, float("nan"), float("nan"), ONLY_TOTALS)
    return gap_interval(
        _centred(sample_of(v for k, v in people.items() if sides.get(k) == "staff"), staff),
        _centred(sample_of(v for k, v in people.items() if sides.get(k) == "management"), mgmt),
        min_group=min_group)
