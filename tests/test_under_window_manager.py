"""Participant mode under a real X server and window manager, as a user meets it:
the window manager minimises it, or another application takes the focus, and it
takes itself back, full screen and active, on the page the participant was on.

These run only where a window manager is up (``.ci/wm-tests`` starts Xvfb and
openbox and sets SPF_WM_TESTS=1); the offscreen tests cover the same rules
without one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from spf_desktop.gui.audit.kiosk import KioskWindow
from spf_desktop.store import Archive, audit, repo
from spf_desktop.store.shipped import shipped_set_id

pytestmark = pytest.mark.skipif(
    os.environ.get("SPF_WM_TESTS") != "1" or QApplication.platformName() not in ("", "xcb")
    or not shutil.which("xdotool") or not shutil.which("wmctrl"),
    reason="needs an X server with a window manager (run .ci/wm-tests)")

PIN = "4821"
OTHER_APP = """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("Another application")
label.setWindowTitle("Another application")
label.resize(400, 200)
label.show()
app.exec()
"""


def x_window_id(window: KioskWindow) -> str:
    return str(int(window.winId()))


def active_x_window() -> str:
    result = subprocess.run(["xdotool", "getactivewindow"], capture_output=True, text=True)
    return result.stdout.strip()


@pytest.fixture
def kiosk(qtbot, tmp_path: Path) -> Iterator[KioskWindow]:
    from spf_desktop.gui.audit.kiosk import KioskWindow

    archive = Archive.open(tmp_path / "new.db", create=True)
    forum = repo.create_forum(archive.db, "Riverside SPF")
    rid = audit.create_audit_round(archive.db, forum, shipped_set_id(), "Spring audit",
                                   "2026-03-01")
    audit.open_round(archive.db, rid)
    audit.set_pin(archive.db, PIN)
    window = KioskWindow(archive.db, rid)
    qtbot.addWidget(window)
    window.show_kiosk()
    qtbot.waitUntil(lambda: back(window), timeout=5000)
    yield window
    window.unlock()
    archive.close()


def back(window: KioskWindow) -> bool:
    return (window.isFullScreen() and not window.isMinimized() and window.isActiveWindow()
            and active_x_window() == x_window_id(window))


def test_minimised_by_the_window_manager_it_comes_back_on_the_same_page(qtbot, kiosk) -> None:
    qtbot.mouseClick(kiosk.start_button, Qt.MouseButton.LeftButton)
    page = kiosk.pages.currentWidget()
    assert page is kiosk.question_page
    subprocess.run(["xdotool", "windowminimize", x_window_id(kiosk)], check=True)
    qtbot.waitUntil(lambda: kiosk.isMinimized() or back(kiosk), timeout=3000)
    qtbot.waitUntil(lambda: back(kiosk), timeout=3000)
    assert kiosk.pages.currentWidget() is page


def test_another_application_taking_the_focus_gives_it_back(qtbot, kiosk) -> None:
    other = subprocess.Popen([sys.executable, "-c", OTHER_APP])
    try:
        def other_listed() -> bool:
            listing = subprocess.run(["wmctrl", "-l"], capture_output=True, text=True).stdout
            return "Another application" in listing

        qtbot.waitUntil(other_listed, timeout=10_000)
        subprocess.run(["wmctrl", "-a", "Another application"], check=True)
        qtbot.waitUntil(lambda: back(kiosk), timeout=3000)
    finally:
        other.kill()
        other.wait()


def test_with_the_idle_warning_every_button_is_on_the_real_screen(qtbot, kiosk) -> None:
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QAbstractButton

    qtbot.mouseClick(kiosk.start_button, Qt.MouseButton.LeftButton)
    longest = max(range(len(kiosk.session.questions)),
                  key=lambda n: len(kiosk.session.questions[n].text))
    for _ in range(longest):
        kiosk._choose(7)
        kiosk._next()
    kiosk.session.last_input -= kiosk.session.idle_warn + 1  # idle long enough to be warned
    kiosk.tick()
    qtbot.waitUntil(lambda: kiosk.warning.isVisible() and back(kiosk), timeout=3000)
    room = kiosk.screen().availableGeometry()
    off = [b.accessibleName() for b in kiosk.findChildren(QAbstractButton) if b.isVisible()
           and not room.contains(QRect(b.mapToGlobal(QPoint(0, 0)), b.size()))]
    assert not off, f"off the {room.width()}x{room.height()} screen: {off}"
