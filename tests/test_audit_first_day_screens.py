"""A new forum's first day, on the audit's screens (issue 11, items 8, 9 and 10):
participant mode takes itself back, typed 10s, the way back to the review, score
buttons that keep still, and results readable at 1366x768 and 1024x768. Each test
starts from a NEW EMPTY archive with the shipped set, never the demo.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from audit_helpers import PIN, FakeClock
from gui_helpers import by_name, visible_named
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QWidget

from spf_desktop.domain.kiosk import Screen, Submission
from spf_desktop.domain.questions import Question, QuestionSet
from spf_desktop.gui.app import settings_for
from spf_desktop.gui.audit.charts import QuestionChart
from spf_desktop.gui.audit.kiosk import KioskWindow
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive, audit, repo
from spf_desktop.store.shipped import shipped_set_id

LONG = ("Is everyone involved, and is our work connected to what happens locally and "
        "nationally, in every trust, every region and every meeting we hold together?")


@pytest.fixture
def archive(tmp_path: Path):
    arch = Archive.open(tmp_path / "new.db", create=True)
    yield arch
    arch.close()


def open_round(db, set_id: str | None = None, *, min_group: int = 3) -> str:
    forum = repo.create_forum(db, "Riverside SPF")
    rid = audit.create_audit_round(db, forum, set_id or shipped_set_id(), "Spring audit",
                                   "2026-03-12", min_group_size=min_group)
    audit.open_round(db, rid)
    audit.set_pin(db, PIN)
    return rid


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_kiosk(qtbot, db, rid: str, clock: FakeClock,
               size: tuple[int, int] | None = None):
    """Participant mode, full screen; or, given a size, a window of that size (the
    test screen is 800x800: a laptop's 1366x768 or 1024x768 is a window here)."""
    window = KioskWindow(db, rid, clock=clock, idle_warn=90, idle_discard=30,
                         thanks_seconds=5, tick_ms=60_000)
    qtbot.addWidget(window)
    if size is None:
        window.show_kiosk()
    else:
        window.resize(*size)
        window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def kiosk(qtbot, archive, clock):
    window = make_kiosk(qtbot, archive.db, open_round(archive.db), clock)
    yield window
    if not window._unlocked:
        window.unlock()


def click(qtbot, window: QWidget, name: str) -> None:
    [control] = visible_named(window, name)
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton)


def press(qtbot, window: QWidget, key: Qt.Key, text: str = "") -> None:
    qtbot.keyClick(window.focusWidget() or window, key)


def type_key(qtbot, window: QWidget, text: str) -> None:
    qtbot.keyClicks(window.focusWidget() or window, text)


def back_in_full(window: KioskWindow) -> bool:
    return (window.isFullScreen() and not window.isMinimized() and window.isActiveWindow()
            and window.focusWidget() is not None)


# -- item 8: participant mode takes itself back -------------------------------------------

def test_participant_mode_takes_itself_back_when_minimised_or_left(qtbot, kiosk, clock) -> None:
    click(qtbot, kiosk, "Start")
    click(qtbot, kiosk, "Score 7 out of 10")
    click(qtbot, kiosk, "Next")
    assert kiosk.session.index == 1
    qtbot.waitUntil(lambda: back_in_full(kiosk), timeout=1000)
    focused = kiosk.focusWidget()

    kiosk.showMinimized()  # Win+D, or Alt+Space then Minimise
    assert kiosk.isMinimized()
    qtbot.waitUntil(lambda: back_in_full(kiosk), timeout=1000)  # within a second
    assert kiosk.pages.currentWidget() is kiosk.question_page
    assert by_name(kiosk, "Progress", QLabel).text() == "Question 2 of 10"
    assert kiosk.focusWidget() is focused
    assert kiosk.session.choices[0] == 7  # nothing the participant gave is lost

    other = QWidget()  # Alt+Tab to another application's window
    other.setAccessibleName("Another window")
    qtbot.addWidget(other)
    before = kiosk.reclaims
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: kiosk.reclaims > before and back_in_full(kiosk), timeout=1000)
    assert kiosk.pages.currentWidget() is kiosk.question_page

    kiosk.setWindowState(Qt.WindowState.WindowNoState)  # the system changed its state
    qtbot.waitUntil(lambda: back_in_full(kiosk), timeout=1000)


def test_after_the_idle_rules_discard_it_comes_back_on_the_welcome_page(
        qtbot, kiosk, clock) -> None:
    click(qtbot, kiosk, "Start")
    click(qtbot, kiosk, "Score 3 out of 10")
    kiosk.showMinimized()
    clock.advance(121)  # away longer than the warning and the discard together
    kiosk.tick()
    qtbot.waitUntil(lambda: back_in_full(kiosk), timeout=1000)
    assert kiosk.pages.currentWidget() is kiosk.welcome_page
    assert kiosk.session.choices == [None] * 10


