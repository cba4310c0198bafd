"""Outcomes, decisions and actions: captured while the meeting runs, corrected after.

The panel writes each capture at once (tied to the section the page names:
the one running, or in the plan the one selected) and lists what the meeting
has captured. A captured item can be edited (text, kind, an action's owner and
due date), deleted, or an action marked done, each as one step on the panel's
undo stack. The kind is chosen with three radio buttons, which stay where they
are under the pointer (a pop-up list opens on its current item and moves).
Run mode and the plan each hold a panel; the change hook refreshes both when a
capture is made anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.errors import UserError
from spf_desktop.domain.statuses import ActionStatus
from spf_desktop.gui.a11y import announce
from spf_desktop.gui.agenda.date_field import DateField, local_date
from spf_desktop.gui.agenda.keyboard import press_on_enter
from spf_desktop.gui.agenda.steps import WrittenCommand
from spf_desktop.gui.widgets import button, named, writes
from spf_desktop.store import agenda as store

KINDS = (("Outcome", "outcomes"), ("Decision", "decisions"), ("Action", "actions"))
WORDS = {kind: word for word, kind in KINDS}
KEY_ROLE = Qt.ItemDataRole.UserRole  # (kind, id) of a listed item
DONE_ROLE = Qt.ItemDataRole.UserRole + 1  # whether a listed action is done

if TYPE_CHECKING:
    from sqlite_utils import Database


def describe(kind: str, row: dict) -> str:
    """One captured item as the list shows it."""
    extra = ""
    if kind == "actions":
        extra = "".join([f" (owner: {row['owner']}" if row["owner"] else " (",
                         f", due {local_date(row['due_date'])})" if row["due_date"] else ")"])
        extra = "" if extra == " ()" else extra.replace("(, ", "(")
        if row.get("status") == ActionStatus.DONE:
            extra += f" \u2714 done {local_date(row['done_on'], '')}".rstrip()
    where = f" [{row['section_title']}]" if row["section_title"] else ""
    return f"{WORDS[kind]}: {row['text']}{extra}{where}"


class CapturePanel(QGroupBox):
    """Capture and correct. ``problem(str)`` says why a change was refused (an
    empty string once one is accepted). ``suffix`` tells this panel's controls
    apart from another panel's in the same window (the plan's and run mode's)."""

    problem = Signal(str)
    captured = Signal()  # an item added, or a correction saved

    def __init__(self, current_section: Callable[[], str | None],
                 parent: QWidget | None = None, *, title: str = "Capture while running",
                 suffix: str = "", today: Callable[[], date] = date.today,
                 stacked: bool = False) -> None:
        super().__init__(title, parent)
        self.current_section = current_section
        self.suffix = suffix
        self.today = today
        self.db: Database | None = None
        self.meeting_id: str | None = None
        self.editing: tuple[str, str] | None = None  # (kind, id) being corrected
        self.undo_stack = QUndoStack(self)
        self._build_fields()
        self._build_buttons()
        self._build_layout(stacked)
        self.stacked = stacked
        press_on_enter(self.add_button, self.cancel_button, self.edit_button, self.delete_button,
                       self.done_button, self.undo_button, self.redo_button)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def _name(self, name: str) -> str:
        return f"{name}{self.suffix}"

    def _build_fields(self) -> None:
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for word, kind in KINDS:
            radio = named(QRadioButton(word), self._name(word), f"Capture an {word.lower()}"
                          if word[0] in "AEIOU" else f"Capture a {word.lower()}")
            self.kind_group.addButton(radio)
            self.kind_buttons[kind] = radio
        self.kind_buttons["outcomes"].setChecked(True)
        self.text_edit = named(QLineEdit(), self._name("Captured text"),
                               "Type it and press Enter to add it")
        self.owner_edit = named(QLineEdit(), self._name("Action owner"))
        self.due_edit = named(DateField(empty_text="No due date", today=lambda: self.today()),
                              self._name("Action due date"),
                              "Type the date or pick it from the calendar")
        self.due_edit.refused.connect(self.problem)
        # Enter in any field presses the obvious button: Add (or Save, when correcting).
        for edit in (self.text_edit, self.owner_edit):
            edit.returnPressed.connect(self.add)
        self.due_edit.entered.connect(self.add)
        self.captured_list = named(QListWidget(), self._name("Captured outcomes, decisions and actions"))
        self.captured_list.setMaximumHeight(84)
        self.captured_list.setWordWrap(True)  # long actions wrap on a small screen
        self.captured_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.captured_list.currentItemChanged.connect(lambda *_: self.update_enabled())
        self.captured_list.itemDoubleClicked.connect(lambda _item: self.start_edit())

    def _build_buttons(self) -> None:
        def make(text: str, name: str, slot: Callable[[], object], tip: str = "") -> QWidget:
            made = writes(button(text, self._name(name), tip))
            made.clicked.connect(slot)
            return made

        self.add_button = make("Add", "Add capture", self.add)
        self.cancel_button = button("Cancel", self._name("Cancel the correction"))
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.edit_button = make("Edit", "Edit the captured item", self.start_edit,
                                "Correct the chosen item (or double-click it)")
        self.delete_button = make("Delete", "Delete the captured item", self.delete_current)
        self.done_button = make("Mark done", "Mark the action done or open", self.toggle_done)
        self.undo_button = make("Undo", "Undo capture change", self.undo)
        self.redo_button = make("Redo", "Redo capture change", self.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)

    def _build_layout(self, stacked: bool) -> None:
        """``stacked``: for a narrow column (the plan's tab), the kind on a line of its
        own above the text, and Undo and Redo beside the list."""
        form = QFormLayout(self)
        kind_row = QHBoxLayout()
        for radio in self.kind_buttons.values():
            kind_row.addWidget(radio)
        if stacked:
            kind_row.addStretch(1)
            form.addRow(kind_row)
            kind_row = QHBoxLayout()
        kind_row.addWidget(self.text_edit, 1)
        kind_row.addWidget(self.add_button)
        kind_row.addWidget(self.cancel_button)
        form.addRow(kind_row)
        action_row = QHBoxLayout()  # an action's owner and due date, on their own line
        owner_label, due_label = QLabel("Owner"), QLabel("Due")
        owner_label.setBuddy(self.owner_edit)
        due_label.setBuddy(self.due_edit)
        action_row.addWidget(owner_label)
        action_row.addWidget(self.owner_edit, 1)
        action_row.addWidget(due_label)
        action_row.addWidget(self.due_edit)
        if not stacked:
            action_row.addSpacing(12)
            action_row.addWidget(self.undo_button)
            action_row.addWidget(self.redo_button)
        form.addRow(action_row)
        # the list, with what corrects its chosen item beside it (no extra line)
        list_row = QHBoxLayout()
        list_row.addWidget(self.captured_list, 1)
        fixes = QVBoxLayout()
        for b in (self.edit_button, self.delete_button, self.done_button,
                  *((self.undo_button, self.redo_button) if stacked else ())):
            fixes.addWidget(b)
        fixes.addStretch(1)
        list_row.addLayout(fixes)
        form.addRow(list_row)

    def tab_chain(self) -> list[QWidget]:
        """The panel's controls in the order the eye reads them (the page chains them)."""
        beside = [self.undo_button, self.redo_button]
        return [*self.kind_buttons.values(), self.text_edit, self.add_button, self.cancel_button,
                self.owner_edit, self.due_edit, *([] if self.stacked else beside),
                self.captured_list, self.edit_button, self.delete_button, self.done_button,
                *(beside if self.stacked else [])]

    def say(self, text: str) -> None:
        """A confirmation, said to a screen reader (the list shows it to the eye)."""
        if self.isVisible():
            announce(self, text)

    def undo(self) -> None:
        text = self.undo_stack.undoText()
        self.undo_stack.undo()
        if text:
            self.say(f"Undone: {text.lower()}.")

    def redo(self) -> None:
        text = self.undo_stack.redoText()
        self.undo_stack.redo()
        if text:
            self.say(f"Redone: {text.lower()}.")

    # -- state ----------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return next(k for k, radio in self.kind_buttons.items() if radio.isChecked())

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)

    def set_meeting(self, db: Database | None, meeting_id: str | None) -> None:
        if (db, meeting_id) != (self.db, self.meeting_id):
            self.undo_stack.clear()
            self.cancel_edit()
        self.db, self.meeting_id = db, meeting_id
        self.reload()

    def chosen(self) -> tuple[str, str] | None:
        item = self.captured_list.currentItem()
        return item.data(KEY_ROLE) if item is not None else None

    def update_enabled(self) -> None:
        has_meeting = self.meeting_id is not None
        chosen = self.chosen()
        self.add_button.setEnabled(has_meeting)
        self.cancel_button.setEnabled(self.editing is not None)
        for b in (self.edit_button, self.delete_button):
            b.setEnabled(chosen is not None)
        self.done_button.setEnabled(chosen is not None and chosen[0] == "actions")
        item = self.captured_list.currentItem()
        done = bool(item is not None and item.data(DONE_ROLE))
        self.done_button.setText("Mark open" if done else "Mark done")
        self.undo_button.setEnabled(self.undo_stack.canUndo())
        self.redo_button.setEnabled(self.undo_stack.canRedo())

    # -- writing --------------------------------------------------------------------

    def _refuse(self, text: str) -> bool:
        self.problem.emit(text)
        return False

    def add(self) -> bool:
        """Write what was typed: a new item of the chosen kind (tied to the section
        the page names), or, while correcting, the corrected item."""
        if self.meeting_id is None or self.db is None or not self.add_button.isEnabled():
            return False
        if self.editing is not None:
            return self.save_edit()
        refused = self.due_edit.take_refusal()
        if refused is not None:
            return self._refuse(refused)
        try:
            new = store.add_capture(self.db, self.meeting_id, self.kind, self.text_edit.text(),
                                    section_id=self.current_section(),
                                    owner=self.owner_edit.text(),
                                    due_date=self.due_edit.iso() if self.kind == "actions" else None)
        except UserError as exc:
            return self._refuse(str(exc))
        after = (self.kind, store.get_capture(self.db, self.kind, new))
        self._push(f"Add {WORDS[self.kind].lower()}", new, None, after)
        self._after_write(new)
        self.say(f"{WORDS[self.kind]} added: {after[1]['text']}")
        self.captured.emit()
        return True

    def start_edit(self) -> bool:
        """Load the chosen item into the fields; Add becomes Save."""
        chosen = self.chosen()
        if chosen is None or self.db is None:
            return False
        kind, record_id = chosen
        row = store.get_capture(self.db, kind, record_id)
        self.editing = chosen
        self.set_kind(kind)
        self.text_edit.setText(row["text"])
        self.owner_edit.setText(row.get("owner") or "")
        self.due_edit.set_iso(row.get("due_date"))
        self.add_button.setText("Save")
        self.add_button.setAccessibleName(self._name("Save the correction"))
        self.text_edit.setFocus()
        self.text_edit.selectAll()
        self.update_enabled()
        return True

    def _clear_fields(self) -> None:
        for edit in (self.text_edit, self.owner_edit):
            edit.clear()
        self.due_edit.set_iso(None)

    def cancel_edit(self) -> None:
        self.editing = None
        self._clear_fields()
        self.add_button.setText("Add")
        self.add_button.setAccessibleName(self._name("Add capture"))
        self.update_enabled()

    def save_edit(self) -> bool:
        """Write the correction; empty text is refused and nothing changes."""
        if self.editing is None or self.db is None:
            return False
        kind, record_id = self.editing
        if not self.text_edit.text().strip():
            return self._refuse(
                f"{WORDS[kind]} needs some text: type the corrected text, or use Delete to "
                "remove it. Nothing was changed.")
        refused = self.due_edit.take_refusal()
        if refused is not None:
            return self._refuse(refused)
        before = (kind, store.get_capture(self.db, kind, record_id))
        try:
            store.update_capture(self.db, kind, record_id, self.text_edit.text(),
                                 new_kind=self.kind, owner=self.owner_edit.text(),
                                 due_date=self.due_edit.iso())
        except UserError as exc:
            return self._refuse(f"{exc} Nothing was changed.")
        after = (self.kind, store.get_capture(self.db, self.kind, record_id))
        self._push(f"Correct {WORDS[kind].lower()}", record_id, before, after)
        self.cancel_edit()
        self._after_write(record_id)
        self.say(f"{WORDS[after[0]]} corrected.")
        self.captured.emit()
        return True

    def delete_current(self) -> bool:
        chosen = self.chosen()
        if chosen is None or self.db is None:
            return False
        kind, record_id = chosen
        before = (kind, store.get_capture(self.db, kind, record_id))
        store.delete_capture(self.db, kind, record_id)
        if self.editing == chosen:
            self.cancel_edit()
        self._push(f"Delete {WORDS[kind].lower()}", record_id, before, None)
        self._after_write(None)
        self.say(f"{WORDS[kind]} deleted. Undo brings it back.")
        if self.delete_button.hasFocus() or not self.delete_button.isEnabled():
            self.captured_list.setFocus()  # on with the list, not on to the next Delete
        return True

    def toggle_done(self) -> bool:
        """Mark the chosen action done today, or open again (undoable like any edit)."""
        chosen = self.chosen()
        if chosen is None or chosen[0] != "actions" or self.db is None:
            return False
        record_id = chosen[1]
        before = ("actions", store.get_capture(self.db, "actions", record_id))
        done = before[1]["status"] == ActionStatus.DONE
        store.set_action_done(self.db, record_id, None if done else self.today().isoformat())
        after = ("actions", store.get_capture(self.db, "actions", record_id))
        self._push("Mark open" if done else "Mark done", record_id, before, after)
        self._after_write(record_id)
        self.say("Action marked open." if done else "Action marked done.")
        return True

    def _push(self, text: str, record_id: str, before: tuple[str, dict] | None,
              after: tuple[str, dict] | None) -> None:
        """Put a change already written on the undo stack (the state before and after)."""
        self.undo_stack.push(WrittenCommand(text, lambda: self.put_back(record_id, before),
                                            lambda: self.put_back(record_id, after)))

    def put_back(self, record_id: str, state: tuple[str, dict] | None) -> None:
        """Undo and redo: make the record exactly ``state`` (None: not there)."""
        if self.db is None:
            return
        if state is None:
            for kind in store.CAPTURE_KINDS:
                store.delete_capture(self.db, kind, record_id)
        else:
            store.restore_capture(self.db, state[0], state[1])
        self._after_write(record_id if state is not None else None)

    def _after_write(self, select: str | None) -> None:
        self.problem.emit("")
        if self.editing is None:
            self._clear_fields()
        self.reload(select)

    def reload(self, select: str | None = None) -> None:
        """List what the meeting has captured (after a change made here or elsewhere),
        keeping the chosen item."""
        chosen = self.chosen()
        select = select or (chosen[1] if chosen else None)
        self.captured_list.blockSignals(True)
        self.captured_list.clear()
        if self.meeting_id is not None and self.db is not None:
            for kind, rows in store.captured(self.db, self.meeting_id).items():
                for row in rows:
                    item = QListWidgetItem(describe(kind, row))
                    item.setData(KEY_ROLE, (kind, row["id"]))
                    item.setData(DONE_ROLE, row.get("status") == ActionStatus.DONE)
                    self.captured_list.addItem(item)
                    if row["id"] == select:
                        self.captured_list.setCurrentItem(item)
        self.captured_list.blockSignals(False)
        if self.editing is not None and not any(
                self.captured_list.item(i).data(KEY_ROLE) == self.editing
                for i in range(self.captured_list.count())):
            self.cancel_edit()  # deleted meanwhile
        self.update_enabled()
