"""Finding the headings of an imported file, not assuming they are row 1.

* Title rows above the headings (a paper form typed into Excel, a Mentimeter
  sheet's note rows) are stepped over: the headings are the row, among the first
  few, that names the most questions.
* SurveyMonkey writes two header rows: the question, then "Response" /
  "Open-Ended Response" or, for a matrix, each statement. Both are read together:
  a statement is matched to a question; "Response" takes its question's heading
  (carried across the merged cells); an open-ended cell beside a question becomes
  that question's comment column.
* Qualtrics writes three: export tags (Q1, Q2_1), the question text (a matrix row
  as "<question> - <statement>"), then ``{"ImportId": ...}``. The tags and the
  ids are stepped over.

Every step is said in ``Sheet.notes`` with the real row numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spf_desktop.domain.response_columns import (
    QuestionRef,
    ResponsesImportError,
    Sheet,
    header_keys,
    normalise,
)

#: SurveyMonkey's second header row: what it writes under a question that is not a matrix.
SURVEYMONKEY_SUB = {"response", "open-ended response"}
_OPEN_ENDED = {"open-ended response", "other (please specify)", "comment", "comments",
               "please explain", "why", "any comments"}


def _text(cell: object) -> str:
    return "" if cell is None else " ".join(str(cell).split())


def header_score(row: Sequence[object], questions: Sequence[QuestionRef]) -> int:
    """How many questions a row of headings names."""
    wanted = {normalise(q.text) for q in questions}
    return len({k for c in row if c is not None for k in header_keys(c)} & wanted)


def _is_sub_row(row: Sequence[object]) -> bool:
    return any(normalise(c) in SURVEYMONKEY_SUB for c in row if c is not None)


def _is_import_ids(row: Sequence[object]) -> bool:
    cells = [_text(c) for c in row if _text(c)]
    return bool(cells) and sum(c.startswith('{"ImportId"') for c in cells) * 2 >= len(cells)


def find_headings(sheet: Sheet, questions: Sequence[QuestionRef], *, look: int = 12) -> Sheet:
    rows = sheet.all_rows
    candidates = rows[:look]
    if not candidates:
        return sheet
    scores = [header_score(r, questions) for _, r in candidates]
    best = max(range(len(candidates)), key=lambda i: (scores[i], -i))
    if scores[best] == 0:
        best = 0
    notes: list[str] = []
    top = best
    if best > 0 and _is_sub_row(rows[best][1]) and not _is_sub_row(rows[best - 1][1]):
        top = best - 1  # a matrix: the statements row names the questions, the row above is row 1
    sub = None
    if top + 1 < len(rows) and (_is_sub_row(rows[top + 1][1]) or top < best):
        sub = top + 1
    skip_after: list[int] = []
    if sub is None and best + 1 < len(rows) and _is_import_ids(rows[best + 1][1]):
        skip_after.append(best + 1)
        notes.append(f"row {rows[best + 1][0]} holds Qualtrics' import ids: it was skipped")
    if top > 0:
        above = [str(n) for n, _ in rows[:top]]
        what = ("Qualtrics' export tags" if skip_after else "a title or notes")
        notes.append(f"row{'s' * (len(above) > 1)} {', '.join(above)} above the headings "
                     f"({what}) {'were' if len(above) > 1 else 'was'} skipped")
    if sub is not None:
        headers = _merge(rows[top][1], rows[sub][1])
        notes.append(f"row {rows[sub][0]} looks like a second header row (SurveyMonkey): it "
                     f"was read with row {rows[top][0]}")
        start = sub + 1
    else:
        headers = [_text(c) for c in rows[best][1]]
        start = best + 1 + len(skip_after)
    if best == 0 and sub is None and not skip_after:
        return sheet
    width = len(headers)
    while width and not headers[width - 1]:
        width -= 1
    data = tuple((n, tuple(r[:width]) + (None,) * (width - len(r))) for n, r in rows[start:])
    if not data:
        raise ResponsesImportError(sheet.path, [
            f"row {rows[start - 1][0] + 1}, column A: there are no responses, only the "
            f"header rows (rows {rows[top][0]} to {rows[start - 1][0]})."])
    return replace(sheet, headers=tuple(headers[:width]), rows=data, header_row=rows[top][0],
                   notes=sheet.notes + tuple(notes))


def _merge(top: Sequence[object], sub: Sequence[object]) -> list[str]:
    """SurveyMonkey's two rows as one heading per column."""
    out: list[str] = []
    carried = ""
    seen_in_group = 0
    for col in range(max(len(top), len(sub))):
        above = _text(top[col]) if col < len(top) else ""
        below = _text(sub[col]) if col < len(sub) else ""
        if above:
            carried, seen_in_group = above, 0
        if not above and not below:
            heading = ""  # past the last question: nothing to carry
        elif not below or normalise(below) == "response":
            heading = carried
        elif normalise(below) in _OPEN_ENDED:
            heading = f"{carried} - comment" if seen_in_group else carried
        else:
            heading = below  # a matrix statement, or a choice of a multiple-answer question
        seen_in_group += 1
        out.append(heading)
    return out
