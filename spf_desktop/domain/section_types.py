"""The section-type library: each agenda section type, its timing rule and its behaviour.

Everything the builder, the warnings and the run clock do differently for a
type comes from here (and so from resources/section_types.json), never from the
type's id: a new type in the library behaves by what its entry says.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from spf_desktop.domain.errors import ValidationError

MAX_SECTION_MINUTES = 12 * 60

#: rule -> the parameters it needs
RULES: dict[str, tuple[str, ...]] = {
    "fixed": ("minutes",),
    "per_participant": ("participants", "minutes_each"),
    "group_work": ("discussion_minutes", "groups", "report_back_minutes"),
    "joust": ("positions", "position_minutes", "round_minutes", "resolution_minutes"),
    "rounds": ("rounds", "minutes_per_round", "harvest_minutes"),
}

#: How a running section is split into timed turns (the run mode's speaker timer).
#: ``speakers``: one turn per participant; ``report_backs``: the discussion, then
#: one report-back per group; ``none``: one timer for the whole section.
TURNS = ("speakers", "report_backs", "none")
#: The turns a type gets when its entry does not say: from its timing rule.
DEFAULT_TURNS: dict[str, str] = {"per_participant": "speakers", "group_work": "report_backs"}


@dataclass(frozen=True)
class SectionType:
    """One entry of the library. ``turns`` splits it into timed turns when run;
    ``warn_over_minutes`` warns of a section too long for the room;
    ``shared_device_minutes_each`` is the time each participant needs on one
    shared device (the audit's laptop), so a shorter section is warned of."""

    id: str
    name: str
    rule: str
    defaults: Mapping[str, int]
    can_run_parallel: bool = False
    hint: str = ""
    family: str = ""
    warn_over_minutes: int | None = None
    turns: str = ""  # empty: what the timing rule implies (DEFAULT_TURNS)
    shared_device_minutes_each: int | None = None
    extra: Mapping[str, object] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.turns:
            object.__setattr__(self, "turns", DEFAULT_TURNS.get(self.rule, "none"))

    def duration(self, params: Mapping[str, int] | None = None) -> int:
        """Minutes this section takes with ``params`` (falling back to the defaults)."""
        p = {**self.defaults, **(params or {})}
        for name in RULES[self.rule]:
            value = p.get(name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValidationError(f"{self.name}: {name.replace('_', ' ')} must be a whole number of 0 or more.")
        match self.rule:
            case "fixed":
                minutes = p["minutes"]
            case "per_participant":
                minutes = p["participants"] * p["minutes_each"]
            case "group_work":
                minutes = p["discussion_minutes"] + p["groups"] * p["report_back_minutes"]
            case "joust":
                minutes = p["positions"] * p["position_minutes"] + p["round_minutes"] + p["resolution_minutes"]
            case "rounds":
                minutes = p["rounds"] * p["minutes_per_round"] + p["harvest_minutes"]
            case _:  # pragma: no cover - load_section_types refuses unknown rules
                raise ValidationError(f"Unknown timing rule {self.rule!r}.")
        return minutes

    @property
    def has_speakers(self) -> bool:
        """Whether run mode times each participant in turn (the speaker timer)."""
        return self.turns == "speakers"


def section_type(entry: Mapping[str, object]) -> SectionType:
    """One library entry (as in section_types.json) as a ``SectionType``.

    Raises ``ValueError`` (or ``KeyError``/``TypeError``) for an entry that is
    not well formed."""
    timing = dict(entry["timing"])  # type: ignore[call-overload]
    rule = timing.pop("rule")
    type_id = entry["id"]
    if rule not in RULES:
        raise ValueError(f"type {type_id!r} has an unknown timing rule {rule!r}")
    missing = [n for n in RULES[rule] if n not in timing]
    if missing:
        raise ValueError(f"type {type_id!r} lacks {', '.join(missing)}")
    turns = entry.get("turns", DEFAULT_TURNS.get(rule, "none"))
    if turns not in TURNS:
        raise ValueError(f"type {type_id!r} has unknown turns {turns!r}")
    if turns == "speakers" and "participants" not in RULES[rule]:
        raise ValueError(f"type {type_id!r} has speakers but no participants to count")
    if turns == "report_backs" and "groups" not in RULES[rule]:
        raise ValueError(f"type {type_id!r} has report-backs but no groups to count")
    shared = entry.get("shared_device_minutes_each")
    return SectionType(
        id=str(type_id),
        name=str(entry["name"]),
        rule=str(rule),
        defaults=timing,
        can_run_parallel=bool(entry.get("can_run_parallel", False)),
        hint=str(entry.get("hint", "")),
        family=str(entry.get("family", "")),
        warn_over_minutes=entry.get("warn_over_minutes"),  # type: ignore[arg-type]
        turns=str(turns),
        shared_device_minutes_each=int(shared) if shared is not None else None,  # type: ignore[call-overload]
    )


def load_section_types(path: Path) -> dict[str, SectionType]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        types: dict[str, SectionType] = {}
        for entry in data["types"]:
            stype = section_type(entry)
            types[stype.id] = stype
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError(f"{path} is not a readable section-type library ({exc}).") from exc
    return types
