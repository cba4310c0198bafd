"""No backup gives the order of answering away.

A backup is made each time the archive is opened after a change: during an
open round that happens after a kill, a close at lunch, or a command-line call.
If each backup held the responses given so far, ranking every response key by
the first backup holding it would give the order back (a security test found
rho 0.88 to 0.95 after kills, 0.59 to 0.82 after one close and reopen). The
attacker here reads only the backup files' raw bytes (tests/sqlite_pages.py
for the rows, and a plain byte search for the keys, which also finds anything
left in free pages). No backup made while the round is open may hold any of
its keys; the first backup after the round closes holds every one of them.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from order_attacks import spearman
from sqlite_pages import SQLiteFile
from test_anonymity_order import _round, _submission

from spf_desktop.store import Archive, audit, backups
from spf_desktop.store.restore import restore

SEEDS = range(4)
SUBMISSIONS = 30
LIMIT = 0.3


def _tick() -> None:
    """Let the file's mtime move past the newest backup's (the "changed" rule)."""
    time.sleep(0.03)


def _first_backup_holding(backup_files: list[Path], keys: list[str]) -> dict[str, int]:
    """For each key, the index of the oldest backup whose bytes hold it (or len)."""
    raw = [p.read_bytes() for p in sorted(backup_files, key=lambda p: p.name)]
    return {k: next((i for i, data in enumerate(raw) if k.encode() in data), len(raw))
            for k in keys}


def _rows(path: Path, table: str, column: int) -> set[object]:
    return {c.values[column] for c in SQLiteFile.read(path).table_cells(table)
            if len(c.values) > column}


def _assert_no_open_round_in(backup_files: list[Path], keys: list[str], label: str) -> float:
    assert backup_files, f"{label}: no backup was made, so the test proves nothing"
    first = _first_backup_holding(backup_files, keys)
    held = {k: i for k, i in first.items() if i < len(backup_files)}
    assert not held, f"{label}: {len(held)} open-round responses are in backups"
    for path in backup_files:
        assert not (_rows(path, "responses", 0) & set(keys)), path
    rho = spearman(list(range(len(keys))), [first[k] for k in keys])
    assert abs(rho) <= LIMIT, f"{label}: rho {rho:.2f}"
    return rho


def _assert_all_in(path: Path, keys: list[str]) -> None:
    data = path.read_bytes()
    assert all(k.encode() in data for k in keys)
    assert set(keys) <= _rows(path, "responses", 0)
    conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


@pytest.mark.parametrize("seed", SEEDS)
def test_reopening_during_an_open_round_backs_up_none_of_its_responses(
        tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    path = tmp_path / "archive.db"
    archive = Archive.open(path)
    round_id, qids = _round(archive.db, "Today")
    cuts = set(rng.sample(range(2, SUBMISSIONS - 1), 5))
    keys: list[str] = []
    made = []
    for n in range(SUBMISSIONS):
        keys.append(audit.submit(archive.db, round_id, _submission(rng, qids, n)))
        if n in cuts:  # a close at lunch, a restart: the archive opened again
            archive.close()
            _tick()
            archive = Archive.open(path)
            made.append(archive.last_backup)
    assert all(made), "each reopen after a change made a backup"
    _assert_no_open_round_in(backups.list_backups(path), keys, f"seed {seed}")
    # A hand-made copy leaves the open round out too.
    by_hand = tmp_path / "by-hand.db"
    archive.backup_to(by_hand)
    assert not any(k.encode() in by_hand.read_bytes() for k in keys)
    # The archive itself has them all; closing the round makes the next open back them up.
    audit.close_round(archive.db, round_id)
    archive.close()
    _tick()
    archive = Archive.open(path)
    assert archive.last_backup is not None
    _assert_all_in(archive.last_backup, keys)
    archive.close()


def test_restoring_a_backup_made_during_an_open_round_keeps_every_answer(tmp_path: Path) -> None:
    rng = random.Random(7)
    path = tmp_path / "archive.db"
    archive = Archive.open(path)
    round_id, qids = _round(archive.db, "Today")
    keys = [audit.submit(archive.db, round_id, _submission(rng, qids, n)) for n in range(10)]
    archive.close()
    _tick()
    archive = Archive.open(path)
    made = archive.last_backup
    assert made is not None
    keys += [audit.submit(archive.db, round_id, _submission(rng, qids, n)) for n in range(5)]
    archive.close()
    kept = restore(path, made)
    assert kept is not None
    _assert_all_in(kept, keys)  # the copy of the replaced file holds every answer
    with Archive.open(path, backup=False) as restored:
        assert restored.db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


def test_the_lock_file_is_private(tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("modes are POSIX")
    with Archive.open(tmp_path / "a.db"):
        assert (tmp_path / "a.db.lock").stat().st_mode & 0o777 == 0o600


SESSION = textwrap.dedent(
    """
    import random, sys
    from spf_desktop.domain.kiosk import Submission
    from spf_desktop.store import Archive, audit

    path, round_id, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    archive = Archive.open(path)
    qids = [q.id for q in audit.kiosk_questions(archive.db, round_id)]
    for line in sys.stdin:  # one participant per line, until killed
        rng = random.Random(int(line) * 7919 + seed)
        scores = {q: rng.randint(0, 10) for q in qids}
        comments = {qids[0]: f"Comment {line.strip()}"} if rng.random() < 0.5 else {}
        print(audit.submit(archive.db, round_id, Submission(scores, comments, None)), flush=True)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(3))
