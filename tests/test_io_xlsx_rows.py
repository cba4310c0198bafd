"""A workbook's sheet is read in one streamed pass (``io.xlsx_rows``), not by
openpyxl's cell-by-cell reader: the values must be exactly what openpyxl's
read-only mode gives with ``data_only=True``, row for row, for every kind of cell
Excel writes (numbers, dates and times by their format, the 1904 date system,
booleans, errors, formulas' saved results, shared and inline text, rich text),
and for the shapes of sheet it meets (rows missing, cells missing, no cell
references)."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from spf_desktop.io import spreadsheets


def _openpyxl_rows(path: Path, sheet: str | None = None) -> list[tuple[object, ...]]:
    """The reference: openpyxl's own read-only reader, rows at their own width,
    a row with nothing in it as ()."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
        ws.reset_dimensions()
        return [tuple(r) if any(c is not None and c != "" for c in r) else ()
                for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def _ours(path: Path, sheet: str | None = None) -> list[tuple[object, ...]]:
    """The rows the import reads, before the header is looked for."""
    import io

    data = path.read_bytes()
    book = spreadsheets._open_book(path, data)
    chosen = next(s for s in book.sheets if (s.title == sheet if sheet else not s.chart))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        texts = []
        if book.texts is not None:
            with zf.open(book.texts) as fh:
                texts = spreadsheets.read_texts(path, fh, 1000)
        with zf.open(chosen.member) as fh:
            return spreadsheets.read_rows(path, fh, chosen.title, texts, book.styles,
                                          max_cells=100_000)


def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Heading", "Do we listen?", None, "Side"])
    sheet.append([1, 7.5, -3, "Staff side"])
    sheet.append([datetime(2016, 5, 3, 9, 30), date(2024, 10, 7), time(7, 10), True])
    sheet.append([timedelta(hours=30), False, "=1+1", "  padded text  "])
    sheet.cell(row=5, column=2).value = "7/10"
    sheet.cell(row=8, column=6).value = 1e21  # rows 6 and 7 missing, a wide cell
    sheet.cell(row=9, column=1).value = ""  # an empty text: a blank row
    sheet.cell(row=10, column=3).number_format = "0.00%"
    sheet.cell(row=10, column=3).value = 0.25
    path = tmp_path / "kinds.xlsx"
    book.save(path)
    assert _ours(path) == _openpyxl_rows(path)
    assert _ours(path)[2][1] == datetime(2024, 10, 7)  # a typed "7/10" turned into a date


def test_the_1904_date_system_is_followed(tmp_path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = Workbook()
    book.epoch = CALENDAR_MAC_1904
    book.active.append(["When", datetime(2020, 1, 2)])
    path = tmp_path / "mac.xlsx"
    book.save(path)
    assert _ours(path) == _openpyxl_rows(path) == [("When", datetime(2020, 1, 2))]


SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <x:dimension ref="A1:D6"/>
  <x:sheetData>
    <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>
      <x:c r="C1" t="s"><x:v>2</x:v></x:c></x:row>
    <x:row r="3"><x:c r="A3" t="str"><x:f>A1</x:f><x:v> spaced  &amp; kept </x:v></x:c>
      <x:c r="B3" t="e"><x:v>#N/A</x:v></x:c><x:c r="C3" t="b"><x:v>1</x:v></x:c></x:row>
    <x:row><x:c t="inlineStr"><x:is><x:r><x:t>rich </x:t></x:r><x:r><x:t>text</x:t></x:r>
      <x:rPh sb="0" eb="1"><x:t>guide</x:t></x:rPh></x:is></x:c><x:c><x:v>4</x:v></x:c>
      <x:c t="d"><x:v>2016-05-03T09:30:00</x:v></x:c></x:row>
    <x:row r="2"><x:c r="A2"><x:v>99</x:v></x:c></x:row>
    <x:row r="6"><x:c r="D6"><x:v>1.5E+2</x:v></x:c><x:c r="B6"><x:v>2</x:v></x:c></x:row>
  </x:sheetData>
</x:worksheet>"""

TEXTS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
<si><t>Question</t></si><si><r><t>Do we </t></r><r><rPr><b/></rPr><t>listen?</t></r>
<rPh sb="0" eb="1"><t>x</t></rPh></si><si><t xml:space="preserve"> x005F_x000D_ </t></si></sst>"""


def _by_hand(path: Path, sheet: str) -> Path:
    from openpyxl import Workbook

    Workbook().save(path)
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    parts["xl/sharedStrings.xml"] = TEXTS.encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace("</Types>", (
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def test_a_sheet_written_by_hand_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    """Prefixed names, shared and rich text, formulas' results, errors, booleans,
    ISO dates, cells without references, rows out of order and missing."""
    path = _by_hand(tmp_path / "hand.xlsx", SHEET)
    ours = _ours(path)
    assert ours == _openpyxl_rows(path)
    assert ours[0] == ("Question", "Do we listen?", " x000D_ ")
    assert ours[3][:2] == ("rich text", 4)


@pytest.mark.parametrize("value", ["abc", "1.2.3"])
def test_a_number_cell_that_is_not_a_number_is_a_message(tmp_path: Path, value: str) -> None:
    path = _by_hand(tmp_path / "bad.xlsx", SHEET.replace("<x:v>4</x:v>", f"<x:v>{value}</x:v>"))
    with pytest.raises(spreadsheets.ResponsesImportError, match="row 4, column B: the cell"):
        spreadsheets.read_sheet(path)
