"""Size of the folder app against a bare PySide6-Essentials window app.

Both are built in the same run with the same PyInstaller, one folder,
windowed: the bare app from a ten-line script with PyInstaller's defaults, the
real app from build.spec. Prints both sizes, their ratio (goal: at most 1.15 on
Linux; on Windows, where PyInstaller's defaults keep much more of Qt, at most
0.9) and the largest parts of the real folder, so the next thing to trim is
plain. It also checks that what build.spec leaves out is really out, in the
Linux layout (.so) or the Windows one (.dll).

    python tests/benchmarks/bench_size.py [--keep DIR] [--top 25]

On Windows (or under Wine, see .ci/windows-build) run it with the Windows
Python. Started with --quit, the bare app prints "first window" once its window is
shown and quits, so the same folder serves for start-up timing.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOAL = 0.9 if sys.platform == "win32" else 1.15

BARE = """\
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.show()
if "--quit" in sys.argv:  # for start-up timing: say when the window is shown, then quit
    def shown():
        print("first window", flush=True)
        app.quit()
    QTimer.singleShot(0, shown)
app.exec()
"""

# Files build.spec leaves out, in either layout; none may be in the folder.
LEFT_OUT = re.compile(
    r"(^|/)(lib)?Qt6(Network|Svg|OpenGL|Pdf|Qml|Quick|Wayland|EglFS)[^/]*\.(so[.0-9]*|dll)$"
    r"|(^|/)opengl32sw\.dll$"
    r"|(^|/)translations/[^/]*\.qm$"
    r"|/imageformats/"
    r"|/platforms/(lib)?q(minimal|vnc|linuxfb|eglfs|direct2d)[^/]*$",
    re.IGNORECASE)


def pyinstaller(args: list[str], cwd: Path) -> float:
    """Run PyInstaller from this Python; returns the seconds it took."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", *args],
                          cwd=cwd, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"PyInstaller failed:\n{proc.stderr[-4000:]}")
    return time.perf_counter() - start


def build_bare(work: Path) -> tuple[Path, float]:
    folder = work / "bare"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bare.py").write_text(BARE, encoding="utf-8")
    took = pyinstaller(["--windowed", "--onedir", "--name", "bare", "--distpath", "D",
                        "--workpath", "W", "--specpath", ".", "bare.py"], folder)
    return folder / "D" / "bare", took


def build_app(work: Path) -> tuple[Path, float]:
    folder = work / "app"
    folder.mkdir(parents=True, exist_ok=True)
    took = pyinstaller(["--distpath", "D", "--workpath", "W", str(ROOT / "build.spec")], folder)
    return folder / "D" / "spf-desktop", took


def file_sizes(folder: Path) -> dict[Path, int]:
    """Bytes of every real file (symbolic links count once, as their target)."""
    sizes = {}
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(dirpath) / name
            if not path.is_symlink():
                sizes[path.relative_to(folder)] = path.stat().st_size
    return sizes


def largest_parts(sizes: dict[Path, int], top: int) -> list[tuple[str, int]]:
    """The biggest parts: files of 1 MB or more on their own, smaller files
    summed by the folder they are in."""
    groups: dict[str, int] = {}
    for rel, size in sizes.items():
        key = rel.as_posix() if size >= 1_000_000 else rel.parent.as_posix() + "/ (small files)"
        groups[key] = groups.get(key, 0) + size
    return sorted(groups.items(), key=lambda kv: -kv[1])[:top]


def mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def measure(work: Path, top: int) -> dict[str, float]:
    bare, bare_took = build_bare(work)
    app, app_took = build_app(work)
    bare_size = sum(file_sizes(bare).values())
    app_sizes = file_sizes(app)
    app_size = sum(app_sizes.values())
    print(f"{'folder':<34}{'size':>12}{'build':>10}")
    print(f"{'bare PySide6-Essentials window':<34}{mb(bare_size):>12}{bare_took:>9.0f}s")
    print(f"{'spf-desktop (build.spec)':<34}{mb(app_size):>12}{app_took:>9.0f}s")
    ratio = app_size / bare_size
    print(f"ratio (goal <= {GOAL:.2f}): {ratio:.2f}")
    leaked = sorted(rel.as_posix() for rel in app_sizes if LEFT_OUT.search(rel.as_posix()))
    if leaked:
        raise SystemExit("build.spec leaves these out, yet they are in the folder:\n  "
                         + "\n  ".join(leaked))
    programs = sorted(rel.name for rel in app_sizes if len(rel.parts) == 1)
    print(f"programs in {app.name}/: {', '.join(programs)}")
    print(f"\nlargest parts of {app.name}/:")
    for name, size in largest_parts(app_sizes, top):
        print(f"  {mb(size):>10}  {name}")
    return {"bare": bare_size, "app": app_size, "ratio": ratio}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="Build here and keep the folders.")
    parser.add_argument("--top", type=int, default=25, help="How many of the largest parts.")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        measure(args.keep, args.top)
        return
    with tempfile.TemporaryDirectory(prefix="spf-size-") as tmp:
        measure(Path(tmp), args.top)


if __name__ == "__main__":
    main()
