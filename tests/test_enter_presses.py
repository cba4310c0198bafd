"""Enter presses the focused button in the main window, as Space does (a keyboard
user from an empty archive makes a forum's first round with Enter alone)."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import by_name
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from spf_desktop.gui.app import settings_for
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive, repo


def test_enter_on_a_focused_button_presses_it_once(qtbot, tmp_path: Path) -> None:
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
    label = by_name(audit, "Round label", QLineEdit)
    label.setFocus()
    qtbot.keyClicks(label, "Baseline")
    create = by_name(audit, "Create round", QPushButton)
    create.setFocus()
    qtbot.waitUntil(create.hasFocus)
    qtbot.keyClick(create, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(repo.rounds(arch.db)) == 1)
    qtbot.keyClick(create, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.wait(50)  # a second press would be refused (same label) or make a second round
    assert [r["label"] for r in repo.rounds(arch.db)] == ["Baseline"]


def test_tab_leaves_a_date_field_in_one_press(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QDateEdit

    arch = Archive.open(tmp_path / "new.db", create=True)
    repo.create_forum(arch.db, "North SPF")
    window = MainWindow(arch, settings_for(tmp_path / "home"))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.show_view("Audit")
    audit = window.views["Audit"]
    audit.show_tab(audit.new_round)
    date = by_name(audit, "Round date", QDateEdit)
    qtbot.waitUntil(date.isVisible)
    date.setFocus()
    qtbot.waitUntil(date.hasFocus)
    qtbot.keyClick(date, Qt.Key.Key_Tab)  # not day, then month, then year
    assert not date.hasFocus()
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Backtab)
    assert date.hasFocus()
