"""The participant mode window's screens, laid out: welcome, question, side,
review, thank-you and the facilitator's PIN.

``KioskPages`` only makes the controls and connects them to the slots that
``kiosk.KioskWindow`` (its subclass) defines; what the screens do, and how the
window refuses to be left, is there. Type sizes and colours are in ui/kiosk.qss.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.kiosk import Screen
from spf_desktop.domain.questions import SIDE_LABELS, SIDES
from spf_desktop.gui.a11y import announce, set_accessible_role
from spf_desktop.gui.app import stylesheet
from spf_desktop.gui.audit.kiosk_access import radio, radio_group
from spf_desktop.gui.widgets import Label, set_role, writes

PRIVACY_NOTICE = (
    "Your answers are anonymous: no names, no times, stored in random order. "
    "Nobody can see your answers after you submit, and results for small groups are never shown."
)


def _button(text: str, name: str, *, role: str = "") -> QPushButton:
    """A big button; ``role`` (primary, quiet) picks its look in ui/kiosk.qss."""
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    if role:
        button.setObjectName(role)
    return button


def _label(text: str = "", name: str = "", *, wrap: bool = True, role: str = "") -> Label:
    """A label whose spoken name is what it shows; ``name`` is its purpose (its
    accessible identifier, how code and tests find it); ``role`` (questionText,
    bigTitle) picks its look in ui/kiosk.qss."""
    label = Label(text, name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        label.setObjectName(role)
    return label


def warning_message(seconds: int) -> str:
    """What the idle warning says, ``seconds`` before the answers are cleared."""
    return (f"Are you still there? Your answers will be cleared in {seconds} seconds "
            "unless you carry on.")


#: What the idle warning's alert says aloud (with the time left): how to carry on.
WARNING_KEYS = "Press any key to keep your answers."
#: Said (and shown) once a response is stored.
THANKS = "Thank you, your answers are saved."
PASS_ON = "Please pass the laptop on."


def say(label: QLabel, text: str) -> None:
    """Show text on a label. A live label (an error) announces it; the same message
    again (a second wrong PIN, say) is announced again, since it is news again."""
    if isinstance(label, Label) and text and text == label.text() and label.politeness():
        announce(label, text, assertive=label.politeness() == "assertive")
    label.setText(text)


def clear_clipboard() -> None:
    """Empty the clipboard (and the X11 selection), so a comment copied by one
    participant cannot be pasted, or read, by the next."""
    board = QGuiApplication.clipboard()
    if board is None:
        return
    board.clear(QClipboard.Mode.Clipboard)
    if board.supportsSelection():
        board.clear(QClipboard.Mode.Selection)


def _sized(widget: QWidget, size: str) -> None:
    """Type size by role (title, question, score, small): read from the back of a room."""
    widget.setProperty("textSize", size)


def hold_tab_stops(buttons: list[QPushButton], chosen: int | None) -> None:
    """Which choices in a row take Tab.

    Until one is chosen, every choice is a Tab stop, so a participant who can press
    only Tab and Space reaches 7 as well as 0. Once one is chosen the row is one
    stop, at the choice, as a radio group is: Tab goes on past the row (a space
    typed next lands in the comment, never on the next score) and comes back to
    the choice; the arrows move within it either way."""
    for n, button in enumerate(buttons):
        takes_tab = chosen is None or n == chosen
        policy = Qt.FocusPolicy.StrongFocus if takes_tab else Qt.FocusPolicy.ClickFocus
        if button.focusPolicy() != policy:
            button.setFocusPolicy(policy)


#: Participant mode's type (ui/kiosk.qss) is drawn for a screen this many lines of
#: its body text high (a 1280x720 laptop has 25.7). With the system's text made
#: larger (200% on a 1366x768 laptop leaves 13.7), every size steps down together
#: until the screens fit again, never below the system's own size for the body.
TYPE_LINES = 24.0
BODY_POINTS = 18.0
_POINTS = re.compile(r"(\d+(?:\.\d+)?)pt\b")


def type_scale(height: int, dpi: float, system_points: float) -> float:
    """How much of ui/kiosk.qss's type sizes fits a window ``height`` pixels high."""
    line = BODY_POINTS * dpi / 72 * 1.17  # a line of body text, in pixels
    scale = min(1.0, height / (line * TYPE_LINES))
    floor = min(1.0, system_points / BODY_POINTS)  # never smaller than the system's text
    return round(max(scale, floor), 2)


