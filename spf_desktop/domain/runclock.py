"""The meeting clock: what is running now, how long is left, and what really happened.

Intervals come from a monotonic clock (it never jumps when the laptop's clock
is corrected); the wall clock is only read to show times of day, and to bridge
a gap the monotonic clock cannot see (the laptop restarted, or slept with the
lid closed). Both clocks are passed in, so tests drive time by hand.

The whole state is a plain value (``RunState``) that turns into JSON and back:
it is saved after every action, and a clock made from the saved state after a
crash carries on where the meeting is now, not where it was when it was saved.

Why this module is long: the state, its actions and the view computed from it
are one state machine; the tests drive all three through the same injected
clocks, and splitting them would spread one set of rules over several files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from spf_desktop.domain.agenda import Schedule, fmt_clock, parse_clock
from spf_desktop.domain.errors import UserError
from spf_desktop.domain.section_types import SectionType
from spf_desktop.domain.statuses import RunStatus

#: 2: ``turn_adjust_s`` (+1/-1 minute on the running speaker or report-back)
STATE_VERSION = 2
AMBER_AT = 0.20  # share of the section's time left
RED_AT = 0.05
#: When the wall clock moved this much more than the monotonic clock, the laptop slept.
BRIDGE_TOLERANCE_S = 90.0

Mono = Callable[[], float]
Wall = Callable[[], datetime]


def wall_now() -> datetime:
    """The local time with its offset, so differences are right across a clock change."""
    return datetime.now().astimezone()


# -- the plan the clock runs ----------------------------------------------------

@dataclass(frozen=True)
class Turn:
    """A timed part of a section: one speaker in a round, one group's report-back."""

    label: str
    seconds: float


@dataclass(frozen=True)
class RunItem:
    id: str
    title: str
    question: str
    minutes: int
    pinned_at: int | None = None  # clock minutes
    turns: tuple[Turn, ...] = ()
    parallels: tuple[RunItem, ...] = ()

    @property
    def seconds(self) -> float:
        return self.minutes * 60.0


def _param(params: Mapping[str, int], stype: SectionType | None, name: str) -> int:
    value = params.get(name)
    if value is None and stype is not None:
        value = stype.defaults.get(name)
    return int(value or 0)


def turns_for(params: Mapping[str, int], stype: SectionType | None) -> tuple[Turn, ...]:
    """A section's timed turns, as its type's ``turns`` says: each speaker in
    turn, or the discussion and each group's report-back; none for other types."""
    turns = stype.turns if stype is not None else "none"
    if turns == "speakers":
        n = _param(params, stype, "participants")
        each = _param(params, stype, "minutes_each") * 60.0
        return tuple(Turn(f"Speaker {k} of {n}", each) for k in range(1, n + 1))
    if turns == "report_backs":
        n = _param(params, stype, "groups")
        discussion = _param(params, stype, "discussion_minutes") * 60.0
        each = _param(params, stype, "report_back_minutes") * 60.0
        return (Turn("Group discussion", discussion),) + tuple(
            Turn(f"Report-back: group {k} of {n}", each) for k in range(1, n + 1)
        )
    return ()


def run_plan(schedule: Schedule, types: Mapping[str, SectionType] | None = None) -> list[RunItem]:
    """The main-lane sections in order, each with the sections that run alongside it."""
    types = types or {}

    def item(slot, parallels=()) -> RunItem:
        s = slot.section
        return RunItem(
            id=s.id, title=s.label, question=s.question, minutes=s.duration_min,
            pinned_at=parse_clock(s.pinned_time) if s.pinned_time else None,
            turns=turns_for(s.params, types.get(s.type)),
            parallels=tuple(parallels),
        )

    return [item(m, [item(p) for p in schedule.parallels_of(m.section.id)]) for m in schedule.main()]


# -- the saved state ------------------------------------------------------------

@dataclass
class SectionRecord:
    """What really happened to one section. Times are run seconds since the start."""

    start_s: float
    end_s: float | None = None
    elapsed_s: float = 0.0  # the clock ran (pauses excluded)
    paused_s: float = 0.0
    skipped: bool = False


