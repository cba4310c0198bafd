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
# dates as a UK laptop shows them (15/12/2026), whatever machine makes the pictures
os.environ["LC_ALL"] = "en_GB.UTF-8"

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

def _agenda_window(db: Path, home: Path, meeting_date: str, clocks=None):
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


def _agenda_clocks(start: str):
    """A monotonic and a wall clock starting at ``start``, moved by hand."""
    from datetime import datetime

    now = {"t": 0.0}
    origin = datetime.fromisoformat(start).astimezone()

    def mono() -> float:
        return now["t"]

    def wall():
        from datetime import timedelta

        return origin + timedelta(seconds=now["t"])

    return now, (mono, wall)


@shot
def shot_agenda_builder(db: Path, home: Path) -> None:
    app, window, view = _agenda_window(db, home, "2019-01-24")
    view.builder.table.setCurrentIndex(view.builder.model.index(1, 2))
    _settle(app)  # the section editor lays out its new parameter boxes in two passes
    window.grab().save(str(OUT / "agenda-builder.png"))
    window.close()


def _agenda_running(db: Path, home: Path):
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
    dialog.read_file()  # in a worker: wait until the mapping step is filled
    while dialog.busy():
        app.processEvents()
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


@shot
def shot_forum_settings(db: Path, home: Path) -> None:
    """The forum settings dialog over the main window on a 1366x768 laptop: the demo
    forum's settings (with what deleting it would remove), and a new forum's."""
    from spf_desktop.gui.forum_settings import open_forum_settings, open_new_forum
    from spf_desktop.store import repo

    app, window = _window(db, home)
    window.resize(1366, 768)
    forum_id = repo.forums(window.archive.db)[0]["id"]
    for make, name in ((lambda: open_forum_settings(window, window.ops, window.archive, forum_id),
                        "forum-settings.png"),
                       (lambda: open_new_forum(window, window.ops, window.archive),
                        "forum-new.png")):
        dialog = make()
        app.processEvents()
        dialog.grab().save(str(OUT / name))
        dialog.reject()
    window.close()


#: the first day's screens (issue 11): made from a NEW EMPTY archive, not the demo
FIRST_DAY = "first-day-{}.png"


def _settle(app, window=None) -> None:
    """Let the change hook reach every view and the layouts settle."""
    for _ in range(5):
        app.processEvents()


def _grab(app, widget, name: str, size: tuple[int, int] | None = None) -> None:
    if size is not None:
        widget.resize(*size)
    _settle(app)
    widget.grab().save(str(OUT / FIRST_DAY.format(name)))


