"""Issue 11, item 12: a new forum's whole first day, in one sitting, as a person does it.

One test walks the day from a NEW EMPTY archive in the real main window with no
restart: a forum made and its settings edited; a meeting planned; a round with the
shipped set held at that meeting; the PIN; five people in participant mode; the
facilitator back with the PIN; a name redacted; the round closed; the results and
Present; the half-day agenda built and run with the clock; an action captured and
corrected; the meeting finished; and every report the Reports view offers, read back
with pdftotext. Controls are found by accessible name and used with the mouse and
the keyboard; the meeting clock and participant mode run on clocks the test moves;
the store is read only to check what was kept, never to make anything.

Participant mode taking itself back when minimised under a real window manager is
tested in tests/test_under_window_manager.py (run by .ci/wm-tests): the offscreen
platform these tests use has no window manager to minimise it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from math import floor
from pathlib import Path

import pytest
from gui_helpers import by_name, visible_named
from helpers import FakeClock
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)
from report_helpers import flat, pdf_text
from window_helpers import laptop_window

from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import agenda as agenda_store
from spf_desktop.store import audit, forums, repo
from spf_desktop.store.shipped import shipped_set_id

FORUM = "Riverside SPF"
MEETING = "Spring forum"
ROUND = "Spring audit"
PIN = "4826"
NAMED = "Ask Pat Smith about the rotas"
REDACTED = "Ask [name] about the rotas"
GROUP_QUESTION = "How do we raise concerns early, without surprises?"
ACTION_TYPO = "Share the audit reslts with evry team"
ACTION = "Share the audit results with every team"

#: five participants: (side button, a score per question, None where one is skipped)
PEOPLE: list[tuple[str, list[int | None]]] = [
    ("Staff side", [7, 6, 8, 5, 7, 6, 9, 4, 6, 7]),
    ("Management side", [8, 7, 7, 6, 8, 7, 8, 5, 7, 8]),
    ("Staff side", [5, 6, 6, None, 5, 6, 7, 3, 5, 6]),  # skips question 4
    ("Management side", [9, 8, 8, 7, 9, 8, 10, 6, 8, 9]),
    ("Prefer not to say", [6, 5, 7, 4, 6, 5, 8, 3, 6, 5]),
]
COMMENTER = 1  # the second person names someone in a comment on question 1


@dataclass
class Day:
    """What the test has made, by id, as it goes."""

    forum: str = ""
    meeting: str = ""
    round: str = ""
    reports: dict[str, str] = field(default_factory=dict)  # "selection: title" -> text


def half_up(value: Fraction) -> str:
    """Two decimals, rounded half up, worked out here and not by the app."""
    hundredths = floor(value * 100 + Fraction(1, 2))
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def expected_overall() -> str:
    """The overall average from the scores typed in: the mean of the question means."""
    means = []
    for q in range(10):
        scores = [s[q] for _, s in PEOPLE if s[q] is not None]
        means.append(Fraction(sum(scores), len(scores)))  # type: ignore[arg-type]
    return half_up(sum(means, Fraction(0)) / len(means))


@pytest.fixture
def window(qtbot, tmp_path: Path, home: Path) -> Iterator[MainWindow]:
    """The real main window on a new, empty archive, on a 1366x768 laptop."""
    yield from laptop_window(qtbot, tmp_path, home)


# -- acting as a person ----------------------------------------------------------------

def click(qtbot, root: QWidget, name: str) -> None:
    """Click the button called ``name`` that is on screen (participant mode has a Next on
    each page: the one shown is the one a person can click)."""
    shown = visible_named(root, name, QAbstractButton)
    control = shown[0] if len(shown) == 1 else by_name(root, name, QAbstractButton)
    qtbot.waitUntil(control.isVisible)  # a view built just now shows its controls next
    assert control.isEnabled(), f"{name} is off"
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton)


def type_over(qtbot, edit: QWidget, text: str) -> None:
    """Select what a field holds and type over it."""
    edit.setFocus()
    edit.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def type_into(qtbot, root: QWidget, name: str, text: str) -> None:
    type_over(qtbot, by_name(root, name, QLineEdit), text)


def choose(qtbot, combo: QComboBox, data: object) -> None:
    """Pick an item with the keyboard: Home, then Down until it is there."""
    assert combo.findData(data) >= 0, data
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data


def pick(qtbot, view: QAbstractItemView, index: QModelIndex) -> None:
    """Click a row of a table or tree."""
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())
    assert view.currentIndex().row() == index.row()


def shown_dialog(qtbot, view: QWidget) -> QDialog:
    dialog = view.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, QDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def message_box() -> QMessageBox:
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert len(boxes) == 1, boxes
    return boxes[0]


def text_of(root: QWidget, name: str) -> str:
    return by_name(root, name, QLabel).text()


def audit_tab(qtbot, window: MainWindow, title: str) -> QWidget:
    """The Audit view, its tab called ``title`` clicked."""
    window.show_view("Audit")
    view = window.views["Audit"]
    tabs = by_name(view, "Audit tasks", QTabWidget)
    titles = [tabs.tabText(i).replace("&", "") for i in range(tabs.count())]
    bar = tabs.tabBar()
    qtbot.waitUntil(bar.isVisible)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.tabRect(titles.index(title)).center())
    assert tabs.currentIndex() == titles.index(title)
    return view


# -- the first day, step by step ----------------------------------------------------------

def make_the_forum(qtbot, window: MainWindow, day: Day) -> None:
    """New forum… in the Audit view: the name, then Enter."""
    window.show_view("Audit")
    view = window.views["Audit"]
    click(qtbot, view, "New forum with settings")
    dialog = shown_dialog(qtbot, view)
    assert dialog.windowTitle() == "New forum"
    name = by_name(dialog, "Forum name", QLineEdit)
    qtbot.keyClicks(name, FORUM)
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(name, Qt.Key.Key_Return)  # Enter saves
    day.forum = saved.args[0]
    qtbot.waitUntil(lambda: by_name(view, "Forum", QComboBox).currentText() == FORUM)


def edit_the_forum_settings(qtbot, window: MainWindow, day: Day) -> None:
    """Region, protective marking, the rounds' default group size and benchmark."""
    view = window.views["Audit"]
    click(qtbot, view, "Edit forum settings")
    dialog = shown_dialog(qtbot, view)
    assert dialog.windowTitle() == f"Forum settings: {FORUM}"
    type_into(qtbot, dialog, "Region", "Midlands")
    marking = by_name(dialog, "Protective marking", QComboBox)
    assert {"OFFICIAL", "OFFICIAL-SENSITIVE"} <= {marking.itemText(i)
                                                  for i in range(marking.count())}
    assert marking.isEditable()  # free text, with the usual markings offered
    type_over(qtbot, marking.lineEdit(), "OFFICIAL-SENSITIVE")
    type_over(qtbot, by_name(dialog, "Default minimum group size", QSpinBox), "3")
    type_into(qtbot, dialog, "Default benchmark label", "Other regional SPFs")
    type_into(qtbot, dialog, "Default benchmark value", "6.5")
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, dialog, "Save forum settings")
    stored = forums.forum_settings(window.archive.db, day.forum)
    assert (stored.name, stored.region, stored.protective_marking) == (
        FORUM, "Midlands", "OFFICIAL-SENSITIVE")
    assert stored.min_group_size == 3
    # the New round tab takes the new defaults at once
    view.show_tab(view.new_round)
    qtbot.waitUntil(lambda: by_name(view, "Minimum group size", QSpinBox).value() == 3)


