"""Hostile files (huge, nested, malformed) are refused quickly, in bounded memory, with a
message naming the file and where; the archive is unchanged (its SHA-256 the same).

Each file here is a small copy of one a security test used: the limits are patched
down where a full-size file would be slow to write, so the tests stay quick.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from archive_helpers import digest, open_closed
from audit_helpers import three_question_round

from spf_desktop.domain.errors import ValidationError
from spf_desktop.io import merge, question_set_file, spreadsheets
from spf_desktop.io import responses_import as ri
from spf_desktop.store import Archive, repo

HEADINGS = "Do we trust each other?,Do we listen?,Do we share a purpose?\n"


@pytest.fixture
def closed_round(archive_path: Path) -> tuple[Path, str]:
    """An archive with a closed three-question round to import into; the archive is closed."""
    with Archive.open(archive_path, backup=False) as arch:
        round_id, _ = three_question_round(arch.db, status="closed")
    return archive_path, round_id


def _refused_import(archive: Path, round_id: str, file: Path, *expected: str) -> str:
    before = digest(archive)
    with open_closed(archive) as arch, pytest.raises(ri.ResponsesImportError) as info:
        ri.import_responses(arch.db, file, round_id)
    message = str(info.value)
    assert file.name in message and "Nothing was imported" in message, message
    for text in expected:
        assert text in message, message
    assert digest(archive) == before
    return message


# -- JSON files: one bounded reader for all ---------------------------------------------

def test_every_imported_json_file_is_read_by_the_one_bounded_reader() -> None:
    io_dir = Path(spreadsheets.__file__).parent
    readers = [p.name for p in io_dir.glob("*.py")
               if re.search(r"json\.loads?\(", p.read_text(encoding="utf-8"))]
    assert readers == ["safe_json.py"]


def test_a_deeply_nested_agenda_file_is_refused_by_name(cli, archive_path: Path,
                                                        tmp_path: Path) -> None:
    Archive.open(archive_path, backup=False).close()
    before = digest(archive_path)
    whole = tmp_path / "deep-agenda.json"
    whole.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    inside = tmp_path / "deep-sections.spf-agenda.json"
    inside.write_text('{"format": "spf-agenda", "sections": ' + "[" * 100_000 + "]" * 100_000
                      + "}", encoding="utf-8")
    for file in (whole, inside):
        result = cli("agenda", "import", str(file), "--db", str(archive_path))
        assert result.exit_code == 1
        assert f"Error: {file.name}: the file: this is not an SPF Desktop meeting or template " \
               "file (it is nested too deeply). Nothing was imported." in result.output
        assert not isinstance(result.exception, RecursionError)
        assert "Traceback" not in result.output
    assert digest(archive_path) == before


def test_a_deeply_nested_question_set_file_is_refused_by_name(tmp_path: Path) -> None:
    file = tmp_path / "deep-qset.json"
    file.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        question_set_file.read_question_set(file)
    assert str(info.value) == ("deep-qset.json: the file: this is not a question-set file "
                               "(it is nested too deeply). Nothing was imported.")


def test_a_merge_file_with_a_100000_digit_number_says_where(archive_path: Path,
                                                            tmp_path: Path) -> None:
    Archive.open(archive_path, backup=False).close()
    before = digest(archive_path)
    file = tmp_path / "bignum.spfmerge"
    file.write_text('{"format": "spf-desktop-merge",\n "format_version": 1' + "0" * 100_000
                    + ', "sha256": "0", "content": {}}', encoding="utf-8")
    with open_closed(archive_path) as arch, pytest.raises(merge.MergeFileError) as info:
        merge.merge(arch.db, file)
    assert str(info.value).endswith(
        "bignum.spfmerge: row 2, column 20: this is not an SPF Desktop merge file "
        "(it holds a number 100,001 digits long).")
    assert digest(archive_path) == before


def _never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading any file named huge.* fails the test: its size must refuse it first."""
    for name in ("read_bytes", "read_text"):
        original = getattr(Path, name)

        def guarded(self: Path, *args: object, _original=original, **kwargs: object) -> object:
            assert not self.name.startswith("huge."), f"{self.name} was read"
            return _original(self, *args, **kwargs)
        monkeypatch.setattr(Path, name, guarded)


