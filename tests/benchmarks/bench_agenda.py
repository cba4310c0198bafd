"""Agenda figures, printed (not asserted): ``python tests/benchmarks/bench_agenda.py [SECONDS]``.

- recompute after an edit, for an agenda of 200 sections: the clock times and
  warnings (domain), and the whole builder refresh after an edit (write the
  sections to the archive, recompute, refill the table and the timeline);
- run mode: the page repaints once a second from its QTimer for SECONDS
  (default 10) of real time; the process CPU time over the wall time is the
  share of one core it used.

Targets from the design: under 10 ms; at least one repaint a second using
under 5% of one core.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUNS = 200


def ms(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:.2f} ms, "
            f"max {max(values) * 1000:.2f} ms (n={len(values)})")


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    from spf_desktop.domain.agenda import Meeting, Section, compute_schedule
    from spf_desktop.domain.section_types import load_section_types
    from spf_desktop.paths import resource
    from spf_desktop.store import Archive
    from spf_desktop.store import agenda as store

    types = load_section_types(resource("section_types.json"))
    kinds = ["item", "group_work", "round", "break", "decision", "ls_1_2_4_all"]
    sections = []
    for n in range(200):
        kind = kinds[n % len(kinds)]
        sections.append(Section(
            f"s{n}", kind, f"Section {n}", f"Question {n}?", duration_min=5 + n % 20,
            pinned_time="20:00" if n == 150 else None,
            parallel_with=f"s{n - 1}" if n % 25 == 1 else None,
        ))

    times = []
    for n in range(RUNS):
        edited = list(sections)
        edited[n % 200] = replace(edited[n % 200], duration_min=edited[n % 200].duration_min + 1)
        t0 = time.perf_counter()
        compute_schedule(edited, "08:00", "23:00", types)
        times.append(time.perf_counter() - t0)
    print(f"agenda of 200 sections, recompute after an edit (domain): {ms(times)}")

    from spf_desktop.gui.app import make_application

    app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        with Archive.open(Path(tmp) / "bench.db", backup=False) as archive:
            db = archive.db
            mid = store.create_meeting(db, None, Meeting("Bench", "08:00", "23:00"))
            store.save_sections(db, mid, sections)
            from spf_desktop.gui.agenda.builder import BuilderPage

            page = BuilderPage(types)
            page.resize(1200, 800)
            page.set_meeting(db, mid)
            page.show()
            app.processEvents()
            times = []
            for n in range(40):
                page.table.setCurrentIndex(page.model.index(n * 3 % 200, 2))
                page.editor.minutes_box.setValue(page.editor.minutes_box.value() + 1)
                t0 = time.perf_counter()
                page.editor.apply()
                times.append(time.perf_counter() - t0)
            print(f"agenda of 200 sections, builder refresh after an edit (save, recompute, "
                  f"refill table and timeline): {ms(times)}")
            page.close()

            from spf_desktop.domain.runclock import wall_now
            from spf_desktop.gui.agenda.run_mode import RunPage

            demo_id = store.create_meeting(db, None, Meeting("Run", "08:00", "23:00"))
            store.save_sections(db, demo_id, store.fresh_ids(sections[:30]))
            run = RunPage(types, mono=time.monotonic, wall=wall_now)
            run.resize(1200, 800)
            run.show()
            run.set_meeting(db, demo_id)
            run.act("start")
            audience = run.open_audience()
            repaints = []
            run.updated.connect(lambda _v: repaints.append(time.perf_counter()))
            app.processEvents()
            cpu0, wall0 = time.process_time(), time.perf_counter()
            from PySide6.QtCore import QEventLoop, QTimer

            loop = QEventLoop()
            QTimer.singleShot(int(seconds * 1000), loop.quit)
            loop.exec()  # the app's own event loop: idle between the ticks
            cpu = time.process_time() - cpu0
            wall = time.perf_counter() - wall0
            gaps = [b - a for a, b in zip(repaints, repaints[1:], strict=False)]
            print(f"run mode over {wall:.1f} s (with the audience window): {len(repaints)} repaints, "
                  f"longest gap {max(gaps) if gaps else float('nan'):.2f} s, "
                  f"CPU {cpu:.3f} s = {100 * cpu / wall:.2f}% of one core")
            audience.close()
            run.stop()
            run.close()


if __name__ == "__main__":
    main()
