"""The Agenda view's files: a meeting or template exported to a file, and imported.

A mixin of ``AgendaView``: it uses the view's archive, its chosen meeting and forum,
its lists and its message line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from spf_desktop.domain.errors import UserError
from spf_desktop.gui.file_dialogs import open_file_name, save_file_name
from spf_desktop.io.agenda_file import SUFFIX, export_meeting, import_agenda

if TYPE_CHECKING:
    from spf_desktop.gui.agenda.view import AgendaView


class AgendaFiles:
    """Export and import for the Agenda view."""

    def choose_export(self: AgendaView) -> None:
        if self.meeting_id is None or self.builder.meeting is None:
            return
        suggested = "".join(c if c.isalnum() else "-" for c in self.builder.meeting.title).strip("-")
        path, _ = save_file_name(self, "Export to", f"{suggested}{SUFFIX}",
                                 f"Meeting or template (*{SUFFIX})")
        if path:
            self.export_to(Path(path))

    def export_to(self: AgendaView, path: Path) -> Path | None:
        if self.meeting_id is None or self.db is None:
            return None
        if not path.name.endswith(SUFFIX):
            path = path.with_name(path.name + SUFFIX)
        try:
            written = export_meeting(self.db, self.meeting_id, path)
        except UserError as exc:
            self.say(str(exc), problem=True)
            return None
        self.say(f"Exported to {written}")
        return written

    def choose_import(self: AgendaView) -> None:
        path, _ = open_file_name(self, "Import", "", f"Meeting or template (*{SUFFIX});;All files (*)")
        if path:
            self.import_from(Path(path))

    def import_from(self: AgendaView, path: Path) -> str | None:
        if self.db is None:
            return None
        try:
            mid = import_agenda(self.db, path, forum_id=self.forum_id, types=self.types)
        except UserError as exc:
            self.say(str(exc), problem=True)
            return None
        self.refresh_lists(mid)
        self.say(f"Imported {path.name}.")
        return mid
