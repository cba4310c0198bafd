"""Figures print the same everywhere: rounded half up, as by hand, even when a
floating-point average lands a hair below the half."""

from __future__ import annotations

from pathlib import Path

import pytest

from spf_desktop.domain.kiosk import Submission
from spf_desktop.domain.scoring import fmt_change, fmt_score
from spf_desktop.store import Archive, audit, repo
from spf_desktop.store.archive_queries import timeline
from spf_desktop.store.results import load_round_results
from spf_desktop.store.shipped import shipped_set_id


@pytest.mark.parametrize(("value", "shown"), [
    ((5.8 + 5.83) / 2, "5.82"),   # 5.8149999999999995 in floating point
    (6.025, "6.03"), (2.675, "2.68"), (5.8149, "5.81"), (7.0, "7.00"),
])
def test_scores_round_half_up_as_by_hand(value: float, shown: str) -> None:
    assert fmt_score(value) == shown


def test_changes_round_the_same_way() -> None:
    assert fmt_change(0.005) == "+0.01" and fmt_change(-0.005) == "-0.01"


def test_the_archive_timeline_shows_the_results_screens_average(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "new.db", create=True) as arch:
        db = arch.db
        forum = repo.create_forum(db, "Riverside SPF")
        rid = audit.create_audit_round(db, forum, shipped_set_id(), "Spring", "2026-03-01",
                                       min_group_size=3)
        audit.open_round(db, rid)
        qids = [q.id for q in audit.kiosk_questions(db, rid)]
        for n in range(7):  # scores that give question means with long decimals
            audit.submit(db, rid, Submission({q: (n * 3 + i) % 11 for i, q in enumerate(qids)},
                                             {}, None))
        audit.close_round(db, rid)
        results = load_round_results(db, rid)
        entry = next(e for e in timeline(db, forum) if e.kind == "round")
        assert results.overall is not None and entry.average is not None
        assert fmt_score(entry.average) == fmt_score(results.overall)