def plan_the_meeting(qtbot, window: MainWindow, day: Day, clock: FakeClock) -> None:
    """A new meeting in the Agenda view: its title and a half day, 10:00 to 13:30."""
    window.show_view("Agenda")
    agenda = window.views["Agenda"]
    agenda.set_clocks(clock.mono, clock.wall)
    qtbot.waitUntil(lambda: by_name(agenda, "New meeting").isEnabled())
    assert by_name(agenda, "Forum", QComboBox).currentText() == FORUM
    click(qtbot, agenda, "New meeting")
    type_into(qtbot, agenda, "Meeting title", MEETING)
    type_into(qtbot, agenda, "Start time", "10:00")
    type_into(qtbot, agenda, "Planned end", "13:30")
    click(qtbot, agenda, "Save meeting details")
    day.meeting = agenda.meeting_id
    meeting = agenda_store.get_meeting(window.archive.db, day.meeting)
    assert (meeting["title"], meeting["start_time"], meeting["planned_end"]) == (
        MEETING, "10:00", "13:30")
    # it takes the forum's ways of working
    ways = by_name(agenda, "Ways of working", QPlainTextEdit).toPlainText().lower()
    assert "involvement" in ways and "trust" in ways


def make_the_round(qtbot, window: MainWindow, day: Day) -> None:
    """New round: the shipped set (the only one, chosen already), held at the meeting."""
    view = audit_tab(qtbot, window, "New round")
    sets = by_name(view, "Question set for the new round", QComboBox)
    assert sets.currentData() == shipped_set_id()
    type_into(qtbot, view, "Round label", ROUND)
    held = by_name(view, "Held at meeting", QComboBox)
    qtbot.waitUntil(lambda: held.findData(day.meeting) >= 0)  # no restart needed
    choose(qtbot, held, day.meeting)
    with qtbot.waitSignal(view.new_round.round_created) as created:
        qtbot.keyClick(by_name(view, "Round label", QLineEdit), Qt.Key.Key_Return)
    day.round = created.args[0]
    rnd = repo.get(window.archive.db, "rounds", day.round)
    assert (rnd["label"], rnd["question_set_id"], rnd["meeting_id"], rnd["min_group_size"]) == (
        ROUND, shipped_set_id(), day.meeting, 3)


