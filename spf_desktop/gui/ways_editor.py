"""The ways of working list editor of the forum settings dialog: add, edit,
remove and reorder ways, each a name and a description. It holds the list being
edited; the dialog reads ``ways`` when it saves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.ways import Way
from spf_desktop.gui.widgets import button, label, named


def _shown(way: Way) -> str:
    name = way["name"].strip() or "(no name yet)"
    return f"{name}: {way['description'].strip()}" if way["description"].strip() else name


class WaysEditor(QGroupBox):
    """Edits a list of ways of working in place (nothing is stored here)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Ways of working", parent)
        named(self, "Ways of working group")
        self.ways: list[Way] = []
        grid = QGridLayout(self)
        grid.addWidget(label("What the forum agrees to work by: a new meeting starts with "
                             "these, and the agenda handout prints them.",
                             "About ways of working", role="hint"), 0, 0, 1, 2)
        self.ways_list = named(QListWidget(), "Ways of working")
        rows = self.ways_list.fontMetrics().lineSpacing()
        self.ways_list.setMinimumHeight(4 * rows + 8)
        self.ways_list.setMaximumHeight(7 * rows + 8)  # leave room for the rest at 768 lines
        self.ways_list.currentRowChanged.connect(self._way_chosen)
        self.ways_list.itemDoubleClicked.connect(lambda _item: self.edit_way())
        grid.addWidget(self.ways_list, 1, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        self.add_way_button = button("&Add", "Add way of working",
                                     "A new way of working at the end of the list")
        self.edit_way_button = button("&Edit", "Edit way of working",
                                      "Change the chosen way's name and description")
        self.remove_way_button = button("&Remove", "Remove way of working")
        self.up_button = button("Move &up", "Move way of working up")
        self.down_button = button("Move do&wn", "Move way of working down")
        for made, slot in ((self.add_way_button, self.add_way),
                           (self.edit_way_button, self.edit_way),
                           (self.remove_way_button, self.remove_way),
                           (self.up_button, lambda: self.move_way(-1)),
                           (self.down_button, lambda: self.move_way(+1))):
            made.clicked.connect(lambda _=False, s=slot: s())
            column.addWidget(made)
        column.addStretch(1)
        grid.addLayout(column, 1, 1)
        form = QFormLayout()
        self.way_name = named(QLineEdit(), "Way of working name")
        self.way_name.setPlaceholderText("e.g. Trust")
        self.way_name.textEdited.connect(lambda text: self._way_edited("name", text))
        form.addRow("Name:", self.way_name)
        self.way_description = named(QLineEdit(), "Way of working description")
        self.way_description.setPlaceholderText("What it means for this forum, in a sentence")
        self.way_description.textEdited.connect(lambda text: self._way_edited("description", text))
        form.addRow("Description:", self.way_description)
        grid.addLayout(form, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)

    def set_ways(self, ways: list[Way]) -> None:
        self.ways = [dict(w) for w in ways]
        self._fill_ways(0 if self.ways else -1)

    def show_row(self, row: int | None) -> QWidget:
        """Choose a way (for a refusal that names it); returns the field to fix."""
        if row is not None and 0 <= row < len(self.ways):
            self.ways_list.setCurrentRow(row)
            return self.way_name
        return self.ways_list

    def _fill_ways(self, current: int) -> None:
        self.ways_list.blockSignals(True)
        self.ways_list.clear()
        for way in self.ways:
            self.ways_list.addItem(QListWidgetItem(_shown(way)))
        self.ways_list.blockSignals(False)
        self.ways_list.setCurrentRow(current)
        self._way_chosen(self.ways_list.currentRow())

    def _way_chosen(self, row: int) -> None:
        has = 0 <= row < len(self.ways)
        for edit, key in ((self.way_name, "name"), (self.way_description, "description")):
            edit.setText(self.ways[row][key] if has else "")
            edit.setEnabled(has)
        for made in (self.edit_way_button, self.remove_way_button):
            made.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < len(self.ways) - 1)

    def _way_edited(self, key: str, text: str) -> None:
        row = self.ways_list.currentRow()
        if 0 <= row < len(self.ways):
            self.ways[row][key] = text
            item = self.ways_list.item(row)
            if item is not None:
                item.setText(_shown(self.ways[row]))

    def add_way(self) -> None:
        """A new, empty way at the end, ready to be named."""
        self.ways.append({"name": "", "description": ""})
        self._fill_ways(len(self.ways) - 1)
        self.way_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def edit_way(self) -> None:
        """Put the cursor in the chosen way's name."""
        if 0 <= self.ways_list.currentRow() < len(self.ways):
            self.way_name.setFocus(Qt.FocusReason.OtherFocusReason)
            self.way_name.selectAll()

    def remove_way(self) -> None:
        row = self.ways_list.currentRow()
        if 0 <= row < len(self.ways):
            del self.ways[row]
            self._fill_ways(min(row, len(self.ways) - 1))
            self.ways_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_way(self, step: int) -> None:
        row = self.ways_list.currentRow()
        target = row + step
        if 0 <= row < len(self.ways) and 0 <= target < len(self.ways):
            self.ways[row], self.ways[target] = self.ways[target], self.ways[row]
            self._fill_ways(target)
            # keep the focus on the button pressed, unless it has just gone off
            pressed = self.up_button if step < 0 else self.down_button
            if not pressed.isEnabled():
                self.ways_list.setFocus(Qt.FocusReason.OtherFocusReason)
