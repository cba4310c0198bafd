"""The states a record can be in, one enum each. ``StrEnum``: a member equals its
text, so the archive's columns, saved clocks and files keep the same strings."""

from __future__ import annotations

from enum import StrEnum


class RoundStatus(StrEnum):
    """An audit round: prepared, taking responses, or finished."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class RunStatus(StrEnum):
    """The meeting clock: not started, running, paused, or over."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class ActionStatus(StrEnum):
    """An action agreed in a meeting: still to do, or done."""

    OPEN = "open"
    DONE = "done"
