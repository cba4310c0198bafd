"""The forum settings dialog: a forum's name, region, protective marking, ways of
working and the defaults its new audit rounds start with; and deleting a forum.

Open it with ``open_forum_settings`` (an existing forum) or ``open_new_forum``;
both show the dialog with ``open()`` and return it. Edits stay in the dialog
until Save, which writes them all in one transaction (``store.forums``); the
rules are ``domain.forums``'s, and a refusal names the field and puts the cursor
there, with nothing written. Cancel (or Escape) writes nothing. Every view hears
of the change through the archive's change hook, so nothing here refreshes them.

Deleting is in the same dialog, never the default button: a forum that holds
nothing goes at once; one that holds rounds, meetings or benchmarks only after
its exact name is typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.errors import UserError
from spf_desktop.domain.forums import (
    DEFAULT_WAYS_OF_WORKING,
    MAX_MIN_GROUP,
    PROTECTIVE_MARKINGS,
    ForumContents,
    ForumSettings,
    ForumSettingsError,
    parse_benchmark_value,
)
from spf_desktop.domain.scoring import MIN_GROUP_FLOOR, SCALE_TEXT
from spf_desktop.gui.ways_editor import WaysEditor
from spf_desktop.gui.widgets import button, label, mark_invalid, named, set_role, writes
from spf_desktop.store import forums

if TYPE_CHECKING:
    from spf_desktop.gui.operations import Operations
    from spf_desktop.store import Archive
    from spf_desktop.store.connection import Changes

WIDTH, HEIGHT = 720, 760  # wanted; never more than the screen has room for


class _NoEnter(QObject):
    """Swallows Enter in the delete confirmation, so typing a name and pressing
    Enter neither deletes the forum nor saves (and closes) the dialog."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter))


