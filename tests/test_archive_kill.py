"""A kill -9 during a large import leaves the archive wholly without the import or
wholly with it, and the integrity check passes."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from archive_helpers import forms_rows, open_closed, question_texts, round_by_label, write_csv
from helpers import KILLED, kill_now

from spf_desktop.store import repo

ROWS = 20_000

CHILD = textwrap.dedent(
    """
    import sys
    from spf_desktop.store import Archive
    from spf_desktop.io import responses_import as ri

    db_path, file, round_id, when = sys.argv[1:5]

    def progress(done, total):
        if when == "during" and done < total:
            print("inside the transaction", flush=True)
            sys.stdin.readline()  # wait here to be killed

    archive = Archive.open(db_path, backup=False)
    ri.import_responses(archive.db, file, round_id, progress=progress)
    print("committed", flush=True)
    sys.stdin.readline()  # killed after the commit, before any clean close
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("when", ["during", "after"])
def test_kill_9_during_a_large_import(demo_path: Path, tmp_path: Path, when: str) -> None:
    with open_closed(demo_path) as arch:
        rnd = round_by_label(arch.db, "Review")
        texts = question_texts(arch.db, rnd["id"])
        before = repo.response_count(arch.db, rnd["id"])
    rng = random.Random(9)
    scores = [[rng.randint(0, 10) for _ in texts] for _ in range(ROWS)]
    file = write_csv(tmp_path / "big.csv", forms_rows(texts, scores))
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(script), str(demo_path), str(file), rnd["id"], when],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        line = child.stdout.readline().strip()
        assert line == ("inside the transaction" if when == "during" else "committed")
        assert kill_now(child) == KILLED
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stdin.close()
    (demo_path.parent / (demo_path.name + ".lock")).unlink(missing_ok=True)
    with open_closed(demo_path) as arch:
        assert arch.integrity_problems() == []
        after = repo.response_count(arch.db, rnd["id"])
        answers = arch.db.execute(
            """SELECT count(*) FROM answers a JOIN responses s ON s.key = a.response_key
               WHERE s.round_id = ?""", [rnd["id"]]).fetchone()[0]
    expected = before if when == "during" else before + ROWS
    assert after == expected
    assert answers == expected * len(texts)
