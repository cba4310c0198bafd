"""Merge files: move a round, a meeting or a whole forum from one archive to another.

The format (version 1) is one UTF-8 JSON object::

    {
      "format": "spf-desktop-merge",
      "format_version": 1,
      "sha256": "<hex digest of the content, see below>",
      "content": {
        "scope": {"kind": "round" | "meeting" | "forum", "id": "...", "title": "..."},
        "exported_on": "YYYY-MM-DD",
        "app_version": "...",
        "tables": {"forums": [{...}, ...], "question_sets": [...], ...}
      }
    }

``sha256`` is the SHA-256 of ``content`` written as canonical JSON (keys
sorted, no spaces, UTF-8), so a copy cut off or changed on the way is
refused. Each table holds rows exactly as in the archive, by column name;
responses carry their random key only (no name, no time, no order).

Why this module is long: writing and reading a merge file share one format, one
checksum and one list of tables, and the reader's checks name the file, row and
column of every problem; split apart, the two halves would drift.

Every field of every record is checked (``merge_fields``) before anything is
written, as the app checks a typed value: a score is a whole number from 0 to
10, a comment is cleaned as a typed one is, a round's screening is not carried
(merged comments wait for screening here), and each refusal names the table,
record and field and where it is in the file.

Import matches records by id: a new record is added, an identical one is a
duplicate and skipped, a different one is a conflict: reported, and this
archive's version kept. A round whose id is already here with another
question set, or a question whose wording differs, is refused outright,
because the answers would then mean something else. The whole import is one
transaction: refused means nothing changed.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from spf_desktop import __version__
from spf_desktop.domain.errors import ValidationError
from spf_desktop.io.merge_fields import (
    NOT_CARRIED,
    FieldProblem,
    check_field,
    check_record,
    has_rule,
)
from spf_desktop.io.safe_json import JsonFileProblem, check_size, load_text
from spf_desktop.store import repo
from spf_desktop.store.atomic import atomic_open
from spf_desktop.store.writable import write_problem

FORMAT = "spf-desktop-merge"
FORMAT_VERSION = 1
SUFFIX = ".spfmerge"
#: Refused by its size before it is read: a forum's whole history is a few megabytes.
MAX_FILE_BYTES = 100_000_000

#: Tables in the order they are written (parents first), with their primary keys.
TABLES: dict[str, tuple[str, ...]] = {
    "forums": ("id",),
    "question_sets": ("id",),
    "questions": ("id",),
    "benchmarks": ("id",),
    "meetings": ("id",),
    "agenda_sections": ("id",),
    "outcomes": ("id",),
    "decisions": ("id",),
    "actions": ("id",),
    "rounds": ("id",),
    "responses": ("key",),
    "answers": ("response_key", "question_id"),
    "round_purges": ("round_id",),
    "round_aggregates": ("round_id", "question_id", "side"),
}
#: A difference here would change what stored answers mean: refuse, never merge.
STRICT = {"question_sets": ("lineage", "version"), "questions": ("question_set_id", "key", "text")}


class MergeFileError(ValidationError):
    """The merge file cannot be imported; the archive is unchanged."""

    def __init__(self, path: Path, where: str, what: str) -> None:
        self.path = path
        self.where = where
        super().__init__(f"Nothing was imported from {path}.\n{path.name}: {where}: {what}")


# -- export ---------------------------------------------------------------------

def _rows(db: Database, table: str, where: str, args: Iterable[object]) -> list[dict]:
    order = ", ".join(TABLES[table])
    return list(db.query(f"SELECT * FROM [{table}] WHERE {where} ORDER BY {order}", list(args)))  # noqa: S608 - names are literals of this module


def _in(ids: Iterable[str]) -> tuple[str, list[str]]:
    ids = sorted(set(ids))
    return "(" + ", ".join("?" * len(ids)) + ")" if ids else "(NULL)", ids


def collect(db: Database, kind: str, record_id: str) -> dict[str, list[dict]]:
    """Every row a round, meeting or forum needs, parents included."""
    if kind not in ("round", "meeting", "forum"):
        raise ValueError(kind)
    table = {"round": "rounds", "meeting": "meetings", "forum": "forums"}[kind]
    repo.require(db, table, record_id)
    if kind == "round":
        round_ids = [record_id]
        meeting_ids: list[str] = []
        meeting_rows_only = [r for (r,) in db.execute(
            "SELECT meeting_id FROM rounds WHERE id = ? AND meeting_id IS NOT NULL", [record_id])]
    elif kind == "meeting":
        meeting_ids = [record_id]
        meeting_rows_only = []
        round_ids = [r for (r,) in db.execute("SELECT id FROM rounds WHERE meeting_id = ?",
                                               [record_id])]
    else:
        meeting_ids = [m for (m,) in db.execute(
            "SELECT id FROM meetings WHERE forum_id = ? AND is_template = 0", [record_id])]
        meeting_rows_only = []
        round_ids = [r for (r,) in db.execute("SELECT id FROM rounds WHERE forum_id = ?",
                                               [record_id])]
        meeting_rows_only = [m for (m,) in db.execute(
            "SELECT meeting_id FROM rounds WHERE forum_id = ? AND meeting_id IS NOT NULL",
            [record_id]) if m not in meeting_ids]
    out: dict[str, list[dict]] = {}
    rin, rargs = _in(round_ids)
    out["rounds"] = _rows(db, "rounds", f"id IN {rin}", rargs)
    set_ids = {r["question_set_id"] for r in out["rounds"]}
    forum_ids = {r["forum_id"] for r in out["rounds"]}
    bench_ids = {r["benchmark_id"] for r in out["rounds"] if r["benchmark_id"]}
    all_meetings = set(meeting_ids) | set(meeting_rows_only)
    min_, margs = _in(all_meetings)
    out["meetings"] = _rows(db, "meetings", f"id IN {min_}", margs)
    forum_ids |= {m["forum_id"] for m in out["meetings"] if m["forum_id"]}
    if kind == "forum":
        forum_ids.add(record_id)
        set_ids |= {s for (s,) in db.execute(
            "SELECT id FROM question_sets WHERE forum_id = ?", [record_id])}
        bench_ids |= {b for (b,) in db.execute(
            "SELECT id FROM benchmarks WHERE forum_id = ?", [record_id])}
    fin, fargs = _in(forum_ids)
    out["forums"] = _rows(db, "forums", f"id IN {fin}", fargs)
    sin, sargs = _in(set_ids)
    out["question_sets"] = _rows(db, "question_sets", f"id IN {sin}", sargs)
    out["questions"] = _rows(db, "questions", f"question_set_id IN {sin}", sargs)
    bin_, bargs = _in(bench_ids)
    out["benchmarks"] = _rows(db, "benchmarks", f"id IN {bin_}", bargs)
    full, fmargs = _in(meeting_ids)
    for table in ("agenda_sections", "outcomes", "decisions", "actions"):
        out[table] = _rows(db, table, f"meeting_id IN {full}", fmargs)
    out["responses"] = _rows(db, "responses", f"round_id IN {rin}", rargs)
    out["answers"] = list(db.query(
        f"""SELECT a.* FROM answers a JOIN responses s ON s.key = a.response_key
            WHERE s.round_id IN {rin} ORDER BY a.response_key, a.question_id""", rargs))  # noqa: S608
    out["round_purges"] = _rows(db, "round_purges", f"round_id IN {rin}", rargs)
    out["round_aggregates"] = _rows(db, "round_aggregates", f"round_id IN {rin}", rargs)
    return {t: out[t] for t in TABLES}


def checksum(content: object) -> str:
    """SHA-256 of ``content`` as canonical JSON, hashed piece by piece.

    The same text as ``json.dumps(content, sort_keys=True, ...)``, but encoded
    incrementally: the one-shot C encoder holds the interpreter lock for the whole
    document (a third of a second on a large forum), which would freeze the window
    while a worker thread exports."""
    encoder = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                               allow_nan=False)
    digest = hashlib.sha256()
    for piece in encoder.iterencode(content):
        digest.update(piece.encode("utf-8"))
    return digest.hexdigest()


def export(db: Database, kind: str, record_id: str, target: str | Path, *,
           today: date | None = None) -> Path:
    """Write a merge file (to a temporary name first, so a half-written file never exists)."""
    from spf_desktop.store.targets import guard_target

    target = guard_target(db, Path(target))
    tables = collect(db, kind, record_id)
    table = {"round": "rounds", "meeting": "meetings", "forum": "forums"}[kind]
    title_col = {"round": "label", "meeting": "title", "forum": "name"}[kind]
    title = next(r[title_col] for r in tables[table] if r["id"] == record_id)
    content = {
        "scope": {"kind": kind, "id": record_id, "title": title},
        "exported_on": (today or date.today()).isoformat(),
        "app_version": __version__,
        "tables": tables,
    }
    doc = {"format": FORMAT, "format_version": FORMAT_VERSION, "sha256": checksum(content),
           "content": content}
    if not target.parent.is_dir():
        raise ValidationError(f"The folder {target.parent} does not exist.")
    try:
        with atomic_open(target, "w", encoding="utf-8", newline="\n") as fh:
            json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            fh.write("\n")
    except OSError as exc:
        raise write_problem(target, exc, error=ValidationError) from exc
    return target


# -- reading ----------------------------------------------------------------------

@dataclass(frozen=True)
class MergeFile:
    path: Path
    scope: dict
    exported_on: str
    tables: dict[str, list[dict]]
    text: str = field(default="", repr=False)  # the file, to say where a problem is

    def describe(self) -> str:
        counts = ", ".join(f"{len(rows)} {name.replace('_', ' ')}"
                           for name, rows in self.tables.items() if rows)
        return (f'{self.path.name}: {self.scope.get("kind")} "{self.scope.get("title")}", '
                f"exported on {self.exported_on}: {counts}.")


def read(path: str | Path, db: Database) -> MergeFile:
    """Read and check a merge file against this archive's tables. Changes nothing."""
    path = Path(path)
    try:
        check_size(path, MAX_FILE_BYTES, "a merge file")
        raw = path.read_bytes()
    except OSError as exc:
        raise MergeFileError(path, "the file", f"cannot be read ({exc.strerror}).") from exc
    except JsonFileProblem as exc:
        raise MergeFileError(path, exc.where,
                             f"this is not an SPF Desktop merge file ({exc.what}).") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MergeFileError(path, f"byte {exc.start}",
                             "this is not an SPF Desktop merge file (it is not UTF-8 text).") from exc
    del raw
    try:
        doc = load_text(text)
    except JsonFileProblem as exc:
        if not exc.msg:  # nested too deeply, or a number too long: not ours
            raise MergeFileError(path, exc.where,
                                 f"this is not an SPF Desktop merge file ({exc.what}).") from None
        # Ours, but without the closing line the export always writes: cut off on the way.
        at_end = FORMAT in text[:200] and not text.endswith("}\n")
        raise MergeFileError(
            path, exc.where,
            "the file ends too early: it was cut off, perhaps by a copy that did not finish. "
            "Copy it again from the laptop it came from." if at_end else
            f"this is not an SPF Desktop merge file, or it is damaged ({exc.msg}).") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise MergeFileError(path, _at(text, _field("format")) + 'the field "format"',
                             "this is not an SPF Desktop merge file.")
    version = doc.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise MergeFileError(path, _at(text, _field("format_version")) + 'the field "format_version"',
                             f"{version!r} is not a format version.")
    if version > FORMAT_VERSION:
        raise MergeFileError(
            path, _at(text, _field("format_version")) + 'the field "format_version"',
            f"the file is in format version {version}, made by a newer SPF Desktop; this "
            f"version reads format {FORMAT_VERSION} only. Update SPF Desktop on this laptop.")
    content = doc.get("content")
    try:
        actual = checksum(content)
    except (ValueError, TypeError, RecursionError):
        actual = ""
    if doc.get("sha256") != actual:
        raise MergeFileError(
            path, _at(text, _field("sha256")) + 'the field "sha256"',
            "the checksum does not match the content: the file was cut off or changed after "
            "it was exported. Export it again on the laptop it came from.")
    if not isinstance(content, dict):
        raise MergeFileError(path, 'the field "content"', "it is not an object.")
    scope = content.get("scope")
    if not isinstance(scope, dict) or scope.get("kind") not in ("round", "meeting", "forum"):
        raise MergeFileError(path, 'the field "content.scope"',
                             "it does not say what was exported.")
    tables = content.get("tables")
    if not isinstance(tables, dict):
        raise MergeFileError(path, 'the field "content.tables"', "it is not an object.")
    checked: dict[str, list[dict]] = {}
    for name in tables:
        if name not in TABLES:
            raise MergeFileError(path, _at(text, _field("tables"), _field(name))
                                 + f'the table "{name}"',
                                 "this version of SPF Desktop does not know it: the file was "
                                 "made by a newer version. Update SPF Desktop on this laptop.")
    for name in TABLES:
        rows = tables.get(name, [])
        if not isinstance(rows, list):
            raise MergeFileError(path, f'the table "{name}"', "it is not a list of records.")
        columns = set(db[name].columns_dict)
        kept: list[dict] = []
        for n, row in enumerate(rows, start=1):
            where = f'table "{name}", record {n}'
            if not isinstance(row, dict):
                raise MergeFileError(path, _record(text, name, row) + where,
                                     "it is not a record (an object).")
            for key in TABLES[name]:
                if not isinstance(row.get(key), str) or not row.get(key):
                    raise MergeFileError(path, _record(text, name, row) + f'{where}, field "{key}"',
                                         "the record has no id, so it cannot be matched.")
            clean: dict[str, Any] = {}
            for col, value in row.items():
                if col not in columns:
                    raise MergeFileError(
                        path, _record(text, name, row, col) + f'{where}, field "{_short(col)}"',
                        "this archive has no such field: the file was made by a newer version "
                        "of SPF Desktop. Update SPF Desktop on this laptop.")
                try:  # a field's rule covers what _bad_value would (type, range, Unicode)
                    value = check_field(name, col, value)
                    problem = "" if has_rule(name, col) else _bad_value(value)
                except FieldProblem as exc:
                    problem = f"{exc}."
                if problem:
                    raise MergeFileError(path, _record(text, name, row, col)
                                         + f'{where}, field "{col}"', problem)
                if (name, col) not in NOT_CARRIED:
                    clean[col] = value
            between = check_record(name, clean)
            if between:
                col, problem = between
                raise MergeFileError(path, _record(text, name, row, col)
                                     + f'{where}, field "{col}"', f"{problem}.")
            kept.append(clean)
        checked[name] = kept
    exported_on = content.get("exported_on")
    return MergeFile(path, scope, exported_on if isinstance(exported_on, str) else "", checked,
                     text)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _at(text: str, *patterns: str) -> str:
    """"row R, column C, " of the last of ``patterns`` found one after another in ``text``
    (empty when not found): where to look in the file with any text editor."""
    pos = 0
    found = None
    for pattern in patterns:
        match = re.compile(pattern).search(text, pos)
        if match is None:
            break
        found = match.start()
        pos = match.end()
    if found is None:
        return ""
    row = text.count("\n", 0, found) + 1
    column = found - (text.rfind("\n", 0, found) + 1) + 1
    return f"row {row}, column {column}, "


