"""What a screen reader is given by the shared pieces: a label's name is its text,
live labels announce their changes once shown, and roles reach the platform."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QVBoxLayout, QWidget

from spf_desktop.gui.a11y import announce, announcer
from spf_desktop.gui.widgets import label, set_role
from tests.gui_helpers import by_name


def test_a_label_says_its_text_and_is_found_by_its_purpose(qtbot):
    panel = QWidget()
    qtbot.addWidget(panel)
    status = label("", "Round status")
    QVBoxLayout(panel).addWidget(status)
    status.setText("Open: <b>taking</b> responses.")
    assert status.accessibleName() == "Open: taking responses."
    assert by_name(panel, "Round status") is status
    status.clear()
    assert status.accessibleName() == "Round status"


def test_an_error_label_is_announced_assertively_only_when_shown(qtbot):
    panel = QWidget()
    qtbot.addWidget(panel)
    message = label("", "Audit message", role="error")
    QVBoxLayout(panel).addWidget(message)
    heard: list[tuple[str, str]] = []
    announcer().spoken.connect(lambda text, how: heard.append((text, how)))
    message.setText("Not saved: the PIN is wrong.")
    qtbot.wait(20)  # the hidden panel: nothing may be said
    assert heard == []
    panel.show()
    qtbot.waitExposed(panel)
    with qtbot.waitSignal(announcer().spoken, timeout=2000):
        message.setText("Saved.")
    assert heard[-1] == ("Saved.", "assertive")
    set_role(message, "ok")
    with qtbot.waitSignal(announcer().spoken, timeout=2000):
        message.setText("All saved.")
    assert heard[-1] == ("All saved.", "polite")


def test_headings_and_live_labels_report_their_roles(qtbot):
    heading = label("Reports to print", "Reports heading", role="heading")
    status = label("45:00", "Time left", live="polite")
    qtbot.addWidget(heading)
    qtbot.addWidget(status)
    assert QAccessible.queryAccessibleInterface(heading).role() == QAccessible.Role.Heading
    assert QAccessible.queryAccessibleInterface(status).role() == QAccessible.Role.StatusBar
    assert QAccessible.queryAccessibleInterface(heading).text(QAccessible.Text.Name) == "Reports to print"


def test_announce_says_plain_words(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    with qtbot.waitSignal(announcer().spoken, timeout=1000) as said:
        announce(widget, "  Question 3\nof 10 ", assertive=True)
    assert said.args == ["Question 3 of 10", "assertive"]


def test_a_role_reaches_the_screen_reader_even_when_it_is_already_listening(qtbot):
    # A screen reader on: Qt makes a widget's interface as soon as its name is set.
    QAccessible.setActive(True)
    try:
        heading = label("Agendas", "Agendas heading", role="heading")
        qtbot.addWidget(heading)
        assert QAccessible.queryAccessibleInterface(heading).role() == QAccessible.Role.Heading
    finally:
        QAccessible.setActive(False)


def test_participant_choices_are_radio_buttons_even_when_a_reader_is_listening(qtbot):
    from PySide6.QtWidgets import QPushButton

    from spf_desktop.gui.audit.kiosk_access import radio
    from spf_desktop.gui.widgets import named

    QAccessible.setActive(True)
    try:
        score = named(QPushButton("7"), "Score 7 out of 10")  # naming makes the interface
        qtbot.addWidget(score)
        radio(score)
        assert QAccessible.queryAccessibleInterface(score).role() == QAccessible.Role.RadioButton
    finally:
        QAccessible.setActive(False)
