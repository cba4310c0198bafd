"""A new forum's first day, on the audit side (issue 11): question sets made, copied,
imported, exported and deleted; a round held at a meeting; forms a person can use
with the keyboard. Every test starts from a NEW EMPTY archive (which holds only the
shipped set), drives the Audit view by accessible names, and never uses the demo.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from audit_helpers import FakeClock
from gui_helpers import by_name, type_date, visible_named
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QWidget,
)

from spf_desktop.domain.agenda import Meeting
from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.kiosk import Submission
from spf_desktop.gui.audit.view import AuditView
from spf_desktop.io import question_set_file
from spf_desktop.store import Archive, audit, repo
from spf_desktop.store import agenda as agenda_store
from spf_desktop.store.shipped import shipped_set_id

SHIPPED = "Partnership behaviours"


@pytest.fixture
def archive(tmp_path: Path):
    arch = Archive.open(tmp_path / "new.db", create=True)
    yield arch
    arch.close()


@pytest.fixture
def view(qtbot, archive):
    v = AuditView(clock=FakeClock())
    qtbot.addWidget(v)
    v.set_archive(archive)
    v.resize(1366, 768)
    v.show()
    qtbot.waitUntil(lambda: by_name(v, "Audit tasks").isVisible())
    return v


def click(qtbot, root: QWidget, name: str) -> None:
    [button] = visible_named(root, name, QAbstractButton)
    assert button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, root: QWidget, name: str, text: str) -> None:
    edit = by_name(root, name, QLineEdit)
    edit.clear()
    qtbot.keyClicks(edit, text)


def enter(qtbot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def said(view: AuditView) -> str:
    return by_name(view, "Audit message").text()


def choose_file(qtbot, dialog: QFileDialog, path: Path) -> None:
    """Choose a file in the open file dialog (on Windows it is the system's own, so it
    is driven through its API: the file, then Open or Save)."""
    qtbot.waitUntil(dialog.isVisible)
    dialog.selectFile(str(path))
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def set_names(view: AuditView) -> list[str]:
    combo = by_name(view, "Question set to edit", QComboBox)
    return [combo.itemText(i) for i in range(combo.count())]


def stored(path: Path) -> str:
    """A hash of everything the archive holds on disk: the file and its write-ahead log."""
    digest = hashlib.sha256()
    for part in (path, path.with_name(path.name + "-wal")):
        if part.exists():
            digest.update(part.read_bytes())
    return digest.hexdigest()


def add_forum(qtbot, view: AuditView, name: str = "Riverside SPF") -> None:
    view.show_tab(view.new_round)
    type_into(qtbot, view, "New forum name", name)
    enter(qtbot, by_name(view, "New forum name"))  # Enter presses Add forum
    assert by_name(view, "Forum", QComboBox).currentText() == name


# -- item 1: question sets --------------------------------------------------------------

def test_a_new_archive_makes_copies_exports_imports_and_deletes_question_sets(
        qtbot, view, archive, tmp_path) -> None:
    db = archive.db
    add_forum(qtbot, view)
    view.show_tab(view.question_sets)
    assert set_names(view) == [f"{SHIPPED} (version 1)"]

    # New set (blank): a draft until it has a question and is saved
    type_into(qtbot, view, "Name for a new set", "Riverside behaviours")
    enter(qtbot, by_name(view, "Name for a new set"))
    assert set_names(view)[0] == "Riverside behaviours (new, not saved yet)"
    assert db["question_sets"].count == 1
    for text in ("Do we keep our promises?", "Do we listen?"):
        type_into(qtbot, view, "Question text", text)
        enter(qtbot, by_name(view, "Question text"))  # Enter adds the question
    assert by_name(view, "Questions in the set", QListWidget).count() == 2
    click(qtbot, view, "Save question set")
    assert "saved" in said(view)
    made = [qs for qs in audit.question_sets(db) if qs["name"] == "Riverside behaviours"]
    assert len(made) == 1 and made[0]["question_count"] == 2

    # Copy the shipped set
    combo = by_name(view, "Question set to edit", QComboBox)
    combo.setCurrentIndex(combo.findData(shipped_set_id()))
    type_into(qtbot, view, "Name for the copy", "Our partnership set")
    click(qtbot, view, "Copy as a new set")
    assert "Our partnership set (version 1)" in set_names(view)

    # Export it to a file, through the file dialog
    target = tmp_path / "out" / "ours"
    target.parent.mkdir()
    click(qtbot, view, "Export the question set to a file")
    choose_file(qtbot, view.question_sets.file_dialog, target)
    written = target.with_name("ours" + question_set_file.SUFFIX)
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data["format"] == "spf-question-set" and data["format_version"] == 1
    assert data["name"] == "Our partnership set" and len(data["questions"]) == 10
    assert not list(target.parent.glob("*.part"))  # the atomic writer left nothing behind
    assert "Exported to" in said(view)

    # Delete the copy: asked first, No is the default
    click(qtbot, view, "Delete question set")
    box = view.question_sets.last_message
    assert isinstance(box, QMessageBox) and box.defaultButton() is box.button(
        QMessageBox.StandardButton.No)
    click(qtbot, box, "Yes, delete the set")
    assert "Our partnership set (version 1)" not in set_names(view)
    assert not [qs for qs in audit.question_sets(db) if qs["name"] == "Our partnership set"]

    # Import it back from the file
    click(qtbot, view, "Import a question set from a file")
    choose_file(qtbot, view.question_sets.file_dialog, written)
    assert said(view) == (f'Imported "Our partnership set" from {written.name}: 10 questions.')
    assert by_name(view, "Question set to edit", QComboBox).currentText() == \
        "Our partnership set (version 1)"
    # the New round tab offers it at once, with no restart
    new_round = by_name(view, "Question set for the new round", QComboBox)
    assert any("Our partnership set" in new_round.itemText(i) for i in range(new_round.count()))


def test_delete_is_refused_for_a_set_a_round_uses(qtbot, view, archive) -> None:
    db = archive.db
    add_forum(qtbot, view)
    view.show_tab(view.new_round)
    type_into(qtbot, view, "Round label", "Baseline")
    click(qtbot, view, "Create round")
    view.show_tab(view.question_sets)
    before = stored(archive.path)
    click(qtbot, view, "Delete question set")
    assert 'cannot be deleted: the round "Baseline" (Riverside SPF' in said(view)
    assert view.question_sets.last_message is None  # refused at once, nothing to confirm
    assert repo.get(db, "question_sets", shipped_set_id()) is not None
    assert stored(archive.path) == before


BAD_FILES = {
    "damaged.json": ('{"format": "spf-question-set", "format_version": 1, "name": "X",\n'
                     '  "questions": [ {"text": "A?"} \n', "line 3, column 1"),
    "notaset.json": ('{"name": "My agenda", "sections": []}', 'the field "format"'),
    "newer.json": ('{"format": "spf-question-set", "format_version": 2, "name": "X", '
                   '"questions": [{"text": "A?"}]}', 'field "format_version": the file is format '
                   'version 2, from a newer SPF Desktop'),
    "empty.json": ('{"format": "spf-question-set", "format_version": 1, "name": "X", '
                   '"questions": []}', 'the field "questions": the list is empty'),
    "duplicate.json": ('{"format": "spf-question-set", "format_version": 1, "name": "X", '
                       '"questions": [{"text": "Do we listen?"}, {"text": "Do we trust?"}, '
                       '{"text": "do we  LISTEN?"}]}', "question 3: it is the same as question 1"),
    "blank.json": ('{"format": "spf-question-set", "format_version": 1, "name": "X", '
                   '"questions": [{"text": "Do we listen?"}, {"text": "   "}]}',
                   'question 2 (field "text"): it is blank'),
    "nameless.json": ('{"format": "spf-question-set", "format_version": 1, '
                      '"questions": [{"text": "A?"}]}', 'the field "name": it is missing'),
}


@pytest.mark.parametrize("file_name", sorted(BAD_FILES))
def test_a_bad_question_set_file_is_refused_saying_what_and_where_and_changes_nothing(
        qtbot, view, archive, tmp_path, file_name) -> None:
    text, where = BAD_FILES[file_name]
    path = tmp_path / file_name
    path.write_text(text, encoding="utf-8")
    view.show_tab(view.question_sets)
    before = stored(archive.path)
    click(qtbot, view, "Import a question set from a file")
    choose_file(qtbot, view.question_sets.file_dialog, path)
    message = said(view)
    assert message.startswith(f"{file_name}: ") and where in message, message
    assert message.endswith("Nothing was imported.")
    assert by_name(view, "Audit message").property("role") == "error"
    assert stored(archive.path) == before
    assert set_names(view) == [f"{SHIPPED} (version 1)"]


def test_the_shipped_set_file_reads_and_writes_back_the_same_set(tmp_path: Path) -> None:
    from spf_desktop.domain.questions import load_question_set
    from spf_desktop.paths import resource

    shipped = resource("question_sets") / "partnership_behaviours.json"
    qs = question_set_file.read_question_set(shipped)
    assert qs == load_question_set(shipped)
    out = question_set_file.write_question_set(tmp_path / "x.json", qs)
    assert question_set_file.read_question_set(out) == qs
    assert out.read_text(encoding="utf-8") == question_set_file.to_json(qs)  # stable


# -- item 3 and item 9: the New round form ----------------------------------------------

def test_new_round_preselects_the_only_set_uses_a_date_control_and_is_held_at_a_meeting(
        qtbot, view, archive) -> None:
    db = archive.db
    add_forum(qtbot, view)
    forum_id = by_name(view, "Forum", QComboBox).currentData()
    sets = by_name(view, "Question set for the new round", QComboBox)
    assert sets.currentData() == shipped_set_id()  # one set: chosen already
    meeting = by_name(view, "Held at meeting", QComboBox)
    assert [meeting.itemText(i) for i in range(meeting.count())] == ["(none)"]
    mid = agenda_store.create_meeting(db, forum_id, Meeting("Spring forum", date="2026-03-12"))
    qtbot.waitUntil(lambda: meeting.count() == 2)  # the change hook brings it in
    assert meeting.currentText() == "(none)"
    assert meeting.itemText(1) == "Spring forum (2026-03-12)"

    date = by_name(view, "Round date", QDateEdit)
    assert date.calendarPopup()
    shown = QLocale.system().dateFormat(QLocale.FormatType.ShortFormat)
    assert date.displayFormat() == (shown if "yyyy" in shown else shown.replace("yy", "yyyy"))
    type_date(qtbot, view, "Round date", "2026-03-12")
    assert date.text() == QDate(2026, 3, 12).toString(date.displayFormat())

    type_into(qtbot, view, "Round label", "Spring audit")
    meeting.setCurrentIndex(1)
    enter(qtbot, by_name(view, "Round label"))  # Enter presses Create round
    [rnd] = repo.rounds(db, forum_id)
    assert (rnd["label"], rnd["date"], rnd["meeting_id"]) == ("Spring audit", "2026-03-12", mid)
    assert by_name(view, "Audit round", QComboBox).currentText() == "Spring audit (2026-03-12)"
    assert meeting.currentText() == "(none)"  # the next round starts without one


def test_a_meeting_of_another_forum_is_refused(archive) -> None:
    db = archive.db
    ours = repo.create_forum(db, "Riverside SPF")
    theirs = repo.create_forum(db, "Hillside SPF")
    mid = agenda_store.create_meeting(db, theirs, Meeting("Hillside forum"))
    before = db["rounds"].count
    with pytest.raises(ValidationError) as caught:
        audit.create_audit_round(db, ours, shipped_set_id(), "Spring", "2026-03-12",
                                 meeting_id=mid)
    assert str(caught.value) == (
        'The meeting "Hillside forum" belongs to Hillside SPF, not Riverside SPF: a round '
        "can be held only at a meeting of its own forum.")
    assert db["rounds"].count == before


def test_with_several_sets_new_round_makes_the_facilitator_choose(qtbot, archive) -> None:
    from spf_desktop.domain.questions import Question, QuestionSet

    audit.save_copy(archive.db, QuestionSet("Another set", (Question("a", "A?"),)))
    view = AuditView(clock=FakeClock())
    qtbot.addWidget(view)
    view.set_archive(archive)
    view.resize(1366, 768)
    view.show()
    qtbot.waitUntil(lambda: by_name(view, "Audit tasks").isVisible())
    add_forum(qtbot, view)
    sets = by_name(view, "Question set for the new round", QComboBox)
    assert sets.count() == 2 and sets.currentIndex() == -1  # two: no guess
    type_into(qtbot, view, "Round label", "Spring")
    click(qtbot, view, "Create round")
    assert said(view) == "Choose a question set for the round."
    assert archive.db["rounds"].count == 0
    sets.setCurrentIndex(sets.findData(shipped_set_id()))
    click(qtbot, view, "Create round")
    assert archive.db["rounds"].count == 1


def focus_order(qtbot, start: QWidget, stop: QWidget) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    order = [start]
    for _ in range(40):
        qtbot.keyClick(order[-1].window().focusWidget(), Qt.Key.Key_Tab)
        focus = start.window().focusWidget()
        while focus is not None and focus.focusProxy() is not None:
            focus = focus.focusProxy()
        order.append(focus)
        if focus is stop:
            return order
    raise AssertionError("Tab never reached the last control")


def test_tab_order_in_the_new_round_form_follows_the_visual_order(qtbot, view) -> None:
    view.show_tab(view.new_round)
    first = by_name(view, "New forum name")
    last = by_name(view, "Create round")
    order = focus_order(qtbot, first, last)
    names: list[str] = []
    for w in order:  # a date or spin box's own line edit is the control itself
        name = w.accessibleName() or (w.parentWidget().accessibleName() if w.parentWidget()
                                      else "")
        if not names or names[-1] != name:
            names.append(name)
    assert names == ["New forum name", "Add forum", "Question set for the new round",
                     "Round label", "Round date", "Held at meeting", "Minimum group size",
                     "Benchmark label", "Benchmark value", "Create round"]
    tops = [w.mapTo(view, w.rect().topLeft()) for w in order]
    for a, b in zip(tops, tops[1:], strict=False):  # down the page, left to right in a row
        assert (b.y(), b.x()) > (a.y() - 5, a.x()) or b.y() > a.y()


def test_enter_presses_the_obvious_button_in_the_pin_and_redaction_forms(
        qtbot, view, archive) -> None:
    db = archive.db
    view.show_tab(view.pin)
    type_into(qtbot, view, "New PIN", "4826")
    type_into(qtbot, view, "Repeat the PIN", "4826")
    enter(qtbot, by_name(view, "Repeat the PIN"))
    assert audit.pin_hash(db) is not None
    assert by_name(view, "PIN status").text() == "A facilitator PIN is set."

    forum = repo.create_forum(db, "Riverside SPF")
    rid = audit.create_audit_round(db, forum, shipped_set_id(), "Spring", "2026-03-12",
                                   min_group_size=3)
    audit.open_round(db, rid)
    first = repo.questions(db, shipped_set_id())[0]["id"]
    audit.submit(db, rid, Submission({first: 7}, {first: "Ask Pat Smith"}, None))
    qtbot.waitUntil(lambda: by_name(view, "Audit round", QComboBox).currentData() == rid)
    view.show_tab(view.screening)
    comments = by_name(view, "Comments to screen", QListWidget)
    qtbot.waitUntil(lambda: comments.count() == 1)
    comments.setCurrentRow(0)
    type_into(qtbot, view, "Edited comment", "Ask [name]")
    enter(qtbot, by_name(view, "Edited comment"))
    assert [c.comment for c in audit.comments_for_screening(db, rid)] == ["Ask [name]"]


def test_close_round_asks_first_with_no_as_the_default(qtbot, view, archive) -> None:
    db = archive.db
    add_forum(qtbot, view)
    type_into(qtbot, view, "Round label", "Spring")
    click(qtbot, view, "Create round")
    click(qtbot, view, "Open round")
    rid = by_name(view, "Audit round", QComboBox).currentData()
    click(qtbot, view, "Close round")
    box = view.last_message
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(box.isVisible)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    assert "0 responses" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter takes the default: No
    qtbot.waitUntil(lambda: not box.isVisible())
    assert repo.get(db, "rounds", rid)["status"] == "open"
    click(qtbot, view, "Close round")
    qtbot.mouseClick(by_name(view.last_message, "Yes, close it", QPushButton),
                     Qt.MouseButton.LeftButton)
    assert repo.get(db, "rounds", rid)["status"] == "closed"


# -- the rules underneath, without Qt ------------------------------------------------------

def test_the_session_types_a_10_and_goes_back_to_the_review() -> None:
    from spf_desktop.domain.kiosk import KioskQuestion, KioskSession, Screen

    clock = FakeClock()
    s = KioskSession([KioskQuestion("a", "A?"), KioskQuestion("b", "B?")], clock)
    s.start()
    assert (s.type_digit(1), s.type_digit(0)) == (1, 10)
    assert s.type_digit(0) == 0  # a third digit starts again
    s.type_digit(1)
    clock.advance(1.01)
    assert s.type_digit(0) == 0  # too slow
    s.type_digit(1)
    s.next()
    assert s.type_digit(0) == 0  # a 1 on the question before does not count
    s.next()
    s.next()  # the side question
    assert s.screen is Screen.REVIEW
    s.go_to(0)
    s.type_digit(4)
    s.next()
    assert s.screen is Screen.REVIEW and s.choices[0] == 4
    s.go_to(1)
    s.skip()  # skipping it also returns to the review
    assert s.screen is Screen.REVIEW and s.choices[1] == "skipped"
