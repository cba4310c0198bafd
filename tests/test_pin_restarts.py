"""The PIN guards participant mode across restarts: a kill or a crash comes back in
participant mode, the wrong-try lockout survives a restart, changing the PIN needs
the current PIN (or the once-shown recovery code), and the clipboard is emptied
after each participant. Driven as people drive the app, on a new empty archive."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from audit_helpers import FakeClock, three_question_round
from gui_helpers import by_name, visible_named
from helpers import KILLED, kill_now
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.pin import RECOVERY_ALPHABET, Lockout, PinGate, hash_pin
from spf_desktop.gui.app import settings_for
from spf_desktop.gui.audit.kiosk import KioskWindow
from spf_desktop.gui.audit.view import AuditView
from spf_desktop.gui.main_window import MainWindow
from spf_desktop.store import Archive, audit

PIN = "73915482"      # long enough that its digits do not turn up by chance in a file
NEW_PIN = "58203716"
THIRD_PIN = "94061573"

TESTS = Path(__file__).parent


def new_archive(folder: Path) -> tuple[Path, str]:
    """A new empty archive with one open round and the PIN set; closed again."""
    path = folder / "new.db"
    with Archive.open(path, create=True) as arch:
        round_id, _ = three_question_round(arch.db)
        audit.set_pin(arch.db, PIN, current="4826")  # the helper set its own PIN first
    return path, round_id


def click(qtbot, root: QWidget, name: str) -> None:
    [control] = [w for w in root.findChildren(QPushButton)
                 if w.accessibleName() == name and w.isVisible()]
    qtbot.mouseClick(control, Qt.MouseButton.LeftButton)


def type_pin(qtbot, kiosk: KioskWindow, pin: str) -> None:
    edit = by_name(kiosk, "Facilitator PIN", QLineEdit)
    qtbot.keyClicks(edit, pin)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def kiosk_of(window: MainWindow) -> KioskWindow | None:
    if not window.views.is_built("Audit"):
        return None
    return window.views["Audit"].kiosk  # type: ignore[attr-defined]


def drop(kiosk: KioskWindow) -> None:
    """What a kill leaves: the window gone, nothing said to the archive."""
    app = QApplication.instance()
    assert app is not None
    app.removeEventFilter(kiosk)
    kiosk.timer.stop()
    kiosk.reclaim_timer.stop()
    kiosk._shown = False
    kiosk.hide()
    kiosk.deleteLater()


def start_participant_mode(qtbot, window: MainWindow) -> None:
    """The facilitator's button, once the Audit view is on screen."""
    window.show_view("Audit")
    view = window.views["Audit"]
    qtbot.waitUntil(lambda: bool(visible_named(view, "Start participant mode")))
    click(qtbot, view, "Start participant mode")


def in_participant_mode(qtbot, window: MainWindow, round_id: str) -> KioskWindow:
    """Wait until the window has handed over to participant mode for ``round_id``,
    on the welcome page, with nothing of the facilitator's screens showing."""
    qtbot.waitUntil(lambda: (k := kiosk_of(window)) is not None and k.isVisible())
    kiosk = kiosk_of(window)
    assert kiosk is not None
    qtbot.waitUntil(lambda: not window.isVisible())
    assert kiosk.round_id == round_id
    assert by_name(kiosk, "Start").isVisible()  # the welcome page
    assert kiosk.isFullScreen()
    return kiosk


def leave_with_the_pin(qtbot, window: MainWindow, kiosk: KioskWindow) -> None:
    click(qtbot, kiosk, "Leave participant mode")
    type_pin(qtbot, kiosk, "00000000")
    assert kiosk.isVisible() and not window.isVisible()  # a wrong PIN leaves nothing
    type_pin(qtbot, kiosk, PIN)
    qtbot.waitUntil(lambda: window.isVisible() and not kiosk.isVisible())


# -- a kill or a crash comes back in participant mode ------------------------------

def test_a_crash_in_participant_mode_comes_back_in_participant_mode(
        qtbot, tmp_path: Path, home: Path) -> None:
    path, round_id = new_archive(tmp_path)
    window = MainWindow(Archive.open(path, create=True), settings_for(home))
    qtbot.addWidget(window)
    window.show()
    start_participant_mode(qtbot, window)
    kiosk = in_participant_mode(qtbot, window, round_id)
    # The crash: the files as a kill leaves them, the .db and its WAL, with no close.
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in (path.name, path.name + "-wal"):
        if (path.parent / name).exists():
            shutil.copy2(path.parent / name, crashed / name)
    kiosk.unlock()
    window.close()

    again = MainWindow(Archive.open(crashed / path.name, create=False), settings_for(home))
    qtbot.addWidget(again)
    again.show()
    kiosk = in_participant_mode(qtbot, again, round_id)
    for key, mod in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                     (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
                     (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)):
        qtbot.keyClick(kiosk.focusWidget() or kiosk, key, mod)
    assert kiosk.close() is False
    assert kiosk.isVisible() and not again.isVisible()
    leave_with_the_pin(qtbot, again, kiosk)
    assert again.archive is not None
    assert audit.participant_mode_round(again.archive.db) is None  # only the PIN clears it
    again.close()
    with Archive.open(crashed / path.name, create=False) as arch:  # a normal start after that
        assert audit.participant_mode_round(arch.db) is None


