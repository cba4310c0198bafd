"""The workshop agenda builder and the meeting clock."""

from spf_desktop.gui.agenda.view import AgendaView

__all__ = ["AgendaView"]
