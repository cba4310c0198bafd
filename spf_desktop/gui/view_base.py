"""The contract every view of the main window follows (Archive, Audit, Agenda, Reports).

A view is given the shared ``Operations`` when it is made, and then:

* ``set_archive(archive)``: show this archive (or none);
* ``show_changes(kinds)``: committed writes changed these kinds of record: reload
  what shows them, keeping the user's place (selection, scroll, typed text);
* ``set_writable(writable)``: the archive is read-only, or a background operation
  is writing: switch every control that writes off (``gui.widgets.set_writable``),
  or let the view's own rules switch them back on.

``shows`` names the kinds a view shows; ``show_changes`` ignores the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from spf_desktop.gui import widgets

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from spf_desktop.gui.operations import Operations
    from spf_desktop.store import Archive
    from spf_desktop.store.connection import Change, Changes


class ArchiveView(Protocol):
    ops: Operations
    shows: frozenset[Change]

    def set_archive(self, archive: Archive | None) -> None: ...

    def show_changes(self, kinds: Changes) -> None: ...

    def set_writable(self, writable: bool) -> None: ...


class ViewMixin:
    """Default ``show_changes`` and ``set_writable`` for a QWidget view.

    A view sets ``shows`` and implements ``reload_for(kinds)`` (reload what shows
    those kinds) and ``update_enabled()`` (its own rules for which controls are on).
    """

    shows: frozenset[Change] = frozenset()

    def show_changes(self, kinds: Changes) -> None:
        relevant = frozenset(kinds) & self.shows
        if relevant:
            self.reload_for(relevant)

    def reload_for(self, kinds: Changes) -> None:  # pragma: no cover - each view's own
        raise NotImplementedError

    def update_enabled(self) -> None:
        """Switch controls on or off by the view's own rules; writing controls stay
        off while the archive is not writable (their guard sees to that)."""

    def set_writable(self, writable: bool) -> None:
        widget: QWidget = self  # type: ignore[assignment]
        widgets.set_writable(widget, writable)
        if writable:
            self.update_enabled()