def set_the_pin_and_open(qtbot, window: MainWindow, day: Day) -> None:
    """The facilitator PIN, typed twice (Enter sets it); then Open round."""
    view = audit_tab(qtbot, window, "Facilitator PIN")
    type_into(qtbot, view, "New PIN", PIN)
    type_into(qtbot, view, "Repeat the PIN", PIN)
    qtbot.keyClick(by_name(view, "Repeat the PIN", QLineEdit), Qt.Key.Key_Return)
    assert text_of(view, "PIN status") == "A facilitator PIN is set."
    click(qtbot, view, "Open round")
    assert repo.get(window.archive.db, "rounds", day.round)["status"] == "open"


def five_participants(qtbot, window: MainWindow, day: Day, clock: FakeClock) -> None:
    """The laptop handed round: each answers, one skips, one comments, each picks a side."""
    view = window.views["Audit"]
    view.clock = clock  # participant mode's idle and thank-you timers run on it
    click(qtbot, view, "Start participant mode")
    kiosk = view.kiosk
    assert kiosk is not None and kiosk.round_id == day.round
    qtbot.waitUntil(kiosk.isVisible)
    assert not window.isVisible()  # the facilitator's screens are out of reach
    for n, (side, scores) in enumerate(PEOPLE):
        click(qtbot, kiosk, "Start")
        for q, score in enumerate(scores):
            assert visible_named(kiosk, "Question screen"), (n, q)
            if score is None:
                click(qtbot, kiosk, "Skip this question")
                continue
            click(qtbot, kiosk, f"Score {score} out of 10")
            if n == COMMENTER and q == 0:
                comment = by_name(kiosk, "Comment (optional)")
                comment.setFocus()
                qtbot.keyClicks(comment, NAMED)
            click(qtbot, kiosk, "Next")
        assert visible_named(kiosk, "Side screen")
        click(qtbot, kiosk, side)
        click(qtbot, kiosk, "Next")
        qtbot.waitUntil(lambda: bool(visible_named(kiosk, "Your answers")))
        click(qtbot, kiosk, "Submit")
        qtbot.waitUntil(lambda: bool(visible_named(kiosk, "Thank you")))
        clock.advance(60)  # the thank-you screen clears by itself
        kiosk.tick()
    db = window.archive.db
    sides = sorted(r["side"] or "" for r in db.query(
        "SELECT side FROM responses WHERE round_id = ?", [day.round]))
    assert sides == ["management", "management", "staff", "staff", "undisclosed"]
    skipped = db.execute("SELECT count(*) FROM answers a JOIN responses r ON r.key = "
                         "a.response_key WHERE r.round_id = ? AND a.score IS NULL",
                         [day.round]).fetchone()[0]
    assert skipped == 1  # stored as a skip, not as a score


def leave_with_the_pin(qtbot, window: MainWindow) -> None:
    view = window.views["Audit"]
    kiosk = view.kiosk
    click(qtbot, kiosk, "Leave participant mode")
    pin = by_name(kiosk, "Facilitator PIN", QLineEdit)
    qtbot.waitUntil(pin.isVisible)
    qtbot.keyClicks(pin, PIN)
    qtbot.keyClick(pin, Qt.Key.Key_Return)
    qtbot.waitUntil(window.isVisible)
    assert window.current_view == "Audit"
    assert text_of(view, "Responses so far") == "5 responses"


