"""The figures' intervals, quartiles and spreads checked against scipy and numpy,
independent calculations of the same textbook formulas."""

from __future__ import annotations

import random
import warnings

import pytest
from helpers import under_wine

if under_wine():  # before numpy or scipy is imported: the import itself aborts there
    pytest.skip("Wine 8.0's ucrtbase.dll lacks crealf, which scipy's Windows build calls "
                "as it loads, ending the process; these checks run on Linux",
                allow_module_level=True)

import numpy as np
from scipy import stats as sp
from test_figures import _round, _scores

from spf_desktop.domain.figures import (
    AGREED,
    NOISE,
    REAL_FALL,
    REAL_RISE,
    SPLIT,
    VARIED,
    quartiles,
    sample_from_counts,
    sample_of,
    spread_of,
    t_cdf,
    t_interval,
    t_quantile,
    welch_interval,
)
from spf_desktop.domain.scoring import SCALE


@pytest.mark.parametrize("df", [*range(1, 61), 75, 100, 200, 500, 1000, 10_000])
@pytest.mark.parametrize("p", [0.9, 0.95, 0.975, 0.995])
def test_t_quantiles_match_scipy(df: int, p: float) -> None:
    assert t_quantile(p, df) == pytest.approx(sp.t.ppf(p, df), rel=1e-10, abs=1e-10)


@pytest.mark.parametrize("df", [1.5, 2.25, 3.7, 7.3, 18.9, 37.41])
def test_t_quantiles_match_scipy_for_welchs_fractional_degrees(df: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(sp.t.ppf(0.975, df), rel=1e-10)


@pytest.mark.parametrize("t", [-8.0, -2.1, -0.3, 0.0, 0.5, 1.96, 4.0, 30.0])
@pytest.mark.parametrize("df", [1, 2, 5, 19, 120])
def test_t_cdf_matches_scipy(t: float, df: int) -> None:
    assert t_cdf(t, df) == pytest.approx(sp.t.cdf(t, df), rel=1e-10, abs=1e-14)


@pytest.mark.parametrize("seed", range(40))
def test_t_intervals_match_scipy(seed: int) -> None:
    rng = random.Random(seed)
    values = _scores(rng, rng.randint(2, 60))
    if len(set(values)) == 1:
        values[0] = (values[0] + 1) % 11
    sample = sample_of(values)
    assert sample is not None
    got = t_interval(sample)
    assert got is not None
    low, high = sp.t.interval(0.95, len(values) - 1, loc=np.mean(values), scale=sp.sem(values))
    assert (got.low, got.high) == (pytest.approx(low, abs=1e-9), pytest.approx(high, abs=1e-9))


@pytest.mark.parametrize("seed", range(40))
def test_welch_intervals_match_scipy(seed: int) -> None:
    rng = random.Random(1000 + seed)
    a = _scores(rng, rng.randint(2, 40), rng.uniform(3, 8), rng.uniform(0.5, 3))
    b = _scores(rng, rng.randint(2, 40), rng.uniform(3, 8), rng.uniform(0.5, 3))
    a[0], b[0] = 0, 10  # some spread on both sides
    sa, sb = sample_of(a), sample_of(b)
    assert sa is not None and sb is not None
    got = welch_interval(sa, sb)
    assert got is not None
    with warnings.catch_warnings():  # scipy's own warning about near-equal data
        warnings.simplefilter("ignore", RuntimeWarning)
        ci = sp.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert (got.low, got.high) == (pytest.approx(ci.low, abs=1e-9),
                                   pytest.approx(ci.high, abs=1e-9))


def test_samples_rebuilt_from_counts_are_exact() -> None:
    values = [0, 2, 2, 5, 9, 10, 10, 10]
    dist = [values.count(s) for s in SCALE]
    got, listed = sample_from_counts(dist), sample_of(values)
    assert got is not None and listed is not None and got.n == listed.n == 8
    assert (got.mean, got.sd) == (pytest.approx(listed.mean), pytest.approx(listed.sd))
    assert got.sd == pytest.approx(float(np.std(values, ddof=1)))
    assert sample_from_counts([0] * 11) is None


def test_quartiles_are_those_of_numpy_and_spreadsheets() -> None:
    rng = random.Random(3)
    for _ in range(50):
        values = [float(v) for v in _scores(rng, rng.randint(1, 30))]
        q1, q3 = quartiles(values)
        assert (q1, q3) == (pytest.approx(np.percentile(values, 25)),
                            pytest.approx(np.percentile(values, 75)))


@pytest.mark.parametrize(("values", "shape"), [
    ([2] * 10 + [9] * 10, SPLIT),                  # half say 2, half say 9: not "5.5, fine"
    ([0, 1, 2, 3, 3, 8, 8, 9, 10, 10], SPLIT),
    ([5, 6, 6, 6, 7, 6, 5, 6, 7, 6], AGREED),
    ([0, 2, 3, 4, 5, 5, 6, 7, 8, 10, 4, 6], VARIED),
    ([2] * 10 + [9] * 2, AGREED),                  # a few outliers do not split a room
])
def test_the_shape_of_a_spread(values: list[int], shape: str) -> None:
    got = spread_of([values.count(s) for s in SCALE])
    assert got is not None and got.shape == shape
    assert got.sd == pytest.approx(float(np.std(values, ddof=1)))
    assert got.iqr == pytest.approx(float(np.percentile(values, 75) - np.percentile(values, 25)))


def test_the_overall_interval_comes_from_each_persons_own_average() -> None:
    people = [("staff", (s, s + 1, None if n % 3 == 0 else s - 1))
              for n, s in enumerate([3, 4, 5, 6, 7, 8, 5, 6], start=1)]
    res = _round(people)
    averages = []
    for _, scores in people:
        given_ = [s for s in scores if s is not None]
        averages.append(sum(given_) / len(given_))
    half = sp.t.ppf(0.975, len(averages) - 1) * sp.sem(averages)
    assert res.overall is not None and res.overall_interval is not None
    assert res.overall_interval.low == pytest.approx(res.overall - half)
    assert res.overall_interval.high == pytest.approx(res.overall + half)


def test_changes_against_an_earlier_round_use_welch_and_say_what_they_mean() -> None:
    before = _round([(None, (4 + n % 3, 5 + n % 2, 6 + n % 2)) for n in range(10)], label="Before")
    after = _round([(None, (8 + n % 3, 5 + n % 2, 6 + n % 2)) for n in range(10)],
                   previous=before.as_previous())
    verdicts = [q.change_interval.verdict for q in after.questions]  # type: ignore[union-attr]
    assert verdicts == [REAL_RISE, NOISE, NOISE]
    a = after.questions[0]
    ci = sp.ttest_ind([8 + n % 3 for n in range(10)], [4 + n % 3 for n in range(10)],
                      equal_var=False).confidence_interval()
    assert a.change_interval.low == pytest.approx(ci.low)  # type: ignore[union-attr]
    assert after.overall_change_interval is not None
    assert after.overall_change_interval.verdict == REAL_RISE
    fall = _round([(None, (1, 5, 6))] * 10, previous=before.as_previous())
    assert fall.questions[0].change_interval.verdict == REAL_FALL  # type: ignore[union-attr]

