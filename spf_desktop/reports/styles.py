"""What every report shares: the embedded font, paragraph styles, the page frame
("Page n of m", the forum's name and date, the protective marking) and the
safe way to write a PDF (build in memory, write a temporary file beside the
target, then rename, so a half-written PDF is never left behind).

Output is reproducible: reportlab's invariant mode fixes the timestamps and
document id, so the same data gives a byte-identical file.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from spf_desktop.domain.errors import UserError
from spf_desktop.paths import resource
from spf_desktop.store import atomic, writable

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN

#: Colours chosen to print well in black and white too.
INK = colors.HexColor("#1d2733")
MUTED = colors.HexColor("#5b6570")
ACCENT = colors.HexColor("#005eb8")  # NHS blue
ACCENT_LIGHT = colors.HexColor("#cfe0f3")
RULE = colors.HexColor("#b8c0c8")
WARM = colors.HexColor("#c0504d")

#: (fraction done or None when unknown, what is happening)
Progress = Callable[[float | None, str], None]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


class ReportError(UserError):
    """A report cannot be made as asked; the message says why. Nothing is written."""


def no_progress(_fraction: float | None, _message: str) -> None:
    """The default progress callback: report nothing."""


def long_date(iso: str | None) -> str:
    """'2017-01-19' -> '19 January 2017', without the system locale (reports are reproducible)."""
    if not iso:
        return "no date"
    try:
        year, month, day = (int(p) for p in iso[:10].split("-"))
        return f"{day} {MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return iso


# -- the font -----------------------------------------------------------------

def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) once; reportlab embeds a subset of it."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    try:
        pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource("fonts", "DejaVuSans-Bold.ttf"))))
    except Exception as exc:
        raise ReportError(f"The report font in {resource('fonts')} cannot be read ({exc}).") from exc
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)


def _covered() -> frozenset[int]:
    register_fonts()
    regular = pdfmetrics.getFont(FONT).face.charToGlyph
    bold = pdfmetrics.getFont(FONT_BOLD).face.charToGlyph
    return frozenset(regular) & frozenset(bold)


_COVERAGE: list[frozenset[int]] = []


def check_text(text: str, where: str) -> str:
    """Refuse text the font cannot print (it would come out as empty boxes).

    ``where`` says which record the text came from, so the user can fix it.
    """
    if not _COVERAGE:
        _COVERAGE.append(_covered())
    covered = _COVERAGE[0]
    for ch in text:
        if ch in "\r\n\t" or ord(ch) in covered:
            continue
        name = unicodedata.name(ch, "unnamed character")
        raise ReportError(
            f"{where} contains the character {ch!r} (U+{ord(ch):04X}, {name.lower()}), which the "
            "report font cannot print. Edit that text and make the report again."
        )
    return text


# -- paragraph styles -----------------------------------------------------------

@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    head: ParagraphStyle
    figure: ParagraphStyle
    figure_label: ParagraphStyle
    note: ParagraphStyle
    quote: ParagraphStyle


def make_styles() -> Styles:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, bulletFontName=FONT, fontSize=9.5, leading=13, textColor=INK,
                          spaceAfter=4)
    return Styles(
        title=ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=18, leading=22,
                             spaceAfter=2, textColor=ACCENT),
        subtitle=ParagraphStyle("subtitle", parent=base, fontSize=11, leading=14,
                                textColor=MUTED, spaceAfter=10),
        h2=ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=12.5, leading=16,
                          spaceBefore=10, spaceAfter=5, textColor=ACCENT, keepWithNext=1),
        h3=ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, fontSize=10, leading=13,
                          spaceBefore=6, spaceAfter=2, keepWithNext=1),
        body=base,
        small=ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        cell=ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
        cell_bold=ParagraphStyle("cell_bold", parent=base, fontName=FONT_BOLD, fontSize=8.5,
                                 leading=11, spaceAfter=0),
        head=ParagraphStyle("head", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10,
                            spaceAfter=0),
        figure=ParagraphStyle("figure", parent=base, fontName=FONT_BOLD, fontSize=20, leading=24,
                              alignment=TA_CENTER, spaceAfter=0, textColor=INK),
        figure_label=ParagraphStyle("figure_label", parent=base, fontSize=8, leading=10,
                                    alignment=TA_CENTER, textColor=MUTED, spaceAfter=0),
        note=ParagraphStyle("note", parent=base, fontSize=9, leading=12.5, textColor=INK,
                            backColor=colors.HexColor("#eef3f8"), borderPadding=6,
                            spaceBefore=6, spaceAfter=10),
        quote=ParagraphStyle("quote", parent=base, fontSize=9, leading=12, leftIndent=10,
                             textColor=INK, spaceAfter=3, bulletIndent=0),
    )


def para(text: str, style: ParagraphStyle, where: str = "The report text", *,
         markup: str = "{}") -> Paragraph:
    """A paragraph of user text: checked against the font, escaped, line breaks kept.

    ``markup`` wraps the escaped text, e.g. ``"<b>{}</b>"``.
    """
    check_text(text, where)
    safe = escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br/>")
    return Paragraph(markup.format(safe), style)


def grid_table(rows: list[list], widths: list[float], *, header_rows: int = 1,
               align_right_from: int | None = None, zebra: bool = True,
               extra: Iterable[tuple] = ()) -> Table:
    """A plain, printable table: a tinted header row, hairlines, optional zebra rows."""
    table = Table(rows, colWidths=widths, repeatRows=header_rows, hAlign="LEFT")
    style: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 11),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header_rows:
        style += [
            ("FONTNAME", (0, 0), (-1, header_rows - 1), FONT_BOLD),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), ACCENT_LIGHT),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, ACCENT),
        ]
    if zebra:
        for r in range(header_rows + 1, len(rows), 2):
            style.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f4f6f8")))
    if align_right_from is not None:
        style.append(("ALIGN", (align_right_from, 0), (-1, -1), "RIGHT"))
    style.extend(extra)
    table.setStyle(TableStyle(style))
    return table


# -- the page frame ------------------------------------------------------------

@dataclass(frozen=True)
class PageInfo:
    """What goes round every page."""

    report_title: str
    forum_name: str
    date_text: str  # the date of the round or meeting (never "today": reports are reproducible)
    protective_marking: str = ""

    def check(self) -> None:
        check_text(self.forum_name, "The forum's name")
        check_text(self.report_title, "The report title")
        check_text(self.protective_marking, "The forum's protective marking")


def _numbered_canvas(info: PageInfo, progress: Progress) -> type[Canvas]:
    """A canvas that holds every page until the end, so each can say "Page n of m"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            progress(None, f"Laid out page {len(self._pages)}")
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._draw_frame(number, total)
                super().showPage()
            super().save()

        def _draw_frame(self, number: int, total: int) -> None:
            self.saveState()
            top = PAGE_HEIGHT - 10 * mm
            if info.protective_marking:
                self.setFont(FONT_BOLD, 9)
                self.setFillColor(INK)
                self.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 7 * mm,
                                       info.protective_marking)
                self.drawCentredString(PAGE_WIDTH / 2, 5 * mm, info.protective_marking)
                top = PAGE_HEIGHT - 12 * mm
            self.setFont(FONT, 8)
            self.setFillColor(MUTED)
            self.drawString(MARGIN, top, info.forum_name)
            self.drawRightString(PAGE_WIDTH - MARGIN, top, info.report_title)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, top - 2 * mm, PAGE_WIDTH - MARGIN, top - 2 * mm)
            bottom = 10 * mm
            self.line(MARGIN, bottom + 4 * mm, PAGE_WIDTH - MARGIN, bottom + 4 * mm)
            self.drawString(MARGIN, bottom, f"{info.forum_name} · {info.date_text}")
            self.drawRightString(PAGE_WIDTH - MARGIN, bottom, f"Page {number} of {total}")
            self.restoreState()

    return NumberedCanvas


