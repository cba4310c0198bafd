"""The import window's mapping step, driven as a person would: by accessible name,
from an empty archive with one closed three-question round.

The files are laid out as the survey tools export them (the question wordings and
checks are those of tests/test_io_survey_exports.py); expected figures are worked
out by hand in each test.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from archive_helpers import digest, write_csv, write_xlsx
from audit_helpers import three_question_round
from gui_helpers import by_name, visible_named
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton
from test_archive_gui import read_the_file, wait_for_import
from test_io_survey_exports import Q1, Q2, Q3, _means, _nothing_personal, _stored

from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive


@pytest.fixture
def closed(archive_path: Path) -> tuple[Path, str, list[str]]:
    """An empty archive with a closed three-question round; the archive is closed."""
    with Archive.open(archive_path, create=True, backup=False) as arch:
        round_id, questions = three_question_round(arch.db, status="closed")
    return archive_path, round_id, [q["id"] for q in questions]


def open_dialog(qtbot, archive: Path, home: Path, round_id: str):
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Archive.open(archive, backup=False), settings)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    dialog = window.views["Archive"].open_import()
    box = by_name(dialog, "Round to import into", QComboBox)
    box.setCurrentIndex(box.findData(round_id))
    return window, dialog


def choose(qtbot, box: QComboBox, text: str) -> None:
    """Choose an item by keyboard alone: focus, then the arrow keys."""
    box.setFocus()
    target = box.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert target >= 0, [box.itemText(i) for i in range(box.count())]
    key = Qt.Key.Key_Down if target > box.currentIndex() else Qt.Key.Key_Up
    while box.currentIndex() != target:
        qtbot.keyClick(box, key)


def message(dialog) -> str:
    return by_name(dialog, "Import message", QLabel).text()


def test_a_microsoft_forms_rating_is_imported_on_the_1_to_5_scale_chosen(
        qtbot, closed, home, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    nps = [9, 7, 10, 0, 8, 6]
    stars = [5, 4, 3, 4, 2, None]  # a Rating question: 1 to 5 stars
    likert = ["Agree", "Strongly agree", "Neither agree nor disagree", "Disagree", "Agree",
              "Agree"]
    rows: list[list[object]] = [["ID", "Start time", "Completion time", "Email", "Name",
                                 "Last modified time", Q1, Q2, Q3]]
    for n in range(6):
        rows.append([n + 1, datetime(2024, 3, 1, 9, 10 + n), datetime(2024, 3, 1, 9, 20 + n),
                     f"rep{n}@trust.nhs.uk", f"Alex Person{n}", None, nps[n], stars[n], likert[n]])
    file = write_xlsx(tmp_path / "Partnership audit(1-6).xlsx", rows)
    window, dialog = open_dialog(qtbot, archive, home, round_id)
    by_name(dialog, "Spreadsheet file", QLineEdit).setText(str(file))
    read_the_file(qtbot, dialog)

    # Question 1 is plainly 0 to 10; 2 and 3 are asked, and nothing can be imported yet.
    assert by_name(dialog, "Scale for question 1", QComboBox).currentText() == "As read: 0 to 10"
    rating = by_name(dialog, "Scale for question 2", QComboBox)
    assert rating.currentText() == "Choose the scale…"
    assert by_name(dialog, "Conversion for question 2", QLabel).text().startswith(
        "The column holds values from 2 to 5: the scale is not clear")
    assert "Choose the scale of question 2, 3" in message(dialog)
    assert not by_name(dialog, "Import responses now", QPushButton).isEnabled()
    choose(qtbot, rating, "1 to 5 -> 0, 2.5, 5, 7.5, 10")
    assert by_name(dialog, "Conversion for question 2", QLabel).text() == (
        "Stored as: 1 -> 0, 2 -> 2.5, 3 -> 5, 4 -> 7.5, 5 -> 10")
    words = by_name(dialog, "Scale for question 3", QComboBox)
    choose(qtbot, words, "5-point agree/disagree (words) (likely)")
    coding = by_name(dialog, "Coding for 5-point agree/disagree", QPlainTextEdit)
    assert coding.toPlainText().splitlines()[:2] == ["Strongly disagree = 1", "Disagree = 2"]
    assert '"Strongly agree" -> 10' in by_name(dialog, "Conversion for question 3", QLabel).text()
    # the preview shows each answer as it will count, on 0 to 10
    from test_archive_gui import rows as table_rows
    preview = table_rows(by_name(dialog, "Preview of the first rows"))
    assert preview[0] == ["2", "", "9", "10", "7.5", ""]
    assert preview[4] == ["6", "", "8", "2.5", "7.5", ""]
    importer = by_name(dialog, "Import responses now", QPushButton)
    assert importer.isEnabled()
    qtbot.mouseClick(importer, Qt.MouseButton.LeftButton)
    wait_for_import(qtbot, dialog)
    assert "Imported 6 responses" in message(dialog)
    assert "Converted to 0 to 10 and marked on the round" in message(dialog)
    dialog.close()

    # The round is marked as converted where its details are shown.
    details = by_name(window, "Details of the selected record", QLabel).text()
    assert "Status: draft (converted from another scale)" in details
    assert "Converted: 1 to 5 -> 0, 2.5, 5, 7.5, 10" in details
    window.close()
    # Stored on their own scale, exactly; every mean converted on a straight line.
    stored = _stored(archive, round_id, qids)
    assert stored["scores"][1] == [2, 3, 4, 4, 5, None]
    assert stored["scores"][2] == [2, 3, 4, 4, 4, 5]
    # By hand: Q1 (9+7+10+0+8+6)/6 = 40/6; Q2 (5+4+3+4+2)/5 = 3.6 -> 2.6 x 2.5 = 6.5;
    # Q3 (4+5+3+2+4+4)/6 = 22/6 -> (22/6 - 1) x 2.5 = 6.666...
    assert _means(archive, round_id) == [pytest.approx(40 / 6), pytest.approx(6.5),
                                         pytest.approx((22 / 6 - 1) * 2.5)]
    _nothing_personal(archive, "rep0@trust.nhs.uk", "Alex Person0")


def test_a_comment_column_and_the_files_own_side_labels_mapped(
        qtbot, closed, home, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    rows = [["Respondent", Q1, Q2, Q3, "Your role in the forum", "Any other comments?"]]
    labels = ["Staff side (trade union rep)", "HR / employer", "Staff side (trade union rep)",
              "Observer", "HR / employer"]
    for n, role in enumerate(labels):
        rows.append([f"P{n}", n * 2, 10 - n, 5, role, "More time please" if n == 1 else ""])
    file = write_csv(tmp_path / "roles.csv", rows)
    window, dialog = open_dialog(qtbot, archive, home, round_id)
    by_name(dialog, "Spreadsheet file", QLineEdit).setText(str(file))
    read_the_file(qtbot, dialog)
    unused = by_name(dialog, "Columns not imported", QLabel).text()
    assert 'E "Your role in the forum"' in unused and 'F "Any other comments?"' in unused
    assert "Column F looks like general comments" in unused
    # every answer to question 3 is 5: could be 1 to 5 or 1 to 7; they are 0 to 10
    choose(qtbot, by_name(dialog, "Scale for question 3", QComboBox), "0 to 10 -> ")
    choose(qtbot, by_name(dialog, "Comment column for question 2", QComboBox),
           "F: Any other comments?")
    choose(qtbot, by_name(dialog, "Side column", QComboBox), "E: Your role in the forum")
    # each of the file's labels, with how many rows hold it, waits for its side
    assert by_name(dialog, 'About "HR / employer"', QLabel).text() == '"HR / employer" (2 rows):'
    assert 'Say which side "HR / employer", "Observer", "Staff side (trade union rep)"' in (
        message(dialog))
    assert not by_name(dialog, "Import responses now", QPushButton).isEnabled()
    choose(qtbot, by_name(dialog, 'Side for "Staff side (trade union rep)"', QComboBox),
           "Staff side")
    choose(qtbot, by_name(dialog, 'Side for "HR / employer"', QComboBox), "Management side")
    choose(qtbot, by_name(dialog, 'Side for "Observer"', QComboBox), "No side")
    from test_archive_gui import rows as table_rows
    preview = table_rows(by_name(dialog, "Preview of the first rows"))
    assert [r[1] for r in preview] == ["Staff side", "Management side", "Staff side", "",
                                       "Management side"]
    assert [r[-1] for r in preview] == ["", "Q2", "", "", ""]
    qtbot.mouseClick(by_name(dialog, "Import responses now", QPushButton),
                     Qt.MouseButton.LeftButton)
    wait_for_import(qtbot, dialog)
    assert "Imported 5 responses" in message(dialog)
    window.close()
    stored = _stored(archive, round_id, qids)
    assert stored["sides"] == ["", "management", "management", "staff", "staff"]
    assert stored["comments"] == ["More time please"]
    _nothing_personal(archive, "P0", "P3")


def test_cancel_while_the_file_is_read_leaves_everything_as_it_was(
        qtbot, closed, home, tmp_path: Path) -> None:
    archive, round_id, _qids = closed
    file = write_csv(tmp_path / "big.csv", [["ID", Q1, Q2, Q3]]
                     + [[n, n % 11, (n + 3) % 11, (n + 7) % 11] for n in range(1, 40_001)])
    before = digest(archive)
    window, dialog = open_dialog(qtbot, archive, home, round_id)
    by_name(dialog, "Spreadsheet file", QLineEdit).setText(str(file))
    qtbot.mouseClick(by_name(dialog, "Read the file", QPushButton), Qt.MouseButton.LeftButton)
    cancel = by_name(dialog, "Cancel reading", QPushButton)
    assert cancel.isVisible() and dialog.focusWidget() is cancel
    assert by_name(dialog, "Import progress").isVisible()
    assert not by_name(dialog, "Read the file", QPushButton).isEnabled()
    qtbot.keyClick(cancel, Qt.Key.Key_Space)  # the keyboard alone
    assert "Reading cancelled" in message(dialog)
    assert not cancel.isVisible() and by_name(dialog, "Read the file", QPushButton).isEnabled()
    # Escape cancels a read too, and leaves the window open
    qtbot.mouseClick(by_name(dialog, "Read the file", QPushButton), Qt.MouseButton.LeftButton)
    assert cancel.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and not cancel.isVisible()
    assert "Reading cancelled" in message(dialog)
    assert window.ops.wait_for_done()
    qtbot.waitUntil(lambda: not window.ops._jobs)  # its last signals delivered, and ignored
    assert not visible_named(dialog, "Column for question 1")
    assert "Reading cancelled" in message(dialog)
    assert not by_name(dialog, "Import responses now", QPushButton).isEnabled()
    # and the same file reads in full when asked again
    read_the_file(qtbot, dialog)
    assert "answers in rows 2 to 40001" in message(dialog)
    window.close()
    assert digest(archive) == before


def test_a_refused_file_leaves_the_archive_byte_identical(
        qtbot, closed, home, tmp_path: Path) -> None:
    archive, round_id, _qids = closed
    before = digest(archive)
    window, dialog = open_dialog(qtbot, archive, home, round_id)
    # not a spreadsheet at all: refused as it is read, with what to do next
    junk = tmp_path / "responses.xlsx"
    junk.write_bytes(b"PK\x03\x04 this is not a workbook")
    by_name(dialog, "Spreadsheet file", QLineEdit).setText(str(junk))
    read_the_file(qtbot, dialog)
    assert "Nothing was imported" in message(dialog) and "row 1, column A" in message(dialog)
    assert "Import an Excel workbook" in message(dialog)
    # a file whose preview is fine, with a word among the scores past the preview's rows
    long_heading = ("Do we listen? (think of the last three meetings of the forum, and of the "
                    "working groups that report to it)")
    rows = [[Q1, long_heading, Q3]] + [[n % 11, (n + 4) % 11, 10 - n % 11] for n in range(30)]
    rows[25][0] = "seven"
    file = write_csv(tmp_path / "late problem.csv", rows)
    by_name(dialog, "Spreadsheet file", QLineEdit).setText(str(file))
    read_the_file(qtbot, dialog)
    choose(qtbot, by_name(dialog, "Column for question 2", QComboBox), "B: Do we listen? (think")
    assert by_name(dialog, "Column for question 2", QComboBox).toolTip() == f"B: {long_heading}"
    qtbot.mouseClick(by_name(dialog, "Import responses now", QPushButton),
                     Qt.MouseButton.LeftButton)
    wait_for_import(qtbot, dialog)
    text = message(dialog)
    assert "Nothing was imported" in text
    assert 'late problem.csv: row 26, column A ("Do we trust each other?"): "seven" is not a ' \
           "number" in text
    assert "leave the cell empty for a skip" in text
    window.close()
    assert digest(archive) == before


def test_a_word_coding_is_edited_before_import(qtbot, closed, home, tmp_path: Path) -> None:
    archive, round_id, qids = closed
    words = ["Agree", "Tend to agree", "Strongly agree", "Disagree"]
    file = write_csv(tmp_path / "likert.csv",
                     [[Q1, Q2, Q3]] + [[0, 10, w] for w in words])
    window, dialog = open_dialog(qtbot, archive, home, round_id)
    by_name(dialog, "Spreadsheet file", QLineEdit).setText(str(file))
    read_the_file(qtbot, dialog)
    # no built-in coding holds "Tend to agree": each such cell is a problem, named
    assert 'row 3, column C ("Do we share a purpose?"): "Tend to agree" is not a number' in (
        message(dialog))
    choose(qtbot, by_name(dialog, "Scale for question 3", QComboBox),
           "5-point agree/disagree (words)")
    assert '"Tend to agree" is not one of the answers' in message(dialog)
    coding = by_name(dialog, "Coding for 5-point agree/disagree", QPlainTextEdit)
    coding.setFocus()
    coding.moveCursor(coding.textCursor().MoveOperation.End)
    qtbot.keyClick(coding, Qt.Key.Key_Return)
    qtbot.keyClicks(coding, "Tend to agree = 4")
    assert "Tend to agree" not in message(dialog)
    # a line that says no number is named, and holds the import back
    qtbot.keyClick(coding, Qt.Key.Key_Return)
    qtbot.keyClicks(coding, "Mostly agree")
    assert 'line 9 ("Mostly agree"): write the answer, =, and its number' in message(dialog)
    assert not by_name(dialog, "Import responses now", QPushButton).isEnabled()
    qtbot.keyClicks(coding, " = 4")
    qtbot.mouseClick(by_name(dialog, "Import responses now", QPushButton),
                     Qt.MouseButton.LeftButton)
    wait_for_import(qtbot, dialog)
    assert "Imported 4 responses" in message(dialog)
    window.close()
    # By hand: Agree 4, Tend to agree 4, Strongly agree 5, Disagree 2.
    assert _stored(archive, round_id, qids)["scores"][2] == [2, 4, 4, 5]


def test_on_a_new_archive_the_import_says_how_to_make_a_forum(qtbot, archive_path: Path,
                                                              home, tmp_path: Path) -> None:
    Archive.open(archive_path, create=True, backup=False).close()  # new: no forum yet
    file = write_xlsx(tmp_path / "forms.xlsx", [["ID", Q1], [1, 7], [2, 8]])
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Archive.open(archive_path, backup=False), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    dialog = window.views["Archive"].open_import()
    qtbot.mouseClick(by_name(dialog, "Into a new round"), Qt.MouseButton.LeftButton)
    by_name(dialog, "Spreadsheet file", QLineEdit).setText(str(file))
    from test_archive_gui import read_the_file

    read_the_file(qtbot, dialog)
    assert "no forum yet" in message(dialog)
    assert "New forum" in message(dialog)
