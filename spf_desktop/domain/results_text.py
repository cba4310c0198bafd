"""The sentences the results screen and the projector show, from RoundResults.

Kept apart from Qt so the wording (and what may be said) is tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def headline(res: RoundResults) -> Headline:
    """The overall figure and what it is compared with; below the minimum, only why not."""
    count = counted(res.responses, "response")
    if not res.visible:
        return Headline(f"{res.label}: {count}", (res.hidden_reason,))
    lines = [f"{res.label}, {res.date}: {count}."]
    if res.converted_note:
        lines.append(res.converted_note)
    for other in (res.previous, res.baseline):
        if other is not None and other.converted_note and not res.converted_note:
            lines.append(f"{other.label} was answered on another scale and is converted to "
                         "0 to 10: compare with care.")
    if res.previous is not None and res.overall_change is not None:
        lines.append(f"Change against {res.previous.label} ({fmt_score(res.previous.overall)}): "
                     f"{fmt_change(res.overall_change)}")
    if res.baseline is not None and res.baseline_change is not None:
        lines.append(f"Change against the baseline, {res.baseline.label} "
                     f"({fmt_score(res.baseline.overall)}): {fmt_change(res.baseline_change)}")
    if res.benchmark is not None:
        lines.append(f"Benchmark: {res.benchmark.label} ({fmt_score(res.benchmark.value)})")
    lowest, highest = res.lowest(1), res.highest(1)
    if lowest:
        lines.append(f"Lowest: {_q(lowest[0])}")
    if highest:
        lines.append(f"Highest: {_q(highest[0])}")
    if res.sides_visible:
        parts = [f"{SIDE_LABELS[s]} {fmt_score(v)}" for s, v in res.side_overall.items()]
        lines.append("By side: " + ", ".join(parts))
    else:
        lines.append(res.sides_reason)
    return Headline(f"Overall average {fmt_score(res.overall)}", tuple(lines))