def render(story: list[Flowable], info: PageInfo, *, progress: Progress = no_progress) -> bytes:
    """Lay the story out on A4 pages and return the PDF's bytes (the same data, the same bytes)."""
    info.check()
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + 4 * mm, bottomMargin=MARGIN + 2 * mm,
        title=f"{info.report_title}: {info.forum_name}", author=info.forum_name,
        creator="SPF Desktop", producer="SPF Desktop (reportlab)", subject=info.report_title,
        invariant=1, pageCompression=1,
        initialFontName=FONT,  # so no unembedded Helvetica is referenced
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=_numbered_canvas(info, progress))
    return buffer.getvalue()


# -- writing the file -----------------------------------------------------------

def check_target(out: Path, what: str = "the PDF") -> Path:
    """Refuse, before any work, an output path the report (``what``) cannot be written to."""
    out = Path(out).expanduser().absolute()
    folder = out.parent
    if out.is_dir():
        suffix = ".html" if "HTML" in what else ".pdf"
        raise ReportError(f"{out} is a folder; give a file name for {what}, "
                          f"e.g. {out / ('report' + suffix)}.")
    writable.check_length(out, extra=atomic.TEMP_EXTRA, error=ReportError)
    if not folder.is_dir():
        raise ReportError(f"The folder {folder} does not exist. Choose a folder that exists for {what}.")
    # By creating a file there: os.access says yes to every folder on Windows.
    writable.check_writable(folder, what, error=ReportError)
    writable.check_replaceable(out, error=ReportError)
    return out


def write_atomically(data: bytes, out: Path, what: str = "the PDF") -> Path:
    """Write to a temporary file in the target folder, then rename over the target.

    A crash, a full disk or a failed build never leaves a partial PDF under the
    target name, and an existing file is replaced only by a complete one.
    """
    out = check_target(out, what)
    try:
        atomic.write_bytes(out, data)
    except OSError as exc:
        raise writable.write_problem(out, exc, what=what, error=ReportError) from exc
    return out
