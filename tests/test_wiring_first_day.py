"""Issue 11: the views take the user to each other, from a NEW EMPTY archive.

Forum settings from the Archive and Audit views (item 2), a new round that takes
its forum's defaults (item 2), participant mode started from a meeting's audit
section (item 3), the Archive opening a round or a meeting in its own view
(item 5), and counts that read as English (item 10). Each test opens the real
main window on a new archive (which holds only the shipped question set) and acts
as a person does: controls found by accessible name, the mouse and the keyboard,
no restart between steps, nothing mocked, nothing slept.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from gui_helpers import by_name
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)
from window_helpers import laptop_window

from spf_desktop.domain.agenda import Meeting
from spf_desktop.domain.forums import DEFAULT_WAYS_OF_WORKING
from spf_desktop.domain.kiosk import Submission
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import agenda as agenda_store
from spf_desktop.store import audit, forums, repo
from spf_desktop.store.shipped import shipped_set_id

PIN = "4826"
MONO_START = 1000.0
WALL = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)


@pytest.fixture
def window(qtbot, tmp_path: Path, home: Path) -> Iterator[MainWindow]:
    """The main window on a new, empty archive, shown on the Archive view."""
    yield from laptop_window(qtbot, tmp_path, home)


# -- acting as a person -------------------------------------------------------------------

def click(qtbot, root: QWidget, name: str) -> None:
    control = by_name(root, name, QAbstractButton)
    qtbot.waitUntil(control.isVisible)  # a view built just now shows its controls next
    assert control.isEnabled(), f"{name} is off"
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton)


def type_over(qtbot, edit: QWidget, text: str) -> None:
    """Select what a field holds and type over it."""
    edit.setFocus()
    edit.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


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


def items(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def shown_dialog(qtbot, view: QWidget) -> QDialog:
    dialog = view.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, QDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def new_forum(qtbot, window: MainWindow, name: str) -> str:
    """Add a forum with the Audit view's New forum… dialog (name, then Enter)."""
    window.show_view("Audit")
    view = window.views["Audit"]
    click(qtbot, view, "New forum with settings")
    dialog = shown_dialog(qtbot, view)
    qtbot.keyClicks(by_name(dialog, "Forum name", QLineEdit), name)
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(by_name(dialog, "Forum name", QLineEdit), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: by_name(view, "Forum", QComboBox).currentText() == name)
    return saved.args[0]


def new_round(qtbot, window: MainWindow, label: str) -> str:
    """Create a round in the Audit view's New round tab (the shipped set, chosen alone)."""
    window.show_view("Audit")
    view = window.views["Audit"]
    view.show_tab(view.new_round)
    type_over(qtbot, by_name(view, "Round label", QLineEdit), label)
    with qtbot.waitSignal(view.new_round.round_created) as created:
        click(qtbot, view, "Create round")
    return created.args[0]


def archive_tree(window: MainWindow) -> QTreeView:
    window.show_view("Archive")
    return by_name(window.views["Archive"], "Forums, rounds and meetings", QTreeView)


def tree_row(tree: QTreeView, text: str, qtbot=None) -> QModelIndex:
    """The tree's row for ``text`` (with ``qtbot``: once the change hook has shown it)."""
    model = tree.model()

    def found() -> list[QModelIndex]:
        return model.match(model.index(0, 0), Qt.ItemDataRole.DisplayRole, text, 1,
                           Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)

    if qtbot is not None:
        qtbot.waitUntil(lambda: bool(found()))
    [index] = found() or [QModelIndex()]
    assert index.isValid(), f"{text} is not in the tree"
    tree.scrollTo(index)
    return index


def tree_contents(tree: QTreeView, text: str) -> str:
    return tree_row(tree, text).siblingAtColumn(2).data()


def table_row(table: QTableView, column: int, text: str) -> QModelIndex:
    model = table.model()
    rows = [r for r in range(model.rowCount()) if text in model.index(r, column).data()]
    assert rows, f"{text} is not in {table.accessibleName()}"
    return model.index(rows[0], 0)


