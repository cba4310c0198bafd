"""What a new-user trial of the audit found, driven as those people did it: a new,
empty archive with the shipped question set, the keyboard and the mouse."""

from __future__ import annotations

import pytest
from audit_helpers import PIN, FakeClock
from gui_helpers import by_name, visible_named
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPlainTextEdit, QPushButton, QWidget

from spf_desktop.domain.kiosk import Screen
from spf_desktop.gui.audit.kiosk import KioskWindow
from spf_desktop.gui.audit.view import AuditView
from spf_desktop.store import Archive, audit, repo
from spf_desktop.store.shipped import shipped_set_id


@pytest.fixture
def new_archive(tmp_path):
    arch = Archive.open(tmp_path / "new.db", create=True)
    yield arch
    if arch.db is not None:
        arch.close()


def shipped_round(db, label: str = "Baseline", status: str = "open") -> str:
    """A forum (made once) and a round of the shipped set, with the facilitator's PIN."""
    forums = repo.forums(db)
    forum = forums[0]["id"] if forums else repo.create_forum(db, "Trial SPF")
    round_id = audit.create_audit_round(db, forum, shipped_set_id(), label, "2026-11-30")
    if status == "open":
        audit.open_round(db, round_id)
    if audit.pin_hash(db) is None:
        audit.set_pin(db, PIN)
    return round_id


