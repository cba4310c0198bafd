"""Matching a spreadsheet's columns to a round's questions, and reading its cells.

Pure: no file is opened here. A reader in ``spf_desktop.io.spreadsheets`` turns a
file into rows (``sheet_from_rows``); this module finds the header row, matches
columns to questions by their wording, normalised (case, spacing, quotes,
numbering and end punctuation do not matter), then by the user's mapping, and
parses each cell as a score, a side or a comment. Every problem names the file,
the row and the column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spf_desktop.domain.answers import Answer, clean_comment
from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.import_scales import SKIP_WORDS as SKIP_WORDS  # re-exported
from spf_desktop.domain.import_scales import Scale, ScaleAsk, read_number
from spf_desktop.domain.scoring import SCALE_TEXT

#: Microsoft Forms' own columns (and common look-alikes): never stored.
METADATA_HEADERS = {
    "id", "start time", "completion time", "email", "name", "last modified time",
    "total points", "quiz feedback", "respondent", "responder", "timestamp", "submitted",
}

SIDE_VALUES = {
    "staff": "staff", "staff side": "staff", "trade union": "staff", "union": "staff",
    "management": "management", "management side": "management", "employer": "management",
    "prefer not to say": "undisclosed", "undisclosed": "undisclosed",
    "not disclosed": "undisclosed",
}

MAX_PROBLEMS = 10
PREVIEW_ROWS = 8

# Limits on what one import may hold. A forum audit has a few hundred responses at
# most; these are far above that, and low enough that a hostile file is refused in
# seconds and a few hundred megabytes, not minutes and gigabytes. (README: "Limits".)
#: Rows read from one file (the header included).
MAX_ROWS = 100_000
#: Columns read from one row; a value further right is refused.
MAX_COLUMNS = 1_000
#: Responses one round may hold, imported and submitted together.
MAX_ROUND_RESPONSES = 100_000


def too_many_rows(path: Path) -> ResponsesImportError:
    return ResponsesImportError(path, [
        f"row {MAX_ROWS + 1:,}: more than {MAX_ROWS:,} rows; a forum audit has a few hundred "
        "responses at most. Split the file, or check it is the right one."])


def too_many_columns(path: Path, row: int, col: int) -> ResponsesImportError:
    """``col`` (from 0) is the first column past ``MAX_COLUMNS`` with a value in it."""
    return ResponsesImportError(path, [
        f"row {row}, column {column_letter(col)}: more than {MAX_COLUMNS:,} columns "
        "have something in them; an audit's questions and comments need far fewer. Check it "
        "is the right file, or delete the extra columns."])


class ResponsesImportError(ValidationError):
    """The file cannot be imported; the archive is unchanged. ``problems`` lists each place."""

    def __init__(self, path: Path, problems: Sequence[str]) -> None:
        self.path = path
        self.problems = list(problems)
        shown = self.problems[:MAX_PROBLEMS]
        more = len(self.problems) - len(shown)
        text = "\n".join(f"{path.name}: {p}" for p in shown)
        if more > 0:
            text += f"\n...and {more} more problem{'s' * (more != 1)}."
        super().__init__(f"Nothing was imported from {path}.\n{text}")


class ScaleQuestions(ResponsesImportError):
    """Some question columns' scales are not clear: the user must say (``asks``).

    ``known``: the scales of the other columns, already clear. ``before``: problems
    in those columns' cells, listed first (a file is put right in one go)."""

    def __init__(self, path: Path, asks: Sequence[ScaleAsk],
                 known: Mapping[str, Scale] | None = None,
                 before: Sequence[str] = ()) -> None:
        self.asks = tuple(asks)
        self.known = dict(known or {})
        groups: dict[str, list[ScaleAsk]] = {}
        for ask in self.asks:
            groups.setdefault(ask.suggested.key if ask.suggested else "", []).append(ask)
        problems = list(before)
        for group in groups.values():
            problems.append(group[0].sentence() if len(group) == 1 else _grouped(group))
        if len(groups) > 1:
            problems.append(
                "Each scale above can be given for every such column at once: --scale 1-5 "
                "(or 1-7, 1-11, 0-10, agree-5, agree-7, frequency-5, frequency-7); "
                "--scale N=... for question N alone.")
        super().__init__(path, problems)


