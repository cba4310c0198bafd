"""What a facilitator sees on a small screen: nothing cut short that matters, a hint on empty panes.

The windows are sized as an NHS laptop (1366x768) or an old projector (1024x768) would show them.
"""

from __future__ import annotations

from pathlib import Path

from gui_helpers import by_name
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QPushButton, QTreeView

from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive


def make_window(qtbot, path: Path, home: Path, size: tuple[int, int]) -> MainWindow:
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Archive.open(path, backup=False), settings)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_round_and_meeting_names_are_readable_in_the_archive_tree_at_1024(qtbot, demo_path,
                                                                          home) -> None:
    window = make_window(qtbot, demo_path, home, (1024, 768))
    tree = by_name(window, "Forums, rounds and meetings", QTreeView)
    tree.expandAll()
    qtbot.waitUntil(lambda: tree.columnWidth(0) > 0)
    model = tree.model()
    rounds = model.index(0, 0, model.index(0, 0))
    names = [model.index(r, 0, rounds) for r in range(model.rowCount(rounds))]
    assert [i.data() for i in names] == ["Baseline", "Review", "2019 audit"]
    for index in names:  # each round's whole name fits its column, not "B…"
        needed = tree.fontMetrics().horizontalAdvance(index.data())
        assert tree.visualRect(index).width() >= needed
    # the counts keep their room too, and a long meeting title is there in full on hover
    counts = model.index(0, 2, rounds)
    assert tree.visualRect(counts).width() >= tree.fontMetrics().horizontalAdvance(counts.data())
    meetings = model.index(1, 0, model.index(0, 0))
    titles = [model.index(r, 0, meetings) for r in range(model.rowCount(meetings))]
    assert all(i.data(Qt.ItemDataRole.ToolTipRole) == i.data() for i in titles)


def test_the_review_screen_shows_every_score_on_a_1024_screen(qtbot, demo) -> None:
    from spf_desktop.gui.audit.kiosk import KioskWindow
    from spf_desktop.store import audit, repo

    db = demo.db
    forum = repo.forums(db)[0]["id"]
    round_id = audit.create_audit_round(db, forum, repo.rounds(db, forum)[-1]["question_set_id"],
                                        "2020 audit", "2020-01-23")
    audit.open_round(db, round_id)
    kiosk = KioskWindow(db, round_id, tick_ms=60_000)
    qtbot.addWidget(kiosk)
    kiosk.resize(1024, 768)
    kiosk.show()
    qtbot.waitExposed(kiosk)
    by_name(kiosk, "Start", QPushButton).click()
    for _ in range(10):
        by_name(kiosk, "Score 8 out of 10", QPushButton).click()
        [forward] = [b for b in kiosk.findChildren(QPushButton)
                     if b.text() == "Next" and b.isVisible()]
        forward.click()
    [forward] = [b for b in kiosk.findChildren(QPushButton) if b.text() == "Next" and b.isVisible()]
    forward.click()  # past the side question
    answers = by_name(kiosk, "Your answers", QListWidget)
    qtbot.waitUntil(answers.isVisible)
    long_one = answers.item(8)
    assert long_one.text().startswith("9. Is everyone involved") and "8 out of 10" in long_one.text()
    assert answers.horizontalScrollBar().maximum() == 0  # nothing hidden off the right edge
    line = answers.fontMetrics().height()
    rect = answers.visualItemRect(long_one)
    assert rect.right() <= answers.viewport().width()
    assert rect.height() >= 2 * line  # wrapped onto a second line, score included
    kiosk.unlock()


def test_the_import_dialog_fits_the_screen_and_export_says_what_each_file_is_for(
        qtbot, demo_path, home) -> None:
    window = make_window(qtbot, demo_path, home, (1024, 768))
    view = window.views["Archive"]
    dialog = view.open_import()
    qtbot.waitExposed(dialog)
    room = dialog.screen().availableGeometry()
    assert dialog.height() <= room.height() and dialog.width() <= room.width()
    assert by_name(dialog, "Import responses now", QPushButton).isVisible()
    dialog.close()

    export = view.open_export()
    qtbot.waitExposed(export)
    kind = by_name(export, "What to export", QComboBox)
    about = by_name(export, "About this export", QLabel)
    kind.setCurrentIndex(kind.findData("merge-round"))
    assert "Import merge file" in about.text()
    kind.setCurrentIndex(kind.findData("answers"))
    assert "no names" in about.text()
    close = by_name(export, "Close", QPushButton)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not export.isVisible()


