"""The accessible HTML twin of a report: the same story as the PDF, written as one
self-contained page a screen reader can walk.

reportlab cannot tag a PDF, so a PDF's headings and tables are invisible to a screen
reader. The twin is made from the very flowables the PDF is laid out from (the same
figures, the same comments in the same order, nothing more), translated one by one:

- the title paragraph is the one ``<h1>``; ``h2``/``h3`` paragraphs are headings, never
  skipping a level;
- a table's header rows are ``<th scope="col">`` cells; a table with no header row has
  its first column as ``<th scope="row">``; each table has a ``<caption>`` (the heading it
  sits under, or the caption the report gives it);
- a chart carries a ``ChartText`` (``text_alternative``): its figures as a table, or a
  sentence for a drawing that holds no figures (the questionnaire's tick boxes);
- the page frame (forum, date, protective marking) is the page's header and footer.

Every text comes from reportlab's parsed fragments and is escaped again here, so a
comment that holds ``<script>`` is shown as text. The page has inline CSS only: no
scripts, no fonts, no images from elsewhere. This module imports no reportlab: it
recognises flowables by what they hold.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

#: Paragraph style names that are headings, and their level.
HEADING_LEVELS = {"title": 1, "h2": 2, "h3": 3}
#: Paragraph style names kept as a class, so the page can show them apart.
PARAGRAPH_CLASSES = {"subtitle", "small", "note", "quote", "figure", "figure_label"}
#: Flowables that only place things on paper.
LAYOUT_ONLY = {"Spacer", "PageBreak", "CondPageBreak", "NullDraw", "SetNextTemplate",
               "NextPageTemplate", "PageBreakIfNotEmpty"}

CSS = """
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;line-height:1.5;max-width:60em;
margin:1em auto;padding:0 1em;color:#1d2733;background:#fff}
h1,h2{color:#004a91}h1{font-size:1.6em}h2{font-size:1.3em;margin-top:1.5em}
h3{font-size:1.05em}
table{border-collapse:collapse;margin:.5em 0 1em;width:100%}
caption{text-align:left;font-weight:bold;padding:.3em 0}
th,td{border-bottom:1px solid #b8c0c8;padding:.25em .5em;text-align:left;vertical-align:top}
thead th{background:#cfe0f3;border-bottom:2px solid #005eb8}
tbody th{font-weight:bold}
.subtitle,.small,.frame{color:#4b545d}.small{font-size:.9em}
.note{background:#eef3f8;padding:.5em;border-left:4px solid #005eb8}
.marking{font-weight:bold;text-align:center}
@media (forced-colors:active){thead th,.note{border-color:CanvasText}}
"""


@dataclass(frozen=True)
class ChartText:
    """What a chart shows, in words and figures: the HTML twin prints it in the chart's
    place. ``header``/``rows`` are a table of the chart's figures (formatted as the chart
    prints them); a drawing with no figures has a ``summary`` alone."""

    summary: str
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    notes: tuple[str, ...] = ()



#: Direction overrides, embeddings, isolates and invisible marks: in a browser a
#: forum name holding U+202E would turn the rest of its line backwards ("12
#: responses" read "21"). The PDF prints them in typed order; here they are dropped.
_INVISIBLE = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                                    "\u200b\u200e\u200f\u061c\ufeff"))


def escape(text: str) -> str:
    """Text made safe for the page: markup escaped, direction controls dropped."""
    return html.escape(text.translate(_INVISIBLE))


def with_text(drawing: Any, text: ChartText) -> Any:
    """Attach ``text`` to a chart (a reportlab Drawing); returns the chart."""
    vars(drawing)["text_alternative"] = text  # past reportlab's check of a shape's attributes
    return drawing


def html_hints(flowable: Any, **hints: Any) -> Any:
    """Tell the HTML twin how to read a flowable, e.g. ``caption="Headline figures"`` or
    ``transpose=True`` (a table whose columns are its records). Returns the flowable."""
    flowable.html_hints = {**getattr(flowable, "html_hints", {}), **hints}
    return flowable


# -- text -------------------------------------------------------------------------

def _bold(frag: Any) -> bool:
    return bool(getattr(frag, "bold", 0)) or str(getattr(frag, "fontName", "")).endswith("-Bold")


def inline(paragraph: Any) -> str:
    """A paragraph's text as escaped HTML: line breaks kept, bold kept, nothing else."""
    out: list[str] = []
    bold = False
    for frag in getattr(paragraph, "frags", []):
        if getattr(frag, "lineBreak", False):
            out.append("<br>")
            continue
        text = getattr(frag, "text", "")
        if not text:
            continue
        if _bold(frag) != bold:
            out.append("<strong>" if not bold else "</strong>")
            bold = not bold
        out.append(escape(text))
    if bold:
        out.append("</strong>")
    return "".join(out).strip()


def plain(paragraph: Any) -> str:
    """A paragraph's text with no markup (for captions and headings)."""
    return " ".join("".join("\n" if getattr(f, "lineBreak", False) else getattr(f, "text", "")
                            for f in getattr(paragraph, "frags", [])).split())


def _is_paragraph(f: Any) -> bool:
    return hasattr(f, "frags") and hasattr(f, "style")


def _is_table(f: Any) -> bool:
    return hasattr(f, "_cellvalues")


def _is_chart(f: Any) -> bool:
    return type(f).__name__ == "Drawing" or hasattr(f, "text_alternative")


# -- the writer -------------------------------------------------------------------

class _Writer:
    def __init__(self, title: str) -> None:
        self.title = title
        self.parts: list[str] = []
        self.level = 0            # the last heading's level
        self.heading = ""         # the last heading's text (a table's caption by default)
        self.in_list = False

    # paragraphs and headings
    def paragraph(self, p: Any) -> None:
        name = getattr(p.style, "name", "")
        if getattr(p, "bulletText", None) is not None:
            if not self.in_list:
                self.parts.append("<ul>")
                self.in_list = True
            self.parts.append(f"<li>{inline(p)}</li>")
            return
        self._end_list()
        if name in HEADING_LEVELS:
            self.heading_tag(HEADING_LEVELS[name], plain(p))
            return
        css = f' class="{name}"' if name in PARAGRAPH_CLASSES else ""
        self.parts.append(f"<p{css}>{inline(p)}</p>")

    def heading_tag(self, level: int, text: str) -> None:
        if self.level == 0 and level != 1:
            self.heading_tag(1, self.title)
        if self.level >= 1 and level == 1:
            level = 2  # only one h1: a repeated title is a section
        level = min(level, self.level + 1)
        self.level = level
        self.heading = text
        self.parts.append(f"<h{level}>{escape(text)}</h{level}>")

    def _end_list(self) -> None:
        if self.in_list:
            self.parts.append("</ul>")
            self.in_list = False

    # tables
    def table(self, t: Any) -> None:
        self._end_list()
        rows: list[list[Any]] = [list(r) for r in t._cellvalues]
        hints = getattr(t, "html_hints", {})
        cells = [c for r in rows for c in r if c not in ("", None)]
        if cells and all(_is_chart(c) or isinstance(c, list | tuple) and all(map(_is_chart, c))
                         for c in cells):
            for c in cells:  # a grid of charts: only a layout, each chart says its own
                self.flowables(c if isinstance(c, list | tuple) else [c])
            return
        header_rows = t.repeatRows if isinstance(t.repeatRows, int) else len(t.repeatRows)
        if hints.get("transpose"):
            rows = [list(r)[::-1] for r in zip(*rows, strict=True)]  # label, then figure
            header_rows = 0
        caption = hints.get("caption") or self.heading or self.title
        self.parts.append(f'<table>\n<caption>{escape(caption)}</caption>')
        if header_rows:
            self.parts.append("<thead>")
            for row in rows[:header_rows]:
                self.parts.append("<tr>" + "".join(
                    f'<th scope="col">{_unbold(shown)}</th>' if (shown := self.cell(c)) else "<td></td>"
                    for c in row) + "</tr>")
            self.parts.append("</thead>")
        self.parts.append("<tbody>")
        for row in rows[header_rows:]:
            html_cells = [self.cell(c) for c in row]
            if not header_rows and html_cells:
                first = f'<th scope="row">{_unbold(html_cells[0])}</th>'
                html_cells = [first] + [f"<td>{c}</td>" for c in html_cells[1:]]
            else:
                html_cells = [f"<td>{c}</td>" for c in html_cells]
            self.parts.append("<tr>" + "".join(html_cells) + "</tr>")
        self.parts.append("</tbody>\n</table>")

    def cell(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return escape(value)
        if _is_paragraph(value):
            return inline(value)
        if isinstance(value, list | tuple):
            texts = [self.cell(v) for v in value]
            return "<br>".join(t for t in texts if t)
        if hasattr(value, "_content"):
            return self.cell(list(value._content))
        if type(value).__name__ in LAYOUT_ONLY:
            return ""
        if _is_chart(value):
            return escape(_chart_sentence(_text_of(value)))
        raise TypeError(f"the HTML twin cannot show a {type(value).__name__} in a table cell")

    # charts
    def chart(self, d: Any) -> None:
        self._end_list()
        text = _text_of(d)
        if not text.header:
            self.parts.append(f'<p class="chart">{escape(text.summary)}</p>')
            return
        self.parts.append('<table class="chart">\n'
                          f"<caption>{escape(text.summary)}</caption>\n<thead><tr>"
                          + "".join(f'<th scope="col">{escape(h)}</th>' for h in text.header)
                          + "</tr></thead>\n<tbody>")
        for row in text.rows:
            self.parts.append(f'<tr><th scope="row">{escape(row[0])}</th>'
                              + "".join(f"<td>{escape(v)}</td>" for v in row[1:]) + "</tr>")
        self.parts.append("</tbody>\n</table>")
        for note in text.notes:
            self.parts.append(f'<p class="small">{escape(note)}</p>')

    def flowables(self, story: Iterable[Any]) -> None:
        for f in story:
            name = type(f).__name__
            if name in LAYOUT_ONLY:
                continue
            if _is_paragraph(f):
                self.paragraph(f)
            elif _is_table(f):
                self.table(f)
            elif _is_chart(f):
                self.chart(f)
            elif hasattr(f, "_content"):  # KeepTogether and the like
                self.flowables(f._content)
            elif isinstance(f, list | tuple):
                self.flowables(f)
            else:
                raise TypeError(f"the HTML twin cannot show a {name}")


def _unbold(html: str) -> str:
    """A header cell is bold already: drop a ``<strong>`` that wraps all of it."""
    if html.startswith("<strong>") and html.endswith("</strong>") and html.count("<strong>") == 1:
        return html[len("<strong>"):-len("</strong>")]
    return html


def _text_of(d: Any) -> ChartText:
    text = getattr(d, "text_alternative", None)
    if not isinstance(text, ChartText):
        raise TypeError("a chart in a report has no text alternative (charts.with_text)")
    return text


def _chart_sentence(text: ChartText) -> str:
    rows = "; ".join(", ".join(r) for r in text.rows)
    return f"{text.summary}{': ' + rows if rows else ''}"


def render_html(story: Sequence[Any], info: Any) -> str:
    """The report's HTML page (a str) from its story and page frame (``PageInfo``)."""
    info.check()
    title = f"{info.report_title}: {info.forum_name}"
    writer = _Writer(info.report_title)
    writer.flowables(story)
    writer._end_list()
    marking = (f'<p class="marking">{escape(info.protective_marking)}</p>'
               if info.protective_marking else "")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="SPF Desktop">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f'<header>{marking}<p class="frame">{escape(info.forum_name)} · '
        f"{escape(info.report_title)}</p></header>",
        "<main>",
        *writer.parts,
        "</main>",
        f'<footer><p class="frame">{escape(info.forum_name)} · {escape(info.date_text)}</p>'
        f"{marking}</footer>",
        "</body>",
        "</html>",
        "",
    ])
