"""The Audit view: the facilitator's side of the partnership behaviours audit.

Choose a forum and a round; open and close it; start participant mode on the
shared laptop; screen comments; type in paper forms; see and present results.
Nothing is made or read until the view is first shown, so start-up stays fast.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.errors import UserError
from spf_desktop.gui.operations import Operations
from spf_desktop.gui.view_base import ViewMixin
from spf_desktop.store import audit, repo
from spf_desktop.store.connection import Change, Changes

if TYPE_CHECKING:
    from spf_desktop.gui.audit.panels import Panel

STATUS_TEXT = {
    "draft": "Draft: not taking responses yet",
    "open": "Open: taking responses",
    "closed": "Closed",
}


class AuditView(ViewMixin, QWidget):
    # Forums, rounds and their responses and results: without this, reload_for never ran.
    shows = frozenset({Change.FORUM, Change.QUESTION_SET, Change.BENCHMARK, Change.ROUND,
                       Change.RESPONSE})

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
        self.ops = ops or Operations(self)
        self.archive = None
        self.clock = clock
        self.kiosk_options = {"idle_warn": idle_warn, "idle_discard": idle_discard,
                              "thanks_seconds": thanks_seconds}
        self.kiosk = None
        self._built = False  # the controls are made when the view is first shown

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self._built and self.archive is not None and not event.spontaneous():
            self._refresh_forums()  # other views may have changed the archive meanwhile
        self.ensure_built()
        super().showEvent(event)

    def ensure_built(self) -> None:
        """Make the controls once. Start-up does not pay for a view nobody opened yet."""
        if self._built:
            return
        self._built = True
        self._build()
        if self.archive is not None:
            self._load_archive()

    def _build(self) -> None:
        # Imported here, not at the top, so the main window starts without them.
        from spf_desktop.gui.audit.panels import (
            NewRoundPanel,
            PaperFormPanel,
            PinPanel,
            QuestionSetPanel,
            ScreeningPanel,
            button,
            named,
        )
        from spf_desktop.gui.audit.results_view import ResultsView

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)

        row = QHBoxLayout()
        row.addWidget(QLabel("Forum:"))
        self.forum = named(QComboBox(), "Forum")
        self.forum.currentIndexChanged.connect(self._forum_changed)
        row.addWidget(self.forum, 1)
        row.addWidget(QLabel("Round:"))
        self.round = named(QComboBox(), "Audit round")
        self.round.currentIndexChanged.connect(self._round_changed)
        row.addWidget(self.round, 1)
        layout.addLayout(row)

        row = QHBoxLayout()
        self.status = named(QLabel(), "Round status")
        self.counter = named(QLabel(), "Responses so far")
        self.counter.setProperty("role", "heading")
        row.addWidget(self.status)
        row.addWidget(self.counter)
        row.addStretch(1)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.open_button = button("Open round")
        self.open_button.clicked.connect(self.open_round)
        self.close_button = button("Close round")
        self.close_button.clicked.connect(self.close_round)
        self.start_button: QPushButton = button("Start participant mode")
        self.start_button.clicked.connect(self.start_participant_mode)
        for b in (self.open_button, self.close_button, self.start_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = named(QLabel(), "Audit message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.tabs = named(QTabWidget(), "Audit tasks")
        self.results = ResultsView()
        self.results.present_requested.connect(lambda: self.results.present())
        self.screening = ScreeningPanel()
        self.paper = PaperFormPanel()
        self.new_round = NewRoundPanel()
        self.question_sets = QuestionSetPanel()
        self.pin = PinPanel()
        self.pages: dict[QWidget, QScrollArea] = {}
        for widget, title in ((self.results, "Results"), (self.screening, "Screen comments"),
                              (self.paper, "Paper forms"), (self.new_round, "New round"),
                              (self.question_sets, "Question sets"),
                              (self.pin, "Facilitator PIN")):
            page = QScrollArea()  # a small window scrolls a page rather than clipping it
            page.setWidgetResizable(True)
            page.setFrameShape(QFrame.Shape.NoFrame)
            page.setWidget(widget)
            self.pages[widget] = page
            self.tabs.addTab(page, title)
        self.panels: list[Panel] = [self.screening, self.paper, self.new_round,
                                    self.question_sets, self.pin]
        for panel in self.panels:
            panel.message.connect(self.say)
        for panel in (self.screening, self.paper):
            panel.changed.connect(self._refresh_round)
        self.new_round.changed.connect(self._refresh_forums)
        self.new_round.round_created.connect(self._select_round)
        self.question_sets.changed.connect(lambda: self.new_round.set_db(self.db))
        layout.addWidget(self.tabs, 1)
        self._show_round()

    def show_tab(self, widget: QWidget) -> None:
        self.ensure_built()
        self.tabs.setCurrentWidget(self.pages[widget])

    # -- state --------------------------------------------------------------

    @property
    def db(self):  # noqa: ANN201 - a sqlite_utils Database or None
        return self.archive.db if self.archive is not None else None

    @property
    def round_id(self) -> str | None:
        return self.round.currentData()

    def set_archive(self, archive) -> None:  # noqa: ANN001
        self.archive = archive
        if self._built:
            self._load_archive()

    def _load_archive(self) -> None:
        for panel in self.panels:
            panel.set_db(self.db)
        self.results.fill_screens()
        self._refresh_forums()
        self.say("")

    def reload_for(self, kinds: Changes) -> None:
        if self._built and self.archive is not None:
            self._refresh_forums()

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #8a1538; font-weight: bold;" if error else "")

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
        self.new_round.forum_id = forum_id
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

    def _select_round(self, round_id: str) -> None:
        self._forum_changed()
        index = self.round.findData(round_id)
        if index >= 0:
            self.round.setCurrentIndex(index)

    def _round_changed(self) -> None:
        self.screening.show_round(self.round_id)
        self.paper.show_round(self.round_id)
        self._show_round()

    def _refresh_round(self) -> None:
        self.screening.refresh()
        self._show_round()

    def _show_round(self) -> None:
        rnd = repo.get(self.db, "rounds", self.round_id) if self.db and self.round_id else None
        for b in (self.open_button, self.close_button, self.start_button):
            b.setEnabled(rnd is not None)
        self.paper.set_open(rnd["status"] if rnd is not None else None)
        if rnd is None:
            self.status.setText("No round chosen. Create one in the New round tab."
                                if self.db is not None else "No archive is open.")
            self.counter.setText("")
            self.results.show_results(None)
            return
        self.status.setText(STATUS_TEXT[rnd["status"]] + ".")
        n = repo.response_count(self.db, rnd["id"])
        self.counter.setText(f"{n} response{'s' * (n != 1)}")
        self.open_button.setEnabled(rnd["status"] != "open")
        self.open_button.setText("Reopen round" if rnd["status"] == "closed" else "Open round")
        self.close_button.setEnabled(rnd["status"] == "open")
        self.start_button.setEnabled(rnd["status"] == "open")
        from spf_desktop.store.results import load_round_results

        self.results.show_results(load_round_results(self.db, rnd["id"]),
                                  screened=audit.comments_screened(self.db, rnd["id"]))

    def _count(self) -> None:
        if self.db is not None and self.round_id is not None:
            n = repo.response_count(self.db, self.round_id)
            self.counter.setText(f"{n} response{'s' * (n != 1)}")

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
        self.say(success)
        self._show_round()
        return True

    def open_round(self) -> None:
        self._act(lambda: audit.open_round(self.db, self.round_id), "The round is open.")

    def close_round(self) -> None:
        self._act(lambda: audit.close_round(self.db, self.round_id), "The round is closed.")

    def start_participant_mode(self):  # noqa: ANN201 - the kiosk window, or None
        """Hand the laptop over: the main window hides, the kiosk covers the screen."""
        self.ensure_built()
        if self.db is None or self.round_id is None:
            self.say("Choose a round first.", True)
            return None
        rnd = repo.get(self.db, "rounds", self.round_id)
        if rnd is None or rnd["status"] != "open":
            self.say("Open the round before starting participant mode.", True)
            return None
        if not audit.pin_hash(self.db):
            self.say("Set a facilitator PIN first (Facilitator PIN tab): it is the only way "
                     "out of participant mode.", True)
            self.show_tab(self.pin)
            return None
        from spf_desktop.gui.audit.kiosk import KioskWindow

        try:
            kiosk = KioskWindow(self.db, self.round_id, clock=self.clock, **self.kiosk_options)
        except UserError as exc:
            self.say(str(exc), True)
            return None
        kiosk.left.connect(self._participant_mode_left)
        kiosk.submitted.connect(self._count)  # cheap: the next participant is waiting
        self.kiosk = kiosk
        main = self.window()
        screen = main.screen() if main is not None else None
        if main is not None and main is not self:
            main.hide()  # nothing of the facilitator's screens stays reachable
        kiosk.show_kiosk(screen)
        return kiosk

    def _participant_mode_left(self) -> None:
        main = self.window()
        if main is not None and main is not self:
            main.show()
        if self.kiosk is not None:
            self.kiosk.deleteLater()
            self.kiosk = None
        self._show_round()
        self.say("Participant mode ended.")
        self.setFocus(Qt.FocusReason.OtherFocusReason)
