"""One worksheet of an .xlsx workbook as rows, bounded and read in a single pass.

openpyxl finds the workbook's sheets, styles and date system (small parts); the
sheet itself and its list of texts are read here, streamed from the zip with
expat, so memory stays flat and each cell is looked at once: the limits are
checked on the cell's start tag, before anything past them is kept, and its
value is read on its end tag. Values are what openpyxl's read-only mode gives
with ``data_only=True`` (a formula's saved result, dates as datetimes by the
cell's number format, booleans, error codes as text), without building an
element per cell, which made reading a sheet several times slower and
checking it a second pass of its own.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import IO
from xml.parsers import expat

from spf_desktop.domain.response_columns import (
    MAX_COLUMNS,
    MAX_ROWS,
    ResponsesImportError,
    column_letter,
    too_many_columns,
    too_many_rows,
)

#: Excel's own widest row (column XFD): a row with more cells than this was not
#: written by a spreadsheet program.
EXCEL_COLUMNS = 16_384

#: Excel's own limit for the text of one cell.
MAX_CELL_TEXT = 32_767
#: All the text a workbook's cells and shared texts may hold together: far more
#: than any forum's responses, and small enough to keep an import's memory bounded.
MAX_TEXT = 20_000_000

_CHUNK = 1 << 16


class _TextBudget:
    """Counts text as expat hands it over: one cell's, and the whole file's."""

    def __init__(self, path: Path) -> None:
        self.path, self.cell, self.total = path, 0, 0

    def take(self, size: int, place: str) -> None:
        self.cell += size
        self.total += size
        if self.cell > MAX_CELL_TEXT or self.total > MAX_TEXT:
            self.refuse(place)

    def refuse(self, place: str) -> None:
        if self.cell > MAX_CELL_TEXT:
            raise ResponsesImportError(self.path, [
                f"{place}: the cell holds more than {MAX_CELL_TEXT:,} characters, more than "
                "Excel itself allows in a cell. The file was not written by a spreadsheet "
                "program as it is; save it again from Excel, or check it is the right file."])
        if self.total > MAX_TEXT:
            raise ResponsesImportError(self.path, [
                f"{place}: the workbook holds more than {MAX_TEXT:,} characters of text; a "
                "forum audit's responses hold far fewer. Check it is the right file."])


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _feed(parser: expat.XMLParserType, source: IO[bytes]) -> None:
    while chunk := source.read(_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _no_doctype(refuse: Callable[[str], None]) -> Callable[..., None]:
    def handler(*_: object) -> None:
        refuse("row 1, column A: the sheet's XML declares a DOCTYPE, which Excel never "
               "writes. Check it is the right file.")
    return handler


def read_texts(path: Path, source: IO[bytes], limit: int) -> list[str]:
    """The workbook's shared texts, in order, as openpyxl reads them (a rich text's
    runs joined, phonetic guides left out); more than ``limit`` is refused as soon
    as the next one starts."""
    texts: list[str] = []
    parts: list[str] = []
    state = [False, False]  # [in a <t> that counts, in a phonetic guide <rPh>]
    budget = _TextBudget(path)

    def refuse(text: str) -> None:
        raise ResponsesImportError(path, [text])

    def start(name: str, _attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "t":
            state[0] = not state[1]
        elif local == "si":
            parts.clear()
            budget.cell = 0
            if len(texts) >= limit:
                raise ResponsesImportError(path, [
                    f"row 1, column A: the workbook holds more than {limit:,} different "
                    "texts; a forum audit's responses hold far fewer. Check it is the "
                    "right file."])
        elif local == "rPh":
            state[1] = True

    def end(name: str) -> None:
        local = _local(name)
        if local == "t":
            state[0] = False
        elif local == "si":
            texts.append("".join(parts).replace("x005F_", ""))
        elif local == "rPh":
            state[1] = False

    def text(data: str) -> None:
        if state[0]:
            budget.take(len(data), f"shared text {len(texts) + 1:,}")
            parts.append(data)

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = _no_doctype(refuse)
    _feed(parser, source)
    return texts


class SheetStyles:
    """What reading a cell's value needs from the workbook: which cell styles are
    dates or durations, and the date system (1900 or 1904)."""

    def __init__(self, dates: Iterable[int], durations: Iterable[int], epoch: datetime) -> None:
        self.dates = frozenset(str(s) for s in dates)
        self.durations = frozenset(str(s) for s in durations)
        self.epoch = epoch


def read_rows(path: Path, source: IO[bytes], title: str, texts: list[str], styles: SheetStyles,
              *, max_cells: int, watch: Callable[[int], None] | None = None,
              watch_every: int = 500) -> list[tuple[object, ...]]:
    """Every row of the sheet from row 1, each at its own width (a row with nothing
    in it is ``()``). Refused as soon as it is seen: a cell past ``MAX_COLUMNS``
    (even empty), a row of more cells than Excel allows, more rows than
    ``MAX_ROWS``, more cells than ``max_cells``, or a value that cannot be what its
    cell says it is; and a sheet that declares more than ``MAX_ROWS`` rows or
    ``MAX_COLUMNS`` columns.

    expat calls back on each element's start and end; nothing is built per element,
    and a row's cells are dropped once the row is kept."""
    where = f'sheet "{title}", '
    rows: list[tuple[object, ...]] = []
    cells: list[tuple[int, object]] = []
    parts: list[str] = []
    budget = _TextBudget(path)
    locals_: dict[str, str] = {}
    told: list[ResponsesImportError] = []
    state = _RowState()
    columns: dict[str, int] = {}  # a cell reference's letters -> its column, once checked
    # The cell being read: its column, type and style; inside <v> or an inline <t>.
    at, kind, style = 0, "n", ""
    collecting = has_value = has_inline = phonetic = False

    def refuse(text: str) -> None:
        raise ResponsesImportError(path, [where + text])

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal at, kind, style, collecting, has_value, has_inline, phonetic
        local = locals_.get(name)
        if local is None:
            local = locals_[name] = name.rpartition("}")[2]
        if local == "c":
            ref = attrs.get("r")
            known = columns.get(ref.rstrip("0123456789")) if ref else None
            if known is None:
                at = state.cell(ref, refuse, path, max_cells)
                if ref:
                    columns[ref.rstrip("0123456789")] = at
            else:  # the common case, inline: a column seen (and checked) before
                at = state.col = known
                state.in_row += 1
                state.total += 1
                if state.in_row > EXCEL_COLUMNS or state.total > max_cells:
                    state.cell(ref, refuse, path, max_cells)  # refuses
            kind = attrs.get("t", "n")
            style = attrs.get("s", "")
            parts.clear()
            budget.cell = 0
            has_value = has_inline = phonetic = False
        elif local == "v":
            collecting = has_value = True
        elif local == "t":
            collecting = has_inline and not phonetic
        elif local == "is":
            has_inline = True
        elif local == "rPh":
            phonetic = True
        elif local == "row":
            cells.clear()
            state.row(attrs.get("r"), path, where)
        elif local == "dimension":
            told.extend(_declared(path, title, attrs.get("ref") or ""))

    def end(name: str) -> None:
        nonlocal collecting, phonetic
        local = locals_[name]
        if local == "c":
            if kind == "n" and not style and has_value:  # a plain whole number, inline
                raw = "".join(parts)
                if raw and "." not in raw and "E" not in raw and "e" not in raw:
                    try:
                        cells.append((at, int(raw)))
                        return
                    except ValueError:
                        pass
            if kind == "inlineStr":
                cells.append((at, "".join(parts) if has_inline else None))
            else:
                raw = "".join(parts) if has_value else ""
                cells.append((at, _convert(raw, kind, style, texts, styles, state, refuse)
                              if raw else None))
        elif local == "v" or local == "t":
            collecting = False
        elif local == "row":
            _close_row(rows, cells, state.number, watch, watch_every)
            cells.clear()
        elif local == "rPh":
            phonetic = False

    def text(data: str) -> None:
        if collecting:
            parts.append(data)
            size = len(data)
            budget.cell += size  # counted here, not in a call: this runs for every cell
            budget.total += size
            if budget.cell > MAX_CELL_TEXT or budget.total > MAX_TEXT:
                budget.refuse(f"{where}row {state.number:,}, column {column_letter(at)}")

    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = _no_doctype(refuse)
    try:
        _feed(parser, source)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise ResponsesImportError(path, [
            f"row 1, column A: this is not a spreadsheet (a zip file that Excel cannot open: "
            f"{exc}). Import an Excel workbook (.xlsx, e.g. Microsoft Forms' \"Open in Excel\" "
            "download) or a CSV file."]) from exc
    except expat.ExpatError as exc:
        raise ResponsesImportError(path, [
            f'row 1, column A: this is not a spreadsheet (the XML of sheet "{title}" is '
            f"broken: {exc}). Import an Excel workbook (.xlsx, e.g. Microsoft Forms' \"Open "
            "in Excel\" download) or a CSV file."]) from exc
    if told:
        # Refused after the cells, which name the cell that is too far; the declaration
        # alone cannot fill memory (every cell is bounded as it is read).
        raise told[0]
    return rows


