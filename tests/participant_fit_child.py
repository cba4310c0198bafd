"""A child process for tests/test_participant_fit.py: participant mode, full screen on
one screen size, walked through every state it has, with what is where printed as JSON.

    python tests/participant_fit_child.py WIDTH HEIGHT SCALE FOLDER [FAMILY [SHOTS]]

The screen is the offscreen platform's, configured through ``-platform`` on the
command line (not an environment variable, which Wine does not pass on): WIDTH x
HEIGHT device pixels at SCALE (1.5 is Windows' 150%: a logical DPI of 144 on a base
of 96, as Windows reports it, so Qt scales by 1.5 and lays out in 1280x720 logical
pixels). SCALE written "text 2.0" makes only the text larger: the logical DPI is
192 but Qt's scaling of the layout is off (set here, in the child itself), so the
layout is in device pixels and every point size is twice as many pixels high, as
with a desktop's text size set to 200%. FOLDER gets the archive and the screen's configuration; SHOTS, if given,
a PNG of each state.

For each state it prints the screen's available geometry, the height the screen's
layout needs at that width, and every visible button and the question text with
their global rectangles and whether each is wholly to be seen (what a point at each
corner and the centre of it hits is the control itself).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

#: The longest comment a participant can type, in words and lines: it must not
#: push anything off the screen.
LONG_COMMENT = "\n".join(
    ["Meetings start late and the agenda arrives the night before, so nobody has read it."]
    * 30)[:2000]


def main() -> None:
    width, height = int(sys.argv[1]), int(sys.argv[2])
    text_only = sys.argv[3].startswith("text")
    scale = float(sys.argv[3].removeprefix("text").strip())
    if text_only:
        os.environ["QT_ENABLE_HIGHDPI_SCALING"] = "0"
    folder = Path(sys.argv[4])
    family = sys.argv[5] if len(sys.argv) > 5 else ""
    shots = Path(sys.argv[6]) if len(sys.argv) > 6 else None
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "Laptop", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": round(96 * scale), "logicalBaseDpi": 96, "dpr": 1.0}]}),
        encoding="utf-8")

    from helpers import FakeClock
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

    from spf_desktop.gui.app import make_application
    from spf_desktop.gui.audit.kiosk import KioskWindow
    from spf_desktop.store import Archive, audit, repo
    from spf_desktop.store.shipped import shipped_set_id

    # relative: the platform string is split at colons, and a Windows path has one
    os.chdir(folder)
    app = make_application([sys.argv[0], "-platform", f"offscreen:configfile={config.name}"])
    if family:
        app.setFont(QFont(family))
    archive = Archive.open(folder / "fit.db", create=True)
    db = archive.db
    forum = repo.create_forum(db, "Riverside SPF")
    round_id = audit.create_audit_round(db, forum, shipped_set_id(), "Spring audit 2026",
                                        "2026-03-01")
    audit.open_round(db, round_id)
    audit.set_pin(db, "4826")
    clock = FakeClock()
    kiosk = KioskWindow(db, round_id, clock=clock, pin_clock=lambda: clock.wall().timestamp(),
                        tick_ms=60_000)
    kiosk.show_kiosk(app.primaryScreen())

    def settle() -> None:
        for _ in range(3):
            app.processEvents()

    def seen(widget: QWidget) -> bool:
        """The centre and each corner of the widget are the widget (or inside it)."""
        r = widget.rect()
        points = [r.center(), r.topLeft(), r.topRight(), r.bottomLeft(), r.bottomRight()]
        for point in points:
            hit = kiosk.childAt(widget.mapTo(kiosk, point))
            if hit is None or not (hit is widget or widget.isAncestorOf(hit)):
                return False
        return True

    def where(widget: QWidget) -> list[int]:
        top_left = widget.mapToGlobal(QPoint(0, 0))
        r = QRect(top_left, widget.size())
        return [r.x(), r.y(), r.width(), r.height()]

    states: dict[str, dict] = {}

    def record(state: str) -> None:
        settle()
        screen = kiosk.screen()
        room = screen.availableGeometry()
        page = kiosk.pages.currentWidget()
        outer = kiosk.layout()
        margins = outer.contentsMargins()
        inner = page.layout()
        width_inside = kiosk.width() - margins.left() - margins.right()
        need = (margins.top() + margins.bottom()
                + inner.totalMinimumHeightForWidth(width_inside))
        # what the question screen needs with nothing in its scroll area scrolled
        unscrolled = need
        scroll = getattr(kiosk, "question_scroll", None)
        if page is kiosk.question_page and scroll is not None:
            body = scroll.widget()
            unscrolled = (kiosk.height() - scroll.viewport().height()
                          + max(body.minimumSizeHint().height(),
                                body.layout().totalMinimumHeightForWidth(body.width())))
        buttons = [{"name": b.accessibleName(), "rect": where(b), "seen": seen(b)}
                   for b in kiosk.findChildren(QAbstractButton) if b.isVisible()]
        labels = {}
        for label in kiosk.findChildren(QLabel):
            # a label's spoken name is its text: it is known by its purpose (identifier)
            purpose = label.accessibleIdentifier() or label.accessibleName()
            if label.isVisible() and purpose in (
                    "Question", "Side question", "Idle warning", "Submit problem",
                    "PIN message", "Thank you", "Welcome", "Privacy notice", "Review"):
                labels[purpose] = {
                    "rect": where(label), "seen": seen(label),
                    "text_fits": label.height() >= label.heightForWidth(label.width())
                    if label.wordWrap() else True,
                    "text": label.text()}
        states[state] = {
            "screen": [room.x(), room.y(), room.width(), room.height()],
            "window": where(kiosk), "full_screen": kiosk.isFullScreen(),
            "scale": screen.devicePixelRatio(), "need": need, "unscrolled": unscrolled,
            "buttons": buttons, "labels": labels}
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            kiosk.grab().save(str(shots / f"{width}x{height}@{int(scale * 100)}{family and '-' + family.replace(' ', '')}-{state}.png"))

    def warn() -> None:
        clock.advance(kiosk.session.idle_warn + 1)
        kiosk.tick()

    record("welcome")
    kiosk._ask_pin()
    kiosk.pin_edit.setText("1111")
    kiosk._try_pin()
    record("pin-wrong")
    kiosk._cancel_pin()
    kiosk._start()
    longest = max(range(len(kiosk.session.questions)),
                  key=lambda n: len(kiosk.session.questions[n].text))
    for _ in range(longest):
        kiosk._choose(7)
        kiosk._next()
    record("question-first-look")
    kiosk._choose(8)
    kiosk.comment.setFocus()
    kiosk.comment.setPlainText(LONG_COMMENT)
    record("question-long-comment")
    warn()
    record("question-idle-warning")
    kiosk._still_here()
    while kiosk.session.screen.name == "QUESTION":
        kiosk._choose(6)
        kiosk._next()
    record("side")
    warn()
    record("side-idle-warning")
    kiosk._still_here()
    kiosk._next()
    record("review")
    warn()
    record("review-idle-warning")
    kiosk._still_here()
    audit.close_round(db, round_id)
    kiosk._submit()
    record("review-submit-problem")
    warn()
    record("review-submit-problem-idle-warning")
    kiosk._still_here()
    audit.open_round(db, round_id)
    kiosk._submit()
    record("thanks")

    print(json.dumps(states), flush=True)
    kiosk.unlock()
    archive.close()
    app.quit()


if __name__ == "__main__":
    main()
