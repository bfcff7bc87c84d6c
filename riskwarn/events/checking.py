"""Checking one raw record into an event: find its type, validate it, refuse an id
already accepted, and quarantine whatever fails (or raise, with no quarantine)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from riskwarn.errors import EventError, Location, Problem, did_you_mean
from riskwarn.events.envelope import CSV_CONTEXT, Event
from riskwarn.events.messages import event_problems
from riskwarn.events.quarantine import Quarantine, Rejected
from riskwarn.events.registry import EventTypes
from riskwarn.events.seen import SeenIds
from riskwarn.validation import show

__all__ = ["UTF8_HINT", "Checker", "json_problem", "parse_json"]

UTF8_HINT = "(save the file as UTF-8; in Excel: 'CSV UTF-8')"


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {show(key)}")
            seen.add(key)
    return data


# One decoder for every line: exact decimals, no NaN or Infinity, no repeated key (the
# last of two 'amount' keys would otherwise win silently).
_DECODER = json.JSONDecoder(
    parse_float=Decimal, parse_constant=_no_constant, object_pairs_hook=_unique_keys
)


def parse_json(text: str) -> Any:
    """The value of a JSON text: decimals exact, NaN, infinities and repeated keys refused.

    Raises ``ValueError`` (described by `json_problem`) when ``text`` is not such JSON.
    """
    return _DECODER.decode(text)


def json_problem(exc: ValueError) -> str:
    """What is wrong with a JSON text, from the error `parse_json` raised."""
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at column {exc.colno}"
    return str(exc)


class Checker:
    """Validates raw records into events: finds the type, validates, refuses a repeated
    id, and sends what fails to the quarantine (or raises when there is none)."""

    def __init__(self, types: EventTypes, quarantine: Quarantine | None, seen: SeenIds):
        self.types = types
        self.quarantine = quarantine
        self.seen = seen

    def reject(self, source: str, line: int | None, problems: list[Problem], raw: Any) -> None:
        """Quarantine a record, or raise when there is no quarantine.

        Raises:
            EventError: with ``problems``, when there is no quarantine.
        """
        if self.quarantine is None:
            raise EventError(problems)
        self.quarantine.add(Rejected(source, line, tuple(problems), raw))

    def fail(self, source: str, line: int, message: str, raw: Any, path: str | None = None) -> None:
        """Quarantine a record with one problem.

        Raises:
            EventError: with the problem, when there is no quarantine.
        """
        self.reject(source, line, [Problem(Location(source, line, path=path), message)], raw)

    def json_line(self, text: str, source: str, line: int) -> Event | None:
        """The event in one JSON line, or ``None`` after rejecting it.

        Raises:
            EventError: the line is invalid and there is no quarantine.
        """
        try:
            data = parse_json(text)
        except ValueError as exc:
            self.fail(source, line, f"invalid JSON: {json_problem(exc)}", text)
            return None
        if not isinstance(data, dict):
            self.fail(source, line, f"expected a JSON object (one event), got {show(data)}", text)
            return None
        return self.mapping(data, source, line, text)

    def mapping(
        self,
        data: Mapping[str, Any],
        source: str,
        line: int,
        raw: Any,
        *,
        cells: bool = False,
        model: type[Event] | None = None,
    ) -> Event | None:
        """The event a mapping describes, or ``None`` after rejecting it. ``cells``: the
        values are CSV cells (text); ``model``: the type every record of the source has
        (default: the one its ``type`` names).

        Raises:
            EventError: the mapping is invalid and there is no quarantine.
        """
        name = data.get("type") if model is None else model.model_fields["type"].default
        if model is None and isinstance(name, str):
            model = self.types.get(name)
        if model is None or not isinstance(name, str):
            self.fail(source, line, self.type_problem(name), raw, None if name is None else "type")
            return None
        try:
            event = model.model_validate(data, context=CSV_CONTEXT if cells else None)
        except ValidationError as exc:
            self.reject(source, line, event_problems(exc, model, name, source, line), raw)
            return None
        return self.accept(event, source, line, raw)

    def event(self, event: Event, source: str, line: int) -> Event | None:
        """An `Event` given as such, checked against the registered type of its name
        (validated again when it is an instance of another class).

        Raises:
            EventError: the event is invalid and there is no quarantine.
        """
        model = self.types.get(event.type)
        if model is None:
            self.fail(source, line, self.type_problem(event.type), event, "type")
            return None
        if type(event) is not model:
            return self.mapping(event.model_dump(), source, line, event)
        return self.accept(event, source, line, event)

    def accept(self, event: Event, source: str, line: int, raw: Any) -> Event | None:
        """``event``, unless its id was accepted already within the window.

        Raises:
            EventError: the id was, and there is no quarantine.
        """
        first = self.seen.first(event.id)
        if first is not None:
            message = f"duplicate event id {show(event.id)} (first at {first})"
            self.fail(source, line, message, raw, f"{event.type}.id")
            return None
        self.seen.add(event.id, source, line)
        return event

    def type_problem(self, name: object) -> str:
        """Why ``name`` is not the name of a known type."""
        if name is None:
            return "missing required field 'type'"
        if not isinstance(name, str):
            return f"expected an event type name, got {show(name)}"
        return f"unknown event type {show(name)}{did_you_mean(name, self.types)}"
