"""The archive's File menu actions, added to the main window in one place.

Open read-only, restore from a backup, import, export and retention. Restoring
needs the window: it closes the archive, restores the file and opens it again.
Which actions write is a property of each action (``gui.widgets.writes_action``),
never read from its label.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from spf_desktop.domain.errors import UserError
from spf_desktop.gui.file_dialogs import open_file_name
from spf_desktop.gui.widgets import WRITES, writes_action

if TYPE_CHECKING:
    from spf_desktop.gui.main_window import MainWindow
    from spf_desktop.gui.operations import Failure
    from spf_desktop.store.connection import ArchiveDatabase

NEEDS_ARCHIVE = "needs_archive"  # property: the action does nothing with no archive open
NEEDS_IDLE = "needs_idle"        # property: not while a background operation writes


def install(window: MainWindow) -> dict[str, QAction]:
    """Add the actions to the File menu (before Quit). The Archive view is asked
    for only when an action runs, so installing them does not build it."""

    def on_view(method: str) -> Callable[[], object]:
        return lambda: getattr(window.views["Archive"], method)()

    menu = window.ui.menuFile
    before = window.ui.actionQuit
    actions: dict[str, QAction] = {}
    # text, slot, needs an archive, writes the archive
    specs = (
        ("Open read-only…", lambda: choose_read_only(window), False, False),
        ("Restore from a backup…", on_view("open_backups"), True, True),
        ("Import responses…", on_view("open_import"), True, True),
        ("Import merge file…", on_view("choose_merge_file"), True, True),
        ("Export…", on_view("open_export"), True, False),
        ("Purge old responses…", on_view("open_purge"), True, True),
    )
    def on_archive_view(slot: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            window.show_view("Archive")
            slot()
        return run

    for text, slot, needs_archive, writes in specs:
        action = QAction(text, window)
        action.triggered.connect(on_archive_view(slot))
        menu.insertAction(before, action)
        actions[text] = action
        action.setProperty(NEEDS_ARCHIVE, needs_archive)
        if writes:
            writes_action(action)
    # Opening another archive would close this one under a running operation.
    actions["Open read-only…"].setProperty(NEEDS_IDLE, True)
    menu.insertSeparator(before)

    def enable() -> None:
        for action in actions.values():
            action.setEnabled(_allowed(window, action))

    window.archive_changed.connect(enable)
    window.ops.busy_changed.connect(lambda _busy: enable())
    enable()
    window.archive_actions = actions  # type: ignore[attr-defined]
    return actions


def _allowed(window: MainWindow, action: QAction) -> bool:
    if action.property(NEEDS_IDLE) and window.ops.busy:
        return False
    if action.property(NEEDS_ARCHIVE) and window.archive is None:
        return False
    return not action.property(WRITES) or window.writable


def connect_view(window: MainWindow, view: QWidget) -> None:
    """Wire the Archive view's requests once it is built."""
    view.restore_requested.connect(lambda path: restore_into(window, Path(path)))  # type: ignore[attr-defined]


def choose_read_only(window: MainWindow) -> None:
    path, _ = open_file_name(window, "Open an archive read-only", "",
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
    window.tell(f"Opened {path.name} read-only: nothing you do changes the file.")
    return True


def back_up(window: MainWindow, target: Path,
            on_done: Callable[[Path | None], None] | None = None) -> bool:
    """Copy the open archive to ``target`` off the UI thread. A back-up reads the
    archive (on a read-only connection of the worker's own), so other work goes on
    meanwhile. Returns whether it started; ``on_done`` hears the file written, or
    None when it failed (the window has said why)."""
    from spf_desktop.store.backups import backup_connection, left_out_sentence, open_round_responses

    if window.archive is None:
        return False

    def work(db: ArchiveDatabase, progress: Callable[..., None]) -> tuple[Path, int]:
        progress()  # the window says it is backing up
        left_out = open_round_responses(db.conn)
        return backup_connection(db.conn, target), left_out

    def written(result: tuple[Path, int]) -> None:
        path, left_out = result
        window.tell(" ".join(filter(None, [f"Backed up to {path}.", left_out_sentence(left_out)])))
        if on_done is not None:
            on_done(path)

    def failed(failure: Failure) -> None:
        if failure.is_bug and failure.exception is not None:
            raise failure.exception
        window.show_problem("Back-up failed", failure.message)
        if on_done is not None:
            on_done(None)

    window.ops.run("Backing up the archive", work, writes=False, on_success=written,
                   on_failure=failed)
    return True


def restore_into(window: MainWindow, backup: Path,
                 on_done: Callable[[bool], None] | None = None) -> bool:
    """Close the archive, restore the backup in its place (keeping a copy), open it again.

    The archive must be closed for the file work, so the window closes it here, on
    the UI thread where its connection lives. The rest runs off the UI thread
    through ``Operations.run`` with no connection: checking the backup, copying the
    current file aside, copying the backup in and renaming it over the archive, then
    opening the result (its checks, any migration and the automatic backup made on
    opening). The window only takes the opened archive. Returns whether the restore
    started; ``on_done`` hears whether it succeeded.
    """
    from spf_desktop.store import Archive
    from spf_desktop.store.restore import restore

    archive = window.archive
    if archive is None or archive.read_only or window.ops.busy:
        return False
    path = archive.path

    def work(_db: object, progress: Callable[..., None]) -> tuple[Path | None, Archive | None, str]:
        progress()  # the window says it is restoring
        kept = restore(path, backup)
        try:
            return kept, Archive.open(path), ""
        except UserError as exc:  # restored, but it cannot be opened: say so, do not undo
            return kept, None, str(exc)

    def finish(ok: bool) -> None:
        if on_done is not None:
            on_done(ok)

    def restored(result: tuple[Path | None, Archive | None, str]) -> None:
        kept, opened, problem = result
        if opened is None:
            window.show_problem("Cannot open the restored archive", problem)
            return finish(False)
        if window.archive is not None:  # another archive was opened meanwhile: keep it
            opened.close()
            return finish(False)
        window.set_archive(opened)
        window.tell(f"Restored {backup.name}. The archive as it was is kept as "
                    f"{kept.name if kept else '(nothing to keep)'}.", 20_000)
        return finish(True)

    def failed(failure: Failure) -> None:
        """Nothing was restored: open the archive as it was again."""
        if window.archive is None:
            try:
                window.set_archive(Archive.open(path))
            except UserError as exc:
                window.show_problem("Cannot open the archive", str(exc))
        if not failure.is_bug:
            window.show_problem("Restore failed", failure.message)
        finish(False)
        if failure.is_bug and failure.exception is not None:
            raise failure.exception  # the bug dialog, with its details

    window.set_archive(None)
    window.ops.run("Restoring the archive", work, on_success=restored, on_failure=failed,
                   database=False)
    return True
