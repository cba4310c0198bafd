"""SPF Desktop: the offline tool for NHS Social Partnership Forums."""

from __future__ import annotations

import time as _time

#: Taken before anything else is imported, so ``--self-test`` can report the
#: time from the top of the program to the first shown window.
STARTED_AT = _time.perf_counter()

__version__ = "0.1.0"
APP_NAME = "SPF Desktop"
