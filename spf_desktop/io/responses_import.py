"""Import audit responses from a spreadsheet: one row per respondent.

Reads Microsoft Forms' Excel export (metadata columns ID, Start time,
Completion time, Email, Name, ... then one column per question headed by its
wording), any .xlsx workbook (openpyxl, imported only here) and CSV files in
the common dialects (csv.Sniffer) and encodings (UTF-8, UTF-8 with a byte
order mark, UTF-16 as Excel's "Unicode text", Windows-1252).

Columns are matched to the round's questions by their wording, normalised
(case, spacing, quotes, numbering and end punctuation do not matter), and then
by an explicit mapping from question to column. Empty cells are skips. Names,
emails, ids and times in the file are never read into the archive. The whole
file goes in as one transaction, or not at all; every problem names the file,
the row and the column.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlite_utils import Database

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.statuses import RoundStatus
from spf_desktop.store import bulk, repo
from spf_desktop.store.environment import storage_errors

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

SKIP_WORDS = {"", "skip", "skipped", "n/a", "na", "-"}
MAX_PROBLEMS = 10
PREVIEW_ROWS = 8


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


# -- reading the file -----------------------------------------------------------

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

    def where(self, row: int, col: int) -> str:
        header = self.headers[col] if col < len(self.headers) else ""
        named = f' ("{_short(header)}")' if header else ""
        return f"row {row}, column {column_letter(col)}{named}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_sheet(path: str | Path, *, sheet: str | None = None) -> Sheet:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ResponsesImportError(path, [f"cannot read the file ({exc.strerror})."]) from exc
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, data, sheet)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ResponsesImportError(path, [
            "row 1, column A: this is an old-style Excel .xls file. Open it in Excel and "
            "save it as .xlsx (Excel Workbook) or CSV, then import that."])
    return _read_csv(path, data)


def sheet_names(path: str | Path) -> list[str]:
    """The sheets of an Excel workbook, in order; none for a CSV or a file that is not
    a workbook (reading it then says what is wrong)."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            if f.read(4) != b"PK\x03\x04":
                return []
    except OSError:
        return []
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - a damaged workbook: read_sheet explains it
        return []
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def _not_a_spreadsheet(path: Path, why: str) -> ResponsesImportError:
    return ResponsesImportError(path, [
        f"row 1, column A: this is not a spreadsheet ({why}). Import an Excel workbook "
        "(.xlsx, e.g. Microsoft Forms' \"Open in Excel\" download) or a CSV file."])


