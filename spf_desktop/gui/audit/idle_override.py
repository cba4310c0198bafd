"""A shorter idle timeout for the accessibility-tree check, and for nothing else.

Participant mode warns after 90 seconds without input and clears the answers 30
seconds later. The check in ``tests/atspi`` (run by ``.ci/atspi-tests``) drives
the real app through AT-SPI and must hear the idle warning without waiting a
minute and a half, so it sets::

    SPF_DESKTOP_CHECK_IDLE_WARN=8   # seconds without input before the warning

The variable can only shorten the wait (1 second up to the normal 90); the time
from the warning to the clearing is never shortened. A built app (the folder or
the MSI) ignores it, so it cannot change how the laptop behaves in a room.
"""

from __future__ import annotations

import os
import sys

IDLE_WARN_ENV = "SPF_DESKTOP_CHECK_IDLE_WARN"


def idle_warn_seconds(default: float) -> float:
    """``default``, or the check's shorter wait when the variable asks for one."""
    raw = os.environ.get(IDLE_WARN_ENV, "").strip()
    if not raw or getattr(sys, "frozen", False):
        return default
    try:
        value = float(raw)
    except ValueError:
        return default
    return min(default, max(1.0, value)) if value == value else default  # NaN: default
