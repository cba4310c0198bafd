"""Audit timings, printed (not asserted): ``python tests/benchmarks/bench_audit.py``.

- submit -> the next participant's welcome screen: the work done when Submit is
  pressed (store the response, show the thank-you screen) plus the work done when
  the thank-you screen times out (clear everything, show the welcome screen).
  The thank-you pause itself (5 s by default) is a chosen delay, not work, and is
  skipped with an injected clock.
- the results view for a round of 200 responses: load the figures from the
  archive, fill the view, and paint it (a full grab of the widget).

Targets from the design: under 50 ms and under 200 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RUNS = 40


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def ms(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:.1f} ms, "
            f"max {max(values) * 1000:.1f} ms (n={len(values)})")


def bench_submit(folder: Path) -> None:
    from spf_desktop.domain.kiosk import Screen
    from spf_desktop.domain.questions import load_question_set
    from spf_desktop.gui.app import make_application
    from spf_desktop.gui.audit.kiosk import KioskWindow
    from spf_desktop.paths import resource
    from spf_desktop.store import Archive, audit, repo

    app = make_application()
    archive = Archive.open(folder / "submit.db", backup=False)
    db = archive.db
    forum = repo.create_forum(db, "Bench SPF")
    qs = load_question_set(resource("question_sets", "partnership_behaviours.json"))
    set_id = repo.install_question_set(db, qs)
    round_id = audit.create_audit_round(db, forum, set_id, "Bench", "2024-01-01")
    audit.open_round(db, round_id)
    audit.set_pin(db, "1234")
    clock = Clock()
    kiosk = KioskWindow(db, round_id, clock=clock, tick_ms=3_600_000)
    kiosk.resize(1280, 800)
    kiosk.show()
    app.processEvents()
    totals, submits, resets = [], [], []
    for n in range(RUNS):
        kiosk._start()
        for q in range(len(kiosk.session.questions)):
            kiosk._choose((n + q) % 11)
            if q == 0:
                kiosk.comment.setPlainText(f"Comment {n}")
            kiosk._next()
        kiosk._next()  # the side question
        app.processEvents()
        t0 = time.perf_counter()
        kiosk._submit()
        app.processEvents()
        kiosk.repaint()
        t1 = time.perf_counter()
        assert kiosk.session.screen is Screen.THANKS
        clock.now += 5
        t2 = time.perf_counter()
        kiosk.tick()
        app.processEvents()
        kiosk.repaint()
        t3 = time.perf_counter()
        assert kiosk.session.screen is Screen.WELCOME
        submits.append(t1 - t0)
        resets.append(t3 - t2)
        totals.append((t1 - t0) + (t3 - t2))
    kiosk.unlock()
    assert repo.response_count(db, round_id) == RUNS
    archive.close()
    print(f"submit -> thank-you screen: {ms(submits)}")
    print(f"thank-you timeout -> welcome screen: {ms(resets)}")
    print(f"submit -> next welcome screen (work, without the thank-you pause): {ms(totals)}")


def bench_results(folder: Path) -> None:
    from spf_desktop.gui.app import make_application
    from spf_desktop.gui.audit.results_view import ResultsView
    from spf_desktop.store import Archive, repo
    from spf_desktop.store.demo import write_synthetic
    from spf_desktop.store.results import load_round_results

    app = make_application()
    archive = Archive.open(folder / "results.db", backup=False)
    forum = write_synthetic(archive.db, 2, 200)
    round_id = repo.rounds(archive.db, forum)[-1]["id"]
    view = ResultsView()
    view.resize(1280, 800)
    view.show()
    app.processEvents()
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        res = load_round_results(archive.db, round_id)
        view.show_results(res)
        view.grab()
        times.append(time.perf_counter() - t0)
    assert res.responses == 200
    archive.close()
    print(f"results view, 200-response round (load + fill + paint): {ms(times)}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bench_submit(Path(tmp))
        bench_results(Path(tmp))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