def screen_and_redact(qtbot, window: MainWindow, day: Day) -> None:
    """The name replaced in the Screen comments tab, then the comments marked screened."""
    view = audit_tab(qtbot, window, "Screen comments")
    comments = by_name(view, "Comments to screen", QListWidget)
    qtbot.waitUntil(lambda: comments.count() == 1)
    assert NAMED in comments.item(0).text()
    pick(qtbot, comments, comments.model().index(0, 0))
    type_into(qtbot, view, "Edited comment", REDACTED)
    qtbot.keyClick(by_name(view, "Edited comment", QLineEdit), Qt.Key.Key_Return)
    assert [c.comment for c in audit.comments_for_screening(window.archive.db, day.round)] == [
        REDACTED]
    assert "redactions so far: 1" in text_of(view, "Redactions so far")
    click(qtbot, view, "Comments screened")


def close_the_round(qtbot, window: MainWindow, day: Day) -> None:
    """Close round asks first (No is the default); the facilitator says yes."""
    view = window.views["Audit"]
    click(qtbot, view, "Close round")
    box = view.last_message
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(box.isVisible)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    assert "5 responses" in box.text()
    click(qtbot, box, "Yes, close it")
    assert repo.get(window.archive.db, "rounds", day.round)["status"] == "closed"


def see_the_results_and_present(qtbot, window: MainWindow) -> None:
    """The overall average is the one worked out here; Present shows the count."""
    view = audit_tab(qtbot, window, "Results")
    overall = expected_overall()
    qtbot.waitUntil(lambda: text_of(view, "Overall result") == f"Overall average {overall}")
    table = by_name(view, "Results per question", QTableView)
    assert table.model().rowCount() == 10
    comments = by_name(view, "Comments", QListWidget)
    assert [comments.item(i).text() for i in range(comments.count())] == [f"Q1: {REDACTED}"]
    assert text_of(view, "About the comments") == "1 comment, in shuffled order."
    click(qtbot, view, "Present")
    present = view.results.present_window
    assert present is not None
    qtbot.waitUntil(present.isVisible)
    assert text_of(present, "Number of responses") == "5 responses"
    assert text_of(present, "Overall result") == f"Overall average {overall}"
    present.activateWindow()
    qtbot.keyClick(present, Qt.Key.Key_Escape)  # Escape stops presenting
    qtbot.waitUntil(lambda: view.results.present_window is None)


def section_row(qtbot, agenda: QWidget, row: int) -> None:
    """Click a section in the plan, to edit it below."""
    table = by_name(agenda, "Agenda sections", QTableView)
    pick(qtbot, table, table.model().index(row, 2))


def build_the_agenda(qtbot, window: MainWindow, day: Day) -> None:
    """Welcome, group work posed as a question, a round, lunch pinned at 12:30 with the
    audit alongside it (linked to the round), and the close."""
    window.show_view("Agenda")
    agenda = window.views["Agenda"]
    assert agenda.meeting_id == day.meeting
    for type_id in ("welcome", "group_work", "round", "networking_lunch", "audit", "close"):
        choose(qtbot, by_name(agenda, "Section type to add", QComboBox), type_id)
        click(qtbot, agenda, "Add section")

    section_row(qtbot, agenda, 1)  # group work, posed as a question
    type_into(qtbot, agenda, "Posed as a question", GROUP_QUESTION)
    click(qtbot, agenda, "Apply section changes")

    section_row(qtbot, agenda, 3)  # lunch, pinned at 12:30
    pin = by_name(agenda, "Pin to a clock time", QCheckBox)
    if not pin.isChecked():
        qtbot.mouseClick(pin, Qt.MouseButton.LeftButton)
    type_into(qtbot, agenda, "Pinned time", "12:30")
    click(qtbot, agenda, "Apply section changes")

    db = window.archive.db
    lunch = agenda_store.sections(db, day.meeting)[3]
    section_row(qtbot, agenda, 4)  # the audit, alongside lunch, running the round
    choose(qtbot, by_name(agenda, "Runs alongside", QComboBox), lunch.id)
    rounds = by_name(agenda, "Audit round", QComboBox)
    qtbot.waitUntil(rounds.isVisible)
    choose(qtbot, rounds, day.round)
    click(qtbot, agenda, "Apply section changes")

    sections = agenda_store.sections(db, day.meeting)
    assert [s.type for s in sections] == ["welcome", "group_work", "round", "networking_lunch",
                                          "audit", "close"]
    assert sections[1].question == GROUP_QUESTION
    assert sections[3].pinned_time == "12:30"
    assert (sections[4].parallel_with, sections[4].round_id) == (lunch.id, day.round)
    # the plan shows lunch at 12:30, and the day ends by 13:30
    table = by_name(agenda, "Agenda sections", QTableView)
    model = table.model()
    assert model.index(3, 0).data() == "12:30"
    ends = [model.index(r, 1).data() for r in range(model.rowCount()) if model.index(r, 1).data()]
    assert max(ends) <= "13:30", ends