def _grouped(asks: Sequence[ScaleAsk]) -> str:
    """Several columns with the same likely scale, as one problem."""
    scale = asks[0].suggested
    where = asks[0].column.split(", column", 1)[0]
    columns = ", ".join(f"{a.column.split('column ', 1)[1].split(' ', 1)[0]} (question "
                        f"{a.position}: {a.holds})" for a in asks)
    guess = ""
    if scale is not None:
        guess = (f" If they are {scale.name} ({scale.mapping_text()}), choose that scale in the "
                 f"mapping step, or give --scale {scale.key} on the command line.")
    return (f"{where}, columns {columns}: the scale of these {len(asks)} columns is not clear, "
            f"so nothing was assumed.{guess} If they are scores from 0 to 10, say so: "
            "--scale 0-10.")


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column names a spreadsheet user sees."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def normalise(text: object) -> str:
    """Wording compared loosely: case, spaces, curly quotes, numbering, end punctuation."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    s = " ".join(s.split()).casefold()
    s = re.sub(r"^(q(uestion)?\s*)?\d+\s*[.):\-]\s*", "", s)
    return s.rstrip(" ?.!:;").strip()


# -- the cells of a file ----------------------------------------------------

@dataclass(frozen=True)
class Sheet:
    """The cells of a file: headers (row 1) and data rows with their row numbers."""

    path: Path
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]
    kind: str  # "Excel workbook" or "CSV file (encoding, delimiter)"
    header_row: int = 1
    #: Every non-empty row with its number, the header included: a title above the
    #: headings can be stepped over (see ``find_header``).
    all_rows: tuple[tuple[int, tuple[object, ...]], ...] = field(default=(), repr=False)
    #: A workbook's sheets, in order, and the one read (a CSV has none).
    sheets: tuple[str, ...] = ()
    sheet_name: str | None = None
    #: What was found and stepped over, in words, e.g. "row 2 looks like a second
    #: header row (SurveyMonkey): it was read with row 1".
    notes: tuple[str, ...] = ()

    def where(self, row: int, col: int) -> str:
        header = self.headers[col] if col < len(self.headers) else ""
        named = f' ("{shorten(header)}")' if header else ""
        return f"row {row}, column {column_letter(col)}{named}"


#: A heading is named whole in messages; only a hostile one, far longer than any
#: survey tool writes, is cut, so that a message stays a message.
HEADING_LIMIT = 1_000


def shorten(text: str, limit: int = HEADING_LIMIT) -> str:
    """Text cut to ``limit`` characters with "..." at the end, for messages."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def sheet_from_rows(path: Path, rows: Sequence[Sequence[object]], kind: str) -> Sheet:
    def blank(cell: object) -> bool:
        return cell is None or (isinstance(cell, str) and not cell.strip())

    numbered = [(n, tuple(r)) for n, r in enumerate(rows, start=1)
                if not all(blank(c) for c in r)]
    if not numbered:
        raise ResponsesImportError(path, [
            f"row 1, column A: the {kind.split(' (')[0]} is empty: there is no header row "
            "and no responses."])
    return _with_header(path, tuple(numbered), 0, kind)


def _with_header(path: Path, numbered: tuple[tuple[int, tuple[object, ...]], ...], index: int,
                 kind: str) -> Sheet:
    header_row, header = numbered[index]
    headers = tuple("" if c is None else " ".join(str(c).split()) for c in header)
    width = len(headers)
    while width and not headers[width - 1]:
        width -= 1
    headers = headers[:width]
    data = tuple((n, tuple(r[:width]) + (None,) * (width - len(r)))
                 for n, r in numbered[index + 1:])
    if not data:
        raise ResponsesImportError(path, [
            f"row {header_row + 1}, column A: there are no responses, only the header row "
            f"(row {header_row})."])
    return Sheet(path, headers, data, kind, header_row, numbered)


