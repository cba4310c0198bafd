"""The Reports view, driven as a chair would: select a round, pick a report, save, open."""

from __future__ import annotations

from pathlib import Path

from gui_helpers import by_name
from PySide6.QtCore import Qt, QThreadPool, QUrl
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTreeView,
)
from report_helpers import flat, pdf_pages, pdf_text

from spf_desktop.gui.a11y import announcer
from spf_desktop.gui.app import settings_for
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.gui.reports.view import ReportsView
from spf_desktop.store import Archive, repo


def choose_file_and_save(qtbot, view, out: Path) -> None:
    """Click Save PDF, pick the file in the save dialog, click its Save button."""
    qtbot.mouseClick(by_name(view, "Save PDF", QPushButton), Qt.MouseButton.LeftButton)
    dialog = by_name(view, "Save the report as PDF", QFileDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.findChild(QLineEdit, "fileNameEdit").text().endswith(".pdf")  # a suggested name
    dialog.selectFile(str(out))
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def test_select_a_round_then_save_its_audit_report(qtbot, demo_path: Path, home: Path,
                                                   tmp_path: Path) -> None:
    window = MainWindow(Archive.open(demo_path), settings_for(home))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    tree = by_name(window, "Forums, rounds and meetings", QTreeView)
    model = tree.model()
    rounds = model.index(0, 0, model.index(0, 0))
    tree.setFocus()
    tree.setCurrentIndex(model.index(2, 0, rounds))  # "2019 audit"
    qtbot.keyClick(tree, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view == "Reports"
    view = window.views["Reports"]
    qtbot.waitUntil(lambda: "Audit report: 2019 audit" in view.choices())
    listed = by_name(view, "Reports you can make", QListWidget)
    titles = [listed.item(i).text() for i in range(listed.count())]
    assert titles == [
        "Audit report: 2019 audit",
        "Blank paper questionnaire: 2019 audit",
        "Agenda handout: Annual audit and review 2019",
        "Meeting summary: Annual audit and review 2019",
        "Trend report: East Midlands SPF",
        "Running the audit in a room: East Midlands SPF",
    ]
    assert listed.currentItem().text() == "Audit report: 2019 audit"
    assert "Headline figures" in by_name(view, "What the report holds", QLabel).text()
    assert not by_name(view, "Copies", QSpinBox).isVisible()

    out = tmp_path / "audit 2019.pdf"
    heard: list[tuple[str, str]] = []
    announcer().spoken.connect(lambda text, how: heard.append((text, how)))
    with qtbot.waitSignal(view.report_saved, timeout=20_000) as saved:
        choose_file_and_save(qtbot, view, out)
        # the work runs off the UI thread: progress is shown while it runs
        assert by_name(view, "Report progress", QProgressBar).isVisible()
        assert not by_name(view, "Save PDF", QPushButton).isEnabled()
        # a report only reads (on a read-only connection): nothing else is kept from writing
        assert not window.ops.busy
    assert saved.args == [str(out)]
    qtbot.waitUntil(lambda: by_name(view, "Report status", QLabel).text() == f"Saved {out}")
    # a screen reader hears the outcome without looking for it
    qtbot.waitUntil(lambda: (f"Saved {out}", "polite") in heard)
    assert not by_name(view, "Report progress", QProgressBar).isVisible()
    assert by_name(view, "Open the saved report", QPushButton).isEnabled()
    text = flat(pdf_text(out))
    assert "8.61" in text and "+2.59" in text
    window.close()


def test_selecting_a_forum_offers_its_trend_report(qtbot, demo_path: Path, home: Path) -> None:
    window = MainWindow(Archive.open(demo_path), settings_for(home))
    qtbot.addWidget(window)
    window.show()
    tree = by_name(window, "Forums, rounds and meetings", QTreeView)
    tree.setCurrentIndex(tree.model().index(0, 0))
    view = window.views["Reports"]
    qtbot.waitUntil(lambda: view.choices() == ["Trend report: East Midlands SPF",
                                            "Running the audit in a room: East Midlands SPF"])
    window.close()


def make_view(qtbot, demo_path: Path, opened: list[QUrl]) -> ReportsView:
    pool = QThreadPool()
    view = ReportsView(opener=lambda url: opened.append(url) or True, pool=pool)
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.set_archive(Archive.open(demo_path))
    view.show()
    return view


def test_questionnaire_copies_then_open_in_the_system_viewer(qtbot, demo_path: Path,
                                                              tmp_path: Path) -> None:
    opened: list[QUrl] = []
    view = make_view(qtbot, demo_path, opened)
    round_id = repo.rounds(view.archive.db)[0]["id"]
    view.set_selection("round", round_id)
    qtbot.waitUntil(lambda: "Blank paper questionnaire: Baseline" in view.choices())
    view.select_report("Blank paper questionnaire: Baseline")
    copies = by_name(view, "Copies", QSpinBox)
    assert copies.isVisible()
    copies.selectAll()
    qtbot.keyClicks(copies, "3")
    out = tmp_path / "forms.pdf"
    with qtbot.waitSignal(view.report_saved, timeout=20_000):
        choose_file_and_save(qtbot, view, out)
    assert pdf_pages(out) == 3
    qtbot.mouseClick(by_name(view, "Open the saved report", QPushButton), Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(out))]
    view.archive.close()


def test_a_problem_is_shown_in_the_view_and_no_pdf_is_left(qtbot, demo_path: Path,
                                                           tmp_path: Path) -> None:
    view = make_view(qtbot, demo_path, [])
    with view.archive.db.atomic():
        view.archive.db.execute("UPDATE forums SET name = ?", ["East Midlands SPF 漢"])
    view.set_selection("forum", repo.forums(view.archive.db)[0]["id"])
    qtbot.waitUntil(lambda: view.choices() == ["Trend report: East Midlands SPF 漢",
                                            "Running the audit in a room: East Midlands SPF 漢"])
    out = tmp_path / "trend.pdf"
    with qtbot.waitSignal(view.report_failed, timeout=20_000):
        choose_file_and_save(qtbot, view, out)
    status = by_name(view, "Report status", QLabel).text()
    assert status.startswith("The report was not saved.")
    assert "cannot print" in status and "U+6F22" in status
    assert not by_name(view, "Open the saved report", QPushButton).isEnabled()
    assert by_name(view, "Save PDF", QPushButton).isEnabled()
    assert list(tmp_path.glob("*.pdf*")) == []
    view.archive.close()


def test_reports_that_cannot_be_made_yet_say_why(qtbot, demo_path: Path) -> None:
    view = make_view(qtbot, demo_path, [])
    db = view.archive.db
    forum_id = repo.forums(db)[0]["id"]
    set_id = db.execute("SELECT id FROM question_sets LIMIT 1").fetchone()[0]
    round_id = repo.create_round(db, forum_id, set_id, "Autumn 2026", "2026-10-01")
    view.set_selection("round", round_id)
    qtbot.waitUntil(lambda: bool(view.choices()) and "Autumn 2026" in view.choices()[0])
    assert view.choices()[:2] == ["Audit report: Autumn 2026 (no responses yet)",
                                  "Blank paper questionnaire: Autumn 2026"]
    listed = by_name(view, "Reports you can make", QListWidget)
    assert listed.currentItem().text() == "Blank paper questionnaire: Autumn 2026"
    assert not listed.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
    view.archive.close()


def test_opening_another_archive_keeps_the_reports_view_working(qtbot, demo_path: Path,
                                                                 home: Path, tmp_path: Path) -> None:
    """Switching archives closes the old one; the Reports view follows the new selection."""
    import shutil

    window = MainWindow(Archive.open(demo_path), settings_for(home))
    qtbot.addWidget(window)
    window.show()
    other = tmp_path / "other.db"
    shutil.copy(demo_path, other)
    with Archive.open(other) as archive:
        with archive.db.atomic():
            archive.db.execute("UPDATE forums SET name = 'West Midlands SPF'")
    assert window.open_archive(other)
    view = window.views["Reports"]
    qtbot.waitUntil(lambda: view.choices() == ["Trend report: West Midlands SPF",
                                            "Running the audit in a room: West Midlands SPF"])
    window.close()


def test_a_change_elsewhere_keeps_the_report_chosen(qtbot, demo_path: Path) -> None:
    """The list is re-read when the archive changes, without losing the chair's choice."""
    view = make_view(qtbot, demo_path, [])
    db = view.archive.db
    round_id = [r for r in repo.rounds(db) if r["label"] == "2019 audit"][0]["id"]
    view.set_selection("round", round_id)
    view.select_report("Trend report: East Midlands SPF")
    with db.atomic():
        db.execute("UPDATE forums SET name = 'East Midlands Forum'")
    qtbot.waitUntil(lambda: "Trend report: East Midlands Forum" in view.choices())
    listed = by_name(view, "Reports you can make", QListWidget)
    assert listed.currentItem().text() == "Trend report: East Midlands Forum"
    view.archive.close()
