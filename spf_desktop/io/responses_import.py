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

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlite_utils import Database

from spf_desktop.domain.answers import Answer
from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.import_counts import Counts, counts_layout, describe_counts
from spf_desktop.domain.import_scales import (
    BUILT_IN,
    Scale,
    check_scales,
    dump_converted,
    load_converted,
    scale_named,
)
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
    ScaleQuestions,
    Sheet,
    column_letter,
    find_header,
    normalise,
    parse_rows,
    parse_score,
    parse_side,
    plan_columns,
    sheet_from_rows,
)
from spf_desktop.domain.statuses import RoundStatus
from spf_desktop.io.spreadsheets import read_sheet, register_reader, sheet_names, unregister_reader
from spf_desktop.store import bulk, forums, repo, retention
from spf_desktop.store.environment import storage_errors

__all__ = [
    "MAX_COLUMNS", "MAX_PROBLEMS", "MAX_ROUND_RESPONSES", "MAX_ROWS", "METADATA_HEADERS", "PREVIEW_ROWS", "SIDE_VALUES", "SKIP_WORDS",
    "ColumnPlan", "ImportSummary", "Parsed", "ParsedResponse", "QuestionRef",
    "BUILT_IN", "Prepared", "ResponsesImportError", "Scale", "ScaleQuestions", "Sheet",
    "read_for", "scale_named", "ValidationError", "column_letter", "current_question_set",
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
    #: What was recognised and done, in words (header rows stepped over, position
    #: coding read, converted questions, side labels that were no side).
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        text = (f'Imported {self.imported:,} response{"s" * (self.imported != 1)} from '
                f'{self.path.name} ({self.kind}) into round "{self.round_label}".')
        if self.empty_rows:
            text += f" {len(self.empty_rows)} row(s) with no answers were left out."
        if self.ignored_headers:
            text += (" Not imported (names, emails, times and other columns are never "
                     "stored): " + ", ".join(f'"{h}"' for h in self.ignored_headers
                                              if h) + ".")
        for note in self.notes:
            text += f" {note[0].upper()}{note[1:]}."
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
    scales: Mapping[str, Scale] | None = None,
    scale_defaults: Sequence[Scale] = (),
    side_map: Mapping[str, str | None] | None = None,
) -> ImportSummary:
    """Import every response of the file into ``round_id`` in one transaction.

    ``scales`` (question id -> Scale) and ``scale_defaults`` answer the scale
    questions (``ScaleQuestions``); ``side_map`` maps the file's side labels
    (any case) to staff, management, undisclosed or None; ``side_column=None``
    leaves the sides out."""
    rnd = repo.require(db, "rounds", round_id)
    sheet = read_for(path, set_questions(db, rnd["question_set_id"]), sheet_name)
    counts = _counts(db, sheet, rnd["question_set_id"])
    if counts is not None:
        if repo.response_count(db, round_id) or retention.is_purged(db, round_id):
            raise ResponsesImportError(sheet.path, [
                f'the file holds vote counts only, and round "{rnd["label"]}" already holds '
                "responses. Import the counts into a new round (--forum ID --new-round LABEL "
                "--date YYYY-MM-DD, or \"a new round\" in the import window)."])
        with storage_errors("importing the counts"), db.atomic():
            retention.store_counts_only(db, round_id, counts.by_question, rnd["date"])
        return _counts_summary(db, sheet, counts, rnd, round_id, rnd["label"])
    prepared = _without_cells(_prepare(db, sheet, rnd["question_set_id"], mapping,
                                       side_column, comment_mapping, scales, scale_defaults,
                                       side_map))
    del sheet
    _check_round_room(db, prepared.sheet, rnd, len(prepared.parsed.responses))
    record = _check_scales_fit(db, prepared, rnd)
    with storage_errors("importing the responses"), db.atomic():
        _store(db, round_id, prepared.parsed.responses, progress)
        db.execute("UPDATE rounds SET converted_scales = ? WHERE id = ?", [record, round_id])
    return _summary(prepared, round_id, rnd["label"])