def scaled_sheet(sheet: str, scale: float) -> str:
    """The stylesheet with every point size times ``scale``."""
    if scale == 1.0:
        return sheet
    return _POINTS.sub(lambda m: f"{float(m[1]) * scale:.1f}pt", sheet)


#: Arrow keys on the side screen: its buttons are one above the other.
SIDE_STEPS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1}


class KioskPages(QWidget):
    """The screens of participant mode, one page each in ``self.pages``."""

    def _build_screens(self, round_label: str, question_set: dict) -> None:
        self.setObjectName("kiosk")
        self.type_scale = 1.0
        self.setStyleSheet(stylesheet("kiosk.qss"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 32, 48, 32)
        # The idle warning has a band of its own across the top, empty until it shows:
        # nothing (the score buttons above all) moves when it does, and it covers
        # nothing. It is not in the layout; ``place_warning`` puts it in the band.
        self.warning = QFrame(self)
        self.warning.setObjectName("warning")
        # an alert: a screen reader presents it when it shows (and it is announced)
        self.warning.setAccessibleName("Warning")
        set_accessible_role(self.warning, "alert")
        warn_row = QHBoxLayout(self.warning)
        warn_row.setContentsMargins(8, 4, 8, 4)  # the band costs every screen its height
        self.warning_text = _label(name="Idle warning")
        self.still_here = _button("I am still here", "I am still here")
        self.still_here.clicked.connect(self._still_here)
        warn_row.addWidget(self.warning_text, 1)
        warn_row.addWidget(self.still_here)
        self.warning.hide()
        outer.setContentsMargins(48, 0, 48, 24)
        self.fit_warning_band()
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self._build_welcome(round_label)
        self._build_question(question_set["low_label"], question_set["high_label"])
        self._build_side(question_set["side_question"])
        self._build_review()
        self._build_thanks()
        self._build_pin()

    def fit_type(self) -> bool:
        """Size the type for this window (``type_scale``); True if it changed."""
        if self.height() <= 0:
            return False
        system = QGuiApplication.font().pointSizeF()
        scale = type_scale(self.height(), self.logicalDpiY(), system if system > 0 else 9.0)
        if scale == self.type_scale:
            return False
        self.type_scale = scale
        self.setStyleSheet(scaled_sheet(stylesheet("kiosk.qss"), scale))
        return True

    def _hold_tab_stops(self) -> None:
        """Tab reaches every score (every side) until one is chosen, then the choice."""
        s = self.session
        choice = s.choice if s.screen is Screen.QUESTION else None
        hold_tab_stops(self.score_buttons, choice if isinstance(choice, int) else None)
        hold_tab_stops(list(self.side_buttons.values()),
                       SIDES.index(s.side) if s.side in SIDES else None)

    def _step_side(self, key: Qt.Key) -> bool:
        """An arrow on the side screen chooses the side above or below; True if used."""
        if key not in SIDE_STEPS:
            return False
        buttons = list(self.side_buttons.values())
        focus = self.focusWidget()
        # from the side the focus is on (Tab came in at the first), else the one chosen
        at = (buttons.index(focus) if focus in buttons
              else SIDES.index(self.session.side) if self.session.side in SIDES else None)
        side = SIDES[0 if at is None else min(len(SIDES) - 1, max(0, at + SIDE_STEPS[key]))]
        self._act(lambda: self.session.choose_side(side))
        self.side_buttons[side].setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def fit_warning_band(self) -> None:
        """Make the band across the top as tall as the warning needs at this width:
        its longest text, wrapped beside its button, or the button, whichever is
        taller. The band is kept whether the warning shows or not, so nothing on
        the page moves when it does; it changes only with the window's width."""
        for widget in (self.warning, self.warning_text, self.still_here):
            widget.ensurePolished()
        layout = self.warning.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        button = self.still_here.sizeHint()
        text_width = (self._warning_width() - margins.left() - margins.right()
                      - layout.spacing() - button.width())
        text = warning_message(round(self.session.idle_discard))
        lines = self.warning_text.fontMetrics().boundingRect(
            QRect(0, 0, max(40, text_width), 100_000), int(Qt.TextFlag.TextWordWrap), text)
        band = margins.top() + margins.bottom() + max(button.height(), lines.height() + 4) + 12
        if band != getattr(self, "warning_band", None):
            self.warning_band = band
            outer = self.layout()
            if outer is not None:
                left, _, right, bottom = outer.getContentsMargins()
                outer.setContentsMargins(left, band, right, bottom)
        if self.warning.isVisible():
            self.place_warning()

    def _warning_width(self) -> int:
        return max(200, self.width() - 64)

    def place_warning(self) -> None:
        """The warning in its band across the top of the window, in front."""
        self.warning.setGeometry(32, 6, self._warning_width(), self.warning_band - 12)
        self.warning.raise_()

    def _page(self, spacing: int = 18) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setSpacing(spacing)
        self.pages.addWidget(page)
        return page, layout

    def _build_welcome(self, round_label: str) -> None:
        self.welcome_page, lay = self._page()
        title = _label("Partnership behaviours audit", "Welcome", role="bigTitle")
        set_accessible_role(title, "heading")
        _sized(title, "title")
        lay.addStretch(1)
        lay.addWidget(title)
        lay.addWidget(_label(
            f"{round_label}: {len(self.session.questions)} short questions, each scored from 0 "
            "to 10. You can skip any question and add a comment if you wish.",
            "About this audit"))
        lay.addWidget(_label(PRIVACY_NOTICE, "Privacy notice"))
        self.start_button = _button("Start", "Start", role="primary")
        self.start_button.setAccessibleDescription(PRIVACY_NOTICE)  # read with the focus on it
        self.start_button.clicked.connect(self._start)
        lay.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(2)
        self.leave_button = _button("Facilitator: leave participant mode",
                                    "Leave participant mode", role="quiet")
        _sized(self.leave_button, "small")
        self.leave_button.clicked.connect(self._ask_pin)
        lay.addWidget(self.leave_button, 0, Qt.AlignmentFlag.AlignRight)

    def _build_question(self, low: str, high: str) -> None:
        self.question_page, page_lay = self._page(spacing=12)  # it must fit 1280x720
        self.question_page.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # named by the question shown (``render``); found by its purpose
        self.question_page.setAccessibleIdentifier("Question screen")
        self.question_page.setAccessibleName("Question screen")
        # Everything but the row of Back, Skip and Next is in a scroll area: on the
        # screens and fonts the tests know it all shows, unscrolled; with a longer
        # question (a forum's own set) or larger type than theirs, the comment box
        # gives way first, then the scroll bar, and the way on never leaves the screen.
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(12)
        self.progress = _label(name="Progress")
        self.question_text = _label(name="Question", role="questionText")
        set_accessible_role(self.question_text, "heading")
        _sized(self.question_text, "question")
        lay.addWidget(self.progress)
        lay.addWidget(self.question_text)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        # The scores are one radio group (kiosk_access): Tab stops as hold_tab_stops says,
        # each a radio button that says "selected" when chosen.
        self.score_group = QWidget()
        row = QHBoxLayout(self.score_group)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        self.score_buttons: list[QPushButton] = []
        for score in range(11):
            button = _button(str(score), f"Score {score} out of 10")
            radio(button)
            button.setCheckable(True)
            button.setMinimumSize(72, 72)
            _sized(button, "score")
            button.clicked.connect(lambda _=False, s=score: self._choose(s))
            row.addWidget(button)
            self.score_buttons.append(button)
        self.score_buttons[0].setAccessibleDescription(low)
        self.score_buttons[-1].setAccessibleDescription(high)
        grid.addWidget(self.score_group, 0, 0, 1, 11)
        for column in range(11):
            grid.setColumnStretch(column, 1)
        # The words under the scale wrap rather than widen the window past a narrow screen.
        low_label = _label(low, "Low end of the scale")
        grid.addWidget(low_label, 1, 0, 1, 3,
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # between the scale's ends: how to type a 10, which has no key of its own
        self.ten_hint = _label("Keys 0 to 9. Type 1 then 0 for 10.", "Keyboard hint")
        self.ten_hint.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        _sized(self.ten_hint, "small")
        grid.addWidget(self.ten_hint, 1, 3, 1, 5)
        high_label = _label(high, "High end of the scale")
        high_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(high_label, 1, 8, 1, 3)
        lay.addLayout(grid)
        # labelled by the question and the scale's ends, described by the scale
        radio_group(self.score_group, [self.question_text, low_label, high_label])
        self.score_group.setAccessibleIdentifier("Scores")
        self.score_group.setAccessibleName("Score")
        self.score_group.setAccessibleDescription(f"From 0, {low}, to 10, {high}.")
        self.skip_button = _button("Skip this question", "Skip this question")
        self.skip_button.clicked.connect(self._skip)
        lay.addWidget(_label("A comment, if you wish (optional):"))
        self.comment = QPlainTextEdit()
        self.comment.setAccessibleName("Comment (optional)")
        self.comment.setTabChangesFocus(True)
        self.comment.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # no menus
        self.comment.setMaximumHeight(140)
        self.comment.setMinimumHeight(56)
        self.comment.textChanged.connect(self._comment_changed)
        lay.addWidget(self.comment)
        self.comment_count = _label(name="Comment length")
        _sized(self.comment_count, "small")
        lay.addWidget(self.comment_count)
        lay.addStretch(1)
        self.question_scroll = QScrollArea()
        self.question_scroll.setWidget(body)
        self.question_scroll.setWidgetResizable(True)
        self.question_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.question_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.question_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls
        # the window's own white behind it (setWidget turned the body's fill on)
        self.question_scroll.viewport().setAutoFillBackground(False)
        body.setAutoFillBackground(False)
        page_lay.addWidget(self.question_scroll, 1)
        nav = self._nav("question")
        nav.insertWidget(1, self.skip_button)  # Back, Skip ... Next: one row, so it fits 720
        page_lay.addLayout(nav)
        # Tab from the comment goes to Next, the way on, then to Back and Skip.
        QWidget.setTabOrder(self.comment, self.question_forward)
        QWidget.setTabOrder(self.question_forward, self.question_back)
        QWidget.setTabOrder(self.question_back, self.skip_button)

    def _nav(self, page: str) -> QHBoxLayout:
        row = QHBoxLayout()
        back = _button("Back", "Back")
        back.clicked.connect(self._back)
        row.addWidget(back)
        row.addStretch(1)
        if page == "review":
            forward = writes(_button("Submit", "Submit", role="primary"))  # stores a response
            forward.clicked.connect(self._submit)
        else:
            forward = _button("Next", "Next", role="primary")
            forward.clicked.connect(self._next)
        row.addWidget(forward)
        setattr(self, f"{page}_back", back)
        setattr(self, f"{page}_forward", forward)
        return row

    def _build_side(self, text: str) -> None:
        self.side_page, lay = self._page()
        self.side_page.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.side_page.setAccessibleIdentifier("Side screen")
        self.side_page.setAccessibleName(text)
        title = _label(text, "Side question", role="questionText")
        set_accessible_role(title, "heading")
        _sized(title, "question")
        lay.addWidget(title)
        optional = _label("Optional. This lets the forum compare the two sides when both "
                          "groups are big enough.")
        lay.addWidget(optional)
        # the side options are a radio group under the side question, as the scores are
        self.side_group = QWidget()
        # as tall as its buttons: the words above give way first, never the buttons
        self.side_group.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        column = QVBoxLayout(self.side_group)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(lay.spacing())
        self.side_buttons: dict[str, QPushButton] = {}
        for side in SIDES:
            button = _button(SIDE_LABELS[side], SIDE_LABELS[side])
            radio(button)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, s=side: self._choose_side(s))
            column.addWidget(button)
            self.side_buttons[side] = button
        lay.addWidget(self.side_group)
        radio_group(self.side_group, [title])
        self.side_group.setAccessibleIdentifier("Sides")
        self.side_group.setAccessibleName(text)
        self.side_group.setAccessibleDescription(optional.text())
        lay.addStretch(1)
        lay.addLayout(self._nav("side"))

    def _build_review(self) -> None:
        # Ten answers and the side fit 1024x768 without scrolling: tighter spacing, a
        # one-line explanation, and the list's own (still large) type size.
        self.review_page, lay = self._page(spacing=8)
        title = _label("Check your answers", "Review", role="bigTitle")
        set_accessible_role(title, "heading")
        _sized(title, "question")
        lay.addWidget(title)
        lay.addWidget(_label("To change an answer, choose it and press Enter. Then press "
                             "Submit.", "How to change an answer"))
        self.review_list = QListWidget()
        self.review_list.setAccessibleName("Your answers")
        _sized(self.review_list, "review")
        # A long question wraps rather than hiding its score off the right edge.
        self.review_list.setWordWrap(True)
        self.review_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.review_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.review_list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.review_list.itemActivated.connect(
            lambda item: self._go_to(self.review_list.row(item)))
        lay.addWidget(self.review_list, 1)
        self.review_error = _label(name="Submit problem")
        set_role(self.review_error, "error")  # and so announced, assertively
        set_accessible_role(self.review_error, "alert")
        lay.addWidget(self.review_error)
        lay.addLayout(self._nav("review"))

    def _build_thanks(self) -> None:
        self.thanks_page, lay = self._page()
        # The focus comes here after Submit: a screen reader says the page's name.
        self.thanks_page.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.thanks_page.setAccessibleIdentifier("Thank-you screen")
        self.thanks_page.setAccessibleName(f"{THANKS} {PASS_ON}")
        lay.addStretch(1)
        thanks = _label(THANKS, "Thank you", role="bigTitle")
        set_accessible_role(thanks, "heading")
        _sized(thanks, "title")
        thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(thanks)
        done = _label(f"{PASS_ON} This screen clears by itself.", "Saved")
        done.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(done)
        lay.addStretch(1)

    def _build_pin(self) -> None:
        self.pin_page, lay = self._page()
        lay.addStretch(1)
        heading = _label("Facilitator only", "PIN heading", role="bigTitle")
        set_accessible_role(heading, "heading")
        lay.addWidget(heading)
        lay.addWidget(_label("Enter the facilitator PIN to leave participant mode."))
        self.pin_edit = QLineEdit()
        self.pin_edit.setAccessibleName("Facilitator PIN")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(12)
        self.pin_edit.returnPressed.connect(self._try_pin)
        lay.addWidget(self.pin_edit)
        self.pin_message = _label(name="PIN message")
        set_role(self.pin_message, "error")  # and so announced, assertively
        set_accessible_role(self.pin_message, "alert")
        lay.addWidget(self.pin_message)
        row = QHBoxLayout()
        self.pin_cancel = _button("Cancel", "Cancel")
        self.pin_cancel.clicked.connect(self._cancel_pin)
        self.pin_unlock = _button("Unlock", "Unlock", role="primary")
        self.pin_unlock.clicked.connect(self._try_pin)
        row.addWidget(self.pin_cancel)
        row.addStretch(1)
        row.addWidget(self.pin_unlock)
        lay.addLayout(row)
        lay.addStretch(2)
