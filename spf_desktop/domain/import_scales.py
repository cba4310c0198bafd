"""The scale of each question column in an imported file: checked, never assumed.

Survey tools export a question's answers on the scale the question was asked on:
Microsoft Forms' "Rating" as 1 to 5 stars, SurveyMonkey's "numerical values" as
the option's position (1 for 0, 11 for 10), Likert questions as words. Read as
0 to 10 scores, each would give wrong figures without a word. So every question
column's values are checked before anything is stored:

* values from 0 to 10 with a 0, or a value of 8 or more: the round's own 0 to 10;
* a value of 11 anywhere (and no 0): position coding, 1 for 0 to 11 for 10, read
  exactly (the score is the value less one);
* every value within 1 to 5, or 1 to 7: the import stops and asks
  (``ScaleQuestions``); the user answers with a ``Scale`` per question;
* words: the import stops and offers the built-in coding that fits.

A converted question keeps its answers on its own scale (1 to 5 stays 1 to 5,
exact whole numbers), and the round records the scale per question
(``rounds.converted_scales``); results convert means and medians to 0 to 10 when
they are shown (``to_ten``). Pure: no file, no database.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.scoring import SCORE_MAX, SCORE_MIN

if TYPE_CHECKING:
    from spf_desktop.domain.response_columns import ColumnPlan, QuestionRef, Sheet


def _num(value: Fraction | float) -> str:
    """2.5 -> "2.5", 10/3 -> "3.33", 5 -> "5": a converted point as a person reads it."""
    f = float(value)
    return f"{f:.2f}".rstrip("0").rstrip(".") if f != int(f) else str(int(f))


@dataclass(frozen=True)
class Scale:
    """How one column's answers are read.

    ``low`` and ``high``: the values the file holds (after words are coded);
    ``words``: each word (normalised) and the value it stands for; ``shift``:
    subtracted before storing (position coding 1 to 11 is stored as 0 to 10).
    """

    key: str
    name: str
    low: int
    high: int
    words: Mapping[str, int] = field(default_factory=dict)
    shift: int = 0

    @property
    def stored_low(self) -> int:
        return self.low - self.shift

    @property
    def stored_high(self) -> int:
        return self.high - self.shift

    @property
    def converted(self) -> bool:
        """True when the stored values are not 0 to 10 scores (the round is marked)."""
        return (self.stored_low, self.stored_high) != (SCORE_MIN, SCORE_MAX)

    def to_ten(self, stored: float) -> float:
        """A stored value (or a mean or median of them) on the 0 to 10 scale."""
        if not self.converted:
            return stored
        return (stored - self.stored_low) * (SCORE_MAX - SCORE_MIN) / (
            self.stored_high - self.stored_low) + SCORE_MIN

    def conversion(self) -> str:
        """E.g. "1 to 5 stars -> 0, 2.5, 5, 7.5, 10" or "Strongly disagree -> 0, ...".

        The points are computed exactly (fractions), then shown to two decimals."""
        span = Fraction(SCORE_MAX - SCORE_MIN, self.high - self.low)
        points = [_num(SCORE_MIN + span * (v - self.low)) for v in range(self.low, self.high + 1)]
        if self.words:
            by_value: dict[int, str] = {}
            for word, value in self.words.items():
                by_value.setdefault(value, word)
            return ", ".join(f'"{_display(by_value.get(v, str(v)))}" -> {p}'
                             for v, p in zip(range(self.low, self.high + 1), points, strict=True))
        return f"{self.name} -> " + ", ".join(points)

    def mapping_text(self) -> str:
        """Each value and the score it becomes: "1 -> 0, 2 -> 2.5, ..., 5 -> 10"."""
        if self.words:
            return self.conversion()
        span = Fraction(SCORE_MAX - SCORE_MIN, self.high - self.low)
        return ", ".join(f"{v} -> {_num(SCORE_MIN + span * (v - self.low))}"
                         for v in range(self.low, self.high + 1))

    def read(self, cell: object) -> int | None:
        """A cell's stored value (None: a skip); ValueError says why it is not one."""
        if self.words and isinstance(cell, str):
            word = _word(cell)
            if word in self.words:
                return self.words[word]
            if word and word not in _SKIPS:
                raise ValueError(f'"{cell.strip()[:40]}" is not one of the answers of the '
                                 f"{self.name} coding ({self.conversion()})")
        value = read_number(cell, high=1_000_000)
        if value is None:
            return None
        if not self.low <= value <= self.high:
            raise ValueError(f"{value} is outside {self.low} to {self.high}")
        return value - self.shift

    def record(self) -> dict[str, object]:
        """What the round keeps about a converted question (JSON)."""
        return {"key": self.key, "name": self.name, "low": self.stored_low,
                "high": self.stored_high}