def find_header(sheet: Sheet, questions: Sequence[QuestionRef], *, look: int = 12) -> Sheet:
    """The same sheet with its headings found, not assumed (see ``import_headers``)."""
    from spf_desktop.domain.import_headers import find_headings

    return find_headings(sheet, questions, look=look)


def header_keys(header: object) -> list[str]:
    """A heading as it may name a question: whole, or either side of " - " (Qualtrics
    writes a matrix row as "<question> - <statement>")."""
    text = str(header or "")
    keys = [normalise(text)]
    if " - " in text:
        keys += [normalise(text.rsplit(" - ", 1)[1]), normalise(text.split(" - ", 1)[0])]
    if text.rstrip().endswith("]") and "[" in text:
        # Google Forms writes a grid's row as "<grid title> [<row>]".
        outer, _, inner = text.rstrip()[:-1].rpartition("[")
        keys += [normalise(inner), normalise(outer)]
    return [k for k in keys if k]


# -- matching columns to questions ----------------------------------------------

@dataclass(frozen=True)
class QuestionRef:
    id: str
    position: int
    text: str


@dataclass(frozen=True)
class ColumnPlan:
    """Which column holds each question (None: not in the file), comments and the side."""

    questions: Mapping[str, int | None]
    comments: Mapping[str, int] = field(default_factory=dict)
    side: int | None = None
    ignored: tuple[int, ...] = ()


def _comment_target(header: str, by_text: Mapping[str, str]) -> str | None:
    """A comment column: "<question> - comment", "Comment: <question>", "<question> (comment)"."""
    h = normalise(header)
    for pattern in (r"^(.*?)\s*[-:(]\s*comments?\)?$", r"^comments?\s*(?:on|about|[-:])\s*(.*)$"):
        m = re.match(pattern, h)
        if m and normalise(m.group(1)) in by_text:
            return by_text[normalise(m.group(1))]
    return None


#: Headings of a free-text column that belongs to the question just to its left.
_COMMENT_HEADINGS = {"comment", "comments", "any comments", "why", "please explain",
                     "please explain your answer", "reason", "your comments",
                     "open-ended response", "other (please specify)"}


def _is_comment_heading(key: str) -> bool:
    return key in _COMMENT_HEADINGS or key.startswith(("comment on", "comments on"))


