"""Bulk writes for imports: many responses at once, inside the caller's transaction.

``repo.add_response`` commits one participant at a time; an import of ten
thousand rows goes through ``executemany`` instead, and the caller's
``db.atomic()`` makes the whole file one transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence

from sqlite_utils import Database

#: One response: its side and, per question id, (score or None, comment or None).
BulkResponse = tuple[str | None, Mapping[str, tuple[int | None, str | None]]]


def insert_responses(
    db: Database,
    round_id: str,
    responses: Sequence[BulkResponse],
    *,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 2000,
) -> list[str]:
    """Insert responses with new random keys; returns the keys (in no meaningful order)."""
    # Shuffle the responses, then give them keys in key order: each batch goes into
    # the b-trees in order (fast), and the file's row order is still not kept.
    order = list(responses)
    secrets.SystemRandom().shuffle(order)
    keys = sorted(secrets.token_hex(16) for _ in order)
    total = len(order)
    conn = db.conn
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute("PRAGMA cache_size = -65536")  # 64 MB while the batch goes in
    try:
        for start in range(0, total, batch):
            chunk = order[start:start + batch]
            chunk_keys = keys[start:start + batch]
            conn.executemany(
                "INSERT INTO responses (key, round_id, side) VALUES (?, ?, ?)",
                [(k, round_id, side) for k, (side, _) in zip(chunk_keys, chunk, strict=True)],
            )
            conn.executemany(
                "INSERT INTO answers (response_key, question_id, score, comment) "
                "VALUES (?, ?, ?, ?)",
                [(k, qid, score, comment)
                 for k, (_, answers) in zip(chunk_keys, chunk, strict=True)
                 for qid, (score, comment) in answers.items()],
            )
            if progress:
                progress(min(start + batch, total), total)
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
    return keys
