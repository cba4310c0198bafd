"""Help > User guide (F1): the offline user guide, inside the app.

The guide is HTML shipped in ``resources/guide/`` (found through
``spf_desktop.paths.resource``), one page per job: facilitator, chair, HR lead.
``contents`` reads its headings (no Qt); ``window`` shows it in a QTextBrowser,
which follows links between pages and to headings and never opens a browser.
This module is light: the window is built only when the guide is first opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QGuiApplication, QKeySequence

if TYPE_CHECKING:
    from spf_desktop.gui.help.window import GuideWindow
    from spf_desktop.gui.main_window import MainWindow

__all__ = ["install", "open_guide"]


def install(window: MainWindow) -> QAction:
    """Put Help > User guide (F1) above Help > About; F1 works wherever the focus is."""
    action = QAction("&User guide", window)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))  # F1
    action.setToolTip("The guide to each job, offline, inside the app")
    action.triggered.connect(lambda: open_guide(window))
    window.ui.menuHelp.insertAction(window.ui.actionAbout, action)
    window.ui.menuHelp.insertSeparator(window.ui.actionAbout)
    window.addAction(action)
    return action


def open_guide(window: MainWindow, page: str = "") -> GuideWindow:
    """Show the guide (one window, brought to the front if it is already open)."""
    from spf_desktop.gui.help.window import GuideWindow

    guide = getattr(window, "guide_window", None)
    if guide is None:
        guide = GuideWindow(window)
        window.guide_window = guide  # type: ignore[attr-defined]
    if page:
        guide.go_to(page)
    guide.show()
    if QGuiApplication.platformName() != "offscreen":  # no window stacking there
        guide.raise_()
    guide.activateWindow()
    return guide
