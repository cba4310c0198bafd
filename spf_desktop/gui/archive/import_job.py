"""Importing a responses file off the UI thread, so the window stays responsive.

The window's archive keeps its lock and its connection; the job writes through a
second SQLite connection of its own to the same file, opened in the worker
thread with the same settings as ``Archive.open``. The archive is in WAL mode,
so the window can go on reading while the job writes; the window writes
nothing meanwhile (the dialog and the write actions are switched off). The
import is still one transaction: everything goes in or nothing does.
"""

from __future__ import annotations

import sqlite3
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal
from sqlite_utils import Database

from spf_desktop.domain.errors import UserError


class ImportSignals(QObject):
    progress = Signal(int, int)    # responses stored so far, of how many
    finished = Signal(object)      # the ImportSummary
    failed = Signal(str, bool)     # message, is it a bug (True) or the user's problem (False)


def writer_connection(path: Path) -> Database:
    """A second writing connection to an archive this process already has open."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    db = Database(conn, execute_plugins=False)
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 5000")
    return db


class ImportJob(QRunnable):
    """Run ``work(db, progress)`` with a connection of its own; report by signals."""

    def __init__(self, archive_path: Path,
                 work: Callable[[Database, Callable[[int, int], None]], object]) -> None:
        super().__init__()
        self.archive_path = archive_path
        self.work = work
        self.signals = ImportSignals()
        self.setAutoDelete(False)  # the dialog keeps it until its signals are delivered

    def run(self) -> None:
        from spf_desktop.gui.errors import plain_message

        db: Database | None = None
        try:
            db = writer_connection(self.archive_path)
            summary = self.work(db, self.signals.progress.emit)
        except Exception as exc:  # noqa: BLE001 - every failure is reported, never a crash
            message = plain_message(exc)
            if message is not None:
                self.signals.failed.emit(message, False)
            else:
                self.signals.failed.emit(traceback.format_exc(), True)
        else:
            self.signals.finished.emit(summary)
        finally:
            if db is not None:
                db.close()


def import_work(options: Mapping[str, object]) -> Callable[[Database, Callable[[int, int], None]], object]:
    """The import the dialog asked for, as a function of the job's connection.

    ``options`` holds what the dialog read from its controls (plain values only:
    the worker never touches a widget).
    """
    def work(db: Database, progress: Callable[[int, int], None]) -> object:
        from spf_desktop.io import responses_import as ri

        common = dict(mapping=options["mapping"], side_column=options["side_column"],
                      sheet_name=options["sheet_name"],
                      comment_mapping=options["comment_mapping"], progress=progress)
        if options["round_id"] is not None:
            return ri.import_responses(db, options["path"], options["round_id"], **common)
        if options["forum_id"] is None:
            raise UserError("This archive has no forum yet.")
        return ri.import_new_round(db, options["path"], options["forum_id"],
                                   options["label"], options["date"], **common)

    return work
