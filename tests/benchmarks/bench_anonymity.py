"""Anonymity timings, printed (not asserted): ``python tests/benchmarks/bench_anonymity.py``.

On the demo archive and on the synthetic archive of 300 rounds x 40 respondents
(``store/demo.py write_synthetic``), with a new round open:

- submit: ``audit.submit`` as participant mode calls it, which now writes the
  whole round again in random order and truncates the WAL;
- close a round: the close, its comments entering the search index, and the
  rebuild (search index merged, VACUUM, WAL truncated);
- close the app: ``Archive.close`` after submissions (the rebuild, then the
  checkpoint);
- redact a comment: the redaction and the scrub of the file (and of one backup).

Targets from issue 12: submit under 50 ms; closing a round or the app under 2 s.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

RUNS = 40


def ms(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:.1f} ms, "
            f"max {max(values) * 1000:.1f} ms (n={len(values)})")


def one(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def bench(label: str, path: Path, write: str) -> None:
    from spf_desktop.domain.kiosk import Submission
    from spf_desktop.store import Archive, audit, backups, repo
    from spf_desktop.store.demo import write_demo, write_synthetic
    from spf_desktop.store.shipped import shipped_set_id

    with Archive.open(path, backup=False) as archive:
        write_demo(archive.db)
        if write == "synthetic":
            write_synthetic(archive.db, 300, 40)
    size = path.stat().st_size
    archive = Archive.open(path, backup=False)
    backups.make_backup(path)
    db = archive.db
    forum = repo.forums(db)[0]["id"]
    round_id = audit.create_audit_round(db, forum, shipped_set_id(), "Bench", "2026-01-01")
    audit.open_round(db, round_id)
    qids = [q.id for q in audit.kiosk_questions(db, round_id)]
    rng = random.Random(1)
    times = []
    for n in range(RUNS):
        sub = Submission({q: rng.randint(0, 10) for q in qids},
                         {qids[0]: f"Bench comment {n}"} if n % 3 == 0 else {}, "staff")
        start = time.perf_counter()
        audit.submit(db, round_id, sub)
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    audit.close_round(db, round_id)
    close_round = time.perf_counter() - start
    backups.make_backup(path, label="holds-the-comment")
    row = audit.comments_for_screening(db, round_id)[0]
    start = time.perf_counter()
    done = audit.redact_comment(db, round_id, row.response_key, row.question_id)
    redact = time.perf_counter() - start
    audit.open_round(db, round_id)
    for _ in range(5):  # the app closes after more submissions
        audit.submit(db, round_id, Submission({q: 5 for q in qids}, {}, None))
    start = time.perf_counter()
    archive.close()
    close_app = time.perf_counter() - start
    print(f"{label} ({size / 1e6:.1f} MB, {RUNS} submissions into a new round):")
    print(f"  submit (reshuffle the round, truncate the WAL): {ms(times)}")
    print(f"  close a round (index its comments, rebuild): {one(close_round)}")
    print(f"  redact a comment (file rebuilt, {len(done.backups)} backup(s) rewritten): "
          f"{one(redact)}")
    print(f"  close the app after submissions (rebuild, checkpoint): {one(close_app)}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench("demo archive", folder / "demo.db", "demo")
        bench("synthetic archive, 300 rounds x 40", folder / "synthetic.db", "synthetic")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main()
