"""The import window's mapping step: everything the command line's options say.

For each question: the column of its answers, the scale they are on (checked by
``domain.import_scales``; where the file leaves it unclear, a choice that shows
the conversion, e.g. "1 to 5 -> 0, 2.5, 5, 7.5, 10") and the column of its
comments. Then the side column and what each of the file's own side labels
means, or no sides at all; and each word coding in use, shown in full and
editable. The widgets only: reading the file and importing are the dialog's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.import_scales import (
    BUILT_IN,
    NATIVE,
    ColumnValues,
    Scale,
    holds,
    look_at,
    suggest,
    with_words,
)
from spf_desktop.domain.questions import SIDE_LABELS
from spf_desktop.domain.response_columns import SIDE_VALUES, column_letter, normalise
from spf_desktop.gui.widgets import ScrollSafeComboBox, buddy, label, named

if TYPE_CHECKING:
    from spf_desktop.domain.response_columns import ColumnPlan, QuestionRef, Sheet

NOT_IN_FILE = "(not in this file: every answer a skip)"
NO_SIDE = "(no side column: sides left out)"
NO_COMMENTS = "(no comments)"
AUTO = "auto"    # scale box: the scale the check found, clear from the values
CHOOSE = ""      # scale box: not clear, the user must choose
#: Side choices for a label: what the import is told (None: no side).
SIDE_CHOICES = [("Choose the side…", CHOOSE), (SIDE_LABELS["staff"], "staff"),
                (SIDE_LABELS["management"], "management"),
                (SIDE_LABELS["undisclosed"], "undisclosed"), ("No side", "none")]
#: More different answers than this, and the column is not a side column.
MAX_SIDE_LABELS = 12
#: Headings of a general comments column (imported only when given to a question).
GENERAL_COMMENTS = ("any other comments", "other comments", "general comments",
                    "anything else", "any further comments", "additional comments")


def scale_text(scale: Scale) -> str:
    """How a scale is offered: a number scale with its conversion, a coding by name."""
    return f"{scale.name} (words)" if scale.words else scale.conversion()


def _line(word: str, value: int) -> str:
    return f"{word[:1].upper()}{word[1:]} = {value}"


class MappingStep(QWidget):
    """The questions' columns, scales and comments; the side; the word codings."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Mapping step")
        self.sheet: Sheet | None = None
        self.questions: list[QuestionRef] = []
        self.column_boxes: dict[str, QComboBox] = {}
        self.scale_boxes: dict[str, QComboBox] = {}
        self.comment_boxes: dict[str, QComboBox] = {}
        self.conversions: dict[str, QLabel] = {}
        self.side_box: QComboBox | None = None
        self.label_boxes: dict[str, QComboBox] = {}  # casefolded label -> its side choice
        self.codings: dict[str, QPlainTextEdit] = {}  # word coding key -> its editor
        self._looks: dict[int, ColumnValues] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.box = QGroupBox("Questions: columns matched by wording; change any by hand")
        self.grid = QGridLayout(self.box)
        for col, stretch in enumerate((2, 3, 2, 2)):
            self.grid.setColumnStretch(col, stretch)
        outer.addWidget(self.box)
        self.side_group = QGroupBox("Side of the partnership")
        self.side_form = QFormLayout(self.side_group)
        self.side_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        outer.addWidget(self.side_group)
        self.coding_group = QGroupBox("Word codings: each answer and the number it stands for")
        self.coding_layout = QVBoxLayout(self.coding_group)
        outer.addWidget(self.coding_group)
        self.unused = label("", "Columns not imported", role="muted")
        self.unused.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.unused)
        self.clear()

    # -- filling ------------------------------------------------------------------

    def clear(self) -> None:
        while self.side_form.rowCount():
            self.side_form.removeRow(0)  # deletes its widgets (takeAt would leave the rows)
        for layout in (self.grid, self.coding_layout):
            while layout.count():
                item = layout.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.setParent(None)  # gone now: a re-read shows one set of rows
                    widget.deleteLater()
        self.column_boxes, self.scale_boxes, self.comment_boxes = {}, {}, {}
        self.conversions, self.label_boxes, self.codings = {}, {}, {}
        self.side_box = None
        self.sheet = None
        self._looks = {}
        self.unused.setText("")
        for group in (self.box, self.side_group, self.coding_group):
            group.setVisible(False)

    def fill(self, sheet: Sheet, plan: ColumnPlan, questions: Sequence[QuestionRef],
             looks: Mapping[int, ColumnValues]) -> None:
        """The rows for a file just read; ``looks``: the matched columns' values."""
        self.clear()
        self.sheet, self.questions, self._looks = sheet, list(questions), dict(looks)
        self.box.setVisible(True)
        self.side_group.setVisible(True)
        for col, heading in enumerate(("Question", "Answers in column", "Scale of the answers",
                                       "Comments in column")):
            self.grid.addWidget(label(heading, heading, role="muted"), 0, col)
        row = 1
        for q in self.questions:
            name = label(f"{q.position}. {q.text}", f"Question {q.position}")
            name.setMinimumWidth(160)
            answers = self._column_box(f"Column for question {q.position}", NOT_IN_FILE,
                                       plan.questions.get(q.id))
            scale = named(ScrollSafeComboBox(), f"Scale for question {q.position}")
            scale.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            scale.setMinimumContentsLength(14)
            comments = self._column_box(f"Comment column for question {q.position}",
                                        NO_COMMENTS, plan.comments.get(q.id))
            conversion = label("", f"Conversion for question {q.position}", role="muted")
            # The question's words are the row's label: the answers column is linked to
            # them, and the row's other lists say their question in their description
            # (a label links to one control), so none is heard as only its choice.
            name.setBuddy(answers)
            for box in (answers, scale, comments):
                box.setAccessibleDescription(f"{box.accessibleName()}: {q.text}")
            self.column_boxes[q.id], self.scale_boxes[q.id] = answers, scale
            self.comment_boxes[q.id], self.conversions[q.id] = comments, conversion
            for col, widget in enumerate((name, answers, scale, comments)):
                self.grid.addWidget(widget, row, col)
            self.grid.addWidget(conversion, row + 1, 1, 1, 3)
            row += 2
            answers.currentIndexChanged.connect(lambda _i, qid=q.id: self._column_changed(qid))
            comments.currentIndexChanged.connect(self._changed)
            scale.currentIndexChanged.connect(self._scale_changed)
        self._refill_scales(list(self.scale_boxes))
        self.side_box = self._column_box("Side column", NO_SIDE, plan.side)
        self.side_box.currentIndexChanged.connect(self._side_changed)
        self.side_form.addRow(buddy("Side column:", self.side_box), self.side_box)
        self._side_changed()
        self._show_codings()
        self._show_unused()

    def _column_box(self, name: str, none_text: str, col: int | None) -> QComboBox:
        """A choice of the sheet's columns (or none): full headings in the list."""
        assert self.sheet is not None
        box = named(ScrollSafeComboBox(), name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(14)
        box.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        box.addItem(none_text, None)
        for c, heading in enumerate(self.sheet.headers):
            choice = f"{column_letter(c)}: {heading or '(no heading)'}"
            box.addItem(choice, c)
            box.setItemData(c + 1, choice, Qt.ItemDataRole.ToolTipRole)
        box.setCurrentIndex(0 if col is None else col + 1)
        box.setToolTip(box.currentText())
        box.currentIndexChanged.connect(lambda _i: box.setToolTip(box.currentText()))
        return box

    def focus_order(self) -> list[QWidget]:
        """The step's controls as they appear on screen: row by row, then the side,
        then the word codings (they are made after the dialog's own controls, so the
        dialog puts them in its Tab order with this)."""
        made: list[QWidget] = []
        for q in self.questions:
            made += [self.column_boxes[q.id], self.scale_boxes[q.id], self.comment_boxes[q.id]]
        if self.side_box is not None:
            made.append(self.side_box)
        made += list(self.label_boxes.values()) + list(self.codings.values())
        return made

    # -- scales -------------------------------------------------------------------

    def look(self, col: int) -> ColumnValues:
        """What a column holds (looked at once, then remembered)."""
        assert self.sheet is not None
        if col not in self._looks:
            self._looks[col] = look_at(cells[col] for _, cells in self.sheet.rows)
        return self._looks[col]

    def _positions(self) -> bool:
        """As the import decides: an 11 in a question column of numbers, and no 0."""
        numbers = [self.look(c) for c in self.mapping().values() if c is not None]
        numbers = [v for v in numbers if v.only_numbers and v.numbers]
        return (not any(0 in v.numbers for v in numbers)
                and any(11 in v.numbers for v in numbers))

    def detected(self, qid: str) -> tuple[Scale | None, bool, str]:
        """(the scale found or likely, whether the user must choose, what the column holds)."""
        col = self.column_boxes[qid].currentData()
        if col is None:
            return None, False, ""
        values = self.look(col)
        scale, ask = suggest(values, positions=self._positions())
        assert self.sheet is not None
        surveymonkey = any("SurveyMonkey" in n for n in self.sheet.notes)
        if (not ask and scale is NATIVE and surveymonkey and values.only_numbers
                and values.numbers and 0 not in values.numbers):
            scale, ask = BUILT_IN["1-11"], True  # numerical values with no 11 to show it
        shown = holds(values) if values.words or values.numbers else "no answers"
        return scale, ask, shown

    def _refill_scales(self, qids: Sequence[str]) -> None:
        for qid in qids:
            box = self.scale_boxes[qid]
            kept = box.currentData()
            box.blockSignals(True)
            box.clear()
            scale, ask, shown = self.detected(qid)
            if scale is None:
                box.addItem("(no column)", AUTO)
            elif ask:
                box.addItem("Choose the scale…", CHOOSE)
                box.addItem(f"{scale_text(scale)} (likely)", scale.key)
            else:
                box.addItem(f"As read: {scale.name}", AUTO)
            for key, other in BUILT_IN.items():
                if box.findData(key) < 0:
                    box.addItem(scale_text(other), key)
            for i in range(box.count()):
                box.setItemData(i, box.itemText(i), Qt.ItemDataRole.ToolTipRole)
            if kept not in (None, AUTO, CHOOSE) and box.findData(kept) >= 0:
                box.setCurrentIndex(box.findData(kept))
            box.setEnabled(scale is not None)
            box.setToolTip(box.currentText())
            box.blockSignals(False)
            self._show_conversion(qid)

    def chosen_scale(self, qid: str) -> Scale | None:
        """The scale the user chose (None: as read, or not yet chosen)."""
        key = self.scale_boxes[qid].currentData()
        if key in (AUTO, CHOOSE, None):
            return None
        base = BUILT_IN[key]
        return self._coded(base) if base.words else base

    def _show_conversion(self, qid: str) -> None:
        box, shown = self.scale_boxes[qid], self.conversions[qid]
        key = box.currentData()
        try:
            scale = self.chosen_scale(qid)
        except ValidationError as exc:
            shown.setText(str(exc))  # the coding being typed: said below it too
            shown.setVisible(True)
            return
        if key == AUTO:
            found = self.detected(qid)[0]
            scale = found if found is not None and found.converted else None
        text = ""
        if key == CHOOSE:
            text = (f"The column holds {self.detected(qid)[2]}: the scale is not clear from "
                    "the answers, so choose it (no figure is guessed).")
        elif scale is not None and (scale.converted or scale.words):
            text = "Stored as: " + scale.mapping_text()
        shown.setText(text)
        shown.setVisible(bool(text))

    def _column_changed(self, qid: str) -> None:
        self._refill_scales(list(self.scale_boxes))  # positions may change with one column
        self._show_unused()
        self._changed()

    def _scale_changed(self) -> None:
        for qid in self.scale_boxes:
            self._show_conversion(qid)
        self._show_codings()
        self._changed()

    # -- word codings ------------------------------------------------------------

    def _show_codings(self) -> None:
        """An editor for each word coding chosen (kept, with its edits, while in use)."""
        used = {self.scale_boxes[q].currentData() for q in self.scale_boxes}
        used = {k for k in used if k in BUILT_IN and BUILT_IN[k].words}
        for key in sorted(used - set(self.codings)):
            base = BUILT_IN[key]
            editor = named(QPlainTextEdit(), f"Coding for {base.name}",
                           "One answer a line: the words, =, and the number they stand for. "
                           f"{base.name} runs from {base.low} to {base.high}.")
            editor.setTabChangesFocus(True)
            editor.setPlainText("\n".join(_line(w, v) for w, v in
                                          sorted(base.words.items(), key=lambda i: i[1])))
            lines = min(base.words.__len__(), 10) + 1
            editor.setFixedHeight(editor.fontMetrics().lineSpacing() * lines + 12)
            editor.textChanged.connect(self._scale_changed)
            title = label(f"{base.name} (words in any case):", f"About {base.name}")
            self.coding_layout.addWidget(title)
            self.coding_layout.addWidget(editor)
            self.codings[key] = editor
            editor.setProperty("title", title)
        for key, editor in self.codings.items():
            editor.setVisible(key in used)
            editor.property("title").setVisible(key in used)
        self.coding_group.setVisible(bool(used))

    def _coded(self, base: Scale) -> Scale:
        """A word coding as its editor says (the built-in one while none is shown)."""
        editor = self.codings.get(base.key)
        if editor is None:
            return base
        return with_words(Scale(base.key, base.name, base.low, base.high, {}, base.shift),
                          self.coding_changes(base.key))

    def coding_changes(self, key: str) -> dict[str, int]:
        """The editor's lines as words and numbers; ValidationError names a bad line."""
        base = BUILT_IN[key]
        out: dict[str, int] = {}
        for n, line in enumerate(self.codings[key].toPlainText().splitlines(), start=1):
            if not line.strip():
                continue
            word, sep, value = line.rpartition("=")
            if not sep or not word.strip() or not value.strip().lstrip("-").isdigit():
                raise ValidationError(f'{base.name} coding, line {n} ("{line.strip()}"): write '
                                      "the answer, =, and its number, e.g. Agree = 4.")
            out[word.strip()] = int(value)
        return out

    # -- sides ----------------------------------------------------------------------

    def side_labels(self) -> dict[str, tuple[str, int]]:
        """The side column's labels as written (casefolded -> first spelling, rows)."""
        col = self.side_column()
        found: dict[str, tuple[str, int]] = {}
        if col is None or self.sheet is None:
            return found
        for _, cells in self.sheet.rows:
            raw = cells[col]
            text = "" if raw is None else " ".join(str(raw).split())
            if not text:
                continue
            key = text.casefold()
            first, count = found.get(key, (text, 0))
            found[key] = (first, count + 1)
            if len(found) > MAX_SIDE_LABELS:
                break
        return found

    def _side_changed(self) -> None:
        while self.side_form.rowCount() > 1:
            self.side_form.removeRow(1)
        self.label_boxes = {}
        labels = self.side_labels()
        if len(labels) > MAX_SIDE_LABELS:
            assert self.side_box is not None
            self.side_form.addRow(label(
                f"{self.side_box.currentText()} holds more than {MAX_SIDE_LABELS} different "
                "answers, so it cannot be the side column: choose another column, or no side "
                "column.", "About the side labels", role="error"))
        elif labels:
            self.side_form.addRow(label(
                "What each answer in the file means (an answer not listed here has no side):",
                "About the side labels", role="muted"))
            for key, (text, count) in sorted(labels.items()):
                box = named(ScrollSafeComboBox(), f'Side for "{text}"')
                for shown, data in SIDE_CHOICES:
                    box.addItem(shown, data)
                known = SIDE_VALUES.get(key)
                box.setCurrentIndex(box.findData(known) if known else 0)
                box.currentIndexChanged.connect(self._changed)
                words = label(f'"{text}" ({count} row{"s" * (count != 1)}):',
                              f'About "{text}"', wrap=False)
                words.setBuddy(box)
                self.side_form.addRow(words, box)
                self.label_boxes[key] = box
        self._show_unused()
        self._changed()

    # -- what the user chose -------------------------------------------------------

    def mapping(self) -> dict[str, int | None]:
        return {qid: box.currentData() for qid, box in self.column_boxes.items()}

    def comment_mapping(self) -> dict[str, int | None]:
        """Question id -> the column of its comments (None: no comments)."""
        return {qid: box.currentData() for qid, box in self.comment_boxes.items()}

    def side_column(self) -> int | None:
        return self.side_box.currentData() if self.side_box is not None else None

    def side_map(self) -> dict[str, str | None] | None:
        """The file's labels -> a side (None: no side); None when there is no side column."""
        if self.side_column() is None:
            return None
        return {key: (None if box.currentData() in ("none", CHOOSE) else box.currentData())
                for key, box in self.label_boxes.items()}

    def scales(self) -> dict[str, Scale]:
        """The scales chosen by hand (the others are checked by the import as read)."""
        out = {}
        for qid in self.scale_boxes:
            if self.column_boxes[qid].currentData() is None:
                continue
            try:
                scale = self.chosen_scale(qid)
            except ValidationError:
                continue  # said by problems()
            if scale is not None:
                out[qid] = scale
        return out

    def unsettled(self) -> set[str]:
        """Questions whose scale is not chosen yet, or whose coding does not read."""
        out = set()
        for qid, box in self.scale_boxes.items():
            try:
                if box.currentData() == CHOOSE:
                    out.add(qid)
                else:
                    self.chosen_scale(qid)
            except ValidationError:
                out.add(qid)
        return out

    def waiting(self) -> list[str]:
        """What must be chosen or put right before the import can start, in words."""
        out = []
        asked = [q for q in self.questions if self.column_boxes[q.id].currentData() is not None
                 and self.scale_boxes[q.id].currentData() == CHOOSE]
        if asked:
            out.append("Choose the scale of question " + ", ".join(
                str(q.position) for q in asked) + " (its answers could be on more than one "
                "scale: the conversion is shown for each).")
        for key in sorted({self.scale_boxes[q].currentData() for q in self.scale_boxes}):
            if key in self.codings:
                try:
                    self._coded(BUILT_IN[key])
                except ValidationError as exc:
                    out.append(str(exc))
        if len(self.side_labels()) > MAX_SIDE_LABELS:
            out.append("Choose the side column again, or no side column.")
        unchosen = [f'"{self.side_labels()[k][0]}"' for k, box in self.label_boxes.items()
                    if box.currentData() == CHOOSE]
        if unchosen:
            out.append("Say which side " + ", ".join(unchosen) + " means (or No side), or "
                       "choose no side column.")
        return out

    def _show_unused(self) -> None:
        """The columns nothing reads, in full: a general comments column among them."""
        if self.sheet is None:
            return
        used = set(self.mapping().values()) | set(self.comment_mapping().values())
        used.add(self.side_column())
        unused = [(c, h) for c, h in enumerate(self.sheet.headers) if c not in used and h]
        if not unused:
            self.unused.setText("Every column of the file is imported.")
            return
        text = ("Not imported (names, emails, times and other columns are never stored): "
                + "; ".join(f'{column_letter(c)} "{h}"' for c, h in unused) + ".")
        general = [column_letter(c) for c, h in unused
                   if normalise(h).startswith(GENERAL_COMMENTS)]
        if general:
            text += (f" Column {', '.join(general)} looks like general comments: the archive "
                     "keeps comments on questions only, so choose it as a question's comment "
                     "column to import it.")
        self.unused.setText(text)

    def _changed(self, *_args: object) -> None:
        self.changed.emit()
