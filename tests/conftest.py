"""Every test gets its own data folder and archive; nothing touches real user folders."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if sys.platform == "win32":
    # Qt's offscreen platform on Windows reads fonts from a folder, by default an
    # empty one inside PySide6 (and warns, which fails the test): Windows' own.
    os.environ.setdefault("QT_QPA_FONTDIR",
                          os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"))

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
    """A real read-only folder, made the way the system does it. Yields a function
    that copies files in and then makes the folder (and the files) read-only.

    - Linux as root (where permission bits do not stop writes): a read-only tmpfs.
    - Linux as an ordinary user: mode 0555.
    - Windows: an access list that lets everyone (S-1-1-0) read and nobody write,
      set with the same API that ``icacls`` uses, and the read-only attribute on
      the files. Under Wine, Wine turns the access list
      and the attribute into Unix permission bits: they stop an ordinary user, and
      nobody as root. ``.ci/windows-tests`` therefore runs Wine as an ordinary user.
      Where the folder still takes a new file after all this, the test is skipped.
    """
    import shutil
    import stat
    import subprocess

    folder = tmp_path / "readonly"
    folder.mkdir()
    mounted = False
    copied: list[Path] = []

    def make(*files: Path) -> Path:
        nonlocal mounted
        if sys.platform == "win32":
            for f in files:
                copied.append(Path(shutil.copy(f, folder / f.name)))
                os.chmod(copied[-1], stat.S_IREAD)
            _set_access_list(folder, _READ_ONLY)
            _skip_unless_read_only(folder)
        elif os.geteuid() == 0:
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
    if sys.platform == "win32":
        _set_access_list(folder, _FULL_ACCESS)
        for f in copied:
            os.chmod(f, stat.S_IREAD | stat.S_IWRITE)
    elif mounted:
        subprocess.run(["umount", str(folder)], check=False)
    else:
        folder.chmod(0o755)


# Access lists in Windows' SDDL: protected (nothing inherited), for Everyone
# (WD), on the folder and what is made in it (OICI). 0x1200a9 is read and execute.
_READ_ONLY = "D:P(A;OICI;0x1200a9;;;WD)"
_FULL_ACCESS = "D:P(A;OICI;FA;;;WD)"


def _set_access_list(folder: Path, sddl: str) -> None:
    """Replace a folder's access list (Windows only)."""
    import ctypes
    from ctypes import wintypes

    advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    to_sd = advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW
    to_sd.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, ctypes.POINTER(ctypes.c_void_p),
                      ctypes.c_void_p]
    advapi32.SetFileSecurityW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, ctypes.c_void_p]
    descriptor = ctypes.c_void_p()
    if not to_sd(sddl, 1, ctypes.byref(descriptor), None):  # SDDL_REVISION_1
        raise ctypes.WinError(ctypes.get_last_error())  # type: ignore[attr-defined]
    try:
        if not advapi32.SetFileSecurityW(str(folder), 4, descriptor):  # the DACL
            raise ctypes.WinError(ctypes.get_last_error())  # type: ignore[attr-defined]
    finally:
        kernel32.LocalFree(descriptor)


def _skip_unless_read_only(folder: Path) -> None:
    probe = folder / "probe.tmp"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        return
    probe.unlink()
    pytest.skip("cannot make a read-only folder here: under Wine as root, access lists "
                "and attributes stop nothing (run Wine as an ordinary user)")
