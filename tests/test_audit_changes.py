"""The change hook, from the Audit view: what a facilitator makes there shows at once
in every other view that shows it, with no restart.

Each test starts from a new, empty archive and drives the real main window by
accessible names, as a person would. Every view is built (shown once) before the
write, so what is checked is the view updating, not a view made afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from audit_helpers import FakeClock
from gui_helpers import by_name, type_date, visible_named
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)
from window_helpers import PIN, install_another_question_set

from spf_desktop.gui.app import settings_for
from spf_desktop.gui.main_window import VIEW_NAMES, MainWindow
from spf_desktop.store import Archive

FORUM = "Riverside SPF"
ROUND = "Spring audit"


@pytest.fixture
def window(qtbot, tmp_path: Path, home: Path) -> Iterator[MainWindow]:
    archive = Archive.open(tmp_path / "new.db", create=True)
    # Nothing installed by hand: a new archive holds the shipped question set.
    win = MainWindow(archive, settings_for(home))
    qtbot.addWidget(win)
    win.resize(1280, 900)
    win.show()
    qtbot.waitExposed(win)
    for name in VIEW_NAMES:  # every view built and shown once, before any write
        win.show_view(name)
        qtbot.waitUntil(win.views[name].isVisible)
    win.show_view("Audit")
    qtbot.waitUntil(lambda: by_name(win.views["Audit"], "Audit tasks").isVisible())
    yield win
    win.close()


# -- doing things in the Audit view, by name -----------------------------------------

def audit_tab(qtbot, window: MainWindow, title: str) -> QWidget:
    """Show the Audit view's tab called ``title``; returns the view."""
    window.show_view("Audit")
    view = window.views["Audit"]
    tabs = by_name(view, "Audit tasks", QTabWidget)
    titles = [tabs.tabText(i).replace("&", "") for i in range(tabs.count())]
    tabs.setCurrentIndex(titles.index(title))
    qtbot.waitUntil(lambda: tabs.currentWidget().isVisible())
    return view


def click(qtbot, root: QWidget, name: str) -> None:
    [button] = visible_named(root, name, QPushButton)
    assert button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, root: QWidget, name: str, text: str) -> None:
    edit = by_name(root, name, QLineEdit)
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def add_forum(qtbot, window: MainWindow) -> None:
    view = audit_tab(qtbot, window, "New round")
    type_into(qtbot, view, "New forum name", FORUM)
    click(qtbot, view, "Add forum")


def add_round(qtbot, window: MainWindow) -> None:
    view = audit_tab(qtbot, window, "New round")
    type_into(qtbot, view, "Round label", ROUND)
    type_date(qtbot, view, "Round date", "2024-03-01")
    by_name(view, "Minimum group size").setValue(3)
    click(qtbot, view, "Create round")


def open_round_with_a_pin(qtbot, window: MainWindow) -> None:
    view = audit_tab(qtbot, window, "Facilitator PIN")
    type_into(qtbot, view, "New PIN", PIN)
    type_into(qtbot, view, "Repeat the PIN", PIN)
    click(qtbot, view, "Set PIN")
    click(qtbot, view, "Open round")


def participants(qtbot, window: MainWindow, scores: list[int], *,
                 comment: str = "", after=None) -> None:
    """Hand the laptop over; each participant answers every question with one
    score (the first adds ``comment``) and submits; ``after(n)`` runs once the n-th
    response is in. Then the facilitator leaves with the PIN."""
    view = window.views["Audit"]
    click(qtbot, view, "Start participant mode")
    kiosk = view.kiosk
    assert kiosk is not None and not window.isVisible()
    clock = FakeClock()
    kiosk.session.clock = clock  # the thank-you screen clears when this clock says so
    try:
        for n, score in enumerate(scores, start=1):
            click(qtbot, kiosk, "Start")
            while visible_named(kiosk, "Question screen"):
                click(qtbot, kiosk, f"Score {score} out of 10")
                if comment and n == 1 and kiosk.session.index == 0:
                    qtbot.keyClicks(by_name(kiosk, "Comment (optional)"), comment)
                click(qtbot, kiosk, "Next")
            click(qtbot, kiosk, "Next")  # the side question is optional
            click(qtbot, kiosk, "Submit")
            if after is not None:
                after(n)
            clock.advance(60)
            kiosk.tick()
        click(qtbot, kiosk, "Leave participant mode")
        pin = by_name(kiosk, "Facilitator PIN", QLineEdit)
        qtbot.keyClicks(pin, PIN)
        qtbot.keyClick(pin, Qt.Key.Key_Return)
    finally:
        if not kiosk._unlocked:
            kiosk.unlock()
    qtbot.waitUntil(window.isVisible)