def plan_columns(
    sheet: Sheet,
    questions: Sequence[QuestionRef],
    *,
    side_question: str = "",
    mapping: Mapping[str, int | None] | None = None,
    side_column: int | None | str = "auto",
    require_all: bool = True,
    comment_mapping: Mapping[str, int | None] | None = None,
) -> ColumnPlan:
    """Match columns by wording, then apply ``mapping`` (question id -> column index or None).

    ``mapping`` is the user's choice and wins; so does ``comment_mapping`` (question id
    -> the column of its comments, or None for no comments). A question matched by no column
    is an error unless the mapping says it is not in the file (None) or
    ``require_all`` is False (the mapping step of the app shows it instead).
    """
    path = sheet.path
    by_text = {normalise(q.text): q.id for q in questions}
    problems: list[str] = []
    # Duplicated headers that would decide a match are ambiguous: refuse them.
    seen: dict[str, int] = {}
    for col, header in enumerate(sheet.headers):
        key = normalise(header)
        if not key:
            continue
        if key in seen and (key in by_text or key in {"side", normalise(side_question)}):
            problems.append(
                f"row {sheet.header_row}, columns {column_letter(seen[key])} and "
                f"{column_letter(col)}: two "
                f'columns have the same heading "{shorten(header)}", so it is not clear which '
                "one holds the answers. Rename or delete one of them.")
        seen.setdefault(key, col)

    found: dict[str, int | None] = {}
    comments: dict[str, int] = {}
    side: int | None = None
    ignored: list[int] = []
    side_keys = {"side", normalise(side_question), "which side are you on",
                 "which side of the partnership are you on"} - {""}
    last_question: str | None = None  # the question of the column just to the left
    for col, header in enumerate(sheet.headers):
        key = normalise(header)
        match = next((by_text[k] for k in header_keys(header) if k in by_text), None)
        if match is not None and match not in found:
            found[match] = col
            last_question = match
            continue
        if side_column == "auto" and side is None and key and key in side_keys:
            side = col
        elif (target := _comment_target(header, by_text)) and target not in comments:
            comments[target] = col
        elif (last_question is not None and last_question not in comments
              and _is_comment_heading(key)):
            comments[last_question] = col  # "Comment" beside its question
        else:
            ignored.append(col)
        last_question = None
    if mapping:
        for qid, chosen in mapping.items():
            if qid not in {q.id for q in questions}:
                raise ValidationError(f"The mapping names a question that is not in this round: {qid}.")
            if chosen is not None and not 0 <= chosen < len(sheet.headers):
                raise ValidationError(
                    f"{path.name}: column {column_letter(chosen)} does not exist; the file has "
                    f"{len(sheet.headers)} columns (A to {column_letter(len(sheet.headers) - 1)}).")
            found[qid] = chosen
    if comment_mapping:
        for qid, comment_col in comment_mapping.items():
            if qid not in {q.id for q in questions}:
                raise ValidationError(
                    f"The comment mapping names a question that is not in this round: {qid}.")
            if comment_col is None:
                comments.pop(qid, None)
                continue
            if not 0 <= comment_col < len(sheet.headers):
                raise ValidationError(
                    f"{path.name}: column {column_letter(comment_col)} does not exist; the file "
                    f"has {len(sheet.headers)} columns (A to "
                    f"{column_letter(len(sheet.headers) - 1)}).")
            comments[qid] = comment_col
    if side_column != "auto":
        side = side_column  # type: ignore[assignment]
        if side is not None and not 0 <= side < len(sheet.headers):
            raise ValidationError(
                f"{path.name}: the side column {column_letter(side)} does not exist; the "
                f"file has {len(sheet.headers)} columns (A to "
                f"{column_letter(len(sheet.headers) - 1)}).")
    missing = [q for q in questions if q.id not in found] if require_all else []
    if missing:
        hr = sheet.header_row
        problems.insert(0, f"row {hr} (the headings): the file's headings are " + ", ".join(
            f'{column_letter(c)} "{h}"' for c, h in enumerate(sheet.headers) if h) + ".")
        problems.extend(
            f'row {hr}: no column for question {q.position}, "{q.text}". Rename its column to '
            "the question's wording, or map it by hand (in the mapping step, or "
            f"--column {q.position}=COLUMN; --column {q.position}=none if it is not in the "
            "file)." for q in missing)
    used = {c for c in found.values() if c is not None} | set(comments.values()) | {side}
    if problems:
        raise ResponsesImportError(path, problems)
    return ColumnPlan(
        questions={q.id: found.get(q.id) for q in questions},
        comments=comments, side=side,
        ignored=tuple(c for c in range(len(sheet.headers)) if c not in used),
    )


# -- parsing cells --------------------------------------------------------------

def parse_score(cell: object) -> int | None:
    """A cell as a score on the scale (None: a skip). Raises ValueError with the reason."""
    return read_number(cell)


def parse_side(cell: object) -> str | None:
    text = "" if cell is None else " ".join(str(cell).split()).casefold()
    if not text:
        return None
    if text in SIDE_VALUES:
        return SIDE_VALUES[text]
    raise ValueError(f'"{shorten(str(cell), 30)}" is not a side (Staff side, Management side '
                     "or Prefer not to say)")