def _display(word: str) -> str:
    return word[:1].upper() + word[1:]


def _word(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold().rstrip(".")


#: What a cell may say for a skipped question (compared in lower case).
SKIP_WORDS = {"", "skip", "skipped", "n/a", "na", "-", "n.a.", "not applicable"}
_SKIPS = SKIP_WORDS
_OUT_OF_TEN = re.compile(r"([+-]?[0-9]+)\s*/\s*10")
_WHOLE = re.compile(r"[+-]?[0-9]+(\.0+)?")


def read_number(cell: object, *, high: int = SCORE_MAX) -> int | None:
    """A cell as a whole number (None: a skip): 7, 7.0, "7", " 7 ", "7/10". A value
    above ``high`` is refused; so is a date, which is what Excel makes of a typed
    "7/10" (7 October). Raises ValueError with the reason."""
    kind = type(cell)
    if kind is str:
        text = cell.strip()  # type: ignore[attr-defined]
        if text.isdigit() and text.isascii():  # the common case, checked first: fast
            value = int(text)
        elif text.casefold() in SKIP_WORDS:
            return None
        elif m := _OUT_OF_TEN.fullmatch(text):
            value = int(m.group(1))
        elif _WHOLE.fullmatch(text):
            value = int(float(text))
        else:
            shown = text if len(text) <= 30 else text[:27] + "..."
            raise ValueError(f'"{shown}" is not a number')
    elif kind is int:
        value = cell  # type: ignore[assignment]
    elif cell is None:
        return None
    elif isinstance(cell, bool):
        raise ValueError(f"{cell!r} is not a score")
    elif isinstance(cell, (_dt.date, _dt.time)):
        shown = cell.strftime("%d %B").lstrip("0") if isinstance(cell, _dt.date) else str(cell)
        raise ValueError(
            f"the cell is a date ({shown}), not a score: Excel turns a typed \"7/10\" into "
            "7 October. Retype the score as a plain number (7), or format the column as "
            "Text before typing")
    elif isinstance(cell, float):
        if cell != cell or not cell.is_integer():
            raise ValueError(f"{cell:g} is not a whole number")
        value = int(cell)
    elif isinstance(cell, int):
        value = int(cell)
    else:
        raise ValueError(f'"{str(cell)[:30]}" is not a number')
    if not SCORE_MIN <= value <= high:
        raise ValueError(f"{value} is outside {SCORE_MIN} to {high}")
    return value


def _words(*groups: Sequence[str]) -> dict[str, int]:
    return {_word(w): value for value, words in enumerate(groups, start=1) for w in words}


NATIVE = Scale("0-10", "0 to 10", 0, 10)
POSITIONS = Scale("1-11", "positions 1 to 11 (1 for 0, 11 for 10)", 1, 11, shift=1)
STARS_5 = Scale("1-5", "1 to 5", 1, 5)
POINTS_7 = Scale("1-7", "1 to 7", 1, 7)
AGREE_5 = Scale("agree-5", "5-point agree/disagree", 1, 5, _words(
    ["Strongly disagree"], ["Disagree"],
    ["Neither agree nor disagree", "Neither agree or disagree", "Neutral"],
    ["Agree"], ["Strongly agree"]))
AGREE_7 = Scale("agree-7", "7-point agree/disagree", 1, 7, _words(
    ["Strongly disagree"], ["Disagree"], ["Somewhat disagree", "Slightly disagree"],
    ["Neither agree nor disagree", "Neither agree or disagree", "Neutral"],
    ["Somewhat agree", "Slightly agree"], ["Agree"], ["Strongly agree"]))
FREQUENCY_5 = Scale("frequency-5", "5-point frequency", 1, 5, _words(
    ["Never"], ["Rarely"], ["Sometimes"], ["Often", "Very often", "Usually"], ["Always"]))
FREQUENCY_7 = Scale("frequency-7", "7-point frequency", 1, 7, _words(
    ["Never"], ["Rarely"], ["Occasionally"], ["Sometimes"], ["Frequently", "Often"],
    ["Usually", "Very often"], ["Always", "Every time"]))

BUILT_IN: dict[str, Scale] = {s.key: s for s in (
    NATIVE, POSITIONS, STARS_5, POINTS_7, AGREE_5, AGREE_7, FREQUENCY_5, FREQUENCY_7)}
#: Word codings, smallest first: the first that holds every word of a column is offered.
WORD_CODINGS = (AGREE_5, FREQUENCY_5, AGREE_7, FREQUENCY_7)


def scale_named(key: str) -> Scale:
    """A built-in scale by its key ("1-5", "agree-5", ...); a clear error otherwise."""
    found = BUILT_IN.get(key.strip().casefold())
    if found is None:
        raise ValidationError(f'"{key}" is not a scale this app knows. The scales are: '
                              + ", ".join(BUILT_IN) + ".")
    return found


def with_words(base: Scale, changes: Mapping[str, int]) -> Scale:
    """A word coding with some words added or recoded (the user's edit)."""
    words = dict(base.words)
    for word, value in changes.items():
        if not base.low <= value <= base.high:
            raise ValidationError(f'"{word}" is coded {value}; {base.name} runs from '
                                  f"{base.low} to {base.high}.")
        words[_word(word)] = value
    return Scale(base.key, base.name, base.low, base.high, words, base.shift)


# -- what a column's values say about its scale ---------------------------------

@dataclass(frozen=True)
class ColumnValues:
    """What one question column holds, from a first look at every cell."""

    numbers: frozenset[int]
    words: frozenset[str]  # normalised, skips left out
    #: Cells that are neither (a date Excel made of a typed "7/10"): each will say so.
    unreadable: bool = False

    @property
    def only_numbers(self) -> bool:
        return not self.words


def look_at(cells: Iterable[object]) -> ColumnValues:
    numbers: set[int] = set()
    words: set[str] = set()
    unreadable = False
    for cell in cells:
        try:
            value = read_number(cell, high=1_000_000)
        except ValueError:
            if isinstance(cell, str) and _word(cell) not in _SKIPS:
                words.add(_word(cell))
            elif not isinstance(cell, str):
                unreadable = True
            continue
        if value is not None:
            numbers.add(value)
    return ColumnValues(frozenset(numbers), frozenset(words), unreadable)


@dataclass(frozen=True)
class ScaleAsk:
    """A column whose scale the user must say: what it holds, and the likely answer."""

    question_id: str
    position: int
    column: str  # "row 1, column F (\"...\")"
    holds: str  # "values 1 to 5", "words: Agree, Disagree, ..."
    suggested: Scale | None

    def sentence(self) -> str:
        guess = ""
        if self.suggested is not None:
            guess = (f" It looks like {self.suggested.name}: {self.suggested.mapping_text()}."
                     f" To import it so, choose that scale in the mapping step, or give "
                     f"--scale {self.position}={self.suggested.key} on the command line.")
        else:
            guess = (" No built-in coding holds all of these words: code them as numbers "
                     "in the file, or choose a coding in the mapping step.")
        return (f"{self.column}, question {self.position}: the column holds {self.holds}, "
                f"so its scale is not clear: nothing was assumed.{guess} If these are "
                f"scores from 0 to 10, say so: --scale {self.position}=0-10.")


def suggest(values: ColumnValues, *, positions: bool) -> tuple[Scale | None, bool]:
    """(the scale to read the column with, or the one to suggest; whether to ask).

    ``positions``: the file holds an 11 somewhere (and no 0): position coding.
    """
    if values.unreadable:
        return NATIVE, False  # the cells that cannot be read are refused first
    if values.words:
        fits = [c for c in WORD_CODINGS if values.words <= set(c.words)]
        # Words no coding holds are not a scale question: each cell says what is wrong.
        return (fits[0], True) if fits else (NATIVE, False)
    if not values.numbers:
        return NATIVE, False
    low, high = min(values.numbers), max(values.numbers)
    if positions and low >= 1 and high <= 11:
        return POSITIONS, False
    if low >= 1 and high <= 5:
        return STARS_5, True
    if low >= 1 and high <= 7:
        return POINTS_7, True
    return NATIVE, False


def holds(values: ColumnValues) -> str:
    if values.words:
        shown = sorted(values.words)[:8]
        return "words: " + ", ".join(f'"{w}"' for w in shown) + (
            ", ..." if len(values.words) > len(shown) else "")
    return f"values from {min(values.numbers)} to {max(values.numbers)}"


# -- what the round keeps -----------------------------------------------------------

@dataclass(frozen=True)
class StoredScale:
    """A converted question's scale as the round keeps it: stored values low..high."""

    name: str
    low: int
    high: int

    def to_ten(self, stored: float) -> float:
        return (stored - self.low) * (SCORE_MAX - SCORE_MIN) / (self.high - self.low) + SCORE_MIN

    def points(self) -> tuple[float, ...]:
        return tuple(self.to_ten(v) for v in range(self.low, self.high + 1))

    def conversion(self) -> str:
        return f"{self.name} -> " + ", ".join(_num(p) for p in self.points())


def load_converted(text: str | None) -> dict[str, StoredScale]:
    """``rounds.converted_scales`` (JSON: question id -> {name, low, high}) read back."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    out: dict[str, StoredScale] = {}
    if isinstance(data, dict):
        for qid, entry in data.items():
            try:
                low, high = int(entry["low"]), int(entry["high"])
                if SCORE_MIN <= low < high <= SCORE_MAX:
                    out[str(qid)] = StoredScale(str(entry.get("name", "")), low, high)
            except (KeyError, TypeError, ValueError):
                continue
    return out


def dump_converted(scales: Mapping[str, Scale]) -> str | None:
    kept = {qid: s.record() for qid, s in sorted(scales.items()) if s.converted}
    return json.dumps(kept, sort_keys=True) if kept else None


def converted_note(names: Iterable[str]) -> str:
    """The note a converted round carries on screen and in reports."""
    shown = sorted(set(names))
    return ("Converted: " + "; ".join(shown) + ". These answers were given on another "
            "scale and are shown here converted to 0 to 10 (a straight-line conversion, "
            "exact); compare them with rounds answered on 0 to 10 with care.")



# -- every question column checked -------------------------------------------------

def check_scales(sheet: Sheet, plan: ColumnPlan, questions: Sequence[QuestionRef], *,
                 chosen: Mapping[str, Scale] | None = None,
                 defaults: Sequence[Scale] = ()) -> tuple[dict[str, Scale], tuple[str, ...]]:
    """The scale of each question column, and notes on what was recognised.

    ``chosen``: the user's scale per question id; ``defaults``: the user's scale for
    every other column (a numeric one for columns of numbers, a word coding for
    columns of words). A column whose scale is not clear and that the user has not
    answered for raises ``ScaleQuestions``: nothing is assumed.
    """
    from spf_desktop.domain.response_columns import ScaleQuestions

    chosen = dict(chosen or {})
    by_id = {q.id: q for q in questions}
    looks = {qid: look_at(cells[col] for _, cells in sheet.rows)
             for qid, col in plan.questions.items() if col is not None}
    numbers = [v for v in looks.values() if v.only_numbers and v.numbers]
    any_zero = any(0 in v.numbers for v in numbers)
    positions = not any_zero and any(11 in v.numbers for v in numbers)
    surveymonkey = any("SurveyMonkey" in n for n in sheet.notes)
    numeric_default = next((d for d in defaults if not d.words), None)
    word_default = next((d for d in defaults if d.words), None)
    scales: dict[str, Scale] = {}
    asks: list[ScaleAsk] = []
    notes: list[str] = []
    for qid, values in looks.items():
        if qid in chosen:
            scales[qid] = chosen[qid]
            continue
        default = word_default if values.words else numeric_default
        if default is not None:
            scales[qid] = default
            continue
        scale, ask = suggest(values, positions=positions)
        if not ask and scale is NATIVE and surveymonkey and numbers and not any_zero:
            scale, ask = POSITIONS, True  # SurveyMonkey's numerical values, no 11 to show it
        if ask:
            q = by_id[qid]
            col = plan.questions[qid]
            assert col is not None
            asks.append(ScaleAsk(qid, q.position, sheet.where(sheet.header_row, col),
                                 holds(values), scale))
        elif scale is not None:
            scales[qid] = scale
    if positions and any(s is POSITIONS for s in scales.values()):
        notes.append("a column holds 11 and none holds 0, so the numbers were read as "
                     "positions (SurveyMonkey's numerical values): 1 for 0, 11 for 10")
    if asks:
        raise ScaleQuestions(sheet.path, asks, scales)
    return scales, tuple(notes)
