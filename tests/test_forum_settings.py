"""Forum settings (issue 11, item 2), from a new, empty archive.

The dialog is driven as a person would: controls found by accessible name, typed
into and pressed with the keyboard and the mouse. A refused change is checked
against the file itself (its bytes and its -wal), not the app's own queries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import by_name
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTreeView,
    QWidget,
)
from test_accessibility import unnamed_controls
from window_helpers import file_state, shipped_question_set

from spf_desktop.domain.agenda import Meeting, Section
from spf_desktop.domain.errors import NotFound, ValidationError
from spf_desktop.domain.forums import (
    DEFAULT_WAYS_OF_WORKING,
    ForumSettings,
    ForumSettingsError,
)
from spf_desktop.domain.kiosk import Submission
from spf_desktop.gui.app import settings_for
from spf_desktop.gui.forum_settings import (
    ForumSettingsDialog,
    open_forum_settings,
    open_new_forum,
)
from spf_desktop.gui.main_window import VIEW_NAMES, MainWindow
from spf_desktop.gui.operations import Operations
from spf_desktop.io.agenda_file import import_agenda
from spf_desktop.paths import resource
from spf_desktop.store import Archive, agenda, audit, forums, repo
from spf_desktop.store.schema import MIGRATIONS, migrate

SHOTS = Path("/tmp/forum-shots")
TEMPLATE = resource("templates", "workshop-sep-2018.spf-agenda.json")


@pytest.fixture
def new_archive(tmp_path: Path) -> Iterator[Archive]:
    arch = Archive.open(tmp_path / "new.db", create=True)
    yield arch
    if arch.db is not None:
        arch.close()


@pytest.fixture
def ops(qtbot, new_archive: Archive) -> Operations:
    made = Operations()
    made.set_archive(new_archive)
    return made


def holding_a_round(db, name: str = "Riverside SPF") -> str:
    """A forum with a round (three responses), a benchmark and a meeting."""
    forum_id = repo.create_forum(db, name)
    round_id = audit.create_audit_round(db, forum_id, shipped_question_set(db), "Baseline",
                                        "2024-03-01", min_group_size=3, benchmark_value=7.5,
                                        benchmark_label="Other regional SPFs")
    audit.open_round(db, round_id)
    ids = [q["id"] for q in repo.questions(db, shipped_question_set(db))]
    for n in range(3):
        audit.submit(db, round_id, Submission({qid: 5 + n for qid in ids},
                                              {ids[0]: "Rotas again"} if n == 0 else {}, "staff"))
    meeting_id = agenda.create_meeting(db, forum_id, Meeting("Spring forum", date="2024-03-14"))
    agenda.save_sections(db, meeting_id, [
        Section(id=f"{name}-s1", type="welcome", title="Welcome", duration_min=15),
        Section(id=f"{name}-s2", type="break", title="Break", duration_min=15,
                parallel_with=f"{name}-s1")])
    agenda.add_capture(db, meeting_id, "actions", "Draft the rota guidance", section_id=f"{name}-s1",
                       owner="Sam")
    agenda.add_capture(db, meeting_id, "decisions", "Meet quarterly", section_id=f"{name}-s1")
    return forum_id


# -- the core: defaults, rules, deleting -----------------------------------------------

def test_a_new_forum_starts_with_involvement_trust_and_purpose_in_the_storys_words(
        new_archive: Archive) -> None:
    forum_id = repo.create_forum(new_archive.db, "North West SPF")
    assert agenda.forum_ways_of_working(new_archive.db, forum_id) == DEFAULT_WAYS_OF_WORKING
    assert [w["name"] for w in DEFAULT_WAYS_OF_WORKING] == ["Involvement", "Trust", "Purpose"]
    story = json.loads(resource("demo", "east_midlands.json").read_text(encoding="utf-8"))
    assert list(DEFAULT_WAYS_OF_WORKING) == story["forum"]["ways_of_working"]
    settings = forums.forum_settings(new_archive.db, forum_id)
    assert (settings.min_group_size, settings.benchmark_label, settings.benchmark_value) == (
        5, "", None)
    # a forum made with no ways says so, and keeps none
    bare = repo.create_forum(new_archive.db, "Bare SPF", ways_of_working=[])
    assert agenda.forum_ways_of_working(new_archive.db, bare) == ()


def test_settings_are_saved_together_and_a_new_round_takes_the_forums_defaults(
        new_archive: Archive) -> None:
    db = new_archive.db
    forum_id = repo.create_forum(db, "North West SPF")
    stored = forums.save_forum_settings(db, forum_id, ForumSettings(
        name="  North West  SPF (Cheshire) ", region=" North West", protective_marking="OFFICIAL",
        ways_of_working=({"name": " Respect ", "description": " We listen first. "},),
        min_group_size=7, benchmark_label="Other regional SPFs", benchmark_value=7.5))
    assert stored.name == "North West SPF (Cheshire)" and stored.region == "North West"
    assert forums.forum_settings(db, forum_id) == stored
    assert stored.ways_of_working == ({"name": "Respect", "description": "We listen first."},)
    defaults = forums.forum_defaults(db, forum_id)
    assert defaults == forums.ForumDefaults(7, "Other regional SPFs", 7.5)
    # what the New round form passes on when it starts from the forum's defaults
    round_id = audit.create_audit_round(
        db, forum_id, shipped_question_set(db), "Baseline", "2024-03-01",
        min_group_size=defaults.min_group_size, benchmark_value=defaults.benchmark_value,
        benchmark_label=defaults.benchmark_label)
    rnd = repo.require(db, "rounds", round_id)
    bench = repo.require(db, "benchmarks", rnd["benchmark_id"])
    assert (rnd["min_group_size"], bench["label"], bench["value"]) == (
        7, "Other regional SPFs", 7.5)
    # a new forum made with its settings in one go
    other = forums.create_forum_with_settings(db, ForumSettings(name="Quiet SPF",
                                                                ways_of_working=()))
    assert forums.forum_settings(db, other).ways_of_working == ()
    with pytest.raises(NotFound):
        forums.forum_defaults(db, "no-such-forum")


BAD_SETTINGS = [
    ({"name": "   "}, "name", "Forum name: a forum needs a name"),
    ({"name": "north west spf"}, "name",
     'Forum name: another forum in this archive is already called "North West SPF"'),
    ({"min_group_size": 2}, "min_group_size",
     "Default minimum group size: 2 is too small: it can never be below 3"),
    ({"benchmark_value": 10.5, "benchmark_label": "Others"}, "benchmark_value",
     "Default benchmark value: a benchmark must be from 0 to 10, not 10.5"),
    ({"benchmark_value": -1.0, "benchmark_label": "Others"}, "benchmark_value",
     "Default benchmark value"),
    ({"benchmark_value": 7.0}, "benchmark_label", "Default benchmark label: a benchmark needs"),
    ({"benchmark_label": "Others"}, "benchmark_value",
     'Default benchmark value: the benchmark "Others" has no value'),
    ({"ways_of_working": ({"name": "Trust", "description": ""},
                          {"name": " ", "description": "No name"})}, "ways_of_working",
     "Ways of working: way 2 has no name"),
    ({"ways_of_working": ({"name": "Trust", "description": ""},
                          {"name": "TRUST", "description": "Again"})}, "ways_of_working",
     'Ways of working: "TRUST" is listed twice (ways 1 and 2)'),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_SETTINGS)
def test_bad_settings_are_refused_naming_the_field_and_change_nothing(
        new_archive: Archive, change: dict, field: str, message: str) -> None:
    db = new_archive.db
    repo.create_forum(db, "North West SPF")
    forum_id = repo.create_forum(db, "Riverside SPF")
    before = file_state(new_archive.path)
    base = forums.forum_settings(db, forum_id)
    from dataclasses import replace

    with pytest.raises(ForumSettingsError) as caught:
        forums.save_forum_settings(db, forum_id, replace(base, **change))
    assert str(caught.value).startswith(message)
    assert caught.value.field == field
    assert file_state(new_archive.path) == before
    assert forums.forum_settings(db, forum_id) == base
    # a new forum is held to the same rules, and a forum made elsewhere too
    with pytest.raises(ForumSettingsError) as caught:
        forums.create_forum_with_settings(db, replace(base, **{"name": "Lakeside SPF", **change}))
    assert caught.value.field == field
    assert file_state(new_archive.path) == before


def test_a_forum_name_is_unique_whatever_its_case(new_archive: Archive) -> None:
    repo.create_forum(new_archive.db, "North West SPF")
    with pytest.raises(ValidationError, match="already called \"North West SPF\""):
        repo.create_forum(new_archive.db, "NORTH WEST SPF")


def test_an_empty_forum_is_deleted_at_once(new_archive: Archive) -> None:
    db = new_archive.db
    forum_id = repo.create_forum(db, "Made by mistake")
    assert forums.forum_contents(db, forum_id).is_empty
    assert forums.forum_contents(db, forum_id).describe() == "nothing"
    forums.delete_forum(db, forum_id)
    assert repo.get(db, "forums", forum_id) is None


def test_a_forum_that_holds_records_goes_only_after_its_exact_name(new_archive: Archive) -> None:
    db = new_archive.db
    keep = holding_a_round(db, "North West SPF")
    forum_id = holding_a_round(db, "Riverside SPF")
    contents = forums.forum_contents(db, forum_id)
    assert contents.describe() == "1 audit round (3 responses), 1 meeting and 1 benchmark"
    before = file_state(new_archive.path)
    for typed in (None, "", "riverside spf", "Riverside SPF ", "North West SPF"):
        with pytest.raises(ValidationError, match="holds 1 audit round"):
            forums.delete_forum(db, forum_id, confirm_name=typed)
        assert file_state(new_archive.path) == before
    hits = "SELECT count(*) FROM search_index WHERE search_index MATCH 'rota'"
    assert db.execute(hits).fetchone()[0] == 2  # both forums' actions
    gone = forums.delete_forum(db, forum_id, confirm_name="Riverside SPF")
    assert gone == contents
    assert repo.get(db, "forums", forum_id) is None
    # nothing of it is left, the other forum is whole, and every link still holds
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    counts = {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]  # noqa: S608
              for t in ("rounds", "responses", "benchmarks", "meetings", "agenda_sections",
                        "actions", "decisions")}
    assert counts == {"rounds": 1, "responses": 3, "benchmarks": 1, "meetings": 1,
                      "agenda_sections": 2, "actions": 1, "decisions": 1}
    assert forums.forum_contents(db, keep) == contents
    answers = db.execute("SELECT count(*) FROM answers").fetchone()[0]
    assert answers == 3 * len(repo.questions(db, shipped_question_set(db)))
    # the search index forgets it as well
    assert db.execute(hits).fetchone()[0] == 1  # the other forum's
    # the shipped question set stays for every forum
    assert repo.get(db, "question_sets", shipped_question_set(db)) is not None


def test_deleting_a_forum_keeps_other_forums_rounds_that_pointed_at_it(new_archive: Archive) -> None:
    db = new_archive.db
    going = holding_a_round(db, "Riverside SPF")
    staying = repo.create_forum(db, "North West SPF")
    meeting = agenda.list_meetings(db, going)[0]["id"]
    bench = db.execute("SELECT id FROM benchmarks WHERE forum_id = ?", [going]).fetchone()[0]
    round_id = repo.create_round(db, staying, shipped_question_set(db), "Old link", "2024-01-01",
                                 meeting_id=meeting, benchmark_id=bench)
    forums.delete_forum(db, going, confirm_name="Riverside SPF")
    rnd = repo.require(db, "rounds", round_id)
    assert (rnd["meeting_id"], rnd["benchmark_id"]) == (None, None)


def test_deleting_a_forum_leaves_no_table_behind(new_archive: Archive) -> None:
    """Every table that points (directly or through others) at a forum's records is
    either emptied of them or unlinked by delete_forum: a new table must be added
    there (store/forums.py), or this fails."""
    db = new_archive.db
    handled = {t for t, _ in forums.DELETED_WITH_A_FORUM}
    unlinked = {(t, c) for t, c, _ in forums.UNLINKED_FROM_A_FORUM}
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    reached = {"forums"}
    changed = True
    while changed:
        changed = False
        for table in tables:
            for fk in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
                parent, column = fk[2], fk[3]
                if parent in reached and table not in reached and (table, column) not in unlinked:
                    reached.add(table)
                    changed = True
    missing = reached - handled
    assert not missing, f"delete_forum does not handle {sorted(missing)}"


def test_an_archive_from_before_forum_defaults_gets_the_old_defaults(tmp_path: Path) -> None:
    from spf_desktop.store.connection import connect

    path = tmp_path / "old.db"
    db = connect(path)
    MIGRATIONS.apply(db, stop_before="0008_forum_defaults")
    db.execute("INSERT INTO forums (id, name, ways_of_working) VALUES ('f1', 'Old SPF', '[]')")
    migrate(db)
    db.close()
    with Archive.open(path) as arch:
        assert forums.forum_defaults(arch.db, "f1") == forums.ForumDefaults(5, "", None)


# -- the shipped template in another forum --------------------------------------------

def test_a_meeting_from_the_shipped_template_takes_its_own_forums_ways(new_archive: Archive) -> None:
    db = new_archive.db
    template = import_agenda(db, TEMPLATE, expect="template")
    east_midlands = list(agenda.meeting_from_row(agenda.get_meeting(db, template)).ways_of_working)
    assert east_midlands == list(DEFAULT_WAYS_OF_WORKING)  # the template carries the story's
    respect = ({"name": "Respect", "description": "We listen first."},)
    north = forums.create_forum_with_settings(db, ForumSettings("North West SPF",
                                                                ways_of_working=respect))
    quiet = forums.create_forum_with_settings(db, ForumSettings("Quiet SPF", ways_of_working=()))
    for forum_id, expected in ((north, respect), (quiet, ())):
        meeting = agenda.new_from_template(db, template, forum_id)
        assert agenda.meeting_from_row(agenda.get_meeting(db, meeting)).ways_of_working == expected
    # edited later, the forum's ways are what its next meeting starts with
    forums.save_forum_settings(db, quiet, ForumSettings("Quiet SPF", ways_of_working=(
        {"name": "Brevity", "description": ""},)))
    meeting = agenda.new_from_template(db, template, quiet)
    assert [w["name"] for w in
            agenda.meeting_from_row(agenda.get_meeting(db, meeting)).ways_of_working] == ["Brevity"]
    # a meeting of no forum keeps the template's
    loose = agenda.new_from_template(db, template, None)
    assert list(agenda.meeting_from_row(agenda.get_meeting(db, loose)).ways_of_working) == \
        east_midlands


# -- the dialog, as a person uses it ---------------------------------------------------

def dialog_for(qtbot, archive: Archive, ops: Operations, forum_id: str | None,
               parent: QWidget | None = None) -> ForumSettingsDialog:
    dialog = (open_new_forum(parent, ops, archive) if forum_id is None
              else open_forum_settings(parent, ops, archive, forum_id))
    if parent is None:
        qtbot.addWidget(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def retype(qtbot, widget: QWidget, text: str) -> None:
    """Select what the field holds and type over it, as a person would."""
    widget.setFocus()
    widget.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    if text:
        qtbot.keyClicks(widget, text)


def press(qtbot, dialog: QWidget, name: str) -> None:
    made = by_name(dialog, name, QPushButton)
    assert made.isEnabled(), f"{name} is off"
    qtbot.mouseClick(made, Qt.MouseButton.LeftButton)


def ways_shown(dialog: QWidget) -> list[str]:
    listed = by_name(dialog, "Ways of working", QListWidget)
    return [listed.item(i).text() for i in range(listed.count())]


def test_a_new_forum_made_with_the_keyboard(qtbot, new_archive: Archive, ops: Operations) -> None:
    dialog = dialog_for(qtbot, new_archive, ops, None)
    assert dialog.windowTitle() == "New forum"
    assert not by_name(dialog, "Delete this forum").isVisible()
    assert ways_shown(dialog) == [f"{w['name']}: {w['description']}"
                                  for w in DEFAULT_WAYS_OF_WORKING]
    name = by_name(dialog, "Forum name", QLineEdit)
    assert QApplication.focusWidget() is name
    qtbot.keyClicks(name, "North West SPF")
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    region = by_name(dialog, "Region", QLineEdit)
    assert QApplication.focusWidget() is region
    qtbot.keyClicks(region, "North West")
    qtbot.keyClick(region, Qt.Key.Key_Tab)
    marking = by_name(dialog, "Protective marking", QComboBox)
    assert QApplication.focusWidget() in (marking, marking.lineEdit())
    assert [marking.itemText(i) for i in range(marking.count())] == ["OFFICIAL",
                                                                     "OFFICIAL-SENSITIVE"]
    qtbot.keyClick(marking, Qt.Key.Key_Down)  # the first offered marking
    assert marking.currentText() == "OFFICIAL"
    # ways of working: rename the second, add one, move it up, remove the last
    listed = by_name(dialog, "Ways of working", QListWidget)
    listed.setFocus()
    qtbot.keyClick(listed, Qt.Key.Key_Down)
    assert listed.currentRow() == 1
    press(qtbot, dialog, "Edit way of working")
    way_name = by_name(dialog, "Way of working name", QLineEdit)
    assert QApplication.focusWidget() is way_name and way_name.text() == "Trust"
    qtbot.keyClicks(way_name, "Respect")  # typed over the selected name
    retype(qtbot, by_name(dialog, "Way of working description", QLineEdit), "We listen first.")
    press(qtbot, dialog, "Add way of working")
    assert QApplication.focusWidget() is way_name and listed.currentRow() == 3
    qtbot.keyClicks(way_name, "Brevity")
    qtbot.keyClicks(by_name(dialog, "Way of working description", QLineEdit), "Short turns")
    press(qtbot, dialog, "Move way of working up")
    assert by_name(dialog, "Move way of working up").isEnabled()
    press(qtbot, dialog, "Move way of working up")
    listed.setCurrentRow(3)
    assert ways_shown(dialog)[3].startswith("Purpose")
    assert not by_name(dialog, "Move way of working down").isEnabled()
    press(qtbot, dialog, "Remove way of working")
    assert ways_shown(dialog) == [
        "Involvement: Everyone has a voice; items are worked in the room, not sent away.",
        "Brevity: Short turns", "Respect: We listen first."]
    # the defaults for new rounds
    spin = by_name(dialog, "Default minimum group size", QSpinBox)
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert spin.value() == 7
    retype(qtbot, by_name(dialog, "Default benchmark label", QLineEdit), "Other regional SPFs")
    value = by_name(dialog, "Default benchmark value", QLineEdit)
    retype(qtbot, value, "7,5")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(value, Qt.Key.Key_Return)  # Enter saves
    forum_id = saved.args[0]
    stored = forums.forum_settings(new_archive.db, forum_id)
    assert stored == ForumSettings(
        name="North West SPF", region="North West", protective_marking="OFFICIAL",
        ways_of_working=({"name": "Involvement", "description": DEFAULT_WAYS_OF_WORKING[0][
            "description"]}, {"name": "Brevity", "description": "Short turns"},
            {"name": "Respect", "description": "We listen first."}),
        min_group_size=7, benchmark_label="Other regional SPFs", benchmark_value=7.5)


def test_a_marking_of_the_forums_own_is_typed(qtbot, new_archive: Archive, ops: Operations) -> None:
    forum_id = repo.create_forum(new_archive.db, "Riverside SPF", protective_marking="OFFICIAL")
    dialog = dialog_for(qtbot, new_archive, ops, forum_id)
    marking = by_name(dialog, "Protective marking", QComboBox)
    assert marking.currentText() == "OFFICIAL"
    marking.lineEdit().selectAll()
    qtbot.keyClicks(marking.lineEdit(), "OFFICIAL-SENSITIVE PERSONAL")
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(marking.lineEdit(), Qt.Key.Key_Return)
    assert forums.forum_settings(new_archive.db, forum_id).protective_marking == \
        "OFFICIAL-SENSITIVE PERSONAL"


def test_cancel_and_escape_change_nothing(qtbot, new_archive: Archive, ops: Operations) -> None:
    forum_id = repo.create_forum(new_archive.db, "Riverside SPF")
    before = file_state(new_archive.path)
    for leave in ("Cancel", "Escape"):
        dialog = dialog_for(qtbot, new_archive, ops, forum_id)
        retype(qtbot, by_name(dialog, "Forum name", QLineEdit), "Renamed")
        press(qtbot, dialog, "Remove way of working")
        with qtbot.waitSignal(dialog.rejected):
            if leave == "Cancel":
                press(qtbot, dialog, "Cancel")
            else:
                qtbot.keyClick(by_name(dialog, "Forum name", QLineEdit), Qt.Key.Key_Escape)
        assert file_state(new_archive.path) == before
    assert forums.forum_settings(new_archive.db, forum_id).name == "Riverside SPF"


def _empty_name(qtbot, d) -> QWidget:
    retype(qtbot, by_name(d, "Forum name", QLineEdit), "")
    return by_name(d, "Forum name", QLineEdit)


def _other_forums_name(qtbot, d) -> QWidget:
    retype(qtbot, by_name(d, "Forum name", QLineEdit), "NORTH west spf")
    return by_name(d, "Forum name", QLineEdit)


def _small_group(qtbot, d) -> QWidget:
    spin = by_name(d, "Default minimum group size", QSpinBox)
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "2")
    return spin


def _benchmark_off_the_scale(qtbot, d) -> QWidget:
    retype(qtbot, by_name(d, "Default benchmark label", QLineEdit), "Other regional SPFs")
    retype(qtbot, by_name(d, "Default benchmark value", QLineEdit), "11")
    return by_name(d, "Default benchmark value", QLineEdit)


def _benchmark_not_a_number(qtbot, d) -> QWidget:
    retype(qtbot, by_name(d, "Default benchmark value", QLineEdit), "about seven")
    return by_name(d, "Default benchmark value", QLineEdit)


def _way_without_a_name(qtbot, d) -> QWidget:
    press(qtbot, d, "Add way of working")
    qtbot.keyClicks(by_name(d, "Way of working description", QLineEdit), "Be kind")
    return by_name(d, "Way of working description", QLineEdit)


def _two_ways_with_one_name(qtbot, d) -> QWidget:
    by_name(d, "Ways of working", QListWidget).setCurrentRow(2)
    retype(qtbot, by_name(d, "Way of working name", QLineEdit), "trust")
    return by_name(d, "Way of working name", QLineEdit)


@pytest.mark.parametrize(("mistake", "message", "focus"), [
    (_empty_name, "Forum name: a forum needs a name", "Forum name"),
    (_other_forums_name, 'Forum name: another forum in this archive is already called '
                         '"North West SPF"', "Forum name"),
    (_small_group, "Default minimum group size: 2 is too small: it can never be below 3",
     "Default minimum group size"),
    (_benchmark_off_the_scale, "Default benchmark value: a benchmark must be from 0 to 10, "
                               "not 11", "Default benchmark value"),
    (_benchmark_not_a_number, 'Default benchmark value: "about seven" is not a number',
     "Default benchmark value"),
    (_way_without_a_name, "Ways of working: way 4 has no name", "Way of working name"),
    (_two_ways_with_one_name, 'Ways of working: "trust" is listed twice (ways 2 and 3)',
     "Way of working name"),
])
def test_bad_input_in_the_dialog_says_what_and_where_and_changes_nothing(
        qtbot, new_archive: Archive, ops: Operations, mistake, message: str,
        focus: str) -> None:
    repo.create_forum(new_archive.db, "North West SPF")
    forum_id = repo.create_forum(new_archive.db, "Riverside SPF")
    before = file_state(new_archive.path)
    dialog = dialog_for(qtbot, new_archive, ops, forum_id)
    typed_in = mistake(qtbot, dialog)
    qtbot.keyClick(typed_in, Qt.Key.Key_Return)  # Enter presses Save
    shown = by_name(dialog, "Forum settings message", QLabel)
    assert shown.isVisible() and shown.text().startswith(message), shown.text()
    assert dialog.isVisible()
    focused = QApplication.focusWidget()
    target = by_name(dialog, focus)
    assert focused is target or target.isAncestorOf(focused)
    assert file_state(new_archive.path) == before
    # the same mistake on Save by the mouse, and for a new forum, changes nothing either
    press(qtbot, dialog, "Save forum settings")
    assert dialog.isVisible() and file_state(new_archive.path) == before
    new = dialog_for(qtbot, new_archive, ops, None)
    retype(qtbot, by_name(new, "Forum name", QLineEdit), "Lakeside SPF")
    mistake(qtbot, new)
    press(qtbot, new, "Add forum")
    assert new.isVisible() and file_state(new_archive.path) == before
    assert [f["name"] for f in repo.forums(new_archive.db)] == ["North West SPF", "Riverside SPF"]


def test_the_minimum_group_size_recovers_after_a_refusal(qtbot, new_archive: Archive,
                                                        ops: Operations) -> None:
    forum_id = repo.create_forum(new_archive.db, "Riverside SPF")
    dialog = dialog_for(qtbot, new_archive, ops, forum_id)
    spin = _small_group(qtbot, dialog)
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert dialog.isVisible() and spin.value() == 5
    spin.selectAll()
    qtbot.keyClicks(spin, "12")
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert forums.forum_defaults(new_archive.db, forum_id).min_group_size == 12


def test_an_empty_forum_is_deleted_at_once_from_the_dialog(qtbot, new_archive: Archive,
                                                           ops: Operations) -> None:
    forum_id = repo.create_forum(new_archive.db, "Made by mistake")
    dialog = dialog_for(qtbot, new_archive, ops, forum_id)
    assert by_name(dialog, "What this forum holds", QLabel).text().startswith(
        '"Made by mistake" holds nothing yet')
    assert not by_name(dialog, "Type the forum's name to delete it").isVisible()
    delete = by_name(dialog, "Delete forum", QPushButton)
    assert delete.isEnabled() and not delete.isDefault() and not delete.autoDefault()
    with qtbot.waitSignal(dialog.deleted):
        press(qtbot, dialog, "Delete forum")
    assert repo.forums(new_archive.db) == []


def test_a_forum_with_records_is_deleted_only_after_its_name_is_typed(
        qtbot, new_archive: Archive, ops: Operations) -> None:
    forum_id = holding_a_round(new_archive.db)
    before = file_state(new_archive.path)
    dialog = dialog_for(qtbot, new_archive, ops, forum_id)
    holds = by_name(dialog, "What this forum holds", QLabel).text()
    assert "holds 1 audit round (3 responses), 1 meeting and 1 benchmark" in holds
    confirm = by_name(dialog, "Type the forum's name to delete it", QLineEdit)
    delete = by_name(dialog, "Delete forum", QPushButton)
    assert confirm.isVisible() and not delete.isEnabled()
    assert by_name(dialog, "Save forum settings", QPushButton).isDefault()
    for near_miss in ("Riverside", "riverside spf", "Riverside SPF "):
        retype(qtbot, confirm, near_miss)
        assert not delete.isEnabled(), near_miss
    retype(qtbot, confirm, "Riverside SPF")
    assert delete.isEnabled() and not delete.isDefault()
    qtbot.keyClick(confirm, Qt.Key.Key_Return)  # Enter here neither deletes nor saves
    assert dialog.isVisible() and file_state(new_archive.path) == before
    with qtbot.waitSignal(dialog.deleted):
        press(qtbot, dialog, "Delete forum")
    assert repo.forums(new_archive.db) == []
    assert new_archive.db.execute("SELECT count(*) FROM responses").fetchone()[0] == 0


def test_a_read_only_archive_shows_the_settings_but_writes_nothing(
        qtbot, tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Archive.open(path, create=True) as arch:
        repo.create_forum(arch.db, "Riverside SPF")
    with Archive.open(path, read_only=True) as arch:
        forum_id = repo.forums(arch.db)[0]["id"]
        dialog = ForumSettingsDialog(arch, forum_id)
        qtbot.addWidget(dialog)
        dialog.show()
        assert by_name(dialog, "Forum name", QLineEdit).text() == "Riverside SPF"
        assert not by_name(dialog, "Save forum settings", QPushButton).isEnabled()
        assert not by_name(dialog, "Delete forum", QPushButton).isEnabled()
        assert dialog.save() is False and dialog.delete() is False
        dialog.close()


def test_every_control_has_a_name_and_nothing_is_cut_off(qtbot, new_archive: Archive,
                                                         ops: Operations) -> None:
    """At 1366x768 and 1024x768, every control of the dialog is wholly inside it and
    Save is on screen; the pictures are kept for a person to look at."""
    forum_id = holding_a_round(new_archive.db)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for forum, kind in ((None, "new-forum"), (forum_id, "settings")):
        for width, height in ((1366, 768), (1024, 768)):
            dialog = dialog_for(qtbot, new_archive, ops, forum)
            dialog.fit(QSize(width, height))
            page = dialog.scroller.widget()
            viewport = dialog.scroller.viewport()
            qtbot.waitUntil(lambda d=dialog, h=height, p=page, v=viewport:
                            d.height() <= h - 60 and p.width() == v.width())
            assert unnamed_controls(dialog, kind) == []
            assert not dialog.scroller.horizontalScrollBar().isVisible()
            for control in page.findChildren(QWidget):
                if control.isVisible() and control.accessibleName():
                    right = control.mapTo(page, control.rect().topRight()).x()
                    assert right <= dialog.scroller.viewport().width(), control.accessibleName()
            save = dialog.save_button
            assert save.mapTo(dialog, save.rect().bottomRight()).y() <= dialog.height()
            dialog.grab().save(str(SHOTS / f"{kind}-{width}x{height}.png"))
            if forum is not None:  # a refusal, and the delete confirmation typed
                retype(qtbot, by_name(dialog, "Forum name", QLineEdit), "")
                press(qtbot, dialog, "Save forum settings")
                retype(qtbot, by_name(dialog, "Type the forum's name to delete it"),
                       "Riverside SPF")
                message = by_name(dialog, "Forum settings message", QLabel)
                assert message.isVisible()
                bottom = message.mapTo(dialog, message.rect().bottomLeft()).y()
                assert bottom < save.mapTo(dialog, save.rect().topLeft()).y()
                dialog.grab().save(str(SHOTS / f"{kind}-refused-{width}x{height}.png"))
            dialog.reject()


# -- in the whole window, with no restart -----------------------------------------------

@pytest.fixture
def window(qtbot, tmp_path: Path, home: Path) -> Iterator[MainWindow]:
    archive = Archive.open(tmp_path / "new.db", create=True)
    win = MainWindow(archive, settings_for(home))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    for name in VIEW_NAMES:  # every view built and shown once, before any write
        win.show_view(name)
        qtbot.waitUntil(win.views[name].isVisible)
    yield win
    win.close()


def tree_forums(window: MainWindow) -> list[str]:
    tree = by_name(window.views["Archive"], "Forums, rounds and meetings", QTreeView)
    model = tree.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def combo_items(combo: QComboBox) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_a_renamed_forum_shows_in_every_view_at_once(qtbot, window: MainWindow) -> None:
    archive = window.archive
    assert archive is not None
    dialog = dialog_for(qtbot, archive, window.ops, None, parent=window)
    assert dialog.isModal() or dialog.windowModality() != Qt.WindowModality.NonModal
    qtbot.keyClicks(by_name(dialog, "Forum name", QLineEdit), "Riverside SPF")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(by_name(dialog, "Forum name", QLineEdit), Qt.Key.Key_Return)
    forum_id = saved.args[0]
    audit_forums = by_name(window.views["Audit"], "Forum", QComboBox)
    agenda_forums = by_name(window.views["Agenda"], "Forum", QComboBox)
    qtbot.waitUntil(lambda: tree_forums(window) == ["Riverside SPF"])
    qtbot.waitUntil(lambda: combo_items(audit_forums) == ["Riverside SPF"])
    qtbot.waitUntil(lambda: combo_items(agenda_forums) == ["Riverside SPF"])
    dialog = dialog_for(qtbot, archive, window.ops, forum_id, parent=window)
    name = by_name(dialog, "Forum name", QLineEdit)
    retype(qtbot, name, "Riverside and Lakes SPF")
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tree_forums(window) == ["Riverside and Lakes SPF"])
    qtbot.waitUntil(lambda: combo_items(audit_forums) == ["Riverside and Lakes SPF"])
    qtbot.waitUntil(lambda: combo_items(agenda_forums) == ["Riverside and Lakes SPF"])
    # and a deleted forum leaves every view at once
    dialog = dialog_for(qtbot, archive, window.ops, forum_id, parent=window)
    with qtbot.waitSignal(dialog.deleted):
        press(qtbot, dialog, "Delete forum")
    qtbot.waitUntil(lambda: tree_forums(window) == [])
    qtbot.waitUntil(lambda: combo_items(audit_forums) == [])


def test_new_from_template_in_the_agenda_view_takes_the_forums_ways(
        qtbot, window: MainWindow) -> None:
    archive = window.archive
    assert archive is not None
    dialog = dialog_for(qtbot, archive, window.ops, None, parent=window)
    qtbot.keyClicks(by_name(dialog, "Forum name", QLineEdit), "North West SPF")
    listed = by_name(dialog, "Ways of working", QListWidget)
    listed.setCurrentRow(2)
    press(qtbot, dialog, "Remove way of working")  # Purpose
    listed.setCurrentRow(1)
    retype(qtbot, by_name(dialog, "Way of working name", QLineEdit), "Respect")
    retype(qtbot, by_name(dialog, "Way of working description", QLineEdit), "We listen first.")
    with qtbot.waitSignal(dialog.saved):
        press(qtbot, dialog, "Add forum")
    window.show_view("Agenda")
    view = window.views["Agenda"]
    templates = by_name(view, "Templates", QListWidget)
    qtbot.waitUntil(lambda: templates.count() > 0)
    assert templates.item(0).text() == "Workshop-style forum meeting (Sep 2018) (shipped)"
    templates.setCurrentRow(0)
    qtbot.mouseClick(by_name(view, "New meeting from template", QPushButton),
                     Qt.MouseButton.LeftButton)
    ways = by_name(view, "Ways of working", QPlainTextEdit)
    qtbot.waitUntil(lambda: ways.toPlainText() != "")
    assert ways.toPlainText() == (
        "Involvement: Everyone has a voice; items are worked in the room, not sent away.\n"
        "Respect: We listen first.")
    assert "Purpose" not in ways.toPlainText()
