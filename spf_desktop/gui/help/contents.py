"""The guide's pages and their headings, read from the shipped HTML (no Qt).

The contents list is made from the pages themselves, so a heading added to a
page is in the list with no other change, and a link to it can be checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from spf_desktop.paths import resource

#: The guide's pages, in the order the contents list shows them.
PAGES = ("index.html", "facilitator.html", "chair.html", "hr-lead.html")
START = PAGES[0]


def guide_folder() -> Path:
    return resource("guide")


@dataclass
class Heading:
    level: int        # 1 for the page's title, 2 and 3 for its sections
    anchor: str       # the heading's id: "facilitator.html#pin" reaches it
    text: str


@dataclass
class Page:
    file: str
    title: str
    headings: list[Heading] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # every href, as written


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[Heading] = []
        self.links: list[str] = []
        self.anchors: set[str] = set()
        self._open: Heading | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.anchors.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag in ("h1", "h2", "h3"):
            self._open = Heading(int(tag[1]), values.get("id") or "", "")

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.text += data

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == f"h{self._open.level}":
            self._open.text = " ".join(self._open.text.split())
            self.headings.append(self._open)
            self._open = None


def read_page(file: str, folder: Path | None = None) -> tuple[Page, set[str]]:
    """A page's title, headings and links, and the ids a link may point at."""
    reader = _Reader()
    reader.feed((folder or guide_folder()).joinpath(file).read_text(encoding="utf-8"))
    title = next((h.text for h in reader.headings if h.level == 1), file)
    return Page(file, title, reader.headings, reader.links), reader.anchors


def pages(folder: Path | None = None) -> list[Page]:
    return [read_page(file, folder)[0] for file in PAGES]


def broken_links(folder: Path | None = None) -> list[str]:
    """Links that lead nowhere, or out of the guide ("file: link"), for the tests."""
    folder = folder or guide_folder()
    anchors = {file: read_page(file, folder)[1] for file in PAGES}
    broken = []
    for file in PAGES:
        for link in read_page(file, folder)[0].links:
            target, _, anchor = link.partition("#")
            target = target or file
            if target not in anchors or (anchor and anchor not in anchors[target]):
                broken.append(f"{file}: {link}")
    return broken
