"""The audit: the facilitator's view, participant mode and the results screens."""

from __future__ import annotations

from typing import Any

__all__ = ["AuditView"]


def __getattr__(name: str) -> Any:
    # The view is imported on first use, so importing a helper module of this
    # package (the File menu's actions, say) does not build the whole view.
    if name == "AuditView":
        from spf_desktop.gui.audit.view import AuditView

        return AuditView
    raise AttributeError(name)
