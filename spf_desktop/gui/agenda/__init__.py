"""The workshop agenda builder and the meeting clock."""

from __future__ import annotations

from typing import Any

__all__ = ["AgendaView"]


def __getattr__(name: str) -> Any:
    # The view is imported on first use, so importing a helper module of this
    # package (the File menu's actions, say) does not build the whole view.
    if name == "AgendaView":
        from spf_desktop.gui.agenda.view import AgendaView

        return AgendaView
    raise AttributeError(name)
