"""Every test gets its own data folder and archive; nothing touches real user folders."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from spf_desktop.store import Archive  # noqa: E402


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data folder at a temporary folder."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("SPF_DESKTOP_HOME", str(folder))
    return folder


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
        except Exception:  # noqa: BLE001 - already closed by the test
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
    except Exception:  # noqa: BLE001
        pass