def press(qtbot, window: QWidget, key: Qt.Key,
          mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the keyboard focus is, as a person presses it."""
    qtbot.keyClick(window.focusWidget() or window, key, mod)


def focused(window: QWidget) -> str:
    focus = window.focusWidget()
    return focus.accessibleName() if focus is not None else ""


@pytest.fixture
def kiosk(qtbot, new_archive):
    round_id = shipped_round(new_archive.db)
    window = KioskWindow(new_archive.db, round_id, clock=FakeClock(), tick_ms=60_000)
    qtbot.addWidget(window)
    yield window
    if not window._unlocked:
        window.unlock()


def shown(qtbot, window: KioskWindow, width: int = 1366, height: int = 768) -> KioskWindow:
    window.resize(width, height)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def view(qtbot, new_archive):
    v = AuditView(clock=FakeClock())
    qtbot.addWidget(v)
    v.set_archive(new_archive)
    v.resize(1366, 740)
    v.show()
    return v


def message(view: AuditView) -> str:
    return by_name(view, "Audit message", QLabel).text()


# -- 1. a score is one tab stop ------------------------------------------------------

def test_tab_from_a_score_goes_to_the_comment_and_typing_keeps_the_score(qtbot, kiosk) -> None:
    shown(qtbot, kiosk)
    press(qtbot, kiosk, Qt.Key.Key_Return)  # Start
    press(qtbot, kiosk, Qt.Key.Key_9)
    press(qtbot, kiosk, Qt.Key.Key_Tab)
    assert focused(kiosk) == "Comment (optional)"
    qtbot.keyClicks(kiosk.focusWidget(), "Good start.")
    assert kiosk.session.choice == 9
    assert by_name(kiosk, "Score 9 out of 10", QPushButton).isChecked()
    assert not by_name(kiosk, "Score 10 out of 10", QPushButton).isChecked()
    assert by_name(kiosk, "Comment (optional)", QPlainTextEdit).toPlainText() == "Good start."
    # Shift+Tab comes back to the score chosen, not to 10; the arrows move the choice
    press(qtbot, kiosk, Qt.Key.Key_Backtab)
    assert focused(kiosk) == "Score 9 out of 10"
    press(qtbot, kiosk, Qt.Key.Key_Right)
    assert kiosk.session.choice == 10 and focused(kiosk) == "Score 10 out of 10"
    press(qtbot, kiosk, Qt.Key.Key_Left)
    press(qtbot, kiosk, Qt.Key.Key_Down)
    assert kiosk.session.choice == 8 and focused(kiosk) == "Score 8 out of 10"
    press(qtbot, kiosk, Qt.Key.Key_Up)
    assert kiosk.session.choice == 9
    press(qtbot, kiosk, Qt.Key.Key_Backtab)  # out of the scale, backwards, in one step
    assert not focused(kiosk).startswith("Score")
    press(qtbot, kiosk, Qt.Key.Key_Tab)
    assert focused(kiosk) == "Score 9 out of 10"
    press(qtbot, kiosk, Qt.Key.Key_Tab)
    assert focused(kiosk) == "Comment (optional)"
    assert kiosk.session.choice == 9
    assert by_name(kiosk, "Comment (optional)", QPlainTextEdit).toPlainText() == "Good start."


def test_tab_enters_an_unanswered_scale_at_0_and_digits_still_choose_10(qtbot, kiosk) -> None:
    shown(qtbot, kiosk)
    press(qtbot, kiosk, Qt.Key.Key_Return)
    press(qtbot, kiosk, Qt.Key.Key_Tab)
    assert focused(kiosk) == "Score 0 out of 10"
    assert kiosk.session.choice is None  # the focus alone answers nothing
    press(qtbot, kiosk, Qt.Key.Key_Tab)  # unanswered, Tab alone reaches every score
    assert focused(kiosk) == "Score 1 out of 10" and kiosk.session.choice is None
    press(qtbot, kiosk, Qt.Key.Key_Backtab)
    press(qtbot, kiosk, Qt.Key.Key_1)
    press(qtbot, kiosk, Qt.Key.Key_0)
    assert kiosk.session.choice == 10 and focused(kiosk) == "Score 10 out of 10"


def test_the_sides_are_one_tab_stop_with_arrows_inside(qtbot, kiosk) -> None:
    shown(qtbot, kiosk)
    press(qtbot, kiosk, Qt.Key.Key_Return)
    for _ in range(10):
        press(qtbot, kiosk, Qt.Key.Key_5)
        press(qtbot, kiosk, Qt.Key.Key_Return)
    assert kiosk.session.screen is Screen.SIDE
    press(qtbot, kiosk, Qt.Key.Key_Tab)
    assert focused(kiosk) == "Staff side" and kiosk.session.side is None
    press(qtbot, kiosk, Qt.Key.Key_Down)
    assert kiosk.session.side == "management" and focused(kiosk) == "Management side"
    press(qtbot, kiosk, Qt.Key.Key_Tab)  # past the other sides, on to the buttons below
    assert focused(kiosk) in ("Back", "Next")
    press(qtbot, kiosk, Qt.Key.Key_Backtab)
    assert focused(kiosk) == "Management side"
    press(qtbot, kiosk, Qt.Key.Key_Up)
    assert kiosk.session.side == "staff"


# -- 6. the review fits a small laptop's screen ----------------------------------------

@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_every_answer_on_the_review_is_on_screen_without_scrolling(qtbot, kiosk, size) -> None:
    shown(qtbot, kiosk, *size)
    press(qtbot, kiosk, Qt.Key.Key_Return)
    for n in range(10):  # 0 to 9, then 10 for the last
        if n == 9:
            press(qtbot, kiosk, Qt.Key.Key_1)
            press(qtbot, kiosk, Qt.Key.Key_0)
        else:
            press(qtbot, kiosk, getattr(Qt.Key, f"Key_{n}"))
        press(qtbot, kiosk, Qt.Key.Key_Return)
    press(qtbot, kiosk, Qt.Key.Key_1)  # staff side
    press(qtbot, kiosk, Qt.Key.Key_Return)
    assert kiosk.session.screen is Screen.REVIEW
    answers = by_name(kiosk, "Your answers", QListWidget)
    qtbot.waitUntil(lambda: answers.count() == 11 and answers.viewport().height() > 0)
    window = QRect(QPoint(0, 0), kiosk.size())
    list_box = QRect(answers.mapTo(kiosk, QPoint(0, 0)), answers.size())
    assert window.contains(list_box)
    visible = answers.viewport().rect()
    for row in range(answers.count()):
        rect = answers.visualItemRect(answers.item(row))
        assert visible.contains(rect), (row, answers.item(row).text(), rect, visible)
    assert answers.item(9).text().endswith("10 out of 10")
    assert answers.item(10).text() == "Side: Staff side"
    [submit] = visible_named(kiosk, "Submit")
    assert window.contains(QRect(submit.mapTo(kiosk, QPoint(0, 0)), submit.size()))


# -- 2. the question sets tab follows the answers -------------------------------------

def test_question_sets_tab_says_the_set_is_in_use_once_answered(qtbot, view, new_archive) -> None:
    shipped_round(new_archive.db)
    view.reload_for(frozenset(view.shows))  # as the change hook would
    view.show_tab(view.question_sets)
    note = by_name(view, "About this question set", QLabel)
    assert "saving changes it in place" in note.text()
    view.show_tab(view.paper)
    qtbot.waitUntil(lambda: len(visible_named(view, "Paper score for question 1")) == 1)
    [score] = visible_named(view, "Paper score for question 1")
    qtbot.keyClicks(score, "7")
    qtbot.mouseClick(by_name(view, "Save paper form"), Qt.MouseButton.LeftButton)
    assert by_name(view, "Responses so far").text() == "1 response"
    view.show_tab(view.question_sets)
    qtbot.waitUntil(lambda: "makes a new version" in note.text())
    assert "in place" not in note.text()


# -- 3. a message belongs to what it was about ------------------------------------------

def test_an_error_goes_when_the_facilitator_moves_on(qtbot, view, new_archive) -> None:
    db = new_archive.db
    draft = shipped_round(db, "Draft round", status="draft")
    shipped_round(db, "Open round")
    view.reload_for(frozenset(view.shows))
    view.start_participant_mode_for(draft)  # a meeting's audit section asks for it
    assert message(view) == "Open the round before starting participant mode."
    tabs = by_name(view, "Audit tasks")
    qtbot.keyClick(tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # next tab
    assert message(view) == ""
    view.start_participant_mode_for(draft)
    assert message(view).startswith("Open the round")
    rounds = by_name(view, "Audit round")
    rounds.setFocus()
    qtbot.keyClick(rounds, Qt.Key.Key_Down)  # the other round
    assert view.round_id != draft
    assert message(view) == ""
    # an error, then the same task done right: the error goes
    view.show_tab(view.paper)
    qtbot.waitUntil(lambda: len(visible_named(view, "Paper score for question 1")) == 1)
    [score] = visible_named(view, "Paper score for question 1")
    qtbot.keyClicks(score, "11")
    qtbot.mouseClick(by_name(view, "Save paper form"), Qt.MouseButton.LeftButton)
    assert "not a score" in message(view)
    score.clear()
    qtbot.keyClicks(score, "8")
    qtbot.mouseClick(by_name(view, "Save paper form"), Qt.MouseButton.LeftButton)
    assert "not a score" not in message(view)


# -- 4 and 5. reopening, and closing takes you to the results ---------------------------

def test_closing_shows_the_results_and_reopen_is_named_as_it_reads(qtbot, view,
                                                                    new_archive) -> None:
    db = new_archive.db
    round_id = shipped_round(db, status="draft")
    view.reload_for(frozenset(view.shows))
    view.show_tab(view.paper)
    qtbot.mouseClick(by_name(view, "Open round"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(by_name(view, "Close round"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(by_name(view.last_message, "Yes, close it"), Qt.MouseButton.LeftButton)
    assert repo.get(db, "rounds", round_id)["status"] == "closed"
    assert view.tabs.currentWidget() is view.results
    assert "The round is closed" in message(view)
    reopen = by_name(view, "Reopen round", QPushButton)
    assert reopen.text() == "Reopen round" and reopen.isEnabled()
    qtbot.mouseClick(reopen, Qt.MouseButton.LeftButton)
    assert repo.get(db, "rounds", round_id)["status"] == "open"
    assert by_name(view, "Open round", QPushButton).text() == "Open round"


# -- 7. the new round form: benchmark label, then value ---------------------------------

def test_new_round_asks_the_benchmark_label_before_its_value(qtbot, view) -> None:
    view.show_tab(view.new_round)
    by_name(view, "Minimum group size").setFocus()
    press(qtbot, view.window(), Qt.Key.Key_Tab)
    assert focused(view.window()) == "Benchmark label"
    press(qtbot, view.window(), Qt.Key.Key_Tab)
    assert focused(view.window()) == "Benchmark value"
    form = view.new_round.layout()
    label_row = form.getWidgetPosition(by_name(view, "Benchmark label"))[0]
    value_row = form.getWidgetPosition(by_name(view, "Benchmark value"))[0]
    assert label_row < value_row
