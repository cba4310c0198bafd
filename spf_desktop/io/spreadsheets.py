"""Reading spreadsheets into rows: one reader function per file format.

Microsoft Forms' Excel export and any .xlsx workbook (openpyxl, imported only
when one is read), and CSV files in the common dialects (csv.Sniffer) and
encodings (UTF-8, UTF-8 with a byte order mark, UTF-16 as Excel's "Unicode
text", Windows-1252). A new format is one function registered with
``register_reader``: it is picked by the file's first bytes or its extension,
and returns ``sheet_from_rows(path, rows, kind)``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path
from xml.parsers import expat

from spf_desktop.domain.response_columns import (
    MAX_COLUMNS,
    MAX_ROWS,
    ResponsesImportError,
    Sheet,
    sheet_from_rows,
    too_many_columns,
    too_many_rows,
)
from spf_desktop.io.xlsx_rows import EXCEL_COLUMNS as EXCEL_COLUMNS  # re-exported
from spf_desktop.io.xlsx_rows import SheetStyles, read_rows, read_texts

#: A reader: the file's path, its bytes and the sheet asked for (None: the first) -> a Sheet.
SheetReader = Callable[[Path, bytes, "str | None"], Sheet]


@dataclass(frozen=True)
class Reader:
    """One file format: how to know it (first bytes or extension) and how to read it."""

    name: str
    read: SheetReader
    magic: tuple[bytes, ...] = ()
    extensions: tuple[str, ...] = ()  # lower case, with the dot: ".xlsx"

    def knows(self, path: Path, head: bytes) -> bool:
        # By first bytes when it has them (a renamed file is still what it is), else by name.
        return head.startswith(self.magic) if self.magic else (
            path.suffix.casefold() in self.extensions)


#: A spreadsheet file bigger than this is refused by its size, before it is read.
MAX_FILE_BYTES = 50_000_000
#: A workbook whose parts unpack to more than this is refused before it is parsed
#: (a 1.3 MB "zip bomb" can hold 400 MB of sheet XML). Microsoft Forms' export of a
#: few hundred responses unpacks to well under a megabyte.
MAX_XLSX_UNPACKED_BYTES = 200_000_000

_READERS: dict[str, Reader] = {}
#: The format a file is read as when no reader knows it: plain text, the most forgiving.
FALLBACK = "csv"


def register_reader(name: str, read: SheetReader, *, magic: tuple[bytes, ...] = (),
                    extensions: tuple[str, ...] = ()) -> Reader:
    """Add a file format; ``read_sheet`` and so every import use it from then on.

    Readers that know a file by its first bytes are asked before those that go by
    its extension, so a renamed workbook is still read as one.
    """
    if not magic and not extensions and name != FALLBACK:
        raise ValueError("a reader needs the first bytes or the extensions it reads")
    reader = Reader(name, read, tuple(magic), tuple(e.casefold() for e in extensions))
    _READERS[name] = reader
    return reader


def unregister_reader(name: str) -> None:
    """Remove a format (for tests that add a throwaway one)."""
    if name != FALLBACK:
        _READERS.pop(name, None)


def readers() -> list[Reader]:
    """Every format, in the order they are tried."""
    return sorted(_READERS.values(), key=lambda r: (not r.magic, r.name == FALLBACK))


def known_extensions() -> list[str]:
    """Every extension a reader declares, e.g. for a file dialog's filter ("*.xlsx *.csv")."""
    return sorted({ext for reader in readers() for ext in reader.extensions})


def reader_for(path: Path, head: bytes) -> Reader:
    """The reader for a file: by first bytes, then extension, else the fallback (CSV)."""
    for reader in readers():
        if reader.name != FALLBACK and reader.knows(path, head):
            return reader
    return _READERS[FALLBACK]


def read_sheet(path: str | Path, *, sheet: str | None = None) -> Sheet:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ResponsesImportError(path, [
                f"the file: it is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}. A forum "
                "audit's responses are far smaller: check it is the right file."])
        data = path.read_bytes()
    except OSError as exc:
        raise ResponsesImportError(path, [f"cannot read the file ({exc.strerror})."]) from exc
    return reader_for(path, data[:64]).read(path, data, sheet)


def _refuse_xls(path: Path, data: bytes, sheet_name: str | None) -> Sheet:
    raise ResponsesImportError(path, [
        "row 1, column A: this is an old-style Excel .xls file. Open it in Excel and "
        "save it as .xlsx (Excel Workbook) or CSV, then import that."])