@dataclass(frozen=True)
class Prepared:
    """A file read, matched, checked and parsed: ready to store."""

    sheet: Sheet
    plan: ColumnPlan
    parsed: Parsed
    scales: Mapping[str, Scale]
    notes: tuple[str, ...]


def read_for(path: str | Path, questions: Sequence[QuestionRef],
             sheet_name: str | None = None) -> Sheet:
    """The file's sheet with its headings found. A workbook of several sheets, with no
    sheet named, is read from the sheet whose headings name the most questions (a
    Mentimeter workbook's per-voter sheet), and the choice is noted."""
    from spf_desktop.domain.import_headers import header_score

    raw = read_sheet(path, sheet=sheet_name)
    try:
        sheet = find_header(raw, questions)
    except ResponsesImportError:
        # The row naming most questions has nothing under it: a table of counts with
        # one question row, say. Read from row 1; what follows says what is wrong.
        sheet = raw
    if sheet_name is not None or len(sheet.sheets) < 2:
        return sheet
    best, best_score = sheet, header_score(sheet.headers, questions)
    if best_score == len(questions):
        return sheet
    for other in sheet.sheets:
        if other == sheet.sheet_name:
            continue
        try:
            candidate = find_header(read_sheet(path, sheet=other), questions)
        except ResponsesImportError:
            continue
        score = header_score(candidate.headers, questions)
        if score > best_score:
            best, best_score = candidate, score
    if best is not sheet:
        best = replace(best, notes=best.notes + (
            f'the workbook has {len(sheet.sheets)} sheets ('
            + ", ".join(sheet.sheets) + f'): sheet "{best.sheet_name}" holds the questions, '
            "so it was read", ))
    return best


def _prepare(db: Database, sheet: Sheet, set_id: str,
             mapping: Mapping[str, int | None] | None, side_column: int | None | str,
             comment_mapping: Mapping[str, int | None] | None = None,
             scales: Mapping[str, Scale] | None = None,
             scale_defaults: Sequence[Scale] = (),
             side_map: Mapping[str, str | None] | None = None,
             ) -> Prepared:
    """Match and check the whole file, as read, before anything is written."""
    questions = set_questions(db, set_id)
    sides = {k.casefold(): v for k, v in side_map.items()} if side_map is not None else None
    try:
        plan = plan_columns(sheet, questions, side_question=side_question(db, set_id),
                            mapping=mapping, side_column=side_column,
                            comment_mapping=comment_mapping)
        try:
            checked, notes = check_scales(sheet, plan, questions, chosen=scales,
                                          defaults=scale_defaults)
        except ScaleQuestions as asks:
            # The columns whose scale is clear are checked too: every problem at once.
            clear = replace(plan, questions={q: c if q in asks.known else None
                                             for q, c in plan.questions.items()})
            found = parse_rows(sheet, clear, scales=asks.known, side_map=sides).problems
            raise ScaleQuestions(sheet.path, asks.asks, asks.known, found) from None
    except ResponsesImportError as exc:
        raise _with_sheets(sheet, exc) from None
    parsed = parse_rows(sheet, plan, scales=checked, side_map=sides)
    if parsed.problems:
        raise _with_sheets(sheet, ResponsesImportError(sheet.path, parsed.problems))
    if not parsed.responses:
        raise ResponsesImportError(sheet.path, [
            f"rows {sheet.header_row + 1} to {sheet.rows[-1][0]}: no row has any answer in "
            "the question columns, so there is nothing to import. Check the columns "
            "matched to the questions (--column N=COLUMN)."])
    notes = sheet.notes + notes + _free_text_notes(sheet, plan)
    converted = sorted({s.conversion() for s in checked.values() if s.converted})
    if converted:
        notes += ("converted to 0 to 10 and marked on the round: " + "; ".join(converted),)
    if parsed.unknown_sides:
        notes += ("side labels not in the side map were stored as no side: "
                  + ", ".join(f'"{x}"' for x in parsed.unknown_sides),)
    return Prepared(sheet, plan, parsed, checked, notes)


