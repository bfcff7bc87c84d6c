"""Derived fields: facts an event type computes from its own fields.

A rule condition compares single fields and has no list functions, so what a rule
needs to know about a meeting's attendance or an appointment step's place in the
procedure is computed by the event type itself and kept as an ordinary field. A
derived field is filled in when the event is validated; the input may leave it out
(the usual case) or give it, and then it must equal the computed value, so that an
event written with `riskwarn.events.write_events` reads back unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from riskwarn.events.envelope import Event

__all__ = ["DERIVED", "derived", "derived_fields", "fill_derived"]

DERIVED = "derived"
"""The ``json_schema_extra`` key marking a derived field; its value says what the
field is computed from."""


def derived(source: str, default: Any = None, **constraints: Any) -> Any:
    """A `pydantic.Field` for a derived field computed from ``source`` (e.g. ``present``)."""
    return Field(default=default, json_schema_extra={DERIVED: source}, **constraints)


def derived_fields(model: type[Event]) -> tuple[str, ...]:
    """The names of ``model``'s derived fields."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if isinstance(info.json_schema_extra, dict) and DERIVED in info.json_schema_extra
    )


def fill_derived(event: Event, values: Mapping[str, Any]) -> None:
    """Set ``event``'s derived fields to ``values``, from its own after-validator.

    Raises:
        ValueError: the input gave a derived field a value other than the computed one.
    """
    given = event.model_fields_set
    fields = type(event).model_fields
    for name, value in values.items():
        if name in given and getattr(event, name) != value:
            extra = fields[name].json_schema_extra
            source = extra.get(DERIVED) if isinstance(extra, dict) else None
            raise ValueError(
                f"{name} is computed from {source}: expected {_show(value)}, "
                f"got {_show(getattr(event, name))} (leave it out to have it computed)"
            )
    # The model is frozen; its derived fields are set once, while it is validated.
    event.__dict__.update(values)


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
