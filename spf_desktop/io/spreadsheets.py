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
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path

from spf_desktop.domain.response_columns import (
    MAX_COLUMNS,
    MAX_ROWS,
    ResponsesImportError,
    Sheet,
    sheet_from_rows,
    too_many_columns,
    too_many_rows,
)

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
    except OSError:
        return []
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:
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

    _check_unpacked_size(path, data)
    inside = _csv_inside(path, data)
    if inside is not None:
        return inside
    _check_sheets(path, data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as exc:
        raise _not_a_spreadsheet(path, f"a zip file that Excel cannot open: {exc}") from exc
    except Exception as exc:
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
        _check_declared_size(path, ws)
        # Then read every row at its own width: the declared size may be wrong (too
        # small, and rows or columns would be dropped without a word), and padding
        # each row to a fixed width would fill memory (1,000 cells a row).
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
        rows = _bounded_rows(path, ws.iter_rows(values_only=True))
        names = tuple(wb.sheetnames)
    finally:
        wb.close()
    others = [n for n in names if n != ws.title]
    try:
        sheet = sheet_from_rows(path, rows, f'Excel workbook, sheet "{ws.title}"')
    except ResponsesImportError as exc:
        if not others:
            raise
        # Say which sheet was read, and which others there are to choose from.
        raise ResponsesImportError(path, [
            f'{p} (sheet "{ws.title}"; the workbook also has '
            + ", ".join(f'"{n}"' for n in others) + ": choose the sheet to read.)"
            for p in exc.problems]) from None
    return replace(sheet, sheets=names, sheet_name=ws.title)


def _check_declared_size(path: Path, ws: object) -> None:
    """Refuse a sheet whose declared size (its ``<dimension>``) is past the limits,
    before a row is read; a sheet that declares none is bounded as it is read."""
    from spf_desktop.domain.response_columns import column_letter

    rows, cols = getattr(ws, "max_row", None), getattr(ws, "max_column", None)
    title = getattr(ws, "title", "")
    if isinstance(rows, int) and rows > MAX_ROWS:
        raise ResponsesImportError(path, [
            f'sheet "{title}": it declares {rows:,} rows; the limit is {MAX_ROWS:,}. A forum '
            "audit has a few hundred responses: check it is the right file, or copy the "
            "responses into a new workbook."])
    if isinstance(cols, int) and cols > MAX_COLUMNS:
        raise ResponsesImportError(path, [
            f'sheet "{title}": it declares {cols:,} columns (to column {column_letter(cols - 1)}); '
            f"the limit is {MAX_COLUMNS:,}. An audit's questions and comments need far fewer: "
            "check it is the right file, or copy the columns you need into a new workbook."])


#: Excel's own widest row (column XFD): a row with more cells than this was not
#: written by a spreadsheet program.
EXCEL_COLUMNS = 16_384
#: Cells in one sheet, and distinct texts in a workbook: far above any forum's
#: responses (100,000 rows of 50 answers), far below what would fill memory or
#: take minutes (openpyxl keeps every distinct text, and pads every row to its
#: last cell, empty or not).
MAX_CELLS = 5_000_000
MAX_SHARED_STRINGS = 1_000_000


def _check_sheets(path: Path, data: bytes) -> None:
    """Count the cells of every worksheet before openpyxl opens the workbook: opening
    it already reads each sheet that declares no size to its end, keeping every
    element, and reading builds a whole row before ``_bounded_rows`` sees it, so one
    row of millions of cells (a few hundred KB packed) would fill gigabytes. A
    workbook whose sheets cannot be found is left to openpyxl to refuse."""
    from openpyxl.reader.excel import ExcelReader

    _check_shared_strings(path, data)
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        return
    try:
        reader.read_manifest()
        reader.read_workbook()
        sheets = [(sheet.name, rel.target) for sheet, rel in reader.parser.find_sheets()
                  if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
    except Exception:
        return
    finally:
        reader.archive.close()
    for title, member in sheets:
        _check_cells(path, data, member, title)


def _check_shared_strings(path: Path, data: bytes) -> None:
    """Count the workbook's distinct texts, streamed, before openpyxl keeps them all."""
    import zipfile
    import zlib
    from xml.parsers import expat

    count = [0]

    def start(name: str, _attrs: dict[str, str]) -> None:
        if name == "si" or name.endswith(":si"):
            count[0] += 1
            if count[0] > MAX_SHARED_STRINGS:
                raise ResponsesImportError(path, [
                    f"row 1, column A: the workbook holds more than {MAX_SHARED_STRINGS:,} "
                    "different texts; a forum audit's responses hold far fewer. Check it "
                    "is the right file."])

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = [n for n in zf.namelist() if n.casefold().endswith("sharedstrings.xml")]
            for member in members:
                with zf.open(member) as fh:
                    while chunk := fh.read(1 << 16):
                        parser.Parse(chunk, False)
                parser.Parse(b"", True)
                parser = expat.ParserCreate()
                parser.StartElementHandler = start
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        raise _not_a_spreadsheet(path, f"a zip file that Excel cannot open: {exc}") from exc
    except expat.ExpatError as exc:
        raise _not_a_spreadsheet(path, f"the workbook's list of texts is broken: {exc}") from exc


def _check_cells(path: Path, data: bytes, member: str, title: str) -> None:
    """Count one sheet's cells row by row in its XML. Refused at once: a value
    past ``MAX_COLUMNS``, a row of more cells than Excel allows, more rows than
    ``MAX_ROWS``, or more cells than ``MAX_ROWS`` x ``MAX_COLUMNS``. The XML is
    streamed (memory stays flat); its size is bounded by ``_check_unpacked_size``."""
    import zipfile
    import zlib
    from xml.parsers import expat

    where = f'sheet "{title}", '
    # [row number, <row> elements, cells in the sheet, column of the last cell (from 0),
    # cells in this row]. Only start tags are watched (cells appear nowhere but in rows):
    # a call per element is the pass's whole cost.
    state = [0, 0, 0, -1, 0]
    cell_limit = MAX_CELLS

    def refuse(text: str) -> None:
        raise ResponsesImportError(path, [where + text])

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "v" or name == "is" or name.endswith((":v", ":is")):
            if state[3] >= MAX_COLUMNS:
                refuse(too_many_columns(path, state[0], state[3]).problems[0])
        elif name == "c" or name.endswith(":c"):
            col = state[3] + 1
            letters = attrs.get("r", "").rstrip("0123456789")
            if letters:
                if not (letters.isalpha() and letters.isascii() and len(letters) <= 3):
                    refuse(f'row {state[0]}: a cell\'s reference "{attrs["r"][:20]}" is not '
                           "a spreadsheet's. Check it is the right file.")
                col = 0
                for ch in letters.upper():
                    col = col * 26 + ord(ch) - 64
                col -= 1
            state[3] = col
            state[4] += 1
            state[2] += 1
            if col >= MAX_COLUMNS:  # even empty: openpyxl pads the row out to it
                refuse(too_many_columns(path, state[0], col).problems[0])
            if state[4] > EXCEL_COLUMNS or col >= EXCEL_COLUMNS:
                refuse(f"row {state[0]}: it has more than {EXCEL_COLUMNS:,} cells, more "
                       "than Excel allows in a row; it was not written by a spreadsheet "
                       "program. Check it is the right file.")
            if state[2] > cell_limit:
                refuse(f"row {state[0]}: more than {cell_limit:,} cells in the sheet; a forum "
                       "audit's responses are far fewer. Check it is the right file.")
        elif name == "row" or name.endswith(":row"):
            state[1] += 1
            r = attrs.get("r", "")
            state[0] = int(r) if r.isdigit() and len(r) < 10 else state[0] + 1
            if state[1] > MAX_ROWS or state[0] > MAX_ROWS:
                raise ResponsesImportError(path, [where + too_many_rows(path).problems[0]])
            state[3], state[4] = -1, 0

    def no_doctype(*_: object) -> None:
        refuse("row 1, column A: the sheet's XML declares a DOCTYPE, which Excel never "
               "writes. Check it is the right file.")

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = no_doctype
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(member) as fh:
            while chunk := fh.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        raise _not_a_spreadsheet(path, f"a zip file that Excel cannot open: {exc}") from exc
    except expat.ExpatError as exc:
        raise _not_a_spreadsheet(path, f'the XML of sheet "{title}" is broken: {exc}') from exc


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
        rows = _bounded_rows(path, csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise _not_a_spreadsheet(path, f"the CSV cannot be read: {exc}") from exc
    return sheet_from_rows(path, rows, f"CSV file ({encoding}, {delimiter}-separated)")


register_reader("xlsx", _read_xlsx, magic=(b"PK\x03\x04",), extensions=(".xlsx", ".zip"))
register_reader("xls", _refuse_xls, magic=(b"\xd0\xcf\x11\xe0",))
register_reader(FALLBACK, _read_csv, extensions=(".csv", ".txt", ".tsv"))
