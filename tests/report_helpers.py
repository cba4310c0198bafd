"""Reading reports back as a person would: the text (pdftotext), the page count and fonts.

Poppler's tools write UTF-8 whatever the locale, so their output is read as UTF-8
(on Windows the locale's encoding is cp1252)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from spf_desktop.store import repo


def pdf_text(path: Path, *, layout: bool = False) -> str:
    """The PDF's text (poppler's pdftotext): in reading order, or with ``layout``
    as laid out on the page (table rows on one line). Pages end with a form feed."""
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, encoding="utf-8").stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          encoding="utf-8").stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]


def pdf_fonts(path: Path) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font in the PDF (poppler's pdffonts)."""
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                           encoding="utf-8").stdout.splitlines()[2:]
    fonts = []
    for line in lines:
        parts = line.split()
        # name type [encoding...] emb sub uni object-id gen
        fonts.append((parts[0], parts[-5] == "yes"))
    return fonts


def demo_ids(db) -> dict[str, str]:
    """Ids of the demo story's records by a short name."""
    ids = {f"round:{r['label']}": r["id"] for r in repo.rounds(db)}
    ids.update({f"meeting:{m['title']}": m["id"] for m in repo.meetings(db)})
    ids.update({f"forum:{f['name']}": f["id"] for f in repo.forums(db)})
    return ids
