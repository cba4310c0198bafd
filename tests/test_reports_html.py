"""The accessible HTML twin of every report: its structure read with the standard
library's html.parser (one h1, headings in order, tables with header cells, images with
alt text, lang set, no script, nothing from elsewhere) and its figures against the PDF's,
read back with pdftotext.

Every test starts from a NEW EMPTY archive built through the store API.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt
from report_helpers import flat, pdf_text
from test_reports_first_day import FORUM, NAMED_COMMENT, first_day, run_round

from spf_desktop.cli import main
from spf_desktop.domain.kiosk import Submission
from spf_desktop.domain.scoring import fmt_score
from spf_desktop.reports import REPORT_KINDS, available_reports, make_report
from spf_desktop.store import Archive, audit, repo
from spf_desktop.store.results import load_round_results
from spf_desktop.store.shipped import shipped_set_id

ATTACK = "<script>alert('x')</script><img src=x onerror=alert(1)> & “quoted”"


class Page(HTMLParser):
    """What a screen reader would meet: headings, tables and their header cells,
    images, scripts, outside links, and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title = ""
        self.headings: list[tuple[int, str]] = []
        self.tables: list[dict] = []
        self.images: list[dict] = []
        self.scripts = 0
        self.outside: list[str] = []
        self.text: list[str] = []
        self._open: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self._open.append(tag)
        if tag == "html":
            self.lang = a.get("lang") or ""
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []
        if tag == "table":
            self.tables.append({"th": 0, "scoped": 0, "caption": ""})
        if tag == "th":
            self.tables[-1]["th"] += 1
            self.tables[-1]["scoped"] += a.get("scope") in ("col", "row")
        if tag == "img":
            self.images.append(a)
        if tag == "script" or any(k.startswith("on") for k in a):
            self.scripts += 1
        for key in ("src", "href"):
            if a.get(key) and not str(a[key]).startswith(("data:", "#")):
                self.outside.append(str(a[key]))

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((int(tag[1]), " ".join("".join(self._heading).split())))
            self._heading = None
        while self._open and self._open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if self._open and self._open[-1] == "title":
            self.title += data
        if self._open and self._open[-1] == "caption" and self.tables:
            self.tables[-1]["caption"] += data
        if "style" not in self._open:
            self.text.append(data)

    @property
    def words(self) -> str:
        return flat(" ".join(self.text))


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def check_structure(page: Page, where: str) -> None:
    assert page.lang == "en-GB", where
    assert page.title.strip(), where
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1 and levels[0] == 1, (where, page.headings)
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, (where, page.headings)  # no skipped level
    assert all(text for _, text in page.headings), where
    for table in page.tables:
        assert table["th"] and table["th"] == table["scoped"], (where, table)
        assert table["caption"].strip(), (where, table)
    assert all((img.get("alt") or "").strip() for img in page.images), where
    assert page.scripts == 0 and page.outside == [], where


FIGURE = re.compile(r"(?<![\d.])[+\-−]?\d+\.\d\d(?![\d])")


def figures(text: str) -> Counter:
    """The two-decimal figures in a text (means, changes, intervals), as a multiset."""
    return Counter(f.replace("−", "-").lstrip("+") for f in FIGURE.findall(text))


def hostile_round(db, forum: str, meeting: str) -> str:
    """A second round, 5 a side, with comments (one an attack) kept after screening."""
    set_id = shipped_set_id()
    round_id = audit.create_audit_round(db, forum, set_id, "Autumn audit", "2027-09-14",
                                        min_group_size=5, meeting_id=meeting)
    audit.open_round(db, round_id)
    questions = repo.questions(db, set_id)
    for p in range(10):
        scores = {q["id"]: (p + 2 * i) % 11 for i, q in enumerate(questions)}
        comments = {questions[0]["id"]: ATTACK} if p == 3 else {}
        if p in (1, 6):
            comments[questions[0]["id"]] = f"Comment number {p}: keep going"
        audit.submit(db, round_id, Submission(scores, comments,
                                              "staff" if p % 2 else "management"))
    audit.mark_screened(db, round_id)
    audit.close_round(db, round_id)
    return round_id


