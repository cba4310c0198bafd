"""What a screen reader is given in the facilitator's views and dialogs, from an
empty archive: every focus stop named, every drop-down list linked to its visible
label, no label hiding its text, headings and charts that say what they are, Tab
in the screen's order, and every confirmation and error said aloud.

(The checks themselves are in ``a11y_walk``; tests/test_accessibility.py holds the
contrast, font-size and keyboard-only checks.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from a11y_walk import only_backwards, problems, tab_chain
from archive_helpers import forms_rows, write_csv
from audit_helpers import three_question_round
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QWidget,
)
from test_archive_gui import read_the_file

from spf_desktop.gui.a11y import announcer
from spf_desktop.gui.app import make_application, settings_for
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive, audit
from tests.gui_helpers import by_name

VIEWS = ("Archive", "Audit", "Reports")


@pytest.fixture
def window(qtbot, tmp_path: Path, home: Path) -> MainWindow:
    make_application()
    win = MainWindow(Archive.open(tmp_path / "empty.db", create=True), settings_for(home))
    qtbot.addWidget(win)
    win.resize(1200, 760)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def heard(qtbot, words: str, politeness: str):
    """Wait for ``words`` (within an announcement) to be said with ``politeness``."""
    return qtbot.waitSignal(announcer().spoken, timeout=3000,
                            check_params_cb=lambda text, how: words in text and how == politeness)


def answered_round(db, scores=((7, 8, 9), (5, 6, 7), (9, 9, 8)), *, close: bool = True) -> str:
    """An open three-question round with a paper form for each row of ``scores``."""
    round_id, questions = three_question_round(db)
    ids = [q["id"] for q in questions]
    for row in scores:
        audit.submit(db, round_id, audit.paper_form(dict(zip(ids, row, strict=True)),
                                                    {ids[0]: "More notice"}, "staff"))
    if close:
        audit.close_round(db, round_id)  # an open round's results are not shown
    return round_id


def show_audit(qtbot, win: MainWindow):
    """The Audit view, once its controls (made when it is first shown) show too."""
    win.show_view("Audit")
    view = win.views["Audit"]
    qtbot.waitUntil(lambda: view.isVisible() and view.tabs.isVisible()
                    and view.start_button.isVisible())
    return view


def walk_views(qtbot, win: MainWindow) -> list[str]:
    found: list[str] = []
    for view in VIEWS:
        win.show_view(view)
        page = win.views[view]
        qtbot.waitUntil(page.isVisible)
        qtbot.wait(0)  # a view finishes building just after it is first shown
        found += problems(win, f"{view} view")
        for tabs in page.findChildren(QTabWidget):
            if not tabs.isVisible():
                continue
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                qtbot.waitUntil(lambda t=tabs, i=index: t.widget(i).isVisible())
                found += problems(win, f"{view} view > {tabs.tabText(index)}")
    return found


def test_every_view_and_tab_names_what_it_shows_from_an_empty_archive(qtbot, window) -> None:
    found = walk_views(qtbot, window)
    # then with a round that has answers: the paper form's rows, the results, the chart
    answered_round(window.archive.db)
    window.ops.flush()
    found += walk_views(qtbot, window)
    assert found == [], "\n".join(found)


def open_dialogs(qtbot, win: MainWindow, tmp_path: Path) -> dict[str, QWidget]:
    """Every dialog of the Archive and Audit views, the About box and the guide."""
    archive = win.views["Archive"]
    win.show_view("Archive")
    opened: dict[str, QWidget] = {"About": win.show_about()}
    for name in ("Export", "Backups and restore", "Purge old responses",
                 "Benchmark files of other forums", "Import responses"):
        before = set(archive.findChildren(QDialog))
        archive.tasks[name].trigger()
        new = [d for d in archive.findChildren(QDialog) if d not in before and d.isVisible()]
        assert len(new) == 1, name
        opened[name] = new[0]
    importing = opened["Import responses"]
    texts = [q["text"] for q in win.archive.db.query("SELECT text FROM questions")]
    csv = write_csv(tmp_path / "forms.csv", forms_rows(texts, [[7, 8, 9], [5, "", 6]],
                                                       sides=["Staff", "Management"]))
    by_name(importing, "Spreadsheet file", QLineEdit).setText(str(csv))
    read_the_file(qtbot, importing)
    qtbot.waitUntil(lambda: importing.mapping.focus_order()[0].isVisible())  # shown a moment later
    view = win.views["Audit"]
    win.show_view("Audit")
    qtbot.waitUntil(view.isVisible)
    opened["Forum settings"] = view.open_forum_settings()
    opened["New forum"] = view.open_new_forum()
    from spf_desktop.gui.help import open_guide

    opened["Guide"] = open_guide(win)
    return opened


def test_every_dialog_names_what_it_shows(qtbot, window, tmp_path: Path) -> None:
    three_question_round(window.archive.db)
    window.ops.flush()
    found = []
    for name, dialog in open_dialogs(qtbot, window, tmp_path).items():
        qtbot.waitExposed(dialog)
        found += problems(dialog, f"{name} dialog")
        for tabs in dialog.findChildren(QTabWidget):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                found += problems(dialog, f"{name} dialog > {tabs.tabText(index)}")
        dialog.close()
    assert found == [], "\n".join(found)


def test_the_walk_finds_each_kind_of_problem(qtbot) -> None:
    from PySide6.QtWidgets import QScrollArea, QVBoxLayout

    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    layout.addWidget(QScrollArea())                  # a focus stop with no name
    value_only = QComboBox()                         # named only by its choice
    value_only.addItems(["(none)", "Spring"])
    value_only.setAccessibleName("(none)")
    layout.addWidget(value_only)
    unlinked = QComboBox()                           # a name, but no label linked
    unlinked.setAccessibleName("Round")
    layout.addWidget(unlinked)
    hiding = QLabel("Open: taking responses.")       # a fixed name over changing text
    hiding.setAccessibleName("Round status")
    layout.addWidget(hiding)
    page.show()
    qtbot.waitExposed(page)
    found = problems(page, "Test")
    assert [line.split(": ", 1)[1].split(" ")[0:2] for line in found] == [
        ["unnamed", "focus"], ["combo", "box"], ["combo", "box"], ["label", "'Round"]]
    assert "named only by its value" in found[1] and "no visible label" in found[2]


# -- drop-down lists are heard with their label ---------------------------------------

def test_each_mapping_list_is_linked_to_its_question(qtbot, window, tmp_path: Path) -> None:
    """Ten lists in a row that each read "(not in this file…)" told a screen reader
    nothing: each is linked to its question's words, and says its question."""
    three_question_round(window.archive.db)
    dialog = open_dialogs(qtbot, window, tmp_path)["Import responses"]
    mapping = dialog.mapping
    assert len(mapping.column_boxes) == 3
    for q in mapping.questions:
        box = mapping.column_boxes[q.id]
        labels = [lab for lab in dialog.findChildren(QLabel) if lab.buddy() is box]
        assert [lab.text() for lab in labels] == [f"{q.position}. {q.text}"]
        interface = QAccessible.queryAccessibleInterface(box)
        relations = [other.text(QAccessible.Text.Name) for other, kind in interface.relations()
                     if kind & QAccessible.RelationFlag.Label]
        assert f"{q.position}. {q.text}" in relations  # what AT-SPI's labelled-by carries
        for other in (mapping.scale_boxes[q.id], mapping.comment_boxes[q.id]):
            assert q.text in other.accessibleDescription()
            assert other.accessibleName() != other.currentText()


