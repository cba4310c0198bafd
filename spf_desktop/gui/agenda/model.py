"""The sections table: a Qt model over the agenda's sections and their schedule."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush

from spf_desktop.domain.agenda import Schedule, Section, fmt_clock
from spf_desktop.domain.section_types import SectionType
from spf_desktop.gui.palette import PALE_YELLOW, WARM_RED, qcolor

MIME = "application/x-spf-agenda-rows"
COLUMNS = ("Start", "End", "Section", "Type", "Question", "Minutes", "Lead", "Pinned", "Alongside", "Warnings")

AnyIndex = QModelIndex | QPersistentModelIndex


class SectionsModel(QAbstractTableModel):
    """Read-only cells; edits go through the builder (and its undo stack).

    A drop of rows asks ``on_move(source_row, target_row)`` to do the move, so
    drag and drop is undoable like every other edit.
    """

    def __init__(self, types: Mapping[str, SectionType], parent=None) -> None:
        super().__init__(parent)
        self.types = types
        self.sections: tuple[Section, ...] = ()
        self.schedule: Schedule | None = None
        self.on_move: Callable[[int, int], object] | None = None
        self._slots: dict = {}
        self._warnings: dict[str | None, list] = {}
        self._labels: dict[str, str] = {}

    def set_agenda(self, sections: Sequence[Section], schedule: Schedule | None) -> None:
        self.beginResetModel()
        self.sections = tuple(sections)
        self.schedule = schedule
        # Lookups by id, so each cell is found at once (a 200-row table asks a lot).
        self._slots = {s.section.id: s for s in schedule.slots} if schedule else {}
        self._warnings = {}
        for w in schedule.warnings if schedule else ():
            self._warnings.setdefault(w.section_id, []).append(w)
        self._labels = {s.id: s.label for s in self.sections}
        self.endResetModel()

    # -- shape ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sections)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.sections):
            return str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    # -- cells ------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.sections):
            return None
        s = self.sections[index.row()]
        col = index.column()
        slot = self._slots.get(s.id)
        warnings = self._warnings.get(s.id, [])
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(s, col, slot, warnings)
        if role == Qt.ItemDataRole.AccessibleTextRole:  # an empty cell says so, never nothing
            return self._text(s, col, slot, warnings) or "none"
        if role == Qt.ItemDataRole.ToolTipRole:
            if warnings:
                return "\n".join(w.message for w in warnings)
            # a cell shortened with "..." reads whole here; a section shows its question
            text = self._text(s, col, slot, warnings)
            if col == 2 and s.question:
                return f"{text}\n{s.question}"
            return text or s.question or None
        if role == Qt.ItemDataRole.BackgroundRole and warnings:
            return QBrush(qcolor(PALE_YELLOW))
        if role == Qt.ItemDataRole.ForegroundRole and col == 9 and warnings:
            return QBrush(qcolor(WARM_RED))
        if role == Qt.ItemDataRole.UserRole:
            return s.id
        return None

    def _text(self, s: Section, col: int, slot, warnings) -> str:
        parallel_prefix = "\u2225 " if s.parallel_with else ""
        match col:
            case 0:
                return fmt_clock(slot.start) if slot else ""
            case 1:
                return fmt_clock(slot.end) if slot else ""
            case 2:
                return parallel_prefix + s.label
            case 3:
                stype = self.types.get(s.type)
                return stype.name if stype else s.type
            case 4:
                return s.question
            case 5:
                return str(s.duration_min)
            case 6:
                return s.lead
            case 7:
                return s.pinned_time or ""
            case 8:
                return self._labels.get(s.parallel_with, "") if s.parallel_with else ""
            case 9:
                return f"\u26a0 {len(warnings)}" if warnings else ""
        return ""

    # -- drag and drop ------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(MIME, QByteArray(",".join(map(str, rows)).encode()))
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: AnyIndex) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME):
            return False
        raw = bytes(data.data(MIME).data()).decode()
        if not raw:
            return False
        source = int(raw.split(",")[0])
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.sections)
        # ``row`` is the gap the item is dropped into; after taking it out, the index shifts.
        target = row - 1 if row > source else row
        if target != source and self.on_move is not None:
            self.on_move(source, target)
        # The move is done by the builder; returning False stops the view removing rows.
        return False