def sheet_names(path: str | Path) -> list[str]:
    """The sheets of an Excel workbook, in order; none for a CSV or a file that is not
    a workbook (reading it then says what is wrong)."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            if f.read(4) != b"PK\x03\x04":
                return []
        data = path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else b""
        return [s.title for s in _open_book(path, data).sheets] if data else []
    except (OSError, ResponsesImportError):
        return []


def _not_a_spreadsheet(path: Path, why: str) -> ResponsesImportError:
    return ResponsesImportError(path, [
        f"row 1, column A: this is not a spreadsheet ({why}). Import an Excel workbook "
        "(.xlsx, e.g. Microsoft Forms' \"Open in Excel\" download) or a CSV file."])


@dataclass(frozen=True)
class _BookSheet:
    title: str
    member: str  # the sheet's part in the zip
    chart: bool  # a chart sheet: no cells


@dataclass(frozen=True)
class _Book:
    """What a workbook's small parts say: its sheets, its texts' part, its styles."""

    sheets: tuple[_BookSheet, ...]
    texts: str | None
    styles: SheetStyles


def _open_book(path: Path, data: bytes) -> _Book:
    """The workbook's sheets, styles and date system, read by openpyxl; no sheet is
    read here (openpyxl would read a sheet that declares no size to its end)."""
    import zipfile

    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import SHARED_STRINGS

    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        try:
            reader.read_manifest()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            sheets = tuple(
                _BookSheet(sheet.name, rel.target, "chartsheet" in rel.Type)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files)
            part = reader.package.find(SHARED_STRINGS)
            wb = reader.wb
            styles = SheetStyles(wb._date_formats, wb._timedelta_formats, wb.epoch)
        finally:
            reader.archive.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as exc:
        raise _not_a_spreadsheet(path, f"a zip file that Excel cannot open: {exc}") from exc
    except Exception as exc:
        raise _not_a_spreadsheet(path, f"Excel cannot open it: {exc}") from exc
    if not any(not s.chart for s in sheets):
        raise _not_a_spreadsheet(path, "a workbook with no worksheet in it")
    return _Book(sheets, part.PartName[1:] if part is not None else None, styles)


def _read_xlsx(path: Path, data: bytes, sheet_name: str | None) -> Sheet:
    import zipfile
    import zlib

    _check_unpacked_size(path, data)
    inside = _csv_inside(path, data)
    if inside is not None:
        return inside
    book = _open_book(path, data)
    names = tuple(s.title for s in book.sheets)
    if sheet_name is not None:
        chosen = next((s for s in book.sheets if s.title == sheet_name), None)
        if chosen is None:
            raise ResponsesImportError(path, [
                f'there is no sheet "{sheet_name}"; the sheets are '
                + ", ".join(f'"{n}"' for n in names) + "."])
        if chosen.chart:
            raise ResponsesImportError(path, [
                f'sheet "{sheet_name}" is a chart, with no cells to read; the sheets are '
                + ", ".join(f'"{n}"' for n in names) + ". Choose the sheet of responses."])
    else:
        chosen = next(s for s in book.sheets if not s.chart)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            texts: list[str] = []
            # The part the manifest names; else one named as Excel names it (read,
            # so that its size is bounded too, though openpyxl would not use it).
            part = book.texts if book.texts in zf.namelist() else next(
                (n for n in zf.namelist() if n.casefold().endswith("sharedstrings.xml")), None)
            if part is not None:
                with zf.open(part) as fh:
                    texts = read_texts(path, fh, MAX_SHARED_STRINGS)
            with zf.open(chosen.member) as fh:
                rows = read_rows(path, fh, chosen.title, texts, book.styles,
                                 max_cells=MAX_CELLS, watch=ROW_WATCH.get(),
                                 watch_every=WATCH_EVERY)
            del texts
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        raise _not_a_spreadsheet(path, f"a zip file that Excel cannot open: {exc}") from exc
    except expat.ExpatError as exc:
        raise _not_a_spreadsheet(path, f"the workbook's list of texts is broken: {exc}") from exc
    others = [n for n in names if n != chosen.title]
    try:
        sheet = sheet_from_rows(path, rows, f'Excel workbook, sheet "{chosen.title}"')
    except ResponsesImportError as exc:
        if not others:
            raise
        # Say which sheet was read, and which others there are to choose from.
        raise ResponsesImportError(path, [
            f'{p} (sheet "{chosen.title}"; the workbook also has '
            + ", ".join(f'"{n}"' for n in others) + ": choose the sheet to read.)"
            for p in exc.problems]) from None
    return replace(sheet, sheets=names, sheet_name=chosen.title)


#: Cells in one sheet, and distinct texts in a workbook: far above any forum's
#: responses (100,000 rows of 50 answers), far below what would fill memory or
#: take minutes.
MAX_CELLS = 5_000_000
MAX_SHARED_STRINGS = 1_000_000


def _csv_inside(path: Path, data: bytes) -> Sheet | None:
    """A zip that is not a workbook but holds one CSV (Google Forms' "Download
    responses (.csv)" gives a .zip): that CSV, read as any CSV is. None for a workbook."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        if "[Content_Types].xml" in names:
            return None
        csvs = [i for i in zf.infolist() if i.filename.casefold().endswith((".csv", ".tsv"))]
        if len(csvs) != 1:
            raise _not_a_spreadsheet(path, (
                "a zip file with no CSV in it" if not csvs else
                f"a zip file with {len(csvs)} CSV files: " + ", ".join(i.filename for i in csvs)
                + ". Unzip it and import the one with the responses"))
        member = csvs[0]
        if member.file_size > MAX_FILE_BYTES:
            raise ResponsesImportError(path, [
                f"the file: {member.filename} inside it is {member.file_size:,} bytes; the limit "
                f"is {MAX_FILE_BYTES:,}. Check it is the right file."])
        with zf.open(member) as fh:
            inner = fh.read(MAX_FILE_BYTES + 1)
    if len(inner) > MAX_FILE_BYTES:
        raise ResponsesImportError(path, [
            f"the file: {member.filename} inside it unpacks to more than {MAX_FILE_BYTES:,} "
            "bytes. Check it is the right file."])
    sheet = _read_csv(path, inner)
    kind = sheet.kind.replace("CSV file", f"CSV file {member.filename} in a zip", 1)
    return replace(sheet, kind=kind)


def _check_unpacked_size(path: Path, data: bytes) -> None:
    """Refuse a workbook whose parts declare more than the limit, before parsing any."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _not_a_spreadsheet(path, f"a zip file that Excel cannot open: {exc}") from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ResponsesImportError(path, [
            f"the file: the workbook unpacks to {unpacked:,} bytes ({len(data):,} packed); the "
            f"limit is {MAX_XLSX_UNPACKED_BYTES:,}. A forum audit's responses are far smaller: "
            "check it is the right file, or split it."])


#: Told the number of rows read so far, every ``WATCH_EVERY`` rows, in the thread that
#: reads: the app's import window shows progress with it, and stops a read the user
#: cancels by raising from it. None (the default): nobody watches.
ROW_WATCH: ContextVar[Callable[[int], None] | None] = ContextVar("ROW_WATCH", default=None)
WATCH_EVERY = 500


def _bounded_rows(path: Path, rows: Iterable[Sequence[object]]) -> list[tuple[object, ...]]:
    """At most ``MAX_ROWS`` rows of at most ``MAX_COLUMNS`` cells, read lazily: one more
    row, or a value further right, is refused as soon as it is seen."""
    out: list[tuple[object, ...]] = []
    watch = ROW_WATCH.get()
    for number, row in enumerate(rows, start=1):
        if watch is not None and number % WATCH_EVERY == 0:
            watch(number)
        if number > MAX_ROWS:
            raise too_many_rows(path)
        if len(row) > MAX_COLUMNS:
            extra = [n for n, c in enumerate(row[MAX_COLUMNS:], start=MAX_COLUMNS)
                     if c is not None and str(c).strip()]
            if extra:
                raise too_many_columns(path, number, extra[0])
            row = row[:MAX_COLUMNS]
        # A blank row is kept as () (it still counts for the numbering): a sparse sheet
        # pads hundreds of thousands of rows with empty cells, which would fill memory.
        out.append(tuple(row) if any(c is not None and c != "" for c in row) else ())
    return out


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


#: A line and its ending (\r\n, \r or \n, as the csv module's own reading keeps
#: them), or a last line with none.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> Iterator[str]:
    """The text's lines one at a time, each a slice of its own. (A StringIO would
    copy the whole text again, four bytes a character: 180 MB for a 45 MB file.)"""
    for match in _LINE.finditer(text):
        yield match.group(0)


def _read_csv(path: Path, data: bytes, sheet_name: str | None = None) -> Sheet:
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
        rows = _bounded_rows(path, csv.reader(_lines(text), dialect))
    except csv.Error as exc:
        raise _not_a_spreadsheet(path, f"the CSV cannot be read: {exc}") from exc
    return sheet_from_rows(path, rows, f"CSV file ({encoding}, {delimiter}-separated)")


register_reader("xlsx", _read_xlsx, magic=(b"PK\x03\x04",), extensions=(".xlsx", ".zip"))
register_reader("xls", _refuse_xls, magic=(b"\xd0\xcf\x11\xe0",))
register_reader(FALLBACK, _read_csv, extensions=(".csv", ".txt", ".tsv"))
