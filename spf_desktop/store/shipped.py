"""The question sets the app ships (resources/question_sets/), in every archive.

A new archive gets them from a migration, so a facilitator can run an audit on
the first day without the demo. Their ids are derived from the file name and
version, the same on every laptop: two laptops' archives merged together hold
one copy of the shipped set, not two.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from spf_desktop.domain.questions import load_question_set
from spf_desktop.paths import resource

SHIPPED_NAMESPACE = uuid.UUID("0b7f4d52-8d0e-4b7e-9a57-2f1f5b1f3c61")
DEFAULT_SET = "partnership_behaviours"


def shipped_files() -> list[Path]:
    return sorted(resource("question_sets").glob("*.json"))


def _ids(stem: str, version: int) -> Iterator[str]:
    n = 0
    while True:
        yield str(uuid.uuid5(SHIPPED_NAMESPACE, f"{stem}/v{version}/{n}"))
        n += 1


def shipped_set_id(stem: str = DEFAULT_SET, version: int = 1) -> str:
    """The id the shipped set ``stem`` at ``version`` has in every archive."""
    return next(_ids(stem, version))


def install_shipped_sets(db: Database) -> list[str]:
    """Install each shipped set this archive does not hold yet; returns their ids."""
    from spf_desktop.store import repo

    added = []
    for path in shipped_files():
        qs = load_question_set(path)
        set_id = shipped_set_id(path.stem, qs.version)
        if repo.get(db, "question_sets", set_id) is not None:
            continue
        ids = _ids(path.stem, qs.version)

        def next_id(ids: Iterator[str] = ids) -> str:
            return next(ids)

        added.append(repo.install_question_set(db, qs, id_factory=next_id))
    return added