def test_kills_during_an_open_round_back_up_none_of_its_responses(
        tmp_path: Path, seed: int) -> None:
    script = tmp_path / "session.py"
    script.write_text(SESSION, encoding="utf-8")
    path = tmp_path / "archive.db"
    with Archive.open(path) as archive:
        round_id, _ = _round(archive.db, "Today")
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(3, SUBMISSIONS - 2), 3))
    keys: list[str] = []
    for end in [*cuts, SUBMISSIONS]:
        child = subprocess.Popen([sys.executable, str(script), str(path), round_id, str(seed)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert child.stdin is not None and child.stdout is not None
        while len(keys) < end:
            child.stdin.write(f"{len(keys)}\n")
            child.stdin.flush()
            keys.append(child.stdout.readline().strip())
        if end == SUBMISSIONS:
            child.stdin.close()
        else:
            child.kill()  # SIGKILL mid-session: the next start opens the archive again
            child.stdin.close()
        child.wait()
        child.stdout.close()
        _tick()
    assert all(keys)
    # Each restart after a kill made a backup; none holds the open round.
    assert len(backups.list_backups(path)) >= len(cuts)
    _assert_no_open_round_in(backups.list_backups(path), keys, f"seed {seed}")
    with Archive.open(path) as archive:
        audit.close_round(archive.db, round_id)
    _tick()
    with Archive.open(path) as archive:
        assert archive.last_backup is not None
        _assert_all_in(archive.last_backup, keys)


def test_backups_an_earlier_version_made_during_an_open_round_are_scrubbed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Backups already on disk, made by the version that copied open rounds, hold
    the order too: the next open takes the open rounds out of them."""
    whole = backups.backup_connection
    monkeypatch.setattr(backups, "backup_connection",
                        lambda conn, target, **kw: whole(conn, target, open_rounds=True))
    monkeypatch.setattr(backups, "remove_open_rounds_from_backups", lambda archive: [])
    rng = random.Random(3)
    path = tmp_path / "archive.db"
    archive = Archive.open(path)
    round_id, qids = _round(archive.db, "Today")
    keys: list[str] = []
    for n in range(SUBMISSIONS):
        keys.append(audit.submit(archive.db, round_id, _submission(rng, qids, n)))
        if n % 7 == 6:
            archive.close()
            _tick()
            archive = Archive.open(path)
    archive.close()
    old = backups.list_backups(path)
    assert len(old) >= 4
    assert _first_backup_holding(old, keys)[keys[0]] == 0  # the earlier version's leak
    monkeypatch.undo()
    _tick()
    Archive.open(path).close()
    _assert_no_open_round_in(backups.list_backups(path), keys, "after the scrub")
