"""The selected section's editor: its type, title, question, timing and clock time.

The editor alone owns what is being typed: which section it shows, the type it
now shows (changing the type recomputes the parameters and minutes at once) and
whether anything was typed since it was loaded. It never writes: ``applied``
hands the finished section to the builder page, which writes it as one undoable
step. ``pending()`` gives the page what was typed, so nothing typed is lost when
the page reloads the editor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from spf_desktop.domain.agenda import Section, can_link_round, change_type
from spf_desktop.domain.errors import UserError, ValidationError
from spf_desktop.domain.section_types import RULES, SectionType
from spf_desktop.gui.agenda.keyboard import field_label
from spf_desktop.gui.widgets import button, named, writes


def type_label(stype: SectionType) -> str:
    return f"{stype.name} ({stype.family})" if stype.family else stype.name


class SectionEditor(QGroupBox):
    """Edits one section. ``applied(Section)`` when the user applies the edit
    (the button, or Return in a line); ``problem(str)`` when it cannot be."""

    applied = Signal(object)   # Section
    problem = Signal(str)

    def __init__(self, types: Mapping[str, SectionType], parent: QWidget | None = None) -> None:
        super().__init__("Selected section", parent)
        self.types = types
        self.section: Section | None = None  # as loaded; None: nothing to edit
        self._shown_type: str | None = None  # the type the editor shows (may be changed)
        self._dirty = False                  # typed since loading
        self._filling = False                # the editor fills itself: not an edit
        self._param_boxes: dict[str, QSpinBox] = {}
        self._build_fields()
        self._build_layout()
        self._connect_edits()
        self.setEnabled(False)

    # -- building ------------------------------------------------------------------

    def _build_fields(self) -> None:
        self.type_combo = named(QComboBox(), "Section type",
                                "Changing the type recomputes the minutes, unless you set them by hand")
        self.type_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.type_combo.setMinimumContentsLength(8)
        self.title_edit = named(QLineEdit(), "Section title")
        self.question_edit = named(QLineEdit(), "Posed as a question")
        self.outcome_edit = named(QLineEdit(), "Outcome sought")
        self.minutes_box = named(QSpinBox(), "Duration in minutes")
        self.minutes_box.setRange(-9999, 99999)
        self.minutes_box.setSuffix(" min")
        self.lead_edit = named(QLineEdit(), "Lead")
        self.notes_edit = named(QPlainTextEdit(), "Private notes",
                                "Only for the facilitator: never shown on the audience screen")
        self.notes_edit.setMaximumHeight(48)
        self.notes_edit.setTabChangesFocus(True)
        # The minutes and the type's parameters, two to a line: three in a row (group
        # work's) made the page wider than a 1024x768 screen and it scrolled sideways.
        self.params_box = QWidget()
        self.params_layout = QGridLayout(self.params_box)
        self.params_layout.setContentsMargins(0, 0, 0, 0)
        self.params_layout.setColumnStretch(0, 1)
        self.params_layout.setColumnStretch(1, 1)
        self.pinned_check = named(QCheckBox("Pin to"), "Pin to a clock time")
        self.pin_time_edit = named(QLineEdit(), "Pinned time", "HH:MM, e.g. 12:30")
        self.pin_time_edit.setPlaceholderText("HH:MM")
        self.pin_time_edit.setMaximumWidth(80)
        self.alongside_combo = named(QComboBox(), "Runs alongside")
        self.alongside_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.alongside_combo.setMinimumContentsLength(8)
        self.round_combo = named(QComboBox(), "Audit round",
                                 "The audit round this section runs: a round of this meeting's forum")
        self.round_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.round_combo.setMinimumContentsLength(8)
        self.rounds: list[tuple[str, str]] = []  # (id, label) of the forum's rounds
        self.apply_button = writes(button("Apply changes", "Apply section changes"))

    def _build_layout(self) -> None:
        grid = QGridLayout(self)
        timing = QHBoxLayout()
        self.params_layout.addWidget(self.minutes_box, 0, 0)
        timing.addWidget(self.params_box, 1)
        pin_row = QHBoxLayout()
        pin_row.addWidget(self.pinned_check)
        pin_row.addWidget(self.pin_time_edit)
        pin_row.addWidget(field_label("R&uns alongside", self.alongside_combo))
        pin_row.addWidget(self.alongside_combo, 1)

        def put(r: int, c: int, text: str, field: QWidget | QLayout, span: int = 1) -> None:
            label = QLabel(text)
            if isinstance(field, QComboBox):  # named by its label (see keyboard.field_label)
                label = field_label(text, field)
            if isinstance(field, QWidget):
                label.setBuddy(field)
                grid.addWidget(field, r, c + 1, 1, span)
            else:
                grid.addLayout(field, r, c + 1, 1, span)
            grid.addWidget(label, r, c)

        put(0, 0, "Section t&ype", self.type_combo)
        put(0, 2, "&Lead", self.lead_edit)
        put(1, 0, "T&itle", self.title_edit)
        put(1, 2, "&Outcome sought", self.outcome_edit)
        put(2, 0, "&Question", self.question_edit, 3)
        put(3, 0, "Minutes", timing, 3)
        put(4, 0, "Clock time", pin_row, 3)
        for r, field in ((3, self.minutes_box), (4, self.pinned_check)):
            shown = grid.itemAtPosition(r, 0).widget()
            if isinstance(shown, QLabel):
                shown.setBuddy(field)
        # an audit section's round: a line of its own, shown for such sections only
        put(5, 0, "Audit &round", self.round_combo, 3)
        self.round_label = grid.itemAtPosition(5, 0).widget()
        put(6, 0, "&Notes (private)", self.notes_edit, 2)
        grid.addWidget(self.apply_button, 6, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def _connect_edits(self) -> None:
        self.apply_button.clicked.connect(self.apply)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        for edit in (self.title_edit, self.question_edit, self.outcome_edit, self.lead_edit,
                     self.pin_time_edit):
            edit.returnPressed.connect(self.apply)
            edit.textChanged.connect(self._mark_dirty)
        self.notes_edit.textChanged.connect(self._mark_dirty)
        self.minutes_box.valueChanged.connect(self._mark_dirty)
        self.pinned_check.toggled.connect(self._mark_dirty)
        self.alongside_combo.currentIndexChanged.connect(self._mark_dirty)
        self.round_combo.currentIndexChanged.connect(self._mark_dirty)

    def tab_chain(self) -> list[QWidget]:
        return [self.type_combo, self.lead_edit, self.title_edit, self.outcome_edit,
                self.question_edit, self.minutes_box, *self._param_boxes.values(),
                self.pinned_check, self.pin_time_edit, self.alongside_combo, self.round_combo,
                self.notes_edit, self.apply_button]

    def fix_tab_order(self) -> None:
        """Tab goes as the eye reads the editor: row by row, left to right (the type's
        parameter boxes are made afresh, so the chain is set again each time)."""
        chain = self.tab_chain()
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def set_rounds(self, rounds: Sequence[tuple[str, str]]) -> None:
        """The audit rounds a section of this meeting may run (its forum's)."""
        self.rounds = list(rounds)
        if self.section is not None and not self.is_dirty:
            self._filling = True
            try:
                self._fill_rounds(self.section.round_id)
            finally:
                self._filling = False

    def _fill_rounds(self, chosen: str | None) -> None:
        self.round_combo.clear()
        self.round_combo.addItem("No round linked", None)
        for round_id, text in self.rounds:
            self.round_combo.addItem(text, round_id)
        if chosen and self.round_combo.findData(chosen) < 0:
            self.round_combo.addItem("A round that is not this forum's", chosen)
        self.round_combo.setCurrentIndex(max(0, self.round_combo.findData(chosen)) if chosen else 0)

    def _show_round_choice(self, stype: SectionType | None) -> None:
        linkable = can_link_round(stype)
        self.round_combo.setVisible(linkable)
        self.round_label.setVisible(linkable)

    # -- the edit state ----------------------------------------------------------------

    @property
    def editing_id(self) -> str | None:
        return self.section.id if self.section is not None else None

    @property
    def is_dirty(self) -> bool:
        """Something was typed that the agenda does not hold yet."""
        return self._dirty and self.section is not None

    def mark_clean(self) -> None:
        """What was typed is in the agenda now (or was the same as it)."""
        self._dirty = False

    def _mark_dirty(self) -> None:
        if not self._filling and self.section is not None:
            self._dirty = True

    def show_section(self, section: Section | None, agenda: Sequence[Section]) -> None:
        """Load ``section`` (one of ``agenda``), forgetting anything typed."""
        self._filling = True
        try:
            self._fill(section, agenda)
        finally:
            self._filling = False
        self._dirty = False

    def _fill(self, section: Section | None, agenda: Sequence[Section]) -> None:
        self.section = section
        self.setEnabled(section is not None)
        self.apply_button.setEnabled(section is not None)
        self._show_params(None, {})
        if section is None:
            self._shown_type = None
            return
        self._shown_type = section.type
        stype = self.types.get(section.type)
        self.type_combo.clear()
        for t in self.types.values():
            self.type_combo.addItem(type_label(t), t.id)
        if stype is None:  # from a newer library, say: shown, kept unless changed
            self.type_combo.addItem(section.type, section.type)
        self.type_combo.setCurrentIndex(self.type_combo.findData(section.type))
        self.title_edit.setText(section.title)
        self.question_edit.setText(section.question)
        self.outcome_edit.setText(section.outcome_sought)
        self.minutes_box.setValue(section.duration_min)
        self.lead_edit.setText(section.lead)
        for edit in (self.title_edit, self.question_edit, self.outcome_edit, self.lead_edit):
            edit.setCursorPosition(0)  # a long text shows its start in a narrow field
        self.notes_edit.setPlainText(section.notes)
        self.pinned_check.setChecked(bool(section.pinned_time))
        self.pin_time_edit.setText(section.pinned_time or "")
        self.alongside_combo.clear()
        self.alongside_combo.addItem("Nothing: on its own", None)
        for other in agenda:
            if other.id != section.id and other.parallel_with is None:
                self.alongside_combo.addItem(other.label, other.id)
        self.alongside_combo.setCurrentIndex(
            max(0, self.alongside_combo.findData(section.parallel_with)) if section.parallel_with else 0)
        self._fill_rounds(section.round_id)
        self._show_params(stype, section.params)

    def _show_params(self, stype: SectionType | None, params: Mapping[str, int]) -> None:
        """One spin box per parameter of the type's timing rule (none for a fixed one)."""
        for old in self._param_boxes.values():  # the minutes box stays
            self.params_layout.removeWidget(old)
            old.setParent(None)  # gone from the window now, not at the next event loop
            old.deleteLater()
        self._param_boxes.clear()
        if stype is not None and stype.rule != "fixed":
            for place, name in enumerate(RULES[stype.rule], start=1):
                text = name.replace("_", " ")
                box = named(QSpinBox(), text.capitalize())
                box.setRange(0, 999)
                box.setValue(int(params.get(name, stype.defaults.get(name, 0))))
                box.setPrefix(f"{text}: ")
                box.valueChanged.connect(self._params_changed)
                box.valueChanged.connect(self._mark_dirty)
                self.params_layout.addWidget(box, place // 2, place % 2)
                self._param_boxes[name] = box
        self._show_round_choice(stype)
        self.fix_tab_order()

    def _params(self) -> dict[str, int]:
        return {k: b.value() for k, b in self._param_boxes.items()}

    def _type_changed(self) -> None:
        """Another type chosen: its parameters, and its minutes unless they were set
        by hand (the rule in ``change_type``). An edit like any other."""
        s = self.section
        new = self.types.get(self.type_combo.currentData())
        if self._filling or s is None or new is None:
            return
        shown = replace(s, type=self._shown_type or s.type, title=self.title_edit.text(),
                        duration_min=self.minutes_box.value(),
                        params=self._params() or dict(s.params))
        changed = change_type(shown, new, self.types.get(shown.type))
        self._filling = True  # filled in one go; marked as an edit below
        try:
            self.title_edit.setText(changed.title)
            self._show_params(new, changed.params)
            self.minutes_box.setValue(changed.duration_min)
        finally:
            self._filling = False
        self._shown_type = new.id
        self._dirty = True

    def _params_changed(self) -> None:
        """Type parameters recompute the duration (groups x report-back minutes...)."""
        stype = self.types.get(self.type_combo.currentData())
        if stype is not None:
            self.minutes_box.setValue(stype.duration(self._params()))

    # -- the finished section -------------------------------------------------------------

    def edited(self) -> Section | None:
        """The section as the editor now shows it; raises ``UserError`` for bad input."""
        s = self.section
        if s is None:
            return None
        pinned = self.pin_time_edit.text().strip() if self.pinned_check.isChecked() else None
        if self.pinned_check.isChecked() and not pinned:
            raise ValidationError(f'The section "{s.label}": give the clock time to pin it to, like 12:30.')
        kind = self.type_combo.currentData() or s.type
        params = self._params()
        round_id = (self.round_combo.currentData()
                    if can_link_round(self.types.get(kind)) else None)
        return replace(
            s, type=kind, title=self.title_edit.text().strip(),
            question=self.question_edit.text().strip(),
            outcome_sought=self.outcome_edit.text().strip(), duration_min=self.minutes_box.value(),
            lead=self.lead_edit.text().strip(), notes=self.notes_edit.toPlainText().strip(),
            params=params or (dict(s.params) if kind == s.type else {}),
            pinned_time=pinned, parallel_with=self.alongside_combo.currentData(),
            round_id=round_id,
        )

    def pending(self) -> Section | None:
        """What was typed, as a section, if it differs from the one loaded; raises
        ``UserError`` for bad input (the text is kept)."""
        if not self.is_dirty:
            return None
        edited = self.edited()
        if edited == self.section:
            self._dirty = False
            return None
        return edited

    def apply(self) -> bool:
        """Hand the finished section on (``applied``), or say why not (``problem``)."""
        try:
            edited = self.edited()
        except UserError as exc:
            self.problem.emit(str(exc))
            return False
        if edited is None:
            return False
        self.applied.emit(edited)
        return True