def _sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space (all zeros)."""
    with path.open("wb") as fh:
        fh.truncate(size)
    return path


def test_an_oversized_merge_agenda_or_question_set_file_is_refused_by_its_size_unread(
        cli, archive_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Archive.open(archive_path, backup=False).close()
    before = digest(archive_path)
    big_merge = _sparse(tmp_path / "huge.spfmerge", 100_000_001)
    big_agenda = _sparse(tmp_path / "huge.spf-agenda.json", 1_000_001)
    big_set = _sparse(tmp_path / "huge.spf-questions.json", 1_000_001)
    _never_read(monkeypatch)
    with open_closed(archive_path) as arch, pytest.raises(merge.MergeFileError) as info:
        merge.merge(arch.db, big_merge)
    assert str(info.value).endswith(
        "huge.spfmerge: the file: this is not an SPF Desktop merge file (it is 100,000,001 "
        "bytes, and a merge file is at most 100,000,000).")
    result = cli("agenda", "import", str(big_agenda), "--db", str(archive_path))
    assert result.exit_code == 1
    assert "huge.spf-agenda.json: the file: this is not an SPF Desktop meeting or template " \
           "file (it is 1,000,001 bytes, and a meeting or template file is at most 1,000,000)" \
           in result.output
    with pytest.raises(ValidationError, match="huge.spf-questions.json: the file: .*"
                       "1,000,001 bytes, and a question-set file is at most 1,000,000"):
        question_set_file.read_question_set(big_set)
    monkeypatch.undo()
    assert digest(archive_path) == before


# -- spreadsheets ----------------------------------------------------------------------

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
       'package/2006/content-types"><Default Extension="rels" ContentType="application/'
       'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
       '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
       'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
       '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
         'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
       'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
       '2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
       '</workbook>')
_WBRELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
           'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
           'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
           'Target="worksheets/sheet1.xml"/></Relationships>')
_HEADER_ROW = ('<row r="1">' + "".join(
    f'<c r="{col}1" t="inlineStr"><is><t>{text}</t></is></c>'
    for col, text in zip("ABC", HEADINGS.strip().split(","), strict=True)) + "</row>")


def _xlsx(path: Path, rows: str) -> Path:
    """A workbook written by hand, as an attacker would: any rows, any size."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WBRELS)
        z.writestr("xl/worksheets/sheet1.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                   'openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + _HEADER_ROW
                   + rows + "</sheetData></worksheet>")
    return path


def test_an_xlsx_zip_bomb_is_refused_by_its_unpacked_size_before_it_is_parsed(
        closed_round: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The real bomb: 1.3 MB packing 400 MB of XML against a 200 MB limit. Here, 20 KB
    # packing 8 MB against a 2 MB limit: the same ratio, and the same refusal.
    monkeypatch.setattr(spreadsheets, "MAX_XLSX_UNPACKED_BYTES", 2_000_000)
    row = '<row><c t="inlineStr"><is><t>x</t></is></c><c><v>5</v></c><c><v>7</v></c></row>'
    bomb = _xlsx(tmp_path / "bomb.xlsx", row * 100_000)
    assert bomb.stat().st_size < 100_000

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the bomb was parsed")
    import openpyxl
    monkeypatch.setattr(openpyxl, "load_workbook", never)
    _refused_import(*closed_round, bomb, "bomb.xlsx: the file: the workbook unpacks to ",
                    "the limit is 2,000,000")


def test_a_workbook_with_more_than_100000_rows_or_1000_columns_is_refused_at_that_row(
        closed_round: tuple[Path, str], tmp_path: Path) -> None:
    # A few bytes that pad out to 100,001 rows: read lazily, and stopped there.
    tall = _xlsx(tmp_path / "tall.xlsx", '<row r="100001"><c r="A100001"><v>5</v></c></row>')
    _refused_import(*closed_round, tall,
                    'tall.xlsx: sheet "Sheet1", row 100,001: more than 100,000 rows; a forum '
                    "audit has a few hundred responses at most. Split the file")
    # Column 1,001 is ALM; the 1,000 read are A to ALL.
    wide = _xlsx(tmp_path / "wide.xlsx", '<row r="2"><c r="A2"><v>5</v></c>'
                 '<c r="ALM2"><v>5</v></c></row>')
    _refused_import(*closed_round, wide, 'wide.xlsx: sheet "Sheet1", row 2, column ALM: more '
                    "than 1,000 columns")
    wide_csv = tmp_path / "wide.csv"
    wide_csv.write_text(HEADINGS + "5,6,7" + "," * 1100 + "x\n", encoding="utf-8")
    _refused_import(*closed_round, wide_csv, "wide.csv: row 2, column APK: more than 1,000 "
                    "columns")


def test_a_million_row_csv_is_refused_at_row_100001_before_anything_is_written(
        closed_round: tuple[Path, str], tmp_path: Path) -> None:
    file = tmp_path / "million.csv"
    file.write_text(HEADINGS + "".join(f"{i % 11},{i * 3 % 11},{i * 7 % 11}\n"
                                       for i in range(100_000)), encoding="utf-8")
    _refused_import(*closed_round, file, "million.csv: row 100,001: more than 100,000 rows")


def test_a_round_holds_at_most_its_limit_of_responses_imported_or_submitted(
        archive_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ri, "MAX_ROUND_RESPONSES", 3)
    monkeypatch.setattr(repo, "MAX_ROUND_RESPONSES", 3)
    with Archive.open(archive_path, backup=False) as arch:
        round_id, questions = three_question_round(arch.db)
        answers = {q["id"]: repo.Answer(5) for q in questions}
        repo.add_response(arch.db, round_id, answers)
        repo.add_response(arch.db, round_id, answers)
    file = tmp_path / "two.csv"
    file.write_text(HEADINGS + "5,6,7\n8,9,10\n", encoding="utf-8")
    _refused_import(archive_path, round_id, file,
                    "two.csv: the file: its 2 responses would take round", "(which has 2) "
                    "past 3, the most a round holds")
    with Archive.open(archive_path, backup=False) as arch:
        repo.add_response(arch.db, round_id, answers)
        with pytest.raises(ValidationError, match="already holds 3 responses"):
            repo.add_response(arch.db, round_id, answers)
        assert repo.response_count(arch.db, round_id) == 3
