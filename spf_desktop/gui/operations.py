"""How the views hear about changes, and the one way to do slow work off the UI thread.

``Operations`` is made by the main window (or by a view used on its own) and
passed to every view. It has three parts:

* ``changed``: a signal carrying the kinds of record (``store.connection.Change``)
  that a committed write changed, whoever made it: a view, a dialog, a worker
  thread, an import, a merge, a purge or a restore. The archive's connection
  reports its own commits; a background operation reports its connection's.
  Announcements are queued to the event loop and coalesced, so a view never
  reloads in the middle of the handler that wrote, and one import is one refresh.
* ``busy``: a counter. While a background operation writes, ``busy_changed``
  tells the window to switch every writing control off and show progress.
* ``run()``: runs ``work(db, progress)`` in a worker thread, on a connection of its
  own made by the same function that opens the archive, and reports progress,
  success and failure by callbacks on the UI thread. Failures are sorted as the
  error dialog sorts them (``gui.errors.plain_message``): the user's problems
  become a plain message, bugs keep their traceback.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

if TYPE_CHECKING:
    from spf_desktop.store import Archive
    from spf_desktop.store.connection import ArchiveDatabase, Change, Changes

Progress = Callable[..., None]
Work = Callable[["ArchiveDatabase", Progress], Any]


@dataclass(frozen=True)
class Failure:
    """What went wrong in a background operation."""

    message: str          # plain words for the user, or the traceback of a bug
    is_bug: bool
    exception: BaseException | None = field(default=None, compare=False)


class _JobSignals(QObject):
    progressed = Signal(tuple)        # the arguments the work passed to progress()
    succeeded = Signal(object, object)  # result, frozenset of Change
    failed = Signal(object, object)   # Failure, frozenset of Change (committed before failing)


class _Job(QRunnable):
    def __init__(self, archive: Archive | None, work: Work, read_only: bool) -> None:
        super().__init__()
        self.archive = archive
        self.work = work
        self.read_only = read_only
        self.signals = _JobSignals()
        self.setAutoDelete(False)  # Operations keeps it until its signals are delivered

    def run(self) -> None:
        committed: set[Change] = set()
        db = None
        try:
            if self.archive is None:
                pass  # file work with the archive closed (a restore): no connection
            elif self.read_only and not self.archive.read_only:
                from spf_desktop.store.connection import connect

                from_archive = self.archive
                db = connect(from_archive.path, read_only=True,
                             uri=from_archive.path.absolute().as_uri() + "?mode=ro")
            else:  # a read-only archive's own way (immutable in a read-only folder)
                db = self.archive.worker_database()
            if db is not None:
                db.change_listeners.append(committed.update)
            result = self.work(db, lambda *args: self.signals.progressed.emit(args))  # type: ignore[arg-type]
            if db is not None:
                db.announce_changes()  # a write made outside atomic()
        except Exception as exc:
            from spf_desktop.gui.errors import plain_message  # here, not at start-up

            message = plain_message(exc)
            failure = (Failure(message, False, exc) if message is not None
                       else Failure(traceback.format_exc(), True, exc))
            self.signals.failed.emit(failure, frozenset(committed))
        else:
            self.signals.succeeded.emit(result, frozenset(committed))
        finally:
            if db is not None:
                db.close()


class Operations(QObject):
    """The views' link to the archive's changes and to background work."""

    changed = Signal(object)       # frozenset[Change]
    busy_changed = Signal(bool)
    progress = Signal(str, object)  # what is running, fraction done (None: unknown)

    def __init__(self, parent: QObject | None = None, *,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.archive: Archive | None = None
        self._pool = pool  # made on first use: start-up needs no thread pool
        self._pending: set[Change] = set()
        self._flush_queued = False
        self._busy = 0
        self._jobs: list[_Job] = []

    # -- changes --------------------------------------------------------------

    def set_archive(self, archive: Archive | None) -> None:
        """Listen to this archive's commits (and stop listening to the last one's)."""
        if archive is self.archive:
            return
        if self.archive is not None:
            listeners = self.archive.db.change_listeners
            if self.announce in listeners:
                listeners.remove(self.announce)
        self.archive = archive
        self._pending.clear()
        if archive is not None:
            archive.db.change_listeners.append(self.announce)

    def announce(self, kinds: Changes) -> None:
        """Note committed changes; the views hear of them once the event loop turns."""
        if not kinds:
            return
        self._pending.update(kinds)
        if not self._flush_queued:
            self._flush_queued = True
            QTimer.singleShot(0, self.flush)

    def flush(self) -> None:
        """Tell the views now (the event loop does this by itself)."""
        self._flush_queued = False
        if self._pending:
            kinds = frozenset(self._pending)
            self._pending.clear()
            self.changed.emit(kinds)

    # -- background work ------------------------------------------------------

    @property
    def pool(self) -> QThreadPool:
        if self._pool is None:
            self._pool = QThreadPool(self)
        return self._pool

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def run(self, label: str, work: Work, *,
            on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[Failure], None] | None = None,
            on_progress: Callable[..., None] | None = None,
            writes: bool = True, database: bool = True) -> None:
        """Run ``work(db, progress)`` in a worker thread with its own connection.

        While a writing operation runs, ``busy`` is true and the window keeps other
        writes off. The callbacks run on the UI thread; the changes the work
        committed are announced before ``on_success`` (or ``on_failure``) runs.

        With ``database=False`` the work gets no connection (``db`` is None) and may
        run while no archive is open: file work such as a restore.
        """
        if database and self.archive is None:
            raise RuntimeError("No archive is open.")
        job = _Job(self.archive if database else None, work, read_only=not writes)
        self._jobs.append(job)
        if writes:
            self._set_busy(+1)

        def progressed(args: tuple) -> None:
            fraction = args[0] / args[1] if len(args) >= 2 and isinstance(args[0], int | float) \
                and isinstance(args[1], int | float) and args[1] else None
            self.progress.emit(label, fraction)
            if on_progress is not None:
                on_progress(*args)

        def finish(kinds: Changes) -> None:
            self._jobs.remove(job)
            if writes:
                self._set_busy(-1)
            self.announce(kinds)
            self.flush()

        def succeeded(result: object, kinds: Changes) -> None:
            finish(kinds)
            if on_success is not None:
                on_success(result)

        def failed(failure: Failure, kinds: Changes) -> None:
            finish(kinds)
            if on_failure is not None:
                on_failure(failure)
            elif failure.is_bug and failure.exception is not None:
                raise failure.exception

        job.signals.progressed.connect(progressed)
        job.signals.succeeded.connect(succeeded)
        job.signals.failed.connect(failed)
        self.pool.start(job)

    def _set_busy(self, step: int) -> None:
        was = self.busy
        self._busy += step
        if self.busy != was:
            self.busy_changed.emit(self.busy)

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        """Block until every worker has finished (closing the app, and tests)."""
        return self._pool is None or self._pool.waitForDone(msecs)
