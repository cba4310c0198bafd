"""Test helpers every kind of test shares: one fake clock, one way to run the CLI and
one way to kill a child process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner, Result


class FakeClock:
    """A monotonic clock and a wall clock that the test moves by hand: no sleeping.

    Pass the object itself (or ``mono``) where a monotonic clock is wanted and
    ``wall`` where the time of day is. ``advance`` moves both, as on a laptop that
    is awake; ``asleep`` moves only the wall clock, as while the lid is shut;
    ``restart`` starts the monotonic clock again, as after a reboot.
    """

    def __init__(self, start: float = 1000.0,
                 wall: datetime = datetime(2018, 9, 20, 12, 0, tzinfo=UTC)) -> None:
        self.now = start          # monotonic seconds
        self.wall_time = wall

    def __call__(self) -> float:
        return self.now

    def mono(self) -> float:
        return self.now

    def wall(self) -> datetime:
        return self.wall_time

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.wall_time += timedelta(seconds=seconds)

    def advance_minutes(self, minutes: float) -> None:
        """The meeting clock's tests think in minutes."""
        self.advance(minutes * 60)

    def asleep(self, seconds: float) -> None:
        self.wall_time += timedelta(seconds=seconds)

    def restart(self, mono: float = 3.0) -> None:
        self.now = mono


def run_cli(*args: str | os.PathLike[str], input: str | None = None, catch_exceptions: bool = False) -> Result:
    """Run ``spf-desktop ARGS...`` in-process and return click's result (paths may be given as is).

    Exceptions other than click's own propagate by default, so a traceback fails
    the test instead of hiding in ``result.output``.
    """
    from spf_desktop.cli import main

    return CliRunner().invoke(main, [os.fspath(a) for a in args], input=input,
                              catch_exceptions=catch_exceptions)


# The exit code of a child ended by kill_now: SIGKILL on Linux; on Windows
# Popen.kill is TerminateProcess with exit code 1.
KILLED = 1 if sys.platform == "win32" else -signal.SIGKILL  # type: ignore[attr-defined,unused-ignore]


def kill_now(child: subprocess.Popen) -> int:
    """End a child at once, with no clean-up of any kind, as a power cut or the
    task manager would; returns its exit code (``KILLED``)."""
    child.kill()
    return child.wait(timeout=60)


def under_wine() -> bool:
    """True when the tests run as a Windows program under Wine (CI's Windows run)."""
    if sys.platform != "win32":
        return False
    import ctypes

    try:
        return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
    except OSError:
        return False