@dataclass(frozen=True)
class ParsedResponse:
    row: int
    side: str | None
    answers: Mapping[str, Answer]


@dataclass(frozen=True)
class Parsed:
    responses: tuple[ParsedResponse, ...]
    empty_rows: tuple[int, ...]
    problems: tuple[str, ...]
    #: Side labels the user's side map did not hold: those rows have no side.
    unknown_sides: tuple[str, ...] = ()


_PLAIN: dict[int | None, Answer] = {}


def parse_rows(sheet: Sheet, plan: ColumnPlan, *, limit: int | None = None,
               scales: Mapping[str, Scale] | None = None,
               side_map: Mapping[str, str | None] | None = None) -> Parsed:
    """Every row as a response. ``scales``: question id -> how its column is read (the
    checked scales, ``import_scales``); none given: 0 to 10. ``side_map``: the user's
    labels (normalised) -> a side or None; given, a label it does not hold is no side
    (counted in ``Parsed.unknown_sides``), never a refusal."""
    out: list[ParsedResponse] = []
    empty: list[int] = []
    problems: list[str] = []
    unknown: dict[str, list[int]] = {}
    used = [c for c in plan.questions.values() if c is not None]
    scales = scales or {}
    for row_no, cells in sheet.rows[:limit]:
        answers: dict[str, Answer] = {}
        anything = False
        for qid, col in plan.questions.items():
            score: int | None = None
            if col is not None:
                scale = scales.get(qid)
                try:
                    score = (read_number(cells[col]) if scale is None or scale.key == "0-10"
                             else scale.read(cells[col]))
                except ValueError as exc:
                    shown = SCALE_TEXT if scale is None else scale.name
                    problems.append(f"{sheet.where(row_no, col)}: {exc}. A score here must be "
                                    f"a whole number from {shown}; leave the cell empty for a "
                                    "skip.")
                anything = anything or score is not None
            comment = ""
            if qid in plan.comments:
                raw = cells[plan.comments[qid]]
                comment = "" if raw is None else str(raw)
                try:
                    comment = clean_comment(comment)
                except ValidationError as exc:
                    problems.append(f"{sheet.where(row_no, plan.comments[qid])}: {exc}")
                anything = anything or bool(comment)
            # One shared Answer per score when there is no comment: a 100,000-row file
            # would otherwise hold a million objects.
            answers[qid] = _PLAIN.setdefault(score, Answer(score)) if not comment else \
                Answer(score, comment)
        side = None
        if plan.side is not None:
            raw_side = cells[plan.side]
            label = "" if raw_side is None else " ".join(str(raw_side).split())
            if side_map is not None and label.casefold() in side_map:
                side = side_map[label.casefold()]
            else:
                try:
                    side = parse_side(raw_side)
                except ValueError:
                    unknown.setdefault(label, []).append(row_no)
        if not anything and used:
            empty.append(row_no)  # a row with no answer at all is not a response
            continue
        out.append(ParsedResponse(row_no, side, answers))
    if unknown and side_map is None and plan.side is not None:
        col = plan.side
        problems.insert(0, f"{sheet.where(sheet.header_row, col)}: the side column holds "
                        + ", ".join(f'"{label}" (row{"s" * (len(r) > 1)} '
                                    + ", ".join(map(str, r[:5])) + (", ..." if len(r) > 5 else "")
                                    + ")" for label, r in sorted(unknown.items()))
                        + ", which are not sides this app knows (Staff side, Management side, "
                        "Prefer not to say). Say what each label is: in the mapping step, or "
                        '--side-map "LABEL=staff" (or =management, =undisclosed, =none); or '
                        "leave the sides out with --no-side.")
    return Parsed(tuple(out), tuple(empty), tuple(problems),
                  tuple(sorted(label for label in unknown)))
