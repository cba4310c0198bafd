"""Starting the desktop app: the QApplication, the archive, the main window."""

from __future__ import annotations

import contextlib
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from spf_desktop import APP_NAME, STARTED_AT, __version__
from spf_desktop.paths import data_dir, ui_file

if TYPE_CHECKING:
    from spf_desktop.store import Archive

# The store (sqlite-utils, filelock) is imported only once the window is on
# screen: the window appears at once and the archive opens a moment later.


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("SPF Desktop")
    app.setStyleSheet(stylesheet("style.qss"))
    return app  # type: ignore[return-value]


def stylesheet(name: str, *, high_contrast: bool | None = None) -> str:
    """A stylesheet from ``ui/`` (every colour and type size the app uses lives in
    those files, where the contrast test reads them); empty if it is missing.

    When the system asks for high contrast (Windows' high contrast themes), the
    sheet's own colours give way to the system's: ``without_own_colours``."""
    path = ui_file(name)
    sheet = path.read_text(encoding="utf-8") if path.exists() else ""
    if high_contrast is None:
        high_contrast = system_wants_high_contrast()
    return without_own_colours(sheet) if high_contrast else sheet


def system_wants_high_contrast() -> bool:
    """True when the platform reports a high-contrast preference (Qt 6.10+)."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    hints = QGuiApplication.styleHints()  # held: the accessibility hints belong to it
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is None:
        return False
    return bool(accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast)


_OWN_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|rgba?\([^)]*\)")
_SYSTEM = {"color": "palette(window-text)", "background-color": "palette(window)",
           "background": "palette(window)", "selection-color": "palette(highlighted-text)",
           "selection-background-color": "palette(highlight)"}
_DECLARATION = re.compile(r"(?P<prop>[a-z-]+)\s*:\s*(?P<value>[^;{}]*)")


def without_own_colours(sheet: str) -> str:
    """The sheet with every colour it names replaced by the system palette's, so a
    high-contrast theme's text and background are never overridden: text takes
    the theme's text colour, backgrounds its window colour, and borders (focus
    rings, warnings) its highlight colour. Sizes, weights and spacing stay."""
    def system(match: re.Match[str]) -> str:
        prop, value = match.group("prop"), match.group("value")
        if not _OWN_COLOUR.search(value):
            return match.group(0)
        if prop in _SYSTEM:
            return f"{prop}: {_SYSTEM[prop]}"
        return f"{prop}: {_OWN_COLOUR.sub('palette(highlight)', value)}"
    return _DECLARATION.sub(system, sheet)


def settings_for(folder: Path) -> QSettings:
    """The app's settings file (window places, recent archives) in ``folder``.

    The folder is made readable by its owner only, like the archive's, and the
    file is made 0600 before Qt first writes it (Qt keeps an existing file's mode).
    """
    import os

    from spf_desktop.paths import make_private_dir

    make_private_dir(folder)
    ini = folder / "settings.ini"
    if not ini.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(ini, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return QSettings(str(ini), QSettings.Format.IniFormat)


def restore_copy_of(backup: Path, damaged: Path) -> Path:
    """Copy a good backup beside the damaged file; the damaged file stays as it is."""
    import shutil
    from datetime import datetime

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = damaged.with_name(f"{damaged.stem}-restored-{stamp}.db")
    shutil.copy2(backup, target)
    return target


class Prompts:
    """How start-up problems reach the user: message boxes in the app, stderr in
    the self-test, recorded answers in tests."""

    def tell(self, title: str, text: str) -> None:
        QMessageBox.critical(None, title, text)

    def ask(self, title: str, text: str) -> bool:
        return QMessageBox.question(None, title, text) == QMessageBox.StandardButton.Yes


class StderrPrompts(Prompts):
    def tell(self, title: str, text: str) -> None:
        sys.stderr.write(f"{text}\n")

    def ask(self, title: str, text: str) -> bool:
        sys.stderr.write(f"{text}\n")
        return False


def open_with_dialogs(path: Path, prompts: Prompts | None = None) -> Archive | None:
    """Open the archive, turning each problem into a plain message.

    A damaged file is never touched; the user is offered a copy of the newest
    good backup instead.
    """
    from spf_desktop.store import Archive, ArchiveError, DamagedArchive
    from spf_desktop.store.backups import newest_good_backup

    prompts = prompts or Prompts()
    try:
        return Archive.open(path)
    except DamagedArchive as exc:
        backup = newest_good_backup(exc.path)
        if backup is None:
            prompts.tell("The archive is damaged", f"{exc}\n\nNo good backup was found.")
            return None
        if not prompts.ask(
            "The archive is damaged",
            f"{exc}\n\nThe newest good backup is {backup.name}. Open a copy of it instead? "
            "(The damaged file is kept as it is.)",
        ):
            return None
        try:
            return Archive.open(restore_copy_of(backup, exc.path))
        except (ArchiveError, OSError) as again:
            prompts.tell("Cannot open the backup", str(again))
            return None
    except ArchiveError as exc:
        prompts.tell("Cannot open the archive", str(exc))
        return None


def run(db_path: Path, *, self_test: bool = False) -> int:
    """Run the app on ``db_path``; with ``self_test``, show every view once and exit.

    The window is shown first, empty, and the archive is opened from the event
    loop right after, so the app answers at once even with a large archive.
    The self-test keeps its window places and recent files in a throwaway
    folder: checking an install never changes the user's own settings.
    """
    if not self_test:
        return _run(db_path, data_dir(), self_test=False)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="spf-self-test-settings-",
                                     ignore_cleanup_errors=True) as tmp:
        return _run(db_path, Path(tmp), self_test=True)


def _run(db_path: Path, settings_folder: Path, *, self_test: bool) -> int:
    from spf_desktop.gui.main_window import VIEW_NAMES, MainWindow

    app = make_application()
    if not self_test:
        from spf_desktop.gui.errors import install_bug_dialog

        install_bug_dialog()
    window = MainWindow(None, settings_for(settings_folder))
    window.show_opening(db_path)
    window.show()
    result = {"code": 0}

    def open_archive() -> bool:
        archive = open_with_dialogs(db_path, StderrPrompts() if self_test else Prompts())
        if archive is None:
            result["code"] = 1
            window.close()
            app.quit()
            return False
        window.set_archive(archive)
        return True

    if not self_test:
        QTimer.singleShot(0, open_archive)
        code = app.exec()
        return result["code"] or code

    def walk() -> None:
        try:
            print(f"first window {time.perf_counter() - STARTED_AT:.3f} s", flush=True)
            if not open_archive():
                return
            print(f"archive open {time.perf_counter() - STARTED_AT:.3f} s", flush=True)
            for name in VIEW_NAMES:
                window.show_view(name)
                app.processEvents()
                if window.current_view != name:
                    raise RuntimeError(f"the {name} view did not show")
                print(f"view {name}: ok", flush=True)
        except Exception as exc:
            print(f"self-test failed: {exc}", file=sys.stderr, flush=True)
            result["code"] = 1
        finally:
            window.close()
            app.quit()

    QTimer.singleShot(0, walk)
    app.exec()
    return result["code"]


def run_self_test(db_path: Path | None) -> int:
    """``--self-test``: on the given archive, or on a temporary demo archive."""
    if db_path is not None:
        return run(db_path, self_test=True)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="spf-self-test-") as tmp:
        from spf_desktop.store import Archive
        from spf_desktop.store.demo import write_demo

        path = Path(tmp) / "demo.db"
        with Archive.open(path) as archive:
            write_demo(archive.db)
        return run(path, self_test=True)