def run_the_meeting(qtbot, window: MainWindow, day: Day, clock: FakeClock) -> None:
    """Two sections run with +1 min each; an action captured, then corrected; Finish."""
    agenda = window.views["Agenda"]
    click(qtbot, agenda, "Run meeting")
    click(qtbot, agenda, "Start the meeting")
    assert text_of(agenda, "Current section") == "1 of 5: Welcome and ways of working"
    click(qtbot, agenda, "Add a minute")
    assert text_of(agenda, "Time left") == "16:00"
    clock.advance(16 * 60)
    click(qtbot, agenda, "Next section")
    assert text_of(agenda, "Current section").startswith("2 of 5: Group work")
    click(qtbot, agenda, "Add a minute")
    assert text_of(agenda, "Time left") == "51:00"
    # the audit's round shows its responses while the meeting runs
    qtbot.waitUntil(lambda: text_of(agenda, "Linked audit round").startswith(
        f'Audit round "{ROUND}": 5 responses (closed)'))

    qtbot.mouseClick(by_name(agenda, "Action", QRadioButton), Qt.MouseButton.LeftButton)
    type_into(qtbot, agenda, "Action owner", "Forum chair")
    type_into(qtbot, agenda, "Captured text", ACTION_TYPO)
    qtbot.keyClick(by_name(agenda, "Captured text", QLineEdit), Qt.Key.Key_Return)
    captured = by_name(agenda, "Captured outcomes, decisions and actions", QListWidget)
    assert captured.count() == 1
    pick(qtbot, captured, captured.model().index(0, 0))
    click(qtbot, agenda, "Edit the captured item")
    type_into(qtbot, agenda, "Captured text", ACTION)
    qtbot.keyClick(by_name(agenda, "Captured text", QLineEdit), Qt.Key.Key_Return)
    rows = agenda_store.captured(window.archive.db, day.meeting)["actions"]
    assert [(r["text"], r["owner"]) for r in rows] == [(ACTION, "Forum chair")]

    clock.advance(51 * 60)
    click(qtbot, agenda, "Finish the meeting")
    box = message_box()
    assert box.text() == "Finish the meeting now? 3 sections not run."
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    click(qtbot, box, "Yes, finish")
    assert text_of(agenda, "Current section") == "The meeting has finished"
    assert agenda_store.load_run_state(window.archive.db, day.meeting).status == "finished"


def the_archive_shows_the_day(qtbot, window: MainWindow) -> None:
    """The Archive view shows what the other views made, with no restart."""
    window.show_view("Archive")
    view = window.views["Archive"]
    qtbot.waitUntil(lambda: text_of(view, "Archive summary")
                    == "1 forum, 1 audit round, 1 meeting")
    tree = by_name(view, "Forums, rounds and meetings", QTreeView)
    model = tree.model()
    [rnd] = model.match(model.index(0, 0), Qt.ItemDataRole.DisplayRole, ROUND, 1,
                        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert rnd.siblingAtColumn(2).data() == "5 responses"


def tree_row(qtbot, window: MainWindow, text: str) -> None:
    """Choose a forum, round or meeting in the Archive view's tree."""
    window.show_view("Archive")
    tree = by_name(window.views["Archive"], "Forums, rounds and meetings", QTreeView)
    model = tree.model()

    def found() -> list[QModelIndex]:
        return model.match(model.index(0, 0), Qt.ItemDataRole.DisplayRole, text, 1,
                           Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)

    qtbot.waitUntil(lambda: bool(found()))
    pick(qtbot, tree, found()[0])


def save_pdf(qtbot, view: QWidget, out: Path) -> None:
    """Save PDF..., the file chosen in the save dialog, its Save button."""
    with qtbot.waitSignal(view.report_saved, timeout=30_000):
        click(qtbot, view, "Save PDF")
        dialog = by_name(view, "Save the report as PDF", QFileDialog)
        qtbot.waitUntil(dialog.isVisible)
        dialog.selectFile(str(out))
        save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: text_of(view, "Report status") == f"Saved {out}")


