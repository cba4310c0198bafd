"""Where a round stands among other forums' comparable rounds (from benchmark files).

Other forums' figures come from their benchmark files: aggregates only. For a
round of this forum, each other forum contributes its latest round dated on or
before this round's date that shares question keys with it. Over those rounds:
how many forums, the median and interquartile range of their averages, and
this round's position overall and per question ("below 7 of 9 forums").

Averages are compared over the questions both rounds show a mean for, so a
question another forum did not ask, or showed counts only for, does not move
either side's figure. A typed benchmark (``results.Benchmark``) is separate and
stays labelled as typed.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spf_desktop.domain.scoring import fmt_score, overall_average


@dataclass(frozen=True)
class PeerRound:
    """One round of another forum: its source (one per forum), name, date and means."""

    source_id: str
    name: str
    date: str
    question_means: Mapping[str, float | None]


@dataclass(frozen=True)
class Standing:
    """One figure of this round against the other forums' figures."""

    value: float
    others: tuple[float, ...]

    @property
    def forums(self) -> int:
        return len(self.others)

    @property
    def above(self) -> int:
        """How many forums this round is above."""
        return sum(1 for o in self.others if self.value > o)

    @property
    def below(self) -> int:
        return sum(1 for o in self.others if self.value < o)

    @property
    def median(self) -> float:
        return statistics.median(self.others)

    @property
    def iqr(self) -> tuple[float, float] | None:
        """The quartiles of the others' figures (None for fewer than two forums)."""
        if len(self.others) < 2:
            return None
        q = statistics.quantiles(self.others, n=4, method="inclusive")
        return q[0], q[2]

    def position(self) -> str:
        """E.g. "below 7 of 9 forums", "above all 9 forums", "level with 2 of 5 forums"."""
        n = self.forums
        noun = "forum" if n == 1 else "forums"
        if self.below == n:
            return f"below all {n} {noun}" if n > 1 else "below the 1 forum"
        if self.above == n:
            return f"above all {n} {noun}" if n > 1 else "above the 1 forum"
        if self.below >= self.above:
            return f"below {self.below} of {n} {noun}"
        return f"above {self.above} of {n} {noun}"


@dataclass(frozen=True)
class PeerComparison:
    forums: int
    names: tuple[str, ...]
    overall: Standing | None
    by_question: Mapping[str, Standing]

    def sentence(self) -> str:
        if self.overall is None:
            return ""
        o = self.overall
        iqr = o.iqr
        spread = (f", middle half {fmt_score(iqr[0])} to {fmt_score(iqr[1])}" if iqr else "")
        return (f"Among {o.forums} other forum{'s' * (o.forums != 1)} with comparable rounds "
                f"(their latest on or before this round): median {fmt_score(o.median)}{spread}. "
                f"This round's {fmt_score(o.value)} is {o.position()}.")


def compare(date: str, question_means: Mapping[str, float | None],
            peers: Sequence[PeerRound], *, exclude_sources: Sequence[str] = ()) -> PeerComparison | None:
    """This round (its date and means by question key) among the other forums' latest
    comparable rounds; None when no other forum has one."""
    own = {k: m for k, m in question_means.items() if m is not None}
    latest: dict[str, PeerRound] = {}
    for p in peers:
        if p.source_id in exclude_sources or p.date > date:
            continue
        shared = [k for k, m in p.question_means.items() if m is not None and k in own]
        if not shared:
            continue
        current = latest.get(p.source_id)
        if current is None or p.date > current.date:
            latest[p.source_id] = p
    if not latest:
        return None
    chosen = sorted(latest.values(), key=lambda p: p.name)
    overall_others = []
    for p in chosen:
        shared = [k for k in own if p.question_means.get(k) is not None]
        value = overall_average(p.question_means[k] for k in shared)
        if value is not None:
            overall_others.append(value)
    own_overall = overall_average(own.values())
    overall = (Standing(own_overall, tuple(overall_others))
               if own_overall is not None and overall_others else None)
    by_question: dict[str, Standing] = {}
    for key, mean in own.items():
        others = tuple(v for p in chosen if (v := p.question_means.get(key)) is not None)
        if others:
            by_question[key] = Standing(mean, others)
    return PeerComparison(len(chosen), tuple(p.name for p in chosen), overall, by_question)


def screen_lines(cmp: PeerComparison | None, questions: Sequence[tuple[int, str]],
                 typed_label: str = "") -> list[str]:
    """The results screen's and Present mode's lines: the overall sentence, then each
    question's position by its number ("Q3, Q5 below 7 of 9 forums"), then, when the round
    also has a typed benchmark, that it is typed. ``questions`` are (position, key).
    Nothing when no other forum has a comparable round."""
    if cmp is None or cmp.overall is None:
        return []
    lines = [cmp.sentence()]
    # questions with the same position share a clause: "Q2, Q3 below 2 of 3 forums"
    groups: dict[str, list[str]] = {}
    for pos, key in questions:
        if (s := cmp.by_question.get(key)) is not None:
            groups.setdefault(s.position(), []).append(f"Q{pos}")
    if groups:
        lines.append("By question: " + "; ".join(
            f"{', '.join(qs)} {where}" for where, qs in groups.items()) + ".")
    if typed_label:
        lines.append(f'The benchmark "{typed_label}" is a typed figure, not from these forums\' '
                     "files.")
    return lines


def question_line(cmp: PeerComparison | None, key: str, text: str) -> str:
    """One question among the other forums, e.g. 'below 7 of 9 forums on "We walk in each
    other's shoes" (their median 7.40)'; empty when no other forum shows it."""
    s = cmp.by_question.get(key) if cmp is not None else None
    if s is None:
        return ""
    return f'{s.position()} on "{text}" (their median {fmt_score(s.median)})'
