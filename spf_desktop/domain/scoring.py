"""Audit scoring and the anonymity rules. Pure Python: the results screen and
the PDF reports both call these, so their figures can never disagree."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spf_desktop.domain.errors import ValidationError

#: The scale's bounds: the archive's CHECK constraints, imports, merges, charts and
#: paper forms all take them from here (a test holds the schema to them).
SCORE_MIN = 0
SCORE_MAX = 10
#: Every score there is, lowest first: a distribution has one count per score.
SCALE = range(SCORE_MIN, SCORE_MAX + 1)
#: The scale as a reader sees it, e.g. in "a whole number from 0 to 10".
SCALE_TEXT = f"{SCORE_MIN} to {SCORE_MAX}"
DEFAULT_MIN_GROUP = 5
MIN_GROUP_FLOOR = 3


def round2(value: float) -> float:
    """Round half up to two decimals, as a person would by hand (6.025 -> 6.03).

    The value is first cut to nine decimals: an average such as 5.815 reaches us
    as 5.8149999999999995 after floating-point sums, and must still print 5.82."""
    from decimal import ROUND_HALF_UP, Decimal  # here, not at start-up of the app

    exact = Decimal(repr(round(value, 9)))
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def fmt_score(value: float | None) -> str:
    return "-" if value is None else f"{round2(value):.2f}"


def fmt_change(value: float | None) -> str:
    """A signed change, e.g. +2.59 or -0.40."""
    if value is None:
        return "-"
    return f"{round2(value):+.2f}"


def check_min_group(value: int) -> int:
    if value < MIN_GROUP_FLOOR:
        raise ValidationError(
            f"The minimum group size is {value}; it can never be below {MIN_GROUP_FLOOR}, "
            "or a small group's answers could be picked out."
        )
    return value


def in_scale(value: float) -> bool:
    """Whether a figure lies on the scale (a NaN does not)."""
    return SCORE_MIN <= value <= SCORE_MAX


def check_score(value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
        raise ValidationError(f"A score must be a whole number from {SCALE_TEXT}, not {value!r}.")
    return value


def check_benchmark(value: float | None) -> float | None:
    if value is None:
        return None
    if not in_scale(value):
        raise ValidationError(
            f"A benchmark must be between {SCORE_MIN} and {SCORE_MAX}, not {value}.")
    return float(value)


@dataclass(frozen=True)
class QuestionStats:
    """One question's figures. Skipped answers are counted apart, never as zero."""

    count: int
    skips: int
    mean: float | None
    median: float | None
    distribution: tuple[int, ...]  # how many gave each score of SCALE, lowest first
    #: A question answered on another scale (converted): the 0 to 10 value of each
    #: point of ``distribution``, which then counts the answers on the question's own
    #: points (1 to 5 stars: five counts, at 0, 2.5, 5, 7.5 and 10). None: 0 to 10.
    points: tuple[float, ...] | None = None

    @property
    def values(self) -> tuple[float, ...]:
        """The 0 to 10 value of each count of ``distribution``."""
        return self.points if self.points is not None else tuple(SCALE)

    @property
    def spread(self) -> tuple[float, float] | None:
        scores = [s for s, n in zip(self.values, self.distribution, strict=False) if n]
        return (scores[0], scores[-1]) if scores else None

    @property
    def stdev(self) -> float | None:
        if self.count < 2:
            return None
        values = [s for s, n in zip(self.values, self.distribution, strict=False)
                  for _ in range(n)]
        import statistics

        return statistics.pstdev(values)


def question_stats(scores: Iterable[int | None]) -> QuestionStats:
    """Figures for one question from its answers (None = skipped)."""
    dist = [0] * len(SCALE)
    skips = 0
    values: list[int] = []
    for s in scores:
        if s is None:
            skips += 1
        else:
            dist[s - SCORE_MIN] += 1
            values.append(s)
    if not values:
        return QuestionStats(0, skips, None, None, tuple(dist))
    return QuestionStats(
        count=len(values),
        skips=skips,
        mean=sum(values) / len(values),
        median=_median(values),
        distribution=tuple(dist),
    )


def stats_from_distribution(distribution: Sequence[int], skips: int) -> QuestionStats:
    """Rebuild figures from stored aggregates (rounds whose raw answers were purged)."""
    scores: list[int | None] = [s for s, n in zip(SCALE, distribution, strict=False) for _ in range(n)]
    return question_stats(scores + [None] * skips)


def overall_average(means: Iterable[float | None]) -> float | None:
    """The mean of the question means (questions nobody scored are left out)."""
    present = [m for m in means if m is not None]
    return sum(present) / len(present) if present else None


def change(current: float | None, previous: float | None) -> float | None:
    if current is None or previous is None:
        return None
    return current - previous


def group_visible(size: int, min_group: int) -> bool:
    """A breakdown or comment list may be shown only for a big enough group."""
    return size >= max(min_group, MIN_GROUP_FLOOR)


def _median(values: list[int]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2