# -- the keyboard -----------------------------------------------------------------------

def test_tab_reaches_forwards_everything_it_reaches_backwards(qtbot, window, tmp_path) -> None:
    three_question_round(window.archive.db)
    window.ops.flush()
    view = show_audit(qtbot, window)
    missed = []
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda i=index: view.tabs.widget(i).isVisible())
        missed += [f"Audit > {view.tabs.tabText(index)}: {m}"
                   for m in only_backwards(qtbot, window, window.ui.navigation)]
    archive = window.views["Archive"]
    window.show_view("Archive")
    qtbot.waitUntil(archive.tabs.isVisible)
    for index in range(archive.tabs.count()):
        archive.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda i=index: archive.tabs.widget(i).isVisible())
        missed += [f"Archive > {archive.tabs.tabText(index)}: {m}"
                   for m in only_backwards(qtbot, window, window.ui.navigation)]
    dialog = open_dialogs(qtbot, window, tmp_path)["Import responses"]
    missed += [f"Import: {m}" for m in only_backwards(qtbot, dialog, dialog.file_edit)]
    assert missed == []


def test_the_import_dialog_tabs_in_the_screens_order(qtbot, window, tmp_path) -> None:
    three_question_round(window.archive.db)
    dialog = open_dialogs(qtbot, window, tmp_path)["Import responses"]
    chain = tab_chain(qtbot, dialog, dialog.file_edit)
    names = [w.accessibleName() for w in chain]
    mapping = dialog.mapping
    first = mapping.questions[0].id
    order = ["Spreadsheet file", "Into an existing round", "Round to import into",
             "Sheet to import" if dialog.sheet_box.isVisible() else "Read the file",
             mapping.column_boxes[first].accessibleName(), mapping.scale_boxes[first].accessibleName(),
             "Side column", "Preview of the first rows", "Close"]
    positions = [names.index(n) for n in order if n in names]
    assert len(positions) == len(order) and positions == sorted(positions), names


