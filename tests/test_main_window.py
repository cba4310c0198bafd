"""The main window, driven by keyboard and mouse as a person would."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import by_name
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QTreeView

from spf_desktop import __version__
from spf_desktop.gui.app import settings_for
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive


def make_window(qtbot, path: Path, home: Path) -> MainWindow:
    window = MainWindow(Archive.open(path), settings_for(home))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def test_views_are_reached_by_keyboard_alone(qtbot, demo_path: Path, home: Path) -> None:
    window = make_window(qtbot, demo_path, home)
    nav = by_name(window, "Views", QListWidget)
    assert window.focusWidget() is nav
    assert window.current_view == "Archive"
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert window.current_view == "Audit"
    assert window.views["Audit"].isVisible()
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert window.current_view == "Reports"
    qtbot.keyClick(nav, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view == "Archive"
    qtbot.keyClick(nav, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view == "Agenda"
    window.close()


def test_the_archive_view_shows_the_forum_its_rounds_and_meetings(qtbot, demo_path: Path, home: Path) -> None:
    window = make_window(qtbot, demo_path, home)
    summary = by_name(window, "Archive summary", QLabel)
    assert summary.text() == "1 forum, 3 audit rounds, 5 meetings"
    tree = by_name(window, "Forums, rounds and meetings", QTreeView)
    model = tree.model()
    forum = model.index(0, 0)
    assert forum.data() == "East Midlands SPF"
    rounds = model.index(0, 0, forum)
    labels = [model.index(r, 0, rounds).data() for r in range(model.rowCount(rounds))]
    assert labels == ["Baseline", "Review", "2019 audit"]
    tree.setFocus()
    tree.setCurrentIndex(model.index(0, 0, rounds))
    details = by_name(window, "Details of the selected record", QLabel)
    assert "Overall average: 6.02" in details.text()
    window.close()


def test_the_status_bar_shows_the_open_file(qtbot, demo_path: Path, home: Path) -> None:
    window = make_window(qtbot, demo_path, home)
    status = by_name(window, "Open archive file", QLabel)
    assert str(demo_path) in status.text()
    assert demo_path.name in window.windowTitle()
    window.close()


def test_file_menu_has_new_open_recent_and_back_up(qtbot, demo_path: Path, home: Path, tmp_path: Path) -> None:
    window = make_window(qtbot, demo_path, home)
    titles = [a.text().replace("&", "") for a in window.ui.menuFile.actions()]
    for wanted in ("New archive…", "Open archive…", "Open recent", "Back up…", "Quit"):
        assert wanted in titles
    # Back up (the dialog's outcome is the path; the copy is real)
    copies: list[Path | None] = []
    assert window.backup_to(tmp_path / "usb.db", on_done=copies.append)
    qtbot.waitUntil(lambda: bool(copies))
    assert copies[0] is not None and copies[0].exists()
    # New, then Recent lists both files, newest first
    new = tmp_path / "second.db"
    assert window.open_archive(new, create=True)
    assert window.recent_files()[:2] == [str(new), str(demo_path)]
    window.ui.menuRecent.aboutToShow.emit()
    recent_texts = [a.text() for a in window.ui.menuRecent.actions()]
    assert recent_texts[:2] == [str(new), str(demo_path)]
    # choosing the demo from Recent opens it again
    window.ui.menuRecent.actions()[1].trigger()
    assert window.archive is not None and window.archive.path == demo_path
    window.close()


def test_opening_a_damaged_file_keeps_the_current_archive(qtbot, demo_path: Path, home: Path, tmp_path: Path) -> None:
    window = make_window(qtbot, demo_path, home)
    bad = tmp_path / "bad.db"
    bad.write_text("this is not an archive")
    assert not window.open_archive(bad)
    assert "not an SPF Desktop archive" in window.last_message.text()
    assert window.archive is not None and window.archive.path == demo_path
    assert bad.read_text() == "this is not an archive"
    window.last_message.close()
    window.close()


def test_about_shows_the_version(qtbot, demo_path: Path, home: Path) -> None:
    window = make_window(qtbot, demo_path, home)
    window.ui.actionAbout.trigger()
    dialog = window.about_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert __version__ in by_name(dialog, "Application name and version", QLabel).text()
    dialog.close()
    window.close()


def test_size_and_position_are_remembered(qtbot, demo_path: Path, home: Path) -> None:
    window = make_window(qtbot, demo_path, home)
    window.resize(700, 480)
    qtbot.waitUntil(lambda: window.size().width() == 700)
    window.close()
    again = make_window(qtbot, demo_path, home)
    assert (again.width(), again.height()) == (700, 480)
    again.close()


def test_views_are_built_when_first_shown(qtbot, demo_path: Path, home: Path) -> None:
    window = make_window(qtbot, demo_path, home)
    assert [v.accessibleName() for v in window.views.built()] == ["Archive view"]
    window.show_view("Reports")
    assert window.views.is_built("Reports")
    reports = window.ui.pages.currentWidget()
    assert reports is window.views["Reports"] and reports.isVisible()
    # the Reports view already knows the forum selected in the Archive view
    assert "Every audit round of the forum" in " ".join(
        w.text() for w in reports.findChildren(QLabel) if w.isVisible())
    window.close()


def test_every_control_in_the_main_window_has_an_accessible_name(qtbot, demo_path: Path, home: Path) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QWidget

    window = make_window(qtbot, demo_path, home)
    interactive = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit)
    unnamed = [
        f"{type(w).__name__} {w.objectName()}"
        for w in window.findChildren(QWidget)
        if isinstance(w, interactive)
        if w.isVisibleTo(window) and not w.accessibleName()
    ]
    assert unnamed == []
    window.close()


class RecordedPrompts:
    """Stands in for the person at the start-up message boxes, answering yes."""

    def __init__(self) -> None:
        self.told: list[str] = []
        self.asked: list[str] = []

    def tell(self, title: str, text: str) -> None:
        self.told.append(text)

    def ask(self, title: str, text: str) -> bool:
        self.asked.append(text)
        return True


def test_a_damaged_archive_at_start_offers_a_copy_of_the_newest_good_backup(demo_path: Path) -> None:
    from conftest import file_hash

    from spf_desktop.gui.app import open_with_dialogs
    from spf_desktop.store.backups import make_backup

    good = make_backup(demo_path)
    assert good is not None
    demo_path.write_bytes(demo_path.read_bytes()[:5000])
    before = file_hash(demo_path)
    prompts = RecordedPrompts()
    archive = open_with_dialogs(demo_path, prompts)
    assert archive is not None
    try:
        assert "damaged" in prompts.asked[0] and good.name in prompts.asked[0]
        assert archive.path != demo_path and "restored" in archive.path.name
        assert archive.db["responses"].count == 58
    finally:
        archive.close()
    assert file_hash(demo_path) == before


def test_a_damaged_archive_with_no_backup_is_a_plain_message(tmp_path: Path) -> None:
    from spf_desktop.gui.app import open_with_dialogs

    bad = tmp_path / "minutes.db"
    bad.write_text("not an archive")
    prompts = RecordedPrompts()
    assert open_with_dialogs(bad, prompts) is None
    assert "No good backup" in prompts.told[0]
    assert bad.read_text() == "not an archive"
