"""Participant mode comes back after a kill or a crash.

Participant mode notes its round in the archive when it starts, and only the
facilitator's PIN clears the note (``store.audit``). So when an archive opens with
the note still there, the app was stopped in participant mode: the main window
goes straight back to participant mode for that round, on the welcome page, and
leaving it still needs the PIN. A round that is no longer open (closed from the
command line, say) has nothing to resume: the note is cleared and the app opens
as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spf_desktop.store import audit, repo

if TYPE_CHECKING:
    from spf_desktop.gui.audit.kiosk import KioskWindow
    from spf_desktop.gui.main_window import MainWindow


def round_to_resume(window: MainWindow) -> str | None:
    """The round participant mode was left running in, if it can run again."""
    archive = window.archive
    if archive is None or archive.read_only:
        return None  # a read-only archive stores no answers: it is only read
    round_id = audit.participant_mode_round(archive.db)
    if round_id is None:
        return None
    rnd = repo.get(archive.db, "rounds", round_id)
    if rnd is None or rnd["status"] != "open":
        audit.end_participant_mode(archive.db)
        return None
    return round_id


def resume_participant_mode(window: MainWindow) -> KioskWindow | None:
    """Back to participant mode for the noted round; None when there is none."""
    round_id = round_to_resume(window)
    if round_id is None or window.archive is None:
        return None
    repo.require(window.archive.db, "rounds", round_id)
    window.show_view("Audit")
    view = window.views["Audit"]
    kiosk: KioskWindow | None = view.start_participant_mode_for(round_id)  # type: ignore[attr-defined]
    return kiosk