def test_the_paper_form_tabs_row_by_row_then_side_then_save(qtbot, window) -> None:
    three_question_round(window.archive.db)
    window.ops.flush()
    view = show_audit(qtbot, window)
    view.show_tab(view.paper)
    first = by_name(view.paper, "Paper score for question 1", QLineEdit)
    qtbot.waitUntil(first.isVisible)
    names = [w.accessibleName() for w in tab_chain(qtbot, window, first)][:8]
    assert names == ["Paper score for question 1", "Paper comment for question 1",
                     "Paper score for question 2", "Paper comment for question 2",
                     "Paper score for question 3", "Paper comment for question 3",
                     "Paper form side", "Save paper form"]


def test_the_results_table_is_one_tab_stop(qtbot, window) -> None:
    answered_round(window.archive.db)
    window.ops.flush()
    view = show_audit(qtbot, window)
    table = view.results.table
    assert isinstance(table, QTableView) and table.model().rowCount() == 3
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Down)  # arrows move inside
    assert table.hasFocus() and table.currentIndex().row() == 1
    qtbot.keyClick(table, Qt.Key.Key_Tab)   # Tab leaves
    assert not table.hasFocus()


def test_after_closing_a_round_focus_goes_to_its_results(qtbot, window) -> None:
    three_question_round(window.archive.db)
    window.ops.flush()
    view = show_audit(qtbot, window)
    view.close_round()
    qtbot.waitUntil(view.results.table.hasFocus)
    view.open_round()
    assert window.focusWidget() is view.start_button  # the next step, never a destructive one


# -- said aloud ---------------------------------------------------------------------------

def test_the_audit_views_confirmations_and_errors_are_said(qtbot, window) -> None:
    three_question_round(window.archive.db, status="draft")
    window.ops.flush()
    view = show_audit(qtbot, window)
    with heard(qtbot, "The round is open.", "polite"):
        view.open_button.click()
    view.show_tab(view.pin)
    by_name(view.pin, "New PIN", QLineEdit).setText("1234")
    by_name(view.pin, "Repeat the PIN", QLineEdit).setText("9999")
    with heard(qtbot, "not the same", "assertive"):
        by_name(view.pin, "Set PIN", QPushButton).click()
    status = by_name(view, "Round status")
    assert status.accessibleName() == status.text() == "Open: taking responses."


