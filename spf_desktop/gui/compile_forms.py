"""Compile ui/*.ui into spf_desktop/gui/forms/ui_*.py with pyside6-uic.

Run ``python -m spf_desktop.gui.compile_forms`` after editing a form in Designer.
"""

from __future__ import annotations

import ast
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
    target.write_text(prune_imports(target.read_text(encoding="utf-8")), encoding="utf-8")


def prune_imports(code: str) -> str:
    """Keep only the Qt names a form uses.

    pyside6-uic imports dozens of classes a form never touches, and each one
    costs start-up time as PySide6 creates its type on first import.
    """
    tree = ast.parse(code)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    lines = code.splitlines(keepends=True)
    out: list[str] = []
    cursor = 0
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6"):
            start, end = node.lineno - 1, node.end_lineno or node.lineno
            out.extend(lines[cursor:start])
            names = [a.name for a in node.names if a.name in used]
            if names:
                out.append(f"from {node.module} import {', '.join(names)}\n")
            cursor = end
    out.extend(lines[cursor:])
    return "".join(out)


def main() -> None:
    for source in sorted(ui_file().glob("*.ui")):
        target = FORMS_DIR / f"ui_{source.stem}.py"
        compile_form(source, target)
        print(f"{source.name} -> {target.relative_to(FORMS_DIR.parent.parent.parent)}")


if __name__ == "__main__":
    main()
