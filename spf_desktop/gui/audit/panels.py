"""The facilitator's panels in the Audit view: PIN, comment screening and paper
forms (the new round form is in ``new_round``, the question set editor in
``question_sets``).

Each panel is given the view's ``Operations`` and the database when the view has
one, and says what happened through ``message`` (text, is_error). A panel never
tells the view to refresh: every write commits through the archive's change
hook, and the view (and every other view) reloads what shows that kind of record.
Buttons that write are marked with ``gui.widgets.writes``; ``update_enabled``
holds each panel's own rules for when they are on.

Why this module is long: the four panels share one way of writing and reporting
(``Panel.run``) and are small each; one module keeps them alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.errors import UserError, ValidationError
from spf_desktop.domain.kiosk import COMMENT_LIMIT, parse_paper_score
from spf_desktop.domain.pin import MAX_DIGITS
from spf_desktop.domain.questions import SIDE_LABELS, SIDES
from spf_desktop.gui.widgets import buddy, button, label, mark_invalid, named
from spf_desktop.store import audit, repo

if TYPE_CHECKING:
    from spf_desktop.gui.operations import Operations
    from spf_desktop.store.connection import ArchiveDatabase


class Panel(QWidget):
    """One task of the Audit view. Writes through ``run``; never refreshes others."""

    message = Signal(str, bool)  # text, is_error

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.db: ArchiveDatabase | None = None
        self.write_buttons: list[QPushButton] = []

    def set_db(self, db: ArchiveDatabase | None) -> None:
        self.db = db
        self.update_enabled()

    def writing_button(self, text: str, slot: Callable[[], object], name: str | None = None,
                       tip: str = "") -> QPushButton:
        """A button that changes the archive: off while read-only or busy."""
        made = button(text, name, tip, writes_archive=True)
        made.clicked.connect(lambda _=False: slot())
        self.write_buttons.append(made)
        return made

    def update_enabled(self) -> None:
        """The panel's own rules; the write guard keeps them off while read-only."""
        for made in self.write_buttons:
            made.setEnabled(self.db is not None)

    def enter_presses(self, target: QAbstractButton, *fields: QWidget) -> None:
        """Enter (or Return) in any of ``fields`` presses ``target``, the form's obvious
        button, as a dialog's default button would."""
        target.setProperty("default_for_enter", True)
        presser = _EnterPresses(target, self)
        for field in fields:
            field.installEventFilter(presser)

    def run(self, action: Callable[[], object], success: str = "") -> bool:
        """Do a store action; a user error becomes a message and nothing changes.

        On success the change hook is flushed at once, so this screen (and every
        other view) shows the write before the click handler returns."""
        if self.db is None:
            self.message.emit("Open an archive first.", True)
            return False
        try:
            action()
        except UserError as exc:
            self.message.emit(str(exc), True)
            return False
        self.ops.flush()
        self.message.emit(success, False)  # done: an earlier error no longer stands
        return True


class _EnterPresses(QObject):
    def __init__(self, target: QAbstractButton, parent: QObject) -> None:
        super().__init__(parent)
        self.target = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False  # Enter picks from an open list first
            if self.target.isEnabled():
                self.target.click()
            return True
        return False


def hint(text: str, name: str) -> QLabel:
    return label(text, name, role="hint")


# -- the PIN ------------------------------------------------------------------------

