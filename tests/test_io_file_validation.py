"""Merge and agenda files are checked field by field, like imports: a value the app would
refuse when typed is refused from a file, with the field and where it is; a comment is
cleaned as a typed one is; anything refused leaves the archive, its WAL and its backups
byte-identical; and no file, however hostile, gives anything but a message."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spf_desktop.domain.errors import UserError
from spf_desktop.domain.kiosk import Submission
from spf_desktop.domain.section_types import load_section_types
from spf_desktop.io import agenda_file, merge
from spf_desktop.io.merge_fields import FIELDS
from spf_desktop.paths import resource
from spf_desktop.store import Archive, agenda, audit, repo, retention
from spf_desktop.store.backups import backup_dir
from spf_desktop.store.shipped import shipped_set_id

HYPOTHESIS = settings(max_examples=40, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture,
                                             HealthCheck.too_slow])


# -- files made by the app itself ---------------------------------------------------

def _round(db, label: str = "Spring audit", when: str = "2024-03-01", *, people: int = 6,
           comment: str = "") -> str:
    forum = next((f["id"] for f in repo.forums(db)), None) or repo.create_forum(db, "Riverside SPF")
    set_id = shipped_set_id()
    round_id = audit.create_audit_round(db, forum, set_id, label, when, min_group_size=3)
    audit.open_round(db, round_id)
    ids = [q["id"] for q in repo.questions(db, set_id)]
    for n in range(people):
        notes = {ids[0]: comment} if comment and n == 0 else {}
        audit.submit(db, round_id, Submission({q: (n + 3) % 11 for q in ids}, notes, "staff"))
    return round_id


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """The laptop the files come from."""
    path = tmp_path / "other-laptop.db"
    Archive.open(path, create=True, backup=False).close()
    return path


@pytest.fixture
def round_file(source: Path, tmp_path: Path) -> Path:
    with Archive.open(source, backup=False) as arch:
        round_id = _round(arch.db, comment="More time for the rota review")
        return merge.export(arch.db, "round", round_id, tmp_path / "round.spfmerge")


def _doc(file: Path) -> dict:
    return json.loads(file.read_text(encoding="utf-8"))


def _write(doc: dict, file: Path, *, sign: bool = True) -> Path:
    if sign:
        doc["sha256"] = merge.checksum(doc["content"])
    file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return file


def _state(archive: Path) -> dict[str, str]:
    """SHA-256 of the archive, its -wal and every file in its backups folder."""
    files = [archive, archive.with_name(archive.name + "-wal")]
    folder = backup_dir(archive)
    if folder.is_dir():
        files += sorted(p for p in folder.rglob("*") if p.is_file())
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.exists()}


def _refused(archive: Path, file: Path, *expected: str) -> str:
    """Merge ``file`` into the open archive and expect a refusal that changes no byte."""
    with Archive.open(archive) as arch:  # with its backups, as the app opens it
        before = _state(archive)
        with pytest.raises(merge.MergeFileError) as info:
            merge.merge(arch.db, file)
        assert _state(archive) == before
    message = str(info.value)
    assert file.name in message and "Nothing was imported" in message, message
    for text in expected:
        assert text in message, message
    return message


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "this-laptop.db"
    Archive.open(path, create=True).close()
    return path


# -- the score that crashed the Audit view ----------------------------------------------

def _purged_round_file(source: Path, tmp_path: Path) -> tuple[Path, str]:
    with Archive.open(source, backup=False) as arch:
        round_id = _round(arch.db, "2015 audit", "2015-03-01")
        audit.close_round(arch.db, round_id)
        today = date(2025, 1, 1)
        retention.purge(arch.db, retention.plan_purge(arch.db, 5, today), today)
        assert retention.is_purged(arch.db, round_id)
        return merge.export(arch.db, "round", round_id, tmp_path / "purged.spfmerge"), round_id


def test_a_purged_rounds_count_of_5_5_is_refused_and_the_audit_view_still_opens(
        qtbot, source: Path, target: Path, tmp_path: Path) -> None:
    """The file's figures for a purged round are a count per score. A count of 5.5 (in a
    record the archive did not yet hold, for a round purged here too) was stored, and
    every later opening of that round in the Audit view crashed the app (a segmentation
    fault under the tests). Now the file is refused, naming the field."""
    from gui_helpers import by_name
    from PySide6.QtWidgets import QLabel

    from spf_desktop.gui.audit.view import AuditView

    file, round_id = _purged_round_file(source, tmp_path)
    with Archive.open(target) as arch:
        merge.merge(arch.db, file)  # this laptop has had the purged round for a while
    doc = _doc(file)
    extra = copy.deepcopy(doc["content"]["tables"]["round_aggregates"][0])
    extra.update(side="staff", distribution=json.dumps([0, 0, 0, 0, 0, 5.5, 0, 0, 0, 0, 0]),
                 answered=5.5, total=27.5)
    doc["content"]["tables"]["round_aggregates"].append(extra)
    bad = _write(doc, tmp_path / "half-a-person.spfmerge")
    n = len(doc["content"]["tables"]["round_aggregates"])
    _refused(target, bad, f'table "round_aggregates", record {n}, field "distribution"',
             "the count for a score of 5: 5.5 is not a whole number from 0 to 100,000")
    with Archive.open(target) as arch:
        view = AuditView()
        qtbot.addWidget(view)
        view.set_archive(arch)
        view.show()
        assert view.show_round(round_id)
        assert by_name(view, "Overall result", QLabel).text().startswith("Overall average")
        view.close()


@pytest.mark.parametrize("score", [5.5, 5.0, -1, 11, 10**30, "5", True, False, [5], {"s": 5}])
def test_a_score_must_be_a_whole_number_from_0_to_10(round_file: Path, target: Path,
                                                      tmp_path: Path, score) -> None:
    doc = _doc(round_file)
    doc["content"]["tables"]["answers"][3]["score"] = score
    bad = _write(doc, tmp_path / "score.spfmerge")
    message = _refused(target, bad, 'table "answers", record 4, field "score"')
    if not isinstance(score, list | dict | bool):
        assert "is not a whole number from 0 to 10." in message, message


def test_a_nan_or_infinite_score_is_refused_before_anything_is_read(
        round_file: Path, target: Path, tmp_path: Path) -> None:
    text = round_file.read_text(encoding="utf-8")
    for word in ("NaN", "Infinity", "-Infinity"):
        bad = tmp_path / f"score-{word}.spfmerge"
        bad.write_text(text.replace('"score":3', f'"score":{word}', 1), encoding="utf-8")
        assert bad.read_text(encoding="utf-8") != text
        _refused(target, bad, "this is not an SPF Desktop merge file", f"it holds {word}")


def test_a_skipped_answer_still_merges(round_file: Path, target: Path, tmp_path: Path) -> None:
    doc = _doc(round_file)
    doc["content"]["tables"]["answers"][0]["score"] = None  # skipped, as exports write it
    file = _write(doc, tmp_path / "skip.spfmerge")
    with Archive.open(target) as arch:
        assert merge.merge(arch.db, file).added["answers"] == 60


# -- comments -------------------------------------------------------------------------

def _comment_of(archive: Path) -> str:
    with Archive.open(archive, backup=False) as arch:
        (text,) = arch.db.execute("SELECT comment FROM answers WHERE comment IS NOT NULL").fetchone()
        return text


def test_merged_comments_are_cleaned_as_typed_ones_are(round_file: Path, target: Path,
                                                       tmp_path: Path) -> None:
    doc = _doc(round_file)
    answer = next(a for a in doc["content"]["tables"]["answers"] if a["comment"])
    answer["comment"] = "  Rota\x00 review\x1b[31m\nnext\tmonth\u200b \x7f "
    file = _write(doc, tmp_path / "comment.spfmerge")
    with Archive.open(target) as arch:
        merge.merge(arch.db, file)
    assert _comment_of(target) == "Rota review[31m\nnext\tmonth"
    answer["comment"] = "x" * 2001
    too_long = _write(doc, tmp_path / "essay.spfmerge")
    other = tmp_path / "another.db"
    Archive.open(other, create=True).close()
    _refused(other, too_long, 'field "comment"', "A comment can be at most 2,000 characters; "
             "this one has 2,001.")


def test_merged_comments_wait_for_screening_here(source: Path, target: Path,
                                                 tmp_path: Path) -> None:
    with Archive.open(source, backup=False) as arch:
        round_id = _round(arch.db, comment="The rota review slipped again")
        assert audit.mark_screened(arch.db, round_id) == 1
        assert audit.comments_screened(arch.db, round_id)
        file = merge.export(arch.db, "round", round_id, tmp_path / "screened.spfmerge")
    assert _doc(file)["content"]["tables"]["rounds"][0]["screened_comments"] == 1
    with Archive.open(target) as arch:
        report = merge.merge(arch.db, file)
        assert not audit.comments_screened(arch.db, round_id)  # not read on this laptop
        audit.mark_screened(arch.db, round_id)
        more = [q["id"] for q in repo.questions(arch.db, shipped_set_id())]
        audit.submit(arch.db, round_id, Submission(dict.fromkeys(more, 5),
                                                   {more[1]: "Typed on this laptop"}, "staff"))
        back = merge.export(arch.db, "round", round_id, tmp_path / "back.spfmerge")
    assert not report.conflicts
    with Archive.open(source, backup=False) as arch:
        report = merge.merge(arch.db, back)
        assert report.added["responses"] == 1
        assert not report.conflicts  # the other laptop's screening is no conflict
        assert not audit.comments_screened(arch.db, round_id)


# -- every field ------------------------------------------------------------------------

def test_every_column_of_every_merged_table_has_a_rule(target: Path) -> None:
    with Archive.open(target, backup=False) as arch:
        for table in merge.TABLES:
            assert set(arch.db[table].columns_dict) == set(FIELDS[table]), table


BAD_FIELDS = [
    ("responses", "side", "both", '"both" is not a side: one of staff, management, undisclosed'),
    ("responses", "side", 2, "2 is not a side"),
    ("rounds", "date", "2024-02-30", '"2024-02-30" is not a date like 2024-05-01'),
    ("rounds", "date", None, "it is empty, and this field needs a value"),
    ("rounds", "label", "x" * 1001, "the text is 1,001 characters long; the limit is 1,000"),
    ("rounds", "label", "   ", "it is blank"),
    ("rounds", "label", ["a"], "a list is not text"),
    ("rounds", "status", "archived", '"archived" is not a round status'),
    ("rounds", "min_group_size", 2, "2 is not a whole number from 3 to 999"),
    ("rounds", "min_group_size", 5.5, "5.5 is not a whole number from 3 to 999"),
    ("rounds", "id", "a b", '"a b" is not an id'),
    ("rounds", "converted_scales", '{"q1": {"key": "k", "name": "stars", "low": 5, "high": 1}}',
     "question q1: the scale 5 to 1 is not two whole numbers from 0 to 10"),
    ("rounds", "converted_scales", '[1, 2]', "it should be an object of at most 100 questions"),
    ("responses", "key", "k" * 65, "the text is 65 characters long; the limit is 64"),
    ("forums", "name", 7, "7 is not text"),
    ("forums", "name", "Forum\x07", "the text holds control characters"),
    ("forums", "ways_of_working", "not json", "it is not the JSON text this field holds"),
    ("forums", "ways_of_working", '{"name": "x"}', "it should be a list of at most 30 ways"),
    ("forums", "default_benchmark_value", 10.5, "10.5 is not a number from 0 to 10"),
    ("question_sets", "version", 0, "0 is not a whole number from 1 to 1,000,000"),
    ("questions", "text", "q" * 301, "the text is 301 characters long; the limit is 300"),
    ("questions", "position", -1, "-1 is not a whole number from 0 to 10,000"),
    ("answers", "comment", 5, "5 is not text"),
]


@pytest.mark.parametrize(("table", "column", "value", "expected"), BAD_FIELDS,
                         ids=[f"{t}.{c}={str(v)[:12]}" for t, c, v, _ in BAD_FIELDS])
def test_each_field_has_a_type_and_a_limit(round_file: Path, target: Path, tmp_path: Path,
                                           table: str, column: str, value, expected: str) -> None:
    doc = _doc(round_file)
    rows = doc["content"]["tables"][table]
    rows[-1][column] = value
    bad = _write(doc, tmp_path / "field.spfmerge")
    message = _refused(target, bad, f'table "{table}", record {len(rows)}, field "{column}": '
                       f"{expected}")
    assert "row 1, column" in message  # and where in the file


def test_a_meeting_files_fields_are_checked(source: Path, target: Path, tmp_path: Path) -> None:
    from spf_desktop.domain.agenda import Meeting, Section

    with Archive.open(source, backup=False) as arch:
        forum = repo.create_forum(arch.db, "Riverside SPF")
        meeting = agenda.create_meeting(arch.db, forum, Meeting("Spring forum", date="2024-03-14"))
        agenda.save_sections(arch.db, meeting, [
            Section(id="s1", type="welcome", title="Welcome", duration_min=15),
            Section(id="s2", type="round", title="Check-in", duration_min=30,
                    params={"participants": 10, "minutes_each": 3})])
        file = merge.export(arch.db, "meeting", meeting, tmp_path / "meeting.spfmerge")
    cases = [
        ("meetings", "start_time", "25:00", '"25:00" is not a clock time like 10:00'),
        ("meetings", "seating", "theatre", '"theatre" is not a seating the app knows'),
        ("agenda_sections", "duration_min", 0, "0 is not a whole number of minutes from 1 to 720"),
        ("agenda_sections", "duration_min", 90.5, "90.5 is not a whole number of minutes"),
        ("agenda_sections", "params", '{"participants": 1e9}',
         'parameter "participants": 1000000000.0 is not a whole number from 0 to 1,000'),
        ("agenda_sections", "params", '{"speakers": 3}',
         '"speakers" is not a parameter of any section type'),
        ("agenda_sections", "params", "[1]", "it should be an object of at most 10 parameters"),
    ]
    for table, column, value, expected in cases:
        doc = _doc(file)
        doc["content"]["tables"][table][-1][column] = value
        bad = _write(doc, tmp_path / "meeting-field.spfmerge")
        _refused(target, bad, f'field "{column}": {expected}')
    with Archive.open(target) as arch:  # and the file as exported merges
        assert merge.merge(arch.db, file).added["agenda_sections"] == 2


def test_a_purged_rounds_figures_must_add_up(source: Path, target: Path, tmp_path: Path) -> None:
    file, _ = _purged_round_file(source, tmp_path)
    cases = [
        ("distribution", "[1, 2, 3]", "it should be a list of 11 counts, one per score from 0 to 10"),
        ("distribution", json.dumps([0] * 10 + [10**6]), "the count for a score of 10: 1000000 "
         "is not a whole number from 0 to 100,000"),
        ("answered", 7, "7 is not the 6 answers its distribution counts"),
        ("total", 1, "1 is not the sum of the scores its distribution counts"),
        ("side", "everyone", '"everyone" is not a group of a purged round'),
    ]
    for column, value, expected in cases:
        doc = _doc(file)
        doc["content"]["tables"]["round_aggregates"][0][column] = value
        bad = _write(doc, tmp_path / "aggregates.spfmerge")
        _refused(target, bad, f'table "round_aggregates", record 1, field "{column}": {expected}')
    doc = _doc(file)
    doc["content"]["tables"]["round_purges"][0]["responses"] = 2
    _refused(target, _write(doc, tmp_path / "purge.spfmerge"),
             'field "responses": 2 is fewer than the 6 responses counted by side')


def test_the_apps_own_export_still_merges_both_ways(source: Path, target: Path,
                                                    tmp_path: Path) -> None:
    """Every file the app writes passes every rule: a round, a purged round and a forum."""
    with Archive.open(source, backup=False) as arch:
        _round(arch.db, comment="Tea\tbreak\nplease")
    file, _ = _purged_round_file(source, tmp_path)
    with Archive.open(source, backup=False) as arch:
        forum = repo.forums(arch.db)[0]["id"]
        whole = merge.export(arch.db, "forum", forum, tmp_path / "forum.spfmerge")
    with Archive.open(target) as arch:
        assert merge.merge(arch.db, file).added["round_aggregates"] >= 1
        assert merge.merge(arch.db, whole).added["rounds"] == 1
        again = merge.export(arch.db, "forum", forum, tmp_path / "again.spfmerge")
    with Archive.open(source, backup=False) as arch:
        report = merge.merge(arch.db, again)
        assert not report.conflicts and not any(report.added.values())


def test_the_checksum_still_guards_the_checked_fields(round_file: Path, target: Path,
                                                      tmp_path: Path) -> None:
    doc = _doc(round_file)
    doc["content"]["tables"]["answers"][0]["comment"] = "Changed on the way"
    _refused(target, _write(doc, tmp_path / "unsigned.spfmerge", sign=False),
             'the field "sha256"', "checksum does not match")


def test_a_key_given_twice_is_refused(round_file: Path, target: Path, tmp_path: Path) -> None:
    text = round_file.read_text(encoding="utf-8")
    twice = text.replace('"score":', '"score":4,"score":', 1)
    bad = tmp_path / "twice.spfmerge"
    bad.write_text(twice, encoding="utf-8")
    _refused(target, bad, 'the key "score" is given twice in one object')


# -- hostile merge files ------------------------------------------------------------------

def _hostile_values():
    deep = st.integers(1, 3000).map(lambda n: json.loads("[" * min(n, 900) + "]" * min(n, 900)))
    return st.one_of(
        st.none(), st.booleans(), st.integers(-(2**80), 2**80), st.floats(allow_nan=False),
        st.text(max_size=30), st.integers(0, 300_000).map(lambda n: "x" * n),
        st.integers(0, 50_000).map(lambda n: [0] * n), deep,
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    )


def _places(doc: dict) -> list[tuple]:
    """Every place in a merge file a value can be put: top, content, tables, records, fields."""
    places: list[tuple] = [(k,) for k in doc] + [("content", k) for k in doc["content"]]
    places += [("content", "scope", k) for k in doc["content"]["scope"]]
    for table, rows in doc["content"]["tables"].items():
        places.append(("content", "tables", table))
        for n, row in enumerate(rows[:3]):
            places.append(("content", "tables", table, n))
            places += [("content", "tables", table, n, col) for col in row]
    return places


@HYPOTHESIS
@given(data=st.data())
def test_hostile_merge_files_are_refused_or_merged_never_anything_else(
        round_file: Path, tmp_path: Path, data) -> None:
    doc = _doc(round_file)
    places = _places(doc)
    for _ in range(data.draw(st.integers(1, 3))):
        place = data.draw(st.sampled_from(places))
        parent = doc
        try:
            for step in place[:-1]:
                parent = parent[step]
            parent[place[-1]] = data.draw(_hostile_values())
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change took this place away
    try:
        doc["sha256"] = merge.checksum(doc["content"])
    except (ValueError, TypeError, RecursionError):
        pass
    file = tmp_path / "hostile.spfmerge"
    file.write_text(json.dumps(doc), encoding="utf-8")
    archive = tmp_path / "hostile.db"
    with Archive.open(archive, create=True, backup=False) as arch:
        counts = {t: arch.db[t].count for t in merge.TABLES}
        try:
            merge.merge(arch.db, file)
        except merge.MergeFileError as exc:
            assert file.name in str(exc)
            assert {t: arch.db[t].count for t in merge.TABLES} == counts
        assert arch.integrity_problems() == []
    archive.unlink()


# -- agenda files ---------------------------------------------------------------------

@pytest.fixture
def agenda_data(source: Path) -> dict:
    from spf_desktop.domain.agenda import Meeting, Section

    with Archive.open(source, backup=False) as arch:
        meeting = agenda.create_meeting(arch.db, None, Meeting("Spring forum", date="2024-03-14"))
        agenda.save_sections(arch.db, meeting, [
            Section(id="s1", type="welcome", title="Welcome", duration_min=15),
            Section(id="s2", type="round", title="Check-in", duration_min=30,
                    params={"participants": 10, "minutes_each": 3}),
            Section(id="s3", type="networking_lunch", title="Lunch", duration_min=15, parallel_with="s2")])
        return agenda_file.to_data(arch.db, meeting)


def _agenda_refused(target: Path, tmp_path: Path, data: object, *expected: str) -> str:
    file = tmp_path / "bad.spf-agenda.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    types = load_section_types(resource("section_types.json"))
    with Archive.open(target) as arch:
        before = _state(target)
        with pytest.raises(agenda_file.AgendaFileError) as info:
            agenda_file.import_agenda(arch.db, file, types=types)
        assert _state(target) == before
    message = str(info.value)
    assert file.name in message and "Nothing was imported" in message, message
    for text in expected:
        assert text in message, message
    return message


AGENDA_CASES = [
    (("sections", 1, "duration_min"), 0, "a duration of 0 minutes is not possible"),
    (("sections", 1, "duration_min"), 721, "721 minutes is over 12 hours"),
    (("sections", 1, "duration_min"), 30.5, "section 2 needs its minutes as a whole number"),
    (("sections", 1, "params", "participants"), 10**9,
     "section 2: the parameter 'participants' must be a whole number from 0 to 1,000"),
    (("sections", 1, "params", "participants"), -2, "must be a whole number from 0 to 1,000"),
    (("sections", 1, "params", "groups"), 3, "section 2: 'groups' is not a parameter of a"),
    (("sections", 1, "params"), [1, 2], "the type's parameters must be an object"),
    (("sections", 1, "title"), "t" * 1001, "section 2: title is 1,001 characters long; the "
     "limit is 1,000"),
    (("sections", 1, "title"), ["a"], "section 2: title must be text"),
    (("sections", 1, "notes"), "Bad\x00note", "section 2: notes holds control characters"),
    (("sections", 1, "type"), "juggling", "section 2 has an unknown type 'juggling'"),
    (("sections", 1, "pinned_time"), 1030, "section 2: the pinned time must be a clock time"),
    (("sections", 2, "parallel_with"), True, "section 3 runs alongside a section that is not"),
    (("meeting", "title"), "m" * 1001, "the meeting: title is 1,001 characters long"),
    (("meeting", "date"), "2024-02-30", "The date '2024-02-30' is not a date like 2018-09-20"),
    (("meeting", "date"), 20240301, "The date 20240301 is not a date"),
    (("meeting", "ways_of_working"), [{"name": "n" * 201, "description": ""}],
     "way of working 1: name is 201 characters long; the limit is 200"),
    (("meeting", "ways_of_working"), [{"name": "Listen"}] * 31, "31 ways of working; the limit is 30"),
    (("meeting",), "a meeting", "meeting must be an object"),
    (("sections",), [{}] * 201, "the file has 201 sections; a meeting has at most 200"),
    (("sections", 0, "params"), {"x": [[[[[[1]]]]]]}, "it is nested more than 6 levels deep"),
]


@pytest.mark.parametrize(("place", "value", "expected"), AGENDA_CASES,
                         ids=["/".join(map(str, p)) + f"={str(v)[:10]}" for p, v, _ in AGENDA_CASES])
def test_agenda_files_are_checked_field_by_field(agenda_data: dict, target: Path, tmp_path: Path,
                                                 place: tuple, value, expected: str) -> None:
    data = copy.deepcopy(agenda_data)
    parent = data
    for step in place[:-1]:
        parent = parent[step]
    parent[place[-1]] = value
    _agenda_refused(target, tmp_path, data, expected)


def test_an_agenda_file_with_a_key_given_twice_is_refused(agenda_data: dict, target: Path,
                                                          tmp_path: Path) -> None:
    text = json.dumps(agenda_data).replace('"title": "Welcome"',
                                           '"title": "Welcome", "title": "Hello"', 1)
    file = tmp_path / "twice.spf-agenda.json"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(agenda_file.AgendaFileError, match='the key "title" is given twice'):
        agenda_file.read_agenda_file(file)


def test_the_apps_own_agenda_file_still_imports(agenda_data: dict, target: Path,
                                                tmp_path: Path) -> None:
    file = tmp_path / "plan.spf-agenda.json"
    file.write_text(json.dumps(agenda_data), encoding="utf-8")
    types = load_section_types(resource("section_types.json"))
    with Archive.open(target) as arch:
        meeting = agenda_file.import_agenda(arch.db, file, types=types)
        assert len(agenda.sections(arch.db, meeting)) == 3


def _agenda_places(data: dict) -> list[tuple]:
    places: list[tuple] = [(k,) for k in data] + [("meeting", k) for k in data["meeting"]]
    for n, section in enumerate(data["sections"]):
        places.append(("sections", n))
        places += [("sections", n, k) for k in section]
        places += [("sections", n, "params", k) for k in section["params"]]
    return places


@HYPOTHESIS
@given(data=st.data())
def test_hostile_agenda_files_give_a_message_never_a_traceback(agenda_data: dict, tmp_path: Path,
                                                                data) -> None:
    doc = copy.deepcopy(agenda_data)
    places = _agenda_places(doc)
    for _ in range(data.draw(st.integers(1, 3))):
        place = data.draw(st.sampled_from(places))
        parent = doc
        try:
            for step in place[:-1]:
                parent = parent[step]
            parent[place[-1]] = data.draw(_hostile_values())
        except (KeyError, IndexError, TypeError):
            continue
    file = tmp_path / "hostile.spf-agenda.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    types = load_section_types(resource("section_types.json"))
    archive = tmp_path / "hostile-agenda.db"
    with Archive.open(archive, create=True, backup=False) as arch:
        try:
            agenda_file.import_agenda(arch.db, file, types=types)
        except UserError as exc:
            assert file.name in str(exc)
            assert arch.db["meetings"].count == 0
        assert arch.integrity_problems() == []
    archive.unlink()


# -- question-set files: the same gaps closed ---------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ('"Do we \\u0000 trust?"', 'question 1 (field "text"): it holds control characters.'),
    ('"Do we \\ud800 trust?"', "it holds characters that are not valid Unicode."),
    ('"' + "q" * 1300 + '"', "it is 1,300 characters long; the limit is 300."),
    ('"a", "text": "b"', 'the key "text" is given twice in one object'),
    ('[[[[[["deep"]]]]]]', "it is nested more than 6 levels deep"),
])
def test_a_question_set_file_is_checked_like_the_others(tmp_path: Path, text: str,
                                                         expected: str) -> None:
    from spf_desktop.domain.errors import ValidationError
    from spf_desktop.io import question_set_file

    file = tmp_path / "set.spf-questions.json"
    file.write_text('{"format": "spf-question-set", "format_version": 1, "name": "Ours", '
                    '"questions": [{"text": ' + text + "}]}", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        question_set_file.read_question_set(file)
    assert expected in str(info.value) and "Nothing was imported" in str(info.value)