def test_once_unlocked_it_stays_away(qtbot, kiosk) -> None:
    click(qtbot, kiosk, "Leave participant mode")
    qtbot.keyClicks(by_name(kiosk, "Facilitator PIN"), PIN)
    qtbot.keyClick(by_name(kiosk, "Facilitator PIN"), Qt.Key.Key_Return)
    assert kiosk._unlocked and not kiosk.isVisible()
    assert not kiosk.reclaim() and not kiosk.taken_away()


# -- item 9: keyboard in participant mode -------------------------------------------------

def test_a_typed_1_then_0_within_a_second_chooses_10(qtbot, kiosk, clock) -> None:
    click(qtbot, kiosk, "Start")
    hint = by_name(kiosk, "Keyboard hint", QLabel)
    assert hint.isVisible() and "Type 1 then 0 for 10" in hint.text()
    type_key(qtbot, kiosk, "1")
    assert kiosk.session.choice == 1
    clock.advance(0.6)
    type_key(qtbot, kiosk, "0")
    assert kiosk.session.choice == 10
    assert by_name(kiosk, "Score 10 out of 10", QPushButton).isChecked()
    press(qtbot, kiosk, Qt.Key.Key_Return)  # on to question 2
    assert kiosk.session.index == 1
    type_key(qtbot, kiosk, "1")
    clock.advance(1.5)  # too slow: a 0 on its own
    type_key(qtbot, kiosk, "0")
    assert kiosk.session.choice == 0
    type_key(qtbot, kiosk, "0")
    assert kiosk.session.choice == 0


def test_tab_from_the_comment_goes_to_next(qtbot, kiosk) -> None:
    click(qtbot, kiosk, "Start")
    click(qtbot, kiosk, "Score 5 out of 10")
    comment = by_name(kiosk, "Comment (optional)")
    comment.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.keyClicks(comment, "Good")
    qtbot.keyClick(comment, Qt.Key.Key_Tab)
    assert kiosk.focusWidget() is kiosk.question_forward
    assert kiosk.focusWidget().accessibleName() == "Next"


def test_after_changing_an_answer_from_the_review_next_returns_to_the_review(
        qtbot, kiosk) -> None:
    click(qtbot, kiosk, "Start")
    for _ in range(10):
        click(qtbot, kiosk, "Score 6 out of 10")
        click(qtbot, kiosk, "Next")
    click(qtbot, kiosk, "Next")  # the side question is optional
    assert kiosk.session.screen is Screen.REVIEW
    review = kiosk.review_list
    review.setCurrentRow(3)
    review.setFocus()
    qtbot.keyClick(review, Qt.Key.Key_Return)  # change question 4
    assert kiosk.session.screen is Screen.QUESTION and kiosk.session.index == 3
    click(qtbot, kiosk, "Score 2 out of 10")
    click(qtbot, kiosk, "Next")
    assert kiosk.pages.currentWidget() is kiosk.review_page
    assert review.item(3).text() == "4. Are we solution focussed?  2 out of 10"


def score_places(window: KioskWindow) -> list[QRect]:
    return [QRect(b.mapTo(window, QPoint(0, 0)), b.size()) for b in window.score_buttons]


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_score_buttons_keep_still_when_a_question_wraps_or_the_idle_warning_shows(
        qtbot, archive, clock, size) -> None:
    db = archive.db
    qs = QuestionSet("Long and short", (Question("a", "Do we listen?"), Question("b", LONG)))
    rid = open_round(db, audit.save_copy(db, qs))
    window = make_kiosk(qtbot, db, rid, clock, size)
    try:
        click(qtbot, window, "Start")
        short = score_places(window)
        text = by_name(window, "Question", QLabel)
        one_line = text.fontMetrics().height() * 1.5
        click(qtbot, window, "Score 4 out of 10")
        click(qtbot, window, "Next")
        assert window.session.index == 1
        assert text.height() > one_line  # the long question takes more than one line
        assert score_places(window) == short
        clock.advance(91)
        window.tick()
        assert by_name(window, "Idle warning", QLabel).isVisible()
        assert score_places(window) == short
        # every button, and the way on, on a 768-high screen: nothing cut off
        assert window.size().height() == 768
        for button in [*window.score_buttons, window.question_forward]:
            assert window.rect().contains(QRect(button.mapTo(window, QPoint(0, 0)),
                                                button.size()))
        # nothing overlaps the question's last line
        assert text.geometry().bottom() < window.score_buttons[0].mapTo(
            text.parentWidget(), QPoint(0, 0)).y()
    finally:
        window.unlock()


# -- item 10: results at 1366x768 and 1024x768 ---------------------------------------------

