"""The data folder and the settings file are the user's alone, and checking an
install (--self-test) never changes the user's own settings."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from spf_desktop.gui.app import settings_for


@pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX notion")
def test_a_new_data_folder_and_its_settings_are_owner_only(qapp, tmp_path: Path):
    old = os.umask(0o022)  # the usual umask: without care, 0755 and 0644
    try:
        folder = tmp_path / "new profile" / "SPF Desktop"
        settings = settings_for(folder)
        settings.setValue("window/geometry", "x")
        settings.sync()
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new profile").stat().st_mode) == 0o700
    ini = folder / "settings.ini"
    assert "geometry" in ini.read_text(encoding="utf-8")
    assert stat.S_IMODE(ini.stat().st_mode) == 0o600


@pytest.mark.slow
def test_the_self_test_leaves_the_users_settings_alone(tmp_path: Path):
    home = tmp_path / "home"
    db = tmp_path / "checked archive.db"
    env = {**os.environ, "SPF_DESKTOP_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    for args in (["--self-test"], ["--self-test", "--db", str(db)]):
        proc = subprocess.run([sys.executable, "-m", "spf_desktop", *args], env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              encoding="utf-8", timeout=240)
        assert proc.returncode == 0, proc.stderr
        assert "view" in proc.stdout
    ini = home / "settings.ini"
    assert not ini.exists() or str(db.name) not in ini.read_text(encoding="utf-8")
    assert not ini.exists() or "spf-self-test" not in ini.read_text(encoding="utf-8")
