"""Meetings, sections, the saved clock, captures and meeting/template files, in a real archive."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from spf_desktop.domain.agenda import Meeting, Section
from spf_desktop.domain.errors import UserError, ValidationError
from spf_desktop.domain.runclock import RunState
from spf_desktop.domain.section_types import load_section_types
from spf_desktop.io.agenda_file import (
    AgendaFileError,
    export_meeting,
    import_agenda,
    read_agenda_file,
)
from spf_desktop.paths import resource
from spf_desktop.store import agenda as store
from spf_desktop.store import repo
from spf_desktop.store.schema import SCHEMA_VERSION

TYPES = load_section_types(resource("section_types.json"))
SHIPPED = resource("templates", "workshop-sep-2018.spf-agenda.json")


def forum_id(db) -> str:
    return repo.forums(db)[0]["id"]


def sep_meeting(db) -> dict:
    return next(m for m in store.list_meetings(db, forum_id(db)) if m["date"] == "2018-09-20")


def snapshot(db) -> dict:
    return {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]  # noqa: S608
            for t in ("meetings", "agenda_sections", "actions", "agenda_run_state")}


def test_the_run_state_table_is_a_migration(archive):
    assert archive.schema_version == SCHEMA_VERSION
    assert "agenda_run_state" in archive.db.table_names()


def test_create_edit_and_list_meetings_with_the_forums_ways_of_working(demo):
    db = demo.db
    fid = forum_id(db)
    ways = store.forum_ways_of_working(db, fid)
    assert [w["name"] for w in ways] == ["Involvement", "Trust", "Purpose"]
    mid = store.create_meeting(db, fid, Meeting("Spring forum", "10:00", "13:00", "2019-04-11",
                                                ways_of_working=ways))
    store.update_meeting(db, mid, Meeting("Spring forum meeting", "09:30", "12:30", "2019-04-11",
                                          venue="Derby", seating="circle", ways_of_working=ways))
    row = store.get_meeting(db, mid)
    assert (row["title"], row["start_time"], row["seating"]) == ("Spring forum meeting", "09:30", "circle")
    assert store.list_meetings(db, fid)[0]["title"] == "Spring forum meeting"  # newest first


def test_bad_meeting_details_change_nothing(demo):
    db = demo.db
    meeting = sep_meeting(db)
    before = store.get_meeting(db, meeting["id"])
    with pytest.raises(ValidationError, match="before the start"):
        store.update_meeting(db, meeting["id"], Meeting("X", "12:00", "11:00"))
    assert store.get_meeting(db, meeting["id"]) == before


def test_sections_save_reorder_and_keep_their_ids(demo):
    db = demo.db
    mid = sep_meeting(db)["id"]
    items = store.sections(db, mid)
    assert [s.title for s in items][:2] == ["Networking lunch", "Welcome and our ways of working"]
    reordered = (items[1], items[0]) + items[2:]
    store.save_sections(db, mid, reordered)
    again = store.sections(db, mid)
    assert [s.id for s in again] == [s.id for s in reordered]
    # actual times recorded at the meeting stay with their section
    assert store.actual_times(db, mid)[items[0].id] == ("2018-09-20T12:00", "2018-09-20T12:48")


@pytest.mark.parametrize("change, words", [
    (dict(duration_min=0), "0 minutes is not possible"),
    (dict(duration_min=-10), "-10 minutes is not possible"),
    (dict(duration_min=800), "over 12 hours"),
    (dict(pinned_time="11:00"), "before the meeting starts at 12:00"),
])
def test_bad_sections_are_refused_and_nothing_is_saved(demo, change, words):
    db = demo.db
    mid = sep_meeting(db)["id"]
    items = store.sections(db, mid)
    with pytest.raises(ValidationError, match=words):
        store.save_sections(db, mid, (replace(items[0], **change),) + items[1:])
    assert store.sections(db, mid) == items


def test_a_start_moved_after_a_pinned_section_is_refused(demo):
    db = demo.db
    mid = sep_meeting(db)["id"]
    items = store.sections(db, mid)
    store.save_sections(db, mid, (replace(items[0], pinned_time="12:00"),) + items[1:])
    meeting = store.meeting_from_row(store.get_meeting(db, mid))
    with pytest.raises(ValidationError, match="before the meeting starts at 12:30"):
        store.update_meeting(db, mid, replace(meeting, start_time="12:30"))


def test_duplicate_save_as_template_new_from_template_and_delete(demo):
    db = demo.db
    fid = forum_id(db)
    src = sep_meeting(db)
    copy = store.duplicate_meeting(db, src["id"])
    assert store.get_meeting(db, copy)["title"] == "Self-managed workshop meeting (copy)"
    assert all(v == (None, None) for v in store.actual_times(db, copy).values())
    template = store.save_as_template(db, src["id"], "Our workshop template")
    names = [t["title"] for t in store.list_meetings(db, None, templates=True)]
    assert "Our workshop template" in names and "Workshop-style forum meeting (Sep 2018)" in names
    planned = store.new_from_template(db, template, fid, title="Next forum", date="2019-06-01")
    assert [s.title for s in store.sections(db, planned)] == [s.title for s in store.sections(db, src["id"])]
    assert store.get_meeting(db, planned)["is_template"] == 0
    before = snapshot(db)
    store.delete_meeting(db, planned)
    after = snapshot(db)
    assert after["meetings"] == before["meetings"] - 1
    assert after["agenda_sections"] == before["agenda_sections"] - 8


def test_deleting_a_meeting_keeps_its_audit_round(demo):
    db = demo.db
    meeting = next(m for m in store.list_meetings(db, forum_id(db)) if m["date"] == "2019-01-24")
    store.delete_meeting(db, meeting["id"])
    labels = [r["label"] for r in repo.rounds(db)]
    assert "2019 audit" in labels
    assert db.execute("SELECT meeting_id FROM rounds WHERE label = '2019 audit'").fetchone()[0] is None


def test_run_state_and_actual_times_are_saved_together(demo):
    db = demo.db
    mid = sep_meeting(db)["id"]
    items = store.sections(db, mid)
    state = RunState(status="running", run_s=120.0, started_at="2018-09-20T12:00:00+00:00")
    store.save_run_state(db, mid, state, {items[0].id: ("2018-09-20T12:00:00", None)})
    assert store.load_run_state(db, mid) == state
    assert store.actual_times(db, mid)[items[0].id] == ("2018-09-20T12:00:00", None)
    store.reset_run_state(db, mid)
    assert store.load_run_state(db, mid) is None
    assert store.actual_times(db, mid)[items[0].id] == (None, None)


def test_captures_and_open_actions_listed_for_the_next_meeting(demo):
    db = demo.db
    fid = forum_id(db)
    mid = sep_meeting(db)["id"]
    first = store.sections(db, mid)[2]
    store.add_capture(db, mid, "outcomes", "Three steps agreed", section_id=first.id)
    store.add_capture(db, mid, "decisions", "Adopt the huddle", section_id=first.id)
    action = store.add_capture(db, mid, "actions", "Write the guidance", section_id=first.id,
                               owner="HR lead", due_date="2018-11-30")
    got = store.captured(db, mid)
    assert got["actions"][-1]["owner"] == "HR lead"
    assert got["outcomes"][-1]["section_title"] == "Partnership you can see"
    with pytest.raises(ValidationError, match="not a date like"):
        store.add_capture(db, mid, "actions", "Something", due_date="next week")
    with pytest.raises(ValidationError, match="needs some text"):
        store.add_capture(db, mid, "outcomes", "   ")
    nxt = store.create_meeting(db, fid, Meeting("Next", date="2019-03-01"))
    texts = [a["text"] for a in store.open_actions(db, fid, except_meeting=nxt)]
    assert "Write the guidance" in texts and "Draft the early-warning huddle guidance" in texts
    store.set_action_done(db, action, "2018-11-20")
    assert "Write the guidance" not in [a["text"] for a in store.open_actions(db, fid)]
    outcome = store.captured(db, mid)["outcomes"][-1]["id"]
    store.delete_capture(db, "outcomes", outcome)
    assert "Three steps agreed" not in [o["text"] for o in store.captured(db, mid)["outcomes"]]


# -- files ---------------------------------------------------------------------------

def test_export_and_import_round_trip_on_another_laptop(demo, archive, tmp_path):
    src = sep_meeting(demo.db)
    template = store.save_as_template(demo.db, src["id"], "Carry me")
    items = store.sections(demo.db, template)
    store.save_sections(demo.db, template,
                        items[:1] + (replace(items[1], parallel_with=items[0].id),) + items[2:])
    path = export_meeting(demo.db, template, tmp_path / "carry.spf-agenda.json")
    new = import_agenda(archive.db, path, types=TYPES)
    row = store.get_meeting(archive.db, new)
    assert row["is_template"] == 1 and row["title"] == "Carry me"
    got = store.sections(archive.db, new)
    assert [s.title for s in got] == [s.title for s in items]
    assert got[1].parallel_with == got[0].id


def test_the_shipped_sep_2018_template_reads(archive):
    parsed = read_agenda_file(SHIPPED, TYPES, expect="template")
    assert parsed.meeting.title == "Workshop-style forum meeting (Sep 2018)"
    assert parsed.meeting.seating == "cabaret"
    assert len(parsed.sections) == 8


def _write(tmp_path: Path, name: str, body: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(body if isinstance(body, bytes) else body.encode())
    return path


def _good() -> dict:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name, body, words", [
    ("notes.txt", "Agenda: lunch then talk", "is not an SPF Desktop meeting or template file"),
    ("other.json", json.dumps({"format": "spf-demo-story", "format_version": 1}),
     "is not an SPF Desktop meeting or template file"),
    ("cut.spf-agenda.json", SHIPPED.read_text(encoding="utf-8")[:300], "is damaged: it is not valid JSON"),
    ("new.spf-agenda.json", json.dumps({**_good(), "format_version": 7}),
     "made by a newer version of SPF Desktop"),
    ("zero.spf-agenda.json",
     json.dumps({**_good(), "sections": [{**_good()["sections"][0], "duration_min": 0}]}),
     "is damaged: section 1: .*0 minutes is not possible"),
    ("early.spf-agenda.json",
     json.dumps({**_good(), "sections": [{**_good()["sections"][0], "pinned_time": "09:00"}]}),
     "is damaged: section 1: .*before the meeting starts at 12:00"),
    ("ends.spf-agenda.json",
     json.dumps({**_good(), "meeting": {**_good()["meeting"], "planned_end": "11:00"}}),
     "is damaged: The planned end"),
    ("nosections.spf-agenda.json", json.dumps({k: v for k, v in _good().items() if k != "sections"}),
     "is damaged: a field is missing"),
    ("binary.spf-agenda.json", b"\x00\x01\xffSQLite", "is not an SPF Desktop meeting or template file"),
])
def test_bad_files_are_refused_clearly_and_nothing_is_imported(archive, tmp_path, name, body, words):
    path = _write(tmp_path, name, body)
    before = snapshot(archive.db)
    with pytest.raises(AgendaFileError, match=words) as err:
        import_agenda(archive.db, path, types=TYPES)
    assert name in str(err.value) and "Nothing was imported" in str(err.value)
    assert snapshot(archive.db) == before


def test_a_meeting_file_is_not_a_template(demo, tmp_path):
    path = export_meeting(demo.db, sep_meeting(demo.db)["id"], tmp_path / "m.spf-agenda.json")
    with pytest.raises(AgendaFileError, match="holds a meeting, not a template"):
        read_agenda_file(path, TYPES, expect="template")
    assert isinstance(AgendaFileError("x"), UserError)


def test_save_sections_is_one_transaction(demo):
    db = demo.db
    mid = sep_meeting(db)["id"]
    items = store.sections(db, mid)
    bad = items + (Section("x", "item", "Loop", parallel_with="y"), Section("y", "item", "Y", parallel_with="x"))
    with pytest.raises(ValidationError):
        store.save_sections(db, mid, bad)
    assert store.sections(db, mid) == items
