"""What the meeting clock says in words: on the screen beside the colours, and to
a screen reader when it changes.

The countdown changes every second and is never spoken by itself. What is
spoken is news: the meeting starting, pausing, resuming or finishing, the
section changing, the time running into amber, red or over, the speaker
changing, and the meeting falling behind or getting ahead of the plan.
``time_left`` is the whole state in one sentence, said when asked for (the T key).
No Qt here: the page hands the words to ``gui.a11y.announce``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spf_desktop.domain.agenda import fmt_clock
from spf_desktop.domain.runclock import RunView, fmt_countdown

#: Said of the colours, so they never stand alone.
COLOUR_WORDS = {"amber": "amber", "red": "red"}


def amount(seconds: float) -> str:
    """``9 minutes``, ``1 minute``, ``40 seconds``: time left, rounded up."""
    whole = max(int(seconds + 0.999), 0)
    if whole < 60:
        return f"{whole} second{'s' * (whole != 1)}"
    minutes = (whole + 59) // 60
    return f"{minutes} minute{'s' * (minutes != 1)}"


def colour_text(colour: str, remaining_s: float) -> str:
    """The colour in words: ``9 minutes left - amber``, ``Over time by 2:10``, or ""."""
    if colour == "over":
        return f"Over time by {fmt_countdown(remaining_s).lstrip('+')}"
    if colour in COLOUR_WORDS:
        return f"{amount(remaining_s)} left - {COLOUR_WORDS[colour]}"
    return ""


def state_text(v: RunView) -> str:
    """The line under the countdown while the meeting runs."""
    assert v.timer is not None
    words = colour_text(v.timer.colour, v.timer.remaining_s)
    if v.status == "paused":
        return "Paused. " + (words or f"{amount(v.timer.remaining_s)} left")
    return words


def standing(v: RunView) -> str:
    """``ahead``, ``on time`` or ``behind``, against the meeting's planned end."""
    end = v.meeting_end_min if v.meeting_end_min is not None else v.planned_end_min
    over = round(v.projected_end_min - end)
    return "behind" if over > 0 else "ahead" if over < 0 else "on time"


def section_words(v: RunView) -> str:
    assert v.current is not None and v.timer is not None
    return (f"Section {v.index + 1} of {v.count}: {v.current.title}, "
            f"{fmt_countdown(v.timer.remaining_s)} left")


def time_left(v: RunView | None) -> str:
    """Everything the clock shows, in one sentence (said on demand)."""
    if v is None:
        return "No meeting is on the clock."
    if v.status == "ready":
        first = v.current
        return ("Not started. " + (f"The first section, {first.title}, has "
                                   f"{fmt_countdown(first.seconds)}." if first else "No sections."))
    if v.status == "finished":
        return f"The meeting has finished. Now {fmt_clock(v.now_min)}."
    assert v.current is not None and v.timer is not None
    parts = [f"{fmt_countdown(v.timer.remaining_s).lstrip('+')} "
             + ("over" if v.timer.colour == "over" else "left")
             + f" in {v.current.title}, section {v.index + 1} of {v.count}"]
    state = state_text(v)
    if state:
        parts.append(state)
    if v.turn is not None:
        parts.append(f"{v.turn.label}: {fmt_countdown(v.turn.remaining_s)}")
    parts.append(v.end_text)
    return ". ".join(parts) + "."


@dataclass(frozen=True)
class Heard:
    """What the clock last said it was in: news is a change of any of these."""

    status: str
    index: int
    colour: str
    turn: str
    standing: str


def heard(v: RunView) -> Heard:
    timer_colour = v.timer.colour if v.timer is not None else "normal"
    turn = v.turn.label if v.turn is not None else ""
    return Heard(str(v.status), v.index, timer_colour, turn,
                 standing(v) if v.status in ("running", "paused") else "")


def news(before: Heard | None, v: RunView) -> list[tuple[str, bool]]:
    """What changed from ``before`` to ``v``, as (words, assertive). Nothing on the
    first look (opening run mode is not news) or when nothing changed."""
    now = heard(v)
    if before is None or now == before:
        return []
    out: list[tuple[str, bool]] = []
    if now.status == "finished":
        return [(f"The meeting has finished at {fmt_clock(v.now_min)}.", False)]
    if now.status == "ready":
        return [("The clock is reset: the meeting has not started.", False)]
    assert v.current is not None and v.timer is not None
    new_section = now.index != before.index or before.status == "ready"
    if before.status == "ready":
        out.append(("The meeting has started.", False))
    if new_section:
        out.append((section_words(v) + ".", False))
    elif now.status != before.status:
        out.append(("Clock paused." if now.status == "paused" else
                    f"Clock resumed: {fmt_countdown(v.timer.remaining_s)} left.", False))
    if now.colour != "normal" and (new_section or now.colour != before.colour):
        text = colour_text(now.colour, v.timer.remaining_s)
        out.append((text + (f" in {v.current.title}." if now.colour == "over" else "."),
                    now.colour in ("red", "over")))
    if now.turn and now.turn != before.turn and not new_section and v.turn is not None:
        out.append((f"{v.turn.label}: {fmt_countdown(v.turn.remaining_s)}.", False))
    if now.standing != before.standing and before.standing and now.standing:
        lead = {"behind": "Now behind the plan", "ahead": "Now ahead of the plan",
                "on time": "Back on time"}[now.standing]
        out.append((f"{lead}: {v.end_text}.", False))
    return out