@dataclass
class RunState:
    status: RunStatus = RunStatus.READY
    current: int = 0
    anchor_mono: float = 0.0  # the monotonic time the figures below are true at
    anchor_wall: str | None = None  # the wall time at the same moment (ISO, with offset)
    started_at: str | None = None  # wall time the meeting started (ISO, with offset)
    run_s: float = 0.0  # seconds since the start, pauses included
    turn: int = 0
    turn_s: float = 0.0
    late_min: int = 0
    adjust_s: dict[str, float] = field(default_factory=dict)
    records: dict[str, SectionRecord] = field(default_factory=dict)
    running_parallels: list[str] = field(default_factory=list)
    bridged_s: float = 0.0  # time the wall clock had to supply (sleep, restart)
    current_id: str | None = None  # the running section, should the agenda be edited meanwhile
    turn_adjust_s: float = 0.0  # +1/-1 minute given to the running turn (speaker, report-back)

    def to_dict(self) -> dict:
        return {"version": STATE_VERSION, **asdict(self)}

    @classmethod
    def from_dict(cls, data: Mapping) -> RunState:
        """Rebuild a saved state; refuse one from a newer version or a damaged one."""
        try:
            version = data.get("version")
            if not isinstance(version, int):
                raise ValueError("no version")
            if version > STATE_VERSION:
                raise UserError(
                    f"The saved meeting clock was made by a newer version of SPF Desktop "
                    f"(clock format {version}; this version knows {STATE_VERSION})."
                )
            fields = {k: v for k, v in data.items() if k != "version"}
            fields["records"] = {
                k: SectionRecord(**v) for k, v in dict(fields.get("records", {})).items()
            }
            state = cls(**fields)
            state.status = RunStatus(state.status)  # a ValueError for a damaged one
            return state
        except UserError:
            raise
        except (TypeError, ValueError, AttributeError) as exc:
            raise UserError(f"The saved meeting clock is damaged ({exc}); start the clock again.") from exc


# -- what the screen shows ------------------------------------------------------

@dataclass(frozen=True)
class TimerView:
    label: str
    allowed_s: float
    elapsed_s: float
    running: bool = True
    section_id: str | None = None  # for a parallel timer: the section to stop

    @property
    def remaining_s(self) -> float:
        return self.allowed_s - self.elapsed_s

    @property
    def colour(self) -> str:
        return colour_for(self.remaining_s, self.allowed_s)


def colour_for(remaining_s: float, allowed_s: float) -> str:
    """normal, amber at 20% left, red at 5% left, over once the time is up."""
    if remaining_s < 0:
        return "over"
    if allowed_s <= 0 or remaining_s <= RED_AT * allowed_s:
        return "red"
    if remaining_s <= AMBER_AT * allowed_s:
        return "amber"
    return "normal"


def fmt_countdown(seconds: float) -> str:
    """Minutes and seconds left; over time shows as +m:ss (counting up)."""
    over = seconds < 0
    whole = int(-seconds) if over else int(seconds + 0.999)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    body = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"+{body}" if over else body


@dataclass(frozen=True)
class RunView:
    status: RunStatus
    current: RunItem | None
    timer: TimerView | None
    next: RunItem | None
    turn: TimerView | None
    parallels: tuple[TimerView, ...]
    now_min: float  # clock minutes, for display
    projected_end_min: float
    planned_end_min: float
    index: int
    count: int
    #: the meeting's own planned end (clock minutes): the end the room is booked to
    meeting_end_min: float | None = None
    #: the next pinned section still to come, and when it can start as things stand
    pinned: RunItem | None = None
    pinned_start_min: float | None = None

    @property
    def behind_min(self) -> int:
        """Positive: behind the plan; negative: ahead."""
        return round(self.projected_end_min - self.planned_end_min)

    @property
    def pinned_late_min(self) -> int | None:
        """How late the next pinned section will start as things stand (0: on time)."""
        if self.pinned is None or self.pinned.pinned_at is None or self.pinned_start_min is None:
            return None
        return max(0, round(self.pinned_start_min - self.pinned.pinned_at))

    @property
    def pinned_text(self) -> str:
        """``Lunch will start 12 min late`` or ``Lunch can start on time at 12:30``."""
        late = self.pinned_late_min
        if late is None or self.pinned is None or self.pinned.pinned_at is None:
            return ""
        if late > 0:
            return f"{self.pinned.title} will start {late} min late"
        return f"{self.pinned.title} can start on time at {fmt_clock(self.pinned.pinned_at)}"

    @property
    def end_text(self) -> str:
        """``Planned end 13:30: on time`` or ``Planned end 13:30: 7 min late``, against
        the meeting's planned end (the plan's own end when the meeting gives none)."""
        end = self.meeting_end_min if self.meeting_end_min is not None else self.planned_end_min
        over = round(self.projected_end_min - end)
        state = ("on time" if over == 0 else f"{over} min late" if over > 0
                 else f"on time, {-over} min to spare")
        return f"Planned end {fmt_clock(end)}: {state}"

    @property
    def schedule_text(self) -> str:
        """How the meeting stands, from the same projection as the clock: against the
        next pinned section (if any is to come) and against the planned end."""
        return "\n".join(t for t in (self.pinned_text, self.end_text) if t)


