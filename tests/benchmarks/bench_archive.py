"""Archive benchmarks: print figures (not timed tests).

    python tests/benchmarks/bench_archive.py

Targets from the issue: importing 10,000 respondent rows under 2 s; a search
over the synthetic 300-round forum under 100 ms.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive_helpers import forms_rows, write_csv, write_xlsx

from spf_desktop.io import merge
from spf_desktop.io import responses_import as ri
from spf_desktop.store import Archive, repo, retention
from spf_desktop.store.archive_queries import search, timeline
from spf_desktop.store.demo import write_demo, write_synthetic

ROWS = 10_000


def _timed(func, repeat: int = 1) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_import(folder: Path) -> None:
    db_path = folder / "import.db"
    with Archive.open(db_path, backup=False) as arch:
        write_demo(arch.db)
        forum = repo.forums(arch.db)[0]["id"]
        base = next(r for r in repo.rounds(arch.db) if r["label"] == "Baseline")
        texts = [q["text"] for q in repo.questions(arch.db, base["question_set_id"])]
    rng = random.Random(1)
    scores = [[rng.choice([None] + list(range(11))) for _ in texts] for _ in range(ROWS)]
    sides = [rng.choice(["Staff side", "Management side", "Prefer not to say", ""])
             for _ in range(ROWS)]
    rows = forms_rows(texts, scores, sides=sides)
    files = {
        "CSV (UTF-8 with BOM)": write_csv(folder / "forms.csv", rows, encoding="utf-8-sig"),
        "Microsoft Forms .xlsx": write_xlsx(folder / "forms.xlsx", rows),
    }
    for n, (kind, file) in enumerate(files.items()):
        with Archive.open(db_path, backup=False) as arch:
            seconds, summary = _timed(lambda a=arch, f=file, n=n: ri.import_new_round(
                a.db, f, forum, f"Bench {n}", "2016-05-03"))
        print(f"import {ROWS:,} respondent rows, {kind}: {seconds:.2f} s "
              f"({summary.imported:,} responses, one transaction; target < 2 s)")


def bench_search(folder: Path) -> None:
    db_path = folder / "synthetic.db"
    start = time.perf_counter()
    with Archive.open(db_path, backup=False) as arch:
        write_demo(arch.db)
        forum = write_synthetic(arch.db, 300, 40)
    print(f"synthetic forum written (300 rounds x 40 respondents): "
          f"{time.perf_counter() - start:.1f} s")
    with Archive.open(db_path, read_only=True) as arch:
        for text in ("trust", "walking shoes", "round 250", "zzzz"):
            seconds, hits = _timed(lambda t=text: search(arch.db, t), repeat=7)
            print(f"search {text!r} over the synthetic 300-round forum: {seconds * 1000:.1f} ms "
                  f"({len(hits)} hits; target < 100 ms)")
        seconds, entries = _timed(lambda: timeline(arch.db, forum), repeat=3)
        print(f"timeline of the 300-round forum: {seconds * 1000:.0f} ms ({len(entries)} entries)")
        seconds, _ = _timed(lambda: merge.export(arch.db, "forum", forum, folder / "f.spfmerge"))
        size = (folder / "f.spfmerge").stat().st_size
        print(f"export the 300-round forum to a merge file: {seconds:.2f} s ({size / 1e6:.1f} MB)")
    with Archive.open(folder / "merged.db", backup=False) as other:
        seconds, _ = _timed(lambda: merge.merge(other.db, folder / "f.spfmerge"))
        print(f"merge it into an empty archive: {seconds:.2f} s")
    with Archive.open(db_path, backup=False) as arch:
        plan = retention.plan_purge(arch.db, 10, datetime(2025, 1, 1).date())
        seconds, deleted = _timed(lambda: retention.purge(arch.db, plan, datetime(2025, 1, 1).date()))
        print(f"purge {len(plan.items)} rounds ({deleted:,} responses) keeping aggregates: "
              f"{seconds:.2f} s")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="spf-bench-archive-") as tmp:
        bench_import(Path(tmp))
        bench_search(Path(tmp))


if __name__ == "__main__":
    main()