def _read_xlsx(path: Path, data: bytes, sheet_name: str | None) -> Sheet:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as exc:
        raise _not_a_spreadsheet(path, f"a zip file that Excel cannot open: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a bad workbook
        raise _not_a_spreadsheet(path, f"Excel cannot open it: {exc}") from exc
    try:
        if sheet_name is not None:
            if sheet_name not in wb.sheetnames:
                raise ResponsesImportError(path, [
                    f'there is no sheet "{sheet_name}"; the sheets are '
                    + ", ".join(f'"{n}"' for n in wb.sheetnames) + "."])
            ws = wb[sheet_name]
        else:
            ws = wb.worksheets[0]
        rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
        names = tuple(wb.sheetnames)
    finally:
        wb.close()
    others = [n for n in names if n != ws.title]
    try:
        sheet = _sheet_from_rows(path, rows, f'Excel workbook, sheet "{ws.title}"')
    except ResponsesImportError as exc:
        if not others:
            raise
        # Say which sheet was read, and which others there are to choose from.
        raise ResponsesImportError(path, [
            f'{p} (sheet "{ws.title}"; the workbook also has '
            + ", ".join(f'"{n}"' for n in others) + ": choose the sheet to read.)"
            for p in exc.problems]) from None
    return replace(sheet, sheets=names, sheet_name=ws.title)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "UTF-8 with BOM"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def _read_csv(path: Path, data: bytes) -> Sheet:
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _not_a_spreadsheet(path, "it holds binary data, not text")
    text, encoding = _decode(data)
    if any(unicodedata.category(ch) == "Cc" and ch not in "\r\n\t" for ch in text[:4096]):
        raise _not_a_spreadsheet(path, "it holds control characters, not text")
    sample = text[:65536]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    delimiter = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}.get(
        dialect.delimiter, repr(dialect.delimiter))
    try:
        rows = [tuple(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise _not_a_spreadsheet(path, f"the CSV cannot be read: {exc}") from exc
    return _sheet_from_rows(path, rows, f"CSV file ({encoding}, {delimiter}-separated)")


def _sheet_from_rows(path: Path, rows: list[tuple[object, ...]], kind: str) -> Sheet:
    def blank(cell: object) -> bool:
        return cell is None or (isinstance(cell, str) and not cell.strip())

    numbered = [(n, r) for n, r in enumerate(rows, start=1) if not all(blank(c) for c in r)]
    if not numbered:
        raise ResponsesImportError(path, [
            f"row 1, column A: the {kind.split(',')[0]} is empty: there is no header row "
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


def find_header(sheet: Sheet, questions: Sequence[QuestionRef], *, look: int = 10) -> Sheet:
    """The same sheet with its headings taken from the row that names the most questions.

    A workbook someone made by hand may have a title or a note above the headings;
    Microsoft Forms' own export has the headings in row 1 and is left as it is.
    """
    wanted = {normalise(q.text) for q in questions}

    def score(row: tuple[object, ...]) -> int:
        return len({normalise(c) for c in row if c is not None} & wanted)

    candidates = sheet.all_rows[:look]
    if not candidates or score(candidates[0][1]) > 0:
        return sheet
    best = max(range(len(candidates)), key=lambda i: (score(candidates[i][1]), -i))
    if score(candidates[best][1]) == 0:
        return sheet
    return replace(_with_header(sheet.path, sheet.all_rows, best, sheet.kind),
                   sheets=sheet.sheets, sheet_name=sheet.sheet_name)


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


def round_questions(db: Database, round_id: str) -> list[QuestionRef]:
    rnd = repo.require(db, "rounds", round_id)
    return _set_questions(db, rnd["question_set_id"])


def _set_questions(db: Database, set_id: str) -> list[QuestionRef]:
    return [QuestionRef(q["id"], q["position"], q["text"]) for q in repo.questions(db, set_id)]


def _side_question(db: Database, set_id: str) -> str:
    row = db.execute("SELECT side_question FROM question_sets WHERE id = ?", [set_id]).fetchone()
    return row[0] if row else ""


def _comment_target(header: str, by_text: Mapping[str, str]) -> str | None:
    """A comment column: "<question> - comment", "Comment: <question>", "<question> (comment)"."""
    h = normalise(header)
    for pattern in (r"^(.*?)\s*[-:(]\s*comments?\)?$", r"^comments?\s*(?:on|about|[-:])\s*(.*)$"):
        m = re.match(pattern, h)
        if m and normalise(m.group(1)) in by_text:
            return by_text[normalise(m.group(1))]
    return None


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
                f"row 1, columns {column_letter(seen[key])} and {column_letter(col)}: two "
                f'columns have the same heading "{_short(header)}", so it is not clear which '
                "one holds the answers. Rename or delete one of them.")
        seen.setdefault(key, col)

    found: dict[str, int | None] = {}
    comments: dict[str, int] = {}
    side: int | None = None
    ignored: list[int] = []
    for col, header in enumerate(sheet.headers):
        key = normalise(header)
        if key in by_text and by_text[key] not in found:
            found[by_text[key]] = col
        elif side_column == "auto" and side is None and key and key in {
                "side", normalise(side_question), "which side are you on"}:
            side = col
        elif (target := _comment_target(header, by_text)) and target not in comments:
            comments[target] = col
        else:
            ignored.append(col)
    if mapping:
        for qid, col in mapping.items():
            if qid not in {q.id for q in questions}:
                raise ValidationError(f"The mapping names a question that is not in this round: {qid}.")
            if col is not None and not 0 <= col < len(sheet.headers):
                raise ValidationError(
                    f"{path.name}: column {column_letter(col)} does not exist; the file has "
                    f"{len(sheet.headers)} columns (A to {column_letter(len(sheet.headers) - 1)}).")
            found[qid] = col
    if comment_mapping:
        for qid, col in comment_mapping.items():
            if qid not in {q.id for q in questions}:
                raise ValidationError(
                    f"The comment mapping names a question that is not in this round: {qid}.")
            if col is None:
                comments.pop(qid, None)
                continue
            if not 0 <= col < len(sheet.headers):
                raise ValidationError(
                    f"{path.name}: column {column_letter(col)} does not exist; the file has "
                    f"{len(sheet.headers)} columns (A to {column_letter(len(sheet.headers) - 1)}).")
            comments[qid] = col
    if side_column != "auto":
        side = side_column  # type: ignore[assignment]
    if require_all:
        for q in questions:
            if q.id not in found:
                problems.append(
                    f'row 1: no column for question {q.position}, "{_short(q.text)}". The '
                    "headings are: " + ", ".join(
                        f'{column_letter(c)} "{_short(h, 30)}"' for c, h in enumerate(sheet.headers))
                    + ". Rename the column to the question's wording, or map it by hand.")
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
    """A cell as a score 0..10 (None: a skip). Raises ValueError with the reason."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise ValueError(f"{cell!r} is not a score")
    if isinstance(cell, int):
        value = cell
    elif isinstance(cell, float):
        if cell != cell or not cell.is_integer():
            raise ValueError(f"{cell:g} is not a whole number")
        value = int(cell)
    else:
        text = str(cell).strip()
        if text.isascii() and text.isdigit():  # the common case, checked first: fast
            value = int(text)
            if value > 10:
                raise ValueError(f"{value} is outside 0 to 10")
            return value
        if text.casefold() in SKIP_WORDS:
            return None
        if not re.fullmatch(r"[+-]?\d+(\.0+)?", text):
            raise ValueError(f'"{_short(text, 30)}" is not a number')
        value = int(float(text))
    if not 0 <= value <= 10:
        raise ValueError(f"{value} is outside 0 to 10")
    return value


def parse_side(cell: object) -> str | None:
    text = "" if cell is None else " ".join(str(cell).split()).casefold()
    if not text:
        return None
    if text in SIDE_VALUES:
        return SIDE_VALUES[text]
    raise ValueError(f'"{_short(str(cell), 30)}" is not a side (Staff side, Management side '
                     "or Prefer not to say)")


@dataclass(frozen=True)
class ParsedResponse:
    row: int
    side: str | None
    answers: Mapping[str, repo.Answer]


@dataclass(frozen=True)
class Parsed:
    responses: tuple[ParsedResponse, ...]
    empty_rows: tuple[int, ...]
    problems: tuple[str, ...]


def parse_rows(sheet: Sheet, plan: ColumnPlan, *, limit: int | None = None) -> Parsed:
    out: list[ParsedResponse] = []
    empty: list[int] = []
    problems: list[str] = []
    used = [c for c in plan.questions.values() if c is not None]
    for row_no, cells in sheet.rows[:limit]:
        answers: dict[str, repo.Answer] = {}
        anything = False
        for qid, col in plan.questions.items():
            score: int | None = None
            if col is not None:
                try:
                    score = parse_score(cells[col])
                except ValueError as exc:
                    problems.append(f"{sheet.where(row_no, col)}: {exc}. A score must be a "
                                    "whole number from 0 to 10; leave the cell empty for a skip.")
                anything = anything or score is not None
            comment = ""
            if qid in plan.comments:
                raw = cells[plan.comments[qid]]
                comment = "" if raw is None else str(raw)
                try:
                    comment = repo.clean_comment(comment)
                except ValidationError as exc:
                    problems.append(f"{sheet.where(row_no, plan.comments[qid])}: {exc}")
                anything = anything or bool(comment)
            answers[qid] = repo.Answer(score, comment)
        side = None
        if plan.side is not None:
            try:
                side = parse_side(cells[plan.side])
            except ValueError as exc:
                problems.append(f"{sheet.where(row_no, plan.side)}: {exc}.")
        if not anything and used:
            empty.append(row_no)  # a row with no answer at all is not a response
            continue
        out.append(ParsedResponse(row_no, side, answers))
    return Parsed(tuple(out), tuple(empty), tuple(problems))


# -- storing --------------------------------------------------------------------

@dataclass(frozen=True)
class ImportSummary:
    path: Path
    round_id: str
    round_label: str
    imported: int
    empty_rows: tuple[int, ...]
    ignored_headers: tuple[str, ...]
    kind: str

    def describe(self) -> str:
        text = (f'Imported {self.imported:,} response{"s" * (self.imported != 1)} from '
                f'{self.path.name} ({self.kind}) into round "{self.round_label}".')
        if self.empty_rows:
            text += f" {len(self.empty_rows)} row(s) with no answers were left out."
        if self.ignored_headers:
            text += (" Not imported (names, emails, times and other columns are never "
                     "stored): " + ", ".join(f'"{_short(h, 30)}"' for h in self.ignored_headers
                                              if h) + ".")
        return text


def import_responses(
    db: Database,
    path: str | Path,
    round_id: str,
    *,
    mapping: Mapping[str, int | None] | None = None,
    side_column: int | None | str = "auto",
    sheet_name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    comment_mapping: Mapping[str, int | None] | None = None,
) -> ImportSummary:
    """Import every response of the file into ``round_id`` in one transaction."""
    round_questions(db, round_id)  # refuses an unknown round
    rnd = repo.get(db, "rounds", round_id)
    assert rnd is not None
    sheet, plan, parsed = _prepare(db, path, rnd["question_set_id"], mapping, side_column,
                                   sheet_name, comment_mapping)
    with storage_errors("importing the responses"), db.atomic():
        _store(db, round_id, parsed.responses, progress)
    return _summary(sheet, plan, parsed, round_id, rnd["label"])


def _prepare(db: Database, path: str | Path, set_id: str,
             mapping: Mapping[str, int | None] | None, side_column: int | None | str,
             sheet_name: str | None,
             comment_mapping: Mapping[str, int | None] | None = None,
             ) -> tuple[Sheet, ColumnPlan, Parsed]:
    """Read, match and check the whole file before anything is written."""
    sheet = find_header(read_sheet(path, sheet=sheet_name), _set_questions(db, set_id))
    plan = plan_columns(sheet, _set_questions(db, set_id),
                        side_question=_side_question(db, set_id),
                        mapping=mapping, side_column=side_column,
                        comment_mapping=comment_mapping)
    parsed = parse_rows(sheet, plan)
    if parsed.problems:
        raise ResponsesImportError(sheet.path, parsed.problems)
    if not parsed.responses:
        raise ResponsesImportError(sheet.path, [
            f"rows 2 to {sheet.rows[-1][0]}: no row has any answer in the question columns, "
            "so there is nothing to import."])
    return sheet, plan, parsed


def _summary(sheet: Sheet, plan: ColumnPlan, parsed: Parsed, round_id: str,
             label: str) -> ImportSummary:
    return ImportSummary(
        sheet.path, round_id, label, len(parsed.responses), parsed.empty_rows,
        tuple(sheet.headers[c] for c in plan.ignored), sheet.kind,
    )


def _store(db: Database, round_id: str, responses: Sequence[ParsedResponse],
           progress: Callable[[int, int], None] | None) -> None:
    """The caller holds the transaction; keys are random, so file order is not kept."""
    bulk.insert_responses(
        db, round_id,
        [(r.side, {qid: (a.score, a.comment or None) for qid, a in r.answers.items()})
         for r in responses],
        progress=progress,
    )


def current_question_set(db: Database, forum_id: str) -> str:
    """The set the forum's newest round used; else the newest set of the forum or archive."""
    row = db.execute(
        "SELECT question_set_id FROM rounds WHERE forum_id = ? ORDER BY date DESC, label DESC LIMIT 1",
        [forum_id],
    ).fetchone() or db.execute(
        "SELECT id FROM question_sets WHERE forum_id = ? ORDER BY version DESC LIMIT 1", [forum_id]
    ).fetchone() or db.execute(
        "SELECT id FROM question_sets ORDER BY version DESC, rowid DESC LIMIT 1"
    ).fetchone()
    if row is None:
        raise ValidationError("This archive has no question set yet: create a round first.")
    return row[0]


def import_new_round(
    db: Database,
    path: str | Path,
    forum_id: str,
    label: str,
    date: str,
    *,
    mapping: Mapping[str, int | None] | None = None,
    side_column: int | None | str = "auto",
    sheet_name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    comment_mapping: Mapping[str, int | None] | None = None,
) -> ImportSummary:
    """A new closed round with the forum's current question set, and the file's responses,
    together in one transaction: a bad file leaves no empty round behind."""
    from datetime import date as _date

    repo.require(db, "forums", forum_id)
    try:
        day = _date.fromisoformat(date.strip()).isoformat()
    except ValueError:
        raise ValidationError(f'The date "{date}" is not a date: write it as YYYY-MM-DD.') from None
    set_id = current_question_set(db, forum_id)
    sheet, plan, parsed = _prepare(db, path, set_id, mapping, side_column, sheet_name,
                                   comment_mapping)
    # The bulk insert runs in the outer transaction, not inside a savepoint: much faster.
    with storage_errors("importing the responses"), db.atomic():
        round_id = repo.create_round(db, forum_id, set_id, label, day, status=RoundStatus.CLOSED)
        _store(db, round_id, parsed.responses, progress)
    return _summary(sheet, plan, parsed, round_id, label.strip())
