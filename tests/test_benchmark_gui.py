"""The Archive view's Export dialog writes a benchmark file, showing what it holds first."""

from __future__ import annotations

from gui_helpers import by_name
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton
from test_archive_gui import make_window

from spf_desktop.io.benchmark_file import read


def test_export_a_benchmark_file_after_seeing_what_it_holds(qtbot, demo_path, home,
                                                            tmp_path) -> None:
    window = make_window(qtbot, demo_path, home)
    view = window.views["Archive"]
    view.tasks["Export"].trigger()
    dialog = view.dialog
    kind = by_name(dialog, "What to export", QComboBox)
    kind.setCurrentIndex(kind.findData("benchmark"))
    preview = by_name(dialog, "What the file will hold", QLabel)
    assert "2017-01-19: 20 responses" in preview.text()
    assert "No response, comment" in preview.text()
    by_name(dialog, "Export file", QLineEdit).setText(str(tmp_path / "east"))
    qtbot.mouseClick(by_name(dialog, "Export now", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Written to" in by_name(dialog, "Export message", QLabel).text())
    assert [r["date"] for r in read(tmp_path / "east.spfbench").content["rounds"]] == [
        "2017-01-19", "2017-11-16", "2019-01-24"]
    window.close()


def test_the_library_dialog_imports_lists_refuses_and_removes(qtbot, demo_path, home,
                                                              tmp_path) -> None:
    from PySide6.QtWidgets import QListWidget

    from spf_desktop.paths import resource

    window = make_window(qtbot, demo_path, home)
    view = window.views["Archive"]
    view.tasks["Benchmark files of other forums"].trigger()
    dialog = view.dialog
    sources = by_name(dialog, "Benchmark sources", QListWidget)
    message = by_name(dialog, "Benchmark message", QLabel)
    assert "No benchmark files yet" in sources.item(0).text()
    files = sorted(resource("demo", "benchmarks").glob("*.spfbench"))[:2]
    dialog.import_files(files)
    qtbot.waitUntil(lambda: sources.count() == 2 and "Imported" in message.text())
    assert "3 rounds (2016-11-10 to 2019-01-17), exported 2019-02-01" in sources.item(0).text()
    cut = tmp_path / "cut.spfbench"
    cut.write_bytes(files[0].read_bytes()[:500])
    dialog.import_files([cut])
    qtbot.waitUntil(lambda: "Importing" not in message.text())
    assert "Nothing was imported" in message.text(), message.text()
    assert sources.count() == 2
    sources.setCurrentRow(0)
    remove = by_name(dialog, "Remove the selected source", QPushButton)
    qtbot.waitUntil(remove.isEnabled)
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sources.count() == 1 and "Removed" in message.text())
    window.close()
