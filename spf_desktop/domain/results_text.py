"""The sentences the results screen and the projector show, from RoundResults.

Kept apart from Qt so the wording (and what may be said) is tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from spf_desktop.domain.figures import REAL_GAP, Interval, fmt_interval, has_bounds
from spf_desktop.domain.questions import SIDE_LABELS
from spf_desktop.domain.results import QuestionResult, RoundResults
from spf_desktop.domain.scoring import fmt_change, fmt_score


@dataclass(frozen=True)
class Headline:
    title: str  # "Overall average 6.02"
    lines: tuple[str, ...]


def counted(n: int, word: str, plural: str | None = None) -> str:
    """A count as English: "1 response", "2 responses", "0 responses"."""
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _q(q: QuestionResult) -> str:
    return f"{q.info.position}. {q.info.text} ({fmt_score(q.stats.mean)})"


def could_be(interval: Interval | None, *, signed: bool = True) -> str:
    """"could be +0.28 to +1.03: a real rise"; the verdict alone when there are no
    bounds ("too few answers to say"); "" when there is no interval at all."""
    if interval is None:
        return ""
    if not has_bounds(interval):
        return interval.verdict
    text = f"could be {fmt_interval(interval, signed=signed)}"
    return f"{text}: {interval.verdict}" if interval.verdict else text


def _with(text: str, interval: Interval | None) -> str:
    extra = could_be(interval)
    return f"{text} ({extra})" if extra else text


def spread_text(q: QuestionResult) -> str:
    """"SD 1.70, IQR 2.25, split"; "-" below two answers or for a hidden question."""
    if q.spread is None:
        return "-"
    return f"SD {fmt_score(q.spread.sd)}, IQR {q.spread.iqr:g}, {q.spread.shape}"


def gap_text(interval: Interval | None) -> str:
    """Management side minus staff side, in words: "management side higher by 1.05
    (could be +0.70 to +1.41: a real gap)"."""
    if interval is None:
        return "-"
    est = interval.estimate
    who = "management side higher" if est > 0 else "staff side higher" if est < 0 else "no gap"
    head = f"{who} by {fmt_score(abs(est))}" if est else who
    extra = could_be(interval)
    return f"{head}, {extra}" if extra else head


def most_mixed_line(res: RoundResults, n: int = 3) -> str:
    mixed = res.most_mixed(n)
    if not mixed:
        return ""
    return f"Most mixed{'' if n == 1 else ' first'}: " + "; ".join(
        f"{q.info.position}. {q.info.text} ({spread_text(q)})" for q in mixed)


NO_REAL_GAP = "No question's gap between the sides is bigger than the noise."


def side_gaps_line(res: RoundResults, n: int = 3) -> str:
    """The questions where the sides differ for real, biggest first."""
    real = [q for q in res.side_gaps() if q.gap is not None and q.gap.verdict == REAL_GAP][:n]
    if not res.sides_visible or not res.side_gaps():
        return ""
    if not real:
        return NO_REAL_GAP
    return "Real gaps between the sides: " + "; ".join(
        f"{q.info.position}. {q.info.text} ({gap_text(q.gap)})" for q in real)


def headline(res: RoundResults) -> Headline:
    """The overall figure and what it is compared with; below the minimum, only why not."""
    count = counted(res.responses, "response")
    if not res.visible:
        return Headline(f"{res.label}: {count}", (res.hidden_reason,))
    first = f"{res.label}, {res.date}: {count}."
    if res.overall_interval is not None:
        first += f" The overall average {could_be(res.overall_interval, signed=False)}."
    lines = [first]
    if res.comparison_note:
        lines.append(res.comparison_note)
    if res.converted_note:
        lines.append(res.converted_note)
    for other in (res.previous, res.baseline):
        if other is not None and other.converted_note and not res.converted_note:
            lines.append(f"{other.label} was answered on another scale and is converted to "
                         "0 to 10: compare with care.")
    if res.previous is not None and res.overall_change is not None:
        lines.append(_with(f"Change against {res.previous.label} "
                           f"({fmt_score(res.previous.overall)}): "
                           f"{fmt_change(res.overall_change)}", res.overall_change_interval))
    if res.baseline is not None and res.baseline_change is not None:
        lines.append(_with(f"Change against the baseline, {res.baseline.label} "
                           f"({fmt_score(res.baseline.overall)}): "
                           f"{fmt_change(res.baseline_change)}", res.baseline_change_interval))
    if res.benchmark is not None:
        lines.append(f"Benchmark: {res.benchmark.label} ({fmt_score(res.benchmark.value)})")
    lowest, highest = res.lowest(1), res.highest(1)
    if lowest:
        lines.append(f"Lowest: {_q(lowest[0])}")
    if highest:
        lines.append(f"Highest: {_q(highest[0])}")
    mixed = most_mixed_line(res, 1)
    if mixed:
        lines.append(mixed)
    if res.sides_visible:
        parts = [f"{SIDE_LABELS[s]} {fmt_score(v)}" for s, v in res.side_overall.items()]
        by_side = "By side: " + ", ".join(parts)
        if res.side_gap is not None:
            by_side += f"; {gap_text(res.side_gap)}"
        gaps = side_gaps_line(res, 1)
        if gaps:
            by_side += ". " + gaps.replace(
                "Real gaps between the sides", "Biggest real gap by question")
        lines.append(by_side)
    else:
        lines.append(res.sides_reason)
    return Headline(f"Overall average {fmt_score(res.overall)}", tuple(lines))
