"""Participant mode as a screen-reader or keyboard-only participant meets it.

Each test starts from an empty archive with a real round of the shipped ten
questions, drives participant mode by keyboard, moves time with a fake clock and
proves what a screen reader is given: what is said (``announcer().spoken``) and
the roles and states Qt hands to the platform's accessibility tree.
"""

from __future__ import annotations

import pytest
from audit_helpers import PIN, FakeClock
from gui_helpers import by_name
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QPushButton, QWidget

from spf_desktop.domain.kiosk import Screen
from spf_desktop.gui.a11y import announcer
from spf_desktop.gui.agenda.audience import AudienceWindow
from spf_desktop.gui.audit.kiosk import KioskWindow
from spf_desktop.store import audit, repo
from spf_desktop.store.shipped import shipped_set_id

THANKS = "Thank you, your answers are saved. Please pass the laptop on."


@pytest.fixture
def round_id(archive) -> str:
    db = archive.db
    forum = repo.create_forum(db, "Riverside SPF")
    made = audit.create_audit_round(db, forum, shipped_set_id(), "Spring audit 2026",
                                    "2026-03-01")
    audit.open_round(db, made)
    audit.set_pin(db, PIN)
    return made


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def heard(qtbot):
    """Everything announced while the test runs: (text, politeness)."""
    said: list[tuple[str, str]] = []

    def note(text: str, how: str) -> None:
        said.append((text, how))

    announcer().spoken.connect(note)
    yield said
    announcer().spoken.disconnect(note)


@pytest.fixture
def kiosk(qtbot, archive, round_id, clock):
    window = KioskWindow(archive.db, round_id, clock=clock,
                         pin_clock=lambda: clock.wall().timestamp(),
                         idle_warn=90, idle_discard=30, thanks_seconds=5, tick_ms=60_000)
    qtbot.addWidget(window)
    window.show_kiosk()
    qtbot.waitExposed(window)
    yield window
    if not window._unlocked:
        window.unlock()


def press(qtbot, window: QWidget, k: Qt.Key) -> None:
    """A key where the keyboard focus is, as a person presses it."""
    qtbot.keyClick(window.focusWidget() or window, k)


def focus_name(window: QWidget) -> str:
    focus = window.focusWidget()
    return focus.accessibleName() if focus is not None else ""


def role(widget: QWidget) -> QAccessible.Role:
    face = QAccessible.queryAccessibleInterface(widget)
    assert face is not None
    return face.role()


def checked(widget: QWidget) -> bool:
    face = QAccessible.queryAccessibleInterface(widget)
    assert face is not None
    return bool(face.state().checked)


def tab_to(qtbot, window: QWidget, name: str, *, limit: int = 30) -> int:
    """Press Tab until the focus is on ``name``; the number of presses it took."""
    for presses in range(limit):
        if focus_name(window) == name:
            return presses
        press(qtbot, window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name!r}; the focus is on {focus_name(window)!r}")


def test_each_question_is_announced_and_named_by_its_number_and_text(qtbot, kiosk, heard):
    press(qtbot, kiosk, Qt.Key.Key_Return)  # Start
    assert heard[-1] == ("Question 1 of 10: " + kiosk.session.question.text, "polite")
    for score in (Qt.Key.Key_4, Qt.Key.Key_6):
        press(qtbot, kiosk, score)
        press(qtbot, kiosk, Qt.Key.Key_Return)  # chosen and on to the next
    third = f"Question 3 of 10: {kiosk.session.questions[2].text}"
    assert heard[-1] == (third, "polite")
    # the focus rests on the screen, which a screen reader says by that name
    assert kiosk.focusWidget() is kiosk.question_page
    assert focus_name(kiosk) == third
    # the question is said once, by the screen and the scores' group, not by every button
    group = by_name(kiosk, "Scores")
    assert group.accessibleName() == third
    assert role(group) == QAccessible.Role.Grouping
    assert not any("trust each other" in b.accessibleDescription() for b in kiosk.score_buttons)
    assert role(by_name(kiosk, "Question")) == QAccessible.Role.Heading


