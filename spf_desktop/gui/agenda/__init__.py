"""The workshop agenda builder and the meeting clock.

``view``: the Agenda view (a forum's meetings and templates, the files, the
change hook), holding the two pages. Planning: ``builder`` (the page: table,
undo, writes), ``details_form`` (the meeting's details), ``section_editor`` (the
selected section, handed back finished), ``model`` (the table's Qt model),
``timeline`` (the plan as a picture) and ``open_actions`` (earlier meetings'
actions, beside the plan). Running: ``run_mode`` (the clock page),
``run_speech`` (what the clock says in words), ``capture_panel`` (outcomes,
decisions and actions) and ``audience`` (the projector's window). Shared:
``keyboard`` (Enter on buttons, lists Tab passes, the Tab order, labels tied to
their fields), ``files`` (export and import) and ``steps``. What a section does by its type comes from the section-type
library (``domain.section_types``), never from the type's id.
"""

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
