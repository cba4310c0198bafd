"""The change hook, from where a user starts: a new, empty archive in the real
main window, every view built, no restart. Each write started from the Archive
view or the File menu (a responses import, a merge file, a purge, a restore,
marking an action done) shows at once in every other view that shows the record:
the Audit view's rounds and results, the Agenda lists, the Reports list, and the
Archive view's tree, timeline, open actions and search."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from archive_helpers import question_texts, write_csv
from gui_helpers import by_name
from PySide6.QtCore import QModelIndex, QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableView,
    QTreeView,
    QWidget,
)

from spf_desktop.domain.agenda import Meeting
from spf_desktop.domain.questions import load_question_set
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.paths import resource
from spf_desktop.store import Archive, repo
from spf_desktop.store import agenda as agenda_store
from spf_desktop.store import audit as audit_store


@pytest.fixture
def window(qtbot, tmp_path: Path, home: Path) -> MainWindow:
    """The main window on a new, empty archive, with every view built."""
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    made = MainWindow(Archive.open(tmp_path / "new.db", create=True), settings)
    qtbot.addWidget(made)
    made.resize(1200, 760)
    made.show()
    qtbot.waitExposed(made)
    for name in ("Audit", "Agenda", "Reports", "Archive"):  # each view built and shown once
        made.show_view(name)
    yield made
    made.ops.wait_for_done()
    made.close()


# -- making records as the Audit and Agenda views do ------------------------------

def start_forum(db, name: str) -> tuple[str, str]:
    """A forum with the standard question set: (forum id, question set id)."""
    forum_id = repo.create_forum(db, name)
    qs = load_question_set(resource("question_sets", "partnership_behaviours.json"))
    return forum_id, repo.install_question_set(db, qs, forum_id=forum_id)


def round_with_responses(db, forum_id: str, set_id: str, label: str, day: str, n: int, *,
                         comment: str = "") -> str:
    """A closed round of ``n`` responses, its comments screened."""
    round_id = audit_store.create_audit_round(db, forum_id, set_id, label, day)
    audit_store.open_round(db, round_id)
    first = repo.questions(db, set_id)[0]["id"]
    for i in range(n):
        repo.add_response(db, round_id, {first: repo.Answer(i % 11, comment if i == 0 else "")},
                          side="staff")
    audit_store.close_round(db, round_id)
    audit_store.mark_screened(db, round_id)
    return round_id


def meeting(db, forum_id: str, title: str, day: str) -> str:
    return agenda_store.create_meeting(db, forum_id, Meeting(title, date=day))


# -- reading what each view shows -------------------------------------------------

def rows(table: QTableView) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def tree_rows(window: MainWindow) -> list[list[str]]:
    """Every row of the Archive tree, as (name, date, contents)."""
    tree = by_name(window, "Forums, rounds and meetings", QTreeView)
    model = tree.model()
    found: list[list[str]] = []

    def walk(parent: QModelIndex) -> None:
        for r in range(model.rowCount(parent)):
            found.append([model.index(r, c, parent).data() or "" for c in range(3)])
            walk(model.index(r, 0, parent))

    walk(QModelIndex())
    return found


def combo_texts(root: QWidget, name: str) -> list[str]:
    box = by_name(root, name, QComboBox)
    return [box.itemText(i) for i in range(box.count())]


def list_texts(root: QWidget, name: str) -> list[str]:
    box = by_name(root, name, QListWidget)
    return [box.item(i).text() for i in range(box.count())]


def search(qtbot, window: MainWindow, text: str) -> QTableView:
    box = by_name(window, "Search the archive", QLineEdit)
    box.setText(text)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    return by_name(window, "Search results", QTableView)


def select_in_archive(window: MainWindow, kind: str, record_id: str) -> None:
    """Select a record in the Archive tree as a click does (the Reports view follows)."""
    view = window.views["Archive"]
    index = view._find(record_id)
    assert index.isValid(), (kind, record_id)
    by_name(window, "Forums, rounds and meetings", QTreeView).setCurrentIndex(index)


def reports(window: MainWindow) -> list[str]:
    return list_texts(window.views["Reports"], "Reports you can make")


# -- the write actions --------------------------------------------------------------

def test_a_responses_import_shows_everywhere_at_once(qtbot, window, tmp_path) -> None:
    db = window.archive.db
    forum_id, set_id = start_forum(db, "Trent SPF")
    round_id = audit_store.create_audit_round(db, forum_id, set_id, "Spring audit", "2026-03-02")
    audit = window.views["Audit"]
    qtbot.waitUntil(lambda: "Spring audit (2026-03-02)" in combo_texts(audit, "Audit round"))
    select_in_archive(window, "round", round_id)
    qtbot.waitUntil(lambda: "Audit report: Spring audit (no responses yet)" in reports(window))
    assert by_name(audit, "Responses so far", QLabel).text() == "0 responses"

    texts = question_texts(db, round_id)
    # Every column holds a 0 or a score of 8 or more: plainly 0 to 10, so nothing is asked.
    file = write_csv(tmp_path / "responses.csv",
                     [["ID", *texts]] + [[n, *[(2 * n + q) % 11 for q in range(len(texts))]]
                                         for n in range(1, 7)])
    dialog = window.views["Archive"].open_import()
    box = by_name(dialog, "Round to import into", QComboBox)
    box.setCurrentIndex(box.findData(round_id))
    by_name(dialog, "Spreadsheet file", QLineEdit).setText(str(file))
    qtbot.mouseClick(by_name(dialog, "Read the file", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: by_name(dialog, "Import responses now", QPushButton).isEnabled())
    qtbot.mouseClick(by_name(dialog, "Import responses now", QPushButton),
                     Qt.MouseButton.LeftButton)

    # Audit view: the count and the results
    qtbot.waitUntil(lambda: by_name(audit, "Responses so far", QLabel).text() == "6 responses",
                    timeout=20_000)
    assert rows(by_name(audit, "Results per question", QTableView))
    # Archive view: the tree and the timeline
    assert ["Spring audit", "2026-03-02", "6 responses"] in tree_rows(window)
    timeline = rows(by_name(window, "Timeline of rounds and meetings", QTableView))
    assert [r[2] for r in timeline if r[5].startswith("6 responses")] == ["Spring audit"]
    # Reports view: the audit report can be made now
    assert "Audit report: Spring audit" in reports(window)


def test_a_merge_file_shows_everywhere_at_once(qtbot, window, tmp_path) -> None:
    from spf_desktop.io import merge

    with Archive.open(tmp_path / "laptop.db", create=True) as laptop:
        forum_id, set_id = start_forum(laptop.db, "Derby SPF")
        round_with_responses(laptop.db, forum_id, set_id, "Autumn audit", "2025-10-01", 6)
        meeting_id = meeting(laptop.db, forum_id, "Autumn forum", "2025-10-08")
        agenda_store.add_capture(laptop.db, meeting_id, "actions", "Book the venue",
                                 owner="Sam", due_date="2030-01-31")
        merge.export(laptop.db, "forum", forum_id, tmp_path / "derby.spfmerge")
    assert rows(search(qtbot, window, "Autumn")) == []

    assert window.views["Archive"].import_merge_file(tmp_path / "derby.spfmerge")

    # Archive view: tree, timeline, open actions and the search already typed
    qtbot.waitUntil(lambda: ["Derby SPF", "", ""] in tree_rows(window), timeout=20_000)
    assert ["Autumn forum", "2025-10-08", "0 sections"] in tree_rows(window)
    assert [r[2] for r in rows(by_name(window, "Timeline of rounds and meetings", QTableView))] \
        == ["Autumn audit", "Autumn forum"]
    assert [r[1] for r in rows(by_name(window, "Open actions across meetings", QTableView))] \
        == ["Book the venue"]
    assert any("Autumn forum" in hit[0] for hit in rows(by_name(window, "Search results",
                                                                  QTableView)))
    # Audit view: the forum and its round
    audit = window.views["Audit"]
    assert combo_texts(audit, "Forum") == ["Derby SPF"]
    assert combo_texts(audit, "Audit round") == ["Autumn audit (2025-10-01)"]
    assert by_name(audit, "Responses so far", QLabel).text() == "6 responses"
    # Agenda view: the forum and its meeting
    agenda = window.views["Agenda"]
    assert combo_texts(agenda, "Forum") == ["Derby SPF"]
    assert list_texts(agenda, "Meetings") == ["2025-10-08  Autumn forum"]
    # Reports view: the new forum is selected, so its trend report is offered
    qtbot.waitUntil(lambda: "Trend report: Derby SPF" in reports(window))


def test_a_purge_shows_everywhere_at_once(qtbot, window) -> None:
    db = window.archive.db
    forum_id, set_id = start_forum(db, "Trent SPF")
    round_id = round_with_responses(db, forum_id, set_id, "Old audit", "2010-05-04", 6,
                                    comment="The huddles really work")
    audit = window.views["Audit"]
    comments = by_name(audit, "Comments", QListWidget)
    qtbot.waitUntil(lambda: comments.count() == 1)
    assert rows(search(qtbot, window, "huddles"))
    select_in_archive(window, "round", round_id)
    details = by_name(window, "Details of the selected record", QLabel)
    assert "purged" not in details.text()
    view = window.views["Archive"]
    view.today = lambda: date(2026, 1, 1)

    window.archive_actions["Purge old responses…"].trigger()
    dialog = view.dialog
    by_name(dialog, "Years of responses to keep", QSpinBox).setValue(7)
    qtbot.mouseClick(by_name(dialog, "Purge now", QPushButton), Qt.MouseButton.LeftButton)

    # Archive view: the details say so, and the comment is no longer found
    qtbot.waitUntil(lambda: "Individual answers purged" in details.text(), timeout=20_000)
    assert rows(by_name(window, "Search results", QTableView)) == []
    # Audit view: the figures stay, the comments are gone
    assert by_name(audit, "Responses so far", QLabel).text() == "6 responses"
    assert comments.count() == 0
    assert rows(by_name(audit, "Results per question", QTableView))
    # Reports view: the round's report is still offered, from the kept figures
    assert "Audit report: Old audit" in reports(window)


def test_a_restore_shows_everywhere_at_once(qtbot, window) -> None:
    from spf_desktop.store.backups import make_backup

    db = window.archive.db
    forum_id, set_id = start_forum(db, "Trent SPF")
    round_with_responses(db, forum_id, set_id, "Spring audit", "2026-03-02", 6)
    make_backup(window.archive.path, now=lambda: datetime(2026, 3, 3, 9, 0, 0))
    later_id, _ = start_forum(db, "Added after the backup")
    meeting(db, later_id, "Summer forum", "2026-06-01")
    audit, agenda = window.views["Audit"], window.views["Agenda"]
    qtbot.waitUntil(lambda: "Added after the backup" in combo_texts(audit, "Forum"))
    assert "Added after the backup" in combo_texts(agenda, "Forum")

    window.archive_actions["Restore from a backup…"].trigger()
    dialog = window.views["Archive"].dialog
    qtbot.mouseClick(by_name(dialog, "Restore the selected backup", QPushButton),
                     Qt.MouseButton.LeftButton)
    qtbot.mouseClick(by_name(dialog, "Yes, restore it", QPushButton), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.archive is not None and not window.ops.busy, timeout=20_000)
    summary = by_name(window, "Archive summary", QLabel)
    assert summary.text() == "1 forum, 1 audit round, 0 meetings"
    assert "Summer forum" not in [r[0] for r in tree_rows(window)]
    assert combo_texts(audit, "Forum") == ["Trent SPF"]
    assert by_name(audit, "Responses so far", QLabel).text() == "6 responses"
    assert combo_texts(agenda, "Forum") == ["Trent SPF"]
    assert list_texts(agenda, "Meetings") == []
    qtbot.waitUntil(lambda: "Trend report: Trent SPF" in reports(window))


def action_in_two_meetings(qtbot, window: MainWindow) -> tuple[str, QListWidget]:
    """An open action from a spring meeting; the Agenda view has the summer meeting
    open, so it lists the action as carried from the earlier one."""
    db = window.archive.db
    forum_id, _ = start_forum(db, "Trent SPF")
    spring = meeting(db, forum_id, "Spring forum", "2026-03-02")
    agenda_store.add_capture(db, spring, "actions", "Book the venue", owner="Sam",
                             due_date="2030-01-31")
    meeting(db, forum_id, "Summer forum", "2026-06-01")
    agenda = window.views["Agenda"]
    meetings = by_name(agenda, "Meetings", QListWidget)
    qtbot.waitUntil(lambda: meetings.count() == 2)
    meetings.setCurrentRow([meetings.item(i).text() for i in range(2)].index(
        "2026-06-01  Summer forum"))
    carried = by_name(agenda, "Open actions from earlier meetings", QListWidget)
    qtbot.waitUntil(lambda: carried.count() == 1)
    window.show_view("Archive")
    return spring, carried


def mark_the_action_done(qtbot, window: MainWindow) -> QTableView:
    actions = by_name(window, "Open actions across meetings", QTableView)
    qtbot.waitUntil(lambda: [r[1] for r in rows(actions)] == ["Book the venue"])
    actions.selectRow(0)
    qtbot.mouseClick(by_name(window, "Mark action done", QPushButton), Qt.MouseButton.LeftButton)
    return actions


def test_marking_an_action_done_shows_everywhere_at_once(qtbot, window) -> None:
    spring, carried = action_in_two_meetings(qtbot, window)
    timeline = by_name(window, "Timeline of rounds and meetings", QTableView)
    assert ["Spring forum", "0 agenda items, 0 decisions, 1 open action"] in [
        [r[2], r[5]] for r in rows(timeline)]

    actions = mark_the_action_done(qtbot, window)

    # Archive view: open actions, timeline and the meeting's details
    qtbot.waitUntil(lambda: rows(actions) == [])
    assert ["Spring forum", "0 agenda items, 0 decisions, 0 open actions"] in [
        [r[2], r[5]] for r in rows(timeline)]
    select_in_archive(window, "meeting", spring)
    assert "Book the venue (Sam, due 2030-01-31, done)" in by_name(
        window, "Details of the selected record", QLabel).text()
    # Agenda view: the action is no longer carried into the later meeting
    assert carried.count() == 0
