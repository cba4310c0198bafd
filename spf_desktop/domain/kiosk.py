"""Participant mode as a plain state machine, so every rule is tested without Qt.

welcome -> question 1..N -> side question -> review -> thanks -> welcome.

The window only shows the current state and forwards input. Time comes from an
injected monotonic clock: an idle participant is warned after ``idle_warn``
seconds and their half-finished response is discarded ``idle_discard`` seconds
later; the thank-you screen returns to the welcome screen after
``thanks_seconds``. Nothing of one participant survives into the next: a new
session object holds no answers at all.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.questions import SIDES
from spf_desktop.domain.scoring import SCALE_TEXT, SCORE_MAX, SCORE_MIN, check_score, in_scale

#: The same limit the archive enforces on a stored comment.
COMMENT_LIMIT = 2000
#: "1" then "0" typed within this many seconds chooses 10 (the keyboard has no "10" key).
TEN_SECONDS = 1.0
IDLE_WARN_SECONDS = 90.0
IDLE_DISCARD_SECONDS = 30.0
THANKS_SECONDS = 5.0


class Screen(enum.Enum):
    WELCOME = "welcome"
    QUESTION = "question"
    SIDE = "side"
    REVIEW = "review"
    THANKS = "thanks"


class Event(enum.Enum):
    """What ``tick`` reports, so the window knows what changed."""

    NONE = "none"
    WARNED = "warned"
    DISCARDED = "discarded"
    RESET = "reset"  # the thank-you screen timed out


SKIPPED = "skipped"


@dataclass(frozen=True)
class KioskQuestion:
    id: str
    text: str


@dataclass(frozen=True)
class Submission:
    """One finished response: a score or None (skipped) and a comment per question id."""

    scores: dict[str, int | None]
    comments: dict[str, str]
    side: str | None


def limit_comment(text: str) -> str:
    """Cut a comment to the length limit (a pasted essay is cut, never refused mid-audit)."""
    return text[:COMMENT_LIMIT]


class KioskSession:
    """One participant at a time; ``reset`` forgets everything."""

    def __init__(
        self,
        questions: Sequence[KioskQuestion],
        clock: Callable[[], float],
        *,
        idle_warn: float = IDLE_WARN_SECONDS,
        idle_discard: float = IDLE_DISCARD_SECONDS,
        thanks_seconds: float = THANKS_SECONDS,
    ) -> None:
        if not questions:
            raise ValidationError("This round has no questions, so participant mode cannot start.")
        self.questions = tuple(questions)
        self.clock = clock
        self.idle_warn = idle_warn
        self.idle_discard = idle_discard
        self.thanks_seconds = thanks_seconds
        self.completed = 0
        self._reset()

    # -- state ------------------------------------------------------------

    def _reset(self) -> None:
        self.screen = Screen.WELCOME
        self.index = 0
        self.choices: list[int | str | None] = [None] * len(self.questions)  # None: not yet
        self.comments: list[str] = [""] * len(self.questions)
        self.side: str | None = None
        self.warned = False
        self.last_input = self.clock()
        self.thanks_since: float | None = None
        self.from_review = False  # changing one answer from the review: Next goes back there
        self._last_digit: tuple[int, int, float] | None = None  # question, digit, when

    @property
    def in_progress(self) -> bool:
        return self.screen in (Screen.QUESTION, Screen.SIDE, Screen.REVIEW)

    @property
    def question(self) -> KioskQuestion:
        return self.questions[self.index]

    @property
    def choice(self) -> int | str | None:
        return self.choices[self.index]

    def can_go_next(self) -> bool:
        if self.screen is Screen.QUESTION:
            return self.choice is not None
        return self.screen is Screen.SIDE

    def _touch(self) -> None:
        self.last_input = self.clock()
        self.warned = False

    def _need(self, *screens: Screen) -> None:
        if self.screen not in screens:
            raise ValidationError(f"That is not possible on the {self.screen.value} screen.")

    # -- input ------------------------------------------------------------

    def touch(self) -> None:
        """Any input (a key, a click, typing) counts as the participant still being here."""
        if self.in_progress:
            self._touch()

    def start(self) -> None:
        self._need(Screen.WELCOME, Screen.THANKS)
        self._reset()
        self.screen = Screen.QUESTION
        self._touch()

    def choose(self, score: int) -> None:
        self._need(Screen.QUESTION)
        check_score(score)
        self.choices[self.index] = score
        self._touch()

    def type_digit(self, digit: int) -> int:
        """A digit typed on a question: it chooses that score, except that "1" then "0"
        within ``TEN_SECONDS`` chooses 10. Returns the score chosen."""
        self._need(Screen.QUESTION)
        now = self.clock()
        last = self._last_digit
        score = digit
        if (digit == 0 and last is not None and last[0] == self.index and last[1] == 1
                and now - last[2] <= TEN_SECONDS):
            score = 10
        self.choose(score)
        self._last_digit = None if score == 10 else (self.index, digit, now)
        return score

    def step_score(self, delta: int) -> None:
        """Arrow keys: move the chosen score up or down (from nothing, start at the end)."""
        self._need(Screen.QUESTION)
        current = self.choice
        if isinstance(current, int):
            value = min(SCORE_MAX, max(SCORE_MIN, current + delta))
        else:
            value = SCORE_MIN if delta > 0 else SCORE_MAX
        self.choose(value)

    def skip(self) -> None:
        """Skip this question (never counted as a zero) and move on."""
        self._need(Screen.QUESTION)
        self.choices[self.index] = SKIPPED
        self._touch()
        self._advance()

    def set_comment(self, text: str) -> str:
        self._need(Screen.QUESTION)
        self.comments[self.index] = limit_comment(text)
        self._touch()
        return self.comments[self.index]

    def choose_side(self, side: str | None) -> None:
        self._need(Screen.SIDE)
        if side is not None and side not in SIDES:
            raise ValidationError(f"Side must be one of {', '.join(SIDES)}.")
        self.side = side
        self._touch()

    def next(self) -> None:
        self._need(Screen.QUESTION, Screen.SIDE)
        if not self.can_go_next():
            raise ValidationError("Choose a score, or skip this question.")
        self._touch()
        self._advance()

    def _advance(self) -> None:
        self._last_digit = None
        if self.from_review and self.screen is Screen.QUESTION:
            self.from_review = False
            self.screen = Screen.REVIEW
            return
        if self.screen is Screen.QUESTION:
            if self.index + 1 < len(self.questions):
                self.index += 1
            else:
                self.screen = Screen.SIDE
        elif self.screen is Screen.SIDE:
            self.screen = Screen.REVIEW

    def back(self) -> None:
        self._need(Screen.QUESTION, Screen.SIDE, Screen.REVIEW)
        self._touch()
        self._last_digit = None
        if self.screen is Screen.REVIEW:
            self.screen = Screen.SIDE
        elif self.screen is Screen.SIDE:
            self.screen = Screen.QUESTION
            self.index = len(self.questions) - 1
        elif self.index > 0:
            self.index -= 1

    def go_to(self, index: int) -> None:
        """From the review screen, change one answer."""
        self._need(Screen.REVIEW)
        if not 0 <= index < len(self.questions):
            raise ValidationError(f"There is no question {index + 1}.")
        self.screen = Screen.QUESTION
        self.index = index
        self.from_review = True
        self._last_digit = None
        self._touch()

    def submission(self) -> Submission:
        self._need(Screen.REVIEW)
        pairs = zip(self.questions, self.choices, strict=True)
        scores = {q.id: (c if isinstance(c, int) else None) for q, c in pairs}
        notes = zip(self.questions, self.comments, strict=True)
        comments = {q.id: c for q, c in notes if c.strip()}
        return Submission(scores, comments, self.side)

    def submitted(self) -> None:
        """Call once the submission is stored: forget it and say thank you."""
        self._need(Screen.REVIEW)
        self._reset()
        self.screen = Screen.THANKS
        self.thanks_since = self.clock()
        self.completed += 1

    def discard(self) -> None:
        """Forget the current participant's answers and show the welcome screen."""
        self._reset()

    # -- time -------------------------------------------------------------

    def idle_for(self) -> float:
        return self.clock() - self.last_input

    def seconds_to_discard(self) -> float:
        return max(0.0, self.idle_warn + self.idle_discard - self.idle_for())

    def tick(self) -> Event:
        """Called by a timer: warn, discard or reset according to the clock."""
        if self.screen is Screen.THANKS:
            assert self.thanks_since is not None
            if self.clock() - self.thanks_since >= self.thanks_seconds:
                self._reset()
                return Event.RESET
            return Event.NONE
        if not self.in_progress:
            return Event.NONE
        idle = self.idle_for()
        if idle >= self.idle_warn + self.idle_discard:
            self._reset()
            return Event.DISCARDED
        if idle >= self.idle_warn and not self.warned:
            self.warned = True
            return Event.WARNED
        return Event.NONE


def parse_paper_score(text: str, number: int) -> int | None:
    """A score typed from a paper form: empty means skipped; anything else must be 0..10."""
    cleaned = text.strip()
    if not cleaned or cleaned.casefold() in {"-", "skip", "skipped"}:
        return None
    if not cleaned.isascii() or not cleaned.isdigit() or not SCORE_MIN <= int(cleaned) <= SCORE_MAX:
        raise ValidationError(
            f"Question {number}: \"{cleaned}\" is not a score from {SCALE_TEXT}. "
            "Leave it empty if the question was skipped."
        )
    return int(cleaned)


def parse_benchmark(text: str) -> float | None:
    """A benchmark typed by the facilitator: empty means none; a comma decimal is accepted."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise ValidationError(
            f"The benchmark \"{text.strip()}\" is not a number: give a value from {SCALE_TEXT}."
        ) from None
    if not in_scale(value):  # also refuses nan
        raise ValidationError(
            f"A benchmark must be between {SCORE_MIN} and {SCORE_MAX}, not {text.strip()}.")
    return value