def _field(name: str) -> str:
    return re.escape(json.dumps(name)) + r"\s*:"


def _record(text: str, table: str, row: object, column: str | None = None) -> str:
    """Where a record (and one of its fields) is in the file."""
    patterns = [_field("tables"), _field(table)]
    if isinstance(row, dict):
        for key in TABLES.get(table, ()):  # every part of the key, one after another
            if isinstance(row.get(key), str):
                patterns.append(_field(key) + r"\s*" + re.escape(json.dumps(row[key])))
        if column is not None:
            patterns.append(_field(column))
    return _at(text, *patterns)


def _bad_value(value: object) -> str:
    if value is None or isinstance(value, bool):
        return "" if value is None else f"{value!r} is not a value an archive holds."
    if isinstance(value, int):
        return "" if -(2**63) <= value < 2**63 else f"{value} is too large a number."
    if isinstance(value, float):
        return "" if math.isfinite(value) else f"{value!r} is not a number."
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "the text holds characters that are not valid Unicode."
        return ""
    return f"a {type(value).__name__} is not a value an archive holds."


# -- merging ------------------------------------------------------------------------

@dataclass
class MergeReport:
    path: Path
    scope: dict
    added: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        def counts(d: dict[str, int]) -> str:
            return ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in d.items() if n) or "nothing"

        lines = [f'Merged {self.scope.get("kind")} "{self.scope.get("title")}" from {self.path.name}.',
                 f"Added: {counts(self.added)}.",
                 f"Already here (skipped): {counts(self.duplicates)}."]
        if self.conflicts:
            lines.append(f"{len(self.conflicts)} conflict(s): this archive's version was kept:")
            lines += [f"- {c}" for c in self.conflicts]
        else:
            lines.append("No conflicts.")
        lines += [f"Note: {n}" for n in self.notes]
        return "\n".join(lines)


