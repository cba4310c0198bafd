"""The Archive view driven as a person would: by accessible name, with qtbot."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from archive_helpers import (
    digest,
    forms_rows,
    question_texts,
    round_by_label,
    write_workbook,
    write_xlsx,
)
from gui_helpers import by_name
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QTreeView,
)

from spf_desktop.gui.archive.menu_actions import open_read_only
from spf_desktop.gui.archive.models import RowsModel
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive, repo
from spf_desktop.store.backups import make_backup


def make_window(qtbot, path: Path, home: Path, *, read_only: bool = False) -> MainWindow:
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Archive.open(path, read_only=read_only, backup=False), settings)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    return window


def rows(table: QTableView) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_the_timeline_shows_rounds_and_meetings_with_the_average_trend(qtbot, demo_path, home) -> None:
    window = make_window(qtbot, demo_path, home)
    table = by_name(window, "Timeline of rounds and meetings", QTableView)
    shown = rows(table)
    assert ["2017-01-19", "Audit round", "Baseline", "6.02", "", "20 responses"] in shown
    assert [r[2] for r in shown if r[1] == "Audit round"] == ["Baseline", "Review", "2019 audit"]
    assert "6.02 in Baseline to 8.61 in 2019 audit (+2.59)" in by_name(
        window, "Timeline summary", QLabel).text()
    chart = by_name(window, "Overall average trend")
    assert "Baseline (2017-01-19): 6.02" in chart.accessibleDescription()
    # Double-clicking a timeline entry opens it
    table.doubleClicked.emit(table.model().index(1, 0))
    assert "Audit round: Baseline" in by_name(window, "Details of the selected record", QLabel).text()
    window.close()


def test_search_hits_say_where_they_are_and_open_the_record(qtbot, demo_path, home) -> None:
    window = make_window(qtbot, demo_path, home)
    box = by_name(window, "Search the archive", QLineEdit)
    qtbot.keyClicks(box, "cabaret")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    results = by_name(window, "Search results", QTableView)
    assert by_name(window, "Archive pages", QTabWidget).currentIndex() == 2
    hits = rows(results)
    assert hits and all("[" in h[1] for h in hits)
    first = next(i for i, h in enumerate(hits) if "Self-managed workshop meeting" in h[0])
    results.setCurrentIndex(results.model().index(first, 0))
    results.setFocus()
    qtbot.keyClick(results, Qt.Key.Key_Return)
    details = by_name(window, "Details of the selected record", QLabel)
    assert "Meeting: Self-managed workshop meeting" in details.text()
    tree = by_name(window, "Forums, rounds and meetings", QTreeView)
    assert tree.currentIndex().data() == "Self-managed workshop meeting"
    window.close()


def test_open_actions_across_meetings_can_be_marked_done(qtbot, demo_path, home) -> None:
    window = make_window(qtbot, demo_path, home)
    window.views["Archive"].today = lambda: date(2019, 1, 1)
    window.views["Archive"].refresh()
    table = by_name(window, "Open actions across meetings", QTableView)
    assert [r[3] for r in rows(table)] == ["Self-managed workshop meeting",
                                          "Annual audit and review 2019"]
    assert rows(table)[0][0] == "2018-11-30 (overdue)"
    assert rows(table)[1][0] == "2019-02-28"
    table.selectRow(0)
    qtbot.mouseClick(by_name(window, "Mark action done", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [r[3] for r in rows(table)] == ["Annual audit and review 2019"])
    status = window.archive.db.execute(
        "SELECT status FROM actions WHERE text LIKE 'Draft the early-warning%'").fetchone()[0]
    assert status == "done"
    window.close()


def read_the_file(qtbot, dialog) -> None:
    """Click Read the file; reading runs in the background: wait until it has finished."""
    qtbot.mouseClick(by_name(dialog, "Read the file", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not by_name(dialog, "Cancel reading", QPushButton).isVisible(),
                    timeout=20_000)


def wait_for_import(qtbot, dialog) -> None:
    """The import runs in the background: wait until the dialog is no longer busy."""
    qtbot.waitUntil(lambda: by_name(dialog, "Import responses now", QPushButton).isEnabled()
                    or by_name(dialog, "Close", QPushButton).isEnabled(), timeout=20_000)
    assert not by_name(dialog, "Import progress").isVisible()


def test_a_large_import_runs_in_the_background_and_the_window_stays_responsive(
        qtbot, demo_path, home, tmp_path) -> None:
    import csv

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressBar

    window = make_window(qtbot, demo_path, home)
    db = window.archive.db
    base = round_by_label(db, "Baseline")
    texts = question_texts(db, base["id"])
    file = tmp_path / "big.csv"
    with file.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["ID", "Email", *texts])
        writer.writerows([n, f"p{n}@example.nhs.uk", *[(n + q) % 11 for q in range(len(texts))]]
                         for n in range(1, 5_001))
    view = window.views["Archive"]
    dialog = view.open_import()
    box = by_name(dialog, "Round to import into", QComboBox)
    box.setCurrentIndex(box.findData(base["id"]))
    by_name(dialog, "Spreadsheet file", QLineEdit).setText(str(file))
    read_the_file(qtbot, dialog)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: ticks.append(1))
    ticks_when_done: list[int] = []
    dialog.imported.connect(lambda _round: ticks_when_done.append(len(ticks)))
    timer.start()
    message = by_name(dialog, "Import message", QLabel)
    qtbot.mouseClick(by_name(dialog, "Import responses now", QPushButton), Qt.MouseButton.LeftButton)
    # busy: said in words, with a progress bar, and nothing else can write meanwhile
    qtbot.waitUntil(lambda: "Importing 5,000 rows" in message.text())
    assert by_name(dialog, "Import progress", QProgressBar).isVisible()
    assert not by_name(dialog, "Close", QPushButton).isEnabled()
    assert not by_name(dialog, "Read the file", QPushButton).isEnabled()
    assert not view.tasks["Purge old responses"].isEnabled()
    assert not window.archive_actions["Import merge file…"].isEnabled()
    qtbot.waitUntil(lambda: "Imported 5,000 responses" in message.text(), timeout=30_000)
    timer.stop()
    assert ticks_when_done and ticks_when_done[0] > 0  # the event loop ran during the import
    assert repo.response_count(db, base["id"]) == 20 + 5_000
    assert by_name(dialog, "Close", QPushButton).isEnabled()
    assert view.tasks["Purge old responses"].isEnabled()
    assert window.archive_actions["Import merge file…"].isEnabled()
    assert view.tree.currentIndex().data() == "Baseline"  # the view shows the round again
    window.close()


def test_import_responses_with_the_mapping_step_and_preview(qtbot, demo_path, home, tmp_path) -> None:
    window = make_window(qtbot, demo_path, home)
    db = window.archive.db
    texts = question_texts(db, round_by_label(db, "Baseline")["id"])
    table_rows = forms_rows(texts, [[n % 11] * 10 for n in range(6)],
                            sides=["Staff side"] * 3 + ["Management side"] * 3)
    table_rows[0][5 + 4] = "Openness"  # question 5 under a heading of the forum's own
    file = write_xlsx(tmp_path / "Forms export.xlsx", table_rows)
    view = window.views["Archive"]
    view.tasks["Import responses"].trigger()
    dialog = view.dialog
    by_name(dialog, "Into a new round").click()
    qtbot.keyClicks(by_name(dialog, "New round label", QLineEdit), "Forms 2016")
    by_name(dialog, "Spreadsheet file", QLineEdit).setText(str(file))
    read_the_file(qtbot, dialog)
    q5 = by_name(dialog, "Column for question 5", QComboBox)
    assert q5.currentText().startswith("(not in this file")
    assert "No column chosen for question 5" in by_name(dialog, "Import message", QLabel).text()
    assert by_name(dialog, "Side column", QComboBox).currentText().startswith("P:")
    q5.setCurrentIndex(q5.findText("J: Openness"))
    preview = by_name(dialog, "Preview of the first rows", QTableView)
    assert rows(preview)[1][:3] == ["3", "Staff side", "1"]
    assert rows(preview)[1][2 + 4] == "1"  # question 5 now read from column J
    qtbot.mouseClick(by_name(dialog, "Import responses now", QPushButton), Qt.MouseButton.LeftButton)
    wait_for_import(qtbot, dialog)
    assert "Imported 6 responses" in by_name(dialog, "Import message", QLabel).text()
    new_round = round_by_label(db, "Forms 2016")
    assert repo.response_count(db, new_round["id"]) == 6
    assert view.tree.currentIndex().data() == "Forms 2016"
    window.close()


def test_a_bad_file_is_shown_inline_and_nothing_is_imported(qtbot, demo_path, home, tmp_path) -> None:
    window = make_window(qtbot, demo_path, home)
    db = window.archive.db
    base = round_by_label(db, "Baseline")
    # plainly 0 to 10 (a 0 and a 10 in every column), with one word among the scores
    table_rows = forms_rows(question_texts(db, base["id"]), [[s] * 10 for s in (5, 0, 10, 5, 5)])
    table_rows[3][6] = "seven"
    file = write_xlsx(tmp_path / "bad.xlsx", table_rows)
    view = window.views["Archive"]
    dialog = view.open_import()
    box = by_name(dialog, "Round to import into", QComboBox)
    box.setCurrentIndex(box.findData(base["id"]))
    by_name(dialog, "Spreadsheet file", QLineEdit).setText(str(file))
    read_the_file(qtbot, dialog)
    assert 'row 4, column G' in by_name(dialog, "Import message", QLabel).text()
    qtbot.mouseClick(by_name(dialog, "Import responses now", QPushButton), Qt.MouseButton.LeftButton)
    wait_for_import(qtbot, dialog)
    message = by_name(dialog, "Import message", QLabel).text()
    assert "Nothing was imported" in message and 'bad.xlsx: row 4, column G' in message
    assert repo.response_count(db, base["id"]) == 20
    window.close()


def test_import_from_the_sheet_chosen_in_a_workbook_of_several(qtbot, demo_path, home,
                                                               tmp_path) -> None:
    window = make_window(qtbot, demo_path, home)
    db = window.archive.db
    base = round_by_label(db, "Baseline")
    texts = question_texts(db, base["id"])
    file = write_workbook(tmp_path / "Forum audit 2016.xlsx", {
        "Summary": [["Forum audit 2016"], ["Exported from Microsoft Forms on 3 May 2016"]],
        "Form1": forms_rows(texts, [[n % 11] * 10 for n in range(7)]),
    })
    view = window.views["Archive"]
    dialog = view.open_import()
    sheet_box = by_name(dialog, "Sheet to import", QComboBox)
    assert not sheet_box.isVisible()  # nothing to choose until a workbook of several is read
    by_name(dialog, "Into a new round").click()
    qtbot.keyClicks(by_name(dialog, "New round label", QLineEdit), "Forms 2016")
    by_name(dialog, "Spreadsheet file", QLineEdit).setText(str(file))
    read_the_file(qtbot, dialog)
    assert sheet_box.isVisible()
    assert [sheet_box.itemText(i) for i in range(sheet_box.count())] == ["Summary", "Form1"]
    # the responses are on the second sheet: it is read, and named in the choice
    assert sheet_box.currentText() == "Form1"
    assert by_name(dialog, "Column for question 1", QComboBox).currentText().startswith("F: ")
    # choosing the other sheet by keyboard reads it instead
    sheet_box.setFocus()
    qtbot.keyClick(sheet_box, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: not by_name(dialog, "Cancel reading", QPushButton).isVisible())
    assert sheet_box.currentText() == "Summary"
    assert by_name(dialog, "Column for question 1", QComboBox).currentText().startswith(
        "(not in this file")
    qtbot.keyClick(sheet_box, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: not by_name(dialog, "Cancel reading", QPushButton).isVisible())
    assert sheet_box.currentText() == "Form1"
    assert by_name(dialog, "Column for question 1", QComboBox).currentText().startswith("F: ")
    preview = by_name(dialog, "Preview of the first rows", QTableView)
    assert rows(preview)[2][:3] == ["4", "", "2"]
    qtbot.mouseClick(by_name(dialog, "Import responses now", QPushButton), Qt.MouseButton.LeftButton)
    wait_for_import(qtbot, dialog)
    message = by_name(dialog, "Import message", QLabel).text()
    assert 'Imported 7 responses' in message and 'sheet "Form1"' in message
    assert repo.response_count(db, round_by_label(db, "Forms 2016")["id"]) == 7
    # a CSV has no sheets: the choice goes away again
    csv_file = tmp_path / "one.csv"
    csv_file.write_text("a,b\n1,2\n", encoding="utf-8")
    by_name(dialog, "Spreadsheet file", QLineEdit).setText(str(csv_file))
    read_the_file(qtbot, dialog)
    assert not sheet_box.isVisible()
    window.close()


def test_import_maps_a_comment_column_by_hand(qtbot, demo_path, home, tmp_path) -> None:
    window = make_window(qtbot, demo_path, home)
    db = window.archive.db
    base = round_by_label(db, "Baseline")
    texts = question_texts(db, base["id"])
    # Scores from 0 to 10 that say so (a column of 6s alone could be 1 to 7: asked).
    table_rows = forms_rows(texts, [[s] * 10 for s in (6, 0, 9, 10)])
    table_rows[0] += [f"{texts[1]} - comment", "Anything to add on shared values?"]
    table_rows[2] += ["We try", "Values are on every agenda now"]
    for r in (1, 3, 4):
        table_rows[r] += [None, None]
    file = write_xlsx(tmp_path / "with comments.xlsx", table_rows)
    dialog = window.views["Archive"].open_import()
    box = by_name(dialog, "Round to import into", QComboBox)
    box.setCurrentIndex(box.findData(base["id"]))
    by_name(dialog, "Spreadsheet file", QLineEdit).setText(str(file))
    read_the_file(qtbot, dialog)
    # found by its heading, and shown so it can be changed
    assert by_name(dialog, "Comment column for question 2", QComboBox).currentText().startswith("P: ")
    q1 = by_name(dialog, "Comment column for question 1", QComboBox)
    assert q1.currentText() == "(no comments)"
    q1.setFocus()
    for _ in range(q1.findText("Q: Anything to add on shared values?")):
        qtbot.keyClick(q1, Qt.Key.Key_Down)
    assert q1.currentText() == "Q: Anything to add on shared values?"
    preview = by_name(dialog, "Preview of the first rows", QTableView)
    assert [r[-1] for r in rows(preview)] == ["", "Q1, Q2", "", ""]
    qtbot.mouseClick(by_name(dialog, "Import responses now", QPushButton), Qt.MouseButton.LeftButton)
    wait_for_import(qtbot, dialog)
    assert "Imported 4 responses" in by_name(dialog, "Import message", QLabel).text()
    stored = {c for (c,) in db.execute(
        """SELECT a.comment FROM answers a JOIN responses s ON s.key = a.response_key
           WHERE s.round_id = ? AND a.comment IS NOT NULL""", [base["id"]])}
    assert {"We try", "Values are on every agenda now"} <= stored
    window.close()


def test_export_a_merge_file_of_the_selected_forum(qtbot, demo_path, home, tmp_path) -> None:
    window = make_window(qtbot, demo_path, home)
    view = window.views["Archive"]
    view.tasks["Export"].trigger()
    dialog = view.dialog
    assert by_name(dialog, "What to export", QComboBox).currentText() == "Merge file of a whole forum"
    by_name(dialog, "Export file", QLineEdit).setText(str(tmp_path / "forum"))
    qtbot.mouseClick(by_name(dialog, "Export now", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Written to" in by_name(dialog, "Export message", QLabel).text())
    assert (tmp_path / "forum.spfmerge").exists()
    # and it merges into another archive from the view
    window.open_archive(tmp_path / "other.db", create=True)
    assert view.import_merge_file(tmp_path / "forum.spfmerge")
    qtbot.waitUntil(lambda: isinstance(view.dialog, QMessageBox))
    assert 'Merged forum "East Midlands SPF"' in view.dialog.text()
    assert view.summary.text() == "1 forum, 3 audit rounds, 5 meetings"
    window.close()


def test_retention_says_exactly_what_will_go_then_purges(qtbot, demo_path, home) -> None:
    window = make_window(qtbot, demo_path, home)
    view = window.views["Archive"]
    view.today = lambda: date(2025, 6, 1)
    dialog = view.open_purge()
    plan = by_name(dialog, "What will go", QLabel)
    years = by_name(dialog, "Years of responses to keep", QSpinBox)
    years.setValue(10)
    assert "No audit round is dated before 2015-06-01" in plan.text()
    assert not by_name(dialog, "Purge now", QPushButton).isEnabled()
    years.setValue(7)
    assert "- Baseline (East Midlands SPF, 2017-01-19): 20 responses, 200 answers, 8 comments" in plan.text()
    assert "- Review" in plan.text() and "2019 audit" not in plan.text()
    button = by_name(dialog, "Purge now", QPushButton)
    assert button.text() == "Permanently purge 2 rounds"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Purged 38 responses" in plan.text())
    assert ["2017-01-19", "Audit round", "Baseline", "6.02", "", "20 responses"] in rows(
        by_name(window, "Timeline of rounds and meetings", QTableView))
    window.close()


def test_backups_are_listed_with_dates_and_restore_keeps_a_copy(qtbot, demo_path, home) -> None:
    from datetime import datetime

    backup = make_backup(demo_path, now=lambda: datetime(2024, 3, 5, 14, 30, 0))
    window = make_window(qtbot, demo_path, home)
    repo.create_forum(window.archive.db, "Added after the backup")
    window.views["Archive"].refresh()
    assert window.views["Archive"].summary.text().startswith("2 forums")
    view = window.views["Archive"]
    dialog = view.open_backups()
    listing = by_name(dialog, "Automatic backups", QListWidget)
    assert listing.item(0).text().startswith("05 Mar 2024, 14:30:00")
    qtbot.mouseClick(by_name(dialog, "Restore the selected backup", QPushButton),
                     Qt.MouseButton.LeftButton)
    assert backup.name in by_name(dialog, "Restore confirmation", QLabel).text()
    qtbot.mouseClick(by_name(dialog, "Yes, restore it", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.archive is not None and not window.ops.busy)
    assert window.archive.path == demo_path
    assert view.summary.text().startswith("1 forum,")
    kept = [p for p in backup.parent.iterdir() if p.name.endswith("-before-restore.db")]
    assert len(kept) == 1
    window.close()


def test_read_only_open_is_shown_clearly_and_writes_nothing(qtbot, demo_path, home, tmp_path) -> None:
    other = tmp_path / "usb" / "their-forum.db"
    other.parent.mkdir()
    other.write_bytes(demo_path.read_bytes())
    before = digest(other)
    window = make_window(qtbot, demo_path, home)
    assert open_read_only(window, other)
    assert "(read-only)" in window.windowTitle()
    assert "(read-only)" in by_name(window, "Open archive file", QLabel).text()
    assert by_name(window, "Read-only notice", QLabel).isVisible()
    view = window.views["Archive"]
    assert not view.tasks["Import responses"].isEnabled()
    assert not view.tasks["Purge old responses"].isEnabled()
    assert view.tasks["Export"].isEnabled()
    assert not window.archive_actions["Import responses…"].isEnabled()
    assert window.archive_actions["Open read-only…"].isEnabled()
    qtbot.keyClicks(by_name(window, "Search the archive", QLineEdit), "trust")
    qtbot.keyClick(by_name(window, "Search the archive", QLineEdit), Qt.Key.Key_Return)
    assert rows(by_name(window, "Search results", QTableView))
    assert view.open_purge() is None and view.open_import() is None
    window.close()
    assert digest(other) == before
    assert sorted(p.name for p in other.parent.iterdir()) == ["their-forum.db"]


def test_the_archive_tables_are_sound_models(qtmodeltester, demo) -> None:
    from spf_desktop.store.archive_queries import open_actions, search, timeline

    forum = repo.forums(demo.db)[0]["id"]
    for headers, data in (
        (["Date", "Title"], [[e.date, e.title] for e in timeline(demo.db, forum)]),
        (["Where", "Text"], [[h.where, h.snippet] for h in search(demo.db, "trust")]),
        (["Action"], [[a.text] for a in open_actions(demo.db, date(2020, 1, 1))]),
    ):
        model = RowsModel(headers)
        model.set_rows(data, list(range(len(data))), [n % 2 == 0 for n in range(len(data))])
        qtmodeltester.check(model)
        assert model.rowCount() == len(data)


def test_every_archive_task_is_in_the_file_menu_too(qtbot, demo_path, home) -> None:
    window = make_window(qtbot, demo_path, home)
    titles = [a.text() for a in window.ui.menuFile.actions()]
    for wanted in ("Open read-only…", "Restore from a backup…", "Import responses…",
                   "Import merge file…", "Export…", "Purge old responses…"):
        assert wanted in titles
    window.archive_actions["Purge old responses…"].trigger()
    assert window.views["Archive"].dialog.accessibleName() == "Purge old responses"
    window.close()


def test_restoring_a_damaged_backup_is_refused_and_the_archive_stays_open(qtbot, demo_path, home,
                                                                          tmp_path) -> None:
    from spf_desktop.gui.archive.menu_actions import restore_into

    window = make_window(qtbot, demo_path, home)
    bad = tmp_path / "cut-off-backup.db"
    bad.write_bytes(demo_path.read_bytes()[:4096 * 3])
    outcome: list[bool] = []
    assert restore_into(window, bad, on_done=outcome.append)
    qtbot.waitUntil(lambda: outcome == [False])
    assert window.last_message.accessibleName() == "Restore failed"
    assert "damaged" in window.last_message.text()
    assert window.archive is not None and window.archive.path == demo_path
    assert window.views["Archive"].summary.text() == "1 forum, 3 audit rounds, 5 meetings"
    window.close()


def test_search_by_keyboard_alone(qtbot, demo_path, home) -> None:
    window = make_window(qtbot, demo_path, home)
    box = by_name(window, "Search the archive", QLineEdit)
    box.setFocus()
    qtbot.keyClicks(box, "huddle")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    for _ in range(20):  # Tab through to the hits, as a keyboard user would
        if window.focusWidget() is by_name(window, "Search results", QTableView):
            break
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    results = window.focusWidget()
    assert results.accessibleName() == "Search results"
    qtbot.keyClick(results, Qt.Key.Key_Down)
    qtbot.keyClick(results, Qt.Key.Key_Return)
    assert "Meeting: Self-managed workshop meeting" in by_name(
        window, "Details of the selected record", QLabel).text()
    # the meeting opens in the Agenda view, and the keyboard is on it there
    assert window.current_view == "Agenda"
    assert window.focusWidget().accessibleName() == "Meetings"
    assert window.focusWidget().currentItem().text().endswith("Self-managed workshop meeting")
    tree = by_name(window, "Forums, rounds and meetings", QTreeView)
    assert tree.currentIndex().data() == "Self-managed workshop meeting"  # the Archive keeps it
    window.close()
