"""Errors reaching the event loop: plain messages for the user's problems,
"Copy details" for bugs."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from gui_helpers import by_name
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from spf_desktop.domain.errors import ValidationError
from spf_desktop.gui.errors import error_box


def _box_for(exc: BaseException) -> QMessageBox:
    try:
        raise exc
    except BaseException:
        return error_box(*sys.exc_info())  # type: ignore[arg-type]


def test_a_full_disk_is_a_plain_message(qtbot, tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "small.db")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA max_page_count = 2")
    try:
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 4000,)] * 50)
    except sqlite3.Error as exc:
        box = _box_for(exc)
    conn.close()
    qtbot.addWidget(box)
    assert box.icon() == QMessageBox.Icon.Warning
    assert "full" in box.text().lower()
    assert box.detailedText() == ""


def test_a_user_error_is_its_own_message(qtbot) -> None:
    box = _box_for(ValidationError("A score must be a whole number from 0 to 10, not 11."))
    qtbot.addWidget(box)
    assert box.text() == "A score must be a whole number from 0 to 10, not 11."


def test_a_bug_offers_copy_details(qtbot) -> None:
    box = _box_for(ZeroDivisionError("division by zero"))
    qtbot.addWidget(box)
    assert box.icon() == QMessageBox.Icon.Critical
    assert "ZeroDivisionError" in box.detailedText()
    box.show()
    qtbot.mouseClick(by_name(box, "Copy details", QPushButton), Qt.MouseButton.LeftButton)
    assert "ZeroDivisionError" in QApplication.clipboard().text()
    box.close()
