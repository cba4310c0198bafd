"""The results screen for the facilitator, and the full-screen "Present" window.

Figures and the anonymity rules come from spf_desktop.domain.results; this only
lays them out.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from spf_desktop.domain.figures import REAL_FALL, REAL_RISE, Interval, fmt_interval, has_bounds
from spf_desktop.domain.peer_benchmarks import PeerComparison, question_line, screen_lines
from spf_desktop.domain.results import QuestionResult, RoundResults
from spf_desktop.domain.results_text import (
    could_be,
    counted,
    gap_text,
    headline,
    spread_text,
)
from spf_desktop.domain.scoring import fmt_change, fmt_score
from spf_desktop.gui.a11y import set_accessible_role
from spf_desktop.gui.app import stylesheet
from spf_desktop.gui.audit.charts import ChartRow, DistributionChart, QuestionChart
from spf_desktop.gui.widgets import buddy, button, label, named

Index = QModelIndex | QPersistentModelIndex

# The first nine fit a 1024-wide screen; how sure each figure is follows to the right
# (and, for the chosen question, in words beside the table).
COLUMNS = ("#", "Question", "Answered", "Skipped", "Mean", "Median", "Change",
           "Staff side", "Management side", "Verdict", "Change could be", "Mean could be",
           "Spread", "Side gap")


class ResultsTableModel(QAbstractTableModel):
    """Per question: count, skips, mean (and its interval), median, change (its interval
    and verdict), spread, and the sides and their gap when allowed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[QuestionResult] = []
        self.sides = False
        # every cell's text worked out once per round: the view asks for each many times
        self.cells: list[tuple[str, ...]] = []
        self.tips: list[dict[int, str]] = []
        self.bold = QFont()
        self.bold.setBold(True)

    def set_results(self, res: RoundResults | None) -> None:
        self.beginResetModel()
        self.rows = list(res.questions) if res is not None else []
        self.sides = bool(res and res.sides_visible)
        self.cells = [self._cells(q) for q in self.rows]
        self.tips = [self._tips(q) for q in self.rows]
        self.endResetModel()

    def _cells(self, q: QuestionResult) -> tuple[str, ...]:
        s = q.stats
        sides = [fmt_score(q.by_side[k].mean) if self.sides and k in q.by_side else "hidden"
                 for k in ("staff", "management")]
        ci = q.change_interval
        gap = "-" if q.gap is None else f"{fmt_change(q.gap.estimate)}, {q.gap.verdict}"
        return (
            str(q.info.position), q.info.text, str(s.count), str(s.skips), fmt_score(s.mean),
            fmt_score(s.median), fmt_change(q.change), *sides,
            ci.verdict if ci else "-", fmt_interval(ci), fmt_interval(q.interval, signed=False),
            "-" if q.spread is None else f"SD {fmt_score(q.spread.sd)}, {q.spread.shape}",
            gap if self.sides else "hidden",
        )

    def _tips(self, q: QuestionResult) -> dict[int, str]:
        """Tooltips in words where a cell is a shorthand (the rest show their own text)."""
        change = could_be(q.change_interval)
        return {k: v for k, v in {
            4: could_be(q.interval, signed=False), 6: change, 9: change, 10: change,
            11: could_be(q.interval, signed=False), 12: spread_text(q),
            13: gap_text(q.gap) if self.sides else "hidden"}.items() if v}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            # two-word headings on two lines, so the figures fit a 1024-wide screen
            return COLUMNS[section].replace(" side", "\nside")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells[row][col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft if col == 1 else Qt.AlignmentFlag.AlignRight) \
                | int(Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and col in (6, 9):
            # a real rise or fall stands out in bold; noise does not
            ci = self.rows[row].change_interval
            return self.bold if ci is not None and ci.verdict in (REAL_RISE, REAL_FALL) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tips[row].get(col, self.cells[row][col])
        return None


class ResultsView(QWidget):
    """Headline, chart, table, distribution and comments for one round."""

    present_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Results")
        self.results: RoundResults | None = None
        self.peers: PeerComparison | None = None
        self.present_window: PresentWindow | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._build_top())
        self.summary = label("", "Results summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        outer.addWidget(self.summary)
        # other forums' benchmark files: hidden when there are none to compare with
        self.peer_line = label("", "Other forums")
        self.peer_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                               | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.peer_line.hide()
        outer.addWidget(self.peer_line)
        # No scroll area of its own: the chart draws every bar in the height it is
        # given, so at 1024x768 all ten show at once and only the table scrolls.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        self.chart = QuestionChart()
        splitter.addWidget(self.chart)
        splitter.addWidget(self._build_lower())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        outer.addWidget(splitter, 1)

    def _build_top(self) -> QHBoxLayout:
        """The headline, in large type, and where to present it."""
        top = QHBoxLayout()
        self.title = label("No round chosen", "Overall result", role="heading", wrap=False)
        font = self.title.font()
        font.setPointSizeF(max(font.pointSizeF(), 9) * 1.8)
        font.setBold(True)
        self.title.setFont(font)
        top.addWidget(self.title, 1)
        self.screen_choice = named(QComboBox(), "Screen to present on")
        top.addWidget(buddy("Present on:", self.screen_choice))
        top.addWidget(self.screen_choice)
        self.present_button = button("Present")
        self.present_button.clicked.connect(self.present_requested)
        top.addWidget(self.present_button)
        return top

    def _build_lower(self) -> QSplitter:
        """The table of figures beside the chosen question's distribution and comments."""
        lower = QSplitter(Qt.Orientation.Horizontal)
        self.model = ResultsTableModel(self)
        self.table = named(QTableView(), "Results per question")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # one Tab stop; arrows move inside it
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setAccessibleName("Question rows")
        self.table.horizontalHeader().setAccessibleName("Result columns")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        self.question_figures = label("", "Figures for the chosen question")
        self.question_figures.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # room for its two lines: a splitter pane does not ask a wrapped label its height
        self.question_figures.setMinimumHeight(
            self.question_figures.fontMetrics().lineSpacing() * 2 + 4)
        left_layout.addWidget(self.question_figures)
        lower.addWidget(left)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.distribution = DistributionChart()
        # small enough that, at 1024x768, the distribution, the note and a few comments
        # share the pane without overlapping
        self.distribution.setMinimumHeight(110)
        side_layout.addWidget(self.distribution, 3)
        self.comments_note = label("", "About the comments")
        # room for its three lines: a splitter pane does not ask a wrapped label its height
        self.comments_note.setMinimumHeight(self.comments_note.fontMetrics().lineSpacing() * 3)
        self.comments_note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        side_layout.addWidget(self.comments_note)
        self.comments = named(QListWidget(), "Comments")
        self.comments.setWordWrap(True)
        self.comments.setMinimumHeight(40)
        side_layout.addWidget(self.comments, 2)
        lower.addWidget(side)
        lower.setStretchFactor(0, 2)  # the table's figures first; the chart copes narrower
        lower.setStretchFactor(1, 1)
        return lower

    def fill_screens(self) -> None:
        self.screen_choice.clear()
        for n, screen in enumerate(QGuiApplication.screens(), start=1):
            size = screen.geometry()
            self.screen_choice.addItem(f"Screen {n}: {screen.name()} ({size.width()}x{size.height()})")

    def chosen_screen(self) -> QScreen | None:
        screens = QGuiApplication.screens()
        n = self.screen_choice.currentIndex()
        return screens[n] if 0 <= n < len(screens) else None

    def show_results(self, res: RoundResults | None, *, empty: str = "",
                     screened: bool = True, peers: PeerComparison | None = None) -> None:
        """Show a round; ``peers`` is where it stands among other forums' benchmark
        files (worked out by the caller when the round is chosen)."""
        self.results = res
        self.peers = peers if res is not None and res.visible else None
        lines = peer_lines(self.peers, res)
        self.peer_line.setText("\n".join(lines))
        self.peer_line.setVisible(bool(lines))
        self.model.set_results(res if res is not None and res.visible else None)
        self.comments.clear()
        self.present_button.setEnabled(res is not None and res.visible)
        if res is None:
            self.title.setText(empty or "No round chosen")
            self.summary.setText("")
            self.chart.set_data([], empty="Choose a forum and a round above to see its results.")
            self.distribution.set_data("", (0,) * 11, 0)
            self.comments_note.setText("")
            self.question_figures.setText("")
            return
        head = headline(res)
        self.title.setText(head.title)
        self.summary.setText("\n".join(head.lines))
        self.chart.set_data(chart_rows(res), benchmark=benchmark_of(res),
                            previous_label=previous_label(res), sides=res.sides_visible,
                            empty="The chart appears here once the round has enough responses.")
        if res.visible and res.comments_visible:
            comments = [f"Q{q.info.position}: {c}" for q in res.questions for c in q.comments]
            if not screened:
                waiting = "is" if len(comments) == 1 else "are"
                self.comments_note.setText(
                    f"{counted(len(comments), 'comment')} {waiting} waiting to be screened. "
                    "Read them in the "
                    "Screen comments tab and press \"Comments screened\" to show them here.")
            else:
                self.comments.addItems(comments)
                self.comments_note.setText(f"{counted(len(comments), 'comment')}, in shuffled order."
                                           if comments else "No comments.")
        else:
            self.comments_note.setText(res.comments_reason)
        if self.model.rowCount():
            self.table.selectRow(0)
            self._row_changed(self.model.index(0, 0))
        else:
            self.distribution.set_data("", (0,) * 11, 0)
            self.question_figures.setText("")

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if not current.isValid() or current.row() >= len(self.model.rows):
            return
        q = self.model.rows[current.row()]
        self.distribution.set_data(f"{q.info.position}. {q.info.text}", q.stats.distribution,
                                   q.stats.skips, labels=q.stats.values)
        among = question_line(self.peers, q.info.key, q.info.text)
        self.question_figures.setText(" ".join(
            filter(None, [question_figures(q, self.results),
                          f"Among other forums: {among}." if among else ""])))


    def present(self, screen: QScreen | None = None) -> PresentWindow | None:
        if self.results is None or not self.results.visible:
            return None
        if self.present_window is not None:
            self.present_window.close()
        self.present_window = window = PresentWindow(self.results, self.peers)
        # it deletes itself when closed: forget it then, so Present works again
        window.destroyed.connect(lambda: self._forget(window))
        window.show_on(screen if screen is not None else self.chosen_screen())
        return window

    def _forget(self, window: PresentWindow) -> None:
        if self.present_window is window:
            self.present_window = None


def question_figures(q: QuestionResult, res: RoundResults | None) -> str:
    """The chosen question's figures in words, short enough for two lines: how sure
    its mean and change are, how much the room agrees, and the sides' gap when shown."""
    parts = [f"Q{q.info.position}:"]
    if q.interval is not None:
        parts.append(f"mean {fmt_score(q.stats.mean)} {_paren(q.interval, signed=False)};")
    if q.change_interval is not None:
        parts.append(f"change {fmt_change(q.change)} {_paren(q.change_interval)};")
    if q.spread is not None:
        mixed = ", among the most mixed" if res is not None and q in res.most_mixed() else ""
        parts.append(f"{spread_text(q)}{mixed};")
    if res is not None and res.sides_visible and q.gap is not None:
        parts.append(f"management minus staff side {fmt_change(q.gap.estimate)} "
                     f"{_paren(q.gap)};")
    if len(parts) == 1:
        return ""
    return " ".join(parts).removesuffix(";") + "."


def _paren(interval: Interval, *, signed: bool = True) -> str:
    """"(+1.34 to +2.63, a real rise)", or "(too few answers to say)"."""
    if not has_bounds(interval):
        return f"({interval.verdict})"
    verdict = f", {interval.verdict}" if interval.verdict else ""
    return f"({fmt_interval(interval, signed=signed)}{verdict})"


def peer_lines(cmp: PeerComparison | None, res: RoundResults | None) -> list[str]:
    """Where the round stands among other forums' benchmark files, in lines."""
    if res is None:
        return []
    return screen_lines(cmp, [(q.info.position, q.info.key) for q in res.questions],
                        res.benchmark.label if res.benchmark else "")


def chart_rows(res: RoundResults) -> list[ChartRow]:
    return [
        ChartRow(q.info.position, q.info.text, q.stats.mean, q.previous_mean,
                 q.by_side["staff"].mean if "staff" in q.by_side else None,
                 q.by_side["management"].mean if "management" in q.by_side else None)
        for q in res.questions
    ]


def benchmark_of(res: RoundResults) -> tuple[str, float] | None:
    return (res.benchmark.label, res.benchmark.value) if res.benchmark else None


def previous_label(res: RoundResults) -> str:
    return f"{res.previous.label} ({res.previous.date})" if res.previous else ""


def present_lines(lines: list[str]) -> list[tuple[str, bool]]:
    """The summary for a projector, as (line, small): each change's "could be" on a
    small line of its own under the change it belongs to; by side, only the averages
    and whether their gap is real."""
    out = []
    for line in lines:
        head, sep, rest = line.partition(" (could be ")
        if sep and line.startswith("Change"):
            out += [(head, False), ("could be " + rest.removesuffix(")"), True)]
        elif line.startswith("By side:"):
            averages, _, gap = line.partition("; ")
            out.append((averages, False))
            if gap:
                out.append((gap.split(". ")[0], True))
        else:
            out.append((line, False))
    return out


def present_html(lines: list[str]) -> str:
    """present_lines as rich text: the "could be" lines in smaller type."""
    return "<br>".join(
        f'<span style="font-size: small">&nbsp;&nbsp;&nbsp;&nbsp;{html.escape(text)}</span>'
        if small else html.escape(text) for text, small in present_lines(lines))


class PresentWindow(QWidget):
    """The results on a projector: full screen, the chart in big type. Escape stops."""

    def __init__(self, res: RoundResults, peers: PeerComparison | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        set_accessible_role(self, "window")  # a frameless top-level: say it is a window
        self.setAccessibleName("Presenting results")
        self.setWindowTitle(f"{res.label}: results")
        self.setObjectName("present")  # its look (big type on white) is ui/present.qss
        self.setStyleSheet(stylesheet("present.qss"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        head = headline(res)
        top = QHBoxLayout()
        title = label(head.title, "Overall result", role="heading")
        title.setObjectName("presentTitle")
        top.addWidget(title, 1)
        count = label(counted(res.responses, "response"), "Number of responses", wrap=False)
        count.setObjectName("presentCount")
        top.addWidget(count, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(top)
        lines = [line for line in head.lines[1:]
                 if not line.startswith(("Lowest", "Highest", "Most mixed", "Real gaps"))]
        sub = label(present_html(lines), "Results summary")
        sub.setTextFormat(Qt.TextFormat.RichText)
        sub.setObjectName("presentSummary")
        layout.addWidget(sub)
        among = peer_lines(peers, res)
        if among:
            others = label("\n".join(among), "Other forums")
            others.setObjectName("presentOthers")
            layout.addWidget(others)
        # long questions wrap onto two or three lines rather than lose their ends
        self.chart = QuestionChart(scale=1.7, wrap_labels=True)
        self.chart.set_data(chart_rows(res), benchmark=benchmark_of(res),
                            previous_label=previous_label(res), sides=res.sides_visible)
        self.chart.setMinimumHeight(200)  # fit the screen: the rows share its height
        layout.addWidget(self.chart, 1)
        stop = button("Stop presenting (Esc)", "Stop presenting")
        stop.setObjectName("stopPresenting")
        stop.clicked.connect(self.close)
        layout.addWidget(stop, 0, Qt.AlignmentFlag.AlignRight)

    def show_on(self, screen: QScreen | None) -> None:
        if screen is not None:
            self.setScreen(screen)
            self.move(screen.geometry().topLeft())
        self.showFullScreen()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.deleteLater()
        super().closeEvent(event)
