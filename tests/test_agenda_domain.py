"""Agenda timing and the meeting clock, without a database or a display."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from helpers import FakeClock
from hypothesis import given, settings
from hypothesis import strategies as st

from spf_desktop.domain.agenda import (
    Meeting,
    Section,
    change_type,
    check_duration,
    check_pinned,
    compute_schedule,
    fmt_clock,
    move_section,
    parse_clock,
    remove_section,
    validate_meeting,
)
from spf_desktop.domain.errors import UserError, ValidationError
from spf_desktop.domain.runclock import (
    RunClock,
    RunState,
    colour_for,
    fmt_countdown,
    run_plan,
)
from spf_desktop.domain.section_types import load_section_types
from spf_desktop.paths import resource

TYPES = load_section_types(resource("section_types.json"))


def sep_2018() -> list[Section]:
    return [
        Section("lunch", "networking_lunch", "Networking lunch", duration_min=45),
        Section("welcome", "welcome", "Welcome", duration_min=15),
        Section("g1", "group_work", "Partnership you can see", "How do we make it visible?",
                duration_min=50, params={"groups": 4, "discussion_minutes": 30, "report_back_minutes": 5}),
        Section("break", "break", "Break", duration_min=15),
        Section("round", "round", "Round", duration_min=30, params={"participants": 15, "minutes_each": 2}),
        Section("close", "close", "Close", duration_min=10),
    ]


# -- clock times and validation -----------------------------------------------------

def test_clock_times_read_and_print():
    assert parse_clock("12:30") == 750
    assert parse_clock("9.05") == 545
    assert fmt_clock(750) == "12:30"
    assert fmt_clock(24 * 60 + 5) == "00:05"
    for bad in ("", "noon", "25:00", "12:60", "1230"):
        with pytest.raises(ValidationError, match="is not a clock time"):
            parse_clock(bad)


@pytest.mark.parametrize("minutes, words", [
    (0, "0 minutes is not possible"),
    (-5, "-5 minutes is not possible"),
    (721, "over 12 hours"),
    (12 * 60 * 3, "over 12 hours"),
    ("20", "whole number"),
])
def test_bad_durations_are_refused_with_a_clear_message(minutes, words):
    with pytest.raises(ValidationError, match=words) as err:
        check_duration(minutes, where='The section "Lunch"')
    assert 'The section "Lunch"' in str(err.value)


def test_a_duration_of_one_minute_to_twelve_hours_is_fine():
    assert check_duration(1) == 1
    assert check_duration(720) == 720


def test_a_pinned_time_before_the_start_is_refused():
    with pytest.raises(ValidationError, match="pinned at 09:30, before the meeting starts at 10:00"):
        check_pinned("09:30", "10:00", where='The section "Lunch"')
    assert check_pinned("12:30", "10:00") == 750


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ValidationError, match=r"planned end \(09:00\) is before the start \(10:00\)"):
        validate_meeting(Meeting("Forum", start_time="10:00", planned_end="09:00"))
    with pytest.raises(ValidationError, match="planned end"):
        validate_meeting(Meeting("Forum", start_time="10:00", planned_end="10:00"))
    with pytest.raises(ValidationError, match="needs a title"):
        validate_meeting(Meeting("  "))
    with pytest.raises(ValidationError, match="Seating"):
        validate_meeting(Meeting("Forum", seating="theatre"))


# -- the schedule ---------------------------------------------------------------------

def test_sep_2018_clock_times_and_no_warnings():
    sched = compute_schedule(sep_2018(), "12:00", "16:00", TYPES)
    times = [(fmt_clock(s.start), fmt_clock(s.end)) for s in sched.slots]
    assert times == [("12:00", "12:45"), ("12:45", "13:00"), ("13:00", "13:50"),
                     ("13:50", "14:05"), ("14:05", "14:35"), ("14:35", "14:45")]
    assert sched.warnings == ()


def test_warnings_over_end_gap_overlap_long_round_short_audit():
    secs = [
        Section("a", "item", "Opening", duration_min=40),
        Section("lunch", "networking_lunch", "Lunch", duration_min=30, pinned_time="10:30"),
        Section("audit", "audit", "Audit", duration_min=30, parallel_with="lunch",
                params={"participants": 20, "minutes_each": 3}),
        Section("r", "round", "Round", duration_min=34, params={"participants": 17, "minutes_each": 2}),
        Section("tea", "break", "Tea", duration_min=15, pinned_time="12:00"),
    ]
    sched = compute_schedule(secs, "10:00", "12:00", TYPES)
    kinds = {(w.kind, w.section_id) for w in sched.warnings}
    assert kinds == {("over_end", None), ("pinned_overlap", "lunch"), ("gap", "tea"),
                     ("long_round", "r"), ("short_audit", "audit")}
    text = {w.kind: w.message for w in sched.warnings}
    assert "15 min past the planned end (12:00)" in text["over_end"]
    assert '"Opening" runs 10 min into "Lunch", which is pinned at 10:30' in text["pinned_overlap"]
    assert "gap of 26 min (11:34 to 12:00)" in text["gap"]
    assert "20 participants x 3 min" in text["short_audit"] and "need 60 min" in text["short_audit"]
    # it runs alongside lunch already: the advice is more minutes, not lunch again
    assert text["short_audit"].endswith("Give it more minutes?")
    # the parallel audit starts with lunch and does not push the round later
    assert fmt_clock(sched.slot("audit").start) == "10:30"
    assert fmt_clock(sched.slot("r").start) == "11:00"


def test_a_short_audit_on_its_own_is_advised_to_run_alongside_lunch():
    secs = [Section("audit", "audit", "Audit", duration_min=30,
                    params={"participants": 20, "minutes_each": 3})]
    [warning] = compute_schedule(secs, "10:00", "12:00", TYPES).warnings
    assert warning.kind == "short_audit" and warning.message.endswith("Run it alongside lunch?")


def test_parallel_link_to_a_missing_section_or_a_loop_is_refused():
    with pytest.raises(ValidationError, match="not in this agenda"):
        compute_schedule([Section("a", "item", "A", parallel_with="zz")], "10:00", "12:00")
    loop = [Section("a", "item", "A", parallel_with="b"), Section("b", "item", "B", parallel_with="a")]
    with pytest.raises(ValidationError, match="loop"):
        compute_schedule(loop, "10:00", "12:00")


def test_changing_a_sections_type_recomputes_its_duration_unless_set_by_hand():
    item = Section("a", "item", "Agenda item", "What next?", duration_min=20, lead="Chair")
    # the default 20 minutes of an agenda item becomes group work's 30 + 4 x 5
    as_groups = change_type(item, TYPES["group_work"], TYPES["item"])
    assert (as_groups.type, as_groups.duration_min, as_groups.title) == ("group_work", 50, "Group work")
    assert dict(as_groups.params) == {"discussion_minutes": 30, "groups": 4, "report_back_minutes": 5}
    assert (as_groups.question, as_groups.lead) == ("What next?", "Chair")
    # 25 minutes set by hand, and a title of the facilitator's own, are kept
    mine = Section("b", "item", "Staffing update", duration_min=25)
    as_round = change_type(mine, TYPES["round"], TYPES["item"])
    assert (as_round.duration_min, as_round.title) == (25, "Staffing update")
    assert dict(as_round.params) == {"participants": 12, "minutes_each": 2}
    # back to a fixed type: no parameters left; a rule-made duration follows the type
    groups = Section("c", "group_work", "Group work", duration_min=55,
                     params={"discussion_minutes": 30, "groups": 5, "report_back_minutes": 5})
    as_break = change_type(groups, TYPES["break"], TYPES["group_work"])
    assert (as_break.duration_min, dict(as_break.params), as_break.title) == (15, {}, "Break")
    assert change_type(groups, TYPES["group_work"], TYPES["group_work"]) is groups


def test_removing_a_host_puts_its_parallel_sections_back_on_the_main_lane():
    secs = [Section("a", "item", "A"), Section("b", "audit", "B", parallel_with="a")]
    assert remove_section(secs, "a") == (Section("b", "audit", "B"),)


sections_strategy = st.lists(
    st.tuples(st.integers(1, 120), st.one_of(st.none(), st.integers(0, 600)),
              st.booleans()),
    min_size=1, max_size=25,
)


def _build(spec) -> list[Section]:
    out = []
    for n, (minutes, pin, parallel) in enumerate(spec):
        pinned = fmt_clock(480 + pin) if pin is not None else None
        host = out[0].id if parallel and n > 0 and out[0].parallel_with is None else None
        out.append(Section(f"s{n}", "item", f"S{n}", duration_min=minutes, pinned_time=pinned,
                           parallel_with=host))
    return out


@settings(max_examples=200, deadline=None)
@given(sections_strategy)
def test_durations_add_up(spec):
    secs = [Section(f"s{n}", "item", duration_min=m) for n, (m, _, _) in enumerate(spec)]
    sched = compute_schedule(secs, "08:00", "23:00")
    assert sched.end - sched.start == sum(s.duration_min for s in secs)
    for slot in sched.slots:
        assert slot.end - slot.start == slot.section.duration_min


@settings(max_examples=200, deadline=None)
@given(sections_strategy, st.data())
def test_a_pinned_section_never_moves(spec, data):
    secs = _build(spec)
    sched = compute_schedule(secs, "08:00", "18:00")
    # edits elsewhere (moving sections, changing durations) never move a pinned one
    i = data.draw(st.integers(0, len(secs) - 1))
    j = data.draw(st.integers(0, len(secs) - 1))
    moved = move_section(secs, i, j)
    sched2 = compute_schedule(moved, "08:00", "18:00")
    for s in secs:
        if s.pinned_time:
            assert fmt_clock(sched.slot(s.id).start) == s.pinned_time
            assert fmt_clock(sched2.slot(s.id).start) == s.pinned_time


@settings(max_examples=200, deadline=None)
@given(sections_strategy)
def test_no_overlap_is_reported_where_there_is_none(spec):
    secs = _build(spec)
    sched = compute_schedule(secs, "08:00", "18:00")
    main = sched.main()
    overlapped = {w.section_id for w in sched.warnings if w.kind == "pinned_overlap"}
    for before, after in zip(main, main[1:], strict=False):
        if before.end > after.start:
            assert after.section.id in overlapped
        else:
            assert after.section.id not in overlapped
    gaps = {w.section_id for w in sched.warnings if w.kind == "gap"}
    for before, after in zip(main, main[1:], strict=False):
        assert (after.start > before.end) == (after.section.id in gaps)


# -- the run clock ------------------------------------------------------------------

def make_clock(clocks: FakeClock, secs=None, state=None, start="12:00") -> RunClock:
    sched = compute_schedule(secs or sep_2018(), start, "16:00", TYPES)
    return RunClock(run_plan(sched, TYPES), start, state=state, mono=clocks.mono, wall=clocks.wall)


def test_countdown_colours_amber_at_20_percent_red_at_5_and_over():
    assert colour_for(600, 1000) == "normal"
    assert colour_for(200, 1000) == "amber"
    assert colour_for(50, 1000) == "red"
    assert colour_for(-1, 1000) == "over"
    assert fmt_countdown(125) == "2:05"
    assert fmt_countdown(-65) == "+1:05"
    assert fmt_countdown(3725) == "1:02:05"


def test_run_through_an_overrun_a_skip_and_adjustments():
    c = FakeClock()
    rc = make_clock(c)
    rc.start()
    c.advance(36 * 60)
    v = rc.view()
    assert v.current.title == "Networking lunch" and v.timer.colour == "amber"
    assert v.next.title == "Welcome"
    c.advance(8 * 60)
    assert rc.view().timer.colour == "red"
    c.advance(4 * 60)  # 48 minutes: 3 over
    v = rc.view()
    assert v.timer.colour == "over" and fmt_countdown(v.timer.remaining_s) == "+3:00"
    assert v.schedule_text == "Planned end 14:45: 3 min late"
    assert fmt_clock(v.projected_end_min) == "14:48"
    rc.next_section()
    rc.adjust(+1)
    assert rc.view().timer.allowed_s == 16 * 60
    rc.adjust(-1)
    rc.adjust(-1)
    assert rc.view().timer.allowed_s == 14 * 60
    c.advance(60)
    rc.skip()  # the welcome is skipped after a minute
    v = rc.view()
    assert v.current.title == "Partnership you can see"
    assert v.turn.label == "Group discussion"
    assert v.schedule_text == "Planned end 14:45: on time, 11 min to spare"  # 3 over, 14 skipped
    times = rc.actual_times()
    assert times["lunch"] == ("2018-09-20T12:00:00", "2018-09-20T12:48:00")
    assert times["welcome"] == ("2018-09-20T12:48:00", "2018-09-20T12:49:00")
    assert rc.state.records["welcome"].skipped


def test_pause_stops_the_countdown_and_keeps_the_time():
    c = FakeClock()
    rc = make_clock(c)
    rc.start()
    c.advance(600)
    rc.pause()
    c.advance(300)
    v = rc.view()
    assert v.timer.elapsed_s == 600 and v.status == "paused"
    rc.resume()
    c.advance(60)
    assert rc.view().timer.elapsed_s == 660
    assert rc.state.records["lunch"].paused_s == 300


def test_round_speaker_timer_and_parallel_audit():
    secs = [
        Section("lunch", "networking_lunch", "Lunch", duration_min=45),
        Section("audit", "audit", "Audit", duration_min=60, parallel_with="lunch",
                params={"participants": 20}),
        Section("round", "round", "Round", duration_min=24, params={"participants": 12, "minutes_each": 2}),
    ]
    c = FakeClock()
    rc = make_clock(c, secs)
    rc.start()
    c.advance(45 * 60)
    v = rc.view()
    assert [(p.label, p.remaining_s) for p in v.parallels] == [("Audit", 15 * 60)]
    rc.next_section()
    v = rc.view()
    assert v.turn.label == "Speaker 1 of 12" and v.turn.allowed_s == 120
    assert v.parallels[0].label == "Audit"  # still running beside the round
    c.advance(150)
    assert rc.view().turn.colour == "over"
    rc.next_turn()
    assert rc.view().turn.label == "Speaker 2 of 12" and rc.view().turn.elapsed_s == 0
    rc.stop_parallel("audit")
    assert rc.view().parallels == ()
    assert rc.actual_times()["audit"] == ("2018-09-20T12:00:00", "2018-09-20T12:47:30")


def test_every_running_parallel_timer_can_be_stopped_on_its_own():
    secs = [
        Section("lunch", "networking_lunch", "Lunch", duration_min=45),
        Section("audit", "audit", "Audit", duration_min=60, parallel_with="lunch",
                params={"participants": 20}),
        Section("groups", "group_work", "Breakout groups", duration_min=40, parallel_with="lunch"),
        Section("close", "close", "Close", duration_min=10),
    ]
    c = FakeClock()
    rc = make_clock(c, secs)
    rc.start()
    c.advance(20 * 60)
    v = rc.view()
    assert [(p.label, p.section_id) for p in v.parallels] == [("Audit", "audit"),
                                                               ("Breakout groups", "groups")]
    rc.stop_parallel("groups")  # the second one first
    assert [p.section_id for p in rc.view().parallels] == ["audit"]
    c.advance(10 * 60)
    rc.stop_parallel("audit")
    assert rc.view().parallels == ()
    times = rc.actual_times()
    assert times["groups"] == ("2018-09-20T12:00:00", "2018-09-20T12:20:00")
    assert times["audit"] == ("2018-09-20T12:00:00", "2018-09-20T12:30:00")
    with pytest.raises(UserError, match="not running"):
        rc.stop_parallel("groups")


def test_late_start_shifts_the_plan_but_not_pinned_sections():
    secs = [Section("a", "item", "A", duration_min=30),
            Section("b", "networking_lunch", "Lunch", duration_min=30, pinned_time="13:00"),
            Section("c", "item", "C", duration_min=30)]
    c = FakeClock(wall=datetime(2018, 9, 20, 12, 10, tzinfo=UTC))
    rc = make_clock(c, secs)
    rc.start(late=True)
    assert rc.state.late_min == 10
    v = rc.view()
    assert fmt_clock(v.planned_end_min) == "14:00"  # the pinned lunch keeps the end
    assert v.schedule_text == "Lunch can start on time at 13:00\nPlanned end 14:00: on time"
    c2 = FakeClock(wall=datetime(2018, 9, 20, 12, 10, tzinfo=UTC))
    rc2 = make_clock(c2, [secs[0], secs[2]])
    rc2.start(late=True)
    assert fmt_clock(rc2.view().planned_end_min) == "13:10"
    rc2.shift_late(0)
    assert rc2.view().schedule_text == "Planned end 13:00: 10 min late"


def test_state_survives_a_restart_and_resumes_at_the_right_time():
    c = FakeClock()
    rc = make_clock(c)
    rc.start()
    c.advance(20 * 60)
    rc.pause()
    rc.resume()  # saved here
    saved = json.dumps(rc.state.to_dict())
    c.advance(7 * 60)  # the app is closed for seven minutes
    again = make_clock(c, state=RunState.from_dict(json.loads(saved)))
    assert again.view().timer.elapsed_s == 27 * 60


def test_after_a_reboot_or_sleep_the_wall_clock_bridges_the_gap():
    c = FakeClock()
    rc = make_clock(c)
    rc.start()
    c.advance(5 * 60)
    rc.pause()
    rc.resume()
    saved = json.dumps(rc.state.to_dict())
    # reboot: the monotonic clock starts again from a small number, 10 minutes later
    c.asleep(10 * 60)
    c.restart(3.0)
    assert c.wall() == datetime(2018, 9, 20, 12, 15, tzinfo=UTC)
    again = make_clock(c, state=RunState.from_dict(json.loads(saved)))
    assert round(again.view().timer.elapsed_s) == 15 * 60


def test_a_saved_clock_from_a_newer_version_or_damaged_is_refused():
    with pytest.raises(UserError, match="newer version"):
        RunState.from_dict({"version": 99})
    with pytest.raises(UserError, match="damaged"):
        RunState.from_dict({"version": 1, "status": "dancing"})
    with pytest.raises(UserError, match="damaged"):
        RunState.from_dict({})


def test_actions_before_the_start_say_so():
    c = FakeClock()
    rc = make_clock(c)
    with pytest.raises(UserError, match="Start the meeting clock first"):
        rc.skip()
    rc.start()
    with pytest.raises(UserError, match="already running"):
        rc.start()
    with pytest.raises(UserError, match="no next speaker"):
        rc.next_turn()


actions = st.lists(
    st.tuples(st.sampled_from(["wait", "pause", "resume", "skip", "next", "plus", "minus", "turn"]),
              st.floats(0, 900, allow_nan=False)),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(actions)
def test_skipping_and_pausing_never_lose_recorded_time(steps):
    c = FakeClock()
    rc = make_clock(c)
    rc.start()
    total = 0.0
    for action, dt in steps:
        c.advance(dt)
        total += dt
        try:
            {"wait": rc.view, "pause": rc.pause, "resume": rc.resume, "skip": rc.skip,
             "next": rc.next_section, "plus": lambda: rc.adjust(1), "minus": lambda: rc.adjust(-1),
             "turn": rc.next_turn}[action]()
        except UserError:
            pass
        rc.view()
        st_ = rc.state
        main_ids = [item.id for item in rc.plan]
        recorded = sum(st_.records[i].elapsed_s + st_.records[i].paused_s
                       for i in main_ids if i in st_.records)
        if st_.status == "finished":
            assert recorded == pytest.approx(st_.run_s)
            break
        assert st_.run_s == pytest.approx(total)
        assert recorded == pytest.approx(total)
        # a saved and reloaded clock agrees to the second
        again = make_clock(c, state=RunState.from_dict(json.loads(json.dumps(st_.to_dict()))))
        assert again.state.run_s == pytest.approx(st_.run_s)
        # finished sections keep their start and end; ends follow starts
        for i in main_ids:
            r = st_.records.get(i)
            if r is not None and r.end_s is not None:
                assert r.end_s - r.start_s == pytest.approx(r.elapsed_s + r.paused_s)


def test_editing_the_agenda_during_the_meeting_keeps_the_running_section():
    c = FakeClock()
    rc = make_clock(c)
    rc.start()
    c.advance(50 * 60)
    rc.next_section()  # the welcome runs
    c.advance(5 * 60)
    saved = json.dumps(rc.state.to_dict())
    # the break is moved to the top: the welcome keeps running where it now is
    moved = sep_2018()
    moved.insert(0, moved.pop(3))
    again = make_clock(c, moved, state=RunState.from_dict(json.loads(saved)))
    v = again.view()
    assert v.current.title == "Welcome" and v.timer.elapsed_s == 5 * 60
    # the welcome is removed: the section now in its place starts now
    removed = [s for s in sep_2018() if s.id != "welcome"]
    again = make_clock(c, removed, state=RunState.from_dict(json.loads(saved)))
    v = again.view()
    assert v.current.title == "Partnership you can see" and v.timer.elapsed_s == 0
    # nothing left to run: the meeting has finished
    again = make_clock(c, sep_2018()[:1], state=RunState.from_dict(json.loads(saved)))
    assert again.view().status == "finished"


# -- issue 11: the clock's standing and its sub-timers ------------------------------------

def _pinned_plan() -> list[Section]:
    return [Section("a", "welcome", "Opening", duration_min=60),
            Section("b", "decision", "Decisions", duration_min=60),
            Section("c", "networking_lunch", "Lunch", duration_min=45, pinned_time="12:30"),
            Section("d", "welcome", "Close", duration_min=15)]


def test_the_standing_is_against_the_next_pinned_section_and_the_meetings_end():
    c = FakeClock(wall=datetime(2026, 3, 5, 10, 0, tzinfo=UTC))
    sched = compute_schedule(_pinned_plan(), "10:00", "13:30", TYPES)
    rc = RunClock(run_plan(sched, TYPES), "10:00", mono=c.mono, wall=c.wall, meeting_end="13:30")
    rc.start()
    v = rc.view()
    assert v.schedule_text == "Lunch can start on time at 12:30\nPlanned end 13:30: on time"
    c.advance(100 * 60)  # the opening runs 40 minutes over
    v = rc.view()
    assert fmt_countdown(v.timer.remaining_s) == "+40:00"
    assert v.pinned_late_min == 10
    assert v.schedule_text == "Lunch will start 10 min late\nPlanned end 13:30: 10 min late"
    rc.next_section()
    rc.next_section()  # lunch, early: nothing pinned is left to come
    assert rc.view().pinned is None
    assert rc.view().schedule_text.startswith("Planned end 13:30: on time")


def test_a_minute_more_or_less_follows_the_running_turn_and_resets_with_it():
    c = FakeClock()
    secs = [Section("g", "group_work", "Groups", duration_min=50,
                    params={"discussion_minutes": 30, "groups": 4, "report_back_minutes": 5}),
            Section("r", "round", "Round", duration_min=24, params={"participants": 12, "minutes_each": 2})]
    rc = make_clock(c, secs)
    rc.start()
    rc.adjust(+1)
    v = rc.view()
    assert (v.timer.allowed_s, v.turn.allowed_s) == (51 * 60, 31 * 60)
    rc.adjust(-1)
    rc.adjust(-1)
    assert rc.view().turn.allowed_s == 29 * 60
    rc.next_turn()
    assert rc.view().turn.allowed_s == 5 * 60  # the next group's own time
    rc.skip()
    v = rc.view()
    assert (v.turn.label, v.turn.allowed_s) == ("Speaker 1 of 12", 120)
    # a clock saved before the sub-timers followed (format 1) still loads
    old = rc.state.to_dict()
    old.pop("turn_adjust_s")
    old["version"] = 1
    assert RunState.from_dict(old).turn_adjust_s == 0.0


def test_finishing_twice_is_refused_and_says_so():
    c = FakeClock()
    rc = make_clock(c)
    rc.start()
    assert rc.sections_not_run() == len(rc.plan) - 1
    rc.finish()
    before = rc.state.to_dict()
    with pytest.raises(UserError, match="already finished"):
        rc.finish()
    assert rc.state.to_dict() == before
    assert rc.sections_not_run() == 0