def pick(qtbot, view: QAbstractItemView, index: QModelIndex) -> None:
    """Click a row once (choose it)."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())
    assert view.currentIndex().row() == index.row()


def double_click(qtbot, view: QAbstractItemView, index: QModelIndex) -> None:
    pick(qtbot, view, index)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                      pos=view.visualRect(index).center())


def press_enter_on(qtbot, view: QAbstractItemView, index: QModelIndex) -> None:
    pick(qtbot, view, index)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)


def audit_shows_round(window: MainWindow, round_id: str) -> bool:
    view = window.views["Audit"]
    return (window.current_view == "Audit" and view.round_id == round_id
            and by_name(view, "Audit tasks", QTabWidget).currentWidget() is view.results)


def agenda_shows_meeting(window: MainWindow, meeting_id: str, title: str) -> bool:
    view = window.views["Agenda"]
    return (window.current_view == "Agenda" and view.meeting_id == meeting_id
            and by_name(view, "Meeting title", QLineEdit).text() == title)


def set_pin(qtbot, window: MainWindow) -> None:
    view = window.views["Audit"]
    view.show_tab(view.pin)
    type_over(qtbot, by_name(view, "New PIN", QLineEdit), PIN)
    type_over(qtbot, by_name(view, "Repeat the PIN", QLineEdit), PIN)
    click(qtbot, view, "Set PIN")
    assert by_name(view, "PIN status", QLabel).text() == "A facilitator PIN is set."


# -- item 2: forum settings from the Archive and Audit views ------------------------------

def test_forum_settings_from_the_archive_view_rename_the_forum_in_every_view(qtbot, window):
    archive_view = window.views["Archive"]
    assert not by_name(archive_view, "Edit forum settings").isEnabled()  # no forum yet

    forum_id = new_forum(qtbot, window, "Riverside SPF")
    # made with the dialog, so a new forum starts with the default ways of working
    stored = forums.forum_settings(window.archive.db, forum_id)
    assert stored.ways_of_working == tuple(dict(w) for w in DEFAULT_WAYS_OF_WORKING)
    new_round(qtbot, window, "Spring audit")
    window.show_view("Agenda")  # the Agenda view shows the forum too
    agenda_forums = by_name(window.views["Agenda"], "Forum", QComboBox)
    qtbot.waitUntil(lambda: items(agenda_forums) == ["Riverside SPF"])

    # in the Archive view: the round chosen, its forum's settings open
    tree = archive_tree(window)
    pick(qtbot, tree, tree_row(tree, "Spring audit"))
    click(qtbot, archive_view, "Edit forum settings")
    dialog = shown_dialog(qtbot, archive_view)
    assert dialog.windowTitle() == "Forum settings: Riverside SPF"
    name = by_name(dialog, "Forum name", QLineEdit)
    type_over(qtbot, name, "Riverside and Lakes SPF")
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(name, Qt.Key.Key_Return)  # Enter saves

    audit_forums = by_name(window.views["Audit"], "Forum", QComboBox)
    qtbot.waitUntil(lambda: items(audit_forums) == ["Riverside and Lakes SPF"])
    qtbot.waitUntil(lambda: items(agenda_forums) == ["Riverside and Lakes SPF"])
    qtbot.waitUntil(lambda: tree.model().index(0, 0).data() == "Riverside and Lakes SPF")
    assert repo.get(window.archive.db, "forums", forum_id)["name"] == "Riverside and Lakes SPF"

    # the forum itself chosen in the tree opens the same settings
    pick(qtbot, tree, tree_row(tree, "Riverside and Lakes SPF"))
    click(qtbot, archive_view, "Edit forum settings")
    dialog = shown_dialog(qtbot, archive_view)
    assert by_name(dialog, "Forum name", QLineEdit).text() == "Riverside and Lakes SPF"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Escape writes nothing
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # and from the Audit view, for the forum chosen there
    window.show_view("Audit")
    click(qtbot, window.views["Audit"], "Edit forum settings")
    dialog = shown_dialog(qtbot, window.views["Audit"])
    assert by_name(dialog, "Forum name", QLineEdit).text() == "Riverside and Lakes SPF"
    click(qtbot, dialog, "Cancel")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert repo.get(window.archive.db, "forums", forum_id)["name"] == "Riverside and Lakes SPF"


# -- item 2: a new round takes its forum's defaults ------------------------------------------

def test_a_new_round_takes_the_forums_default_group_size_and_benchmark(qtbot, window):
    forum_id = new_forum(qtbot, window, "Riverside SPF")
    view = window.views["Audit"]
    view.show_tab(view.new_round)
    min_group = by_name(view, "Minimum group size", QSpinBox)
    bench_label = by_name(view, "Benchmark label", QLineEdit)
    bench_value = by_name(view, "Benchmark value", QLineEdit)
    assert (min_group.value(), bench_label.text(), bench_value.text()) == (5, "", "")

    click(qtbot, view, "Edit forum settings")
    dialog = shown_dialog(qtbot, view)
    type_over(qtbot, by_name(dialog, "Default minimum group size", QSpinBox), "7")
    type_over(qtbot, by_name(dialog, "Default benchmark label", QLineEdit), "Other regional SPFs")
    type_over(qtbot, by_name(dialog, "Default benchmark value", QLineEdit), "7.5")
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, dialog, "Save forum settings")

    qtbot.waitUntil(lambda: (min_group.value(), bench_label.text(), bench_value.text())
                    == (7, "Other regional SPFs", "7.5"))
    round_id = new_round(qtbot, window, "Spring audit")
    rnd = repo.get(window.archive.db, "rounds", round_id)
    assert rnd["min_group_size"] == 7
    bench = repo.get(window.archive.db, "benchmarks", rnd["benchmark_id"])
    assert (bench["label"], bench["value"]) == ("Other regional SPFs", 7.5)

    # what is typed stays typed when the forum changes in other ways (its name)...
    type_over(qtbot, min_group, "9")
    click(qtbot, view, "Edit forum settings")
    dialog = shown_dialog(qtbot, view)
    type_over(qtbot, by_name(dialog, "Forum name", QLineEdit), "Riverside and Lakes SPF")
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, dialog, "Save forum settings")
    qtbot.waitUntil(lambda: by_name(view, "Forum", QComboBox).currentText()
                    == "Riverside and Lakes SPF")
    assert min_group.value() == 9

    # ...and another forum brings its own defaults (a benchmark of none: empty)
    other = new_forum(qtbot, window, "Hillside SPF")
    qtbot.waitUntil(lambda: (min_group.value(), bench_label.text(), bench_value.text())
                    == (5, "", ""))
    choose(qtbot, by_name(view, "Forum", QComboBox), forum_id)
    assert (min_group.value(), bench_label.text(), bench_value.text()) == (
        7, "Other regional SPFs", "7.5")
    assert other != forum_id


# -- item 3: participant mode from a meeting's audit section ------------------------------------

def plan_meeting_linked_to(qtbot, window: MainWindow, round_id: str) -> str:
    """A new meeting (a welcome, then the audit linked to ``round_id``), running, on the
    audit section."""
    window.show_view("Agenda")
    agenda = window.views["Agenda"]
    clock = {"t": MONO_START}
    agenda.set_clocks(lambda: clock["t"], lambda: WALL)
    qtbot.waitUntil(lambda: by_name(agenda, "New meeting").isEnabled())
    click(qtbot, agenda, "New meeting")
    for type_id in ("welcome", "audit"):
        choose(qtbot, by_name(agenda, "Section type to add", QComboBox), type_id)
        click(qtbot, agenda, "Add section")
    table = by_name(agenda, "Agenda sections", QTableView)
    pick(qtbot, table, table.model().index(1, 2))
    rounds = by_name(agenda, "Audit round", QComboBox)
    qtbot.waitUntil(rounds.isVisible)
    choose(qtbot, rounds, round_id)
    click(qtbot, agenda, "Apply section changes")
    assert agenda_store.sections(window.archive.db, agenda.meeting_id)[1].round_id == round_id
    click(qtbot, agenda, "Run meeting")
    click(qtbot, agenda, "Start the meeting")
    click(qtbot, agenda, "Next section")
    line = by_name(agenda, "Linked audit round", QLabel)
    qtbot.waitUntil(lambda: line.text().startswith('Audit round "Spring audit": 0 responses'))
    return agenda.meeting_id


def test_start_participant_mode_from_a_meetings_audit_section(qtbot, window):
    new_forum(qtbot, window, "Riverside SPF")
    baseline = new_round(qtbot, window, "Baseline")
    round_id = new_round(qtbot, window, "Spring audit")
    audit_view = window.views["Audit"]
    click(qtbot, audit_view, "Open round")
    set_pin(qtbot, window)
    choose(qtbot, by_name(audit_view, "Audit round", QComboBox), baseline)  # another chosen
    plan_meeting_linked_to(qtbot, window, round_id)

    click(qtbot, window.views["Agenda"], "Start participant mode")
    qtbot.waitUntil(lambda: audit_view.kiosk is not None and audit_view.kiosk.isVisible())
    kiosk = audit_view.kiosk
    assert kiosk.round_id == round_id and audit_view.round_id == round_id
    assert not window.isVisible()  # the facilitator's screens are out of reach

    # leaving with the PIN brings the window back on the running meeting
    click(qtbot, kiosk, "Leave participant mode")
    pin = by_name(kiosk, "Facilitator PIN", QLineEdit)
    qtbot.keyClicks(pin, PIN)
    qtbot.keyClick(pin, Qt.Key.Key_Return)
    qtbot.waitUntil(window.isVisible)
    assert window.current_view == "Agenda"
    agenda = window.views["Agenda"]
    assert agenda.stack.currentWidget() is agenda.run_page  # still running


def test_participant_mode_from_a_meeting_is_refused_as_the_audit_view_refuses(qtbot, window):
    new_forum(qtbot, window, "Riverside SPF")
    round_id = new_round(qtbot, window, "Spring audit")
    audit_view = window.views["Audit"]
    click(qtbot, audit_view, "Open round")
    plan_meeting_linked_to(qtbot, window, round_id)

    # no PIN yet: refused, and the Audit view says why, on its PIN tab
    click(qtbot, window.views["Agenda"], "Start participant mode")
    qtbot.waitUntil(lambda: window.current_view == "Audit")
    assert audit_view.kiosk is None and window.isVisible()
    assert "Set a facilitator PIN first" in by_name(audit_view, "Audit message", QLabel).text()
    assert by_name(audit_view, "Audit tasks", QTabWidget).currentWidget() is audit_view.pages[
        audit_view.pin]

    # a PIN, but the round closed: the button is off and says why (no trip to the Audit view)
    set_pin(qtbot, window)
    click(qtbot, audit_view, "Close round")
    click(qtbot, audit_view.last_message, "Yes, close it")
    assert repo.get(window.archive.db, "rounds", round_id)["status"] == "closed"
    window.show_view("Agenda")
    start = by_name(window.views["Agenda"], "Start participant mode", QAbstractButton)
    qtbot.waitUntil(lambda: not start.isEnabled())
    assert start.toolTip().startswith("The round is closed")
    assert window.current_view == "Agenda"


def test_start_participant_mode_is_on_only_while_the_linked_round_is_open(qtbot, window):
    new_forum(qtbot, window, "Riverside SPF")
    round_id = new_round(qtbot, window, "Spring audit")  # a draft
    audit_view = window.views["Audit"]
    set_pin(qtbot, window)
    plan_meeting_linked_to(qtbot, window, round_id)
    start = by_name(window.views["Agenda"], "Start participant mode", QAbstractButton)
    assert not start.isEnabled()
    assert start.toolTip().startswith("Open the round first")

    # the round opened in the Audit view: the change hook switches it on
    window.show_view("Audit")
    click(qtbot, audit_view, "Open round")
    window.show_view("Agenda")
    qtbot.waitUntil(start.isEnabled)
    assert start.isVisible()

    # ...and closed: off again, saying why
    window.show_view("Audit")
    click(qtbot, audit_view, "Close round")
    click(qtbot, audit_view.last_message, "Yes, close it")
    window.show_view("Agenda")
    qtbot.waitUntil(lambda: not start.isEnabled())
    assert start.toolTip().startswith("The round is closed")


# -- item 5: the Archive takes you there --------------------------------------------------------

def fill(window: MainWindow, forum_id: str, round_id: str) -> str:
    """Five screened responses (one comment) in a closed round, and a meeting with an
    outcome, a decision and an action, stored as participant mode and run mode store
    them: what a first day leaves."""
    db = window.archive.db
    questions = [q["id"] for q in repo.questions(db, shipped_set_id())]
    audit.open_round(db, round_id)
    for n in range(5):
        comments = {questions[0]: "Rotas are shared early now"} if n == 0 else {}
        audit.submit(db, round_id, Submission({q: 6 + n % 3 for q in questions}, comments,
                                              "staff"))
    audit.close_round(db, round_id)
    audit.mark_screened(db, round_id)
    meeting = agenda_store.create_meeting(db, forum_id, Meeting("Spring forum", date="2026-03-05"))
    for kind, text in (("outcomes", "Quarterly huddles agreed"),
                       ("decisions", "Adopt the carousel format"),
                       ("actions", "Circulate the buddying scheme")):
        agenda_store.add_capture(db, meeting, kind, text)
    return meeting


def test_a_round_opens_in_the_audit_view_from_the_tree_timeline_and_search(qtbot, window):
    forum_id = new_forum(qtbot, window, "Riverside SPF")
    baseline = new_round(qtbot, window, "Baseline")
    spring = new_round(qtbot, window, "Spring audit")
    fill(window, forum_id, spring)
    tree = archive_tree(window)
    qtbot.waitUntil(lambda: tree_contents(tree, "Spring audit") == "5 responses")

    double_click(qtbot, tree, tree_row(tree, "Baseline"))  # the mouse
    qtbot.waitUntil(lambda: audit_shows_round(window, baseline))
    assert window.focusWidget() is by_name(window.views["Audit"], "Audit round", QComboBox)

    tree = archive_tree(window)
    press_enter_on(qtbot, tree, tree_row(tree, "Spring audit"))  # the keyboard
    qtbot.waitUntil(lambda: audit_shows_round(window, spring))
    assert by_name(window.views["Audit"], "Responses so far", QLabel).text() == "5 responses"

    window.show_view("Archive")
    archive_view = window.views["Archive"]
    archive_view.tabs.setCurrentIndex(0)
    timeline = by_name(archive_view, "Timeline of rounds and meetings", QTableView)
    double_click(qtbot, timeline, table_row(timeline, 2, "Baseline"))
    qtbot.waitUntil(lambda: audit_shows_round(window, baseline))

    # a search hit on a screened comment opens its round
    window.show_view("Archive")
    box = by_name(archive_view, "Search the archive", QLineEdit)
    type_over(qtbot, box, "rotas")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    results = by_name(archive_view, "Search results", QTableView)
    press_enter_on(qtbot, results, table_row(results, 0, "Comment on question 1"))
    qtbot.waitUntil(lambda: audit_shows_round(window, spring))
    # the Archive view kept its place: the search page, the hit, the round in the tree
    window.show_view("Archive")
    assert archive_view.tabs.currentIndex() == 2 and results.model().rowCount() == 1
    assert tree.currentIndex().data() == "Spring audit"


def test_a_meeting_opens_in_the_agenda_view_from_the_tree_timeline_search_and_actions(
        qtbot, window):
    forum_id = new_forum(qtbot, window, "Riverside SPF")
    round_id = new_round(qtbot, window, "Spring audit")
    other = new_forum(qtbot, window, "Hillside SPF")  # the Agenda view shows this one first
    db = window.archive.db
    theirs = agenda_store.create_meeting(db, other, Meeting("Hillside meeting", date="2026-02-01"))
    meeting = fill(window, forum_id, round_id)
    window.show_view("Agenda")
    agenda = window.views["Agenda"]
    qtbot.waitUntil(lambda: by_name(agenda, "New meeting").isEnabled())
    click(qtbot, agenda, "New meeting")  # the agenda view holds another meeting open
    assert agenda.meeting_id not in (meeting, theirs)

    tree = archive_tree(window)
    double_click(qtbot, tree, tree_row(tree, "Spring forum", qtbot))
    qtbot.waitUntil(lambda: agenda_shows_meeting(window, meeting, "Spring forum"))
    assert by_name(agenda, "Forum", QComboBox).currentData() == forum_id
    assert window.focusWidget() is by_name(agenda, "Meetings")

    tree = archive_tree(window)
    press_enter_on(qtbot, tree, tree_row(tree, "Hillside meeting"))
    qtbot.waitUntil(lambda: agenda_shows_meeting(window, theirs, "Hillside meeting"))
    assert by_name(agenda, "Forum", QComboBox).currentData() == other

    window.show_view("Archive")
    archive_view = window.views["Archive"]
    pick(qtbot, tree, tree_row(tree, "Riverside SPF"))
    archive_view.tabs.setCurrentIndex(0)
    timeline = by_name(archive_view, "Timeline of rounds and meetings", QTableView)
    press_enter_on(qtbot, timeline, table_row(timeline, 2, "Spring forum"))
    qtbot.waitUntil(lambda: agenda_shows_meeting(window, meeting, "Spring forum"))

    # a hit on an outcome, a decision or an action opens its meeting
    for words, where in (("huddles", "Outcome"), ("carousel", "Decision"),
                         ("buddying", "Action")):
        archive_tree(window)
        press_enter_on(qtbot, tree, tree_row(tree, "Hillside meeting"))
        qtbot.waitUntil(lambda: agenda_shows_meeting(window, theirs, "Hillside meeting"))
        window.show_view("Archive")
        box = by_name(archive_view, "Search the archive", QLineEdit)
        type_over(qtbot, box, words)
        qtbot.keyClick(box, Qt.Key.Key_Return)
        results = by_name(archive_view, "Search results", QTableView)
        double_click(qtbot, results, table_row(results, 0, where))
        qtbot.waitUntil(lambda: agenda_shows_meeting(window, meeting, "Spring forum"))

    # an open action opens its meeting too
    window.show_view("Archive")
    archive_view.tabs.setCurrentIndex(1)
    actions = by_name(archive_view, "Open actions across meetings", QTableView)
    double_click(qtbot, actions, table_row(actions, 1, "buddying"))
    qtbot.waitUntil(lambda: agenda_shows_meeting(window, meeting, "Spring forum"))


def test_a_forum_double_clicked_in_the_tree_opens_and_shuts_in_place(qtbot, window):
    new_forum(qtbot, window, "Riverside SPF")
    tree = archive_tree(window)
    forum = tree_row(tree, "Riverside SPF")
    qtbot.waitUntil(lambda: tree.isExpanded(forum))
    double_click(qtbot, tree, forum)
    assert window.current_view == "Archive" and not tree.isExpanded(forum)


# -- item 10: counts read as English -------------------------------------------------------------

def test_counts_read_as_english_in_the_archive_view(qtbot, window):
    forum_id = new_forum(qtbot, window, "Riverside SPF")
    round_id = new_round(qtbot, window, "Spring audit")
    db = window.archive.db
    audit.open_round(db, round_id)
    questions = [q["id"] for q in repo.questions(db, shipped_set_id())]
    audit.submit(db, round_id, Submission({q: 7 for q in questions}, {}, "staff"))
    window.show_view("Agenda")
    agenda = window.views["Agenda"]
    qtbot.waitUntil(lambda: by_name(agenda, "New meeting").isEnabled())
    click(qtbot, agenda, "New meeting")
    click(qtbot, agenda, "Add section")
    agenda_store.add_capture(db, agenda.meeting_id, "actions", "Share the rota template")

    tree = archive_tree(window)
    archive_view = window.views["Archive"]
    summary = by_name(archive_view, "Archive summary", QLabel)
    qtbot.waitUntil(lambda: summary.text() == "1 forum, 1 audit round, 1 meeting")
    assert tree_contents(tree, "Spring audit") == "1 response"
    assert tree_contents(tree, "New forum meeting") == "1 section"
    pick(qtbot, tree, tree_row(tree, "Riverside SPF"))
    assert by_name(archive_view, "Timeline summary", QLabel).text() == (
        "Riverside SPF: 1 audit round and 1 meeting.")
    timeline = by_name(archive_view, "Timeline of rounds and meetings", QTableView)
    details = [timeline.model().index(r, 5).data() for r in range(timeline.model().rowCount())]
    assert sorted(details) == ["1 agenda item, 0 decisions, 1 open action",
                               "1 response (average shown from 5)"]
    assert by_name(archive_view, "Open actions summary", QLabel).text().startswith(
        "1 open action across all meetings.")
    box = by_name(archive_view, "Search the archive", QLineEdit)
    type_over(qtbot, box, "rota template")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert by_name(archive_view, "Search summary", QLabel).text().startswith(
        '1 hit for "rota template".')

    audit.submit(db, round_id, Submission({q: 8 for q in questions}, {}, "staff"))
    qtbot.waitUntil(lambda: tree_contents(tree, "Spring audit") == "2 responses")
    assert forum_id
