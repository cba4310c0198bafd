"""Participant mode driven as people drive it: keyboard, mouse, escape attempts, the PIN, idling."""

from __future__ import annotations

import pytest
from audit_helpers import PIN, FakeClock, three_question_round
from gui_helpers import by_name, visible_named
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from spf_desktop.domain.kiosk import COMMENT_LIMIT, Screen
from spf_desktop.gui.audit.kiosk import KioskWindow
from spf_desktop.store import audit, repo


@pytest.fixture
def setup(archive):
    round_id, questions = three_question_round(archive.db)
    return archive.db, round_id, questions


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk(qtbot, setup, clock):
    db, round_id, _ = setup
    window = KioskWindow(db, round_id, clock=clock, pin_clock=lambda: clock.wall().timestamp(),
                         idle_warn=90, idle_discard=30, thanks_seconds=5, tick_ms=60_000)
    qtbot.addWidget(window)
    window.show_kiosk()
    qtbot.waitExposed(window)
    yield window
    if window.isVisible() or not window._unlocked:
        window.unlock()


def stored(db, round_id):
    """Each stored response as {question position: (score, comment)} plus side, in key order."""
    out = []
    for key, side in db.execute(
        "SELECT key, side FROM responses WHERE round_id = ? ORDER BY key", [round_id]
    ).fetchall():
        answers = {
            pos: (score, comment)
            for pos, score, comment in db.execute(
                """SELECT q.position, a.score, a.comment FROM answers a
                   JOIN questions q ON q.id = a.question_id WHERE a.response_key = ?""",
                [key],
            ).fetchall()
        }
        out.append((answers, side))
    return out