def test_a_window_dropped_without_the_pin_comes_back_at_the_next_open(
        qtbot, tmp_path: Path, home: Path) -> None:
    """The same archive file, the app's window gone without the PIN, then opened again
    from the File menu's way in (``open_archive``) rather than at start-up."""
    path, round_id = new_archive(tmp_path)
    window = MainWindow(Archive.open(path, create=True), settings_for(home))
    qtbot.addWidget(window)
    window.show()
    start_participant_mode(qtbot, window)
    kiosk = in_participant_mode(qtbot, window, round_id)
    drop(kiosk)
    window.views["Audit"].kiosk = None  # type: ignore[attr-defined]
    window.set_archive(None)  # closes the archive; the note stays
    window.show()
    assert window.open_archive(path)
    in_participant_mode(qtbot, window, round_id)
    leave_with_the_pin(qtbot, window, kiosk_of(window))  # type: ignore[arg-type]


def test_a_round_closed_meanwhile_opens_the_app_as_usual(qtbot, tmp_path: Path,
                                                         home: Path) -> None:
    path, round_id = new_archive(tmp_path)
    with Archive.open(path, create=False) as arch:
        audit.start_participant_mode(arch.db, round_id)  # as the kiosk notes it
        audit.close_round(arch.db, round_id)  # e.g. from another copy, before this start
    window = MainWindow(Archive.open(path, create=False), settings_for(home))
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(50)  # let any resume run: there must be none
    assert window.isVisible() and kiosk_of(window) is None
    assert window.archive is not None
    assert audit.participant_mode_round(window.archive.db) is None
    window.close()


def test_a_read_only_open_never_enters_participant_mode(qtbot, tmp_path: Path,
                                                        home: Path) -> None:
    path, round_id = new_archive(tmp_path)
    with Archive.open(path, create=False) as arch:
        audit.start_participant_mode(arch.db, round_id)
    window = MainWindow(Archive.open(path, read_only=True), settings_for(home))
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(50)
    assert window.isVisible() and kiosk_of(window) is None
    window.close()


@pytest.mark.slow
def test_kill_9_in_participant_mode_comes_back_in_participant_mode(
        qtbot, tmp_path: Path, home: Path) -> None:
    path, round_id = new_archive(tmp_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, str(TESTS / "participant_mode_child.py"), str(path), str(home)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "participant mode"
        assert kill_now(child) == KILLED
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stdin):
            if stream is not None:
                stream.close()
    window = MainWindow(Archive.open(path, create=False), settings_for(home))
    qtbot.addWidget(window)
    window.show()
    kiosk = in_participant_mode(qtbot, window, round_id)
    leave_with_the_pin(qtbot, window, kiosk)
    window.close()


# -- the lockout survives a restart --------------------------------------------------

def kiosk_on(qtbot, path: Path, round_id: str, wall: FakeClock) -> tuple[Archive, KioskWindow]:
    arch = Archive.open(path, create=False)
    kiosk = KioskWindow(arch.db, round_id, clock=wall, pin_clock=lambda: wall.wall().timestamp(),
                        tick_ms=60_000)
    qtbot.addWidget(kiosk)
    kiosk.show_kiosk()
    qtbot.waitExposed(kiosk)
    click(qtbot, kiosk, "Leave participant mode")
    return arch, kiosk


def restart(arch: Archive, kiosk: KioskWindow) -> None:
    drop(kiosk)
    arch.close()