def test_the_scale_ends_label_and_describe_the_scores(qtbot, kiosk):
    press(qtbot, kiosk, Qt.Key.Key_Return)
    group = by_name(kiosk, "Scores")
    face = QAccessible.queryAccessibleInterface(group)
    labels = [f.text(QAccessible.Text.Name)
              for f, _ in face.relations(QAccessible.RelationFlag.Label)]
    low, high = (by_name(kiosk, n).text() for n in ("Low end of the scale", "High end of the scale"))
    assert (low, high) == ("Not at all", "Completely")
    assert labels == [kiosk.session.question.text, low, high]
    assert face.text(QAccessible.Text.Description) == "From 0, Not at all, to 10, Completely."
    assert kiosk.score_buttons[0].accessibleDescription() == "Not at all"
    assert kiosk.score_buttons[10].accessibleDescription() == "Completely"


def test_scores_and_sides_are_radio_groups_that_say_which_is_selected(qtbot, kiosk):
    press(qtbot, kiosk, Qt.Key.Key_Return)
    assert all(role(b) == QAccessible.Role.RadioButton for b in kiosk.score_buttons)
    assert not any(checked(b) for b in kiosk.score_buttons)
    press(qtbot, kiosk, Qt.Key.Key_7)
    chosen = by_name(kiosk, "Score 7 out of 10", QPushButton)
    assert checked(chosen) and kiosk.focusWidget() is chosen
    assert [checked(b) for b in kiosk.score_buttons].count(True) == 1
    face = QAccessible.queryAccessibleInterface(kiosk.score_buttons[3])
    face.actionInterface().doAction(face.actionInterface().pressAction())  # a reader's "press"
    assert checked(kiosk.score_buttons[3]) and not checked(chosen)
    while kiosk.session.screen is Screen.QUESTION:
        kiosk._choose(5)
        kiosk._next()
    sides = by_name(kiosk, "Sides")
    assert role(sides) == QAccessible.Role.Grouping
    assert sides.accessibleName() == by_name(kiosk, "Side question").text()
    assert all(role(b) == QAccessible.Role.RadioButton and sides.isAncestorOf(b)
               for b in kiosk.side_buttons.values())
    press(qtbot, kiosk, Qt.Key.Key_Down)
    assert checked(by_name(kiosk, "Staff side"))
    press(qtbot, kiosk, Qt.Key.Key_Down)
    assert checked(by_name(kiosk, "Management side")) and not checked(by_name(kiosk, "Staff side"))


def test_a_participant_with_only_tab_and_space(qtbot, kiosk, archive, round_id, heard):
    assert focus_name(kiosk) == "Start"
    press(qtbot, kiosk, Qt.Key.Key_Space)
    for n in range(10):
        # every score is a Tab stop, so Tab and Space alone choose any of them
        assert tab_to(qtbot, kiosk, f"Score {n} out of 10") == n + 1
        press(qtbot, kiosk, Qt.Key.Key_Space)
        assert checked(kiosk.score_buttons[n])
        tab_to(qtbot, kiosk, "Comment (optional)")
        tab_to(qtbot, kiosk, "Next")
        press(qtbot, kiosk, Qt.Key.Key_Space)
    assert kiosk.session.screen is Screen.SIDE
    assert tab_to(qtbot, kiosk, "Management side") == 2
    press(qtbot, kiosk, Qt.Key.Key_Space)
    assert checked(by_name(kiosk, "Management side"))
    tab_to(qtbot, kiosk, "Next")
    press(qtbot, kiosk, Qt.Key.Key_Space)
    assert focus_name(kiosk) == "Submit"
    press(qtbot, kiosk, Qt.Key.Key_Space)
    assert repo.response_count(archive.db, round_id) == 1
    assert heard[-1] == (THANKS, "polite")
    assert focus_name(kiosk) == THANKS
    assert by_name(kiosk, "Thank you").isVisible()


