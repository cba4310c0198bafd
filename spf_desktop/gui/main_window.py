"""The main window: navigation between the views, the File and Help menus."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect, QSettings, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QWidget,
)

from spf_desktop import __version__
from spf_desktop.domain.errors import UserError
from spf_desktop.gui import widgets
from spf_desktop.gui.a11y import announce, set_accessible_role
from spf_desktop.gui.archive.menu_actions import install as install_archive_actions
from spf_desktop.gui.file_dialogs import open_file_name, save_file_name
from spf_desktop.gui.forms.ui_about_dialog import Ui_AboutDialog
from spf_desktop.gui.forms.ui_main_window import Ui_MainWindow
from spf_desktop.gui.help import install as install_help
from spf_desktop.gui.operations import Operations

if TYPE_CHECKING:
    from spf_desktop.store import Archive

MAX_RECENT = 8

VIEW_NAMES = ("Archive", "Audit", "Agenda", "Reports")

NO_ARCHIVE = ("No archive is open.\n\nFile > New archive… starts one; "
              "File > Open archive… opens one you already have.")


def make_view(name: str, ops: Operations) -> QWidget:
    """Build one view. Each view's module is imported here, when the view is
    first shown, so start-up pays only for the Archive view."""
    if name not in VIEW_NAMES:
        raise KeyError(name)
    import importlib

    package = importlib.import_module(f"spf_desktop.gui.{name.lower()}")
    return getattr(package, f"{name}View")(ops=ops)


class Views(Mapping[str, QWidget]):
    """The main window's views by name, each built on first use."""

    def __init__(self, build: Callable[[str], QWidget]) -> None:
        self._build = build
        self._built: dict[str, QWidget] = {}

    def __getitem__(self, name: str) -> QWidget:
        if name not in VIEW_NAMES:
            raise KeyError(name)
        if name not in self._built:
            self._built[name] = self._build(name)
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(VIEW_NAMES)

    def __len__(self) -> int:
        return len(VIEW_NAMES)

    def built(self) -> list[QWidget]:
        return list(self._built.values())

    def is_built(self, name: str) -> bool:
        return name in self._built