@pytest.fixture
def day(tmp_path: Path):
    with Archive.open(tmp_path / "new.db", create=True) as arch:
        assert repo.forums(arch.db) == []
        d = first_day(arch.db)
        second = hostile_round(arch.db, d.forum, d.meeting)
        yield arch, d, second


def both(db, kind: str, record_id: str, folder: Path, stem: str) -> tuple[str, Path]:
    pdf = make_report(kind, db, record_id, folder / f"{stem}.pdf")
    html = make_report(kind, db, record_id, folder / f"{stem}.html", fmt="html")
    assert html.suffix == ".html" and html.read_bytes()[:15] == b"<!DOCTYPE html>"
    return flat(pdf_text(pdf)), html


def test_every_report_offered_has_an_accessible_twin_with_the_pdfs_figures(
        day, tmp_path: Path) -> None:
    arch, d, second = day
    made = set()
    for selection, record in (("forum", d.forum), ("round", second), ("meeting", d.meeting),
                              ("round", d.round)):
        for n, choice in enumerate(available_reports(arch.db, selection, record)):
            assert choice.enabled, choice.title
            assert choice.file_name_as("html").endswith(".html")
            pdf, html = both(arch.db, choice.kind, choice.record_id, tmp_path,
                             f"{selection}-{n}")
            page = read_page(html)
            check_structure(page, choice.title)
            made.add(choice.kind)
            assert FORUM in page.words, choice.title
            assert NAMED_COMMENT not in page.words and "Sam Jones" not in page.words
            # the same figures: every figure the PDF prints is in the page
            missing = figures(pdf) - figures(page.words)
            assert not missing, (choice.title, missing)
            if choice.kind in ("audit", "summary", "agenda", "questionnaire", "quickstart"):
                # and no figure the PDF lacks (the trend's line charts print none on paper:
                # their figures are the HTML's tables)
                extra = set(figures(page.words)) - set(figures(pdf))
                assert not extra, (choice.title, extra)
    assert made == set(REPORT_KINDS)


def test_the_audit_twin_has_the_results_codes_figures_and_escapes_every_comment(
        day, tmp_path: Path) -> None:
    arch, d, second = day
    results = load_round_results(arch.db, second)
    pdf, html = both(arch.db, "audit", second, tmp_path, "audit")
    raw = html.read_text(encoding="utf-8")
    page = read_page(html)
    check_structure(page, "audit")
    assert page.headings[0] == (1, "Partnership behaviours audit: Autumn audit")
    assert (2, "Results by question") in page.headings and (2, "Comments") in page.headings
    assert "10 responses" in page.words and "10 responses" in pdf
    words = page.words
    assert f"overall average (0 to 10) {fmt_score(results.overall)}" in words
    assert f"{fmt_score(results.overall)} 10 - overall average (0 to 10) responses" in pdf
    for q in results.questions:
        assert fmt_score(q.stats.mean) in words and fmt_score(q.stats.mean) in pdf
        assert f"{q.info.position}. {q.info.text}" in words
    headline = next(t for t in page.tables if t["caption"] == "Headline figures")
    assert headline["th"] == 3
    # the attack is text, never markup
    assert "<script>" not in raw and "onerror" not in raw.replace("onerror=alert", "")
    assert "<img" not in raw
    assert ATTACK in words and ATTACK in pdf
    # the comments in the PDF's (shuffled) order, and nothing the PDF lacks
    kept = ["Comment number 1: keep going", "Comment number 6: keep going", ATTACK]
    assert sorted(kept, key=pdf.index) == sorted(kept, key=words.index)
    for (key, round_id) in arch.db.conn.execute("SELECT key, round_id FROM responses"):
        assert key not in raw and round_id not in raw  # no response keys, no ids


def test_a_round_below_the_minimum_says_why_in_the_twin_too(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "new.db", create=True) as arch:
        forum = repo.create_forum(arch.db, FORUM)
        round_id, _ = run_round(arch.db, forum, "Small round", ["staff", "management"],
                                meeting=None)
        pdf, html = both(arch.db, "audit", round_id, tmp_path, "small")
        page = read_page(html)
        check_structure(page, "small")
        assert "Why there are no figures" in page.words and "Why there are no figures" in pdf
        assert not figures(page.words) - figures(pdf)


