"""The Archive view's models (read-only tables, the tree of forums) and its trend
chart. Colours come from gui/palette.py, the one place the app keeps them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import (
    QFont,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from spf_desktop.domain.results_text import counted
from spf_desktop.domain.scoring import fmt_change, fmt_score
from spf_desktop.gui import palette

if TYPE_CHECKING:
    from spf_desktop.store.archive_records import ForumNode

Index = QModelIndex | QPersistentModelIndex

NHS_BLUE = palette.qcolor(palette.NHS_BLUE)
GREY = palette.qcolor(palette.GREY)
LIGHT = palette.qcolor(palette.LINE_GREY)
WARM = palette.qcolor(palette.WARM_RED)
INK = palette.qcolor(palette.INK)
WHITE = palette.qcolor(palette.WHITE)

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "forum", "round" or "meeting"
ID_ROLE = Qt.ItemDataRole.UserRole + 2


def record_item(text: str, kind: str, record_id: str) -> QStandardItem:
    """A tree row that stands for a record (its kind and id in data roles)."""
    item = QStandardItem(text)
    item.setEditable(False)
    item.setToolTip(text)  # a long title is cut short in a narrow window
    item.setData(kind, KIND_ROLE)
    item.setData(record_id, ID_ROLE)
    return item


def fill_tree(model: QStandardItemModel, forums: Sequence[ForumNode]) -> None:
    """Each forum with its audit rounds and meetings under two headings."""
    model.removeRows(0, model.rowCount())
    for forum in forums:
        forum_item = record_item(forum.name, "forum", forum.id)
        rounds_item = QStandardItem("Audit rounds")
        meetings_item = QStandardItem("Meetings")
        for heading in (rounds_item, meetings_item):
            heading.setEditable(False)
        for rnd in forum.rounds:
            rounds_item.appendRow([record_item(rnd.label, "round", rnd.id),
                                   QStandardItem(rnd.date),
                                   QStandardItem(counted(rnd.responses, "response"))])
        for meeting in forum.meetings:
            meetings_item.appendRow([record_item(meeting.title, "meeting", meeting.id),
                                     QStandardItem(meeting.date or ""),
                                     QStandardItem(counted(meeting.sections, "section"))])
        forum_item.appendRow([rounds_item, QStandardItem(""), QStandardItem("")])
        forum_item.appendRow([meetings_item, QStandardItem(""), QStandardItem("")])
        model.appendRow([forum_item, QStandardItem(forum.created_on or ""), QStandardItem("")])


class RowsModel(QAbstractTableModel):
    """A read-only table: a header and rows of text, each row with the record it stands for."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[list[str]] = []
        self._records: list[Any] = []
        self._emphasis: list[bool] = []

    def set_rows(self, rows: Sequence[Sequence[str]], records: Sequence[Any],
                 emphasis: Sequence[bool] | None = None, *,
                 headers: Sequence[str] | None = None) -> None:
        self.beginResetModel()
        if headers is not None:
            self._headers = list(headers)
        self._rows = [list(r) for r in rows]
        self._records = list(records)
        self._emphasis = list(emphasis) if emphasis is not None else [False] * len(self._rows)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._records[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and self._emphasis[index.row()]:
            return WARM
        if role == Qt.ItemDataRole.FontRole and self._emphasis[index.row()]:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class TrendChart(QWidget):
    """The overall average of each round as a line on a 0 to 10 scale."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Overall average trend")
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.points: list[tuple[str, str, float]] = []  # label, date, average

    def set_points(self, points: Sequence[tuple[str, str, float]]) -> None:
        self.points = list(points)
        if self.points:
            first, last = self.points[0][2], self.points[-1][2]
            text = "; ".join(f"{label} ({day}): {fmt_score(avg)}" for label, day, avg in self.points)
            if len(self.points) > 1:
                text += f". Change from first to last: {fmt_change(last - first)}"
        else:
            text = "No round with enough responses to show an average yet."
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), WHITE)
        left, right, top, bottom = 44, 16, 14, 34
        w = max(self.width() - left - right, 10)
        h = max(self.height() - top - bottom, 10)
        p.setPen(QPen(LIGHT, 1))
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.85, 7))
        p.setFont(small)
        for v in (0, 2, 4, 6, 8, 10):
            y = top + h - h * v / 10
            p.setPen(QPen(LIGHT, 1))
            p.drawLine(QPointF(left, y), QPointF(left + w, y))
            p.setPen(GREY)
            p.drawText(QPointF(8, y + 4), str(v))
        if not self.points:
            p.setPen(GREY)
            p.drawText(self.rect().adjusted(left, 0, 0, 0), Qt.AlignmentFlag.AlignCenter,
                       "No round with enough responses to show an average yet.")
            return
        n = len(self.points)
        xs = [left + (w * (i + 0.5) / n) for i in range(n)]
        ys = [top + h - h * avg / 10 for _, _, avg in self.points]
        path = QPainterPath(QPointF(xs[0], ys[0]))
        for x, y in zip(xs[1:], ys[1:], strict=True):
            path.lineTo(QPointF(x, y))
        p.setPen(QPen(NHS_BLUE, 3))
        p.drawPath(path)
        p.setBrush(NHS_BLUE)
        show_labels = n <= 12
        for (label, _day, avg), x, y in zip(self.points, xs, ys, strict=True):
            p.setPen(QPen(NHS_BLUE, 1))
            p.drawEllipse(QPointF(x, y), 4.5, 4.5)
            if show_labels:
                p.setPen(INK)
                p.drawText(QPointF(x - 14, y - 9), fmt_score(avg))
                p.setPen(GREY)
                metrics = p.fontMetrics()
                text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(w / n) - 4)
                p.drawText(QPointF(x - metrics.horizontalAdvance(text) / 2, top + h + 18), text)
        p.end()
