"""Start-up time of ``spf-desktop --self-test`` against a bare PySide6 window.

Both are measured the same way in the same run: from starting the process to
the moment it prints that its first window is shown. Runs alternate so that
load on the machine falls on both alike. Prints the medians and their ratio
(goal: at most 1.3).

    python tests/benchmarks/bench_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1100, 720)
window.show()
def shown():
    print("first window", flush=True)
    window.close()
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def time_to_first_window(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("first window"):
            elapsed = time.perf_counter() - start
            break
    else:
        raise SystemExit(f"{cmd} never showed a window")
    proc.wait(timeout=60)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "SPF_DESKTOP_HOME": tmp}
        db = Path(tmp) / "demo.db"
        subprocess.run([sys.executable, "-m", "spf_desktop", "demo", "--no-gui", "--db", str(db)],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        app_cmd = [sys.executable, "-m", "spf_desktop", "--self-test", "--db", str(db)]
        bare_cmd = [sys.executable, "-c", BARE]
        time_to_first_window(app_cmd, env)  # warm the file cache for both
        time_to_first_window(bare_cmd, env)
        app_times, bare_times = [], []
        for _ in range(args.runs):
            bare_times.append(time_to_first_window(bare_cmd, env))
            app_times.append(time_to_first_window(app_cmd, env))
    bare = statistics.median(bare_times)
    app = statistics.median(app_times)
    print(f"{'what':<32}{'median':>10}{'min':>10}{'max':>10}")
    print(f"{'bare PySide6 window':<32}{bare:>9.3f}s{min(bare_times):>9.3f}s{max(bare_times):>9.3f}s")
    print(f"{'spf-desktop --self-test':<32}{app:>9.3f}s{min(app_times):>9.3f}s{max(app_times):>9.3f}s")
    print(f"ratio (goal <= 1.30): {app / bare:.2f}")


if __name__ == "__main__":
    main()
