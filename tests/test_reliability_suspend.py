"""A laptop suspended (lid shut) while the meeting clock runs.

While a laptop sleeps its monotonic clock stands still but the time of day
moves on; the meeting in the room moves on too. The clocks here are injected:
the test moves the time of day without the monotonic clock, as a sleep does.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from gui_helpers import by_name
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton

from spf_desktop.gui.app import settings_for
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive
from spf_desktop.store import agenda as store


class LaptopClocks:
    """A monotonic clock and a time of day, moved together (awake) or apart (asleep)."""

    def __init__(self, start: datetime) -> None:
        self.mono_s = 5000.0
        self.now = start

    def mono(self) -> float:
        return self.mono_s

    def wall(self) -> datetime:
        return self.now

    def awake(self, minutes: float) -> None:
        self.mono_s += minutes * 60
        self.now += timedelta(minutes=minutes)

    def asleep(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


def seconds(text: str) -> int:
    """'12:34' -> 754; '+1:05' (over time) -> -65."""
    over = text.startswith("+")
    parts = [int(p) for p in text.lstrip("+").split(":")]
    value = 0
    for part in parts:
        value = value * 60 + part
    return -value if over else value


def run_page_after(qtbot, window: MainWindow, clocks: LaptopClocks):
    nav = window.ui.navigation
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=nav.visualItemRect(nav.item(2)).center())
    view = window.views["Agenda"]
    view.set_clocks(clocks.mono, clocks.wall)
    by_name(view, "Meetings", QListWidget).setCurrentRow(0)
    qtbot.mouseClick(by_name(view, "Run meeting", QPushButton), Qt.MouseButton.LeftButton)
    return view


def tick(view) -> None:
    """What the run page's one-second timer does."""
    view.run_page.timer.timeout.emit()


def test_after_the_lid_is_shut_the_clock_shows_the_time_that_really_passed(
        qtbot, demo_path: Path, home: Path) -> None:
    clocks = LaptopClocks(datetime(2019, 1, 24, 12, 0, tzinfo=UTC))
    window = MainWindow(Archive.open(demo_path), settings_for(home))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    with qtbot.waitExposed(window):
        window.show()
    view = run_page_after(qtbot, window, clocks)
    qtbot.mouseClick(by_name(view, "Start the meeting", QPushButton), Qt.MouseButton.LeftButton)
    left = by_name(view, "Time left", QLabel)
    at_start = seconds(left.text())
    assert at_start > 10 * 60  # the first section is long enough to see the sleep
    clocks.awake(2)
    tick(view)
    assert seconds(left.text()) == at_start - 2 * 60
    clocks.asleep(6)  # the lid is shut for six minutes; the meeting goes on
    clocks.awake(0.5)
    tick(view)
    assert seconds(left.text()) == at_start - int(8.5 * 60)
    window.close()
    # the app closed (or crashed) and reopened: the saved clock agrees
    again = MainWindow(Archive.open(demo_path), settings_for(home))
    qtbot.addWidget(again)
    again.resize(1400, 900)
    with qtbot.waitExposed(again):
        again.show()
    view = run_page_after(qtbot, again, clocks)
    assert seconds(by_name(view, "Time left", QLabel).text()) == at_start - int(8.5 * 60)
    with Archive.open(demo_path, read_only=True) as arch:
        meeting_id = store.list_meetings(arch.db, None)[0]["id"]
        state = store.load_run_state(arch.db, meeting_id)
    assert state is not None and state.status == "running"
    again.close()


def test_a_short_gap_between_the_clocks_is_not_taken_for_a_sleep(qtbot, demo_path: Path,
                                                                  home: Path) -> None:
    """The time of day nudged by a few seconds (a clock sync) moves nothing."""
    clocks = LaptopClocks(datetime(2019, 1, 24, 12, 0, tzinfo=UTC))
    window = MainWindow(Archive.open(demo_path), settings_for(home))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    with qtbot.waitExposed(window):
        window.show()
    view = run_page_after(qtbot, window, clocks)
    qtbot.mouseClick(by_name(view, "Start the meeting", QPushButton), Qt.MouseButton.LeftButton)
    left = by_name(view, "Time left", QLabel)
    at_start = seconds(left.text())
    clocks.awake(1)
    clocks.asleep(0.5)  # 30 s of correction, under the 90 s a sleep must exceed
    tick(view)
    assert seconds(left.text()) == at_start - 60
    window.close()
