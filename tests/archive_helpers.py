"""Shared by the archive and import tests: real files, and the archive's hash."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from spf_desktop.store import Archive, repo


def digest(path: Path) -> str:
    """The archive file's SHA-256 (taken after the archive is closed)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def round_by_label(db, label: str) -> dict:
    return next(r for r in repo.rounds(db) if r["label"] == label)


def question_texts(db, round_id: str) -> list[str]:
    rnd = repo.get(db, "rounds", round_id)
    return [q["text"] for q in repo.questions(db, rnd["question_set_id"])]


def forms_rows(texts: list[str], scores: list[list[object]], *, sides: list[str] | None = None,
               side_header: str = "Which side of the partnership are you on?") -> list[list[object]]:
    """Rows shaped like Microsoft Forms' Excel export: metadata, then one column per question."""
    header: list[object] = ["ID", "Start time", "Completion time", "Email", "Name", *texts]
    if sides is not None:
        header.append(side_header)
    rows: list[list[object]] = [header]
    for n, row in enumerate(scores, start=1):
        meta: list[object] = [n, datetime(2016, 5, 3, 9, n % 60), datetime(2016, 5, 3, 10, n % 60),
                              f"person{n}@example.nhs.uk", f"Respondent Number{n}"]
        rows.append(meta + list(row) + ([sides[n - 1]] if sides is not None else []))
    return rows


def write_xlsx(path: Path, rows: list[list[object]], *, title: str = "Sheet1") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook with several sheets, in the order given."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]], *, encoding: str = "utf-8",
              delimiter: str = ",", quoting: int | None = None, lineterminator: str = "\r\n") -> Path:
    import csv
    import io

    buf = io.StringIO()
    kwargs = {"delimiter": delimiter, "lineterminator": lineterminator}
    if quoting is not None:
        kwargs["quoting"] = quoting
    csv.writer(buf, **kwargs).writerows(
        [["" if c is None else (c.isoformat(" ") if isinstance(c, datetime) else c) for c in r]
         for r in rows])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def open_closed(path: Path) -> Archive:
    return Archive.open(path, backup=False)
