"""How sure a figure is: 95% intervals, plain-words verdicts and the shape of a spread.

Pure Python (no numpy or scipy when the app runs); the tests check every figure
here against scipy and against hand-worked textbook examples.

- A question's mean: a t-interval, mean ± t(0.975, n - 1) · s / √n, with s the
  sample standard deviation (n - 1 in the divisor). Counts alone give the exact
  mean and s, so a purged round (only its 0 to 10 counts kept) gets the same one.
- A change between two rounds, or a gap between the two sides: different people,
  so two independent samples with possibly different spreads: Welch's interval,
  with the Welch-Satterthwaite degrees of freedom.
- The overall average: the same people answer every question, so the question
  means are not independent and their spreads cannot simply be added. Each
  person's own average (the mean of the questions they answered) is one number per
  person, and people are independent: a t-interval over those averages is exact
  and gives the same figures every time (resampling would give slightly different
  ones on each run, and be slower).

Verdicts: "a real rise" or "a real fall" when the interval leaves out 0, "within
the noise" when it holds 0, and "too few answers to say" when a group is below the
minimum group size or a question has fewer than MIN_ANSWERS answers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

from spf_desktop.domain.scoring import SCALE, fmt_change

#: Below this many answers no interval is given: it would be too wide to say anything.
MIN_ANSWERS = 5
#: The confidence of every interval.
LEVEL = 0.95

REAL_RISE = "a real rise"
REAL_FALL = "a real fall"
NOISE = "within the noise"
TOO_FEW = "too few answers to say"
REAL_GAP = "a real gap"
ONLY_TOTALS = "no interval: only totals were kept"


# -- Student's t distribution ------------------------------------------------

def _beta_cf(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_cf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_cf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom (df > 0, not only whole)."""
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_pdf(t: float, df: float) -> float:
    """The density of Student's t with ``df`` degrees of freedom."""
    log_c = (math.lgamma((df + 1) / 2) - math.lgamma(df / 2)
             - 0.5 * math.log(df * math.pi))
    return math.exp(log_c - (df + 1) / 2 * math.log1p(t * t / df))


@lru_cache(maxsize=4096)
def t_quantile(p: float, df: float) -> float:
    """The t value below which a share ``p`` (0.5 <= p < 1) of the distribution lies:
    the inverse of t_cdf, by Newton's method kept inside a bracket that bisection
    narrows whenever a Newton step would leave it (to 1e-12)."""
    if not 0.5 <= p < 1.0 or not df > 0:
        raise ValueError(f"t_quantile needs 0.5 <= p < 1 and df > 0, not p={p}, df={df}")
    if p == 0.5:
        return 0.0
    t = _start(p, df)
    low, high = 0.0, math.inf
    for _ in range(200):
        f = t_cdf(t, df) - p
        if f < 0:
            low = t
        else:
            high = t
        step = f / t_pdf(t, df)
        nxt = t - step
        if not low < nxt < high:  # Newton would leave the bracket: bisect (or widen)
            nxt = (low + high) / 2 if high < math.inf else 2 * t + 1
        elif abs(step) < 1e-7 * max(1.0, t):
            # Newton's error after a step is of the order of the step squared: done
            return nxt
        t = nxt
    return t


def _start(p: float, df: float) -> float:
    """A first guess: exact for 1 and 2 degrees of freedom, else the Cornish-Fisher
    expansion around the normal quantile (Abramowitz and Stegun 26.7.5)."""
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        u = 2 * p - 1
        return u * math.sqrt(2 / (1 - u * u))
    z = NormalDist().inv_cdf(p)
    z2 = z * z
    g1 = z * (z2 + 1) / 4
    g2 = z * ((5 * z2 + 16) * z2 + 3) / 96
    g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384
    g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160
    return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4


# -- samples and intervals ---------------------------------------------------

@dataclass(frozen=True)
class Sample:
    """What an interval needs from a group: how many, their mean and sample SD (n - 1)."""

    n: int
    mean: float
    sd: float

    @property
    def se2(self) -> float:
        """The squared standard error of the mean."""
        return self.sd * self.sd / self.n