class _RowState:
    """Where the pass is: the row's number, rows and cells seen, the last column."""

    __slots__ = ("number", "elements", "in_row", "total", "col")

    def __init__(self) -> None:
        self.number = self.elements = self.in_row = self.total = 0
        self.col = -1

    def cell(self, ref: str | None, refuse: Callable[[str], None], path: Path,
             max_cells: int) -> int:
        """The cell's column (from 0), counted; refused past the limits."""
        row = self.number  # the row being read
        col = self.col + 1
        if ref:
            letters = ref.rstrip("0123456789")
            if not (letters and letters.isalpha() and letters.isascii() and len(letters) <= 3):
                refuse(f'row {row}: a cell\'s reference "{ref[:20]}" is not a '
                       "spreadsheet's. Check it is the right file.")
            digits = ref[len(letters):]
            if digits.isdigit() and len(digits) < 10:
                row = int(digits)
            col = 0
            for ch in letters.upper():
                col = col * 26 + ord(ch) - 64
            col -= 1
        self.col = col
        self.in_row += 1
        self.total += 1
        if col >= MAX_COLUMNS:  # even empty: such a row is padded out to it
            refuse(too_many_columns(path, row, col).problems[0])
        if self.in_row > EXCEL_COLUMNS:
            refuse(f"row {row}: it has more than {EXCEL_COLUMNS:,} cells, more than Excel "
                   "allows in a row; it was not written by a spreadsheet program. Check it "
                   "is the right file.")
        if self.total > max_cells:
            refuse(f"row {row}: more than {max_cells:,} cells in the sheet; a forum "
                   "audit's responses are far fewer. Check it is the right file.")
        return col

    def row(self, ref: str | None, path: Path, where: str) -> None:
        self.elements += 1
        self.number = int(ref) if ref and ref.isdigit() and len(ref) < 10 else self.number + 1
        if self.elements > MAX_ROWS or self.number > MAX_ROWS:
            raise ResponsesImportError(path, [where + too_many_rows(path).problems[0]])
        self.col, self.in_row = -1, 0


