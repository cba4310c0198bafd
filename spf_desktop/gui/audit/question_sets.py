"""The question set editor of the Audit view: new, copy, import, export, delete,
and reword, reorder, add and remove.

Edits change a draft held here; only Save (or Copy, Import, Delete) writes. A new
set is a draft until it is saved with at least one question. Saving a set that
has answers makes a new version, so earlier rounds keep the wording they were
answered with. A re-read caused by someone else's write keeps an unsaved draft.
Files are chosen in a file dialog opened with ``open()`` (no nested event loop);
the reading, checking and writing of the file is ``io.question_set_file``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain import question_editing as qe
from spf_desktop.domain.errors import UserError
from spf_desktop.domain.questions import QuestionSet
from spf_desktop.gui.audit.panels import Panel
from spf_desktop.gui.file_dialogs import file_dialog
from spf_desktop.gui.widgets import buddy, button, label, named
from spf_desktop.io import question_set_file
from spf_desktop.store import audit, repo

if TYPE_CHECKING:
    from spf_desktop.gui.operations import Operations
    from spf_desktop.store.connection import ArchiveDatabase


NEW = "(new)"  # the chooser's entry for a new set not saved yet
FILE_FILTER = f"Question sets (*{question_set_file.SUFFIX} *.json);;All files (*)"


class QuestionSetPanel(Panel):
    """New, copy, import, export, delete; reword, reorder, add and remove; saving a
    set with answers makes a new version."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.set_id: str | None = None
        self.draft: QuestionSet | None = None
        self.edited = False  # the draft differs from what is stored
        self.forum_id: str | None = None
        self.file_dialog: QFileDialog | None = None
        self.last_message: QMessageBox | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.choice = named(QComboBox(), "Question set to edit")
        row.addWidget(buddy("Question set:", self.choice))
        self.choice.currentIndexChanged.connect(self._load)
        row.addWidget(self.choice, 1)
        layout.addLayout(row)
        layout.addLayout(self._build_files())
        self.note = label("", "About this question set")
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
        new_row = QHBoxLayout()
        self.new_name = named(QLineEdit(), "Name for a new set")
        self.new_name.setPlaceholderText("Name for a new, blank set, e.g. Our behaviours")
        new_row.addWidget(self.new_name, 1)
        new_row.addWidget(self.writing_button("New set", self.new_set))
        layout.addLayout(new_row)
        save = self.writing_button("Save question set", self.save)
        layout.addWidget(save)
        self.enter_presses(self.copy_name, "Copy as a new set")
        self.enter_presses(self.new_name, "New set")
        self.enter_presses(self.text, "Add question")

    def _build_files(self) -> QHBoxLayout:
        """Import, export and delete: whole sets, to and from files."""
        row = QHBoxLayout()
        row.addWidget(self.writing_button("Import from a file...", self.choose_import,
                                          name="Import a question set from a file"))
        self.export_button = button("Export to a file...", "Export the question set to a file")
        self.export_button.clicked.connect(self.choose_export)
        row.addWidget(self.export_button)
        row.addWidget(self.writing_button("Delete question set", self.ask_delete,
                                          tip="Only a set that no round uses can be deleted."))
        row.addStretch(1)
        return row

    def enter_presses(self, edit: QLineEdit, name: str) -> None:
        """Enter in ``edit`` presses the button called ``name`` (the obvious one)."""
        target = next(b for b in self.write_buttons if b.accessibleName() == name)
        edit.returnPressed.connect(lambda: target.click() if target.isEnabled() else None)

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
        if select is None and self.set_id is None and self.draft is not None:
            # a new set not saved yet stays chosen, and stays a draft
            self.choice.insertItem(0, f"{self.draft.name} (new, not saved yet)", NEW)
            self.choice.setCurrentIndex(0)
            self.choice.blockSignals(False)
            return
        index = self.choice.findData(current) if current else -1
        self.choice.setCurrentIndex(max(index, 0) if self.choice.count() else -1)
        self.choice.blockSignals(False)
        if self.edited and self.choice.currentData() == self.set_id and select is None:
            self._show_note()  # the draft stays; whether saving makes a version may not
            return
        self._load()

    def _load(self) -> None:
        if self.choice.currentData() == NEW:
            return
        new_at = self.choice.findData(NEW)
        if new_at >= 0:  # another set chosen: the unsaved new one is dropped
            self.choice.blockSignals(True)
            self.choice.removeItem(new_at)
            self.choice.blockSignals(False)
        self.set_id = self.choice.currentData()
        self.draft = audit.load_set(self.db, self.set_id) if self.set_id and self.db else None
        self.edited = False
        self._show()

    def _show(self, row: int | None = None) -> None:
        self.list.clear()
        if self.draft is None:
            self.note.setText("No question set yet. Make a new one, or import one from a file.")
            return
        if self.set_id is None:
            self.note.setText("A new set: add its questions one by one, then press Save "
                              "question set. It is stored once it has at least one question.")
            self.list.addItems([f"{n}. {q.text}" for n, q in enumerate(self.draft.questions, 1)])
            if row is not None and self.list.count():
                self.list.setCurrentRow(max(0, min(row, self.list.count() - 1)))
            return
        self.list.addItems([f"{n}. {q.text}" for n, q in enumerate(self.draft.questions, 1)])
        self._show_note()
        if row is not None and self.list.count():
            self.list.setCurrentRow(max(0, min(row, self.list.count() - 1)))

    def _show_note(self) -> None:
        """The set's version, and whether saving changes it in place or makes a new
        version: asked of the archive each time, as a first answer changes it."""
        if self.draft is None or self.set_id is None or self.db is None:
            return
        frozen = audit.is_frozen(self.db, self.set_id)
        self.note.setText(
            (f"Version {self.draft.version}. " if self.draft.version else "")
            + ("This set has answers in a round, so saving keeps that version as it is and "
               "makes a new version." if frozen else
               "Nobody has answered this set yet, so saving changes it in place.")
            + (f"\n{self.draft.source_note}" if self.draft.source_note else ""))

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

    def new_set(self) -> None:
        """A blank draft with a name; it is stored by Save once it has a question."""
        try:
            draft = qe.new_set(self.new_name.text())
        except UserError as exc:
            self.message.emit(str(exc), True)
            return
        self.new_name.clear()
        self.set_id, self.draft, self.edited = None, draft, True
        self.reload()
        self._show()
        self.message.emit(f"New set \"{draft.name}\": type a question below and press Add "
                          "question, then Save question set.", False)
        self.text.setFocus()

    def save(self) -> None:
        if self.draft is not None and self.set_id is None:
            self._save_new(self.draft)
            return
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

    def _save_new(self, draft: QuestionSet) -> None:
        made: list[str] = []
        if self.run(lambda: made.append(audit.save_copy(self.db, draft, forum_id=self.forum_id)),
                    f"Question set \"{draft.name}\" saved."):
            self.edited = False
            self.set_id = made[0]
            self.reload(select=made[0])

    # -- files and deleting -----------------------------------------------------------

    def _dialog(self, title: str, mode: QFileDialog.AcceptMode,
                done: Callable[[Path], object], suggested: str = "") -> QFileDialog:
        dialog = file_dialog(self, title, suggested, FILE_FILTER)
        dialog.setAcceptMode(mode)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile if mode == QFileDialog.AcceptMode.AcceptSave
                           else QFileDialog.FileMode.ExistingFile)
        if mode == QFileDialog.AcceptMode.AcceptSave:
            dialog.setDefaultSuffix(question_set_file.SUFFIX.lstrip("."))
        dialog.setAccessibleName(title)
        dialog.fileSelected.connect(lambda chosen: done(Path(chosen)) if chosen else None)
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def choose_import(self) -> QFileDialog:
        return self._dialog("Import a question set", QFileDialog.AcceptMode.AcceptOpen,
                            self.import_from)

    def import_from(self, path: Path) -> str | None:
        """Read, check and store a set from a file; a bad file changes nothing."""
        made: list[str] = []

        def act() -> None:
            qs = question_set_file.read_question_set(path)
            made.append(audit.save_copy(self.db, qs, forum_id=self.forum_id))

        if not self.run(act):
            return None
        self.edited = False
        self.set_id = None
        self.draft = None
        self.reload(select=made[0])
        qs = audit.load_set(self.db, made[0])
        count = len(qs.questions)
        self.message.emit(f"Imported \"{qs.name}\" from {path.name}: {count} "
                          f"question{'s' * (count != 1)}.", False)
        return made[0]

    def choose_export(self) -> QFileDialog | None:
        if not self._can_export():
            return None
        assert self.draft is not None
        stem = "".join(c if c.isalnum() else "-" for c in self.draft.name).strip("-") or "set"
        return self._dialog("Export the question set", QFileDialog.AcceptMode.AcceptSave,
                            self.export_to, f"{stem}{question_set_file.SUFFIX}")

    def _can_export(self) -> bool:
        if self.db is None or self.set_id is None:
            self.message.emit("Choose a saved question set to export.", True)
            return False
        if self.edited:
            self.message.emit("Save your changes first: an export writes the saved set.", True)
            return False
        return True

    def export_to(self, path: Path) -> Path | None:
        if not self._can_export():
            return None
        assert self.db is not None and self.set_id is not None
        try:
            written = question_set_file.write_question_set(path, audit.load_set(self.db,
                                                                                 self.set_id))
        except UserError as exc:
            self.message.emit(str(exc), True)
            return None
        except OSError as exc:
            self.message.emit(f"Could not write {path.name}: {exc.strerror or exc}. Choose "
                              "another folder.", True)
            return None
        self.message.emit(f"Exported to {written}.", False)
        return written

    def ask_delete(self) -> QMessageBox | None:
        """Ask first (No is the default); a set a round uses is refused at once."""
        if self.db is None:
            return None
        if self.set_id is None:
            if self.draft is not None:  # a new set never saved: nothing stored to delete
                self.draft, self.edited = None, False
                self.reload()
                self.message.emit("The new set was not saved, so there was nothing to delete.",
                                  False)
            else:
                self.message.emit("Choose a question set first.", True)
            return None
        set_id = self.set_id
        name = self.draft.name if self.draft is not None else "this set"
        try:
            used = audit.rounds_using_set(self.db, set_id)
            if used:
                audit.delete_question_set(self.db, set_id)  # refuses, with the reason
        except UserError as exc:
            self.message.emit(str(exc), True)
            return None
        box = QMessageBox(QMessageBox.Icon.Question, "Delete question set",
                          f"Delete the question set \"{name}\" (every version of it)? No round "
                          "uses it. Export it to a file first if you may want it again.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setAccessibleName("Delete question set?")
        box.button(QMessageBox.StandardButton.Yes).setAccessibleName("Yes, delete the set")
        box.button(QMessageBox.StandardButton.No).setAccessibleName("No, keep it")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.buttonClicked.connect(
            lambda b: self.delete(set_id)
            if box.standardButton(b) == QMessageBox.StandardButton.Yes else None)
        box.open()
        self.last_message = box
        return box

    def delete(self, set_id: str) -> bool:
        if self.db is None or repo.get(self.db, "question_sets", set_id) is None:
            return False
        name = audit.load_set(self.db, set_id).name
        if not self.run(lambda: audit.delete_question_set(self.db, set_id),
                        f"Question set \"{name}\" deleted."):
            return False
        self.edited = False
        self.set_id, self.draft = None, None
        self.reload()
        return True
