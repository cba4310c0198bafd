"""Help > User guide: the offline guide, opened from the real main window as a person opens
it (the Help menu, or F1), read by keyboard, and closed with Escape."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QTreeWidget, QTreeWidgetItem
from test_accessibility import unnamed_controls

from spf_desktop.gui.app import make_application, settings_for
from spf_desktop.gui.help.contents import PAGES, broken_links, guide_folder, pages
from spf_desktop.gui.help.window import STYLE, GuideWindow
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive

ROLE_HEADINGS = {"facilitator.html": "Facilitator", "chair.html": "Chair",
                 "hr-lead.html": "HR lead"}


@pytest.fixture
def window(qtbot, archive_path: Path, home: Path) -> MainWindow:  # noqa: ANN001
    """The main window on a new, empty archive: the guide must serve the first day."""
    make_application()
    win = MainWindow(Archive.open(archive_path, create=True), settings_for(home))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def help_action(win: MainWindow, text: str) -> QAction:
    found = [a for a in win.ui.menuHelp.actions() if a.text().replace("&", "") == text]
    assert len(found) == 1, [a.text() for a in win.ui.menuHelp.actions()]
    return found[0]


def shown_guide(qtbot, win: MainWindow) -> GuideWindow:  # noqa: ANN001
    guides = [d for d in win.findChildren(QDialog)
              if d.accessibleName() == "User guide" and d.isVisible()]
    assert len(guides) == 1
    qtbot.waitExposed(guides[0])
    return guides[0]  # type: ignore[return-value]


def contents_item(guide: GuideWindow, text: str) -> QTreeWidgetItem:
    tree = next(t for t in guide.findChildren(QTreeWidget) if t.accessibleName() == "Guide contents")
    found = tree.findItems(text, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert found, text
    return found[0]


def click_item(qtbot, guide: GuideWindow, text: str) -> None:  # noqa: ANN001
    item = contents_item(guide, text)
    tree = item.treeWidget()
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     pos=tree.visualItemRect(item).center())


def test_the_guide_opens_from_the_help_menu_and_shows_each_jobs_page(qtbot, window) -> None:  # noqa: ANN001
    action = help_action(window, "User guide")
    assert action.shortcut().toString() == "F1"
    menu = window.ui.menuHelp.actions()
    assert menu.index(action) < menu.index(help_action(window, "About SPF Desktop"))
    action.trigger()
    guide = shown_guide(qtbot, window)
    assert guide.windowTitle() == "User guide: SPF Desktop user guide"
    assert "Find your job" in guide.page_text()
    assert unnamed_controls(guide, "User guide") == []
    for page, heading in ROLE_HEADINGS.items():
        click_item(qtbot, guide, heading)
        qtbot.waitUntil(lambda p=page: guide.current_page() == p)
        assert guide.page_text().splitlines()[0] == heading
        assert guide.windowTitle() == f"User guide: {heading}"
    # a section of a page, from the contents list
    click_item(qtbot, guide, "Set the facilitator PIN")
    qtbot.waitUntil(lambda: guide.current_page() == "facilitator.html#pin")
    assert guide.browser.verticalScrollBar().value() > 0
    # the menu again brings the same window forward, not a second one
    action.trigger()
    assert shown_guide(qtbot, window) is guide


def test_f1_opens_it_and_escape_closes_it(qtbot, window) -> None:  # noqa: ANN001
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_F1)
    guide = shown_guide(qtbot, window)
    assert guide.focusWidget() is guide.contents  # where a keyboard user starts
    qtbot.keyClick(guide.find_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not guide.isVisible())


def test_links_are_followed_by_keyboard_and_back_returns(qtbot, window) -> None:  # noqa: ANN001
    help_action(window, "User guide").trigger()
    guide = shown_guide(qtbot, window)
    browser = guide.browser
    browser.setFocus()
    for _ in range(40):  # Tab from link to link, as a keyboard user reads the page
        if browser.textCursor().charFormat().anchorHref() == "facilitator.html#pin":
            break
        qtbot.keyClick(browser, Qt.Key.Key_Tab)
    else:
        raise AssertionError("Tab never reached the link to the PIN")
    qtbot.keyClick(browser, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: guide.current_page() == "facilitator.html#pin")
    assert "Set the facilitator PIN" in guide.page_text()
    assert browser.verticalScrollBar().value() > 0  # scrolled to the heading
    assert contents_item(guide, "Set the facilitator PIN").isSelected()
    assert guide.back_button.isEnabled()
    qtbot.mouseClick(guide.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: guide.current_page() == "index.html")
    # a link within the same page
    guide.go_to("chair.html")
    guide._follow(QUrl("#quickstart"))
    assert guide.current_page() == "chair.html#quickstart"


def test_find_finds_the_next_match_and_says_when_there_is_none(qtbot) -> None:  # noqa: ANN001
    guide = GuideWindow()
    qtbot.addWidget(guide)
    guide.show()
    qtbot.waitExposed(guide)
    guide.go_to("facilitator.html")
    qtbot.keyClicks(guide.find_edit, "participant mode")
    qtbot.keyClick(guide.find_edit, Qt.Key.Key_Return)
    first = guide.browser.textCursor().position()
    assert guide.browser.textCursor().selectedText() == "participant mode"
    qtbot.keyClick(guide.find_edit, Qt.Key.Key_Return)
    assert guide.browser.textCursor().position() > first
    # Enter found; it pressed no button (Back, Close)
    assert guide.isVisible() and guide.current_page() == "facilitator.html"
    guide.find_edit.setText("zebra crossing")
    assert guide.find_next() is False
    assert guide.message.text() == "\u201czebra crossing\u201d is not on this page."


def test_a_link_out_of_the_guide_is_refused(qtbot) -> None:  # noqa: ANN001
    guide = GuideWindow()
    qtbot.addWidget(guide)
    guide.go_to("chair.html")
    for url in ("https://www.nhsemployers.org/", "mailto:someone@nhs.net", "../README.md",
                "missing.html"):
        guide._follow(QUrl(url))
        assert guide.current_page() == "chair.html", url
        assert "The guide works offline" in guide.message.text()


# -- the guide's files ------------------------------------------------------------------

def test_the_guide_files_link_only_to_themselves() -> None:
    folder = guide_folder()
    assert sorted(p.name for p in folder.glob("*.html")) == sorted(PAGES)
    assert broken_links() == []
    external = re.compile(r"\b(https?|ftp|mailto|file|javascript):|www\.|src=", re.I)
    found = [f"{path.name}:{n}: {line.strip()}"
             for path in sorted(folder.iterdir())
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if external.search(line)]
    assert found == []


def test_every_job_has_its_page_and_the_key_steps() -> None:
    by_file = {p.file: p for p in pages()}
    assert {f: by_file[f].title for f in ROLE_HEADINGS} == ROLE_HEADINGS
    sections = {f: {h.anchor for h in p.headings} for f, p in by_file.items()}
    assert {"forum", "forum-settings", "new-round", "pin", "in-the-room", "screening", "close",
            "present", "agenda", "clock"} <= sections["facilitator.html"]
    assert {"making", "which", "audit-report", "trend", "quickstart"} <= sections["chair.html"]
    assert {"search", "backups", "restore", "import", "merge", "retention"} <= sections["hr-lead.html"]
    headings = [h for p in by_file.values() for h in p.headings if h.level > 1]
    assert all(h.anchor for h in headings), "every section can be linked to"


def test_the_guide_text_follows_the_system_font_size(qtbot) -> None:  # noqa: ANN001
    fixed = re.compile(r"font(-size)?\s*:|<font\b|size=", re.I)
    for path in guide_folder().iterdir():
        assert not fixed.search(path.read_text(encoding="utf-8")), path.name
    assert not fixed.search(STYLE)
    app = make_application()
    normal = app.font()
    try:
        larger = app.font()
        larger.setPointSizeF(normal.pointSizeF() * 1.5)
        app.setFont(larger)
        guide = GuideWindow()
        qtbot.addWidget(guide)
        assert guide.browser.document().defaultFont().pointSizeF() == pytest.approx(
            normal.pointSizeF() * 1.5)
    finally:
        app.setFont(normal)
