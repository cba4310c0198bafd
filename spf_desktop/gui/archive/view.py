"""The Archive view: forums with their rounds and meetings, each forum's timeline and
average trend, open actions across meetings, and full-text search whose hits open
the record. Import, export, backups and retention open dialogs from here."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.errors import UserError
from spf_desktop.domain.scoring import (
    fmt_change,
    fmt_score,
    group_visible,
    overall_average,
    question_stats,
)
from spf_desktop.gui.archive.models import RowsModel, TrendChart
from spf_desktop.gui.operations import Operations
from spf_desktop.gui.view_base import ViewMixin
from spf_desktop.store.connection import Change, Changes

if TYPE_CHECKING:
    from spf_desktop.store import Archive

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

WRITE_BUTTONS = ("Import responses", "Import merge file", "Purge old responses",
                 "Mark action done")


class ArchiveView(ViewMixin, QWidget):
    """Shows what the archive holds; selecting a record shows its details."""

    selection_changed = Signal(str, str)  # kind ("forum", "round", "meeting"), id
    restore_requested = Signal(str)       # a backup to put in place of the archive
    open_read_only_requested = Signal(str)

    # The tree, timeline, open actions and search show nearly every kind of record.
    shows = frozenset(Change) - {Change.RUN_STATE, Change.SETTING}

    def __init__(self, parent: QWidget | None = None, *, ops: Operations | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.setAccessibleName("Archive view")
        self.ops = ops or Operations(self)
        self.archive: Archive | None = None
        self.today = today
        self.dialog: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setProperty("role", "heading")
        self.summary.setAccessibleName("Archive summary")
        top.addWidget(self.summary, 1)
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName("Search the archive")
        self.search_edit.setPlaceholderText("Search, then press Enter")  # fits when narrow
        self.search_edit.setToolTip("Search meetings, questions, outcomes, decisions, actions "
                                    "and screened comments.")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(220)
        self.search_edit.returnPressed.connect(self.run_search)
        top.addWidget(self.search_edit)
        layout.addLayout(top)

        self.read_only_banner = QLabel(
            "Read-only: this archive was opened read-only. Nothing you do here changes the "
            "file; importing, purging and restoring are switched off.")
        self.read_only_banner.setAccessibleName("Read-only notice")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setStyleSheet(
            "background: #fff3cd; color: #1d1d1b; border: 2px solid #ffb81c; padding: 6px;")
        self.read_only_banner.setVisible(False)
        layout.addWidget(self.read_only_banner)

        # Import, export, backups and retention: one menu button (also in the File menu).
        self.tasks_button = QToolButton()
        self.tasks_button.setText("Import, export, backups…")
        self.tasks_button.setAccessibleName("Archive tasks")
        self.tasks_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.tasks_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tasks = QMenu(self.tasks_button)
        self.tasks: dict[str, QAction] = {}
        for text, slot in (("Import responses", self.open_import),
                           ("Import merge file", self.choose_merge_file),
                           ("Export", self.open_export),
                           ("Backups and restore", self.open_backups),
                           ("Purge old responses", self.open_purge)):
            action = tasks.addAction(text + "…")
            action.triggered.connect(lambda _=False, s=slot: s())
            self.tasks[text] = action
        self.tasks_button.setMenu(tasks)
        top.addWidget(self.tasks_button)
        self.buttons: dict[str, QPushButton] = {}

        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Forum, round or meeting", "Date", "Contents"])
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Forums, rounds and meetings")
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):  # the dates and counts take only their room: names need the rest
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.setIndentation(14)
        self.tree.header().setAccessibleName("Forums, rounds and meetings: column headings")

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Archive pages")
        # Timeline
        timeline_page = QWidget()
        tl = QVBoxLayout(timeline_page)
        self.timeline_heading = QLabel()
        self.timeline_heading.setAccessibleName("Timeline heading")
        self.timeline_heading.setWordWrap(True)
        self.chart = TrendChart()
        self.timeline_model = RowsModel(["Date", "What", "Title", "Overall average", "Change",
                                         "Details"], self)
        self.timeline_table = self._table(self.timeline_model, "Timeline of rounds and meetings",
                                          stretch=(2, 5))
        tl.addWidget(self.timeline_heading)
        tl.addWidget(self.chart)
        tl.addWidget(self.timeline_table, 1)
        self.tabs.addTab(timeline_page, "Timeline")
        # Open actions
        actions_page = QWidget()
        al = QVBoxLayout(actions_page)
        self.actions_heading = QLabel()
        self.actions_heading.setAccessibleName("Open actions heading")
        self.actions_heading.setWordWrap(True)
        self.actions_model = RowsModel(["Due", "Action", "Owner", "From meeting", "Meeting date"], self)
        self.actions_table = self._table(self.actions_model, "Open actions across meetings",
                                         stretch=(1, 3))
        done = QPushButton("Mark the selected action done")
        done.setAccessibleName("Mark action done")
        done.clicked.connect(self.mark_selected_done)
        self.buttons["Mark action done"] = done
        al.addWidget(self.actions_heading)
        al.addWidget(self.actions_table, 1)
        al.addWidget(done, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(actions_page, "Open actions")
        # Search
        search_page = QWidget()
        sl = QVBoxLayout(search_page)
        self.search_heading = QLabel("Type in the search box and press Enter. "
                                     "Double-click a hit (or press Enter on it) to open it.")
        self.search_heading.setAccessibleName("Search heading")
        self.search_heading.setWordWrap(True)
        self.search_model = RowsModel(["Where", "Text"], self)
        self.search_table = self._table(self.search_model, "Search results", stretch=(0, 1))
        sl.addWidget(self.search_heading)
        sl.addWidget(self.search_table, 1)
        self.tabs.addTab(search_page, "Search")
        # Details
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setAccessibleName("Details of the selected record")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.details.setContentsMargins(8, 8, 8, 8)
        self.tabs.addTab(self.details, "Details")

        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.search_table.activated.connect(self._open_hit)
        self.search_table.doubleClicked.connect(self._open_hit)
        self.timeline_table.activated.connect(self._open_timeline_entry)
        self.timeline_table.doubleClicked.connect(self._open_timeline_entry)
        self.actions_table.activated.connect(self._open_action)
        self.actions_table.doubleClicked.connect(self._open_action)
        self._forum_id: str | None = None
        self._quiet = False

    @staticmethod
    def _table(model: RowsModel, name: str, stretch: tuple[int, ...] = ()) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setAccessibleName(name)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move within
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        header = table.horizontalHeader()
        header.setAccessibleName(f"{name}: column headings")
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        if stretch:
            header.setStretchLastSection(False)
            for column in range(model.columnCount()):
                header.setSectionResizeMode(
                    column, QHeaderView.ResizeMode.Stretch if column in stretch
                    else QHeaderView.ResizeMode.ResizeToContents)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        return table

    # -- the archive ------------------------------------------------------------------

    def set_archive(self, archive: Archive | None) -> None:
        self.archive = archive
        read_only = archive is not None and archive.read_only
        self.read_only_banner.setVisible(read_only)
        for name, button in self.buttons.items():
            button.setEnabled(archive is not None and not (read_only and name in WRITE_BUTTONS))
        for name, action in self.tasks.items():
            action.setEnabled(archive is not None and not (read_only and name in WRITE_BUTTONS))
        self.search_model.set_rows([], [])
        # The other views get the new archive after this one: tell them what is
        # selected once they have it, not while they still hold the old one.
        self._quiet = True
        try:
            self.refresh()
        finally:
            self._quiet = False
        QTimer.singleShot(0, self._announce)

    def reload_for(self, kinds: Changes) -> None:
        """Another view, a dialog or a worker changed the archive: show it now,
        with the same record selected and the same search run again."""
        selected = self._selected()
        self._quiet = True
        try:
            self.refresh()
            if selected is not None:
                self.select_record(*selected)
        finally:
            self._quiet = False
        now = self._selected()
        if now is not None and now != selected:  # e.g. the first forum of a new archive
            self.selection_changed.emit(*now)
        if self.search_edit.text().strip():
            self.run_search()

    def _announce(self) -> None:
        if self.archive is None or not self.window().isVisible():
            return  # the window closed (and its archive with it) before this ran
        selected = self._selected()
        if selected:
            self.selection_changed.emit(*selected)

    def refresh(self) -> None:
        """Re-read everything; the forum that was shown stays shown if it is still there."""
        shown_forum = self._forum_id
        self.model.removeRows(0, self.model.rowCount())
        self.details.setText("")
        self._forum_id = None
        if self.archive is None:
            self.summary.setText("No archive is open.")
            self.timeline_model.set_rows([], [])
            self.actions_model.set_rows([], [])
            self.chart.set_points([])
            return
        from spf_desktop.store import repo  # not at start-up: the window shows first

        db = self.archive.db
        forums = repo.forums(db)
        n_rounds = n_meetings = 0
        for forum in forums:
            forum_item = self._item(forum["name"], "forum", forum["id"])
            rounds_item = QStandardItem("Audit rounds")
            meetings_item = QStandardItem("Meetings")
            for it in (rounds_item, meetings_item):
                it.setEditable(False)
            for rnd in repo.rounds(db, forum["id"]):
                rounds_item.appendRow([
                    self._item(rnd["label"], "round", rnd["id"]),
                    QStandardItem(rnd["date"]),
                    QStandardItem(f"{rnd['responses']} responses"),
                ])
                n_rounds += 1
            for meeting in repo.meetings(db, forum["id"]):
                sections = db.execute(
                    "SELECT count(*) FROM agenda_sections WHERE meeting_id = ?", [meeting["id"]]
                ).fetchone()[0]
                meetings_item.appendRow([
                    self._item(meeting["title"], "meeting", meeting["id"]),
                    QStandardItem(meeting["date"] or ""),
                    QStandardItem(f"{sections} sections"),
                ])
                n_meetings += 1
            forum_item.appendRow([rounds_item, QStandardItem(""), QStandardItem("")])
            forum_item.appendRow([meetings_item, QStandardItem(""), QStandardItem("")])
            self.model.appendRow([forum_item, QStandardItem(forum.get("created_on") or ""),
                                  QStandardItem("")])
        self.summary.setText(
            f"{len(forums)} forum{'s' * (len(forums) != 1)}, {n_rounds} audit rounds, "
            f"{n_meetings} meetings"
            if forums else "This archive is empty. Start a forum and its first audit round in "
            "the Audit view (New round tab); File > Open archive… opens another archive."
        )
        self.tree.expandToDepth(1)
        self._fill_actions()
        if forums:
            wanted = shown_forum if shown_forum in {f["id"] for f in forums} else forums[0]["id"]
            index = self._find(wanted)
            self.tree.setCurrentIndex(index if index.isValid() else self.model.index(0, 0))
        else:
            self._fill_timeline(None)

    @staticmethod
    def _item(text: str, kind: str, record_id: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setToolTip(text)  # a long title is cut short in a narrow window
        item.setData(kind, KIND_ROLE)
        item.setData(record_id, ID_ROLE)
        return item

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

    def _forum_of(self, kind: str, record_id: str) -> str | None:
        from spf_desktop.store import repo
        if kind == "forum":
            return record_id
        table = "rounds" if kind == "round" else "meetings"
        row = repo.get(self.archive.db, table, record_id) if self.archive else None  # type: ignore[union-attr]
        return row.get("forum_id") if row else None

    def _current_changed(self, current, _previous) -> None:  # noqa: ANN001
        index = current.siblingAtColumn(0)
        kind = index.data(KIND_ROLE)
        record_id = index.data(ID_ROLE)
        if not kind or self.archive is None:
            self.details.setText("")
            return
        self.details.setText(self._describe(kind, record_id))
        forum_id = self._forum_of(kind, record_id)
        if forum_id != self._forum_id:
            self._fill_timeline(forum_id)
        if not self._quiet:
            self.selection_changed.emit(kind, record_id)

    # -- timeline, actions, search ------------------------------------------------------

    def _fill_timeline(self, forum_id: str | None) -> None:
        from spf_desktop.store import repo
        from spf_desktop.store.archive_queries import timeline

        self._forum_id = forum_id
        if self.archive is None or forum_id is None:
            self.timeline_model.set_rows([], [])
            self.chart.set_points([])
            self.timeline_heading.setText("")
            return
        forum = repo.get(self.archive.db, "forums", forum_id) or {}
        entries = timeline(self.archive.db, forum_id)
        self.timeline_model.set_rows(
            [[e.date, "Audit round" if e.kind == "round" else "Meeting", e.title,
              fmt_score(e.average) if e.average is not None else "",
              fmt_change(e.change) if e.change is not None else "", e.detail] for e in entries],
            entries,
        )
        points = [(e.title, e.date, e.average) for e in entries
                  if e.kind == "round" and e.average is not None]
        self.chart.set_points(points)  # type: ignore[arg-type]
        trend = ""
        if len(points) > 1:
            trend = (f" Overall average {fmt_score(points[0][2])} in {points[0][0]} to "
                     f"{fmt_score(points[-1][2])} in {points[-1][0]} "
                     f"({fmt_change(points[-1][2] - points[0][2])}).")
        self.timeline_heading.setText(
            f"{forum.get('name', '')}: {sum(e.kind == 'round' for e in entries)} audit rounds "
            f"and {sum(e.kind == 'meeting' for e in entries)} meetings.{trend}")

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
            f"{len(actions)} open action{'s' * (len(actions) != 1)} across all meetings"
            + (f", {overdue} overdue" if overdue else "") + ". Double-click one to open its meeting.")

    def run_search(self) -> None:
        from spf_desktop.store.archive_queries import search

        text = self.search_edit.text()
        if self.archive is None:
            return
        try:
            hits = search(self.archive.db, text, limit=200)
        except UserError as exc:
            self.search_model.set_rows([], [])
            self.search_heading.setText(str(exc))
            self.tabs.setCurrentIndex(2)
            return
        self.search_model.set_rows([[h.where, h.snippet] for h in hits], hits)
        self.search_heading.setText(
            f'{len(hits)} hit{"s" * (len(hits) != 1)} for "{text.strip()}". '
            "Double-click a hit (or press Enter on it) to open it." if text.strip()
            else "Type in the search box and press Enter.")
        self.tabs.setCurrentIndex(2)

    def _open_hit(self, index: QModelIndex) -> None:
        hit = self.search_model.record(index.row())
        self.select_record(hit.open_kind, hit.open_id)

    def _open_timeline_entry(self, index: QModelIndex) -> None:
        entry = self.timeline_model.record(index.row())
        self.select_record(entry.kind, entry.id)

    def _open_action(self, index: QModelIndex) -> None:
        action = self.actions_model.record(index.row())
        self.select_record("meeting", action.meeting_id)

    def mark_selected_done(self) -> None:
        from spf_desktop.store.archive_queries import mark_action_done

        rows = self.actions_table.selectionModel().selectedRows()
        if self.archive is None or self.archive.read_only or not rows:
            return
        mark_action_done(self.archive.db, self.actions_model.record(rows[0].row()).id, self.today())
        self._fill_actions()
        self._fill_timeline(self._forum_id)

    # -- dialogs ---------------------------------------------------------------------------

    def _selected(self) -> tuple[str, str] | None:
        index = self.tree.currentIndex().siblingAtColumn(0)
        kind = index.data(KIND_ROLE)
        return (kind, index.data(ID_ROLE)) if kind else None

    def _show(self, dialog: QWidget) -> QWidget:
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]
        return dialog

    def open_import(self) -> QWidget | None:
        from spf_desktop.gui.archive.dialogs import ImportResponsesDialog

        if self.archive is None or self.archive.read_only:
            return None
        selected = self._selected()
        dialog = ImportResponsesDialog(
            self.archive, self, round_id=selected[1] if selected and selected[0] == "round" else None)
        dialog.imported.connect(lambda round_id: (self.refresh(), self.select_record("round", round_id)))
        dialog.busy_changed.connect(self._writing_elsewhere)
        return self._show(dialog)

    def _writing_elsewhere(self, busy: bool) -> None:
        """While an import writes in the background, nothing else here may write."""
        for name, action in self.tasks.items():
            if name in WRITE_BUTTONS:
                action.setEnabled(not busy)
        for name, button in self.buttons.items():
            if name in WRITE_BUTTONS:
                button.setEnabled(not busy)
        for text, action in getattr(self.window(), "archive_actions", {}).items():
            if text.startswith(("Restore", "Import", "Purge", "Open read-only")):
                action.setEnabled(not busy)

    def choose_merge_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a merge file", "",
                                              "Merge files (*.spfmerge);;All files (*)")
        if path:
            self.import_merge_file(Path(path))

    def import_merge_file(self, path: Path) -> QMessageBox | None:
        from spf_desktop.io import merge

        if self.archive is None or self.archive.read_only:
            return None
        try:
            report = merge.merge(self.archive.db, path)
        except UserError as exc:
            return self._message("Merge refused", str(exc), QMessageBox.Icon.Warning)
        self.refresh()
        return self._message("Merge file imported", report.describe(), QMessageBox.Icon.Information)

    def _message(self, title: str, text: str, icon: QMessageBox.Icon) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName(title)
        self._show(box)
        return box

    def open_export(self) -> QWidget | None:
        from spf_desktop.gui.archive.dialogs import ExportDialog

        if self.archive is None:
            return None
        return self._show(ExportDialog(self.archive, self, selected=self._selected()))

    def open_backups(self) -> QWidget | None:
        from spf_desktop.gui.archive.dialogs import BackupsDialog

        if self.archive is None:
            return None
        dialog = BackupsDialog(self.archive.path, self)
        dialog.restore_button.setEnabled(dialog.restore_button.isEnabled() and not self.archive.read_only)
        dialog.restore_requested.connect(self.restore_requested)
        return self._show(dialog)

    def open_purge(self) -> QWidget | None:
        from spf_desktop.gui.archive.dialogs import PurgeDialog

        if self.archive is None or self.archive.read_only:
            return None
        dialog = PurgeDialog(self.archive, self, today=self.today)
        dialog.purged.connect(lambda _n: self.refresh())
        return self._show(dialog)

    # -- details ------------------------------------------------------------------------------

    def _describe(self, kind: str, record_id: str) -> str:
        from spf_desktop.store import repo
        db = self.archive.db  # type: ignore[union-attr]
        if kind == "forum":
            forum = repo.get(db, "forums", record_id) or {}
            ways = json.loads(forum.get("ways_of_working") or "[]")
            lines = [forum.get("name", ""), "", "Ways of working:"]
            lines += [f"  {w['name']}: {w['description']}" for w in ways] or ["  (none yet)"]
            return "\n".join(lines)
        if kind == "round":
            from spf_desktop.store.retention import is_purged

            rnd = repo.get(db, "rounds", record_id) or {}
            scores = repo.scores_by_question(db, record_id)
            means = [question_stats(s).mean for s in scores.values()]
            n = repo.response_count(db, record_id)
            minimum = rnd.get("min_group_size", 5)
            average = (
                fmt_score(overall_average(means)) if group_visible(n, minimum)
                else f"hidden until the round has {minimum} responses"
            )
            purged = ("\nIndividual answers purged under the retention rule; the figures are "
                      "kept." if is_purged(db, record_id) else "")
            return (
                f"Audit round: {rnd.get('label')}\nDate: {rnd.get('date')}\n"
                f"Status: {rnd.get('status')}\nResponses: {n}\n"
                f"Overall average: {average}{purged}"
            )
        meeting = repo.get(db, "meetings", record_id) or {}
        lines = [
            f"Meeting: {meeting.get('title')}", f"Date: {meeting.get('date')}",
            f"Venue: {meeting.get('venue')}",
            f"Time: {meeting.get('start_time')} to {meeting.get('planned_end')}",
            f"Seating: {meeting.get('seating')}",
        ]
        from spf_desktop.store.archive_queries import meeting_record

        record = meeting_record(db, record_id)
        for title, key in (("Outcomes", "outcomes"), ("Decisions", "decisions")):
            if record[key]:
                lines += ["", f"{title}:"] + [f"  - {t}" for (t,) in record[key]]
        if record["actions"]:
            lines += ["", "Actions:"] + [
                f"  - {t} ({o or 'no owner'}, due {d or 'no date'}, {s})"
                for t, o, d, s in record["actions"]]
        return "\n".join(lines)
