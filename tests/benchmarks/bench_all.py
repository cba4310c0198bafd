"""Every benchmark in one table, with a ratio wherever a peer exists.

    python tests/benchmarks/bench_all.py [--runs 9] [--no-size]

- start-up and peak memory against a bare PySide6 window, measured here
  (start-up with bench_startup.py's method; memory as the child's peak
  resident size, ``ru_maxrss``, of ``--self-test`` on the synthetic archive of
  300 rounds x 40 respondents);
- the folder app's size against a bare window app built the same way
  (bench_size.py; about a minute of PyInstaller, skipped with --no-size);
- the other figures come from each area's own script (bench_audit.py,
  bench_agenda.py, bench_reports.py, bench_archive.py), run as they are and
  read from what they print. A script or a line that is missing shows as
  "not available yet", so this table never hides a gap.

Prints a Markdown table (the README's "Benchmarks" section is one run of it).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_startup  # noqa: E402

MISSING = "not available yet"


@dataclass
class Row:
    what: str
    figure: str = MISSING
    peer: str = ""
    ratio: str = ""
    goal: str = ""
    met: str = ""


def env(home: str) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "SPF_DESKTOP_HOME": home}


# -- measured here ------------------------------------------------------------------

def startup(db: Path, runs: int, environ: dict[str, str]) -> tuple[float, float]:
    app_cmd = [sys.executable, "-m", "spf_desktop", "--self-test", "--db", str(db)]
    bare_cmd = [sys.executable, "-c", bench_startup.BARE]
    bench_startup.time_to_first_window(app_cmd, environ)  # warm the file cache for both
    bench_startup.time_to_first_window(bare_cmd, environ)
    app, bare = [], []
    for _ in range(runs):
        bare.append(bench_startup.time_to_first_window(bare_cmd, environ))
        app.append(bench_startup.time_to_first_window(app_cmd, environ))
    return statistics.median(app), statistics.median(bare)


# Runs a command as its only child and prints that child's peak resident size.
PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if done.returncode:
    sys.exit(f"{sys.argv[1:]} failed with {done.returncode}")
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_mb(cmd: list[str], environ: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", PEAK, *cmd], capture_output=True, text=True,
                         env=environ, check=True)
    return int(out.stdout.split()[-1]) / 1024  # ru_maxrss is in kilobytes on Linux


def memory(db: Path, environ: dict[str, str]) -> tuple[float, float]:
    app = max(peak_mb([sys.executable, "-m", "spf_desktop", "--self-test", "--db", str(db)], environ)
              for _ in range(2))
    bare = max(peak_mb([sys.executable, "-c", bench_startup.BARE], environ) for _ in range(2))
    return app, bare


def size(environ: dict[str, str]) -> tuple[float, float] | None:
    script = HERE / "bench_size.py"
    if not script.exists():
        return None
    out = subprocess.run([sys.executable, str(script), "--top", "1"], capture_output=True,
                         text=True, env=environ, timeout=1800)
    bare = re.search(r"bare PySide6-Essentials window\s+([\d.]+) MB", out.stdout)
    app = re.search(r"spf-desktop \(build.spec\)\s+([\d.]+) MB", out.stdout)
    if out.returncode or not bare or not app:
        return None
    return float(app.group(1)), float(bare.group(1))


# -- read from the areas' own scripts -------------------------------------------------

def run_script(name: str, environ: dict[str, str]) -> str | None:
    script = HERE / name
    if not script.exists():
        return None
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         env=environ, timeout=1800)
    if out.returncode:
        sys.stderr.write(f"{name} failed:\n{out.stderr[-2000:]}\n")
    return out.stdout


def find(text: str | None, pattern: str) -> re.Match[str] | None:
    return re.search(pattern, text, re.M) if text else None


def timed_row(what: str, text: str | None, pattern: str, unit: str, goal: float) -> Row:
    """A row for a figure 'median N unit' (or 'N unit') that a script printed."""
    row = Row(what, goal=f"< {goal:g} {unit}")
    match = find(text, pattern)
    if match:
        value = float(match.group(1).replace(",", ""))
        row.figure = f"{value:g} {unit}"
        row.met = "yes" if value < goal else "NO"
    return row


def mark(value: float, goal: float, *, below: bool = True) -> str:
    return "yes" if (value <= goal if below else value >= goal) else "NO"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="Start-up runs of each.")
    parser.add_argument("--no-size", action="store_true", help="Skip building the folder apps.")
    args = parser.parse_args()
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="spf-bench-") as tmp:
        environ = env(tmp)
        demo = Path(tmp) / "demo.db"
        synthetic = Path(tmp) / "synthetic.db"
        subprocess.run([sys.executable, "-m", "spf_desktop", "demo", "--no-gui", "--db", str(demo)],
                       check=True, env=environ, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, "-m", "spf_desktop", "demo", "--no-gui", "--db",
                        str(synthetic), "--rounds", "300", "--respondents", "40"],
                       check=True, env=environ, stdout=subprocess.DEVNULL)

        app, bare = startup(demo, args.runs, environ)
        rows.append(Row("start-up to first window (demo archive)", f"{app:.3f} s",
                        f"bare PySide6 window {bare:.3f} s", f"{app / bare:.2f}", "ratio <= 1.3",
                        mark(app / bare, 1.3)))

        audit = run_script("bench_audit.py", environ)
        rows.append(timed_row("kiosk: submit -> next welcome screen", audit,
                              r"submit -> next welcome screen.*?median ([\d.]+) ms", "ms", 50))
        rows.append(timed_row("audit results view, 200 responses", audit,
                              r"results view.*?median ([\d.]+) ms", "ms", 200))

        agenda = run_script("bench_agenda.py", environ)
        rows.append(timed_row("agenda recompute, 200 sections (domain)", agenda,
                              r"recompute after an edit \(domain\): median ([\d.]+) ms", "ms", 10))
        rows.append(timed_row("agenda builder refresh after an edit", agenda,
                              r"builder refresh.*?median ([\d.]+) ms", "ms", 10))
        run_cpu = find(agenda, r"run mode.*?= ([\d.]+)% of one core")
        rows.append(Row("run mode clock, CPU share", f"{run_cpu.group(1)} %" if run_cpu else MISSING,
                        goal="< 5 %", met=mark(float(run_cpu.group(1)), 5) if run_cpu else ""))

        reports = run_script("bench_reports.py", environ)
        rows.append(timed_row("audit PDF, 40 responses", reports,
                              r"audit report, \d+ responses: median ([\d.]+) s", "s", 0.5))
        rows.append(timed_row("trend PDF, synthetic forum (300 rounds x 40)", reports,
                              r"trend report, \d+ rounds: median ([\d.]+) s", "s", 3))

        archive = run_script("bench_archive.py", environ)
        rows.append(timed_row("import 10,000 rows, CSV", archive,
                              r"import 10,000 respondent rows, CSV.*?: ([\d.]+) s", "s", 2))
        rows.append(timed_row("import 10,000 rows, Forms .xlsx", archive,
                              r"import 10,000 respondent rows, Microsoft Forms.*?: ([\d.]+) s", "s", 2))
        rows.append(timed_row("search 'trust', synthetic forum", archive,
                              r"search 'trust'.*?: ([\d.]+) ms", "ms", 100))

        app_mb, bare_mb = memory(synthetic, environ)
        rows.append(Row("GUI peak memory, synthetic archive (--self-test)", f"{app_mb:.0f} MB",
                        f"bare PySide6 window {bare_mb:.0f} MB", f"{app_mb / bare_mb:.2f}",
                        "< 250 MB", mark(app_mb, 250)))

        if not args.no_size:
            sizes = size(environ)
            if sizes is None:
                rows.append(Row("folder app size", goal="ratio <= 1.15"))
            else:
                app_size, bare_size = sizes
                rows.append(Row("folder app size (PyInstaller, one folder)", f"{app_size:.0f} MB",
                                f"bare window app {bare_size:.0f} MB", f"{app_size / bare_size:.2f}",
                                "ratio <= 1.15", mark(app_size / bare_size, 1.15)))

    print(f"Benchmarks, {date.today().isoformat()}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, QT_QPA_PLATFORM={environ['QT_QPA_PLATFORM']}\n")
    header = ["what", "figure", "peer", "ratio", "goal", "met"]
    table = [[r.what, r.figure, r.peer, r.ratio, r.goal, r.met] for r in rows]
    widths = [max(len(header[i]), *(len(t[i]) for t in table)) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for t in table:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(t, widths, strict=True)) + " |")
    print(f"\n(took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
