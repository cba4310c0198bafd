"""Importing responses from real files the tests write: a Microsoft Forms export,
other workbooks, and CSVs in several encodings and dialects."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from archive_helpers import (
    digest,
    forms_rows,
    open_closed,
    question_texts,
    round_by_label,
    write_csv,
    write_workbook,
    write_xlsx,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spf_desktop.io import responses_import as ri
from spf_desktop.store import repo
from spf_desktop.store.results import load_round_results

#: The test data are scores from 0 to 10; said so, as the import asks for a column
#: whose values all lie within 1 to 5 or 1 to 7.
ZERO_TO_TEN = (ri.scale_named("0-10"),)

SCORES = [
    [7, 5, 8, 6, 7, 6, 7, 8, 6, 7],
    [8, None, 9, 7, 6, 7, 8, 9, 7, 8],
    [6, 4, 7, 5, 5, 6, 6, 7, 5, 6],
    [9, 6, 9, 8, 8, 7, 9, 9, 8, 9],
    [5, 3, 6, 4, 4, 5, 5, 6, 4, 5],
    [7, 5, 8, 6, 6, 6, 7, 8, 6, 7],
]
SIDES = ["Staff side", "Management side", "Staff side", "Prefer not to say", "Management side", ""]


@pytest.fixture
def target(demo_path: Path):
    """The demo archive with an empty closed round 'Forms 2016' to import into."""
    with open_closed(demo_path) as arch:
        forum = repo.forums(arch.db)[0]["id"]
        set_id = round_by_label(arch.db, "Baseline")["question_set_id"]
        round_id = repo.create_round(arch.db, forum, set_id, "Forms 2016", "2016-05-03",
                                     status="closed")
        texts = question_texts(arch.db, round_id)
    return demo_path, round_id, texts


def _import(path: Path, round_id: str, file: Path, **kwargs) -> ri.ImportSummary:
    with open_closed(path) as arch:
        kwargs.setdefault("scale_defaults", ZERO_TO_TEN)
        return ri.import_responses(arch.db, file, round_id, **kwargs)


def _stored(path: Path, round_id: str) -> dict[str, list]:
    with open_closed(path) as arch:
        rnd = repo.get(arch.db, "rounds", round_id)
        qs = repo.questions(arch.db, rnd["question_set_id"])
        by_q = repo.scores_by_question(arch.db, round_id)
        sides = sorted(s or "" for (s,) in arch.db.execute(
            "SELECT side FROM responses WHERE round_id = ?", [round_id]).fetchall())
        return {"scores": [sorted(by_q.get(q["id"], []), key=lambda v: (v is None, v or 0))
                           for q in qs], "sides": sides}


def _expected() -> dict[str, list]:
    cols = list(zip(*SCORES, strict=True))
    side_map = {"Staff side": "staff", "Management side": "management",
                "Prefer not to say": "undisclosed", "": ""}
    return {"scores": [sorted(c, key=lambda v: (v is None, v or 0)) for c in cols],
            "sides": sorted(side_map[s] for s in SIDES)}


def test_a_microsoft_forms_export_imports_every_respondent(target, tmp_path: Path) -> None:
    path, round_id, texts = target
    file = write_xlsx(tmp_path / "Partnership behaviours audit(1-6).xlsx",
                      forms_rows(texts, SCORES, sides=SIDES))
    summary = _import(path, round_id, file)
    assert summary.imported == 6
    assert "Email" in summary.ignored_headers and "Name" in summary.ignored_headers
    assert "never stored" in summary.describe()
    assert _stored(path, round_id) == _expected()
    with open_closed(path) as arch:
        results = load_round_results(arch.db, round_id)
    assert results.responses == 6
    assert results.questions[1].stats.skips == 1  # an empty cell is a skip, never a zero
    assert results.questions[0].stats.mean == pytest.approx(sum(r[0] for r in SCORES) / 6)


def test_names_emails_and_times_are_never_stored(target, tmp_path: Path) -> None:
    path, round_id, texts = target
    file = write_xlsx(tmp_path / "forms.xlsx", forms_rows(texts, SCORES, sides=SIDES))
    _import(path, round_id, file)
    data = path.read_bytes()
    for wal in path.parent.glob(path.name + "-*"):
        data += wal.read_bytes()
    assert b"example.nhs.uk" not in data
    assert b"Respondent Number" not in data
    assert b"2016-05-03 09" not in data and b"2016-05-03T09" not in data


@pytest.mark.parametrize(
    ("encoding", "delimiter", "quoting", "ending"),
    [
        ("utf-8", ",", csv.QUOTE_MINIMAL, "\r\n"),
        ("utf-8-sig", ",", csv.QUOTE_ALL, "\r\n"),
        ("cp1252", ";", csv.QUOTE_MINIMAL, "\r\n"),
        ("utf-8", "\t", csv.QUOTE_MINIMAL, "\n"),
        ("utf-16", "\t", csv.QUOTE_MINIMAL, "\r\n"),
        ("cp1252", ",", csv.QUOTE_NONNUMERIC, "\n"),
    ],
    ids=["utf8-comma", "utf8-bom-quoted", "windows1252-semicolon", "utf8-tab",
         "utf16-unicode-text", "windows1252-nonnumeric"],
)
def test_csv_in_common_encodings_and_dialects(target, tmp_path: Path, encoding: str,
                                              delimiter: str, quoting: int, ending: str) -> None:
    path, round_id, texts = target
    rows = forms_rows(texts, SCORES, sides=SIDES)
    # Curly apostrophes, as Word and Forms write them, still match the question.
    rows[0] = [h.replace("'", "\u2019") if isinstance(h, str) else h for h in rows[0]]
    rows[1][3] = "s\u00e9an.o'brien@example.nhs.uk"  # an accent Windows-1252 can hold
    file = write_csv(tmp_path / "answers.csv", rows, encoding=encoding, delimiter=delimiter,
                     quoting=quoting, lineterminator=ending)
    summary = _import(path, round_id, file)
    assert summary.imported == 6
    assert _stored(path, round_id) == _expected()


def test_any_workbook_with_loosely_worded_headings_and_comment_columns(target, tmp_path: Path) -> None:
    path, round_id, texts = target
    header = [f"Q{n}. {t.upper().rstrip('?')}" for n, t in enumerate(texts, start=1)]
    header += [f"{texts[0]} - comment", "Side"]
    rows = [header]
    for n, score_row in enumerate(SCORES):
        rows.append([float(s) if s is not None else None for s in score_row]
                    + ["We share values now" if n == 0 else None, SIDES[n]])
    file = write_xlsx(tmp_path / "own workbook.xlsx", rows, title="Answers")
    summary = _import(path, round_id, file)
    assert summary.imported == 6
    with open_closed(path) as arch:
        comments = [c for (c,) in arch.db.execute(
            """SELECT a.comment FROM answers a JOIN responses s ON s.key = a.response_key
               WHERE s.round_id = ? AND a.comment IS NOT NULL""", [round_id])]
    assert comments == ["We share values now"]
    assert _stored(path, round_id) == _expected()


def test_a_column_mapped_by_hand(target, tmp_path: Path) -> None:
    path, round_id, texts = target
    rows = forms_rows(texts, SCORES)
    rows[0][5 + 2] = "Respect"  # question 3 under a heading of the forum's own
    file = write_csv(tmp_path / "answers.csv", rows)
    with open_closed(path) as arch, pytest.raises(ri.ResponsesImportError) as info:
        ri.import_responses(arch.db, file, round_id, scale_defaults=ZERO_TO_TEN)
    assert "no column for question 3" in str(info.value)
    with open_closed(path) as arch:
        qid = repo.questions(arch.db, round_by_label(arch.db, "Forms 2016")["question_set_id"])[2]["id"]
    summary = _import(path, round_id, file, mapping={qid: 7})
    assert summary.imported == 6


def test_a_new_round_with_the_forums_current_question_set(demo_path: Path, tmp_path: Path) -> None:
    with open_closed(demo_path) as arch:
        forum = repo.forums(arch.db)[0]["id"]
        base = round_by_label(arch.db, "Baseline")
        texts = question_texts(arch.db, base["id"])
    file = write_xlsx(tmp_path / "forms.xlsx", forms_rows(texts, SCORES, sides=SIDES))
    with open_closed(demo_path) as arch:
        summary = ri.import_new_round(arch.db, file, forum, "Audit 2016", "2016-05-03",
                                    scale_defaults=ZERO_TO_TEN)
        rnd = repo.get(arch.db, "rounds", summary.round_id)
        assert rnd["label"] == "Audit 2016" and rnd["date"] == "2016-05-03"
        assert rnd["question_set_id"] == base["question_set_id"]
        assert repo.response_count(arch.db, summary.round_id) == 6


def test_a_bad_file_for_a_new_round_leaves_no_empty_round(demo_path: Path, tmp_path: Path) -> None:
    with open_closed(demo_path) as arch:
        forum = repo.forums(arch.db)[0]["id"]
        texts = question_texts(arch.db, round_by_label(arch.db, "Baseline")["id"])
    rows = forms_rows(texts, SCORES)
    rows[2][6] = 11
    file = write_csv(tmp_path / "bad.csv", rows)
    before = digest(demo_path)
    with open_closed(demo_path) as arch, pytest.raises(ri.ResponsesImportError):
        ri.import_new_round(arch.db, file, forum, "Audit 2016", "2016-05-03",
                                    scale_defaults=ZERO_TO_TEN)
    assert digest(demo_path) == before


# -- bad input: a clear message naming file, row and column; the archive unchanged --

def _refused(target, file: Path, *expected: str) -> str:
    path, round_id, _ = target
    before = digest(path)
    with open_closed(path) as arch, pytest.raises(ri.ResponsesImportError) as info:
        ri.import_responses(arch.db, file, round_id, scale_defaults=ZERO_TO_TEN)
    message = str(info.value)
    assert file.name in message
    assert "Nothing was imported" in message
    for text in expected:
        assert text in message, message
    assert digest(path) == before
    return message


def test_bad_input_a_file_that_is_not_a_spreadsheet(target, tmp_path: Path) -> None:
    png = tmp_path / "photo.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _refused(target, png, "row 1, column A", "not a spreadsheet")
    docx = tmp_path / "minutes.xlsx"
    import zipfile

    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    _refused(target, docx, "row 1, column A", "not a spreadsheet")


def test_bad_input_an_empty_sheet(target, tmp_path: Path) -> None:
    _refused(target, write_xlsx(tmp_path / "empty.xlsx", []), "row 1, column A", "empty")
    empty_csv = tmp_path / "empty.csv"
    empty_csv.write_bytes(b"")
    _refused(target, empty_csv, "row 1, column A", "empty")
    _, _, texts = target
    only_header = write_csv(tmp_path / "header.csv", forms_rows(texts, []))
    _refused(target, only_header, "row 2, column A", "no responses, only the header row")


@pytest.mark.parametrize(("bad", "why"), [(11, "11 is outside 0 to 10"),
                                          (-1, "-1 is outside 0 to 10"),
                                          ("seven", '"seven" is not a number')])
def test_bad_input_a_score_out_of_range_or_not_a_number(target, tmp_path: Path, bad: object,
                                                         why: str) -> None:
    _, _, texts = target
    rows = forms_rows(texts, SCORES)
    rows[4][5 + 3] = bad  # row 5 of the sheet, question 4 in column I
    for file in (write_xlsx(tmp_path / "bad.xlsx", rows), write_csv(tmp_path / "bad.csv", rows)):
        message = _refused(target, file, "row 5, column I", why)
        assert "Are we solution focussed" in message


def test_bad_input_a_missing_question_column(target, tmp_path: Path) -> None:
    _, _, texts = target
    rows = [r[:5] + r[6:] for r in forms_rows(texts, SCORES)]  # question 1 left out
    _refused(target, write_xlsx(tmp_path / "missing.xlsx", rows),
             "row 1: no column for question 1", "Do we work from shared values")


def test_bad_input_duplicated_headers(target, tmp_path: Path) -> None:
    _, _, texts = target
    rows = forms_rows(texts, SCORES)
    rows[0][5 + 4] = texts[0]  # column J headed like column F
    _refused(target, write_csv(tmp_path / "dupes.csv", rows), "row 1, columns F and J",
             "same heading")


def test_bad_input_a_side_that_is_not_a_side(target, tmp_path: Path) -> None:
    _, _, texts = target
    sides = list(SIDES)
    sides[2] = "Both"
    _refused(target, write_xlsx(tmp_path / "side.xlsx", forms_rows(texts, SCORES, sides=sides)),
             "row 1, column P", '"Both" (row 4)', "not sides this app knows",
             "--side-map", "--no-side")


def test_bad_input_many_problems_are_listed_together(target, tmp_path: Path) -> None:
    _, _, texts = target
    rows = forms_rows(texts, SCORES)
    rows[1][5] = 12
    rows[3][14] = "ten"
    message = _refused(target, write_csv(tmp_path / "two.csv", rows), "row 2, column F",
                       "row 4, column O")
    assert message.count("two.csv:") == 2


# -- fuzzing ----------------------------------------------------------------------

@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda t: t.encode("utf-8")),
    st.lists(st.lists(st.one_of(st.text(max_size=12), st.integers(-20, 20).map(str)),
                      max_size=14), max_size=8).map(
        lambda rows: "\n".join(",".join(r) for r in rows).encode("utf-8")),
))
def test_fuzzed_csv_gives_the_import_error_or_imports_and_nothing_else(target, tmp_path: Path,
                                                                       data: bytes) -> None:
    path, round_id, texts = target
    header = ",".join(f'"{t}"' for t in texts).encode("utf-8") + b"\n"
    for n, body in enumerate((data, header + data)):
        file = tmp_path / f"fuzz{n}.csv"
        file.write_bytes(body)
        with open_closed(path) as arch:
            before = repo.response_count(arch.db, round_id)
            try:
                summary = ri.import_responses(arch.db, file, round_id, scale_defaults=ZERO_TO_TEN)
            except ri.ResponsesImportError as exc:
                assert file.name in str(exc)
                assert repo.response_count(arch.db, round_id) == before
            else:
                assert repo.response_count(arch.db, round_id) == before + summary.imported
            assert arch.integrity_problems() == []


def test_a_title_above_the_headings_is_stepped_over(target, tmp_path: Path) -> None:
    path, round_id, texts = target
    rows = [["Partnership behaviours audit, spring 2016"], ["Exported by the HR team"], []]
    rows += forms_rows(texts, SCORES, sides=SIDES)
    file = write_xlsx(tmp_path / "titled.xlsx", rows)
    assert _import(path, round_id, file).imported == 6
    assert _stored(path, round_id) == _expected()
    bad = [list(r) for r in rows]
    bad[5][6] = "lots"  # the file's row 6: the second respondent
    with open_closed(path) as arch, pytest.raises(ri.ResponsesImportError, match="row 6, column G"):
        ri.import_responses(arch.db, write_xlsx(tmp_path / "titled-bad.xlsx", bad), round_id,
                            scale_defaults=ZERO_TO_TEN)


def test_a_workbook_with_several_sheets_is_read_from_the_sheet_chosen(target, tmp_path: Path) -> None:
    path, round_id, texts = target
    file = write_workbook(tmp_path / "two sheets.xlsx", {
        "Notes": [],
        "Form1": forms_rows(texts, SCORES, sides=SIDES),
    })
    assert ri.sheet_names(file) == ["Notes", "Form1"]
    assert ri.sheet_names(write_csv(tmp_path / "a.csv", forms_rows(texts, SCORES))) == []
    # the first sheet is empty: the message names it and the sheet to choose instead
    message = _refused(target, file, "empty")
    assert 'sheet "Notes"; the workbook also has "Form1": choose the sheet to read' in message
    summary = _import(path, round_id, file, sheet_name="Form1")
    assert summary.imported == 6 and 'sheet "Form1"' in summary.describe()
    sheet = ri.read_sheet(file, sheet="Form1")
    assert (sheet.sheets, sheet.sheet_name) == (("Notes", "Form1"), "Form1")


def test_a_comment_column_mapped_by_hand(target, tmp_path: Path) -> None:
    path, round_id, texts = target
    rows = forms_rows(texts, SCORES)
    rows[0].append("Anything else about respect?")  # a heading that names no question
    for n, row in enumerate(rows[1:]):
        row.append("We listen more" if n == 1 else None)
    file = write_csv(tmp_path / "with notes.csv", rows)
    with open_closed(path) as arch:
        qid = repo.questions(arch.db, round_by_label(arch.db, "Forms 2016")["question_set_id"])[2]["id"]
    before = digest(path)
    with open_closed(path) as arch, pytest.raises(ri.ValidationError, match="column Z does not exist"):
        ri.import_responses(arch.db, file, round_id, comment_mapping={qid: 25},
                            scale_defaults=ZERO_TO_TEN)
    assert digest(path) == before
    summary = _import(path, round_id, file, comment_mapping={qid: 15})
    assert summary.imported == 6
    assert "Anything else about respect" not in summary.describe()  # it was imported
    with open_closed(path) as arch:
        got = arch.db.execute(
            """SELECT a.question_id, a.comment FROM answers a JOIN responses s
               ON s.key = a.response_key WHERE s.round_id = ? AND a.comment IS NOT NULL""",
            [round_id]).fetchall()
    assert got == [(qid, "We listen more")]


def test_a_comment_column_found_by_heading_can_be_turned_off(target, tmp_path: Path) -> None:
    path, round_id, texts = target
    rows = forms_rows(texts, SCORES)
    rows[0].append(f"{texts[0]} - comment")
    for n, row in enumerate(rows[1:]):
        row.append("Private remark" if n == 0 else None)
    file = write_csv(tmp_path / "remarks.csv", rows)
    with open_closed(path) as arch:
        qid = repo.questions(arch.db, round_by_label(arch.db, "Forms 2016")["question_set_id"])[0]["id"]
    _import(path, round_id, file, comment_mapping={qid: None})
    with open_closed(path) as arch:
        assert arch.db.execute(
            """SELECT count(*) FROM answers a JOIN responses s ON s.key = a.response_key
               WHERE s.round_id = ? AND a.comment IS NOT NULL""", [round_id]).fetchone()[0] == 0


def test_a_new_round_takes_the_forums_minimum_group_size(tmp_path: Path) -> None:
    """From an empty archive: a forum set to a minimum of 3 imports a new round with 3,
    as a round made by hand in that forum would (not the app's default of 5)."""
    from dataclasses import replace

    from spf_desktop.store import Archive, forums
    from spf_desktop.store.shipped import install_shipped_sets, shipped_set_id

    path = tmp_path / "new.db"
    with Archive.open(path, create=True, backup=False) as arch:
        install_shipped_sets(arch.db)
        forum = repo.create_forum(arch.db, "Northshire SPF")
        settings = forums.forum_settings(arch.db, forum)
        forums.save_forum_settings(arch.db, forum, replace(settings, min_group_size=3))
        texts = [q["text"] for q in repo.questions(arch.db, shipped_set_id())]
        file = write_xlsx(tmp_path / "forms.xlsx", forms_rows(texts, SCORES, sides=SIDES))
        summary = ri.import_new_round(arch.db, file, forum, "Audit 2016", "2016-05-03",
                                      scale_defaults=ZERO_TO_TEN)
        assert repo.get(arch.db, "rounds", summary.round_id)["min_group_size"] == 3