def test_a_participant_with_only_arrows_and_enter(qtbot, kiosk, archive, round_id):
    press(qtbot, kiosk, Qt.Key.Key_Return)
    for n in range(10):
        press(qtbot, kiosk, Qt.Key.Key_Right)  # from nothing: the low end, 0
        for _ in range(n % 11):
            press(qtbot, kiosk, Qt.Key.Key_Right)
        assert checked(kiosk.score_buttons[n]) and kiosk.focusWidget() is kiosk.score_buttons[n]
        press(qtbot, kiosk, Qt.Key.Key_Left)
        press(qtbot, kiosk, Qt.Key.Key_Right)
        press(qtbot, kiosk, Qt.Key.Key_Return)
    press(qtbot, kiosk, Qt.Key.Key_Down)
    press(qtbot, kiosk, Qt.Key.Key_Down)
    press(qtbot, kiosk, Qt.Key.Key_Up)
    assert kiosk.session.side == "staff"
    press(qtbot, kiosk, Qt.Key.Key_Return)
    press(qtbot, kiosk, Qt.Key.Key_Return)  # Submit
    assert kiosk.session.screen is Screen.THANKS
    assert repo.response_count(archive.db, round_id) == 1


def test_a_reader_pausing_two_minutes_hears_the_warning_and_one_key_keeps_the_answers(
        qtbot, kiosk, clock, heard):
    press(qtbot, kiosk, Qt.Key.Key_Return)
    press(qtbot, kiosk, Qt.Key.Key_8)
    warning = by_name(kiosk, "Warning")
    assert role(warning) == QAccessible.Role.AlertMessage
    before = len(heard)
    for _ in range(119):  # two minutes less a second, ticking every second
        clock.advance(1)
        kiosk.tick()
    said = heard[before:]
    assert said == [
        ("Are you still there? Your answers will be cleared in 30 seconds unless you carry "
         "on. Press any key to keep your answers.", "assertive"),
        ("10 seconds left. Press any key to keep your answers.", "assertive"),
    ]
    assert warning.isVisible() and focus_name(kiosk) == "I am still here"
    press(qtbot, kiosk, Qt.Key.Key_5)  # any key: it carries on, and chooses nothing
    assert not warning.isVisible()
    assert kiosk.session.choice == 8 and checked(kiosk.score_buttons[8])
    assert kiosk.focusWidget() is kiosk.score_buttons[8]  # back where it was
    assert heard[-1] == ("Carrying on: your answers are kept.", "polite")
    clock.advance(100)
    kiosk.tick()
    press(qtbot, kiosk, Qt.Key.Key_Return)  # Enter on "I am still here" does the same
    assert not warning.isVisible() and kiosk.session.screen is Screen.QUESTION
    assert kiosk.session.index == 0  # and did not go on to the next question


def test_the_discard_is_announced(qtbot, kiosk, clock, heard):
    press(qtbot, kiosk, Qt.Key.Key_Return)
    press(qtbot, kiosk, Qt.Key.Key_3)
    clock.advance(90)
    kiosk.tick()
    clock.advance(30)
    kiosk.tick()
    assert heard[-1] == ("Your answers were cleared: nothing was pressed for 2 minutes. "
                         "Participant mode is ready for the next person.", "assertive")
    assert kiosk.session.screen is Screen.WELCOME and focus_name(kiosk) == "Start"