def _with_sheets(sheet: Sheet, exc: ResponsesImportError) -> ResponsesImportError:
    """The same problems, saying how the file was read (header rows found, the sheet
    chosen) and which other sheets there are."""
    others = [n for n in sheet.sheets if n != sheet.sheet_name]
    if not others and not sheet.notes:
        return exc
    tail = "" if not others else (
        f' (sheet "{sheet.sheet_name}"; the workbook also has '
        + ", ".join(f'"{n}"' for n in others) + ": choose the sheet to read with --sheet "
        "NAME, or in the import window.)")
    problems = [p + tail for p in exc.problems]
    if sheet.notes:
        problems.insert(0, "how it was read: " + "; ".join(sheet.notes) + ".")
    if isinstance(exc, ScaleQuestions):
        again = ScaleQuestions.__new__(ScaleQuestions)
        ResponsesImportError.__init__(again, sheet.path, problems)
        again.asks, again.known = exc.asks, exc.known
        return again
    return ResponsesImportError(sheet.path, problems)


def _free_text_notes(sheet: Sheet, plan: ColumnPlan) -> tuple[str, ...]:
    """A general comments column left out ("Any other comments?"): said, with what to do."""
    notes = []
    for col in plan.ignored:
        key = normalise(sheet.headers[col])
        if "comment" in key or key.startswith(("anything else", "any other")):
            if any(str(cells[col] or "").strip() for _, cells in sheet.rows):
                letter = column_letter(col)
                notes.append(
                    f'column {letter} ("{sheet.headers[col]}") holds free text that was not '
                    "imported: the archive keeps comments per question. To keep it, give it to "
                    f"a question: --comment N={letter}, or choose it in the mapping step")
    return tuple(notes)


def _check_scales_fit(db: Database, prepared: Prepared, rnd: Mapping) -> str | None:
    """The round's converted scales after this import; refused if a question would
    hold answers on two scales."""
    held = load_converted(rnd.get("converted_scales"))
    has_answers = repo.response_count(db, rnd["id"]) > 0
    merged = {qid: {"name": s.name, "low": s.low, "high": s.high} for qid, s in held.items()}
    problems = []
    for q in set_questions(db, rnd["question_set_id"]):
        new = prepared.scales.get(q.id)
        if new is None or prepared.plan.questions.get(q.id) is None:
            continue
        old = held.get(q.id)
        new_range = (new.stored_low, new.stored_high) if new.converted else None
        old_range = (old.low, old.high) if old is not None else None
        if has_answers and new_range != old_range:
            problems.append(
                f'the file: question {q.position} of round "{rnd["label"]}" already holds '
                f"answers on {old.name if old else '0 to 10'}, and these are on {new.name}. A "
                "question's answers must share one scale: import this file into a new round.")
        if new.converted:
            merged[q.id] = {k: v for k, v in new.record().items() if k != "key"}
    if problems:
        raise ResponsesImportError(prepared.sheet.path, problems)
    import json

    return json.dumps(merged, sort_keys=True) if merged else None


def _counts(db: Database, sheet: Sheet, set_id: str) -> Counts | None:
    """The file's vote counts, if it holds counts rather than one row a respondent."""
    counts = counts_layout(sheet, set_questions(db, set_id))
    if counts is not None and counts.responses > MAX_ROUND_RESPONSES:
        raise ResponsesImportError(sheet.path, [
            f"the file: a question has {counts.responses:,} votes; a round holds at most "
            f"{MAX_ROUND_RESPONSES:,} responses. Check the counts are votes, not totals."])
    return None if counts is None or not counts.responses else counts


