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
    app, window = _window(db, home)
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