class PinPanel(Panel):
    """Set the PIN; change it with the current PIN, or with the recovery code when it
    is forgotten. A new recovery code is shown here once, and never stored as itself."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.form = form = QFormLayout(self)
        self.status = label("", "PIN status", wrap=False)
        form.addRow(self.status)
        self.current = named(QLineEdit(), "Current PIN")
        self.recovery = named(QLineEdit(), "Recovery code",
                              "Only if the PIN is forgotten: the code shown when it was set.")
        self.recovery.setMaxLength(20)
        self.pin = named(QLineEdit(), "New PIN")
        self.again = named(QLineEdit(), "Repeat the PIN")
        for edit in (self.current, self.pin, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(MAX_DIGITS)
        form.addRow("Current PIN:", self.current)
        form.addRow("Or, if the PIN is forgotten, the recovery code:", self.recovery)
        form.addRow("New PIN (4 to 12 digits):", self.pin)
        form.addRow("Repeat the PIN:", self.again)
        set_pin = self.writing_button("Set PIN", self.save)
        form.addRow("", set_pin)
        self.enter_presses(set_pin, self.current, self.recovery, self.pin, self.again)
        self.code = label("", "New recovery code", role="notice")
        self.code.setTextFormat(Qt.TextFormat.PlainText)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.hide()
        form.addRow(self.code)
        form.addRow(hint("The PIN is needed to leave participant mode. It is kept only as a "
                         "salted hash. To change it, type the current PIN. If it is forgotten, "
                         "type the recovery code shown when it was set instead: that sets a new "
                         "PIN and shows a new code.", "About the PIN"))

    def set_db(self, db: ArchiveDatabase | None) -> None:
        super().set_db(db)
        self.show_code(None)
        self.refresh()

    def refresh(self) -> None:
        is_set = self.db is not None and bool(audit.pin_hash(self.db))
        self.status.setText(
            "" if self.db is None else
            "A facilitator PIN is set." if is_set else "No facilitator PIN yet.")
        for edit in (self.current, self.recovery):
            self.form.setRowVisible(edit, is_set)
        if self.db is not None and audit.participant_mode_round(self.db) is not None:
            self.show_code(None)  # participant mode started: the code is not left on screen

    def show_code(self, code: str | None) -> None:
        """Show a new recovery code, the only time it is ever shown (None hides it)."""
        self.code.setVisible(code is not None)
        self.code.setText(
            "" if code is None else
            f"Recovery code: {code}\nWrite it down now and keep it away from the laptop: it "
            "is shown only this once, and it lets you set a new PIN if the PIN is forgotten.")
        self.code.setAccessibleDescription(self.code.text())

    def save(self) -> None:
        current, code = self.current.text(), self.recovery.text()
        pin, again = self.pin.text(), self.again.text()
        for edit in (self.current, self.recovery, self.pin, self.again):
            edit.clear()
        issued: list[str | None] = []

        def act() -> None:
            if pin != again:
                raise ValidationError("The two PINs are not the same: type the new PIN twice.")
            issued.append(audit.set_pin(self.db, pin, current=current or None,
                                        recovery_code=code or None))

        if self.run(act, "Facilitator PIN set."):
            self.refresh()
            if issued[0] is not None:
                self.show_code(issued[0])
                self.message.emit("Facilitator PIN set. Write down the recovery code shown "
                                  "below the PIN: it is shown only once.", False)


# -- comment screening --------------------------------------------------------------

class ScreeningPanel(Panel):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.round_id: str | None = None
        self.rows: list[audit.CommentRow] = []
        layout = QVBoxLayout(self)
        layout.addWidget(label(
            "Read every comment before results are shown or printed. Edit out a name, or "
            "remove a comment; the stored text is replaced and only the number of redactions "
            "is kept.", "About screening"))
        self.count = label("", "Redactions so far")
        layout.addWidget(self.count)
        self.list = named(QListWidget(), "Comments to screen")
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._picked)
        layout.addWidget(self.list, 1)
        self.edit = named(QLineEdit(), "Edited comment")
        self.edit.setPlaceholderText("Choose a comment above; edit out a name here, then press "
                                     "Replace with the edited text")
        self.edit.setMaxLength(COMMENT_LIMIT)
        layout.addWidget(self.edit)
        row = QHBoxLayout()
        replace = self.writing_button("Replace with the edited text",
                                      lambda: self.redact(self.edit.text()))
        self.enter_presses(replace, self.edit)
        row.addWidget(replace)
        row.addWidget(self.writing_button("Remove the whole comment", lambda: self.redact(None)))
        row.addStretch(1)
        row.addWidget(self.writing_button("Comments screened", self.mark_screened))
        layout.addLayout(row)

    def update_enabled(self) -> None:
        for made in self.write_buttons:
            made.setEnabled(self.db is not None and self.round_id is not None)

    def show_round(self, round_id: str | None) -> None:
        self.round_id = round_id
        self.refresh()
        self.update_enabled()

    def refresh(self) -> None:
        """Re-read the comments; the one chosen stays chosen (its row, if it went)."""
        row = self.list.currentRow()
        same = [r.comment for r in self.rows]
        self.list.clear()
        self.rows = []
        if self.db is None or self.round_id is None:
            self.edit.clear()
            self.count.setText("")
            return
        self.rows = audit.comments_for_screening(self.db, self.round_id)
        self.list.addItems([f"Q{r.position}: {r.comment}" for r in self.rows])
        rnd = repo.get(self.db, "rounds", self.round_id) or {}
        state = ("all screened" if audit.comments_screened(self.db, self.round_id)
                 else "not screened yet: results hide them until you press Comments screened")
        self.count.setText(f"{len(self.rows)} comments, {state}; redactions so far: "
                           f"{rnd.get('redactions', 0)}")
        if 0 <= row and self.rows and same == [r.comment for r in self.rows]:
            typed = self.edit.text()
            self.list.setCurrentRow(min(row, self.list.count() - 1))
            self.edit.setText(typed)  # a re-read keeps what the facilitator was typing
        else:
            self.edit.clear()

    def mark_screened(self) -> None:
        if self.round_id is None:
            self.message.emit("Choose a round first.", True)
            return
        round_id = self.round_id
        self.run(lambda: audit.mark_screened(self.db, round_id),
                 "Comments screened: the results show them now.")

    def _picked(self, row: int) -> None:
        self.edit.setText(self.rows[row].comment if 0 <= row < len(self.rows) else "")

    def redact(self, text: str | None) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.rows) or self.round_id is None:
            self.message.emit("Choose a comment first.", True)
            return
        target = self.rows[row]
        round_id = self.round_id
        done: list[audit.Redaction] = []
        if self.run(lambda: done.append(audit.redact_comment(
                self.db, round_id, target.response_key, target.question_id, text))):
            self.message.emit(done[0].message, False)  # says which backups changed too
            self.refresh()  # the change hook re-read it already; this places the cursor
            if self.list.count():
                self.list.setCurrentRow(min(row, self.list.count() - 1))


# -- paper forms -------------------------------------------------------------------

class PaperFormPanel(Panel):
    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.round_id: str | None = None
        self.status: str | None = None
        self.question_ids: list[str] = []
        self._shown: tuple[int, str | None] | None = None  # (db, round) the grid was made for
        layout = QVBoxLayout(self)
        layout.addWidget(label(
            "Type in one paper questionnaire at a time. Leave a score empty when the question "
            "was skipped. Each form is saved as an ordinary anonymous response, with the same "
            "checks as participant mode.", "About paper forms"))
        self.state = label("", "Paper form round state", role="error")
        self.state.hide()
        layout.addWidget(self.state)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        scroll = named(QScrollArea(), "Paper form questions")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.side = named(QComboBox(), "Paper form side")
        row.addWidget(buddy("Side:", self.side))
        self.side.addItem("Not answered", None)
        for side in SIDES:
            self.side.addItem(SIDE_LABELS[side], side)
        row.addWidget(self.side)
        row.addStretch(1)
        self.save_button = self.writing_button("Save paper form", self.save)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.scores: list[QLineEdit] = []
        self.comments: list[QLineEdit] = []

    def show_round(self, round_id: str | None) -> None:
        """Lay out the round's questions; the same round again keeps what is typed."""
        self.round_id = round_id
        if self._shown == (id(self.db), round_id):
            return
        self._shown = (id(self.db), round_id)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.scores, self.comments, self.question_ids = [], [], []
        if self.db is None or round_id is None:
            return
        for col, text in enumerate(("Question", "Score (empty: skipped)", "Comment")):
            self.grid.addWidget(label(f"<b>{text}</b>", text, wrap=False), 0, col)
        for n, q in enumerate(audit.kiosk_questions(self.db, round_id), start=1):
            text = label(f"{n}. {q.text}", f"Question {n}")
            text.setTextFormat(Qt.TextFormat.PlainText)
            score = named(QLineEdit(), f"Paper score for question {n}")
            score.textEdited.connect(lambda _t, edit=score: mark_invalid(edit, ""))
            text.setBuddy(score)
            score.setMaxLength(4)
            score.setFixedWidth(90)
            comment = named(QLineEdit(), f"Paper comment for question {n}")
            comment.setMaxLength(COMMENT_LIMIT)
            self.grid.addWidget(text, n, 0)
            self.grid.addWidget(score, n, 1)
            self.grid.addWidget(comment, n, 2)
            self.scores.append(score)
            self.comments.append(comment)
            self.question_ids.append(q.id)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(2, 2)
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        self.grid.setRowStretch(self.grid.rowCount(), 1)  # spare room below, not in the headings
        # Tab follows the form on screen: the rows are made after the side and Save
        chain = [w for pair in zip(self.scores, self.comments, strict=True) for w in pair]
        chain += [self.side, self.save_button]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)

    def set_open(self, status: str | None) -> None:
        """Say before anyone types a form in that a round not open will not take it."""
        self.status = status
        taking = status == "open"
        self.state.setVisible(status is not None and not taking)
        self.state.setText(
            f"This round is {status}: open it with the button above before typing in forms."
            if status == "draft" else
            f"This round is {status}: reopen it with the button above to add forms.")
        self.update_enabled()

    def update_enabled(self) -> None:
        self.save_button.setEnabled(self.db is not None and self.status == "open")

    def _refused_scores(self) -> list[tuple[QLineEdit, ValidationError]]:
        """Each score that would be refused, marked so (its description says why);
        the others unmarked."""
        refused = []
        for n, edit in enumerate(self.scores, start=1):
            try:
                parse_paper_score(edit.text(), n)
            except ValidationError as exc:
                refused.append((edit, exc))
                mark_invalid(edit, str(exc))
            else:
                mark_invalid(edit, "")
        return refused

    def save(self) -> None:
        if self.round_id is None:
            self.message.emit("Choose a round first.", True)
            return
        round_id = self.round_id

        refused = self._refused_scores()

        def act() -> None:
            if refused:
                raise refused[0][1]
            scores = {qid: parse_paper_score(edit.text(), n)
                      for n, (qid, edit) in enumerate(zip(self.question_ids, self.scores,
                                                          strict=True), start=1)}
            comments = {qid: edit.text()
                        for qid, edit in zip(self.question_ids, self.comments, strict=True)}
            audit.submit(self.db, round_id,
                         audit.paper_form(scores, comments, self.side.currentData()))

        if refused:
            refused[0][0].setFocus(Qt.FocusReason.OtherFocusReason)  # to the first to mend
        if self.run(act, "Paper form saved as an anonymous response."):
            for edit in self.scores + self.comments:
                edit.clear()
            self.side.setCurrentIndex(0)
            if self.scores:
                self.scores[0].setFocus()
