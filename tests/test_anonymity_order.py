"""Issue 12, item 1: nothing in the files orders a round's responses by when they
were given. Each test is an attacker who reads only the raw bytes of the .db
and its WAL (tests/sqlite_pages.py parses them; tests/order_attacks.py tries
every channel found: cell offsets and pages of responses, answers, their
indexes and the search tables, the search ids, and the WAL's frames) and
scores the recovered order against the true one with Spearman's rho.

With random keys, rho is noise around 0 (for 30 responses its spread is about
0.19), so each attack's rho is averaged over 10 seeds and the mean must stay
within 0.3 of 0. The same attacks on the file the previous version wrote (and
on this version with the reshuffle switched off) recover the order with rho
near 1, so the tests can fail.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from pathlib import Path
from statistics import fmean

import pytest
from order_attacks import recover

from spf_desktop.domain.kiosk import Submission
from spf_desktop.store import Archive, audit, backups, layout, repo
from spf_desktop.store.connection import connect
from spf_desktop.store.schema import MIGRATIONS, SCHEMA_VERSION
from spf_desktop.store.shipped import shipped_set_id

SEEDS = range(10)
SUBMISSIONS = 30
LIMIT = 0.3


def _submission(rng: random.Random, qids: list[str], n: int) -> Submission:
    scores = {q: (None if rng.random() < 0.05 else rng.randint(0, 10)) for q in qids}
    comments = {q: f"Comment {n} on {i}: we should {rng.choice(['listen', 'meet', 'share'])} more"
                for i, q in enumerate(qids) if rng.random() < 0.15}
    return Submission(scores, comments, rng.choice(["staff", "management", "undisclosed", None]))


def _round(db, label: str) -> tuple[str, list[str]]:
    forum = repo.forums(db)[0]["id"] if repo.forums(db) else repo.create_forum(db, "Test SPF")
    round_id = audit.create_audit_round(db, forum, shipped_set_id(), label, "2026-03-01")
    audit.open_round(db, round_id)
    return round_id, [q.id for q in audit.kiosk_questions(db, round_id)]


def _earlier_rounds(db, rng: random.Random) -> None:
    """An archive that already holds rounds (answered, closed) before today's."""
    for label in ("Baseline", "Review"):
        round_id, qids = _round(db, label)
        for n in range(20):
            audit.submit(db, round_id, _submission(rng, qids, n))
        audit.close_round(db, round_id)


def _mean_rhos(runs: list[dict[str, float]]) -> dict[str, float]:
    pooled: dict[str, list[float]] = defaultdict(list)
    for run in runs:
        for attack, rho in run.items():
            pooled[attack].append(rho)
    return {attack: fmean(rhos) for attack, rhos in pooled.items()}


def _assert_no_order(stage: str, runs: list[dict[str, float]]) -> None:
    means = _mean_rhos(runs)
    leaks = {a: round(m, 2) for a, m in means.items() if abs(m) > LIMIT}
    assert not leaks, f"{stage}: the order can be read back by {leaks}"


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


@pytest.mark.parametrize("existing", [False, True], ids=["new archive", "archive with rounds"])
def test_no_order_after_each_submission_close_and_app_close(tmp_path: Path, existing: bool) -> None:
    stages: dict[str, list[dict[str, float]]] = defaultdict(list)
    for seed in SEEDS:
        rng = random.Random(seed)
        path = tmp_path / f"seed{seed}.db"
        archive = Archive.open(path)
        if existing:
            _earlier_rounds(archive.db, rng)
        round_id, qids = _round(archive.db, "Today")
        keys: list[str] = []
        for n in range(SUBMISSIONS):
            keys.append(audit.submit(archive.db, round_id, _submission(rng, qids, n)))
            # After each submission the WAL is folded in and truncated...
            assert _wal(path).stat().st_size == 0
            # ...and the file as it stands (with its WAL) gives no order.
            if n + 1 >= 10:
                stages[f"open, after {n + 1}"].append(recover(path, keys))
        audit.close_round(archive.db, round_id)
        stages["round closed"].append(recover(path, keys))
        archive.close()
        stages["app closed"].append(recover(path, keys))
    open_runs = [run for stage, runs in stages.items() if stage.startswith("open") for run in runs]
    _assert_no_order("while the round is open (after each submission)", open_runs)
    for stage in ("open, after 30", "round closed", "app closed"):
        _assert_no_order(stage, stages[stage])


