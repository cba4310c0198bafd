"""Import limits and messages: a file past a limit is refused with a message that
names it and says what to do, before it fills memory; nothing in the archive
changes (its SHA-256 the same). The limits are patched down where a full-size
file would be slow to write."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from archive_helpers import digest, open_closed, write_csv
from audit_helpers import three_question_round

from spf_desktop.io import responses_import as ri
from spf_desktop.io import spreadsheets
from spf_desktop.store import Archive

Q1, Q2, Q3 = "Do we trust each other?", "Do we listen?", "Do we share a purpose?"


@pytest.fixture
def closed(archive_path: Path) -> tuple[Path, str]:
    with Archive.open(archive_path, create=True, backup=False) as arch:
        round_id, _ = three_question_round(arch.db, status="closed")
    return archive_path, round_id


def _refused(archive: Path, round_id: str, file: Path, *expected: str) -> str:
    before = digest(archive)
    with open_closed(archive) as arch, pytest.raises(ri.ResponsesImportError) as info:
        ri.import_responses(arch.db, file, round_id)
    message = str(info.value)
    assert file.name in message and "Nothing was imported" in message, message
    for text in expected:
        assert text in message, message
    assert digest(archive) == before
    return message


def test_a_200_mb_csv_is_refused_by_its_size_unread(closed, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "huge.csv"
    with big.open("wb") as fh:
        fh.truncate(200_000_000)  # takes no disk space

    original = Path.read_bytes

    def guarded(self: Path) -> bytes:
        assert self.name != "huge.csv", "the file was read"
        return original(self)
    monkeypatch.setattr(Path, "read_bytes", guarded)
    message = _refused(*closed, big, "the file: it is 200,000,000 bytes; the limit is "
                       "50,000,000")
    assert "MemoryError" not in message


def test_a_nul_byte_in_a_csv_is_refused_as_not_text(closed, tmp_path: Path) -> None:
    file = tmp_path / "zero-byte.csv"  # not "nul.csv": NUL is a device name on Windows
    file.write_bytes(f"{Q1},{Q2},{Q3}\n5,\x006,7\n".encode())
    _refused(*closed, file, "this is not a spreadsheet (it holds binary data, not text)",
             "Import an Excel workbook")


def test_a_zip_bomb_posing_as_a_google_forms_download_is_refused(
        closed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheets, "MAX_FILE_BYTES", 1_000_000)
    file = tmp_path / "responses.zip"
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("responses.csv", f"{Q1},{Q2},{Q3}\n" + "5,6,7\n" * 1_000_000)
    assert file.stat().st_size < 100_000
    _refused(*closed, file, "responses.csv inside it is 6,000,0", "the limit is 1,000,000")


def test_a_zip_that_is_not_a_workbook_and_holds_no_csv_says_so(closed, tmp_path: Path) -> None:
    file = tmp_path / "photos.zip"
    with zipfile.ZipFile(file, "w") as zf:
        zf.writestr("a.jpg", b"\xff\xd8")
    _refused(*closed, file, "a zip file with no CSV in it")


def _declared(path: Path, ref: str) -> Path:
    """A workbook whose sheet declares the size ``ref`` (e.g. A1:XFD2) and holds 2 rows."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([Q1, Q2, Q3])
    ws.append([5, 6, 7])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<dimension ref=\"") + len("<dimension ref=\"")
                end = text.index("\"", start)
                data = (text[:start] + ref + text[end:]).encode()
            out.writestr(item, data)
    return path


def test_a_sheet_that_declares_a_million_columns_or_rows_is_refused_before_reading(
        closed, tmp_path: Path) -> None:
    _refused(*closed, _declared(tmp_path / "wide.xlsx", "A1:XFD2"),
             'sheet "Sheet": it declares 16,384 columns (to column XFD); the limit is 1,000')
    _refused(*closed, _declared(tmp_path / "tall.xlsx", "A1:C1048576"),
             'sheet "Sheet": it declares 1,048,576 rows; the limit is 100,000')


def _one_wide_row(path: Path, cells: int) -> Path:
    """A workbook with a heading row, then one row of ``cells`` numbers (a few KB packed)
    and no declared size (openpyxl then reads the whole sheet just to open it)."""
    return _workbook_with(path, b"<c><v>5</v></c>" * cells, declared=False)


