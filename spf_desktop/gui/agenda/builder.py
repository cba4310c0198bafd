"""The builder page: a meeting's sections in a table, every edit written and undoable.

The page owns the table, the timeline, the undo stack and the writes to the
archive. The meeting's details are a form (``details_form``) and the selected
section is edited in its own widget (``section_editor``), which hands back a
finished section; the page writes it. The meeting's outcomes, decisions and
actions sit in a tab beside the editor (``capture_panel``, for corrections after
the meeting).

Why this module is long: the table, the undo stack and the writes
share one state (the sections as written), and splitting them would pass that
state back and forth.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.agenda import (
    Meeting,
    Schedule,
    Section,
    compute_schedule,
    fmt_clock,
    insert_section,
    move_section,
    remove_section,
    update_section,
)
from spf_desktop.domain.errors import UserError, ValidationError
from spf_desktop.domain.section_types import SectionType
from spf_desktop.gui.a11y import announce
from spf_desktop.gui.agenda.capture_panel import CapturePanel
from spf_desktop.gui.agenda.date_field import local_date
from spf_desktop.gui.agenda.details_form import MeetingDetailsForm
from spf_desktop.gui.agenda.keyboard import chain, field_label, press_on_enter
from spf_desktop.gui.agenda.model import SectionsModel
from spf_desktop.gui.agenda.open_actions import OpenActionsPanel
from spf_desktop.gui.agenda.section_editor import SectionEditor, type_label
from spf_desktop.gui.agenda.steps import WrittenCommand
from spf_desktop.gui.agenda.timeline import Timeline
from spf_desktop.gui.widgets import button, is_writable, label, named, set_role, writes
from spf_desktop.store import agenda as store
from spf_desktop.store.repo import new_id

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Columns sized to their contents (or their heading) on every change: all but the
#: Question, which takes the width left (Start and End are always fitted).
FITTED = (2, 3, 5, 6, 7, 8, 9)
WIDEST_COLUMN = 320  # px: a longer section title is shortened, whole in its tooltip


class BuilderPage(QWidget):
    """Plans one meeting. Emits ``run_requested`` to open run mode, ``details_changed``
    when the title or date changes (the meeting list shows them), ``said(text)``
    after each edit: what the view's message line says now ("" clears it)."""

    run_requested = Signal()
    details_changed = Signal()
    said = Signal(str)

    def __init__(self, types: Mapping[str, SectionType], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.types = dict(types)
        self.db: Database | None = None
        self.meeting_id: str | None = None
        self.meeting: Meeting | None = None
        self.forum_id: str | None = None
        self.sections: tuple[Section, ...] = ()
        self.schedule: Schedule | None = None
        self.undo_stack = QUndoStack(self)
        # Row changes made by the page itself (or while a typed edit waits to be
        # applied) do not reload the editor.
        self._rows_quiet = False

        self.details = MeetingDetailsForm()
        self.details.save_requested.connect(self.save_details)
        self.details.problem.connect(self.show_error)
        self.title_edit = self.details.title_edit  # the view puts the cursor here
        self.editor = SectionEditor(self.types)
        self.editor.applied.connect(self._apply_edited)
        self.editor.problem.connect(self.show_error)
        # After the meeting (or before it): its outcomes, decisions and actions,
        # corrected here as in run mode; a new one goes to the selected section.
        self.captures = CapturePanel(self.current_id, title="Outcomes, decisions and actions",
                                     suffix=" (meeting record)", stacked=True)
        self.captures.problem.connect(lambda text: self.show_error(text) if text
                                      else self.clear_error())
        self._build_toolbar()
        self._build_table()
        self._build_side()
        self._build_layout()
        self.update_enabled()
        self.setEnabled(False)

    # -- building ------------------------------------------------------------------

    def _build_toolbar(self) -> None:
        self.type_combo = named(QComboBox(), "Section type to add")
        self.type_label = field_label("Section type to add", self.type_combo)
        for stype in self.types.values():
            self.type_combo.addItem(f"{type_label(stype)}, {stype.duration()} min", stype.id)
        self.type_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.type_combo.setMinimumContentsLength(14)
        self.type_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.add_button = writes(button("&Add section", "Add section"))
        self.remove_button = writes(button("Remove", "Remove section"))
        self.up_button = writes(button("Move up", "Move section up", "Ctrl+Up"))
        self.down_button = writes(button("Move down", "Move section down", "Ctrl+Down"))
        self.undo_button = writes(button("Undo", "Undo", "Ctrl+Z"))
        self.redo_button = writes(button("Redo", "Redo", "Ctrl+Shift+Z"))
        self.run_button = writes(button("Run meeting \u25b6", "Run meeting"))
        set_role(self.run_button, "primary")
        self.add_button.clicked.connect(self.add_section)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(+1))
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.run_button.clicked.connect(self._run)
        press_on_enter(self.add_button, self.remove_button, self.up_button, self.down_button,
                       self.undo_button, self.redo_button, self.run_button,
                       self.details.save_button, self.editor.apply_button)

    def _build_table(self) -> None:
        self.model = SectionsModel(self.types, self)
        self.model.on_move = self.move_row
        table = self.table = named(QTableView(), "Agenda sections")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setDragEnabled(True)
        table.setAcceptDrops(True)
        table.setDropIndicatorShown(True)
        table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        table.setDefaultDropAction(Qt.DropAction.MoveAction)
        table.setAlternatingRowColors(True)
        table.setTabKeyNavigation(False)  # one Tab stop: the arrow keys move inside it
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        # Start and End are always readable, however the meeting was made: sized to
        # their contents on every change of the model, not only when it first fills.
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setDefaultSectionSize(24)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)  # the whole text in the tooltip
        # The columns fit what they hold after every change (a meeting built section
        # by section reads as well as one reloaded; an empty Lead column is no wider
        # than its heading), and the person can still widen or narrow them.
        for changed in (self.model.modelReset, self.model.rowsInserted,
                        self.model.rowsRemoved, self.model.dataChanged, self.model.layoutChanged):
            changed.connect(lambda *_: self.fit_columns())
        table.selectionModel().currentRowChanged.connect(self._row_changed)
        for keys, slot in (("Ctrl+Up", lambda: self.move_current(-1)),
                           ("Ctrl+Down", lambda: self.move_current(+1)),
                           (QKeySequence.StandardKey.Delete, self.remove_current),
                           (QKeySequence.StandardKey.Undo, self.undo),
                           (QKeySequence.StandardKey.Redo, self.redo)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _build_side(self) -> None:
        self.timeline = Timeline()
        self.summary_label = label("", "Agenda summary", wrap=False)
        self.warnings_label = label("", "Agenda warnings", role="warning")
        self.error_label = label("", "Agenda problem", role="alert")
        self.error_label.hide()
        self.open_actions = OpenActionsPanel()

    def _build_layout(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.details)
        # the toolbar in two rows, so it fits a 1024-wide screen
        bar, bar2 = QHBoxLayout(), QHBoxLayout()
        bar.addWidget(self.type_label)
        bar.addWidget(self.type_combo, 1)
        bar.addWidget(self.add_button)
        bar.addSpacing(12)
        bar.addWidget(self.run_button)
        for w in (self.remove_button, self.up_button, self.down_button, self.undo_button,
                  self.redo_button):
            bar2.addWidget(w)
        bar2.addStretch(1)
        outer.addLayout(bar)
        outer.addLayout(bar2)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.table, 3)
        for shown in (self.summary_label, self.warnings_label, self.error_label):
            ll.addWidget(shown)
        # In the tabs the boxes need no titles of their own: the tabs name them.
        for box in (self.editor, self.captures):
            box.setTitle("")
            box.setFlat(True)
        self.lower_tabs = named(QTabWidget(), "Section or meeting record")
        self.lower_tabs.addTab(self.editor, "Selected section")
        self.lower_tabs.addTab(self.captures, "Outcomes, decisions and actions")
        ll.addWidget(self.lower_tabs, 2)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.timeline, 3)
        rl.addWidget(self.open_actions, 1)
        right.setMinimumWidth(120)  # the plan keeps the room on a small screen
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([640, 200])  # the timeline keeps a readable width
        outer.addWidget(splitter, 1)
        self.chain_tabs()

    def tab_chain(self) -> list[QWidget]:
        """The page's controls as the eye reads them: the details, the toolbar's two
        rows, the table, the tabs below it, then the timeline and the open actions."""
        return [*self.details.tab_chain(), self.type_combo, self.add_button, self.run_button,
                self.remove_button, self.up_button, self.down_button, self.undo_button,
                self.redo_button, self.table, self.lower_tabs, *self.editor.tab_chain(),
                *self.captures.tab_chain(), self.timeline, self.open_actions.list]

    def chain_tabs(self) -> None:
        chain(*self.tab_chain())

    def update_enabled(self) -> None:
        """Which edits make sense now (writing ones stay off while read-only)."""
        has = 0 <= self.current_row() < len(self.sections)
        for w in (self.remove_button, self.up_button, self.down_button):
            w.setEnabled(has)
        for w in (self.add_button, self.run_button, self.details.save_button):
            w.setEnabled(True)
        self.editor.apply_button.setEnabled(self.editor.section is not None)
        self.undo_button.setEnabled(self.undo_stack.canUndo())
        self.redo_button.setEnabled(self.undo_stack.canRedo())
        self.captures.update_enabled()

    # -- loading --------------------------------------------------------------------

    def set_meeting(self, db: Database | None, meeting_id: str | None) -> None:
        if db is not None and db is self.db:
            self.commit_pending()  # typed into the editor, then chose another meeting
        self.editor.mark_clean()
        self.db = db
        self.meeting_id = meeting_id
        self.undo_stack.clear()
        self.error_label.hide()
        if db is None or meeting_id is None:
            self.meeting, self.sections = None, ()
            self.setEnabled(False)
            self.model.set_agenda((), None)
            self.timeline.set_schedule(None)
            self.open_actions.show_for(None, None, None)
            self.editor.show_section(None, ())
            self.captures.set_meeting(None, None)
            return
        self.setEnabled(True)
        row = store.get_meeting(db, meeting_id)
        self.forum_id = row["forum_id"]
        self.meeting = store.meeting_from_row(row)
        self.details.show_meeting(self.meeting)
        self.sections = store.sections(db, meeting_id)
        self.show_rounds()
        self._refresh(self.sections[0].id if self.sections else None)
        self.show_open_actions()
        self.captures.set_meeting(db, meeting_id)

    def fit_columns(self) -> None:
        """Size the columns to what they hold (a very long title is shortened with
        "...", whole in its tooltip)."""
        for column in FITTED:
            self.table.resizeColumnToContents(column)
            if self.table.columnWidth(column) > WIDEST_COLUMN:
                self.table.setColumnWidth(column, WIDEST_COLUMN)

    def show_rounds(self) -> None:
        """The forum's audit rounds, for an audit section to run (a round made in the
        Audit view shows up here at once)."""
        rounds = (store.rounds_to_link(self.db, self.meeting_id)
                  if self.db is not None and self.meeting_id is not None else [])
        self.editor.set_rounds([(r["id"], f"{r['label']} ({local_date(r['date'])})") for r in rounds])

    def show_open_actions(self) -> None:
        """Actions still open from the forum's other meetings."""
        self.open_actions.show_for(self.db, self.forum_id, self.meeting_id)

    def reload_if_changed(self) -> None:
        """The archive changed: reload only if this meeting is not as shown (so the
        page keeps its place and its undo history after its own writes)."""
        if self.db is None or self.meeting_id is None:
            return
        try:
            row = store.get_meeting(self.db, self.meeting_id)
        except UserError:
            self.set_meeting(self.db, None)  # deleted elsewhere
            return
        if (store.meeting_from_row(row) != self.meeting
                or store.sections(self.db, self.meeting_id) != self.sections):
            self.set_meeting(self.db, self.meeting_id)

    def _refresh(self, select: str | None) -> None:
        """Show ``self.sections``: table, timeline, summary, and the editor loaded
        with ``select`` (or the current row)."""
        assert self.meeting is not None
        try:
            self.schedule = compute_schedule(self.sections, self.meeting.start_time,
                                             self.meeting.planned_end, self.types)
        except ValidationError as exc:  # pragma: no cover - the store refuses such lists
            self.schedule = None
            self.show_error(str(exc))
        keep = select or self.current_id()
        self.model.set_agenda(self.sections, self.schedule)
        self.timeline.set_schedule(self.schedule)
        sched = self.schedule
        if sched is not None:
            main = len(sched.main())
            self.summary_label.setText(
                f"{len(self.sections)} section{'s' * (len(self.sections) != 1)} "
                f"({len(self.sections) - main} alongside others), "
                f"{fmt_clock(sched.start)} to {fmt_clock(sched.end)}; planned end "
                f"{fmt_clock(sched.planned_end)}."
            )
            self.warnings_label.setText("\n".join(f"\u26a0 {w.message}" for w in sched.warnings))
        self._select(keep)
        self._load_editor()

    def _select(self, section_id: str | None) -> None:
        """Make the section's row current without the row change reloading the editor."""
        rows = [n for n, s in enumerate(self.sections) if s.id == section_id]
        if not rows:
            return
        quiet, self._rows_quiet = self._rows_quiet, True
        try:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(rows[0], 2),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._rows_quiet = quiet

    def _load_editor(self) -> None:
        row = self.current_row()
        section = self.sections[row] if 0 <= row < len(self.sections) else None
        self.editor.show_section(section, self.sections)
        self.update_enabled()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def clear_error(self) -> None:
        self.error_label.hide()
        self.error_label.setText("")

    # -- writing (the undo commands call these) ----------------------------------------

    @property
    def writable(self) -> bool:
        return self.db is not None and is_writable(self)

    def _database(self) -> Database:
        """The archive a shown meeting is in (a meeting is never shown without one)."""
        if self.db is None:
            raise RuntimeError("No archive is open.")
        return self.db

    def write_sections(self, meeting_id: str, sections: tuple[Section, ...], select: str | None) -> None:
        store.save_sections(self._database(), meeting_id, sections)
        if meeting_id == self.meeting_id:
            self.sections = sections
            self._refresh(select)

    def write_details(self, meeting_id: str, meeting: Meeting) -> None:
        store.update_meeting(self._database(), meeting_id, meeting)
        if meeting_id == self.meeting_id:
            self.meeting = meeting
            self.details.show_meeting(meeting)
            self._refresh(None)
        self.details_changed.emit()

    def apply(self, sections: Sequence[Section], text: str, select: str | None = None) -> bool:
        """Write a new list of sections and put the edit on the undo stack; on bad
        input show why and change nothing."""
        if self.meeting_id is None or not self.writable:
            return False
        meeting_id, after, before = self.meeting_id, tuple(sections), self.sections
        try:
            store.save_sections(self._database(), meeting_id, after)
        except UserError as exc:
            self.show_error(str(exc))
            return False
        self.clear_error()
        self.said.emit("")  # an earlier message no longer applies
        self.sections = after
        self._refresh(select)  # the editor now shows what was written
        self.say_done(text)
        self.undo_stack.push(WrittenCommand(
            text, lambda: self.write_sections(meeting_id, before, select),
            lambda: self.write_sections(meeting_id, after, select)))
        return True

    def say_done(self, text: str) -> None:
        """An edit written: said, with where the plan now stands (the table shows it)."""
        row = self.current_row()
        where = ""
        if self.schedule is not None and 0 <= row < len(self.sections):
            slot = next((s for s in self.schedule.slots if s.section.id == self.sections[row].id), None)
            if slot is not None:
                where = (f" Row {row + 1} of {len(self.sections)}: {self.sections[row].label}, "
                         f"{fmt_clock(slot.start)} to {fmt_clock(slot.end)}.")
        if self.isVisible():
            announce(self, f"{text}: done.{where} {self.summary_label.text()}")

    def save_details(self) -> bool:
        if self.meeting_id is None or self.meeting is None or not self.writable:
            return False
        refused = self.details.take_problem()
        if refused is not None:  # the date typed was none: said, and nothing saved
            self.show_error(refused)
            return False
        if not self.commit_pending():
            return False
        meeting_id, after, before = self.meeting_id, self.details.meeting(), self.meeting
        try:
            store.update_meeting(self._database(), meeting_id, after)
        except UserError as exc:
            self.show_error(str(exc))
            return False
        self.clear_error()
        self.meeting = written = store.meeting_from_row(store.get_meeting(self._database(), meeting_id))
        self._refresh(None)
        self.undo_stack.push(WrittenCommand(
            "Change the meeting's details", lambda: self.write_details(meeting_id, before),
            lambda: self.write_details(meeting_id, written)))
        self.details_changed.emit()
        self.said.emit("Saved.")
        return True

    # -- section edits ------------------------------------------------------------------

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def current_id(self) -> str | None:
        row = self.current_row()
        return self.sections[row].id if 0 <= row < len(self.sections) else None

    def add_section(self) -> bool:
        if not self.commit_pending():
            return False
        stype = self.types[self.type_combo.currentData()]
        params = dict(stype.defaults)
        section = Section(
            id=new_id(), type=stype.id, title=stype.name, duration_min=stype.duration(params),
            params=params if stype.rule != "fixed" else {},
        )
        row = self.current_row()
        return self.apply(insert_section(self.sections, section, row + 1 if row >= 0 else None),
                          f"Add {stype.name}", section.id)

    def remove_current(self) -> bool:
        sid = self.current_id()
        if sid is None:
            return False
        row = self.current_row()
        after = remove_section(self.sections, sid)
        select = after[min(row, len(after) - 1)].id if after else None
        return self.apply(after, "Remove section", select)

    def move_row(self, source: int, target: int) -> bool:
        if not (0 <= source < len(self.sections)) or not (0 <= target < len(self.sections)) or source == target:
            return False
        if not self.commit_pending():
            return False
        sid = self.sections[source].id
        return self.apply(move_section(self.sections, source, target), "Move section", sid)

    def move_current(self, step: int) -> bool:
        row = self.current_row()
        if row < 0:
            return False
        return self.move_row(row, row + step)

    def _apply_edited(self, edited: Section) -> None:
        """The editor's finished section: written as one undoable edit."""
        if edited in self.sections:
            self.editor.mark_clean()
            return
        self.apply(update_section(self.sections, edited), f"Edit {edited.label}", edited.id)

    # -- typed edits are never lost ---------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Another row picked: first apply what was typed for the one being edited.

        Done once the click or key press is over (the table must not be reset in
        the middle of its own mouse handling); meanwhile the editor keeps the text.
        """
        if self._rows_quiet:
            return
        if self.editor.is_dirty:
            target = (self.sections[current.row()].id
                      if current.isValid() and current.row() < len(self.sections) else None)
            self._rows_quiet = True  # until the typed edit is applied (or refused)
            QTimer.singleShot(0, self, lambda: self._commit_on_row_change(target))
            return
        self._load_editor()

    def _commit_on_row_change(self, target: str | None) -> None:
        self._rows_quiet = False
        editing = self.editor.editing_id
        if self.commit_pending(select=target):
            if self.editor.editing_id != self.current_id():
                self._load_editor()  # nothing had changed after all
            return
        self._select(editing)  # refused (the message says why): stay on its row, text kept

    def commit_pending(self, select: str | None = None) -> bool:
        """Apply what was typed into the editor, as one undoable step. False (with the
        reason shown, the text kept) when it cannot be applied."""
        if not self.editor.is_dirty or not self.writable:
            return True
        if not any(s.id == self.editor.editing_id for s in self.sections):
            self.editor.mark_clean()
            return True
        try:
            edited = self.editor.pending()
        except UserError as exc:
            self.show_error(str(exc))
            return False
        if edited is None:
            return True
        return self.apply(update_section(self.sections, edited), f"Edit {edited.label}",
                          select or edited.id)

    def undo(self) -> None:
        """Typed text is applied first, so undo takes it back (and redo brings it again)."""
        if self.commit_pending():
            text = self.undo_stack.undoText()
            self.undo_stack.undo()
            if text and self.isVisible():
                announce(self, f"Undone: {text}.")

    def redo(self) -> None:
        if self.commit_pending():
            text = self.undo_stack.redoText()
            self.undo_stack.redo()
            if text and self.isVisible():
                announce(self, f"Redone: {text}.")

    def hideEvent(self, event: QHideEvent) -> None:
        """Going to another view applies what was typed (closing the window does it
        through AgendaView.save_pending, before the archive is closed)."""
        super().hideEvent(event)
        if self.window().isVisible() and self.db is not None:
            self.commit_pending()

    def _run(self) -> None:
        if self.commit_pending():
            self.run_requested.emit()