def key(qtbot, window: QWidget, k: Qt.Key, text: str = "",
        mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key where the keyboard focus is, as a person would."""
    target = window.focusWidget() or window
    qtbot.keyClick(target, k, mod)


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type into a widget; characters beyond ASCII arrive as a keyboard layout sends them."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def tab_to(qtbot, window: QWidget, name: str) -> None:
    for _ in range(40):
        focus = window.focusWidget()
        if focus is not None and focus.accessibleName() == name:
            return
        key(qtbot, window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name!r}")


def click(qtbot, window: QWidget, name: str) -> None:
    """Click the one control with this name that is on the screen now."""
    [control] = visible_named(window, name)
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton)


def shown_texts(window: QWidget) -> str:
    parts = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    parts += [w.toPlainText() for w in window.findChildren(QPlainTextEdit)]
    for lw in window.findChildren(QListWidget):
        parts += [lw.item(i).text() for i in range(lw.count())]
    return "\n".join(parts)


def test_every_control_has_the_names_people_and_tests_use(kiosk) -> None:
    for score in range(11):
        assert by_name(kiosk, f"Score {score} out of 10", QPushButton).text() == str(score)
    for name in ("Start", "Skip this question", "Submit"):
        by_name(kiosk, name, QPushButton)
    assert len([w for w in kiosk.findChildren(QPushButton) if w.accessibleName() == "Back"]) == 3
    assert kiosk.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert kiosk.isFullScreen()
    assert "no names, no times, stored in random order" in shown_texts(kiosk)


def test_three_participants_by_keyboard(qtbot, kiosk, setup, clock) -> None:
    db, round_id, _ = setup
    plans = [(7, "Good progress", 4, "staff"), (2, "", 9, "management"), (10, "قوي 👍", 0, None)]
    for first, comment, third, side in plans:
        assert kiosk.session.screen is Screen.WELCOME
        key(qtbot, kiosk, Qt.Key.Key_Return)  # Start
        assert by_name(kiosk, "Progress").text() == "Question 1 of 3"
        if first == 10:
            key(qtbot, kiosk, Qt.Key.Key_9)
            key(qtbot, kiosk, Qt.Key.Key_Right)  # arrows move the score: 9 -> 10
        else:
            key(qtbot, kiosk, getattr(Qt.Key, f"Key_{first}"))
        assert by_name(kiosk, f"Score {first} out of 10").isChecked()
        if comment:
            tab_to(qtbot, kiosk, "Comment (optional)")
            type_text(qtbot, kiosk.focusWidget(), comment)
            tab_to(qtbot, kiosk, "Next")
        key(qtbot, kiosk, Qt.Key.Key_Return)  # Next
        assert by_name(kiosk, "Progress").text() == "Question 2 of 3"
        tab_to(qtbot, kiosk, "Skip this question")
        key(qtbot, kiosk, Qt.Key.Key_Return)
        assert by_name(kiosk, "Progress").text() == "Question 3 of 3"
        key(qtbot, kiosk, getattr(Qt.Key, f"Key_{third}"))
        key(qtbot, kiosk, Qt.Key.Key_Enter)
        assert kiosk.session.screen is Screen.SIDE
        if side:
            key(qtbot, kiosk, {"staff": Qt.Key.Key_1, "management": Qt.Key.Key_2}[side])
        tab_to(qtbot, kiosk, "Next")
        key(qtbot, kiosk, Qt.Key.Key_Return)
        assert kiosk.session.screen is Screen.REVIEW
        key(qtbot, kiosk, Qt.Key.Key_Return)  # Submit has the focus
        assert by_name(kiosk, "Thank you").isVisible()
        clock.advance(5)
        kiosk.tick()
        assert by_name(kiosk, "Start").isVisible()
    rows = sorted(stored(db, round_id), key=lambda r: r[0][1][0])
    assert rows == sorted([
        ({1: (7, "Good progress"), 2: (None, None), 3: (4, None)}, "staff"),
        ({1: (2, None), 2: (None, None), 3: (9, None)}, "management"),
        ({1: (10, "قوي 👍"), 2: (None, None), 3: (0, None)}, None),
    ], key=lambda r: r[0][1][0])


def test_three_participants_by_mouse(qtbot, kiosk, setup, clock) -> None:
    db, round_id, _ = setup
    for n, side in enumerate(["Staff side", "Management side", "Prefer not to say"]):
        click(qtbot, kiosk, "Start")
        click(qtbot, kiosk, f"Score {n + 3} out of 10")
        click(qtbot, kiosk, "Next")
        click(qtbot, kiosk, f"Score {n + 6} out of 10")
        click(qtbot, kiosk, "Next")
        click(qtbot, kiosk, "Skip this question")
        click(qtbot, kiosk, side)
        click(qtbot, kiosk, "Next")
        review = shown_texts(kiosk)
        assert f"{n + 3} out of 10" in review and "skipped" in review and side in review
        click(qtbot, kiosk, "Submit")
        assert kiosk.session.screen is Screen.THANKS
        clock.advance(6)
        kiosk.tick()
    assert repo.response_count(db, round_id) == 3
    got = sorted((a[1][0], a[2][0], a[3][0], s) for a, s in stored(db, round_id))
    assert got == [(3, 6, None, "staff"), (4, 7, None, "management"), (5, 8, None, "undisclosed")]


def test_back_keeps_answers_and_review_reopens_a_question(qtbot, kiosk) -> None:
    click(qtbot, kiosk, "Start")
    click(qtbot, kiosk, "Score 4 out of 10")
    click(qtbot, kiosk, "Next")
    click(qtbot, kiosk, "Back")
    assert by_name(kiosk, "Score 4 out of 10").isChecked()
    click(qtbot, kiosk, "Next")
    assert not visible_named(kiosk, "Next")[0].isEnabled()  # question 2 not answered yet
    click(qtbot, kiosk, "Skip this question")
    click(qtbot, kiosk, "Score 9 out of 10")
    click(qtbot, kiosk, "Next")
    click(qtbot, kiosk, "Next")  # the side question is optional
    answers = by_name(kiosk, "Your answers", QListWidget)
    assert answers.item(1).text().endswith("skipped")
    answers.setCurrentRow(1)
    answers.setFocus()
    qtbot.keyClick(answers, Qt.Key.Key_Return)
    assert by_name(kiosk, "Progress").text() == "Question 2 of 3"
    click(qtbot, kiosk, "Score 1 out of 10")
    assert kiosk.session.choices == [4, 1, 9]


@pytest.mark.parametrize("combo", [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
])
def test_escape_attempts_leave_participant_mode_open(qtbot, kiosk, combo) -> None:
    click(qtbot, kiosk, "Start")
    click(qtbot, kiosk, "Score 6 out of 10")
    key(qtbot, kiosk, combo[0], mod=combo[1])
    assert kiosk.isVisible() and kiosk.isFullScreen()
    assert kiosk.session.screen is Screen.QUESTION
    assert by_name(kiosk, "Score 6 out of 10").isChecked()  # nothing lost either


def test_closing_the_window_is_refused(qtbot, kiosk) -> None:
    assert kiosk.close() is False
    assert kiosk.isVisible()


def test_wrong_pin_is_refused_and_five_wrong_tries_mean_a_wait(qtbot, kiosk, clock) -> None:
    left = []
    kiosk.left.connect(lambda: left.append(True))
    click(qtbot, kiosk, "Leave participant mode")
    pin = by_name(kiosk, "Facilitator PIN")
    for _ in range(5):
        qtbot.keyClicks(pin, "1111")
        qtbot.keyClick(pin, Qt.Key.Key_Return)
        assert kiosk.isVisible()
    message = by_name(kiosk, "PIN message")
    assert "wait 30 seconds" in message.text()
    qtbot.keyClicks(pin, PIN)
    click(qtbot, kiosk, "Unlock")
    assert kiosk.isVisible() and "wait 30 seconds" in message.text()
    clock.advance(30)
    qtbot.keyClicks(pin, PIN)
    click(qtbot, kiosk, "Unlock")
    assert not kiosk.isVisible() and left == [True]


def test_pin_screen_cancels_back_to_welcome(qtbot, kiosk, clock) -> None:
    click(qtbot, kiosk, "Leave participant mode")
    key(qtbot, kiosk, Qt.Key.Key_Escape)
    assert by_name(kiosk, "Start").isVisible() and kiosk.isVisible()
    click(qtbot, kiosk, "Leave participant mode")
    clock.advance(29)
    qtbot.keyClicks(by_name(kiosk, "Facilitator PIN"), "12")
    clock.advance(29)
    kiosk.tick()
    assert by_name(kiosk, "Facilitator PIN").isVisible()  # still typing
    clock.advance(30)
    kiosk.tick()  # left open: back to the welcome screen, the half-typed PIN gone
    assert by_name(kiosk, "Start").isVisible()
    assert by_name(kiosk, "Facilitator PIN", QLineEdit).text() == ""


def test_idle_participant_is_warned_then_their_answers_are_dropped(qtbot, kiosk, setup,
                                                                   clock) -> None:
    db, round_id, _ = setup
    click(qtbot, kiosk, "Start")
    click(qtbot, kiosk, "Score 8 out of 10")
    by_name(kiosk, "Comment (optional)").setFocus()
    qtbot.keyClicks(by_name(kiosk, "Comment (optional)"), "half written thought")
    clock.advance(90)
    kiosk.tick()
    warning = by_name(kiosk, "Idle warning")
    assert warning.isVisible() and "30 seconds" in warning.text()
    clock.advance(30)
    kiosk.tick()
    assert by_name(kiosk, "Start").isVisible()
    assert "half written" not in shown_texts(kiosk)
    assert repo.response_count(db, round_id) == 0
    click(qtbot, kiosk, "Start")
    assert not any(b.isChecked() for b in kiosk.score_buttons)


def test_still_here_keeps_the_answers(qtbot, kiosk, clock) -> None:
    click(qtbot, kiosk, "Start")
    click(qtbot, kiosk, "Score 2 out of 10")
    clock.advance(95)
    kiosk.tick()
    click(qtbot, kiosk, "I am still here")
    assert not by_name(kiosk, "Idle warning").isVisible()
    clock.advance(60)
    kiosk.tick()
    assert by_name(kiosk, "Score 2 out of 10").isChecked()


def test_nothing_of_one_participant_is_visible_to_the_next(qtbot, kiosk, clock) -> None:
    click(qtbot, kiosk, "Start")
    click(qtbot, kiosk, "Score 1 out of 10")
    comment = by_name(kiosk, "Comment (optional)", QPlainTextEdit)
    comment.setFocus()
    qtbot.keyClicks(comment, "my private remark")
    click(qtbot, kiosk, "Next")
    for _ in range(2):
        click(qtbot, kiosk, "Skip this question")
    click(qtbot, kiosk, "Staff side")
    click(qtbot, kiosk, "Next")
    click(qtbot, kiosk, "Submit")
    clock.advance(5)
    kiosk.tick()
    click(qtbot, kiosk, "Start")
    assert "private remark" not in shown_texts(kiosk)
    assert not comment.document().isUndoAvailable()  # Ctrl+Z brings nothing back
    assert not any(b.isChecked() for b in kiosk.findChildren(QPushButton))


def test_a_100000_character_comment_is_cut_to_the_limit(qtbot, kiosk, setup) -> None:
    db, round_id, _ = setup
    click(qtbot, kiosk, "Start")
    click(qtbot, kiosk, "Score 5 out of 10")
    comment = by_name(kiosk, "Comment (optional)", QPlainTextEdit)
    comment.insertPlainText("x" * 100_000)  # a paste
    assert len(comment.toPlainText()) == COMMENT_LIMIT
    assert by_name(kiosk, "Comment length").text() == "2,000 of 2,000 characters"
    kiosk.session.next()
    kiosk.session.skip()
    kiosk.session.skip()
    kiosk.session.next()
    kiosk.render()
    click(qtbot, kiosk, "Submit")
    [(answers, _)] = stored(db, round_id)
    assert len(answers[1][1]) == COMMENT_LIMIT


def test_control_characters_are_dropped_but_emoji_and_rtl_text_kept(qtbot, kiosk, setup) -> None:
    db, round_id, _ = setup
    click(qtbot, kiosk, "Start")
    click(qtbot, kiosk, "Score 5 out of 10")
    by_name(kiosk, "Comment (optional)", QPlainTextEdit).insertPlainText(
        "ok\x07\x1b 👍🏽 שלום עולם \u202eevil")
    kiosk.session.next()
    kiosk.session.skip()
    kiosk.session.skip()
    kiosk.session.next()
    kiosk.render()
    click(qtbot, kiosk, "Submit")
    [(answers, _)] = stored(db, round_id)
    assert answers[1][1] == "ok 👍🏽 שלום עולם evil"


def test_submitting_to_a_closed_round_says_so_and_keeps_the_answers(qtbot, kiosk, setup) -> None:
    db, round_id, _ = setup
    click(qtbot, kiosk, "Start")
    for _ in range(3):
        click(qtbot, kiosk, "Skip this question")
    click(qtbot, kiosk, "Next")
    audit.close_round(db, round_id)
    click(qtbot, kiosk, "Submit")
    assert "closed" in by_name(kiosk, "Submit problem").text()
    assert kiosk.session.screen is Screen.REVIEW
    assert repo.response_count(db, round_id) == 0


def test_a_long_day_of_participants_keeps_the_app_alive(qtbot, kiosk, clock) -> None:
    """Some Qt bindings lose a reference to None on each call; on Python 3.11 a busy
    kiosk would then abort mid-audit. Many participants must leave None's count alone."""
    import sys

    before = sys.getrefcount(None)
    for n in range(60):
        kiosk._start()
        for q in range(3):
            kiosk._choose((n + q) % 11)
            kiosk._next()
        kiosk._next()
        kiosk.session.discard()
        kiosk.render()
    assert sys.getrefcount(None) > before - 500
