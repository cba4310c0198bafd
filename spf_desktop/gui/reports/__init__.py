"""The reports a chair prints: chosen from the report registry, made off the UI thread."""

from __future__ import annotations

from typing import Any

__all__ = ["ReportsView"]


def __getattr__(name: str) -> Any:
    # The view is imported on first use, so importing a helper module of this
    # package (the File menu's actions, say) does not build the whole view.
    if name == "ReportsView":
        from spf_desktop.gui.reports.view import ReportsView

        return ReportsView
    raise AttributeError(name)