def test_the_wrong_pin_lockout_survives_a_restart(qtbot, tmp_path: Path) -> None:
    path, round_id = new_archive(tmp_path)
    wall = FakeClock()
    arch, kiosk = kiosk_on(qtbot, path, round_id, wall)
    for _ in range(3):
        type_pin(qtbot, kiosk, "11111111")
    assert "2 tries left" in by_name(kiosk, "PIN message", QLabel).text()
    restart(arch, kiosk)  # three wrong, then the app is killed and started again

    arch, kiosk = kiosk_on(qtbot, path, round_id, wall)
    type_pin(qtbot, kiosk, "11111111")
    assert "1 tries left" in by_name(kiosk, "PIN message", QLabel).text()  # not 4: kept
    type_pin(qtbot, kiosk, "11111111")
    assert "wait 30 seconds" in by_name(kiosk, "PIN message", QLabel).text()
    wall.advance(10)
    restart(arch, kiosk)  # a restart during the wait does not end it

    arch, kiosk = kiosk_on(qtbot, path, round_id, wall)
    type_pin(qtbot, kiosk, PIN)
    assert "wait 20 seconds" in by_name(kiosk, "PIN message", QLabel).text()
    assert kiosk.isVisible()
    wall.restart()  # a reboot restarts the monotonic clock: the wait is in wall time
    wall.advance(20)
    type_pin(qtbot, kiosk, PIN)
    assert not kiosk.isVisible()
    assert audit.pin_lockout(arch.db) == Lockout()  # the right PIN clears the count
    arch.close()


def test_a_clock_set_back_never_means_a_longer_wait() -> None:
    wall = FakeClock()
    saved: list[Lockout] = []
    gate = PinGate(hash_pin("9999"), wall, state=Lockout(5, wall() + 3600), save=saved.append)
    assert gate.wait_left() == 30
    wall.now += 30
    assert gate.attempt("9999") is True


# -- changing the PIN, and the recovery code ---------------------------------------------

def test_changing_the_pin_needs_the_current_pin_or_the_recovery_code(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "new.db", create=True) as arch:
        db = arch.db
        code = audit.set_pin(db, PIN)
        assert code is not None and len(code.replace("-", "")) == 12
        assert set(code.replace("-", "")) <= set(RECOVERY_ALPHABET)
        with pytest.raises(ValidationError, match="current PIN"):
            audit.set_pin(db, NEW_PIN)
        with pytest.raises(ValidationError, match="not right"):
            audit.set_pin(db, NEW_PIN, current="12345678")
        assert audit.pin_lockout(db).wrong == 1  # a wrong current PIN counts too
        assert audit.set_pin(db, NEW_PIN, current=PIN) is None  # the code written down stays
        assert audit.pin_gate(db).attempt(NEW_PIN)
        # Forgotten: the recovery code (as typed, in small letters, no dashes) sets a new one.
        fresh = audit.set_pin(db, THIRD_PIN, recovery_code=code.replace("-", " ").lower())
        assert fresh is not None and fresh != code
        assert audit.pin_gate(db).attempt(THIRD_PIN)
        with pytest.raises(ValidationError, match="recovery code is not right"):
            audit.set_pin(db, PIN, recovery_code=code)  # used once, gone
        assert audit.set_pin(db, PIN, recovery_code=fresh) is not None


def test_the_pin_panel_changes_and_recovers_the_pin(qtbot, tmp_path: Path, home: Path) -> None:
    path = tmp_path / "new.db"
    arch = Archive.open(path, create=True)
    view = AuditView(clock=FakeClock())
    qtbot.addWidget(view)
    view.set_archive(arch)
    view.resize(1200, 800)
    view.show()
    view.show_tab(view.pin)
    qtbot.waitUntil(lambda: by_name(view, "New PIN").isVisible())
    message = by_name(view, "Audit message", QLabel)

    def fill(**fields: str) -> None:
        for name, text in fields.items():
            edit = by_name(view, name, QLineEdit)
            assert edit.isVisible(), name
            qtbot.keyClicks(edit, text)
        click(qtbot, view, "Set PIN")

    assert not by_name(view, "Current PIN").isVisible()  # nothing to type before the first
    fill(**{"New PIN": PIN, "Repeat the PIN": PIN})
    shown = by_name(view, "New recovery code", QLabel)
    assert shown.isVisible() and "only this once" in shown.text()
    code = shown.text().split("Recovery code: ")[1].split()[0]
    assert "recovery code" in message.text()

    fill(**{"New PIN": NEW_PIN, "Repeat the PIN": NEW_PIN})
    assert "type the current PIN" in message.text()
    fill(**{"Current PIN": "12345678", "New PIN": NEW_PIN, "Repeat the PIN": NEW_PIN})
    assert "current PIN is not right" in message.text()
    fill(**{"Current PIN": PIN, "New PIN": NEW_PIN, "Repeat the PIN": NEW_PIN})
    assert message.text() == "Facilitator PIN set."
    assert audit.pin_gate(arch.db).attempt(NEW_PIN)

    fill(**{"Recovery code": code, "New PIN": THIRD_PIN, "Repeat the PIN": THIRD_PIN})
    assert "recovery code" in message.text() and shown.isVisible()
    second = shown.text().split("Recovery code: ")[1].split()[0]
    assert second != code
    assert audit.pin_gate(arch.db).attempt(THIRD_PIN)
    fill(**{"Recovery code": code, "New PIN": PIN, "Repeat the PIN": PIN})
    assert "recovery code is not right" in message.text()  # it worked once
    for name in ("Current PIN", "Recovery code", "New PIN", "Repeat the PIN"):
        assert by_name(view, name, QLineEdit).text() == ""  # nothing typed stays

    secrets = [PIN, NEW_PIN, THIRD_PIN, code, second, code.replace("-", ""),
               second.replace("-", "")]

    def assert_nowhere() -> None:
        files = [p for p in [*tmp_path.rglob("*"), *home.rglob("*")] if p.is_file()]
        for file in files:
            data = file.read_bytes()
            for secret in secrets:
                for form in (secret.encode("ascii"), secret.encode("utf-16-le"),
                             secret.encode("utf-16-be")):
                    assert form not in data, f"{secret} is readable in {file}"

    assert (path.parent / (path.name + "-wal")).exists()
    assert_nowhere()  # while open: the .db and its WAL
    settings = settings_for(home)
    settings.setValue("recent", [str(path)])
    settings.sync()
    view.set_archive(None)
    arch.close()
    with Archive.open(path, create=False):  # a reopen writes an automatic backup
        pass
    assert any("backup" in str(p).lower() for p in tmp_path.rglob("*.db"))
    assert (home / "settings.ini").exists()
    assert_nowhere()


