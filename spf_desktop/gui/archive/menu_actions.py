"""The archive's File menu actions, added to the main window in one place.

Open read-only, restore from a backup, import, export and retention. Restoring
needs the window: it closes the archive, restores the file and opens it again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from spf_desktop.domain.errors import UserError

if TYPE_CHECKING:
    from spf_desktop.gui.main_window import MainWindow


def install(window: MainWindow) -> dict[str, QAction]:
    """Add the actions to the File menu (before Quit). The Archive view is asked
    for only when an action runs, so installing them does not build it."""

    def on_view(method: str):  # noqa: ANN202
        return lambda: getattr(window.views["Archive"], method)()

    menu = window.ui.menuFile
    before = window.ui.actionQuit
    actions: dict[str, QAction] = {}
    specs = (
        ("Open read-only…", lambda: choose_read_only(window), False),
        ("Restore from a backup…", on_view("open_backups"), True),
        ("Import responses…", on_view("open_import"), True),
        ("Import merge file…", on_view("choose_merge_file"), True),
        ("Export…", on_view("open_export"), True),
        ("Purge old responses…", on_view("open_purge"), True),
    )
    for text, slot, needs_archive in specs:
        action = QAction(text, window)
        action.triggered.connect(lambda _=False, s=slot: (window.show_view("Archive"), s()))
        menu.insertAction(before, action)
        actions[text] = action
        action.setProperty("needs_archive", needs_archive)
    menu.insertSeparator(before)

    def enable() -> None:
        archive = window.archive
        for text, action in actions.items():
            writes = text.startswith(("Restore", "Import", "Purge"))
            action.setEnabled(not action.property("needs_archive") or (
                archive is not None and not (archive.read_only and writes)))

    window.archive_changed.connect(enable)
    enable()
    window.archive_actions = actions  # type: ignore[attr-defined]
    return actions


def connect_view(window: MainWindow, view: QWidget) -> None:
    """Wire the Archive view's requests once it is built."""
    view.restore_requested.connect(lambda path: restore_into(window, Path(path)))  # type: ignore[attr-defined]


def choose_read_only(window: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(window, "Open an archive read-only", "",
                                          "SPF archives (*.db);;All files (*)")
    if path:
        open_read_only(window, Path(path))


def open_read_only(window: MainWindow, path: Path) -> bool:
    """Open someone else's archive without writing anything to it (no lock, no journal)."""
    from spf_desktop.store import Archive

    try:
        archive = Archive.open(path, read_only=True)
    except UserError as exc:
        window.show_problem("Cannot open the archive", str(exc))
        return False
    window.set_archive(archive)
    window.ui.statusbar.showMessage(
        f"Opened {path.name} read-only: nothing you do changes the file.", 15_000)
    return True


def restore_into(window: MainWindow, backup: Path) -> bool:
    """Close the archive, restore the backup in its place (keeping a copy), open it again."""
    from spf_desktop.store import Archive
    from spf_desktop.store.restore import restore

    archive = window.archive
    if archive is None or archive.read_only:
        return False
    path = archive.path
    window.set_archive(None)
    try:
        kept = restore(path, backup)
    except UserError as exc:
        window.show_problem("Restore failed", str(exc))
        window.set_archive(Archive.open(path))
        return False
    try:
        window.set_archive(Archive.open(path))
    except UserError as exc:
        window.show_problem("Cannot open the restored archive", str(exc))
        return False
    window.ui.statusbar.showMessage(
        f"Restored {backup.name}. The archive as it was is kept as "
        f"{kept.name if kept else '(nothing to keep)'}.", 20_000)
    return True