def _convert(raw: str, kind: str, style: str, texts: list[str], styles: SheetStyles,
             state: _RowState, refuse: Callable[[str], None]) -> object:
    """A cell's text as openpyxl reads it with ``data_only=True``."""
    try:
        if kind == "n":
            number: int | float = (float(raw) if "." in raw or "E" in raw or "e" in raw
                                   else int(raw))
            if style and style in styles.dates:
                from openpyxl.utils.datetime import from_excel

                try:
                    return from_excel(number, styles.epoch, timedelta=style in styles.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"  # as openpyxl reads a date Excel cannot show
            return number
        if kind == "s":
            return texts[int(raw)]
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(raw)
    except (ValueError, IndexError, OverflowError, TypeError):
        refuse(f"row {state.number}, column {column_letter(state.col)}: the cell holds "
               f'"{raw[:30]}", which is not what the cell says it is ({kind}). The file is '
               "damaged: open it in Excel and save it again, or save it as CSV.")
    return raw  # text ("str"), an error code ("e"), or a type Excel does not write


def _close_row(rows: list[tuple[object, ...]], cells: list[tuple[int, object]], number: int,
               watch: Callable[[int], None] | None, every: int) -> None:
    """As openpyxl: rows missing from the file are empty, a row out of order (or
    repeated) is skipped, and a row is as wide as its last cell."""
    if number <= len(rows):
        return
    while len(rows) < number - 1:
        rows.append(())
        if watch is not None and len(rows) % every == 0:
            watch(len(rows))
    values: list[object] = []
    if cells:
        width = cells[-1][0] + 1
        values = [None] * width
        for at, value in cells:
            if 0 <= at < width:
                values[at] = value
    rows.append(tuple(values) if any(v is not None and v != "" for v in values) else ())
    if watch is not None and len(rows) % every == 0:
        watch(len(rows))


def _declared(path: Path, title: str, ref: str) -> list[ResponsesImportError]:
    """The sheet's declared size (its ``<dimension>``), if past the limits."""
    from openpyxl.utils.cell import range_boundaries

    try:
        _, _, last_col, last_row = range_boundaries(ref.upper())
    except (ValueError, TypeError):
        return []  # an odd declaration: the cells are bounded as they are read
    if isinstance(last_row, int) and last_row > MAX_ROWS:
        return [ResponsesImportError(path, [
            f'sheet "{title}": it declares {last_row:,} rows; the limit is {MAX_ROWS:,}. '
            "A forum audit has a few hundred responses: check it is the right file, or "
            "copy the responses into a new workbook."])]
    if isinstance(last_col, int) and last_col > MAX_COLUMNS:
        return [ResponsesImportError(path, [
            f'sheet "{title}": it declares {last_col:,} columns (to column '
            f"{column_letter(last_col - 1)}); the limit is {MAX_COLUMNS:,}. An audit's "
            "questions and comments need far fewer: check it is the right file, or copy "
            "the columns you need into a new workbook."])]
    return []
