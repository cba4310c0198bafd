"""The question set editor of the Audit view: copy, reword, reorder, add and remove.

Edits change a draft held here; only Save (or Copy) writes. Saving a set that
has answers makes a new version, so earlier rounds keep the wording they were
answered with. A re-read caused by someone else's write keeps an unsaved draft.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain import question_editing as qe
from spf_desktop.domain.errors import UserError
from spf_desktop.domain.questions import QuestionSet
from spf_desktop.gui.audit.panels import Panel
from spf_desktop.gui.widgets import named
from spf_desktop.store import audit, repo

if TYPE_CHECKING:
    from spf_desktop.gui.operations import Operations
    from spf_desktop.store.connection import ArchiveDatabase


class QuestionSetPanel(Panel):
    """Copy, reword, reorder, add and remove; saving a set with answers makes a new version."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.set_id: str | None = None
        self.draft: QuestionSet | None = None
        self.edited = False  # the draft differs from what is stored
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
        edits: tuple[tuple[str, Callable[[], None]], ...] = (
            ("Add question", self._add), ("Reword question", self._reword),
            ("Remove question", self._remove), ("Move up", lambda: self._move(-1)),
            ("Move down", lambda: self._move(1)))
        for n, (text, slot) in enumerate(edits):
            # an edit is only worth making where it can be saved: off while read-only
            buttons.addWidget(self.writing_button(text, slot), n // 3, n % 3)
        buttons.setColumnStretch(3, 1)
        layout.addLayout(buttons)
        copy_row = QHBoxLayout()
        self.copy_name = named(QLineEdit(), "Name for the copy")
        self.copy_name.setPlaceholderText("Name for a copy, e.g. East Midlands behaviours")
        copy_row.addWidget(self.copy_name, 1)
        copy_row.addWidget(self.writing_button("Copy as a new set", self._copy))
        layout.addLayout(copy_row)
        layout.addWidget(self.writing_button("Save question set", self.save))

    def set_db(self, db: ArchiveDatabase | None) -> None:
        super().set_db(db)
        self.edited = False
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Re-read the sets. An unsaved draft is kept unless another set is chosen."""
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
        if self.edited and self.choice.currentData() == self.set_id and select is None:
            return
        self._load()

    def _load(self) -> None:
        self.set_id = self.choice.currentData()
        self.draft = audit.load_set(self.db, self.set_id) if self.set_id and self.db else None
        self.edited = False
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

    def _edit(self, change: Callable[[QuestionSet], QuestionSet], row: int | None = None) -> None:
        if self.draft is None:
            self.message.emit("Choose a question set first.", True)
            return
        try:
            self.draft = change(self.draft)
        except UserError as exc:
            self.message.emit(str(exc), True)
            return
        self.edited = True
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
        draft = self.draft
        new: list[str] = []

        def act() -> None:
            new.append(audit.save_copy(self.db, qe.copy_set(draft, name), forum_id=self.forum_id))

        if self.run(act, f"Copied as \"{name.strip()}\"; edit it and press Save."):
            self.copy_name.clear()
            self.reload(select=new[0])

    def save(self) -> None:
        if self.draft is None or self.set_id is None:
            self.message.emit("Choose a question set first.", True)
            return
        saved: list[str] = []
        draft, set_id = self.draft, self.set_id
        self.edited = False  # what the change hook re-reads next is this draft, saved
        if self.run(lambda: saved.append(audit.save_set(self.db, set_id, draft))):
            new_version = saved[0] != set_id
            row = repo.get(self.db, "question_sets", saved[0]) or {}
            self.message.emit(
                f"Saved as version {row.get('version')}; earlier rounds keep the version they "
                "were answered with." if new_version else "Question set saved.", False)
            self.reload(select=saved[0])
        else:
            self.edited = True
