"""The agenda builder: a meeting's details and its sections, every edit undoable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.agenda import (
    SEATING,
    SEATING_LABELS,
    Meeting,
    Schedule,
    Section,
    change_type,
    compute_schedule,
    fmt_clock,
    insert_section,
    move_section,
    remove_section,
    update_section,
)
from spf_desktop.domain.errors import UserError, ValidationError
from spf_desktop.domain.section_types import RULES, SectionType
from spf_desktop.gui.agenda.model import SectionsModel
from spf_desktop.gui.agenda.timeline import Timeline
from spf_desktop.store import agenda as store
from spf_desktop.store.repo import new_id


def ways_to_text(ways: Sequence[Mapping[str, str]]) -> str:
    return "\n".join(f"{w['name']}: {w.get('description', '')}".rstrip(": ") for w in ways)


def text_to_ways(text: str) -> tuple[dict, ...]:
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, description = line.partition(":")
        out.append({"name": name.strip(), "description": description.strip()})
    return tuple(out)


class SectionsCommand(QUndoCommand):
    """One agenda edit: the sections before and after. Already written when pushed."""

    def __init__(self, page: BuilderPage, meeting_id: str, before: tuple[Section, ...],
                 after: tuple[Section, ...], text: str, select: str | None) -> None:
        super().__init__(text)
        self.page, self.meeting_id = page, meeting_id
        self.before, self.after, self.select = before, after, select
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.page.write_sections(self.meeting_id, self.after, self.select)

    def undo(self) -> None:
        self.page.write_sections(self.meeting_id, self.before, self.select)


class DetailsCommand(QUndoCommand):
    def __init__(self, page: BuilderPage, meeting_id: str, before: Meeting, after: Meeting) -> None:
        super().__init__("Change the meeting's details")
        self.page, self.meeting_id, self.before, self.after = page, meeting_id, before, after
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.page.write_details(self.meeting_id, self.after)

    def undo(self) -> None:
        self.page.write_details(self.meeting_id, self.before)


def _named(widget: QWidget, name: str, tip: str = "") -> QWidget:
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
    return widget


class BuilderPage(QWidget):
    """Plans one meeting. Emits ``run_requested`` to open run mode, ``details_changed``
    when the title or date changes (the meeting list shows them)."""

    run_requested = Signal()
    details_changed = Signal()

    def __init__(self, types: Mapping[str, SectionType], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.types = dict(types)
        self.db = None
        self.meeting_id: str | None = None
        self.meeting: Meeting | None = None
        self.forum_id: str | None = None
        self.sections: tuple[Section, ...] = ()
        self.schedule: Schedule | None = None
        self.undo_stack = QUndoStack(self)
        self._param_boxes: dict[str, QSpinBox] = {}
        self._editing_id: str | None = None
        self._editor_type: str | None = None  # the type the editor shows (may be changed)
        # The editor holds typed-in changes not yet applied; they are applied (one undo
        # step) before anything reloads the editor, so typed text is never lost.
        self._dirty = False
        self._loading = False
        self._committing = False
        self.read_only = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)

        # -- meeting details ------------------------------------------------------
        details = QGroupBox("Meeting")
        form = QFormLayout(details)
        self.title_edit = _named(QLineEdit(), "Meeting title")
        self.date_edit = _named(QLineEdit(), "Meeting date", "YYYY-MM-DD, e.g. 2018-09-20")
        self.date_edit.setPlaceholderText("YYYY-MM-DD")
        self.venue_edit = _named(QLineEdit(), "Venue")
        self.start_edit = _named(QLineEdit(), "Start time", "HH:MM, e.g. 12:00")
        self.end_edit = _named(QLineEdit(), "Planned end", "HH:MM, e.g. 16:00")
        for e in (self.start_edit, self.end_edit):
            e.setPlaceholderText("HH:MM")
            e.setMaximumWidth(90)
        self.seating_combo = _named(QComboBox(), "Seating")
        for key in SEATING:
            self.seating_combo.addItem(SEATING_LABELS[key], key)
        # the whole "Cabaret (tables of 6 to 8)" when there is room, narrower when not
        self.seating_combo.setMinimumWidth(130)
        self.ways_edit = _named(QPlainTextEdit(), "Ways of working",
                                "One per line: name: short description")
        self.ways_edit.setMaximumHeight(70)
        self.ways_edit.setTabChangesFocus(True)
        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        times.addWidget(QLabel("to"))
        times.addWidget(self.end_edit)
        times.addSpacing(12)
        times.addWidget(QLabel("Seating"))
        times.addWidget(self.seating_combo)
        times.addStretch(1)
        self.save_details_button = _named(QPushButton("Save details"), "Save meeting details")
        self.save_details_button.clicked.connect(self.save_details)
        form.addRow("Title", self.title_edit)
        row = QHBoxLayout()
        row.addWidget(self.date_edit)
        row.addWidget(QLabel("Venue"))
        row.addWidget(self.venue_edit, 1)
        form.addRow("Date", row)
        form.addRow("Times", times)
        ways_row = QHBoxLayout()
        ways_row.addWidget(self.ways_edit, 1)
        ways_row.addWidget(self.save_details_button, 0, Qt.AlignmentFlag.AlignBottom)
        form.addRow("Ways of working", ways_row)
        outer.addWidget(details)

        # -- toolbar: two rows, so it fits a 1024-wide screen ----------------------
        bar = QHBoxLayout()
        bar2 = QHBoxLayout()
        self.type_combo = _named(QComboBox(), "Section type to add")
        for stype in self.types.values():
            label = f"{stype.name} ({stype.family})" if stype.family else stype.name
            self.type_combo.addItem(f"{label}, {stype.duration()} min", stype.id)
        self.type_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.type_combo.setMinimumContentsLength(14)
        self.type_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.add_button = _named(QPushButton("&Add section"), "Add section")
        self.remove_button = _named(QPushButton("Remove"), "Remove section")
        self.up_button = _named(QPushButton("Move up"), "Move section up", "Ctrl+Up")
        self.down_button = _named(QPushButton("Move down"), "Move section down", "Ctrl+Down")
        self.undo_button = _named(QPushButton("Undo"), "Undo", "Ctrl+Z")
        self.redo_button = _named(QPushButton("Redo"), "Redo", "Ctrl+Shift+Z")
        self.run_button = _named(QPushButton("Run meeting \u25b6"), "Run meeting")
        self.run_button.setProperty("role", "primary")
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
        self.add_button.clicked.connect(self.add_section)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(+1))
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.run_button.clicked.connect(self._run)

        # -- table, timeline and editor -------------------------------------------------
        self.model = SectionsModel(self.types, self)
        self.model.on_move = lambda a, b: self.move(a, b)
        self.table = _named(QTableView(), "Agenda sections")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        for keys, slot in (("Ctrl+Up", lambda: self.move_current(-1)),
                           ("Ctrl+Down", lambda: self.move_current(+1)),
                           (QKeySequence.StandardKey.Delete, self.remove_current),
                           (QKeySequence.StandardKey.Undo, self.undo),
                           (QKeySequence.StandardKey.Redo, self.redo)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
        self.timeline = Timeline()

        self.editor = QGroupBox("Selected section")
        ef = QGridLayout(self.editor)
        self.sec_type = _named(QComboBox(), "Section type",
                               "Changing the type recomputes the minutes, unless you set them by hand")
        self.sec_type.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sec_type.setMinimumContentsLength(8)
        self.sec_type.currentIndexChanged.connect(self._type_changed)
        self.sec_title = _named(QLineEdit(), "Section title")
        self.sec_question = _named(QLineEdit(), "Posed as a question")
        self.sec_outcome = _named(QLineEdit(), "Outcome sought")
        self.sec_minutes = _named(QSpinBox(), "Duration in minutes")
        self.sec_minutes.setRange(-9999, 99999)
        self.sec_minutes.setSuffix(" min")
        self.sec_lead = _named(QLineEdit(), "Lead")
        self.sec_notes = _named(QPlainTextEdit(), "Private notes",
                                "Only for the facilitator: never shown on the audience screen")
        self.sec_notes.setMaximumHeight(48)
        self.sec_notes.setTabChangesFocus(True)
        self.params_box = QWidget()
        self.params_layout = QHBoxLayout(self.params_box)
        self.params_layout.setContentsMargins(0, 0, 0, 0)
        self.sec_pinned = _named(QCheckBox("Pin to"), "Pin to a clock time")
        self.sec_pin_time = _named(QLineEdit(), "Pinned time", "HH:MM, e.g. 12:30")
        self.sec_pin_time.setPlaceholderText("HH:MM")
        self.sec_pin_time.setMaximumWidth(80)
        self.sec_alongside = _named(QComboBox(), "Runs alongside")
        self.sec_alongside.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sec_alongside.setMinimumContentsLength(8)
        self.apply_button = _named(QPushButton("Apply changes"), "Apply section changes")
        self.apply_button.clicked.connect(self.apply_editor)
        timing = QHBoxLayout()
        timing.addWidget(self.sec_minutes)
        timing.addWidget(self.params_box, 1)
        pin_row = QHBoxLayout()
        pin_row.addWidget(self.sec_pinned)
        pin_row.addWidget(self.sec_pin_time)
        pin_row.addWidget(QLabel("Alongside"))
        pin_row.addWidget(self.sec_alongside, 1)

        def put(r: int, c: int, text: str, field, span: int = 1) -> None:  # noqa: ANN001
            label = QLabel(text)
            if isinstance(field, QWidget):
                label.setBuddy(field)
                ef.addWidget(field, r, c + 1, 1, span)
            else:
                ef.addLayout(field, r, c + 1, 1, span)
            ef.addWidget(label, r, c)

        put(0, 0, "T&ype", self.sec_type)
        put(0, 2, "&Lead", self.sec_lead)
        put(1, 0, "T&itle", self.sec_title)
        put(1, 2, "&Outcome sought", self.sec_outcome)
        put(2, 0, "&Question", self.sec_question, 3)
        put(3, 0, "Minutes", timing, 3)
        put(4, 0, "Clock time", pin_row, 3)
        put(5, 0, "&Notes (private)", self.sec_notes, 2)
        ef.addWidget(self.apply_button, 5, 3)
        ef.setColumnStretch(1, 1)
        ef.setColumnStretch(3, 1)
        for edit in (self.sec_title, self.sec_question, self.sec_outcome, self.sec_lead, self.sec_pin_time):
            edit.returnPressed.connect(self.apply_editor)
            edit.textChanged.connect(self._mark_dirty)
        self.sec_notes.textChanged.connect(self._mark_dirty)
        self.sec_minutes.valueChanged.connect(self._mark_dirty)
        self.sec_pinned.toggled.connect(self._mark_dirty)
        self.sec_alongside.currentIndexChanged.connect(self._mark_dirty)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.table, 3)
        self.summary_label = _named(QLabel(), "Agenda summary")
        ll.addWidget(self.summary_label)
        self.warnings_label = _named(QLabel(), "Agenda warnings")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet("color: #8a1538;")
        ll.addWidget(self.warnings_label)
        self.error_label = _named(QLabel(), "Agenda problem")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #ffffff; background: #8a1538; padding: 4px;")
        self.error_label.hide()
        ll.addWidget(self.error_label)
        ll.addWidget(self.editor, 2)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.timeline, 3)
        open_label = QLabel("Open actions from earlier meetings")
        open_label.setProperty("role", "heading")
        open_label.setWordWrap(True)
        rl.addWidget(open_label)
        self.open_actions = _named(QListWidget(), "Open actions from earlier meetings")
        rl.addWidget(self.open_actions, 1)
        right.setMinimumWidth(120)  # the plan keeps the room on a small screen
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([640, 200])  # the timeline keeps a readable width
        outer.addWidget(splitter, 1)
        self.setEnabled(False)

    # -- loading --------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        """An archive opened read-only can be looked at, not changed (nor run)."""
        self.read_only = read_only
        for w in (self.save_details_button, self.add_button, self.type_combo, self.apply_button,
                  self.run_button):
            w.setEnabled(not read_only)
        self._load_editor()

    def set_meeting(self, db, meeting_id: str | None) -> None:  # noqa: ANN001
        if db is not None and db is self.db:
            self.commit_pending()  # typed into the editor, then chose another meeting
        self._dirty = False
        self.db = db
        self.meeting_id = meeting_id
        self.undo_stack.clear()
        self.error_label.hide()
        if db is None or meeting_id is None:
            self.meeting, self.sections = None, ()
            self.setEnabled(False)
            self.model.set_agenda((), None)
            self.timeline.set_schedule(None)
            self.open_actions.clear()
            return
        self.setEnabled(True)
        row = store.get_meeting(db, meeting_id)
        self.forum_id = row["forum_id"]
        self._show_details(store.meeting_from_row(row))
        self.sections = store.sections(db, meeting_id)
        self._refresh(self.sections[0].id if self.sections else None)
        for column in (0, 1, 2, 3, 5, 7):
            self.table.resizeColumnToContents(column)
        self.open_actions.clear()
        for a in store.open_actions(db, self.forum_id, except_meeting=meeting_id):
            due = f", due {a['due_date']}" if a["due_date"] else ""
            owner = f" ({a['owner']}{due})" if a["owner"] else due
            self.open_actions.addItem(f"{a['text']}{owner}, from {a['meeting_title']}")

    def _show_details(self, meeting: Meeting) -> None:
        self.meeting = meeting
        self.title_edit.setText(meeting.title)
        self.date_edit.setText(meeting.date or "")
        self.venue_edit.setText(meeting.venue)
        for edit in (self.title_edit, self.venue_edit):
            if not edit.hasFocus():  # a long title or venue shows its start, not its end
                edit.setCursorPosition(0)
        self.start_edit.setText(meeting.start_time)
        self.end_edit.setText(meeting.planned_end)
        self.seating_combo.setCurrentIndex(max(0, self.seating_combo.findData(meeting.seating)))
        self.ways_edit.setPlainText(ways_to_text(meeting.ways_of_working))

    def _refresh(self, select: str | None) -> None:
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
                f"{len(self.sections)} sections ({len(self.sections) - main} alongside others), "
                f"{fmt_clock(sched.start)} to {fmt_clock(sched.end)}; planned end "
                f"{fmt_clock(sched.planned_end)}."
            )
            self.warnings_label.setText("\n".join(f"\u26a0 {w.message}" for w in sched.warnings))
        rows = [n for n, s in enumerate(self.sections) if s.id == keep]
        if rows:
            self._loading = True  # the editor is loaded just below, not per signal
            try:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(rows[0], 2),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
            finally:
                self._loading = False
        self._load_editor()

    # -- errors -------------------------------------------------------------------

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def clear_error(self) -> None:
        self.error_label.hide()
        self.error_label.setText("")

    # -- writing (the undo commands call these) ----------------------------------------

    def write_sections(self, meeting_id: str, sections: tuple[Section, ...], select: str | None) -> None:
        store.save_sections(self.db, meeting_id, sections)
        if meeting_id == self.meeting_id:
            self.sections = sections
            self._refresh(select)

    def write_details(self, meeting_id: str, meeting: Meeting) -> None:
        store.update_meeting(self.db, meeting_id, meeting)
        if meeting_id == self.meeting_id:
            self._show_details(meeting)
            self._refresh(None)
        self.details_changed.emit()

    def apply(self, sections: Sequence[Section], text: str, select: str | None = None) -> bool:
        """Write a new list of sections and put the edit on the undo stack; on bad
        input show why and change nothing."""
        if self.meeting_id is None or self.read_only:
            return False
        after = tuple(sections)
        before = self.sections
        try:
            store.save_sections(self.db, self.meeting_id, after)
        except UserError as exc:
            self.show_error(str(exc))
            return False
        self.clear_error()
        self.sections = after
        self._dirty = False  # what the editor held is in the agenda now
        self._refresh(select)
        self.undo_stack.push(SectionsCommand(self, self.meeting_id, before, after, text, select))
        return True

    # -- details ------------------------------------------------------------------------

    def details_from_form(self) -> Meeting:
        return Meeting(
            title=self.title_edit.text(), start_time=self.start_edit.text().strip(),
            planned_end=self.end_edit.text().strip(), date=self.date_edit.text().strip() or None,
            venue=self.venue_edit.text(), seating=self.seating_combo.currentData(),
            ways_of_working=text_to_ways(self.ways_edit.toPlainText()),
            notes=self.meeting.notes if self.meeting else "",
        )

    def save_details(self) -> bool:
        if self.meeting_id is None or self.meeting is None or self.read_only:
            return False
        if not self.commit_pending():
            return False
        after = self.details_from_form()
        before = self.meeting
        try:
            store.update_meeting(self.db, self.meeting_id, after)
        except UserError as exc:
            self.show_error(str(exc))
            return False
        self.clear_error()
        self.meeting = store.meeting_from_row(store.get_meeting(self.db, self.meeting_id))
        self._refresh(None)
        self.undo_stack.push(DetailsCommand(self, self.meeting_id, before, self.meeting))
        self.details_changed.emit()
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

    def move(self, source: int, target: int) -> bool:
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
        return self.move(row, row + step)

    # -- the section editor ----------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Another row picked: first apply what was typed for the one being edited.

        Done once the click or key press is over (the table must not be reset in
        the middle of its own mouse handling); meanwhile the editor keeps the text.
        """
        if self._committing or self._loading:
            return
        if self._dirty and self._editing_id is not None:
            target = (self.sections[current.row()].id
                      if current.isValid() and current.row() < len(self.sections) else None)
            self._committing = True
            QTimer.singleShot(0, self, lambda: self._commit_on_row_change(target))
            return
        self._load_editor()

    def _commit_on_row_change(self, target: str | None) -> None:
        self._committing = False
        editing = self._editing_id
        if self.commit_pending(select=target):
            if self._editing_id != self.current_id():
                self._load_editor()  # nothing had changed after all
            return
        # The edit is refused (the message says why): stay on its row, text kept.
        rows = [n for n, s in enumerate(self.sections) if s.id == editing]
        if rows:
            self._committing = True
            try:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(rows[0], 2),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
            finally:
                self._committing = False

    def _mark_dirty(self) -> None:
        if not self._loading and self._editing_id is not None:
            self._dirty = True

    def commit_pending(self, select: str | None = None) -> bool:
        """Apply what was typed into the editor, as one undoable step. False (with the
        reason shown, the text kept) when it cannot be applied."""
        if not self._dirty or self._editing_id is None or self.read_only:
            return True
        if not any(s.id == self._editing_id for s in self.sections):
            self._dirty = False
            return True
        try:
            edited = self.section_from_editor()
        except UserError as exc:
            self.show_error(str(exc))
            return False
        assert edited is not None
        if edited in self.sections:
            self._dirty = False
            return True
        self._dirty = False
        if self.apply(update_section(self.sections, edited), f"Edit {edited.label}",
                      select or edited.id):
            return True
        self._dirty = True
        return False

    def undo(self) -> None:
        """Typed text is applied first, so undo takes it back (and redo brings it again)."""
        if self.commit_pending():
            self.undo_stack.undo()

    def redo(self) -> None:
        if self.commit_pending():
            self.undo_stack.redo()

    def hideEvent(self, event) -> None:  # noqa: N802, ANN001
        """Going to another view applies what was typed (closing the window does it
        through AgendaView.save_pending, before the archive is closed)."""
        super().hideEvent(event)
        if self.window().isVisible() and self.db is not None:
            self.commit_pending()

    def _run(self) -> None:
        if self.commit_pending():
            self.run_requested.emit()

    def _load_editor(self) -> None:
        self._loading = True
        try:
            self._fill_editor()
        finally:
            self._loading = False
        self._dirty = False

    def _fill_editor(self) -> None:
        row = self.current_row()
        has = 0 <= row < len(self.sections)
        self.editor.setEnabled(has)
        self.apply_button.setEnabled(has and not self.read_only)
        for w in (self.remove_button, self.up_button, self.down_button):
            w.setEnabled(has and not self.read_only)
        self._param_boxes_for(None, {})
        if not has:
            self._editing_id = None
            return
        s = self.sections[row]
        self._editing_id = s.id
        self._editor_type = s.type
        stype = self.types.get(s.type)
        self.sec_type.clear()
        for t in self.types.values():
            self.sec_type.addItem(f"{t.name} ({t.family})" if t.family else t.name, t.id)
        if stype is None:  # from a newer library, say: shown, kept unless changed
            self.sec_type.addItem(s.type, s.type)
        self.sec_type.setCurrentIndex(self.sec_type.findData(s.type))
        self.sec_title.setText(s.title)
        self.sec_question.setText(s.question)
        self.sec_outcome.setText(s.outcome_sought)
        self.sec_minutes.setValue(s.duration_min)
        self.sec_lead.setText(s.lead)
        self.sec_notes.setPlainText(s.notes)
        self.sec_pinned.setChecked(bool(s.pinned_time))
        self.sec_pin_time.setText(s.pinned_time or "")
        self.sec_alongside.clear()
        self.sec_alongside.addItem("Nothing: on its own", None)
        for other in self.sections:
            if other.id != s.id and other.parallel_with is None:
                self.sec_alongside.addItem(other.label, other.id)
        self.sec_alongside.setCurrentIndex(max(0, self.sec_alongside.findData(s.parallel_with))
                                           if s.parallel_with else 0)
        self._param_boxes_for(stype, s.params)

    def _param_boxes_for(self, stype: SectionType | None, params: Mapping[str, int]) -> None:
        """One spin box per parameter of the type's timing rule (none for a fixed one)."""
        while self.params_layout.count():
            item = self.params_layout.takeAt(0)
            old = item.widget()
            if old is not None:
                old.setParent(None)  # gone from the window now, not at the next event loop
                old.deleteLater()
        self._param_boxes.clear()
        if stype is not None and stype.rule != "fixed":
            for name in RULES[stype.rule]:
                box = QSpinBox()
                box.setRange(0, 999)
                box.setValue(int(params.get(name, stype.defaults.get(name, 0))))
                label = name.replace("_", " ")
                box.setAccessibleName(label.capitalize())
                box.setPrefix(f"{label}: ")
                box.valueChanged.connect(self._params_changed)
                box.valueChanged.connect(self._mark_dirty)
                self.params_layout.addWidget(box)
                self._param_boxes[name] = box
        self.params_box.setVisible(bool(self._param_boxes))

    def _type_changed(self) -> None:
        """Another type chosen in the editor: its parameters, and its minutes unless
        they were set by hand (the rule in ``change_type``). Applied like any edit."""
        if self._loading or self._editing_id is None:
            return
        s = next((x for x in self.sections if x.id == self._editing_id), None)
        new = self.types.get(self.sec_type.currentData())
        if s is None or new is None:
            return
        shown = replace(s, type=self._editor_type or s.type, title=self.sec_title.text(),
                        duration_min=self.sec_minutes.value(),
                        params={k: b.value() for k, b in self._param_boxes.items()} or dict(s.params))
        changed = change_type(shown, new, self.types.get(shown.type))
        self._loading = True  # filled in one go; marked as an edit below
        try:
            self.sec_title.setText(changed.title)
            self._param_boxes_for(new, changed.params)
            self.sec_minutes.setValue(changed.duration_min)
        finally:
            self._loading = False
        self._editor_type = new.id
        self._dirty = True

    def _params_changed(self) -> None:
        """Type parameters recompute the duration (groups x report-back minutes...)."""
        stype = self.types.get(self.sec_type.currentData())
        if stype is None:
            return
        params = {k: b.value() for k, b in self._param_boxes.items()}
        self.sec_minutes.setValue(stype.duration(params))

    def section_from_editor(self) -> Section | None:
        """The section being edited as the editor now shows it."""
        s = next((x for x in self.sections if x.id == self._editing_id), None)
        if s is None:
            return None
        pinned = self.sec_pin_time.text().strip() if self.sec_pinned.isChecked() else None
        if self.sec_pinned.isChecked() and not pinned:
            raise ValidationError(f'The section "{s.label}": give the clock time to pin it to, like 12:30.')
        kind = self.sec_type.currentData() or s.type
        params = {k: b.value() for k, b in self._param_boxes.items()}
        return replace(
            s, type=kind, title=self.sec_title.text().strip(), question=self.sec_question.text().strip(),
            outcome_sought=self.sec_outcome.text().strip(), duration_min=self.sec_minutes.value(),
            lead=self.sec_lead.text().strip(), notes=self.sec_notes.toPlainText().strip(),
            params=params or (dict(s.params) if kind == s.type else {}),
            pinned_time=pinned, parallel_with=self.sec_alongside.currentData(),
        )

    def apply_editor(self) -> bool:
        try:
            edited = self.section_from_editor()
        except UserError as exc:
            self.show_error(str(exc))
            return False
        if edited is None:
            return False
        if edited in self.sections:
            self._dirty = False
            return True
        return self.apply(update_section(self.sections, edited), f"Edit {edited.label}", edited.id)