class ForumSettingsDialog(QDialog):
    """Edit one forum's settings (``forum_id``), or make a new forum (``None``)."""

    saved = Signal(str)    # the forum's id, once its settings are stored
    deleted = Signal(str)  # the forum's id, once it is gone

    def __init__(self, archive: Archive, forum_id: str | None, *,
                 ops: Operations | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.ops = ops
        self.forum_id = forum_id
        self.contents = ForumContents()
        self._typed_min_group: int | None = None  # a size below the floor, as typed
        self._min_group_value = 0
        settings = (forums.forum_settings(archive.db, forum_id) if forum_id is not None
                    else ForumSettings(name=""))
        self.stored_name = settings.name if forum_id is not None else ""
        title = f"Forum settings: {settings.name}" if forum_id is not None else "New forum"
        self.setWindowTitle(title)
        named(self, "Forum settings" if forum_id is not None else "New forum")

        outer = QVBoxLayout(self)
        outer.addWidget(self._build_form(), 1)
        self._refused: list[QWidget] = []  # fields marked refused by the last save
        self.message = label("", "Forum settings message", role="error")
        self.message.setVisible(False)
        outer.addWidget(self.message)
        outer.addWidget(self._build_buttons(forum_id is not None))
        self.save_button.setDefault(True)  # Enter saves; only once inside the dialog does Qt take it

        self._fill(settings)
        self.delete_group.setVisible(forum_id is not None)
        if forum_id is not None:
            self._show_contents()
        if archive.read_only:
            self.save_button.setEnabled(False)
            self.delete_button.setEnabled(False)
        if ops is not None:
            ops.changed.connect(self.show_changes)
            ops.busy_changed.connect(self._busy_changed)
        self.fit()
        self.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the form -------------------------------------------------------------------------

    def _build_form(self) -> QScrollArea:
        scroller = named(QScrollArea(), "Forum settings form")
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget()
        body = QVBoxLayout(page)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self._forum_group())
        self.ways_editor = WaysEditor()
        body.addWidget(self.ways_editor)
        body.addWidget(self._defaults_group())
        self.delete_group = self._delete_group()
        body.addWidget(self.delete_group)
        body.addStretch(1)
        scroller.setWidget(page)
        self.scroller = scroller
        return scroller

    def _build_buttons(self, existing: bool) -> QDialogButtonBox:
        self.buttons = QDialogButtonBox()
        self.save_button = writes(named(
            self.buttons.addButton("Save" if existing else "Add forum",
                                   QDialogButtonBox.ButtonRole.AcceptRole),
            "Save forum settings" if existing else "Add forum"))
        self.cancel_button = named(self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel),
                                   "Cancel")
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        return self.buttons

    def _forum_group(self) -> QGroupBox:
        group = named(QGroupBox("The forum"), "The forum")
        form = QFormLayout(group)
        self.name_edit = named(QLineEdit(), "Forum name")
        self.name_edit.setPlaceholderText("e.g. North West SPF")
        form.addRow(self._buddy("Forum &name:", self.name_edit), self.name_edit)
        self.region_edit = named(QLineEdit(), "Region")
        self.region_edit.setPlaceholderText("e.g. North West (optional)")
        form.addRow(self._buddy("Re&gion:", self.region_edit), self.region_edit)
        self.marking = named(QComboBox(), "Protective marking",
                             "Printed on every report of this forum. Choose one, or type "
                             "your own; leave it empty for none.")
        self.marking.setEditable(True)
        self.marking.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.marking.addItems(list(PROTECTIVE_MARKINGS))
        line = self.marking.lineEdit()
        if line is not None:
            line.setPlaceholderText("None, or e.g. OFFICIAL")
            line.setAccessibleName("Protective marking, as typed")
        form.addRow(self._buddy("Protective &marking:", self.marking), self.marking)
        return group

    def _defaults_group(self) -> QGroupBox:
        group = named(QGroupBox("New audit rounds start with"), "New audit rounds start with")
        form = QFormLayout(group)
        self.min_group = named(QSpinBox(), "Default minimum group size",
                               f"Results and comments stay hidden until a round has this many "
                               f"responses. Never below {MIN_GROUP_FLOOR}.")
        self.min_group.setRange(MIN_GROUP_FLOOR, MAX_MIN_GROUP)
        line = self.min_group.lineEdit()
        if line is not None:
            line.textEdited.connect(self._min_group_typed)
        self.min_group.valueChanged.connect(self._min_group_stepped)
        row = QHBoxLayout()
        row.addWidget(self.min_group)
        row.addWidget(label(f"responses (never below {MIN_GROUP_FLOOR})",
                            "About the minimum group size", role="hint"), 1)
        form.addRow(self._buddy("Minimum &group size:", self.min_group), row)
        self.bench_label = named(QLineEdit(), "Default benchmark label")
        self.bench_label.setPlaceholderText("optional, e.g. Other regional SPFs")
        form.addRow(self._buddy("Benchmark &label:", self.bench_label), self.bench_label)
        self.bench_value = named(QLineEdit(), "Default benchmark value")
        self.bench_value.setPlaceholderText(f"optional, {SCALE_TEXT}, e.g. 7.5")
        form.addRow(self._buddy("Benchmark &value:", self.bench_value), self.bench_value)
        form.addRow(label("A new round takes these; each round can still change them.",
                          "About the defaults", role="hint"))
        return group

    def _delete_group(self) -> QGroupBox:
        group = named(QGroupBox("Delete this forum"), "Delete this forum")
        layout = QVBoxLayout(group)
        self.contents_label = label("", "What this forum holds")
        layout.addWidget(self.contents_label)
        row = QHBoxLayout()
        self.confirm_edit = named(QLineEdit(), "Type the forum's name to delete it")
        self.confirm_edit.installEventFilter(_NoEnter(self.confirm_edit))
        self.confirm_edit.textChanged.connect(lambda _t: self._update_delete())
        row.addWidget(self.confirm_edit, 1)
        self.delete_button = writes(button("Delete forum", "Delete forum",
                                           "Deletes the forum and everything it holds"))
        self.delete_button.setAutoDefault(False)
        self.delete_button.setDefault(False)
        self.delete_button.clicked.connect(self.delete)
        row.addWidget(self.delete_button)
        layout.addLayout(row)
        return group

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        made = QLabel(text)
        made.setBuddy(widget)
        return made

    def _fill(self, settings: ForumSettings) -> None:
        self.name_edit.setText(settings.name)
        self.region_edit.setText(settings.region)
        self.marking.setCurrentIndex(-1)
        self.marking.setEditText(settings.protective_marking)
        self.ways_editor.set_ways([dict(w) for w in settings.ways_of_working])
        self.min_group.setValue(settings.min_group_size)
        self._typed_min_group = None
        self.bench_label.setText(settings.benchmark_label)
        value = settings.benchmark_value
        self.bench_value.setText("" if value is None else f"{value:g}")

    # -- the minimum group size ----------------------------------------------------------------

    def _min_group_typed(self, text: str) -> None:
        """Note a size typed below the floor: the spin box would quietly put back
        the last good value, and Save says why instead."""
        text = text.strip()
        self._typed_min_group = (int(text) if text.isdigit() and int(text) < MIN_GROUP_FLOOR
                                 else None)

    def _min_group_stepped(self, value: int) -> None:
        # Enter re-announces the value it kept: only a real change forgets the typed one.
        if value != self._min_group_value:
            self._typed_min_group = None
        self._min_group_value = value

    # -- what is typed ---------------------------------------------------------------------------

    def settings(self) -> ForumSettings:
        """The settings as typed (``ForumSettingsError`` for a benchmark that is no number)."""
        min_group = (self._typed_min_group if self._typed_min_group is not None
                     else self.min_group.value())
        return ForumSettings(
            name=self.name_edit.text(),
            region=self.region_edit.text(),
            protective_marking=self.marking.currentText(),
            ways_of_working=tuple(dict(w) for w in self.ways_editor.ways),
            min_group_size=min_group,
            benchmark_label=self.bench_label.text(),
            benchmark_value=parse_benchmark_value(self.bench_value.text()),
        )

    def say(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        set_role(self.message, "error" if error else "ok")
        self.message.setVisible(bool(text))

    def _field_widget(self, exc: ForumSettingsError) -> QWidget:
        if exc.field == "ways_of_working":
            return self.ways_editor.show_row(exc.row)
        return {
            "name": self.name_edit, "region": self.region_edit,
            "protective_marking": self.marking, "min_group_size": self.min_group,
            "benchmark_label": self.bench_label, "benchmark_value": self.bench_value,
        }[exc.field]

    def _refuse(self, exc: UserError) -> None:
        self.say(str(exc))
        for field in self._refused:  # the last refusal no longer stands
            mark_invalid(field, "")
        self._refused = []
        if isinstance(exc, ForumSettingsError):
            widget = self._field_widget(exc)
            mark_invalid(widget, str(exc))  # said with the field, not by colour
            self._refused.append(widget)
            self.scroller.ensureWidgetVisible(widget)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    # -- writing -------------------------------------------------------------------------------

    def save(self) -> bool:
        """Write every setting in one transaction, or say what is wrong and write nothing."""
        if self.archive.read_only or not self.save_button.isEnabled():
            return False
        db = self.archive.db
        try:
            settings = self.settings()
            if self.forum_id is None:
                self.forum_id = forums.create_forum_with_settings(db, settings)
            else:
                forums.save_forum_settings(db, self.forum_id, settings)
        except UserError as exc:
            self._refuse(exc)
            return False
        if self.ops is not None:
            self.ops.flush()  # every view shows the change before the dialog has gone
        self.saved.emit(self.forum_id)
        self.accept()
        return True

    def _show_contents(self) -> None:
        if self.forum_id is None:
            return
        try:
            self.contents = forums.forum_contents(self.archive.db, self.forum_id)
        except UserError:  # deleted meanwhile (by a merge, a restore)
            self.say("This forum is no longer in the archive: nothing here can be saved.")
            self.save_button.setEnabled(False)
            self.delete_button.setEnabled(False)
            return
        name = self.stored_name
        if self.contents.is_empty:
            self.contents_label.setText(f"\"{name}\" holds nothing yet, so it can be deleted "
                                        "at once.")
        else:
            self.contents_label.setText(
                f"\"{name}\" holds {self.contents.describe()}. Deleting the forum deletes "
                "them all, for good (only a backup made before would still have them). "
                f"To delete it, type its name exactly: {name}")
        self.confirm_edit.setVisible(not self.contents.is_empty)
        self._update_delete()

    def _update_delete(self) -> None:
        self.delete_button.setEnabled(
            self.forum_id is not None and not self.archive.read_only
            and (self.contents.is_empty or self.confirm_edit.text() == self.stored_name))

    def delete(self) -> bool:
        """Delete the forum (with everything it holds, once its name was typed)."""
        if self.forum_id is None or not self.delete_button.isEnabled():
            return False
        typed = None if self.contents.is_empty else self.confirm_edit.text()
        try:
            forums.delete_forum(self.archive.db, self.forum_id, confirm_name=typed)
        except UserError as exc:
            self._refuse(exc)
            self._show_contents()
            return False
        if self.ops is not None:
            self.ops.flush()
        self.deleted.emit(self.forum_id)
        self.accept()
        return True

    # -- the rest of the app -------------------------------------------------------------------

    def show_changes(self, kinds: Changes) -> None:
        """Another write (a worker's import, a merge) may change what the forum holds."""
        if self.isVisible() and self.forum_id is not None and self.delete_group.isVisible():
            self._show_contents()

    def _busy_changed(self, busy: bool) -> None:
        """While a background operation writes, the write guard keeps Save and Delete
        off; afterwards they come back as the dialog's own state allows."""
        if not busy and not self.archive.read_only:
            self.save_button.setEnabled(True)
            self._show_contents()

    def done(self, result: int) -> None:
        if self.ops is not None:
            for signal, slot in ((self.ops.changed, self.show_changes),
                                 (self.ops.busy_changed, self._busy_changed)):
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):  # already disconnected
                    pass
        super().done(result)

    def fit(self, room: QSize | None = None) -> None:
        """Open at the size wanted, but never bigger than the screen (a 768-line laptop
        or projector would otherwise hide Save below its edge): the form scrolls."""
        if room is None:
            screen = (self.parentWidget() or self).screen()
            room = screen.availableGeometry().size() if screen is not None else None
        page = self.scroller.widget()
        layout = page.layout() if page is not None else None
        if layout is not None:
            layout.invalidate()  # the delete section may have just been hidden
        outer = self.layout()
        margins = outer.contentsMargins() if outer is not None else None
        spacing = max(outer.spacing(), 0) if outer is not None else 0
        content = (page.sizeHint().height() if page is not None else HEIGHT) \
            + self.buttons.sizeHint().height() + 2 * spacing \
            + (margins.top() + margins.bottom() if margins is not None else 0) \
            + (self.message.sizeHint().height() + spacing if self.message.isVisible() else 0)
        width, height = WIDTH, min(HEIGHT, content)
        if room is not None:
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)


def open_forum_settings(parent: QWidget | None, ops: Operations | None, archive: Archive,
                        forum_id: str) -> ForumSettingsDialog:
    """Show the settings of ``forum_id`` (window-modal, with ``open()``); returns the dialog."""
    dialog = ForumSettingsDialog(archive, forum_id, ops=ops, parent=parent)
    dialog.open()
    return dialog


def open_new_forum(parent: QWidget | None, ops: Operations | None,
                   archive: Archive) -> ForumSettingsDialog:
    """Show the dialog for a new forum, its ways of working filled with the defaults
    (involvement, trust, purpose); ``saved`` carries the new forum's id."""
    dialog = ForumSettingsDialog(archive, None, ops=ops, parent=parent)
    dialog.open()
    return dialog


__all__ = ["DEFAULT_WAYS_OF_WORKING", "ForumSettingsDialog", "open_forum_settings",
           "open_new_forum"]
