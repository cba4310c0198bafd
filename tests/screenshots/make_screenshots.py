"""Make the README's screenshots from a demo archive: ``python tests/screenshots/make_screenshots.py``.

Each ``shot_*`` function below builds one screen on the demo archive and saves
a PNG beside this file. Runs offscreen; no display needed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parent
SHOTS: list[Callable[[Path, Path], None]] = []


def shot(func: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
    SHOTS.append(func)
    return func


def _window(db: Path, home: Path):
    from spf_desktop.gui.app import make_application, settings_for
    from spf_desktop.gui.main_window import MainWindow
    from spf_desktop.store import Archive

    app = make_application()
    window = MainWindow(Archive.open(db, backup=False), settings_for(home))
    window.resize(1200, 760)
    window.show()
    app.processEvents()
    return app, window


@shot
def shot_main_window(db: Path, home: Path) -> None:
    app, window = _window(db, home)
    window.grab().save(str(OUT / "main-window.png"))
    window.close()



def _audit_copy(db: Path) -> Path:
    """The audit shots change the archive (a new open round), so they use a copy."""
    import shutil

    target = db.with_name("audit-shots.db")
    shutil.copy(db, target)
    return target


@shot
def shot_audit_participant(db: Path, home: Path) -> None:
    from spf_desktop.gui.app import make_application
    from spf_desktop.gui.audit.kiosk import KioskWindow
    from spf_desktop.store import Archive, audit, repo

    app = make_application()
    with Archive.open(_audit_copy(db), backup=False) as archive:
        adb = archive.db
        forum = repo.forums(adb)[0]["id"]
        set_id = repo.rounds(adb, forum)[-1]["question_set_id"]
        round_id = audit.create_audit_round(adb, forum, set_id, "2020 audit", "2020-01-23")
        audit.open_round(adb, round_id)
        audit.set_pin(adb, "2468")
        kiosk = KioskWindow(adb, round_id)
        kiosk.resize(1280, 800)
        kiosk.show()
        kiosk._start()
        kiosk._choose(7)
        kiosk._next()
        kiosk._choose(6)
        kiosk.comment.setPlainText("Better since the shoes exercise, but we still talk past "
                                   "each other on pay.")
        app.processEvents()
        kiosk.grab().save(str(OUT / "audit-participant.png"))
        kiosk.unlock()


@shot
def shot_audit_results(db: Path, home: Path) -> None:
    from spf_desktop.store import Archive, audit, repo

    copy = _audit_copy(db)
    with Archive.open(copy, backup=False) as archive:
        for rnd in repo.rounds(archive.db):
            audit.mark_screened(archive.db, rnd["id"])
    app, window = _window(copy, home)
    window.resize(1280, 860)
    window.show_view("Audit")
    view = window.views["Audit"]
    view.round.setCurrentIndex(view.round.findText("2019 audit (2019-01-24)"))
    app.processEvents()
    window.grab().save(str(OUT / "audit-results.png"))
    presenting = view.results.present()
    presenting.showNormal()
    presenting.resize(1280, 720)
    app.processEvents()
    presenting.grab().save(str(OUT / "audit-present.png"))
    presenting.close()
    window.close()

def _agenda_window(db: Path, home: Path, meeting_date: str, clocks=None):  # noqa: ANN001
    """The main window on the Agenda view, with one meeting chosen (on a copy of the archive)."""
    import shutil

    copy = db.with_name(f"agenda-{meeting_date}.db")
    shutil.copy(db, copy)
    app, window = _window(copy, home)
    window.resize(1280, 860)
    window.show_view("Agenda")
    view = window.views["Agenda"]
    if clocks is not None:
        view.set_clocks(*clocks)
    meetings = view.meeting_list
    for row in range(meetings.count()):
        if meetings.item(row).text().startswith(meeting_date):
            meetings.setCurrentRow(row)
    app.processEvents()
    return app, window, view


def _agenda_clocks(start: str):  # noqa: ANN202
    """A monotonic and a wall clock starting at ``start``, moved by hand."""
    from datetime import datetime

    now = {"t": 0.0}
    origin = datetime.fromisoformat(start).astimezone()

    def mono() -> float:
        return now["t"]

    def wall():  # noqa: ANN202
        from datetime import timedelta

        return origin + timedelta(seconds=now["t"])

    return now, (mono, wall)


@shot
def shot_agenda_builder(db: Path, home: Path) -> None:
    app, window, view = _agenda_window(db, home, "2019-01-24")
    view.builder.table.setCurrentIndex(view.builder.model.index(1, 2))
    app.processEvents()
    window.grab().save(str(OUT / "agenda-builder.png"))
    window.close()


def _agenda_running(db: Path, home: Path):  # noqa: ANN202
    from spf_desktop.store import agenda as store

    now, clocks = _agenda_clocks("2018-09-20T12:00:00")
    app, window, view = _agenda_window(db, home, "2018-09-20", clocks)
    store.reset_run_state(view.db, view.meeting_id)
    view.builder.run_button.click()
    view.run_page.act("start")
    now["t"] += 48 * 60
    view.run_page.act("next")
    now["t"] += 13 * 60
    view.run_page.act("next")
    for minutes in (30, 5, 5):  # the discussion, then two tables report back
        now["t"] += minutes * 60
        view.run_page.act("turn")
    now["t"] += 2 * 60
    view.run_page.refresh()
    app.processEvents()
    return app, window, view


@shot
def shot_agenda_run(db: Path, home: Path) -> None:
    app, window, view = _agenda_running(db, home)
    window.grab().save(str(OUT / "agenda-run.png"))
    window.close()


@shot
def shot_agenda_audience(db: Path, home: Path) -> None:
    app, window, view = _agenda_running(db, home)
    audience = view.run_page.open_audience()
    audience.resize(1024, 576)
    app.processEvents()
    audience.grab().save(str(OUT / "agenda-audience.png"))
    window.close()



#: README images of each report's first page: (image, report, record in the demo story)
REPORT_SHOTS = (
    ("report-audit.png", "audit", "round", "2019 audit"),
    ("report-trend.png", "trend", "forum", "East Midlands SPF"),
    ("report-agenda.png", "agenda", "meeting", "Self-managed workshop meeting"),
    ("report-summary.png", "summary", "meeting", "Self-managed workshop meeting"),
    ("report-questionnaire.png", "questionnaire", "round", "2019 audit"),
)


@shot
def shot_reports(db: Path, home: Path) -> None:
    """The first page of each report (pdftoppm at 60 dpi) and the Reports view."""
    import subprocess

    from spf_desktop.reports import make_report
    from spf_desktop.store import Archive, repo

    with Archive.open(db, read_only=True) as archive:
        names = {("round", r["label"]): r["id"] for r in repo.rounds(archive.db)}
        names.update({("forum", f["name"]): f["id"] for f in repo.forums(archive.db)})
        names.update({("meeting", m["title"]): m["id"] for m in repo.meetings(archive.db)})
        for image, kind, what, label in REPORT_SHOTS:
            pdf = make_report(kind, archive.db, names[(what, label)], home / f"{kind}.pdf")
            stem = OUT / image.removesuffix(".png")
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                            str(pdf), str(stem)], check=True)
    app, window = _window(db, home)
    window.resize(1100, 640)
    tree = window.views["Archive"].tree
    model = tree.model()
    rounds = model.index(0, 0, model.index(0, 0))
    tree.setCurrentIndex(model.index(2, 0, rounds))
    window.show_view("Reports")
    app.processEvents()
    window.grab().save(str(OUT / "reports-view.png"))
    window.close()


@shot
def shot_archive_view(db: Path, home: Path) -> None:
    """The Archive view: the forum's timeline with the average trend, then a search."""
    app, window = _window(db, home)
    view = window.views["Archive"]
    window.show_view("Archive")
    app.processEvents()
    window.grab().save(str(OUT / "archive-view.png"))
    view.search_edit.setText("walking shoes")
    view.run_search()
    app.processEvents()
    window.grab().save(str(OUT / "archive-search.png"))
    # The import dialog's mapping step, on a Forms-shaped workbook with one renamed column
    sys.path.insert(0, str(OUT.parent))
    from archive_helpers import forms_rows, question_texts, round_by_label, write_xlsx

    texts = question_texts(window.archive.db, round_by_label(window.archive.db, "Baseline")["id"])
    rows = forms_rows(texts, [[(n + q) % 11 for q in range(10)] for n in range(12)],
                      sides=["Staff side", "Management side", "Prefer not to say"] * 4)
    rows[0][9] = "Openness"
    workbook = write_xlsx(home / "Partnership behaviours audit 2016.xlsx", rows)
    dialog = view.open_import()
    dialog.new.setChecked(True)
    dialog.label_edit.setText("Audit 2016 (Microsoft Forms)")
    dialog.file_edit.setText(str(workbook))
    dialog.read_file()
    app.processEvents()
    dialog.grab().save(str(OUT / "archive-import.png"))
    dialog.close()
    window.close()


@shot
def shot_help(db: Path, home: Path) -> None:
    """Help > User guide on the facilitator's page, and the printed quick-start."""
    import subprocess

    from spf_desktop.reports import make_report

    app, window = _window(db, home)
    window.resize(1366, 768)
    window.guide_action.trigger()
    guide = window.guide_window
    guide.resize(1000, 680)
    guide.go_to("facilitator.html#in-the-room")
    app.processEvents()
    guide.grab().save(str(OUT / "help-guide.png"))
    guide.close()
    window.close()
    pdf = make_report("quickstart", None, "", home / "quickstart.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf),
                    str(OUT / "report-quickstart")], check=True)


def main() -> None:
    from spf_desktop.store import Archive
    from spf_desktop.store.demo import write_demo

    wanted = set(sys.argv[1:])
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        os.environ["SPF_DESKTOP_HOME"] = str(home)
        db = Path(tmp) / "demo.db"
        with Archive.open(db, backup=False) as archive:
            write_demo(archive.db)
        for func in SHOTS:
            if not wanted or func.__name__ in wanted:
                func(db, home)
                print(f"{func.__name__}: done")


if __name__ == "__main__":
    main()
