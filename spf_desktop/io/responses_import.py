"""Import audit responses from a spreadsheet: one row per respondent.

Three parts, each in its layer: ``spf_desktop.io.spreadsheets`` reads a file
into rows (one reader per format), ``spf_desktop.domain.response_columns``
matches columns to questions and parses cells (pure), and this module writes
an import: names, emails, ids and times in the file are never read into the
archive, and the whole file goes in as one transaction, or not at all.

The names of the other two parts are re-exported here, where the app and the
command line have always found them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.response_columns import (
    MAX_COLUMNS,
    MAX_PROBLEMS,
    MAX_ROUND_RESPONSES,
    MAX_ROWS,
    METADATA_HEADERS,
    PREVIEW_ROWS,
    SIDE_VALUES,
    SKIP_WORDS,
    ColumnPlan,
    Parsed,
    ParsedResponse,
    QuestionRef,
    ResponsesImportError,
    Sheet,
    column_letter,
    find_header,
    normalise,
    parse_rows,
    parse_score,
    parse_side,
    plan_columns,
    sheet_from_rows,
    shorten,
)
from spf_desktop.domain.statuses import RoundStatus
from spf_desktop.io.spreadsheets import read_sheet, register_reader, sheet_names, unregister_reader
from spf_desktop.store import bulk, repo
from spf_desktop.store.environment import storage_errors

__all__ = [
    "MAX_COLUMNS", "MAX_PROBLEMS", "MAX_ROUND_RESPONSES", "MAX_ROWS", "METADATA_HEADERS", "PREVIEW_ROWS", "SIDE_VALUES", "SKIP_WORDS",
    "ColumnPlan", "ImportSummary", "Parsed", "ParsedResponse", "QuestionRef",
    "ResponsesImportError", "Sheet", "ValidationError", "column_letter", "current_question_set",
    "find_header", "import_new_round", "import_responses", "normalise", "parse_rows",
    "parse_score", "parse_side", "plan_columns", "read_sheet", "register_reader",
    "round_questions", "set_questions", "sheet_from_rows", "sheet_names", "side_question",
    "unregister_reader",
]


# -- the round's questions --------------------------------------------------------

def round_questions(db: Database, round_id: str) -> list[QuestionRef]:
    rnd = repo.require(db, "rounds", round_id)
    return set_questions(db, rnd["question_set_id"])


def set_questions(db: Database, set_id: str) -> list[QuestionRef]:
    """A question set's questions, in order, as the column matching needs them."""
    return [QuestionRef(q["id"], q["position"], q["text"]) for q in repo.questions(db, set_id)]


def side_question(db: Database, set_id: str) -> str:
    """The set's side question: a column headed by it holds each respondent's side."""
    row = db.execute("SELECT side_question FROM question_sets WHERE id = ?", [set_id]).fetchone()
    return row[0] if row else ""


# The names the app's import dialog has long used.
_set_questions = set_questions
_side_question = side_question


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
                     "stored): " + ", ".join(f'"{shorten(h, 30)}"' for h in self.ignored_headers
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
    rnd = repo.require(db, "rounds", round_id)
    sheet, plan, parsed = _prepare(db, path, rnd["question_set_id"], mapping, side_column,
                                   sheet_name, comment_mapping)
    _check_round_room(db, sheet, rnd, len(parsed.responses))
    with storage_errors("importing the responses"), db.atomic():
        _store(db, round_id, parsed.responses, progress)
    return _summary(sheet, plan, parsed, round_id, rnd["label"])


def _prepare(db: Database, path: str | Path, set_id: str,
             mapping: Mapping[str, int | None] | None, side_column: int | None | str,
             sheet_name: str | None,
             comment_mapping: Mapping[str, int | None] | None = None,
             ) -> tuple[Sheet, ColumnPlan, Parsed]:
    """Read, match and check the whole file before anything is written."""
    sheet = find_header(read_sheet(path, sheet=sheet_name), set_questions(db, set_id))
    plan = plan_columns(sheet, set_questions(db, set_id),
                        side_question=side_question(db, set_id),
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


def _check_round_room(db: Database, sheet: Sheet, rnd: Mapping, adding: int) -> None:
    """Refuse, before writing, an import that would take the round past its limit."""
    held = repo.response_count(db, rnd["id"])
    if held + adding > MAX_ROUND_RESPONSES:
        raise ResponsesImportError(sheet.path, [
            f'the file: its {adding:,} responses would take round "{rnd["label"]}" (which '
            f"has {held:,}) past {MAX_ROUND_RESPONSES:,}, the most a round holds. A forum "
            "audit has a few hundred: check it is the right file and the right round."])


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