# -- what the other views show -------------------------------------------------------

def tree_rows(window: MainWindow) -> dict[str, list[str]]:
    """The Archive view's tree: each forum's rounds and meetings, with their contents."""
    tree = by_name(window.views["Archive"], "Forums, rounds and meetings", QTreeView)
    model = tree.model()
    found: dict[str, list[str]] = {}
    for f in range(model.rowCount()):
        forum = model.index(f, 0)
        rows = found.setdefault(forum.data(), [])
        for g in range(model.rowCount(forum)):
            group = model.index(g, 0, forum)
            for r in range(model.rowCount(group)):
                rows.append(f"{model.index(r, 0, group).data()}: "
                            f"{model.index(r, 2, group).data()}")
    return found


def select_in_tree(window: MainWindow, text: str) -> None:
    tree = by_name(window.views["Archive"], "Forums, rounds and meetings", QTreeView)
    model = tree.model()
    hits = model.match(model.index(0, 0), Qt.ItemDataRole.DisplayRole, text, 1,
                       Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert hits, text
    tree.setCurrentIndex(hits[0])


def reports(window: MainWindow) -> list[str]:
    listed = by_name(window.views["Reports"], "Reports you can make", QListWidget)
    return [listed.item(i).text() for i in range(listed.count())]


def combo_items(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def search_results(window: MainWindow) -> list[str]:
    table = by_name(window.views["Archive"], "Search results", QTableView)
    model = table.model()
    return [str(model.index(r, 1, QModelIndex()).data()) for r in range(model.rowCount())]


# -- the tests -----------------------------------------------------------------------

def test_a_forum_made_in_the_audit_view_reaches_every_view(qtbot, window) -> None:
    assert tree_rows(window) == {}
    add_forum(qtbot, window)
    qtbot.waitUntil(lambda: FORUM in tree_rows(window))
    agenda_forums = by_name(window.views["Agenda"], "Forum", QComboBox)
    qtbot.waitUntil(lambda: FORUM in combo_items(agenda_forums))
    qtbot.waitUntil(lambda: reports(window) == [f"Trend report: {FORUM} (no audit rounds yet)",
                                                f"Running the audit in a room: {FORUM}"])
    assert combo_items(by_name(window.views["Audit"], "Forum", QComboBox)) == [FORUM]


def test_a_new_round_reaches_the_archive_tree_and_the_reports_list(qtbot, window) -> None:
    add_forum(qtbot, window)
    add_round(qtbot, window)
    qtbot.waitUntil(lambda: tree_rows(window).get(FORUM) == [f"{ROUND}: 0 responses"])
    # the forum is still the one chosen in the Archive view: its trend report can be made now
    qtbot.waitUntil(lambda: reports(window) == [f"Trend report: {FORUM}",
                                                f"Running the audit in a room: {FORUM}"])
    select_in_tree(window, ROUND)
    qtbot.waitUntil(lambda: f"Audit report: {ROUND} (no responses yet)" in reports(window))
    assert "Draft" in by_name(window.views["Audit"], "Round status", QLabel).text()


def test_participant_submissions_update_the_response_count_in_the_archive_view(
        qtbot, window) -> None:
    add_forum(qtbot, window)
    add_round(qtbot, window)
    open_round_with_a_pin(qtbot, window)

    def counted(n: int) -> None:  # while participant mode still covers the screen
        words = "1 response" if n == 1 else f"{n} responses"  # counts read as English
        qtbot.waitUntil(lambda: tree_rows(window)[FORUM] == [f"{ROUND}: {words}"])

    participants(qtbot, window, [6, 7, 8], after=counted)
    view = window.views["Audit"]
    assert by_name(view, "Responses so far", QLabel).text() == "3 responses"
    # the round is still open: only the count, never the figures
    assert by_name(view, "Overall result", QLabel).text() == f"{ROUND}: 3 responses"
    assert "still open" in by_name(view, "Results summary", QLabel).text()


def test_closing_a_round_lists_its_audit_report(qtbot, window) -> None:
    add_forum(qtbot, window)
    add_round(qtbot, window)
    open_round_with_a_pin(qtbot, window)
    participants(qtbot, window, [5, 9, 7])
    select_in_tree(window, ROUND)
    details = by_name(window.views["Archive"], "Details of the selected record", QLabel)
    qtbot.waitUntil(lambda: "Status: open" in details.text())
    click(qtbot, window.views["Audit"], "Close round")
    click(qtbot, window.views["Audit"].last_message, "Yes, close it")  # it asks first
    qtbot.waitUntil(lambda: "Status: closed" in details.text())
    qtbot.waitUntil(lambda: f"Audit report: {ROUND}" in reports(window))
    listed = by_name(window.views["Reports"], "Reports you can make", QListWidget)
    assert listed.currentItem().text() == f"Audit report: {ROUND}"  # and it can be made


def test_a_redaction_leaves_no_old_text_in_the_search_results(qtbot, window) -> None:
    add_forum(qtbot, window)
    add_round(qtbot, window)
    open_round_with_a_pin(qtbot, window)
    participants(qtbot, window, [5, 6, 7], comment="Ask Pat Smith about the rotas")
    view = audit_tab(qtbot, window, "Screen comments")
    click(qtbot, view, "Close round")  # the comments of a closed round, once screened,
    click(qtbot, view.last_message, "Yes, close it")
    assert view.tabs.currentWidget() is view.results  # closing shows the results
    view = audit_tab(qtbot, window, "Screen comments")
    click(qtbot, view, "Comments screened")  # can be searched

    window.show_view("Archive")
    search = by_name(window.views["Archive"], "Search the archive", QLineEdit)
    qtbot.keyClicks(search, "Pat Smith")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    # the hit shows the words found in brackets: "Ask [Pat] [Smith] about the rotas"
    qtbot.waitUntil(lambda: any("Smith" in hit for hit in search_results(window)))

    view = audit_tab(qtbot, window, "Screen comments")
    comments = by_name(view, "Comments to screen", QListWidget)
    comments.setCurrentRow(0)
    type_into(qtbot, view, "Edited comment", "Ask [name] about the rotas")
    click(qtbot, view, "Replace with the edited text")
    qtbot.waitUntil(lambda: not any("Smith" in hit for hit in search_results(window)))
    heading = by_name(window.views["Archive"], "Search summary", QLabel)
    assert heading.text().startswith('0 hits for "Pat Smith"')  # the search ran again
    assert "redactions so far: 1" in by_name(view, "Redactions so far", QLabel).text()


def test_a_write_elsewhere_keeps_what_the_facilitator_was_typing(qtbot, window) -> None:
    """The Audit view re-reads on every change it shows, but keeps its place: the
    forum and round chosen, a paper form half typed in, an unsaved question edit."""
    add_forum(qtbot, window)
    add_round(qtbot, window)
    open_round_with_a_pin(qtbot, window)
    view = audit_tab(qtbot, window, "Paper forms")
    type_into(qtbot, view, "Paper score for question 1", "7")
    view = audit_tab(qtbot, window, "Question sets")
    type_into(qtbot, view, "Question text", "Do we keep our promises?")
    click(qtbot, view, "Add question")
    questions = by_name(view, "Questions in the set", QListWidget)
    assert questions.count() == 11

    from spf_desktop.store import repo  # another view's write, through the same archive

    repo.create_forum(window.archive.db, "Another SPF")
    install_another_question_set(window.archive.db)  # a second set: the editor's list grows
    forums = by_name(view, "Forum", QComboBox)
    qtbot.waitUntil(lambda: combo_items(forums) == ["Another SPF", FORUM])
    qtbot.waitUntil(lambda: by_name(view, "Question set to edit", QComboBox).count() == 2)
    assert forums.currentText() == FORUM
    assert by_name(view, "Audit round", QComboBox).currentText() == f"{ROUND} (2024-03-01)"
    assert by_name(view, "Paper score for question 1", QLineEdit).text() == "7"
    assert questions.count() == 11  # the unsaved draft is still there
