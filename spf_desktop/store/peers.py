"""Other forums' figures, from the benchmark files imported into this archive.

The library holds aggregates only (``io.benchmark_file`` checks them): one
source per forum, its rounds, and per question the count, skips, mean and
0 to 10 distribution. This module stores, lists and removes them, and gives
``domain.peer_benchmarks`` the rounds to compare a round with.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from spf_desktop.domain.errors import NotFound
from spf_desktop.domain.peer_benchmarks import PeerComparison, PeerRound, compare
from spf_desktop.domain.results import RoundResults
from spf_desktop.store import repo


def sources(db: Database) -> list[dict]:
    """Each imported source with its dates and how many rounds it brought."""
    return list(db.query(
        """SELECT s.id, s.name, s.exported_on, s.imported_on, s.file_name,
                  count(r.id) AS rounds, min(r.date) AS first_round, max(r.date) AS last_round
           FROM peer_sources s LEFT JOIN peer_rounds r ON r.source_id = s.id
           GROUP BY s.id ORDER BY s.name, s.exported_on"""))


def source_by_forum(db: Database, source_id: str) -> dict | None:
    rows = list(db.query("SELECT * FROM peer_sources WHERE source_id = ?", [source_id]))
    return rows[0] if rows else None


def known_round_ids(db: Database, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        found |= {r for (r,) in db.execute(
            f"SELECT id FROM peer_rounds WHERE id IN ({marks})", chunk)}  # noqa: S608 - only marks
    return found


def add_source(db: Database, source: dict, rounds: list[dict], answers: list[dict]) -> None:
    """Store one checked file's records, in the caller's transaction."""
    db.table("peer_sources").insert(source)
    db.table("peer_rounds").insert_all(rounds)
    db.table("peer_answers").insert_all(answers)


def remove_source(db: Database, file_id: str) -> dict:
    """Remove a source with its rounds and figures; returns what was removed."""
    rows = list(db.query("SELECT * FROM peer_sources WHERE id = ?", [file_id]))
    if not rows:
        raise NotFound("peer_sources", file_id)
    with db.atomic():
        db.execute("DELETE FROM peer_answers WHERE round_id IN "
                   "(SELECT id FROM peer_rounds WHERE source_id = ?)", [file_id])
        db.execute("DELETE FROM peer_rounds WHERE source_id = ?", [file_id])
        db.execute("DELETE FROM peer_sources WHERE id = ?", [file_id])
    return rows[0]


def peer_rounds(db: Database) -> list[PeerRound]:
    """Every imported round with its question means (None where the file gives counts only)."""
    means: dict[str, dict[str, float | None]] = {}
    for round_id, key, mean in db.execute(
            "SELECT round_id, key, mean FROM peer_answers ORDER BY round_id, key"):
        means.setdefault(round_id, {})[key] = mean
    return [PeerRound(source_id, name, rdate, means.get(rid, {}))
            for rid, source_id, name, rdate in db.execute(
                """SELECT r.id, s.id, s.name, r.date FROM peer_rounds r
                   JOIN peer_sources s ON s.id = r.source_id ORDER BY s.name, r.date""")]


def distribution(text: str | None) -> list[int] | None:
    return None if text is None else list(json.loads(text))


def comparison(db: Database, round_id: str) -> PeerComparison | None:
    """Where ``round_id`` stands among the imported forums' comparable rounds (None: no
    other forum has one, or the round shows no figures)."""
    from spf_desktop.store.results import load_round_results

    rnd = repo.require(db, "rounds", round_id)
    return comparison_of(rnd["date"], load_round_results(db, round_id), peer_rounds(db))


def comparison_of(date: str, results: RoundResults, peers: list[PeerRound]) -> PeerComparison | None:
    """The same for results already worked out (a trend report has them all)."""
    if not results.visible or not peers:
        return None
    return compare(date, {q.info.key: q.stats.mean for q in results.questions}, peers)


def comparison_for(db: Database, date: str, results: RoundResults) -> PeerComparison | None:
    """Where a round's results (already loaded, dated ``date``) stand among the imported
    forums' comparable rounds: loaded once when a round is chosen, not while drawing."""
    return comparison_of(date, results, peer_rounds(db))