@shot
def shot_first_day(db: Path, home: Path) -> None:
    """A forum's first day on a new, empty archive, in one window with no restart: forum
    settings, New round, Question sets, participant mode, results (and Present), the
    agenda builder, run mode, the Archive and the Reports views. Data is written through
    the archive the window holds, as the views write it, so every view follows."""
    from PySide6.QtCore import QDate, Qt

    from spf_desktop.domain.agenda import Meeting, Section
    from spf_desktop.domain.forums import ForumSettings
    from spf_desktop.domain.kiosk import Submission
    from spf_desktop.gui.app import make_application, settings_for
    from spf_desktop.gui.audit.kiosk import KioskWindow
    from spf_desktop.gui.forum_settings import open_forum_settings
    from spf_desktop.gui.main_window import MainWindow
    from spf_desktop.store import Archive, audit, forums, repo
    from spf_desktop.store import agenda as agenda_store
    from spf_desktop.store.repo import new_id
    from spf_desktop.store.shipped import shipped_set_id

    app = make_application()
    archive = Archive.open(db.with_name("first-day.db"), create=True, backup=False)
    window = MainWindow(archive, settings_for(home))
    window.resize(1366, 768)
    window.show()
    adb = archive.db
    forum = forums.create_forum_with_settings(adb, ForumSettings(
        "Riverside SPF", region="Midlands", protective_marking="OFFICIAL-SENSITIVE",
        min_group_size=3, benchmark_label="Other regional SPFs", benchmark_value=6.5))
    meeting = agenda_store.create_meeting(adb, forum, Meeting(  # as New meeting makes it
        "Spring forum", start_time="10:00", planned_end="13:30", date="2026-03-05",
        venue="Board room", ways_of_working=agenda_store.forum_ways_of_working(adb, forum)))
    _settle(app)

    dialog = open_forum_settings(window, window.ops, archive, forum)
    _grab(app, dialog, "forum-settings")
    dialog.reject()

    window.show_view("Audit")
    view = window.views["Audit"]
    view.show_tab(view.new_round)
    panel = view.new_round
    panel.label.setText("Spring audit")
    panel.meeting.setCurrentIndex(panel.meeting.findData(meeting))
    panel.date.setDate(QDate(2026, 3, 5))  # the meeting's day
    _grab(app, window, "new-round")
    panel.create()  # as the Create round button does
    _settle(app)
    [rnd] = repo.rounds(adb, forum)
    round_id = rnd["id"]
    view.show_tab(view.question_sets)
    _grab(app, window, "question-sets")

    audit.set_pin(adb, "4826")
    audit.open_round(adb, round_id)
    kiosk = KioskWindow(adb, round_id)
    kiosk.resize(1366, 768)
    kiosk.show()
    kiosk._start()
    kiosk._choose(7)
    kiosk._next()
    kiosk._choose(6)
    kiosk.comment.setPlainText("Better since the rota changes, but we still talk past each "
                               "other on pay.")
    _grab(app, kiosk, "participant")
    kiosk.unlock()

    questions = [q["id"] for q in repo.questions(adb, shipped_set_id())]
    people = [("staff", [7, 6, 8, 5, 7, 6, 9, 4, 6, 7]),
              ("management", [8, 7, 7, 6, 8, 7, 8, 5, 7, 8]),
              ("staff", [5, 6, 6, None, 5, 6, 7, 3, 5, 6]),
              ("management", [9, 8, 8, 7, 9, 8, 10, 6, 8, 9]),
              ("undisclosed", [6, 5, 7, 4, 6, 5, 8, 3, 6, 5])]
    for n, (side, scores) in enumerate(people):
        comments = {questions[0]: "Ask Pat Smith about the rotas"} if n == 1 else {}
        audit.submit(adb, round_id, Submission(
            {q: s for q, s in zip(questions, scores, strict=True)}, comments, side))
    for row in audit.comments_for_screening(adb, round_id):
        audit.redact_comment(adb, round_id, row.response_key, row.question_id,
                             "Ask [name] about the rotas")
    audit.mark_screened(adb, round_id)
    audit.close_round(adb, round_id)
    _settle(app)
    view.show_round(round_id)
    _grab(app, window, "results")
    _grab(app, window, "results-1024", (1024, 768))
    window.resize(1366, 768)
    presenting = view.results.present()
    presenting.showNormal()
    _grab(app, presenting, "present", (1366, 768))
    presenting.close()

    lunch = new_id()
    agenda_store.save_sections(adb, meeting, [
        Section(new_id(), "welcome", "Welcome and ways of working", duration_min=15),
        Section(new_id(), "group_work", "Group work",
                question="How do we raise concerns early, without surprises?", duration_min=75),
        Section(new_id(), "round", "Round: what went well this quarter", duration_min=24),
        Section(new_id(), "decision", "Decision: the rota pilot", duration_min=36),
        Section(lunch, "networking_lunch", "Lunch", duration_min=45, pinned_time="12:30"),
        Section(new_id(), "audit", "Partnership behaviours audit", duration_min=60,
                parallel_with=lunch, round_id=round_id),
        Section(new_id(), "close", "Close", duration_min=10),
    ])
    _settle(app)
    window.show_view("Agenda")
    agenda = window.views["Agenda"]
    now, clocks = _agenda_clocks("2026-03-05T10:00:00")
    agenda.set_clocks(*clocks)
    agenda.show_meeting(meeting)
    agenda.builder.table.setCurrentIndex(agenda.builder.model.index(5, 2))
    _grab(app, window, "agenda-builder")
    _grab(app, window, "agenda-builder-1024", (1024, 768))
    window.resize(1366, 768)

    agenda.builder.run_button.click()
    agenda.run_page.act("start")
    agenda.run_page.act("plus")
    now["t"] += 16 * 60
    agenda.run_page.act("next")
    agenda.run_page.act("plus")
    action = agenda_store.add_capture(adb, meeting, "actions", "Share the audit reslts",
                                      owner="Forum chair")
    agenda_store.update_capture(adb, "actions", action,
                                "Share the audit results with every team", owner="Forum chair")
    now["t"] += 20 * 60
    agenda.run_page.refresh()
    _grab(app, window, "run")

    window.show_view("Archive")
    tree = window.views["Archive"].tree
    tree.setCurrentIndex(tree.model().index(0, 0))
    _grab(app, window, "archive")
    model = tree.model()
    found = model.match(model.index(0, 0), Qt.ItemDataRole.DisplayRole, "Spring audit", 1,
                        Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    tree.setCurrentIndex(found[0])
    window.show_view("Reports")
    _grab(app, window, "reports")
    window.close()  # closes the archive too


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
