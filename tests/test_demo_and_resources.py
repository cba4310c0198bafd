"""The shipped data and the demo story, checked from what is stored."""

from __future__ import annotations

import json

import pytest

from spf_desktop.domain.questions import load_question_set
from spf_desktop.domain.scoring import fmt_change, fmt_score
from spf_desktop.domain.section_types import load_section_types
from spf_desktop.paths import resource
from spf_desktop.store import Archive, repo
from spf_desktop.store.demo import write_demo, write_synthetic
from spf_desktop.store.results import load_round_results


def test_the_default_question_set_has_the_ten_items_and_says_where_they_come_from() -> None:
    qs = load_question_set(resource("question_sets", "partnership_behaviours.json"))
    texts = [q.text for q in qs.questions]
    assert len(texts) == 10
    assert texts[0] == "Do we work from shared values?"
    assert texts[1] == "Do colleagues walk in each other's shoes?"
    assert "not public" in qs.source_note and "edit" in qs.source_note
    assert (qs.low_label, qs.high_label) == ("Not at all", "Completely")


@pytest.mark.parametrize(
    ("type_id", "params", "minutes"),
    [
        ("ls_1_2_4_all", {}, 12),
        ("ls_troika", {}, 30),
        ("ls_triz", {}, 35),
        ("ls_what_so_what", {}, 45),
        ("ls_conversation_cafe", {}, 45),
        ("ls_world_cafe", {"rounds": 3}, 60),
        ("ls_fishbowl", {}, 45),
        ("ls_time_to_think_council", {}, 40),
        ("group_work", {"groups": 5, "discussion_minutes": 30, "report_back_minutes": 4}, 50),
        ("round", {"participants": 18}, 36),
        ("audit", {"participants": 30}, 90),
        ("joust", {}, 40),
        ("networking_lunch", {}, 45),
    ],
)
def test_every_section_type_has_its_timing_rule(type_id: str, params: dict, minutes: int) -> None:
    types = load_section_types(resource("section_types.json"))
    assert types[type_id].duration(params) == minutes


def test_the_library_holds_every_type_in_the_design() -> None:
    types = load_section_types(resource("section_types.json"))
    assert {"welcome", "networking_lunch", "break", "group_work", "round", "joust", "decision",
            "audit"} <= set(types)
    assert types["audit"].can_run_parallel and "lunch" in types["audit"].hint
    assert types["round"].defaults["minutes_each"] == 2


def _overall(db, label: str):
    rnd = next(r for r in repo.rounds(db) if r["label"] == label)
    return load_round_results(db, rnd["id"])


def test_the_demo_story_figures_come_from_the_stored_answers(demo: Archive) -> None:
    db = demo.db
    assert [f["name"] for f in repo.forums(db)] == ["East Midlands SPF"]
    baseline = _overall(db, "Baseline")
    assert fmt_score(baseline.overall) == "6.02"
    by_key = {q.info.key: q for q in baseline.questions}
    assert f"{by_key['walk_in_shoes'].stats.mean:.1f}" == "4.6"
    assert f"{by_key['shared_values'].stats.mean:.1f}" == "5.8"
    assert baseline.lowest(1)[0].info.key == "walk_in_shoes"
    final = _overall(db, "2019 audit")
    assert fmt_score(final.overall) == "8.61"
    assert fmt_change(final.baseline_change) == "+2.59"
    assert final.baseline is not None and final.baseline.label == "Baseline"
    for label in ("Baseline", "Review", "2019 audit"):
        res = _overall(db, label)
        assert 18 <= res.responses <= 22
        assert res.side_counts["staff"] > 0 and res.side_counts["management"] > 0
        assert any(q.comments for q in res.questions)
    review = _overall(db, "Review")
    assert not review.sides_visible and "hidden" in review.sides_reason
    assert sum(q.stats.skips for q in review.questions) > 0


def test_the_demo_has_the_september_2018_workshop(demo: Archive) -> None:
    meeting = next(m for m in repo.meetings(demo.db) if m["date"] == "2018-09-20")
    assert meeting["seating"] == "cabaret"
    sections = list(demo.db.query(
        "SELECT * FROM agenda_sections WHERE meeting_id = ? ORDER BY position", [meeting["id"]]))
    assert sections[0]["type"] == "networking_lunch"
    assert {"group_work", "round"} <= {s["type"] for s in sections}
    assert all(s["question"].endswith("?") for s in sections if s["type"] == "group_work")
    ways = json.loads(meeting["ways_of_working"])
    assert [w["name"] for w in ways] == ["Involvement", "Trust", "Purpose"]
    assert demo.db["outcomes"].count_where("meeting_id = ?", [meeting["id"]]) >= 1
    assert demo.db["actions"].count_where("meeting_id = ?", [meeting["id"]]) >= 1
    assert repo.meetings(demo.db, templates=True)


def _dump(path) -> list[str]:
    """Every row, except the search tables' own: search ids are drawn at random
    (so they carry no order), so those are compared as what is searchable."""
    with Archive.open(path, read_only=True) as arch:
        searchable = sorted(arch.db.execute(
            "SELECT r.kind, r.ref, i.body FROM search_refs r "
            "JOIN search_index i ON i.rowid = r.id").fetchall())
        return [line for line in arch.db.conn.iterdump()
                if "search_index" not in line and "search_refs" not in line] + [
            repr(row) for row in searchable]


def test_the_demo_is_deterministic(tmp_path) -> None:
    dumps = []
    for n in range(2):
        path = tmp_path / f"demo{n}.db"
        with Archive.open(path) as arch:
            write_demo(arch.db)
            write_demo(arch.db)  # a second run adds nothing
        dumps.append(_dump(path))
    migrations = [line for line in dumps[0] if "_sqlite_migrations" in line]
    assert [x for x in dumps[0] if x not in migrations] == [
        x for x in dumps[1] if "_sqlite_migrations" not in x]


def test_a_synthetic_forum_for_benchmarks(archive: Archive) -> None:
    forum_id = write_synthetic(archive.db, 5, 12)
    rounds = repo.rounds(archive.db, forum_id)
    assert len(rounds) == 5 and all(r["responses"] == 12 for r in rounds)
