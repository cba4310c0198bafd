"""The Agenda view: a forum's meetings and templates, the builder, and run mode."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.agenda import Meeting
from spf_desktop.domain.errors import UserError
from spf_desktop.domain.runclock import Mono, Wall, wall_now
from spf_desktop.domain.section_types import SectionType, load_section_types
from spf_desktop.gui.agenda.builder import BuilderPage
from spf_desktop.gui.agenda.files import AgendaFiles
from spf_desktop.gui.agenda.keyboard import ChoiceList, chain, field_label, press_on_enter
from spf_desktop.gui.agenda.run_mode import RunPage
from spf_desktop.gui.agenda.steps import ask
from spf_desktop.gui.operations import Operations
from spf_desktop.gui.view_base import ViewMixin
from spf_desktop.gui.widgets import button, label, named, set_role
from spf_desktop.io.agenda_file import SUFFIX, import_agenda, read_agenda_file
from spf_desktop.paths import resource
from spf_desktop.store import Archive, repo
from spf_desktop.store import agenda as store
from spf_desktop.store.connection import Change, Changes

ID_ROLE = Qt.ItemDataRole.UserRole
FILE_ROLE = Qt.ItemDataRole.UserRole + 1

if TYPE_CHECKING:
    from sqlite_utils import Database



def shipped_templates() -> list[Path]:
    folder = resource("templates")
    return sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []


class AgendaView(AgendaFiles, ViewMixin, QWidget):
    """Plan and run a forum's meetings. The clocks are passed in so tests drive time.

    ``participant_mode_requested(round_id)``: run mode asks for participant mode
    for the audit round linked to the running section (the main window hands it
    to the Audit view)."""

    participant_mode_requested = Signal(str)
    shows = frozenset({Change.FORUM, Change.MEETING, Change.SECTION, Change.CAPTURE,
                       Change.ROUND, Change.RESPONSE})

    def __init__(self, parent: QWidget | None = None, *, ops: Operations | None = None, mono: Mono = time.monotonic,
                 wall: Wall = wall_now, types: dict[str, SectionType] | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Agenda view")
        self.ops = ops or Operations(self)
        self.types = types or load_section_types(resource("section_types.json"))
        self.archive: Archive | None = None
        self.last_message: QMessageBox | None = None
        self.builder = BuilderPage(self.types)
        self.run_page = RunPage(self.types, mono=mono, wall=wall)
        splitter = QSplitter()
        splitter.addWidget(self._build_side())
        splitter.addWidget(self._build_main())
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 1000])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(splitter)
        # The arrow keys choose (in the plan); Enter or a click chooses anywhere, run mode
        # included; Tab only passes through (keyboard.ChoiceList).
        for lst in (self.meeting_list, self.template_list):
            lst.currentItemChanged.connect(lambda *_, lst=lst: self._meeting_chosen(lst))
            lst.itemActivated.connect(lambda _item, lst=lst: self._meeting_chosen(lst, explicit=True))
            lst.itemClicked.connect(lambda _item, lst=lst: self._meeting_chosen(lst, explicit=True))
        self.builder.run_requested.connect(self.show_run_mode)
        self.builder.details_changed.connect(self._details_changed)
        self.builder.said.connect(self.say)
        self.run_page.back_requested.connect(self.back_to_plan)
        self.run_page.participant_mode_requested.connect(self.participant_mode_requested)
        press_on_enter(*self.side_buttons())
        self.chain_tabs()

    def side_buttons(self) -> tuple[QPushButton, ...]:
        return (self.new_button, self.duplicate_button, self.delete_button, self.template_button,
                self.export_button, self.import_button)

    def chain_tabs(self) -> None:
        """Tab as the eye reads the view: the column on the left, then the plan (or the
        clock; the page not shown is passed over)."""
        chain(self.forum_combo, self.meeting_list, *self.side_buttons(), self.template_list,
              self.from_template_button, *self.builder.tab_chain(),
              *self.run_page._buttons_in_order(), *self.run_page.capture.tab_chain())

    def _build_side(self) -> QWidget:
        """The forum, its meetings and the templates, with the buttons for them."""
        side = QWidget()
        side.setMinimumWidth(150)
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(label("Agendas", "", role="heading", wrap=False))
        self.forum_combo = named(QComboBox(), "Forum")
        self.forum_combo.currentIndexChanged.connect(lambda _=0: self.refresh_lists())
        sl.addWidget(field_label("&Forum", self.forum_combo))
        sl.addWidget(self.forum_combo)
        self.meeting_list = self._wrap_list(named(ChoiceList(), "Meetings"))
        sl.addWidget(field_label("&Meetings", self.meeting_list))
        sl.addWidget(self.meeting_list, 3)
        # Short labels keep the column narrow on a 1024-wide screen; the full name is
        # the accessible name and the tooltip. Export only reads the archive.
        self.new_button = self._button("New meeting", "New meeting", self.new_meeting)
        self.duplicate_button = self._button("Duplicate", "Duplicate meeting", self.duplicate)
        self.delete_button = self._button("Delete", "Delete meeting", self.ask_delete)
        self.template_button = self._button("As template", "Save as template", self.save_as_template)
        self.export_button = self._button("Export\u2026", "Export meeting or template",
                                          self.choose_export, writes_archive=False)
        self.import_button = self._button("Import\u2026", "Import meeting or template", self.choose_import)
        grid = QGridLayout()
        for n, b in enumerate((self.new_button, self.duplicate_button, self.delete_button,
                               self.template_button, self.export_button, self.import_button)):
            grid.addWidget(b, n // 2, n % 2)
        sl.addLayout(grid)
        self.template_list = self._wrap_list(named(ChoiceList(), "Templates"))
        sl.addWidget(field_label("&Templates", self.template_list))
        sl.addWidget(self.template_list, 2)
        self.from_template_button = self._button("New from template", "New meeting from template",
                                                 self.new_from_template)
        sl.addWidget(self.from_template_button)
        self.message_label = label("", "Agenda message", role="ok")  # said when it changes
        sl.addWidget(self.message_label)
        return side

    def _build_main(self) -> QWidget:
        """The plan or the clock, with a hint above until a meeting is chosen."""
        self.stack = QStackedWidget()
        self.stack.addWidget(self.builder)
        self.stack.addWidget(self.run_page)
        # Until a meeting is chosen the greyed-out plan says what to do.
        self.hint_label = label("", "Agenda hint", role="heading")
        # On a small screen the plan and the clock scroll rather than forcing the window wide.
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a frame, not a stop for Tab
        self.scroller.setAccessibleName("Plan or clock")
        self.scroller.setWidget(self.stack)
        main = QWidget()
        ml = QVBoxLayout(main)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.addWidget(self.hint_label)
        ml.addWidget(self.scroller, 1)
        return main

    @staticmethod
    def _wrap_list(lst: QListWidget) -> QListWidget:
        """Long titles wrap in a narrow column rather than hiding behind a side scroll bar."""
        lst.setWordWrap(True)
        lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lst.setResizeMode(QListWidget.ResizeMode.Adjust)
        return lst

    @staticmethod
    def _button(text: str, name: str, slot: Callable[[], object], *,
                writes_archive: bool = True) -> QPushButton:
        made = button(text, name, name, writes_archive=writes_archive)
        made.clicked.connect(slot)
        return made

    def set_clocks(self, mono: Mono, wall: Wall) -> None:
        """Use these clocks from the next time run mode opens (tests pass their own)."""
        self.run_page.mono, self.run_page.wall = mono, wall

    # -- the archive ----------------------------------------------------------------

    def set_archive(self, archive: Archive | None) -> None:
        self.run_page.stop()
        self.run_page.set_meeting(None, None)
        self.stack.setCurrentWidget(self.builder)
        self.archive = archive
        self._fill_forums()
        self.refresh_lists()
        # The main window says so too (and while it is busy); this serves a view on its own.
        self.set_writable(archive is not None and not archive.read_only)

    def reload_for(self, kinds: Changes) -> None:
        """Forums, meetings, sections and captures made elsewhere show up here; the
        builder keeps its place (and its undo history) when its meeting is unchanged."""
        if self.archive is None:
            return
        if Change.FORUM in kinds:
            self._reload_forums()
        if kinds & {Change.MEETING, Change.FORUM}:
            self.refresh_lists(reload=False)
        if kinds & {Change.MEETING, Change.SECTION}:
            self.builder.reload_if_changed()
        if Change.CAPTURE in kinds:
            self.builder.show_open_actions()
            self.builder.captures.reload()
            self.run_page.capture.reload()
        if kinds & {Change.ROUND, Change.RESPONSE}:
            self.builder.show_rounds()
            self.run_page.refresh_round()

    def showEvent(self, event: QShowEvent) -> None:
        self._reload_forums()
        super().showEvent(event)

    def _fill_forums(self) -> None:
        """The archive's forums in the combo, keeping the chosen one (signals off)."""
        current = self.forum_id
        self.forum_combo.blockSignals(True)
        self.forum_combo.clear()
        if self.archive is not None:
            for f in repo.forums(self.archive.db):
                self.forum_combo.addItem(f["name"], f["id"])
        self.forum_combo.setCurrentIndex(max(self.forum_combo.findData(current), 0))
        self.forum_combo.blockSignals(False)

    def _reload_forums(self) -> None:
        """A forum added (or renamed) in another view shows up here, and New meeting
        wakes up."""
        if self.archive is not None:
            forums = [(f["id"], f["name"]) for f in repo.forums(self.archive.db)]
            shown = [(self.forum_combo.itemData(i), self.forum_combo.itemText(i))
                     for i in range(self.forum_combo.count())]
            if forums != shown:
                self._fill_forums()
                self.refresh_lists(reload=False)

    @property
    def db(self) -> Database | None:
        return self.archive.db if self.archive is not None else None

    @property
    def forum_id(self) -> str | None:
        return self.forum_combo.currentData()

    @property
    def meeting_id(self) -> str | None:
        return self.builder.meeting_id

    def refresh_lists(self, select: str | None = None, *, reload: bool = True) -> None:
        """Fill the meeting and template lists; ``reload=False`` keeps the builder (and
        its undo history) when the chosen meeting stays the same."""
        select = select or self.meeting_id
        for lst in (self.meeting_list, self.template_list):
            lst.blockSignals(True)
            lst.clear()
        chosen: QListWidgetItem | None = None
        if self.db is not None:
            for m in store.list_meetings(self.db, self.forum_id):
                # ISO in the list, so meetings sort and read the same on every laptop
                # (other views and their tests read it so); the forms show local dates.
                item = QListWidgetItem(f"{m['date'] or 'No date'}  {m['title']}")
                item.setData(ID_ROLE, m["id"])
                self.meeting_list.addItem(item)
                chosen = item if m["id"] == select else chosen
            titles = set()
            for t in store.list_meetings(self.db, None, templates=True):
                item = QListWidgetItem(f"{t['title']} ({t['sections']} sections)")
                item.setData(ID_ROLE, t["id"])
                self.template_list.addItem(item)
                titles.add(t["title"])
                chosen = item if t["id"] == select else chosen
            for path in shipped_templates():
                try:
                    title = read_agenda_file(path, self.types).meeting.title
                except UserError:
                    continue
                if title not in titles:
                    item = QListWidgetItem(f"{title} (shipped)")
                    item.setData(FILE_ROLE, str(path))
                    self.template_list.addItem(item)
        if chosen is not None:
            chosen.listWidget().setCurrentItem(chosen)
        for lst in (self.meeting_list, self.template_list):
            lst.blockSignals(False)
        if chosen is not None:
            if reload or chosen.data(ID_ROLE) != self.builder.meeting_id:
                self.builder.set_meeting(self.db, chosen.data(ID_ROLE))
        else:
            self.builder.set_meeting(self.db, None)
        self.update_enabled()

    def update_enabled(self) -> None:
        """Which buttons make sense now; those that write stay off while the archive
        is read-only or busy (their guard sees to that)."""
        has = self.meeting_id is not None and self.archive is not None
        for b in (self.duplicate_button, self.delete_button, self.template_button, self.export_button):
            b.setEnabled(has)
        self.import_button.setEnabled(self.archive is not None)
        # A meeting belongs to a forum: with none, there is nothing to put it in.
        for b in (self.new_button, self.from_template_button):
            b.setEnabled(self.archive is not None and self.forum_id is not None)
        self.builder.update_enabled()
        self.run_page.update_enabled()
        self._show_hint()

    def _show_hint(self) -> None:
        if self.archive is None:
            hint = ""
        elif self.forum_id is None:
            hint = ("There is no forum yet: add one in the Audit view, "
                    "then plan its meetings here.")
        elif self.meeting_id is None and self.stack.currentWidget() is self.builder:
            hint = ("Choose a meeting on the left, or press New meeting."
                    if not self.archive.read_only else "Choose a meeting on the left.")
        else:
            hint = ""
        self.hint_label.setText(hint)
        self.hint_label.setVisible(bool(hint))

    def _meeting_chosen(self, lst: QListWidget, *, explicit: bool = False) -> None:
        """A meeting or template chosen. While the meeting runs only Enter or a click
        leaves the clock (for another meeting's plan); moving in the list does not."""
        item = lst.currentItem()
        if item is None:
            return
        running = self.stack.currentWidget() is self.run_page
        if running and (not explicit or item.data(ID_ROLE) == self.run_page.meeting_id):
            return
        if explicit and not running and item.data(ID_ROLE) == self.builder.meeting_id \
                and item.data(ID_ROLE) is not None:
            return  # already shown: its undo history stays
        other = self.template_list if lst is self.meeting_list else self.meeting_list
        other.blockSignals(True)
        other.clearSelection()
        other.setCurrentRow(-1)
        other.blockSignals(False)
        self.show_builder()
        self.builder.set_meeting(self.db, item.data(ID_ROLE))  # a shipped file has no id yet
        self.update_enabled()

    def show_meeting(self, meeting_id: str) -> bool:
        """Open ``meeting_id`` in the plan, its forum chosen (the Archive view opens
        a meeting here); the meeting running in run mode stays running."""
        row = repo.get(self.db, "meetings", meeting_id) if self.db is not None else None
        if row is None or row.get("is_template") or not row.get("forum_id"):
            self.say("That meeting is no longer in the archive.", problem=True)
            return False
        if self.stack.currentWidget() is self.run_page and self.run_page.meeting_id == meeting_id:
            return True
        self._reload_forums()
        with QSignalBlocker(self.forum_combo):
            self.forum_combo.setCurrentIndex(self.forum_combo.findData(row["forum_id"]))
        self.show_builder()
        self.refresh_lists(meeting_id, reload=False)  # the same meeting keeps its undo
        self.meeting_list.setFocus(Qt.FocusReason.OtherFocusReason)  # the keyboard follows it
        return self.meeting_id == meeting_id

    def _details_changed(self) -> None:
        self.refresh_lists(self.meeting_id, reload=False)

    def say(self, text: str, *, problem: bool = False) -> None:
        """The view's message line; a problem is styled (and said) as an error."""
        set_role(self.message_label, "error" if problem else "ok")
        self.message_label.setText(text)

    # -- meetings -------------------------------------------------------------------------

    def new_meeting(self) -> str | None:
        if self.db is None:
            return None
        ways = store.forum_ways_of_working(self.db, self.forum_id)
        try:
            mid = store.create_meeting(self.db, self.forum_id, Meeting(
                "New forum meeting", "10:00", "13:00", time.strftime("%Y-%m-%d"),
                ways_of_working=ways))
        except UserError as exc:
            self.say(str(exc), problem=True)
            return None
        self.refresh_lists(mid)
        self.say("New meeting made: give it a title, date and venue, then add sections.")
        self.builder.title_edit.setFocus()
        self.builder.title_edit.selectAll()
        return mid

    def duplicate(self) -> str | None:
        if self.meeting_id is None or self.db is None:
            return None
        mid = store.duplicate_meeting(self.db, self.meeting_id, forum_id=self.forum_id)
        self.refresh_lists(mid)
        self.say("Copied: the copy has the plan, without actual times or outcomes.")
        return mid

    def ask_delete(self) -> QMessageBox | None:
        if self.meeting_id is None:
            return None
        title = self.builder.meeting.title if self.builder.meeting else "this meeting"
        target = self.meeting_id
        self.last_message = ask(
            self, "Delete meeting", f'Delete "{title}" with its sections, outcomes, decisions and '
            "actions? An audit round held at it is kept.", name="Delete meeting?",
            yes="Yes, delete", no="No, keep it", on_yes=lambda: self.delete(target))
        return self.last_message

    def delete(self, meeting_id: str) -> None:
        if self.db is None:
            return
        try:
            store.get_meeting(self.db, meeting_id)
        except UserError:
            return  # already gone (both signals of the box fire)
        store.delete_meeting(self.db, meeting_id)
        if self.meeting_id == meeting_id:
            self.builder.set_meeting(self.db, None)
        self.refresh_lists()
        self.say("Meeting deleted.")
        self.meeting_list.setFocus(Qt.FocusReason.OtherFocusReason)  # on with the list

    def save_as_template(self) -> str | None:
        if self.meeting_id is None or self.builder.meeting is None or self.db is None:
            return None
        name = self.builder.meeting.title
        if not name.endswith("(template)"):
            name = f"{name} (template)"
        tid = store.save_as_template(self.db, self.meeting_id, name)
        self.refresh_lists(self.meeting_id)
        self.say(f'Saved as the template "{name}".')
        return tid

    def new_from_template(self) -> str | None:
        item = self.template_list.currentItem()
        if item is None or self.db is None:
            self.say("Choose a template first.", problem=True)
            return None
        template_id = item.data(ID_ROLE)
        try:
            if template_id is None:
                template_id = import_agenda(self.db, item.data(FILE_ROLE), types=self.types,
                                            expect="template")
            mid = store.new_from_template(self.db, template_id, self.forum_id,
                                          date=time.strftime("%Y-%m-%d"))
        except UserError as exc:
            self.say(str(exc), problem=True)
            return None
        self.refresh_lists(mid)
        self.say("New meeting planned from the template, with the forum's ways of working.")
        self.builder.title_edit.setFocus()  # its title and date come next
        return mid

    # -- run mode ------------------------------------------------------------------------------

    def show_run_mode(self) -> None:
        if self.meeting_id is None:
            return
        self.run_page.set_meeting(self.db, self.meeting_id)
        self.stack.setCurrentWidget(self.run_page)
        self.say("")  # what was said about the plan is done with
        self._show_hint()
        self.run_page.focus_default()  # Start, Start late, Next section: the next step

    def show_builder(self) -> None:
        if self.stack.currentWidget() is self.run_page:
            self.run_page.stop()
            self.stack.setCurrentWidget(self.builder)
            if self.meeting_id is not None:
                self.builder.set_meeting(self.db, self.meeting_id)
            self._show_hint()

    def back_to_plan(self) -> None:
        """Back to the plan from the clock, the keyboard on Run meeting, where it left."""
        self.show_builder()
        if self.builder.run_button.isEnabled():
            self.builder.run_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def save_pending(self) -> None:
        """The window is closing: apply what was typed in the section editor."""
        if self.builder.db is not None:
            self.builder.commit_pending()
