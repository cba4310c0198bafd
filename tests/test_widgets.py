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


def _wheel(widget, steps: int) -> None:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(widget.rect().center())), QPoint(),
                        QPoint(0, -120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_an_unfocused_drop_down_never_changes_it(qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    from spf_desktop.gui.widgets import ScrollSafeComboBox, named

    form = QWidget()
    layout = QVBoxLayout(form)
    other = QLineEdit()
    box = named(ScrollSafeComboBox(), "Side for \"HR / employer\"")
    box.addItems(["Choose the side...", "Staff side", "Management side", "No side"])
    layout.addWidget(other)
    layout.addWidget(box)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    _wheel(box, 1)
    assert box.currentIndex() == 0  # scrolling the form past it changed nothing
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    _wheel(box, 1)
    assert box.currentIndex() == 1  # chosen on purpose: the wheel works
