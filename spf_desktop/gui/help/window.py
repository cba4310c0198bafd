"""The user guide's window: a contents list beside the page, read in a QTextBrowser.

Links between pages and to headings are followed here; a link that would leave
the guide (a web address, another folder) is refused with a message, so the
guide never opens a browser or reaches for the network. Colours come from the
palette; font sizes are left to the system, so the text follows the user's
font size.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.gui import palette
from spf_desktop.gui.help.contents import START, guide_folder, pages
from spf_desktop.gui.widgets import button, label, named, set_role

TARGET_ROLE = Qt.ItemDataRole.UserRole + 1

#: The guide's look, from the palette. Sizes stay relative to the user's font.
STYLE = f"""
body {{ color: {palette.INK}; }}
h1 {{ color: {palette.NHS_BLUE}; }}
h2 {{ color: {palette.NHS_BLUE}; margin-top: 16px; }}
h3 {{ color: {palette.INK}; margin-top: 10px; }}
a {{ color: {palette.BRIGHT_BLUE}; }}
table {{ border-collapse: collapse; }}
th {{ background-color: {palette.PALE_GREY}; text-align: left; }}
li {{ margin-bottom: 3px; }}
"""


class GuideWindow(QDialog):
    """The offline user guide. Not modal: it can stay open beside the main window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folder = guide_folder()
        self.setWindowTitle("SPF Desktop user guide")
        named(self, "User guide")
        self.setModal(False)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.back_button = self._button("Back", "Back to the page before", "Alt+Left")
        self.forward_button = self._button("Forward", "Forward again", "Alt+Right")
        self.home_button = self._button("Start page", "The guide's start page", "Alt+Home")
        self.find_edit = named(QLineEdit(), "Find in the guide",
                               "Type a word and press Enter; Enter again finds the next one.")
        self.find_edit.setPlaceholderText("Find on this page (Enter)")
        self.find_edit.setClearButtonEnabled(True)
        self.close_button = self._button("Close", "Close the guide", "Esc")
        for widget in (self.back_button, self.forward_button, self.home_button):
            bar.addWidget(widget)
        bar.addWidget(self.find_edit, 1)
        bar.addWidget(self.close_button)
        layout.addLayout(bar)

        self.contents = named(QTreeWidget(), "Guide contents",
                              "Choose a topic, or press Enter on one, to read it.")
        self.contents.setHeaderHidden(True)
        self.contents.setColumnCount(1)
        self.browser = named(QTextBrowser(), "Guide text")
        self.browser.setOpenLinks(False)  # every link goes through _follow
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(self.folder)])
        self.browser.document().setDefaultStyleSheet(STYLE)
        self.browser.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.message = label("", "Guide message", role="hint")
        self.message.setVisible(False)
        layout.addWidget(self.message)

        self._fill_contents()
        screen = (parent.screen() if parent is not None else QGuiApplication.primaryScreen())
        room = screen.availableGeometry()
        width, height = min(1000, int(room.width() * 0.9)), min(720, int(room.height() * 0.9))
        self.resize(width, height)
        side = min(self.contents.sizeHintForColumn(0) + 48, int(width * 0.4))
        splitter.setSizes([side, width - side])
        self.setTabOrder(self.contents, self.browser)

        self.back_button.clicked.connect(self.browser.backward)
        self.forward_button.clicked.connect(self.browser.forward)
        self.home_button.clicked.connect(lambda: self.go_to(START))
        self.close_button.clicked.connect(self.close)
        self.find_edit.returnPressed.connect(self.find_next)
        self.contents.itemActivated.connect(self._item_chosen)
        self.contents.itemClicked.connect(self._item_chosen)
        self.browser.anchorClicked.connect(self._follow)
        self.browser.sourceChanged.connect(self._page_shown)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)
        self.go_to(START)
        self.contents.setFocus(Qt.FocusReason.OtherFocusReason)

    def _button(self, text: str, name: str, keys: str) -> QPushButton:
        made = button(text, name, f"{name} ({keys})")
        made.setAutoDefault(False)  # Enter in Find finds; it never presses a button
        if keys != "Esc":
            made.setShortcut(QKeySequence(keys))
        return made

    # -- the contents list ---------------------------------------------------------

    def _fill_contents(self) -> None:
        for page in pages(self.folder):
            top = QTreeWidgetItem([page.title])
            top.setData(0, TARGET_ROLE, page.file)
            self.contents.addTopLevelItem(top)
            parent = top
            for heading in page.headings:
                if heading.level == 1 or not heading.anchor:
                    continue
                item = QTreeWidgetItem([heading.text])
                item.setData(0, TARGET_ROLE, f"{page.file}#{heading.anchor}")
                if heading.level == 2:
                    top.addChild(item)
                    parent = item
                else:
                    parent.addChild(item)
            top.setExpanded(True)

    def _item_chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.go_to(item.data(0, TARGET_ROLE))

    def _page_shown(self, url: QUrl) -> None:
        """Keep the contents list on the page (and heading) being read."""
        file = Path(url.toLocalFile()).name
        fragment = url.fragment()
        wanted = f"{file}#{fragment}" if fragment else file
        title = self.browser.documentTitle() or "SPF Desktop user guide"
        self.setWindowTitle(f"User guide: {title}")
        match = None
        for item in self._items():
            target = item.data(0, TARGET_ROLE)
            if target == wanted or (match is None and target == file):
                match = item
        if match is not None:
            with QSignalBlocker(self.contents):
                self.contents.setCurrentItem(match)

    def _items(self) -> list[QTreeWidgetItem]:
        """Every entry of the contents list, pages and their headings, in reading order."""
        found: list[QTreeWidgetItem] = []

        def walk(item: QTreeWidgetItem) -> None:
            found.append(item)
            for i in range(item.childCount()):
                child = item.child(i)
                if child is not None:
                    walk(child)

        for i in range(self.contents.topLevelItemCount()):
            top = self.contents.topLevelItem(i)
            if top is not None:
                walk(top)
        return found

    # -- following links -----------------------------------------------------------

    def go_to(self, target: str) -> None:
        """Show a page of the guide, e.g. "facilitator.html#pin"."""
        file, _, anchor = target.partition("#")
        url = QUrl.fromLocalFile(str(self.folder / file))
        if anchor:
            url.setFragment(anchor)
        self._follow(url)

    def _follow(self, url: QUrl) -> None:
        """Follow a link inside the guide; refuse (and say so) one that leads out of it."""
        resolved = self.browser.source().resolved(url) if url.isRelative() else url
        inside = (resolved.isLocalFile()
                  and Path(resolved.toLocalFile()).resolve().parent == self.folder.resolve()
                  and Path(resolved.toLocalFile()).is_file())
        if not inside:
            self.say(f"The guide works offline, so it does not open {url.toString()}.")
            return
        self.say("")
        same_page = resolved.toLocalFile() == self.browser.source().toLocalFile()
        self.browser.setSource(resolved)
        if same_page and resolved.fragment():
            self.browser.scrollToAnchor(resolved.fragment())
            self._page_shown(resolved)

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        set_role(self.message, "error" if text else "hint")

    # -- finding -------------------------------------------------------------------

    def find_next(self) -> bool:
        """Find the typed words after the cursor, from the top again at the end of the page."""
        text = self.find_edit.text().strip()
        if not text:
            return False
        found = self.browser.find(text)
        if not found:
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(text)
        self.say("" if found else f"\u201c{text}\u201d is not on this page.")
        return found

    def current_page(self) -> str:
        """The page (and heading) shown, e.g. "facilitator.html#pin"."""
        url = self.browser.source()
        file = Path(url.toLocalFile()).name
        return f"{file}#{url.fragment()}" if url.fragment() else file

    def page_text(self) -> str:
        return self.browser.document().toPlainText()

    def document(self) -> QTextDocument:
        return self.browser.document()
