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
