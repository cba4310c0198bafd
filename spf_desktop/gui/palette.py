"""The app's colours, in one place.

Stylesheets (ui/*.qss) name colours by these hex values, and painted widgets
(charts, the timeline, the meeting clock) take them from here. Nothing else in
``gui/`` writes a colour: tests/test_accessibility.py fails on a colour literal
anywhere else, and checks every text/background pair used for WCAG AA contrast.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

# NHS identity colours, chosen for contrast on white.
INK = "#1d1d1b"            # body text
WHITE = "#ffffff"
NHS_BLUE = "#003087"       # headings, bars, the navigation
BRIGHT_BLUE = "#005eb8"    # focus ring, the timeline's sections
GREY = "#425563"           # secondary text, the previous round
MID_GREY = "#5f6a72"       # disabled text and borders
PALE_GREY = "#e8edee"      # status bar, disabled fills
LINE_GREY = "#d8dde0"      # grid lines
WARM_RED = "#8a1538"       # errors and warnings in text, the benchmark line
RED = "#b41f14"            # the clock past its time
EMERGENCY_RED = "#da291c"  # the timeline past the planned end
GREEN = "#007f3b"          # primary action, parallel sections
AMBER = "#ffb81c"          # the clock's last 20%, the idle warning, notices' border
PALE_AMBER = "#fff3cd"     # the read-only notice
PALE_YELLOW = "#fff4d6"    # a warned row in the agenda plan
ORANGE = "#ed8b00"         # staff side in charts
PLUM = "#7c2855"           # management side in charts
FOCUS_YELLOW = "#ffeb3b"   # participant mode's focus fill (with an ink border)

#: Run-mode clock states: (text, background).
CLOCK = {
    "normal": (NHS_BLUE, WHITE),
    "amber": (INK, AMBER),
    "red": (WHITE, RED),
    "over": (WHITE, RED),
}


def qcolor(hex_value: str) -> QColor:
    return QColor(hex_value)