def make_every_report(qtbot, window: MainWindow, day: Day, folder: Path) -> None:
    """For the forum, the round and the meeting: every report listed, saved and read."""
    view = window.views["Reports"]
    for what, text in (("forum", FORUM), ("round", ROUND), ("meeting", MEETING)):
        tree_row(qtbot, window, text)
        window.show_view("Reports")
        qtbot.waitUntil(lambda: len(view.choices()) >= 2)
        listed = by_name(view, "Reports you can make", QListWidget)
        for n, title in enumerate(view.choices()):
            item = listed.item(n)
            pick(qtbot, listed, listed.indexFromItem(item))
            assert listed.currentItem().text() == title
            out = folder / f"{what}-{n}.pdf"
            save_pdf(qtbot, view, out)
            day.reports[f"{what}: {title}"] = flat(pdf_text(out))


def check_what_the_reports_say(day: Day) -> None:
    overall = expected_overall()
    titles = {key.split(": ", 1)[1] for key in day.reports}
    assert titles == {f"Trend report: {FORUM}", f"Running the audit in a room: {FORUM}",
                      f"Audit report: {ROUND}", f"Blank paper questionnaire: {ROUND}",
                      f"Agenda handout: {MEETING}", f"Meeting summary: {MEETING}"}
    assert [k for k in day.reports if k.startswith("forum: ")] == [
        f"forum: Trend report: {FORUM}", f"forum: Running the audit in a room: {FORUM}"]
    for key, text in day.reports.items():
        assert FORUM in text, key
        assert "Pat Smith" not in text, key  # the redacted name is nowhere

    audit_text = day.reports[f"round: Audit report: {ROUND}"]
    assert f"5 responses {overall} 5 - 6.50 overall average (0 to 10) responses" in audit_text
    assert f"The average across the 10 questions is {overall}." in audit_text
    assert "Benchmark: Other regional SPFs (6.50)." in audit_text  # the forum's default
    assert "4 Are we solution focussed? 4 1 5.50" in audit_text  # one skipped it
    assert REDACTED in audit_text
    assert day.reports[f"meeting: Audit report: {ROUND}"] == audit_text
    assert "OFFICIAL-SENSITIVE" in audit_text  # the forum's protective marking

    trend = day.reports[f"forum: Trend report: {FORUM}"]
    assert "A trend needs at least two audit rounds, and this forum has one so far." in trend
    assert overall in trend

    summary = day.reports[f"meeting: Meeting summary: {MEETING}"]
    assert f"{ACTION} Forum chair" in summary
    assert ACTION_TYPO not in summary  # the corrected action, not the first
    assert f"Audit results: {ROUND}" in summary and "5 responses · closed" in summary
    assert f"The average across the 10 questions is {overall}." in summary, summary

    handout = day.reports[f"meeting: Agenda handout: {MEETING}"]
    assert GROUP_QUESTION in handout and "12:30" in handout and "10:00" in handout

    questionnaire = day.reports[f"round: Blank paper questionnaire: {ROUND}"]
    assert "Staff side" in questionnaire and "Management side" in questionnaire

    quickstart = day.reports[f"forum: Running the audit in a room: {FORUM}"]
    assert "Running the audit in a room" in quickstart and "Close the round" in quickstart


# -- the day -------------------------------------------------------------------------------

def test_a_new_forums_first_day_from_an_empty_archive_with_no_restart(
        qtbot, window, tmp_path: Path) -> None:
    day = Day()
    meeting_clock = FakeClock()
    participant_clock = FakeClock()

    make_the_forum(qtbot, window, day)
    edit_the_forum_settings(qtbot, window, day)
    plan_the_meeting(qtbot, window, day, meeting_clock)
    make_the_round(qtbot, window, day)
    set_the_pin_and_open(qtbot, window, day)
    five_participants(qtbot, window, day, participant_clock)
    leave_with_the_pin(qtbot, window)
    screen_and_redact(qtbot, window, day)
    close_the_round(qtbot, window, day)
    see_the_results_and_present(qtbot, window)
    build_the_agenda(qtbot, window, day)
    run_the_meeting(qtbot, window, day, meeting_clock)
    the_archive_shows_the_day(qtbot, window)
    make_every_report(qtbot, window, day, tmp_path)
    check_what_the_reports_say(day)
