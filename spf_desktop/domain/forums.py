"""A forum's settings: what a new forum starts with, and the rules its settings keep.

The settings dialog, the store and any future import all check a forum's settings
here, so "a forum needs a name" or "a way of working needs a name" reads the same
wherever it is said. Each refusal names the field it is about (``field``), so a
screen can put the cursor where the problem is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from spf_desktop.domain.errors import ValidationError
from spf_desktop.domain.scoring import (
    DEFAULT_MIN_GROUP,
    MIN_GROUP_FLOOR,
    SCALE_TEXT,
    in_scale,
)
from spf_desktop.domain.ways import Way

#: What a new forum agrees to work by until it says otherwise: the East Midlands
#: SPF's focus areas from its 2017 review (purpose, involvement, trust), in the
#: words its workshop meetings read out. Editable per forum.
DEFAULT_WAYS_OF_WORKING: tuple[Way, ...] = (
    {"name": "Involvement",
     "description": "Everyone has a voice; items are worked in the room, not sent away."},
    {"name": "Trust",
     "description": "We are open and honest, raise issues early and keep confidences."},
    {"name": "Purpose",
     "description": "We share a clear common purpose: better care through better working lives."},
)

#: The Government Security Classifications an NHS forum's papers usually carry.
#: Offered, not enforced: a forum may write its own marking.
PROTECTIVE_MARKINGS = ("OFFICIAL", "OFFICIAL-SENSITIVE")

MAX_NAME = 120
MAX_TEXT = 200          # region, protective marking, a way's name, a benchmark label
MAX_DESCRIPTION = 500   # a way's description
MAX_WAYS = 30
MAX_MIN_GROUP = 999

#: What each field is called on screen, for messages that name it.
FIELD_LABELS: dict[str, str] = {
    "name": "Forum name",
    "region": "Region",
    "protective_marking": "Protective marking",
    "ways_of_working": "Ways of working",
    "min_group_size": "Default minimum group size",
    "benchmark_label": "Default benchmark label",
    "benchmark_value": "Default benchmark value",
}


class ForumSettingsError(ValidationError):
    """A forum setting breaks a rule. ``field`` is a key of ``FIELD_LABELS``;
    ``row`` is the way of working at fault (0-based), when it is one."""

    def __init__(self, field: str, message: str, *, row: int | None = None) -> None:
        self.field = field
        self.row = row
        super().__init__(f"{FIELD_LABELS[field]}: {message}")


@dataclass(frozen=True)
class ForumSettings:
    """Everything the forum settings dialog edits, as plain values."""

    name: str
    region: str = ""
    protective_marking: str = ""
    ways_of_working: tuple[Way, ...] = field(default_factory=lambda: DEFAULT_WAYS_OF_WORKING)
    min_group_size: int = DEFAULT_MIN_GROUP
    benchmark_label: str = ""
    benchmark_value: float | None = None


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def _limit(field_key: str, text: str, most: int, *, row: int | None = None) -> str:
    if len(text) > most:
        raise ForumSettingsError(field_key, f"at most {most:,} characters, please "
                                            f"(this has {len(text):,}).", row=row)
    return text


def clean_ways(ways: Iterable[Mapping[str, str]]) -> tuple[Way, ...]:
    """Ways of working trimmed and checked: each has a name, no two share one."""
    out: list[Way] = []
    seen: dict[str, int] = {}
    for n, way in enumerate(ways):
        name = _one_line(str(way.get("name") or ""))
        description = _one_line(str(way.get("description") or ""))
        if not name:
            raise ForumSettingsError(
                "ways_of_working", f"way {n + 1} has no name. Give it one (e.g. \"Trust\"), "
                "or remove it.", row=n)
        _limit("ways_of_working", name, MAX_TEXT, row=n)
        _limit("ways_of_working", description, MAX_DESCRIPTION, row=n)
        key = name.casefold()
        if key in seen:
            raise ForumSettingsError(
                "ways_of_working", f"\"{name}\" is listed twice (ways {seen[key] + 1} and "
                f"{n + 1}). Give each way its own name, or remove one.", row=n)
        seen[key] = n
        out.append({"name": name, "description": description})
    if len(out) > MAX_WAYS:
        raise ForumSettingsError("ways_of_working", f"at most {MAX_WAYS} ways, please.")
    return tuple(out)


def check_forum_name(name: str, other_names: Iterable[str] = ()) -> str:
    """The name trimmed; refused when empty or when another forum has it (in any case)."""
    cleaned = _one_line(name)
    if not cleaned:
        raise ForumSettingsError("name", "a forum needs a name, e.g. \"North West SPF\".")
    _limit("name", cleaned, MAX_NAME)
    for other in other_names:
        if _one_line(other).casefold() == cleaned.casefold():
            raise ForumSettingsError(
                "name", f"another forum in this archive is already called \"{other}\". "
                "Choose a name no other forum has.")
    return cleaned


def validate_forum_settings(settings: ForumSettings, *,
                            other_names: Iterable[str] = ()) -> ForumSettings:
    """The settings cleaned (spaces trimmed), or the first rule they break.

    ``other_names`` are the names of the archive's other forums: no two forums
    may share a name, whatever its case, so merges and reports never confuse them.
    """
    name = check_forum_name(settings.name, other_names)
    region = _limit("region", _one_line(settings.region), MAX_TEXT)
    marking = _limit("protective_marking", _one_line(settings.protective_marking), MAX_TEXT)
    ways = clean_ways(settings.ways_of_working)
    size = settings.min_group_size
    if isinstance(size, bool) or not isinstance(size, int):
        raise ForumSettingsError("min_group_size", f"give a whole number, not {size!r}.")
    if size < MIN_GROUP_FLOOR:
        raise ForumSettingsError(
            "min_group_size", f"{size} is too small: it can never be below {MIN_GROUP_FLOOR}, "
            "or a small group's answers could be picked out.")
    if size > MAX_MIN_GROUP:
        raise ForumSettingsError("min_group_size", f"at most {MAX_MIN_GROUP}, please.")
    label = _limit("benchmark_label", _one_line(settings.benchmark_label), MAX_TEXT)
    value = settings.benchmark_value
    if value is not None:
        if isinstance(value, bool) or not isinstance(value, int | float) or not in_scale(value):
            raise ForumSettingsError(
                "benchmark_value", f"a benchmark must be from {SCALE_TEXT}, not {value}.")
        if not label:
            raise ForumSettingsError(
                "benchmark_label", "a benchmark needs a label, e.g. \"Other regional SPFs\".")
        value = float(value)
    elif label:
        raise ForumSettingsError(
            "benchmark_value", f"the benchmark \"{label}\" has no value: give one from "
            f"{SCALE_TEXT}, or clear the label.")
    return replace(settings, name=name, region=region, protective_marking=marking,
                   ways_of_working=ways, min_group_size=size, benchmark_label=label,
                   benchmark_value=value)


def parse_benchmark_value(text: str) -> float | None:
    """A benchmark value as typed: empty is none; "7,5" is 7.5 (a comma decimal)."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise ForumSettingsError(
            "benchmark_value", f"\"{text.strip()}\" is not a number: give one from "
            f"{SCALE_TEXT}, e.g. 7.5, or leave it empty.") from None
    if not in_scale(value):  # also refuses nan
        raise ForumSettingsError(
            "benchmark_value", f"a benchmark must be from {SCALE_TEXT}, not {text.strip()}.")
    return value


# -- what a forum holds -----------------------------------------------------------

def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``1 meeting``, ``2 meetings``: counts that read as English."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


def listed(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


@dataclass(frozen=True)
class ForumContents:
    """How much a forum holds: what deleting it would remove."""

    rounds: int = 0
    responses: int = 0
    meetings: int = 0
    benchmarks: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.rounds or self.meetings or self.benchmarks)

    def describe(self) -> str:
        """``2 audit rounds (37 responses), 1 meeting and 1 benchmark``; ``nothing`` if empty."""
        parts = []
        if self.rounds:
            parts.append(counted(self.rounds, "audit round")
                         + f" ({counted(self.responses, 'response')})")
        if self.meetings:
            parts.append(counted(self.meetings, "meeting"))
        if self.benchmarks:
            parts.append(counted(self.benchmarks, "benchmark"))
        return listed(parts) or "nothing"


def check_delete_confirmation(forum_name: str, contents: ForumContents,
                              typed: str | None) -> None:
    """A forum that holds anything is deleted only when its exact name was typed."""
    if contents.is_empty:
        return
    if typed != forum_name:
        raise ValidationError(
            f"The forum \"{forum_name}\" holds {contents.describe()}. To delete it with all of "
            "them, type its name exactly as it is written.")
