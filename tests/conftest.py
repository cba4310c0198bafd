"""Every test gets its own data folder and archive; nothing touches real user folders."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from click.testing import Result
from helpers import FakeClock, run_cli

from spf_desktop.store import Archive


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data folder at a temporary folder."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("SPF_DESKTOP_HOME", str(folder))
    return folder


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run the command line in-process: ``cli("list", "forums", "--db", path)``."""
    return run_cli


@pytest.fixture
def clock() -> FakeClock:
    """A fresh fake clock (monotonic and wall), moved by hand."""
    return FakeClock()


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture
def archive(archive_path: Path):
    arch = Archive.open(archive_path)
    yield arch
    if arch.db is not None:
        try:
            arch.close()
        except Exception:
            pass


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo story written once per session; tests copy it."""
    from spf_desktop.store.demo import write_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Archive.open(path, backup=False) as arch:
        write_demo(arch.db)
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "demo.db"
    shutil.copy(demo_template, target)
    return target


@pytest.fixture
def demo(demo_path: Path):
    arch = Archive.open(demo_path)
    yield arch
    try:
        arch.close()
    except Exception:
        pass


def file_hash(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def readonly_folder(tmp_path: Path):
    """A real read-only folder: a read-only tmpfs when running as root (where
    permission bits do not stop writes), else a folder with mode 0555.
    Yields a function that copies files in and then makes the folder read-only."""
    import shutil
    import subprocess

    folder = tmp_path / "readonly"
    folder.mkdir()
    mounted = False

    def make(*files: Path) -> Path:
        nonlocal mounted
        if os.geteuid() == 0:
            subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], check=True)
            mounted = True
            for f in files:
                shutil.copy(f, folder / f.name)
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            for f in files:
                shutil.copy(f, folder / f.name)
            folder.chmod(0o555)
        return folder

    yield make
    if mounted:
        subprocess.run(["umount", str(folder)], check=False)
    else:
        folder.chmod(0o755)
