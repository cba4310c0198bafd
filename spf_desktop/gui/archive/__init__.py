"""The archive: forum tree and timeline, search, open actions, and the dialogs
for import, export, merge, backups and retention."""

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
