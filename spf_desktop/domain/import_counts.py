"""A results file that holds only vote counts: how many gave each score, per question.

A Slido or Mentimeter summary, or the tallies of voting keypads, has one row per
question and one column per score from 0 to 10 (or, turned round, one row per
score and one column per question). It imports as a counts-only round, kept as a
purged round is: each question's distribution, so the means, medians and
distributions are exact; no sides, no comments. Pure: no file, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spf_desktop.domain.response_columns import (
    QuestionRef,
    ResponsesImportError,
    Sheet,
    column_letter,
    header_keys,
)
from spf_desktop.domain.scoring import SCALE, SCALE_TEXT

#: The most votes one question may have: far above any forum, low enough to stay bounded.
MAX_VOTES = 100_000


@dataclass(frozen=True)
class Counts:
    """Per question id, how many gave each score of SCALE; and where they were read."""

    by_question: dict[str, tuple[int, ...]]
    header_row: int

    @property
    def responses(self) -> int:
        """The most votes any question had: the round's number of responses."""
        return max((sum(d) for d in self.by_question.values()), default=0)


def _score_heading(cell: object) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)) and float(cell).is_integer():
        value = int(cell)
    else:
        text = str(cell or "").strip().casefold().removeprefix("score").strip()
        if not (text.isascii() and text.isdigit()):
            return None
        value = int(text)
    return value if value in SCALE else None


def _count(sheet: Sheet, row: int, col: int, cell: object) -> int:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return 0
    try:
        value = float(str(cell).strip()) if not isinstance(cell, (int, float)) else float(cell)
    except ValueError:
        value = -1.0
    if isinstance(cell, bool) or not value.is_integer() or not 0 <= value <= MAX_VOTES:
        raise ResponsesImportError(sheet.path, [
            f"row {row}, column {column_letter(col)}: {str(cell)[:30]!r} is not a number of "
            f"votes (a whole number from 0 to {MAX_VOTES:,}). Correct the cell, or leave it "
            "empty for none."])
    return int(value)


def counts_layout(sheet: Sheet, questions: Sequence[QuestionRef]) -> Counts | None:
    """The counts, if the sheet is laid out as counts (else None: one row a respondent)."""
    wanted = {k: q.id for q in questions for k in header_keys(q.text)}

    def question_of(cell: object) -> str | None:
        return next((wanted[k] for k in header_keys(cell) if k in wanted), None)

    for number, row in sheet.all_rows[:12]:
        scores = {col: s for col, c in enumerate(row) if (s := _score_heading(c)) is not None}
        if sorted(scores.values()) != list(SCALE):
            continue
        # One row per question, one column per score.
        found: dict[str, tuple[int, ...]] = {}
        for n, cells in sheet.all_rows:
            if n <= number:
                continue
            qid = next((q for c in cells[:min(scores)] if (q := question_of(c))), None)
            if qid is None:
                continue
            dist = [0] * len(SCALE)
            for col, score in scores.items():
                dist[score - SCALE[0]] = _count(sheet, n, col, cells[col] if col < len(cells)
                                                else None)
            found.setdefault(qid, tuple(dist))
        if found:
            return Counts(found, number)
    # Turned round: one column per question, one row per score.
    header_row = sheet.header_row
    cols = {col: q for col, h in enumerate(sheet.headers) if (q := question_of(h))}
    if not cols:
        return None
    score_col = min(cols)
    if score_col == 0:
        return None
    by_score = {}
    for n, cells in sheet.rows:
        s = _score_heading(cells[score_col - 1])
        if s is None:
            return None
        by_score[s] = (n, cells)
    if sorted(by_score) != list(SCALE):
        return None
    turned: dict[str, tuple[int, ...]] = {}
    for col, qid in cols.items():
        turned.setdefault(qid, tuple(_count(sheet, by_score[s][0], col, by_score[s][1][col])
                                     for s in SCALE))
    return Counts(turned, header_row)


def describe_counts(counts: Counts, questions: Sequence[QuestionRef]) -> str:
    missing = [q.position for q in questions if q.id not in counts.by_question]
    text = (f"the file holds vote counts per score ({SCALE_TEXT}), not one row per "
            f"respondent (headings in row {counts.header_row}): it was imported as a "
            f"counts-only round of {counts.responses:,} responses (the most votes any question "
            "had), with exact means, medians and distributions, and no sides or comments")
    if missing:
        text += "; no counts for question " + ", ".join(map(str, missing))
    return text
