"""The shape of the project: compiled forms up to date, the core free of Qt,
resources found through one helper."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from spf_desktop.gui.compile_forms import FORMS_DIR, compile_form
from spf_desktop.paths import resource, ui_file

ROOT = Path(__file__).resolve().parent.parent


def _without_banner(text: str) -> list[str]:
    # pyside6-uic writes its own version in a comment; that alone is no change
    return [line for line in text.splitlines() if not line.startswith("## Created by")]


@pytest.mark.parametrize("form", sorted(p.name for p in (ROOT / "ui").glob("*.ui")))
def test_every_compiled_form_is_up_to_date(form: str, tmp_path: Path) -> None:
    source = ui_file(form)
    fresh = tmp_path / "fresh.py"
    compile_form(source, fresh)
    committed = FORMS_DIR / f"ui_{source.stem}.py"
    assert committed.exists(), f"{form} was never compiled: run python -m spf_desktop.gui.compile_forms"
    assert _without_banner(committed.read_text()) == _without_banner(fresh.read_text()), (
        f"{committed.name} is older than {form}: run python -m spf_desktop.gui.compile_forms"
    )


def test_the_core_never_imports_qt() -> None:
    core = [
        "spf_desktop.cli", "spf_desktop.paths", "spf_desktop.store", "spf_desktop.store.demo",
        "spf_desktop.store.results",
    ]
    for package in ("domain", "store", "io", "reports"):
        for module in sorted((ROOT / "spf_desktop" / package).glob("*.py")):
            if module.stem != "__init__":
                core.append(f"spf_desktop.{package}.{module.stem}")
            else:
                core.append(f"spf_desktop.{package}")
    code = (
        "import importlib, sys\n"
        f"for name in {core!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'spf_desktop.gui')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_start_up_imports_no_report_or_spreadsheet_library() -> None:
    code = (
        "import sys\n"
        "import spf_desktop.cli, spf_desktop.gui.app, spf_desktop.gui.main_window\n"
        "print(','.join(sorted(m for m in ('reportlab', 'openpyxl') if m in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert result.stdout.strip() == ""


def test_resources_are_found_through_the_one_helper() -> None:
    assert resource("question_sets", "partnership_behaviours.json").is_file()
    assert resource("section_types.json").is_file()
    assert resource("fonts", "DejaVuSans.ttf").is_file()
    assert ui_file("style.qss").is_file()
    assert ui_file("main_window.ui").is_file()


def _gui_and_core_modules() -> list[Path]:
    root = Path(__file__).resolve().parent.parent / "spf_desktop"
    return [p for p in root.rglob("*.py") if "forms" not in p.parts]


def test_no_module_runs_past_500_lines_without_saying_why_at_its_top() -> None:
    long = []
    for path in _gui_and_core_modules():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 500:
            docstring = ast.get_docstring(ast.parse(text)) or ""
            if "Why this module is long:" not in docstring:
                long.append(f"{path.name}: {len(text.splitlines())} lines")
    assert long == []


def test_no_init_runs_past_60_lines() -> None:
    """Layout-building constructors are split into small _build_* methods."""
    long = []
    for path in _gui_and_core_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name == "__init__":
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > 60:
                    long.append(f"{path.name}:{node.lineno} ({lines} lines)")
    assert long == []


def test_the_readme_architecture_names_every_package_as_the_folders_have_it() -> None:
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Architecture"):]
    section = section[:section.index("\n## ", 5)]
    gui = root / "spf_desktop" / "gui"
    packages = sorted(p.name for p in gui.iterdir()
                      if (p / "__init__.py").exists() and p.name != "forms")
    assert packages, "no gui packages found"
    missing = [name for name in packages if f"`gui/{name}/`" not in section]
    missing += [name for name in ("domain", "store", "io", "reports", "gui")
                if f"  {name}/" not in section]
    assert missing == []


def test_no_sql_in_the_views() -> None:
    """Views ask the store; no query text and no execute() call lives in gui/."""
    import re

    gui = Path(__file__).resolve().parent.parent / "spf_desktop" / "gui"
    sql = re.compile(r"\b(SELECT\s+\S|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b|\.execute\(")
    found = [f"{path.relative_to(gui)}:{n}" for path in gui.rglob("*.py") if "forms" not in path.parts
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if sql.search(line)]
    assert found == []
