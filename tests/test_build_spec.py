"""The folder app leaves out what the app does not use (build.spec). These keep
that true as the code grows: an import of a left-out module, or an image that
needs a left-out Qt plugin, would work from a checkout and fail only in the
folder app. CI builds the folder and runs it; these catch it sooner.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build.spec"


def spec_list(name: str) -> list[str]:
    """A list of strings assigned at the top of build.spec."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets):
            value = ast.literal_eval(node.value)
            return list(value)
    raise AssertionError(f"build.spec has no {name}")


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_the_app_imports_nothing_the_folder_app_leaves_out() -> None:
    excluded = spec_list("QT_EXCLUDES") + spec_list("OTHER_EXCLUDES")
    assert "PySide6.QtNetwork" in excluded and "ssl" in excluded  # the lists were read
    problems = []
    for path in sorted((ROOT / "spf_desktop").rglob("*.py")):
        for module in imported_modules(path):
            for left_out in excluded:
                if module == left_out or module.startswith(left_out + "."):
                    problems.append(f"{path.relative_to(ROOT)} imports {module}, "
                                    "which build.spec leaves out")
    assert problems == []


def test_shipped_files_need_no_image_plugin_the_folder_app_leaves_out() -> None:
    """PNG is read by Qt itself; other formats need the imageformats plugins,
    which build.spec drops (QT_DROP). Add the plugin back if one is needed."""
    needs_plugin = {".svg", ".svgz", ".jpg", ".jpeg", ".gif", ".ico", ".icns", ".tif",
                    ".tiff", ".webp", ".tga", ".wbmp"}
    shipped = [p for folder in ("resources", "ui") for p in (ROOT / folder).rglob("*")
               if p.is_file()]
    assert shipped
    assert [str(p.relative_to(ROOT)) for p in shipped if p.suffix.lower() in needs_plugin] == []
    assert "PySide6/Qt/plugins/imageformats/" in spec_list("QT_DROP")



def spec_keep():
    """build.spec's keep() with the lists it reads, without running PyInstaller."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    wanted = [node for node in tree.body
              if (isinstance(node, ast.Assign) and any(
                  isinstance(t, ast.Name) and t.id in {"QT_DROP", "LIB_DROP"} for t in node.targets))
              or (isinstance(node, ast.FunctionDef) and node.name == "keep")]
    namespace: dict = {"Path": Path}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), str(SPEC), "exec"), namespace)
    return namespace["keep"]


# (where PyInstaller puts a file in the folder, as on Linux, as on Windows)
LEFT_OUT_IN_BOTH_LAYOUTS = [
    ("PySide6/Qt/lib/libQt6Network.so.6", "PySide6/Qt6Network.dll"),
    ("PySide6/Qt/lib/libQt6Svg.so.6", "PySide6/Qt6Svg.dll"),
    ("PySide6/Qt/lib/libQt6OpenGL.so.6", "PySide6/Qt6OpenGL.dll"),
    ("PySide6/Qt/translations/qtbase_de.qm", "PySide6/translations/qtbase_de.qm"),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", "PySide6/plugins/imageformats/qjpeg.dll"),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", "PySide6/plugins/iconengines/qsvgicon.dll"),
    ("PySide6/Qt/plugins/platforms/libqminimal.so", "PySide6/plugins/platforms/qminimal.dll"),
    ("PySide6/Qt/plugins/generic/libqtuiotouchplugin.so",
     "PySide6/plugins/generic/qtuiotouchplugin.dll"),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", "PySide6/plugins/tls/qschannelbackend.dll"),
]
KEPT_IN_BOTH_LAYOUTS = [
    ("PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt6Core.dll"),
    ("PySide6/Qt/lib/libQt6Gui.so.6", "PySide6/Qt6Gui.dll"),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt6Widgets.dll"),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/plugins/platforms/qwindows.dll"),
    ("libcrypto.so.3", "libcrypto-3.dll"),  # hashlib.scrypt hashes the facilitator PIN
]


def test_build_spec_leaves_out_the_same_parts_on_linux_and_windows() -> None:
    keep = spec_keep()
    for linux, windows in LEFT_OUT_IN_BOTH_LAYOUTS:
        for dest in (linux, windows, windows.replace("/", "\\")):
            assert not keep((dest, "source", "BINARY")), f"build.spec keeps {dest}"
    assert not keep(("PySide6/opengl32sw.dll", "source", "BINARY"))
    for linux, windows in KEPT_IN_BOTH_LAYOUTS:
        for dest in (linux, windows, windows.replace("/", "\\")):
            assert keep((dest, "source", "BINARY")), f"build.spec drops {dest}"


def test_windows_folder_has_a_windowed_and_a_console_program() -> None:
    """People start "SPF Desktop.exe" (no console window); scripts and cmd.exe
    use spf-desktop.exe, whose output shows and whose exit code is kept."""
    text = SPEC.read_text(encoding="utf-8")
    assert 'program("SPF Desktop", console=False)' in text
    assert 'program("spf-desktop", console=True)' in text
