"""The archive: forum tree and timeline, search, open actions, and the dialogs
for import, export, merge, backups and retention.

- ``view``: the Archive view (tree, timeline, open actions, search, details);
  it reads through ``store.archive_queries`` and ``store.archive_records``, never SQL.
- ``details``: a forum, round or meeting in words for the Details page; a round's
  average from the same results code as the results screen and the PDFs.
- ``models``: the read-only table model, the tree filling and the trend chart.
- ``import_dialog``, ``export_dialog``, ``backups_dialog``, ``purge_dialog``: one
  dialog each; ``common``: what they share (tables, file rows, messages, sizing).
  The import window's mapping step (columns, scales, comments, sides, word codings)
  is ``import_mapping``; its worker jobs (reading with Cancel, importing) ``import_jobs``.
- ``menu_actions``: the File menu's archive actions, restore and back-up.

Slow work (import, merge, export, purge, restore, back-up) runs through the shared
``gui.operations.Operations``; controls that write are marked with
``gui.widgets.writes``/``writes_action``, never recognised by their label.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ArchiveView"]


def __getattr__(name: str) -> Any:
    # The view is imported on first use, so importing a helper module of this
    # package (the File menu's actions, say) does not build the whole view.
    if name == "ArchiveView":
        from spf_desktop.gui.archive.view import ArchiveView

        return ArchiveView
    raise AttributeError(name)
