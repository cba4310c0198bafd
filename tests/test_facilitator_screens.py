"""What a facilitator sees on a small screen: nothing cut short that matters, a hint on empty panes.

The windows are sized as an NHS laptop (1366x768) or an old projector (1024x768) would show them.
"""

from __future__ import annotations

from pathlib import Path

from gui_helpers import by_name
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QTreeView

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
