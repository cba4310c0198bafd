"""The facilitator's panels in the Audit view: new round, PIN, comment screening,
paper forms and the question set editor. Each takes the database when the view
has one and reports what happened through ``message`` (text, is_error)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain import question_editing as qe
from spf_desktop.domain.errors import UserError, ValidationError
from spf_desktop.domain.kiosk import COMMENT_LIMIT, parse_benchmark, parse_paper_score
from spf_desktop.domain.pin import MAX_DIGITS
from spf_desktop.domain.questions import SIDE_LABELS, SIDES, QuestionSet
from spf_desktop.store import audit, repo


def named(widget, name: str):  # noqa: ANN001, ANN201 - any widget, returned as given
    widget.setAccessibleName(name)
    return widget


def button(text: str, name: str | None = None) -> QPushButton:
    return named(QPushButton(text), name or text.replace("&", ""))


class Panel(QWidget):
    message = Signal(str, bool)  # text, is_error
    changed = Signal()  # something was stored: the view refreshes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = None

    def set_db(self, db) -> None:  # noqa: ANN001
        self.db = db

    def run(self, action, success: str = "") -> bool:  # noqa: ANN001
        """Do a store action; a user error becomes a message and nothing changes."""
        if self.db is None:
            self.message.emit("Open an archive first.", True)
            return False
        try:
            action()
        except UserError as exc:
            self.message.emit(str(exc), True)
            return False
        if success:
            self.message.emit(success, False)
        self.changed.emit()
        return True


# -- a new round ----------------------------------------------------------------

class NewRoundPanel(Panel):
    round_created = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.forum_id: str | None = None
        form = QFormLayout(self)
        self.forum_name = named(QLineEdit(), "New forum name")
        add_forum = button("Add forum")
        add_forum.clicked.connect(self._add_forum)
        row = QHBoxLayout()
        row.addWidget(self.forum_name, 1)
        row.addWidget(add_forum)
        form.addRow("New forum:", row)
        self.question_set = named(QComboBox(), "Question set for the new round")
        form.addRow("Question set:", self.question_set)
        self.label = named(QLineEdit(), "Round label")
        self.label.setPlaceholderText("e.g. Baseline, or 2019 audit")
        form.addRow("Label:", self.label)
        self.date = named(QLineEdit(date.today().isoformat()), "Round date")
        form.addRow("Date (YYYY-MM-DD):", self.date)
        self.min_group = named(QSpinBox(), "Minimum group size")
        self.min_group.setRange(3, 100)
        self.min_group.setValue(5)
        form.addRow("Minimum group size:", self.min_group)
        self.bench_value = named(QLineEdit(), "Benchmark value")
        self.bench_value.setPlaceholderText("optional, 0 to 10, e.g. 7.5")
        form.addRow("Benchmark value:", self.bench_value)
        self.bench_label = named(QLineEdit(), "Benchmark label")
        self.bench_label.setPlaceholderText("e.g. Other regional SPFs, about 7.5")
        form.addRow("Benchmark label:", self.bench_label)
        create = button("Create round")
        create.clicked.connect(self.create)
        form.addRow("", create)
        hint = QLabel("A new round starts as a draft: open it when the room is ready. Results "
                      "and comments stay hidden until the round has the minimum number of "
                      "responses (never fewer than 3).")
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        form.addRow(hint)

    def set_db(self, db) -> None:  # noqa: ANN001
        super().set_db(db)
        self.question_set.clear()
        if db is None:
            return
        for qs in audit.question_sets(db):
            if qs["latest"]:
                self.question_set.addItem(
                    f"{qs['name']} (version {qs['version']}, {qs['question_count']} questions)",
                    qs["id"])

    def _add_forum(self) -> None:
        name = self.forum_name.text()
        if self.run(lambda: repo.create_forum(self.db, name), f"Forum \"{name.strip()}\" added."):
            self.forum_name.clear()

    def create(self) -> None:
        if self.forum_id is None:
            self.message.emit("Choose a forum (or add one) before creating a round.", True)
            return
        created: list[str] = []

        def act() -> None:
            value = parse_benchmark(self.bench_value.text())
            set_id = self.question_set.currentData()
            if set_id is None:
                raise ValidationError("Choose a question set for the round.")
            created.append(audit.create_audit_round(
                self.db, self.forum_id, set_id, self.label.text(), self.date.text(),
                min_group_size=self.min_group.value(), benchmark_value=value,
                benchmark_label=self.bench_label.text()))

        if self.run(act, f"Round \"{self.label.text().strip()}\" created as a draft."):
            self.label.clear()
            self.round_created.emit(created[0])


# -- the PIN ------------------------------------------------------------------------

class PinPanel(Panel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.status = named(QLabel(), "PIN status")
        form.addRow(self.status)
        self.pin = named(QLineEdit(), "New PIN")
        self.again = named(QLineEdit(), "Repeat the PIN")
        for edit in (self.pin, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(MAX_DIGITS)
        form.addRow("New PIN (4 to 12 digits):", self.pin)
        form.addRow("Repeat the PIN:", self.again)
        save = button("Set PIN")
        save.clicked.connect(self.save)
        form.addRow("", save)
        hint = QLabel("The PIN is needed to leave participant mode. It is kept only as a "
                      "salted hash: if it is forgotten, set a new one here.")
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        form.addRow(hint)

    def set_db(self, db) -> None:  # noqa: ANN001
        super().set_db(db)
        self.status.setText(
            "" if db is None else
            "A facilitator PIN is set." if audit.pin_hash(db) else "No facilitator PIN yet.")

    def save(self) -> None:
        pin, again = self.pin.text(), self.again.text()
        self.pin.clear()
        self.again.clear()

        def act() -> None:
            if pin != again:
                raise ValidationError("The two PINs are not the same: type the new PIN twice.")
            audit.set_pin(self.db, pin)

        if self.run(act, "Facilitator PIN set."):
            self.status.setText("A facilitator PIN is set.")


# -- comment screening --------------------------------------------------------------

class ScreeningPanel(Panel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.round_id: str | None = None
        self.rows: list[audit.CommentRow] = []
        layout = QVBoxLayout(self)
        intro = QLabel("Read every comment before results are shown or printed. Edit out a "
                       "name, or remove a comment; the stored text is replaced and only the "
                       "number of redactions is kept.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.count = named(QLabel(), "Redactions so far")
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
        replace_button = button("Replace with the edited text")
        replace_button.clicked.connect(lambda: self.redact(self.edit.text()))
        remove = button("Remove the whole comment")
        remove.clicked.connect(lambda: self.redact(None))
        row.addWidget(replace_button)
        row.addWidget(remove)
        row.addStretch(1)
        done = button("Comments screened")
        done.clicked.connect(self.mark_screened)
        row.addWidget(done)
        layout.addLayout(row)

    def show_round(self, round_id: str | None) -> None:
        self.round_id = round_id
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        self.edit.clear()
        self.rows = []
        if self.db is None or self.round_id is None:
            self.count.setText("")
            return
        self.rows = audit.comments_for_screening(self.db, self.round_id)
        self.list.addItems([f"Q{r.position}: {r.comment}" for r in self.rows])
        rnd = repo.get(self.db, "rounds", self.round_id) or {}
        state = ("all screened" if audit.comments_screened(self.db, self.round_id)
                 else "not screened yet: results hide them until you press Comments screened")
        self.count.setText(f"{len(self.rows)} comments, {state}; redactions so far: "
                           f"{rnd.get('redactions', 0)}")

    def mark_screened(self) -> None:
        if self.round_id is None:
            self.message.emit("Choose a round first.", True)
            return
        round_id = self.round_id
        if self.run(lambda: audit.mark_screened(self.db, round_id),
                    "Comments screened: the results show them now."):
            self.refresh()

    def _picked(self, row: int) -> None:
        self.edit.setText(self.rows[row].comment if 0 <= row < len(self.rows) else "")

    def redact(self, text: str | None) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.rows) or self.round_id is None:
            self.message.emit("Choose a comment first.", True)
            return
        target = self.rows[row]
        round_id = self.round_id
        if self.run(lambda: audit.redact_comment(self.db, round_id, target.response_key,
                                                 target.question_id, text),
                    "Comment replaced; the old text is gone."):
            self.refresh()
            self.list.setCurrentRow(min(row, self.list.count() - 1))


# -- paper forms -------------------------------------------------------------------

class PaperFormPanel(Panel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.round_id: str | None = None
        self.question_ids: list[str] = []
        layout = QVBoxLayout(self)
        intro = QLabel("Type in one paper questionnaire at a time. Leave a score empty when the "
                       "question was skipped. Each form is saved as an ordinary anonymous "
                       "response, with the same checks as participant mode.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.state = named(QLabel(), "Paper form round state")
        self.state.setWordWrap(True)
        self.state.setStyleSheet("color: #8a1538; font-weight: bold;")
        self.state.hide()
        layout.addWidget(self.state)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("Side:"))
        self.side = named(QComboBox(), "Paper form side")
        self.side.addItem("Not answered", None)
        for side in SIDES:
            self.side.addItem(SIDE_LABELS[side], side)
        row.addWidget(self.side)
        row.addStretch(1)
        self.save_button = save = button("Save paper form")
        save.clicked.connect(self.save)
        row.addWidget(save)
        layout.addLayout(row)
        self.scores: list[QLineEdit] = []
        self.comments: list[QLineEdit] = []

    def show_round(self, round_id: str | None) -> None:
        self.round_id = round_id
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.scores, self.comments, self.question_ids = [], [], []
        if self.db is None or round_id is None:
            return
        for col, text in enumerate(("Question", "Score (empty: skipped)", "Comment")):
            self.grid.addWidget(QLabel(f"<b>{text}</b>"), 0, col)
        for n, q in enumerate(audit.kiosk_questions(self.db, round_id), start=1):
            label = QLabel(f"{n}. {q.text}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            score = named(QLineEdit(), f"Paper score for question {n}")
            score.setMaxLength(4)
            score.setFixedWidth(90)
            comment = named(QLineEdit(), f"Paper comment for question {n}")
            comment.setMaxLength(COMMENT_LIMIT)
            self.grid.addWidget(label, n, 0)
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

    def set_open(self, status: str | None) -> None:
        """Say before anyone types a form in that a round not open will not take it."""
        taking = status == "open"
        self.save_button.setEnabled(taking)
        self.state.setVisible(status is not None and not taking)
        self.state.setText(
            f"This round is {status}: open it with the button above before typing in forms."
            if status == "draft" else
            f"This round is {status}: reopen it with the button above to add forms.")

    def save(self) -> None:
        if self.round_id is None:
            self.message.emit("Choose a round first.", True)
            return
        round_id = self.round_id

        def act() -> None:
            scores = {qid: parse_paper_score(edit.text(), n)
                      for n, (qid, edit) in enumerate(zip(self.question_ids, self.scores,
                                                          strict=True), start=1)}
            comments = {qid: edit.text()
                        for qid, edit in zip(self.question_ids, self.comments, strict=True)}
            audit.submit(self.db, round_id,
                         audit.paper_form(scores, comments, self.side.currentData()))

        if self.run(act, "Paper form saved as an anonymous response."):
            for edit in self.scores + self.comments:
                edit.clear()
            self.side.setCurrentIndex(0)
            if self.scores:
                self.scores[0].setFocus()


# -- question sets --------------------------------------------------------------

class QuestionSetPanel(Panel):
    """Copy, reword, reorder, add and remove; saving a set with answers makes a new version."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_id: str | None = None
        self.draft: QuestionSet | None = None
        self.forum_id: str | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel("Question set:"))
        self.choice = named(QComboBox(), "Question set to edit")
        self.choice.currentIndexChanged.connect(self._load)
        row.addWidget(self.choice, 1)
        layout.addLayout(row)
        self.note = named(QLabel(), "About this question set")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.list = named(QListWidget(), "Questions in the set")
        self.list.currentRowChanged.connect(self._picked)
        layout.addWidget(self.list, 1)
        self.text = named(QLineEdit(), "Question text")
        self.text.setPlaceholderText("Type a new question, or choose one above to reword it")
        layout.addWidget(self.text)
        buttons = QGridLayout()
        for n, (label, slot) in enumerate((
                ("Add question", self._add), ("Reword question", self._reword),
                ("Remove question", self._remove), ("Move up", lambda: self._move(-1)),
                ("Move down", lambda: self._move(1)))):
            b = button(label)
            b.clicked.connect(slot)
            buttons.addWidget(b, n // 3, n % 3)
        buttons.setColumnStretch(3, 1)
        layout.addLayout(buttons)
        copy_row = QHBoxLayout()
        self.copy_name = named(QLineEdit(), "Name for the copy")
        self.copy_name.setPlaceholderText("Name for a copy, e.g. East Midlands behaviours")
        copy = button("Copy as a new set")
        copy.clicked.connect(self._copy)
        copy_row.addWidget(self.copy_name, 1)
        copy_row.addWidget(copy)
        layout.addLayout(copy_row)
        save = button("Save question set")
        save.clicked.connect(self.save)
        layout.addWidget(save)

    def set_db(self, db) -> None:  # noqa: ANN001
        super().set_db(db)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        current = select or self.choice.currentData()
        self.choice.blockSignals(True)
        self.choice.clear()
        if self.db is not None:
            for qs in audit.question_sets(self.db):
                if qs["latest"]:
                    self.choice.addItem(f"{qs['name']} (version {qs['version']})", qs["id"])
        index = self.choice.findData(current) if current else -1
        self.choice.setCurrentIndex(max(index, 0) if self.choice.count() else -1)
        self.choice.blockSignals(False)
        self._load()

    def _load(self) -> None:
        self.set_id = self.choice.currentData()
        self.draft = audit.load_set(self.db, self.set_id) if self.set_id and self.db else None
        self._show()

    def _show(self, row: int | None = None) -> None:
        self.list.clear()
        if self.draft is None:
            self.note.setText("No question set yet.")
            return
        self.list.addItems([f"{n}. {q.text}" for n, q in enumerate(self.draft.questions, 1)])
        frozen = self.set_id is not None and audit.is_frozen(self.db, self.set_id)
        self.note.setText(
            (f"Version {self.draft.version}. " if self.draft.version else "")
            + ("This set has answers in a round, so saving keeps that version as it is and "
               "makes a new version." if frozen else
               "Nobody has answered this set yet, so saving changes it in place.")
            + (f"\n{self.draft.source_note}" if self.draft.source_note else ""))
        if row is not None and self.list.count():
            self.list.setCurrentRow(max(0, min(row, self.list.count() - 1)))

    def _picked(self, row: int) -> None:
        if self.draft is not None and 0 <= row < len(self.draft.questions):
            self.text.setText(self.draft.questions[row].text)

    def _edit(self, change, row: int | None = None) -> None:  # noqa: ANN001
        if self.draft is None:
            self.message.emit("Choose a question set first.", True)
            return
        try:
            self.draft = change(self.draft)
        except UserError as exc:
            self.message.emit(str(exc), True)
            return
        self.message.emit("Changed; press Save question set to keep it.", False)
        self._show(row)

    def _add(self) -> None:
        text = self.text.text()
        self._edit(lambda qs: qe.add(qs, text), row=10_000)

    def _reword(self) -> None:
        row, text = self.list.currentRow(), self.text.text()
        self._edit(lambda qs: qe.reword(qs, row, text), row=row)

    def _move(self, delta: int) -> None:
        row = self.list.currentRow()
        self._edit(lambda qs: qe.move(qs, row, delta), row=row + delta)

    def _remove(self) -> None:
        row = self.list.currentRow()
        self._edit(lambda qs: qe.remove(qs, row), row=row)

    def _copy(self) -> None:
        if self.draft is None:
            self.message.emit("Choose a question set to copy.", True)
            return
        name = self.copy_name.text()
        new: list[str] = []

        def act() -> None:
            copy = qe.copy_set(self.draft, name)
            new.append(audit.save_copy(self.db, copy, forum_id=self.forum_id))

        if self.run(act, f"Copied as \"{name.strip()}\"; edit it and press Save."):
            self.copy_name.clear()
            self.reload(select=new[0])

    def save(self) -> None:
        if self.draft is None or self.set_id is None:
            self.message.emit("Choose a question set first.", True)
            return
        saved: list[str] = []
        draft, set_id = self.draft, self.set_id
        if self.run(lambda: saved.append(audit.save_set(self.db, set_id, draft))):
            new_version = saved[0] != set_id
            row = repo.get(self.db, "question_sets", saved[0]) or {}
            self.message.emit(
                f"Saved as version {row.get('version')}; earlier rounds keep the version they "
                "were answered with." if new_version else "Question set saved.", False)
            self.reload(select=saved[0])
