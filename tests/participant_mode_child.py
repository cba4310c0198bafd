"""A child process for tests/test_pin_restarts.py: the app on an archive, in
participant mode, waiting to be killed.

    python tests/participant_mode_child.py ARCHIVE SETTINGS_FOLDER

It opens the archive in the real main window (offscreen), starts participant mode
for the archive's only open round as the facilitator's button does, prints
"participant mode" and then waits, never leaving with the PIN, until it is killed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtCore import QTimer

    from spf_desktop.gui.app import make_application, settings_for
    from spf_desktop.gui.main_window import MainWindow
    from spf_desktop.store import Archive

    archive_path, settings_folder = Path(sys.argv[1]), Path(sys.argv[2])
    app = make_application()
    window = MainWindow(Archive.open(archive_path, create=False), settings_for(settings_folder))
    window.show()
    window.show_view("Audit")

    def start() -> None:
        view = window.views["Audit"]
        view.start_participant_mode()  # type: ignore[attr-defined]
        kiosk = view.kiosk  # type: ignore[attr-defined]
        assert kiosk is not None and kiosk.isVisible()
        print("participant mode", flush=True)

    QTimer.singleShot(0, start)
    app.exec()  # killed here


if __name__ == "__main__":
    main()