def sample_of(values: Iterable[float]) -> Sample | None:
    """The sample of ``values``; None when there are none."""
    data = list(values)
    n = len(data)
    if not n:
        return None
    mean = math.fsum(data) / n
    var = math.fsum((v - mean) ** 2 for v in data) / (n - 1) if n > 1 else 0.0
    return Sample(n, mean, math.sqrt(var))


def sample_from_counts(distribution: Sequence[int],
                       values: Sequence[float] = SCALE) -> Sample | None:
    """The sample of a distribution (how many gave each of ``values``, 0 to 10 unless
    a converted question's own points are given): exact from counts."""
    pairs = [(s, k) for s, k in zip(values, distribution, strict=False) if k]
    n = sum(k for _, k in pairs)
    if not n:
        return None
    mean = math.fsum(s * k for s, k in pairs) / n
    var = math.fsum(k * (s - mean) ** 2 for s, k in pairs) / (n - 1) if n > 1 else 0.0
    return Sample(n, mean, math.sqrt(var))


@dataclass(frozen=True)
class Interval:
    """A 95% interval around ``estimate``; ``verdict`` says in words what it means."""

    estimate: float
    low: float
    high: float
    verdict: str = ""

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0

    def could_be(self) -> str:
        """E.g. "could be +0.30 to +2.10"."""
        return f"could be {fmt_change(self.low)} to {fmt_change(self.high)}"


def t_interval(sample: Sample, level: float = LEVEL) -> Interval | None:
    """The t-interval for a mean; None below two answers (there is no spread to go on)."""
    if sample.n < 2:
        return None
    half = t_quantile(0.5 + level / 2, sample.n - 1) * math.sqrt(sample.se2)
    return Interval(sample.mean, sample.mean - half, sample.mean + half)


def welch_df(a: Sample, b: Sample) -> float:
    """The Welch-Satterthwaite degrees of freedom for the difference of two means."""
    va, vb = a.se2, b.se2
    top = (va + vb) ** 2
    bottom = (va * va / (a.n - 1) if va else 0.0) + (vb * vb / (b.n - 1) if vb else 0.0)
    return top / bottom if bottom else float(a.n + b.n - 2)


def welch_interval(later: Sample, earlier: Sample, level: float = LEVEL,
                   estimate: float | None = None) -> Interval | None:
    """Welch's interval for ``later.mean - earlier.mean`` (two independent groups).

    ``estimate``: centre the interval there instead (the overall change, which is a
    mean of question means, when the spread comes from per-person averages)."""
    if later.n < 2 or earlier.n < 2:
        return None
    diff = later.mean - earlier.mean if estimate is None else estimate
    se = math.sqrt(later.se2 + earlier.se2)
    half = t_quantile(0.5 + level / 2, welch_df(later, earlier)) * se if se else 0.0
    return Interval(diff, diff - half, diff + half)


def enough(*samples: Sample | None, min_group: int) -> bool:
    """Whether every group is big enough for a verdict: the minimum group size, and
    at least MIN_ANSWERS answers."""
    floor = max(min_group, MIN_ANSWERS)
    return all(s is not None and s.n >= floor for s in samples)


def change_interval(later: Sample | None, earlier: Sample | None, *, min_group: int,
                    estimate: float | None = None) -> Interval | None:
    """A change with its verdict, or None when either side has no figures at all."""
    if later is None or earlier is None:
        return None
    if not enough(later, earlier, min_group=min_group):
        diff = later.mean - earlier.mean if estimate is None else estimate
        return Interval(diff, math.nan, math.nan, TOO_FEW)
    found = welch_interval(later, earlier, estimate=estimate)
    assert found is not None  # enough() means n >= 3 on both sides
    return _with_verdict(found, rise=REAL_RISE, fall=REAL_FALL)


def gap_interval(first: Sample | None, second: Sample | None, *, min_group: int
                 ) -> Interval | None:
    """``second.mean - first.mean`` (management minus staff) with its verdict."""
    if first is None or second is None:
        return None
    if not enough(first, second, min_group=min_group):
        return Interval(second.mean - first.mean, math.nan, math.nan, TOO_FEW)
    found = welch_interval(second, first)
    assert found is not None
    return _with_verdict(found, rise=REAL_GAP, fall=REAL_GAP)


