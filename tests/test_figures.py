"""How sure a figure is: every interval checked against scipy and against hand-worked
examples, the verdicts, the spread's shape, and what the results make of them."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spf_desktop.domain.figures import (
    AGREED,
    NOISE,
    ONLY_TOTALS,
    REAL_FALL,
    REAL_GAP,
    REAL_RISE,
    SPLIT,
    TOO_FEW,
    Sample,
    change_interval,
    gap_interval,
    has_bounds,
    mean_interval,
    sample_of,
    spread_of,
    t_interval,
    t_quantile,
    welch_df,
    welch_interval,
)
from spf_desktop.domain.results import AnswerRow, QuestionInfo, RoundResults, compute_results

# -- against scipy -----------------------------------------------------------


def test_t_quantile_refuses_what_it_cannot_give() -> None:
    with pytest.raises(ValueError, match="df > 0"):
        t_quantile(0.975, 0)
    with pytest.raises(ValueError, match="0.5 <= p < 1"):
        t_quantile(1.0, 5)


def _scores(rng: random.Random, n: int, centre: float = 6.0, sd: float = 2.0) -> list[int]:
    return [min(10, max(0, round(rng.gauss(centre, sd)))) for _ in range(n)]


# -- hand-worked textbook examples --------------------------------------------

def test_a_t_interval_worked_by_hand() -> None:
    """4, 5, 6, 7, 8: mean 6, s = sqrt(10 / 4) = 1.5811, se = s / sqrt(5) = 0.7071,
    t(0.975, 4) = 2.7764 (printed tables), so 6 ± 1.9633: 4.04 to 7.96."""
    got = t_interval(Sample(5, 6.0, math.sqrt(2.5)))
    assert got is not None
    assert round(got.low, 2) == 4.04 and round(got.high, 2) == 7.96
    assert round(t_quantile(0.975, 4), 4) == 2.7764


def test_a_welch_interval_worked_by_hand() -> None:
    """Two rounds of 10, means 7 and 5, both s = 2: se = sqrt(0.4 + 0.4) = 0.8944,
    df = (0.8)^2 / (2 * 0.16 / 9) = 18, t(0.975, 18) = 2.1009, so 2 ± 1.879."""
    later, earlier = Sample(10, 7.0, 2.0), Sample(10, 5.0, 2.0)
    assert welch_df(later, earlier) == pytest.approx(18.0)
    got = change_interval(later, earlier, min_group=5)
    assert got is not None
    assert round(got.low, 3) == 0.121 and round(got.high, 3) == 3.879
    assert got.verdict == REAL_RISE


def test_the_issues_rule_of_thumb_for_twenty_people() -> None:
    """About 20 answers with a spread of about 2: a mean ±0.9, a change ±1.3."""
    mean = t_interval(Sample(20, 6.0, 2.0))
    change = welch_interval(Sample(20, 6.4, 2.0), Sample(20, 6.0, 2.0))
    assert mean is not None and change is not None
    assert round(mean.high - 6.0, 1) == 0.9
    assert round(change.high - 0.4, 1) == 1.3
    assert change_interval(Sample(20, 6.4, 2.0), Sample(20, 6.0, 2.0),
                           min_group=5).verdict == NOISE  # type: ignore[union-attr]


# -- edge cases -------------------------------------------------------------

def test_all_equal_answers_have_no_spread_and_a_point_interval() -> None:
    sample = sample_of([7] * 12)
    assert sample == Sample(12, 7.0, 0.0)
    got = t_interval(sample)
    assert got is not None and (got.low, got.high) == (7.0, 7.0)
    rise = change_interval(sample_of([8] * 12), sample, min_group=5)
    assert rise is not None and rise.verdict == REAL_RISE and rise.low == rise.high == 1.0
    same = change_interval(sample_of([7] * 12), sample, min_group=5)
    assert same is not None and same.verdict == NOISE
    spread = spread_of([0] * 7 + [12] + [0] * 3)
    assert spread is not None and (spread.sd, spread.iqr, spread.shape) == (0.0, 0.0, AGREED)


def test_one_side_without_spread_takes_the_other_sides_degrees_of_freedom() -> None:
    flat, spread = Sample(8, 5.0, 0.0), Sample(12, 6.0, 1.5)
    assert welch_df(spread, flat) == pytest.approx(11.0)


def test_fewer_than_five_answers_are_too_few_to_say_even_when_the_minimum_is_lower() -> None:
    four = sample_of([1, 9, 3, 8])
    five = sample_of([1, 9, 3, 8, 5])
    assert mean_interval(four, min_group=3).verdict == TOO_FEW  # type: ignore[union-attr]
    assert not has_bounds(mean_interval(four, min_group=3))
    assert has_bounds(mean_interval(five, min_group=3))
    assert change_interval(five, four, min_group=3).verdict == TOO_FEW  # type: ignore[union-attr]
    assert gap_interval(four, five, min_group=3).verdict == TOO_FEW  # type: ignore[union-attr]
    # and below the minimum group size, however many that is
    assert mean_interval(five, min_group=6).verdict == TOO_FEW  # type: ignore[union-attr]


def test_no_spread_below_two_answers() -> None:
    assert spread_of([0] * 5 + [1] + [0] * 5) is None


# -- in the results of a round ------------------------------------------------

INFOS = [QuestionInfo(k, f"{k}?", n) for n, k in enumerate(("a", "b", "c"), start=1)]


def _round(people: list[tuple[str | None, tuple[int | None, ...]]], *, min_group: int = 5,
           **kwargs) -> RoundResults:
    rows = [AnswerRow(f"r{n}", side, info.key, score)
            for n, (side, scores) in enumerate(people)
            for info, score in zip(INFOS, scores, strict=True)]
    return compute_results(label=kwargs.pop("label", "R"), date="2020-01-01", questions=INFOS,
                           answers=rows, min_group=min_group, **kwargs)


def test_skips_are_left_out_of_the_intervals() -> None:
    res = _round([(None, (5, None, 5))] * 3 + [(None, (7, 7, 7))] * 3)
    a, b = res.questions[0], res.questions[1]
    assert a.sample is not None and a.sample.n == 6 and a.sample.mean == 6.0
    assert b.sample is None and b.interval is None  # scored by 3, below the minimum
    assert b.too_few


def test_a_question_everyone_skipped_has_no_interval_and_no_spread() -> None:
    res = _round([(None, (5, None, 6))] * 6)
    skipped = res.questions[1]
    assert skipped.interval is None and skipped.spread is None and skipped.change_interval is None
    assert res.overall_interval is not None and has_bounds(res.overall_interval)


def test_a_round_of_exactly_the_minimum_size_gets_intervals() -> None:
    res = _round([(None, (n, n + 1, 9 - n)) for n in range(5)])
    assert all(has_bounds(q.interval) for q in res.questions)
    assert has_bounds(res.overall_interval)


def test_a_counts_only_round_has_question_intervals_but_none_overall() -> None:
    people = [(None, (n % 11, (3 * n) % 11, 5)) for n in range(12)]
    full = _round(people)
    totals = _round(people, respondent_level=False)
    assert [q.interval for q in totals.questions] == [q.interval for q in full.questions]
    assert totals.overall_interval is not None
    assert totals.overall_interval.verdict == ONLY_TOTALS and not has_bounds(totals.overall_interval)
    later = _round(people, previous=totals.as_previous())
    assert later.overall_change_interval.verdict == ONLY_TOTALS  # type: ignore[union-attr]
    assert has_bounds(later.questions[0].change_interval)


def test_an_earlier_round_with_another_question_set_shows_no_change_and_says_why() -> None:
    other = compute_results(
        label="Old set", date="2019-01-01", questions=INFOS[:2],
        answers=[AnswerRow(f"r{n}", None, q.key, 5) for n in range(6) for q in INFOS[:2]])
    res = _round([(None, (6, 6, 6))] * 6, previous=other.as_previous())
    assert res.previous is None and res.overall_change is None
    assert all(q.change is None and q.change_interval is None for q in res.questions)
    assert "Old set" in res.comparison_note and "another set of questions" in res.comparison_note
    same = _round([(None, (5, 5, 5))] * 6, label="Same set")
    res = _round([(None, (6, 6, 6))] * 6, previous=same.as_previous(),
                 baseline=other.as_previous())
    assert res.overall_change == 1.0 and res.baseline is None and res.baseline_change is None
    assert res.comparison_note.startswith("No change is shown against Old set")


def test_side_gaps_list_real_gaps_first_and_only_where_the_sides_may_be_shown() -> None:
    staff = [("staff", (2 + n % 2, 5 + n % 3, 6 + n % 2)) for n in range(6)]
    mgmt = [("management", (8 + n % 2, 6 + n % 3, 6 + n % 2)) for n in range(6)]
    res = _round(staff + mgmt)
    assert res.sides_visible
    order = [(q.info.key, q.gap.verdict) for q in res.side_gaps()]  # type: ignore[union-attr]
    assert order[0] == ("a", REAL_GAP) and {v for _, v in order[1:]} == {NOISE}
    assert res.side_gap is not None and res.side_gap.estimate > 0
    hidden = _round(staff + mgmt[:4])
    assert not hidden.sides_visible and hidden.side_gaps() == [] and hidden.side_gap is None


def test_most_mixed_puts_a_split_room_first() -> None:
    people = [(None, (2 if n % 2 else 9, 5 + n % 2, 6)) for n in range(10)]
    res = _round(people)
    assert res.most_mixed(1)[0].info.key == "a"
    assert res.questions[0].spread.shape == SPLIT  # type: ignore[union-attr]


# -- properties ---------------------------------------------------------------

scores_lists = st.lists(st.integers(0, 10), min_size=2, max_size=80)


@given(scores_lists)
def test_an_interval_contains_its_mean(values: list[int]) -> None:
    sample = sample_of(values)
    got = t_interval(sample)  # type: ignore[arg-type]
    assert got is not None and got.low <= sample.mean <= got.high  # type: ignore[union-attr]


@given(st.integers(3, 200), st.floats(0.1, 5), st.floats(0, 10))
def test_an_interval_widens_as_n_falls(n: int, sd: float, mean: float) -> None:
    wide, narrow = t_interval(Sample(n - 1, mean, sd)), t_interval(Sample(n, mean, sd))
    assert wide is not None and narrow is not None
    assert wide.high - wide.low > narrow.high - narrow.low


people_strategy = st.lists(
    st.tuples(st.sampled_from(["staff", "management", "undisclosed", None]),
              st.tuples(*[st.one_of(st.none(), st.integers(0, 10))] * 3)),
    min_size=0, max_size=30)


@settings(max_examples=150, deadline=None)
@given(people_strategy, st.integers(3, 8))
def test_no_interval_ever_speaks_for_a_group_below_the_minimum(people, minimum: int) -> None:
    res = _round(people, min_group=minimum)
    floor = max(minimum, 5)
    for n, q in enumerate(res.questions):
        if has_bounds(q.interval):
            assert q.stats.count >= floor
        if q.interval is not None:
            assert q.stats.count >= minimum  # not even "too few" for a hidden question
        if q.gap is not None:
            assert res.sides_visible
            for side in ("staff", "management"):
                scored = sum(1 for s, scores in people if s == side and scores[n] is not None)
                assert scored == 0 or scored >= minimum
                if has_bounds(q.gap):
                    assert scored >= floor
    if has_bounds(res.overall_interval):
        assert res.responses >= floor


# -- simulation -----------------------------------------------------------------

def _called_real(rng: random.Random, shift: float, n: int = 20, pairs: int = 2000) -> float:
    """The share of ``pairs`` simulated pairs of rounds of ``n`` (spread about 2 points)
    whose change is called real, when the true change is ``shift``."""
    real = 0
    for _ in range(pairs):
        before = sample_of(_scores(rng, n, 5.5, 2.0))
        after = sample_of(_scores(rng, n, 5.5 + shift, 2.0))
        got = change_interval(after, before, min_group=5)
        real += got is not None and got.verdict in (REAL_RISE, REAL_FALL)
    return real / pairs


@pytest.mark.slow
def test_with_no_true_change_about_one_in_twenty_looks_real() -> None:
    share = _called_real(random.Random(20260), 0.0)
    assert 0.03 <= share <= 0.07, share


@pytest.mark.slow
def test_a_true_change_of_two_points_at_twenty_a_round_is_mostly_called_real() -> None:
    share = _called_real(random.Random(20261), 2.0)
    assert share >= 0.8, share  # about 0.87 in theory: an effect of one standard deviation


def test_a_means_interval_never_leaves_the_scale() -> None:
    """Six answers of 3 to 10 (sd 2.9): the t-interval runs past 10; on screen a mean
    'could be 4.02 to 10.15' out of 10 reads as a fault, so it stops at 10."""
    sample = sample_of([3, 5, 9, 10, 10, 10])
    assert sample is not None
    raw = t_interval(sample)
    assert raw is not None and raw.high > 10
    shown = mean_interval(sample, min_group=5)
    assert shown is not None and shown.high == 10 and shown.low == pytest.approx(raw.low)
    low = mean_interval(sample_of([0, 0, 0, 1, 7, 0]), min_group=5)
    assert low is not None and low.low == 0