def audit_on(qtbot, window: MainWindow, label: str):
    """The Audit view with one round chosen, as a facilitator picks it."""
    window.show_view("Audit")
    view = window.views["Audit"]
    rounds = by_name(view, "Audit round", QComboBox)
    index = next(i for i in range(rounds.count()) if rounds.itemText(i).startswith(label))
    rounds.setCurrentIndex(index)
    return view


def test_the_benchmark_reads_as_the_chart_legend_does(qtbot, demo_path, home) -> None:
    window = make_window(qtbot, demo_path, home, (1366, 768))
    view = audit_on(qtbot, window, "2019 audit")
    summary = by_name(view, "Results summary", QLabel).text()
    assert "Benchmark: Other regional SPFs, about 7.5 (7.50)" in summary
    assert "about 7.5, 7.50" not in summary


def test_a_round_without_enough_responses_says_why_the_chart_is_blank(qtbot, demo_path,
                                                                      home) -> None:
    from spf_desktop.store import audit, repo

    window = make_window(qtbot, demo_path, home, (1366, 768))
    db = window.archive.db
    forum = repo.forums(db)[0]["id"]
    audit.create_audit_round(db, forum, repo.rounds(db, forum)[-1]["question_set_id"],
                             "2020 audit", "2020-01-23")
    window.show_view("Audit")
    view = window.views["Audit"]
    view._refresh_forums()
    view = audit_on(qtbot, window, "2020 audit")
    chart = by_name(view, "Results chart")
    assert "once the round has enough responses" in chart.accessibleDescription()


def test_the_paper_form_keeps_its_headings_beside_the_questions(qtbot, demo_path, home) -> None:
    window = make_window(qtbot, demo_path, home, (1024, 768))
    view = audit_on(qtbot, window, "2019 audit")
    view.show_tab(view.paper)
    [heading] = [w for w in view.paper.findChildren(QLabel) if w.text() == "<b>Question</b>"]
    first = by_name(view, "Paper score for question 1", QLineEdit)
    qtbot.waitUntil(first.isVisible)
    # the headings take a line, so the first question sits just under them
    assert heading.height() < 3 * first.height()


def test_empty_edit_boxes_say_what_to_type(qtbot, demo_path, home) -> None:
    window = make_window(qtbot, demo_path, home, (1366, 768))
    view = audit_on(qtbot, window, "2019 audit")
    assert "edit out a name" in by_name(view, "Edited comment", QLineEdit).placeholderText()
    assert "reword" in by_name(view, "Question text", QLineEdit).placeholderText()
    assert "Name for a copy" in by_name(view, "Name for the copy", QLineEdit).placeholderText()


def test_the_reports_view_says_which_choice_its_list_is_for(qtbot, demo_path, home) -> None:
    window = make_window(qtbot, demo_path, home, (1366, 768))
    tree = by_name(window, "Forums, rounds and meetings", QTreeView)
    model = tree.model()
    tree.setCurrentIndex(model.index(0, 0))  # the forum
    window.show_view("Reports")
    reports = window.views["Reports"]
    context = by_name(reports, "What the reports are for", QLabel)
    qtbot.waitUntil(lambda: reports.choices() == ["Trend report: East Midlands SPF",
                                               "Running the audit in a room: East Midlands SPF"])
    assert "forum chosen in the Archive view" in context.text()
    assert "Choose an audit round or a meeting there" in context.text()
    rounds = model.index(0, 0, model.index(0, 0))
    tree.setCurrentIndex(model.index(2, 0, rounds))  # 2019 audit
    assert "audit round chosen in the Archive view" in context.text()
    assert any(title.startswith("Audit report") for title in reports.choices())


def test_the_archive_search_box_hint_reads_in_full_at_1024(qtbot, demo_path,
                                                           home) -> None:
    window = make_window(qtbot, demo_path, home, (1024, 768))
    search = by_name(window, "Search the archive", QLineEdit)
    assert "Enter" in search.placeholderText()
    margins = search.textMargins().left() + search.textMargins().right() + 24  # frame, clear
    assert search.fontMetrics().horizontalAdvance(search.placeholderText()) + margins <= search.width()
    assert "comments" in search.toolTip()