def test_the_attack_recovers_a_naive_insertion_order(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The same attacks, with the reshuffle and the WAL truncation switched off:
    cells placed one below the other and frames in commit order give rho near 1."""
    monkeypatch.setattr(layout, "reshuffle_round", lambda db, round_id: 0)
    monkeypatch.setattr(layout, "fold_wal", lambda db, **kw: False)
    runs = []
    for seed in range(3):
        rng = random.Random(seed)
        path = tmp_path / f"naive{seed}.db"
        archive = Archive.open(path)
        round_id, qids = _round(archive.db, "Today")
        keys = [audit.submit(archive.db, round_id, _submission(rng, qids, n))
                for n in range(SUBMISSIONS)]
        runs.append(recover(path, keys))
        archive.db.close()
        archive._lock.release()
    means = _mean_rhos(runs)
    assert means["responses: cell offset"] > 0.9, means
    assert means["wal: first frame holding the key"] > 0.9, means


def _old_version_archive(path: Path, rng: random.Random) -> tuple[list[str], Path]:
    """An archive as the previous version wrote it: schema before 0010, responses
    inserted as they came, comments indexed at once with ids max + 1; plus one
    automatic backup of it, made by that version."""
    db = connect(path)
    MIGRATIONS.apply(db, stop_before="0009_no_order_in_the_file")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    forum = repo.create_forum(db, "Old SPF")
    round_id = repo.create_round(db, forum, shipped_set_id(), "Old round", "2020-01-01",
                                 status="open")
    qids = [q["id"] for q in repo.questions(db, shipped_set_id())]
    keys = []
    for n in range(SUBMISSIONS):
        key = repo.new_response_key()
        with db.atomic():
            db.execute("INSERT INTO responses (key, round_id, side) VALUES (?, ?, NULL)",
                       [key, round_id])
            for i, qid in enumerate(qids):
                comment = f"Old comment {n} on {i}" if i == 0 or rng.random() < 0.1 else None
                db.execute("INSERT INTO answers VALUES (?, ?, ?, ?)",
                           [key, qid, rng.randint(0, 10), comment])
        keys.append(key)
    db.execute("UPDATE rounds SET status = 'closed' WHERE id = ?", [round_id])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    made = backups.make_backup(path)
    assert made is not None
    return keys, made


def test_migration_removes_the_order_an_older_version_left(tmp_path: Path) -> None:
    before, after, backup_before, backup_after = [], [], [], []
    for seed in SEEDS:
        path = tmp_path / f"old{seed}.db"
        keys, backup = _old_version_archive(path, random.Random(seed))
        before.append(recover(path, keys))
        backup_before.append(recover(backup, keys))
        Archive.open(path, backup=False).close()
        after.append(recover(path, keys))
        backup_after.append(recover(backup, keys))
        # The rebuilt backup is still a good archive with every response.
        conn = sqlite3.connect(backup)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM responses").fetchone()[0] == SUBMISSIONS
        conn.close()
    # The previous version's file gives the order away (so the attack works)...
    old = _mean_rhos(before)
    assert old["search_refs: id"] > 0.9, old
    assert old["responses: cell offset"] > 0.9, old
    assert _mean_rhos(backup_before)["search_refs: id"] > 0.9
    # ...and after the migration neither the file nor its backup does.
    _assert_no_order("after migration", after)
    _assert_no_order("backup after migration", backup_after)


CHILD = textwrap.dedent(
    """
    import random, sys
    from spf_desktop.domain.kiosk import Submission
    from spf_desktop.store import Archive, audit, repo
    from spf_desktop.store.shipped import shipped_set_id

    path, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    archive = Archive.open(path)
    db = archive.db
    forum = repo.create_forum(db, "Kill SPF")
    round_id = audit.create_audit_round(db, forum, shipped_set_id(), "R", "2026-03-01")
    audit.open_round(db, round_id)
    qids = [q.id for q in audit.kiosk_questions(db, round_id)]
    n = 0
    while True:  # participants keep coming until the app is killed
        scores = {q: rng.randint(0, 10) for q in qids}
        comments = {qids[0]: f"Kill comment {n}"} if rng.random() < 0.5 else {}
        key = audit.submit(db, round_id, Submission(scores, comments, None))
        print(key, flush=True)
        n += 1
    """
)


@pytest.mark.slow
def test_no_order_and_nothing_lost_after_a_kill(tmp_path: Path) -> None:
    """Killed (SIGKILL) mid-session, at a random moment: the .db with whatever the
    WAL holds gives no order, the next open passes the integrity check with every
    response acknowledged, and the file then gives no order either."""
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    at_kill, after_open = [], []
    for seed in SEEDS:
        path = tmp_path / f"kill{seed}.db"
        child = subprocess.Popen([sys.executable, str(script), str(path), str(seed)],
                                 stdout=subprocess.PIPE, text=True)
        keys: list[str] = []
        wanted = SUBMISSIONS + random.Random(seed).randint(0, 5)
        while len(keys) < wanted:
            line = child.stdout.readline().strip()
            assert line, "the child stopped"
            keys.append(line)
        time.sleep(random.Random(seed).random() * 0.01)  # anywhere inside the next submission
        child.kill()  # SIGKILL: no clean-up of any kind
        child.wait()
        child.stdout.close()
        at_kill.append(recover(path, keys))
        with Archive.open(path) as archive:
            assert archive.integrity_problems() == []
            stored = {k for (k,) in archive.db.execute("SELECT key FROM responses").fetchall()}
            assert set(keys) <= stored  # nothing acknowledged is lost
        after_open.append(recover(path, keys))
    _assert_no_order("after a kill", at_kill)
    _assert_no_order("after the next open", after_open)