def test_the_cli_writes_the_twin_with_format_html(day, tmp_path: Path) -> None:
    arch, d, second = day
    db = arch.path
    runner = CliRunner()
    result = runner.invoke(main, ["report", "audit", "--round", second, "--out",
                                  str(tmp_path / "a.pdf"), "--format", "html", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Wrote {tmp_path / 'a.html'}"
    check_structure(read_page(tmp_path / "a.html"), "cli audit")
    assert not (tmp_path / "a.pdf").exists()
    result = runner.invoke(main, ["report", "quickstart", "--out", str(tmp_path / "q"),
                                  "--format", "html"])
    assert result.exit_code == 0, result.output
    check_structure(read_page(tmp_path / "q.html"), "cli quickstart")
    result = runner.invoke(main, ["report", "questionnaire", "--round", second, "--copies", "3",
                                  "--out", str(tmp_path / "form.html"), "--format", "html",
                                  "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert read_page(tmp_path / "form.html").words.count("Please do not write your name") == 1
    bad = runner.invoke(main, ["report", "audit", "--round", second, "--out",
                               str(tmp_path / "nowhere" / "a.html"), "--format", "html",
                               "--db", str(db)])
    assert bad.exit_code != 0 and "does not exist" in bad.output
    assert "for the HTML page" in bad.output and not (tmp_path / "nowhere").exists()
    wrong = runner.invoke(main, ["report", "audit", "--round", second, "--out",
                                 str(tmp_path / "w.html"), "--format", "docx", "--db", str(db)])
    assert wrong.exit_code != 0 and "docx" in wrong.output
    assert "--format" in runner.invoke(main, ["report", "trend", "--help"]).output


def test_the_reports_view_saves_the_twin_beside_save_pdf(qtbot, day, tmp_path: Path) -> None:
    from gui_helpers import by_name
    from PySide6.QtCore import QThreadPool, QUrl
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLineEdit, QPushButton

    from spf_desktop.gui.reports.view import ReportsView

    arch, d, second = day
    opened: list[QUrl] = []
    view = ReportsView(opener=lambda url: opened.append(url) or True, pool=QThreadPool())
    qtbot.addWidget(view)
    view.set_archive(arch)
    view.show()
    view.set_selection("round", second)
    qtbot.waitUntil(lambda: "Audit report: Autumn audit" in view.choices())
    view.select_report("Audit report: Autumn audit")
    twin = by_name(view, "Save as accessible HTML", QPushButton)
    assert twin.isEnabled() and twin.text() == "Save as accessible HTML..."
    assert "screen reader" in twin.toolTip()  # also its accessible description
    qtbot.mouseClick(twin, Qt.MouseButton.LeftButton)
    dialog = by_name(view, "Save the report as accessible HTML", QFileDialog)
    qtbot.waitUntil(dialog.isVisible)
    # (Windows' dialog shows the whole path, other systems the name)
    shown = Path(dialog.findChild(QLineEdit, "fileNameEdit").text()).name
    assert shown == "audit-report-autumn-audit.html"
    out = tmp_path / "twin.html"
    dialog.selectFile(str(out))
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    with qtbot.waitSignal(view.report_saved, timeout=20_000) as saved:
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert saved.args == [str(out)]
    check_structure(read_page(out), "saved from the Reports view")
    qtbot.mouseClick(by_name(view, "Open the saved report", QPushButton), Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(out))]


def test_a_direction_override_in_a_name_cannot_turn_the_figures_round(tmp_path: Path) -> None:
    # U+202E in a forum name would make a browser show the rest of its line backwards
    # ("12 responses" as "21 sesnopser"); the page drops such controls.
    spoof = "North SPF\u202e \u200b"
    with Archive.open(tmp_path / "new.db", create=True) as arch:
        forum = repo.create_forum(arch.db, spoof)
        round_id, _ = run_round(arch.db, forum, "Spring\u202e round",
                                ["staff", "management", "staff", "management"], meeting=None)
        _, html = both(arch.db, "audit", round_id, tmp_path, "spoof")
    raw = html.read_text(encoding="utf-8")
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b":
        assert control not in raw
    assert "North SPF" in raw and "Spring round" in raw