def _label(table: str, row: dict) -> str:
    for col in ("title", "label", "name", "text"):
        if isinstance(row.get(col), str) and row[col]:
            return f'{table[:-1].replace("_", " ")} "{_short(row[col])}"'
    return f"{table[:-1].replace('_', ' ')} {'/'.join(str(row[k]) for k in TABLES[table])}"


def merge(db: Database, path: str | Path) -> MergeReport:
    """Merge a merge file into this archive, in one transaction."""
    mf = read(path, db)
    report = MergeReport(mf.path, mf.scope)
    try:
        with db.atomic():
            _merge(db, mf, report)
    except sqlite3.DatabaseError as exc:  # pragma: no cover - _merge names each record first
        raise MergeFileError(mf.path, "the file", f"it does not fit this archive ({exc}).") from exc
    return report


def _existing(db: Database, table: str, rows: list[dict]) -> dict[tuple, dict]:
    """The rows of ``table`` already here with the primary keys of ``rows``, by key."""
    keys = TABLES[table]
    firsts = sorted({row[keys[0]] for row in rows})
    found: dict[tuple, dict] = {}
    for start in range(0, len(firsts), 500):
        chunk = firsts[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for here in db.query(f"SELECT * FROM [{table}] WHERE [{keys[0]}] IN ({marks})",  # noqa: S608 - literal names
                             chunk):
            found[tuple(here[k] for k in keys)] = here
    return found


def _merge(db: Database, mf: MergeFile, report: MergeReport) -> None:
    new_responses: set[str] = set()
    deferred_parallel: list[tuple[str, str]] = []
    # A round purged here takes no raw responses; one with raw responses here takes no
    # other archive's purge: either would count the same people twice, or not at all.
    purged_here = {r for (r,) in db.execute("SELECT round_id FROM round_purges")}
    raw_here = {r for (r,) in db.execute("SELECT DISTINCT round_id FROM responses")}
    skipped_purged: set[str] = set()
    skipped_raw: set[str] = set()
    skipped_keys = {row["key"] for row in mf.tables["responses"]
                    if row.get("round_id") in purged_here}
    for table, keys in TABLES.items():
        rows = mf.tables[table]
        existing = _existing(db, table, rows)
        added = dupes = 0
        pending: list[tuple[int, dict]] = []
        for n, row in enumerate(rows, start=1):
            where = f'table "{table}", record {n}'
            key = tuple(row[k] for k in keys)
            here = existing.get(key)
            if here is not None:
                differs = sorted(c for c in row if here.get(c) != row[c])
                if not differs:
                    dupes += 1
                    continue
                if table == "rounds" and "question_set_id" in differs:
                    raise MergeFileError(
                        mf.path, _record(mf.text, table, row, "question_set_id")
                        + f'{where}, field "question_set_id"',
                        f'the round "{here["label"]}" ({here["id"]}) is already in this '
                        "archive with another question set, so its answers would not match. "
                        "Nothing was imported.")
                strict = [c for c in STRICT.get(table, ()) if c in differs]
                if strict:
                    raise MergeFileError(
                        mf.path, _record(mf.text, table, row, strict[0])
                        + f'{where}, field "{strict[0]}"',
                        f"{_label(table, here)} is already in this archive with a different "
                        f"{strict[0].replace('_', ' ')}, so answers to it would mean something "
                        "else. Nothing was imported.")
                report.conflicts.append(
                    f"{_label(table, here)}: "
                    + "; ".join(f"{c} is {_show(here.get(c))} here, {_show(row[c])} in the file"
                                for c in differs))
                continue
            values = dict(row)
            if table == "agenda_sections" and values.get("parallel_with"):
                deferred_parallel.append((values["id"], values["parallel_with"]))
                values["parallel_with"] = None
            if table == "responses" and row.get("round_id") in purged_here:
                skipped_purged.add(row["round_id"])
                continue
            if table in ("round_purges", "round_aggregates") and row["round_id"] in raw_here:
                skipped_raw.add(row["round_id"])
                continue
            if table == "answers" and row["response_key"] not in new_responses:
                if row["response_key"] in skipped_keys:
                    continue
                report.conflicts.append(
                    f"an answer to a response already here ({_short(row['response_key'], 12)}): "
                    "not added, so no response is ever changed.")
                continue
            existing[key] = values  # the same record twice in the file: the second is a duplicate
            pending.append((n, values))
            if table == "responses":
                new_responses.add(row["key"])
            added += 1
        _insert(db, mf, table, pending)
        report.added[table] = added
        report.duplicates[table] = dupes
    for round_id in sorted(skipped_purged):
        report.conflicts.append(
            f"round {round_id}: its individual answers were purged here under the retention "
            "rule, so the file's responses to it were not added.")
    for round_id in sorted(skipped_raw):
        report.conflicts.append(
            f"round {round_id}: purged in the file but not here, so the file's aggregates were "
            "not added; this archive keeps its own responses.")
    for section_id, other in deferred_parallel:
        try:
            db.execute("UPDATE agenda_sections SET parallel_with = ? WHERE id = ?",
                       [other, section_id])
        except sqlite3.IntegrityError as exc:
            raise MergeFileError(mf.path, f'agenda section {section_id}, field "parallel_with"',
                                 "it runs beside a section that is in neither the file nor "
                                 "this archive.") from exc
    _check_answers_fit(db, mf, new_responses)
    _unscreen(db, new_responses)
    # A file from an earlier version may keep small groups in a purged round's
    # aggregates: fold them under the rule, as migration 0010 does here.
    merged_purges = {row["round_id"] for row in mf.tables["round_purges"]
                     if row["round_id"] not in raw_here and row["round_id"] not in purged_here}
    if merged_purges:
        from spf_desktop.store.retention import refold_purged

        refold_purged(db, merged_purges)
    _note_look_alikes(db, mf, report)


def _unscreen(db: Database, keys: set[str]) -> None:
    """A round that gained a comment here waits for screening here: another laptop's
    screening is not carried, and the comments merged in were never read on this one."""
    if not keys:
        return
    marks, args = _in(keys)
    db.execute(
        f"""UPDATE rounds SET screened_comments = NULL WHERE id IN (
                SELECT DISTINCT s.round_id FROM responses s JOIN answers a ON a.response_key = s.key
                WHERE s.key IN {marks} AND a.comment IS NOT NULL AND a.comment != '')""",  # noqa: S608 - only placeholders
        args)


def _note_look_alikes(db: Database, mf: MergeFile, report: MergeReport) -> None:
    """Records are matched by id only: a forum or round made separately on two laptops
    arrives as a second one with the same name. Say so, so nobody is surprised."""
    checks = (("forums", "name", "SELECT count(*) FROM forums WHERE lower(name) = lower(?) "
               "AND id != ?"),
              ("rounds", "label", "SELECT count(*) FROM rounds WHERE lower(label) = lower(?) "
               "AND forum_id = ? AND id != ?"))
    for table, column, sql in checks:
        for row in mf.tables[table]:
            if report.added.get(table) and isinstance(row.get(column), str):
                args = ([row[column], row["id"]] if table == "forums"
                        else [row[column], row.get("forum_id"), row["id"]])
                if db.execute(sql, args).fetchone()[0]:
                    report.notes.append(
                        f'this archive now has more than one {table[:-1]} called '
                        f'"{_short(row[column])}": they were made separately, so they are kept '
                        "apart. To collect on several laptops into one round, create the round "
                        "on one laptop and merge it into the others before collecting.")


def _insert(db: Database, mf: MergeFile, table: str, pending: list[tuple[int, dict]]) -> None:
    """Insert in batches of rows with the same fields; a failing batch is searched for the
    record to name (the rows before it went in, and all roll back with the transaction)."""
    groups: dict[tuple[str, ...], list[tuple[int, dict]]] = {}
    for n, values in pending:
        groups.setdefault(tuple(values), []).append((n, values))
    for columns, group in groups.items():
        sql = (f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "  # noqa: S608 - names checked against the table
               f"VALUES ({', '.join('?' * len(columns))})")
        for start in range(0, len(group), 1000):
            batch = group[start:start + 1000]
            try:
                db.conn.executemany(sql, [[v[c] for c in columns] for _, v in batch])
            except (sqlite3.DatabaseError, OverflowError) as batch_error:
                keys = TABLES[table]
                cond = " AND ".join(f"[{k}] = ?" for k in keys)
                for n, values in batch:
                    if db.execute(f"SELECT 1 FROM [{table}] WHERE {cond}",  # noqa: S608 - literal names
                                  [values[k] for k in keys]).fetchone() is not None:
                        continue  # went in before the failing record
                    error: BaseException = batch_error
                    try:
                        db.conn.execute(sql, [values[c] for c in columns])
                    except (sqlite3.DatabaseError, OverflowError) as one:
                        error = one
                    raise MergeFileError(mf.path, _record(mf.text, table, values)
                                         + f'table "{table}", record {n}',
                                         _integrity(table, values, error)) from error
                raise MergeFileError(mf.path, f'table "{table}"',
                                     _integrity(table, batch[0][1], batch_error)) from batch_error


def _check_answers_fit(db: Database, mf: MergeFile, keys: set[str]) -> None:
    """Each new answer must be to a question of its round's own question set."""
    if not keys:
        return
    marks, args = _in(keys)
    bad = db.execute(
        f"""SELECT a.response_key, a.question_id FROM answers a
            JOIN responses s ON s.key = a.response_key
            JOIN rounds r ON r.id = s.round_id
            JOIN questions q ON q.id = a.question_id
            WHERE a.response_key IN {marks} AND q.question_set_id != r.question_set_id
            LIMIT 1""",  # noqa: S608 - only placeholders are formatted in
        args,
    ).fetchone()
    if bad:
        raise MergeFileError(mf.path, f'table "answers", response {bad[0]}, field "question_id"',
                             "the answer is to a question that is not in its round's question "
                             "set. Nothing was imported.")
    bare = db.execute(
        f"""SELECT s.key FROM responses s WHERE s.key IN {marks}
            AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.response_key = s.key) LIMIT 1""",  # noqa: S608
        args,
    ).fetchone()
    if bare:
        raise MergeFileError(mf.path, f'table "responses", key {bare[0]}',
                             "the response has no answers in the file. Nothing was imported.")


def _show(value: object) -> str:
    return "empty" if value is None or value == "" else f'"{_short(str(value), 30)}"'


def _integrity(table: str, row: dict, exc: BaseException) -> str:
    kind = getattr(exc, "sqlite_errorname", "")
    if kind == "SQLITE_CONSTRAINT_FOREIGNKEY":
        return (f"{_label(table, row)} refers to a record that is in neither the file nor this "
                "archive. Nothing was imported.")
    if kind == "SQLITE_CONSTRAINT_NOTNULL":
        return f"{_label(table, row)} lacks a value the archive needs ({exc}). Nothing was imported."
    if kind == "SQLITE_CONSTRAINT_CHECK":
        return (f"{_label(table, row)} has a value this archive does not allow ({exc}). "
                "Nothing was imported.")
    return f"{_label(table, row)} cannot be added ({exc}). Nothing was imported."
