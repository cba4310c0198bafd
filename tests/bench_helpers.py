"""Shared by the benchmark-file tests: small forums with closed rounds, from an empty archive."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from spf_desktop.domain.statuses import RoundStatus
from spf_desktop.io.merge import checksum
from spf_desktop.store import repo
from spf_desktop.store.shipped import install_shipped_sets, shipped_set_id

#: One response: its side (None: no answer) and a score per question (None: skipped).
Response = tuple[str | None, Sequence[int | None]]


def add_forum(db, name: str, rounds: Sequence[tuple[str, Sequence[Response]]], *,
              min_group: int = 5, status: str = RoundStatus.CLOSED,
              comment: str = "") -> tuple[str, list[str]]:
    """A forum with one round per (date, responses); returns its id and round ids.
    Every answer carries ``comment`` (with the response's number) when given."""
    install_shipped_sets(db)
    set_id = shipped_set_id()
    qids = [q["id"] for q in repo.questions(db, set_id)]
    forum_id = repo.create_forum(db, name)
    round_ids = []
    for n, (day, responses) in enumerate(rounds):
        rid = repo.create_round(db, forum_id, set_id, f"{name} round {n}", day,
                                min_group_size=min_group, status=status)
        for m, (side, scores) in enumerate(responses):
            answers = {qid: repo.Answer(s, f"{comment} {n}.{m}" if comment and s is not None
                                        else "")
                       for qid, s in zip(qids, list(scores) + [None] * len(qids), strict=False)}
            repo.add_response(db, rid, answers, side=side, require_open=False)
        round_ids.append(rid)
    return forum_id, round_ids


def uniform(n: int, score: int, side: str | None = None) -> list[Response]:
    return [(side, [score] * 10) for _ in range(n)]


def rewrite(path: Path, change, *, keep_checksum: bool = False) -> Path:
    """Change a benchmark file's content (``change(content)``) and, unless
    ``keep_checksum``, give it a matching checksum, as a careful forger would."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc["content"])
    if not keep_checksum:
        doc["sha256"] = checksum(doc["content"])
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path