# -- the clock ------------------------------------------------------------------

class RunClock:
    """Runs a plan against the clocks it is given; every action updates ``state``."""

    def __init__(
        self,
        plan: Sequence[RunItem],
        meeting_start: str | int,
        *,
        state: RunState | None = None,
        mono: Mono,
        wall: Wall = wall_now,
        meeting_end: str | int | None = None,
    ) -> None:
        self.plan = list(plan)
        self.start_min = meeting_start if isinstance(meeting_start, int) else parse_clock(meeting_start)
        self.meeting_end_min = (meeting_end if isinstance(meeting_end, int) or meeting_end is None
                                else parse_clock(meeting_end))
        self.mono = mono
        self.wall = wall
        self.state = state if state is not None else RunState()
        if self.state.status in (RunStatus.RUNNING, RunStatus.PAUSED):
            self._settle()  # catch up on the time that passed while the app was closed
            self._follow_edits()

    def _follow_edits(self) -> None:
        """The agenda may have been edited during the meeting: keep running the same
        section wherever it moved; if it was removed, the section now in its place
        starts now; if none is left, the meeting has finished."""
        st = self.state
        ids = [item.id for item in self.plan]
        if st.current_id is None or st.current_id in ids:
            if st.current_id is not None:
                st.current = ids.index(st.current_id)
            return
        gone = st.records.get(st.current_id)
        if gone is not None and gone.end_s is None:
            gone.end_s = st.run_s
        if st.current < len(self.plan):
            self._begin(self.plan[st.current])
        else:
            self._finish()

    # -- time -----------------------------------------------------------------

    def _settle(self) -> None:
        """Fold the time since the anchor into the figures, then move the anchor to now."""
        st = self.state
        now_mono = self.mono()
        now_wall = self.wall()
        if st.status not in (RunStatus.RUNNING, RunStatus.PAUSED):
            st.anchor_mono, st.anchor_wall = now_mono, now_wall.isoformat()
            return
        dt = now_mono - st.anchor_mono
        if st.anchor_wall:
            wall_dt = (now_wall - datetime.fromisoformat(st.anchor_wall)).total_seconds()
            if dt < 0 or wall_dt - dt > BRIDGE_TOLERANCE_S:
                # The monotonic clock restarted or stood still (restart, sleep).
                bridged = max(0.0, wall_dt)
                st.bridged_s += bridged - max(dt, 0.0)
                dt = bridged
        dt = max(dt, 0.0)
        st.run_s += dt
        rec = self._record()
        if st.status == RunStatus.RUNNING:
            if rec is not None:
                rec.elapsed_s += dt
            st.turn_s += dt
            for pid in st.running_parallels:
                st.records[pid].elapsed_s += dt
        elif rec is not None:
            rec.paused_s += dt
            for pid in st.running_parallels:
                st.records[pid].paused_s += dt
        st.anchor_mono, st.anchor_wall = now_mono, now_wall.isoformat()

    def _record(self) -> SectionRecord | None:
        """The running section's record (found by id: the agenda may have been edited)."""
        st = self.state
        if st.status not in (RunStatus.RUNNING, RunStatus.PAUSED):
            return None
        if st.current_id is not None:
            return st.records.get(st.current_id)
        item = self.current_item
        return None if item is None else st.records.get(item.id)

    @property
    def current_item(self) -> RunItem | None:
        st = self.state
        if st.status in (RunStatus.READY, RunStatus.FINISHED) or not 0 <= st.current < len(self.plan):
            return self.plan[st.current] if st.status == RunStatus.READY and self.plan else None
        return self.plan[st.current]

    def allowed_s(self, item: RunItem) -> float:
        return max(0.0, item.seconds + self.state.adjust_s.get(item.id, 0.0))

    # -- actions ----------------------------------------------------------------

    def start(self, *, late: bool = False) -> None:
        """Start the first section now. With ``late``, the plan shifts to start now
        (pinned sections stay where they are)."""
        st = self.state
        if st.status != RunStatus.READY:
            raise UserError("The meeting clock is already running.")
        if not self.plan:
            raise UserError("This agenda has no sections to run.")
        now = self.wall()
        st.started_at = now.isoformat()
        st.late_min = max(0, round(_clock_min(now) - self.start_min)) if late else 0
        st.status = RunStatus.RUNNING
        st.current = 0
        st.run_s = 0.0
        st.anchor_mono, st.anchor_wall = self.mono(), now.isoformat()
        self._begin(self.plan[0])

    def shift_late(self, minutes: int) -> None:
        """Say the meeting started ``minutes`` late: the rest of the plan shifts."""
        if minutes < 0 or minutes > 12 * 60:
            raise UserError("A late start is 0 to 720 minutes.")
        self.state.late_min = minutes

    def _begin(self, item: RunItem) -> None:
        st = self.state
        st.records[item.id] = SectionRecord(start_s=st.run_s)
        st.current_id = item.id
        st.turn, st.turn_s, st.turn_adjust_s = 0, 0.0, 0.0
        for p in item.parallels:
            if p.id not in st.records:
                st.records[p.id] = SectionRecord(start_s=st.run_s)
                st.running_parallels.append(p.id)

    def _need_running(self) -> None:
        if self.state.status == RunStatus.FINISHED:
            raise UserError("The meeting has already finished: nothing was changed.")
        if self.state.status not in (RunStatus.RUNNING, RunStatus.PAUSED):
            raise UserError("Start the meeting clock first.")

    def sections_not_run(self) -> int:
        """Main-lane sections after the running one: what finishing now would leave out."""
        st = self.state
        if st.status not in (RunStatus.RUNNING, RunStatus.PAUSED):
            return 0
        return max(0, len(self.plan) - st.current - 1)

    def pause(self) -> None:
        self._need_running()
        self._settle()
        self.state.status = RunStatus.PAUSED

    def resume(self) -> None:
        self._need_running()
        self._settle()
        self.state.status = RunStatus.RUNNING

    def adjust(self, minutes: int) -> None:
        """+1 / -1 minute on the current section (never below nothing left to give)."""
        self._need_running()
        self._settle()
        item = self.current_item
        assert item is not None
        before = self.allowed_s(item)
        new = self.state.adjust_s.get(item.id, 0.0) + minutes * 60.0
        self.state.adjust_s[item.id] = max(new, -item.seconds)
        # The running speaker (or discussion, or report-back) gets the same minute,
        # so the sub-timer and the section's clock never disagree.
        given = self.allowed_s(item) - before
        if item.turns:
            turn = item.turns[min(self.state.turn, len(item.turns) - 1)]
            self.state.turn_adjust_s = max(self.state.turn_adjust_s + given, -turn.seconds)

    def next_section(self, *, skipped: bool = False) -> None:
        """End the current section (done, or skipped) and start the next one."""
        self._need_running()
        self._settle()
        st = self.state
        rec = self._record()
        if rec is not None:
            rec.end_s = st.run_s
            rec.skipped = skipped
        st.current += 1
        if st.current < len(self.plan):
            self._begin(self.plan[st.current])
        else:
            self._finish()

    def skip(self) -> None:
        self.next_section(skipped=True)

    def _finish(self) -> None:
        st = self.state
        for pid in st.running_parallels:
            st.records[pid].end_s = st.run_s
        st.running_parallels.clear()
        st.status = RunStatus.FINISHED
        st.current = len(self.plan)
        st.current_id = None

    def finish(self) -> None:
        """End the meeting now: the current section ends, the rest are not run."""
        self._need_running()
        self._settle()
        rec = self._record()
        if rec is not None:
            rec.end_s = self.state.run_s
        self._finish()

    def next_turn(self) -> None:
        """The next speaker (or the next group's report-back)."""
        self._need_running()
        self._settle()
        item = self.current_item
        if item is None or self.state.turn >= len(item.turns) - 1:
            raise UserError("There is no next speaker in this section.")
        self.state.turn += 1
        self.state.turn_s = 0.0
        self.state.turn_adjust_s = 0.0

    def stop_parallel(self, section_id: str) -> None:
        self._need_running()
        self._settle()
        if section_id not in self.state.running_parallels:
            raise UserError("That parallel section is not running.")
        self.state.running_parallels.remove(section_id)
        self.state.records[section_id].end_s = self.state.run_s

    # -- reading ----------------------------------------------------------------

    def _now_min(self) -> float:
        st = self.state
        if st.started_at and st.status != RunStatus.READY:
            return _clock_min(datetime.fromisoformat(st.started_at)) + st.run_s / 60.0
        return _clock_min(self.wall())

    def planned_end_min(self) -> float:
        """When the plan (shifted by a late start; pinned sections fixed) ends."""
        cursor = float(self.start_min + self.state.late_min)
        latest = cursor
        for item in self.plan:
            begin = float(item.pinned_at) if item.pinned_at is not None else cursor
            cursor = begin + item.minutes
            latest = max([latest, cursor] + [begin + p.minutes for p in item.parallels])
        return latest

    def view(self) -> RunView:
        """Everything run mode shows, as of now."""
        self._settle()
        st = self.state
        now = self._now_min()
        item = self.current_item
        timer: TimerView | None = None
        turn: TimerView | None = None
        parallels: list[TimerView] = []
        if st.status in (RunStatus.RUNNING, RunStatus.PAUSED) and item is not None:
            rec = st.records[item.id]
            timer = TimerView(item.title, self.allowed_s(item), rec.elapsed_s, st.status == RunStatus.RUNNING)
            if item.turns:
                now_turn = item.turns[min(st.turn, len(item.turns) - 1)]
                turn = TimerView(now_turn.label, max(0.0, now_turn.seconds + st.turn_adjust_s),
                                 st.turn_s, st.status == RunStatus.RUNNING)
        for host in self.plan[: st.current + 1] if st.status != RunStatus.READY else []:
            for p in host.parallels:
                prec = st.records.get(p.id)
                if prec is not None and p.id in st.running_parallels:
                    parallels.append(TimerView(p.title, p.seconds, prec.elapsed_s, st.status == RunStatus.RUNNING,
                                               section_id=p.id))
        # Projection: the current section ends when its time is up (or now, if over).
        pinned: RunItem | None = None
        pinned_start: float | None = None
        if st.status == RunStatus.READY:
            projected = self.planned_end_min()
            cursor = now
        elif st.status == RunStatus.FINISHED:
            projected = cursor = now
        else:
            assert timer is not None
            cursor = now + max(timer.remaining_s, 0.0) / 60.0
            projected = cursor
            for t in parallels:
                projected = max(projected, now + max(t.remaining_s, 0.0) / 60.0)
            for nxt in self.plan[st.current + 1:]:
                if nxt.pinned_at is not None and pinned is None:
                    pinned, pinned_start = nxt, max(cursor, nxt.pinned_at)
                begin = max(cursor, nxt.pinned_at) if nxt.pinned_at is not None else cursor
                cursor = begin + self.allowed_s(nxt) / 60.0
                projected = max([projected, cursor] + [begin + p.minutes for p in nxt.parallels])
        upcoming = st.current + 1 if st.status in (RunStatus.RUNNING, RunStatus.PAUSED) else st.current
        nxt_item = self.plan[upcoming] if 0 <= upcoming < len(self.plan) and st.status != RunStatus.READY else (
            self.plan[1] if st.status == RunStatus.READY and len(self.plan) > 1 else None)
        return RunView(
            status=st.status, current=item, timer=timer, next=nxt_item, turn=turn,
            parallels=tuple(parallels), now_min=now, projected_end_min=projected,
            planned_end_min=self.planned_end_min(), index=st.current, count=len(self.plan),
            meeting_end_min=self.meeting_end_min, pinned=pinned, pinned_start_min=pinned_start,
        )

    def actual_times(self) -> dict[str, tuple[str | None, str | None]]:
        """Each run section's actual start and end, as local ``YYYY-MM-DDTHH:MM:SS``.

        Worked out from the wall time at the start plus monotonic run seconds.
        """
        st = self.state
        if not st.started_at:
            return {}
        origin = datetime.fromisoformat(st.started_at)

        def stamp(seconds: float | None) -> str | None:
            if seconds is None:
                return None
            t = origin + timedelta(seconds=round(seconds))
            return t.strftime("%Y-%m-%dT%H:%M:%S")

        return {sid: (stamp(r.start_s), stamp(r.end_s)) for sid, r in st.records.items()}


def _clock_min(moment: datetime) -> float:
    return moment.hour * 60 + moment.minute + moment.second / 60.0


__all__ = [
    "RunClock", "RunItem", "RunState", "RunView", "SectionRecord", "TimerView", "Turn",
    "colour_for", "fmt_clock", "fmt_countdown", "run_plan", "turns_for", "wall_now",
]
