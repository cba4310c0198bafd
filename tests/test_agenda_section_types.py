"""Section behaviour comes from the section-type library, never from a type's id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spf_desktop.domain.agenda import Section, compute_schedule
from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.runclock import run_plan
from spf_desktop.domain.section_types import SectionType, load_section_types, section_type
from spf_desktop.paths import resource

TYPES = load_section_types(resource("section_types.json"))


def library_with(tmp_path: Path, *entries: dict) -> dict[str, SectionType]:
    """The shipped library plus ``entries``, written to a file and read back."""
    data = json.loads(resource("section_types.json").read_text(encoding="utf-8"))
    data["types"].extend(entries)
    path = tmp_path / "section_types.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_section_types(path)


def test_the_shipped_types_keep_their_behaviour():
    assert TYPES["round"].turns == "speakers" and TYPES["round"].has_speakers
    assert TYPES["group_work"].turns == "report_backs"
    assert TYPES["audit"].turns == "none"  # one laptop: no speaker timer
    assert TYPES["audit"].shared_device_minutes_each == 3
    assert TYPES["round"].warn_over_minutes == 30
    assert TYPES["item"].turns == "none" and TYPES["item"].shared_device_minutes_each is None


def test_a_new_per_participant_type_gets_speakers_by_its_rule_alone(tmp_path: Path):
    types = library_with(tmp_path, {
        "id": "check_in", "name": "Check-in",
        "timing": {"rule": "per_participant", "participants": 3, "minutes_each": 1}})
    assert types["check_in"].has_speakers
    sections = [Section("c", "check_in", "Check-in", duration_min=3,
                        params={"participants": 3, "minutes_each": 1})]
    [item] = run_plan(compute_schedule(sections, "10:00", "11:00", types), types)
    assert [(t.label, t.seconds) for t in item.turns] == [
        ("Speaker 1 of 3", 60.0), ("Speaker 2 of 3", 60.0), ("Speaker 3 of 3", 60.0)]


def test_a_new_type_warns_by_its_entry(tmp_path: Path):
    types = library_with(tmp_path, {
        "id": "kiosk", "name": "Survey kiosk", "turns": "none", "shared_device_minutes_each": 2,
        "warn_over_minutes": 20,
        "timing": {"rule": "per_participant", "participants": 15, "minutes_each": 2}})
    assert not types["kiosk"].has_speakers
    sections = [Section("k", "kiosk", "Kiosk", duration_min=25,
                        params={"participants": 15, "minutes_each": 2})]
    kinds = {w.kind for w in compute_schedule(sections, "10:00", "12:00", types).warnings}
    assert kinds == {"long_round", "short_audit"}  # over 20 min; 15 x 2 = 30 needed
    # the same section under an id the app knows nothing else about: no warnings
    assert compute_schedule(sections, "10:00", "12:00", TYPES).warnings == ()


def test_an_in_memory_type_takes_its_turns_from_its_rule():
    talk = SectionType("talk", "Talk", "per_participant", {"participants": 2, "minutes_each": 5})
    groups = SectionType("tables", "Tables", "group_work",
                         {"discussion_minutes": 10, "groups": 2, "report_back_minutes": 3})
    assert talk.turns == "speakers" and groups.turns == "report_backs"
    assert SectionType("x", "X", "fixed", {"minutes": 5}).turns == "none"


@pytest.mark.parametrize("entry, words", [
    ({"turns": "everyone"}, "unknown turns"),
    ({"turns": "report_backs"}, "no groups"),
])
def test_a_library_entry_with_impossible_behaviour_is_refused(tmp_path: Path, entry: dict, words: str):
    bad = {"id": "odd", "name": "Odd", "timing": {"rule": "per_participant", "participants": 2,
                                                  "minutes_each": 1}, **entry}
    with pytest.raises(ValueError, match=words):
        section_type(bad)
    with pytest.raises(ValidationError, match=words):
        library_with(tmp_path, bad)