class AboutDialog(QDialog):
    def __init__(self, archive_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_AboutDialog()
        self.ui.setupUi(self)
        set_accessible_role(self.ui.title, "heading")
        self.ui.title.setText(f"SPF Desktop {__version__}")
        font = self.ui.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.ui.title.setFont(font)
        self.ui.archivePath.setText(f"Archive: {archive_path}" if archive_path else "No archive open")
        for button in self.ui.buttons.buttons():  # standard buttons get no name from the form
            button.setAccessibleName(button.text().replace("&", ""))


class MainWindow(QMainWindow):
    """Holds one open archive at a time and hands it to every view."""

    archive_changed = Signal()

    def __init__(self, archive: Archive | None, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        app = QGuiApplication.instance()
        if app is not None:  # Enter presses a focused button anywhere in this window
            app.installEventFilter(widgets.EnterPressesButtons(self))
        self.settings = settings
        self.archive: Archive | None = None
        # The views' shared link to the archive: what changed, and background work.
        self.ops = Operations(self)
        self.ops.changed.connect(self._show_changes)
        self.ops.busy_changed.connect(lambda _busy: self.set_writable())
        self.ops.progress.connect(self._show_progress)
        self.ops.busy_changed.connect(self._forget_progress)
        self._progress_said = ""
        # Every view has set_archive(archive | None). Views import heavy modules
        # (reportlab, openpyxl) only when they need them, never at construction;
        # and a view is built only when first shown (see Views).
        self._selection: tuple[str, str] | None = None
        self._resume_pending = False  # an archive opened: participant mode may come back
        for name in VIEW_NAMES:
            # Until an archive is open the page says how to get one, not a blank page.
            slot = widgets.label(NO_ARCHIVE, f"{name} view")
            slot.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.ui.pages.addWidget(slot)
        self.views = Views(self._build_view)
        self.ui.navigation.currentRowChanged.connect(self._show_page)
        for number, name in enumerate(VIEW_NAMES, start=1):
            action = QAction(f"&{number} {name}", self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, n=name: self.show_view(n))
            self.ui.menuView.addAction(action)
            self.addAction(action)  # the shortcut works wherever the focus is
        self.status_label = widgets.label("", "Open archive file", wrap=False)
        # A long path never holds the window wider than the screen: it is cut on
        # screen (its spoken name and tooltip keep all of it).
        self.status_label.setMinimumWidth(120)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Ignored,
                                        QSizePolicy.Policy.Preferred)
        self.ui.statusbar.addPermanentWidget(self.status_label)

        self.ui.actionNew.triggered.connect(self._choose_new)
        self.ui.actionOpen.triggered.connect(self._choose_open)
        self.ui.actionBackup.triggered.connect(self._choose_backup)
        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionAbout.triggered.connect(self.show_about)
        self.ui.menuRecent.aboutToShow.connect(self._fill_recent)
        install_archive_actions(self)  # File > Open read-only, Restore, Import, Export, Purge
        self.guide_action = install_help(self)  # Help > User guide (F1)

        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        self.fit_to_screen()  # the form's 1100x720 (or a bigger screen's) on a 1024x768 one
        self.set_archive(archive)
        with QSignalBlocker(self.ui.navigation):  # views are built once an archive is open
            self.ui.navigation.setCurrentRow(0)
        self.ui.navigation.setFocus(Qt.FocusReason.OtherFocusReason)

    def fit_to_screen(self, available: QRect | None = None) -> None:
        """Keep the window, frame and all, inside the screen's available area (the
        screen it is on, or ``available``): shrunk if too big, moved if off it."""
        if self.isMaximized() or self.isFullScreen():
            return  # the window system keeps those inside the screen
        if available is None:
            screen = self.screen() or QGuiApplication.primaryScreen()
            if screen is None:
                return
            available = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w = max(frame.width() - self.width(), 0)
        extra_h = max(frame.height() - self.height(), 0)
        width = min(self.width(), available.width() - extra_w)
        height = min(self.height(), available.height() - extra_h)
        self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))
        frame = self.frameGeometry()
        x = min(max(frame.x(), available.x()), available.right() - frame.width() + 1)
        y = min(max(frame.y(), available.y()), available.bottom() - frame.height() + 1)
        self.move(max(x, available.x()), max(y, available.y()))

    # -- views ----------------------------------------------------------------

    def _build_view(self, name: str) -> QWidget:
        view = make_view(name, self.ops)
        index = VIEW_NAMES.index(name)
        slot = self.ui.pages.widget(index)
        current = self.ui.pages.currentIndex()
        self.ui.pages.insertWidget(index, view)
        self.ui.pages.removeWidget(slot)
        slot.deleteLater()
        self.ui.pages.setCurrentIndex(current)
        if name == "Archive":
            # The Reports view lists what can be printed for the archive selection.
            view.selection_changed.connect(self._selection_changed)  # type: ignore[attr-defined]
            from spf_desktop.gui.archive.menu_actions import connect_view

            connect_view(self, view)
            view.open_requested.connect(self.open_record)  # type: ignore[attr-defined]
        if name == "Agenda":
            # A meeting's audit section starts participant mode in the Audit view.
            view.participant_mode_requested.connect(  # type: ignore[attr-defined]
                self.start_participant_mode_for)
        view.set_archive(self.archive)  # type: ignore[attr-defined]
        if not self.writable:
            view.set_writable(False)  # type: ignore[attr-defined]
        if name == "Reports" and self._selection is not None:
            view.set_selection(*self._selection)  # type: ignore[attr-defined]
        return view

    def _selection_changed(self, kind: str, record_id: str) -> None:
        self._selection = (kind, record_id)
        if self.views.is_built("Reports"):
            self.views["Reports"].set_selection(kind, record_id)  # type: ignore[attr-defined]

    def _show_page(self, row: int) -> None:
        if row >= 0:
            self.views[VIEW_NAMES[row]]
            self.ui.pages.setCurrentIndex(row)

    def show_view(self, name: str) -> None:
        self.ui.navigation.setCurrentRow(VIEW_NAMES.index(name))

    def open_record(self, kind: str, record_id: str) -> bool:
        """Take the user to a record in its own view: a round in the Audit view (its
        results), a meeting in the Agenda view (its plan)."""
        if kind == "round":
            self.show_view("Audit")
            return self.views["Audit"].show_round(record_id)  # type: ignore[attr-defined]
        if kind == "meeting":
            self.show_view("Agenda")
            return self.views["Agenda"].show_meeting(record_id)  # type: ignore[attr-defined]
        return False

    def start_participant_mode_for(self, round_id: str) -> QWidget | None:
        """Participant mode for a meeting's audit round. Refused (not open, no PIN),
        the Audit view is shown with the reason; once the facilitator leaves
        participant mode, the window comes back where the request came from."""
        came_from = self.current_view
        kiosk = self.views["Audit"].start_participant_mode_for(round_id)  # type: ignore[attr-defined]
        if kiosk is None:
            self.show_view("Audit")
        else:
            kiosk.left.connect(lambda: self.show_view(came_from))
        return kiosk

    @property
    def current_view(self) -> str:
        return VIEW_NAMES[self.ui.pages.currentIndex()]

    # -- changes and writability ----------------------------------------------

    def _show_changes(self, kinds: frozenset) -> None:
        """Every built view hears of every committed change, whoever made it."""
        for view in self.views.built():
            view.show_changes(kinds)  # type: ignore[attr-defined]

    @property
    def writable(self) -> bool:
        """Whether anything may write now: an archive open for writing, and no
        background operation writing to it."""
        return self.archive is not None and not self.archive.read_only and not self.ops.busy

    def set_writable(self) -> None:
        """The one place writability is applied: every control marked as writing, in
        the window's menus and in every view, goes off while the archive is read-only
        or a background operation writes, and each view's own rules switch them back."""
        writable = self.writable
        widgets.set_writable(self, writable)
        for view in self.views.built():
            view.set_writable(writable)  # type: ignore[attr-defined]
        self.ui.actionBackup.setEnabled(self.archive is not None and not self.ops.busy)

    def _show_progress(self, label: str, fraction: float | None) -> None:
        done = f" ({fraction:.0%})" if fraction is not None else ""
        self.ui.statusbar.showMessage(f"{label}…{done}", 2_000)
        if label != self._progress_said:  # what started is said once, not every step
            self._progress_said = label
            announce(self, f"{label}…")

    def tell(self, text: str, msecs: int = 15_000, *, problem: bool = False) -> None:
        """A result in the status bar (a back-up written, an archive restored), said
        aloud too: politely, or at once when it is a problem."""
        self.ui.statusbar.showMessage(text, msecs)
        announce(self, text, assertive=problem)

    def _forget_progress(self, busy: bool) -> None:
        if not busy:
            self._progress_said = ""

    # -- the archive ----------------------------------------------------------

    def set_archive(self, archive: Archive | None) -> None:
        self.ops.set_archive(archive)
        if self.archive is not None and self.archive is not archive:
            self.archive.close()
        self.archive = archive
        for view in self.views.built():
            view.set_archive(archive)  # type: ignore[attr-defined]
        if archive is not None:
            # the first archive builds the view on screen (at start-up, the window
            # is painted before any view exists)
            self.views[self.current_view]
        if archive is None:
            self.status_label.setText("No archive open")
            self._show_no_archive()
            self.setWindowTitle("SPF Desktop")
        else:
            suffix = " (read-only)" if archive.read_only else ""
            self.status_label.setText(f"Archive: {archive.path}{suffix}")
            self.status_label.setToolTip(str(archive.path))
            self.setWindowTitle(f"{archive.path.name}{suffix} - SPF Desktop")
            self._remember(archive.path)
        self.ui.actionBackup.setEnabled(archive is not None)
        self.archive_changed.emit()
        self.set_writable()
        # Stopped in participant mode (a kill, a crash)? Back to it, before anyone can
        # use this window: at once if it shows, else as soon as it does.
        self._resume_pending = archive is not None
        if self.isVisible():
            self._resume_participant_mode()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._resume_pending:
            QTimer.singleShot(0, self._resume_participant_mode)

    def _resume_participant_mode(self) -> None:
        if not self._resume_pending:
            return
        self._resume_pending = False
        from spf_desktop.gui.audit.resume import resume_participant_mode

        resume_participant_mode(self)

    def show_opening(self, path: Path) -> None:
        self.status_label.setText(f"Opening {path}…")
        for index in range(self.ui.pages.count()):
            page = self.ui.pages.widget(index)
            if isinstance(page, QLabel):  # a view not built yet
                page.setText(f"Opening {path.name}…")

    def _show_no_archive(self) -> None:
        for index in range(self.ui.pages.count()):
            page = self.ui.pages.widget(index)
            if isinstance(page, QLabel):
                page.setText(NO_ARCHIVE)

    def open_archive(self, path: Path, *, create: bool = False) -> bool:
        """Open (or create) another archive; on failure keep the current one and say why."""
        from spf_desktop.store import Archive

        if self.archive is not None and Path(path).absolute() == self.archive.path:
            return True
        try:
            archive = Archive.open(path, create=create)
        except UserError as exc:
            self.show_problem("Cannot open the archive", str(exc))
            return False
        self.set_archive(archive)
        return True

    def backup_to(self, target: Path,
                  on_done: Callable[[Path | None], None] | None = None) -> bool:
        """Back up in the background (gui.archive.menu_actions.back_up)."""
        from spf_desktop.gui.archive.menu_actions import back_up

        return back_up(self, target, on_done)

    def show_problem(self, title: str, text: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName(title)
        box.open()
        self.last_message = box
        return box

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember(self, path: Path) -> None:
        recent = [str(path)] + [p for p in self.recent_files() if p != str(path)]
        self.settings.setValue("recent", recent[:MAX_RECENT])

    def _fill_recent(self) -> None:
        menu = self.ui.menuRecent
        menu.clear()
        for entry in self.recent_files():
            action = menu.addAction(entry)
            action.triggered.connect(lambda _=False, p=entry: self.open_archive(Path(p)))
        if menu.isEmpty():
            menu.addAction("(none yet)").setEnabled(False)

    def _choose_new(self) -> None:
        path, _ = save_file_name(self, "New archive", "", "SPF archives (*.db)")
        if path:
            if Path(path).exists():
                self.show_problem("Cannot create the archive",
                                  f"{path} already exists. Use File > Open to open it.")
                return
            self.open_archive(Path(path), create=True)

    def _choose_open(self) -> None:
        path, _ = open_file_name(self, "Open archive", "", "SPF archives (*.db);;All files (*)")
        if path:
            self.open_archive(Path(path))

    def _choose_backup(self) -> None:
        if self.archive is None:
            return
        suggested = self.archive.path.with_name(f"{self.archive.path.stem}-copy.db")
        path, _ = save_file_name(self, "Back up the archive to", str(suggested),
                                              "SPF archives (*.db)")
        if path:
            self.backup_to(Path(path))

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.archive.path if self.archive else None, self)
        dialog.open()
        self.about_dialog = dialog
        return dialog

    # -- closing --------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        for view in self.views.built():  # typed but not yet applied: keep it
            save_pending = getattr(view, "save_pending", None)
            if save_pending is not None and self.archive is not None:
                save_pending()
        self.ops.wait_for_done()
        if self.archive is not None:
            self.ops.set_archive(None)
            self.archive.close()
            self.archive = None
        super().closeEvent(event)
