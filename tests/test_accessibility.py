"""Accessibility: every control in every view has a name a screen reader can say,
the stylesheet's colours reach WCAG AA contrast, and text follows the system
font size.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from spf_desktop.gui.app import make_application, settings_for
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.paths import ui_file
from spf_desktop.store import Archive
from tests.a11y_walk import qt_internal

GUI = Path(__file__).resolve().parents[1] / "spf_desktop" / "gui"

# -- every interactive control has an accessible name ------------------------------

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
               QAbstractSlider, QTextEdit, QPlainTextEdit)
# Parts Qt makes inside a control (a spin box's line edit, a table's headers):
# the control's own name covers them.
INSIDE = (QComboBox, QAbstractSpinBox, QTabBar, QCalendarWidget, QScrollBar, QAbstractItemView)


def _qt_internal(widget: QWidget, root: QWidget) -> bool:
    return qt_internal(widget, root, INSIDE)


def unnamed_controls(root: QWidget, where: str) -> list[str]:
    found = []
    for widget in root.findChildren(QWidget):
        if (isinstance(widget, INTERACTIVE) and widget.isVisible()
                and not widget.accessibleName() and not _qt_internal(widget, root)):
            label = (widget.text() if isinstance(widget, QAbstractButton | QLineEdit) else "") or ""
            shows = f" showing {label!r}" if label else ""
            found.append(f"{where}: {type(widget).__name__} {widget.objectName()!r}{shows}")
    return found


def walk_tabs(qtbot, page: QWidget, where: str, seen: set[int]) -> list[str]:
    """The page as shown, then each tab of each tab widget on it, in turn."""
    problems = unnamed_controls(page, where)
    for tabs in page.findChildren(QTabWidget):
        if id(tabs) in seen or not tabs.isVisible():
            continue
        seen.add(id(tabs))
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            qtbot.waitUntil(lambda t=tabs, i=index: t.currentWidget() is t.widget(i)
                            and t.widget(i).isVisible())
            tab = f"{where} > {tabs.tabText(index).replace('&', '')}"
            problems += walk_tabs(qtbot, tabs.widget(index), tab, seen)
    return problems


@pytest.fixture
def window(qtbot, demo_path: Path, home: Path) -> MainWindow:
    make_application()
    win = MainWindow(Archive.open(demo_path), settings_for(home))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_every_control_in_every_view_and_tab_has_an_accessible_name(qtbot, window) -> None:
    navigation = window.ui.navigation
    assert navigation.count() >= 4
    problems = unnamed_controls(window, "Main window")
    seen: set[int] = set()
    for row in range(navigation.count()):
        navigation.setCurrentRow(row)
        name = navigation.item(row).text()
        page = window.ui.pages.currentWidget()
        qtbot.waitUntil(page.isVisible)
        qtbot.wait(0)  # a view may finish building just after it is first shown
        problems += walk_tabs(qtbot, page, f"{name} view", seen)
    assert seen, "no tab widget was walked"
    assert problems == [], "controls without an accessible name:\n" + "\n".join(problems)


def test_the_check_finds_an_unnamed_control(qtbot) -> None:
    from PySide6.QtWidgets import QPushButton, QSpinBox, QVBoxLayout

    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    named = QPushButton("Save")
    named.setAccessibleName("Save")
    layout.addWidget(named)
    layout.addWidget(QPushButton("Delete"))
    spin = QSpinBox()  # its inner line edit is Qt's, so only the spin box counts
    layout.addWidget(spin)
    page.show()
    qtbot.waitExposed(page)
    found = unnamed_controls(page, "Test page")
    assert found == ["Test page: QPushButton '' showing 'Delete'", "Test page: QSpinBox ''"]


# -- colour contrast (WCAG 2.1 AA) ------------------------------------------------

HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})\b")
NAMED = {"white": "#ffffff", "black": "#000000"}


def _colour(value: str) -> str | None:
    value = value.strip().lower()
    if value in NAMED:
        return NAMED[value]
    match = HEX.search(value)
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.lower()


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def rules(qss: str) -> list[tuple[list[str], dict[str, str]]]:
    """(selectors, properties) for each rule of a stylesheet."""
    qss = re.sub(r"/\*.*?\*/", "", qss, flags=re.S)
    found = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", qss):
        props = {}
        for decl in body.split(";"):
            if ":" in decl:
                key, value = decl.split(":", 1)
                props[key.strip().lower()] = value.strip()
        found.append(([s.strip() for s in selectors.split(",") if s.strip()], props))
    return found


def _background(props: dict[str, str]) -> str | None:
    for key in ("background-color", "background"):
        if key in props and _colour(props[key]):
            return _colour(props[key])
    return None


def colour_pairs(qss: str) -> list[tuple[str, str, str, float]]:
    """(what, text colour, background, needed ratio) for every pair the sheet makes.

    A rule that sets only a text colour is drawn on the background of the rule
    its selector extends (``QListWidget#navigation::item`` on
    ``QListWidget#navigation``), else on the window's background. Focus borders
    are checked as non-text contrast (3:1) against the same background.
    """
    parsed = rules(qss)
    backgrounds: dict[str, str] = {}
    for selectors, props in parsed:
        if _background(props):
            for sel in selectors:
                backgrounds[sel] = _background(props)  # type: ignore[assignment]
    window = backgrounds.get("QMainWindow", "#ffffff")

    def behind(selector: str) -> str:
        base = re.split(r"::|:", selector)[0]
        candidates = [s for s in backgrounds if base.startswith(s) and s != selector]
        return backgrounds[max(candidates, key=len)] if candidates else window

    pairs = []
    for selectors, props in parsed:
        for sel in selectors:
            back = _background(props) or behind(sel)
            if "color" in props and _colour(props["color"]):
                pairs.append((f"{sel} text", _colour(props["color"]), back, 4.5))
            if "selection-color" in props and "selection-background-color" in props:
                pairs.append((f"{sel} selected text", _colour(props["selection-color"]),
                              _colour(props["selection-background-color"]), 4.5))
            if ":focus" in sel:
                border = next((_colour(v) for k, v in props.items()
                               if k.startswith("border") and _colour(v)), None)
                if border:
                    pairs.append((f"{sel} focus border", border, back, 3.0))
    return pairs  # type: ignore[return-value]


def test_contrast_helpers_match_the_wcag_examples() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#003087", "#ffffff") == pytest.approx(11.85, abs=0.01)


STYLESHEETS = sorted(ui_file().glob("*.qss"))


def test_every_stylesheet_is_read() -> None:
    """The app's sheet, participant mode's and the projector's, at least; a new sheet
    in ui/ is checked by the test below without being listed anywhere."""
    assert {"style.qss", "kiosk.qss", "present.qss"} <= {p.name for p in STYLESHEETS}


@pytest.mark.parametrize("sheet", STYLESHEETS, ids=lambda p: p.name)
def test_stylesheet_colours_reach_wcag_aa(sheet: Path) -> None:
    pairs = colour_pairs(sheet.read_text(encoding="utf-8"))
    assert len(pairs) >= 2  # the check really read the sheet
    failing = [f"{what}: {fg} on {bg} is {contrast(fg, bg):.2f}:1, needs {need}:1"
               for what, fg, bg, need in pairs if contrast(fg, bg) < need]
    assert failing == []


def test_painted_text_reaches_wcag_aa() -> None:
    """Text drawn with QPainter takes its colours from gui/palette.py: the charts'
    labels and notes on their white ground, and the meeting clock's states."""
    from spf_desktop.gui import palette
    from spf_desktop.gui.audit import charts

    pairs = {"chart text": (charts.INK.name(), charts.BACKGROUND.name()),
             "chart note": (charts.PREVIOUS.name(), charts.BACKGROUND.name())}
    pairs |= {f"clock {state}": colours for state, colours in palette.CLOCK.items()}
    failing = [f"{what}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"
               for what, (fg, bg) in pairs.items() if contrast(fg, bg) < 4.5]
    assert failing == []


# -- no colour outside gui/palette.py and ui/*.qss ----------------------------------

COLOUR_WORDS = ("white|black|red|green|blue|yellow|orange|purple|pink|brown|gray|grey|"
                "cyan|magenta|navy|maroon|olive|teal|silver|lime|aqua|fuchsia|darkred|"
                "darkblue|darkgreen|lightgray|lightgrey|darkgray|darkgrey|transparent")
COLOUR_IN_TEXT = re.compile(
    r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|\b(rgba?|hsla?|hsva?)\s*\("
    r"|(color|background(-color)?|border(-[a-z]+)?|outline)\s*:[^;{}]*\b(" + COLOUR_WORDS + r")\b",
    re.I)
COLOUR_IN_CODE = re.compile(r"\bGlobalColor\b|\bQColor\(\s*(\d|['\"]\w)"
                            r"|\bQt\.(" + COLOUR_WORDS + r")\b", re.I)


def colour_literals(path: Path) -> list[str]:
    """Every colour written in a module's strings (stylesheets, QColor names) or code
    (QColor(r, g, b), Qt.GlobalColor), with its line. Comments do not count."""
    import io
    import tokenize

    source = path.read_text(encoding="utf-8")
    found = []
    strings = {tokenize.STRING} | {getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in strings and COLOUR_IN_TEXT.search(token.string):
            found.append(f"{token.start[0]}: {token.string.strip()[:60]}")
    for number, line in enumerate(source.splitlines(), start=1):
        if COLOUR_IN_CODE.search(line.split("#")[0]):  # a colour in a string is found above
            found.append(f"{number}: {line.strip()[:60]}")
    return found


def modules_with_colours() -> dict[str, list[str]]:
    found = {}
    for path in sorted(GUI.rglob("*.py")):
        relative = path.relative_to(GUI).as_posix()
        if relative == "palette.py" or relative.startswith("forms/"):
            continue  # the palette is where colours live; forms/ is generated from ui/*.ui
        literals = colour_literals(path)
        if literals:
            found[relative] = literals
    return found


def test_no_colour_is_written_outside_the_palette_and_the_stylesheets() -> None:
    """A colour written in a view would escape the contrast checks above."""
    found = modules_with_colours()
    assert found == {}, "\n".join(
        f"gui/{name}:{line}" for name in sorted(found) for line in found[name])


def test_the_colour_scan_finds_each_way_of_writing_a_colour(tmp_path: Path) -> None:
    module = tmp_path / "view.py"
    module.write_text(
        "# a comment may say #ffffff\n"
        "a.setStyleSheet('color: #8a1538;')\n"
        "b.setStyleSheet('background: rgb(1, 2, 3)')\n"
        "c.setStyleSheet(f'border: 2px solid {x}; color: red')\n"
        "d = QColor(200, 0, 0)\n"
        "e = QColor('navy')\n"
        "f = Qt.GlobalColor.red\n"
        "i = QBrush(Qt.darkGray)\n"
        "g = palette.qcolor(palette.INK)\n"
        "h.setStyleSheet(stylesheet('kiosk.qss'))\n", encoding="utf-8")
    assert sorted(int(line.split(":")[0]) for line in colour_literals(module)) == [
        2, 3, 4, 5, 6, 7, 8]


def test_the_contrast_check_finds_a_weak_pair() -> None:
    sheet = """
        QMainWindow { background-color: #ffffff; color: #1d1d1b; }
        QLabel[role="hint"] { color: #aaaaaa; }
        QPushButton:focus { border: 2px solid #ffeb3b; }
    """
    weak = [what for what, fg, bg, need in colour_pairs(sheet) if contrast(fg, bg) < need]
    assert weak == ['QLabel[role="hint"] text', "QPushButton:focus focus border"]


# -- text follows the system font size ----------------------------------------------

FIXED_SIZE = re.compile(r"font(-size)?\s*:[^;{}]*\b\d+(\.\d+)?\s*(px|pt)\b", re.I)


def test_the_stylesheet_sets_no_fixed_font_size() -> None:
    """The facilitator's window follows the system size. (Participant mode and the
    projector, ui/kiosk.qss and ui/present.qss, are read from across a room: their
    fixed sizes are on purpose.)"""
    qss = re.sub(r"/\*.*?\*/", "", ui_file("style.qss").read_text(encoding="utf-8"), flags=re.S)
    assert FIXED_SIZE.findall(qss) == []


def test_no_view_stylesheet_sets_a_pixel_font_size() -> None:
    """Pixel sizes ignore the user's font setting and the screen's scaling. (Painted
    charts may shrink type to fit a row; that is drawing, not a stylesheet.)"""
    found = []
    for path in sorted(GUI.rglob("*.py")):
        if "forms" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"font(-size)?\s*:[^;\"']*\d\s*px", line):
                found.append(f"{path.relative_to(GUI.parent.parent)}:{number}: {line.strip()}")
    assert found == []


def label_sizes(qtbot, demo_path: Path, home: Path) -> dict[str, float]:
    """Point size of each named label shown when the main window opens."""
    win = MainWindow(Archive.open(demo_path), settings_for(home))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    sizes = {w.accessibleName(): w.fontInfo().pointSizeF() for w in win.findChildren(QLabel)
             if w.isVisible() and w.text() and w.accessibleName()}
    win.close()
    return sizes


def test_text_follows_the_system_font_size(qtbot, demo_path: Path, home: Path) -> None:
    """A person who set a larger font in the system gets larger text in every label."""
    app = make_application()
    normal_font = app.font()
    normal = label_sizes(qtbot, demo_path, home)
    assert normal
    larger = app.font()
    larger.setPointSizeF(normal_font.pointSizeF() * 1.5)
    try:
        app.setFont(larger)
        grown = label_sizes(qtbot, demo_path, home)
    finally:
        app.setFont(normal_font)
    fixed = {name: size for name, size in grown.items()
             if name in normal and size < normal[name] * 1.4}
    assert fixed == {}, f"labels that keep their size: {fixed}"


# -- the audit by keyboard alone ------------------------------------------------------

def press(qtbot, root: QWidget, key, modifier=None) -> None:
    """A key where the window's keyboard focus is, as a person presses it."""
    from PySide6.QtCore import Qt

    target = root.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier or Qt.KeyboardModifier.NoModifier)


def tab_to(qtbot, root: QWidget, name: str, kind: type[QWidget] = QWidget) -> QWidget:
    from PySide6.QtCore import Qt

    for _ in range(80):
        focus = root.focusWidget()
        if focus is not None and isinstance(focus, kind) and focus.accessibleName() == name:
            return focus
        press(qtbot, root, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name!r}")


def tab_bar_to(qtbot, root: QWidget, title: str) -> None:
    """Tab to the Audit view's tab bar, then arrow to the tab called ``title``."""
    from PySide6.QtCore import Qt

    for _ in range(80):
        focus = root.focusWidget()
        if isinstance(focus, QTabBar) and focus.parentWidget().accessibleName() == "Audit tasks":
            break
        press(qtbot, root, Qt.Key.Key_Tab)
    else:
        raise AssertionError("Tab never reached the Audit view's tabs")
    bar = root.focusWidget()
    assert isinstance(bar, QTabBar)
    for _ in range(bar.count()):
        if bar.tabText(bar.currentIndex()).replace("&", "") == title:
            return
        press(qtbot, root, Qt.Key.Key_Right)
    raise AssertionError(f"no tab {title!r}")


def test_a_facilitator_sets_up_the_audit_by_keyboard_alone(qtbot, window) -> None:
    from PySide6.QtCore import QDate, Qt
    from PySide6.QtWidgets import QDateEdit

    from spf_desktop.store import audit

    assert window.focusWidget() is window.ui.navigation  # where the app starts
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # View > Audit
    assert window.current_view == "Audit"
    # the view's controls are made when it is first shown, and appear a moment later
    qtbot.waitUntil(lambda: any(t.accessibleName() == "Audit tasks" and t.isVisible()
                                for t in window.findChildren(QTabWidget)))

    tab_bar_to(qtbot, window, "New round")
    qtbot.keyClicks(tab_to(qtbot, window, "Round label", QLineEdit), "Autumn 2019 review")
    date_field = tab_to(qtbot, window, "Round date", QDateEdit)
    today = QDate.currentDate()
    press(qtbot, window, Qt.Key.Key_Down if today.day() > 1 else Qt.Key.Key_Up)  # a day off
    expected = date_field.date().toString(Qt.DateFormat.ISODate)
    assert abs(date_field.date().daysTo(today)) == 1
    tab_to(qtbot, window, "Create round", QAbstractButton)
    press(qtbot, window, Qt.Key.Key_Space)
    db = window.archive.db
    labels = {r["label"]: r["date"] for r in db.query("SELECT label, date FROM rounds")}
    assert labels.get("Autumn 2019 review") == expected  # stored as an ISO date

    tab_bar_to(qtbot, window, "Facilitator PIN")
    qtbot.keyClicks(tab_to(qtbot, window, "New PIN", QLineEdit), "8264")
    qtbot.keyClicks(tab_to(qtbot, window, "Repeat the PIN", QLineEdit), "8264")
    tab_to(qtbot, window, "Set PIN", QAbstractButton)
    press(qtbot, window, Qt.Key.Key_Space)
    assert audit.pin_hash(db) is not None
    status = [w for w in window.findChildren(QLabel) if w.accessibleIdentifier() == "PIN status"]
    assert status and status[0].text() == "A facilitator PIN is set."


def test_every_control_in_the_dialogs_has_an_accessible_name(qtbot, window) -> None:
    """The About box and the archive's dialogs, opened from their menus as a person does."""
    from PySide6.QtWidgets import QDialog

    opened: dict[str, QWidget] = {"About": window.show_about()}
    archive = window.views["Archive"]
    for name in ("Import responses", "Export", "Backups and restore", "Purge old responses"):
        before = set(archive.findChildren(QDialog))
        archive.tasks[name].trigger()
        new = [d for d in archive.findChildren(QDialog) if d not in before and d.isVisible()]
        assert len(new) == 1, name
        opened[name] = new[0]
    problems = []
    for name, dialog in opened.items():
        qtbot.waitExposed(dialog)
        problems += walk_tabs(qtbot, dialog, f"{name} dialog", set())
        dialog.close()
    assert problems == [], "controls without an accessible name:\n" + "\n".join(problems)