def test_a_closed_round_says_so_before_anyone_types_a_paper_form(qtbot, demo_path, home) -> None:
    window = make_window(qtbot, demo_path, home, (1366, 768))
    view = audit_on(qtbot, window, "2019 audit")
    view.show_tab(view.paper)
    state = by_name(view, "Paper form round state", QLabel)
    save = by_name(view, "Save paper form", QPushButton)
    qtbot.waitUntil(state.isVisible)
    assert "closed: reopen it" in state.text()
    assert not save.isEnabled()
    qtbot.mouseClick(by_name(view, "Reopen round", QPushButton), Qt.MouseButton.LeftButton)
    assert save.isEnabled() and not state.isVisible()


def test_with_no_archive_open_the_window_says_how_to_get_one(qtbot, home, tmp_path) -> None:
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(None, settings)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show_opening(tmp_path / "forum.db")
    window.show()
    qtbot.waitExposed(window)
    page = by_name(window, "Archive view", QLabel)
    assert page.isVisible() and page.text() == "Opening forum.db…"
    window.set_archive(None)  # the archive could not be opened
    assert "File > New archive… starts one" in page.text()
    assert "File > Open archive…" in page.text()


def test_an_empty_archive_points_to_where_a_forum_is_started(qtbot, archive_path, home) -> None:
    window = make_window(qtbot, archive_path, home, (1024, 768))
    summary = by_name(window, "Archive summary", QLabel)
    assert summary.text().startswith("This archive is empty.")
    assert "Audit view (New round tab)" in summary.text()
    window.show_view("Audit")
    tabs = window.views["Audit"].tabs
    assert "New round" in [tabs.tabText(i) for i in range(tabs.count())]


def test_no_score_or_side_looks_chosen_before_the_participant_chooses(qtbot, demo) -> None:
    from spf_desktop.gui.audit.kiosk import KioskWindow
    from spf_desktop.store import audit, repo

    db = demo.db
    forum = repo.forums(db)[0]["id"]
    round_id = audit.create_audit_round(db, forum, repo.rounds(db, forum)[-1]["question_set_id"],
                                        "2020 audit", "2020-01-23")
    audit.open_round(db, round_id)
    kiosk = KioskWindow(db, round_id, tick_ms=60_000)
    qtbot.addWidget(kiosk)
    kiosk.show_kiosk()
    qtbot.waitExposed(kiosk)
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Return)  # Start
    scores = [by_name(kiosk, f"Score {n} out of 10", QPushButton) for n in range(11)]
    # the focus (drawn in yellow) is on no score, so none reads as already given
    assert kiosk.focusWidget() not in scores and not any(b.isChecked() for b in scores)
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_6)  # the keyboard still answers
    assert scores[6].isChecked() and kiosk.focusWidget() is scores[6]
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Return)
    assert kiosk.focusWidget() not in scores and not any(b.isChecked() for b in scores)  # Q2
    qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Tab)
    assert kiosk.focusWidget() is scores[0]  # Tab reaches the buttons
    for _ in range(9):  # questions 2 to 10
        qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_5)
        qtbot.keyClick(kiosk.focusWidget(), Qt.Key.Key_Return)
    sides = [by_name(kiosk, name, QPushButton)
             for name in ("Staff side", "Management side", "Prefer not to say")]
    qtbot.waitUntil(sides[0].isVisible)
    assert kiosk.focusWidget() not in sides and not any(b.isChecked() for b in sides)
    kiosk.unlock()


def test_every_figure_of_the_results_table_fits_a_1024_screen(qtbot, demo_path, home) -> None:
    from PySide6.QtWidgets import QTableView

    window = make_window(qtbot, demo_path, home, (1024, 768))
    view = audit_on(qtbot, window, "2019 audit")
    table = by_name(view, "Results per question", QTableView)
    qtbot.waitUntil(lambda: table.model().rowCount() == 10)
    model = table.model()
    header = table.horizontalHeader()
    assert model.headerData(8, Qt.Orientation.Horizontal) == "Management\nside"
    assert header.sectionViewportPosition(8) + header.sectionSize(8) <= table.viewport().width()
    for column in range(2, model.columnCount()):  # Answered .. Management side
        widest = max(table.fontMetrics().horizontalAdvance(model.index(r, column).data())
                     for r in range(model.rowCount()))
        assert table.columnWidth(column) >= widest
    question = model.index(0, 1)
    assert question.data(Qt.ItemDataRole.ToolTipRole) == "Do we work from shared values?"
