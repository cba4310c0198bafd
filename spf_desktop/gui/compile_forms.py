"""Compile ui/*.ui into spf_desktop/gui/forms/ui_*.py with pyside6-uic.

Run ``python -m spf_desktop.gui.compile_forms`` after editing a form in Designer.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from spf_desktop.paths import ui_file

FORMS_DIR = Path(__file__).resolve().parent / "forms"


def uic_command() -> list[str]:
    exe = shutil.which("pyside6-uic", path=str(Path(sys.executable).parent)) or shutil.which(
        "pyside6-uic"
    )
    if exe is None:
        raise SystemExit("pyside6-uic was not found; install PySide6-Essentials.")
    return [exe]


def compile_form(source: Path, target: Path) -> None:
    subprocess.run([*uic_command(), str(source), "-o", str(target)], check=True)


def main() -> None:
    for source in sorted(ui_file().glob("*.ui")):
        target = FORMS_DIR / f"ui_{source.stem}.py"
        compile_form(source, target)
        print(f"{source.name} -> {target.relative_to(FORMS_DIR.parent.parent.parent)}")


if __name__ == "__main__":
    main()