def _counts_summary(db: Database, sheet: Sheet, counts: Counts, rnd: Mapping, round_id: str,
                    label: str) -> ImportSummary:
    notes = sheet.notes + (describe_counts(counts, set_questions(db, rnd["question_set_id"])),)
    if counts.responses < rnd["min_group_size"]:
        notes += (f"with {counts.responses} responses, below the round's minimum group of "
                  f"{rnd['min_group_size']}, no figures are kept, so that nobody's answers can "
                  "be picked out", )
    return ImportSummary(sheet.path, round_id, label, counts.responses, (), (), sheet.kind,
                         notes)


def _check_round_room(db: Database, sheet: Sheet, rnd: Mapping, adding: int) -> None:
    """Refuse, before writing, an import that would take the round past its limit."""
    held = repo.response_count(db, rnd["id"])
    if held + adding > MAX_ROUND_RESPONSES:
        raise ResponsesImportError(sheet.path, [
            f'the file: its {adding:,} responses would take round "{rnd["label"]}" (which '
            f"has {held:,}) past {MAX_ROUND_RESPONSES:,}, the most a round holds. A forum "
            "audit has a few hundred: check it is the right file and the right round."])


def _summary(prepared: Prepared, round_id: str, label: str) -> ImportSummary:
    sheet, plan, parsed = prepared.sheet, prepared.plan, prepared.parsed
    return ImportSummary(
        sheet.path, round_id, label, len(parsed.responses), parsed.empty_rows,
        tuple(sheet.headers[c] for c in plan.ignored), sheet.kind, prepared.notes,
    )


class _Stored(Mapping[str, "tuple[int | None, str | None]"]):
    """A parsed response's answers as the bulk insert takes them, without a copy."""

    __slots__ = ("answers",)

    def __init__(self, answers: Mapping[str, Answer]) -> None:
        self.answers = answers

    def __getitem__(self, qid: str) -> tuple[int | None, str | None]:
        a = self.answers[qid]
        return a.score, a.comment or None

    def __iter__(self) -> Iterator[str]:
        return iter(self.answers)

    def __len__(self) -> int:
        return len(self.answers)


def _store(db: Database, round_id: str, responses: Sequence[ParsedResponse],
           progress: Callable[[int, int], None] | None) -> None:
    """The caller holds the transaction; keys are random, so file order is not kept."""
    bulk.insert_responses(db, round_id, [(r.side, _Stored(r.answers)) for r in responses],
                          progress=progress)


def _without_cells(prepared: Prepared) -> Prepared:
    """The same, without the file's cells: everything needed is parsed (memory)."""
    return replace(prepared, sheet=replace(prepared.sheet, rows=(), all_rows=()))


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
    scales: Mapping[str, Scale] | None = None,
    scale_defaults: Sequence[Scale] = (),
    side_map: Mapping[str, str | None] | None = None,
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
    # A new round takes the forum's own minimum group size, as one made by hand does.
    min_group = forums.forum_defaults(db, forum_id).min_group_size
    sheet = read_for(path, set_questions(db, set_id), sheet_name)
    counts = _counts(db, sheet, set_id)
    if counts is not None:
        with storage_errors("importing the counts"), db.atomic():
            round_id = repo.create_round(db, forum_id, set_id, label, day,
                                         min_group_size=min_group, status=RoundStatus.CLOSED)
            retention.store_counts_only(db, round_id, counts.by_question, day)
        rnd = repo.require(db, "rounds", round_id)
        return _counts_summary(db, sheet, counts, rnd, round_id, label.strip())
    prepared = _without_cells(_prepare(db, sheet, set_id, mapping, side_column,
                                       comment_mapping, scales, scale_defaults, side_map))
    del sheet
    record = dump_converted(prepared.scales)
    # The bulk insert runs in the outer transaction, not inside a savepoint: much faster.
    with storage_errors("importing the responses"), db.atomic():
        round_id = repo.create_round(db, forum_id, set_id, label, day, min_group_size=min_group,
                                     status=RoundStatus.CLOSED)
        _store(db, round_id, prepared.parsed.responses, progress)
        if record is not None:
            db.execute("UPDATE rounds SET converted_scales = ? WHERE id = ?", [record, round_id])
    return _summary(prepared, round_id, label.strip())
