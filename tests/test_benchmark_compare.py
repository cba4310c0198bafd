"""domain.peer_benchmarks: the latest comparable round of each other forum, median, IQR, position."""

from __future__ import annotations

from spf_desktop.domain.peer_benchmarks import PeerRound, Standing, compare


def _peer(name: str, date: str, value: float, key: str = "walk") -> PeerRound:
    return PeerRound(name, name, date, {key: value, "other": value})


def test_each_forum_counts_once_with_its_latest_round_on_or_before_this_one() -> None:
    peers = [_peer(f"F{n}", "2020-01-01", 5 + n) for n in range(9)]
    peers += [_peer("F0", "2021-01-01", 9.9), _peer("F1", "2030-01-01", 0.0),
              PeerRound("X", "X", "2020-01-01", {"unrelated": 3.0})]
    cmp = compare("2021-06-01", {"walk": 7.5, "other": 7.5}, peers)
    assert cmp is not None and cmp.forums == 9
    walk = cmp.by_question["walk"]
    assert sorted(walk.others) == sorted([9.9] + [5.0 + n for n in range(1, 9)])
    assert walk.position() == "below 7 of 9 forums"
    assert compare("2019-01-01", {"walk": 6.5}, peers) is None


def test_median_iqr_and_positions() -> None:
    s = Standing(6.0, (4.0, 5.0, 7.0, 8.0))
    assert s.median == 6.0 and s.iqr == (4.75, 7.25)
    assert Standing(9.0, (1.0, 2.0)).position() == "above all 2 forums"
    assert Standing(1.0, (2.0,)).position() == "below the 1 forum"
    assert Standing(1.0, (2.0,)).iqr is None
