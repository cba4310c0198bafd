"""Import benchmarks: time and peak memory per file (printed figures, not timed tests).

    python tests/benchmarks/bench_imports.py

    python tests/benchmarks/bench_imports.py --repeat 5

Each import runs in a fresh process, into a fresh copy of the same archive, so its
peak resident memory (the process's maximum RSS, start-up included) is the import's
own. Each file is imported ``--repeat`` times (3 unless told): the best and the
median time are printed, and the highest peak, since a shared machine's load moves
the times. Targets: 10,000 rows from CSV and from .xlsx under 2 s each; peak memory
under 300 MB for any accepted file, including the largest .xlsx the limits accept
(100,000 rows).
"""

from __future__ import annotations

import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive_helpers import forms_rows, write_csv, write_xlsx

from spf_desktop.store import Archive, repo


def _rows(texts: list[str], count: int, seed: int = 1) -> list[list[object]]:
    rng = random.Random(seed)
    scores = [[rng.choice([None] + list(range(11))) for _ in texts] for _ in range(count)]
    sides = [rng.choice(["Staff side", "Management side", "Prefer not to say", ""])
             for _ in range(count)]
    return forms_rows(texts, scores, sides=sides)


def _archive(path: Path) -> tuple[str, list[str]]:
    with Archive.open(path, create=True, backup=False) as arch:
        forum = repo.create_forum(arch.db, "Benchmark SPF")
        set_id = arch.db.execute("SELECT id FROM question_sets ORDER BY rowid LIMIT 1"
                                 ).fetchone()[0]
        repo.create_round(arch.db, forum, set_id, "Seed", "2016-01-01", status="closed")
        texts = [q["text"] for q in repo.questions(arch.db, set_id)]
    return forum, texts


def child(file: str, db: str, forum: str) -> None:
    """One import, in this process; prints seconds, responses and peak memory."""
    from spf_desktop.io import responses_import as ri

    start = time.perf_counter()
    with Archive.open(Path(db), backup=False) as arch:
        summary = ri.import_new_round(arch.db, file, forum, f"Bench {Path(file).name}",
                                      "2016-05-03")
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"{seconds:.3f} {summary.imported} {peak_kb / 1024:.0f}")


FILES = {
    "10,000 rows, CSV (UTF-8 with BOM)": "forms-10k.csv",
    "10,000 rows, Microsoft Forms .xlsx": "forms-10k.xlsx",
    "99,999 rows, .xlsx (the largest the row limit accepts)": "forms-100k.xlsx",
}


def make(folder: Path) -> None:
    """Write the archive and the files (in a process of its own: the rows in memory
    must not count towards an import's peak)."""
    forum, texts = _archive(folder / "bench.db")
    ten_k = _rows(texts, 10_000)
    write_csv(folder / "forms-10k.csv", ten_k, encoding="utf-8-sig")
    write_xlsx(folder / "forms-10k.xlsx", ten_k)
    write_xlsx(folder / "forms-100k.xlsx", _rows(texts, 99_999, seed=2))
    print(forum)


def main(repeat: int = 3) -> None:
    with tempfile.TemporaryDirectory(prefix="spf-bench-imports-") as tmp:
        folder = Path(tmp)
        made = subprocess.run([sys.executable, __file__, "--make", str(folder)],
                              capture_output=True, text=True, check=True)
        forum = made.stdout.split()[-1]
        baseline = subprocess.run(
            [sys.executable, "-c", "import resource, spf_desktop.io.responses_import, openpyxl;"
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"],
            capture_output=True, text=True, check=True)
        print(f"a process with the import code and openpyxl loaded: "
              f"{int(baseline.stdout) / 1024:.0f} MB peak")
        for kind, name in FILES.items():
            file = folder / name
            times, peaks, imported = [], [], "0"
            for _ in range(repeat):
                db = folder / "run.db"
                shutil.copyfile(folder / "bench.db", db)
                out = subprocess.run([sys.executable, __file__, "--child", str(file), str(db),
                                      forum], capture_output=True, text=True)
                db.unlink()
                if out.returncode:
                    print(f"{kind}: FAILED\n{out.stderr}")
                    break
                seconds, imported, peak = out.stdout.split()
                times.append(float(seconds))
                peaks.append(int(peak))
            if not times:
                continue
            size = file.stat().st_size / 1e6
            print(f"import {kind} ({size:.1f} MB), {len(times)} run(s) into an empty archive: "
                  f"best {min(times):.2f} s, median {statistics.median(times):.2f} s, "
                  f"{int(imported):,} responses, peak memory {max(peaks)} MB (targets: < 2 s "
                  "for 10,000 rows; < 300 MB)")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "--make":
        make(Path(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "--repeat":
        main(int(sys.argv[2]))
    else:
        main()