def test_the_command_line_reads_an_archive_in_participant_mode(cli, tmp_path: Path) -> None:
    """A forgotten PIN never locks the data away: check and list still work."""
    path, round_id = new_archive(tmp_path)
    with Archive.open(path, create=False) as arch:
        audit.start_participant_mode(arch.db, round_id)
    assert cli("check", "--db", path).exit_code == 0
    listed = cli("list", "rounds", "--db", path)
    assert listed.exit_code == 0 and "Spring audit" in listed.output


# -- the clipboard -------------------------------------------------------------------

@pytest.fixture
def kiosk(qtbot, tmp_path: Path):
    path, round_id = new_archive(tmp_path)
    arch = Archive.open(path, create=False)
    clock = FakeClock()
    window = KioskWindow(arch.db, round_id, clock=clock, idle_warn=90, idle_discard=30,
                         thanks_seconds=5, tick_ms=60_000)
    qtbot.addWidget(window)
    window.show_kiosk()
    qtbot.waitExposed(window)
    yield window, clock
    if not window._unlocked:
        window.unlock()
    arch.close()


def copy_a_comment(qtbot, kiosk: KioskWindow, text: str) -> None:
    """Type a comment, select it and copy it with Ctrl+A, Ctrl+C, as a person would."""
    comment = by_name(kiosk, "Comment (optional)")
    qtbot.keyClicks(comment, text)
    qtbot.keyClick(comment, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(comment, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == text


def test_the_clipboard_is_cleared_when_a_response_is_submitted(qtbot, kiosk) -> None:
    window, _ = kiosk
    click(qtbot, window, "Start")
    click(qtbot, window, "Score 7 out of 10")
    copy_a_comment(qtbot, window, "Ask Ann Jones")
    for name in ("Next", "Skip this question", "Skip this question", "Next"):
        click(qtbot, window, name)  # the other two questions skipped, no side given
    click(qtbot, window, "Submit")
    assert by_name(window, "Thank you").isVisible()
    assert QGuiApplication.clipboard().text() == ""


def test_the_clipboard_is_cleared_when_a_response_is_discarded(qtbot, kiosk) -> None:
    window, clock = kiosk
    click(qtbot, window, "Start")
    copy_a_comment(qtbot, window, "Ask Ann Jones")
    clock.advance(90)
    window.tick()
    clock.advance(30)
    window.tick()  # walked away: the half-finished answers are dropped
    assert by_name(window, "Start").isVisible()
    assert QGuiApplication.clipboard().text() == ""


def test_reset_pin_from_the_command_line_when_both_are_lost(cli, tmp_path: Path,
                                                            qtbot, home: Path) -> None:
    path, round_id = new_archive(tmp_path)
    with Archive.open(path, create=False) as arch:
        audit.start_participant_mode(arch.db, round_id)
        refused = cli("reset-pin", "--yes", "--db", path, catch_exceptions=True)
        assert refused.exit_code == 1 and "already open" in refused.output  # not under the app
    kept = cli("reset-pin", "--db", path, input="n\n")
    assert "Nothing was changed" in kept.output
    done = cli("reset-pin", "--db", path, input="y\n")
    assert done.exit_code == 0 and "removed" in done.output
    window = MainWindow(Archive.open(path, create=False), settings_for(home))
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(50)
    assert window.isVisible() and kiosk_of(window) is None  # the app opens as usual
    assert window.archive is not None and audit.pin_hash(window.archive.db) is None
    window.close()
