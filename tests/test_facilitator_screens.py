"""What a facilitator sees on a small screen: nothing cut short that matters, a hint on empty panes.

The windows are sized as an NHS laptop (1366x768) or an old projector (1024x768) would show them.
"""

from __future__ import annotations

from pathlib import Path

from gui_helpers import by_name
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QPushButton, QTreeView

from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive


def make_window(qtbot, path: Path, home: Path, size: tuple[int, int]) -> MainWindow:  # noqa: ANN001
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
