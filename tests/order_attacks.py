"""Ways an attacker with the raw files tries to put a round's responses in the
order they were given, and the Spearman correlation that scores each try.

Every attack turns what the bytes show into a score per response key (a higher
score: "given later"). None uses SQLite: only ``tests/sqlite_pages.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from statistics import fmean

from sqlite_pages import Cell, SQLiteFile

Scores = dict[str, float]


def ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 1, ties given their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rho; 0 when either side has no spread (the attack learnt nothing)."""
    if len(xs) < 3:
        return 0.0
    rx, ry = ranks(xs), ranks(ys)
    mx, my = fmean(rx), fmean(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    if sxx == 0 or syy == 0:
        return 0.0
    return sxy / (sxx * syy) ** 0.5


def correlation(true_order: Sequence[str], scores: Scores) -> float:
    """How well ``scores`` recover ``true_order`` (keys, first given first)."""
    known = [k for k in true_order if k in scores]
    return spearman(list(range(len(known))), [scores[k] for k in known])


def _key_of(value: object) -> str | None:
    if isinstance(value, str) and len(value) >= 32:
        return value.split("/")[0]
    return None


def _by_key(cells: list[Cell], column: int, feature: Callable[[Cell], float]) -> Scores:
    found: dict[str, list[float]] = defaultdict(list)
    for cell in cells:
        if len(cell.values) > column:
            key = _key_of(cell.values[column])
            if key is not None:
                found[key].append(feature(cell))
    return {k: fmean(v) for k, v in found.items()}


def _later_lower(cell: Cell) -> float:
    """SQLite places each new cell below the previous one: lower offset, later."""
    return -cell.offset


def _newer_page(cell: Cell) -> float:
    """New pages are added at the end of the file: higher page, later; then offset."""
    return cell.page * 65536 - cell.offset


def attacks(f: SQLiteFile, keys: Sequence[str]) -> dict[str, Scores]:
    """Every attack's scores on one snapshot of the files."""
    out: dict[str, Scores] = {}
    tables = {
        "responses": 0,               # (key, round_id, side)
        "answers": 0,                 # (response_key, question_id, score, comment)
        "responses_by_round": 1,      # (round_id, key)
        "answers_by_question": 1,     # (question_id, response_key, ...)
        "sqlite_autoindex_search_refs_1": 1,  # (kind, ref, id)
    }
    for name, column in tables.items():
        cells = f.table_cells(name)
        out[f"{name}: cell offset"] = _by_key(cells, column, _later_lower)
        out[f"{name}: page, then offset"] = _by_key(cells, column, _newer_page)
    # Search entries: the id (rowid) of each comment's entry, and where its cells sit.
    refs = f.table_cells("search_refs")
    ref_key = {c.rowid: _key_of(c.values[2]) for c in refs
               if len(c.values) > 2 and c.values[1] == "comment"}
    out["search_refs: id"] = _mean_by({k: float(r) for r, k in ref_key.items() if k and r is not None})
    out["search_refs: cell offset"] = _by_key(
        [c for c in refs if len(c.values) > 2 and c.values[1] == "comment"], 2, _later_lower)
    for shadow in ("search_index_content", "search_index_docsize"):
        cells = [c for c in f.table_cells(shadow) if c.rowid in ref_key]
        out[f"{shadow}: cell offset"] = _mean_by_rowid(cells, ref_key, _later_lower)
        out[f"{shadow}: page, then offset"] = _mean_by_rowid(cells, ref_key, _newer_page)
    # The WAL: the first frame that holds each key (a key in no frame: oldest).
    first: dict[str, float] = {}
    for frame in f.frames:
        for key in keys:
            if key not in first and key.encode() in frame.data:
                first[key] = frame.number
    out["wal: first frame holding the key"] = {k: first.get(k, -1.0) for k in keys}
    return out


def _mean_by(pairs: dict[float, str] | dict[str, float]) -> Scores:
    return dict(pairs)  # type: ignore[arg-type]


def _mean_by_rowid(cells: list[Cell], ref_key: dict[int | None, str | None],
                   feature: Callable[[Cell], float]) -> Scores:
    found: dict[str, list[float]] = defaultdict(list)
    for cell in cells:
        key = ref_key.get(cell.rowid)
        if key:
            found[key].append(feature(cell))
    return {k: fmean(v) for k, v in found.items()}


def recover(db: Path, true_order: Sequence[str]) -> dict[str, float]:
    """Spearman's rho of every attack on the archive at ``db`` (and its WAL)."""
    f = SQLiteFile.read(db)
    return {name: correlation(true_order, scores)
            for name, scores in attacks(f, true_order).items()}
