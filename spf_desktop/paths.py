"""Where shipped files and user data live.

One helper for every way the app runs: a checkout (``resources/`` at the top of
the repository), an installed wheel (copied into ``spf_desktop/_resources``) and
a PyInstaller folder (``build.spec`` puts them at the same place inside the
bundle). Nothing else in the code works out paths from ``__file__``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

#: Set this to keep every user file (archive, backups, settings) in one folder.
HOME_ENV = "SPF_DESKTOP_HOME"


def _shipped(name: str) -> Path:
    packaged = _PACKAGE / f"_{name}"
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name


def resource(*parts: str) -> Path:
    """A file under ``resources/``, wherever the app is running from."""
    return _shipped("resources").joinpath(*parts)


def ui_file(*parts: str) -> Path:
    """A file under ``ui/`` (the stylesheet, the Designer forms)."""
    return _shipped("ui").joinpath(*parts)


def data_dir() -> Path:
    """The user's data folder (``SPF_DESKTOP_HOME`` overrides it)."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("SPF Desktop", appauthor=False)


def default_archive() -> Path:
    return data_dir() / "archive.db"


def make_private_dir(folder: Path) -> Path:
    """Create ``folder`` (and missing parents) readable by its owner only (0700)."""
    missing = []
    here = folder
    while not here.exists():
        missing.append(here)
        here = here.parent
    for made in reversed(missing):
        with contextlib.suppress(FileExistsError):
            made.mkdir(mode=0o700)
        if os.name == "posix":
            os.chmod(made, 0o700)  # mkdir's mode is cut by the umask
    return folder
