"""The Archive view: forums with their rounds and meetings, each forum's timeline and
average trend, open actions across meetings, and full-text search.

Double-clicking (or Enter on) a round or a meeting, in the tree, the timeline, the
open actions or the search hits, asks for it to be opened in its own view
(``open_requested``: the main window shows the Audit view with the round chosen,
or the Agenda view with the meeting open). Import, export, backups, retention and
a forum's settings open dialogs from here (``gui.archive.tasks``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.errors import UserError
from spf_desktop.domain.results_text import counted
from spf_desktop.domain.scoring import fmt_change, fmt_score
from spf_desktop.gui.a11y import announce
from spf_desktop.gui.archive.common import SELECTABLE, on_open, page, table
from spf_desktop.gui.archive.models import ID_ROLE, KIND_ROLE, RowsModel, TrendChart, fill_tree
from spf_desktop.gui.archive.tasks import ArchiveTasks
from spf_desktop.gui.operations import Operations
from spf_desktop.gui.view_base import ViewMixin
from spf_desktop.gui.widgets import (
    WRITES,
    button,
    is_writable,
    label,
    named,
    set_role,
    writes_action,
)
from spf_desktop.store.connection import Change, Changes

if TYPE_CHECKING:
    from spf_desktop.store import Archive

#: The tasks menu: text, method, whether it writes the archive.
TASKS = (("Import responses", "open_import", True),
         ("Import merge file", "choose_merge_file", True),
         ("Export", "open_export", False),
         ("Backups and restore", "open_backups", False),  # restoring is marked in the dialog
         ("Purge old responses", "open_purge", True),
         ("Benchmark files of other forums", "open_benchmarks", True))


class ArchiveView(ViewMixin, ArchiveTasks, QWidget):
    """Shows what the archive holds; selecting a record shows its details."""

    selection_changed = Signal(str, str)  # kind ("forum", "round", "meeting"), id
    open_requested = Signal(str, str)     # kind ("round" or "meeting"), id: open it in its view
    restore_requested = Signal(str)       # a backup to put in place of the archive
    open_read_only_requested = Signal(str)

    # The tree, timeline, open actions and search show nearly every kind of record.
    shows = frozenset(Change) - {Change.RUN_STATE, Change.SETTING}

    def __init__(self, parent: QWidget | None = None, *, ops: Operations | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.setAccessibleName("Archive view")
        self._own_ops = ops is None  # used on its own: hear our own changes
        self.ops = ops or Operations(self)
        if self._own_ops:
            self.ops.changed.connect(self.show_changes)
        self.archive: Archive | None = None
        self.today = today
        self.dialog: QWidget | None = None
        self._forum_id: str | None = None
        self._quiet = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(self._top_row())
        self.read_only_banner = label(
            "Read-only: this archive was opened read-only. Nothing you do here changes the "
            "file; importing, purging and restoring are switched off.", "Read-only notice",
            role="notice")
        self.read_only_banner.setVisible(False)
        layout.addWidget(self.read_only_banner)
        self.tree = self._tree()
        self.tabs = named(QTabWidget(), "Archive pages")
        self.tabs.addTab(self._timeline_page(), "Timeline")
        self.tabs.addTab(self._actions_page(), "Open actions")
        self.tabs.addTab(self._search_page(), "Search")
        self.tabs.addTab(self._details_page(), "Details")
        splitter = QSplitter()
        splitter.addWidget(self._tree_page())
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        for shown, opener in ((self.tree, self._open_tree_item),
                              (self.search_table, self._open_hit),
                              (self.timeline_table, self._open_timeline_entry),
                              (self.actions_table, self._open_action)):
            on_open(shown, opener)

    # -- building -------------------------------------------------------------------

    def _top_row(self) -> QHBoxLayout:
        """The summary, the search box, and the tasks menu (also in the File menu)."""
        top = QHBoxLayout()
        self.summary = label("", "Archive summary", role="heading")
        top.addWidget(self.summary, 1)
        self.search_edit = named(
            QLineEdit(), "Search the archive",
            "Search meetings, questions, outcomes, decisions, actions and screened comments.")
        self.search_edit.setPlaceholderText("Search, then press Enter")  # fits when narrow
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(220)
        self.search_edit.returnPressed.connect(self.run_search)
        top.addWidget(self.search_edit)
        self.tasks_button = named(QToolButton(), "Archive tasks")
        self.tasks_button.setText("Import, export, backups…")
        self.tasks_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.tasks_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tasks = QMenu(self.tasks_button)
        self.tasks: dict[str, QAction] = {}
        for text, method, writes in TASKS:
            action = tasks.addAction(text + "…")
            action.triggered.connect(lambda _=False, m=method: getattr(self, m)())
            if writes:
                writes_action(action)
            self.tasks[text] = action
        self.tasks_button.setMenu(tasks)
        top.addWidget(self.tasks_button)
        return top

    def _tree(self) -> QTreeView:
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Forum, round or meeting", "Date", "Contents"])
        tree = named(QTreeView(), "Forums, rounds and meetings")
        tree.setModel(self.model)
        tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        tree.setUniformRowHeights(True)
        header = tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):  # the dates and counts take only their room: names need the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setAccessibleName("Forums, rounds and meetings: column headings")
        tree.setIndentation(14)
        return tree

    def _tree_page(self) -> QWidget:
        """The tree, with the settings of the forum shown below it."""
        self.settings_button = button(
            "Forum settings…", "Edit forum settings",
            "The name, region, marking, ways of working and the defaults for new rounds "
            "of the forum selected (or of the selected round's or meeting's forum)")
        self.settings_button.clicked.connect(self.open_forum_settings)
        made = QWidget()
        layout = QVBoxLayout(made)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignLeft)
        return made

    def _timeline_page(self) -> QWidget:
        self.timeline_heading = label("", "Timeline summary")
        self.chart = TrendChart()
        self.timeline_model = RowsModel(["Date", "What", "Title", "Overall average", "Change",
                                         "Details"], self)
        self.timeline_table = table(self.timeline_model, "Timeline of rounds and meetings",
                                    stretch=(2, 5))
        return page(self.timeline_heading, self.chart, self.timeline_table,
                    stretch=self.timeline_table)

    def _actions_page(self) -> QWidget:
        self.actions_heading = label("", "Open actions summary")
        self.actions_model = RowsModel(["Due", "Action", "Owner", "From meeting", "Meeting date"],
                                       self)
        self.actions_table = table(self.actions_model, "Open actions across meetings",
                                   stretch=(1, 3))
        self.mark_done_button = button("Mark the selected action done", "Mark action done",
                                       writes_archive=True)
        self.mark_done_button.clicked.connect(self.mark_selected_done)
        made = QWidget()
        layout = QVBoxLayout(made)
        layout.addWidget(self.actions_heading)
        layout.addWidget(self.actions_table, 1)
        layout.addWidget(self.mark_done_button, 0, Qt.AlignmentFlag.AlignLeft)
        return made

    def _search_page(self) -> QWidget:
        self.search_heading = label("Type in the search box and press Enter. "
                                    "Double-click a hit (or press Enter on it) to open it.",
                                    "Search summary", live="polite")  # the hit count is said
        self.search_model = RowsModel(["Where", "Text"], self)
        self.search_table = table(self.search_model, "Search results", stretch=(0, 1))
        return page(self.search_heading, self.search_table, stretch=self.search_table)

    def _details_page(self) -> QLabel:
        self.details = label("", "Details of the selected record")
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(SELECTABLE)
        self.details.setContentsMargins(8, 8, 8, 8)
        return self.details

    # -- the archive ------------------------------------------------------------------

    def set_archive(self, archive: Archive | None) -> None:
        self.archive = archive
        if self._own_ops:
            self.ops.set_archive(archive)
        self.read_only_banner.setVisible(archive is not None and archive.read_only)
        self.update_enabled()
        self.search_model.set_rows([], [])
        # The other views get the new archive after this one: tell them what is
        # selected once they have it, not while they still hold the old one.
        self._quiet = True
        try:
            self.refresh()
        finally:
            self._quiet = False
        QTimer.singleShot(0, self._announce)

    def update_enabled(self) -> None:
        """Tasks need an archive; those that write also need it writable (read-only
        archives and running operations switch them off: ``gui.widgets``)."""
        archive = self.archive
        writable = archive is not None and not archive.read_only and is_writable(self)
        for action in self.tasks.values():
            action.setEnabled(archive is not None
                              and (writable or not action.property(WRITES)))
        self.mark_done_button.setEnabled(writable)
        self.settings_button.setEnabled(archive is not None and self._forum_id is not None)

    def reload_for(self, kinds: Changes) -> None:
        """Another view, a dialog or a worker changed the archive: show it now,
        keeping the user's place: the same record selected, the same page shown,
        the same search run again."""
        selected = self._selected()
        tab = self.tabs.currentIndex()
        self._quiet = True
        try:
            self.refresh()
            index = self._find(selected[1]) if selected is not None else QModelIndex()
            if index.isValid():
                self.tree.setCurrentIndex(index)
        finally:
            self._quiet = False
        now = self._selected()
        if now is not None and now != selected:
            # The record shown is another one now (the first forum of a merge into
            # an empty archive, say): the Reports view lists what it can print.
            self.selection_changed.emit(*now)
        if self.search_edit.text().strip():
            self.run_search(show=False)
        self.tabs.setCurrentIndex(tab)

    def _announce(self) -> None:
        if self.archive is None or not self.window().isVisible():
            return  # the window closed (and its archive with it) before this ran
        selected = self._selected()
        if selected:
            self.selection_changed.emit(*selected)

    def refresh(self) -> None:
        """Re-read everything; the forum that was shown stays shown if it is still there."""
        shown_forum = self._forum_id
        self.details.setText("")
        self._forum_id = None
        if self.archive is None:
            self.model.removeRows(0, self.model.rowCount())
            self.summary.setText("No archive is open.")
            self.timeline_model.set_rows([], [])
            self.actions_model.set_rows([], [])
            self.chart.set_points([])
            return
        from spf_desktop.store.archive_records import forum_tree  # not at start-up

        forums = forum_tree(self.archive.db)
        fill_tree(self.model, forums)
        n_rounds = sum(len(f.rounds) for f in forums)
        n_meetings = sum(len(f.meetings) for f in forums)
        self.summary.setText(
            f"{counted(len(forums), 'forum')}, {counted(n_rounds, 'audit round')}, "
            f"{counted(n_meetings, 'meeting')}"
            if forums else "This archive is empty. Start a forum and its first audit round in "
            "the Audit view (New round tab); File > Open archive… opens another archive."
        )
        self.tree.expandToDepth(1)
        self._fill_actions()
        if forums:
            wanted = shown_forum if shown_forum in {f.id for f in forums} else forums[0].id
            index = self._find(wanted)
            self.tree.setCurrentIndex(index if index.isValid() else self.model.index(0, 0))
        else:
            self._fill_timeline(None)

    def _find(self, record_id: str) -> QModelIndex:
        matches = self.model.match(self.model.index(0, 0), ID_ROLE, record_id, 1,
                                   Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return matches[0] if matches else QModelIndex()

    def select_record(self, kind: str, record_id: str) -> bool:
        """Open a record: select it in the tree and show its details."""
        index = self._find(record_id)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        self.tabs.setCurrentWidget(self.details)
        if self.isVisible():
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)  # the keyboard follows the record
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        from spf_desktop.gui.archive.details import describe
        from spf_desktop.store.archive_records import forum_of

        index = current.siblingAtColumn(0)
        kind = index.data(KIND_ROLE)
        record_id = index.data(ID_ROLE)
        if not kind or self.archive is None:
            self.details.setText("")
            return
        self.details.setText(describe(self.archive.db, kind, record_id))
        forum_id = forum_of(self.archive.db, kind, record_id)
        if forum_id != self._forum_id:
            self._fill_timeline(forum_id)
        if not self._quiet:
            self.selection_changed.emit(kind, record_id)

    # -- timeline, actions, search ------------------------------------------------------

    def _fill_timeline(self, forum_id: str | None) -> None:
        from spf_desktop.store.archive_queries import timeline
        from spf_desktop.store.archive_records import forum_summary

        self._forum_id = forum_id
        self.settings_button.setEnabled(self.archive is not None and forum_id is not None)
        forum = forum_summary(self.archive.db, forum_id) if self.archive and forum_id else None
        if self.archive is None or forum_id is None or forum is None:
            self.timeline_model.set_rows([], [])
            self.chart.set_points([])
            self.timeline_heading.setText("")
            return
        entries = timeline(self.archive.db, forum_id)
        self.timeline_model.set_rows(
            [[e.date, "Audit round" if e.kind == "round" else "Meeting", e.title,
              fmt_score(e.average) if e.average is not None else "",
              fmt_change(e.change) if e.change is not None else "", e.detail] for e in entries],
            entries,
        )
        points = [(e.title, e.date, e.average) for e in entries
                  if e.kind == "round" and e.average is not None]
        self.chart.set_points(points)
        trend = ""
        if len(points) > 1:
            trend = (f" Overall average {fmt_score(points[0][2])} in {points[0][0]} to "
                     f"{fmt_score(points[-1][2])} in {points[-1][0]} "
                     f"({fmt_change(points[-1][2] - points[0][2])}).")
        self.timeline_heading.setText(
            f"{forum.name}: {counted(sum(e.kind == 'round' for e in entries), 'audit round')} "
            f"and {counted(sum(e.kind == 'meeting' for e in entries), 'meeting')}.{trend}")

    def _fill_actions(self) -> None:
        from spf_desktop.store.archive_queries import open_actions

        if self.archive is None:
            return
        actions = open_actions(self.archive.db, self.today())
        self.actions_model.set_rows(
            [[(a.due_date or "no date") + (" (overdue)" if a.overdue else ""), a.text, a.owner,
              a.meeting, a.meeting_date or ""] for a in actions],
            actions, [a.overdue for a in actions],
        )
        overdue = sum(a.overdue for a in actions)
        self.actions_heading.setText(
            f"{counted(len(actions), 'open action')} across all meetings"
            + (f", {overdue} overdue" if overdue else "") + ". Double-click one to open its meeting.")

    def run_search(self, *, show: bool = True) -> None:
        """Search, and (unless told not to) turn to the Search page."""
        from spf_desktop.store.archive_queries import search

        text = self.search_edit.text()
        if self.archive is None:
            return
        try:
            hits = search(self.archive.db, text, limit=200)
        except UserError as exc:
            self.search_model.set_rows([], [])
            set_role(self.search_heading, "error")
            self.search_heading.setText(str(exc))
            if show:
                self.tabs.setCurrentIndex(2)
            return
        self.search_model.set_rows([[h.where, h.snippet] for h in hits], hits)
        set_role(self.search_heading, None)
        before = self.search_heading.text()
        self.search_heading.setText(
            f'{counted(len(hits), "hit")} for "{text.strip()}". '
            "Double-click a hit (or press Enter on it) to open it." if text.strip()
            else "Type in the search box and press Enter.")
        if self.search_heading.text() == before and self.search_heading.isVisible():
            announce(self.search_heading, before)  # the same count again is still an answer
        if show:
            self.tabs.setCurrentIndex(2)

    def open_record(self, kind: str, record_id: str) -> None:
        """Open a round or a meeting in its own view (``open_requested``); here it
        is selected in the tree, and the page shown stays as it was."""
        index = self._find(record_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        if kind in ("round", "meeting"):
            self.open_requested.emit(kind, record_id)

    def _open_tree_item(self, index: QModelIndex) -> None:
        index = index.siblingAtColumn(0)
        if index.data(KIND_ROLE) in ("round", "meeting"):  # a forum opens (and shuts) in place
            self.open_record(index.data(KIND_ROLE), index.data(ID_ROLE))

    def _open_hit(self, index: QModelIndex) -> None:
        hit = self.search_model.record(index.row())  # an outcome, action, comment...: its meeting or round
        self.open_record(hit.open_kind, hit.open_id)

    def _open_timeline_entry(self, index: QModelIndex) -> None:
        entry = self.timeline_model.record(index.row())
        self.open_record(entry.kind, entry.id)

    def _open_action(self, index: QModelIndex) -> None:
        action = self.actions_model.record(index.row())
        self.open_record("meeting", action.meeting_id)

    def mark_selected_done(self) -> None:
        """One quick update on the window's connection; the change hook then
        refreshes this view and every other that shows actions."""
        from spf_desktop.store.archive_queries import mark_action_done

        rows = self.actions_table.selectionModel().selectedRows()
        if self.archive is None or self.archive.read_only or not rows:
            return
        mark_action_done(self.archive.db, self.actions_model.record(rows[0].row()).id, self.today())

    # -- dialogs ---------------------------------------------------------------------------

    def _selected(self) -> tuple[str, str] | None:
        index = self.tree.currentIndex().siblingAtColumn(0)
        kind = index.data(KIND_ROLE)
        return (kind, index.data(ID_ROLE)) if kind else None
