"""The facilitator's Audit view and the results screen, driven as a facilitator would."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_helpers import PIN, FakeClock, three_question_round
from gui_helpers import by_name, type_date
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QTableView

from spf_desktop.domain.kiosk import Submission
from spf_desktop.gui.app import settings_for
from spf_desktop.gui.audit.results_view import ResultsTableModel, ResultsView
from spf_desktop.gui.audit.view import AuditView
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive, audit, repo
from spf_desktop.store.results import load_round_results


def click(qtbot, root, name: str) -> None:
    qtbot.mouseClick(by_name(root, name), Qt.MouseButton.LeftButton)


def type_into(qtbot, root, name: str, text: str) -> None:
    edit = by_name(root, name, QLineEdit)
    edit.clear()
    qtbot.keyClicks(edit, text)


def cell(view: QTableView, row: int, column: str) -> str:
    from spf_desktop.gui.audit.results_view import COLUMNS

    model = view.model()
    return model.data(model.index(row, COLUMNS.index(column)))


@pytest.fixture
def view(qtbot, archive):
    v = AuditView(clock=FakeClock())
    qtbot.addWidget(v)
    v.set_archive(archive)
    v.resize(1200, 800)
    v.show()
    return v


def fill(db, round_id, questions, table, sides=None, comments=None) -> None:
    ids = [q["id"] for q in questions]
    for n, scores in enumerate(table):
        side = sides[n] if sides else None
        note = {ids[0]: comments[n]} if comments and comments[n] else {}
        audit.submit(db, round_id, Submission(dict(zip(ids, scores, strict=True)), note, side))


# -- results ----------------------------------------------------------------------

def test_results_table_model_passes_the_model_tester(qtmodeltester, demo) -> None:
    model = ResultsTableModel()
    rid = [r for r in repo.rounds(demo.db) if r["label"] == "2019 audit"][0]["id"]
    model.set_results(load_round_results(demo.db, rid))
    qtmodeltester.check(model)
    assert model.rowCount() == 10


def test_demo_results_show_the_story(qtbot, demo) -> None:
    v = ResultsView()
    qtbot.addWidget(v)
    rid = [r for r in repo.rounds(demo.db) if r["label"] == "2019 audit"][0]["id"]
    v.show_results(load_round_results(demo.db, rid))
    assert by_name(v, "Overall result", QLabel).text() == "Overall average 8.61"
    summary = by_name(v, "Results summary", QLabel).text()
    assert "Change against the baseline, Baseline (6.02): +2.59" in summary
    assert "Other regional SPFs" in summary and "By side: Staff side" in summary
    table = by_name(v, "Results per question", QTableView)
    assert cell(table, 1, "Question") == "Do colleagues walk in each other's shoes?"
    assert cell(table, 1, "Staff side") != "hidden"


def test_results_match_a_hand_calculation_on_screen(qtbot, view, archive) -> None:
    db = archive.db
    round_id, questions = three_question_round(db, min_group=3)
    fill(db, round_id, questions,
         [(4, 9, None), (6, None, 2), (5, 7, 3), (None, 8, 10), (10, 6, 0)])
    view._refresh_forums()
    assert by_name(view, "Responses so far").text() == "5 responses"
    # while the round is open: only the count, and the screen says why
    assert by_name(view, "Overall result").text() == "Spring audit: 5 responses"
    assert "still open" in by_name(view, "Results summary").text()
    assert by_name(view, "Results per question", QTableView).model().rowCount() == 0
    assert not by_name(view, "Present").isEnabled()
    audit.close_round(db, round_id)
    view._refresh_forums()
    assert by_name(view, "Overall result").text() == "Overall average 5.83"  # (6.25+7.5+3.75)/3
    table = by_name(view, "Results per question", QTableView)
    got = [(cell(table, r, "Answered"), cell(table, r, "Skipped"), cell(table, r, "Mean"),
            cell(table, r, "Median")) for r in range(3)]
    assert got == [("4", "1", "6.25", "5.50"), ("4", "1", "7.50", "7.50"),
                   ("4", "1", "3.75", "2.50")]
    # no side reached the minimum: a plain sentence, never the figures
    assert cell(table, 0, "Staff side") == "hidden"
    assert "compared only when each side has at least 3" in by_name(view, "Results summary").text()
    lowest = "Lowest: 3. Do we share a purpose? (3.75)"
    assert lowest in by_name(view, "Results summary").text()


def test_below_the_minimum_there_are_no_figures_and_no_comments(qtbot, view, archive) -> None:
    db = archive.db
    round_id, questions = three_question_round(db, min_group=5)
    fill(db, round_id, questions, [(1, 2, 3)] * 4, comments=["only me"] * 4)
    audit.close_round(db, round_id)
    view._refresh_forums()
    assert by_name(view, "Overall result").text() == "Spring audit: 4 responses"
    assert "shown only from 5 responses" in by_name(view, "Results summary").text()
    assert by_name(view, "Results per question", QTableView).model().rowCount() == 0
    assert by_name(view, "Comments", QListWidget).count() == 0
    assert "at least 5 responses" in by_name(view, "About the comments").text()
    assert not by_name(view, "Present").isEnabled()


def test_sides_shown_when_both_reach_the_minimum(qtbot, view, archive) -> None:
    db = archive.db
    round_id, questions = three_question_round(db, min_group=3)
    fill(db, round_id, questions, [(2, 2, 2)] * 3 + [(8, 8, 8)] * 3,
         sides=["staff"] * 3 + ["management"] * 3, comments=["a", "b", "", "", "c", ""])
    audit.close_round(db, round_id)
    view._refresh_forums()
    table = by_name(view, "Results per question", QTableView)
    assert (cell(table, 0, "Staff side"), cell(table, 0, "Management side")) == ("2.00", "8.00")
    comments = by_name(view, "Comments", QListWidget)
    assert comments.count() == 0  # not shown before the facilitator has read them
    assert "3 comments are waiting to be screened" in by_name(view, "About the comments").text()
    view.show_tab(view.screening)
    click(qtbot, view, "Comments screened")
    assert sorted(comments.item(i).text() for i in range(comments.count())) == [
        "Q1: a", "Q1: b", "Q1: c"]
    assert by_name(view, "About the comments").text() == "3 comments, in shuffled order."
    assert "all screened" in by_name(view, "Redactions so far").text()


def test_present_opens_full_screen_and_escape_ends_it(qtbot, demo) -> None:
    v = ResultsView()
    qtbot.addWidget(v)
    rid = [r for r in repo.rounds(demo.db) if r["label"] == "Baseline"][0]["id"]
    v.fill_screens()
    v.show_results(load_round_results(demo.db, rid))
    assert by_name(v, "Screen to present on", QComboBox).count() >= 1
    window = v.present()
    assert window is not None
    qtbot.waitExposed(window)
    assert window.isFullScreen()
    assert by_name(window, "Overall result").text() == "Overall average 6.02"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


# -- the facilitator's tasks --------------------------------------------------------

def test_new_round_with_bad_details_says_why_and_adds_nothing(qtbot, view, archive) -> None:
    db = archive.db
    three_question_round(db)
    view.set_archive(archive)
    view.show_tab(view.new_round)
    before = db["rounds"].count
    type_into(qtbot, view, "Round label", "Autumn")
    type_into(qtbot, view, "Benchmark value", "11")
    type_into(qtbot, view, "Benchmark label", "Others")
    click(qtbot, view, "Create round")
    assert "between 0 and 10, not 11" in by_name(view, "Audit message").text()
    type_into(qtbot, view, "Benchmark value", "seven")
    click(qtbot, view, "Create round")
    assert "not a number" in by_name(view, "Audit message").text()
    assert db["rounds"].count == before
    type_into(qtbot, view, "Benchmark value", "7,5")
    type_date(qtbot, view, "Round date", "2024-10-01")
    click(qtbot, view, "Create round")
    assert db["rounds"].count == before + 1
    assert by_name(view, "Audit round", QComboBox).currentText() == "Autumn (2024-10-01)"
    assert "Draft" in by_name(view, "Round status").text()


def test_pin_shorter_than_four_digits_is_refused(qtbot, view, archive) -> None:
    view.show_tab(view.pin)
    type_into(qtbot, view, "New PIN", "123")
    type_into(qtbot, view, "Repeat the PIN", "123")
    click(qtbot, view, "Set PIN")
    assert "at least 4 digits" in by_name(view, "Audit message").text()
    assert audit.pin_hash(archive.db) is None
    type_into(qtbot, view, "New PIN", "5555")
    type_into(qtbot, view, "Repeat the PIN", "5556")
    click(qtbot, view, "Set PIN")
    assert "not the same" in by_name(view, "Audit message").text()
    type_into(qtbot, view, "New PIN", "5555")
    type_into(qtbot, view, "Repeat the PIN", "5555")
    click(qtbot, view, "Set PIN")
    assert by_name(view, "PIN status").text() == "A facilitator PIN is set."


def test_open_close_and_closing_twice(qtbot, view, archive) -> None:
    db = archive.db
    round_id, _ = three_question_round(db, status="draft")
    view.set_archive(archive)
    assert not by_name(view, "Start participant mode").isEnabled()
    click(qtbot, view, "Open round")
    assert "Open" in by_name(view, "Round status").text()
    click(qtbot, view, "Close round")
    assert repo.get(db, "rounds", round_id)["status"] == "open"  # it asks first
    click(qtbot, view.last_message, "Yes, close it")
    assert repo.get(db, "rounds", round_id)["status"] == "closed"
    assert not by_name(view, "Close round").isEnabled()
    view.close_round()  # e.g. a second click that arrived late
    assert "already closed" in by_name(view, "Audit message").text()


def test_participant_mode_hides_the_app_until_the_pin(qtbot, archive_path: Path,
                                                      home: Path) -> None:
    with Archive.open(archive_path) as arch:
        round_id, _ = three_question_round(arch.db)
    window = MainWindow(Archive.open(archive_path), settings_for(home))
    qtbot.addWidget(window)
    window.show()
    window.show_view("Audit")
    view = window.views["Audit"]
    click(qtbot, view, "Start participant mode")
    kiosk = view.kiosk
    assert kiosk is not None and kiosk.isVisible() and not window.isVisible()
    try:
        for key, mod in ((Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
                         (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
                         (Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier),
                         (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)):
            qtbot.keyClick(kiosk.focusWidget() or kiosk, key, mod)
            assert kiosk.isVisible() and not window.isVisible()  # the app stays out of reach
        for name in ("Start", "Score 9 out of 10", "Next", "Skip this question",
                     "Skip this question"):
            [control] = [w for w in kiosk.findChildren(type(by_name(kiosk, "Start")))
                         if w.accessibleName() == name and w.isVisible()]
            qtbot.mouseClick(control, Qt.MouseButton.LeftButton)
        kiosk._next()
        qtbot.mouseClick(by_name(kiosk, "Submit"), Qt.MouseButton.LeftButton)
        kiosk.session.clock = lambda: 1e12  # the thank-you screen times out
        kiosk.tick()
        qtbot.mouseClick(by_name(kiosk, "Leave participant mode"), Qt.MouseButton.LeftButton)
        qtbot.keyClicks(by_name(kiosk, "Facilitator PIN"), "0000")
        qtbot.keyClick(by_name(kiosk, "Facilitator PIN"), Qt.Key.Key_Return)
        assert kiosk.isVisible() and not window.isVisible()
        qtbot.keyClicks(by_name(kiosk, "Facilitator PIN"), PIN)
        qtbot.keyClick(by_name(kiosk, "Facilitator PIN"), Qt.Key.Key_Return)
    finally:
        if not kiosk._unlocked:
            kiosk.unlock()
    assert window.isVisible() and not kiosk.isVisible()
    assert by_name(view, "Responses so far").text() == "1 response"


def test_participant_mode_needs_a_pin_first(qtbot, view, archive) -> None:
    db = archive.db
    round_id, _ = three_question_round(db)
    db.execute("DELETE FROM settings")
    view.set_archive(archive)
    assert view.start_participant_mode() is None
    assert "Set a facilitator PIN first" in by_name(view, "Audit message").text()


def test_screening_replaces_a_comment(qtbot, view, archive) -> None:
    db = archive.db
    round_id, questions = three_question_round(db)
    fill(db, round_id, questions, [(5, 5, 5)], comments=["Talk to Ann Jones first"])
    view.set_archive(archive)
    view.show_tab(view.screening)
    comments = by_name(view, "Comments to screen", QListWidget)
    assert comments.item(0).text() == "Q1: Talk to Ann Jones first"
    comments.setCurrentRow(0)
    assert by_name(view, "Edited comment", QLineEdit).text() == "Talk to Ann Jones first"
    type_into(qtbot, view, "Edited comment", "Talk to [name] first")
    click(qtbot, view, "Replace with the edited text")
    assert comments.item(0).text() == "Q1: Talk to [name] first"
    assert "redactions so far: 1" in by_name(view, "Redactions so far").text()
    assert [c.comment for c in audit.comments_for_screening(db, round_id)] == [
        "Talk to [name] first"]


def test_paper_form_uses_the_same_checks(qtbot, view, archive) -> None:
    db = archive.db
    round_id, _ = three_question_round(db)
    view.set_archive(archive)
    view.show_tab(view.paper)
    type_into(qtbot, view, "Paper score for question 1", "7")
    type_into(qtbot, view, "Paper score for question 3", "11")
    click(qtbot, view, "Save paper form")
    assert 'Question 3: "11" is not a score from 0 to 10' in by_name(view, "Audit message").text()
    assert repo.response_count(db, round_id) == 0
    type_into(qtbot, view, "Paper score for question 3", "10")
    type_into(qtbot, view, "Paper comment for question 2", "Written in the margin")
    by_name(view, "Paper form side", QComboBox).setCurrentIndex(2)
    click(qtbot, view, "Save paper form")
    assert by_name(view, "Responses so far").text() == "1 response"
    assert by_name(view, "Paper score for question 1", QLineEdit).text() == ""
    rows = db.execute("""SELECT q.position, a.score, a.comment, s.side FROM answers a
                         JOIN questions q ON q.id = a.question_id
                         JOIN responses s ON s.key = a.response_key
                         ORDER BY q.position""").fetchall()
    assert rows == [(1, 7, None, "management"), (2, None, "Written in the margin", "management"),
                    (3, 10, None, "management")]


def test_question_set_editor_versions_an_answered_set(qtbot, demo) -> None:
    v = AuditView()
    qtbot.addWidget(v)
    v.set_archive(demo)
    v.show()
    v.show_tab(v.question_sets)
    questions = by_name(v, "Questions in the set", QListWidget)
    assert "saving keeps that version" in by_name(v, "About this question set").text()
    questions.setCurrentRow(1)
    type_into(qtbot, v, "Question text", "Do we walk in each other's shoes?")
    click(qtbot, v, "Reword question")
    questions.setCurrentRow(9)
    click(qtbot, v, "Move up")
    type_into(qtbot, v, "Question text", "Do we work from shared values?")
    click(qtbot, v, "Add question")
    assert "already has this question" in by_name(v, "Audit message").text()
    type_into(qtbot, v, "Question text", "   ")
    click(qtbot, v, "Add question")
    assert "cannot be empty" in by_name(v, "Audit message").text()
    click(qtbot, v, "Save question set")
    assert "Saved as version 2" in by_name(v, "Audit message").text()
    assert by_name(v, "Question set to edit", QComboBox).currentText() == \
        "Partnership behaviours (version 2)"
    assert questions.item(1).text() == "2. Do we walk in each other's shoes?"
    assert questions.item(8).text().startswith("9. Do we hold each other to account")
    versions = demo.db.execute("SELECT version FROM question_sets ORDER BY version").fetchall()
    assert versions == [(1,), (2,)]


def test_copying_a_set_makes_a_new_lineage(qtbot, demo) -> None:
    v = AuditView()
    qtbot.addWidget(v)
    v.set_archive(demo)
    v.show()
    type_into(qtbot, v, "Name for the copy", "East Midlands behaviours")
    click(qtbot, v, "Copy as a new set")
    assert by_name(v, "Question set to edit", QComboBox).currentText() == \
        "East Midlands behaviours (version 1)"
    assert "Nobody has answered this set yet" in by_name(v, "About this question set").text()
    assert demo.db.execute("SELECT count(DISTINCT lineage) FROM question_sets").fetchone()[0] == 2


def test_every_control_of_the_audit_screens_has_an_accessible_name(qtbot, archive) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QPlainTextEdit,
        QWidget,
    )

    from spf_desktop.gui.audit.kiosk import KioskWindow

    round_id, _ = three_question_round(archive.db)
    v = AuditView()
    qtbot.addWidget(v)
    v.set_archive(archive)
    v.ensure_built()
    kiosk = KioskWindow(archive.db, round_id, clock=FakeClock())
    qtbot.addWidget(kiosk)
    try:
        interactive = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit,
                       QAbstractSpinBox, QPlainTextEdit)
        for root in (v, kiosk):
            unnamed = [type(w).__name__ for w in root.findChildren(QWidget)
                       if isinstance(w, interactive) and not w.accessibleName()
                       and w.window() is root  # not a combo box's own pop-up list
                       # nor the inner parts of a spin box or a table's corner
                       and not isinstance(w.parent(), QAbstractSpinBox | QAbstractItemView)]
            assert unnamed == [], root.accessibleName()
    finally:
        kiosk.unlock()


def test_the_view_costs_nothing_until_it_is_first_shown(qtbot, demo) -> None:
    v = AuditView()
    qtbot.addWidget(v)
    v.set_archive(demo)
    assert v.findChildren(QComboBox) == []  # nothing made, nothing read yet
    v.show()
    assert by_name(v, "Forum", QComboBox).currentText() == "East Midlands SPF"
    assert by_name(v, "Overall result").text().startswith("Overall average")