def test_a_refused_paper_score_is_marked_and_said(qtbot, window) -> None:
    three_question_round(window.archive.db)
    window.ops.flush()
    view = show_audit(qtbot, window)
    view.show_tab(view.paper)
    second = by_name(view.paper, "Paper score for question 2", QLineEdit)
    qtbot.waitUntil(second.isVisible)
    second.setText("eleven")
    with heard(qtbot, "Question 2:", "assertive"):
        view.paper.save_button.click()
    assert second.accessibleDescription().startswith("Refused: ")
    assert "question 2" in second.accessibleDescription().lower()
    assert second.property("invalid") is True
    assert window.focusWidget() is second  # where the mending starts
    second.clear()
    qtbot.keyClicks(second, "4")
    assert second.accessibleDescription() == ""


def test_the_search_hit_count_is_said(qtbot, window) -> None:
    three_question_round(window.archive.db)
    window.ops.flush()
    archive = window.views["Archive"]
    archive.search_edit.setText("Spring")
    with heard(qtbot, 'for "Spring"', "polite"):
        archive.run_search()
    with heard(qtbot, 'for "Spring"', "polite"):  # the same search again still answers
        archive.run_search()


def test_a_backup_written_is_said(qtbot, window, tmp_path: Path) -> None:
    with heard(qtbot, "Backed up to", "polite"):
        assert window.backup_to(tmp_path / "copy.db")


# -- headings and charts ---------------------------------------------------------------

def test_headings_are_headings_and_charts_give_their_figures(qtbot, window) -> None:
    answered_round(window.archive.db)
    window.ops.flush()
    view = show_audit(qtbot, window)
    results = view.results
    role = QAccessible.queryAccessibleInterface(results.title).role()
    assert role == QAccessible.Role.Heading
    chart = QAccessible.queryAccessibleInterface(results.chart)
    assert chart.role() == QAccessible.Role.Chart
    words = chart.text(QAccessible.Text.Description)
    assert "Question 1, Do we trust each other?: 7.0" in words
    assert "Question 3, Do we share a purpose?: 8.0" in words
    spread = QAccessible.queryAccessibleInterface(results.distribution)
    assert spread.role() == QAccessible.Role.Chart
    assert "1 gave 7" in spread.text(QAccessible.Text.Description)
    about = window.show_about()
    assert QAccessible.queryAccessibleInterface(about.ui.title).role() == QAccessible.Role.Heading
    about.close()


def test_a_role_given_after_a_readers_first_look_still_reaches_it(qtbot) -> None:
    """With a screen reader running, Qt makes a widget's accessible interface at its
    first accessible event (its name being set, say) and keeps it: a heading made so
    was heard as plain text until the early interface was dropped."""
    from spf_desktop.gui.a11y import set_accessible_role
    from spf_desktop.gui.widgets import label

    was_active = QAccessible.isActive()
    QAccessible.setActive(True)
    try:
        early = QLabel("Results")
        qtbot.addWidget(early)
        early.setAccessibleName("Results")
        assert QAccessible.queryAccessibleInterface(early).role() == QAccessible.Role.StaticText
        set_accessible_role(early, "heading")
        assert QAccessible.queryAccessibleInterface(early).role() == QAccessible.Role.Heading
        made = label("3 responses", "Responses so far", role="heading")
        qtbot.addWidget(made)
        assert QAccessible.queryAccessibleInterface(made).role() == QAccessible.Role.Heading
    finally:
        QAccessible.setActive(was_active)


def test_a_refused_forum_setting_is_marked_on_its_field(qtbot, window) -> None:
    view = show_audit(qtbot, window)
    dialog = view.open_new_forum()
    qtbot.waitExposed(dialog)
    dialog.name_edit.setText("   ")
    with heard(qtbot, "name", "assertive"):
        assert dialog.save() is False
    assert dialog.name_edit.accessibleDescription().startswith("Refused: ")
    assert dialog.focusWidget() is dialog.name_edit
    dialog.name_edit.setText("Northern SPF")
    assert dialog.save() is True


def test_the_restore_question_is_said_and_focus_stays_off_yes(qtbot, window) -> None:
    archive = window.views["Archive"]
    dialog = archive.open_backups()
    qtbot.waitExposed(dialog)
    dialog.restore_button.setFocus()
    with heard(qtbot, "Restore ", "polite"):
        dialog.ask(str(window.archive.path))
    assert dialog.yes_button.isVisible() and dialog.focusWidget() is not dialog.yes_button
