"""One source for each rule: the schema, the enums and the scale agree with domain."""

from __future__ import annotations

import re

import pytest

from spf_desktop.domain import scoring
from spf_desktop.domain.errors import NotFound, UserError, ValidationError
from spf_desktop.domain.statuses import ActionStatus, RoundStatus, RunStatus
from spf_desktop.store import Archive, repo


def _table_sql(db, table: str) -> str:
    return db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                      [table]).fetchone()[0]


@pytest.mark.parametrize(("table", "column"), [("answers", "score"), ("benchmarks", "value")])
def test_the_schema_checks_the_scale_that_scoring_defines(archive, table: str, column: str) -> None:
    """The CHECKs were written in a migration that must not change: hold them to scoring."""
    sql = _table_sql(archive.db, table)
    low, high = re.search(rf"{column} BETWEEN (\d+) AND (\d+)", sql).groups()
    assert (int(low), int(high)) == (scoring.SCORE_MIN, scoring.SCORE_MAX)


@pytest.mark.parametrize(("table", "enum"), [("rounds", RoundStatus), ("actions", ActionStatus)])
def test_the_schema_allows_exactly_the_statuses_of_the_enum(archive, table: str, enum) -> None:
    sql = _table_sql(archive.db, table)
    allowed = re.search(r"status IN \(([^)]*)\)", sql).group(1)
    assert {v.strip(" '") for v in allowed.split(",")} == {m.value for m in enum}


def test_statuses_are_their_text() -> None:
    assert RoundStatus.OPEN == "open" and f"{RunStatus.PAUSED}" == "paused"
    assert RoundStatus("closed") is RoundStatus.CLOSED


def test_the_scale_is_the_one_range() -> None:
    assert list(scoring.SCALE) == list(range(scoring.SCORE_MIN, scoring.SCORE_MAX + 1))
    assert scoring.question_stats([scoring.SCORE_MAX]).distribution[-1] == 1
    with pytest.raises(ValidationError, match=f"from {scoring.SCALE_TEXT}"):
        scoring.check_score(scoring.SCORE_MAX + 1)


@pytest.mark.parametrize(("table", "noun"), [("forums", "forum"), ("rounds", "audit round"),
                                             ("meetings", "meeting"),
                                             ("question_sets", "question set")])
def test_require_raises_one_not_found_of_one_shape(archive, table: str, noun: str) -> None:
    with pytest.raises(NotFound) as caught:
        repo.require(archive.db, table, "nope")
    assert str(caught.value) == f"There is no {noun} with id nope in this archive."
    assert isinstance(caught.value, UserError) and isinstance(caught.value, ValidationError)
    assert (caught.value.table, caught.value.record_id) == (table, "nope")


def test_require_returns_the_record(demo) -> None:
    forum = repo.forums(demo.db)[0]
    assert repo.require(demo.db, "forums", forum["id"])["name"] == forum["name"]


def test_every_store_lookup_says_not_found_the_same_way(archive) -> None:
    """The modules that used to word it themselves now all raise NotFound."""
    from spf_desktop.io import csv_export, merge
    from spf_desktop.store import audit, report_data, results

    for call in (lambda: results.load_round_results(archive.db, "nope"),
                 lambda: report_data.round_record(archive.db, "nope"),
                 lambda: report_data.meeting_record(archive.db, "nope"),
                 lambda: report_data.forum(archive.db, "nope"),
                 lambda: audit.open_round(archive.db, "nope"),
                 lambda: audit.load_set(archive.db, "nope"),
                 lambda: repo.add_response(archive.db, "nope", {}),
                 lambda: csv_export.export_results(archive.db, "nope", archive.path.parent / "x.csv"),
                 lambda: merge.collect(archive.db, "meeting", "nope")):
        with pytest.raises(NotFound, match="with id nope in this archive"):
            call()


def test_one_parser_for_ways_of_working() -> None:
    from spf_desktop.domain.ways import (
        parse_ways_of_working,
        text_to_ways,
        ways_of_working_json,
        ways_to_text,
    )

    ways = ({"name": "Listen", "description": "Hear each other out"}, {"name": "Be brief", "description": ""})
    assert parse_ways_of_working(ways_of_working_json(ways)) == ways
    assert text_to_ways(ways_to_text(ways)) == ways
    assert parse_ways_of_working(None) == parse_ways_of_working("not json") == ()
    assert parse_ways_of_working('[{"name": "A", "description": null}, 3, {"x": 1}]') == (
        {"name": "A", "description": ""},)
    with pytest.raises(TypeError, match="list of"):
        parse_ways_of_working([3], strict=True)


def test_every_reader_of_ways_of_working_agrees(archive) -> None:
    """The archive, the agenda store and the report data read a forum's ways the same way."""
    from spf_desktop.store import agenda, report_data

    forum_id = repo.create_forum(archive.db, "North SPF",
                                 ways_of_working=[{"name": "Listen", "description": "Well"}])
    expected = ({"name": "Listen", "description": "Well"},)
    assert agenda.forum_ways_of_working(archive.db, forum_id) == expected
    from spf_desktop.domain.agenda import Meeting

    meeting_id = agenda.create_meeting(archive.db, forum_id, Meeting("Spring"))
    assert tuple(report_data.meeting_record(archive.db, meeting_id).ways_of_working) == expected


def test_the_cli_turns_user_errors_into_click_errors_in_one_place() -> None:
    """Commands raise; only the root group's invoke catches (so messages cannot drift)."""
    import inspect

    from spf_desktop import cli

    source = inspect.getsource(cli)
    assert source.count("except UserError") == 1
    assert "except UserError" in inspect.getsource(cli.UserErrors.invoke)


def test_a_not_found_on_the_command_line_says_where_the_ids_are(cli, archive_path) -> None:
    Archive.open(archive_path).close()
    result = cli("export", "merge", "--forum", "nope", "--out", archive_path.parent / "x.spfmerge",
                 "--db", archive_path)
    assert result.exit_code == 1
    assert result.output == ("Error: There is no forum with id nope in this archive. "
                             "'spf-desktop list forums' shows the ids.\n")