def test_a_screen_reader_moving_the_focus_counts_as_activity(qtbot, kiosk, clock):
    press(qtbot, kiosk, Qt.Key.Key_Return)
    press(qtbot, kiosk, Qt.Key.Key_2)
    clock.advance(80)
    kiosk.tick()
    # the reader moves its focus to the comment box (AT-SPI's grab focus)
    face = QAccessible.queryAccessibleInterface(kiosk.comment)
    face.actionInterface().doAction(face.actionInterface().setFocusAction())
    assert kiosk.focusWidget() is kiosk.comment
    clock.advance(80)
    kiosk.tick()
    assert not kiosk.session.warned  # 160 seconds since the key, 80 since the reader moved
    clock.advance(15)
    kiosk.tick()
    assert kiosk.warning.isVisible()
    # the reader moves on while the warning shows: that is activity too
    face = QAccessible.queryAccessibleInterface(kiosk.score_buttons[2])
    face.actionInterface().doAction(face.actionInterface().setFocusAction())
    assert not kiosk.warning.isVisible() and kiosk.session.choice == 2
    assert kiosk.focusWidget() is kiosk.score_buttons[2]  # left where the reader put it


def test_wrong_pins_and_the_wait_are_announced_assertively(qtbot, kiosk, clock, heard):
    press(qtbot, kiosk, Qt.Key.Key_Tab)
    assert focus_name(kiosk) == "Leave participant mode"
    press(qtbot, kiosk, Qt.Key.Key_Space)
    pin = by_name(kiosk, "Facilitator PIN")
    for n in range(6):
        qtbot.keyClicks(pin, "1111")
        with qtbot.waitSignal(announcer().spoken, timeout=2000):
            qtbot.keyClick(pin, Qt.Key.Key_Return)
        text, how = heard[-1]
        assert how == "assertive"
        if n < 4:
            assert text == f"That PIN is not right. {4 - n} tries left before a 30-second wait."
        else:
            assert "wait 30 seconds" in text.lower() or "wait" in text.lower(), text
    assert len([h for h in heard if "wait" in h[0].lower()]) >= 2  # said again, not once


def test_participant_mode_and_the_audience_window_are_windows(qtbot, kiosk):
    assert role(kiosk) == QAccessible.Role.Window
    audience = AudienceWindow()
    qtbot.addWidget(audience)
    assert role(audience) == QAccessible.Role.Window


def test_a_click_beside_the_buttons_also_carries_on(qtbot, kiosk, clock):
    press(qtbot, kiosk, Qt.Key.Key_Return)
    press(qtbot, kiosk, Qt.Key.Key_4)
    clock.advance(95)
    kiosk.tick()
    assert kiosk.warning.isVisible()
    qtbot.mouseClick(by_name(kiosk, "Question"), Qt.MouseButton.LeftButton)
    kiosk.tick()
    assert not kiosk.warning.isVisible() and kiosk.session.choice == 4


def test_the_type_steps_down_only_when_the_text_would_not_fit():
    from spf_desktop.gui.audit.kiosk_pages import type_scale

    assert type_scale(720, 96, 9) == 1.0    # a 1280x720 laptop: as drawn
    assert type_scale(768, 96, 9) == 1.0
    assert type_scale(768, 192, 9) == 0.57  # text at 200%: still 1.14 times as large
    assert type_scale(768, 192, 18) == 1.0  # never below the system's own text size


def test_the_review_is_read_out_before_submit_and_start_carries_the_privacy_notice(
        qtbot, kiosk, heard):
    start = by_name(kiosk, "Start")
    assert "anonymous" in start.accessibleDescription()
    press(qtbot, kiosk, Qt.Key.Key_Return)
    for _ in range(10):
        press(qtbot, kiosk, Qt.Key.Key_7)
        press(qtbot, kiosk, Qt.Key.Key_Return)
    press(qtbot, kiosk, Qt.Key.Key_Down)  # staff side
    press(qtbot, kiosk, Qt.Key.Key_Return)
    assert focus_name(kiosk) == "Submit"
    said = heard[-1][0]
    assert said.startswith("Check your answers.") and said.count("7 out of 10") == 10
    assert "Side: Staff side" in said
