"""Other forums' benchmark files on the results screen and in Present mode.

From an empty archive: other forums' files made with the app's own export from
small archives of their own, imported here; the figures the screen shows are
worked out again in the test from the scores each archive was given.
"""

from __future__ import annotations

import os
import statistics
from pathlib import Path

from archive_helpers import open_closed
from bench_helpers import add_forum, uniform
from gui_helpers import by_name
from PySide6.QtWidgets import QLabel
from test_facilitator_screens import make_window

from spf_desktop.domain.statuses import RoundStatus
from spf_desktop.io import benchmark_file
from spf_desktop.io.benchmark_library import import_file
from spf_desktop.store import Archive, audit

#: Other forums: name and the score every answer of their one round gave.
OTHERS = {"Avonmouth SPF": 8, "Brindle SPF": 7, "Calder SPF": 4}
#: This forum's round: question 1 scored 9, the other nine 6.
OURS = [9] + [6] * 9


def _other_file(tmp_path: Path, name: str, score: int) -> Path:
    path = tmp_path / f"{name}.db"
    with Archive.open(path, create=True, backup=False) as arch:
        forum_id, _ = add_forum(arch.db, name, [("2024-03-01", uniform(6, score))])
        return benchmark_file.export(arch.db, forum_id, tmp_path / f"{name}.spfbench")


def _label(root, name: str) -> QLabel:
    return by_name(root, name, QLabel)  # type: ignore[return-value]


def test_results_and_present_mode_show_where_the_round_stands_among_other_forums(
        qtbot, tmp_path: Path, home: Path) -> None:
    files = [_other_file(tmp_path, n, s) for n, s in OTHERS.items()]
    path = tmp_path / "ours.db"
    with Archive.open(path, create=True, backup=False) as arch:
        _, (round_id,) = add_forum(arch.db, "Our SPF", [("2024-06-01", [(None, OURS)] * 6)],
                                   status=RoundStatus.OPEN)
    window = make_window(qtbot, path, home, (1366, 768))
    db = window.archive.db
    window.show_view("Audit")
    view = window.views["Audit"]
    audit.close_round(db, round_id)
    assert view.show_round(round_id)
    results = view.results
    line = _label(results, "Other forums")
    qtbot.waitUntil(lambda: "Q1" in _label(results, "Figures for the chosen question").text())
    # no benchmark files: nothing about other forums
    assert line.isHidden() and line.text() == ""
    assert "Among other forums" not in _label(results, "Figures for the chosen question").text()

    # two files, then a third: the screen follows each import without a restart
    for n, file in enumerate(files, start=1):
        import_file(db, file)
        qtbot.waitUntil(lambda n=n: f"Among {n} other forum" in line.text())
    assert line.isVisible()

    # worked out again: each forum's overall is its one score; ours is the mean of OURS
    others = sorted(OTHERS.values())
    ours = sum(OURS) / len(OURS)
    below = sum(1 for o in others if ours < o)
    q1, _, q3 = statistics.quantiles(others, n=4, method="inclusive")
    text = line.text()
    assert f"median {statistics.median(others):.2f}" in text
    assert f"middle half {q1:.2f} to {q3:.2f}" in text
    assert f"This round's {ours:.2f} is below {below} of 3 forums" in text
    assert (below, ours) == (2, 6.3)
    assert "Q1 above all 3 forums" in text  # 9 beats 8, 7 and 4
    # 6 is below 8 and 7, above 4
    assert "Q2, Q3, Q4, Q5, Q6, Q7, Q8, Q9, Q10 below 2 of 3 forums" in text
    figures = _label(results, "Figures for the chosen question").text()
    assert "Among other forums: above all 3 forums on" in figures
    assert "typed" not in text  # no typed benchmark on this forum

    shots = Path(os.environ.get("SPF_SHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(shots / "results-1366x768.png"))

    present = results.present()
    assert present is not None
    qtbot.addWidget(present)
    qtbot.waitExposed(present)
    shown = _label(present, "Other forums").text()
    assert "Among 3 other forums" in shown and "below 2 of 3 forums" in shown
    assert "Q1 above all 3 forums" in shown
    present.resize(1366, 768)
    present.grab().save(str(shots / "present-1366x768.png"))
    present.close()
    window.close()


def test_a_typed_benchmark_is_labelled_as_typed_beside_the_files(tmp_path: Path) -> None:
    from spf_desktop.gui.audit.results_view import peer_lines
    from spf_desktop.store import repo
    from spf_desktop.store.peers import comparison_for
    from spf_desktop.store.results import load_round_results

    file = _other_file(tmp_path, "Avonmouth SPF", 8)
    path = tmp_path / "ours.db"
    with Archive.open(path, create=True, backup=False) as arch:
        _, (round_id,) = add_forum(arch.db, "Our SPF", [("2024-06-01", [(None, OURS)] * 6)])
        typed = repo.create_benchmark(arch.db, "Regional SPFs", 7.5)
        arch.db.table("rounds").update(round_id, {"benchmark_id": typed})
        import_file(arch.db, file)
    with open_closed(path) as arch:
        res = load_round_results(arch.db, round_id)
        lines = peer_lines(comparison_for(arch.db, "2024-06-01", res), res)
    assert lines[0].startswith("Among 1 other forum ")
    assert lines[-1] == ('The benchmark "Regional SPFs" is a typed figure, not from these '
                         "forums' files.")
