"""Enter presses the focused button in the main window, as Space does (a keyboard
user from an empty archive makes a forum's first round with Enter alone)."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import by_name
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit, QLineEdit, QPushButton

from spf_desktop.gui.app import settings_for
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive, repo


@pytest.fixture
def new_round_tab(qtbot, tmp_path: Path):
    """The main window on a new archive with one forum, at the Audit view's New round tab."""
    arch = Archive.open(tmp_path / "new.db", create=True)
    repo.create_forum(arch.db, "North SPF")
    window = MainWindow(arch, settings_for(tmp_path / "home"))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.show_view("Audit")
    audit = window.views["Audit"]
    audit.show_tab(audit.new_round)
    qtbot.waitUntil(lambda: by_name(audit, "Create round", QPushButton).isVisible())
    return arch, window, audit


def test_enter_on_a_focused_button_presses_it_once(qtbot, new_round_tab) -> None:
    arch, _, audit = new_round_tab
    label = by_name(audit, "Round label", QLineEdit)
    label.setFocus()
    qtbot.keyClicks(label, "Baseline")
    create = by_name(audit, "Create round", QPushButton)
    create.setFocus()
    qtbot.waitUntil(create.hasFocus)
    qtbot.keyClick(create, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(repo.rounds(arch.db)) == 1)
    # keypad Enter presses too: refused (the same label), never a second round
    qtbot.keyClick(create, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert [r["label"] for r in repo.rounds(arch.db)] == ["Baseline"]


def test_tab_leaves_a_date_field_in_one_press(qtbot, new_round_tab) -> None:
    _, window, audit = new_round_tab
    date = by_name(audit, "Round date", QDateEdit)
    date.setFocus()
    qtbot.waitUntil(date.hasFocus)
    qtbot.keyClick(date, Qt.Key.Key_Tab)  # not day, then month, then year
    assert not date.hasFocus()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Backtab)
    assert date.hasFocus()
