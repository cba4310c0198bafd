"""Imports of files laid out as each survey tool documents its export.

Each sample is built here, in code, in the layout the tool writes: Microsoft Forms'
Excel download (ID, Start time, Completion time, Email, Name, then one column per
question; a Rating as 1 to 5, a Likert as words), Google Forms' CSV (Timestamp,
Email Address, a grid row as "Title [Row]") and its .zip download, SurveyMonkey's
"All responses data" (two header rows: the question, then "Response",
"Open-Ended Response" or a matrix statement; "numerical values" coded as option
positions), Qualtrics' CSV (three header rows: export tags, question text,
{"ImportId": ...}), a Mentimeter workbook (a summary sheet and a per-voter sheet
with note rows), a European semicolon CSV and a paper form typed into Excel.

Expected figures are worked out by hand in each test, from the answers as written,
never by the app's own code. Every test also checks that no name, email, IP
address, respondent id or timestamp of the file is anywhere in the archive (a full
SQL dump and the raw bytes of the file and its WAL), and that a refused file
leaves the archive byte-identical.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from archive_helpers import digest, open_closed, write_csv, write_workbook, write_xlsx
from audit_helpers import three_question_round

from spf_desktop.io import responses_import as ri
from spf_desktop.store import Archive
from spf_desktop.store.results import load_round_results

Q1, Q2, Q3 = "Do we trust each other?", "Do we listen?", "Do we share a purpose?"
SIDE_Q = "Which side of the partnership are you on?"


@pytest.fixture
def closed(archive_path: Path) -> tuple[Path, str, list[str]]:
    """An empty archive with a closed three-question round; the archive is closed."""
    with Archive.open(archive_path, create=True, backup=False) as arch:
        round_id, questions = three_question_round(arch.db, status="closed")
    return archive_path, round_id, [q["id"] for q in questions]


def _import(archive: Path, round_id: str, file: Path, **kwargs) -> ri.ImportSummary:
    with open_closed(archive) as arch:
        return ri.import_responses(arch.db, file, round_id, **kwargs)


def _refused(archive: Path, round_id: str, file: Path, *expected: str,
             error: type = ri.ResponsesImportError, **kwargs) -> str:
    before = digest(archive)
    with open_closed(archive) as arch, pytest.raises(error) as info:
        ri.import_responses(arch.db, file, round_id, **kwargs)
    message = str(info.value)
    for text in expected:
        assert text in message, message
    assert digest(archive) == before
    return message


def _stored(archive: Path, round_id: str, qids: list[str]) -> dict[str, object]:
    with open_closed(archive) as arch:
        db = arch.db
        scores = [sorted((s for (s,) in db.execute(
            """SELECT a.score FROM answers a JOIN responses r ON r.key = a.response_key
               WHERE r.round_id = ? AND a.question_id = ?""", [round_id, q])),
            key=lambda v: (v is None, v or 0)) for q in qids]
        sides = sorted(s or "" for (s,) in db.execute(
            "SELECT side FROM responses WHERE round_id = ?", [round_id]))
        comments = sorted(c for (c,) in db.execute(
            """SELECT a.comment FROM answers a JOIN responses r ON r.key = a.response_key
               WHERE r.round_id = ? AND a.comment IS NOT NULL""", [round_id]))
    return {"scores": scores, "sides": sides, "comments": comments}


def _means(archive: Path, round_id: str) -> list[float | None]:
    with open_closed(archive) as arch:
        res = load_round_results(arch.db, round_id)
    return [q.stats.mean for q in res.questions]


def _nothing_personal(archive: Path, *secrets: str) -> None:
    """None of ``secrets`` is in a full dump of the archive or in its raw bytes."""
    con = sqlite3.connect(archive)
    try:
        dump = "\n".join(con.iterdump())
    finally:
        con.close()
    raw = b"".join(p.read_bytes() for p in archive.parent.glob(archive.name + "*"))
    for secret in secrets:
        assert secret not in dump, secret
        assert secret.encode("utf-8") not in raw, secret
        assert secret.encode("utf-16-le") not in raw, secret


def _sorted(values: list) -> list:
    return sorted(values, key=lambda v: (v is None, v or 0))


# -- Microsoft Forms -------------------------------------------------------------

def test_microsoft_forms_nps_rating_and_likert_asks_then_converts(closed, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    nps = [9, 7, 10, 0, 8, 6]
    stars = [5, 4, 3, 4, 2, None]  # a Rating question: 1 to 5 stars
    likert = ["Agree", "Strongly agree", "Neither agree nor disagree", "Disagree", "Agree",
              "Agree"]
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
              Q1, Q2, Q3]
    rows: list[list[object]] = [header]
    for n in range(6):
        rows.append([n + 1, datetime(2024, 3, 1, 9, 10 + n), datetime(2024, 3, 1, 9, 20 + n),
                     f"rep{n}@trust.nhs.uk", f"Alex Person{n}", None, nps[n], stars[n], likert[n]])
    file = write_xlsx(tmp_path / "Partnership audit(1-6).xlsx", rows)

    # Not told the scales: stops, says what each column holds and what to do.
    message = _refused(archive, round_id, file,
                       'column H ("Do we listen?"), question 2: the column holds values from 2 '
                       "to 5", "1 -> 0, 2 -> 2.5, 3 -> 5, 4 -> 7.5, 5 -> 10", "--scale 2=1-5",
                       'column I ("Do we share a purpose?"), question 3: the column holds words',
                       "5-point agree/disagree", '"Strongly disagree" -> 0',
                       '"Strongly agree" -> 10', "--scale 3=agree-5", error=ri.ScaleQuestions)
    assert "question 1" not in message  # 0 to 10 with a 0: no question asked

    summary = _import(archive, round_id, file, scales={qids[1]: ri.scale_named("1-5"),
                                                        qids[2]: ri.scale_named("agree-5")})
    assert summary.imported == 6
    assert "Converted to 0 to 10 and marked on the round" in summary.describe()
    # Stored exactly, on their own scales: stars 1 to 5, Likert coded 1 to 5.
    assert _stored(archive, round_id, qids)["scores"] == [
        _sorted(nps), _sorted(stars), [2, 3, 4, 4, 4, 5]]
    # By hand: stars 5+4+3+4+2 = 18 over 5 = 3.6 -> (3.6 - 1) x 2.5 = 6.5;
    # Likert 4+5+3+2+4+4 = 22 over 6 -> (22/6 - 1) x 2.5 = 6.666...
    means = _means(archive, round_id)
    assert means[0] == pytest.approx(40 / 6)
    assert means[1] == pytest.approx(6.5)
    assert means[2] == pytest.approx((22 / 6 - 1) * 2.5)
    with open_closed(archive) as arch:
        res = load_round_results(arch.db, round_id)
        view = dict(arch.db.execute(
            "SELECT position, mean FROM question_results WHERE round_id = ?", [round_id]))
    assert "Converted" in res.converted_note and "1 to 5 -> 0, 2.5, 5, 7.5, 10" in \
        res.converted_note
    assert res.questions[1].stats.distribution == (0, 1, 1, 2, 1)  # 1..5 stars
    assert res.questions[1].stats.points == (0, 2.5, 5, 7.5, 10)
    assert res.questions[1].stats.spread == (2.5, 10)
    assert view == {1: 6.67, 2: 6.5, 3: 6.67}  # any SQLite tool reads the same means
    _nothing_personal(archive, "trust.nhs.uk", "Alex Person", "2024-03-01 09", "2024-03-01T09")


def test_a_rating_column_on_a_0_to_10_round_is_never_stored_as_if_0_to_10(
        closed, tmp_path: Path) -> None:
    """The reported failure: stars 1 to 5 read as scores gave a 3.42 average."""
    archive, round_id, qids = closed
    rows = [[Q1, Q2, Q3]] + [[s, s, s] for s in (3, 4, 3, 5, 2, 4)]
    file = write_csv(tmp_path / "stars.csv", rows)
    _refused(archive, round_id, file, "question 1", "question 2", "question 3",
             "--scale 1-5", error=ri.ScaleQuestions)
    _import(archive, round_id, file, scale_defaults=[ri.scale_named("1-5")])
    # By hand: 3+4+3+5+2+4 = 21 over 6 = 3.5 -> (3.5 - 1) x 2.5 = 6.25 on 0 to 10.
    assert _means(archive, round_id) == [pytest.approx(6.25)] * 3


# -- SurveyMonkey ------------------------------------------------------------------

_SM_META = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
            "Email Address", "First Name", "Last Name", "Custom Data 1"]


#: Respondent ids as SurveyMonkey writes them (checked whole: a random key may hold
#: a few of their digits by chance).
_SM_IDS = [f"11428{n:05d}" for n in range(5)]


def _sm_meta(n: int) -> list[object]:
    return [f"11428{n:05d}", "4143279", f"03/01/2024 09:1{n}:00 AM", f"03/01/2024 09:2{n}:00 AM",
            f"81.2.69.{n + 10}", f"member{n}@union.org.uk", f"Sam{n}", f"Surname{n}", ""]


def test_surveymonkey_numerical_values_are_positions_read_exactly(closed, tmp_path: Path) -> None:
    """Numerical values: option 1 is 0, option 11 is 10. Read as scores, every mean
    rose by exactly 1.00."""
    archive, round_id, qids = closed
    top = _SM_META + [Q1, "", Q2, Q3, SIDE_Q]
    sub = [""] * len(_SM_META) + ["Response", "Open-Ended Response", "Response", "Response",
                                  "Response"]
    positions = [[11, 8, 6], [9, 7, 5], [6, 1, 4], [8, 9, 7], [10, 6, None]]
    comments = ["Much better; we talk", "", "", "Still \u201cthem and us\u201d", ""]
    sides = ["Staff side", "Management side", "Staff side", "Management side", "Staff side"]
    rows = [top, sub] + [_sm_meta(n) + [p[0], comments[n], p[1], p[2], sides[n]]
                         for n, p in enumerate(positions)]
    file = write_csv(tmp_path / "Sheet_1.csv", rows)
    summary = _import(archive, round_id, file)
    text = summary.describe()
    assert "Row 2 looks like a second header row (SurveyMonkey): it was read with row 1." \
        in text
    assert "read as positions" in text
    stored = _stored(archive, round_id, qids)
    # By hand: each position less one.
    assert stored["scores"] == [[5, 7, 8, 9, 10], [0, 5, 6, 7, 8], [3, 4, 5, 6, None]]
    assert stored["sides"] == ["management", "management", "staff", "staff", "staff"]
    assert stored["comments"] == ["Much better; we talk", "Still \u201cthem and us\u201d"]
    # By hand: 39 / 5 = 7.8, 26 / 5 = 5.2, 18 / 4 = 4.5 (not 8.8, 6.2 and 5.5).
    assert _means(archive, round_id) == [pytest.approx(7.8), pytest.approx(5.2),
                                         pytest.approx(4.5)]
    _nothing_personal(archive, *_SM_IDS, "81.2.69", "union.org.uk", "Surname", "03/01/2024")


def test_surveymonkey_without_an_11_asks_whether_the_numbers_are_positions(
        closed, tmp_path: Path) -> None:
    archive, round_id, _ = closed
    top = _SM_META + [Q1, Q2, Q3]
    sub = [""] * len(_SM_META) + ["Response"] * 3
    rows = [top, sub] + [_sm_meta(n) + [8, 9, 10 - n] for n in range(4)]
    file = write_csv(tmp_path / "Sheet_1.csv", rows)
    _refused(archive, round_id, file, "columns J (question 1: values from 8 to 8), K (question "
             "2: values from 9 to 9), L (question 3: values from 7 to 10): the scale of these 3 "
             "columns is not clear", "positions 1 to 11 (1 for 0, 11 for 10) (1 -> 0, 2 -> 1,",
             "11 -> 10)", "--scale 1-11", "--scale 0-10", error=ri.ScaleQuestions)


def test_surveymonkey_matrix_keeps_every_respondents_side(closed, tmp_path: Path) -> None:
    """A matrix: row 1 holds its title once, row 2 its statements (the questions);
    the side question beside it has "Response" under it."""
    archive, round_id, qids = closed
    top = _SM_META + ["How well does the forum work?", "", "", SIDE_Q]
    sub = [""] * len(_SM_META) + [Q1, Q2, Q3, "Response"]
    answers = [[0, 4, 7], [5, 6, 8], [10, 9, 9], [3, 3, 3], [6, 7, 2]]
    sides = ["Staff side", "Staff side", "Management side", "Prefer not to say",
             "Management side"]
    rows = [top, sub] + [_sm_meta(n) + a + [sides[n]] for n, a in enumerate(answers)]
    file = write_xlsx(tmp_path / "Data_All_240301.xlsx", rows)
    _import(archive, round_id, file)
    stored = _stored(archive, round_id, qids)
    assert stored["sides"] == ["management", "management", "staff", "staff", "undisclosed"]
    assert stored["scores"] == [[0, 3, 5, 6, 10], [3, 4, 6, 7, 9], [2, 3, 7, 8, 9]]
    _nothing_personal(archive, *_SM_IDS, "81.2.69", "union.org.uk", "Surname")


# -- Qualtrics ----------------------------------------------------------------------

def test_qualtrics_csv_with_three_header_rows(closed, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    tags = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
            "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
            "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
            "DistributionChannel", "UserLanguage", "Q1", "Q2_1", "Q2_2", "Q3"]
    texts = ["Start Date", "End Date", "Response Type", "IP Address", "Progress",
             "Duration (in seconds)", "Finished", "Recorded Date", "Response ID",
             "Recipient Last Name", "Recipient First Name", "Recipient Email",
             "External Data Reference", "Location Latitude", "Location Longitude",
             "Distribution Channel", "User Language", Q1,
             f"How does the forum work? - {Q2}", f"How does the forum work? - {Q3}", SIDE_Q]
    ids = ['{"ImportId":"startDate","timeZone":"Europe/London"}',
           '{"ImportId":"endDate","timeZone":"Europe/London"}', '{"ImportId":"status"}',
           '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}',
           '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"Europe/London"}',
           '{"ImportId":"_recordId"}', '{"ImportId":"recipientLastName"}',
           '{"ImportId":"recipientFirstName"}', '{"ImportId":"recipientEmail"}',
           '{"ImportId":"externalDataReference"}', '{"ImportId":"locationLatitude"}',
           '{"ImportId":"locationLongitude"}', '{"ImportId":"distributionChannel"}',
           '{"ImportId":"userLanguage"}', '{"ImportId":"QID1"}', '{"ImportId":"QID2_1"}',
           '{"ImportId":"QID2_2"}', '{"ImportId":"QID3"}']
    answers = [[7, 0, 6, "Staff side"], [8, 5, 7, "Management side"], [6, 4, None, "Staff side"],
               [9, 8, 8, "Management side"]]
    rows = [tags, texts, ids] + [
        [f"2024-03-01 09:1{n}:00", f"2024-03-01 09:2{n}:00", "IP Address", f"10.20.30.{n}",
         "100", "312", "True", f"2024-03-01 09:2{n}:01", f"R_3kVqXy{n}Zt8Lm2", f"Jones{n}",
         f"Chris{n}", f"c{n}@hospital.nhs.uk", "", "52.95", "-1.15", "anonymous", "EN",
         *a] for n, a in enumerate(answers)]
    file = write_csv(tmp_path / "Partnership audit_March 1, 2024_09.30.csv", rows)
    summary = _import(archive, round_id, file)
    text = summary.describe()
    assert "Row 3 holds Qualtrics' import ids: it was skipped." in text
    assert "Row 1 above the headings (Qualtrics' export tags) was skipped." in text
    stored = _stored(archive, round_id, qids)
    assert stored["scores"] == [[6, 7, 8, 9], [0, 4, 5, 8], [6, 7, 8, None]]
    assert stored["sides"] == ["management", "management", "staff", "staff"]
    _nothing_personal(archive, "10.20.30", "R_3kVqXy", "hospital.nhs.uk", "Jones", "Chris",
                      "2024-03-01 09")


# -- Google Forms ---------------------------------------------------------------------

def _google_rows() -> list[list[object]]:
    header = ["Timestamp", "Email Address", Q1, f"How does the forum work? [{Q2}]",
              f"How does the forum work? [{Q3}]"]
    answers = [[10, 7, 6], [0, 5, 5], [7, 8, None], [4, 6, 9]]
    return [header] + [[f"2024/03/01 10:1{n}:32 AM GMT", f"gf{n}@gmail.com", *a]
                       for n, a in enumerate(answers)]


def test_google_forms_zip_download_with_a_linear_scale_and_a_grid(closed, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(
        [["" if c is None else c for c in r] for r in _google_rows()])
    file = tmp_path / "Partnership audit.csv.zip"
    with zipfile.ZipFile(file, "w") as zf:
        zf.writestr("Partnership audit.csv", buf.getvalue().encode("utf-8"))
    summary = _import(archive, round_id, file)
    assert summary.imported == 4 and "in a zip" in summary.kind
    assert _stored(archive, round_id, qids)["scores"] == [[0, 4, 7, 10], [5, 6, 7, 8],
                                                          [5, 6, 9, None]]
    # By hand: (10 + 0 + 7 + 4) / 4 = 5.25; (7 + 5 + 8 + 6) / 4 = 6.5; (6 + 5 + 9) / 3.
    assert _means(archive, round_id) == [pytest.approx(5.25), pytest.approx(6.5),
                                         pytest.approx(20 / 3)]
    _nothing_personal(archive, "gmail.com", "2024/03/01", "10:1")


# -- Mentimeter ------------------------------------------------------------------------

def test_mentimeter_workbook_reads_the_per_voter_sheet_past_its_notes(
        closed, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    summary_sheet = [["Question", "Average", "Votes"], [Q1, 6.5, 4], [Q2, 5.75, 4]]
    voters = [["Partnership audit: results per voter"],
              ["Exported 2024-03-01 11:02. Anonymous voting."],
              ["Voter ID", Q1, Q2, Q3],
              ["v-8c1f2a", 7, 5, 6], ["v-19dd03", 6, 7, 0], ["v-4e77b1", 8, 6, 9],
              ["v-b2c9e4", 5, 5, 4]]
    file = write_workbook(tmp_path / "Partnership audit.xlsx",
                          {"Session 1": summary_sheet, "Results per voter": voters,
                           "Notes": [["Shared by the facilitator"]]})
    summary = _import(archive, round_id, file, scale_defaults=[ri.scale_named("0-10")])
    text = summary.describe()
    assert ('The workbook has 3 sheets (Session 1, Results per voter, Notes): sheet '
            '"Results per voter" holds the questions, so it was read') in text
    assert "Rows 1, 2 above the headings (a title or notes) were skipped." in text
    assert _stored(archive, round_id, qids)["scores"] == [[5, 6, 7, 8], [5, 5, 6, 7],
                                                          [0, 4, 6, 9]]
    _nothing_personal(archive, "v-8c1f2a", "v-19dd03", "2024-03-01 11:02")


# -- CSV from Excel: UK and European ----------------------------------------------------

def test_european_semicolon_csv_with_bom_crlf_quoted_semicolons_and_odd_scores(
        closed, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    text = ("\ufeff" + f'"{Q1}";"{Q1} - comment";"{Q2}";"{Q3}";"E-mail"\r\n'
            '"7/10";"Good; but slow; needs work";" 7";"N/A";"a@b.de"\r\n'
            '"8 ";"";"-";"6";"c@d.de"\r\n'
            '"0";"Zu wenig; \u00fcberhaupt";"n/a";"";"e@f.de"\r\n'
            '"10/10";"";"9";"8";"g@h.de"\r\n')
    file = tmp_path / "antworten.csv"
    file.write_bytes(text.encode("utf-8"))
    summary = _import(archive, round_id, file)
    assert "UTF-8 with BOM, semicolon-separated" in summary.kind
    stored = _stored(archive, round_id, qids)
    assert stored["scores"] == [[0, 7, 8, 10], [7, 9, None, None], [6, 8, None, None]]
    assert stored["comments"] == ["Good; but slow; needs work", "Zu wenig; \u00fcberhaupt"]
    _nothing_personal(archive, "a@b.de", "g@h.de")


def test_uk_windows_1252_csv_and_unicode_text(closed, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    rows = [["Name", Q1, Q2, Q3, f"{Q1} - comment"],
            ["Siobh\u00e1n O\u2019Neill", 6, 0, 7, "We\u2019re better \u2013 \u00a3 spent well"],
            ["J\u00fcrgen", 9, 8, 10, ""]]
    file = write_csv(tmp_path / "uk.csv", rows, encoding="cp1252")
    _import(archive, round_id, file)
    unicode_text = write_csv(tmp_path / "unicode.txt", rows, encoding="utf-16", delimiter="\t")
    _import(archive, round_id, unicode_text)
    stored = _stored(archive, round_id, qids)
    assert stored["scores"] == [[6, 6, 9, 9], [0, 0, 8, 8], [7, 7, 10, 10]]
    assert stored["comments"] == ["We\u2019re better \u2013 \u00a3 spent well"] * 2
    _nothing_personal(archive, "Siobh\u00e1n", "J\u00fcrgen", "Neill")


# -- paper forms typed into Excel ----------------------------------------------------------

def test_paper_forms_with_title_rows_and_a_date_excel_made_of_7_10(closed, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    rows: list[list[object]] = [
        ["East Midlands SPF: partnership audit, typed from paper"],
        ["Typed by the secretariat on 4 March"],
        ["Form", Q1, Q2, Q3],
        ["1", "7/10", "6/10", 5], ["2", 8, datetime(2024, 10, 7), "9/10"], ["3", " 7", "", 4]]
    bad = write_xlsx(tmp_path / "paper.xlsx", rows)
    _refused(archive, round_id, bad,
             'row 5, column C ("Do we listen?"): the cell is a date (7 October), not a score',
             "Retype the score as a plain number")
    rows[4][2] = 7
    good = write_xlsx(tmp_path / "paper-fixed.xlsx", rows)
    summary = _import(archive, round_id, good, scale_defaults=[ri.scale_named("0-10")])
    assert "Rows 1, 2 above the headings (a title or notes) were skipped." \
        in summary.describe()
    assert _stored(archive, round_id, qids)["scores"] == [[7, 7, 8], [6, 7, None], [4, 5, 9]]


# -- sides and comments under the user's control (command line) ----------------------------

def test_side_labels_mapped_or_left_out_from_the_command_line(cli, closed, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    rows = [["Respondent", Q1, Q2, Q3, "Your role in the forum", "Any other comments?"]]
    labels = ["Staff side (trade union rep)", "HR / employer", "Staff side (trade union rep)",
              "Observer", "HR / employer"]
    for n, label in enumerate(labels):
        rows.append([f"P{n}", n * 2, 10 - n, 5, label, "More time please" if n == 1 else ""])
    file = write_csv(tmp_path / "roles.csv", rows)
    before = digest(archive)
    refused = cli("import", str(file), "--round", round_id, "--side-column", "E",
                  "--scale", "0-10", "--db", str(archive))
    assert refused.exit_code == 1
    assert '"HR / employer" (rows 3, 6)' in refused.output and "--side-map" in refused.output
    assert digest(archive) == before
    done = cli("import", str(file), "--round", round_id, "--side-column", "E",
               "--side-map", "Staff side (trade union rep)=staff",
               "--side-map", "HR / employer=management", "--comment", "2=F", "--scale", "0-10",
               "--db", str(archive))
    assert done.exit_code == 0, done.output
    assert 'Side labels not in the side map were stored as no side: "Observer"' in done.output
    stored = _stored(archive, round_id, qids)
    assert stored["sides"] == ["", "management", "management", "staff", "staff"]
    assert stored["comments"] == ["More time please"]
    again = cli("import", str(file), "--round", round_id, "--no-side", "--scale", "0-10",
                "--db", str(archive))
    assert again.exit_code == 0, again.output
    assert 'Column F ("Any other comments?") holds free text that was not imported' in \
        again.output and "--comment N=F" in again.output
    assert _stored(archive, round_id, qids)["sides"].count("") == 6
    _nothing_personal(archive, "P0", "P3")


def test_scale_given_on_the_command_line(cli, closed, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    rows = [[Q1, Q2, Q3]] + [[s, s, "Often"] for s in (1, 3, 5, 4)]
    file = write_csv(tmp_path / "rating.csv", rows)
    asked = cli("import", str(file), "--round", round_id, "--db", str(archive))
    assert asked.exit_code == 1 and "frequency" in asked.output and "--scale" in asked.output
    done = cli("import", str(file), "--round", round_id, "--scale", "1-5",
               "--scale", "3=frequency-5", "--db", str(archive))
    assert done.exit_code == 0, done.output
    # By hand: (1 + 3 + 5 + 4) / 4 = 3.25 -> (3.25 - 1) x 2.5 = 5.625; "Often" is 4 -> 7.5.
    assert _means(archive, round_id) == [pytest.approx(5.625), pytest.approx(5.625),
                                         pytest.approx(7.5)]
    # A question's answers share one scale: 0 to 10 answers are not added to it.
    native = write_csv(tmp_path / "native.csv", [[Q1, Q2, Q3], [0, 10, 5]])
    mixed = cli("import", str(native), "--round", round_id, "--scale", "0-10",
                "--db", str(archive))
    assert mixed.exit_code == 1 and "must share one scale" in mixed.output


# -- vote counts only -------------------------------------------------------------------------

def test_a_counts_only_summary_imports_as_a_counts_only_round(closed, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    scores = list(range(11))
    rows: list[list[object]] = [
        ["Partnership audit: results (keypads)"],
        ["Question", *scores, "Total votes"],
        [Q1, 0, 0, 0, 0, 0, 2, 3, 0, 1, 0, 0, 6],
        [Q2, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 1, 6],
        [Q3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 5],
    ]
    file = write_xlsx(tmp_path / "keypad tallies.xlsx", rows)
    summary = _import(archive, round_id, file)
    assert summary.imported == 6
    assert "imported as a counts-only round of 6 responses" in summary.describe()
    with open_closed(archive) as arch:
        res = load_round_results(arch.db, round_id)
        assert arch.db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0
        assert arch.db.execute("SELECT counts_only FROM round_purges").fetchone()[0] == 1
    # By hand: Q1 5,5,6,6,6,8 -> mean 36/6 = 6, median 6; Q2 3,7,7,7,7,10 -> 41/6, median 7;
    # Q3 0,9,9,9,9 -> 36/5 = 7.2, median 9, and one skip (6 responses, 5 votes).
    assert res.responses == 6
    assert [q.stats.mean for q in res.questions] == [pytest.approx(6), pytest.approx(41 / 6),
                                                     pytest.approx(7.2)]
    assert [q.stats.median for q in res.questions] == [6, 7, 9]
    assert [q.stats.skips for q in res.questions] == [0, 0, 1]
    assert res.questions[1].stats.distribution == (0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 1)
    assert not res.sides_visible and all(not q.comments for q in res.questions)


def test_counts_turned_round_and_refused_into_a_round_with_responses(
        closed, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    _import(archive, round_id, write_csv(tmp_path / "one.csv", [[Q1, Q2, Q3], [0, 10, 5]]),
            scale_defaults=[ri.scale_named("0-10")])
    turned = [["Score", Q1, Q2, Q3]] + [[s, 1 if s == 4 else 0, 2 if s == 8 else 0,
                                         1 if s in (2, 6) else 0] for s in range(11)]
    file = write_csv(tmp_path / "mentimeter summary.csv", turned)
    _refused(archive, round_id, file, "holds vote counts only", "already holds responses",
             "new round")
    with open_closed(archive) as arch:
        forum = arch.db.execute("SELECT forum_id FROM rounds").fetchone()[0]
        summary = ri.import_new_round(arch.db, file, forum, "Summary 2023", "2023-03-01")
        res = load_round_results(arch.db, summary.round_id)
    # By hand: Q1 one vote of 4; Q2 two of 8; Q3 2 and 6 -> mean 4; 2 responses, below
    # the minimum of 3, so no figures are shown.
    assert summary.imported == 2 and not res.visible


def test_a_converted_round_keeps_its_marks_through_a_merge(closed, tmp_path: Path) -> None:
    from spf_desktop.io import merge

    archive, round_id, qids = closed
    rows = [[Q1, Q2, Q3]] + [[s, s, s] for s in (1, 2, 5, 4)]
    _import(archive, round_id, write_csv(tmp_path / "stars.csv", rows),
            scale_defaults=[ri.scale_named("1-5")])
    out = tmp_path / "round.spfmerge"
    with open_closed(archive) as arch:
        merge.export(arch.db, "round", round_id, out)
        here = [q.stats.mean for q in load_round_results(arch.db, round_id).questions]
    other = tmp_path / "other.db"
    Archive.open(other, create=True, backup=False).close()
    with open_closed(other) as arch:
        merge.merge(arch.db, out)
        there = load_round_results(arch.db, round_id)
    # By hand: (1 + 2 + 5 + 4) / 4 = 3 -> (3 - 1) x 2.5 = 5 on 0 to 10.
    assert here == [pytest.approx(5)] * 3
    assert [q.stats.mean for q in there.questions] == here and there.converted_note


def test_a_word_coding_edited_and_how_the_file_was_read_in_a_refusal(
        cli, closed, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    top = ["Respondent ID", "IP Address", Q1, Q2, Q3]
    sub = ["", "", "Response", "Response", "Response"]
    words = ["Agree", "Mostly agree", "Strongly agree", "Disagree"]
    rows = [top, sub] + [[f"99{n}77", f"10.0.0.{n}", w, w, w] for n, w in enumerate(words)]
    file = write_csv(tmp_path / "likert.csv", rows)
    refused = cli("import", str(file), "--round", round_id, "--scale", "agree-5",
                  "--db", str(archive))
    assert refused.exit_code == 1
    assert ("how it was read: row 2 looks like a second header row (SurveyMonkey): it was "
            "read with row 1.") in refused.output
    assert 'row 4, column C ("Do we trust each other?"): "Mostly agree" is not one of the ' \
           "answers of the 5-point agree/disagree coding" in refused.output
    done = cli("import", str(file), "--round", round_id, "--scale", "agree-5",
               "--code", "Mostly agree=4", "--db", str(archive))
    assert done.exit_code == 0, done.output
    # By hand: Agree 4, Mostly agree 4, Strongly agree 5, Disagree 2 -> 15 / 4 = 3.75
    # -> (3.75 - 1) x 2.5 = 6.875.
    assert _means(archive, round_id) == [pytest.approx(6.875)] * 3
    _nothing_personal(archive, "99077", "10.0.0.")
