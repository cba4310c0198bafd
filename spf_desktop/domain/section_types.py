"""The section-type library: each agenda section type and its timing rule."""

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


@dataclass(frozen=True)
class SectionType:
    id: str
    name: str
    rule: str
    defaults: Mapping[str, int]
    can_run_parallel: bool = False
    hint: str = ""
    family: str = ""
    warn_over_minutes: int | None = None
    extra: Mapping[str, object] = field(default_factory=dict, compare=False)

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


def load_section_types(path: Path) -> dict[str, SectionType]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        types: dict[str, SectionType] = {}
        for entry in data["types"]:
            timing = dict(entry["timing"])
            rule = timing.pop("rule")
            if rule not in RULES:
                raise ValueError(f"type {entry['id']!r} has an unknown timing rule {rule!r}")
            missing = [n for n in RULES[rule] if n not in timing]
            if missing:
                raise ValueError(f"type {entry['id']!r} lacks {', '.join(missing)}")
            types[entry["id"]] = SectionType(
                id=entry["id"],
                name=entry["name"],
                rule=rule,
                defaults=timing,
                can_run_parallel=bool(entry.get("can_run_parallel", False)),
                hint=entry.get("hint", ""),
                family=entry.get("family", ""),
                warn_over_minutes=entry.get("warn_over_minutes"),
            )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError(f"{path} is not a readable section-type library ({exc}).") from exc
    return types
