"""Timings of the intervals and verdicts, printed (not asserted):
``python tests/benchmarks/bench_figures.py``.

- the figures of a round of 200 responses with every interval (domain only: the
  t-intervals, the Welch intervals of the changes and the side gaps, spread and
  shape), from answers already in memory;
- the results view for that round: load from the archive, fill, paint (the same
  measure as bench_audit.py, intervals included);
- the trend report over a synthetic forum of 300 rounds x 40 responses, whose
  charts draw every round's interval (a band).

Targets: the results view under 200 ms, the trend report under 3 s.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))


def ms(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:.1f} ms, "
            f"max {max(values) * 1000:.1f} ms (n={len(values)})")


def bench_domain() -> None:
    import random

    from spf_desktop.domain import figures
    from spf_desktop.domain.results import AnswerRow, QuestionInfo, compute_results

    rng = random.Random(5)
    infos = [QuestionInfo(f"q{n}", f"Question {n}", n) for n in range(1, 11)]

    def answers(shift: int) -> list[AnswerRow]:
        return [AnswerRow(f"r{k}", ("staff", "management", None)[k % 3], q.key,
                          None if rng.random() < 0.05 else min(10, max(0, rng.randint(2, 9) + shift)))
                for k in range(200) for q in infos]

    before = compute_results(label="Before", date="2020-01-01", questions=infos,
                             answers=answers(0)).as_previous()
    rows = answers(1)
    times = []
    for n in range(20):
        if n % 2:
            figures.t_quantile.cache_clear()  # every other run with no cached t values
        t0 = time.perf_counter()
        res = compute_results(label="After", date="2021-01-01", questions=infos, answers=rows,
                              previous=before, baseline=before)
        times.append(time.perf_counter() - t0)
    assert res.overall_change_interval is not None and res.sides_visible
    print(f"figures of a 200-response round, every interval (domain): {ms(times)}")


def main() -> None:
    import bench_audit

    from spf_desktop.reports import make_report
    from spf_desktop.store import Archive
    from spf_desktop.store.demo import write_synthetic

    bench_domain()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_audit.bench_results(folder)
        db_path = folder / "trend.db"
        with Archive.open(db_path, backup=False) as archive:
            forum_id = write_synthetic(archive.db, 300, 40)
        with Archive.open(db_path, read_only=True) as archive:
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                make_report("trend", archive.db, forum_id, folder / "trend.pdf")
                times.append(time.perf_counter() - t0)
        print(f"trend report, 300 rounds x 40, intervals drawn: median "
              f"{statistics.median(times):.3f} s, max {max(times):.3f} s (n=3)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
