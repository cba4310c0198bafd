"""A forum's or a meeting's ways of working: the one parser and the one writer.

They are stored as JSON (``[{"name": ..., "description": ...}]``), carried in
agenda files as a list, and edited as text, one per line ("Name: description").
Every reader goes through ``parse_ways_of_working``, so a damaged or odd value
means the same thing in the builder, the reports, the archive and the files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

Way = dict[str, str]

_SHAPE = "ways_of_working must be a list of {name, description}"


def parse_ways_of_working(value: object, *, strict: bool = False) -> tuple[Way, ...]:
    """Ways of working from stored JSON text, a list of mappings, or nothing.

    Each comes back as ``{"name", "description"}`` (text, trimmed of nothing).
    Leniently (the default) what is not a named way is left out, so an old or
    damaged value never stops a screen or a report; with ``strict`` (a file being
    imported) it raises ``TypeError`` saying what the shape should be.
    """
    if value is None or value == "":
        return ()
    if isinstance(value, str | bytes):
        try:
            value = json.loads(value)
        except ValueError:
            if strict:
                raise TypeError(_SHAPE) from None
            return ()
    if not isinstance(value, list | tuple):
        if strict:
            raise TypeError(_SHAPE)
        return ()
    out: list[Way] = []
    for way in value:
        if not isinstance(way, Mapping) or not isinstance(way.get("name"), str):
            if strict:
                raise TypeError(_SHAPE)
            continue
        description = way.get("description")
        out.append({"name": way["name"], "description": "" if description is None else str(description)})
    return tuple(out)


def ways_of_working_json(ways: Iterable[Mapping[str, str]]) -> str:
    """The stored form: JSON text of the parsed list."""
    return json.dumps(list(parse_ways_of_working(list(ways))))


def ways_to_text(ways: Iterable[Mapping[str, str]]) -> str:
    """The editing form: one way a line, "Name: description" (just "Name" with none)."""
    return "\n".join(f"{w['name']}: {w.get('description', '')}".rstrip(": ") for w in ways)


def text_to_ways(text: str) -> tuple[Way, ...]:
    """Back from the editing form; blank lines are dropped."""
    out: list[Way] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, description = line.partition(":")
        out.append({"name": name.strip(), "description": description.strip()})
    return tuple(out)
