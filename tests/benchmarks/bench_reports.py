"""Report timings, printed (not asserted): ``python tests/benchmarks/bench_reports.py``.

- the audit report for one round of 40 responses (the first round of the
  synthetic forum), from reading the archive to the PDF on disk;
- the trend report over the synthetic forum of 300 rounds x 40 responses
  (what ``spf-desktop demo --no-gui --db X --rounds 300 --respondents 40`` builds);
- the same audit and trend reports saved as accessible HTML (the same story, written
  as one page instead of laid out on A4), with each page's size;
- whether reportlab is loaded once the main window is up (it must not be: it is
  imported when the first report is made).

Targets from the design: under 0.5 s, under 3 s, and "no".
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUNS = 5


def timed(func, runs: int = RUNS) -> str:
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        values.append(time.perf_counter() - start)
    return f"median {statistics.median(values):.3f} s, max {max(values):.3f} s (n={runs})"


def first_report_in_fresh_process(db: Path, round_id: str, out: Path) -> float:
    """The first audit report in a new process pays for importing reportlab and the font."""
    code = (
        "import sys, time; t = time.perf_counter();"
        "from spf_desktop.store import Archive; from spf_desktop.reports import make_report;"
        f"a = Archive.open({str(db)!r}, read_only=True);"
        f"make_report('audit', a.db, {round_id!r}, {str(out)!r});"
        "print(time.perf_counter() - t)"
    )
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True)
    return float(result.stdout.strip())


def reportlab_after_gui_start(db: Path) -> bool:
    code = (
        "import sys;"
        "from spf_desktop.gui.app import make_application, settings_for;"
        "from spf_desktop.gui.main_window import MainWindow;"
        "from spf_desktop.store import Archive; from pathlib import Path;"
        "app = make_application();"
        f"w = MainWindow(Archive.open({str(db)!r}, read_only=True), settings_for(Path({str(db.parent)!r})));"
        "w.show(); w.show_view('Reports'); app.processEvents();"
        "print('reportlab' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True)
    return result.stdout.strip().splitlines()[-1] == "True"


def main() -> None:
    from spf_desktop.reports import make_report
    from spf_desktop.store import Archive, repo
    from spf_desktop.store.demo import write_demo, write_synthetic

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_path = folder / "bench.db"
        start = time.perf_counter()
        with Archive.open(db_path, backup=False) as archive:
            write_demo(archive.db)
            forum_id = write_synthetic(archive.db, 300, 40)
        print(f"synthetic forum written (300 rounds x 40): {time.perf_counter() - start:.1f} s")
        with Archive.open(db_path, read_only=True) as archive:
            db = archive.db
            rounds = repo.rounds(db, forum_id)
            first = rounds[0]["id"]
            print(f"rounds: {len(rounds)}, responses in the first: {repo.response_count(db, first)}")
            print("audit report, first in a fresh process (imports reportlab): "
                  f"{first_report_in_fresh_process(db_path, first, folder / 'fresh.pdf'):.3f} s")
            print("audit report, 40 responses: "
                  + timed(lambda: make_report("audit", db, first, folder / "audit.pdf")))
            print("trend report, 300 rounds: "
                  + timed(lambda: make_report("trend", db, forum_id, folder / "trend.pdf"), 3))
            print("audit report as accessible HTML, 40 responses: "
                  + timed(lambda: make_report("audit", db, first, folder / "audit.html",
                                              fmt="html")))
            print("trend report as accessible HTML, 300 rounds: "
                  + timed(lambda: make_report("trend", db, forum_id, folder / "trend.html",
                                              fmt="html"), 3))
            for name in ("audit", "trend"):
                pdf, html = folder / f"{name}.pdf", folder / f"{name}.html"
                print(f"{name}: PDF {pdf.stat().st_size / 1024:.0f} KiB, "
                      f"HTML {html.stat().st_size / 1024:.0f} KiB")
            print("questionnaire, 40 copies: "
                  + timed(lambda: make_report("questionnaire", db, first, folder / "q.pdf",
                                              copies=40), 3))
        print(f"reportlab loaded after the main window is up: {reportlab_after_gui_start(db_path)}")


if __name__ == "__main__":
    main()
