"""The quick-start handout "Running the audit in a room": one A4 page for the facilitator.

It needs no data: a forum, when given, only puts its name and protective marking
on the page. The steps name the app's own buttons and tabs, so the page and the
app say the same thing (tests/test_help.py checks the key steps are printed).
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from spf_desktop.reports.styles import (
    ACCENT,
    ACCENT_LIGHT,
    FONT,
    TEXT_WIDTH,
    PageInfo,
    Progress,
    Styles,
    make_styles,
    no_progress,
)

TITLE = "Running the audit in a room"

#: (heading, [(step in bold, what to do)]). Markup only: no user text here.
STEPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Before the meeting: the Audit view (Ctrl+2)", (
        ("Make the round.",
         "Choose the forum at the top (a new one is added in the <b>New round</b> tab). In "
         "<b>New round</b> choose the question set, type a label (\u201c2026 audit\u201d) and the "
         "date, and keep the minimum group size at 5 (it can never go below 3). Add a "
         "benchmark if you have one. Press <b>Create round</b>."),
        ("Set the PIN.",
         "In the <b>Facilitator PIN</b> tab type a PIN of 4 to 12 digits twice and press "
         "<b>Set PIN</b>. Only you should know it: it is the only way out of participant mode."),
        ("Get ready.",
         "Plug the laptop in. Print a few blank paper questionnaires (Reports view) for anyone "
         "who would rather use paper. Allow about 3 minutes a person: the audit runs well "
         "alongside lunch."),
    )),
    ("In the room", (
        ("Start participant mode.",
         "Choose the round at the top of the Audit view, press <b>Open round</b>, then "
         "<b>Start participant mode</b>. A full-screen welcome page hides the app."),
        ("Tell the room.",
         "No names and no times are kept, answers are stored in a random order, and any "
         "question can be skipped (a skip is never counted as a zero)."),
        ("Pass the laptop.",
         "Each person presses <b>Start</b>, answers one question per screen (0 to 10), may add "
         "a comment and say which side they are on, checks the review page and presses "
         "<b>Submit</b>. \u201cThank you, please pass the laptop on\u201d clears by itself."),
        ("If someone walks away.",
         "After 90 seconds a warning shows; 30 seconds later their unfinished answers are "
         "thrown away and the welcome page returns. Escape and Alt+F4 do nothing."),
    )),
    ("Afterwards", (
        ("Leave with the PIN.",
         "On the welcome page press <b>Facilitator: leave participant mode</b> and type the "
         "PIN. After five wrong tries it waits 30 seconds."),
        ("Type in paper forms.",
         "In the <b>Paper forms</b> tab, one form at a time; leave a skipped score empty."),
        ("Screen the comments.",
         "In the <b>Screen comments</b> tab edit out names (<b>Replace with the edited "
         "text</b>) or <b>Remove the whole comment</b>, then press <b>Comments screened</b>."),
        ("Close the round.",
         "Press <b>Close round</b>. No more answers can be added."),
        ("Present the results.",
         "In the <b>Results</b> tab choose the projector in the screen list and press "
         "<b>Present</b>. Escape ends it. With fewer responses than the minimum group size "
         "there are no figures, only the reason."),
        ("Print.",
         "In the Reports view choose <b>Audit report</b> and press <b>Save PDF...</b>."),
    )),
)

GOOD_TO_KNOW = (
    "<b>Good to know.</b> Each answer is saved the moment <b>Submit</b> is pressed: if the "
    "laptop is switched off or the app closes, nothing submitted is lost. Comments stay hidden "
    "until you have screened them. The full guide is in the app: <b>Help &gt; User guide</b> "
    "(F1)."
)


def _steps_table(steps: tuple[tuple[str, str], ...], first: int, st: Styles) -> Table:
    """Numbered steps: the number in a tinted column, then the bold step and what to do."""
    number = ParagraphStyle("step_number", parent=st.h3, alignment=TA_CENTER, textColor=ACCENT,
                            spaceBefore=0, spaceAfter=0)
    text_style = ParagraphStyle("step", parent=st.body, spaceAfter=0)
    rows = [[Paragraph(str(n), number), Paragraph(f"<b>{lead}</b> {text}", text_style)]
            for n, (lead, text) in enumerate(steps, start=first)]
    table = Table(rows, colWidths=[11 * mm, TEXT_WIDTH - 11 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, -1), ACCENT_LIGHT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, ACCENT_LIGHT),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (1, 0), (1, -1), 6),
        ("LEFTPADDING", (0, 0), (0, -1), 1),
        ("RIGHTPADDING", (0, 0), (0, -1), 1),
    ]))
    return table


def story(db, forum_id: str, st: Styles | None = None,  # noqa: ANN001 - a sqlite_utils Database
          progress: Progress = no_progress) -> tuple[list[Flowable], PageInfo]:
    """The page; ``forum_id`` (optional, "" for none) only names the forum on it."""
    st = st or make_styles()
    forum_name, marking = "Social Partnership Forum", ""
    if db is not None and forum_id:
        from spf_desktop.store.report_data import forum

        row = forum(db, forum_id)
        forum_name, marking = row["name"], row.get("protective_marking") or ""
    info = PageInfo(TITLE, forum_name, "Quick-start for facilitators", marking)
    out: list[Flowable] = [
        Paragraph(TITLE, st.title),
        Paragraph("The partnership behaviours audit on one laptop passed round the room: a "
                  "checklist for the facilitator, in the order you do it.", st.subtitle),
    ]
    number = 1
    for heading, steps in STEPS:
        out.append(KeepTogether([Paragraph(heading, st.h2), _steps_table(steps, number, st)]))
        number += len(steps)
    out.append(Spacer(1, 3 * mm))
    out.append(Paragraph(GOOD_TO_KNOW, st.note))
    progress(0.4, "The page is ready")
    return out, info

