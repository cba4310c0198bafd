"""The Archive view: forums, with their audit rounds and meetings."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from spf_desktop.store import Archive

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class ArchiveView(QWidget):
    """Shows what the archive holds; selecting a record shows its details."""

    selection_changed = Signal(str, str)  # kind ("forum", "round", "meeting"), id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Archive view")
        self.archive: Archive | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.summary = QLabel()
        self.summary.setProperty("role", "heading")
        self.summary.setAccessibleName("Archive summary")
        layout.addWidget(self.summary)

        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Forum, round or meeting", "Date", "Responses / sections"])
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAccessibleName("Forums, rounds and meetings")
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setAccessibleName("Column headings")
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setAccessibleName("Details of the selected record")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.details.setMinimumWidth(280)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

    def set_archive(self, archive: Archive | None) -> None:
        self.archive = archive
        self.refresh()

    def refresh(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        self.details.setText("")
        if self.archive is None:
            self.summary.setText("No archive is open.")
            return
        from spf_desktop.store import repo

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
            if forums else "This archive is empty. Use File > Open to open another archive, "
            "or run 'spf-desktop demo' to see a full example."
        )
        self.tree.expandToDepth(1)
        if forums:
            self.tree.setCurrentIndex(self.model.index(0, 0))

    @staticmethod
    def _item(text: str, kind: str, record_id: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(kind, KIND_ROLE)
        item.setData(record_id, ID_ROLE)
        return item

    def _current_changed(self, current, _previous) -> None:  # noqa: ANN001
        index = current.siblingAtColumn(0)
        kind = index.data(KIND_ROLE)
        record_id = index.data(ID_ROLE)
        if not kind or self.archive is None:
            self.details.setText("")
            return
        self.details.setText(self._describe(kind, record_id))
        self.selection_changed.emit(kind, record_id)

    def _describe(self, kind: str, record_id: str) -> str:
        from spf_desktop.domain.scoring import (
            fmt_score,
            group_visible,
            overall_average,
            question_stats,
        )
        from spf_desktop.store import repo

        db = self.archive.db  # type: ignore[union-attr]
        if kind == "forum":
            forum = repo.get(db, "forums", record_id) or {}
            ways = json.loads(forum.get("ways_of_working") or "[]")
            lines = [forum.get("name", ""), "", "Ways of working:"]
            lines += [f"  {w['name']}: {w['description']}" for w in ways] or ["  (none yet)"]
            return "\n".join(lines)
        if kind == "round":
            rnd = repo.get(db, "rounds", record_id) or {}
            scores = repo.scores_by_question(db, record_id)
            means = [question_stats(s).mean for s in scores.values()]
            n = repo.response_count(db, record_id)
            minimum = rnd.get("min_group_size", 5)
            average = (
                fmt_score(overall_average(means)) if group_visible(n, minimum)
                else f"hidden until the round has {minimum} responses"
            )
            return (
                f"Audit round: {rnd.get('label')}\nDate: {rnd.get('date')}\n"
                f"Status: {rnd.get('status')}\nResponses: {n}\n"
                f"Overall average: {average}"
            )
        meeting = repo.get(db, "meetings", record_id) or {}
        return (
            f"Meeting: {meeting.get('title')}\nDate: {meeting.get('date')}\n"
            f"Venue: {meeting.get('venue')}\n"
            f"Time: {meeting.get('start_time')} to {meeting.get('planned_end')}\n"
            f"Seating: {meeting.get('seating')}"
        )
