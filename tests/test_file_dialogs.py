"""A file dialog never reads the files it lists: on Linux, opening and closing the
open archive's file would release SQLite's locks on it, and another program could
then check-point and delete the WAL under the app."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from spf_desktop.gui.file_dialogs import file_dialog
from spf_desktop.store import Archive

ROOT = Path(__file__).resolve().parents[1]


def _locks_on(path: Path) -> int:
    """POSIX locks this process holds on ``path`` (from /proc/locks)."""
    st = os.stat(path)
    inode = f":{st.st_ino} "
    pid = str(os.getpid())
    count = 0
    for line in Path("/proc/locks").read_text().splitlines():
        parts = line.split()
        if "POSIX" in parts and pid in parts and inode in line + " ":
            count += 1
    return count


def _list_folder(qtbot, dialog: QFileDialog, folder: Path) -> None:
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)  # the Type column asks for each file
    with qtbot.waitSignal(dialog.directoryEntered, timeout=5000, raising=False):
        dialog.setDirectory(str(folder))
    dialog.show()
    qtbot.waitExposed(dialog)
    from PySide6.QtWidgets import QTreeView

    view = dialog.findChild(QTreeView)
    assert view is not None
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) >= 3, timeout=5000)
    dialog.grab()  # paint: every row's icon and type are asked for
    model = view.model()
    for row in range(model.rowCount(view.rootIndex())):
        for col in range(model.columnCount(view.rootIndex())):
            model.data(model.index(row, col, view.rootIndex()))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux's /proc/locks")
def test_a_file_dialog_on_the_archives_folder_keeps_sqlites_locks(qtbot, tmp_path: Path):
    path = tmp_path / "archive.db"
    with Archive.open(path, create=True, backup=False) as archive:
        archive.db.execute("CREATE TEMP TABLE t (x)")
        archive.db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        before = _locks_on(path)
        assert before >= 1  # WAL mode: a shared lock held while open
        dialog = file_dialog(None, "Save the report as PDF", str(tmp_path))
        qtbot.addWidget(dialog)
        _list_folder(qtbot, dialog, tmp_path)
        assert _locks_on(path) == before
        dialog.close()


def test_no_file_dialog_is_made_but_through_file_dialogs():
    pattern = re.compile(r"QFileDialog\.get\w+\(|(?<![\w.])QFileDialog\(")
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "spf_desktop" / "gui").rglob("*.py")
                 if p.name != "file_dialogs.py" and pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