def mean_interval(sample: Sample | None, *, min_group: int) -> Interval | None:
    """A mean's interval, no wider than the scale: a mean of 0 to 10 scores cannot be
    below 0 or above 10, so the t-interval is cut at the scale's ends (the 95% it
    covers is unchanged). No verdict words: a mean is not a change."""
    if sample is None:
        return None
    if not enough(sample, min_group=min_group):
        return Interval(sample.mean, math.nan, math.nan, TOO_FEW)
    found = t_interval(sample)
    if found is None:
        return None
    return Interval(found.estimate, max(found.low, float(SCALE[0])),
                    min(found.high, float(SCALE[-1])), found.verdict)


def _with_verdict(found: Interval, *, rise: str, fall: str) -> Interval:
    if found.low > 0:
        verdict = rise
    elif found.high < 0:
        verdict = fall
    else:
        verdict = NOISE
    return Interval(found.estimate, found.low, found.high, verdict)


def has_bounds(interval: Interval | None) -> bool:
    return interval is not None and not math.isnan(interval.low)


def fmt_interval(interval: Interval | None, *, signed: bool = True) -> str:
    """"+0.30 to +2.10" (or "5.10 to 6.90" unsigned); "-" when there is none."""
    if not has_bounds(interval):
        return "-"
    assert interval is not None
    if signed:
        return f"{fmt_change(interval.low)} to {fmt_change(interval.high)}"
    from spf_desktop.domain.scoring import fmt_score

    return f"{fmt_score(interval.low)} to {fmt_score(interval.high)}"


# -- spread and shape --------------------------------------------------------

SPLIT = "split"
AGREED = "agreed"
VARIED = "varied"
#: A side of the scale, for "split": the lowest and the highest four scores.
LOW_END = range(SCALE.start, SCALE.start + 4)       # 0 to 3
HIGH_END = range(SCALE.stop - 4, SCALE.stop)        # 7 to 10
#: "split": at least this share of the answers at each end.
SPLIT_SHARE = 0.3
#: "agreed": the middle half of the answers within this many points.
AGREED_IQR = 2.0


@dataclass(frozen=True)
class Spread:
    sd: float
    iqr: float
    shape: str  # SPLIT, AGREED or VARIED


def quartiles(values: Sequence[float]) -> tuple[float, float]:
    """The lower and upper quartile by linear interpolation between the ordered
    values (the method of spreadsheets' QUARTILE.INC and numpy's default)."""
    ordered = sorted(values)
    n = len(ordered)

    def at(p: float) -> float:
        pos = p * (n - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, n - 1)
        return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)

    return at(0.25), at(0.75)


def _count_quartiles(distribution: Sequence[int], n: int,
                     values: Sequence[float] = SCALE) -> tuple[float, float]:
    """quartiles() of the answers a distribution counts, without listing them."""

    def value(i: int) -> float:  # the i-th answer, lowest first
        seen = 0
        for s, k in zip(values, distribution, strict=False):
            seen += k
            if i < seen:
                return float(s)
        raise IndexError(i)

    def at(p: float) -> float:
        pos = p * (n - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, n - 1)
        return value(lo) + (value(hi) - value(lo)) * (pos - lo)

    return at(0.25), at(0.75)


def spread_of(distribution: Sequence[int], values: Sequence[float] = SCALE) -> Spread | None:
    """SD, IQR and shape of a 0 to 10 distribution; None below two answers.

    "split": at least 30% of the answers at 0 to 3 and at least 30% at 7 to 10 (a
    room in two camps, whatever its mean says); "agreed": not split, and the middle
    half of the answers lies within 2 points; "varied": anything else."""
    sample = sample_from_counts(distribution, values)
    if sample is None or sample.n < 2:
        return None
    q1, q3 = _count_quartiles(distribution, sample.n, values)
    n = sample.n
    low = sum(k for s, k in zip(values, distribution, strict=False) if s <= LOW_END[-1]) / n
    high = sum(k for s, k in zip(values, distribution, strict=False) if s >= HIGH_END[0]) / n
    if low >= SPLIT_SHARE and high >= SPLIT_SHARE:
        shape = SPLIT
    elif q3 - q1 <= AGREED_IQR:
        shape = AGREED
    else:
        shape = VARIED
    return Spread(sample.sd, q3 - q1, shape)
