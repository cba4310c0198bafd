"""Windows' high contrast themes: the app's stylesheets never force their own colours
over the theme's, so no text is hidden; sizes and weights stay."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from spf_desktop.gui.app import stylesheet, without_own_colours
from spf_desktop.gui.widgets import label, set_role

OWN_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|rgba?\(")
SHEETS = ["style.qss", "kiosk.qss", "present.qss"]


def declarations(sheet: str) -> list[str]:
    without_comments = re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)
    return [d.strip() for block in re.findall(r"\{([^}]*)\}", without_comments)
            for d in block.split(";") if d.strip()]


@pytest.mark.parametrize("name", SHEETS)
def test_no_own_colour_is_left_and_every_size_stays(name):
    usual = stylesheet(name, high_contrast=False)
    contrast = stylesheet(name, high_contrast=True)
    assert [d for d in declarations(usual) if OWN_COLOUR.search(d)], "the sheet names colours"
    assert [d for d in declarations(contrast) if OWN_COLOUR.search(d)] == []
    kept = [d for d in declarations(usual) if not OWN_COLOUR.search(d)]
    for d in kept:  # font sizes, weights, padding and radii are the same
        assert d in declarations(contrast)
    assert without_own_colours(contrast) == contrast  # nothing more to take out


def test_an_error_message_shows_in_the_themes_colours(qtbot):
    app = QApplication.instance()
    before_palette, before_sheet = app.palette(), app.styleSheet()
    theme = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        theme.setColor(group, QPalette.ColorRole.Window, QColor("#000000"))
        theme.setColor(group, QPalette.ColorRole.WindowText, QColor("#ffff00"))
        theme.setColor(group, QPalette.ColorRole.Highlight, QColor("#00ffff"))
    try:
        app.setPalette(theme)
        app.setStyleSheet(stylesheet("style.qss", high_contrast=True))
        panel = QWidget()
        qtbot.addWidget(panel)
        message = label("Not saved: the round is closed.", "Audit message")
        set_role(message, "error")
        QVBoxLayout(panel).addWidget(message)
        panel.resize(420, 80)
        panel.show()
        qtbot.waitExposed(panel)
        image = message.grab().toImage()
        colours = {image.pixelColor(x, y).name() for x in range(image.width())
                   for y in range(image.height())}
        assert "#ffff00" in colours          # the theme's text colour draws the words
        assert "#8a1538" not in colours      # the sheet's own error red does not
        assert "#ffffff" not in colours      # nor its white background
    finally:
        app.setStyleSheet(before_sheet)
        app.setPalette(before_palette)
