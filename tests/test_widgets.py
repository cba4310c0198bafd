"""The shared widget rules: names as controls are made, and writing controls that
stay off while nothing may write, whatever a view tries."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from spf_desktop.gui.widgets import button, named, set_writable, write_controls, writes


def test_named_gives_the_name_and_returns_the_same_typed_widget(qtbot) -> None:
    made = named(QPushButton("Go"), "Start the meeting", tip="Starts the clock")
    qtbot.addWidget(made)
    assert isinstance(made, QPushButton)
    assert made.accessibleName() == "Start the meeting" and made.toolTip() == "Starts the clock"
    assert button("&Save").accessibleName() == "Save"


def test_a_writing_control_stays_off_while_read_only_even_if_a_view_enables_it(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    save = button("Save", writes_archive=True)
    export = button("Export")
    layout.addWidget(save)
    layout.addWidget(export)
    assert write_controls(root) == [save]

    set_writable(root, False)
    save.setEnabled(True)  # a view's own rule, unaware of read-only
    assert not save.isEnabled()
    assert export.isEnabled()  # reading controls are left alone

    set_writable(root, True)
    save.setEnabled(True)
    assert save.isEnabled()


def test_a_control_made_inside_a_read_only_window_starts_off(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    set_writable(root, False)
    late = QPushButton("Delete", root)
    writes(late)
    assert not late.isEnabled()
