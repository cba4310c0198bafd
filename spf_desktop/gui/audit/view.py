"""The Audit view: the facilitator's side of the partnership behaviours audit.

Choose a forum and a round; open and close it; start participant mode on the
shared laptop; screen comments; type in paper forms; see and present results.
Nothing is made or read until the view is first shown, so start-up stays fast.

The view follows the views' protocol (``gui.view_base``): every write, made
here, in participant mode or anywhere else, reaches ``reload_for`` through the
change hook, and ``update_enabled`` holds the rules for the buttons that write.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.errors import UserError
from spf_desktop.domain.results_text import counted
from spf_desktop.gui import widgets
from spf_desktop.gui.audit.idle_override import idle_warn_seconds
from spf_desktop.gui.operations import Operations
from spf_desktop.gui.view_base import ViewMixin
from spf_desktop.gui.widgets import buddy, button, label, named, set_role
from spf_desktop.store import audit, repo
from spf_desktop.store.connection import Change, Changes

if TYPE_CHECKING:
    from spf_desktop.gui.audit.kiosk import KioskWindow
    from spf_desktop.gui.audit.panels import Panel
    from spf_desktop.store import Archive
    from spf_desktop.store.connection import ArchiveDatabase

STATUS_TEXT = {
    "draft": "Draft: not taking responses yet",
    "open": "Open: taking responses",
    "closed": "Closed",
}


class AuditView(ViewMixin, QWidget):
    shows = frozenset({Change.FORUM, Change.QUESTION_SET, Change.BENCHMARK, Change.ROUND,
                       Change.RESPONSE, Change.SETTING, Change.MEETING})

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        ops: Operations | None = None,
        clock: Callable[[], float] = time.monotonic,
        idle_warn: float = 90.0,
        idle_discard: float = 30.0,
        thanks_seconds: float = 5.0,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Audit view")
        # On its own (in tests, say) the view listens to the archive's changes itself.
        self._own_ops = ops is None
        self.ops = ops or Operations(self)
        if self._own_ops:
            self.ops.changed.connect(self.show_changes)
        self.archive: Archive | None = None
        self.clock = clock
        self.kiosk_options = {"idle_warn": idle_warn_seconds(idle_warn),
                              "idle_discard": idle_discard,
                              "thanks_seconds": thanks_seconds}
        self.kiosk: KioskWindow | None = None
        self.dialog: QDialog | None = None  # the forum settings dialog last opened
        self._built = False  # the controls are made when the view is first shown

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_built()
        super().showEvent(event)

    def ensure_built(self) -> None:
        """Make the controls once. Start-up does not pay for a view nobody opened yet."""
        if self._built:
            return
        self._built = True
        self._build_round_bar()
        self._build_tabs()
        if not widgets.is_writable(self):  # made after the window went read-only
            widgets.set_writable(self, False)
        if self.archive is not None:
            self._load_archive()
        else:
            self._show_round()

    def _build_round_bar(self) -> None:
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        row = QHBoxLayout()
        self.forum = named(QComboBox(), "Forum")
        row.addWidget(buddy("Forum:", self.forum))
        self.forum.currentIndexChanged.connect(self._forum_changed)
        self.forum.activated.connect(self._clear_message)  # the facilitator chose another
        row.addWidget(self.forum, 1)
        # The forum's settings (its name, ways of working, defaults for new rounds);
        # a new forum made with them all.
        self.settings_button = button("Forum settings…", "Edit forum settings",
                                      "The chosen forum's name, region, marking, ways of "
                                      "working and the defaults its new rounds start with")
        self.settings_button.clicked.connect(self.open_forum_settings)
        row.addWidget(self.settings_button)
        self.new_forum_button = button("New forum…", "New forum with settings",
                                       "Add a forum with its name, region, marking, ways of "
                                       "working and defaults", writes_archive=True)
        self.new_forum_button.clicked.connect(self.open_new_forum)
        row.addWidget(self.new_forum_button)
        self.round = named(QComboBox(), "Audit round")
        row.addWidget(buddy("Round:", self.round))
        self.round.currentIndexChanged.connect(self._round_changed)
        self.round.activated.connect(self._clear_message)
        row.addWidget(self.round, 1)
        layout.addLayout(row)

        row = QHBoxLayout()
        self.status = label("", "Round status", wrap=False)
        self.counter = label("", "Responses so far", role="heading", wrap=False)
        row.addWidget(self.status)
        row.addWidget(self.counter)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.open_button = button("Open round", writes_archive=True)
        self.open_button.clicked.connect(self.open_round)
        self.close_button = button("Close round", writes_archive=True)
        self.close_button.clicked.connect(self.ask_close_round)
        self.last_message: QMessageBox | None = None
        # participant mode stores responses: it writes
        self.start_button: QPushButton = button("Start participant mode", writes_archive=True)
        self.start_button.clicked.connect(self.start_participant_mode)
        for b in (self.open_button, self.close_button, self.start_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        # every confirmation is said politely, every error at once (its error style)
        self.message = label("", "Audit message", live="polite")
        layout.addWidget(self.message)

    def _build_tabs(self) -> None:
        # Imported here, not at the top, so the main window starts without them.
        from spf_desktop.gui.audit.new_round import NewRoundPanel
        from spf_desktop.gui.audit.panels import PaperFormPanel, PinPanel, ScreeningPanel
        from spf_desktop.gui.audit.question_sets import QuestionSetPanel
        from spf_desktop.gui.audit.results_view import ResultsView

        self.tabs = named(QTabWidget(), "Audit tasks")
        self.tabs.currentChanged.connect(self._clear_message)  # a message is about a task
        self.results = ResultsView()
        self.results.present_requested.connect(lambda: self.results.present())
        self.screening = ScreeningPanel(self.ops)
        self.paper = PaperFormPanel(self.ops)
        self.new_round = NewRoundPanel(self.ops)
        self.question_sets = QuestionSetPanel(self.ops)
        self.pin = PinPanel(self.ops)
        self.pages: dict[QWidget, QWidget] = {}
        # The results fit the page by themselves (the chart shares the height, the
        # table scrolls): a page scroll area round them would fight the table's.
        self.pages[self.results] = self.results
        self.tabs.addTab(self.results, "Results")
        for widget, title in ((self.screening, "Screen comments"),
                              (self.paper, "Paper forms"), (self.new_round, "New round"),
                              (self.question_sets, "Question sets"),
                              (self.pin, "Facilitator PIN")):
            # a small window scrolls a page rather than clipping it
            page = named(QScrollArea(), f"{title} page")
            page.setWidgetResizable(True)
            page.setFrameShape(QFrame.Shape.NoFrame)
            page.setWidget(widget)
            self.pages[widget] = page
            self.tabs.addTab(page, title)
        self.panels: list[Panel] = [self.screening, self.paper, self.new_round,
                                    self.question_sets, self.pin]
        for panel in self.panels:
            panel.message.connect(self.say)
        self.new_round.forum_created.connect(self._select_forum)
        self.new_round.round_created.connect(self._select_round)
        self._layout.addWidget(self.tabs, 1)

    def show_tab(self, widget: QWidget) -> None:
        self.ensure_built()
        self.tabs.setCurrentWidget(self.pages[widget])

    # -- state --------------------------------------------------------------

    @property
    def db(self) -> ArchiveDatabase | None:
        return self.archive.db if self.archive is not None else None

    @property
    def round_id(self) -> str | None:
        return self.round.currentData()

    def set_archive(self, archive: Archive | None) -> None:
        self.archive = archive
        if self._own_ops:
            self.ops.set_archive(archive)
            self.set_writable(archive is not None and not archive.read_only)
        if self._built:
            self._load_archive()

    def _load_archive(self) -> None:
        for panel in self.panels:
            panel.set_db(self.db)
        self.results.fill_screens()
        self._refresh_forums()
        self.say("")

    def reload_for(self, kinds: Changes) -> None:
        """Someone wrote: show it, keeping the forum, the round and the tab chosen."""
        if not self._built or self.archive is None:
            return
        if Change.QUESTION_SET in kinds:
            self.new_round.fill_question_sets()
        if kinds & {Change.QUESTION_SET, Change.ROUND, Change.RESPONSE}:
            self.question_sets.reload()  # a first answer freezes a set: its note says so
        if Change.SETTING in kinds:
            self.pin.refresh()
        if Change.MEETING in kinds:
            self.new_round.fill_meetings()
        if kinds & {Change.FORUM, Change.ROUND, Change.RESPONSE, Change.BENCHMARK,
                    Change.QUESTION_SET}:
            self._refresh_forums()
        if Change.FORUM in kinds:  # its settings may give new rounds other defaults
            self.new_round.take_forum_defaults()

    def update_enabled(self) -> None:
        if not self._built:
            return
        for panel in self.panels:
            panel.update_enabled()
        self._show_round()
        self._update_forum_buttons()

    def _update_forum_buttons(self) -> None:
        self.settings_button.setEnabled(self.db is not None and self.forum.currentData() is not None)
        self.new_forum_button.setEnabled(self.db is not None)

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, "error" if error else None)

    def _clear_message(self) -> None:
        """Another tab, forum or round: what was said about the last one is gone."""
        self.say("")

    def _refresh_forums(self) -> None:
        current = self.forum.currentData()
        self.forum.blockSignals(True)
        self.forum.clear()
        if self.db is not None:
            for f in repo.forums(self.db):
                self.forum.addItem(f["name"], f["id"])
        index = self.forum.findData(current) if current else -1
        self.forum.setCurrentIndex(index if index >= 0 else (0 if self.forum.count() else -1))
        self.forum.blockSignals(False)
        self._forum_changed()

    def _forum_changed(self) -> None:
        forum_id = self.forum.currentData()
        self.new_round.set_forum(forum_id)  # and the forum's defaults for a new round
        self._update_forum_buttons()
        self.question_sets.forum_id = forum_id
        current = self.round.currentData()
        self.round.blockSignals(True)
        self.round.clear()
        if self.db is not None and forum_id:
            rows = repo.rounds(self.db, forum_id)
            for r in rows:
                self.round.addItem(f"{r['label']} ({r['date']})", r["id"])
            index = self.round.findData(current) if current else -1
            self.round.setCurrentIndex(index if index >= 0 else self.round.count() - 1)
        self.round.blockSignals(False)
        self._round_changed()

    def _select_forum(self, forum_id: str) -> None:
        index = self.forum.findData(forum_id)
        if index >= 0:
            self.forum.setCurrentIndex(index)

    def _select_round(self, round_id: str) -> None:
        self._forum_changed()
        index = self.round.findData(round_id)
        if index >= 0:
            self.round.setCurrentIndex(index)

    def show_round(self, round_id: str) -> bool:
        """Choose ``round_id`` (and its forum), and show its results: the Archive view
        opens a round here. False (and a message) if it is not in the archive."""
        self.ensure_built()
        rnd = repo.get(self.db, "rounds", round_id) if self.db is not None else None
        if rnd is None:
            self.say("That audit round is no longer in the archive.", True)
            return False
        self._select_forum(rnd["forum_id"])
        self._select_round(round_id)
        self.tabs.setCurrentWidget(self.results)
        self.round.setFocus(Qt.FocusReason.OtherFocusReason)  # the keyboard follows the round
        return self.round_id == round_id

    def _round_changed(self) -> None:
        self.screening.show_round(self.round_id)
        self.paper.show_round(self.round_id)
        self._show_round()

    def _show_round(self) -> None:
        rnd = repo.get(self.db, "rounds", self.round_id) if self.db and self.round_id else None
        status = rnd["status"] if rnd is not None else None
        self.open_button.setEnabled(status in ("draft", "closed"))
        text = "Reopen round" if status == "closed" else "Open round"
        self.open_button.setText(text)
        self.open_button.setAccessibleName(text)  # the name says what the button says
        self.close_button.setEnabled(status == "open")
        self.start_button.setEnabled(status == "open")
        self.paper.set_open(status)
        if rnd is None:
            self.status.setText("No round chosen. Create one in the New round tab."
                                if self.db is not None else "No archive is open.")
            self.counter.setText("")
            self.results.show_results(None)
            return
        self.status.setText(STATUS_TEXT[rnd["status"]] + ".")
        n = repo.response_count(self.db, rnd["id"])
        self.counter.setText(counted(n, "response"))
        from spf_desktop.store.peers import comparison_for
        from spf_desktop.store.results import load_round_results

        res = load_round_results(self.db, rnd["id"])
        self.results.show_results(res, screened=audit.comments_screened(self.db, rnd["id"]),
                                  peers=comparison_for(self.db, rnd["date"], res))

    # -- actions ------------------------------------------------------------

    def _act(self, action: Callable[[], object], success: str) -> bool:
        if self.db is None or self.round_id is None:
            self.say("Choose a round first.", True)
            return False
        try:
            action()
        except UserError as exc:
            self.say(str(exc), True)
            return False
        self.ops.flush()  # every view shows it before the click handler returns
        self.say(success)
        return True

    def open_round(self) -> None:
        if self._act(lambda: audit.open_round(self.db, self.round_id), "The round is open."):
            # the button pressed is off now: the keyboard goes on to the next step
            self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_close_round(self) -> QMessageBox | None:
        """Closing ends the taking of responses: ask first, with No as the default."""
        if self.db is None or self.round_id is None:
            self.say("Choose a round first.", True)
            return None
        rnd = repo.get(self.db, "rounds", self.round_id) or {}
        n = repo.response_count(self.db, self.round_id)
        box = QMessageBox(QMessageBox.Icon.Question, "Close round",
                          f"Close the round \"{rnd.get('label', '')}\" now? It has "
                          f"{n} response{'s' * (n != 1)}; once closed it takes no more until it "
                          "is reopened.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setAccessibleName("Close round?")
        box.button(QMessageBox.StandardButton.Yes).setAccessibleName("Yes, close it")
        box.button(QMessageBox.StandardButton.No).setAccessibleName("No, keep it open")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        round_id = self.round_id
        box.buttonClicked.connect(
            lambda b: self._close(round_id)
            if box.standardButton(b) == QMessageBox.StandardButton.Yes else None)
        box.open()
        self.last_message = box
        return box

    def _close(self, round_id: str) -> None:
        if self.round_id != round_id:
            self._select_round(round_id)
        self.close_round()

    def close_round(self) -> None:
        """Close the round, then show its results: the facilitator's next step."""
        if self._act(lambda: audit.close_round(self.db, self.round_id), ""):
            self.tabs.setCurrentWidget(self.results)
            self.results.table.setFocus(Qt.FocusReason.OtherFocusReason)  # to read them
            self.say("The round is closed: it takes no more responses. Its results are "
                     "shown below.")

    def start_participant_mode(self) -> KioskWindow | None:
        """Hand the laptop over: the main window hides, the kiosk covers the screen."""
        self.ensure_built()
        if self.db is None or self.round_id is None:
            self.say("Choose a round first.", True)
            return None
        if not widgets.is_writable(self):
            self.say("This archive is read-only: participant mode cannot store answers.", True)
            return None
        rnd = repo.get(self.db, "rounds", self.round_id)
        if rnd is None or rnd["status"] != "open":
            self.say("Open the round before starting participant mode.", True)
            return None
        if not audit.pin_hash(self.db):
            self.show_tab(self.pin)  # first: a new tab clears the message
            self.say("Set a facilitator PIN first (Facilitator PIN tab): it is the only way "
                     "out of participant mode.", True)
            return None
        from spf_desktop.gui.audit.kiosk import KioskWindow

        try:
            kiosk = KioskWindow(self.db, self.round_id, clock=self.clock, **self.kiosk_options)
        except UserError as exc:
            self.say(str(exc), True)
            return None
        # Each submission reaches this view (the count, the results) and the others
        # through the change hook; nothing here listens to the kiosk's writes.
        kiosk.left.connect(self._participant_mode_left)
        self.kiosk = kiosk
        main = self.window()
        screen = main.screen() if main is not None else None
        if main is not None and main is not self:
            main.hide()  # nothing of the facilitator's screens stays reachable
        kiosk.show_kiosk(screen)
        return kiosk

    def start_participant_mode_for(self, round_id: str) -> KioskWindow | None:
        """Participant mode for ``round_id`` (a meeting's audit section asks for it):
        its forum and round are chosen here first, and it is refused, with the
        reason said here, exactly as the button refuses (not open, no PIN)."""
        if not self.show_round(round_id):
            return None
        return self.start_participant_mode()

    def _participant_mode_left(self) -> None:
        self.ops.flush()  # the last submissions are shown before the window comes back
        main = self.window()
        if main is not None and main is not self:
            main.show()
        if self.kiosk is not None:
            self.kiosk.deleteLater()
            self.kiosk = None
        self.say("Participant mode ended.")
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the forum's settings ------------------------------------------------

    def open_forum_settings(self) -> QDialog | None:
        """The chosen forum's settings dialog (shown with ``open()``)."""
        from spf_desktop.gui.forum_settings import open_forum_settings

        forum_id = self.forum.currentData()
        if self.archive is None or forum_id is None:
            return None
        dialog = open_forum_settings(self, self.ops, self.archive, forum_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        return dialog

    def open_new_forum(self) -> QDialog | None:
        """A new forum with all its settings (its ways of working start with the
        defaults); once saved it is the forum chosen here."""
        from spf_desktop.gui.forum_settings import open_new_forum

        if self.archive is None or self.archive.read_only:
            return None
        dialog = open_new_forum(self, self.ops, self.archive)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._select_forum)
        self.dialog = dialog
        return dialog