@pytest.fixture
def window(qtbot, tmp_path: Path, home: Path):
    """The fullest results screen there is: a previous round, a baseline, a benchmark,
    both sides shown, comments; so the summary is as long as it gets."""
    archive = Archive.open(tmp_path / "results.db", create=True)  # the window closes it
    db = archive.db
    forum = repo.create_forum(db, "Riverside SPF")
    ids = [q["id"] for q in repo.questions(db, shipped_set_id())]
    rng = random.Random(4)
    for n, label in enumerate(("Baseline", "Review", "Spring audit")):
        rid = audit.create_audit_round(db, forum, shipped_set_id(), label, f"202{n}-03-12",
                                       min_group_size=3, benchmark_value=7.5,
                                       benchmark_label="Other regional SPFs, about 7.5")
        audit.open_round(db, rid)
        for k in range(6):
            audit.submit(db, rid, Submission({q: rng.randint(3, 10) for q in ids},
                                             {ids[0]: f"Comment {k}"},
                                             ("staff", "management")[k % 2]))
        audit.mark_screened(db, rid)
        audit.close_round(db, rid)  # an open round shows only its count
    win = MainWindow(archive, settings_for(home))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.show_view("Audit")
    view = win.views["Audit"]
    qtbot.waitUntil(lambda: by_name(view, "Audit tasks").isVisible())
    qtbot.waitUntil(lambda: view.round_id == rid)
    yield win
    win.close()


def scrolling_areas(root: QWidget) -> list[QAbstractScrollArea]:
    return [a for a in root.findChildren(QAbstractScrollArea)
            if a.isVisible() and a.verticalScrollBar().maximum() > 0]


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_results_show_all_ten_bars_without_scroll_areas_fighting(qtbot, window, size) -> None:
    window.resize(*size)
    view = window.views["Audit"]
    view.show_tab(view.results)
    chart = by_name(view, "Results chart", QuestionChart)
    qtbot.waitUntil(lambda: chart.isVisible() and len(chart.rows) == 10
                    and window.size().width() == size[0])

    def place() -> QRect:
        return QRect(chart.mapTo(window, QPoint(0, 0)), chart.size())

    # the chart is wholly inside the window, with room for every bar
    qtbot.waitUntil(lambda: window.rect().contains(place()))
    assert chart.height() >= chart.minimumHeight() >= 10 * 14
    # nothing on the results page overlaps anything else
    shown = [by_name(view.results, name) for name in (
        "Overall result", "Results summary", "Results chart", "Results per question",
        "Figures for the chosen question", "Score distribution", "About the comments",
        "Comments")]
    places = [QRect(w.mapTo(view, QPoint(0, 0)), w.size()) for w in shown]
    for n, a in enumerate(places):
        for b in places[n + 1:]:
            assert not a.intersects(b), (a, b)
    # no scroll area holds the chart, and none that scrolls is inside another: the
    # table and the comments scroll side by side, never one within the other
    parent = chart.parentWidget()
    while parent is not None:
        assert not isinstance(parent, QAbstractScrollArea)
        parent = parent.parentWidget()
    for area in scrolling_areas(window):
        outer = area.parentWidget()
        while outer is not None:
            assert not isinstance(outer, QAbstractScrollArea), (area, outer)
            outer = outer.parentWidget()
    Path("/tmp/audit2-shots").mkdir(exist_ok=True)
    window.grab().save(f"/tmp/audit2-shots/results-{size[0]}x{size[1]}.png")


def test_present_wraps_long_questions_and_shows_the_number_of_responses(
        qtbot, window) -> None:
    view = window.views["Audit"]
    view.show_tab(view.results)
    qtbot.mouseClick(by_name(view, "Present", QPushButton), Qt.MouseButton.LeftButton)
    present = view.results.present_window
    assert present is not None
    qtbot.waitExposed(present)
    present.resize(1024, 768)
    qtbot.waitUntil(lambda: present.width() == 1024)
    assert by_name(present, "Number of responses", QLabel).text() == "6 responses"
    chart = present.chart
    assert chart.wrap_labels
    Path("/tmp/audit2-shots").mkdir(exist_ok=True)
    present.grab().save("/tmp/audit2-shots/present-1024x768.png")  # paints the chart
    # every question, the longest included, is drawn whole (wrapped), not cut
    assert chart.labels_whole
    facilitator = view.results.chart  # the facilitator's narrower chart cuts it, for contrast
    facilitator.grab()
    assert any(len(r.text) > 80 for r in chart.rows)
    present.close()


def test_counts_read_as_english() -> None:
    from spf_desktop.domain.results_text import counted

    assert [counted(n, "response") for n in (0, 1, 2)] == \
        ["0 responses", "1 response", "2 responses"]