_PEAK = """
import resource, sys
from spf_desktop.io import spreadsheets
from spf_desktop.domain.response_columns import ResponsesImportError
import openpyxl, openpyxl.reader.excel

def peak_mb():
    # the process's own high-water mark: getrusage's keeps the parent's across exec
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status
                        if line.startswith("VmHWM:")) // 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

start = peak_mb()
try:
    spreadsheets.read_sheet(sys.argv[1])
except ResponsesImportError as exc:
    print(str(exc).replace(chr(10), " "))
print(peak_mb() - start)
"""


def test_one_row_of_200_000_cells_is_refused_before_it_fills_memory(
        closed, tmp_path: Path) -> None:
    # openpyxl builds a whole row before the column limit sees it: 200,000 cells
    # packed into a few KB took some 90 MB, a million 500 MB. The sheet's cells are
    # counted first, so the row is refused at its 1,001st value.
    file = _one_wide_row(tmp_path / "wide-row.xlsx", 200_000)
    assert file.stat().st_size < 100_000
    _refused(*closed, file, 'sheet "Sheet", row 2, column ALM: more than 1,000 columns')
    if sys.platform == "win32":  # the peak is read with getrusage, which is POSIX's
        return
    out = subprocess.run([sys.executable, "-c", _PEAK, str(file)], capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert "row 2, column ALM" in out[0], out
    assert int(out[-1]) < 50, f"{out[-1]} MB more at the peak than before reading"


def test_messages_give_full_headings_once_and_say_what_to_do(closed, tmp_path: Path) -> None:
    long = ("Thinking about the last twelve months of the forum's meetings, how far do you "
            "agree that we trust each other enough to be open?")
    file = write_csv(tmp_path / "long.csv", [["Timestamp", long, "Another long heading " * 5],
                                             ["2024-03-01", 5, 6]])
    message = _refused(*closed, file, f'B "{long}"', 'no column for question 1, '
                       f'"{Q1}"', "--column 1=COLUMN")
    assert message.count(long) == 1  # one list of the headings, not one per question
    assert "..." not in message.split("headings are", 1)[1].split("\n", 1)[0]


def test_several_sheets_are_named_in_every_message(closed, tmp_path: Path) -> None:
    from archive_helpers import write_workbook

    file = write_workbook(tmp_path / "book.xlsx", {
        "Voters": [[Q1, Q2, Q3], [0, 10, "lots"]], "Notes": [["x"]], "Summary": [["y"]]})
    _refused(*closed, file, 'row 2, column C ("Do we share a purpose?"): "lots" is not a number',
             'sheet "Voters"; the workbook also has "Notes", "Summary": choose the sheet')


@pytest.mark.parametrize("cell", ["-1", "2.5", "lots", "1e9", "nan", "inf", "\u00b2"])
def test_a_counts_table_with_a_cell_that_is_not_a_count_says_where(closed, tmp_path: Path,
                                                                    cell: str) -> None:
    rows = [["Question", *range(11)], [Q1, *[1] * 11], [Q2, 2, cell, *[0] * 9]]
    _refused(*closed, write_csv(tmp_path / "counts.csv", rows),
             "row 3, column C:", "is not a number of votes")


def test_counts_past_the_round_limit_are_refused(closed, tmp_path: Path) -> None:
    rows = [["Question", *range(11)], [Q1, *[99_999] * 11]]
    _refused(*closed, write_csv(tmp_path / "counts.csv", rows),
             "a question has 1,099,989 votes; a round holds at most 100,000")


def test_a_workbook_of_too_many_different_texts_is_refused_before_they_are_kept(
        closed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl keeps every distinct text of a workbook: a small file of millions of
    them would fill memory. Counted first (the limit lowered here to keep it quick)."""
    from openpyxl import Workbook

    monkeypatch.setattr(spreadsheets, "MAX_SHARED_STRINGS", 20)
    book = Workbook()
    sheet = book.active
    sheet.append([Q1, Q2, Q3])
    sheet.append([5, 6, 7])
    book.save(tmp_path / "texts.xlsx")
    texts = "".join(f"<si><t>comment {n}</t></si>" for n in range(30))
    with zipfile.ZipFile(tmp_path / "texts.xlsx", "a") as z:  # as Excel keeps them
        z.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/'
                   f'spreadsheetml/2006/main" count="30" uniqueCount="30">{texts}</sst>')
    _refused(*closed, tmp_path / "texts.xlsx", "more than 20 different texts")


def test_an_empty_but_formatted_cell_past_the_column_limit_is_refused(
        closed, tmp_path: Path) -> None:
    """openpyxl pads every row out to its last cell, empty or not: a cell at column XFD
    on each of many rows costs minutes. Any cell past column 1,000 is refused."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.append([Q1, Q2, Q3])
    sheet.append([5, 6, 7])
    sheet.cell(row=2, column=16_384).font = Font(bold=True)  # formatted, no value
    book.save(tmp_path / "xfd.xlsx")
    _refused(*closed, tmp_path / "xfd.xlsx", "row 2, column XFD: more than 1,000 columns")


def _workbook_with(path: Path, row: bytes, shared: bytes | None = None, *,
                   declared: bool = True) -> Path:
    """A workbook with a heading row and then ``row`` (sheet XML) as row 2; with
    ``shared``, that as its shared texts; unless ``declared``, no <dimension>."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append([Q1, Q2, Q3])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'<row r="2">' + row + b"</row></sheetData>")
                if not declared:
                    data = re.sub(rb"<dimension [^>]*/>", b"", data)
                    assert b"<dimension" not in data
            if item.filename == "xl/sharedStrings.xml" and shared is not None:
                continue
            out.writestr(item, data)
        if shared is not None:
            out.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/'
                         b'spreadsheetml/2006/main">' + shared + b"</sst>")
    return path


def test_a_cell_of_millions_of_characters_is_refused_as_it_is_read(
        closed, tmp_path: Path) -> None:
    # 40 million characters pack into some 40 KB; read whole (and then cleaned one
    # character at a time as a comment) they took gigabytes. Excel allows 32,767.
    big = b"A" * 40_000_000
    inline = _workbook_with(tmp_path / "inline.xlsx",
                            b'<c r="A2"><v>5</v></c><c r="B2" t="inlineStr"><is><t>' + big
                            + b"</t></is></c>")
    assert inline.stat().st_size < 200_000
    _refused(*closed, inline, 'sheet "Sheet", row 2, column B: the cell holds more than '
             "32,767 characters")
    shared = _workbook_with(tmp_path / "shared.xlsx", b'<c r="B2" t="s"><v>0</v></c>',
                            shared=b"<si><t>" + big + b"</t></si>")
    _refused(*closed, shared, "shared text 1: the cell holds more than 32,767 characters")
    if sys.platform == "win32":  # the peak is read with getrusage, which is POSIX's
        return
    for file in (inline, shared):
        out = subprocess.run([sys.executable, "-c", _PEAK, str(file)], capture_output=True,
                             text=True, check=True).stdout.splitlines()
        assert "more than 32,767 characters" in out[0], out
        assert int(out[-1]) < 50, f"{out[-1]} MB more at the peak than before reading"


def test_all_the_text_of_a_workbook_is_bounded_too(closed, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from spf_desktop.io import xlsx_rows

    monkeypatch.setattr(xlsx_rows, "MAX_TEXT", 1_000)
    row = b"".join(b'<c r="%s2" t="inlineStr"><is><t>%s</t></is></c>' % (col, b"x" * 400)
                   for col in (b"A", b"B", b"C"))
    _refused(*closed, _workbook_with(tmp_path / "wordy.xlsx", row),
             'sheet "Sheet", row 2, column C: the workbook holds more than 1,000 characters')


def test_a_csv_of_one_huge_field_is_refused_without_copying_it_four_times(
        closed, tmp_path: Path) -> None:
    file = tmp_path / "huge-field.csv"
    file.write_bytes(f"{Q1},Comment\r\n5,".encode() + b"A" * 40_000_000 + b"\r\n")
    _refused(*closed, file, "field larger than field limit")
    if sys.platform == "win32":
        return
    out = subprocess.run([sys.executable, "-c", _PEAK, str(file)], capture_output=True,
                         text=True, check=True).stdout.splitlines()
    # the file's bytes, its text and the one line: about 120 MB, never the 160 MB
    # more that a StringIO's four bytes a character took
    assert int(out[-1]) < 200, f"{out[-1]} MB more at the peak than before reading"
